/**
 * /life/training — training sessions (party school, concentrated training,
 * lectures) with the hours of each attendee, and a member's hours per year
 * with the admission requirement (concentrated training of at least 3 days
 * or 24 class hours before admission) read from the same records.
 */
import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, DatePicker, Descriptions, Drawer, Empty, Form, Input, InputNumber, List, Progress, Radio, Row, Select, Skeleton, Space, Statistic, Table, Tag, Typography, type TableProps } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { TRAINING_KINDS } from '../../../../src/domain/life.ts';
import { FormModal } from '../../lib/FormModal.tsx';
import { errorText, foldArrayErrors } from '../../lib/forms.ts';
import { districtToday } from '../../lib/format.ts';
import { useLabels } from '../../lib/labels.ts';
import { useIsMobile } from '../../lib/useIsMobile.ts';
import { useSession } from '../auth/session.tsx';
import {
  useMeetings,
  useMemberHours,
  useOrgMembers,
  useTraining,
  useTrainingMutations,
  useTrainings,
  type MemberHours,
  type Training,
  type TrainingInput,
  type TrainingKind,
} from './api.ts';
import { districtDate, OrgPicker, useOwnOrgId } from './common.tsx';

const TRAINING_FIELDS = ['orgId', 'kind', 'title', 'provider', 'dates', 'hours', 'meetingId', 'attendees'] as const;

interface TrainingValues {
  orgId: number;
  kind: TrainingKind;
  title: string;
  provider?: string;
  dates: [Dayjs, Dayjs];
  hours: number;
  source: 'members' | 'meeting';
  meetingId?: number;
  attendees?: number[];
}

