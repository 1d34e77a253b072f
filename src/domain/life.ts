/**
 * Organizational life (RULES.md "Organizational life"; Branch 2018): the
 * kinds of meetings, the periods of the district's calendar (months, quarters
 * and years in the district's time zone), which requirements apply to which
 * organization, and whether a requirement is met — green, amber, red — with
 * its explanation and source. Pure: no I/O, no clock; "today" is an argument.
 *
 * A meeting counts toward a requirement only when it was held for real: it
 * has attendance recorded (someone present) and its minutes are locked, and a
 * committee meeting only with more than half of the committee present.
 * Nothing here counts clicks, app time or check-ins as merit (RULES.md "No
 * formalism"): attendance proves a meeting took place, nothing more.
 */
import type { Bilingual } from './bilingual.js';
import { addDays, addMonths, daysBetween, localDate } from './dates.js';
import type { OrgKind } from './orgs.js';
import type { LifeRuleKey, LifeRules } from './rulesets.js';
import type { SourceName } from './sources.js';

// --- Vocabularies --------------------------------------------------------------

/** RULES.md "Organizational life" first, then the other kinds the seeds describe. */
export const MEETING_KINDS = [
  'branch_assembly',
  'committee_meeting',
  'group_meeting',
  'party_lecture',
  'theme_day',
  'organizational_life_meeting',
  'democratic_life_meeting',
  'heart_to_heart_talk',
  'central_study_group',
  'secretary_office_meeting',
  'instructor_meeting',
  'post_competition',
  'skill_contest',
  'volunteer_service',
  'community_visit',
  'training',
] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

