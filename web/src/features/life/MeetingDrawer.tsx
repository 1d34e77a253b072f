/**
 * Plan (or change) a meeting or activity: kind, title, date and time, place
 * or activity position, host, topic, who is expected, who is invited. A
 * booking conflict of the position comes back as a 409 on activityPositionId
 * and shows under that field.
 */
import { Alert, App, Button, Col, DatePicker, Drawer, Form, Input, Radio, Row, Select, Space, TimePicker } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AUDIENCES, MEETING_KINDS } from '../../../../src/domain/life.ts';
import { applyServerErrors, clearErrors, foldArrayErrors } from '../../lib/forms.ts';
import { districtToday } from '../../lib/format.ts';
import { useLabels } from '../../lib/labels.ts';
import { useIsMobile } from '../../lib/useIsMobile.ts';
import { useSession } from '../auth/session.tsx';
import { useOrg } from '../orgs/api.ts';
import { useMeetingMutations, useOrgMembers, usePositions, type Audience, type Meeting, type MeetingDetail, type MeetingInput, type MeetingKind } from './api.ts';
import { districtDate, hm, localInstant, OrgPicker } from './common.tsx';

const FIELDS = ['orgId', 'kind', 'title', 'date', 'startTime', 'endTime', 'activityPositionId', 'place', 'hostPersonId', 'hostName', 'topic', 'audience', 'audienceGroupId', 'inviteeMemberIds'] as const;
const ALIASES = { startsAt: 'startTime', endsAt: 'endTime' };

interface Values {
  orgId?: number;
  kind?: MeetingKind;
  title?: string;
  date?: Dayjs;
  startTime?: Dayjs;
  endTime?: Dayjs;
  placeMode: 'position' | 'text';
  activityPositionId?: number | null;
  place?: string;
  hostPersonId?: number | null;
  hostName?: string;
  topic?: string;
  audience: Audience;
  audienceGroupId?: number | null;
  inviteeMemberIds?: number[];
}

function initialValues(orgId: number | undefined, day: string | undefined, detail: MeetingDetail | undefined): Values {
  if (detail) {
    const m = detail.meeting;
    return {
      orgId: m.orgId,
      kind: m.kind,
      title: m.title,
      date: dayjs(districtDate(m.startsAt)),
      startTime: dayjs(hm(m.startsAt), 'HH:mm'),
      endTime: dayjs(hm(m.endsAt), 'HH:mm'),
      placeMode: m.activityPositionId ? 'position' : 'text',
      activityPositionId: m.activityPositionId,
      place: m.place ?? '',
      hostPersonId: m.hostPersonId,
      hostName: m.hostPersonId ? '' : (m.hostName ?? ''),
      topic: m.topic ?? '',
      audience: m.audience,
      audienceGroupId: m.audienceGroupId,
      inviteeMemberIds: detail.expected.filter((e) => e.reason !== 'audience').map((e) => e.memberId),
    };
  }
  return {
    ...(orgId !== undefined && { orgId }),
    date: dayjs(day ?? districtToday()),
    startTime: dayjs('14:30', 'HH:mm'),
    endTime: dayjs('16:30', 'HH:mm'),
    placeMode: 'text',
    audience: 'org',
    inviteeMemberIds: [],
  };
}

