import { describe, expect, it } from 'vitest';
import {
  canCorrect,
  canRecord,
  CORRECTION_KEY,
  deadlines,
  effectiveHistory,
  hasQuorum,
  majorityOf,
  nextSteps,
  pipelineState,
  replayHistory,
  stageDates,
  stageOf,
  STEP_IDS,
  STEPS,
  votePasses,
  type Baseline,
  type PipelineFacts,
  type RecordKind,
  type StepRow,
} from './pipeline.js';
import { DEVELOPMENT_RULES_V2014, developmentRulesFor, type DevelopmentRules } from './rulesets.js';

const R = DEVELOPMENT_RULES_V2014;
const ME = 1;
const SPONSOR_A = 10;
const SPONSOR_B = 11;
const NOT_MEMBER = 12;
const NEW_MEMBER = 13; // full member only since 2026-01-01

function facts(over: Partial<PipelineFacts> = {}): PipelineFacts {
  return {
    today: '2030-01-01',
    birthDate: '1995-05-20',
    personId: ME,
    people: {
      [ME]: { fullMemberSince: null },
      [SPONSOR_A]: { fullMemberSince: '2010-07-01' },
      [SPONSOR_B]: { fullMemberSince: '2001-07-01' },
      [NOT_MEMBER]: { fullMemberSince: null },
      [NEW_MEMBER]: { fullMemberSince: '2026-01-01' },
    },
    calendar: {},
    baseline: null,
    ...over,
  };
}

const VOTE_7_OF_13 = { entitled: 13, present: 10, yes: 7, no: 2, abstain: 1 };

/** A history built through canRecord: `add` throws when the rules refuse. */
class Path {
  rows: StepRow[] = [];
  constructor(
    readonly f: PipelineFacts = facts(),
    readonly rules: DevelopmentRules = R,
  ) {}
  try(step: RecordKind, doneOn: string, data: Record<string, unknown> = {}) {
    return canRecord(this.rows, { step, doneOn, data }, this.f, this.rules);
  }
  add(step: RecordKind, doneOn: string, data: Record<string, unknown> = {}) {
    const r = this.try(step, doneOn, data);
    if (!r.ok) throw new Error(`${step} on ${doneOn} refused: ${r.findings.map((f) => `${f.ruleId} ${f.message.en}`).join('; ')}`);
    this.rows.push({ id: this.rows.length + 1, step, doneOn, data, correctsId: null });
    return r;
  }
  ids(step: RecordKind, doneOn: string, data: Record<string, unknown> = {}) {
    return this.try(step, doneOn, data).findings.map((f) => f.ruleId);
  }
  get stage() {
    return stageOf(this.rows, this.rules, this.f.baseline);
  }
  get dates() {
    return stageDates(this.rows, this.rules, this.f.baseline);
  }
}

/** Applicant 2024-01-10, activist 2024-03-01. */
function toActivist(p = new Path()) {
  p.add('application', '2024-01-10');
  p.add('talk', '2024-01-20');
  p.add('notice', '2024-02-01', { for: 'activist' });
  p.add('activist_nomination', '2024-03-01', { method: 'member_recommendation' });
  p.add('activist_filing', '2024-03-05');
  p.add('mentors', '2024-03-05', { personIds: [SPONSOR_A] });
  return p;
}

/** … candidate 2025-03-20, with everything the branch vote needs. */
function toReadyForVote(p = new Path()) {
  toActivist(p);
  p.add('assessment', '2024-09-01');
  p.add('assessment', '2025-03-01');
  p.add('notice', '2025-03-02', { for: 'candidate' });
  p.add('candidate_decision', '2025-03-20');
  p.add('candidate_filing', '2025-03-25');
  p.add('sponsors', '2025-03-25', { personIds: [SPONSOR_A, SPONSOR_B] });
  p.add('political_review', '2025-04-01', { qualified: true });
  p.add('training', '2025-04-10', { hours: 24 });
  p.add('committee_review', '2025-05-01');
  p.add('pre_review', '2025-05-10');
  p.add('application_form', '2025-05-15');
  p.add('notice', '2025-05-16', { for: 'admission' });
  return p;
}

/** … admitted by the vote of 2025-06-03, approved 2025-07-01. */
function toProbationary(p = new Path()) {
  toReadyForVote(p);
  p.add('branch_vote', '2025-06-03', VOTE_7_OF_13);
  p.add('approval_talk', '2025-06-10');
  p.add('approval', '2025-07-01');
  p.add('org_dept_filing', '2025-07-05');
  p.add('group_assignment', '2025-07-05', { group: '第一党小组' });
  p.add('oath', '2025-07-06');
  p.add('probation_assessment', '2025-10-01');
  p.add('conversion_application', '2026-05-01');
  return p;
}

