import { ArrowLeftOutlined, EditOutlined, PlusOutlined, StopOutlined, SwapOutlined, TrophyOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Dropdown,
  Empty,
  List,
  Popconfirm,
  Result,
  Row,
  Skeleton,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
  type DescriptionsProps,
  type TableProps,
} from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { ApiError } from '../../lib/api.ts';
import { errorText } from '../../lib/forms.ts';
import { orDash } from '../../lib/format.ts';
import { useLabels } from '../../lib/labels.ts';
import type { CoveredUnit, Org, OrgDetail, OrgPost } from '../../lib/types.ts';
import { useIsMobile } from '../../lib/useIsMobile.ts';
import { useSession, useUser } from '../auth/session.tsx';
import { useOrg, useOrgMutations } from './api.ts';
import { ChecklistTab } from '../standardization/ChecklistTab.tsx';
import { DesignateDemoSiteModal, RevokeDemoSiteModal } from '../standardization/DemoSiteModals.tsx';
import { FindingBadges, FindingList } from './Findings.tsx';
import { AddUnitsModal, AppointModal, CloseOrgModal, EditOrgModal, MoveOrgModal } from './OrgModals.tsx';
import { ElectionDue, MemberCount } from './OrgsPage.tsx';

type ModalKind = 'edit' | 'move' | 'close' | 'units' | 'appoint' | 'demoSite' | 'revokeDemoSite';
const TABS = ['overview', 'units', 'posts', 'children', 'checklist'] as const;
type TabKey = (typeof TABS)[number];

function Overview({ detail }: { detail: OrgDetail }) {
  const { t } = useTranslation();
  const { l } = useLabels();
  const isMobile = useIsMobile();
  const { org, parent } = detail;
  const f = (k: string) => t(`orgs.field.${k}` as 'orgs.field.name');
  const basics: DescriptionsProps['items'] = [
    { key: 'kind', label: f('kind'), children: l('orgKind', org.kind) },
    { key: 'formationMode', label: f('formationMode'), children: l('formationMode', org.formationMode) },
    { key: 'territory', label: f('territoryName'), children: org.territoryName },
    { key: 'parent', label: f('parentId'), children: parent ? <Link to={`/orgs/${parent.id}`}>{parent.name}</Link> : '—' },
    { key: 'coveredUnits', label: f('coveredUnits'), children: <span data-testid="org-covered-count">{org.coveredUnitCount}</span> },
    { key: 'members', label: f('members'), children: <MemberCount {...org.memberCount} /> },
    { key: 'foundedOn', label: f('foundedOn'), children: org.foundedOn },
    { key: 'approvedOn', label: f('approvedOn'), children: orDash(org.approvedOn) },
    ...(org.demoSite
      ? [{ key: 'demoSite', label: t('orgs.demoSite'), children: `${l('demoSiteLevel', org.demoSite.level)}${org.demoSite.designatedOn ? `（${org.demoSite.designatedOn}）` : ''}` }]
      : []),
    ...(org.status === 'closed'
      ? [
          { key: 'closedOn', label: f('closedOn'), children: orDash(org.closedOn) },
          { key: 'closedReason', label: f('closedReason'), children: orDash(org.closedReason) },
        ]
      : []),
  ];
  const term: DescriptionsProps['items'] = [
    { key: 'lastElectedOn', label: f('lastElectedOn'), children: orDash(org.lastElectedOn) },
    { key: 'termYears', label: f('termYears'), children: org.termYears ? t('orgs.years', { count: org.termYears }) : '—' },
    { key: 'electionDueOn', label: f('electionDueOn'), children: <ElectionDue on={org.electionDueOn} /> },
  ];
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={14}>
        <Card size="small" title={t('orgs.basicTitle')} style={{ marginBottom: 16 }}>
          <Descriptions items={basics} column={isMobile ? 1 : 2} size="small" data-testid="org-basics" />
        </Card>
        <Card size="small" title={t('orgs.termTitle')}>
          <Descriptions items={term} column={isMobile ? 1 : 3} size="small" data-testid="org-term" />
        </Card>
      </Col>
      <Col xs={24} lg={10}>
        <Card size="small" title={t('orgs.findingsTitle')}>
          <FindingList findings={org.findings} />
        </Card>
      </Col>
    </Row>
  );
}

