/**
 * Member development (发展党员): the stages, the 25 steps of the Detailed
 * Rules on Developing Party Members (2014) as data, and pure functions that
 * say whether a step may be recorded, what stage a member is in, and what is
 * due next (RULES.md "Member development").
 *
 * The history is an append-only log of rows (development_step); a correction
 * is a new row naming the row it replaces (`correctsId`), or voiding it. Every
 * function here takes the raw rows and applies the corrections itself.
 *
 * Which rules block and which warn:
 * - block (severity 'error', the step is refused): out of order or in the
 *   wrong stage; applicant under the minimum age; candidate named before the
 *   cultivation year is over; sponsors not exactly two full members; mentors
 *   not 1–2 full members; committee review or admission without a passed
 *   political review or without the training hours; an admission or
 *   conversion vote without quorum or without a majority of all entitled
 *   members; admission of a candidate known to leave the unit within 3
 *   months; approval later than the 6-month limit; conversion before the end
 *   of probation; a second extension or one outside 6–12 months; a decision
 *   without the public notice (practice: a district sets noticeWorkingDays to
 *   0 to turn it off); dates in the future.
 * - warn (severity 'warning', the step is recorded and the warning shown):
 *   the talk later than 1 month after the application (a duty of the
 *   organization, not a condition on the applicant); approval after 3 but
 *   within 6 months ("special circumstances"); fewer half-yearly assessments
 *   than the cultivation period calls for; an extension decided before the
 *   probation ends; an unknown birth date at application.
 */
import type { Bilingual } from './bilingual.js';
import { addDays, addMonths, isDate } from './dates.js';
import { ageOn } from './ids.js';
import type { DevelopmentRules } from './rulesets.js';
import type { Finding, Severity, SourceName } from './sources.js';
import { afterNotice, noticeDaysBefore, type WorkdayOverrides } from './workdays.js';

// ---------------------------------------------------------------------------
// Stages, steps, events