export function MeetingDrawer({
  orgId,
  day,
  detail,
  onClose,
  onSaved,
}: {
  /** The organization to plan for (the calendar's); the drawer asks when undefined. */
  orgId?: number | undefined;
  /** The day picked on the calendar, YYYY-MM-DD. */
  day?: string | undefined;
  /** Editing: the meeting as it is. */
  detail?: MeetingDetail | undefined;
  onClose(): void;
  onSaved?(m: Meeting): void;
}) {
  const { t } = useTranslation();
  const { l, options } = useLabels();
  const { message } = App.useApp();
  const isMobile = useIsMobile();
  const { can } = useSession();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const { create, update } = useMeetingMutations();
  const init = useMemo(() => initialValues(orgId, day, detail), [orgId, day, detail]);
  const editing = !!detail;

  const chosenOrg = Form.useWatch('orgId', form) ?? init.orgId;
  const kind = Form.useWatch('kind', form);
  const placeMode = Form.useWatch('placeMode', form) ?? init.placeMode;
  const audience = Form.useWatch('audience', form) ?? init.audience;
  const date = Form.useWatch('date', form);
  const [titleTouched, setTitleTouched] = useState(editing);

  const org = useOrg(chosenOrg ?? null);
  const members = useOrgMembers(chosenOrg, can('members.read'));
  const positions = usePositions({ status: 'active', page: 1, pageSize: 200 });

  // A title from the kind and the month until the user writes their own ("11月主题党日").
  useEffect(() => {
    if (titleTouched || !kind) return;
    const d = date ?? dayjs();
    form.setFieldValue('title', t('life.defaultTitle', { month: d.month() + 1, year: d.year(), kind: l('meetingKind', kind) }));
  }, [kind, date, titleTouched, form, t, l]);

  const hostOptions = useMemo(() => {
    const seen = new Set<number>();
    const out: { value: number; label: string }[] = [];
    for (const p of org.data?.org.posts ?? []) {
      if (seen.has(p.personId)) continue;
      seen.add(p.personId);
      out.push({ value: p.personId, label: `${p.personName}（${l('post', p.post)}）` });
    }
    for (const m of members.data?.items ?? []) {
      if (seen.has(m.personId) || (m.stage !== 'full' && m.stage !== 'probationary')) continue;
      seen.add(m.personId);
      out.push({ value: m.personId, label: m.name });
    }
    if (detail?.meeting.hostPersonId && !seen.has(detail.meeting.hostPersonId)) out.push({ value: detail.meeting.hostPersonId, label: detail.meeting.hostName ?? String(detail.meeting.hostPersonId) });
    return out;
  }, [org.data, members.data, l, detail]);

  const groups = (org.data?.children ?? []).filter((c) => c.kind === 'party_group' && c.status === 'active');
  const memberOptions = useMemo(() => {
    const out = (members.data?.items ?? []).map((m) => ({ value: m.id, label: `${m.name} · ${l('memberStage', m.stage)}${m.orgId !== chosenOrg ? ` · ${m.orgName}` : ''}` }));
    for (const e of detail?.expected ?? []) if (e.reason !== 'audience' && !out.some((o) => o.value === e.memberId)) out.push({ value: e.memberId, label: `${e.name} · ${e.orgName}` });
    return out;
  }, [members.data, l, chosenOrg, detail]);

  async function onFinish(v: Values) {
    setBusy(true);
    setProblems([]);
    clearErrors(form, FIELDS);
    const day = v.date!.format('YYYY-MM-DD');
    const input: MeetingInput = {
      kind: v.kind!,
      title: (v.title ?? '').trim(),
      startsAt: localInstant(day, v.startTime!.format('HH:mm')),
      endsAt: localInstant(day, v.endTime!.format('HH:mm')),
      place: v.placeMode === 'text' ? v.place?.trim() || null : null,
      activityPositionId: v.placeMode === 'position' ? (v.activityPositionId ?? null) : null,
      hostPersonId: v.hostPersonId ?? null,
      hostName: v.hostPersonId ? null : v.hostName?.trim() || null,
      topic: v.topic?.trim() || null,
      audience: v.audience,
      audienceGroupId: v.audience === 'party_group' ? (v.audienceGroupId ?? null) : null,
      inviteeMemberIds: v.inviteeMemberIds ?? [],
    };
    try {
      const saved = editing ? await update.mutateAsync({ id: detail.meeting.id, input }) : await create.mutateAsync({ ...input, orgId: v.orgId! });
      message.success(editing ? t('life.meetingSaved') : t('life.meetingPlanned', { title: saved.title }));
      onSaved?.(saved);
      onClose();
    } catch (err) {
      const names = (v.inviteeMemberIds ?? []).map((id) => memberOptions.find((o) => o.value === id)?.label ?? String(id));
      setProblems(applyServerErrors(form, foldArrayErrors(err, 'inviteeMemberIds', names), FIELDS, ALIASES));
    } finally {
      setBusy(false);
    }
  }

  const required = [{ required: true, message: t('common.required') }];
  const col = { xs: 24, md: 12 };
  return (
    <Drawer
      open
      title={editing ? t('life.editMeeting') : t('life.planMeeting')}
      onClose={onClose}
      size={isMobile ? '100%' : 640}
      mask={{ closable: false }}
      destroyOnHidden
      data-testid="meeting-drawer"
      footer={
        <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={busy} onClick={() => form.submit()} data-testid="meeting-submit">
            {editing ? t('common.save') : t('life.plan')}
          </Button>
        </Space>
      }
    >
      {problems.length > 0 && <Alert type="error" showIcon title={problems.join('；')} style={{ marginBottom: 16 }} data-testid="meeting-form-error" />}
      <Form<Values> form={form} layout="vertical" initialValues={init} onFinish={onFinish} scrollToFirstError requiredMark>
        <Row gutter={16}>
          {!editing && (
            <Col xs={24}>
              <Form.Item name="orgId" label={t('life.field.orgId')} rules={required}>
                <OrgPicker width="100%" testId="meeting-org" />
              </Form.Item>
            </Col>
          )}
          <Col {...col}>
            <Form.Item name="kind" label={t('life.field.kind')} rules={required}>
              <Select options={options('meetingKind', MEETING_KINDS)} showSearch={{ optionFilterProp: 'label' }} data-testid="meeting-kind" />
            </Form.Item>
          </Col>
          <Col {...col}>
            <Form.Item name="title" label={t('life.field.title')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
              <Input maxLength={200} onChange={() => setTitleTouched(true)} data-testid="meeting-title" />
            </Form.Item>
          </Col>
          <Col xs={24} md={10}>
            <Form.Item name="date" label={t('life.field.date')} rules={required}>
              <DatePicker style={{ width: '100%' }} allowClear={false} data-testid="meeting-date" />
            </Form.Item>
          </Col>
          <Col xs={12} md={7}>
            <Form.Item name="startTime" label={t('life.field.startTime')} rules={required}>
              <TimePicker format="HH:mm" minuteStep={5} needConfirm={false} allowClear={false} style={{ width: '100%' }} data-testid="meeting-start" />
            </Form.Item>
          </Col>
          <Col xs={12} md={7}>
            <Form.Item
              name="endTime"
              label={t('life.field.endTime')}
              dependencies={['startTime']}
              rules={[
                ...required,
                ({ getFieldValue }) => ({
                  validator: (_, v: Dayjs | undefined) => {
                    const s = getFieldValue('startTime') as Dayjs | undefined;
                    return !v || !s || v.format('HH:mm') > s.format('HH:mm') ? Promise.resolve() : Promise.reject(new Error(t('life.endAfterStart')));
                  },
                }),
              ]}
            >
              <TimePicker format="HH:mm" minuteStep={5} needConfirm={false} allowClear={false} style={{ width: '100%' }} data-testid="meeting-end" />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="placeMode" label={t('life.field.place')} style={{ marginBottom: 8 }}>
              <Radio.Group
                optionType="button"
                options={[
                  { value: 'text', label: t('life.placeText') },
                  { value: 'position', label: t('life.placePosition') },
                ]}
                data-testid="meeting-place-mode"
              />
            </Form.Item>
            {placeMode === 'position' ? (
              <Form.Item name="activityPositionId" rules={required} extra={t('life.positionHint')}>
                <Select
                  options={(positions.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.name}${p.capacity ? `（${t('life.capacityN', { count: p.capacity })}）` : ''}` }))}
                  placeholder={t('life.pickPosition')}
                  showSearch={{ optionFilterProp: 'label' }}
                  loading={positions.isPending}
                  data-testid="meeting-position"
                />
              </Form.Item>
            ) : (
              <Form.Item name="place">
                <Input maxLength={200} placeholder={t('life.placePlaceholder')} data-testid="meeting-place" />
              </Form.Item>
            )}
          </Col>
          <Col {...col}>
            <Form.Item name="hostPersonId" label={t('life.field.host')}>
              <Select allowClear options={hostOptions} showSearch={{ optionFilterProp: 'label' }} placeholder={t('life.pickHost')} data-testid="meeting-host" />
            </Form.Item>
          </Col>
          <Col {...col}>
            <Form.Item name="hostName" label={t('life.field.hostName')} extra={t('life.hostNameHint')}>
              <Input maxLength={100} data-testid="meeting-host-name" />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="topic" label={t('life.field.topic')}>
              <Input.TextArea rows={2} maxLength={2000} data-testid="meeting-topic" />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="audience" label={t('life.field.audience')} rules={required}>
              <Radio.Group options={AUDIENCES.map((a) => ({ value: a, label: l('audience', a) }))} data-testid="meeting-audience" />
            </Form.Item>
          </Col>
          {audience === 'party_group' && (
            <Col xs={24}>
              <Form.Item name="audienceGroupId" label={t('life.field.audienceGroupId')} rules={required} extra={groups.length ? undefined : t('life.noGroups')}>
                <Select options={groups.map((g) => ({ value: g.id, label: g.name }))} data-testid="meeting-group" />
              </Form.Item>
            </Col>
          )}
          <Col xs={24}>
            <Form.Item
              name="inviteeMemberIds"
              label={audience === 'chosen' ? t('life.field.chosen') : t('life.field.invitees')}
              extra={can('members.read') ? t('life.inviteesHint') : t('life.inviteesNoAccess')}
              rules={audience === 'chosen' ? [{ required: true, type: 'array', min: 1, message: t('common.required') }] : []}
            >
              <Select mode="multiple" allowClear options={memberOptions} showSearch={{ optionFilterProp: 'label' }} loading={members.isFetching} data-testid="meeting-invitees" />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Drawer>
  );
}
