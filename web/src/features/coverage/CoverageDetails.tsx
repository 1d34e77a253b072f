/**
 * The coverage dashboard below its KPI cards: charts by sub-area, the trend,
 * the sub-areas table and the worklist. A chunk of its own (with ECharts),
 * mounted once the KPIs are on screen: none of it holds them back.
 */
import { Card, Col, Row, Skeleton, Table, Typography, type TableProps } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { EChart } from '../../lib/EChart.tsx';
import { pct } from '../../lib/format.ts';
import { useLabels } from '../../lib/labels.ts';
import type { CoverageCounts, CoverageSummary, NodeCoverage } from '../../lib/types.ts';
import { useIsMobile } from '../../lib/useIsMobile.ts';
import { useCoverageTrend } from './api.ts';
import { stackedBarOption, trendOption } from './charts.ts';
import { RateText } from './common.tsx';
import { Worklist } from './Worklist.tsx';

interface ChildRow extends NodeCoverage {
  direct?: boolean;
}

export interface CoverageDetailsProps {
  data: CoverageSummary;
  territoryId: number | undefined;
  setTerritoryId(id: number | undefined): void;
  /** The summary is being fetched again (another node was picked). */
  fetching: boolean;
}

export function CoverageDetails({ data, territoryId, setTerritoryId, fetching }: CoverageDetailsProps) {
  const { t } = useTranslation();
  const { l } = useLabels();
  const isMobile = useIsMobile();
  const trend = useCoverageTrend(territoryId);
  const barOption = useMemo(() => stackedBarOption(data.children, l, isMobile), [data, l, isMobile]);
  const lineOption = useMemo(() => (trend.data ? trendOption(trend.data, t as never, isMobile) : null), [trend.data, t, isMobile]);

  const rows: ChildRow[] = useMemo(() => {
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
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('coverage.byChildChart')} style={{ height: '100%' }}>
            {data.children.length > 0 ? (
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
              <Typography.Text type="secondary">{t('coverage.noChildren')}</Typography.Text>
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
          loading={fetching}
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