export const STAGES = ['applicant', 'activist', 'candidate', 'probationary', 'full'] as const;
export type Stage = (typeof STAGES)[number];
/** Terminal outcomes: development ended before admission, or probation cancelled. */
export const OUTCOMES = ['withdrawn', 'probation_cancelled'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export type PipelineStatus = Stage | Outcome;

export const STAGE_LABELS: Record<PipelineStatus, Bilingual> = {
  applicant: { 'zh-CN': '入党申请人', en: 'Applicant' },
  activist: { 'zh-CN': '入党积极分子', en: 'Activist' },
  candidate: { 'zh-CN': '发展对象', en: 'Candidate' },
  probationary: { 'zh-CN': '预备党员', en: 'Probationary member' },
  full: { 'zh-CN': '正式党员', en: 'Full member' },
  withdrawn: { 'zh-CN': '已终止发展', en: 'Development ended' },
  probation_cancelled: { 'zh-CN': '已取消预备党员资格', en: 'Probation cancelled' },
};

/** The 25 steps in the regulation's order. */
export const STEP_IDS = [
  'application',
  'talk',
  'activist_nomination',
  'activist_filing',
  'mentors',
  'assessment',
  'candidate_decision',
  'candidate_filing',
  'sponsors',
  'political_review',
  'training',
  'committee_review',
  'pre_review',
  'application_form',
  'branch_vote',
  'approval_talk',
  'approval',
  'org_dept_filing',
  'group_assignment',
  'oath',
  'probation_assessment',
  'conversion_application',
  'conversion_vote',
  'conversion_approval',
  'archiving',
] as const;
export type StepId = (typeof STEP_IDS)[number];

/** Records outside the numbered steps: the public notice, and the outcomes of probation and of development. */
export const EVENT_IDS = ['notice', 'probation_extension', 'probation_cancelled', 'withdrawn'] as const;
export type EventId = (typeof EVENT_IDS)[number];
export type RecordKind = StepId | EventId;
export const RECORD_KINDS: readonly RecordKind[] = [...STEP_IDS, ...EVENT_IDS];

/** The decisions a public notice precedes, and the step that takes each. */
export const NOTICE_FOR = ['activist', 'candidate', 'admission', 'conversion'] as const;
export type NoticeFor = (typeof NOTICE_FOR)[number];
const NOTICE_DECISION: Record<NoticeFor, StepId> = {
  activist: 'activist_nomination',
  candidate: 'candidate_decision',
  admission: 'branch_vote',
  conversion: 'conversion_vote',
};
const NOTICE_LABELS: Record<NoticeFor, Bilingual> = {
  activist: { 'zh-CN': '确定入党积极分子', en: 'naming the activist' },
  candidate: { 'zh-CN': '确定发展对象', en: 'naming the candidate' },
  admission: { 'zh-CN': '接收预备党员', en: 'admission' },
  conversion: { 'zh-CN': '预备党员转正', en: 'conversion' },
};

export const PHASES: Record<1 | 2 | 3 | 4 | 5, Bilingual> = {
  1: { 'zh-CN': '申请入党', en: 'Application' },
  2: { 'zh-CN': '入党积极分子的确定和培养教育', en: 'Activists: naming and cultivation' },
  3: { 'zh-CN': '发展对象的确定和考察', en: 'Candidates: naming and examination' },
  4: { 'zh-CN': '预备党员的接收', en: 'Admission of probationary members' },
  5: { 'zh-CN': '预备党员的教育考察和转正', en: 'Probation and conversion' },
};

/** What a step's `data` holds. Every record may also carry a `note` (text, ≤ 500). */
export type FieldSpec = { label: Bilingual; required: boolean } & (
  | { kind: 'int'; min: number; max: number }
  | { kind: 'number'; min: number; max: number }
  | { kind: 'text'; maxLength: number }
  | { kind: 'date' }
  | { kind: 'bool' }
  | { kind: 'enum'; values: readonly string[] }
  /** Person ids (people of the district) who must be full members on the day. */
  | { kind: 'personIds' }
);

export interface StepDef {
  id: RecordKind;
  /** 1–25 for the regulation's steps; null for events. */
  order: number | null;
  /** The chapter of the regulation the step belongs to (1–5); null for events. */
  phase: 1 | 2 | 3 | 4 | 5 | null;
  /** The stages the member is in when this is recorded (null: nothing recorded yet). */
  stages: readonly (Stage | null)[];
  /** The stage or outcome the member is in after it. */
  enters: PipelineStatus | null;
  /** Steps that must be done first. */
  requires: readonly StepId[];
  /** May be recorded more than once (assessments, training sessions, notices). */
  repeatable: boolean;
  /** The public notice this decision needs (RULES.md: practice). */
  notice: NoticeFor | null;
  label: Bilingual;
  sources: SourceName[];
  data: Readonly<Record<string, FieldSpec>>;
}

const L = (zh: string, en: string): Bilingual => ({ 'zh-CN': zh, en });
const int = (zh: string, en: string, min = 0, max = 100_000, required = true): FieldSpec => ({ kind: 'int', label: L(zh, en), required, min, max });
const text = (zh: string, en: string, required = false, maxLength = 500): FieldSpec => ({ kind: 'text', label: L(zh, en), required, maxLength });
const VOTE: Record<string, FieldSpec> = {
  entitled: int('应到会有表决权的正式党员数', 'Full members entitled to vote', 1),
  present: int('实到会有表决权的正式党员数', 'Entitled members present'),
  yes: int('赞成票', 'Votes for'),
  no: int('反对票', 'Votes against'),
  abstain: int('弃权票', 'Abstentions'),
};

function def(d: Omit<StepDef, 'repeatable' | 'notice' | 'enters' | 'data'> & Partial<Pick<StepDef, 'repeatable' | 'notice' | 'enters' | 'data'>>): StepDef {
  return { repeatable: false, notice: null, enters: null, data: {}, ...d };
}

/** The regulation's 25 steps, then the events, as data. */
export const STEPS: readonly StepDef[] = [
  def({ id: 'application', order: 1, phase: 1, stages: [null], enters: 'applicant', requires: [], label: L('递交入党申请书', 'Application submitted'), sources: ['Constitution', 'Development'] }),
  def({ id: 'talk', order: 2, phase: 1, stages: ['applicant'], requires: ['application'], label: L('党组织派人谈话', 'Talk with the applicant'), sources: ['Development'], data: { by: text('谈话人', 'Talked with by') } }),
  def({
    id: 'activist_nomination',
    order: 3,
    phase: 2,
    stages: ['applicant'],
    enters: 'activist',
    requires: ['talk'],
    notice: 'activist',
    label: L('推荐和确定入党积极分子', 'Named an activist'),
    sources: ['Development'],
    data: { method: { kind: 'enum', label: L('推荐方式', 'Recommended by'), required: false, values: ['member_recommendation', 'group_recommendation'] } },
  }),
  def({ id: 'activist_filing', order: 4, phase: 2, stages: ['activist'], requires: ['activist_nomination'], label: L('报上级党委备案（入党积极分子）', 'Activist filed with the higher committee'), sources: ['Development'] }),
  def({
    id: 'mentors',
    order: 5,
    phase: 2,
    stages: ['activist'],
    requires: ['activist_nomination'],
    label: L('指定培养联系人', 'Mentors assigned'),
    sources: ['Development'],
    data: { personIds: { kind: 'personIds', label: L('培养联系人', 'Mentors'), required: true } },
  }),
  def({ id: 'assessment', order: 6, phase: 2, stages: ['activist'], requires: ['activist_nomination'], repeatable: true, label: L('培养教育考察', 'Cultivation and assessment'), sources: ['Development'], data: { result: text('考察意见', 'Assessment') } }),
  def({ id: 'candidate_decision', order: 7, phase: 3, stages: ['activist'], enters: 'candidate', requires: ['activist_filing', 'mentors'], notice: 'candidate', label: L('确定发展对象', 'Named a candidate'), sources: ['Development'] }),
  def({ id: 'candidate_filing', order: 8, phase: 3, stages: ['candidate'], requires: ['candidate_decision'], label: L('报上级党委备案（发展对象）', 'Candidate filed with the higher committee'), sources: ['Development'] }),
  def({
    id: 'sponsors',
    order: 9,
    phase: 3,
    stages: ['candidate'],
    requires: ['candidate_decision'],
    label: L('确定入党介绍人', 'Sponsors named'),
    sources: ['Constitution', 'Development'],
    data: { personIds: { kind: 'personIds', label: L('入党介绍人', 'Sponsors'), required: true } },
  }),
  def({
    id: 'political_review',
    order: 10,
    phase: 3,
    stages: ['candidate'],
    requires: ['candidate_decision'],
    label: L('进行政治审查', 'Political review'),
    sources: ['Development'],
    data: { qualified: { kind: 'bool', label: L('政审合格', 'Passed'), required: false }, conclusion: text('政审结论', 'Conclusion') },
  }),
  def({
    id: 'training',
    order: 11,
    phase: 3,
    stages: ['candidate'],
    requires: ['candidate_decision'],
    repeatable: true,
    label: L('开展集中培训', 'Concentrated training'),
    sources: ['Development'],
    data: {
      hours: { kind: 'number', label: L('学时', 'Class hours'), required: false, min: 0, max: 1000 },
      days: { kind: 'number', label: L('天数', 'Days'), required: false, min: 0, max: 365 },
    },
  }),
  def({ id: 'committee_review', order: 12, phase: 4, stages: ['candidate'], requires: ['candidate_filing', 'sponsors', 'political_review', 'training'], label: L('支部委员会审查', 'Review by the branch committee'), sources: ['Development'] }),
  def({ id: 'pre_review', order: 13, phase: 4, stages: ['candidate'], requires: ['committee_review'], label: L('上级党委预审', 'Pre-review by the approving committee'), sources: ['Development'] }),
  def({ id: 'application_form', order: 14, phase: 4, stages: ['candidate'], requires: ['pre_review'], label: L('填写入党志愿书', 'Application form filled in'), sources: ['Development'] }),
  def({
    id: 'branch_vote',
    order: 15,
    phase: 4,
    stages: ['candidate'],
    requires: ['application_form'],
    notice: 'admission',
    label: L('支部大会讨论（接收预备党员）', 'Branch vote on admission'),
    sources: ['Constitution', 'Development'],
    data: { ...VOTE, expectedDepartureOn: { kind: 'date', label: L('预计离开本单位日期', 'Expected to leave the unit on'), required: false } },
  }),
  def({ id: 'approval_talk', order: 16, phase: 4, stages: ['candidate'], requires: ['branch_vote'], label: L('上级党委派人谈话', 'Talk by the approving committee'), sources: ['Development'], data: { by: text('谈话人', 'Talked with by') } }),
  def({ id: 'approval', order: 17, phase: 4, stages: ['candidate'], enters: 'probationary', requires: ['approval_talk'], label: L('上级党委审批', 'Admission approved'), sources: ['Constitution', 'Development'] }),
  def({ id: 'org_dept_filing', order: 18, phase: 4, stages: ['probationary'], requires: ['approval'], label: L('再上一级党委组织部门备案', 'Filed with the organization department'), sources: ['Development'] }),
  def({ id: 'group_assignment', order: 19, phase: 4, stages: ['probationary'], requires: ['approval'], label: L('编入党支部和党小组', 'Assigned to a branch and group'), sources: ['Development'], data: { group: text('党小组', 'Party group', false, 100) } }),
  def({ id: 'oath', order: 20, phase: 4, stages: ['probationary'], requires: ['approval'], label: L('入党宣誓', 'Oath taken'), sources: ['Constitution', 'Development'] }),
  def({ id: 'probation_assessment', order: 21, phase: 5, stages: ['probationary'], requires: ['approval'], repeatable: true, label: L('继续教育考察', 'Probation assessment'), sources: ['Development'], data: { result: text('考察意见', 'Assessment') } }),
  def({ id: 'conversion_application', order: 22, phase: 5, stages: ['probationary'], requires: ['org_dept_filing', 'group_assignment', 'oath'], label: L('提出转正申请', 'Application for conversion'), sources: ['Development'] }),
  def({ id: 'conversion_vote', order: 23, phase: 5, stages: ['probationary'], requires: ['conversion_application'], notice: 'conversion', label: L('支部大会讨论（预备党员转正）', 'Branch vote on conversion'), sources: ['Constitution', 'Development'], data: VOTE }),
  def({ id: 'conversion_approval', order: 24, phase: 5, stages: ['probationary'], enters: 'full', requires: ['conversion_vote'], label: L('上级党委审批（转正）', 'Conversion approved'), sources: ['Constitution', 'Development'] }),
  def({ id: 'archiving', order: 25, phase: 5, stages: ['full'], requires: ['conversion_approval'], label: L('材料归档', 'File archived'), sources: ['Development'] }),
  def({
    id: 'notice',
    order: null,
    phase: null,
    stages: ['applicant', 'activist', 'candidate', 'probationary'],
    requires: [],
    repeatable: true,
    label: L('公示', 'Public notice'),
    sources: ['practice'],
    data: { for: { kind: 'enum', label: L('公示事项', 'Notice of'), required: true, values: NOTICE_FOR } },
  }),
  def({
    id: 'probation_extension',
    order: null,
    phase: null,
    stages: ['probationary'],
    requires: ['approval'],
    // Counted against maxExtensions rather than refused as "already done", so the rule and its source are named.
    repeatable: true,
    label: L('延长预备期', 'Probation extended'),
    sources: ['Constitution', 'Development'],
    data: { months: int('延长月数', 'Months', 1, 24) },
  }),
  def({ id: 'probation_cancelled', order: null, phase: null, stages: ['probationary'], enters: 'probation_cancelled', requires: ['approval'], label: L('取消预备党员资格', 'Probation cancelled'), sources: ['Constitution', 'Development'], data: { reason: text('原因', 'Reason', true) } }),
  def({ id: 'withdrawn', order: null, phase: null, stages: ['applicant', 'activist', 'candidate'], enters: 'withdrawn', requires: ['application'], label: L('终止发展', 'Development ended'), sources: ['Development'], data: { reason: text('原因', 'Reason', true) } }),
];

const BY_ID = new Map<string, StepDef>(STEPS.map((s) => [s.id, s]));

export function stepDef(id: RecordKind): StepDef {
  return BY_ID.get(id)!;
}

export function isRecordKind(value: string): value is RecordKind {
  return BY_ID.has(value);
}

const STAGE_RANK: Record<Stage, number> = { applicant: 0, activist: 1, candidate: 2, probationary: 3, full: 4 };
function inStages(d: StepDef, status: PipelineStatus | null): boolean {
  return (d.stages as readonly (PipelineStatus | null)[]).includes(status);
}
function isStage(s: PipelineStatus | null | undefined): s is Stage {
  return s !== null && s !== undefined && (STAGES as readonly string[]).includes(s);
}

// ---------------------------------------------------------------------------
// History and corrections

/** One row of the log as stored (development_step). */
export interface StepRow {
  id: number;
  step: string;
  doneOn: string;
  data: Record<string, unknown>;
  correctsId: number | null;
}
export type History = readonly StepRow[];

/** The key under which a correction row keeps its reason (and `void: true` when it cancels the row). */
export const CORRECTION_KEY = '$correction';

/** A record as it stands after its corrections. `id` is the original row's id. */
export interface Entry {
  id: number;
  step: RecordKind;
  doneOn: string;
  data: Record<string, unknown>;
  /** The correction rows applied, oldest first. */
  correctionIds: number[];
}

function stripCorrection(data: Record<string, unknown>): Record<string, unknown> {
  const { [CORRECTION_KEY]: _meta, ...rest } = data;
  return rest;
}

/** The original row a (chain of) correction(s) refers to. */
function rootOf(rows: Map<number, StepRow>, row: StepRow): StepRow {
  let r = row;
  for (let guard = 0; r.correctsId !== null && guard < 1000; guard++) {
    const up = rows.get(r.correctsId);
    if (!up) break;
    r = up;
  }
  return r;
}

/** The records in the order they were recorded, each with its latest correction applied; voided ones left out. */
export function effectiveHistory(history: History): Entry[] {
  const byId = new Map(history.map((r) => [r.id, r]));
  const corrections = new Map<number, StepRow[]>();
  for (const r of [...history].sort((a, b) => a.id - b.id)) {
    if (r.correctsId === null) continue;
    const root = rootOf(byId, r);
    corrections.set(root.id, [...(corrections.get(root.id) ?? []), r]);
  }
  const out: Entry[] = [];
  for (const r of [...history].sort((a, b) => a.id - b.id)) {
    if (r.correctsId !== null || !isRecordKind(r.step)) continue;
    const cs = corrections.get(r.id) ?? [];
    const last = cs[cs.length - 1];
    const meta = last?.data[CORRECTION_KEY] as { void?: boolean } | undefined;
    if (meta?.void) continue;
    out.push({ id: r.id, step: r.step, doneOn: last?.doneOn ?? r.doneOn, data: stripCorrection(last?.data ?? r.data), correctionIds: cs.map((c) => c.id) });
  }
  return out;
}

// ---------------------------------------------------------------------------
// State: stage and dates

/**
 * Where a member stood when their development was not recorded here (members
 * registered directly in the registry): steps before that stage count as
 * done, and the dates come from the registry. Used only while the history has
 * no application.
 */
export interface Baseline {
  stage: Stage;
  appliedOn: string | null;
  activistOn: string | null;
  candidateOn: string | null;
  admittedOn: string | null;
  probationUntil: string | null;
  fullOn: string | null;
}

/** The stage dates kept on the member row. */
export interface StageDates {
  appliedOn: string | null;
  activistOn: string | null;
  candidateOn: string | null;
  /** The day of the branch vote, once the admission is approved (probation and dues count from it). */
  admittedOn: string | null;
  /** The day probation ends (with any extension), once admitted. */
  probationUntil: string | null;
  /** The day probation ended, once the conversion is approved (party standing counts from it). */
  fullOn: string | null;
}

export interface PipelineState {
  status: PipelineStatus | null;
  /** The last stage reached (the stage a withdrawal or cancellation happened in). */
  lastStage: Stage | null;
  /** When the member entered the current stage or outcome. */
  since: string | null;
  dates: StageDates;
  admissionVoteOn: string | null;
  admissionApprovedOn: string | null;
  conversionVoteOn: string | null;
  /** When probation ends (or would end, from a vote still awaiting approval), extensions included. */
  probationEndsOn: string | null;
  extensionMonths: number;
  extensions: number;
  closedOn: string | null;
  /** Steps done, by id (the entries, or 'baseline'). */
  done: ReadonlyMap<StepId, Entry[] | 'baseline'>;
  baselineUsed: boolean;
}

const last = <T>(xs: readonly T[]): T | undefined => xs[xs.length - 1];

function stateOf(entries: readonly Entry[], rules: DevelopmentRules, baseline: Baseline | null): PipelineState {
  const done = new Map<StepId, Entry[] | 'baseline'>();
  const useBaseline = baseline !== null && !entries.some((e) => e.step === 'application');
  let status: PipelineStatus | null = null;
  let since: string | null = null;
  if (useBaseline) {
    status = baseline.stage;
    // Everything recorded before the baseline stage, and the decision that entered it, counts as done.
    for (const s of STEPS) {
      if (s.order === null) continue;
      const recordedIn = s.stages[0] ?? null;
      const before = recordedIn === null || STAGE_RANK[recordedIn] < STAGE_RANK[baseline.stage];
      if (before) done.set(s.id as StepId, 'baseline');
    }
    since = { applicant: baseline.appliedOn, activist: baseline.activistOn, candidate: baseline.candidateOn, probationary: baseline.admittedOn, full: baseline.fullOn }[baseline.stage];
  }
  let closedOn: string | null = null;
  let lastStage: Stage | null = isStage(status) ? status : null;
  for (const e of entries) {
    const d = stepDef(e.step);
    if (d.order !== null) {
      const prev = done.get(e.step as StepId);
      done.set(e.step as StepId, prev && prev !== 'baseline' ? [...prev, e] : [e]);
    }
    if (d.enters) {
      status = d.enters;
      if (isStage(d.enters)) lastStage = d.enters;
      since = e.doneOn;
      if (d.enters === 'withdrawn' || d.enters === 'probation_cancelled') closedOn = e.doneOn;
    }
  }
  const entryOf = (id: StepId): Entry | undefined => {
    const x = done.get(id);
    return x && x !== 'baseline' ? last(x) : undefined;
  };
  const reached = (s: Stage) => useBaseline && STAGE_RANK[baseline.stage] >= STAGE_RANK[s];
  const appliedOn = entryOf('application')?.doneOn ?? (useBaseline ? baseline.appliedOn : null);
  const activistOn = entryOf('activist_nomination')?.doneOn ?? (reached('activist') ? baseline!.activistOn : null);
  const candidateOn = entryOf('candidate_decision')?.doneOn ?? (reached('candidate') ? baseline!.candidateOn : null);
  const admissionVoteOn = entryOf('branch_vote')?.doneOn ?? (reached('probationary') ? baseline!.admittedOn : null);
  const approval = entryOf('approval');
  const admitted = approval !== undefined || reached('probationary');
  const extensionEntries = entries.filter((e) => e.step === 'probation_extension');
  const extensionMonths = extensionEntries.reduce((n, e) => n + (typeof e.data.months === 'number' ? e.data.months : 0), 0);
  let baseEnd: string | null = null;
  if (entryOf('branch_vote')) baseEnd = addMonths(entryOf('branch_vote')!.doneOn, rules.probationMonths);
  else if (reached('probationary')) baseEnd = baseline!.probationUntil ?? (baseline!.admittedOn ? addMonths(baseline!.admittedOn, rules.probationMonths) : null);
  const probationEndsOn = baseEnd ? addMonths(baseEnd, extensionMonths) : null;
  const converted = entryOf('conversion_approval') !== undefined;
  const fullOn = converted ? probationEndsOn : reached('full') ? (baseline!.fullOn ?? probationEndsOn) : null;
  if (status === 'full' && converted) since = fullOn;
  return {
    status,
    lastStage,
    since,
    dates: {
      appliedOn,
      activistOn,
      candidateOn,
      admittedOn: admitted ? admissionVoteOn : null,
      probationUntil: admitted ? probationEndsOn : null,
      fullOn,
    },
    admissionVoteOn,
    admissionApprovedOn: approval?.doneOn ?? null,
    conversionVoteOn: entryOf('conversion_vote')?.doneOn ?? null,
    probationEndsOn,
    extensionMonths,
    extensions: extensionEntries.length,
    closedOn,
    done,
    baselineUsed: useBaseline,
  };
}

/** The stage a record is made in, when it says so by itself (repeatable records can be back-entered, so they do not). */
function recordedStage(e: Entry): Stage | null {
  const d = stepDef(e.step);
  if (d.id === 'notice') {
    const p = e.data.for;
    return typeof p === 'string' && (NOTICE_FOR as readonly string[]).includes(p) ? (stepDef(NOTICE_DECISION[p as NoticeFor]).stages[0] ?? null) : null;
  }
  if (d.repeatable || d.stages.length !== 1) return null;
  return d.stages[0] ?? null;
}

/**
 * The registry's baseline as it was before the first record made here: the
 * member row's stage moves on as steps are recorded, so the baseline stage is
 * the earliest stage the records were made in. None once an application is recorded.
 */
export function baselineFor(entries: readonly Entry[], baseline: Baseline | null): Baseline | null {
  if (!baseline || entries.some((e) => e.step === 'application')) return null;
  let stage = baseline.stage;
  for (const e of entries) {
    const s = recordedStage(e);
    if (s && STAGE_RANK[s] < STAGE_RANK[stage]) stage = s;
  }
  return stage === baseline.stage ? baseline : { ...baseline, stage };
}

/** The member's development state from the history (corrections applied); `baseline` for members registered mid-way. */
export function pipelineState(history: History, rules: DevelopmentRules, baseline: Baseline | null = null): PipelineState {
  const entries = effectiveHistory(history);
  return stateOf(entries, rules, baselineFor(entries, baseline));
}

/** The stage (or terminal outcome) the history puts the member in; null when nothing is recorded. */
export function stageOf(history: History, rules: DevelopmentRules, baseline: Baseline | null = null): PipelineStatus | null {
  return pipelineState(history, rules, baseline).status;
}

/** The stage dates of the member row, derived from the history. */
export function stageDates(history: History, rules: DevelopmentRules, baseline: Baseline | null = null): StageDates {
  return pipelineState(history, rules, baseline).dates;
}

// ---------------------------------------------------------------------------
// Checking a step

export interface PipelineFacts {
  /** Today in the district's time zone. */
  today: string;
  /** From the resident ID. */
  birthDate: string | null;
  /** The member's own person id: nobody mentors or sponsors themself. */
  personId: number | null;
  /** People named in the data: since when a full member (null: not one). Absent: not a person of the district. */
  people: Readonly<Record<number, { fullMemberSince: string | null }>>;
  /** The district's working-day overrides (holidays, adjusted weekends). */
  calendar: WorkdayOverrides;
  baseline: Baseline | null;
  /**
   * For a vote being recorded: the full members the registry holds for the
   * member's branch (and those under it) on the vote's date. "Entitled" cannot
   * be fewer — a smaller number would lower the quorum and the majority.
   * Undefined: not known (replays of past records), not checked.
   */
  registeredFullMembers?: number;
}

export interface StepRequest {
  step: RecordKind;
  doneOn: string;
  data: Record<string, unknown>;
}

/** A finding about a step, naming the request field it concerns (`step`, `doneOn`, `data.yes`...). */
export interface PipelineFinding extends Finding {
  field: string;
}

export type CanRecord = { ok: true; findings: PipelineFinding[] } | { ok: false; findings: PipelineFinding[] };

const finding = (field: string, ruleId: string, severity: Severity, zh: string, en: string, sources: SourceName[]): PipelineFinding => ({
  ruleId,
  severity,
  message: { 'zh-CN': zh, en },
  sources,
  field,
});

const zhLabel = (id: RecordKind) => stepDef(id).label['zh-CN'];
const enLabel = (id: RecordKind) => stepDef(id).label.en;
const stageZh = (s: PipelineStatus | null) => (s ? STAGE_LABELS[s]['zh-CN'] : '尚未申请');
const stageEn = (s: PipelineStatus | null) => (s ? STAGE_LABELS[s].en.toLowerCase() : 'not yet applied');

function dataFindings(d: StepDef, data: unknown): PipelineFinding[] {
  const out: PipelineFinding[] = [];
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return [finding('data', 'dev.data.invalid', 'error', '步骤数据应为对象', 'The step data must be an object', [])];
  }
  const obj = data as Record<string, unknown>;
  const specs: Record<string, FieldSpec> = { ...d.data, note: { kind: 'text', label: L('备注', 'Note'), required: false, maxLength: 500 } };
  for (const key of Object.keys(obj)) {
    if (!specs[key]) out.push(finding(`data.${key}`, 'dev.data.unknown_field', 'error', `“${d.label['zh-CN']}”没有此项数据`, `"${d.label.en}" has no such data`, []));
  }
  for (const [key, spec] of Object.entries(specs)) {
    const v = obj[key];
    const field = `data.${key}`;
    if (v === undefined || v === null) {
      if (spec.required) out.push(finding(field, 'dev.data.required', 'error', `请填写${spec.label['zh-CN']}`, `${spec.label.en} is required`, []));
      continue;
    }
    const bad = (zh: string, en: string) => out.push(finding(field, 'dev.data.invalid', 'error', `${spec.label['zh-CN']}：${zh}`, `${spec.label.en}: ${en}`, []));
    switch (spec.kind) {
      case 'int':
      case 'number':
        if (typeof v !== 'number' || !Number.isFinite(v) || (spec.kind === 'int' && !Number.isInteger(v))) bad(spec.kind === 'int' ? '应为整数' : '应为数字', spec.kind === 'int' ? 'must be a whole number' : 'must be a number');
        else if (v < spec.min || v > spec.max) bad(`应在 ${spec.min}–${spec.max} 之间`, `must be between ${spec.min} and ${spec.max}`);
        break;
      case 'text':
        if (typeof v !== 'string') bad('应为文字', 'must be text');
        else if (spec.required && !v.trim()) out.push(finding(field, 'dev.data.required', 'error', `请填写${spec.label['zh-CN']}`, `${spec.label.en} is required`, []));
        else if (v.length > spec.maxLength) bad(`最多 ${spec.maxLength} 个字符`, `at most ${spec.maxLength} characters`);
        break;
      case 'date':
        if (typeof v !== 'string' || !isDate(v)) bad('日期无效（YYYY-MM-DD）', 'not a valid date (YYYY-MM-DD)');
        break;
      case 'bool':
        if (typeof v !== 'boolean') bad('应为是或否', 'must be true or false');
        break;
      case 'enum':
        if (typeof v !== 'string' || !spec.values.includes(v)) bad(`可选：${spec.values.join('、')}`, `one of: ${spec.values.join(', ')}`);
        break;
      case 'personIds':
        if (!Array.isArray(v) || v.some((x) => typeof x !== 'number' || !Number.isInteger(x) || x < 1)) bad('应为人员编号列表', 'must be a list of person ids');
        else if (new Set(v).size !== v.length) bad('人员重复', 'the same person twice');
        break;
    }
  }
  return out;
}

