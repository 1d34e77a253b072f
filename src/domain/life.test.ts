import { describe, expect, it } from 'vitest';
import {
  committeeQuorum,
  dueSoon,
  evaluateOrgLife,
  evaluateRequirement,
  hasCommittee,
  LIFE_REQUIREMENTS,
  meetingCounts,
  parsePeriod,
  periodOf,
  periodOfDate,
  periodStatus,
  periodUtcRange,
  restoreRequirement,
  rollUpLife,
  startOfLocalDay,
  storeRequirement,
  subPeriods,
  worstStatus,
  type CountedMeeting,
  type LifeOrgFacts,
  type Requirement,
} from './life.js';
import { LIFE_RULES_V2018, lifeRulesFor } from './rulesets.js';

const TZ = 'Asia/Shanghai';
const rules = lifeRulesFor({});
const req = (id: string): Requirement => LIFE_REQUIREMENTS.find((r) => r.id === id)!;
const branch: LifeOrgFacts = { kind: 'branch', hasCommittee: false, partyGroupIds: [], secretaryPersonIds: [7] };
const m = (kind: CountedMeeting['kind'], date: string, extra: Partial<CountedMeeting> = {}): CountedMeeting => ({ kind, date, partyGroupId: null, hostPersonId: null, ...extra });

describe('periods in Asia/Shanghai', () => {
  it('works out a period once for every day in it, and shares it frozen', () => {
    const first = periodOfDate('2026-02-03', 'quarter');
    expect(first).toEqual({ kind: 'quarter', key: '2026-Q1', start: '2026-01-01', end: '2026-03-31' });
    expect(periodOfDate('2026-02-28', 'quarter')).toBe(first);
    expect(periodOfDate('2026-02-28', 'month')).toEqual({ kind: 'month', key: '2026-02', start: '2026-02-01', end: '2026-02-28' });
    expect(periodOfDate('2028-02-10', 'month').end).toBe('2028-02-29');
    expect(Object.isFrozen(first)).toBe(true);
  });

  it('puts 2026-03-31T16:30Z in April, Q2 (Shanghai is UTC+8)', () => {
    expect(periodOf('2026-03-31T16:30:00Z', 'month', TZ)).toEqual({ kind: 'month', key: '2026-04', start: '2026-04-01', end: '2026-04-30' });
    expect(periodOf('2026-03-31T16:30:00Z', 'quarter', TZ).key).toBe('2026-Q2');
    expect(periodOf('2026-03-31T15:59:59Z', 'month', TZ).key).toBe('2026-03');
    expect(periodOf('2026-03-31T15:59:59Z', 'quarter', TZ).key).toBe('2026-Q1');
  });

  it('turns the year at 16:00 UTC on 31 December', () => {
    expect(periodOf('2025-12-31T15:59:59Z', 'year', TZ).key).toBe('2025');
    expect(periodOf('2025-12-31T16:00:00Z', 'year', TZ).key).toBe('2026');
    expect(periodOf('2025-12-31T16:00:00Z', 'quarter', TZ)).toMatchObject({ key: '2026-Q1', start: '2026-01-01', end: '2026-03-31' });
    // In UTC itself the same instant is still 2025.
    expect(periodOf('2025-12-31T16:00:00Z', 'year', 'UTC').key).toBe('2025');
  });

  it('knows month lengths and quarter ends', () => {
    expect(periodOfDate('2028-02-10', 'month').end).toBe('2028-02-29');
    expect(periodOfDate('2026-02-10', 'month').end).toBe('2026-02-28');
    expect(periodOfDate('2026-08-15', 'quarter')).toMatchObject({ key: '2026-Q3', start: '2026-07-01', end: '2026-09-30' });
    expect(periodOfDate('2026-12-31', 'quarter')).toMatchObject({ key: '2026-Q4', start: '2026-10-01', end: '2026-12-31' });
  });

  it('parses period keys and refuses others', () => {
    expect(parsePeriod('2026-04')).toMatchObject({ kind: 'month', start: '2026-04-01', end: '2026-04-30' });
    expect(parsePeriod('2026-Q4')).toMatchObject({ kind: 'quarter', start: '2026-10-01', end: '2026-12-31' });
    expect(parsePeriod('2026')).toMatchObject({ kind: 'year', start: '2026-01-01', end: '2026-12-31' });
    for (const bad of ['2026-13', '2026-Q5', '26', '2026-4', '2026-04-01', '']) expect(parsePeriod(bad)).toBeNull();
  });

  it('converts periods to UTC instants at local midnight', () => {
    expect(startOfLocalDay('2026-04-01', TZ).toISOString()).toBe('2026-03-31T16:00:00.000Z');
    expect(periodUtcRange(parsePeriod('2026-Q2')!, TZ)).toEqual({ from: '2026-03-31T16:00:00.000Z', to: '2026-06-30T16:00:00.000Z' });
    expect(periodUtcRange(parsePeriod('2026')!, TZ)).toEqual({ from: '2025-12-31T16:00:00.000Z', to: '2026-12-31T16:00:00.000Z' });
    // A zone with daylight saving time: local midnight moves with it.
    expect(startOfLocalDay('2026-07-01', 'Europe/Berlin').toISOString()).toBe('2026-06-30T22:00:00.000Z');
    expect(startOfLocalDay('2026-01-01', 'Europe/Berlin').toISOString()).toBe('2025-12-31T23:00:00.000Z');
  });

  it('splits a quarter into months and a year into quarters', () => {
    expect(subPeriods(parsePeriod('2026-Q2')!, 'month').map((p) => p.key)).toEqual(['2026-04', '2026-05', '2026-06']);
    expect(subPeriods(parsePeriod('2026')!, 'quarter').map((p) => p.key)).toEqual(['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4']);
    expect(subPeriods(parsePeriod('2026')!, 'month')).toHaveLength(12);
  });
});

