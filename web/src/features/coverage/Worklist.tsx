import { DownloadOutlined, InfoCircleOutlined, TeamOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Input, Select, Space, Table, Tag, Tooltip, Typography, type TableProps } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { apiUrl } from '../../lib/api.ts';
import { errorText } from '../../lib/forms.ts';
import { useLabels } from '../../lib/labels.ts';
import type { JointBranchSuggestion, WorklistAction, WorklistItem } from '../../lib/types.ts';
import { useIsMobile } from '../../lib/useIsMobile.ts';
import { useSession } from '../auth/session.tsx';
import { streetCommitteeQuery, useOrgMutations } from '../orgs/api.ts';
import { OrgFormModal, suggestedName, type OrgFormValues } from '../orgs/OrgFormModal.tsx';
import { useTerritoryTree } from '../territory/api.ts';
import { commonAncestor, streetOf } from '../territory/tree.ts';
import type { KnownUnit } from '../units/UnitPicker.tsx';
import { useWorklist, type WorklistParams } from './api.ts';
import { AssignLiaisonModal } from './AssignLiaisonModal.tsx';
import { ActionTag, CoverageTag } from './common.tsx';

const ACTIONS: WorklistAction[] = ['form_branch', 'join_joint_branch', 'assign_liaison'];

function Distance({ metres }: { metres: number | null }) {
  const { t } = useTranslation();
  if (metres === null) return null;
  return (
    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
      {metres >= 1000 ? t('worklist.kilometres', { n: (metres / 1000).toFixed(1) }) : t('worklist.metres', { n: metres })}
    </Typography.Text>
  );
}

interface FormState {
  title: string;
  hint?: string;
  initialValues: OrgFormValues;
  known: KnownUnit[];
}

/**
 * Uncovered units with what each needs: form its own branch, join a joint
 * branch nearby (one click on a suggestion), or get a liaison. Several small
 * units can be selected and formed into a new joint branch at once.
 */
