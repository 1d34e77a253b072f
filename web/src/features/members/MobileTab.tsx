import { PlusOutlined, RollbackOutlined } from '@ant-design/icons';
import { Alert, App, Button, DatePicker, Descriptions, Empty, Form, Input, InputNumber, List, Select, Skeleton, Space, Tag, Typography, type DescriptionsProps } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MOBILE_MODES } from '../../../../src/domain/members.ts';
import { FormModal } from '../../lib/FormModal.tsx';
import { errorText } from '../../lib/forms.ts';
import { orDash } from '../../lib/format.ts';
import { useLabels } from '../../lib/labels.ts';
import { useIsMobile } from '../../lib/useIsMobile.ts';
import { useSession } from '../auth/session.tsx';
import { useMemberMutations, useMobileRecord } from './api.ts';
import { OrgTreeSelect, ymd } from './common.tsx';
import type { MemberDetail, MobileMode, MobileRecordDetail } from './types.ts';

/** Whether the member is away: the open mobile record with its reports, or the form to record leaving. */
export function MobileTab({ member }: { member: MemberDetail }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const record = useMobileRecord(member.openMobileRecordId);
  const [starting, setStarting] = useState(false);
  const canWrite = can('members.write') && member.status === 'active';
  if (member.openMobileRecordId === null) {
    return (
      <>
        <Empty description={t('members.mobile.notAway')} image={Empty.PRESENTED_IMAGE_SIMPLE}>
          {canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setStarting(true)} data-testid="mobile-start">
              {t('members.mobile.start')}
            </Button>
          )}
        </Empty>
        {starting && <StartMobileModal member={member} onClose={() => setStarting(false)} />}
      </>
    );
  }
  if (record.isError) return <Alert type="error" showIcon title={errorText(record.error)} />;
  if (!record.data) return <Skeleton active />;
  return <MobileRecordView record={record.data} canWrite={canWrite} />;
}

export function MobileRecordView({ record: r, canWrite }: { record: MobileRecordDetail; canWrite: boolean }) {
  const { t } = useTranslation();
  const { l } = useLabels();
  const { message } = App.useApp();
  const isMobile = useIsMobile();
  const { mobileReturn } = useMemberMutations();
  const [reporting, setReporting] = useState(false);
  const [returning, setReturning] = useState(false);
  const items: DescriptionsProps['items'] = [
    { key: 'destination', label: t('members.mobile.destination'), children: r.destination },
    { key: 'leftOn', label: t('members.mobile.leftOn'), children: r.leftOn },
    { key: 'reason', label: t('members.mobile.reason'), children: r.reason },
    { key: 'expectedUntil', label: t('members.mobile.expectedUntil'), children: orDash(r.expectedUntil) },
    { key: 'certificateNo', label: t('members.mobile.certificateNo'), children: orDash(r.certificateNo) },
    { key: 'hostOrg', label: t('members.mobile.hostOrg'), children: r.hostOrg ? `${r.hostOrg.name}${r.mode ? `（${l('mobileMode', r.mode)}）` : ''}` : '—' },
    { key: 'every', label: t('members.mobile.reportEveryMonths'), children: r.reportEveryMonths },
    { key: 'last', label: t('members.mobile.lastReportOn'), children: orDash(r.lastReportOn) },
    {
      key: 'next',
      label: t('members.mobile.nextReportDue'),
      children: (
        <Space size={6}>
          {orDash(r.nextReportDue)}
          {r.overdue && <Tag color="red">{t('members.mobile.overdue')}</Tag>}
        </Space>
      ),
    },
  ];
  return (
    <div data-testid="mobile-record">
      {r.shouldTransfer && <Alert type="warning" showIcon title={t('members.mobile.shouldTransfer')} style={{ marginBottom: 12 }} />}
      <Descriptions items={items} column={isMobile ? 1 : 2} size="small" bordered />
      {canWrite && r.returnedOn === null && (
        <Space wrap style={{ marginTop: 12 }}>
          <Button icon={<PlusOutlined />} onClick={() => setReporting(true)} data-testid="mobile-report">
            {t('members.mobile.report')}
          </Button>
          <Button icon={<RollbackOutlined />} onClick={() => setReturning(true)} data-testid="mobile-return">
            {t('members.mobile.return')}
          </Button>
        </Space>
      )}
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('members.mobile.reports')}
      </Typography.Title>
      <List
        size="small"
        dataSource={r.reports}
        locale={{ emptyText: t('members.mobile.reportsNone') }}
        renderItem={(x) => (
          <List.Item style={{ paddingInline: 0 }}>
            <div>
              <Space size={6}>
                <strong>{x.reportedOn}</strong>
                {x.location && <Typography.Text type="secondary">{x.location}</Typography.Text>}
              </Space>
              <div style={{ whiteSpace: 'pre-wrap' }}>{x.content}</div>
            </div>
          </List.Item>
        )}
        data-testid="mobile-reports"
      />
      {reporting && <ReportModal recordId={r.id} onClose={() => setReporting(false)} />}
      {returning && (
        <FormModal<{ returnedOn?: Dayjs | null }>
          title={t('members.mobile.returnTitle')}
          fields={['returnedOn']}
          initialValues={{ returnedOn: dayjs() }}
          onClose={() => setReturning(false)}
          onSubmit={async (v) => {
            await mobileReturn.mutateAsync({ recordId: r.id, ...(v.returnedOn && { returnedOn: ymd(v.returnedOn) }) });
            message.success(t('common.saved'));
          }}
        >
          <Form.Item name="returnedOn" label={t('members.mobile.returnedOn')}>
            <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
          </Form.Item>
        </FormModal>
      )}
    </div>
  );
}

