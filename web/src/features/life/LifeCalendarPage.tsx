/**
 * /life — an organization's calendar of meetings and activities: a month
 * calendar or a list, kind tags, status and whether each counts; plan a
 * meeting on a day (life.write); reminders of requirements due soon on top.
 */
import { CalendarOutlined, DownloadOutlined, LeftOutlined, PlusOutlined, RightOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { Alert, Button, Calendar, Card, Empty, List, Segmented, Select, Space, Table, Tooltip, Typography, type TableProps } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { MEETING_KINDS } from '../../../../src/domain/life.ts';
import { apiUrl } from '../../lib/api.ts';
import { districtToday } from '../../lib/format.ts';
import { useLabels } from '../../lib/labels.ts';
import { useIsMobile } from '../../lib/useIsMobile.ts';
import { useSession } from '../auth/session.tsx';
import { useMeetings, useReminders, type Meeting, type MeetingKind } from './api.ts';
import { CountsTag, districtDate, hm, KIND_COLORS, KindTag, MeetingStatusTag, OrgPicker, timeRange, useOwnOrgId } from './common.tsx';
import { MeetingDrawer } from './MeetingDrawer.tsx';

type View = 'calendar' | 'list';

const PRESET_COLORS: Record<string, string> = {
  red: '#cf1322',
  volcano: '#d4380d',
  orange: '#d46b08',
  gold: '#d48806',
  magenta: '#c41d7f',
  purple: '#531dab',
  geekblue: '#1d39c4',
  cyan: '#08979c',
  blue: '#0958d9',
  green: '#389e0d',
  lime: '#7cb305',
  default: '#595959',
};
const kindColor = (k: MeetingKind) => PRESET_COLORS[KIND_COLORS[k]] ?? '#595959';

function MeetingLine({ m, compact }: { m: Meeting; compact: boolean }) {
  const { l } = useLabels();
  const cancelled = m.status === 'cancelled';
  return (
    <Link
      to={`/life/meetings/${m.id}`}
      data-testid={`cal-meeting-${m.id}`}
      onClick={(e) => e.stopPropagation()}
      style={{ display: 'block', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', fontSize: 12, lineHeight: '20px', color: 'inherit' }}
      title={`${hm(m.startsAt)} ${l('meetingKind', m.kind)} · ${m.title}`}
    >
      <span style={{ display: 'inline-block', width: 8, height: 8, borderRadius: 4, background: kindColor(m.kind), marginInlineEnd: 4, opacity: cancelled ? 0.35 : 1 }} />
      {!compact && (
        <span style={{ textDecoration: cancelled ? 'line-through' : undefined, color: cancelled ? 'rgba(0,0,0,.45)' : undefined }}>
          {hm(m.startsAt)} {m.title}
        </span>
      )}
    </Link>
  );
}

function MeetingList({ items, loading, showOrg }: { items: Meeting[]; loading: boolean; showOrg: boolean }) {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const columns: TableProps<Meeting>['columns'] = [
    { key: 'when', title: t('life.field.when'), render: (_, m) => timeRange(m.startsAt, m.endsAt) },
    { key: 'kind', title: t('life.field.kind'), render: (_, m) => <KindTag kind={m.kind} /> },
    { key: 'title', title: t('life.field.title'), render: (_, m) => <Link to={`/life/meetings/${m.id}`}>{m.title}</Link> },
    ...(showOrg ? [{ key: 'org', title: t('life.field.orgId'), dataIndex: 'orgName' }] : []),
    { key: 'place', title: t('life.field.place'), render: (_, m) => m.positionName ?? m.place ?? '—' },
    { key: 'host', title: t('life.field.host'), render: (_, m) => m.hostName ?? '—' },
    { key: 'status', title: t('life.field.status'), render: (_, m) => <MeetingStatusTag status={m.status} /> },
    { key: 'present', title: t('life.field.present'), dataIndex: 'presentCount', align: 'right' },
    { key: 'counts', title: t('life.field.counts'), render: (_, m) => <CountsTag meeting={m} short /> },
  ];
  if (isMobile) {
    return (
      <List
        loading={loading}
        dataSource={items}
        locale={{ emptyText: <Empty description={t('life.noMeetings')} /> }}
        data-testid="meeting-list"
        renderItem={(m) => (
          <List.Item key={m.id} data-testid={`meeting-row-${m.id}`}>
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
                <CountsTag meeting={m} />
              </Space>
            </div>
          </List.Item>
        )}
      />
    );
  }
  return (
    <Table<Meeting>
      rowKey="id"
      size="middle"
      loading={loading}
      columns={columns}
      dataSource={items}
      pagination={false}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: <Empty description={t('life.noMeetings')} /> }}
      data-testid="meeting-list"
      onRow={(m) => ({ 'data-testid': `meeting-row-${m.id}` }) as React.HTMLAttributes<HTMLElement>}
    />
  );
}

export function LifeCalendarPage() {
  const { t } = useTranslation();
  const { l, options, lang } = useLabels();
  const { can } = useSession();
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const ownOrg = useOwnOrgId();
  const [sp, setSp] = useSearchParams();
  const orgId = Number(sp.get('orgId')) || ownOrg;
  const view: View = sp.get('view') === 'list' ? 'list' : 'calendar';
  const kind = (sp.get('kind') as MeetingKind | null) ?? undefined;
  const month = /^\d{4}-\d{2}$/.test(sp.get('month') ?? '') ? dayjs(`${sp.get('month')}-01`) : dayjs(districtToday().slice(0, 7) + '-01');
  const [selected, setSelected] = useState<string>(() => districtToday());
  const [planning, setPlanning] = useState<{ day: string } | null>(null);

  const set = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(sp);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === '') next.delete(k);
      else next.set(k, v);
    }
    setSp(next, { replace: true });
  };

  /** Another month: its first day is selected (today in the current month), so planning starts there. */
  const goMonth = (m: Dayjs) => {
    const today = districtToday();
    set({ month: m.format('YYYY-MM') === today.slice(0, 7) ? undefined : m.format('YYYY-MM') });
    setSelected(m.format('YYYY-MM') === today.slice(0, 7) ? today : m.format('YYYY-MM-01'));
  };
  const from = month.subtract(7, 'day').format('YYYY-MM-DD');
  const to = month.endOf('month').add(14, 'day').format('YYYY-MM-DD');
  const meetings = useMeetings({ orgId, from, to, kind, sort: 'startsAt', pageSize: 500 });
  const reminders = useReminders({ orgId });
  const byDay = useMemo(() => {
    const map = new Map<string, Meeting[]>();
    for (const m of meetings.data?.items ?? []) {
      const d = districtDate(m.startsAt);
      map.set(d, [...(map.get(d) ?? []), m]);
    }
    return map;
  }, [meetings.data]);
  const monthKey = month.format('YYYY-MM');
  const inMonth = (meetings.data?.items ?? []).filter((m) => districtDate(m.startsAt).startsWith(monthKey));
  const dayItems = byDay.get(selected) ?? [];
  const canWrite = can('life.write');
  const ownReminders = reminders.data?.items ?? [];
  const allReminders = reminders.data?.total ?? ownReminders.length;

  const header = (
    <Space wrap style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }}>
      <Space wrap>
        <Button icon={<LeftOutlined />} onClick={() => goMonth(month.subtract(1, 'month'))} aria-label={t('life.prevMonth')} data-testid="cal-prev" />
        <Typography.Text strong style={{ fontSize: 16, minWidth: 96, display: 'inline-block', textAlign: 'center' }} data-testid="cal-month">
          {lang === 'en' ? month.locale('en').format('MMMM YYYY') : month.format('YYYY年M月')}
        </Typography.Text>
        <Button icon={<RightOutlined />} onClick={() => goMonth(month.add(1, 'month'))} aria-label={t('life.nextMonth')} data-testid="cal-next" />
        <Button
          onClick={() => {
            set({ month: undefined });
            setSelected(districtToday());
          }}
        >
          {t('life.today')}
        </Button>
      </Space>
      {view === 'list' && (
        <Button
          icon={<DownloadOutlined />}
          href={apiUrl('/meetings/export', { orgId, kind, from: month.format('YYYY-MM-DD'), to: month.endOf('month').format('YYYY-MM-DD'), sort: 'startsAt', lang })}
          data-testid="meetings-export"
        >
          {t('common.export')}
        </Button>
      )}
    </Space>
  );

  return (
    <div>
      <Space wrap style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }}>
        <div>
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="life-title">
            {t('life.calendarTitle')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('life.calendarSubtitle')}</Typography.Text>
        </div>
        <Space wrap>
          {(!ownOrg || can('members.read')) && <OrgPicker value={orgId} onChange={(id) => set({ orgId: id ? String(id) : undefined })} allowAll={!ownOrg} width={isMobile ? '100%' : 260} testId="life-org" />}
          <Select
            allowClear
            placeholder={t('life.allKinds')}
            value={kind}
            onChange={(v: MeetingKind | undefined) => set({ kind: v })}
            options={options('meetingKind', MEETING_KINDS)}
            style={{ width: 170 }}
            data-testid="life-kind"
          />
          <Segmented<View>
            value={view}
            onChange={(v) => set({ view: v === 'list' ? 'list' : undefined })}
            options={[
              { value: 'calendar', icon: <CalendarOutlined />, label: t('life.viewCalendar') },
              { value: 'list', icon: <UnorderedListOutlined />, label: t('life.viewList') },
            ]}
            data-testid="life-view"
          />
          {canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setPlanning({ day: selected })} data-testid="plan-meeting">
              {t('life.planMeeting')}
            </Button>
          )}
        </Space>
      </Space>

      {ownReminders.length > 0 && (
        <Alert
          type="warning"
          showIcon={!isMobile}
          style={{ marginBottom: 16, padding: isMobile ? '8px 12px' : undefined }}
          data-testid="life-reminders"
          title={t('life.remindersTitle')}
          description={
            <>
              <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                {ownReminders.slice(0, isMobile ? 2 : 5).map((r) => (
                  <li key={`${r.orgId}-${r.requirementId}-${r.key}`} data-testid={`reminder-${r.orgId}-${r.requirementId}`}>
                    {t('life.reminderLine', {
                      org: ownOrg ? '' : `${r.orgName} · `,
                      requirement: l('lifeRequirement', r.requirementId),
                      period: r.key,
                      held: r.held,
                      required: r.required,
                      count: r.daysLeft,
                    })}
                  </li>
                ))}
              </ul>
              <Typography.Link onClick={() => navigate('/life/compliance')} style={{ display: 'inline-block', marginTop: 4 }}>
                {allReminders > (isMobile ? 2 : 5) ? `${t('life.remindersMore', { count: allReminders - (isMobile ? 2 : 5) })} · ` : ''}
                {t('life.nav.compliance')} →
              </Typography.Link>
            </>
          }
        />
      )}

      {view === 'calendar' ? (
        <Card size="small" styles={{ body: { padding: isMobile ? 8 : 16 } }}>
          {header}
          <Calendar
            value={dayjs(selected).isSame(month, 'month') ? dayjs(selected) : month}
            fullscreen={!isMobile}
            headerRender={() => null}
            onSelect={(d: Dayjs, info) => {
              if (info.source !== 'date') return;
              setSelected(d.format('YYYY-MM-DD'));
              if (!d.isSame(month, 'month')) set({ month: d.format('YYYY-MM') });
            }}
            cellRender={(d: Dayjs, info) => {
              if (info.type !== 'date') return info.originNode;
              const list = byDay.get(d.format('YYYY-MM-DD')) ?? [];
              // Phones: a row of dots under the day (kept even when empty, so the days line up).
              if (isMobile) {
                return (
                  <div style={{ display: 'flex', justifyContent: 'center', gap: 2, height: 5 }}>
                    {list.slice(0, 3).map((m) => (
                      <span key={m.id} style={{ width: 5, height: 5, borderRadius: 3, background: kindColor(m.kind) }} />
                    ))}
                  </div>
                );
              }
              if (!list.length) return null;
              return (
                <div data-testid={`cal-day-${d.format('YYYY-MM-DD')}`}>
                  {list.slice(0, 3).map((m) => (
                    <MeetingLine key={m.id} m={m} compact={false} />
                  ))}
                  {list.length > 3 && (
                    <Tooltip title={list.slice(3).map((m) => m.title).join('，')}>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t('life.moreN', { count: list.length - 3 })}
                      </Typography.Text>
                    </Tooltip>
                  )}
                </div>
              );
            }}
            data-testid="life-calendar"
          />
          <div style={{ marginTop: 12 }}>
            <Space style={{ width: '100%', justifyContent: 'space-between' }}>
              <Typography.Text strong>{t('life.onDay', { day: selected })}</Typography.Text>
              {canWrite && (
                <Button size="small" icon={<PlusOutlined />} onClick={() => setPlanning({ day: selected })}>
                  {t('life.planOnDay')}
                </Button>
              )}
            </Space>
            {dayItems.length ? (
              <List
                size="small"
                dataSource={dayItems}
                data-testid="day-meetings"
                renderItem={(m) => (
                  <List.Item key={m.id}>
                    <Space size={[4, 4]} wrap>
                      <Typography.Text type="secondary">{timeRange(m.startsAt, m.endsAt).slice(11)}</Typography.Text>
                      <KindTag kind={m.kind} />
                      <Link to={`/life/meetings/${m.id}`} data-testid={`day-meeting-${m.id}`}>
                        {m.title}
                      </Link>
                      <MeetingStatusTag status={m.status} />
                      <CountsTag meeting={m} short />
                    </Space>
                  </List.Item>
                )}
              />
            ) : (
              <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
                {t('life.nothingOnDay')}
              </Typography.Paragraph>
            )}
          </div>
        </Card>
      ) : (
        <Card size="small" styles={{ body: { padding: isMobile ? 8 : 16 } }}>
          {header}
          <MeetingList items={inMonth} loading={meetings.isPending} showOrg={!orgId || new Set(inMonth.map((m) => m.orgId)).size > 1} />
        </Card>
      )}

      {planning && <MeetingDrawer orgId={orgId} day={planning.day} onClose={() => setPlanning(null)} />}
    </div>
  );
}
