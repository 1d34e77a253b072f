/**
 * /life/compliance — the required frequencies in practice for the caller's
 * scope: per organization and requirement, required vs held, red / amber /
 * green with the explanation and source on hover (tap on a phone); a period
 * picker; for territory staff the roll-up per territory node below the one
 * shown; and the reminders of periods that end soon with requirements unmet.
 */
import { Alert, Card, Col, DatePicker, Empty, List, Row, Segmented, Select, Space, Statistic, Switch, Table, Typography, type TableProps } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { LIFE_STATUSES } from '../../../../src/domain/life.ts';
import { useLabels } from '../../lib/labels.ts';
import { useIsMobile } from '../../lib/useIsMobile.ts';
import { useUser } from '../auth/session.tsx';
import { ScopePicker } from '../coverage/ScopePicker.tsx';
import { useCompliance, useReminders, type LifeStatus, type OrgCompliance, type StatusCounts } from './api.ts';
import { LIFE_STATUS_COLORS, LifeStatusTag, OrgPicker, RequirementBadge } from './common.tsx';

type PeriodMode = 'current' | 'month' | 'quarter' | 'year';

function periodKey(mode: PeriodMode, d: Dayjs): string | undefined {
  if (mode === 'month') return d.format('YYYY-MM');
  if (mode === 'quarter') return `${d.year()}-Q${Math.floor(d.month() / 3) + 1}`;
  if (mode === 'year') return String(d.year());
  return undefined;
}

function parseKey(key: string | null): { mode: PeriodMode; date: Dayjs } {
  if (!key) return { mode: 'current', date: dayjs() };
  let m = /^(\d{4})-(\d{2})$/.exec(key);
  if (m) return { mode: 'month', date: dayjs(`${m[1]}-${m[2]}-01`) };
  m = /^(\d{4})-Q([1-4])$/.exec(key);
  if (m) return { mode: 'quarter', date: dayjs(`${m[1]}-01-01`).month((Number(m[2]) - 1) * 3) };
  m = /^(\d{4})$/.exec(key);
  if (m) return { mode: 'year', date: dayjs(`${m[1]}-01-01`) };
  return { mode: 'current', date: dayjs() };
}