function CreateTrainingModal({ orgId, onClose }: { orgId: number | undefined; onClose(): void }) {
  const { t } = useTranslation();
  const { l, options } = useLabels();
  const { message } = App.useApp();
  const { create } = useTrainingMutations();
  const [chosenOrg, setChosenOrg] = useState(orgId);
  const members = useOrgMembers(chosenOrg);
  const today = districtToday();
  const meetings = useMeetings({ orgId: chosenOrg, from: dayjs(today).subtract(1, 'year').format('YYYY-MM-DD'), to: today, status: 'held', sort: '-startsAt', pageSize: 100 }, !!chosenOrg);
  const memberOptions = (members.data?.items ?? []).map((m) => ({ value: m.id, label: `${m.name} · ${l('memberStage', m.stage)}` }));
  return (
    <FormModal<TrainingValues>
      title={t('life.training.create')}
      fields={TRAINING_FIELDS}
      testId="training-modal"
      initialValues={{ ...(orgId && { orgId }), kind: 'lecture', source: 'members', hours: 2, dates: [dayjs(today), dayjs(today)] }}
      onClose={onClose}
      onSubmit={async (v) => {
        const input: TrainingInput = {
          orgId: v.orgId,
          kind: v.kind,
          title: v.title.trim(),
          provider: v.provider?.trim() || null,
          startsOn: v.dates[0].format('YYYY-MM-DD'),
          endsOn: v.dates[1].format('YYYY-MM-DD'),
          hours: v.hours,
          ...(v.source === 'meeting' ? { meetingId: v.meetingId ?? null } : { attendees: (v.attendees ?? []).map((memberId) => ({ memberId })) }),
        };
        try {
          const d = await create.mutateAsync(input);
          message.success(t('life.training.created', { count: d.attendees.length }));
        } catch (err) {
          const names = (v.attendees ?? []).map((id) => memberOptions.find((o) => o.value === id)?.label ?? String(id));
          throw foldArrayErrors(err, 'attendees', names);
        }
      }}
    >
      {(form) => (
        <Row gutter={16}>
          <Col xs={24}>
            <Form.Item name="orgId" label={t('life.field.orgId')} rules={[{ required: true, message: t('common.required') }]}>
              <OrgPicker
                width="100%"
                onChange={(id) => {
                  form.setFieldValue('orgId', id);
                  setChosenOrg(id);
                }}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="kind" label={t('life.training.kind')} rules={[{ required: true, message: t('common.required') }]}>
              <Select options={options('trainingKind', TRAINING_KINDS)} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="hours" label={t('life.training.hours')} rules={[{ required: true, message: t('common.required') }]} extra={t('life.training.hoursHint')}>
              <InputNumber min={0.5} max={1000} step={0.5} style={{ width: '100%' }} data-testid="training-hours" />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="title" label={t('life.field.title')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
              <Input maxLength={200} data-testid="training-title" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="provider" label={t('life.training.provider')}>
              <Input maxLength={200} placeholder={t('life.training.providerPlaceholder')} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="dates" label={t('life.training.dates')} rules={[{ required: true, message: t('common.required') }]}>
              <DatePicker.RangePicker style={{ width: '100%' }} allowClear={false} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="source" label={t('life.training.attendeesFrom')}>
              <Radio.Group
                options={[
                  { value: 'members', label: t('life.training.fromMembers') },
                  { value: 'meeting', label: t('life.training.fromMeeting') },
                ]}
              />
            </Form.Item>
          </Col>
          <Form.Item noStyle shouldUpdate={(a, b) => a.source !== b.source}>
            {({ getFieldValue }) =>
              getFieldValue('source') === 'meeting' ? (
                <Col xs={24}>
                  <Form.Item name="meetingId" label={t('life.training.meeting')} rules={[{ required: true, message: t('common.required') }]} extra={t('life.training.meetingHint')}>
                    <Select
                      showSearch={{ optionFilterProp: 'label' }}
                      options={(meetings.data?.items ?? []).map((m) => ({ value: m.id, label: `${districtDate(m.startsAt)} ${l('meetingKind', m.kind)} · ${m.title}` }))}
                      loading={meetings.isFetching}
                    />
                  </Form.Item>
                </Col>
              ) : (
                <Col xs={24}>
                  <Form.Item name="attendees" label={t('life.training.attendees')} rules={[{ required: true, type: 'array', min: 1, message: t('common.required') }]}>
                    <Select mode="multiple" allowClear showSearch={{ optionFilterProp: 'label' }} options={memberOptions} loading={members.isFetching} data-testid="training-attendees" />
                  </Form.Item>
                </Col>
              )
            }
          </Form.Item>
        </Row>
      )}
    </FormModal>
  );
}

function TrainingDrawer({ id, onClose }: { id: number; onClose(): void }) {
  const { t } = useTranslation();
  const { l } = useLabels();
  const { can } = useSession();
  const { message } = App.useApp();
  const isMobile = useIsMobile();
  const q = useTraining(id);
  const { setHours } = useTrainingMutations();
  const [edits, setEdits] = useState<Record<number, number>>({});
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setEdits({}), [q.data]);
  const s = q.data?.session;
  const changed = Object.entries(edits).filter(([mid, h]) => q.data?.attendees.find((a) => a.memberId === Number(mid))?.hours !== h);
  return (
    <Drawer open title={s?.title ?? t('life.training.title')} onClose={onClose} size={isMobile ? '100%' : 560} data-testid="training-drawer">
      {!q.data || !s ? (
        <Skeleton active />
      ) : (
        <>
          <Descriptions
            size="small"
            column={1}
            items={[
              { key: 'org', label: t('life.field.orgId'), children: s.orgName },
              { key: 'kind', label: t('life.training.kind'), children: l('trainingKind', s.kind) },
              { key: 'dates', label: t('life.training.dates'), children: s.startsOn === s.endsOn ? s.startsOn : `${s.startsOn} – ${s.endsOn}` },
              { key: 'hours', label: t('life.training.hours'), children: s.hours },
              { key: 'provider', label: t('life.training.provider'), children: s.provider ?? '—' },
            ]}
          />
          {error && <Typography.Paragraph type="danger">{error}</Typography.Paragraph>}
          <Table
            rowKey="memberId"
            size="small"
            pagination={false}
            dataSource={q.data.attendees}
            scroll={{ x: 'max-content' }}
            columns={[
              { key: 'name', title: t('life.training.member'), render: (_, a) => `${a.name} · ${l('memberStage', a.stage)}` },
              { key: 'org', title: t('life.field.orgId'), dataIndex: 'orgName' },
              {
                key: 'hours',
                title: t('life.training.hours'),
                align: 'right',
                render: (_, a) =>
                  can('life.write') ? (
                    <InputNumber size="small" min={0} max={1000} step={0.5} value={edits[a.memberId] ?? a.hours} onChange={(v) => setEdits((cur) => ({ ...cur, [a.memberId]: Number(v ?? 0) }))} style={{ width: 90 }} />
                  ) : (
                    a.hours
                  ),
              },
            ]}
          />
          {can('life.write') && (
            <div style={{ textAlign: 'right', marginTop: 12 }}>
              <Typography.Text type="secondary" style={{ marginInlineEnd: 8, fontSize: 12 }}>
                {t('life.training.zeroHint')}
              </Typography.Text>
              <Button
                type="primary"
                disabled={!changed.length}
                loading={setHours.isPending}
                onClick={async () => {
                  setError(null);
                  try {
                    await setHours.mutateAsync({ id, hours: changed.map(([mid, h]) => ({ memberId: Number(mid), hours: h })) });
                    message.success(t('common.saved'));
                  } catch (err) {
                    setError(errorText(err));
                  }
                }}
              >
                {t('common.save')}
              </Button>
            </div>
          )}
        </>
      )}
    </Drawer>
  );
}

