import { DownloadOutlined, FilterOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Input, Row, Select, Space, Table, Tag, TreeSelect, Typography, type TableProps } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { INDUSTRIES, OWNERSHIPS, SIZE_BANDS, UNIT_KINDS, UNIT_STATUSES } from '../../../../src/domain/units.ts';
import { COVERAGE_STATES } from '../../../../src/domain/coverage.ts';
import { sortFromTable, sortOrderOf } from '../../lib/tableSort.ts';
import { apiUrl } from '../../lib/api.ts';
import { errorText } from '../../lib/forms.ts';
import { orDash } from '../../lib/format.ts';
import { useLabels, type Vocabulary } from '../../lib/labels.ts';
import type { Unit } from '../../lib/types.ts';
import { useIsMobile } from '../../lib/useIsMobile.ts';
import { useSession } from '../auth/session.tsx';
import { CoverageTag } from '../coverage/common.tsx';
import { useTerritoryTree } from '../territory/api.ts';
import { selectTree } from '../territory/tree.ts';
import { useUnits, type UnitListParams } from './api.ts';
import { CloseUnitModal } from './CloseUnitModal.tsx';
import { UnitDrawer, type DrawerMode } from './UnitDrawer.tsx';

const FILTERS = ['q', 'territoryId', 'kind', 'ownership', 'industry', 'sizeBand', 'status', 'coverage'] as const;
type FilterKey = (typeof FILTERS)[number];
const PAGE_SIZES = [10, 20, 50, 100];
const SORTABLE = ['name', 'employeeCount', 'surveyedMemberCount'] as const;

/** Filters, paging and sorting live in the address, so a reload or a shared link shows the same list. */
function useListParams() {
  const [sp, setSp] = useSearchParams();
  const params: UnitListParams = {
    page: Math.max(1, Number(sp.get('page')) || 1),
    pageSize: PAGE_SIZES.includes(Number(sp.get('pageSize'))) ? Number(sp.get('pageSize')) : 20,
    sort: sp.get('sort') ?? undefined,
    q: sp.get('q') ?? undefined,
    territoryId: Number(sp.get('territoryId')) || undefined,
    kind: sp.get('kind') ?? undefined,
    ownership: sp.get('ownership') ?? undefined,
    industry: sp.get('industry') ?? undefined,
    sizeBand: sp.get('sizeBand') ?? undefined,
    status: sp.get('status') ?? undefined,
    coverage: sp.get('coverage') ?? undefined,
  };
  const set = (patch: Partial<Record<keyof UnitListParams, string | number | undefined | null>>) => {
    const next = new URLSearchParams(sp);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === null || v === '') next.delete(k);
      else next.set(k, String(v));
    }
    // A new filter starts from the first page.
    if (Object.keys(patch).some((k) => (FILTERS as readonly string[]).includes(k))) next.delete('page');
    setSp(next, { replace: true });
  };
  return { params, set };
}

