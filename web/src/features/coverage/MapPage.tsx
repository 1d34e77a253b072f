import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Badge, Card, Col, Drawer, Empty, List, Row, Segmented, Select, Space, Statistic, Table, Typography, type TableProps } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../../lib/api.ts';
import { EChart } from '../../lib/EChart.tsx';
import { errorText } from '../../lib/forms.ts';
import { pct } from '../../lib/format.ts';
import { useLabels } from '../../lib/labels.ts';
import type { CoverageState, NodeCoverage, Page, Unit } from '../../lib/types.ts';
import { useIsMobile } from '../../lib/useIsMobile.ts';
import { useCoverageMap, useCoverageSummary } from './api.ts';
import { mapOption } from './charts.ts';
import { BAND_COLORS, CoverageTag, RateText, rateBand, type RateBand } from './common.tsx';
import { ScopePicker, useScopeParam } from './ScopePicker.tsx';

/** The width of an element, following its resizes. */
function useWidth<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver(([e]) => setWidth(Math.round(e?.contentRect.width ?? 0)));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return { ref, width };
}

const COVERAGE_FILTERS: (CoverageState | 'all')[] = ['all', 'own', 'joint', 'work', 'none'];

/** One area's units with their coverage, filterable by coverage state. */
function AreaPanel({ area, onClose }: { area: NodeCoverage; onClose(): void }) {
  const { t } = useTranslation();
  const { l } = useLabels();
  const isMobile = useIsMobile();
  const [coverage, setCoverage] = useState<CoverageState | 'all'>('all');
  const units = useQuery({
    queryKey: ['units', 'list', 'area', area.territoryId, coverage],
    queryFn: ({ signal }) =>
      api.get<Page<Unit>>('/units', { territoryId: area.territoryId, status: 'operating', pageSize: 50, coverage: coverage === 'all' ? undefined : coverage, sort: 'name' }, signal),
    placeholderData: keepPreviousData,
  });
  const filterOptions = COVERAGE_FILTERS.map((c) => ({
    value: c,
    label: c === 'all' ? t('map.allCoverage') : `${l('coverage', c)} ${area.counts[c]}`,
  }));
  const columns: TableProps<Unit>['columns'] = [
    { key: 'name', dataIndex: 'name', title: t('worklist.unit'), render: (v: string) => <span style={{ whiteSpace: 'normal' }}>{v}</span> },
    { key: 'coverage', dataIndex: 'coverage', title: t('worklist.coverage'), render: (v: CoverageState) => <CoverageTag value={v} /> },
    { key: 'members', dataIndex: 'surveyedMemberCount', title: t('worklist.members'), align: 'right' },
    { key: 'employees', dataIndex: 'employeeCount', title: t('worklist.employees'), align: 'right' },
  ];
  return (
    <Drawer
      open
      title={t('map.panelTitle', { name: area.name })}
      onClose={onClose}
      size={isMobile ? '100%' : 560}
      data-testid="map-panel"
      extra={<Link to={`/units?territoryId=${area.territoryId}`}>{t('map.openUnits')}</Link>}
    >
      <Row gutter={12} style={{ marginBottom: 16 }}>
        <Col span={8}>
          <Statistic title={t('coverage.kpi.operating')} value={area.counts.operating} />
        </Col>
        <Col span={8}>
          <Statistic
            title={t('coverage.kpi.organizationalRate')}
            valueRender={() => (
              <span data-testid="map-panel-rate" style={{ fontSize: 24 }}>
                <RateText rate={area.rates.organizational} />
              </span>
            )}
          />
        </Col>
        <Col span={8}>
          <Statistic title={t('coverage.kpi.workRate')} value={pct(area.rates.work)} />
        </Col>
      </Row>
      {isMobile ? (
        <Select<CoverageState | 'all'>
          style={{ width: '100%', marginBottom: 12 }}
          value={coverage}
          onChange={setCoverage}
          options={filterOptions}
          data-testid="map-panel-filter"
        />
      ) : (
        <Segmented<CoverageState | 'all'> style={{ marginBottom: 12 }} value={coverage} onChange={setCoverage} options={filterOptions} data-testid="map-panel-filter" />
      )}
      {units.isError && <Alert type="error" showIcon title={errorText(units.error)} />}
      <Table<Unit>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={units.data?.items ?? []}
        loading={units.isFetching}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="map-panel-units"
      />
    </Drawer>
  );
}