/** Votes of a branch assembly: quorum and majority (Development; both counted against all entitled members). */
export interface Vote {
  entitled: number;
  present: number;
  yes: number;
  no: number;
  abstain: number;
}

/** More than half of those entitled are present. */
export function hasQuorum(v: Pick<Vote, 'entitled' | 'present'>): boolean {
  return v.present * 2 > v.entitled;
}

/** More than half of ALL entitled full members voted yes (not of those present). */
export function votePasses(v: Pick<Vote, 'entitled' | 'yes'>): boolean {
  return v.yes * 2 > v.entitled;
}

/** The fewest votes that pass: more than half of the entitled. */
export const majorityOf = (entitled: number): number => Math.floor(entitled / 2) + 1;

function voteFindings(data: Record<string, unknown>, what: Bilingual, facts: PipelineFacts): PipelineFinding[] {
  const v = data as unknown as Vote;
  if (![v.entitled, v.present, v.yes, v.no, v.abstain].every((n) => typeof n === 'number' && Number.isInteger(n))) return [];
  const out: PipelineFinding[] = [];
  const registered = facts.registeredFullMembers;
  if (registered !== undefined && v.entitled < registered) {
    out.push(
      finding(
        'data.entitled',
        'dev.vote.entitled',
        'error',
        `应到会有表决权的正式党员数（${v.entitled}）少于登记在本支部的正式党员数（${registered}）`,
        `Entitled to vote (${v.entitled}) is fewer than the ${registered} full members registered in the branch on that date`,
        ['Development'],
      ),
    );
  }
  if (v.present > v.entitled) {
    out.push(finding('data.present', 'dev.vote.counts', 'error', `实到人数（${v.present}）不能多于应到人数（${v.entitled}）`, `Present (${v.present}) cannot exceed entitled (${v.entitled})`, ['Development']));
  }
  if (v.yes + v.no + v.abstain > v.present) {
    out.push(finding('data.yes', 'dev.vote.counts', 'error', `赞成、反对、弃权合计 ${v.yes + v.no + v.abstain}，多于实到人数 ${v.present}`, `For, against and abstentions add up to ${v.yes + v.no + v.abstain}, more than the ${v.present} present`, ['Development']));
  }
  const need = majorityOf(v.entitled);
  if (!hasQuorum(v)) {
    out.push(
      finding(
        'data.present',
        'dev.vote.quorum',
        'error',
        `${what['zh-CN']}：有表决权的到会人数须超过应到会人数的半数——应到 ${v.entitled} 人，须至少 ${need} 人到会，实到 ${v.present} 人`,
        `${what.en}: more than half of those entitled must be present — ${v.entitled} entitled, at least ${need} needed, ${v.present} present`,
        ['Development'],
      ),
    );
  }
  if (!votePasses(v)) {
    out.push(
      finding(
        'data.yes',
        'dev.vote.not_passed',
        'error',
        `${what['zh-CN']}：赞成人数须超过应到会有表决权正式党员的半数——应到 ${v.entitled} 人，须至少 ${need} 票赞成，实得 ${v.yes} 票，未通过`,
        `${what.en}: the votes for must exceed half of ALL ${v.entitled} entitled full members — at least ${need} needed, ${v.yes} given: not passed`,
        ['Development'],
      ),
    );
  }
  return out;
}

