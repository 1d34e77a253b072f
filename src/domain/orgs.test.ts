import { describe, expect, it } from 'vitest';
import { canNestOrg, electionDueOn, evaluateOrg, termYears, type OrgFacts } from './orgs.js';
import { FORMING_RULES_V2018, formingRulesFor, type FormingRules } from './rulesets.js';

const R = FORMING_RULES_V2018;
const base: OrgFacts = {
  kind: 'branch',
  formationMode: 'single',
  inVillageOrCommunity: false,
  fullMemberCount: 5,
  memberCount: 5,
  coveredUnitCount: 1,
  posts: [{ post: 'secretary', fullMemberSince: '2015-07-01' }],
  lastElectedOn: '2025-01-10',
  today: '2026-11-23',
};
const ids = (o: Partial<OrgFacts>, rules: FormingRules = R) => evaluateOrg({ ...base, ...o }, rules).map((f) => f.ruleId);

describe('forming rules (Branch; Constitution)', () => {
  it('accepts a sound branch', () => {
    expect(evaluateOrg(base, R)).toEqual([]);
  });

  it('needs 3 full members for a branch: 2 breaks the rule, 3 does not', () => {
    expect(ids({ fullMemberCount: 2 })).toContain('org.branch.min_full_members');
    expect(ids({ fullMemberCount: 3 })).not.toContain('org.branch.min_full_members');
    const f = evaluateOrg({ ...base, fullMemberCount: 2 }, R)[0]!;
    expect(f).toMatchObject({ severity: 'error', sources: ['Constitution', 'Branch'] });
    expect(f.message['zh-CN']).toContain('3');
    expect(f.message.en).toContain('at least 3');
  });

  it('warns above 50 members in a branch, not at 50', () => {
    expect(ids({ memberCount: 50, fullMemberCount: 50, posts: committee(5) })).not.toContain('org.branch.max_members');
    expect(ids({ memberCount: 51, fullMemberCount: 51, posts: committee(5) })).toContain('org.branch.max_members');
  });

  it('warns when a joint branch covers more than 5 units', () => {
    expect(ids({ kind: 'joint_branch', formationMode: 'joint', coveredUnitCount: 5 })).not.toContain('org.joint_branch.max_units');
    expect(ids({ kind: 'joint_branch', formationMode: 'joint', coveredUnitCount: 6 })).toContain('org.joint_branch.max_units');
  });

  it('expects a general branch from 50 members and a committee from 100 (smaller with approval)', () => {
    expect(ids({ kind: 'general_branch', memberCount: 49 })).toContain('org.general_branch.min_members');
    expect(ids({ kind: 'general_branch', memberCount: 50 })).not.toContain('org.general_branch.min_members');
    const small = evaluateOrg({ ...base, kind: 'committee', memberCount: 99, lastElectedOn: '2024-01-01' }, R);
    expect(small.find((f) => f.ruleId === 'org.committee.min_members')?.severity).toBe('info');
    expect(ids({ kind: 'committee', memberCount: 100, lastElectedOn: '2024-01-01' })).not.toContain('org.committee.min_members');
  });

  it('sizes the committee: 7+ full members need 3–5 (at most 7); fewer have no committee', () => {
    expect(ids({ fullMemberCount: 7, memberCount: 7, posts: committee(2) })).toContain('org.committee_size');
    expect(ids({ fullMemberCount: 7, memberCount: 7, posts: committee(3) })).not.toContain('org.committee_size');
    expect(ids({ fullMemberCount: 7, memberCount: 7, posts: committee(5) })).not.toContain('org.committee_size');
    const six = evaluateOrg({ ...base, fullMemberCount: 20, memberCount: 20, posts: committee(6) }, R).find((f) => f.ruleId === 'org.committee_size');
    expect(six?.severity).toBe('warning');
    const eight = evaluateOrg({ ...base, fullMemberCount: 20, memberCount: 20, posts: committee(8) }, R).find((f) => f.ruleId === 'org.committee_size');
    expect(eight?.severity).toBe('error');
    expect(ids({ fullMemberCount: 6, memberCount: 6, posts: committee(3) })).toContain('org.committee_size');
    expect(ids({ fullMemberCount: 6, memberCount: 6, posts: [{ post: 'secretary', fullMemberSince: '2010-01-01' }, { post: 'deputy_secretary', fullMemberSince: '2010-01-01' }] })).not.toContain('org.committee_size');
  });

  it('wants a secretary who has been a full member for a year', () => {
    expect(ids({ posts: [] })).toContain('org.secretary.missing');
    expect(ids({ posts: [{ post: 'secretary', fullMemberSince: '2025-11-24' }] })).toContain('org.secretary.full_member_years');
    expect(ids({ posts: [{ post: 'secretary', fullMemberSince: '2025-11-23' }] })).not.toContain('org.secretary.full_member_years');
    expect(ids({ posts: [{ post: 'secretary', fullMemberSince: null }] })).toContain('org.secretary.full_member_years');
  });
});

