/**
 * Small pieces the organizational-life pages share: kind and status tags, the
 * red/amber/green badge with its explanation, the organization picker, and
 * times in the district's zone.
 */
import { InfoCircleOutlined } from '@ant-design/icons';
import { Popover, Space, Tag, Tooltip, TreeSelect, Typography } from 'antd';
import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { dateTime, districtDate, districtDayStart } from '../../lib/format.ts';
import { useLabels } from '../../lib/labels.ts';
import type { OrgKind } from '../../lib/types.ts';
import { useIsMobile } from '../../lib/useIsMobile.ts';
import { useUser } from '../auth/session.tsx';
import { useOrgTree } from '../orgs/api.ts';
import { indexOrgTree, selectOrgTree } from '../orgs/tree.ts';
import type { LifeStatus, Meeting, MeetingKind, MeetingStatus, PeriodResult, RequirementResult } from './api.ts';

// --- Times in the district's zone ----------------------------------------------------

/** 'HH:mm' of an instant in the district's zone. */
export function hm(iso: string): string {
  return dateTime(iso).slice(11, 16);
}

/** 'YYYY-MM-DD HH:mm – HH:mm' (the end's date too when it is another day). */
export function timeRange(startsAt: string, endsAt: string): string {
  const a = dateTime(startsAt).slice(0, 16);
  const b = dateTime(endsAt).slice(0, 16);
  return a.slice(0, 10) === b.slice(0, 10) ? `${a} – ${b.slice(11)}` : `${a} – ${b}`;
}

/** The instant of a district-local date and 'HH:mm'. */
export function localInstant(day: string, time: string): string {
  const [h, m] = time.split(':').map(Number) as [number, number];
  return new Date(Date.parse(districtDayStart(day)) + (h * 60 + m) * 60_000).toISOString();
}

export { districtDate };

// --- Tags -----------------------------------------------------------------------------

/** One colour per kind: the "three meetings and one lecture" in reds and oranges, the others calmer. */
export const KIND_COLORS: Record<MeetingKind, string> = {
  branch_assembly: 'red',
  committee_meeting: 'volcano',
  group_meeting: 'orange',
  party_lecture: 'gold',
  theme_day: 'magenta',
  organizational_life_meeting: 'purple',
  democratic_life_meeting: 'geekblue',
  heart_to_heart_talk: 'cyan',
  central_study_group: 'blue',
  secretary_office_meeting: 'blue',
  instructor_meeting: 'blue',
  post_competition: 'green',
  skill_contest: 'green',
  volunteer_service: 'lime',
  community_visit: 'lime',
  training: 'default',
};

export function KindTag({ kind, style }: { kind: MeetingKind; style?: React.CSSProperties }) {
  const { l } = useLabels();
  return (
    <Tag color={KIND_COLORS[kind]} data-kind={kind} style={style}>
      {l('meetingKind', kind)}
    </Tag>
  );
}

const STATUS_COLORS: Record<MeetingStatus, string> = { planned: 'processing', held: 'success', cancelled: 'default' };

export function MeetingStatusTag({ status }: { status: MeetingStatus }) {
  const { l } = useLabels();
  return (
    <Tag color={STATUS_COLORS[status]} data-status={status} data-testid="meeting-status">
      {l('meetingStatus', status)}
    </Tag>
  );
}

/**
 * Whether a meeting counts toward the required frequencies, and if not, why
 * (`short`: the reason in a tooltip). Nothing for a cancelled meeting or one
 * still ahead.
 */
export function CountsTag({ meeting, short = false }: { meeting: Pick<Meeting, 'counts' | 'notCountedReason' | 'status' | 'startsAt'>; short?: boolean }) {
  const { t } = useTranslation();
  const { l } = useLabels();
  if (meeting.counts) {
    return (
      <Tag color="green" data-testid="meeting-counts" data-counts="yes">
        {t('life.counts')}
      </Tag>
    );
  }
  if (meeting.status === 'cancelled' || (meeting.status === 'planned' && meeting.startsAt > new Date().toISOString())) return null;
  const reason = l('notCountedReason', meeting.notCountedReason);
  const tag = (
    <Tag data-testid="meeting-counts" data-counts="no" data-reason={meeting.notCountedReason ?? ''}>
      {short ? t('life.notCountedShort') : t('life.notCounted', { reason })}
    </Tag>
  );
  return short ? <Tooltip title={reason}>{tag}</Tooltip> : tag;
}

// --- Red, amber, green ------------------------------------------------------------------

export const LIFE_STATUS_COLORS: Record<LifeStatus, string> = {
  green: '#389e0d',
  amber: '#d48806',
  red: '#cf1322',
  open: '#1677ff',
  not_applicable: '#8c8c8c',
};
const LIFE_STATUS_TAG: Record<LifeStatus, string> = { green: 'success', amber: 'warning', red: 'error', open: 'processing', not_applicable: 'default' };