function peopleFindings(ids: unknown, on: string, facts: PipelineFacts, rule: { id: string; zh: string; en: string; sources: SourceName[] }): PipelineFinding[] {
  if (!Array.isArray(ids)) return [];
  const out: PipelineFinding[] = [];
  ids.forEach((pid, i) => {
    if (typeof pid !== 'number') return;
    const field = `data.personIds.${i}`;
    const p = facts.people[pid];
    if (facts.personId !== null && pid === facts.personId) {
      out.push(finding(field, 'dev.people.self', 'error', `本人不能担任自己的${rule.zh}`, `Nobody is their own ${rule.en.toLowerCase()}`, rule.sources));
    } else if (!p) {
      out.push(finding(field, 'dev.people.unknown', 'error', '本区没有该人员', 'No such person in the district', []));
    } else if (p.fullMemberSince === null || p.fullMemberSince > on) {
      out.push(finding(field, rule.id, 'error', `${rule.zh}须为正式党员`, `${rule.en} must be full members`, rule.sources));
    }
  });
  return out;
}

/** The date a step is recorded in a stage: the window of a stage the member has already left, for back-entered repeatable records. */
function stageWindow(state: PipelineState, entries: readonly Entry[], stage: Stage): { from: string | null; to: string | null } {
  const enter: Record<Stage, StepId> = { applicant: 'application', activist: 'activist_nomination', candidate: 'candidate_decision', probationary: 'approval', full: 'conversion_approval' };
  const order: Stage[] = [...STAGES];
  const next = order[order.indexOf(stage) + 1];
  const at = (id: StepId) => last(entries.filter((e) => e.step === id))?.doneOn ?? null;
  const from = stage === 'probationary' ? state.admissionVoteOn : stage === 'activist' ? state.dates.activistOn : stage === 'candidate' ? state.dates.candidateOn : at(enter[stage]);
  return { from, to: next ? at(enter[next]) : null };
}

