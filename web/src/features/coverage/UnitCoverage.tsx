import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Descriptions, Divider, Popconfirm, Skeleton, Space, Tag, Timeline, Typography, type DescriptionsProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { errorText } from '../../lib/forms.ts';
import { useLabels } from '../../lib/labels.ts';
import type { Unit } from '../../lib/types.ts';
import { useIsMobile } from '../../lib/useIsMobile.ts';
import { useSession } from '../auth/session.tsx';
import { useTerritoryTree } from '../territory/api.ts';
import { streetOf } from '../territory/tree.ts';
import { useLiaisonMutations, useUnitCoverage } from './api.ts';
import { AssignLiaisonModal } from './AssignLiaisonModal.tsx';
import { CoverageTag } from './common.tsx';

/** How a unit is covered: its organization (with a link), its instructors and liaisons, and the history. */
export function UnitCoverageSection({ unit }: { unit: Unit }) {
  const { t } = useTranslation();
  const { l } = useLabels();
  const { can } = useSession();
  const { message } = App.useApp();
  const isMobile = useIsMobile();
  const coverage = useUnitCoverage(unit.id);
  const { end } = useLiaisonMutations();
  const { index } = useTerritoryTree(false);
  const [assigning, setAssigning] = useState(false);
  const canWrite = can('coverage.write');
  const c = coverage.data;

  const current = c?.liaisons.filter((x) => x.untilOn === null) ?? [];
  const items: DescriptionsProps['items'] = c
    ? [
        { key: 'coverage', label: t('worklist.coverage'), children: <CoverageTag value={c.coverage} /> },
        {
          key: 'org',
          label: t('units.coveringOrg'),
          children: c.org ? (
            <Space size={6} wrap>
              <Link to={`/orgs/${c.org.id}`} data-testid="unit-covering-org">
                {c.org.name}
              </Link>
              <Tag>{l('orgKind', c.org.kind)}</Tag>
              <Typography.Text type="secondary">{t('units.coveredSince', { on: c.org.sinceOn })}</Typography.Text>
            </Space>
          ) : (
            <Typography.Text type="secondary">{t('units.noOrg')}</Typography.Text>
          ),
        },
        {
          key: 'liaisons',
          label: t('units.liaisons'),
          children: current.length ? (
            <Space orientation="vertical" size={4}>
              {current.map((x) => (
                <Space key={x.id} size={6} wrap>
                  <span>{x.personName}</span>
                  <Tag color="gold">{l('liaisonKind', x.kind)}</Tag>
                  <Typography.Text type="secondary">{t('units.coveredSince', { on: x.sinceOn })}</Typography.Text>
                  {canWrite && (
                    <Popconfirm
                      title={t('liaison.endConfirm', { name: x.personName })}
                      okText={t('liaison.end')}
                      cancelText={t('common.cancel')}
                      onConfirm={async () => {
                        try {
                          await end.mutateAsync({ id: x.id });
                          message.success(t('liaison.ended'));
                        } catch (err) {
                          message.error(errorText(err));
                        }
                      }}
                    >
                      <Typography.Link type="danger">{t('liaison.end')}</Typography.Link>
                    </Popconfirm>
                  )}
                </Space>
              ))}
            </Space>
          ) : (
            <Typography.Text type="secondary">{t('units.noLiaisons')}</Typography.Text>
          ),
        },
      ]
    : [];

  return (
    <div data-testid="unit-coverage">
      <Divider titlePlacement="start" plain>
        {t('units.coverageTitle')}
      </Divider>
      {coverage.isError && <Alert type="error" showIcon title={errorText(coverage.error)} />}
      {coverage.isPending ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : (
        c && (
          <>
            <Descriptions items={items} column={1} size="small" bordered={!isMobile} />
            {canWrite && unit.status === 'operating' && (
              <Button size="small" icon={<PlusOutlined />} style={{ marginTop: 12 }} onClick={() => setAssigning(true)} data-testid="unit-assign-liaison">
                {t('worklist.assignLiaison')}
              </Button>
            )}
            {c.history.length > 0 && (
              <>
                <Typography.Text strong style={{ display: 'block', margin: '16px 0 8px' }}>
                  {t('units.coverageHistory')}
                </Typography.Text>
                <Timeline
                  items={c.history.map((h) => ({
                    color: h.untilOn ? 'gray' : 'green',
                    content: (
                      <Space size={6} wrap>
                        <Link to={`/orgs/${h.orgId}`}>{h.orgName}</Link>
                        <Typography.Text type="secondary">
                          {h.sinceOn} ~ {h.untilOn ?? ''}
                        </Typography.Text>
                      </Space>
                    ),
                  }))}
                />
              </>
            )}
          </>
        )
      )}
      {assigning && (
        <AssignLiaisonModal unit={{ id: unit.id, name: unit.name }} peopleTerritoryId={streetOf(index, unit.territoryId)?.id ?? unit.territoryId} onClose={() => setAssigning(false)} />
      )}
    </div>
  );
}
