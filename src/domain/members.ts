/**
 * Members: vocabularies and the pure rules of the registry, transfers, mobile
 * and lost-contact members and the statistics' bands (RULES.md "Transfers,
 * mobile and lost-contact members", "Statistics"). The numbers come from
 * MEMBER_RULES_V2019 (rulesets.ts), which a district may override.
 */
import { addMonths, addYears } from './dates.js';
import { MEMBER_RULES_V2019, type MemberRules } from './rulesets.js';

/** Stages of the development pipeline; only the last two are party members. */
export const MEMBER_STAGES = ['applicant', 'activist', 'candidate', 'probationary', 'full'] as const;
export type MemberStage = (typeof MEMBER_STAGES)[number];

/** Stages a registry entry may be recorded at directly (earlier stages move through the pipeline). */
export const REGISTRABLE_STAGES = ['probationary', 'full'] as const;
export type RegistrableStage = (typeof REGISTRABLE_STAGES)[number];

export function isPartyMember(stage: string): boolean {
  return stage === 'probationary' || stage === 'full';
}

/** active; suspended (membership suspended after losing contact, a decision); closed (with a reason, never deleted). */
export const MEMBER_STATUSES = ['active', 'suspended', 'closed'] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

export const CLOSE_REASONS = ['transferred_out', 'deceased', 'left', 'expelled'] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];

export const GENDERS = ['male', 'female'] as const;

/** Education levels of the annual statistics; from junior_college up is "junior college and above". */
export const EDUCATION_LEVELS = [
  'primary',
  'junior_high',
  'senior_high',
  'secondary_vocational',
  'junior_college',
  'bachelor',
  'master',
  'doctorate',
] as const;
export type EducationLevel = (typeof EDUCATION_LEVELS)[number];

export function isJuniorCollegeOrAbove(education: string | null | undefined): boolean {
  if (!education) return false;
  const i = EDUCATION_LEVELS.indexOf(education as EducationLevel);
  return i >= EDUCATION_LEVELS.indexOf('junior_college');
}

/** Occupations of the annual statistics. */
export const OCCUPATIONS = ['worker', 'farmer', 'professional', 'manager', 'party_state_staff', 'student', 'other', 'retired'] as const;
export type Occupation = (typeof OCCUPATIONS)[number];

/** The member flags of the "three steps" talent path and key posts. */
export const MEMBER_FLAGS = ['keyPost', 'technicalBackbone', 'middleManagement', 'decisionLevel'] as const;
export type MemberFlag = (typeof MEMBER_FLAGS)[number];

// ---------------------------------------------------------------- statistics

export interface AgeBand {
  /** 'le30', '31_35', …, 'ge61' with the default numbers. */
  key: string;
  min: number | null;
  max: number | null;
}

/** The age bands of the annual statistics: ≤ 30, 31–35, … 5-year bands …, ≥ 61. */
export function ageBands(rules: Pick<MemberRules, 'ageBandYoungestMax' | 'ageBandWidth' | 'ageBandOldestMin'> = MEMBER_RULES_V2019): AgeBand[] {
  const out: AgeBand[] = [{ key: `le${rules.ageBandYoungestMax}`, min: null, max: rules.ageBandYoungestMax }];
  for (let min = rules.ageBandYoungestMax + 1; min < rules.ageBandOldestMin; min += rules.ageBandWidth) {
    const max = Math.min(min + rules.ageBandWidth - 1, rules.ageBandOldestMin - 1);
    out.push({ key: `${min}_${max}`, min, max });
  }
  out.push({ key: `ge${rules.ageBandOldestMin}`, min: rules.ageBandOldestMin, max: null });
  return out;
}

export function ageBandOf(age: number, rules?: Pick<MemberRules, 'ageBandYoungestMax' | 'ageBandWidth' | 'ageBandOldestMin'>): string {
  const bands = ageBands(rules);
  return bands.find((b) => (b.min === null || age >= b.min) && (b.max === null || age <= b.max))!.key;
}

// ---------------------------------------------------------------- registry

/** Admission needs the minimum age of an applicant (18) — reached at the latest on the admission date. */
export function oldEnoughOn(birthDate: string, on: string, rules: Pick<MemberRules, 'minAdmissionAge'> = MEMBER_RULES_V2019): boolean {
  return addYears(birthDate, rules.minAdmissionAge) <= on;
}

/** Probation ends one year after the branch vote (extensions are the pipeline's business). */
export function probationUntil(admittedOn: string, rules: Pick<MemberRules, 'probationYears'> = MEMBER_RULES_V2019): string {
  return addYears(admittedOn, rules.probationYears);
}

// ---------------------------------------------------------------- lost contact

/**
 * The date from which a member counts as lost contact — `months` after their
 * last contact event (organizational life, dues, report, contact log) — or
 * null while they are not (or when no contact was ever recorded).
 */
export function lostContactSince(lastContactOn: string | null, today: string, months: number = MEMBER_RULES_V2019.lostContactMonths): string | null {
  if (!lastContactOn) return null;
  const since = addMonths(lastContactOn, months);
  return since <= today ? since : null;
}

