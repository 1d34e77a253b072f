/**
 * /life/meetings/:id — one meeting: the plan, the check-in QR for the screen,
 * attendance and roll call, minutes (lock, amendments beside the original),
 * attachments, and the printable page.
 */
import { ArrowLeftOutlined, EditOutlined, PaperClipOutlined, PrinterOutlined, QrcodeOutlined, StopOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Descriptions, Empty, Form, Input, List, Result, Row, Skeleton, Space, Statistic, Tag, Tooltip, Typography, type DescriptionsProps } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../../lib/api.ts';
import { FormModal } from '../../lib/FormModal.tsx';
import { errorText } from '../../lib/forms.ts';
import { dateTime } from '../../lib/format.ts';
import { useLabels } from '../../lib/labels.ts';
import { useIsMobile } from '../../lib/useIsMobile.ts';
import { useSession } from '../auth/session.tsx';
import { attachmentUrl, printUrl, useMeeting, useMeetingMutations, type MeetingDetail } from './api.ts';
import { CheckInPanel } from './CheckInPanel.tsx';
import { CountsTag, districtDate, KindTag, MeetingStatusTag, timeRange } from './common.tsx';
import { MeetingDrawer } from './MeetingDrawer.tsx';
import { MinutesSection } from './Minutes.tsx';
import { RollCall } from './RollCall.tsx';

/** What the server takes as an attachment (src/modules/standardization/files.ts: type checked by the bytes, 5 MB). */
const EVIDENCE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'];
const EVIDENCE_MAX_BYTES = 5 * 1024 * 1024;

function size(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

function Attachments({ detail, editable }: { detail: MeetingDetail; editable: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { upload } = useMeetingMutations();
  const input = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string | null>(null);
  const id = detail.meeting.id;

  async function onFile(file: File | undefined) {
    if (!file) return;
    setError(null);
    if (file.size > EVIDENCE_MAX_BYTES) {
      setError(t('life.attachments.tooLarge', { mb: EVIDENCE_MAX_BYTES / 1024 / 1024 }));
      return;
    }
    try {
      await upload.mutateAsync({ id, file });
      message.success(t('life.attachments.uploaded', { name: file.name }));
    } catch (err) {
      setError(errorText(err));
    } finally {
      if (input.current) input.current.value = '';
    }
  }

  return (
    <div data-testid="attachments">
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 8 }} />}
      {detail.attachments.length ? (
        <List
          size="small"
          dataSource={detail.attachments}
          renderItem={(a) => (
            <List.Item key={a.id}>
              <Space wrap>
                <PaperClipOutlined />
                <Typography.Link href={attachmentUrl(id, a.id)} target="_blank" rel="noreferrer" data-testid={`attachment-${a.id}`}>
                  {a.name}
                </Typography.Link>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {size(a.size)} · {dateTime(a.createdAt).slice(0, 16)}
                </Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      ) : (
        <Typography.Paragraph type="secondary">{t('life.attachments.none')}</Typography.Paragraph>
      )}
      {editable && (
        <>
          <input ref={input} type="file" accept={EVIDENCE_TYPES.join(',')} hidden onChange={(e) => void onFile(e.target.files?.[0])} data-testid="attachment-input" />
          <Button icon={<UploadOutlined />} loading={upload.isPending} onClick={() => input.current?.click()} data-testid="attachment-upload">
            {t('life.attachments.upload')}
          </Button>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '6px 0 0' }}>
            {t('life.attachments.hint', { mb: EVIDENCE_MAX_BYTES / 1024 / 1024 })}
          </Typography.Paragraph>
        </>
      )}
    </div>
  );
}