export function Worklist({ territoryId, embedded = false }: { territoryId?: number | undefined; embedded?: boolean }) {
  const { t } = useTranslation();
  const { lang } = useLabels();
  const { can } = useSession();
  const { message, modal } = App.useApp();
  const isMobile = useIsMobile();
  const qc = useQueryClient();
  const { index } = useTerritoryTree(false);
  const { linkUnits } = useOrgMutations();
  const [action, setAction] = useState<WorklistAction | undefined>();
  const [q, setQ] = useState<string | undefined>();
  const [searchText, setSearchText] = useState('');
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(embedded ? 10 : 20);
  const [selected, setSelected] = useState<Map<number, WorklistItem>>(new Map());
  const [form, setForm] = useState<FormState | null>(null);
  const [liaisonFor, setLiaisonFor] = useState<WorklistItem | null>(null);
  const [opening, setOpening] = useState(false);
  const canForm = can('orgs.write');
  const canLiaise = can('coverage.write');

  const params: WorklistParams = { territoryId, action, q, page, pageSize };
  const list = useWorklist(params);
  const exportHref = apiUrl('/coverage/worklist/export', { territoryId, action, q, lang });

  // A new node starts afresh.
  const [lastTerritory, setLastTerritory] = useState(territoryId);
  if (lastTerritory !== territoryId) {
    setLastTerritory(territoryId);
    setPage(1);
    setSelected(new Map());
  }

  async function committeeFor(territory: number) {
    const street = streetOf(index, territory);
    if (!street) return null;
    try {
      return await qc.fetchQuery(streetCommitteeQuery(street.id));
    } catch {
      return null;
    }
  }

  async function openJoint() {
    const units = [...selected.values()];
    if (!units.length) return;
    setOpening(true);
    try {
      const territory = commonAncestor(index, units.map((u) => u.territoryId)) ?? units[0]!.territoryId;
      const node = index.byId.get(territory);
      const committee = await committeeFor(territory);
      setForm({
        title: t('formOrg.jointTitle'),
        hint: committee ? t('formOrg.jointHint', { count: units.length }) : t('formOrg.noCommittee'),
        initialValues: {
          kind: 'joint_branch',
          formationMode: 'joint',
          name: suggestedName(node?.name ?? units[0]!.territoryName, 'joint_branch'),
          territoryId: territory,
          parentId: committee?.id ?? null,
          unitIds: units.map((u) => u.unitId),
        },
        known: units.map((u) => ({ id: u.unitId, name: u.name, coverage: u.coverage, territoryName: u.territoryName })),
      });
    } finally {
      setOpening(false);
    }
  }

  async function openBranch(u: WorklistItem) {
    const committee = await committeeFor(u.territoryId);
    setForm({
      title: t('formOrg.branchTitle'),
      ...(!committee && { hint: t('formOrg.noCommittee') }),
      initialValues: {
        kind: 'branch',
        formationMode: 'single',
        name: suggestedName(u.name, 'branch'),
        territoryId: u.territoryId,
        parentId: committee?.id ?? null,
        unitIds: [u.unitId],
      },
      known: [{ id: u.unitId, name: u.name, coverage: u.coverage, territoryName: u.territoryName }],
    });
  }

  function join(u: WorklistItem, s: JointBranchSuggestion) {
    modal.confirm({
      title: t('worklist.joinTitle'),
      content: t('worklist.joinConfirm', { unit: u.name, org: s.name }),
      okText: t('worklist.join'),
      cancelText: t('common.cancel'),
      okButtonProps: { 'data-testid': 'join-confirm-ok' } as never,
      onOk: async () => {
        try {
          await linkUnits.mutateAsync({ id: s.id, unitIds: [u.unitId] });
          message.success(t('worklist.joined', { org: s.name }));
        } catch (err) {
          message.error(errorText(err));
          throw err;
        }
      },
    });
  }

  const columns: TableProps<WorklistItem>['columns'] = [
    {
      key: 'name',
      dataIndex: 'name',
      title: t('worklist.unit'),
      fixed: 'left',
      width: isMobile ? 140 : undefined,
      render: (name: string, u) => (
        <div style={{ whiteSpace: 'normal', minWidth: isMobile ? 120 : 200, maxWidth: 320 }}>
          <div>{name}</div>
          {!isMobile && (
            <Typography.Text type="secondary" style={{ fontSize: 12, fontFamily: 'monospace' }}>
              {u.creditCode}
            </Typography.Text>
          )}
        </div>
      ),
    },
    { key: 'territoryName', dataIndex: 'territoryName', title: t('worklist.territory') },
    {
      key: 'memberCount',
      dataIndex: 'memberCount',
      align: 'right',
      title: (
        <Tooltip title={t('coverage.memberSource')}>
          <span>
            {t('worklist.members')} <InfoCircleOutlined style={{ fontSize: 12, color: '#8c8c8c' }} />
          </span>
        </Tooltip>
      ),
    },
    { key: 'employeeCount', dataIndex: 'employeeCount', align: 'right', title: t('worklist.employees') },
    { key: 'coverage', dataIndex: 'coverage', title: t('worklist.coverage'), render: (v: WorklistItem['coverage']) => <CoverageTag value={v} /> },
    { key: 'action', dataIndex: 'action', title: t('worklist.action'), render: (v: WorklistAction) => <ActionTag value={v} /> },
    {
      key: 'suggestions',
      title: t('worklist.suggestions'),
      render: (_: unknown, u) => {
        if (u.action !== 'join_joint_branch') return <Typography.Text type="secondary">—</Typography.Text>;
        if (!u.suggestions.length) return <Typography.Text type="secondary">{t('worklist.noSuggestion')}</Typography.Text>;
        return (
          <Space orientation="vertical" size={4}>
            {u.suggestions.map((s) => (
              <div key={s.id} data-testid={`suggestion-${u.unitId}-${s.id}`} style={{ whiteSpace: 'normal', minWidth: 220, maxWidth: 340 }}>
                <Space size={6} wrap={false}>
                  <Link to={`/orgs/${s.id}`}>{s.name}</Link>
                  {canForm && (
                    <Button size="small" type="primary" ghost onClick={() => join(u, s)} data-testid={`join-${u.unitId}-${s.id}`}>
                      {t('worklist.join')}
                    </Button>
                  )}
                </Space>
                <div>
                  <Space size={4} wrap>
                    {s.sameArea && <Tag color="green">{t('worklist.sameArea')}</Tag>}
                    {s.sameIndustry && <Tag color="blue">{t('worklist.sameIndustry')}</Tag>}
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('worklist.room', { count: s.room })}
                    </Typography.Text>
                    {!s.sameArea && <Distance metres={s.distanceMetres} />}
                  </Space>
                </div>
              </div>
            ))}
          </Space>
        );
      },
    },
    ...(canForm || canLiaise
      ? [
          {
            key: 'ops',
            title: t('common.actions'),
            render: (_: unknown, u: WorklistItem) => (
              <Space size={4}>
                {canForm && u.action === 'form_branch' && (
                  <Typography.Link onClick={() => void openBranch(u)} data-testid={`form-branch-${u.unitId}`}>
                    {t('worklist.formBranch')}
                  </Typography.Link>
                )}
                {canLiaise && u.coverage === 'none' && (
                  <Typography.Link onClick={() => setLiaisonFor(u)} data-testid={`assign-liaison-${u.unitId}`}>
                    {t('worklist.assignLiaison')}
                  </Typography.Link>
                )}
              </Space>
            ),
          },
        ]
      : []),
  ];

  const selectedKeys = useMemo(() => [...selected.keys()], [selected]);
  const rowSelection: TableProps<WorklistItem>['rowSelection'] = canForm
    ? {
        selectedRowKeys: selectedKeys,
        preserveSelectedRowKeys: true,
        columnWidth: 40,
        fixed: true,
        getCheckboxProps: (u) => ({ disabled: u.action === 'form_branch', 'data-testid': `select-${u.unitId}` }) as never,
        onChange: (_keys, rows) => {
          setSelected((prev) => {
            const next = new Map<number, WorklistItem>();
            // Rows selected on other pages stay (antd passes undefined for them).
            for (const k of _keys) {
              const row = rows.find((r) => r?.unitId === k) ?? prev.get(Number(k));
              if (row) next.set(row.unitId, row);
            }
            return next;
          });
        },
      }
    : undefined;

  const filters = (
    <>
      <Select<WorklistAction>
        allowClear
        style={{ width: isMobile ? '100%' : 200 }}
        placeholder={t('worklist.allActions')}
        value={action}
        onChange={(v) => {
          setAction(v);
          setPage(1);
        }}
        options={ACTIONS.map((a) => ({ value: a, label: <ActionTag value={a} /> }))}
        data-testid="worklist-action"
      />
      <Input.Search
        allowClear
        style={{ width: isMobile ? '100%' : 220 }}
        placeholder={t('worklist.searchPlaceholder')}
        value={searchText}
        onChange={(e) => {
          setSearchText(e.target.value);
          if (!e.target.value) {
            setQ(undefined);
            setPage(1);
          }
        }}
        onSearch={(v) => {
          setQ(v.trim() || undefined);
          setPage(1);
        }}
        data-testid="worklist-search"
      />
    </>
  );

  return (
    <div data-testid="worklist">
      <div style={{ display: 'flex', alignItems: 'center', gap: 8, flexWrap: 'wrap', marginBottom: 12 }}>
        {embedded && (
          <Typography.Title level={5} style={{ margin: 0, flex: 1, whiteSpace: 'nowrap' }}>
            {t('worklist.title')}
            <Typography.Text type="secondary" style={{ fontSize: 13, fontWeight: 'normal', marginInlineStart: 8 }}>
              {t('common.total', { total: list.data?.total ?? 0 })}
            </Typography.Text>
          </Typography.Title>
        )}
        {!embedded && (
          <div style={{ flex: 1, display: 'flex', gap: 8, flexWrap: 'wrap', minWidth: isMobile ? '100%' : undefined }}>{filters}</div>
        )}
        <Space wrap>
          {canForm && selected.size > 0 && (
            <>
              <Typography.Text data-testid="worklist-selected">{t('worklist.selected', { count: selected.size })}</Typography.Text>
              <Button size={embedded ? 'small' : 'middle'} onClick={() => setSelected(new Map())}>
                {t('worklist.clearSelection')}
              </Button>
            </>
          )}
          {canForm && (
            <Tooltip title={t('worklist.formJointHint')}>
              <Button
                type="primary"
                size={embedded ? 'small' : 'middle'}
                icon={<TeamOutlined />}
                disabled={selected.size < 2}
                loading={opening}
                onClick={() => void openJoint()}
                data-testid="worklist-form-joint"
              >
                {t('worklist.formJoint')}
              </Button>
            </Tooltip>
          )}
          <Button size={embedded ? 'small' : 'middle'} icon={<DownloadOutlined />} href={exportHref} data-testid="worklist-export">
            {t('common.export')}
          </Button>
          {embedded && (
            <Link to={`/coverage/worklist${territoryId ? `?territoryId=${territoryId}` : ''}`} data-testid="worklist-open">
              {t('common.view')}
            </Link>
          )}
        </Space>
      </div>
      {list.isError && <Alert type="error" showIcon title={errorText(list.error)} style={{ marginBottom: 12 }} />}
      <Table<WorklistItem>
        rowKey="unitId"
        size={embedded ? 'small' : 'middle'}
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isFetching}
        rowSelection={rowSelection}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('worklist.empty') }}
        onChange={(p) => {
          setPage(p.current ?? 1);
          if (p.pageSize) setPageSize(p.pageSize);
        }}
        pagination={{
          current: page,
          pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: !isMobile && !embedded,
          showTotal: (total) => t('common.total', { total }),
          simple: isMobile,
          hideOnSinglePage: embedded,
        }}
        data-testid="worklist-table"
      />
      {form && (
        <OrgFormModal
          title={form.title}
          hint={form.hint}
          initialValues={form.initialValues}
          knownUnits={form.known}
          testId="joint-form"
          onClose={() => setForm(null)}
          onCreated={() => setSelected(new Map())}
        />
      )}
      {liaisonFor && (
        <AssignLiaisonModal
          unit={{ id: liaisonFor.unitId, name: liaisonFor.name }}
          peopleTerritoryId={streetOf(index, liaisonFor.territoryId)?.id ?? liaisonFor.territoryId}
          onClose={() => setLiaisonFor(null)}
        />
      )}
    </div>
  );
}