describe('terms and elections (Branch; Elections)', () => {
  it('gives branches 3 years, village and community branches 5, committees 5, party groups none', () => {
    expect(termYears('branch', false, R)).toBe(3);
    expect(termYears('general_branch', false, R)).toBe(3);
    expect(termYears('branch', true, R)).toBe(5);
    expect(termYears('committee', false, R)).toBe(5);
    expect(termYears('party_group', false, R)).toBeNull();
    expect(electionDueOn('2023-11-23', 3)).toBe('2026-11-23');
  });

  it('flags an expired term, and one due within 90 days', () => {
    expect(ids({ lastElectedOn: '2023-11-23' })).toContain('org.term.expired'); // due today
    expect(ids({ lastElectedOn: '2023-11-24' })).toContain('org.term.due'); // due tomorrow
    expect(ids({ lastElectedOn: '2024-02-21' })).toContain('org.term.due'); // due 2027-02-21, in 90 days
    expect(ids({ lastElectedOn: '2024-02-22' })).not.toContain('org.term.due'); // in 91 days
    expect(ids({ lastElectedOn: '2022-01-01', inVillageOrCommunity: true })).not.toContain('org.term.expired'); // 5-year term
    expect(ids({ lastElectedOn: null })).toContain('org.term.unknown');
  });

  it('lets a district override a number without a code change', () => {
    const rules = formingRulesFor({ forming: { jointBranchMaxUnits: 8, electionDueWarningDays: 30 } });
    expect(ids({ kind: 'joint_branch', formationMode: 'joint', coveredUnitCount: 6 }, rules)).not.toContain('org.joint_branch.max_units');
    expect(ids({ lastElectedOn: '2024-02-21' }, rules)).not.toContain('org.term.due');
    expect(rules.version).toBe('forming-2018');
  });

  it('orders findings most serious first', () => {
    const sev = evaluateOrg({ ...base, fullMemberCount: 2, posts: [], lastElectedOn: null }, R).map((f) => f.severity);
    expect(sev).toEqual([...sev].sort((a, b) => ['error', 'warning', 'info'].indexOf(a) - ['error', 'warning', 'info'].indexOf(b)));
  });
});

describe('nesting of organizations', () => {
  it('puts groups in branches, branches in committees or general branches', () => {
    expect(canNestOrg('committee', null)).toBe(true);
    expect(canNestOrg('committee', 'committee')).toBe(true);
    expect(canNestOrg('general_branch', 'committee')).toBe(true);
    expect(canNestOrg('branch', 'general_branch')).toBe(true);
    expect(canNestOrg('joint_branch', 'committee')).toBe(true);
    expect(canNestOrg('party_group', 'branch')).toBe(true);
    expect(canNestOrg('party_group', 'committee')).toBe(false);
    expect(canNestOrg('branch', null)).toBe(false);
    expect(canNestOrg('committee', 'branch')).toBe(false);
  });
});

function committee(n: number): OrgFacts['posts'] {
  const posts: OrgFacts['posts'] = [{ post: 'secretary', fullMemberSince: '2010-01-01' }];
  if (n > 1) posts.push({ post: 'deputy_secretary', fullMemberSince: '2010-01-01' });
  for (let i = 2; i < n; i++) posts.push({ post: 'committee_member', fullMemberSince: '2010-01-01' });
  return posts;
}