describe('red, amber, green', () => {
  const april = parsePeriod('2026-04')!;
  it('is green when met, whatever the date', () => {
    expect(periodStatus(april, 1, 1, '2026-04-02', rules)).toBe('green');
    expect(periodStatus(april, 1, 2, '2026-05-20', rules)).toBe('green');
  });
  it('is open early in the period with nothing held, and before it starts', () => {
    expect(periodStatus(april, 1, 0, '2026-04-05', rules)).toBe('open');
    expect(periodStatus(april, 1, 0, '2026-03-20', rules)).toBe('open');
  });
  it('turns amber within the last 10 days (practice), or when partly held', () => {
    expect(periodStatus(april, 1, 0, '2026-04-20', rules)).toBe('open'); // 11 days left
    expect(periodStatus(april, 1, 0, '2026-04-21', rules)).toBe('amber'); // 10 days left
    expect(periodStatus(april, 3, 1, '2026-04-02', rules)).toBe('amber');
  });
  it('is red once the period ended unmet, or when fewer days remain than meetings needed', () => {
    expect(periodStatus(april, 1, 0, '2026-05-01', rules)).toBe('red');
    expect(periodStatus(april, 3, 0, '2026-04-29', rules)).toBe('red'); // 2 days for 3 meetings
    expect(periodStatus(april, 1, 0, '2026-04-30', rules)).toBe('amber'); // the last day still allows one
  });
  it('takes the amber window from the district', () => {
    const wide = lifeRulesFor({ life: { amberDaysMonth: 20 } } as never);
    expect(periodStatus(april, 1, 0, '2026-04-15', wide)).toBe('amber');
  });
  it('orders statuses by urgency', () => {
    expect(worstStatus(['green', 'open', 'amber'])).toBe('amber');
    expect(worstStatus(['green', 'red', 'amber'])).toBe('red');
    expect(worstStatus(['green'])).toBe('green');
    expect(worstStatus([])).toBe('not_applicable');
  });
});