export const MEETING_STATUSES = ['planned', 'held', 'cancelled'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

/** Who is expected: the organization's members, its committee, one party group, or only the people chosen. */
export const AUDIENCES = ['org', 'committee', 'party_group', 'chosen'] as const;
export type Audience = (typeof AUDIENCES)[number];

export const ATTENDANCE_STATUSES = ['present', 'leave', 'absent'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];

export const CHECKIN_METHODS = ['qr', 'roll_call'] as const;
export type CheckinMethod = (typeof CHECKIN_METHODS)[number];

/** Why someone outside the audience is expected: chosen by the secretary, or a mobile member hosted here. */
export const INVITEE_REASONS = ['chosen', 'mobile_guest'] as const;
export type InviteeReason = (typeof INVITEE_REASONS)[number];

export const TRAINING_KINDS = ['party_school', 'concentrated', 'lecture', 'online', 'other'] as const;
export type TrainingKind = (typeof TRAINING_KINDS)[number];

export const POSITION_KINDS = ['service_center', 'service_point', 'activity_room'] as const;
export type PositionKind = (typeof POSITION_KINDS)[number];

/** What an activity position is checked for (the "five ones" / "six haves" items a place carries). */
export const POSITION_CHECKLIST = ['signboard', 'party_flag', 'bulletin_board', 'books_and_papers', 'rules', 'facilities'] as const;
export type PositionChecklistItem = (typeof POSITION_CHECKLIST)[number];

export const PERIOD_KINDS = ['month', 'quarter', 'year'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

/** open: not met yet, with time left and nothing held; not_applicable: the requirement does not apply (or is turned off). */
export const LIFE_STATUSES = ['green', 'amber', 'red', 'open', 'not_applicable'] as const;
export type LifeStatus = (typeof LIFE_STATUSES)[number];

/** Members stages that are expected at organizational life (party members; applicants and activists may be invited). */
export const EXPECTED_STAGES = ['full', 'probationary'] as const;

// --- Periods in the district's time zone ----------------------------------------

export interface Period {
  kind: PeriodKind;
  /** '2026-04', '2026-Q2', '2026' */
  key: string;
  /** First day, YYYY-MM-DD (local). */
  start: string;
  /** Last day, inclusive, YYYY-MM-DD (local). */
  end: string;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

// Compliance asks for the same few periods for every organization of a city
// (100k evaluations a day): each is worked out once; frozen, as it is shared.
const periodCache = new Map<string, Period>();

/** The period of a kind containing a local calendar date. */
export function periodOfDate(date: string, kind: PeriodKind): Period {
  const cacheKey = `${kind} ${date.slice(0, 7)}`;
  let p = periodCache.get(cacheKey);
  if (!p) {
    if (periodCache.size >= 1000) periodCache.clear();
    periodCache.set(cacheKey, (p = Object.freeze(computePeriod(date, kind))));
  }
  return p;
}

function computePeriod(date: string, kind: PeriodKind): Period {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  if (kind === 'year') return { kind, key: pad(y, 4), start: `${pad(y, 4)}-01-01`, end: `${pad(y, 4)}-12-31` };
  if (kind === 'quarter') {
    const q = Math.floor((m - 1) / 3) + 1;
    const start = `${pad(y, 4)}-${pad((q - 1) * 3 + 1)}-01`;
    return { kind, key: `${pad(y, 4)}-Q${q}`, start, end: addDays(addMonths(start, 3), -1) };
  }
  const start = `${pad(y, 4)}-${pad(m)}-01`;
  return { kind, key: `${pad(y, 4)}-${pad(m)}`, start, end: addDays(addMonths(start, 1), -1) };
}

/** The period of a kind containing an instant, in the district's time zone (2026-03-31T16:30Z is April in Shanghai). */
export function periodOf(instant: Date | string, kind: PeriodKind, timeZone: string): Period {
  return periodOfDate(localDate(new Date(instant), timeZone), kind);
}

/** Parses '2026-04', '2026-Q2' or '2026'; null when it is none of them. */
export function parsePeriod(key: string): Period | null {
  let m = /^(\d{4})$/.exec(key);
  if (m) return periodOfDate(`${m[1]}-01-01`, 'year');
  m = /^(\d{4})-Q([1-4])$/.exec(key);
  if (m) return periodOfDate(`${m[1]}-${pad((Number(m[2]) - 1) * 3 + 1)}-01`, 'quarter');
  m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(key);
  if (m) return periodOfDate(`${m[1]}-${m[2]}-01`, 'month');
  return null;
}

const RANK: Record<PeriodKind, number> = { month: 0, quarter: 1, year: 2 };

/** The periods of a finer kind that make up a period (the three months of a quarter...). */
export function subPeriods(period: Period, kind: PeriodKind): Period[] {
  if (RANK[kind] >= RANK[period.kind]) return [period.kind === kind ? period : periodOfDate(period.start, kind)];
  const out: Period[] = [];
  for (let p = periodOfDate(period.start, kind); p.start <= period.end; p = periodOfDate(addDays(p.end, 1), kind)) out.push(p);
  return out;
}

/** Offset of a time zone from UTC at an instant, in milliseconds. */
function zoneOffsetMs(instant: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(instant);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/** The instant a local calendar day starts in a time zone. */
export function startOfLocalDay(date: string, timeZone: string): Date {
  const guess = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  let t = guess - zoneOffsetMs(new Date(guess), timeZone);
  t = guess - zoneOffsetMs(new Date(t), timeZone);
  return new Date(t);
}

/** A period as a half-open range of UTC instants (ISO strings compare as the database stores them). */
export function periodUtcRange(period: Period, timeZone: string): { from: string; to: string } {
  return { from: startOfLocalDay(period.start, timeZone).toISOString(), to: startOfLocalDay(addDays(period.end, 1), timeZone).toISOString() };
}

// --- Whether a meeting counts ---------------------------------------------------

/** More than half of the committee present (Branch). Null when the committee's size is unknown (no posts recorded). */
export function committeeQuorum(committeeSize: number, presentCommitteeMembers: number): { needed: number; met: boolean } | null {
  if (committeeSize <= 0) return null;
  return { needed: Math.floor(committeeSize / 2) + 1, met: presentCommitteeMembers * 2 > committeeSize };
}

export interface MeetingRecord {
  status: MeetingStatus;
  /** Attendance rows with status present. */
  presentCount: number;
  minutesLocked: boolean;
  kind: MeetingKind;
  /** Committee meetings: the quorum recorded when the minutes were locked (null: unknown). */
  quorumMet: boolean | null;
}

export type NotCountedReason = 'cancelled' | 'no_attendance' | 'minutes_not_locked' | 'no_quorum';

/** Whether a meeting counts toward the required frequencies, and if not, why. */
export function meetingCounts(m: MeetingRecord): { counts: boolean; reason: NotCountedReason | null } {
  if (m.status === 'cancelled') return { counts: false, reason: 'cancelled' };
  if (m.presentCount <= 0) return { counts: false, reason: 'no_attendance' };
  if (!m.minutesLocked) return { counts: false, reason: 'minutes_not_locked' };
  if (m.kind === 'committee_meeting' && m.quorumMet === false) return { counts: false, reason: 'no_quorum' };
  return { counts: true, reason: null };
}

// --- Requirements -----------------------------------------------------------------

export type RequirementId =
  | 'branch_assembly'
  | 'committee_meeting'
  | 'group_meeting'
  | 'party_lecture'
  | 'secretary_lecture'
  | 'theme_day'
  | 'organizational_life_meeting'
  | 'heart_to_heart_talk'
  | 'central_study_group'
  | 'instructor_meeting';

export interface Requirement {
  id: RequirementId;
  meetingKind: MeetingKind;
  period: PeriodKind;
  /** The number in LIFE_RULES_V2018 that says how many. */
  countKey: LifeRuleKey;
  orgKinds: readonly OrgKind[];
  /** Branches only where a committee exists / where party groups exist. */
  condition?: 'has_committee' | 'has_party_groups';
  /** Each party group meets: the count is per group. */
  perPartyGroup?: boolean;
  /** Only meetings hosted by a current secretary of the organization count. */
  hostIsSecretary?: boolean;
  sources: readonly SourceName[];
  /** What the requirement says, with {n} for the count. */
  text: Bilingual;
}

const BRANCHES: readonly OrgKind[] = ['branch', 'joint_branch'];

export const LIFE_REQUIREMENTS: readonly Requirement[] = [
  {
    id: 'branch_assembly',
    meetingKind: 'branch_assembly',
    period: 'quarter',
    countKey: 'branchAssembliesPerQuarter',
    orgKinds: [...BRANCHES, 'general_branch'],
    sources: ['Branch'],
    text: { 'zh-CN': '党支部党员大会一般每季度召开 {n} 次', en: 'The branch assembly meets {n} time(s) a quarter' },
  },
  {
    id: 'committee_meeting',
    meetingKind: 'committee_meeting',
    period: 'month',
    countKey: 'committeeMeetingsPerMonth',
    orgKinds: [...BRANCHES, 'general_branch', 'committee'],
    condition: 'has_committee',
    sources: ['Branch'],
    text: {
      'zh-CN': '支部委员会会议一般每月召开 {n} 次，须有半数以上委员到会（只适用于设支部委员会的组织）',
      en: 'The committee meets {n} time(s) a month with more than half of its members present (only where a committee exists)',
    },
  },
  {
    id: 'group_meeting',
    meetingKind: 'group_meeting',
    period: 'month',
    countKey: 'groupMeetingsPerMonth',
    orgKinds: BRANCHES,
    condition: 'has_party_groups',
    perPartyGroup: true,
    sources: ['Branch'],
    text: { 'zh-CN': '每个党小组一般每月召开党小组会 {n} 次（只适用于设党小组的党支部）', en: 'Each party group meets {n} time(s) a month (only branches with party groups)' },
  },
  {
    id: 'party_lecture',
    meetingKind: 'party_lecture',
    period: 'quarter',
    countKey: 'partyLecturesPerQuarter',
    orgKinds: [...BRANCHES, 'general_branch', 'committee'],
    sources: ['Branch', 'practice'],
    text: { 'zh-CN': '党课一般每季度 {n} 次（地方通行做法）', en: '{n} party lecture(s) a quarter (local practice)' },
  },
  {
    id: 'secretary_lecture',
    meetingKind: 'party_lecture',
    period: 'year',
    countKey: 'secretaryLecturesPerYear',
    orgKinds: [...BRANCHES, 'general_branch', 'committee'],
    hostIsSecretary: true,
    sources: ['Branch'],
    text: { 'zh-CN': '书记每年至少讲党课 {n} 次', en: 'The secretary gives at least {n} party lecture(s) a year' },
  },
  {
    id: 'theme_day',
    meetingKind: 'theme_day',
    period: 'month',
    countKey: 'themeDaysPerMonth',
    orgKinds: BRANCHES,
    sources: ['Branch'],
    text: { 'zh-CN': '党支部每月相对固定 {n} 天开展主题党日', en: 'The branch holds {n} theme day(s) a month' },
  },
  {
    id: 'organizational_life_meeting',
    meetingKind: 'organizational_life_meeting',
    period: 'year',
    countKey: 'organizationalLifeMeetingsPerYear',
    orgKinds: BRANCHES,
    sources: ['Branch'],
    text: {
      'zh-CN': '组织生活会一般每年召开 {n} 次（通常在第四季度），同时开展民主评议党员',
      en: '{n} organizational life meeting(s) a year (usually in Q4), with the democratic evaluation of members',
    },
  },
  {
    id: 'heart_to_heart_talk',
    meetingKind: 'heart_to_heart_talk',
    period: 'year',
    countKey: 'heartToHeartTalksPerYear',
    orgKinds: BRANCHES,
    sources: ['Branch'],
    text: { 'zh-CN': '每年至少开展谈心谈话 {n} 次', en: 'Heart-to-heart talks at least {n} time(s) a year' },
  },
  {
    id: 'central_study_group',
    meetingKind: 'central_study_group',
    period: 'month',
    countKey: 'centralStudyGroupsPerMonth',
    orgKinds: ['committee'],
    sources: ['practice'],
    text: { 'zh-CN': '党委理论学习中心组每月集中学习 {n} 次（本区设定）', en: 'The central study group meets {n} time(s) a month (district setting)' },
  },
  {
    id: 'instructor_meeting',
    meetingKind: 'instructor_meeting',
    period: 'month',
    countKey: 'instructorMeetingsPerMonth',
    orgKinds: ['committee'],
    sources: ['practice'],
    text: { 'zh-CN': '党建指导员每月例会 {n} 次（本区设定）', en: 'Instructors meet {n} time(s) a month (district setting)' },
  },
];

/** What the compliance of an organization depends on, besides its meetings. */
export interface LifeOrgFacts {
  kind: OrgKind;
  /** A committee exists: committees and general branches always; branches with enough full members or committee members in post. */
  hasCommittee: boolean;
  /** Active party groups directly under the organization. */
  partyGroupIds: readonly number[];
  /** People currently holding the secretary post. */
  secretaryPersonIds: readonly number[];
}

/** A committee exists (RULES.md "Forming organizations": a branch with ≥ 7 full members has a committee). */
export function hasCommittee(kind: OrgKind, fullMemberCount: number, committeeMembersInPost: number, committeeFrom: number): boolean {
  if (kind === 'committee' || kind === 'general_branch') return true;
  if (kind !== 'branch' && kind !== 'joint_branch') return false;
  return fullMemberCount >= committeeFrom || committeeMembersInPost > 0;
}

/** A meeting that counts (meetingCounts), as compliance needs it. */
export interface CountedMeeting {
  kind: MeetingKind;
  /** The local date the meeting started on. */
  date: string;
  /** Group meetings: the party group that met. */
  partyGroupId: number | null;
  hostPersonId: number | null;
}

export interface PeriodResult {
  key: string;
  start: string;
  end: string;
  required: number;
  held: number;
  status: LifeStatus;
}

export interface RequirementResult extends PeriodResult {
  requirementId: RequirementId;
  meetingKind: MeetingKind;
  periodKind: PeriodKind;
  applies: boolean;
  /** Days left in the period, today included (0 once it has ended; null before it starts). */
  daysLeft: number | null;
  /** When the asked period is longer than the requirement's (a month's rule over a quarter): each month. */
  parts: PeriodResult[];
  explanation: Bilingual;
  /** Why it does not apply, when it does not. */
  notApplicable: Bilingual | null;
  sources: SourceName[];
  /** The number is local practice (the district may change it). */
  practice: boolean;
}

function amberDays(kind: PeriodKind, rules: LifeRules): number {
  return kind === 'month' ? rules.amberDaysMonth : kind === 'quarter' ? rules.amberDaysQuarter : rules.amberDaysYear;
}

/**
 * Red, amber or green for one period: green when met; red when the period has
 * ended unmet, or fewer days remain than meetings still needed; amber when
 * partly held, or when the period ends within the amber window; open otherwise.
 */
export function periodStatus(period: Period, required: number, held: number, today: string, rules: LifeRules): LifeStatus {
  if (required <= 0) return 'not_applicable';
  if (held >= required) return 'green';
  if (today < period.start) return 'open';
  if (today > period.end) return 'red';
  const daysLeft = daysBetween(today, period.end) + 1;
  if (daysLeft < required - held) return 'red';
  if (held > 0 || daysLeft <= amberDays(period.kind, rules)) return 'amber';
  return 'open';
}

const WORST: LifeStatus[] = ['red', 'amber', 'open', 'green', 'not_applicable'];

/** The most urgent of several statuses (red before amber before open before green). */
export function worstStatus(statuses: readonly LifeStatus[]): LifeStatus {
  for (const s of WORST) if (statuses.includes(s)) return s;
  return 'not_applicable';
}

function fill(text: Bilingual, n: number): Bilingual {
  return { 'zh-CN': text['zh-CN'].replaceAll('{n}', String(n)), en: text.en.replaceAll('{n}', String(n)) };
}

function notApplicableWhy(req: Requirement, facts: LifeOrgFacts, count: number): Bilingual | null {
  if (count <= 0) return { 'zh-CN': '本区已将该要求设为 0 次（不要求）', en: 'The district has set this requirement to 0 (not required)' };
  if (!req.orgKinds.includes(facts.kind)) return { 'zh-CN': '该类党组织不适用此要求', en: 'Does not apply to this kind of organization' };
  if (req.condition === 'has_committee' && !facts.hasCommittee) {
    return { 'zh-CN': '未设支部委员会（正式党员不足 7 人，只设书记）', en: 'No committee (fewer than 7 full members: a secretary only)' };
  }
  if (req.condition === 'has_party_groups' && facts.partyGroupIds.length === 0) {
    return { 'zh-CN': '未设党小组', en: 'No party groups' };
  }
  return null;
}

/** How many of the period's meetings count toward the requirement (per party group: at most `count` each). */
function heldIn(req: Requirement, facts: LifeOrgFacts, meetings: readonly CountedMeeting[], period: Period, count: number): number {
  const inPeriod = meetings.filter(
    (m) =>
      m.kind === req.meetingKind &&
      m.date >= period.start &&
      m.date <= period.end &&
      (!req.hostIsSecretary || (m.hostPersonId !== null && facts.secretaryPersonIds.includes(m.hostPersonId))),
  );
  if (!req.perPartyGroup) return inPeriod.length;
  let held = 0;
  for (const g of facts.partyGroupIds) held += Math.min(count, inPeriod.filter((m) => m.partyGroupId === g).length);
  return held;
}

/**
 * One requirement for one organization. `asked` is the period the user looks
 * at; without it, the requirement's own period containing today. A longer asked
 * period is split into the requirement's periods (each month of a quarter must
 * be met on its own); a shorter one is widened to the requirement's period
 * containing it (a quarterly rule seen from a month).
 */
export function evaluateRequirement(
  req: Requirement,
  facts: LifeOrgFacts,
  meetings: readonly CountedMeeting[],
  rules: LifeRules,
  today: string,
  asked?: Period,
): RequirementResult {
  const count = rules[req.countKey];
  const period = !asked ? periodOfDate(today, req.period) : RANK[asked.kind] <= RANK[req.period] ? periodOfDate(asked.start, req.period) : asked;
  const why = notApplicableWhy(req, facts, count);
  const perPeriod = req.perPartyGroup ? count * facts.partyGroupIds.length : count;
  const parts: PeriodResult[] =
    why !== null
      ? []
      : subPeriods(period, req.period).map((p) => {
          const held = heldIn(req, facts, meetings, p, count);
          return { key: p.key, start: p.start, end: p.end, required: perPeriod, held: Math.min(held, perPeriod), status: periodStatus(p, perPeriod, held, today, rules) };
        });
  const required = parts.reduce((s, p) => s + p.required, 0);
  const held = parts.reduce((s, p) => s + p.held, 0);
  let status: LifeStatus = 'not_applicable';
  if (why === null) {
    const ss = parts.map((p) => p.status);
    status = ss.every((s) => s === 'green') ? 'green' : worstStatus(ss.filter((s) => s !== 'green'));
  }
  const daysLeft = today < period.start ? null : today > period.end ? 0 : daysBetween(today, period.end) + 1;
  let explanation = fill(req.text, count);
  if (req.perPartyGroup && why === null) {
    explanation = {
      'zh-CN': `${explanation['zh-CN']}；本支部有 ${facts.partyGroupIds.length} 个党小组`,
      en: `${explanation.en}; this branch has ${facts.partyGroupIds.length} party group(s)`,
    };
  }
  return {
    requirementId: req.id,
    meetingKind: req.meetingKind,
    periodKind: req.period,
    key: period.key,
    start: period.start,
    end: period.end,
    applies: why === null,
    required,
    held,
    status,
    daysLeft,
    parts: parts.length > 1 ? parts : [],
    explanation,
    notApplicable: why,
    sources: [...req.sources],
    practice: req.sources.includes('practice'),
  };
}

/** Every requirement for one organization, and its overall status (the most urgent of those that apply). */
export function evaluateOrgLife(
  facts: LifeOrgFacts,
  meetings: readonly CountedMeeting[],
  rules: LifeRules,
  today: string,
  asked?: Period,
): { status: LifeStatus; requirements: RequirementResult[] } {
  const requirements = LIFE_REQUIREMENTS.map((r) => evaluateRequirement(r, facts, meetings, rules, today, asked));
  return { status: worstStatus(requirements.filter((r) => r.applies).map((r) => r.status)), requirements };
}

/** A requirement result as the compliance rollup stores it: the sources follow from the requirement. */
export type StoredRequirementResult = Omit<RequirementResult, 'sources'>;

export function storeRequirement(r: RequirementResult): StoredRequirementResult {
  const { sources, ...rest } = r;
  void sources;
  return rest;
}

/** The stored result with its sources back, keys in the order evaluateRequirement() writes them. */
export function restoreRequirement(r: StoredRequirementResult): RequirementResult {
  const req = LIFE_REQUIREMENTS.find((x) => x.id === r.requirementId);
  if (!req) throw new RangeError(`unknown requirement: ${r.requirementId}`);
  const { practice, ...rest } = r;
  return { ...rest, sources: [...req.sources], practice };
}

export type StatusCounts = Record<'green' | 'amber' | 'red' | 'open' | 'not_applicable', number>;

export const emptyCounts = (): StatusCounts => ({ green: 0, amber: 0, red: 0, open: 0, not_applicable: 0 });

/**
 * Roll-up over a territory: organizations counted by overall status, in total
 * and per node directly under it (an organization belongs to the node whose
 * path starts its territory path; one sitting on the root itself counts only in the total).
 * An entry may stand for `count` organizations of one territory path and status
 * (the stored rollup is grouped in SQL); without it, for one.
 */
export function rollUpLife(
  orgs: readonly { territoryPath: string; status: LifeStatus; count?: number }[],
  nodes: readonly { id: number; path: string }[],
): { total: StatusCounts; byNode: Map<number, StatusCounts> } {
  const total = emptyCounts();
  const byNode = new Map(nodes.map((n) => [n.id, emptyCounts()]));
  for (const o of orgs) {
    const n = o.count ?? 1;
    total[o.status] += n;
    const node = nodes.find((x) => o.territoryPath.startsWith(x.path));
    if (node) byNode.get(node.id)![o.status] += n;
  }
  return { total, byNode };
}

/**
 * Requirements worth a reminder today: applicable, not met, the period not yet
 * over, and either amber or red (ends within its amber window or already late).
 */
export function dueSoon<R extends Pick<RequirementResult, 'applies' | 'status' | 'daysLeft'>>(results: readonly R[]): R[] {
  return results.filter((r) => r.applies && (r.status === 'amber' || r.status === 'red') && r.daysLeft !== null && r.daysLeft > 0);
}
