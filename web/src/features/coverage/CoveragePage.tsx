import { ArrowUpOutlined, InfoCircleOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Row, Skeleton, Space, Table, Tag, Tooltip, Typography, type TableProps } from 'antd';
import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { EChart } from '../../lib/EChart.tsx';
import { errorText } from '../../lib/forms.ts';
import { pct } from '../../lib/format.ts';
import { useLabels } from '../../lib/labels.ts';
import type { CoverageCounts, CoverageRates, NodeCoverage } from '../../lib/types.ts';
import { useIsMobile } from '../../lib/useIsMobile.ts';
import { useTerritoryTree } from '../territory/api.ts';
import { useCoverageSummary, useCoverageTrend } from './api.ts';
import { stackedBarOption, trendOption } from './charts.ts';
import { BAND_COLORS, COVERAGE_COLORS, RateText, rateBand } from './common.tsx';
import { ScopePicker, useScopeParam } from './ScopePicker.tsx';
import { Worklist } from './Worklist.tsx';

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

interface ChildRow extends NodeCoverage {
  direct?: boolean;
}

/** The coverage dashboard of one territory node: KPIs, charts by sub-area, trend, sub-areas and the worklist. */
export function CoveragePage() {
  const { t } = useTranslation();
  const { l } = useLabels();
  const isMobile = useIsMobile();
  const { territoryId, setTerritoryId } = useScopeParam();
  const summary = useCoverageSummary(territoryId);
  const trend = useCoverageTrend(territoryId);
  const { index } = useTerritoryTree(false);
  const data = summary.data;
  const node = data?.node;
  const parentId = node ? index.byId.get(node.territoryId)?.parentId : undefined;
  const canGoUp = parentId !== undefined && parentId !== null && index.byId.has(parentId);

  const barOption = useMemo(() => (data ? stackedBarOption(data.children, l, isMobile) : null), [data, l, isMobile]);
  const lineOption = useMemo(() => (trend.data ? trendOption(trend.data, t as never, isMobile) : null), [trend.data, t, isMobile]);

  const rows: ChildRow[] = useMemo(() => {
    if (!data) return [];
    const out: ChildRow[] = [...data.children];
    if (data.direct.operating > 0) {
      const c = data.direct;
      const ratio = (n: number) => (c.operating ? Math.round((n / c.operating) * 10_000) / 10_000 : null);
      out.push({
        ...data.node,
        territoryId: -1,
        name: t('coverage.direct'),
        counts: c,
        rates: { organizational: ratio(c.own + c.joint), own: ratio(c.own), work: ratio(c.work), total: ratio(c.own + c.joint + c.work) },
        direct: true,
      });
    }
    return out;
  }, [data, t]);

  const num = (k: keyof CoverageCounts) => ({
    key: k,
    title: t(`coverage.kpi.${k}`),
    align: 'right' as const,
    render: (_: unknown, r: ChildRow) => r.counts[k],
    sorter: (a: ChildRow, b: ChildRow) => a.counts[k] - b.counts[k],
  });
  const columns: TableProps<ChildRow>['columns'] = [
    {
      key: 'name',
      title: t('coverage.area'),
      fixed: 'left',
      render: (_: unknown, r) =>
        r.direct ? (
          <Typography.Text type="secondary">{r.name}</Typography.Text>
        ) : (
          <Typography.Link data-testid={`child-${r.territoryId}`}>
            {r.name}
          </Typography.Link>
        ),
    },
    { key: 'kind', title: t('coverage.kind'), render: (_: unknown, r) => (r.direct ? '' : l('territoryKind', r.kind)) },
    num('operating'),
    num('own'),
    num('joint'),
    num('work'),
    num('none'),
    {
      key: 'organizational',
      title: t('coverage.kpi.organizationalRate'),
      align: 'right',
      sorter: (a, b) => (a.rates.organizational ?? -1) - (b.rates.organizational ?? -1),
      render: (_: unknown, r) => <RateText rate={r.rates.organizational} testId={r.direct ? undefined : `child-rate-${r.territoryId}`} />,
    },
    { key: 'work', title: t('coverage.kpi.workRate'), align: 'right', render: (_: unknown, r) => pct(r.rates.work) },
    { key: 'total', title: t('coverage.kpi.totalRate'), align: 'right', render: (_: unknown, r) => pct(r.rates.total) },
  ];

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
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('coverage.byChildChart')} style={{ height: '100%' }}>
            {barOption && data && data.children.length > 0 ? (
              <EChart
                option={barOption}
                height={isMobile ? 280 : 320}
                testId="coverage-bar"
                ariaLabel={t('coverage.byChild')}
                onClick={(e) => {
                  const child = data.children[e.dataIndex];
                  if (child) setTerritoryId(child.territoryId);
                }}
              />
            ) : (
              <Typography.Text type="secondary">{data ? t('coverage.noChildren') : ''}</Typography.Text>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('coverage.trend')} style={{ height: '100%' }}>
            {lineOption ? <EChart option={lineOption} height={isMobile ? 260 : 320} testId="coverage-trend" ariaLabel={t('coverage.trend')} /> : <Skeleton active />}
          </Card>
        </Col>
      </Row>
      <Card
        size="small"
        title={t('coverage.byChild')}
        extra={<Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('coverage.byChildHint')}</Typography.Text>}
        style={{ marginBottom: 16 }}
      >
        <Table<ChildRow>
          rowKey="territoryId"
          size="small"
          columns={columns}
          dataSource={rows}
          loading={summary.isFetching}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('coverage.noChildren') }}
          onRow={(r) => (r.direct ? {} : { onClick: () => setTerritoryId(r.territoryId), style: { cursor: 'pointer' } })}
          data-testid="coverage-children"
        />
      </Card>
      <Card size="small">
        <Worklist territoryId={territoryId} embedded />
      </Card>
    </>
  );
}