/**
 * The first day membership may be suspended: untraceable for 6 months,
 * counted from the later of the lost-contact flag and the opening of the
 * search (the case). Suspension stays a decision; this only says when it
 * becomes possible.
 */
export function suspendableFrom(
  caseOpenedOn: string,
  lastContactOn: string | null,
  rules: Pick<MemberRules, 'lostContactMonths' | 'untraceableMonthsBeforeSuspension'> = MEMBER_RULES_V2019,
): string {
  const flagged = lastContactOn ? addMonths(lastContactOn, rules.lostContactMonths) : caseOpenedOn;
  const start = flagged > caseOpenedOn ? flagged : caseOpenedOn;
  return addMonths(start, rules.untraceableMonthsBeforeSuspension);
}

/** The first day a suspended, still untraceable member may be removed (a decision). */
export function removableFrom(suspendedOn: string, rules: Pick<MemberRules, 'removalYearsAfterSuspension'> = MEMBER_RULES_V2019): string {
  return addYears(suspendedOn, rules.removalYearsAfterSuspension);
}

export const LOST_CONTACT_DECISIONS = ['found', 'keep_searching', 'suspend_membership', 'remove'] as const;
export type LostContactDecision = (typeof LOST_CONTACT_DECISIONS)[number];
/** open: searching; suspended: membership suspended, search goes on; closed: found or removed. */
export const LOST_CONTACT_CASE_STATUSES = ['open', 'suspended', 'closed'] as const;
export type LostContactCaseStatus = (typeof LOST_CONTACT_CASE_STATUSES)[number];

/** Which decisions a case in a status can take. */
export function decisionsFor(status: string): LostContactDecision[] {
  if (status === 'open') return ['found', 'keep_searching', 'suspend_membership'];
  if (status === 'suspended') return ['found', 'remove'];
  return [];
}

export const SEARCH_METHODS = ['phone', 'visit', 'letter', 'relatives', 'employer', 'public_notice', 'other'] as const;

// ---------------------------------------------------------------- transfers

export const TRANSFER_STATUSES = ['requested', 'sent', 'received', 'returned', 'withdrawn'] as const;
export type TransferStatus = (typeof TRANSFER_STATUSES)[number];
export const OPEN_TRANSFER_STATUSES: readonly TransferStatus[] = ['requested', 'sent'];

export type TransferAction = 'send' | 'receive' | 'return' | 'withdraw';

const TRANSFER_MOVES: Record<TransferAction, { from: readonly TransferStatus[]; to: TransferStatus }> = {
  send: { from: ['requested'], to: 'sent' },
  receive: { from: ['sent'], to: 'received' },
  return: { from: ['sent'], to: 'returned' },
  withdraw: { from: ['requested', 'sent'], to: 'withdrawn' },
};

/** The status a transfer moves to, or null when the action is not allowed from its status. */
export function transferNext(status: string, action: TransferAction): TransferStatus | null {
  const move = TRANSFER_MOVES[action];
  return move.from.includes(status as TransferStatus) ? move.to : null;
}

export function isOpenTransfer(status: string): boolean {
  return OPEN_TRANSFER_STATUSES.includes(status as TransferStatus);
}

/** A letter is valid 3 months, 6 across provinces (practice). */
export function letterValidUntil(
  sentOn: string,
  crossProvince: boolean,
  rules: Pick<MemberRules, 'transferLetterValidMonths' | 'transferLetterValidMonthsCrossProvince'> = MEMBER_RULES_V2019,
): string {
  return addMonths(sentOn, crossProvince ? rules.transferLetterValidMonthsCrossProvince : rules.transferLetterValidMonths);
}

/** Letter numbers: `<district id>-<year>-<sequence in the year, 4 digits>`. */
export function letterNo(districtId: number, year: number, seq: number): string {
  return `${districtId}-${year}-${String(seq).padStart(4, '0')}`;
}

// ---------------------------------------------------------------- mobile members

export const MOBILE_MODES = ['centralized', 'affiliated'] as const;
export type MobileMode = (typeof MOBILE_MODES)[number];

/** The next report is due `everyMonths` after the last one (or after leaving). */
export function nextReportDue(leftOn: string, lastReportOn: string | null, everyMonths: number): string {
  const base = lastReportOn && lastReportOn > leftOn ? lastReportOn : leftOn;
  return addMonths(base, everyMonths);
}

export function reportOverdue(leftOn: string, lastReportOn: string | null, everyMonths: number, today: string): boolean {
  return nextReportDue(leftOn, lastReportOn, everyMonths) < today;
}

/** Away 6 months or more (at a fixed place): the organizational relation should transfer (Education). */
export function shouldTransfer(leftOn: string, today: string, rules: Pick<MemberRules, 'transferWhenAwayMonths'> = MEMBER_RULES_V2019): boolean {
  return addMonths(leftOn, rules.transferWhenAwayMonths) <= today;
}

/** Contact events: what keeps a member "in contact" (later issues add check-ins and dues). */
export const CONTACT_EVENT_KINDS = ['report', 'mobile_leave', 'mobile_return', 'contact_log', 'found', 'transfer', 'check_in', 'attendance', 'dues'] as const;
