/**
 * /me/meetings — a member's own organizational life: upcoming meetings, past
 * ones with their attendance, training hours of the year, and a calendar feed
 * for the phone (the secret address is shown once; a new one ends the old).
 */
import { CopyOutlined, MobileOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Empty, Input, List, Popconfirm, Row, Skeleton, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { errorText } from '../../lib/forms.ts';
import { districtToday } from '../../lib/format.ts';
import { useLabels } from '../../lib/labels.ts';
import { useMyHours, useMyMeetings, useRotateFeed, type MyMeeting } from './api.ts';
import { KindTag, MeetingStatusTag, timeRange } from './common.tsx';
import { QrCode } from './QrCode.tsx';
import { HoursView } from './TrainingPage.tsx';

const ATTENDANCE_COLOR = { present: 'success', leave: 'warning', absent: 'error' } as const;

function MeetingItem({ m }: { m: MyMeeting }) {
  const { t } = useTranslation();
  const { l } = useLabels();
  return (
    <List.Item key={m.id} data-testid={`my-meeting-${m.id}`}>
      <div style={{ width: '100%' }}>
        <Link to={`/life/meetings/${m.id}`} style={{ fontWeight: 500 }}>
          {m.title}
        </Link>
        <div style={{ color: 'rgba(0,0,0,.55)', fontSize: 13, margin: '2px 0 4px' }}>
          {timeRange(m.startsAt, m.endsAt)} · {m.positionName ?? m.place ?? '—'}
        </div>
        <Space size={[0, 4]} wrap>
          <KindTag kind={m.kind} />
          <MeetingStatusTag status={m.status} />
          {m.expectedAs !== 'audience' && <Tag>{t(`life.my.as.${m.expectedAs}`)}</Tag>}
          {m.myAttendance && (
            <Tag color={ATTENDANCE_COLOR[m.myAttendance.status]} data-testid={`my-attendance-${m.id}`}>
              {l('attendanceStatus', m.myAttendance.status)}
              {m.myAttendance.method === 'qr' ? ` · ${l('checkinMethod', 'qr')}` : ''}
            </Tag>
          )}
        </Space>
      </div>
    </List.Item>
  );
}

function Subscribe() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const rotate = useRotateFeed();
  const url = rotate.data ? window.location.origin + rotate.data.url : null;
  return (
    <Card size="small" title={t('life.my.subscribe')} data-testid="ics-card">
      <Typography.Paragraph type="secondary">{t('life.my.subscribeHint')}</Typography.Paragraph>
      {rotate.isError && <Alert type="error" showIcon title={errorText(rotate.error)} style={{ marginBottom: 8 }} />}
      {url ? (
        <div data-testid="ics-result" data-url={url}>
          <Space.Compact style={{ width: '100%', marginBottom: 12 }}>
            <Input readOnly value={url} data-testid="ics-url" />
            <Button
              icon={<CopyOutlined />}
              onClick={() =>
                navigator.clipboard.writeText(url).then(
                  () => message.success(t('life.copied')),
                  () => message.info(url),
                )
              }
            >
              {t('life.my.copy')}
            </Button>
          </Space.Compact>
          <div style={{ display: 'flex', justifyContent: 'center' }}>
            <QrCode value={url} size={200} testId="ics-qr" title={t('life.my.subscribe')} />
          </div>
          <Alert type="warning" showIcon style={{ marginTop: 12 }} title={t('life.my.shownOnce')} />
        </div>
      ) : (
        <Popconfirm title={t('life.my.rotateConfirm')} onConfirm={() => rotate.mutate()}>
          <Button type="primary" icon={<MobileOutlined />} loading={rotate.isPending} data-testid="ics-create">
            {t('life.my.createFeed')}
          </Button>
        </Popconfirm>
      )}
    </Card>
  );
}

export function MyMeetingsPage() {
  const { t } = useTranslation();
  const today = districtToday();
  const year = Number(today.slice(0, 4));
  const meetings = useMyMeetings(dayjs(today).subtract(3, 'month').format('YYYY-MM-DD'), dayjs(today).add(6, 'month').format('YYYY-MM-DD'));
  const hours = useMyHours(year);
  const items = meetings.data?.items ?? [];
  const now = new Date().toISOString();
  const upcoming = items.filter((m) => m.endsAt >= now && m.status !== 'cancelled');
  const past = items.filter((m) => m.endsAt < now || m.status === 'cancelled').reverse();
  return (
    <div>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('life.my.title')}
      </Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('life.my.upcoming')} style={{ marginBottom: 16 }}>
            {meetings.isPending ? <Skeleton active /> : upcoming.length ? <List dataSource={upcoming} renderItem={(m) => <MeetingItem m={m} />} data-testid="my-upcoming" /> : <Empty description={t('life.my.noUpcoming')} />}
          </Card>
          <Card size="small" title={t('life.my.past')}>
            {meetings.isPending ? <Skeleton active /> : past.length ? <List dataSource={past} renderItem={(m) => <MeetingItem m={m} />} data-testid="my-past" /> : <Empty description={t('life.my.noPast')} />}
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('life.my.hours')} style={{ marginBottom: 16 }}>
            {hours.isError ? <Alert type="error" showIcon title={errorText(hours.error)} /> : hours.data ? hours.data.memberId === null ? <Typography.Text type="secondary">{t('life.my.noMember')}</Typography.Text> : <HoursView h={hours.data} testId="my-hours" /> : <Skeleton active />}
          </Card>
          <Subscribe />
        </Col>
      </Row>
    </div>
  );
}
