import { DownloadOutlined, FilterOutlined, PlusOutlined, SearchOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Input, Row, Select, Space, Table, Tag, Typography, type TableProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { GENDERS, MEMBER_FLAGS, MEMBER_STAGES, MEMBER_STATUSES } from '../../../../src/domain/members.ts';
import { sortFromTable, sortOrderOf } from '../../lib/tableSort.ts';
import { apiUrl } from '../../lib/api.ts';
import { errorText } from '../../lib/forms.ts';
import { DASH, orDash } from '../../lib/format.ts';
import { useLabels } from '../../lib/labels.ts';
import { useIsMobile } from '../../lib/useIsMobile.ts';
import { useSession } from '../auth/session.tsx';
import { useMembers, type MemberListParams } from './api.ts';
import { fieldKey, OrgTreeSelect, StageWithDate } from './common.tsx';
import { MemberFormDrawer } from './MemberFormDrawer.tsx';
import type { Member } from './types.ts';

const FLAG_KEYS = [...MEMBER_FLAGS, 'mobile'] as const;
type FlagKey = (typeof FLAG_KEYS)[number];
const FILTERS = ['q', 'orgId', 'stage', 'status', 'gender', ...FLAG_KEYS] as const;
const PAGE_SIZES = [10, 20, 50, 100];
const SORTABLE = ['name', 'stage', 'age', 'admittedOn', 'fullOn', 'lastContactOn'] as const;

/** Filters, paging and sorting live in the address (a reload or a shared link shows the same list). */
function useListParams() {
  const [sp, setSp] = useSearchParams();
  const flag = (k: string) => (sp.get(k) === 'true' ? true : undefined);
  const params: MemberListParams = {
    page: Math.max(1, Number(sp.get('page')) || 1),
    pageSize: PAGE_SIZES.includes(Number(sp.get('pageSize'))) ? Number(sp.get('pageSize')) : 20,
    sort: sp.get('sort') ?? undefined,
    q: sp.get('q') ?? undefined,
    orgId: Number(sp.get('orgId')) || undefined,
    stage: sp.get('stage') ?? undefined,
    status: sp.get('status') ?? undefined,
    gender: sp.get('gender') ?? undefined,
    keyPost: flag('keyPost'),
    technicalBackbone: flag('technicalBackbone'),
    middleManagement: flag('middleManagement'),
    decisionLevel: flag('decisionLevel'),
    mobile: flag('mobile'),
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

export function MembersPage() {
  const { t } = useTranslation();
  const { l, options, lang } = useLabels();
  const { can } = useSession();
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const { params, set } = useListParams();
  const members = useMembers(params);
  const [registering, setRegistering] = useState(false);
  const [searchText, setSearchText] = useState(params.q ?? '');
  const [showFilters, setShowFilters] = useState(false);
  const f = (k: Parameters<typeof fieldKey>[0]) => t(fieldKey(k));

  const { page: _p, pageSize: _s, ...filterValues } = params;
  const exportHref = apiUrl('/members/export', { ...filterValues, lang });
  const activeFilters = FILTERS.filter((k) => k !== 'q' && params[k as keyof MemberListParams] !== undefined).length;
  const flagsValue = FLAG_KEYS.filter((k) => params[k] === true);

  const sortOrder = (field: string) => sortOrderOf(params.sort, field);

  const columns: TableProps<Member>['columns'] = [
    {
      key: 'name',
      dataIndex: 'name',
      title: f('name'),
      sorter: true,
      sortOrder: sortOrder('name'),
      fixed: 'left',
      width: isMobile ? 96 : undefined,
      render: (name: string, m) => (
        <Link to={`/members/${m.id}`} data-testid={`member-link-${m.id}`}>
          {name}
        </Link>
      ),
    },
    {
      key: 'stage',
      dataIndex: 'stage',
      title: f('stage'),
      sorter: true,
      sortOrder: sortOrder('stage'),
      render: (_: unknown, m) => <StageWithDate member={m} testId={`member-stage-${m.id}`} />,
    },
    { key: 'gender', dataIndex: 'gender', title: f('gender'), render: (v: string | null) => orDash(l('gender', v)) },
    { key: 'age', dataIndex: 'age', title: f('age'), align: 'right', sorter: true, sortOrder: sortOrder('age'), render: (v: number | null) => orDash(v) },
    {
      key: 'residentId',
      dataIndex: 'residentId',
      title: f('residentId'),
      render: (v: string | null) => <span style={{ fontFamily: 'monospace' }}>{orDash(v)}</span>,
    },
    { key: 'phone', dataIndex: 'phone', title: f('phone'), render: (v: string | null) => <span style={{ fontFamily: 'monospace' }}>{orDash(v)}</span> },
    { key: 'orgName', dataIndex: 'orgName', title: f('org') },
    { key: 'employerUnitName', dataIndex: 'employerUnitName', title: f('employer'), render: (v: string | null) => orDash(v) },
    {
      key: 'flags',
      title: f('flags'),
      render: (_: unknown, m) => {
        const on = MEMBER_FLAGS.filter((k) => m.flags[k]);
        if (!on.length && !m.isMobile) return DASH;
        return (
          <Space size={4} wrap={false}>
            {on.map((k) => (
              <Tag key={k} style={{ marginInlineEnd: 0 }}>
                {l('memberFlag', k)}
              </Tag>
            ))}
            {m.isMobile && (
              <Tag color="cyan" style={{ marginInlineEnd: 0 }}>
                {t('members.list.mobileFlag')}
              </Tag>
            )}
          </Space>
        );
      },
    },
    {
      key: 'status',
      dataIndex: 'status',
      title: f('status'),
      render: (v: Member['status'], m) => (
        <Tag color={v === 'active' ? 'green' : v === 'suspended' ? 'orange' : 'default'} title={m.closedReason ? l('memberCloseReason', m.closedReason) : undefined}>
          {l('memberStatus', v)}
        </Tag>
      ),
    },
  ];

  const onTableChange: TableProps<Member>['onChange'] = (pagination, _filters, sorter) => {
    const sort = sortFromTable(sorter, SORTABLE);
    set({
      page: pagination.current && pagination.current > 1 ? pagination.current : undefined,
      pageSize: pagination.pageSize && pagination.pageSize !== 20 ? pagination.pageSize : undefined,
      sort,
    });
  };

  const filterCol = { xs: 24, sm: 12, md: 8, xl: 4 };
  const moreFilters = (
    <>
      <Col {...filterCol} xl={6}>
        <OrgTreeSelect value={params.orgId} onChange={(v) => set({ orgId: v })} placeholder={t('members.list.orgPlaceholder')} testId="filter-orgId" />
      </Col>
      <Col {...filterCol} xl={3}>
        <Select
          allowClear
          style={{ width: '100%' }}
          placeholder={f('stage')}
          value={params.stage}
          onChange={(v: string | undefined) => set({ stage: v })}
          options={options('memberStage', MEMBER_STAGES)}
          data-testid="filter-stage"
        />
      </Col>
      <Col {...filterCol} xl={3}>
        <Select
          allowClear
          style={{ width: '100%' }}
          placeholder={f('status')}
          value={params.status}
          onChange={(v: string | undefined) => set({ status: v })}
          options={options('memberStatus', MEMBER_STATUSES)}
          data-testid="filter-status"
        />
      </Col>
      <Col {...filterCol} xl={2}>
        <Select
          allowClear
          style={{ width: '100%' }}
          placeholder={f('gender')}
          value={params.gender}
          onChange={(v: string | undefined) => set({ gender: v })}
          options={options('gender', GENDERS)}
          data-testid="filter-gender"
        />
      </Col>
      <Col {...filterCol} xl={6}>
        <Select<FlagKey[]>
          mode="multiple"
          allowClear
          style={{ width: '100%' }}
          placeholder={t('members.list.flags')}
          value={flagsValue}
          onChange={(v) => set(Object.fromEntries(FLAG_KEYS.map((k) => [k, v.includes(k) ? true : undefined])))}
          options={[...MEMBER_FLAGS.map((k) => ({ value: k, label: l('memberFlag', k) })), { value: 'mobile' as const, label: t('members.list.mobileFlag') }]}
          maxTagCount="responsive"
          data-testid="filter-flags"
        />
      </Col>
    </>
  );

  return (
    <>
      <div style={{ display: 'flex', alignItems: 'center', gap: 8, flexWrap: 'wrap', marginBottom: 16 }}>
        <Typography.Title level={4} style={{ margin: 0, flex: 1, whiteSpace: 'nowrap' }} data-testid="members-title">
          {t('members.list.title')}
        </Typography.Title>
        <Space wrap>
          <Button icon={<SearchOutlined />} onClick={() => navigate('/members/to-find')} data-testid="members-to-find">
            {t('members.list.toFind')}
          </Button>
          <Button icon={<DownloadOutlined />} href={exportHref} data-testid="member-export">
            {t('common.export')}
          </Button>
          {can('members.import') && (
            <Button icon={<UploadOutlined />} onClick={() => navigate('/members/import')} data-testid="member-import">
              {t('members.list.import')}
            </Button>
          )}
          {can('members.write') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setRegistering(true)} data-testid="member-new">
              {t('members.list.register')}
            </Button>
          )}
        </Space>
      </div>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Row gutter={[12, 12]}>
          <Col xs={isMobile ? 18 : 24} sm={12} md={8} xl={6}>
            <Input.Search
              allowClear
              placeholder={t('members.list.searchPlaceholder')}
              value={searchText}
              onChange={(e) => {
                setSearchText(e.target.value);
                if (!e.target.value) set({ q: undefined });
              }}
              onSearch={(v) => set({ q: v.trim() || undefined })}
              enterButton
              data-testid="member-search"
            />
          </Col>
          {isMobile && (
            <Col xs={6}>
              <Button block icon={<FilterOutlined />} onClick={() => setShowFilters((s) => !s)} data-testid="member-filters-toggle">
                {activeFilters ? activeFilters : ''}
              </Button>
            </Col>
          )}
          {(!isMobile || showFilters) && moreFilters}
        </Row>
      </Card>
      {members.isError && <Alert type="error" showIcon title={errorText(members.error)} style={{ marginBottom: 16 }} />}
      <Table<Member>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={members.data?.items ?? []}
        loading={members.isFetching}
        onChange={onTableChange}
        scroll={{ x: 'max-content' }}
        pagination={{
          current: params.page,
          pageSize: params.pageSize,
          total: members.data?.total ?? 0,
          showSizeChanger: !isMobile,
          pageSizeOptions: PAGE_SIZES,
          showTotal: (total) => t('common.total', { total }),
          simple: isMobile,
        }}
        footer={() => (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('members.list.maskedHint')}
          </Typography.Text>
        )}
        data-testid="members-table"
      />
      {registering && <MemberFormDrawer onClose={() => setRegistering(false)} onSaved={(m) => navigate(`/members/${m.id}`)} defaultOrgId={params.orgId} />}
    </>
  );
}

