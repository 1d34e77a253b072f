/**
 * The meeting screen's check-in code: asks the server for a signed code,
 * shows its link (this site's origin + the path the server gives) as a QR
 * code, counts down, and asks for the next code before the current one
 * expires (refreshAfterSeconds). The countdown runs on this browser's own
 * clock from the moment the code arrived, so a screen whose clock is off
 * still refreshes in time. Who has checked in updates while it is open.
 */
import { CopyOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Modal, Progress, Space, Spin, Statistic, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../lib/forms.ts';
import { useIsMobile } from '../../lib/useIsMobile.ts';
import { useCheckInToken, type MeetingDetail } from './api.ts';
import { hm } from './common.tsx';
import { QrCode } from './QrCode.tsx';

/** Seconds since a moment (re-rendering every second). */
function useSecondsSince(since: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    setNow(Date.now());
    const id = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(id);
  }, [since]);
  return Math.max(0, Math.floor((now - since) / 1000));
}

export function CheckInPanel({ detail, onClose }: { detail: MeetingDetail; onClose(): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const isMobile = useIsMobile();
  const token = useCheckInToken(detail.meeting.id, true);
  const elapsed = useSecondsSince(token.dataUpdatedAt);
  const data = token.data;
  const url = data ? window.location.origin + data.url : '';
  const refreshIn = data ? Math.max(0, data.refreshAfterSeconds - elapsed) : 0;
  const validFor = data ? Math.max(0, data.ttlSeconds - elapsed) : 0;
  const present = detail.expected.filter((e) => e.attendance?.status === 'present');
  const recent = [...present].filter((e) => e.attendance?.method === 'qr').sort((a, b) => (b.attendance?.checkedInAt ?? '').localeCompare(a.attendance?.checkedInAt ?? '')).slice(0, 8);

  async function copy() {
    try {
      await navigator.clipboard.writeText(url);
      message.success(t('life.copied'));
    } catch {
      message.info(url);
    }
  }

  return (
    <Modal
      open
      title={t('life.checkin.title', { title: detail.meeting.title })}
      onCancel={onClose}
      footer={null}
      width={isMobile ? '100%' : 760}
      centered
      data-testid="checkin-panel"
    >
      {token.isError && (
        <Alert type="error" showIcon title={errorText(token.error)} style={{ marginBottom: 12 }} action={<Button onClick={() => void token.refetch()}>{t('common.retry')}</Button>} />
      )}
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 24, alignItems: 'flex-start', justifyContent: 'center' }}>
        <div style={{ textAlign: 'center', flex: '0 1 360px' }} data-testid="checkin-qr-box" data-url={url} data-expires-at={data?.expiresAt ?? ''}>
          {data ? <QrCode value={url} size={isMobile ? 260 : 340} testId="checkin-qr" title={t('life.checkin.scan')} /> : <Spin style={{ margin: 120 }} />}
          <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
            {t('life.checkin.scan')}
          </Typography.Paragraph>
        </div>
        <div style={{ flex: '1 1 240px', minWidth: 0 }}>
          <Space size={32} style={{ marginBottom: 12 }}>
            <Statistic title={t('life.checkin.present')} value={detail.summary.present} suffix={`/ ${detail.summary.expected}`} styles={{ content: { color: '#389e0d' } }} />
          </Space>
          {data && (
            <>
              <Progress percent={Math.round((refreshIn / data.refreshAfterSeconds) * 100)} showInfo={false} size="small" status="active" />
              <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }} data-testid="checkin-countdown">
                {t('life.checkin.refreshIn', { count: refreshIn })} · {t('life.checkin.validFor', { count: validFor })}
              </Typography.Paragraph>
            </>
          )}
          <Space wrap style={{ marginBottom: 12 }}>
            <Button icon={<ReloadOutlined />} onClick={() => void token.refetch()} loading={token.isFetching} data-testid="checkin-refresh">
              {t('life.checkin.newCode')}
            </Button>
            <Button icon={<CopyOutlined />} onClick={() => void copy()} disabled={!data}>
              {t('life.checkin.copyLink')}
            </Button>
          </Space>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, wordBreak: 'break-all' }} data-testid="checkin-link">
            {url}
          </Typography.Paragraph>
          {recent.length > 0 && (
            <>
              <Typography.Text strong>{t('life.checkin.recent')}</Typography.Text>
              <div data-testid="checkin-recent" style={{ marginTop: 4 }}>
                {recent.map((e) => (
                  <div key={e.memberId}>
                    {e.name} <Typography.Text type="secondary">{e.attendance?.checkedInAt ? hm(e.attendance.checkedInAt) : ''}</Typography.Text>
                  </div>
                ))}
              </div>
            </>
          )}
        </div>
      </div>
    </Modal>
  );
}