function latestOf(state: PipelineState, id: StepId): string | null {
  const x = state.done.get(id);
  if (!x || x === 'baseline') return null;
  return last(x)?.doneOn ?? null;
}

/** The order checks alone: is this kind of record possible now, whatever its date and data? */
function orderFindings(state: PipelineState, entries: readonly Entry[], d: StepDef, doneOn: string | null): PipelineFinding[] {
  const out: PipelineFinding[] = [];
  const status = state.status;
  if (status === 'withdrawn' || status === 'probation_cancelled') {
    return [finding('step', 'dev.closed', 'error', `发展程序已结束（${stageZh(status)}），不能再记录`, `Development is over (${stageEn(status)}); nothing more can be recorded`, ['Development'])];
  }
  if (!inStages(d, status)) {
    // A repeatable record of a stage already left may still be entered, dated within that stage.
    const stage = d.stages[0];
    const back = d.repeatable && d.id !== 'notice' && d.id !== 'probation_extension' && isStage(stage) && isStage(status) && STAGE_RANK[status] > STAGE_RANK[stage];
    const w = back ? stageWindow(state, entries, stage as Stage) : null;
    if (!(w && doneOn && w.from && doneOn >= w.from && (w.to === null || doneOn <= w.to))) {
      if (d.id === 'application') {
        return [finding('step', 'dev.order.done', 'error', '已有入党申请记录', 'The application is already recorded', ['Development'])];
      }
      const where = d.stages.map((s) => stageZh(s)).join('、');
      return [
        finding(
          'step',
          'dev.order.stage',
          'error',
          `“${d.label['zh-CN']}”在${where}阶段进行，该同志目前是${stageZh(status)}`,
          `"${d.label.en}" belongs to the ${d.stages.map((s) => stageEn(s)).join('/')} stage; the person is at ${stageEn(status)}`,
          ['Development'],
        ),
      ];
    }
  }
  if (d.order !== null && !d.repeatable && state.done.has(d.id as StepId)) {
    out.push(finding('step', 'dev.order.done', 'error', `“${d.label['zh-CN']}”已经记录过`, `"${d.label.en}" is already recorded`, ['Development']));
  }
  const missing = d.requires.filter((r) => !state.done.has(r));
  if (missing.length) {
    out.push(
      finding(
        'step',
        'dev.order.requires',
        'error',
        `须先完成：${missing.map(zhLabel).join('、')}（第 ${missing.map((m) => stepDef(m).order).join('、')} 步）`,
        `First: ${missing.map(enLabel).join(', ')} (step ${missing.map((m) => stepDef(m).order).join(', ')})`,
        ['Development'],
      ),
    );
    if (requiresTransitively(d.id, 'political_review') && !state.done.has('political_review')) {
      out.push(finding('step', 'dev.political_review.required', 'error', '接收预备党员前必须进行政治审查', 'A political review is required before admission', ['Development']));
    }
  }
  return out;
}

function requiresTransitively(id: RecordKind, target: StepId): boolean {
  const seen = new Set<string>();
  const walk = (x: RecordKind): boolean => {
    for (const r of stepDef(x).requires) {
      if (r === target) return true;
      if (!seen.has(r)) {
        seen.add(r);
        if (walk(r)) return true;
      }
    }
    return false;
  };
  return walk(id);
}

/** The latest notice for a decision, posted in the current stage on or before `on`. */
function noticeFor(entries: readonly Entry[], state: PipelineState, purpose: NoticeFor, on: string | null): Entry | undefined {
  return last(entries.filter((e) => e.step === 'notice' && e.data.for === purpose && (on === null || e.doneOn <= on) && (state.since === null || e.doneOn >= state.since)));
}

function trainingTotals(entries: readonly Entry[]) {
  let hours = 0;
  let days = 0;
  for (const e of entries) {
    if (e.step !== 'training') continue;
    if (typeof e.data.hours === 'number') hours += e.data.hours;
    if (typeof e.data.days === 'number') days += e.data.days;
  }
  return { hours, days };
}

