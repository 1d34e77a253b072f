/**
 * /m/check-in?t=… — where the QR code on the meeting's screen leads. Phone
 * first (375px): after login (RequireAuth brings the member back here with
 * the code) it posts the code once and shows either the meeting checked in
 * to, or what went wrong in plain words — above all "the code has expired:
 * scan the new one on the screen".
 */
import { CheckCircleFilled } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Button, Card, Result, Spin, Typography } from 'antd';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { api, ApiError } from '../../lib/api.ts';
import { useSession, useUser } from '../auth/session.tsx';
import { LanguageSwitch } from '../layout/LanguageSwitch.tsx';
import type { CheckInResult } from '../life/api.ts';
import { timeRange } from '../life/common.tsx';

type Problem = 'expired' | 'invalid' | 'not_invited' | 'not_member' | 'closed' | 'cancelled' | 'missing' | 'forbidden' | 'other';

function problemOf(err: unknown): Problem {
  if (!(err instanceof ApiError)) return 'other';
  switch (err.code) {
    case 'checkin_token_expired':
      return 'expired';
    case 'checkin_token_invalid':
      return 'invalid';
    case 'checkin_not_invited':
      return 'not_invited';
    case 'checkin_not_a_member':
      return 'not_member';
    case 'checkin_closed':
      return 'closed';
    case 'forbidden':
      return 'forbidden';
    default:
      if (err.details.some((d) => d.code === 'meeting_cancelled')) return 'cancelled';
      if (err.details.some((d) => d.code === 'checkin_closed')) return 'closed';
      if (err.status === 400 && err.details.some((d) => d.field === 'token')) return 'invalid';
      return err.status === 403 ? 'forbidden' : 'other';
  }
}

function Shell({ children }: { children: React.ReactNode }) {
  const { t } = useTranslation();
  return (
    <div style={{ minHeight: '100vh', background: '#f5f5f5', display: 'flex', flexDirection: 'column' }}>
      <header style={{ display: 'flex', alignItems: 'center', gap: 8, padding: '10px 12px', background: '#fff', boxShadow: '0 1px 4px rgba(0,21,41,.08)' }}>
        <div style={{ width: 26, height: 26, borderRadius: 6, background: '#c8161d', color: '#fff', display: 'grid', placeItems: 'center', fontWeight: 700, flex: 'none' }}>凝</div>
        <Typography.Text strong style={{ flex: 1, minWidth: 0 }} ellipsis>
          {t('life.checkin.pageTitle')}
        </Typography.Text>
        <LanguageSwitch size="small" />
      </header>
      <main style={{ flex: 1, padding: 12, display: 'flex', justifyContent: 'center' }}>
        <div style={{ width: '100%', maxWidth: 480 }}>{children}</div>
      </main>
    </div>
  );
}

export function CheckInPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const user = useUser();
  const [sp] = useSearchParams();
  const token = sp.get('t')?.trim() ?? '';
  const check = useMutation({ mutationFn: (code: string) => api.post<CheckInResult>('/check-in', { token: code }) });
  const sent = useRef<string | null>(null);
  const allowed = can('checkin');

  useEffect(() => {
    // Once per code (React may run effects twice in development).
    if (!token || !allowed || sent.current === token) return;
    sent.current = token;
    check.mutate(token);
  }, [token, allowed, check]);

  const home = (
    <Link to="/me/meetings">
      <Button type="primary" size="large" block data-testid="checkin-my-meetings">
        {t('life.checkin.myMeetings')}
      </Button>
    </Link>
  );

  let body: React.ReactNode;
  if (!token) body = <Result status="warning" title={t('life.checkin.problemTitle.missing')} subTitle={t('life.checkin.problemText.missing')} data-testid="checkin-error" data-code="missing" />;
  else if (!allowed) body = <Result status="403" title={t('life.checkin.problemTitle.forbidden')} subTitle={t('life.checkin.problemText.forbidden')} data-testid="checkin-error" data-code="forbidden" />;
  else if (check.isError) {
    const p = problemOf(check.error);
    const err = check.error;
    body = (
      <Result
        status={p === 'expired' ? 'warning' : 'error'}
        title={<span data-testid="checkin-error-title">{t(`life.checkin.problemTitle.${p}`)}</span>}
        subTitle={
          <>
            <div data-testid="checkin-error-text">{t(`life.checkin.problemText.${p}`)}</div>
            {p === 'other' && err instanceof Error && <div style={{ marginTop: 8 }}>{err.message}</div>}
          </>
        }
        extra={p === 'other' ? <Button onClick={() => check.mutate(token)}>{t('common.retry')}</Button> : home}
        data-testid="checkin-error"
        data-code={p}
      />
    );
  } else if (check.isSuccess) {
    const r = check.data;
    body = (
      <div data-testid="checkin-success" data-meeting-id={r.meetingId} data-already={r.alreadyCheckedIn ? 'yes' : 'no'} style={{ textAlign: 'center', padding: '24px 8px' }}>
        <CheckCircleFilled style={{ fontSize: 72, color: '#52c41a' }} />
        <Typography.Title level={3} style={{ margin: '16px 0 4px' }}>
          {r.alreadyCheckedIn ? t('life.checkin.already') : t('life.checkin.done')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('life.checkin.hello', { name: user.displayName })}</Typography.Text>
        <Card size="small" style={{ textAlign: 'start', margin: '20px 0' }}>
          <Typography.Text strong style={{ fontSize: 16, display: 'block' }} data-testid="checkin-meeting-title">
            {r.title}
          </Typography.Text>
          <div style={{ color: 'rgba(0,0,0,.65)', marginTop: 4 }}>{r.orgName}</div>
          <div style={{ color: 'rgba(0,0,0,.65)' }} data-testid="checkin-meeting-time">
            {timeRange(r.startsAt, r.endsAt)}
          </div>
        </Card>
        {home}
      </div>
    );
  } else {
    body = (
      <div style={{ display: 'grid', placeItems: 'center', padding: 64 }} data-testid="checkin-pending">
        <Spin size="large" />
        <Typography.Text type="secondary" style={{ marginTop: 12 }}>
          {t('life.checkin.checking')}
        </Typography.Text>
      </div>
    );
  }
  return (
    <Shell>
      <Card styles={{ body: { padding: 12 } }}>{body}</Card>
    </Shell>
  );
}
