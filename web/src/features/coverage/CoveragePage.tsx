import { ArrowUpOutlined, InfoCircleOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Row, Skeleton, Space, Tag, Tooltip, Typography } from 'antd';
import { lazy, Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../lib/forms.ts';
import { pct } from '../../lib/format.ts';
import { useLabels } from '../../lib/labels.ts';
import type { CoverageCounts, CoverageRates } from '../../lib/types.ts';
import { useAfterPaint } from '../../lib/useAfterPaint.ts';
import { useIsMobile } from '../../lib/useIsMobile.ts';
import { useTerritoryTree } from '../territory/api.ts';
import { useCoverageSummary } from './api.ts';
import { BAND_COLORS, COVERAGE_COLORS, rateBand } from './common.tsx';
import { ScopePicker, useScopeParam } from './ScopePicker.tsx';

// ECharts, the tables and the worklist are most of this page's code: they load once the KPIs show.
const CoverageDetails = lazy(() => import('./CoverageDetails.tsx').then((m) => ({ default: m.CoverageDetails })));

type KpiKey = 'operating' | 'own' | 'joint' | 'work' | 'none' | 'organizationalRate' | 'workRate' | 'totalRate';

function Kpi({ k, title, value, color, sub, twoLines }: { k: KpiKey; title: string; value: ReactNode; color?: string; sub?: ReactNode; twoLines: boolean }) {
  return (
    <Card size="small" style={{ height: '100%' }} styles={{ body: { padding: '12px 16px' } }} data-testid={`kpi-${k}`}>
      {/* Titles may wrap (English ones are long); two lines' room keeps the numbers in one row. */}
      <div style={{ color: 'rgba(0,0,0,.55)', fontSize: 13, lineHeight: 1.35, minHeight: twoLines ? '2.7em' : undefined }} data-testid={`kpi-${k}-title`}>
        {title}
      </div>
      <div style={{ fontSize: 24, fontWeight: 600, lineHeight: 1.4, color, fontVariantNumeric: 'tabular-nums' }} data-testid={`kpi-${k}-value`}>
        {value}
      </div>
      <div style={{ fontSize: 12, color: 'rgba(0,0,0,.45)', minHeight: 18 }}>{sub}</div>
    </Card>
  );
}

export function KpiCards({ counts, rates }: { counts: CoverageCounts; rates: CoverageRates }) {
  const { t } = useTranslation();
  const { lang } = useLabels();
  const share = (n: number) => (counts.operating ? pct(n / counts.operating) : '');
  const cards: { k: KpiKey; value: ReactNode; color?: string; sub?: ReactNode }[] = [
    { k: 'operating', value: counts.operating },
    { k: 'own', value: counts.own, color: COVERAGE_COLORS.own, sub: share(counts.own) },
    { k: 'joint', value: counts.joint, color: COVERAGE_COLORS.joint, sub: share(counts.joint) },
    { k: 'work', value: counts.work, color: COVERAGE_COLORS.work, sub: share(counts.work) },
    { k: 'none', value: counts.none, color: COVERAGE_COLORS.none, sub: share(counts.none) },
    {
      k: 'organizationalRate',
      value: pct(rates.organizational),
      color: BAND_COLORS[rateBand(rates.organizational)],
      sub: t(`coverage.band.${rateBand(rates.organizational)}`),
    },
    { k: 'workRate', value: pct(rates.work) },
    { k: 'totalRate', value: pct(rates.total) },
  ];
  return (
    <Row gutter={[12, 12]} style={{ marginBottom: 16 }} data-testid="kpis">
      {cards.map((c) => (
        <Col key={c.k} xs={12} sm={8} md={6} xl={3}>
          <Kpi k={c.k} title={t(`coverage.kpi.${c.k}`)} value={c.value} color={c.color} sub={c.sub} twoLines={lang === 'en'} />
        </Col>
      ))}
    </Row>
  );
}

/** The coverage dashboard of one territory node: KPIs, charts by sub-area, trend, sub-areas and the worklist. */
export function CoveragePage() {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const { territoryId, setTerritoryId } = useScopeParam();
  const summary = useCoverageSummary(territoryId);
  const { index } = useTerritoryTree(false);
  const data = summary.data;
  const node = data?.node;
  const parentId = node ? index.byId.get(node.territoryId)?.parentId : undefined;
  const canGoUp = parentId !== undefined && parentId !== null && index.byId.has(parentId);
  const showDetails = useAfterPaint(data !== undefined);

  return (
    <>
      <div style={{ display: 'flex', alignItems: 'center', gap: 8, flexWrap: 'wrap', marginBottom: 16 }}>
        <Typography.Title level={4} style={{ margin: 0, whiteSpace: 'nowrap' }} data-testid="coverage-title">
          {t('coverage.title')}
        </Typography.Title>
        {node && (
          <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap' }} data-testid="coverage-node">
            {node.name}
          </Typography.Text>
        )}
        <div style={{ flex: 1 }} />
        <Space wrap>
          {canGoUp && (
            <Button icon={<ArrowUpOutlined />} onClick={() => setTerritoryId(index.roots.some((r) => r.id === parentId) ? undefined : (parentId ?? undefined))} data-testid="coverage-up">
              {isMobile ? null : t('coverage.up')}
            </Button>
          )}
          <ScopePicker value={territoryId} onChange={setTerritoryId} width={isMobile ? 200 : 240} />
        </Space>
      </div>
      <Space size={8} wrap style={{ marginBottom: 12 }}>
        <Tag icon={<InfoCircleOutlined />} color="default" data-testid="member-source">
          {data?.memberCountSource === 'registry' ? t('coverage.memberSourceRegistry') : t('coverage.memberSource')}
        </Tag>
        <Tooltip title={t('coverage.rateHint')}>
          <Typography.Text type="secondary" style={{ fontSize: 12, cursor: 'help' }}>
            <InfoCircleOutlined /> {t('coverage.kpi.organizationalRate')} / {t('coverage.kpi.workRate')}
          </Typography.Text>
        </Tooltip>
      </Space>
      {summary.isError && <Alert type="error" showIcon title={errorText(summary.error)} style={{ marginBottom: 16 }} />}
      {data ? <KpiCards counts={data.node.counts} rates={data.node.rates} /> : <Skeleton active style={{ marginBottom: 16 }} />}
      {data && showDetails ? (
        <Suspense fallback={<Skeleton active />}>
          <CoverageDetails data={data} territoryId={territoryId} setTerritoryId={setTerritoryId} fetching={summary.isFetching} />
        </Suspense>
      ) : (
        !summary.isError && <Skeleton active />
      )}
    </>
  );
}