function CancelModal({ id, onClose }: { id: number; onClose(): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { cancel } = useMeetingMutations();
  return (
    <FormModal<{ reason: string }>
      title={t('life.cancelMeeting')}
      fields={['reason']}
      danger
      okText={t('life.cancelMeeting')}
      testId="cancel-meeting"
      hint={t('life.cancelHint')}
      onClose={onClose}
      onSubmit={async (v) => {
        await cancel.mutateAsync({ id, reason: v.reason.trim() });
        message.success(t('life.cancelled'));
      }}
    >
      <Form.Item name="reason" label={t('life.cancelReason')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
        <Input.TextArea rows={3} maxLength={500} data-testid="cancel-reason" />
      </Form.Item>
    </FormModal>
  );
}

export function MeetingPage() {
  const { t } = useTranslation();
  const { l, lang } = useLabels();
  const { can } = useSession();
  const isMobile = useIsMobile();
  const id = Number(useParams().id) || null;
  const [qrOpen, setQrOpen] = useState(false);
  const [editing, setEditing] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const q = useMeeting(id, qrOpen);

  if (q.isPending) return <Skeleton active />;
  if (q.isError || !q.data) {
    const notFound = q.error instanceof ApiError && q.error.status === 404;
    return <Result status={notFound ? '404' : 'error'} title={notFound ? t('life.meetingNotFound') : t('common.loadFailed')} subTitle={errorText(q.error)} extra={<Link to="/life">{t('life.backToCalendar')}</Link>} />;
  }
  const detail = q.data;
  const m = detail.meeting;
  const locked = m.minutesLocked;
  const cancelled = m.status === 'cancelled';
  const canWrite = can('life.write');
  const changeable = canWrite && !locked && !cancelled;
  const hasAttendance = detail.expected.some((e) => e.attendance) || detail.summary.present > 0;

  const info: DescriptionsProps['items'] = [
    { key: 'org', label: t('life.field.orgId'), children: m.orgName },
    { key: 'when', label: t('life.field.when'), children: <span data-testid="meeting-when">{timeRange(m.startsAt, m.endsAt)}</span> },
    { key: 'place', label: t('life.field.place'), children: [m.positionName, m.place].filter(Boolean).join(' · ') || '—' },
    { key: 'host', label: t('life.field.host'), children: m.hostName ?? '—' },
    { key: 'audience', label: t('life.field.audience'), children: `${l('audience', m.audience)}${m.audienceGroupName ? `（${m.audienceGroupName}）` : ''}` },
    ...(m.topic ? [{ key: 'topic', label: t('life.field.topic'), children: <span style={{ whiteSpace: 'pre-wrap' }}>{m.topic}</span>, span: isMobile ? 1 : 2 }] : []),
    ...(cancelled ? [{ key: 'cancelled', label: t('life.cancelReason'), children: m.cancelledReason ?? '—' }] : []),
  ];
  const s = detail.summary;

  return (
    <div data-testid="meeting-page" data-meeting-id={m.id}>
      <Space style={{ marginBottom: 8 }}>
        <Link to={`/life?month=${districtDate(m.startsAt).slice(0, 7)}`}>
          <ArrowLeftOutlined /> {t('life.backToCalendar')}
        </Link>
      </Space>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, justifyContent: 'space-between', alignItems: 'flex-start', marginBottom: 16 }}>
        <div style={{ minWidth: 0 }}>
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="meeting-title">
            {m.title}
          </Typography.Title>
          <Space size={[0, 4]} wrap style={{ marginTop: 6 }}>
            <KindTag kind={m.kind} />
            <MeetingStatusTag status={m.status} />
            <CountsTag meeting={m} />
            {locked && <Tag color="gold">{t('life.minutes.lockedTag')}</Tag>}
          </Space>
        </div>
        <Space wrap>
          {changeable && (
            <Button type="primary" icon={<QrcodeOutlined />} onClick={() => setQrOpen(true)} data-testid="show-checkin-qr">
              {t('life.checkin.show')}
            </Button>
          )}
          {changeable && (
            <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="edit-meeting">
              {t('common.edit')}
            </Button>
          )}
          {changeable && (
            <Tooltip title={hasAttendance ? t('life.cannotCancel') : undefined}>
              <Button danger icon={<StopOutlined />} disabled={hasAttendance} onClick={() => setCancelling(true)} data-testid="cancel-meeting-button">
                {t('life.cancelMeeting')}
              </Button>
            </Tooltip>
          )}
          <Button icon={<PrinterOutlined />} href={printUrl(m.id, lang)} target="_blank" rel="noreferrer" data-testid="print-meeting">
            {t('life.print')}
          </Button>
        </Space>
      </div>

      {cancelled && <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('life.cancelledNote', { reason: m.cancelledReason ?? '—' })} />}

      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions items={info} column={isMobile ? 1 : 2} size="small" data-testid="meeting-info" />
      </Card>

      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('life.attendance')} data-testid="attendance-card">
            <Row gutter={8} style={{ marginBottom: 8 }}>
              {(['expected', 'present', 'leave', 'absent', 'unmarked'] as const).map((k) => (
                <Col key={k} span={k === 'expected' ? 6 : 4} style={{ minWidth: 56 }}>
                  <Statistic title={t(`life.summary.${k}`)} value={s[k]} styles={{ content: { fontSize: 20 } }} data-testid={`summary-${k}`} />
                </Col>
              ))}
            </Row>
            {detail.quorum && (
              <Alert
                type={detail.quorum.met ? 'success' : 'warning'}
                showIcon
                style={{ marginBottom: 8 }}
                title={t('life.quorum', { present: detail.quorum.present, size: detail.quorum.committeeSize, needed: detail.quorum.needed })}
              />
            )}
            <RollCall detail={detail} editable={changeable} />
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('life.minutes.title')} style={{ marginBottom: 16 }} data-testid="minutes-card">
            <MinutesSection key={`${m.id}-${locked}`} detail={detail} editable={canWrite} />
          </Card>
          <Card size="small" title={t('life.attachments.title')}>
            {detail.attachments.length || changeable ? <Attachments detail={detail} editable={changeable} /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('life.attachments.none')} />}
          </Card>
        </Col>
      </Row>

      {qrOpen && <CheckInPanel detail={detail} onClose={() => setQrOpen(false)} />}
      {editing && <MeetingDrawer detail={detail} onClose={() => setEditing(false)} />}
      {cancelling && <CancelModal id={m.id} onClose={() => setCancelling(false)} />}
    </div>
  );
}