function UnitsTab({ detail, canWrite, onAdd }: { detail: OrgDetail; canWrite: boolean; onAdd(): void }) {
  const { t } = useTranslation();
  const { l } = useLabels();
  const { can } = useSession();
  const { message } = App.useApp();
  const { release } = useOrgMutations();
  const current = detail.units.filter((u) => u.untilOn === null);
  const past = detail.units.filter((u) => u.untilOn !== null);
  const active = detail.org.status === 'active';
  const columns = (history: boolean): TableProps<CoveredUnit>['columns'] => [
    {
      key: 'name',
      dataIndex: 'name',
      title: t('worklist.unit'),
      fixed: 'left',
      render: (v: string, u) => (can('units.read') ? <Link to={`/units?q=${encodeURIComponent(u.creditCode)}`}>{v}</Link> : v),
    },
    { key: 'creditCode', dataIndex: 'creditCode', title: l('unitField', 'creditCode'), render: (v: string) => <span style={{ fontFamily: 'monospace' }}>{v}</span> },
    { key: 'industry', dataIndex: 'industry', title: l('unitField', 'industry'), render: (v: string) => l('industry', v) },
    { key: 'territoryName', dataIndex: 'territoryName', title: l('unitField', 'territoryName') },
    { key: 'employeeCount', dataIndex: 'employeeCount', title: l('unitField', 'employeeCount'), align: 'right' },
    { key: 'surveyedMemberCount', dataIndex: 'surveyedMemberCount', title: l('unitField', 'surveyedMemberCount'), align: 'right' },
    { key: 'sinceOn', dataIndex: 'sinceOn', title: t('orgs.sinceOn') },
    ...(history ? [{ key: 'untilOn', dataIndex: 'untilOn', title: t('orgs.untilOn') }] : []),
    ...(!history && canWrite && active
      ? [
          {
            key: 'ops',
            title: t('common.actions'),
            render: (_: unknown, u: CoveredUnit) => (
              <Popconfirm
                title={t('orgs.releaseConfirm', { name: u.name })}
                okText={t('orgs.release')}
                cancelText={t('common.cancel')}
                okButtonProps={{ danger: true }}
                onConfirm={async () => {
                  try {
                    await release.mutateAsync({ id: detail.org.id, unitId: u.unitId });
                    message.success(t('orgs.released'));
                  } catch (err) {
                    message.error(errorText(err));
                  }
                }}
              >
                <Typography.Link type="danger" data-testid={`release-${u.unitId}`}>
                  {t('orgs.release')}
                </Typography.Link>
              </Popconfirm>
            ),
          },
        ]
      : []),
  ];
  return (
    <>
      <Card
        size="small"
        title={`${t('orgs.currentUnits')}（${current.length}）`}
        extra={
          canWrite && active && detail.org.kind !== 'party_group' ? (
            <Button size="small" type="primary" icon={<PlusOutlined />} onClick={onAdd} data-testid="org-add-units-open">
              {t('orgs.addUnits')}
            </Button>
          ) : null
        }
        style={{ marginBottom: 16 }}
      >
        <Table<CoveredUnit>
          rowKey="linkId"
          size="small"
          columns={columns(false)}
          dataSource={current}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('orgs.noUnits') }}
          data-testid="org-units"
        />
      </Card>
      {past.length > 0 && (
        <Card size="small" title={`${t('orgs.pastUnits')}（${past.length}）`}>
          <Table<CoveredUnit>
            rowKey="linkId"
            size="small"
            columns={columns(true)}
            dataSource={past}
            pagination={false}
            scroll={{ x: 'max-content' }}
            data-testid="org-units-history"
          />
        </Card>
      )}
    </>
  );
}

