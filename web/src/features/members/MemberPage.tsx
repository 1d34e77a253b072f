import { ArrowLeftOutlined, EditOutlined, EyeOutlined, StopOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Descriptions, Form, Input, Modal, Result, Select, Skeleton, Space, Tabs, Tag, Typography, type DescriptionsProps } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { CLOSE_REASONS, MEMBER_FLAGS } from '../../../../src/domain/members.ts';
import { api, ApiError } from '../../lib/api.ts';
import { FormModal } from '../../lib/FormModal.tsx';
import { applyServerErrors, errorText } from '../../lib/forms.ts';
import { DASH, dateTime, orDash } from '../../lib/format.ts';
import { useLabels } from '../../lib/labels.ts';
import { useIsMobile } from '../../lib/useIsMobile.ts';
import { useSession } from '../auth/session.tsx';
import { useMember, useMemberMutations } from './api.ts';
import { fieldKey, StageWithDate, ymd } from './common.tsx';
import { DevelopmentTab } from './DevelopmentTab.tsx';
import { LostContactTab } from './LostContactTab.tsx';
import { MemberFormDrawer } from './MemberFormDrawer.tsx';
import { MobileTab } from './MobileTab.tsx';
import { TransfersTab } from './TransfersTab.tsx';
import type { MemberDetail } from './types.ts';

const TABS = ['overview', 'development', 'transfers', 'mobile', 'lostContact'] as const;
type TabKey = (typeof TABS)[number];

/** One member: personal data (masked, revealed on purpose), flags, stage dates, and their development, transfers, time away and contact. */
export function MemberPage() {
  const { t } = useTranslation();
  const { l } = useLabels();
  const { can } = useSession();
  const isMobile = useIsMobile();
  const id = Number(useParams().id) || null;
  const [sp, setSp] = useSearchParams();
  const tab: TabKey = (TABS as readonly string[]).includes(sp.get('tab') ?? '') ? (sp.get('tab') as TabKey) : 'overview';
  const member = useMember(id);
  const [editing, setEditing] = useState(false);
  const [closing, setClosing] = useState(false);
  const m = member.data;

  if (member.isError) {
    const notFound = member.error instanceof ApiError && member.error.status === 404;
    return <Result status={notFound ? '404' : 'error'} title={notFound ? t('members.detail.notFound') : t('common.loadFailed')} subTitle={notFound ? undefined : errorText(member.error)} extra={<Link to="/members">{t('members.detail.back')}</Link>} />;
  }
  if (!m) return <Skeleton active />;

  const writable = can('members.write') && m.status !== 'closed';
  const tabs = [
    { key: 'overview', label: t('members.detail.tabs.overview'), children: <Overview member={m} /> },
    ...(can('development.read') ? [{ key: 'development', label: t('members.detail.tabs.development'), children: <DevelopmentTab member={m} /> }] : []),
    { key: 'transfers', label: t('members.detail.tabs.transfers'), children: <TransfersTab member={m} /> },
    { key: 'mobile', label: t('members.detail.tabs.mobile'), children: <MobileTab member={m} /> },
    { key: 'lostContact', label: t('members.detail.tabs.lostContact'), children: <LostContactTab member={m} /> },
  ];

  return (
    <>
      <div style={{ marginBottom: 8 }}>
        <Link to="/members" data-testid="member-back">
          <ArrowLeftOutlined /> {t('members.detail.back')}
        </Link>
      </div>
      <div style={{ display: 'flex', alignItems: 'center', gap: 8, flexWrap: 'wrap', marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="member-title">
          {m.name}
        </Typography.Title>
        <StageWithDate member={m} testId="member-stage" />
        {m.status !== 'active' && <Tag color={m.status === 'suspended' ? 'orange' : 'default'}>{l('memberStatus', m.status)}</Tag>}
        {m.isMobile && <Tag color="cyan">{t('members.list.mobileFlag')}</Tag>}
        <div style={{ flex: 1 }} />
        {writable && (
          <Space wrap>
            <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="member-edit">
              {t('members.detail.edit')}
            </Button>
            <Button danger icon={<StopOutlined />} onClick={() => setClosing(true)} data-testid="member-close">
              {t('members.detail.close')}
            </Button>
          </Space>
        )}
      </div>
      <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 12 }}>
        {m.orgName}
        {m.employerUnitName ? ` · ${m.employerUnitName}` : ''}
      </Typography.Text>
      {m.status === 'closed' && (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('members.detail.closedAlert', { on: m.closedOn ?? '', reason: m.closedReason ? l('memberCloseReason', m.closedReason) : '' })} />
      )}
      {m.lostContactSince && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={t('members.detail.lostAlert', { on: m.lostContactSince })} data-testid="member-lost-alert" />}
      {m.openTransferId !== null && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('members.detail.transferAlert')} />}
      <Card size="small" styles={{ body: { paddingTop: 0 } }}>
        <Tabs
          activeKey={tab}
          onChange={(k) => {
            const next = new URLSearchParams(sp);
            if (k === 'overview') next.delete('tab');
            else next.set('tab', k);
            setSp(next, { replace: true });
          }}
          items={tabs.map((x) => ({ ...x, label: <span data-testid={`member-tab-${x.key}`}>{x.label}</span> }))}
          size={isMobile ? 'small' : 'middle'}
          destroyOnHidden
        />
      </Card>
      {editing && <MemberFormDrawer member={m} onClose={() => setEditing(false)} />}
      {closing && <CloseMemberModal member={m} onClose={() => setClosing(false)} />}
    </>
  );
}