describe('requirements', () => {
  it('has the numbers of RULES.md, versioned, with practice marked', () => {
    expect(LIFE_RULES_V2018).toMatchObject({
      version: 'life-2018',
      branchAssembliesPerQuarter: 1,
      committeeMeetingsPerMonth: 1,
      groupMeetingsPerMonth: 1,
      partyLecturesPerQuarter: 1,
      themeDaysPerMonth: 1,
      organizationalLifeMeetingsPerYear: 1,
      heartToHeartTalksPerYear: 1,
      amberDaysMonth: 10,
    });
    expect(evaluateRequirement(req('party_lecture'), branch, [], rules, '2026-04-02').practice).toBe(true);
    expect(evaluateRequirement(req('branch_assembly'), branch, [], rules, '2026-04-02')).toMatchObject({ practice: false, sources: ['Branch'] });
  });

  it('counts a quarterly branch assembly in its quarter and turns green', () => {
    const before = evaluateRequirement(req('branch_assembly'), branch, [], rules, '2026-05-10');
    expect(before).toMatchObject({ key: '2026-Q2', required: 1, held: 0, status: 'open', daysLeft: 52 });
    const after = evaluateRequirement(req('branch_assembly'), branch, [m('branch_assembly', '2026-04-15')], rules, '2026-05-10');
    expect(after).toMatchObject({ held: 1, status: 'green' });
    // A meeting of the last quarter does not count.
    expect(evaluateRequirement(req('branch_assembly'), branch, [m('branch_assembly', '2026-03-31')], rules, '2026-05-10').held).toBe(0);
  });

  it('needs each month of a quarter met on its own for a monthly rule', () => {
    const q2 = parsePeriod('2026-Q2')!;
    const r = evaluateRequirement(req('theme_day'), branch, [m('theme_day', '2026-04-10'), m('theme_day', '2026-04-20'), m('theme_day', '2026-06-05')], rules, '2026-07-03', q2);
    expect(r).toMatchObject({ key: '2026-Q2', required: 3, held: 2, status: 'red' });
    expect(r.parts.map((p) => [p.key, p.held, p.status])).toEqual([
      ['2026-04', 1, 'green'],
      ['2026-05', 0, 'red'],
      ['2026-06', 1, 'green'],
    ]);
  });

  it('widens a month to the quarter for a quarterly rule', () => {
    const r = evaluateRequirement(req('branch_assembly'), branch, [m('branch_assembly', '2026-06-28')], rules, '2026-07-03', parsePeriod('2026-05')!);
    expect(r).toMatchObject({ key: '2026-Q2', held: 1, status: 'green' });
  });

  it('asks a committee meeting only where a committee exists (≥ 7 full members or committee members in post)', () => {
    expect(hasCommittee('branch', 6, 0, 7)).toBe(false);
    expect(hasCommittee('branch', 7, 0, 7)).toBe(true);
    expect(hasCommittee('branch', 3, 2, 7)).toBe(true);
    expect(hasCommittee('committee', 0, 0, 7)).toBe(true);
    expect(hasCommittee('party_group', 20, 0, 7)).toBe(false);
    const none = evaluateRequirement(req('committee_meeting'), branch, [], rules, '2026-04-02');
    expect(none).toMatchObject({ applies: false, status: 'not_applicable' });
    expect(none.notApplicable?.en).toMatch(/No committee/);
    const withCommittee = evaluateRequirement(req('committee_meeting'), { ...branch, hasCommittee: true }, [], rules, '2026-04-25');
    expect(withCommittee).toMatchObject({ applies: true, status: 'amber' });
  });

  it('asks a monthly group meeting of each party group, only in branches with groups', () => {
    expect(evaluateRequirement(req('group_meeting'), branch, [], rules, '2026-04-02').applies).toBe(false);
    const facts = { ...branch, partyGroupIds: [11, 12] };
    const r = evaluateRequirement(req('group_meeting'), facts, [m('group_meeting', '2026-04-03', { partyGroupId: 11 }), m('group_meeting', '2026-04-09', { partyGroupId: 11 })], rules, '2026-04-25');
    expect(r).toMatchObject({ required: 2, held: 1, status: 'amber' });
    expect(r.explanation.en).toMatch(/2 party group/);
  });

  it('counts a secretary lecture only when the secretary gave it', () => {
    const by = (host: number) => [m('party_lecture', '2026-03-03', { hostPersonId: host })];
    expect(evaluateRequirement(req('secretary_lecture'), branch, by(99), rules, '2026-04-02').held).toBe(0);
    expect(evaluateRequirement(req('secretary_lecture'), branch, by(7), rules, '2026-04-02')).toMatchObject({ held: 1, status: 'green' });
    // …while any lecture counts toward the quarterly lecture.
    expect(evaluateRequirement(req('party_lecture'), branch, by(99), rules, '2026-03-20')).toMatchObject({ held: 1, status: 'green' });
  });

  it('lets a district turn a requirement off or on (0 = off)', () => {
    const off = lifeRulesFor({ life: { themeDaysPerMonth: 0, centralStudyGroupsPerMonth: 1 } } as never);
    expect(evaluateRequirement(req('theme_day'), branch, [], off, '2026-04-02')).toMatchObject({ applies: false, status: 'not_applicable' });
    const committee: LifeOrgFacts = { kind: 'committee', hasCommittee: true, partyGroupIds: [], secretaryPersonIds: [] };
    expect(evaluateRequirement(req('central_study_group'), committee, [], rules, '2026-04-02').applies).toBe(false);
    expect(evaluateRequirement(req('central_study_group'), committee, [], off, '2026-04-02').applies).toBe(true);
    // Bad stored values are ignored.
    expect(lifeRulesFor({ life: { themeDaysPerMonth: -1, branchAssembliesPerQuarter: 'x' } } as never)).toMatchObject({ themeDaysPerMonth: 1, branchAssembliesPerQuarter: 1 });
  });

  it('gives an organization the most urgent status of what applies', () => {
    const today = '2026-04-25';
    const all = evaluateOrgLife(branch, [], rules, today);
    expect(all.status).toBe('amber'); // theme day: April ends in 6 days
    const ids = all.requirements.filter((r) => r.applies).map((r) => r.requirementId);
    expect(ids).toEqual(['branch_assembly', 'party_lecture', 'secretary_lecture', 'theme_day', 'organizational_life_meeting', 'heart_to_heart_talk']);
    // Early in May everything current is open; looking back at April, its theme day was missed.
    expect(evaluateOrgLife(branch, [], rules, '2026-05-02').status).toBe('open');
    expect(evaluateOrgLife(branch, [], rules, '2026-05-02', parsePeriod('2026-04')!).status).toBe('red');
  });

  it('reminds of what is amber or red with days left', () => {
    const early = evaluateOrgLife(branch, [], rules, '2026-12-10').requirements;
    // 22 days left: inside the yearly window (45), not yet the quarterly one (20).
    expect(dueSoon(early).map((r) => r.requirementId)).toEqual(['secretary_lecture', 'organizational_life_meeting', 'heart_to_heart_talk']);
    const late = evaluateOrgLife(branch, [m('theme_day', '2026-12-01'), m('party_lecture', '2026-11-01', { hostPersonId: 7 })], rules, '2026-12-25').requirements;
    const due = dueSoon(late);
    expect(due.map((r) => r.requirementId)).toEqual(['branch_assembly', 'organizational_life_meeting', 'heart_to_heart_talk']);
    expect(due[0]).toMatchObject({ daysLeft: 7, status: 'amber' });
  });
});

