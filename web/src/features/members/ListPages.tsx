/**
 * The lists around the registry: transfers (outgoing and incoming), mobile
 * members (away, and hosted), lost-contact members, and the members still to
 * be found (surveyed vs registered).
 */
import { Alert, Card, Checkbox, Space, Table, Tabs, Tag, Typography, type TableProps } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { errorText } from '../../lib/forms.ts';
import { orDash } from '../../lib/format.ts';
import { useLabels } from '../../lib/labels.ts';
import { useIsMobile } from '../../lib/useIsMobile.ts';
import { useHosted, useLostContact, useMobileList, useToFind, useTransfers } from './api.ts';
import { OrgTreeSelect, StageTag } from './common.tsx';
import { CASE_COLORS } from './LostContactTab.tsx';
import { TransferTable } from './TransfersTab.tsx';
import type { HostedMember, LostContactItem, MobileRecord, ToFindItem } from './types.ts';

function PageTitle({ children, testId, extra }: { children: string; testId: string; extra?: ReactNode }) {
  return (
    <div style={{ display: 'flex', alignItems: 'center', gap: 8, flexWrap: 'wrap', marginBottom: 16 }}>
      <Typography.Title level={4} style={{ margin: 0, flex: 1, whiteSpace: 'nowrap' }} data-testid={testId}>
        {children}
      </Typography.Title>
      {extra}
    </div>
  );
}

function memberLink(id: number, name: string, tab?: string) {
  return (
    <Link to={`/members/${id}${tab ? `?tab=${tab}` : ''}`} data-testid={`member-link-${id}`}>
      {name}
    </Link>
  );
}

/* ---- transfers ---- */

export function TransfersPage() {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const [direction, setDirection] = useState<'outgoing' | 'incoming'>('outgoing');
  const [openOnly, setOpenOnly] = useState(true);
  const [page, setPage] = useState(1);
  const list = useTransfers({ direction, status: openOnly ? 'open' : undefined, page, pageSize: 20 });
  return (
    <>
      <PageTitle testId="transfers-title">{t('members.transfer.pageTitle')}</PageTitle>
      <Card size="small" styles={{ body: { paddingTop: 0 } }}>
        <Tabs
          activeKey={direction}
          onChange={(k) => {
            setDirection(k as 'outgoing' | 'incoming');
            setPage(1);
          }}
          items={(['outgoing', 'incoming'] as const).map((k) => ({ key: k, label: <span data-testid={`transfers-tab-${k}`}>{t(`members.transfer.${k}`)}</span> }))}
          tabBarExtraContent={
            <Checkbox checked={openOnly} onChange={(e) => (setOpenOnly(e.target.checked), setPage(1))} data-testid="transfers-open-only">
              {t('members.transfer.openOnly')}
            </Checkbox>
          }
        />
        {list.isError && <Alert type="error" showIcon title={errorText(list.error)} style={{ marginBottom: 12 }} />}
        <TransferTable
          items={list.data?.items ?? []}
          loading={list.isFetching}
          showMember
          pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, simple: isMobile, showTotal: (total) => t('common.total', { total }) }}
        />
      </Card>
    </>
  );
}

/* ---- mobile members ---- */

