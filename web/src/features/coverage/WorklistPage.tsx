import { Card, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useIsMobile } from '../../lib/useIsMobile.ts';
import { ScopePicker, useScopeParam } from './ScopePicker.tsx';
import { Worklist } from './Worklist.tsx';

/** The coverage worklist on its own page, for a chosen node (the scope root by default). */
export function WorklistPage() {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const { territoryId, setTerritoryId } = useScopeParam();
  return (
    <>
      <div style={{ display: 'flex', alignItems: 'center', gap: 8, flexWrap: 'wrap', marginBottom: 8 }}>
        <Typography.Title level={4} style={{ margin: 0, flex: 1, whiteSpace: 'nowrap' }}>
          {t('worklist.title')}
        </Typography.Title>
        <ScopePicker value={territoryId} onChange={setTerritoryId} width={isMobile ? '100%' : 240} />
      </div>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 16 }}>
        {t('worklist.subtitle')} · {t('coverage.memberSource')}
      </Typography.Paragraph>
      <Card size="small">
        <Worklist territoryId={territoryId} />
      </Card>
    </>
  );
}