describe('the 25 steps (Development)', () => {
  it('lists the regulation\'s steps in order, each with its stage, label and source', () => {
    const steps = STEPS.filter((s) => s.order !== null);
    expect(steps.map((s) => s.id)).toEqual([...STEP_IDS]);
    expect(steps.map((s) => s.order)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    // The five chapters: application (1–2), activists (3–6), candidates (7–11), admission (12–20), probation (21–25).
    expect([1, 2, 3, 4, 5].map((ph) => steps.filter((s) => s.phase === ph).length)).toEqual([2, 4, 5, 9, 5]);
    for (const s of STEPS) {
      expect(s.label['zh-CN'].length).toBeGreaterThan(1);
      expect(s.label.en.length).toBeGreaterThan(1);
      expect(s.sources.length).toBeGreaterThan(0);
    }
    expect(STEPS.find((s) => s.id === 'branch_vote')!.data).toMatchObject({ entitled: { kind: 'int' }, present: {}, yes: {}, no: {}, abstain: {} });
    expect(STEPS.find((s) => s.id === 'sponsors')!.data.personIds!.kind).toBe('personIds');
    expect(STEPS.find((s) => s.id === 'training')!.data.hours!.kind).toBe('number');
  });

  it('keeps every number in the versioned rule set, overridable by the district', () => {
    expect(R).toMatchObject({ version: 'development-2014', minApplicantAge: 18, talkWithinMonths: 1, cultivationMonths: 12, sponsors: 2, trainingMinHours: 24, trainingMinDays: 3, approvalDueMonths: 3, approvalMaxMonths: 6, probationMonths: 12, extensionMinMonths: 6, extensionMaxMonths: 12, maxExtensions: 1, noticeWorkingDays: 5 });
    expect(developmentRulesFor({ development: { noticeWorkingDays: 7, sponsors: -1, mentorsMax: 'x' } } as never)).toMatchObject({ noticeWorkingDays: 7, sponsors: 2, mentorsMax: 2 });
  });
});

describe('application and talk', () => {
  it('refuses an applicant under 18, and accepts them on their 18th birthday', () => {
    const f = facts({ birthDate: '2008-05-20' });
    const before = canRecord([], { step: 'application', doneOn: '2026-05-19', data: {} }, f, R);
    expect(before.ok).toBe(false);
    expect(before.findings[0]).toMatchObject({ ruleId: 'dev.applicant.age', severity: 'error', field: 'birthDate', sources: ['Constitution', 'Development'] });
    expect(before.findings[0]!.message.en).toContain('at least 18: 17');
    expect(before.findings[0]!.message['zh-CN']).toContain('2026-05-20 起可以申请');
    expect(canRecord([], { step: 'application', doneOn: '2026-05-20', data: {} }, f, R)).toEqual({ ok: true, findings: [] });
    // A leap-day birthday turns 18 on 1 March in a common year.
    const leap = facts({ birthDate: '2008-02-29' });
    expect(canRecord([], { step: 'application', doneOn: '2026-02-28', data: {} }, leap, R).ok).toBe(false);
    expect(canRecord([], { step: 'application', doneOn: '2026-03-01', data: {} }, leap, R).ok).toBe(true);
    // Unknown birth date: recorded, with a warning.
    const unknown = canRecord([], { step: 'application', doneOn: '2026-03-01', data: {} }, facts({ birthDate: null }), R);
    expect(unknown).toMatchObject({ ok: true, findings: [{ ruleId: 'dev.applicant.birth_date_unknown', severity: 'warning' }] });
  });

  it('expects the talk within 1 month of the application: later is a warning, not a refusal', () => {
    const p = new Path();
    p.add('application', '2026-01-31');
    expect(p.try('talk', '2026-02-28').findings).toEqual([]);
    const late = p.try('talk', '2026-03-01');
    expect(late.ok).toBe(true);
    expect(late.findings).toMatchObject([{ ruleId: 'dev.talk.late', severity: 'warning', field: 'doneOn', sources: ['Development'] }]);
    expect(late.findings[0]!.message['zh-CN']).toContain('1 个月内');
    const d = deadlines(p.rows, '2026-03-01', R, {});
    expect(d).toMatchObject([{ kind: 'talk_due', dueOn: '2026-02-28', overdue: true, severity: 'warning' }]);
    expect(deadlines(p.rows, '2026-02-28', R, {})[0]!.overdue).toBe(false);
  });
});

describe('order of the steps', () => {
  it('refuses a step out of order, naming what must come first', () => {
    expect(canRecord([], { step: 'talk', doneOn: '2026-01-01', data: {} }, facts(), R).findings[0]).toMatchObject({ ruleId: 'dev.order.stage', field: 'step' });
    const p = new Path();
    p.add('application', '2024-01-10');
    expect(p.ids('candidate_decision', '2024-02-01')).toEqual(['dev.order.stage']);
    expect(p.ids('activist_nomination', '2024-03-01')).toContain('dev.order.requires');
    const first = p.try('activist_nomination', '2024-03-01').findings.find((f) => f.ruleId === 'dev.order.requires')!;
    expect(first.message['zh-CN']).toContain('党组织派人谈话');
    expect(first.message.en).toContain('step 2');
    expect(p.ids('application', '2024-01-11')).toEqual(['dev.order.done']);
  });

  it('refuses a step dated before what it follows, or in the future', () => {
    const p = new Path(facts({ today: '2024-02-01' }));
    p.add('application', '2024-01-10');
    expect(p.ids('talk', '2024-01-09')).toEqual(['dev.date.before_previous']);
    expect(p.ids('talk', '2024-02-02')).toEqual(['dev.date.future']);
  });

  it('refuses a repeated step, and anything after the development ended', () => {
    const p = toActivist();
    expect(p.ids('mentors', '2024-04-01', { personIds: [SPONSOR_B] })).toEqual(['dev.order.done']);
    p.add('withdrawn', '2024-05-01', { reason: '本人撤回申请' });
    expect(p.stage).toBe('withdrawn');
    expect(p.ids('assessment', '2024-06-01')).toEqual(['dev.closed']);
    expect(nextSteps(p.rows, p.f, R)).toEqual([]);
  });

  it('checks the data each step needs', () => {
    const p = new Path();
    p.add('application', '2024-01-10');
    expect(p.try('talk', '2024-01-20', { colour: 'red' }).findings).toMatchObject([{ ruleId: 'dev.data.unknown_field', field: 'data.colour' }]);
    const w = toActivist();
    expect(w.ids('withdrawn', '2024-05-01', {})).toEqual(['dev.data.required']);
  });
});

describe('activists and candidates (Development)', () => {
  it('gives an activist 1–2 mentors who are full members', () => {
    const p = new Path();
    p.add('application', '2024-01-10');
    p.add('talk', '2024-01-20');
    p.add('notice', '2024-02-01', { for: 'activist' });
    p.add('activist_nomination', '2024-03-01');
    expect(p.ids('mentors', '2024-03-05', { personIds: [] })).toEqual(['dev.mentors.count']);
    expect(p.ids('mentors', '2024-03-05', { personIds: [SPONSOR_A, SPONSOR_B, NEW_MEMBER] })).toContain('dev.mentors.count');
    expect(p.try('mentors', '2024-03-05', { personIds: [SPONSOR_A, NOT_MEMBER] }).findings).toMatchObject([{ ruleId: 'dev.mentors.not_full_member', field: 'data.personIds.1' }]);
    expect(p.try('mentors', '2024-03-05', { personIds: [SPONSOR_A, SPONSOR_B] }).ok).toBe(true);
  });

  it('names a candidate only after a year as activist: 2025-03-01 → refused 2026-02-28, allowed 2026-03-01', () => {
    const p = new Path();
    p.add('application', '2024-12-01');
    p.add('talk', '2024-12-10');
    p.add('notice', '2025-02-10', { for: 'activist' });
    p.add('activist_nomination', '2025-03-01');
    p.add('activist_filing', '2025-03-03');
    p.add('mentors', '2025-03-03', { personIds: [SPONSOR_A, SPONSOR_B] });
    p.add('assessment', '2025-08-30');
    p.add('assessment', '2026-02-20');
    p.add('notice', '2026-02-02', { for: 'candidate' });
    const early = p.try('candidate_decision', '2026-02-28');
    expect(early.ok).toBe(false);
    expect(early.findings).toMatchObject([{ ruleId: 'dev.candidate.cultivation', severity: 'error', field: 'doneOn', sources: ['Development'] }]);
    expect(early.findings[0]!.message['zh-CN']).toContain('2026-03-01 起方可列为发展对象');
    expect(p.try('candidate_decision', '2026-03-01')).toEqual({ ok: true, findings: [] });
    expect(nextSteps(p.rows, p.f, R).find((n) => n.step === 'candidate_decision')!.earliestOn).toBe('2026-03-01');
  });

  it('warns when the half-yearly assessments are missing', () => {
    const p = toActivist();
    p.add('notice', '2025-03-02', { for: 'candidate' });
    const r = p.try('candidate_decision', '2025-03-20');
    expect(r.ok).toBe(true);
    expect(r.findings).toMatchObject([{ ruleId: 'dev.assessment.missing', severity: 'warning' }]);
    expect(r.findings[0]!.message.en).toContain('2 assessments expected, 0 recorded');
  });

  it('needs exactly 2 sponsors who are full members on the day', () => {
    const p = toActivist();
    p.add('assessment', '2024-09-01');
    p.add('assessment', '2025-03-01');
    p.add('notice', '2025-03-02', { for: 'candidate' });
    p.add('candidate_decision', '2025-03-20');
    expect(p.try('sponsors', '2025-03-25', { personIds: [SPONSOR_A] }).findings).toMatchObject([{ ruleId: 'dev.sponsors.count', field: 'data.personIds', sources: ['Constitution', 'Development'] }]);
    expect(p.ids('sponsors', '2025-03-25', { personIds: [SPONSOR_A, SPONSOR_B, NEW_MEMBER] })).toEqual(['dev.sponsors.count', 'dev.sponsors.not_full_member']);
    expect(p.try('sponsors', '2025-03-25', { personIds: [SPONSOR_A, NOT_MEMBER] }).findings).toMatchObject([{ ruleId: 'dev.sponsors.not_full_member', field: 'data.personIds.1' }]);
    expect(p.ids('sponsors', '2025-03-25', { personIds: [SPONSOR_A, NEW_MEMBER] })).toEqual(['dev.sponsors.not_full_member']);
    expect(p.ids('sponsors', '2025-03-25', { personIds: [SPONSOR_A, ME] })).toEqual(['dev.people.self']);
    expect(p.ids('sponsors', '2025-03-25', { personIds: [SPONSOR_A, 999] })).toEqual(['dev.people.unknown']);
    expect(p.ids('sponsors', '2025-03-25', { personIds: [SPONSOR_A, SPONSOR_A] })).toEqual(['dev.data.invalid']);
    expect(p.try('sponsors', '2025-03-25', { personIds: [SPONSOR_A, SPONSOR_B] }).ok).toBe(true);
  });

  it('lets a forgotten assessment be entered later, dated within the activist period only', () => {
    const p = toReadyForVote();
    expect(p.try('assessment', '2024-12-01').ok).toBe(true);
    expect(p.ids('assessment', '2025-04-01')).toEqual(['dev.order.stage']);
  });
});

describe('before the admission vote: political review and training (Development)', () => {
  function candidate() {
    const p = toActivist();
    p.add('assessment', '2024-09-01');
    p.add('assessment', '2025-03-01');
    p.add('notice', '2025-03-02', { for: 'candidate' });
    p.add('candidate_decision', '2025-03-20');
    p.add('candidate_filing', '2025-03-25');
    p.add('sponsors', '2025-03-25', { personIds: [SPONSOR_A, SPONSOR_B] });
    return p;
  }

  it('requires a political review before admission', () => {
    const p = candidate();
    p.add('training', '2025-04-10', { hours: 24 });
    const r = p.try('committee_review', '2025-05-01');
    expect(r.findings.map((f) => f.ruleId)).toEqual(['dev.order.requires', 'dev.political_review.required']);
    expect(r.findings[1]).toMatchObject({ severity: 'error', sources: ['Development'] });
    expect(p.ids('branch_vote', '2025-06-03', VOTE_7_OF_13)).toContain('dev.political_review.required');
    p.add('political_review', '2025-04-01', { qualified: false, conclusion: '不合格' });
    expect(p.ids('committee_review', '2025-05-01')).toEqual(['dev.political_review.failed']);
  });

  it('requires 24 class hours or 3 days of training', () => {
    const p = candidate();
    p.add('political_review', '2025-04-01');
    p.add('training', '2025-04-10', { hours: 20 });
    const short = p.try('committee_review', '2025-05-01');
    expect(short.findings).toMatchObject([{ ruleId: 'dev.training.insufficient', severity: 'error', sources: ['Development'] }]);
    expect(short.findings[0]!.message['zh-CN']).toContain('3 天或 24 个学时');
    expect(p.ids('training', '2025-04-11', {})).toEqual(['dev.data.required']);
    p.add('training', '2025-04-11', { hours: 4 });
    expect(p.try('committee_review', '2025-05-01').ok).toBe(true);
    const days = candidate();
    days.add('political_review', '2025-04-01');
    days.add('training', '2025-04-10', { days: 2, hours: 16 });
    expect(days.ids('committee_review', '2025-05-01')).toEqual(['dev.training.insufficient']);
    days.add('training', '2025-04-12', { days: 1 });
    expect(days.try('committee_review', '2025-05-01').ok).toBe(true);
  });
});

describe('the admission vote (Development)', () => {
  it('needs more than half of ALL entitled members: 6 of 13 fails, 7 of 13 passes, 7 of 14 fails', () => {
    expect(votePasses({ entitled: 13, yes: 6 })).toBe(false);
    expect(votePasses({ entitled: 13, yes: 7 })).toBe(true);
    expect(votePasses({ entitled: 14, yes: 7 })).toBe(false);
    expect(votePasses({ entitled: 14, yes: 8 })).toBe(true);
    expect(majorityOf(13)).toBe(7);
    expect(majorityOf(14)).toBe(8);
    expect(hasQuorum({ entitled: 13, present: 7 })).toBe(true);
    expect(hasQuorum({ entitled: 13, present: 6 })).toBe(false);
    expect(hasQuorum({ entitled: 14, present: 7 })).toBe(false);
  });

  it('refuses a vote without quorum or without the majority, and says why with the numbers', () => {
    const p = toReadyForVote();
    // Unanimous among those present is not enough: 6 yes of 13 entitled.
    const six = p.try('branch_vote', '2025-06-03', { entitled: 13, present: 8, yes: 6, no: 0, abstain: 2 });
    expect(six.ok).toBe(false);
    expect(six.findings).toMatchObject([{ ruleId: 'dev.vote.not_passed', field: 'data.yes', sources: ['Development'] }]);
    expect(six.findings[0]!.message['zh-CN']).toContain('应到 13 人，须至少 7 票赞成，实得 6 票');
    expect(six.findings[0]!.message.en).toContain('ALL 13 entitled');
    expect(p.try('branch_vote', '2025-06-03', { entitled: 14, present: 14, yes: 7, no: 7, abstain: 0 }).findings[0]!.ruleId).toBe('dev.vote.not_passed');
    const quorum = p.try('branch_vote', '2025-06-03', { entitled: 14, present: 7, yes: 7, no: 0, abstain: 0 });
    expect(quorum.findings.map((f) => f.ruleId)).toEqual(['dev.vote.quorum', 'dev.vote.not_passed']);
    expect(quorum.findings[0]!.field).toBe('data.present');
    expect(p.ids('branch_vote', '2025-06-03', { entitled: 13, present: 14, yes: 7, no: 0, abstain: 0 })).toContain('dev.vote.counts');
    expect(p.ids('branch_vote', '2025-06-03', { entitled: 13, present: 7, yes: 7, no: 1, abstain: 0 })).toEqual(['dev.vote.counts']);
    expect(p.ids('branch_vote', '2025-06-03', { entitled: 13, present: 7 })).toEqual(['dev.data.required', 'dev.data.required', 'dev.data.required']);
    expect(p.try('branch_vote', '2025-06-03', { entitled: 13, present: 7, yes: 7, no: 0, abstain: 0 }).ok).toBe(true);
  });

  it('refuses fewer entitled than the full members registered in the branch, which would lower quorum and majority', () => {
    const p = toReadyForVote();
    const registered = (n: number) => canRecord(p.rows, { step: 'branch_vote', doneOn: '2025-06-03', data: VOTE_7_OF_13 }, { ...p.f, registeredFullMembers: n }, R);
    // 13 entitled with 13 registered passes; with 14 registered the branch understated its vote.
    expect(registered(13).ok).toBe(true);
    const under = registered(14);
    expect(under.findings[0]).toMatchObject({ ruleId: 'dev.vote.entitled', field: 'data.entitled', severity: 'error', sources: ['Development'] });
    expect(under.findings[0]!.message.en).toBe('Entitled to vote (13) is fewer than the 14 full members registered in the branch on that date');
    // Unknown (a replay of an old record): not checked.
    expect(p.try('branch_vote', '2025-06-03', VOTE_7_OF_13).ok).toBe(true);
  });

  it('does not admit a candidate who leaves the unit within 3 months', () => {
    const p = toReadyForVote();
    expect(p.try('branch_vote', '2025-06-03', { ...VOTE_7_OF_13, expectedDepartureOn: '2025-09-02' }).findings).toMatchObject([{ ruleId: 'dev.admission.leaving_unit', field: 'data.expectedDepartureOn' }]);
    expect(p.try('branch_vote', '2025-06-03', { ...VOTE_7_OF_13, expectedDepartureOn: '2025-09-03' }).ok).toBe(true);
  });
});

describe('approval, probation and conversion (Constitution; Development)', () => {
  it('wants the approval within 3 months of the vote: warns up to 6, refuses beyond', () => {
    const p = toReadyForVote();
    p.add('branch_vote', '2025-06-03', VOTE_7_OF_13);
    p.add('approval_talk', '2025-06-10');
    expect(p.try('approval', '2025-09-03')).toEqual({ ok: true, findings: [] });
    expect(p.try('approval', '2025-09-04')).toMatchObject({ ok: true, findings: [{ ruleId: 'dev.approval.late', severity: 'warning' }] });
    expect(p.try('approval', '2025-12-03')).toMatchObject({ ok: true, findings: [{ ruleId: 'dev.approval.late' }] });
    expect(p.try('approval', '2025-12-04')).toMatchObject({ ok: false, findings: [{ ruleId: 'dev.approval.too_late', severity: 'error', field: 'doneOn', sources: ['Development'] }] });
    // Until approved the person is still a candidate, with the approval due.
    expect(p.stage).toBe('candidate');
    expect(p.dates.admittedOn).toBeNull();
    expect(deadlines(p.rows, '2025-09-10', R, {})).toMatchObject([{ kind: 'approval_due', dueOn: '2025-09-03', overdue: true, severity: 'warning' }]);
    expect(deadlines(p.rows, '2025-12-04', R, {})[0]!.severity).toBe('error');
  });

  it('counts probation 1 year from the branch vote, and converts not before it ends', () => {
    const p = toProbationary();
    expect(p.stage).toBe('probationary');
    expect(p.dates).toEqual({ appliedOn: '2024-01-10', activistOn: '2024-03-01', candidateOn: '2025-03-20', admittedOn: '2025-06-03', probationUntil: '2026-06-03', fullOn: null });
    expect(deadlines(p.rows, '2026-05-20', R, {})).toMatchObject([{ kind: 'probation_ends', dueOn: '2026-06-03', overdue: false }]);
    p.add('notice', '2026-05-15', { for: 'conversion' });
    expect(p.try('conversion_vote', '2026-06-02', VOTE_7_OF_13).findings).toMatchObject([{ ruleId: 'dev.conversion.before_end', field: 'doneOn', sources: ['Constitution', 'Development'] }]);
    p.add('conversion_vote', '2026-06-03', VOTE_7_OF_13);
    expect(p.ids('probation_extension', '2026-06-04', { months: 6 })).toEqual(['dev.extension.after_conversion']);
    expect(deadlines(p.rows, '2026-09-04', R, {})).toMatchObject([{ kind: 'conversion_approval_due', dueOn: '2026-09-03', overdue: true }]);
    p.add('conversion_approval', '2026-07-01');
    expect(p.stage).toBe('full');
    // Party standing counts from the end of probation, not from the approval.
    expect(p.dates).toMatchObject({ admittedOn: '2025-06-03', probationUntil: '2026-06-03', fullOn: '2026-06-03' });
    p.add('archiving', '2026-07-10');
    expect(nextSteps(p.rows, p.f, R)).toEqual([]);
  });

  it('extends probation once, by 6 to 12 months', () => {
    const p = toProbationary();
    expect(p.try('probation_extension', '2026-06-03', { months: 5 }).findings).toMatchObject([{ ruleId: 'dev.extension.months', field: 'data.months' }]);
    expect(p.ids('probation_extension', '2026-06-03', { months: 13 })).toEqual(['dev.extension.months']);
    expect(p.try('probation_extension', '2026-05-20', { months: 6 })).toMatchObject({ ok: true, findings: [{ ruleId: 'dev.extension.early', severity: 'warning' }] });
    p.add('probation_extension', '2026-06-03', { months: 6 });
    expect(p.dates.probationUntil).toBe('2026-12-03');
    expect(p.try('probation_extension', '2026-12-03', { months: 6 }).findings).toMatchObject([{ ruleId: 'dev.extension.once', sources: ['Constitution', 'Development'] }]);
    p.add('notice', '2026-11-02', { for: 'conversion' });
    expect(p.ids('conversion_vote', '2026-11-20', VOTE_7_OF_13)).toEqual(['dev.conversion.before_end']);
    expect(p.try('conversion_vote', '2026-12-03', VOTE_7_OF_13).ok).toBe(true);
    const year = toProbationary();
    year.add('probation_extension', '2026-06-03', { months: 12 });
    expect(year.dates.probationUntil).toBe('2027-06-03');
  });

  it('cancels probation as a terminal outcome', () => {
    const p = toProbationary();
    p.add('probation_cancelled', '2026-06-10', { reason: '不具备党员条件' });
    expect(p.stage).toBe('probation_cancelled');
    expect(p.ids('conversion_vote', '2026-06-20', VOTE_7_OF_13)).toEqual(['dev.closed']);
    expect(pipelineState(p.rows, R).closedOn).toBe('2026-06-10');
  });
});

describe('public notice of 5 working days (practice)', () => {
  it('refuses a decision without a notice, or before 5 working days across a weekend and a holiday', () => {
    const holiday = { '2026-04-06': false };
    const p = new Path(facts({ calendar: holiday }));
    p.add('application', '2026-01-05');
    p.add('talk', '2026-01-10');
    expect(p.try('activist_nomination', '2026-04-20').findings).toMatchObject([{ ruleId: 'dev.notice.missing', field: 'step', sources: ['practice'] }]);
    // Posted Thursday 2 April: Thu, Fri, (weekend, holiday Monday), Tue, Wed, Thu — decide from Friday 10.
    p.add('notice', '2026-04-02', { for: 'activist' });
    const early = p.try('activist_nomination', '2026-04-09');
    expect(early.findings).toMatchObject([{ ruleId: 'dev.notice.too_short', field: 'doneOn' }]);
    expect(early.findings[0]!.message.en).toContain('only 4 working days so far; decide from 2026-04-10');
    expect(p.try('activist_nomination', '2026-04-10').ok).toBe(true);
    expect(nextSteps(p.rows, p.f, R).find((n) => n.step === 'activist_nomination')!.earliestOn).toBe('2026-04-10');
    expect(deadlines(p.rows, '2026-04-03', R, holiday)).toMatchObject([{ kind: 'notice_ends', dueOn: '2026-04-10', overdue: false }]);
    // Without the holiday (the district did not enter it), Thursday 9 is enough.
    const plain = new Path();
    plain.rows = p.rows;
    expect(plain.try('activist_nomination', '2026-04-09').ok).toBe(true);
  });

  it('is a practice value: 7 days where the district says so, none when it sets 0', () => {
    const p = new Path(facts(), { ...R, noticeWorkingDays: 7 });
    p.add('application', '2026-01-05');
    p.add('talk', '2026-01-10');
    p.add('notice', '2026-04-02', { for: 'activist' });
    expect(p.ids('activist_nomination', '2026-04-10')).toEqual(['dev.notice.too_short']);
    expect(p.try('activist_nomination', '2026-04-13').ok).toBe(true);
    const off = new Path(facts(), { ...R, noticeWorkingDays: 0 });
    off.add('application', '2026-01-05');
    off.add('talk', '2026-01-10');
    expect(off.try('activist_nomination', '2026-01-11').ok).toBe(true);
  });

  it('posts each notice in its stage, before its decision', () => {
    const p = new Path();
    p.add('application', '2026-01-05');
    expect(p.ids('notice', '2026-01-06', { for: 'admission' })).toEqual(['dev.notice.stage']);
    expect(p.ids('notice', '2026-01-06', { for: 'someday' })).toEqual(['dev.data.invalid']);
  });
});

describe('stage, dates, corrections and deadlines from the history', () => {
  it('derives the stage and the stage dates, step by step', () => {
    const p = new Path();
    expect(p.stage).toBeNull();
    p.add('application', '2024-01-10');
    expect(p.stage).toBe('applicant');
    const a = toActivist();
    expect(a.stage).toBe('activist');
    expect(a.dates).toEqual({ appliedOn: '2024-01-10', activistOn: '2024-03-01', candidateOn: null, admittedOn: null, probationUntil: null, fullOn: null });
    expect(deadlines(a.rows, '2024-08-01', R, {})).toMatchObject([
      { kind: 'assessment_due', dueOn: '2024-09-01', overdue: false },
      { kind: 'candidate_earliest', dueOn: '2025-03-01', overdue: false, severity: 'info' },
    ]);
    a.add('assessment', '2024-08-20');
    expect(deadlines(a.rows, '2024-08-21', R, {})[0]).toMatchObject({ kind: 'assessment_due', dueOn: '2025-02-20' });
  });

  it('applies corrections (new rows naming the old) and refuses those that break the order', () => {
    const p = toActivist();
    const nomination = p.rows.find((r) => r.step === 'activist_nomination')!;
    const corrected: StepRow[] = [...p.rows, { id: 100, step: 'activist_nomination', doneOn: '2024-03-04', data: { [CORRECTION_KEY]: { reason: '录入错误' } }, correctsId: nomination.id }];
    expect(stageDates(corrected, R).activistOn).toBe('2024-03-04');
    const e = effectiveHistory(corrected).find((x) => x.step === 'activist_nomination')!;
    expect(e).toMatchObject({ id: nomination.id, doneOn: '2024-03-04', data: {}, correctionIds: [100] });
    // A correction of the correction replaces it.
    const again: StepRow[] = [...corrected, { id: 101, step: 'activist_nomination', doneOn: '2024-03-02', data: {}, correctsId: 100 }];
    expect(stageDates(again, R).activistOn).toBe('2024-03-02');

    const talk = p.rows.find((r) => r.step === 'talk')!;
    const voidTalk = canCorrect(p.rows, talk.id, { doneOn: talk.doneOn, data: {}, void: true }, p.f, R);
    expect(voidTalk.ok).toBe(false);
    expect(voidTalk.findings[0]).toMatchObject({ ruleId: 'dev.order.requires', field: 'step' });
    expect(voidTalk.findings[0]!.message.en).toContain('After the correction, "Named an activist"');
    const lateNotice = canCorrect(p.rows, nomination.id, { doneOn: '2024-02-05', data: {}, void: false }, p.f, R);
    expect(lateNotice.findings.map((f) => f.ruleId)).toContain('dev.notice.too_short');
    expect(canCorrect(p.rows, nomination.id, { doneOn: '2024-03-04', data: {}, void: false }, p.f, R)).toEqual({ ok: true, findings: [] });
    // Mentors moved to a non-member: refused on the corrected record's own field.
    const mentors = p.rows.find((r) => r.step === 'mentors')!;
    expect(canCorrect(p.rows, mentors.id, { doneOn: mentors.doneOn, data: { personIds: [NOT_MEMBER] }, void: false }, p.f, R).findings).toMatchObject([{ ruleId: 'dev.mentors.not_full_member', field: 'data.personIds.0' }]);
  });

  it('replays the history with the warnings it carries', () => {
    const p = new Path();
    p.add('application', '2024-01-10');
    p.add('talk', '2024-03-01');
    expect(replayHistory(p.rows, p.f, R).map((r) => r.findings.map((f) => f.ruleId))).toEqual([[], ['dev.talk.late']]);
  });

  it('starts from the registry for members registered mid-way (no application recorded)', () => {
    const baseline: Baseline = { stage: 'probationary', appliedOn: '2023-01-01', activistOn: '2023-03-01', candidateOn: '2024-03-05', admittedOn: '2025-06-03', probationUntil: null, fullOn: null };
    const p = new Path(facts({ baseline }));
    expect(p.stage).toBe('probationary');
    expect(p.dates).toMatchObject({ admittedOn: '2025-06-03', probationUntil: '2026-06-03' });
    expect(p.ids('conversion_application', '2026-05-01')).toEqual(['dev.order.requires']);
    p.add('org_dept_filing', '2025-07-01');
    p.add('group_assignment', '2025-07-01');
    p.add('oath', '2025-07-01');
    p.add('conversion_application', '2026-05-01');
    p.add('notice', '2026-05-15', { for: 'conversion' });
    expect(p.ids('conversion_vote', '2026-06-02', VOTE_7_OF_13)).toEqual(['dev.conversion.before_end']);
    p.add('conversion_vote', '2026-06-03', VOTE_7_OF_13);
    p.add('conversion_approval', '2026-06-20');
    expect(p.dates).toMatchObject({ admittedOn: '2025-06-03', fullOn: '2026-06-03' });
    const applicant = new Path(facts({ baseline: { stage: 'applicant', appliedOn: '2026-11-01', activistOn: null, candidateOn: null, admittedOn: null, probationUntil: null, fullOn: null } }));
    expect(applicant.try('talk', '2026-11-10').ok).toBe(true);
    expect(applicant.ids('talk', '2026-10-30')).toEqual(['dev.date.before_previous']);
    const activist = new Path(facts({ baseline: { stage: 'activist', appliedOn: null, activistOn: null, candidateOn: null, admittedOn: null, probationUntil: null, fullOn: null } }));
    activist.add('activist_filing', '2026-01-01');
    activist.add('mentors', '2026-01-01', { personIds: [SPONSOR_A] });
    activist.add('notice', '2026-02-02', { for: 'candidate' });
    expect(activist.ids('candidate_decision', '2026-03-01')).toContain('dev.date.unknown');
  });

  it('takes the registry baseline from before the first record, though the member row has moved on', () => {
    const registered: Baseline = { stage: 'activist', appliedOn: '2024-10-01', activistOn: '2025-03-01', candidateOn: null, admittedOn: null, probationUntil: null, fullOn: null };
    const p = new Path(facts({ baseline: registered }));
    p.add('activist_filing', '2025-03-03');
    p.add('mentors', '2025-03-03', { personIds: [SPONSOR_A] });
    p.add('notice', '2026-02-02', { for: 'candidate' });
    p.add('candidate_decision', '2026-03-01');
    expect(p.dates).toMatchObject({ appliedOn: '2024-10-01', activistOn: '2025-03-01', candidateOn: '2026-03-01' });
    // The row now says candidate (written from the state above); the history still replays cleanly.
    const moved = facts({ baseline: { ...registered, stage: 'candidate', candidateOn: '2026-03-01' } });
    expect(replayHistory(p.rows, moved, R).flatMap((r) => r.findings.filter((f) => f.severity === 'error'))).toEqual([]);
    expect(stageOf(p.rows, R, moved.baseline)).toBe('candidate');
    expect(canRecord(p.rows, { step: 'sponsors', doneOn: '2026-03-05', data: { personIds: [SPONSOR_A, SPONSOR_B] } }, moved, R).ok).toBe(true);
    expect(canRecord(p.rows, { step: 'mentors', doneOn: '2026-03-05', data: { personIds: [SPONSOR_A] } }, moved, R).ok).toBe(false);
  });

  it('lists the next steps the order allows', () => {
    const p = toActivist();
    p.add('assessment', '2024-09-01');
    p.add('assessment', '2025-03-01');
    p.add('notice', '2025-03-02', { for: 'candidate' });
    p.add('candidate_decision', '2025-03-20');
    expect(nextSteps(p.rows, p.f, R).map((n) => n.step)).toEqual(['candidate_filing', 'sponsors', 'political_review', 'training', 'notice', 'withdrawn']);
  });
});