function ReportModal({ recordId, onClose }: { recordId: number; onClose(): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { mobileReport } = useMemberMutations();
  return (
    <FormModal<{ reportedOn?: Dayjs | null; location?: string; content: string }>
      title={t('members.mobile.reportTitle')}
      fields={['reportedOn', 'location', 'content']}
      initialValues={{ reportedOn: dayjs() }}
      onClose={onClose}
      testId="mobile-report-modal"
      onSubmit={async (v) => {
        await mobileReport.mutateAsync({ recordId, content: v.content.trim(), location: v.location?.trim() || null, ...(v.reportedOn && { reportedOn: ymd(v.reportedOn) }) });
        message.success(t('common.saved'));
      }}
    >
      <Form.Item name="reportedOn" label={t('members.mobile.reportedOn')}>
        <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
      </Form.Item>
      <Form.Item name="location" label={t('members.mobile.location')}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="content" label={t('members.mobile.content')} rules={[{ required: true, whitespace: true, min: 2, message: t('common.required') }]}>
        <Input.TextArea rows={4} maxLength={4000} />
      </Form.Item>
    </FormModal>
  );
}

function StartMobileModal({ member, onClose }: { member: MemberDetail; onClose(): void }) {
  const { t } = useTranslation();
  const { options } = useLabels();
  const { message } = App.useApp();
  const { startMobile } = useMemberMutations();
  type V = {
    destination: string;
    reason: string;
    leftOn: Dayjs;
    expectedUntil?: Dayjs | null;
    certificateNo?: string;
    hostOrgId?: number;
    mode?: MobileMode;
    reportEveryMonths?: number | null;
  };
  return (
    <FormModal<V>
      title={t('members.mobile.startTitle')}
      hint={t('members.mobile.startHint')}
      fields={['destination', 'reason', 'leftOn', 'expectedUntil', 'certificateNo', 'hostOrgId', 'mode', 'reportEveryMonths']}
      initialValues={{ leftOn: dayjs(), reportEveryMonths: 3 }}
      testId="mobile-start-modal"
      onClose={onClose}
      onSubmit={async (v) => {
        await startMobile.mutateAsync({
          id: member.id,
          destination: v.destination.trim(),
          reason: v.reason.trim(),
          leftOn: ymd(v.leftOn),
          expectedUntil: ymd(v.expectedUntil) ?? null,
          certificateNo: v.certificateNo?.trim() || null,
          hostOrgId: v.hostOrgId ?? null,
          mode: v.mode ?? null,
          ...(v.reportEveryMonths && { reportEveryMonths: v.reportEveryMonths }),
        });
        message.success(t('common.saved'));
      }}
    >
      <Form.Item name="destination" label={t('members.mobile.destination')} rules={[{ required: true, whitespace: true, min: 2, message: t('common.required') }]}>
        <Input maxLength={200} data-testid="mobile-destination" />
      </Form.Item>
      <Form.Item name="reason" label={t('members.mobile.reason')} rules={[{ required: true, whitespace: true, min: 2, message: t('common.required') }]}>
        <Input maxLength={500} data-testid="mobile-reason" />
      </Form.Item>
      <Form.Item name="leftOn" label={t('members.mobile.leftOn')} rules={[{ required: true, message: t('common.required') }]}>
        <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
      </Form.Item>
      <Form.Item name="expectedUntil" label={t('members.mobile.expectedUntil')}>
        <DatePicker style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="certificateNo" label={t('members.mobile.certificateNo')}>
        <Input maxLength={50} />
      </Form.Item>
      <Form.Item name="hostOrgId" label={t('members.mobile.hostOrg')}>
        <OrgTreeSelect />
      </Form.Item>
      <Form.Item name="mode" label={t('members.mobile.mode')}>
        <Select allowClear options={options('mobileMode', MOBILE_MODES)} />
      </Form.Item>
      <Form.Item name="reportEveryMonths" label={t('members.mobile.reportEveryMonths')} extra={t('members.mobile.reportEveryExtra')}>
        <InputNumber min={1} max={12} precision={0} style={{ width: '100%' }} />
      </Form.Item>
    </FormModal>
  );
}
