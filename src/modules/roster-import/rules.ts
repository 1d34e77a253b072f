/**
 * What a roster row must satisfy to register someone (pure, no I/O): the
 * dates its stage needs, their order, the minimum age and the probation
 * period (RULES.md "Member development"; numbers from the district's rule
 * sets). Rows that update a registered person do not pass here: their stage
 * and dates are the registry's and only the pipeline moves them.
 */
import { addMonths, addYears } from '../../domain/dates.js';
import type { MemberStage } from '../../domain/members.js';
import type { DevelopmentRules } from '../../domain/rulesets.js';
import type { MessageCode } from '../../server/messages.js';
import { DATE_FIELDS, type DateField } from './sheet.js';

export interface DateProblem {
  field: DateField;
  code: MessageCode;
  params?: Record<string, unknown>;
}

const STAGE_RANK: Record<MemberStage, number> = { applicant: 0, activist: 1, candidate: 2, probationary: 3, full: 4 };

/** The dates each stage needs: the development dates for people in development; the admission (probationary) or the conversion (full) for members, whose older records often lack the rest. */
export const REQUIRED_DATES: Record<MemberStage, readonly DateField[]> = {
  applicant: ['appliedOn'],
  activist: ['appliedOn', 'activistOn'],
  candidate: ['appliedOn', 'activistOn', 'candidateOn'],
  probationary: ['admittedOn'],
  full: ['fullOn'],
};

export function stageDateProblems(
  stage: MemberStage,
  dates: Partial<Record<DateField, string>>,
  birthDate: string,
  rules: Pick<DevelopmentRules, 'minApplicantAge' | 'probationMonths' | 'extensionMaxMonths'>,
  today: string,
): DateProblem[] {
  const out: DateProblem[] = [];
  DATE_FIELDS.forEach((field, rank) => {
    if (rank > STAGE_RANK[stage] && dates[field]) out.push({ field, code: 'date_not_for_stage', params: { stage } });
  });
  for (const field of REQUIRED_DATES[stage]) if (!dates[field]) out.push({ field, code: 'required' });
  if (out.length) return out;

  // applied ≤ activist ≤ candidate ≤ admitted ≤ full, over the dates given.
  let previous: string | null = null;
  for (const field of DATE_FIELDS) {
    const d = dates[field];
    if (!d) continue;
    if (previous !== null && d < previous) out.push({ field, code: 'date_order', params: { after: previous } });
    else previous = d;
  }
  // Old enough on the earliest date given: the application, or the first stage known.
  const earliest = DATE_FIELDS.find((f) => dates[f]);
  if (earliest && addYears(birthDate, rules.minApplicantAge) > dates[earliest]!) {
    out.push({ field: earliest, code: 'import_member_under_age', params: { age: rules.minApplicantAge, on: dates[earliest] } });
  }
  const { admittedOn, fullOn } = dates;
  if (stage === 'probationary' && admittedOn) {
    // Probation lasts a year from the vote and may be extended once; past that the person is converted or cancelled.
    const until = addMonths(admittedOn, rules.probationMonths + rules.extensionMaxMonths);
    if (until < today) out.push({ field: 'admittedOn', code: 'import_probation_over', params: { admittedOn, until } });
  }
  if (stage === 'full' && admittedOn && fullOn) {
    const from = addMonths(admittedOn, rules.probationMonths);
    if (fullOn < from) out.push({ field: 'fullOn', code: 'import_full_too_early', params: { from, months: rules.probationMonths } });
  }
  return out;
}
