import { ApartmentOutlined, DownloadOutlined, FilterOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Input, Row, Select, Space, Table, Tag, Tooltip, Tree, Typography, type TableProps, type TreeDataNode } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { FORMATION_MODES, ORG_KINDS } from '../../../../src/domain/orgs.ts';
import { sortFromTable, sortOrderOf } from '../../lib/tableSort.ts';
import { apiUrl } from '../../lib/api.ts';
import { errorText } from '../../lib/forms.ts';
import { districtToday, orDash } from '../../lib/format.ts';
import { useLabels } from '../../lib/labels.ts';
import type { FormationMode, Org, OrgKind } from '../../lib/types.ts';
import { useIsMobile } from '../../lib/useIsMobile.ts';
import { useSession } from '../auth/session.tsx';
import { useOrgs, useOrgTree, type OrgListParams } from './api.ts';
import { FindingBadges } from './Findings.tsx';
import { OrgFormModal } from './OrgFormModal.tsx';
import { indexOrgTree, type OrgTreeIndex } from './tree.ts';

const PAGE_SIZES = [10, 20, 50, 100];
const FILTERS = ['q', 'within', 'kind', 'formationMode', 'status', 'severity', 'demoSite'] as const;
const SORTABLE = ['name', 'kind', 'foundedOn'] as const;

function useListParams() {
  const [sp, setSp] = useSearchParams();
  const params: OrgListParams = {
    page: Math.max(1, Number(sp.get('page')) || 1),
    pageSize: PAGE_SIZES.includes(Number(sp.get('pageSize'))) ? Number(sp.get('pageSize')) : 20,
    sort: sp.get('sort') ?? 'path',
    q: sp.get('q') ?? undefined,
    within: Number(sp.get('within')) || undefined,
    kind: (sp.get('kind') as OrgKind | null) ?? undefined,
    formationMode: (sp.get('formationMode') as FormationMode | null) ?? undefined,
    status: (sp.get('status') as 'active' | 'closed' | null) ?? undefined,
    severity: (sp.get('severity') as 'error' | 'warning' | null) ?? undefined,
    demoSite: sp.get('demoSite') === 'true' ? true : undefined,
  };
  const set = (patch: Record<string, string | number | boolean | undefined | null>) => {
    const next = new URLSearchParams(sp);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === null || v === '' || v === false) next.delete(k);
      else next.set(k, String(v));
    }
    if (Object.keys(patch).some((k) => (FILTERS as readonly string[]).includes(k))) next.delete('page');
    setSp(next, { replace: true });
  };
  return { params, set };
}

/** The tree's nodes, narrowed to the names matching `q` and their ancestors. */
function treeData(index: OrgTreeIndex, q: string, kindLabel: (k: OrgKind) => string): TreeDataNode[] {
  const needle = q.trim();
  const keep = new Set<number>();
  if (needle) {
    for (const n of index.byId.values()) {
      if (!n.name.includes(needle)) continue;
      let cur: typeof n | undefined = n;
      while (cur && !keep.has(cur.id)) {
        keep.add(cur.id);
        cur = cur.parentId !== null ? index.byId.get(cur.parentId) : undefined;
      }
    }
  }
  const build = (n: NonNullable<ReturnType<OrgTreeIndex['byId']['get']>>): TreeDataNode => {
    const kids = (index.children.get(n.id) ?? []).filter((c) => !needle || keep.has(c.id));
    return {
      key: n.id,
      title: (
        <span data-testid={`org-tree-${n.id}`} title={`${n.name}（${kindLabel(n.kind)}）`} style={{ opacity: n.status === 'closed' ? 0.5 : 1 }}>
          {n.name}
        </span>
      ),
      ...(kids.length > 0 ? { children: kids.map(build) } : { isLeaf: true }),
    };
  };
  return index.roots.filter((r) => !needle || keep.has(r.id)).map(build);
}

export function ElectionDue({ on }: { on: string | null }) {
  if (!on) return <>{orDash(on)}</>;
  const today = districtToday();
  const days = dayjs(on).diff(dayjs(today), 'day');
  const color = days <= 0 ? '#cf1322' : days <= 90 ? '#d46b08' : undefined;
  return <span style={{ color }}>{on}</span>;
}

export function MemberCount({ value, source }: Org['memberCount']) {
  const { t } = useTranslation();
  return (
    <Tooltip title={source === 'survey' ? t('coverage.memberSource') : t('coverage.memberSourceRegistry')}>
      <span>
        {value}
        <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 4 }}>
          ({t(`orgs.source.${source}`)})
        </Typography.Text>
      </span>
    </Tooltip>
  );
}