function check(entries: readonly Entry[], req: StepRequest, facts: PipelineFacts, rules: DevelopmentRules): PipelineFinding[] {
  if (!isRecordKind(req.step)) {
    return [finding('step', 'dev.step.unknown', 'error', `未知步骤：${String(req.step)}`, `Unknown step: ${String(req.step)}`, [])];
  }
  const d = stepDef(req.step);
  const out: PipelineFinding[] = [];
  const on = req.doneOn;
  if (!isDate(on)) return [finding('doneOn', 'dev.date.invalid', 'error', '日期无效（YYYY-MM-DD）', 'Not a valid date (YYYY-MM-DD)', [])];
  if (on > facts.today) out.push(finding('doneOn', 'dev.date.future', 'error', '日期不能晚于今天', 'The date cannot be in the future', []));
  const dataProblems = dataFindings(d, req.data);
  out.push(...dataProblems);
  const data = typeof req.data === 'object' && req.data !== null ? req.data : {};
  const state = stateOf(entries, rules, facts.baseline);
  const order = orderFindings(state, entries, d, on);
  out.push(...order);
  if (order.some((f) => f.ruleId === 'dev.closed' || f.ruleId === 'dev.order.stage')) return out;

  // Not before what it follows: the steps it requires, and the start of the current stage.
  const after: { on: string; zh: string; en: string }[] = [];
  for (const r of d.requires) {
    const at = latestOf(state, r);
    if (at) after.push({ on: at, zh: zhLabel(r), en: enLabel(r) });
  }
  if (state.since && inStages(d, state.status) && d.id !== 'application') {
    after.push({ on: state.since, zh: `成为${stageZh(state.status)}`, en: `becoming ${stageEn(state.status)}` });
  }
  const latest = after.sort((a, b) => (a.on < b.on ? 1 : -1))[0];
  if (latest && on < latest.on) {
    out.push(finding('doneOn', 'dev.date.before_previous', 'error', `日期不能早于“${latest.zh}”（${latest.on}）`, `The date cannot be before ${latest.en} (${latest.on})`, ['Development']));
  }

  const ok = (field: string) => !dataProblems.some((p) => p.field === field);
  switch (d.id) {
    case 'application': {
      if (facts.birthDate === null) {
        out.push(finding('birthDate', 'dev.applicant.birth_date_unknown', 'warning', '出生日期不详，无法核对年龄', 'The birth date is unknown: the age cannot be checked', ['Constitution']));
      } else {
        const age = ageOn(facts.birthDate, on);
        if (age < rules.minApplicantAge) {
          const from = addMonths(facts.birthDate, rules.minApplicantAge * 12);
          out.push(
            finding(
              'birthDate',
              'dev.applicant.age',
              'error',
              `年满 ${rules.minApplicantAge} 岁方可申请入党：申请之日 ${age} 岁（${from} 起可以申请）`,
              `An applicant must be at least ${rules.minApplicantAge}: ${age} on the day of the application (may apply from ${from})`,
              ['Constitution', 'Development'],
            ),
          );
        }
      }
      break;
    }
    case 'talk': {
      const applied = state.dates.appliedOn;
      if (applied) {
        const due = addMonths(applied, rules.talkWithinMonths);
        if (on > due) {
          out.push(
            finding(
              'doneOn',
              'dev.talk.late',
              'warning',
              `党组织应在收到入党申请书后 ${rules.talkWithinMonths} 个月内派人谈话（${due} 前），本次谈话已逾期`,
              `The organization should talk with the applicant within ${rules.talkWithinMonths} month(s) of the application (by ${due}); this talk is late`,
              ['Development'],
            ),
          );
        }
      }
      break;
    }
    case 'mentors': {
      const ids = data.personIds;
      if (Array.isArray(ids) && ok('data.personIds') && (ids.length < rules.mentorsMin || ids.length > rules.mentorsMax)) {
        out.push(
          finding(
            'data.personIds',
            'dev.mentors.count',
            'error',
            `应指定 ${rules.mentorsMin}–${rules.mentorsMax} 名正式党员作培养联系人，现为 ${ids.length} 名`,
            `An activist has ${rules.mentorsMin}–${rules.mentorsMax} mentors who are full members; ${ids.length} given`,
            ['Development'],
          ),
        );
      }
      out.push(...peopleFindings(ids, on, facts, { id: 'dev.mentors.not_full_member', zh: '培养联系人', en: 'Mentors', sources: ['Development'] }));
      break;
    }
    case 'candidate_decision': {
      const from = state.dates.activistOn;
      if (!from) {
        out.push(finding('step', 'dev.date.unknown', 'error', '未登记确定为入党积极分子的日期，无法核对培养期', 'The date of becoming an activist is not recorded: the cultivation period cannot be checked', ['Development']));
        break;
      }
      const earliest = addMonths(from, rules.cultivationMonths);
      if (on < earliest) {
        out.push(
          finding(
            'doneOn',
            'dev.candidate.cultivation',
            'error',
            `入党积极分子须经过 ${rules.cultivationMonths / 12 === Math.floor(rules.cultivationMonths / 12) ? `${rules.cultivationMonths / 12} 年` : `${rules.cultivationMonths} 个月`}以上的培养教育和考察（${from} 确定为积极分子，${earliest} 起方可列为发展对象）`,
            `An activist is cultivated for at least ${rules.cultivationMonths} months before becoming a candidate (activist since ${from}: not before ${earliest})`,
            ['Development'],
          ),
        );
      }
      let expected = 0;
      while (rules.assessmentEveryMonths > 0 && addMonths(from, rules.assessmentEveryMonths * (expected + 1)) <= on) expected++;
      const held = entries.filter((e) => e.step === 'assessment' && e.doneOn >= from && e.doneOn <= on).length;
      if (held < expected) {
        out.push(
          finding(
            'step',
            'dev.assessment.missing',
            'warning',
            `入党积极分子每 ${rules.assessmentEveryMonths} 个月考察一次，培养期内应有 ${expected} 次考察，记录了 ${held} 次`,
            `Activists are assessed every ${rules.assessmentEveryMonths} months: ${expected} assessments expected, ${held} recorded`,
            ['Development'],
          ),
        );
      }
      break;
    }
    case 'sponsors': {
      const ids = data.personIds;
      if (Array.isArray(ids) && ok('data.personIds') && ids.length !== rules.sponsors) {
        out.push(
          finding(
            'data.personIds',
            'dev.sponsors.count',
            'error',
            `发展对象应有 ${rules.sponsors} 名正式党员作入党介绍人，现为 ${ids.length} 名`,
            `A candidate has ${rules.sponsors} sponsors who are full members; ${ids.length} given`,
            ['Constitution', 'Development'],
          ),
        );
      }
      out.push(...peopleFindings(ids, on, facts, { id: 'dev.sponsors.not_full_member', zh: '入党介绍人', en: 'Sponsors', sources: ['Constitution', 'Development'] }));
      break;
    }
    case 'training': {
      const h = typeof data.hours === 'number' ? data.hours : 0;
      const dd = typeof data.days === 'number' ? data.days : 0;
      if (ok('data.hours') && ok('data.days') && h <= 0 && dd <= 0) {
        out.push(finding('data.hours', 'dev.data.required', 'error', '请填写培训学时或天数', 'Give the class hours or the days of training', []));
      }
      break;
    }
    case 'committee_review':
    case 'branch_vote': {
      const review = latestOf(state, 'political_review') ? last(entries.filter((e) => e.step === 'political_review')) : undefined;
      if (review && review.data.qualified === false) {
        out.push(finding('step', 'dev.political_review.failed', 'error', '政治审查不合格，不能接收为预备党员', 'The political review was not passed: no admission', ['Development']));
      }
      const t = trainingTotals(entries);
      if (state.done.get('training') !== 'baseline' && t.hours < rules.trainingMinHours && t.days < rules.trainingMinDays) {
        out.push(
          finding(
            'step',
            'dev.training.insufficient',
            'error',
            `发展对象须经集中培训，时间一般不少于 ${rules.trainingMinDays} 天或 ${rules.trainingMinHours} 个学时，现有 ${t.hours} 学时、${t.days} 天`,
            `Candidates need concentrated training of at least ${rules.trainingMinDays} days or ${rules.trainingMinHours} class hours; recorded: ${t.hours} hours, ${t.days} days`,
            ['Development'],
          ),
        );
      }
      if (d.id === 'branch_vote') {
        out.push(...voteFindings(data, L('接收预备党员的支部大会表决', 'Admission vote'), facts));
        const leaves = data.expectedDepartureOn;
        if (typeof leaves === 'string' && isDate(leaves) && leaves < addMonths(on, rules.leavingUnitMonths)) {
          out.push(
            finding(
              'data.expectedDepartureOn',
              'dev.admission.leaving_unit',
              'error',
              `发展对象 ${rules.leavingUnitMonths} 个月内将离开本单位（${leaves}），一般不办理接收预备党员手续`,
              `The candidate leaves the unit within ${rules.leavingUnitMonths} months (${leaves}): no admission here`,
              ['Development'],
            ),
          );
        }
      }
      break;
    }
    case 'approval':
    case 'conversion_approval': {
      const vote = d.id === 'approval' ? state.admissionVoteOn : state.conversionVoteOn;
      if (!vote) break;
      const due = addMonths(vote, rules.approvalDueMonths);
      const max = addMonths(vote, rules.approvalMaxMonths);
      const what = d.id === 'approval' ? L('接收预备党员', 'admission') : L('预备党员转正', 'conversion');
      const id = d.id === 'approval' ? 'dev.approval' : 'dev.conversion_approval';
      if (on > max) {
        out.push(
          finding(
            'doneOn',
            `${id}.too_late`,
            'error',
            `基层党委对${what['zh-CN']}的决议应在 ${rules.approvalDueMonths} 个月内审批，特殊情况最长不超过 ${rules.approvalMaxMonths} 个月（支部大会 ${vote}，最迟 ${max}）`,
            `The committee approves the ${what.en} within ${rules.approvalDueMonths} months of the vote, at most ${rules.approvalMaxMonths} (vote ${vote}: by ${max} at the latest)`,
            ['Development'],
          ),
        );
      } else if (on > due) {
        out.push(
          finding(
            'doneOn',
            `${id}.late`,
            'warning',
            `审批超过 ${rules.approvalDueMonths} 个月（支部大会 ${vote}，应于 ${due} 前），须为特殊情况，最长不超过 ${rules.approvalMaxMonths} 个月`,
            `Approved more than ${rules.approvalDueMonths} months after the vote (${vote}; due ${due}): only in special circumstances, at most ${rules.approvalMaxMonths} months`,
            ['Development'],
          ),
        );
      }
      break;
    }
    case 'conversion_vote': {
      if (state.probationEndsOn && on < state.probationEndsOn) {
        out.push(
          finding(
            'doneOn',
            'dev.conversion.before_end',
            'error',
            `预备期至 ${state.probationEndsOn} 期满，期满前不能讨论转正`,
            `Probation ends on ${state.probationEndsOn}: conversion cannot be decided before`,
            ['Constitution', 'Development'],
          ),
        );
      }
      out.push(...voteFindings(data, L('预备党员转正的支部大会表决', 'Conversion vote'), facts));
      break;
    }
    case 'probation_extension': {
      if (state.extensions >= rules.maxExtensions) {
        out.push(finding('step', 'dev.extension.once', 'error', `预备期只能延长 ${rules.maxExtensions} 次`, `Probation can be extended only ${rules.maxExtensions === 1 ? 'once' : `${rules.maxExtensions} times`}`, ['Constitution', 'Development']));
      }
      const m = data.months;
      if (typeof m === 'number' && ok('data.months') && (m < rules.extensionMinMonths || m > rules.extensionMaxMonths)) {
        out.push(
          finding(
            'data.months',
            'dev.extension.months',
            'error',
            `延长预备期不能少于 ${rules.extensionMinMonths} 个月，最长不超过 ${rules.extensionMaxMonths} 个月`,
            `An extension lasts at least ${rules.extensionMinMonths} and at most ${rules.extensionMaxMonths} months`,
            ['Constitution', 'Development'],
          ),
        );
      }
      if (state.conversionVoteOn) {
        out.push(finding('step', 'dev.extension.after_conversion', 'error', '支部大会已讨论通过转正，不能再延长预备期', 'The branch has already voted for the conversion: no extension', ['Development']));
      } else if (state.probationEndsOn && on < state.probationEndsOn) {
        out.push(
          finding('doneOn', 'dev.extension.early', 'warning', `预备期至 ${state.probationEndsOn} 期满，延长预备期一般在期满时讨论`, `Probation ends on ${state.probationEndsOn}; an extension is normally decided when it ends`, ['Development']),
        );
      }
      break;
    }
    case 'notice': {
      const purpose = data.for as NoticeFor | undefined;
      if (purpose && (NOTICE_FOR as readonly string[]).includes(purpose)) {
        const decision = stepDef(NOTICE_DECISION[purpose]);
        if (!inStages(decision, state.status)) {
          out.push(
            finding('data.for', 'dev.notice.stage', 'error', `“${NOTICE_LABELS[purpose]['zh-CN']}”的公示在${stageZh(decision.stages[0] ?? null)}阶段进行`, `The notice of ${NOTICE_LABELS[purpose].en} is posted at the ${stageEn(decision.stages[0] ?? null)} stage`, ['practice']),
          );
        } else if (state.done.has(decision.id as StepId)) {
          out.push(finding('data.for', 'dev.order.done', 'error', `“${decision.label['zh-CN']}”已经记录过`, `"${decision.label.en}" is already recorded`, ['practice']));
        }
      }
      break;
    }
    default:
      break;
  }

  if (d.notice && rules.noticeWorkingDays > 0) {
    const n = noticeFor(entries, state, d.notice, on);
    const what = NOTICE_LABELS[d.notice];
    if (!n) {
      out.push(
        finding(
          'step',
          'dev.notice.missing',
          'error',
          `${what['zh-CN']}前应公示不少于 ${rules.noticeWorkingDays} 个工作日，未记录公示`,
          `A public notice of at least ${rules.noticeWorkingDays} working days precedes ${what.en}; none is recorded`,
          ['practice'],
        ),
      );
    } else {
      const days = noticeDaysBefore(n.doneOn, on, facts.calendar);
      if (days < rules.noticeWorkingDays) {
        const from = afterNotice(n.doneOn, rules.noticeWorkingDays, facts.calendar);
        out.push(
          finding(
            'doneOn',
            'dev.notice.too_short',
            'error',
            `${what['zh-CN']}前应公示不少于 ${rules.noticeWorkingDays} 个工作日：${n.doneOn} 起公示，至此仅 ${days} 个工作日，${from} 起方可决定`,
            `A public notice of at least ${rules.noticeWorkingDays} working days precedes ${what.en}: posted ${n.doneOn}, only ${days} working days so far; decide from ${from}`,
            ['practice'],
          ),
        );
      }
    }
  }
  return out;
}

