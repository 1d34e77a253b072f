import { CalendarOutlined, ClockCircleOutlined, EnvironmentOutlined, SendOutlined, TeamOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, DatePicker, Empty, Form, Input, List, Result, Skeleton, Space, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api, ApiError } from '../../lib/api.ts';
import { applyServerErrors, errorText } from '../../lib/forms.ts';
import { useLabels } from '../../lib/labels.ts';
import type { Page } from '../../lib/types.ts';
import { useSession } from '../auth/session.tsx';
import { StageWithDate, ymd } from '../members/common.tsx';
import { TRANSFER_COLORS } from '../members/TransfersTab.tsx';
import type { MeMember, MobileRecordDetail, Transfer } from '../members/types.ts';

/**
 * The member's own page, for a phone first: my stage and what comes next, my
 * organization, reporting while away, my transfers.
 */
export function MePage() {
  const { t } = useTranslation();
  const me = useQuery({ queryKey: ['me', 'member'], queryFn: ({ signal }) => api.get<MeMember>('/me/member', undefined, signal) });
  if (me.isError) {
    if (me.error instanceof ApiError && me.error.status === 404) {
      return <Result status="info" title={t('members.me.noMember')} subTitle={t('members.me.noMemberHint')} data-testid="me-no-member" />;
    }
    return <Alert type="error" showIcon title={errorText(me.error)} />;
  }
  if (!me.data) return <Skeleton active />;
  const d = me.data;
  return (
    <div style={{ maxWidth: 640, margin: '0 auto' }} data-testid="me-page">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('members.me.title')}
      </Typography.Title>
      {d.lostContactSince && <Alert type="warning" showIcon title={t('members.me.lost')} style={{ marginBottom: 12 }} />}
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <StageCard d={d} />
        <OrgCard d={d} />
        {d.mobile && <ReportCard />}
        <TransfersCard />
      </Space>
    </div>
  );
}

function StageCard({ d }: { d: MeMember }) {
  const { t } = useTranslation();
  const { lang } = useLabels();
  return (
    <Card size="small" title={t('members.me.stage')} data-testid="me-stage-card">
      <Space orientation="vertical" size={8} style={{ width: '100%' }}>
        <div style={{ fontSize: 18, fontWeight: 600 }}>{d.member.name}</div>
        <StageWithDate member={d.member} testId="me-stage" />
        <div>
          <Typography.Text type="secondary">{t('members.me.next')}{t('members.colon')}</Typography.Text>
          {/* A full member's development is over: the filing steps left belong to the organization. */}
          {d.nextSteps.length === 0 || d.member.stage === 'full' ? (
            <Typography.Text type="secondary">{t('members.me.nextNone')}</Typography.Text>
          ) : (
            <div data-testid="me-next">
              {d.nextSteps.slice(0, 3).map((n) => (
                <div key={n.step}>
                  <Typography.Text strong>{n.label[lang]}</Typography.Text>
                  {n.earliestOn && (
                    <Typography.Text type="secondary" style={{ marginInlineStart: 6, fontSize: 12 }}>
                      {t('members.me.since', { on: n.earliestOn })}
                    </Typography.Text>
                  )}
                </div>
              ))}
            </div>
          )}
        </div>
        {d.deadlines.length > 0 && (
          <div data-testid="me-deadlines">
            <Typography.Text type="secondary">{t('members.me.deadlines')}{t('members.colon')}</Typography.Text>
            {d.deadlines.map((x, i) => (
              <div key={i} style={{ display: 'flex', gap: 6, alignItems: 'baseline' }}>
                <ClockCircleOutlined style={{ color: x.overdue ? '#cf1322' : '#8c8c8c' }} />
                <span>
                  <strong>{x.on}</strong> {x.message ? x.message[lang] : t('members.me.nextReportDue')}
                  {x.overdue && (
                    <Tag color="red" style={{ marginInlineStart: 6 }}>
                      {t('members.status.overdue')}
                    </Tag>
                  )}
                </span>
              </div>
            ))}
          </div>
        )}
      </Space>
    </Card>
  );
}

function OrgCard({ d }: { d: MeMember }) {
  const { t } = useTranslation();
  const { l } = useLabels();
  const { can } = useSession();
  return (
    <Card size="small" title={t('members.me.org')} data-testid="me-org-card">
      <Space orientation="vertical" size={4}>
        <Space size={6} wrap>
          <TeamOutlined />
          <Typography.Text strong data-testid="me-org">
            {d.organization.name}
          </Typography.Text>
          <Tag>{l('orgKind', d.organization.kind)}</Tag>
        </Space>
        {d.organization.secretaryName && <Typography.Text type="secondary">{t('members.me.secretary', { name: d.organization.secretaryName })}</Typography.Text>}
        {can('life.read') && (
          <Link to="/me/meetings" data-testid="me-meetings">
            <CalendarOutlined /> {t('members.me.meetings')}
          </Link>
        )}
      </Space>
    </Card>
  );
}

function ReportCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ reportedOn?: Dayjs | null; location?: string; content: string }>();
  const [problems, setProblems] = useState<string[]>([]);
  const record = useQuery({ queryKey: ['me', 'mobile'], queryFn: ({ signal }) => api.get<{ record: MobileRecordDetail | null }>('/me/mobile', undefined, signal) });
  const send = useMutation({
    mutationFn: (body: { reportedOn?: string; location?: string | null; content: string }) => api.post<MobileRecordDetail>('/me/mobile/reports', body),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ['me'] });
    },
  });
  const r = record.data?.record;
  return (
    <Card size="small" title={t('members.me.report')} data-testid="me-report-card">
      {r && (
        <div style={{ marginBottom: 8 }}>
          <div style={{ display: 'flex', gap: 6, alignItems: 'baseline' }}>
            <EnvironmentOutlined />
            <span>{t('members.me.awayAt', { place: r.destination, on: r.leftOn })}</span>
          </div>
          {r.nextReportDue && (
            <Typography.Text type={r.overdue ? 'danger' : 'secondary'} data-testid="me-next-report">
              {t('members.me.nextReportDue')}{t('members.colon')}{r.nextReportDue}
              {r.overdue ? ` · ${t('members.status.overdue')}` : ''}
            </Typography.Text>
          )}
        </div>
      )}
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('members.me.reportHint')}
      </Typography.Paragraph>
      {problems.length > 0 && <Alert type="error" showIcon title={problems.join('；')} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ reportedOn: dayjs() }}
        onFinish={async (v) => {
          setProblems([]);
          try {
            await send.mutateAsync({ content: v.content.trim(), location: v.location?.trim() || null, ...(v.reportedOn && { reportedOn: ymd(v.reportedOn) }) });
            message.success(t('members.me.reported'));
            form.resetFields();
          } catch (err) {
            setProblems(applyServerErrors(form, err, ['reportedOn', 'location', 'content']));
          }
        }}
      >
        <Form.Item name="content" label={t('members.mobile.content')} rules={[{ required: true, whitespace: true, min: 2, message: t('common.required') }]}>
          <Input.TextArea rows={4} maxLength={4000} data-testid="me-report-content" />
        </Form.Item>
        <Space.Compact style={{ width: '100%' }} block>
          <Form.Item name="location" style={{ flex: 1, marginBottom: 12 }}>
            <Input maxLength={200} placeholder={t('members.mobile.location')} data-testid="me-report-location" />
          </Form.Item>
          <Form.Item name="reportedOn" style={{ width: 150, marginBottom: 12 }}>
            <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} allowClear={false} />
          </Form.Item>
        </Space.Compact>
        <Button type="primary" htmlType="submit" icon={<SendOutlined />} block loading={send.isPending} data-testid="me-report-submit">
          {t('members.me.reportSubmit')}
        </Button>
      </Form>
      {r && r.reports.length > 0 && (
        <List
          size="small"
          style={{ marginTop: 12 }}
          header={<Typography.Text type="secondary">{t('members.mobile.reports')}</Typography.Text>}
          dataSource={r.reports}
          renderItem={(x) => (
            <List.Item style={{ paddingInline: 0 }} data-testid="me-report-item">
              <div style={{ minWidth: 0 }}>
                <Typography.Text strong>{x.reportedOn}</Typography.Text>
                {x.location && <Typography.Text type="secondary"> · {x.location}</Typography.Text>}
                <div style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{x.content}</div>
              </div>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

function TransfersCard() {
  const { t } = useTranslation();
  const { l } = useLabels();
  const list = useQuery({ queryKey: ['me', 'transfers'], queryFn: ({ signal }) => api.get<Page<Transfer>>('/me/transfers', undefined, signal) });
  return (
    <Card size="small" title={t('members.me.transfers')} data-testid="me-transfers-card">
      {list.isError && <Alert type="error" showIcon title={errorText(list.error)} />}
      {list.data && list.data.items.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('members.me.transfersNone')} />}
      {list.data?.items.map((x) => (
        <div key={x.id} style={{ padding: '6px 0', borderBottom: '1px solid #f0f0f0' }}>
          <Space size={6} wrap>
            <Tag color={TRANSFER_COLORS[x.status]}>{l('transferStatus', x.status)}</Tag>
            <span>
              {x.fromOrg.name} → {x.toOrg?.name ?? x.destination}
            </span>
          </Space>
          <div style={{ fontSize: 12, color: 'rgba(0,0,0,.55)' }}>
            {x.requestedOn}
            {x.letterNo ? ` · ${t('members.transfer.letterNo')} ${x.letterNo}` : ''}
            {x.validUntil ? ` · ${t('members.transfer.validUntil')} ${x.validUntil}` : ''}
            {x.expired ? ` · ${t('members.transfer.expired')}` : ''}
          </div>
        </div>
      ))}
    </Card>
  );
}