/** Party organizations: the tree on the left, the filtered table with rule findings on the right. */
export function OrgsPage() {
  const { t } = useTranslation();
  const { l, options, lang } = useLabels();
  const { can } = useSession();
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const { params, set } = useListParams();
  const list = useOrgs(params);
  const tree = useOrgTree(params.status === 'closed' || params.status === undefined);
  const index = useMemo(() => indexOrgTree(tree.data?.items ?? []), [tree.data]);
  const [treeQ, setTreeQ] = useState('');
  const [searchText, setSearchText] = useState(params.q ?? '');
  const [showTree, setShowTree] = useState(false);
  const [showFilters, setShowFilters] = useState(false);
  const [creating, setCreating] = useState(false);
  const canWrite = can('orgs.write');
  const f = (k: string) => t(`orgs.field.${k}` as 'orgs.field.name');
  const kindLabel = (k: OrgKind) => l('orgKind', k);
  const nodes = useMemo(() => treeData(index, treeQ, (k) => l('orgKind', k)), [index, treeQ, l]);

  const { page: _p, pageSize: _s, ...filterValues } = params;
  const exportHref = apiUrl('/party-orgs/export', { ...filterValues, severity: undefined, lang });
  const sortOrder = (field: string) => sortOrderOf(params.sort, field);

  const columns: TableProps<Org>['columns'] = [
    {
      key: 'name',
      dataIndex: 'name',
      title: f('name'),
      fixed: 'left',
      sorter: true,
      sortOrder: sortOrder('name'),
      render: (name: string, o) => (
        <Space size={4} style={{ whiteSpace: 'normal', minWidth: isMobile ? 140 : 200, maxWidth: 300 }}>
          <Link to={`/orgs/${o.id}`} data-testid={`org-link-${o.id}`}>
            {name}
          </Link>
          {o.demoSite && <Tag color="gold">{l('demoSiteLevel', o.demoSite.level)}</Tag>}
        </Space>
      ),
    },
    { key: 'findings', title: f('findings'), render: (_: unknown, o) => <FindingBadges findings={o.findings} /> },
    { key: 'kind', dataIndex: 'kind', title: f('kind'), sorter: true, sortOrder: sortOrder('kind'), render: (v: OrgKind) => kindLabel(v) },
    { key: 'formationMode', dataIndex: 'formationMode', title: f('formationMode'), render: (v: string) => l('formationMode', v) },
    { key: 'territoryName', dataIndex: 'territoryName', title: f('territoryName') },
    { key: 'coveredUnitCount', dataIndex: 'coveredUnitCount', title: f('coveredUnits'), align: 'right' },
    { key: 'members', title: f('members'), align: 'right', render: (_: unknown, o) => <MemberCount {...o.memberCount} /> },
    {
      key: 'secretary',
      title: f('secretary'),
      render: (_: unknown, o) => orDash(o.posts.find((p) => p.post === 'secretary')?.personName),
    },
    { key: 'electionDueOn', dataIndex: 'electionDueOn', title: f('electionDueOn'), render: (v: string | null) => <ElectionDue on={v} /> },
    {
      key: 'status',
      dataIndex: 'status',
      title: f('status'),
      render: (v: string) => <Tag color={v === 'active' ? 'green' : 'default'}>{l('territoryStatus', v)}</Tag>,
    },
  ];

  const onTableChange: TableProps<Org>['onChange'] = (pagination, _filters, sorter) => {
    const sort = sortFromTable(sorter, SORTABLE);
    set({
      page: pagination.current && pagination.current > 1 ? pagination.current : undefined,
      pageSize: pagination.pageSize && pagination.pageSize !== 20 ? pagination.pageSize : undefined,
      sort,
    });
  };

  const filterCol = { xs: 24, sm: 12, md: 8, xxl: 4 };
  const moreFilters = (
    <>
      <Col {...filterCol}>
        <Select
          allowClear
          style={{ width: '100%' }}
          placeholder={f('kind')}
          value={params.kind}
          onChange={(v: string | undefined) => set({ kind: v })}
          options={options('orgKind', ORG_KINDS)}
          data-testid="filter-kind"
        />
      </Col>
      <Col {...filterCol}>
        <Select
          allowClear
          style={{ width: '100%' }}
          placeholder={f('formationMode')}
          value={params.formationMode}
          onChange={(v: string | undefined) => set({ formationMode: v })}
          options={options('formationMode', FORMATION_MODES)}
          data-testid="filter-formationMode"
        />
      </Col>
      <Col {...filterCol}>
        <Select
          allowClear
          style={{ width: '100%' }}
          placeholder={t('orgs.severityAll')}
          value={params.severity}
          onChange={(v: string | undefined) => set({ severity: v })}
          options={[
            { value: 'error', label: <Tag color="red">{t('orgs.severityError')}</Tag> },
            { value: 'warning', label: <Tag color="orange">{t('orgs.severityWarning')}</Tag> },
          ]}
          data-testid="filter-severity"
        />
      </Col>
      <Col {...filterCol}>
        <Select
          allowClear
          style={{ width: '100%' }}
          placeholder={f('status')}
          value={params.status}
          onChange={(v: string | undefined) => set({ status: v })}
          options={options('territoryStatus')}
          data-testid="filter-status"
        />
      </Col>
      <Col {...filterCol}>
        <Select
          allowClear
          style={{ width: '100%' }}
          placeholder={t('orgs.demoSite')}
          value={params.demoSite ? 'true' : undefined}
          onChange={(v: string | undefined) => set({ demoSite: v === 'true' })}
          options={[{ value: 'true', label: t('orgs.demoSiteOnly') }]}
          data-testid="filter-demoSite"
        />
      </Col>
    </>
  );

  const treeCard = (
    <Card size="small" title={t('orgs.tree')} styles={{ body: { padding: 8 } }} data-testid="org-tree">
      <Input.Search allowClear size="small" placeholder={t('orgs.searchPlaceholder')} value={treeQ} onChange={(e) => setTreeQ(e.target.value)} style={{ marginBottom: 8 }} />
      <Typography.Link
        onClick={() => set({ within: undefined })}
        strong={!params.within}
        style={{ display: 'block', padding: '2px 4px', marginBottom: 4 }}
        data-testid="org-tree-all"
      >
        {t('orgs.allOrgs')}
      </Typography.Link>
      <div style={{ maxHeight: isMobile ? 320 : 'calc(100vh - 260px)', overflow: 'auto' }}>
        {nodes.length > 0 && (
          <Tree
            key={treeQ ? 'search' : 'all'}
            treeData={nodes}
            blockNode
            showLine
            selectedKeys={params.within ? [params.within] : []}
            defaultExpandedKeys={treeQ ? [...index.byId.keys()] : index.roots.map((r) => r.id)}
            onSelect={(keys) => set({ within: keys[0] !== undefined ? Number(keys[0]) : undefined })}
          />
        )}
      </div>
    </Card>
  );

  return (
    <>
      <div style={{ display: 'flex', alignItems: 'center', gap: 8, flexWrap: 'wrap', marginBottom: 16 }}>
        <Typography.Title level={4} style={{ margin: 0, flex: 1, whiteSpace: 'nowrap' }}>
          {t('orgs.title')}
        </Typography.Title>
        <Space wrap>
          {isMobile && (
            <Button icon={<ApartmentOutlined />} onClick={() => setShowTree((s) => !s)} data-testid="org-tree-toggle">
              {t('orgs.tree')}
            </Button>
          )}
          <Button icon={<DownloadOutlined />} href={exportHref} data-testid="org-export">
            {t('common.export')}
          </Button>
          {canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="org-new">
              {t('orgs.new')}
            </Button>
          )}
        </Space>
      </div>
      <Row gutter={[16, 16]}>
        {(!isMobile || showTree) && (
          <Col xs={24} lg={6} xxl={5}>
            {treeCard}
          </Col>
        )}
        <Col xs={24} lg={18} xxl={19}>
          <Card size="small" style={{ marginBottom: 16 }}>
            <Row gutter={[12, 12]}>
              <Col xs={isMobile ? 18 : 24} sm={12} md={8} xxl={4}>
                <Input.Search
                  allowClear
                  placeholder={t('orgs.searchPlaceholder')}
                  value={searchText}
                  onChange={(e) => {
                    setSearchText(e.target.value);
                    if (!e.target.value) set({ q: undefined });
                  }}
                  onSearch={(v) => set({ q: v.trim() || undefined })}
                  data-testid="org-search"
                />
              </Col>
              {isMobile && (
                <Col xs={6}>
                  <Button block icon={<FilterOutlined />} onClick={() => setShowFilters((s) => !s)} data-testid="org-filters-toggle" />
                </Col>
              )}
              {(!isMobile || showFilters) && moreFilters}
            </Row>
          </Card>
          {list.isError && <Alert type="error" showIcon title={errorText(list.error)} style={{ marginBottom: 16 }} />}
          <Table<Org>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={list.data?.items ?? []}
            loading={list.isFetching}
            onChange={onTableChange}
            scroll={{ x: 'max-content' }}
            pagination={{
              current: params.page,
              pageSize: params.pageSize,
              total: list.data?.total ?? 0,
              showSizeChanger: !isMobile,
              pageSizeOptions: PAGE_SIZES,
              showTotal: (total) => t('common.total', { total }),
              simple: isMobile,
            }}
            data-testid="orgs-table"
          />
        </Col>
      </Row>
      {creating && (
        <OrgFormModal
          title={t('formOrg.newTitle')}
          testId="org-form"
          initialValues={{ parentId: params.within ?? index.roots[0]?.id ?? null, formationMode: 'single' }}
          onClose={() => setCreating(false)}
          onCreated={(o) => navigate(`/orgs/${o.id}`)}
        />
      )}
    </>
  );
}