export function MobilePage() {
  const { t } = useTranslation();
  const { l } = useLabels();
  const isMobile = useIsMobile();
  const [tab, setTab] = useState<'away' | 'hosted'>('away');
  const [overdue, setOverdue] = useState(false);
  const [orgId, setOrgId] = useState<number | undefined>(undefined);
  const [page, setPage] = useState(1);
  const away = useMobileList({ overdue: overdue || undefined, orgId, page, pageSize: 20 });
  const hosted = useHosted({ orgId, page, pageSize: 20 });
  const pagination = (total: number) => ({ current: page, pageSize: 20, total, onChange: setPage, simple: isMobile, showTotal: (n: number) => t('common.total', { total: n }) });

  const awayColumns: TableProps<MobileRecord>['columns'] = [
    { key: 'name', title: t('members.field.name'), fixed: 'left', render: (_: unknown, r) => memberLink(r.memberId, r.memberName, 'mobile') },
    { key: 'homeOrg', title: t('members.mobile.homeOrg'), render: (_: unknown, r) => r.homeOrg.name },
    { key: 'destination', dataIndex: 'destination', title: t('members.mobile.destination') },
    { key: 'leftOn', dataIndex: 'leftOn', title: t('members.mobile.leftOn') },
    { key: 'host', title: t('members.mobile.hostOrg'), render: (_: unknown, r) => (r.hostOrg ? `${r.hostOrg.name}${r.mode ? `（${l('mobileMode', r.mode)}）` : ''}` : '—') },
    { key: 'last', dataIndex: 'lastReportOn', title: t('members.mobile.lastReportOn'), render: (v: string | null) => orDash(v) },
    {
      key: 'next',
      title: t('members.mobile.nextReportDue'),
      render: (_: unknown, r) => (
        <Space size={4}>
          {orDash(r.nextReportDue)}
          {r.overdue && <Tag color="red">{t('members.mobile.overdue')}</Tag>}
          {r.shouldTransfer && <Tag color="orange" title={t('members.mobile.shouldTransfer')}>≥ 6</Tag>}
        </Space>
      ),
    },
    { key: 'phone', dataIndex: 'phone', title: t('members.field.phone'), render: (v: string | null) => <span style={{ fontFamily: 'monospace' }}>{orDash(v)}</span> },
  ];
  const hostedColumns: TableProps<HostedMember>['columns'] = [
    { key: 'name', dataIndex: 'memberName', title: t('members.field.name'), fixed: 'left' },
    { key: 'homeOrg', title: t('members.mobile.homeOrg'), render: (_: unknown, r) => r.homeOrg.name },
    { key: 'hostOrg', title: t('members.mobile.hostOrg'), render: (_: unknown, r) => r.hostOrg.name },
    { key: 'mode', dataIndex: 'mode', title: t('members.mobile.mode'), render: (v: HostedMember['mode']) => orDash(v ? l('mobileMode', v) : null) },
    { key: 'leftOn', dataIndex: 'leftOn', title: t('members.mobile.leftOn') },
    { key: 'expectedUntil', dataIndex: 'expectedUntil', title: t('members.mobile.expectedUntil'), render: (v: string | null) => orDash(v) },
    { key: 'votes', title: '', render: () => <Tag>{t('members.mobile.notVoting')}</Tag> },
    { key: 'phone', dataIndex: 'phone', title: t('members.field.phone'), render: (v: string | null) => <span style={{ fontFamily: 'monospace' }}>{orDash(v)}</span> },
  ];
  return (
    <>
      <PageTitle
        testId="mobile-title"
        extra={
          <div style={{ width: isMobile ? '100%' : 320 }}>
            <OrgTreeSelect value={orgId} onChange={(v) => (setOrgId(v), setPage(1))} placeholder={t('members.list.orgPlaceholder')} testId="mobile-org" />
          </div>
        }
      >
        {t('members.mobile.pageTitle')}
      </PageTitle>
      <Card size="small" styles={{ body: { paddingTop: 0 } }}>
        <Tabs
          activeKey={tab}
          onChange={(k) => (setTab(k as 'away' | 'hosted'), setPage(1))}
          items={(['away', 'hosted'] as const).map((k) => ({ key: k, label: <span data-testid={`mobile-tab-${k}`}>{t(`members.mobile.${k}`)}</span> }))}
          tabBarExtraContent={
            tab === 'away' ? (
              <Checkbox checked={overdue} onChange={(e) => (setOverdue(e.target.checked), setPage(1))} data-testid="mobile-overdue">
                {t('members.mobile.overdueOnly')}
              </Checkbox>
            ) : null
          }
        />
        {tab === 'away' ? (
          <>
            {away.isError && <Alert type="error" showIcon title={errorText(away.error)} style={{ marginBottom: 12 }} />}
            <Table<MobileRecord>
              rowKey="id"
              size="small"
              columns={awayColumns}
              dataSource={away.data?.items ?? []}
              loading={away.isFetching}
              scroll={{ x: 'max-content' }}
              pagination={pagination(away.data?.total ?? 0)}
              data-testid="mobile-table"
            />
          </>
        ) : (
          <>
            {hosted.isError && <Alert type="error" showIcon title={errorText(hosted.error)} style={{ marginBottom: 12 }} />}
            <Table<HostedMember>
              rowKey="id"
              size="small"
              columns={hostedColumns}
              dataSource={hosted.data?.items ?? []}
              loading={hosted.isFetching}
              scroll={{ x: 'max-content' }}
              pagination={pagination(hosted.data?.total ?? 0)}
              data-testid="hosted-table"
            />
          </>
        )}
      </Card>
    </>
  );
}

/* ---- lost contact ---- */