describe('what counts as a meeting held', () => {
  const base = { status: 'held', presentCount: 5, minutesLocked: true, kind: 'branch_assembly', quorumMet: null } as const;
  it('needs attendance and locked minutes', () => {
    expect(meetingCounts(base)).toEqual({ counts: true, reason: null });
    expect(meetingCounts({ ...base, presentCount: 0 })).toEqual({ counts: false, reason: 'no_attendance' });
    expect(meetingCounts({ ...base, minutesLocked: false })).toEqual({ counts: false, reason: 'minutes_not_locked' });
    expect(meetingCounts({ ...base, status: 'cancelled' })).toEqual({ counts: false, reason: 'cancelled' });
  });
  it('needs more than half of the committee at a committee meeting', () => {
    expect(committeeQuorum(5, 3)).toEqual({ needed: 3, met: true });
    expect(committeeQuorum(5, 2)).toEqual({ needed: 3, met: false });
    expect(committeeQuorum(4, 2)).toEqual({ needed: 3, met: false });
    expect(committeeQuorum(4, 3)).toEqual({ needed: 3, met: true });
    expect(committeeQuorum(0, 0)).toBeNull();
    expect(meetingCounts({ ...base, kind: 'committee_meeting', quorumMet: false }).reason).toBe('no_quorum');
    expect(meetingCounts({ ...base, kind: 'committee_meeting', quorumMet: true }).counts).toBe(true);
  });
});