/** A member's hours in a year and in total, with the admission requirement (what the development pipeline reads). */
export function HoursView({ h, testId }: { h: MemberHours; testId?: string }) {
  const { t } = useTranslation();
  const { l } = useLabels();
  const { minHours, minDays, met } = h.admission;
  const share = Math.min(1, Math.max(minHours ? h.totalHours / minHours : 0, minDays ? h.totalDays / minDays : 0));
  const relevant = h.stage === null || ['applicant', 'activist', 'candidate'].includes(h.stage);
  return (
    <div data-testid={testId} data-admission-met={met ? 'yes' : 'no'}>
      <Row gutter={[8, 8]}>
        <Col xs={12} sm={6}>
          <Statistic title={t('life.training.yearHours', { year: h.year })} value={h.hours} />
        </Col>
        <Col xs={12} sm={6}>
          <Statistic title={t('life.training.yearDays', { year: h.year })} value={h.days} />
        </Col>
        <Col xs={12} sm={6}>
          <Statistic title={t('life.training.totalHours')} value={h.totalHours} />
        </Col>
        <Col xs={12} sm={6}>
          <Statistic title={t('life.training.totalDays')} value={h.totalDays} />
        </Col>
      </Row>
      <div style={{ marginTop: 12 }}>
        <Space wrap>
          <Typography.Text strong>{t('life.training.admission', { hours: minHours, days: minDays })}</Typography.Text>
          <Tag color={met ? 'success' : relevant ? 'warning' : 'default'} data-testid={testId ? `${testId}-admission` : undefined}>
            {met ? t('life.training.admissionMet') : t('life.training.admissionNotMet')}
          </Tag>
        </Space>
        <Progress percent={Math.round(share * 100)} status={met ? 'success' : 'active'} size="small" />
        {!relevant && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('life.training.admissionForCandidates', { stage: l('memberStage', h.stage) })}</Typography.Text>}
      </div>
      {h.sessions.length > 0 ? (
        <List
          size="small"
          style={{ marginTop: 8 }}
          dataSource={h.sessions}
          renderItem={(s) => (
            <List.Item key={s.sessionId} extra={<span>{t('life.training.hoursN', { count: s.hours })}</span>}>
              <span>
                {s.startsOn} {s.title} <Typography.Text type="secondary">{l('trainingKind', s.kind)}</Typography.Text>
              </span>
            </List.Item>
          )}
        />
      ) : (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
          {t('life.training.noSessionsYear')}
        </Typography.Paragraph>
      )}
    </div>
  );
}

function MemberHoursCard({ orgId }: { orgId: number | undefined }) {
  const { t } = useTranslation();
  const { l } = useLabels();
  const { can } = useSession();
  const members = useOrgMembers(orgId, can('members.read'));
  const [memberId, setMemberId] = useState<number | null>(null);
  const [year, setYear] = useState(() => Number(districtToday().slice(0, 4)));
  const hours = useMemberHours(memberId, year);
  const thisYear = Number(districtToday().slice(0, 4));
  return (
    <Card size="small" title={t('life.training.memberHours')} data-testid="member-hours-card">
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          style={{ width: 240, maxWidth: '100%' }}
          placeholder={orgId ? t('life.training.pickMember') : t('life.training.pickOrgFirst')}
          disabled={!orgId}
          value={memberId ?? undefined}
          onChange={(v: number) => setMemberId(v)}
          options={(members.data?.items ?? []).map((m) => ({ value: m.id, label: `${m.name} · ${l('memberStage', m.stage)}` }))}
          loading={members.isFetching}
          data-testid="member-hours-pick"
        />
        <Select value={year} onChange={setYear} options={[0, 1, 2, 3].map((d) => ({ value: thisYear - d, label: String(thisYear - d) }))} style={{ width: 96 }} />
      </Space>
      {memberId === null ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('life.training.pickMember')} /> : hours.data ? <HoursView h={hours.data} testId="member-hours" /> : <Skeleton active />}
    </Card>
  );
}