export function LostContactPage() {
  const { t } = useTranslation();
  const { l } = useLabels();
  const isMobile = useIsMobile();
  const [orgId, setOrgId] = useState<number | undefined>(undefined);
  const [page, setPage] = useState(1);
  const list = useLostContact({ orgId, page, pageSize: 20 });
  const columns: TableProps<LostContactItem>['columns'] = [
    { key: 'name', title: t('members.field.name'), fixed: 'left', render: (_: unknown, r) => memberLink(r.memberId, r.name, 'lostContact') },
    { key: 'stage', title: t('members.field.stage'), render: (_: unknown, r) => <StageTag stage={r.stage} /> },
    { key: 'org', dataIndex: 'orgName', title: t('members.field.org') },
    { key: 'last', dataIndex: 'lastContactOn', title: t('members.lost.lastContact'), render: (v: string | null) => orDash(v) },
    { key: 'since', dataIndex: 'lostContactSince', title: t('members.lost.since'), render: (v: string | null) => (v ? <Tag color="red">{v}</Tag> : '—') },
    {
      key: 'case',
      title: t('members.lost.case'),
      render: (_: unknown, r) =>
        r.case ? (
          <Space size={4}>
            <Tag color={CASE_COLORS[r.case.status]}>{l('lostContactCaseStatus', r.case.status)}</Tag>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('members.lost.efforts')} {r.case.efforts.length}
            </Typography.Text>
          </Space>
        ) : (
          <Typography.Text type="secondary">{t('members.lost.noCase')}</Typography.Text>
        ),
    },
    { key: 'mobile', title: '', render: (_: unknown, r) => (r.isMobile ? <Tag color="cyan">{t('members.list.mobileFlag')}</Tag> : null) },
    { key: 'phone', dataIndex: 'phone', title: t('members.field.phone'), render: (v: string | null) => <span style={{ fontFamily: 'monospace' }}>{orDash(v)}</span> },
  ];
  return (
    <>
      <PageTitle
        testId="lost-title"
        extra={
          <div style={{ width: isMobile ? '100%' : 320 }}>
            <OrgTreeSelect value={orgId} onChange={(v) => (setOrgId(v), setPage(1))} placeholder={t('members.list.orgPlaceholder')} testId="lost-org" />
          </div>
        }
      >
        {t('members.lost.pageTitle')}
      </PageTitle>
      {list.isError && <Alert type="error" showIcon title={errorText(list.error)} style={{ marginBottom: 12 }} />}
      <Table<LostContactItem>
        rowKey="memberId"
        size="middle"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isFetching}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('members.lost.none') }}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, simple: isMobile, showTotal: (n) => t('common.total', { total: n }) }}
        data-testid="lost-table"
      />
    </>
  );
}

/* ---- members to find ---- */

export function ToFindPage() {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const [orgId, setOrgId] = useState<number | undefined>(undefined);
  const [page, setPage] = useState(1);
  const list = useToFind({ orgId, page, pageSize: 20 });
  const items = list.data?.items ?? [];
  const columns: TableProps<ToFindItem>['columns'] = [
    { key: 'unit', dataIndex: 'unitName', title: t('members.toFind.unit'), fixed: 'left', render: (v: string, r) => <Link to={`/units/${r.unitId}/talent`} data-testid={`to-find-unit-${r.unitId}`}>{v}</Link> },
    { key: 'territory', dataIndex: 'territoryName', title: t('members.toFind.territory') },
    { key: 'surveyed', dataIndex: 'surveyed', title: t('members.toFind.surveyed'), align: 'right' },
    { key: 'registered', dataIndex: 'registered', title: t('members.toFind.registered'), align: 'right' },
    { key: 'gap', dataIndex: 'gap', title: t('members.toFind.gap'), align: 'right', render: (v: number) => <Typography.Text strong type={v > 0 ? 'danger' : undefined}>{v}</Typography.Text> },
  ];
  return (
    <>
      <PageTitle
        testId="to-find-title"
        extra={
          <div style={{ width: isMobile ? '100%' : 320 }}>
            <OrgTreeSelect value={orgId} onChange={(v) => (setOrgId(v), setPage(1))} placeholder={t('members.list.orgPlaceholder')} testId="to-find-org" />
          </div>
        }
      >
        {t('members.toFind.title')}
      </PageTitle>
      <Alert type="info" showIcon title={t('members.toFind.hint')} style={{ marginBottom: 12 }} />
      {list.isError && <Alert type="error" showIcon title={errorText(list.error)} style={{ marginBottom: 12 }} />}
      <Table<ToFindItem>
        rowKey="unitId"
        size="middle"
        columns={columns}
        dataSource={items}
        loading={list.isFetching}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('members.toFind.none') }}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, simple: isMobile, showTotal: (n) => t('common.total', { total: n }) }}
        data-testid="to-find-table"
      />
    </>
  );
}