/**
 * Whether a step may be recorded on `doneOn` with `data` given the history:
 * refused (ok: false) when any finding is an error; warnings travel with an
 * accepted step. Every finding names its rule, its source and the field.
 */
export function canRecord(history: History, request: StepRequest, facts: PipelineFacts, rules: DevelopmentRules): CanRecord {
  const entries = effectiveHistory(history);
  const findings = check(entries, request, { ...facts, baseline: baselineFor(entries, facts.baseline) }, rules);
  return findings.some((f) => f.severity === 'error') ? { ok: false, findings } : { ok: true, findings };
}

/**
 * Each record checked against what came before it, in the order recorded:
 * the warnings the history carries, and errors where it breaks the rules
 * (records written before a rule changed, or by a correction).
 */
export function replayHistory(history: History, facts: PipelineFacts, rules: DevelopmentRules): { entryId: number; step: RecordKind; findings: PipelineFinding[] }[] {
  const entries = effectiveHistory(history);
  // The registry's baseline stands in for a history without an application, as it was before the first record.
  const f = { ...facts, baseline: baselineFor(entries, facts.baseline) };
  return entries.map((e, i) => ({ entryId: e.id, step: e.step, findings: check(entries.slice(0, i), { step: e.step, doneOn: e.doneOn, data: e.data }, f, rules) }));
}

/**
 * Whether a correction (new date and data, or voiding) of row `targetId` may
 * be made: the corrected history is replayed, and the correction is refused
 * if that brings any error the history did not already have.
 */