function Overview({ member: m }: { member: MemberDetail }) {
  const { t } = useTranslation();
  const { l } = useLabels();
  const { can } = useSession();
  const isMobile = useIsMobile();
  const [revealing, setRevealing] = useState<'residentId' | 'phone' | null>(null);
  const f = (k: Parameters<typeof fieldKey>[0]) => t(fieldKey(k));
  const canReveal = can('members.reveal');
  const masked = (field: 'residentId' | 'phone') => (
    <Space size={8} wrap>
      <span style={{ fontFamily: 'monospace' }} data-testid={`member-${field}`}>
        {orDash(m[field])}
      </span>
      {canReveal && m[field] && (
        <Button size="small" type="link" icon={<EyeOutlined />} onClick={() => setRevealing(field)} style={{ padding: 0 }} data-testid={`reveal-${field}`}>
          {t('members.detail.reveal')}
        </Button>
      )}
    </Space>
  );
  const flags = MEMBER_FLAGS.filter((k) => m.flags[k]);
  const d = m.stageDates;
  const items: DescriptionsProps['items'] = [
    { key: 'name', label: f('name'), children: m.name },
    { key: 'gender', label: f('gender'), children: orDash(l('gender', m.gender)) },
    { key: 'residentId', label: f('residentId'), children: masked('residentId') },
    { key: 'age', label: f('age'), children: orDash(m.age) },
    { key: 'phone', label: f('phone'), children: masked('phone') },
    { key: 'ethnicity', label: f('ethnicity'), children: orDash(m.ethnicity) },
    { key: 'education', label: f('education'), children: orDash(l('education', m.education)) },
    { key: 'occupation', label: f('occupation'), children: orDash(l('occupation', m.occupation)) },
    { key: 'org', label: f('org'), children: m.orgName },
    { key: 'employer', label: f('employer'), children: orDash(m.employerUnitName) },
    { key: 'position', label: f('position'), children: (
        <Space size={6} wrap>
          {orDash(m.position)}
          {m.inUnitManagement && <Tag>{f('inUnitManagement')}</Tag>}
        </Space>
      ) },
    {
      key: 'flags',
      label: f('flags'),
      children: flags.length ? (
        <Space size={4} wrap>
          {flags.map((k) => (
            <Tag key={k} color="gold">
              {l('memberFlag', k)}
            </Tag>
          ))}
        </Space>
      ) : (
        DASH
      ),
    },
    { key: 'appliedOn', label: f('appliedOn'), children: orDash(d.appliedOn) },
    { key: 'activistOn', label: f('activistOn'), children: orDash(d.activistOn) },
    { key: 'candidateOn', label: f('candidateOn'), children: orDash(d.candidateOn) },
    { key: 'admittedOn', label: f('admittedOn'), children: orDash(d.admittedOn) },
    { key: 'probationUntil', label: f('probationUntil'), children: orDash(d.probationUntil) },
    { key: 'fullOn', label: f('fullOn'), children: orDash(d.fullOn) },
    { key: 'lastContactOn', label: f('lastContactOn'), children: orDash(m.lastContactOn) },
    { key: 'status', label: f('status'), children: l('memberStatus', m.status) + (m.closedReason ? `（${l('memberCloseReason', m.closedReason)}，${m.closedOn ?? ''}）` : '') },
    { key: 'createdAt', label: f('createdAt'), children: dateTime(m.createdAt) },
  ];
  return (
    <>
      <Descriptions items={items} column={isMobile ? 1 : 2} size="small" bordered data-testid="member-details" />
      {revealing && <RevealModal member={m} field={revealing} onClose={() => setRevealing(null)} />}
    </>
  );
}

