import { describe, expect, it } from 'vitest';
import {
  checklistCompletion,
  coverageOf,
  coverageRates,
  distanceMetres,
  isChecklistItem,
  sumCounts,
  suggestJointBranches,
  worklistAction,
  type JointBranchCandidate,
} from './coverage.js';
import { FORMING_RULES_V2018 as R } from './rulesets.js';

describe('coverage of a unit', () => {
  it('prefers organization over work coverage', () => {
    expect(coverageOf({ own: true }, true)).toBe('own');
    expect(coverageOf({ own: false }, true)).toBe('joint');
    expect(coverageOf(null, true)).toBe('work');
    expect(coverageOf(null, false)).toBe('none');
  });

  it('computes the rates of RULES.md "Statistics"', () => {
    const r = coverageRates({ operating: 200, own: 50, joint: 30, work: 40, none: 80 });
    expect(r).toEqual({ organizational: 0.4, own: 0.25, work: 0.2, total: 0.6 });
    expect(coverageRates({ operating: 0, own: 0, joint: 0, work: 0, none: 0 }).organizational).toBeNull();
    expect(coverageRates({ operating: 3, own: 1, joint: 0, work: 0, none: 2 }).organizational).toBe(0.3333);
  });
});

describe('worklist actions', () => {
  it('sends 3+ full members to form a branch, 1–2 to a joint branch, none to a liaison', () => {
    expect(worklistAction(3, 'none', R)).toBe('form_branch');
    expect(worklistAction(12, 'work', R)).toBe('form_branch');
    expect(worklistAction(2, 'none', R)).toBe('join_joint_branch');
    expect(worklistAction(1, 'work', R)).toBe('join_joint_branch');
    expect(worklistAction(0, 'none', R)).toBe('assign_liaison');
    expect(worklistAction(0, 'work', R)).toBeNull();
    expect(worklistAction(5, 'own', R)).toBeNull();
    expect(worklistAction(1, 'joint', R)).toBeNull();
  });
});

describe('joint branch suggestions', () => {
  const at = (lng: number, lat: number) => ({ lng, lat });
  const candidates: JointBranchCandidate[] = [
    { id: 1, name: '甲楼联合支部', territoryPath: '/1/2/4/', coveredUnits: 5, industries: ['I'], ...at(121.47, 31.23) },
    { id: 2, name: '乙楼联合支部', territoryPath: '/1/2/5/', coveredUnits: 2, industries: ['F'], ...at(121.48, 31.23) },
    { id: 3, name: '丙楼联合支部', territoryPath: '/1/2/6/', coveredUnits: 3, industries: ['I'], ...at(121.5, 31.23) },
    { id: 4, name: '本楼联合支部', territoryPath: '/1/2/7/', coveredUnits: 4, industries: ['C'], ...at(121.6, 31.3) },
  ];

  it('offers only joint branches with room (fewer than 5 units), same area first, then industry, then distance', () => {
    const s = suggestJointBranches({ territoryPath: '/1/2/7/', industry: 'I', lng: 121.47, lat: 31.23 }, candidates, R);
    expect(s.map((x) => x.id)).toEqual([4, 3, 2]);
    expect(s[0]).toMatchObject({ sameArea: true, room: 1 });
    expect(s[1]).toMatchObject({ sameIndustry: true, room: 2 });
  });

  it('measures distance in metres', () => {
    // One hundredth of a degree of latitude is about 1.11 km.
    expect(Math.round(distanceMetres(at(121, 31), at(121, 31.01)))).toBeGreaterThan(1100);
    expect(Math.round(distanceMetres(at(121, 31), at(121, 31.01)))).toBeLessThan(1120);
  });
});

describe('standardization checklists', () => {
  it('knows the five ones and the six haves', () => {
    expect(isChecklistItem('five_ones', 'bulletin_board')).toBe(true);
    expect(isChecklistItem('six_haves', 'books_and_papers')).toBe(true);
    expect(isChecklistItem('six_haves', 'bulletin_board')).toBe(false);
    expect(isChecklistItem('ten_things', 'x')).toBe(false);
    expect(checklistCompletion('six_haves', ['venue', 'rules', 'party_flag'])).toBe(0.5);
    expect(checklistCompletion('five_ones', [])).toBe(0);
  });
});

describe('sumCounts', () => {
  it('adds each state of several nodes, and gives zeros for none', () => {
    const a = { operating: 10, own: 3, joint: 2, work: 4, none: 1 };
    const b = { operating: 5, own: 0, joint: 1, work: 1, none: 3 };
    expect(sumCounts([a, b])).toEqual({ operating: 15, own: 3, joint: 3, work: 5, none: 4 });
    expect(sumCounts([])).toEqual({ operating: 0, own: 0, joint: 0, work: 0, none: 0 });
    expect(a.operating).toBe(10);
  });
});