function Legend() {
  const { t } = useTranslation();
  const bands: RateBand[] = ['low', 'mid', 'high'];
  return (
    <Space size={16} wrap style={{ fontSize: 12 }} data-testid="map-legend">
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('coverage.kpi.organizationalRate')}:
      </Typography.Text>
      {bands.map((b) => (
        <Badge key={b} color={BAND_COLORS[b]} text={<span style={{ fontSize: 12 }}>{t(`coverage.band.${b}`)}</span>} />
      ))}
    </Space>
  );
}

/**
 * Buildings, markets, parks and communities as points placed by their own
 * coordinates on plain axes (no tiles, no map key: works offline), sized by
 * operating units and coloured by organizational coverage. A point or a row
 * of the list opens the area's units.
 */
export function MapPage() {
  const { t } = useTranslation();
  const { l } = useLabels();
  const isMobile = useIsMobile();
  const { territoryId, setTerritoryId } = useScopeParam();
  const map = useCoverageMap(territoryId);
  // Units registered on the node itself (not in any area) have no point of their own.
  const summary = useCoverageSummary(territoryId);
  const direct = summary.data?.direct.operating ?? 0;
  const [openId, setOpenId] = useState<number | null>(null);
  const { ref, width } = useWidth<HTMLDivElement>();
  const height = isMobile ? 360 : 520;
  const option = useMemo(() => (map.data && width ? mapOption(map.data, t as never, { width, height }) : null), [map.data, t, width, height]);
  const points = useMemo(
    () => [...(map.data?.points ?? [])].sort((a, b) => (a.rates.organizational ?? 2) - (b.rates.organizational ?? 2) || a.name.localeCompare(b.name)),
    [map.data],
  );
  const open = map.data?.points.find((p) => p.territoryId === openId) ?? null;

  return (
    <>
      <div style={{ display: 'flex', alignItems: 'center', gap: 8, flexWrap: 'wrap', marginBottom: 8 }}>
        <Typography.Title level={4} style={{ margin: 0, flex: 1, whiteSpace: 'nowrap' }}>
          {t('map.title')}
        </Typography.Title>
        <ScopePicker value={territoryId} onChange={setTerritoryId} width={isMobile ? '100%' : 240} />
      </div>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
        {t('map.hint')}
      </Typography.Paragraph>
      {map.isError && <Alert type="error" showIcon title={errorText(map.error)} style={{ marginBottom: 16 }} />}
      {direct > 0 && summary.data && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('map.directNote', { count: direct, name: summary.data.node.name })}
          data-testid="map-direct-note"
        />
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={16}>
          <Card size="small" extra={isMobile ? null : <Legend />} title={map.data ? t('map.unitsTotal', { count: map.data.points.reduce((s, p) => s + p.counts.operating, 0) }) : ''}>
            <div ref={ref}>
              {map.data && !map.data.points.length ? (
                <Empty description={t('map.noPoints')} style={{ padding: 48 }} />
              ) : option ? (
                <EChart
                  option={option}
                  height={height}
                  testId="coverage-map"
                  ariaLabel={t('map.title')}
                  onClick={(e) => {
                    const id = (e.data as { territoryId?: number } | undefined)?.territoryId;
                    if (id) setOpenId(id);
                  }}
                />
              ) : (
                <div style={{ height }} />
              )}
            </div>
            {isMobile && <Legend />}
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card size="small" title={t('map.areas')} styles={{ body: { padding: 0, maxHeight: isMobile ? undefined : height + 16, overflow: 'auto' } }}>
            <List<NodeCoverage>
              dataSource={points}
              loading={map.isFetching && !map.data}
              renderItem={(p) => (
                <List.Item
                  onClick={() => setOpenId(p.territoryId)}
                  style={{ cursor: 'pointer', paddingInline: 12 }}
                  data-testid={`map-area-${p.territoryId}`}
                  data-rate={p.rates.organizational ?? ''}
                  data-band={rateBand(p.rates.organizational)}
                >
                  <Space size={8} style={{ minWidth: 0 }}>
                    <Badge color={BAND_COLORS[rateBand(p.rates.organizational)]} />
                    <span>{p.name}</span>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {l('territoryKind', p.kind)} · {t('coverage.unitsCount', { count: p.counts.operating })}
                    </Typography.Text>
                  </Space>
                  <RateText rate={p.rates.organizational} testId={`map-area-rate-${p.territoryId}`} />
                </List.Item>
              )}
            />
          </Card>
        </Col>
      </Row>
      {open && <AreaPanel key={open.territoryId} area={open} onClose={() => setOpenId(null)} />}
    </>
  );
}