/** The full resident ID or phone, for a stated reason: shown once here, audited on the server. */
function RevealModal({ member, field, onClose }: { member: MemberDetail; field: 'residentId' | 'phone'; onClose(): void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason: string }>();
  const [value, setValue] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const label = t(fieldKey(field));
  async function onFinish(v: { reason: string }) {
    setBusy(true);
    setProblems([]);
    try {
      const res = await api.post<{ field: string; value: string }>(`/members/${member.id}/reveal`, { field, reason: v.reason.trim() });
      setValue(res.value);
    } catch (err) {
      setProblems(applyServerErrors(form, err, ['reason']));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Modal
      open
      title={t('members.detail.revealTitle', { field: label })}
      onCancel={onClose}
      mask={{ closable: value !== null }}
      footer={
        value === null ? (
          <Space>
            <Button onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="primary" loading={busy} onClick={() => form.submit()} data-testid="reveal-modal-ok">
              {t('members.detail.revealDo')}
            </Button>
          </Space>
        ) : (
          <Button type="primary" onClick={onClose} data-testid="reveal-modal-done">
            {t('common.confirm')}
          </Button>
        )
      }
      data-testid="reveal-modal"
    >
      {value === null ? (
        <>
          <Alert type="info" showIcon title={t('members.detail.revealHint')} style={{ marginBottom: 16 }} />
          {problems.length > 0 && <Alert type="error" showIcon title={problems.join('；')} style={{ marginBottom: 16 }} />}
          <Form form={form} layout="vertical" onFinish={onFinish}>
            <Form.Item name="reason" label={t('members.detail.revealReason')} rules={[{ required: true, whitespace: true, min: 2, message: t('common.required') }]}>
              <Input maxLength={200} placeholder={t('members.detail.revealReasonPlaceholder')} data-testid="reveal-reason" />
            </Form.Item>
          </Form>
        </>
      ) : (
        <Alert
          type="warning"
          showIcon
          title={t('members.detail.revealShown', { field: label })}
          description={
            <Typography.Text copyable strong style={{ fontFamily: 'monospace', fontSize: 18 }} data-testid="revealed-value">
              {value}
            </Typography.Text>
          }
        />
      )}
    </Modal>
  );
}

function CloseMemberModal({ member, onClose }: { member: MemberDetail; onClose(): void }) {
  const { t } = useTranslation();
  const { options } = useLabels();
  const { message } = App.useApp();
  const { close } = useMemberMutations();
  return (
    <FormModal<{ reason: string; closedOn?: Dayjs | null; note?: string }>
      title={t('members.closeForm.title')}
      hint={t('members.closeForm.hint')}
      fields={['reason', 'closedOn', 'note']}
      danger
      okText={t('members.detail.close')}
      testId="member-close-modal"
      initialValues={{ closedOn: dayjs() }}
      onClose={onClose}
      onSubmit={async (v) => {
        await close.mutateAsync({ id: member.id, reason: v.reason, ...(v.closedOn && { closedOn: ymd(v.closedOn) }), ...(v.note?.trim() && { note: v.note.trim() }) });
        message.success(t('members.closeForm.done'));
      }}
    >
      <Form.Item name="reason" label={t('members.closeForm.reason')} rules={[{ required: true, message: t('common.required') }]}>
        <Select options={options('memberCloseReason', CLOSE_REASONS)} data-testid="close-reason" />
      </Form.Item>
      <Form.Item name="closedOn" label={t('members.closeForm.closedOn')}>
        <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
      </Form.Item>
      <Form.Item name="note" label={t('members.field.note')}>
        <Input.TextArea maxLength={500} rows={3} />
      </Form.Item>
    </FormModal>
  );
}