export function LifeStatusTag({ status, children, testId }: { status: LifeStatus; children?: ReactNode; testId?: string }) {
  const { l } = useLabels();
  return (
    <Tag color={LIFE_STATUS_TAG[status]} data-status={status} data-testid={testId} style={{ marginInlineEnd: 4, marginBlock: 2 }}>
      {children ?? l('lifeStatus', status)}
    </Tag>
  );
}

function PartLine({ p }: { p: PeriodResult }) {
  return (
    <div>
      <Typography.Text style={{ color: LIFE_STATUS_COLORS[p.status] }}>●</Typography.Text> {p.key}: {p.held}/{p.required}
    </div>
  );
}

/** What a requirement says, for which period, how much was held, and where the rule comes from. */
export function RequirementExplanation({ r }: { r: RequirementResult }) {
  const { t } = useTranslation();
  const { l, lang } = useLabels();
  return (
    <div style={{ maxWidth: 340 }} data-testid={`req-explain-${r.requirementId}`}>
      <Typography.Paragraph style={{ marginBottom: 8 }}>{r.explanation[lang]}</Typography.Paragraph>
      {r.notApplicable ? (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          {r.notApplicable[lang]}
        </Typography.Paragraph>
      ) : (
        <Space orientation="vertical" size={2} style={{ marginBottom: 8 }}>
          <span>
            {t('life.compliance.period')}: {r.key}（{r.start} – {r.end}）
          </span>
          <span>
            {t('life.compliance.heldOfRequired', { held: r.held, required: r.required })} · {l('lifeStatus', r.status)}
            {r.daysLeft !== null && r.daysLeft > 0 && r.status !== 'green' ? ` · ${t('life.compliance.daysLeft', { count: r.daysLeft })}` : ''}
          </span>
          {r.parts.map((p) => (
            <PartLine key={p.key} p={p} />
          ))}
        </Space>
      )}
      <div style={{ fontSize: 12, color: 'rgba(0,0,0,.45)' }}>
        {t('life.compliance.source')}: {r.sources.map((s) => s.title[lang]).join('；')}
      </div>
    </div>
  );
}

/** A requirement's badge: label, held/required, colour; its explanation and source on hover (tap on phones). */
export function RequirementBadge({ orgId, r }: { orgId: number; r: RequirementResult }) {
  const { l } = useLabels();
  const isMobile = useIsMobile();
  return (
    <Popover content={<RequirementExplanation r={r} />} title={l('lifeRequirement', r.requirementId)} trigger={isMobile ? 'click' : 'hover'}>
      <span style={{ cursor: 'pointer', display: 'inline-block' }}>
        <LifeStatusTag status={r.status} testId={`req-${orgId}-${r.requirementId}`}>
          {l('lifeRequirement', r.requirementId)}
          {r.applies && (
            <span style={{ marginInlineStart: 4, fontVariantNumeric: 'tabular-nums' }}>
              {r.held}/{r.required}
            </span>
          )}
          <InfoCircleOutlined style={{ marginInlineStart: 4, opacity: 0.6 }} />
        </LifeStatusTag>
      </span>
    </Popover>
  );
}

// --- Organization picker ------------------------------------------------------------------

const MEETING_ORG_KINDS: readonly OrgKind[] = ['committee', 'general_branch', 'branch', 'joint_branch'];

/**
 * The organizations in the caller's scope (party groups meet as their branch's
 * audience, so they are not picked here). `allowAll` adds nothing selected = the whole scope.
 */
export function OrgPicker({
  value,
  onChange,
  allowAll = false,
  width = 280,
  testId,
}: {
  value?: number | undefined;
  onChange?(id: number | undefined): void;
  allowAll?: boolean;
  width?: number | string;
  testId?: string;
}) {
  const { t } = useTranslation();
  const tree = useOrgTree(false);
  const data = useMemo(() => {
    const index = indexOrgTree(tree.data?.items ?? []);
    return selectOrgTree(index, (n) => MEETING_ORG_KINDS.includes(n.kind));
  }, [tree.data]);
  return (
    <TreeSelect
      style={{ width, maxWidth: '100%' }}
      treeData={data}
      value={value}
      onChange={(v: number | undefined) => onChange?.(v ?? undefined)}
      allowClear={allowAll}
      placeholder={allowAll ? t('life.allOrgs') : t('life.pickOrg')}
      showSearch={{ treeNodeFilterProp: 'title' }}
      treeDefaultExpandAll
      loading={tree.isPending}
      styles={{ popup: { root: { maxHeight: 400, overflow: 'auto' } } }}
      data-testid={testId}
      aria-label={t('life.field.orgId')}
    />
  );
}

/** The organization a secretary or member belongs to (their scope), or undefined for territory staff. */
export function useOwnOrgId(): number | undefined {
  const user = useUser();
  return user.scope.partyOrgId ?? undefined;
}

/** The stage label of a member (memberStage vocabulary). */
export function useStage() {
  const { l } = useLabels();
  return (stage: string) => l('memberStage', stage);
}