describe('roll-up per territory', () => {
  it('counts organizations by status in total and per node', () => {
    const nodes = [
      { id: 2, path: '/1/2/' },
      { id: 3, path: '/1/3/' },
    ];
    const { total, byNode } = rollUpLife(
      [
        { territoryPath: '/1/2/5/', status: 'green' },
        { territoryPath: '/1/2/', status: 'red' },
        { territoryPath: '/1/3/9/', status: 'amber' },
        { territoryPath: '/1/', status: 'green' },
      ],
      nodes,
    );
    expect(total).toMatchObject({ green: 2, red: 1, amber: 1 });
    expect(byNode.get(2)).toMatchObject({ green: 1, red: 1, amber: 0 });
    expect(byNode.get(3)).toMatchObject({ amber: 1 });
  });

  it('adds up grouped entries (count per territory path and status) like single organizations', () => {
    const nodes = [
      { id: 2, path: '/1/2/' },
      { id: 20, path: '/1/20/' },
    ];
    const { total, byNode } = rollUpLife(
      [
        { territoryPath: '/1/2/5/', status: 'green', count: 3 },
        { territoryPath: '/1/2/5/', status: 'red', count: 2 },
        { territoryPath: '/1/20/', status: 'red', count: 4 },
        { territoryPath: '/1/', status: 'open', count: 1 },
        { territoryPath: '/1/20/7/', status: 'not_applicable' },
      ],
      nodes,
    );
    expect(total).toEqual({ green: 3, amber: 0, red: 6, open: 1, not_applicable: 1 });
    // '/1/20/' is not under '/1/2/': paths compare by whole segments.
    expect(byNode.get(2)).toEqual({ green: 3, amber: 0, red: 2, open: 0, not_applicable: 0 });
    expect(byNode.get(20)).toEqual({ green: 0, amber: 0, red: 4, open: 0, not_applicable: 1 });
  });
});

describe('requirement results as the rollup stores them', () => {
  it('leaves the sources out and puts them back, keys in the same order', () => {
    const facts: LifeOrgFacts = { kind: 'branch', hasCommittee: true, partyGroupIds: [11, 12], secretaryPersonIds: [7] };
    const meetings = [m('theme_day', '2026-11-03'), m('group_meeting', '2026-11-05', { partyGroupId: 11 }), m('party_lecture', '2026-10-09', { hostPersonId: 7 })];
    const results = [
      ...evaluateOrgLife(facts, meetings, rules, '2026-11-23').requirements,
      ...evaluateOrgLife(facts, meetings, rules, '2026-11-23', parsePeriod('2026-Q4')!).requirements,
      ...evaluateOrgLife({ ...branch, kind: 'committee' }, [], lifeRulesFor({ life: { centralStudyGroupsPerMonth: 2 } } as never), '2026-11-23').requirements,
    ];
    for (const r of results) {
      const stored = JSON.parse(JSON.stringify(storeRequirement(r))) as Record<string, unknown>;
      expect(stored).not.toHaveProperty('sources');
      const back = restoreRequirement(stored as never);
      // Byte for byte: the API answer built from the rollup is the one built from the live evaluation.
      expect(JSON.stringify(back)).toBe(JSON.stringify(r));
    }
    expect(restoreRequirement(storeRequirement(results.find((r) => r.requirementId === 'party_lecture')!)).sources).toEqual(['Branch', 'practice']);
  });

  it('refuses a stored result of a requirement that no longer exists', () => {
    const r = storeRequirement(evaluateOrgLife(branch, [], rules, '2026-11-23').requirements[0]!);
    expect(() => restoreRequirement({ ...r, requirementId: 'gone' as never })).toThrow(/unknown requirement: gone/);
  });
});
