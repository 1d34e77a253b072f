import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, DatePicker, Form, Input, Row, Segmented, Select, Space, Statistic, Table, Tag, Typography, type TableProps } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { GENDERS } from '../../../../src/domain/members.ts';
import { STAGES } from '../../../../src/domain/pipeline.ts';
import { apiUrl } from '../../lib/api.ts';
import { FormModal } from '../../lib/FormModal.tsx';
import { errorText } from '../../lib/forms.ts';
import { useLabels } from '../../lib/labels.ts';
import { useIsMobile } from '../../lib/useIsMobile.ts';
import { useSession } from '../auth/session.tsx';
import { SEVERITY_COLORS } from '../orgs/Findings.tsx';
import { useMemberMutations, usePipelineCounts, useReminders } from './api.ts';
import { EmployerSelect, fieldKey, OrgTreeSelect, RefusalAlert, refusalDetails, SourceList, STAGE_COLORS, ymd } from './common.tsx';
import type { Gender, ReminderItem } from './types.ts';

const WINDOWS = [30, 60, 90] as const;

type Row = ReminderItem & { orgId: number; orgName: string; key: string };

/** Member development across the caller's organizations: people per stage, deadlines due, and new applications. */
export function DevelopmentPage() {
  const { t } = useTranslation();
  const { l, lang } = useLabels();
  const { can } = useSession();
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const [orgId, setOrgId] = useState<number | undefined>(undefined);
  const [within, setWithin] = useState<number>(30);
  const [applying, setApplying] = useState(false);
  const counts = usePipelineCounts(orgId);
  const reminders = useReminders({ orgId, within });
  const rows: Row[] = (reminders.data?.items ?? []).flatMap((g) => g.deadlines.map((d, i) => ({ ...d, orgId: g.orgId, orgName: g.orgName, key: `${g.orgId}-${d.memberId}-${d.kind}-${i}` })));

  const columns: TableProps<Row>['columns'] = [
    {
      key: 'name',
      dataIndex: 'name',
      title: t('members.development.person'),
      render: (v: string, r) => (
        <Link to={`/members/${r.memberId}?tab=development`} data-testid={`reminder-member-${r.memberId}`}>
          {v}
        </Link>
      ),
    },
    { key: 'stage', dataIndex: 'status', title: t('members.development.stage'), render: (v: Row['status']) => <Tag color={STAGE_COLORS[v]}>{l('developmentStage', v)}</Tag> },
    {
      key: 'due',
      title: t('members.development.due'),
      render: (_: unknown, r) => (
        <Space size={4}>
          <Tag color={r.overdue ? 'red' : SEVERITY_COLORS[r.severity]}>{l('developmentDeadline', r.kind)}</Tag>
          {r.overdue && <Tag color="red">{t('members.development.overdue')}</Tag>}
        </Space>
      ),
    },
    { key: 'dueOn', dataIndex: 'dueOn', title: t('members.development.dueOn') },
    {
      key: 'details',
      title: t('members.development.details'),
      render: (_: unknown, r) => (
        <div style={{ whiteSpace: 'normal', minWidth: 260, maxWidth: 460 }}>
          <div>{r.message[lang]}</div>
          <SourceList names={r.sources} />
        </div>
      ),
    },
    { key: 'org', dataIndex: 'orgName', title: t('members.development.org'), render: (v: string) => <Typography.Text ellipsis style={{ maxWidth: 220 }}>{v}</Typography.Text> },
  ];

  return (
    <>
      <div style={{ display: 'flex', alignItems: 'center', gap: 8, flexWrap: 'wrap', marginBottom: 16 }}>
        <Typography.Title level={4} style={{ margin: 0, flex: 1, whiteSpace: 'nowrap' }} data-testid="development-title">
          {t('members.development.title')}
        </Typography.Title>
        <div style={{ width: isMobile ? '100%' : 320 }}>
          <OrgTreeSelect value={orgId} onChange={setOrgId} placeholder={t('members.list.orgPlaceholder')} testId="development-org" />
        </div>
        {can('development.write') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setApplying(true)} data-testid="application-new">
            {t('members.development.newApplication')}
          </Button>
        )}
      </div>
      <Typography.Title level={5}>{t('members.development.pipeline')}</Typography.Title>
      {counts.isError && <Alert type="error" showIcon title={errorText(counts.error)} style={{ marginBottom: 16 }} />}
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(104px, 1fr))', gap: 12, marginBottom: 8 }}>
        {STAGES.map((s) => (
          <Card key={s} size="small" data-testid={`pipeline-${s}`} hoverable onClick={() => navigate(`/members?stage=${s}${orgId ? `&orgId=${orgId}` : ''}`)}>
            <Statistic
              title={<Tag color={STAGE_COLORS[s]} style={{ whiteSpace: 'normal', marginInlineEnd: 0 }}>{l('memberStage', s)}</Tag>}
              value={counts.data?.counts[s] ?? '—'}
              loading={counts.isPending}
              styles={{ content: { fontSize: 28 } }}
            />
          </Card>
        ))}
      </div>
      {counts.data && (
        <Typography.Text type="secondary" data-testid="pipeline-in-development">
          {t('members.development.inDevelopment', { count: counts.data.inDevelopment })}
        </Typography.Text>
      )}
      <div style={{ display: 'flex', alignItems: 'center', gap: 8, flexWrap: 'wrap', margin: '20px 0 12px' }}>
        <Typography.Title level={5} style={{ margin: 0, flex: 1 }}>
          {t('members.development.reminders')}
        </Typography.Title>
        <Segmented
          value={within}
          onChange={(v) => setWithin(Number(v))}
          options={WINDOWS.map((d) => ({ value: d, label: t('members.development.within', { days: d }) }))}
          size={isMobile ? 'small' : 'middle'}
          data-testid="reminders-within"
        />
        <Button icon={<DownloadOutlined />} href={apiUrl('/development/reminders/export', { orgId, within, lang })}>
          {t('common.export')}
        </Button>
      </div>
      {reminders.isError && <Alert type="error" showIcon title={errorText(reminders.error)} style={{ marginBottom: 16 }} />}
      <Table<Row>
        rowKey="key"
        size="small"
        columns={columns}
        dataSource={rows}
        loading={reminders.isFetching}
        scroll={{ x: 'max-content' }}
        pagination={rows.length > 20 ? { pageSize: 20, simple: isMobile } : false}
        locale={{ emptyText: t('members.development.remindersNone') }}
        data-testid="reminders-table"
      />
      {applying && <ApplicationModal defaultOrgId={orgId} onClose={() => setApplying(false)} onCreated={(id) => navigate(`/members/${id}?tab=development`)} />}
    </>
  );
}