export function canCorrect(
  history: History,
  targetId: number,
  correction: { doneOn: string; data: Record<string, unknown>; void: boolean },
  facts: PipelineFacts,
  rules: DevelopmentRules,
): CanRecord {
  const errorsOf = (h: History) =>
    replayHistory(h, facts, rules).flatMap((r) => r.findings.filter((f) => f.severity === 'error').map((f) => ({ key: `${r.entryId}:${f.ruleId}:${f.field}`, entryId: r.entryId, f })));
  const before = new Set(errorsOf(history).map((e) => e.key));
  const nextId = Math.max(0, ...history.map((r) => r.id)) + 1;
  const corrected: History = [...history, { id: nextId, step: history.find((r) => r.id === targetId)?.step ?? '', doneOn: correction.doneOn, data: { ...correction.data, [CORRECTION_KEY]: { void: correction.void } }, correctsId: targetId }];
  const fresh = errorsOf(corrected).filter((e) => !before.has(e.key));
  const findings = fresh.map(({ entryId, f }) => (entryId === rootId(history, targetId) ? f : { ...f, field: 'step', message: prefixed(f.message, history, entryId) }));
  return findings.length ? { ok: false, findings } : { ok: true, findings: [] };
}

function rootId(history: History, id: number): number {
  const byId = new Map(history.map((r) => [r.id, r]));
  const row = byId.get(id);
  return row ? rootOf(byId, row).id : id;
}

function prefixed(m: Bilingual, history: History, entryId: number): Bilingual {
  const step = history.find((r) => r.id === entryId)?.step;
  const label = step && isRecordKind(step) ? stepDef(step).label : L('记录', 'record');
  return { 'zh-CN': `更正后，“${label['zh-CN']}”：${m['zh-CN']}`, en: `After the correction, "${label.en}": ${m.en}` };
}

// ---------------------------------------------------------------------------
// What can come next, and what is due

export interface NextStep {
  step: RecordKind;
  label: Bilingual;
  order: number | null;
  /** The earliest day the rules allow it, when a rule sets one. */
  earliestOn: string | null;
}

/** The records the order of the steps allows now (their dates and data are checked when recorded). */
export function nextSteps(history: History, facts: PipelineFacts, rules: DevelopmentRules): NextStep[] {
  const entries = effectiveHistory(history);
  const state = stateOf(entries, rules, baselineFor(entries, facts.baseline));
  const out: NextStep[] = [];
  for (const d of STEPS) {
    if (orderFindings(state, entries, d, null).some((f) => f.severity === 'error')) continue;
    if (d.id === 'probation_extension' && (state.extensions >= rules.maxExtensions || state.conversionVoteOn)) continue;
    let earliest: string | null = null;
    const later = (x: string | null) => {
      if (x && (!earliest || x > earliest)) earliest = x;
    };
    if (d.id === 'candidate_decision' && state.dates.activistOn) later(addMonths(state.dates.activistOn, rules.cultivationMonths));
    if (d.id === 'conversion_vote') later(state.probationEndsOn);
    if (d.notice && rules.noticeWorkingDays > 0) {
      const n = noticeFor(entries, state, d.notice, null);
      if (n) later(afterNotice(n.doneOn, rules.noticeWorkingDays, facts.calendar));
    }
    out.push({ step: d.id, label: d.label, order: d.order, earliestOn: earliest });
  }
  return out;
}

export const DEADLINE_KINDS = ['talk_due', 'assessment_due', 'candidate_earliest', 'notice_ends', 'approval_due', 'probation_ends', 'conversion_approval_due'] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

export interface Deadline {
  kind: DeadlineKind;
  dueOn: string;
  /** Past its date and not done. "Earliest" dates (candidate, notice end) are never overdue. */
  overdue: boolean;
  severity: Severity;
  message: Bilingual;
  sources: SourceName[];
}

/** What is due for the member, or possible from a date, sorted by date. */
export function deadlines(history: History, today: string, rules: DevelopmentRules, calendar: WorkdayOverrides, baseline: Baseline | null = null): Deadline[] {
  const entries = effectiveHistory(history);
  const s = stateOf(entries, rules, baselineFor(entries, baseline));
  const out: Deadline[] = [];
  const push = (kind: DeadlineKind, dueOn: string, canBeOverdue: boolean, hardLimit: string | null, zh: string, en: string, sources: SourceName[]) => {
    const overdue = canBeOverdue && today > dueOn;
    const severity: Severity = hardLimit && today > hardLimit ? 'error' : overdue ? 'warning' : 'info';
    out.push({ kind, dueOn, overdue, severity, message: { 'zh-CN': zh, en }, sources });
  };
  if (s.status === 'applicant' && !s.done.has('talk') && s.dates.appliedOn) {
    const due = addMonths(s.dates.appliedOn, rules.talkWithinMonths);
    push('talk_due', due, true, null, `收到入党申请书后 ${rules.talkWithinMonths} 个月内派人谈话（${due} 前）`, `Talk with the applicant within ${rules.talkWithinMonths} month(s) of the application (by ${due})`, ['Development']);
  }
  if (s.status === 'activist' && s.dates.activistOn) {
    const lastAssessment = last(entries.filter((e) => e.step === 'assessment' && e.doneOn >= s.dates.activistOn!))?.doneOn ?? s.dates.activistOn;
    const due = addMonths(lastAssessment, rules.assessmentEveryMonths);
    push('assessment_due', due, true, null, `每 ${rules.assessmentEveryMonths} 个月考察一次入党积极分子，下次考察 ${due} 前`, `Activists are assessed every ${rules.assessmentEveryMonths} months: next by ${due}`, ['Development']);
    const earliest = addMonths(s.dates.activistOn, rules.cultivationMonths);
    push('candidate_earliest', earliest, false, null, `培养期满，${earliest} 起可列为发展对象`, `Cultivation complete: may be named a candidate from ${earliest}`, ['Development']);
  }
  if (rules.noticeWorkingDays > 0) {
    for (const purpose of NOTICE_FOR) {
      const decision = stepDef(NOTICE_DECISION[purpose]);
      if (!inStages(decision, s.status) || s.done.has(decision.id as StepId)) continue;
      const n = noticeFor(entries, s, purpose, null);
      if (!n) continue;
      const from = afterNotice(n.doneOn, rules.noticeWorkingDays, calendar);
      push('notice_ends', from, false, null, `${NOTICE_LABELS[purpose]['zh-CN']}公示 ${n.doneOn} 起 ${rules.noticeWorkingDays} 个工作日，${from} 起可以决定`, `The notice of ${NOTICE_LABELS[purpose].en} (from ${n.doneOn}, ${rules.noticeWorkingDays} working days): decide from ${from}`, ['practice']);
    }
  }
  if (s.status === 'candidate' && s.admissionVoteOn && !s.admissionApprovedOn) {
    const due = addMonths(s.admissionVoteOn, rules.approvalDueMonths);
    const max = addMonths(s.admissionVoteOn, rules.approvalMaxMonths);
    push('approval_due', due, true, max, `支部大会 ${s.admissionVoteOn} 通过接收，上级党委应于 ${due} 前审批（最迟 ${max}）`, `Admission voted on ${s.admissionVoteOn}: the committee approves by ${due} (at the latest ${max})`, ['Development']);
  }
  if (s.status === 'probationary' && s.probationEndsOn) {
    if (!s.conversionVoteOn) {
      push('probation_ends', s.probationEndsOn, true, null, `预备期 ${s.probationEndsOn} 期满，党支部应及时讨论转正`, `Probation ends on ${s.probationEndsOn}: the branch discusses the conversion in time`, ['Constitution', 'Development']);
    } else if (!s.done.has('conversion_approval')) {
      const due = addMonths(s.conversionVoteOn, rules.approvalDueMonths);
      const max = addMonths(s.conversionVoteOn, rules.approvalMaxMonths);
      push('conversion_approval_due', due, true, max, `支部大会 ${s.conversionVoteOn} 通过转正，上级党委应于 ${due} 前审批`, `Conversion voted on ${s.conversionVoteOn}: the committee approves by ${due}`, ['Development']);
    }
  }
  return out.sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : 0));
}

/** The last day of the window "due within n days of today" (for reminder lists). */
export function withinDays(today: string, n: number): string {
  return addDays(today, n);
}