export function TrainingPage() {
  const { t } = useTranslation();
  const { l, options } = useLabels();
  const { can } = useSession();
  const isMobile = useIsMobile();
  const ownOrg = useOwnOrgId();
  const [sp, setSp] = useSearchParams();
  const orgId = Number(sp.get('orgId')) || ownOrg;
  const year = Number(sp.get('year')) || Number(districtToday().slice(0, 4));
  const kind = (sp.get('kind') as TrainingKind | null) ?? undefined;
  const page = Number(sp.get('page')) || 1;
  const [creating, setCreating] = useState(false);
  const [open, setOpen] = useState<number | null>(null);
  const q = useTrainings({ orgId, year, kind, page, pageSize: 20 });
  const thisYear = Number(districtToday().slice(0, 4));
  const set = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(sp);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === '') next.delete(k);
      else next.set(k, v);
    }
    if (!('page' in patch)) next.delete('page');
    setSp(next, { replace: true });
  };
  const columns: TableProps<Training>['columns'] = useMemo(
    () => [
      { key: 'dates', title: t('life.training.dates'), render: (_, s) => (s.startsOn === s.endsOn ? s.startsOn : `${s.startsOn} – ${s.endsOn}`) },
      { key: 'title', title: t('life.field.title'), render: (_, s) => <Typography.Link onClick={() => setOpen(s.id)}>{s.title}</Typography.Link> },
      { key: 'kind', title: t('life.training.kind'), render: (_, s) => <Tag>{l('trainingKind', s.kind)}</Tag> },
      ...(orgId ? [] : [{ key: 'org', title: t('life.field.orgId'), dataIndex: 'orgName' }]),
      { key: 'hours', title: t('life.training.hours'), dataIndex: 'hours', align: 'right' },
      { key: 'attendees', title: t('life.training.attendeeCount'), dataIndex: 'attendeeCount', align: 'right' },
      { key: 'provider', title: t('life.training.provider'), render: (_, s) => s.provider ?? '—' },
    ],
    [t, l, orgId],
  );
  return (
    <div>
      <Space wrap style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }}>
        <div>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('life.training.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('life.training.subtitle')}</Typography.Text>
        </div>
        <Space wrap>
          <OrgPicker value={orgId} onChange={(id) => set({ orgId: id ? String(id) : undefined })} allowAll={!ownOrg} width={isMobile ? '100%' : 240} />
          <Select value={year} onChange={(v: number) => set({ year: String(v) })} options={[0, 1, 2, 3].map((d) => ({ value: thisYear - d, label: String(thisYear - d) }))} style={{ width: 96 }} />
          <Select allowClear placeholder={t('life.training.allKinds')} value={kind} onChange={(v: TrainingKind | undefined) => set({ kind: v })} options={options('trainingKind', TRAINING_KINDS)} style={{ width: 140 }} />
          {can('life.write') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="training-create">
              {t('life.training.create')}
            </Button>
          )}
        </Space>
      </Space>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card size="small" title={t('life.training.sessions')}>
            <Table<Training>
              rowKey="id"
              size="small"
              loading={q.isFetching}
              columns={columns}
              dataSource={q.data?.items ?? []}
              scroll={{ x: 'max-content' }}
              locale={{ emptyText: <Empty description={t('life.training.none')} /> }}
              pagination={{ current: page, pageSize: 20, total: q.data?.total ?? 0, onChange: (p) => set({ page: String(p) }), showTotal: (total) => t('common.total', { total }) }}
              data-testid="training-table"
            />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          {can('members.read') && <MemberHoursCard key={orgId ?? 0} orgId={orgId} />}
        </Col>
      </Row>
      {creating && <CreateTrainingModal orgId={orgId} onClose={() => setCreating(false)} />}
      {open !== null && <TrainingDrawer id={open} onClose={() => setOpen(null)} />}
    </div>
  );
}