interface ApplicationValues {
  orgId: number;
  name: string;
  gender: Gender;
  residentId: string;
  phone?: string;
  employerUnitId?: number | null;
  appliedOn: Dayjs;
}

const APPLICATION_FIELDS = ['orgId', 'name', 'gender', 'residentId', 'phone', 'employerUnitId', 'appliedOn'] as const;

/** Records an application: the person, their member record as applicant, and the first step. */
export function ApplicationModal({ defaultOrgId, onClose, onCreated }: { defaultOrgId?: number | undefined; onClose(): void; onCreated(memberId: number): void }) {
  const { t } = useTranslation();
  const { options } = useLabels();
  const { message } = App.useApp();
  const { user } = useSession();
  const { apply } = useMemberMutations();
  const [refusal, setRefusal] = useState<unknown>(null);
  const f = (k: Parameters<typeof fieldKey>[0]) => t(fieldKey(k));
  return (
    <FormModal<ApplicationValues>
      title={t('members.development.applicationTitle')}
      hint={t('members.development.applicationHint')}
      fields={APPLICATION_FIELDS}
      testId="application-modal"
      initialValues={{ orgId: defaultOrgId ?? user?.scope.partyOrgId ?? undefined, gender: 'male', appliedOn: dayjs() }}
      onClose={onClose}
      onSubmit={async (v) => {
        setRefusal(null);
        try {
          const res = await apply.mutateAsync({
            orgId: v.orgId,
            name: v.name.trim(),
            gender: v.gender,
            residentId: v.residentId.trim().toUpperCase(),
            phone: v.phone?.trim() || null,
            employerUnitId: v.employerUnitId ?? null,
            appliedOn: ymd(v.appliedOn)!,
          });
          message.success(t('members.development.created', { name: res.name }));
          onCreated(res.memberId);
        } catch (err) {
          // A rule refusal (under age...) is shown with its source; the field errors go on the fields too.
          if (refusalDetails(err)) setRefusal(err);
          throw err;
        }
      }}
    >
      <RefusalAlert err={refusal} />
      <Form.Item name="orgId" label={f('orgId')} rules={[{ required: true, message: t('common.required') }]}>
        <OrgTreeSelect allowClear={false} testId="application-orgId" />
      </Form.Item>
      <Row gutter={12}>
        <Col xs={24} sm={14}>
          <Form.Item name="name" label={f('name')} rules={[{ required: true, whitespace: true, min: 2, message: t('common.required') }]}>
            <Input maxLength={50} data-testid="application-name" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={10}>
          <Form.Item name="gender" label={f('gender')} rules={[{ required: true, message: t('common.required') }]}>
            <Select options={options('gender', GENDERS)} data-testid="application-gender" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="residentId" label={f('residentId')} rules={[{ required: true, whitespace: true, message: t('common.required') }]} extra={t('members.form.residentIdExtra')}>
        <Input maxLength={30} autoComplete="off" style={{ fontFamily: 'monospace' }} data-testid="application-residentId" />
      </Form.Item>
      <Form.Item name="phone" label={f('phone')}>
        <Input maxLength={20} inputMode="tel" data-testid="application-phone" />
      </Form.Item>
      <Form.Item name="employerUnitId" label={f('employer')}>
        <EmployerSelect testId="application-employer" />
      </Form.Item>
      <Form.Item name="appliedOn" label={f('appliedOn')} rules={[{ required: true, message: t('common.required') }]}>
        <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} data-testid="application-appliedOn" />
      </Form.Item>
    </FormModal>
  );
}