export function CompliancePage() {
  const { t } = useTranslation();
  const { l } = useLabels();
  const user = useUser();
  const isMobile = useIsMobile();
  const [sp, setSp] = useSearchParams();
  const territoryStaff = user.scope.partyOrgId === null;
  const territoryId = Number(sp.get('territoryId')) || undefined;
  const orgId = Number(sp.get('orgId')) || undefined;
  const status = (sp.get('status') as LifeStatus | null) ?? undefined;
  const page = Number(sp.get('page')) || 1;
  const pageSize = Number(sp.get('pageSize')) || 20;
  const showNa = sp.get('na') === '1';
  const { mode, date } = parseKey(sp.get('period'));
  const period = periodKey(mode, date);

  const set = (patch: Record<string, string | undefined>, keepPage = false) => {
    const next = new URLSearchParams(sp);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === '') next.delete(k);
      else next.set(k, v);
    }
    if (!keepPage) next.delete('page');
    setSp(next, { replace: true });
  };

  const q = useCompliance({ territoryId: orgId ? undefined : territoryId, orgId, period, status, page, pageSize });
  const reminders = useReminders({ territoryId: orgId ? undefined : territoryId, orgId });
  const data = q.data;

  const columns: TableProps<OrgCompliance>['columns'] = useMemo(
    () => [
      {
        key: 'org',
        title: t('life.compliance.col.org'),
        width: 220,
        render: (_, o) => (
          <div style={{ whiteSpace: 'normal', minWidth: 160 }}>
            <Typography.Text strong>{o.orgName}</Typography.Text>
            <div style={{ fontSize: 12, color: 'rgba(0,0,0,.45)' }}>
              {l('orgKind', o.orgKind)} · {o.territoryName}
            </div>
          </div>
        ),
      },
      { key: 'status', title: t('life.compliance.col.status'), width: 110, render: (_, o) => <LifeStatusTag status={o.status} testId={`org-status-${o.orgId}`} /> },
      {
        key: 'requirements',
        title: t('life.compliance.col.requirements'),
        render: (_, o) => {
          const shown = o.requirements.filter((r) => showNa || r.applies);
          return (
            <div style={{ whiteSpace: 'normal' }}>
              {shown.length ? shown.map((r) => <RequirementBadge key={r.requirementId} orgId={o.orgId} r={r} />) : <Typography.Text type="secondary">{t('life.compliance.noneApply')}</Typography.Text>}
            </div>
          );
        },
      },
    ],
    [t, l, showNa],
  );

  const nodeColumns: TableProps<NonNullable<typeof data>['nodes'][number]>['columns'] = [
    { key: 'name', title: t('life.compliance.col.node'), render: (_, n) => <Typography.Link onClick={() => set({ territoryId: String(n.territoryId) })}>{n.name}</Typography.Link> },
    ...(['green', 'amber', 'red', 'open'] as const).map((k) => ({
      key: k,
      title: <span style={{ color: LIFE_STATUS_COLORS[k] }}>{l('lifeStatus', k)}</span>,
      align: 'right' as const,
      render: (_: unknown, n: { territoryId: number; counts: StatusCounts }) => <span data-testid={`node-${n.territoryId}-${k}`}>{n.counts[k]}</span>,
    })),
  ];

  return (
    <div>
      <Space wrap style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }}>
        <div>
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="compliance-title">
            {t('life.compliance.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('life.compliance.subtitle')}</Typography.Text>
        </div>
      </Space>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Space wrap>
          {territoryStaff && <ScopePicker value={territoryId} onChange={(id) => set({ territoryId: id ? String(id) : undefined, orgId: undefined })} width={isMobile ? '100%' : 220} />}
          <OrgPicker value={orgId} onChange={(id) => set({ orgId: id ? String(id) : undefined })} allowAll width={isMobile ? '100%' : 240} testId="compliance-org" />
          <Segmented<PeriodMode>
            value={mode}
            onChange={(v) => set({ period: periodKey(v, date) })}
            options={(['current', 'month', 'quarter', 'year'] as const).map((p) => ({ value: p, label: t(`life.compliance.mode.${p}`) }))}
            data-testid="compliance-period-mode"
          />
          {mode !== 'current' && (
            <DatePicker
              picker={mode}
              value={date}
              allowClear={false}
              onChange={(d: Dayjs | null) => d && set({ period: periodKey(mode, d) })}
              data-testid="compliance-period"
            />
          )}
          <Select
            allowClear
            placeholder={t('life.compliance.allStatuses')}
            value={status}
            onChange={(v: LifeStatus | undefined) => set({ status: v })}
            options={LIFE_STATUSES.map((s) => ({ value: s, label: l('lifeStatus', s) }))}
            style={{ width: 140 }}
            data-testid="compliance-status"
          />
          <Space>
            <Switch size="small" checked={showNa} onChange={(v) => set({ na: v ? '1' : undefined }, true)} data-testid="compliance-show-na" />
            <Typography.Text>{t('life.compliance.showNa')}</Typography.Text>
          </Space>
        </Space>
        {data && (
          <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0', fontSize: 12 }}>
            {t('life.compliance.asOf', { today: data.today, version: data.rulesVersion })}
            {mode === 'current' ? ` ${t('life.compliance.currentHint')}` : ''}
          </Typography.Paragraph>
        )}
      </Card>

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={17}>
          {data && (
            <Card size="small" style={{ marginBottom: 16 }}>
              <Row gutter={[8, 8]} data-testid="compliance-summary">
                {(['green', 'amber', 'red', 'open'] as const).map((k) => (
                  <Col key={k} xs={12} sm={6}>
                    <Statistic title={l('lifeStatus', k)} value={data.summary[k]} styles={{ content: { color: LIFE_STATUS_COLORS[k] } }} data-testid={`summary-${k}`} />
                  </Col>
                ))}
              </Row>
            </Card>
          )}
          {data && data.nodes.length > 0 && !orgId && (
            <Card size="small" title={t('life.compliance.rollUp')} style={{ marginBottom: 16 }}>
              <Table rowKey="territoryId" size="small" columns={nodeColumns} dataSource={data.nodes} pagination={false} scroll={{ x: 'max-content' }} data-testid="compliance-nodes" />
            </Card>
          )}
          <Card size="small" title={t('life.compliance.byOrg')}>
            {isMobile ? (
              <List
                loading={q.isFetching}
                dataSource={data?.items ?? []}
                locale={{ emptyText: <Empty description={t('life.compliance.empty')} /> }}
                pagination={{ current: page, pageSize, total: data?.total ?? 0, size: 'small', onChange: (p) => set({ page: String(p) }, true) }}
                data-testid="compliance-table"
                renderItem={(o) => {
                  const shown = o.requirements.filter((r) => showNa || r.applies);
                  return (
                    <List.Item key={o.orgId} data-testid={`compliance-row-${o.orgId}`} data-status={o.status}>
                      <div style={{ width: '100%' }}>
                        <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, alignItems: 'flex-start' }}>
                          <div style={{ minWidth: 0 }}>
                            <Typography.Text strong>{o.orgName}</Typography.Text>
                            <div style={{ fontSize: 12, color: 'rgba(0,0,0,.45)' }}>
                              {l('orgKind', o.orgKind)} · {o.territoryName}
                            </div>
                          </div>
                          <LifeStatusTag status={o.status} testId={`org-status-${o.orgId}`} />
                        </div>
                        <div style={{ marginTop: 6 }}>
                          {shown.length ? shown.map((r) => <RequirementBadge key={r.requirementId} orgId={o.orgId} r={r} />) : <Typography.Text type="secondary">{t('life.compliance.noneApply')}</Typography.Text>}
                        </div>
                      </div>
                    </List.Item>
                  );
                }}
              />
            ) : (
              <Table<OrgCompliance>
                rowKey="orgId"
                size="small"
                loading={q.isFetching}
                columns={columns}
                dataSource={data?.items ?? []}
                locale={{ emptyText: <Empty description={t('life.compliance.empty')} /> }}
                pagination={{
                  current: page,
                  pageSize,
                  total: data?.total ?? 0,
                  showSizeChanger: true,
                  showTotal: (total) => t('common.total', { total }),
                  onChange: (p, ps) => set({ page: String(p), pageSize: ps !== 20 ? String(ps) : undefined }, true),
                }}
                data-testid="compliance-table"
                onRow={(o) => ({ 'data-testid': `compliance-row-${o.orgId}`, 'data-status': o.status }) as React.HTMLAttributes<HTMLElement>}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={7}>
          <Card size="small" title={t('life.compliance.reminders')} data-testid="compliance-reminders">
            {reminders.data?.items.length ? (
              <List
                size="small"
                dataSource={reminders.data.items}
                renderItem={(r) => (
                  <List.Item key={`${r.orgId}-${r.requirementId}-${r.key}`} data-testid={`reminder-${r.orgId}-${r.requirementId}`}>
                    <div>
                      <div>
                        <LifeStatusTag status={r.status} /> {l('lifeRequirement', r.requirementId)}
                      </div>
                      <div style={{ fontSize: 12, color: 'rgba(0,0,0,.55)', marginTop: 2 }}>
                        {r.orgName} · {r.key} · {t('life.compliance.heldOfRequired', { held: r.held, required: r.required })} · {t('life.compliance.endsOn', { end: r.end, count: r.daysLeft })}
                      </div>
                    </div>
                  </List.Item>
                )}
              />
            ) : (
              <Typography.Text type="secondary">{t('life.compliance.noReminders')}</Typography.Text>
            )}
          </Card>
          <Alert type="info" showIcon style={{ marginTop: 16 }} title={t('life.compliance.howCounted')} />
        </Col>
      </Row>
    </div>
  );
}