function PostsTab({ org, canWrite, onAppoint }: { org: Org; canWrite: boolean; onAppoint(): void }) {
  const { t } = useTranslation();
  const { l } = useLabels();
  const { message } = App.useApp();
  const { endPost } = useOrgMutations();
  const active = org.status === 'active';
  const columns: TableProps<OrgPost>['columns'] = [
    { key: 'post', dataIndex: 'post', title: t('orgs.post'), render: (v: string) => l('post', v) },
    {
      key: 'person',
      dataIndex: 'personName',
      title: t('orgs.person'),
      render: (v: string, p) => (
        <Space size={6}>
          <span>{v}</span>
          {p.crossAppointed && (
            <Tag color="purple" data-testid={`cross-${p.id}`}>
              {t('orgs.crossAppointed')}
            </Tag>
          )}
        </Space>
      ),
    },
    { key: 'unitPosition', dataIndex: 'unitPosition', title: t('orgs.unitPosition'), render: (v: string | null) => orDash(v) },
    { key: 'startedOn', dataIndex: 'startedOn', title: t('orgs.startedOn') },
    { key: 'approvedOn', dataIndex: 'approvedOn', title: t('orgs.approvedOn'), render: (v: string | null) => orDash(v) },
    ...(canWrite && active
      ? [
          {
            key: 'ops',
            title: t('common.actions'),
            render: (_: unknown, p: OrgPost) => (
              <Popconfirm
                title={t('orgs.endPostConfirm', { person: p.personName, post: l('post', p.post) })}
                okText={t('orgs.endPost')}
                cancelText={t('common.cancel')}
                okButtonProps={{ danger: true }}
                onConfirm={async () => {
                  try {
                    await endPost.mutateAsync({ id: org.id, postId: p.id });
                    message.success(t('orgs.postEnded'));
                  } catch (err) {
                    message.error(errorText(err));
                  }
                }}
              >
                <Typography.Link type="danger" data-testid={`end-post-${p.id}`}>
                  {t('orgs.endPost')}
                </Typography.Link>
              </Popconfirm>
            ),
          },
        ]
      : []),
  ];
  return (
    <Card
      size="small"
      extra={
        canWrite && active ? (
          <Button size="small" type="primary" icon={<PlusOutlined />} onClick={onAppoint} data-testid="org-appoint-open">
            {t('orgs.appoint')}
          </Button>
        ) : null
      }
      title={t('orgs.tabs.posts')}
    >
      <Table<OrgPost>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={org.posts}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('orgs.noPosts') }}
        data-testid="org-posts"
      />
    </Card>
  );
}

