/**
 * Attendance of a meeting: everyone expected (and visiting mobile members the
 * organization hosts), what is recorded for them (checked in by QR, or
 * marked), and — for life.write — the roll call: present, on leave with a
 * reason, absent. Only the changed marks are sent.
 */
import { CheckOutlined, QrcodeOutlined } from '@ant-design/icons';
import { Alert, App, Button, Empty, Input, Radio, Space, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ATTENDANCE_STATUSES } from '../../../../src/domain/life.ts';
import { errorText } from '../../lib/forms.ts';
import { useLabels } from '../../lib/labels.ts';
import { useMeetingMutations, type AttendanceStatus, type MeetingDetail } from './api.ts';
import { hm } from './common.tsx';

interface Mark {
  status: AttendanceStatus | null;
  reason: string;
}

interface Row {
  memberId: number;
  name: string;
  orgName: string;
  stage: string;
  tag: 'chosen' | 'mobile_guest' | 'guest' | null;
  saved: Mark;
  method: 'qr' | 'roll_call' | null;
  checkedInAt: string | null;
}

const STATUS_COLOR: Record<AttendanceStatus, string> = { present: 'success', leave: 'warning', absent: 'error' };

export function RollCall({ detail, editable }: { detail: MeetingDetail; editable: boolean }) {
  const { t } = useTranslation();
  const { l } = useLabels();
  const { message } = App.useApp();
  const { rollCall } = useMeetingMutations();
  const rows: Row[] = useMemo(() => {
    const out: Row[] = detail.expected.map((e) => ({
      memberId: e.memberId,
      name: e.name,
      orgName: e.orgName,
      stage: e.stage,
      tag: e.reason === 'audience' ? null : e.reason,
      saved: { status: e.attendance?.status ?? null, reason: e.attendance?.reason ?? '' },
      method: e.attendance?.method ?? null,
      checkedInAt: e.attendance?.checkedInAt ?? null,
    }));
    // Mobile members hosted here who are not invited yet may still be marked (they count for their home organization).
    if (editable) {
      for (const g of detail.guests) {
        if (!g.invited) out.push({ memberId: g.memberId, name: g.name, orgName: g.homeOrgName, stage: 'full', tag: 'guest', saved: { status: null, reason: '' }, method: null, checkedInAt: null });
      }
    }
    return out;
  }, [detail, editable]);
  const [marks, setMarks] = useState<Record<number, Mark>>({});
  const [error, setError] = useState<string | null>(null);
  // A fresh answer from the server (a check-in arrived, or a save) replaces what was typed only for unchanged rows.
  useEffect(() => {
    setMarks((cur) => {
      const next: Record<number, Mark> = {};
      for (const r of rows) {
        const c = cur[r.memberId];
        next[r.memberId] = c && (c.status !== r.saved.status || c.reason !== r.saved.reason) && c.status !== null ? c : r.saved;
      }
      return next;
    });
  }, [rows]);

  const changed = rows.filter((r) => {
    const m = marks[r.memberId];
    return m && m.status !== null && (m.status !== r.saved.status || (m.status !== 'present' && m.reason.trim() !== r.saved.reason));
  });
  const missingReason = changed.filter((r) => marks[r.memberId]!.status === 'leave' && !marks[r.memberId]!.reason.trim());
  const unmarked = rows.filter((r) => (marks[r.memberId]?.status ?? null) === null && r.tag !== 'guest');

  const setMark = (id: number, patch: Partial<Mark>) => setMarks((cur) => ({ ...cur, [id]: { ...(cur[id] ?? { status: null, reason: '' }), ...patch } }));

  async function save() {
    setError(null);
    try {
      await rollCall.mutateAsync({
        id: detail.meeting.id,
        entries: changed.map((r) => {
          const m = marks[r.memberId]!;
          return { memberId: r.memberId, status: m.status!, reason: m.status === 'present' ? null : m.reason.trim() || null };
        }),
      });
      message.success(t('life.rollCall.saved', { count: changed.length }));
    } catch (err) {
      setError(errorText(err));
    }
  }

  if (!rows.length) return <Empty description={t('life.rollCall.nobody')} />;
  return (
    <div data-testid="rollcall">
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="rollcall-error" />}
      {editable && (
        <Space wrap style={{ marginBottom: 8 }}>
          <Button size="small" icon={<CheckOutlined />} disabled={!unmarked.length} onClick={() => unmarked.forEach((r) => setMark(r.memberId, { status: 'present' }))} data-testid="rollcall-all-present">
            {t('life.rollCall.markRestPresent', { count: unmarked.length })}
          </Button>
        </Space>
      )}
      <div>
        {rows.map((r) => {
          const m = marks[r.memberId] ?? r.saved;
          return (
            <div
              key={r.memberId}
              data-testid={`rollcall-${r.memberId}`}
              data-status={r.saved.status ?? 'unmarked'}
              style={{ padding: '8px 0', borderBottom: '1px solid #f0f0f0', display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center', justifyContent: 'space-between' }}
            >
              <div style={{ minWidth: 120, flex: '1 1 120px' }}>
                <Typography.Text strong>{r.name}</Typography.Text>{' '}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {l('memberStage', r.stage)}
                  {r.tag && r.tag !== 'chosen' ? ` · ${r.orgName}` : ''}
                </Typography.Text>
                <div>
                  {r.tag === 'chosen' && <Tag color="blue">{l('inviteeReason', 'chosen')}</Tag>}
                  {(r.tag === 'mobile_guest' || r.tag === 'guest') && <Tag color="purple">{l('inviteeReason', 'mobile_guest')}</Tag>}
                  {r.saved.status ? (
                    <Tag color={STATUS_COLOR[r.saved.status]} icon={r.method === 'qr' ? <QrcodeOutlined /> : undefined} data-testid={`rollcall-${r.memberId}-saved`}>
                      {l('attendanceStatus', r.saved.status)}
                      {r.method === 'qr' && r.checkedInAt ? ` ${hm(r.checkedInAt)}` : ''}
                    </Tag>
                  ) : (
                    <Tag>{t('life.rollCall.unmarked')}</Tag>
                  )}
                  {r.saved.reason && !editable && <Typography.Text type="secondary">{r.saved.reason}</Typography.Text>}
                </div>
              </div>
              {editable && (
                <div style={{ display: 'flex', flexWrap: 'wrap', gap: 6, alignItems: 'center', flex: '0 1 auto', justifyContent: 'flex-end' }}>
                  <Radio.Group
                    size="small"
                    optionType="button"
                    buttonStyle="solid"
                    value={m.status}
                    onChange={(e) => setMark(r.memberId, { status: e.target.value as AttendanceStatus })}
                    options={ATTENDANCE_STATUSES.map((s) => ({ value: s, label: l('attendanceStatus', s) }))}
                    data-testid={`rollcall-${r.memberId}-choice`}
                  />
                  {m.status && m.status !== 'present' && (
                    <Input
                      size="small"
                      value={m.reason}
                      maxLength={200}
                      placeholder={m.status === 'leave' ? t('life.rollCall.leaveReason') : t('life.rollCall.absentReason')}
                      status={m.status === 'leave' && !m.reason.trim() ? 'error' : undefined}
                      onChange={(e) => setMark(r.memberId, { reason: e.target.value })}
                      style={{ width: 160 }}
                      data-testid={`rollcall-${r.memberId}-reason`}
                    />
                  )}
                </div>
              )}
            </div>
          );
        })}
      </div>
      {editable && (
        <div style={{ marginTop: 12, display: 'flex', gap: 8, alignItems: 'center', justifyContent: 'flex-end', flexWrap: 'wrap' }}>
          {missingReason.length > 0 && <Typography.Text type="danger">{t('life.rollCall.needReason')}</Typography.Text>}
          <Button type="primary" disabled={!changed.length || missingReason.length > 0} loading={rollCall.isPending} onClick={() => void save()} data-testid="rollcall-save">
            {t('life.rollCall.save', { count: changed.length })}
          </Button>
        </div>
      )}
    </div>
  );
}
