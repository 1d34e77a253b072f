/**
 * The coverage dashboard below its KPI cards: charts by sub-area, the trend,
 * the sub-areas table and the worklist. A chunk of its own (with ECharts),
 * mounted once the KPIs are on screen: none of it holds them back.
 */
import { Card, Col, Input, Row, Skeleton, Table, Typography, type TableProps } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EChart } from '../../lib/EChart.tsx';
import { pct } from '../../lib/format.ts';
import { useLabels } from '../../lib/labels.ts';
import type { CoverageCounts, CoverageSummary, NodeCoverage } from '../../lib/types.ts';
import { useIsMobile } from '../../lib/useIsMobile.ts';
import { sortFromTable, sortOrderOf } from '../../lib/tableSort.ts';
import { useCoverageChildren, useCoverageTrend } from './api.ts';
import { stackedBarOption, trendOption } from './charts.ts';
import { RateText } from './common.tsx';
import { Worklist } from './Worklist.tsx';

const CHILD_SORTS = ['name', 'operating', 'own', 'joint', 'work', 'none', 'organizational'] as const;

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

  // The sub-areas table pages on the server: a street can have hundreds of areas.
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(10);
  const [sort, setSort] = useState<string | undefined>();
  const [q, setQ] = useState<string | undefined>();
  const [lastTerritory, setLastTerritory] = useState(territoryId);
  if (lastTerritory !== territoryId) {
    setLastTerritory(territoryId);
    setPage(1);
    setQ(undefined);
  }
  const children = useCoverageChildren({ territoryId, q, sort, page, pageSize });

  const direct = data.direct;
  const ratio = (n: number) => (direct.operating ? Math.round((n / direct.operating) * 10_000) / 10_000 : null);
  const directRates = { organizational: ratio(direct.own + direct.joint), work: ratio(direct.work), total: ratio(direct.own + direct.joint + direct.work) };

  const num = (k: keyof CoverageCounts) => ({
    key: k,
    title: t(`coverage.kpi.${k}`),
    align: 'right' as const,
    render: (_: unknown, r: NodeCoverage) => r.counts[k],
    sorter: true,
    sortOrder: sortOrderOf(sort, k),
  });
  const columns: TableProps<NodeCoverage>['columns'] = [
    {
      key: 'name',
      title: t('coverage.area'),
      fixed: 'left',
      sorter: true,
      sortOrder: sortOrderOf(sort, 'name'),
      render: (_: unknown, r) => <Typography.Link data-testid={`child-${r.territoryId}`}>{r.name}</Typography.Link>,
    },
    { key: 'kind', title: t('coverage.kind'), render: (_: unknown, r) => l('territoryKind', r.kind) },
    num('operating'),
    num('own'),
    num('joint'),
    num('work'),
    num('none'),
    {
      key: 'organizational',
      title: t('coverage.kpi.organizationalRate'),
      align: 'right',
      sorter: true,
      sortOrder: sortOrderOf(sort, 'organizational'),
      render: (_: unknown, r) => <RateText rate={r.rates.organizational} testId={`child-rate-${r.territoryId}`} />,
    },
    { key: 'work', title: t('coverage.kpi.workRate'), align: 'right', render: (_: unknown, r) => pct(r.rates.work) },
    { key: 'total', title: t('coverage.kpi.totalRate'), align: 'right', render: (_: unknown, r) => pct(r.rates.total) },
  ];
  const onTableChange: TableProps<NodeCoverage>['onChange'] = (pagination, _filters, sorter) => {
    setSort(sortFromTable(sorter, CHILD_SORTS));
    setPage(pagination.current ?? 1);
    setPageSize(pagination.pageSize ?? 10);
  };
  // Units in the node itself (or under closed sub-areas), as the table's last line on every page.
  const directRow = () =>
    direct.operating > 0 ? (
      <Table.Summary.Row data-testid="coverage-direct">
        <Table.Summary.Cell index={0}>
          <Typography.Text type="secondary">{t('coverage.direct')}</Typography.Text>
        </Table.Summary.Cell>
        <Table.Summary.Cell index={1} />
        {(['operating', 'own', 'joint', 'work', 'none'] as const).map((k, i) => (
          <Table.Summary.Cell key={k} index={i + 2} align="right">
            {direct[k]}
          </Table.Summary.Cell>
        ))}
        <Table.Summary.Cell index={7} align="right">
          <RateText rate={directRates.organizational} />
        </Table.Summary.Cell>
        <Table.Summary.Cell index={8} align="right">
          {pct(directRates.work)}
        </Table.Summary.Cell>
        <Table.Summary.Cell index={9} align="right">
          {pct(directRates.total)}
        </Table.Summary.Cell>
      </Table.Summary.Row>
    ) : null;

  return (
    <>
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={24} lg={14}>
          <Card
            size="small"
            title={t('coverage.byChildChart')}
            extra={
              data.childCount > data.children.length ? (
                <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="coverage-bar-largest">
                  {t('coverage.largestChildren', { count: data.children.length, total: data.childCount })}
                </Typography.Text>
              ) : null
            }
            style={{ height: '100%' }}
          >
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
        {data.childCount > pageSize && (
          <Input.Search
            allowClear
            placeholder={t('coverage.childSearch')}
            onSearch={(v) => {
              setQ(v.trim() || undefined);
              setPage(1);
            }}
            style={{ maxWidth: 320, marginBottom: 12 }}
            data-testid="coverage-children-search"
          />
        )}
        <Table<NodeCoverage>
          rowKey="territoryId"
          size="small"
          columns={columns}
          dataSource={children.data?.items ?? []}
          loading={fetching || children.isFetching}
          pagination={{ current: page, pageSize, total: children.data?.total ?? 0, showSizeChanger: true, hideOnSinglePage: true, size: 'small' }}
          onChange={onTableChange}
          summary={directRow}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('coverage.noChildren') }}
          onRow={(r) => ({ onClick: () => setTerritoryId(r.territoryId), style: { cursor: 'pointer' } })}
          data-testid="coverage-children"
        />
      </Card>
      <Card size="small">
        <Worklist territoryId={territoryId} embedded />
      </Card>
    </>
  );
}