function ChildrenTab({ detail }: { detail: OrgDetail }) {
  const { t } = useTranslation();
  const { l } = useLabels();
  if (!detail.children.length) return <Empty description={t('orgs.noChildren')} />;
  return (
    <Card size="small">
      <List
        dataSource={detail.children}
        data-testid="org-children"
        renderItem={(c) => (
          <List.Item>
            <Space wrap>
              <Link to={`/orgs/${c.id}`}>{c.name}</Link>
              <Tag>{l('orgKind', c.kind)}</Tag>
              {c.status !== 'active' && <Tag>{l('territoryStatus', c.status)}</Tag>}
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}

/** One party organization: header with its kind, mode, status and demonstration-site tag; tabs; actions for admins. */
export function OrgPage() {
  const { t } = useTranslation();
  const { l } = useLabels();
  const { can } = useSession();
  const user = useUser();
  const isMobile = useIsMobile();
  const params = useParams();
  const id = Number(params.id) || null;
  const [sp, setSp] = useSearchParams();
  const tab = (TABS as readonly string[]).includes(sp.get('tab') ?? '') ? (sp.get('tab') as TabKey) : 'overview';
  const detail = useOrg(id);
  const [modal, setModal] = useState<ModalKind | null>(null);
  const canWrite = can('orgs.write');

  if (detail.isPending) return <Skeleton active />;
  if (detail.isError) {
    const notFound = detail.error instanceof ApiError && detail.error.status === 404;
    return <Result status={notFound ? '404' : 'error'} title={notFound ? '404' : t('common.loadFailed')} subTitle={errorText(detail.error)} />;
  }
  const d = detail.data;
  const { org } = d;
  const active = org.status === 'active';

  const items: { key: TabKey; label: ReactNode; children: ReactNode }[] = [
    { key: 'overview', label: t('orgs.tabs.overview'), children: <Overview detail={d} /> },
    {
      key: 'units',
      label: `${t('orgs.tabs.units')} ${org.coveredUnitCount}`,
      children: <UnitsTab detail={d} canWrite={canWrite} onAdd={() => setModal('units')} />,
    },
    { key: 'posts', label: `${t('orgs.tabs.posts')} ${org.posts.length}`, children: <PostsTab org={org} canWrite={canWrite} onAppoint={() => setModal('appoint')} /> },
    { key: 'children', label: `${t('orgs.tabs.children')} ${d.children.length}`, children: <ChildrenTab detail={d} /> },
    // Party groups have no positions of their own to standardize.
    ...(org.kind !== 'party_group' ? [{ key: 'checklist' as const, label: t('orgs.tabs.checklist'), children: <ChecklistTab org={org} /> }] : []),
  ];

  return (
    <>
      {user.scope.partyOrgId === null && (
        <Link to="/orgs" style={{ display: 'inline-block', marginBottom: 8 }}>
          <ArrowLeftOutlined /> {t('orgs.backToList')}
        </Link>
      )}
      <Card size="small" style={{ marginBottom: 16 }}>
        <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap', alignItems: 'flex-start' }}>
          <div style={{ flex: 1, minWidth: 240 }}>
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="org-title">
              {org.name}
            </Typography.Title>
            <Space size={[6, 6]} wrap style={{ marginTop: 8 }} data-testid="org-tags">
              <Tag color="geekblue">{l('orgKind', org.kind)}</Tag>
              <Tag>{l('formationMode', org.formationMode)}</Tag>
              <Tag color={active ? 'green' : 'default'}>{l('territoryStatus', org.status)}</Tag>
              {org.demoSite && (
                <Tag color="gold" data-testid="org-demo-site">
                  {l('demoSiteLevel', org.demoSite.level)}
                </Tag>
              )}
              {org.findings.length > 0 && <FindingBadges findings={org.findings} max={isMobile ? 2 : 4} />}
            </Space>
            <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
              {org.territoryName}
              {d.parent && (
                <>
                  {' · '}
                  {t('orgs.field.parentId')}：<Link to={`/orgs/${d.parent.id}`}>{d.parent.name}</Link>
                </>
              )}
            </Typography.Paragraph>
          </div>
          {canWrite && active && (
            <Space wrap>
              <Button icon={<EditOutlined />} onClick={() => setModal('edit')} data-testid="org-edit">
                {t('orgs.edit')}
              </Button>
              <Button icon={<SwapOutlined />} onClick={() => setModal('move')} disabled={org.parentId === null} data-testid="org-move">
                {t('orgs.move')}
              </Button>
              <Dropdown
                trigger={['click']}
                menu={{
                  items: [
                    { key: 'demoSite', icon: <TrophyOutlined />, label: org.demoSite ? t('demoSite.change') : t('demoSite.designate') },
                    ...(org.demoSite ? [{ key: 'revokeDemoSite', label: t('demoSite.revoke'), danger: true }] : []),
                  ],
                  onClick: ({ key }) => setModal(key as ModalKind),
                }}
              >
                <Button icon={<TrophyOutlined />} data-testid="org-demo-site-menu">
                  {t('orgs.demoSite')}
                </Button>
              </Dropdown>
              <Button danger icon={<StopOutlined />} onClick={() => setModal('close')} data-testid="org-close">
                {t('orgs.close')}
              </Button>
            </Space>
          )}
        </div>
        {!active && <Alert type="warning" showIcon style={{ marginTop: 12 }} title={t('orgs.isClosed', { on: org.closedOn ?? '', reason: org.closedReason ?? '' })} />}
      </Card>
      <Tabs
        activeKey={tab}
        onChange={(k) => {
          const next = new URLSearchParams(sp);
          if (k === 'overview') next.delete('tab');
          else next.set('tab', k);
          setSp(next, { replace: true });
        }}
        items={items.map((i) => ({ ...i, label: <span data-testid={`org-tab-${i.key}`}>{i.label}</span> }))}
      />
      {modal === 'edit' && <EditOrgModal org={org} onClose={() => setModal(null)} />}
      {modal === 'move' && <MoveOrgModal org={org} onClose={() => setModal(null)} />}
      {modal === 'close' && <CloseOrgModal org={org} onClose={() => setModal(null)} />}
      {modal === 'units' && <AddUnitsModal org={org} onClose={() => setModal(null)} />}
      {modal === 'appoint' && <AppointModal org={org} onClose={() => setModal(null)} />}
      {modal === 'demoSite' && <DesignateDemoSiteModal org={org} onClose={() => setModal(null)} />}
      {modal === 'revokeDemoSite' && <RevokeDemoSiteModal org={org} onClose={() => setModal(null)} />}
    </>
  );
}