export function UnitsPage() {
  const { t } = useTranslation();
  const { l, options, lang } = useLabels();
  const { can } = useSession();
  const isMobile = useIsMobile();
  const { params, set } = useListParams();
  const units = useUnits(params);
  const { index } = useTerritoryTree(false);
  const territoryTree = useMemo(() => selectTree(index), [index]);
  const [drawer, setDrawer] = useState<{ mode: DrawerMode; unit?: Unit; backToView?: boolean } | null>(null);
  const [closing, setClosing] = useState<Unit | null>(null);
  const [searchText, setSearchText] = useState(params.q ?? '');
  const [showFilters, setShowFilters] = useState(false);
  const canWrite = can('units.write');

  const filterValues = Object.fromEntries(FILTERS.map((k) => [k, params[k]])) as Pick<UnitListParams, FilterKey>;
  const exportHref = apiUrl('/units/export', { ...filterValues, sort: params.sort, lang });
  const activeFilters = FILTERS.filter((k) => k !== 'q' && params[k] !== undefined).length;

  const sortOrder = (field: string) => sortOrderOf(params.sort, field);
  const f = (k: string) => l('unitField', k);

  const columns: TableProps<Unit>['columns'] = [
    {
      key: 'name',
      dataIndex: 'name',
      title: f('name'),
      sorter: true,
      sortOrder: sortOrder('name'),
      width: isMobile ? 150 : undefined,
      fixed: 'left',
      render: (name: string, u) => (
        <Typography.Link onClick={() => setDrawer({ mode: 'view', unit: u })} data-testid={`unit-link-${u.id}`}>
          {name}
        </Typography.Link>
      ),
    },
    {
      key: 'creditCode',
      dataIndex: 'creditCode',
      title: f('creditCode'),
      render: (v: string) => <span style={{ fontFamily: 'monospace' }}>{v}</span>,
    },
    { key: 'kind', dataIndex: 'kind', title: f('kind'), render: (v: string) => l('unitKind', v) },
    { key: 'streetName', dataIndex: 'streetName', title: f('streetName'), render: (v: string | null) => orDash(v) },
    { key: 'territoryName', dataIndex: 'territoryName', title: f('territoryName') },
    {
      key: 'employeeCount',
      dataIndex: 'employeeCount',
      title: f('employeeCount'),
      align: 'right',
      sorter: true,
      sortOrder: sortOrder('employeeCount'),
    },
    {
      key: 'surveyedMemberCount',
      dataIndex: 'surveyedMemberCount',
      title: f('surveyedMemberCount'),
      align: 'right',
      sorter: true,
      sortOrder: sortOrder('surveyedMemberCount'),
    },
    {
      key: 'coverage',
      dataIndex: 'coverage',
      title: t('worklist.coverage'),
      render: (v: Unit['coverage'], u) => (u.status === 'operating' ? <CoverageTag value={v} /> : <Typography.Text type="secondary">—</Typography.Text>),
    },
    {
      key: 'status',
      dataIndex: 'status',
      title: f('status'),
      render: (v: string) => <Tag color={v === 'operating' ? 'green' : 'default'}>{l('unitStatus', v)}</Tag>,
    },
    ...(canWrite
      ? [
          {
            key: 'actions',
            title: t('common.actions'),
            fixed: isMobile ? undefined : ('right' as const),
            render: (_: unknown, u: Unit) => (
              <Space size={4}>
                <Typography.Link onClick={() => setDrawer({ mode: 'edit', unit: u })} data-testid={`unit-edit-${u.id}`}>
                  {t('common.edit')}
                </Typography.Link>
                {u.status === 'operating' && (
                  <Typography.Link type="danger" onClick={() => setClosing(u)} data-testid={`unit-close-${u.id}`}>
                    {t('units.close')}
                  </Typography.Link>
                )}
              </Space>
            ),
          },
        ]
      : []),
  ];

  const onTableChange: TableProps<Unit>['onChange'] = (pagination, _filters, sorter) => {
    const sort = sortFromTable(sorter, SORTABLE);
    set({
      page: pagination.current && pagination.current > 1 ? pagination.current : undefined,
      pageSize: pagination.pageSize && pagination.pageSize !== 20 ? pagination.pageSize : undefined,
      sort,
    });
  };

  const vocabSelect = (key: FilterKey, vocabulary: Vocabulary, values: readonly string[], withCode = false) => (
    <Select
      allowClear
      style={{ width: '100%' }}
      placeholder={f(key === 'sizeBand' ? 'sizeBand' : key)}
      value={params[key] as string | undefined}
      onChange={(v: string | undefined) => set({ [key]: v })}
      showSearch={withCode ? { optionFilterProp: 'label' } : false}
      options={withCode ? values.map((v) => ({ value: v, label: `${v} ${l(vocabulary, v)}` })) : options(vocabulary, values)}
      data-testid={`filter-${key}`}
    />
  );

  const filterCol = { xs: 24, sm: 12, md: 8, xl: 4 };
  const moreFilters = (
    <>
      <Col {...filterCol} xl={6}>
        <TreeSelect
          allowClear
          style={{ width: '100%' }}
          placeholder={f('territoryName')}
          treeData={territoryTree}
          value={params.territoryId}
          onChange={(v: number | undefined) => set({ territoryId: v })}
          showSearch={{ treeNodeFilterProp: 'title' }}
          treeDefaultExpandedKeys={index.roots.map((r) => r.id)}
          styles={{ popup: { root: { maxHeight: 400, overflow: 'auto' } } }}
          data-testid="filter-territoryId"
        />
      </Col>
      <Col {...filterCol}>{vocabSelect('kind', 'unitKind', UNIT_KINDS)}</Col>
      <Col {...filterCol}>{vocabSelect('ownership', 'ownership', OWNERSHIPS)}</Col>
      <Col {...filterCol}>{vocabSelect('industry', 'industry', INDUSTRIES, true)}</Col>
      <Col {...filterCol} xl={3}>{vocabSelect('sizeBand', 'sizeBand', SIZE_BANDS)}</Col>
      <Col {...filterCol} xl={3}>{vocabSelect('status', 'unitStatus', UNIT_STATUSES)}</Col>
      <Col {...filterCol} xl={4}>
        <Select
          allowClear
          style={{ width: '100%' }}
          placeholder={t('worklist.coverage')}
          value={params.coverage}
          onChange={(v: string | undefined) => set({ coverage: v })}
          options={options('coverage', COVERAGE_STATES)}
          data-testid="filter-coverage"
        />
      </Col>
    </>
  );

  return (
    <>
      <div style={{ display: 'flex', alignItems: 'center', gap: 8, flexWrap: 'wrap', marginBottom: 16 }}>
        <Typography.Title level={4} style={{ margin: 0, flex: 1, whiteSpace: 'nowrap' }}>
          {t('units.title')}
        </Typography.Title>
        <Space wrap>
          <Button icon={<DownloadOutlined />} href={exportHref} data-testid="unit-export">
            {t('common.export')}
          </Button>
          {canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setDrawer({ mode: 'create' })} data-testid="unit-new">
              {t('units.new')}
            </Button>
          )}
        </Space>
      </div>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Row gutter={[12, 12]}>
          <Col xs={isMobile ? 18 : 24} sm={12} md={8} xl={6}>
            <Input.Search
              allowClear
              placeholder={t('units.searchPlaceholder')}
              value={searchText}
              onChange={(e) => {
                setSearchText(e.target.value);
                if (!e.target.value) set({ q: undefined });
              }}
              onSearch={(v) => set({ q: v.trim() || undefined })}
              enterButton
              data-testid="unit-search"
            />
          </Col>
          {isMobile && (
            <Col xs={6}>
              <Button block icon={<FilterOutlined />} onClick={() => setShowFilters((s) => !s)} data-testid="unit-filters-toggle">
                {activeFilters ? activeFilters : ''}
              </Button>
            </Col>
          )}
          {(!isMobile || showFilters) && moreFilters}
        </Row>
      </Card>
      {units.isError && <Alert type="error" showIcon title={errorText(units.error)} style={{ marginBottom: 16 }} />}
      <Table<Unit>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={units.data?.items ?? []}
        loading={units.isFetching}
        onChange={onTableChange}
        scroll={{ x: 'max-content' }}
        pagination={{
          current: params.page,
          pageSize: params.pageSize,
          total: units.data?.total ?? 0,
          showSizeChanger: !isMobile,
          pageSizeOptions: PAGE_SIZES,
          showTotal: (total) => t('common.total', { total }),
          simple: isMobile,
        }}
        data-testid="units-table"
      />
      {drawer && (
        <UnitDrawer
          mode={drawer.mode}
          unit={drawer.unit}
          canWrite={canWrite}
          backToView={drawer.backToView ?? false}
          onClose={() => setDrawer(null)}
          onMode={(mode, unit) => setDrawer((d) => ({ mode, ...(unit && { unit }), backToView: mode === 'edit' ? d?.mode === 'view' : (d?.backToView ?? false) }))}
          onCloseUnit={(u) => setClosing(u)}
        />
      )}
      {closing && (
        <CloseUnitModal
          unit={closing}
          onClose={() => setClosing(null)}
          onClosed={(u) => {
            if (drawer?.unit?.id === u.id) setDrawer({ mode: 'view', unit: u });
          }}
        />
      )}
    </>
  );
}
