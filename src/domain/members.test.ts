import { describe, expect, it } from 'vitest';
import {
  ageBandOf,
  ageBands,
  decisionsFor,
  isJuniorCollegeOrAbove,
  letterNo,
  letterValidUntil,
  lostContactSince,
  nextReportDue,
  oldEnoughOn,
  probationUntil,
  removableFrom,
  reportOverdue,
  shouldTransfer,
  suspendableFrom,
  transferNext,
} from './members.js';
import { MEMBER_RULES_V2019, MEMBER_RULE_SOURCES, memberRulesFor } from './rulesets.js';

describe('member rule numbers', () => {
  it('carry the regulation\'s numbers and mark practice', () => {
    expect(MEMBER_RULES_V2019).toMatchObject({
      minAdmissionAge: 18,
      probationYears: 1,
      lostContactMonths: 6,
      untraceableMonthsBeforeSuspension: 6,
      removalYearsAfterSuspension: 2,
      transferWhenAwayMonths: 6,
      transferLetterValidMonths: 3,
      transferLetterValidMonthsCrossProvince: 6,
    });
    expect(MEMBER_RULE_SOURCES.transferLetterValidMonths).toBe('practice');
    expect(MEMBER_RULE_SOURCES.transferLetterValidMonthsCrossProvince).toBe('practice');
    expect(MEMBER_RULE_SOURCES.mobileReportEveryMonths).toBe('practice');
    expect(MEMBER_RULE_SOURCES.lostContactMonths).toBe('Education');
  });

  it('take a district\'s overrides, ignoring nonsense', () => {
    const r = memberRulesFor({ members: { transferLetterValidMonths: 2, lostContactMonths: -1, mobileReportEveryMonths: 'x' } } as never);
    expect(r.transferLetterValidMonths).toBe(2);
    expect(r.lostContactMonths).toBe(6);
    expect(r.mobileReportEveryMonths).toBe(3);
    expect(memberRulesFor(undefined)).toEqual({ ...MEMBER_RULES_V2019 });
  });
});

describe('statistics bands', () => {
  it('uses ≤ 30, 5-year bands, ≥ 61', () => {
    expect(ageBands().map((b) => b.key)).toEqual(['le30', '31_35', '36_40', '41_45', '46_50', '51_55', '56_60', 'ge61']);
    expect(ageBandOf(18)).toBe('le30');
    expect(ageBandOf(30)).toBe('le30');
    expect(ageBandOf(31)).toBe('31_35');
    expect(ageBandOf(35)).toBe('31_35');
    expect(ageBandOf(60)).toBe('56_60');
    expect(ageBandOf(61)).toBe('ge61');
    expect(ageBandOf(95)).toBe('ge61');
  });

  it('counts junior college and above', () => {
    expect(isJuniorCollegeOrAbove('junior_college')).toBe(true);
    expect(isJuniorCollegeOrAbove('doctorate')).toBe(true);
    expect(isJuniorCollegeOrAbove('senior_high')).toBe(false);
    expect(isJuniorCollegeOrAbove('secondary_vocational')).toBe(false);
    expect(isJuniorCollegeOrAbove(null)).toBe(false);
  });
});

describe('registry', () => {
  it('admits from 18 and ends probation a year after the vote', () => {
    expect(oldEnoughOn('2008-03-01', '2026-03-01')).toBe(true);
    expect(oldEnoughOn('2008-03-01', '2026-02-28')).toBe(false);
    expect(probationUntil('2025-07-01')).toBe('2026-07-01');
  });
});

describe('lost contact (Education)', () => {
  it('flags after 6 months without contact, not a day earlier', () => {
    expect(lostContactSince('2026-01-15', '2026-07-14')).toBeNull();
    expect(lostContactSince('2026-01-15', '2026-07-15')).toBe('2026-07-15');
    expect(lostContactSince('2026-01-15', '2026-12-01')).toBe('2026-07-15');
    expect(lostContactSince(null, '2026-12-01')).toBeNull();
    expect(lostContactSince('2026-01-15', '2026-04-15', 3)).toBe('2026-04-15');
  });

  it('allows suspension after 6 months untraceable, counted from the later of flag and search', () => {
    // Last contact January; flagged July; the search opened in August: suspension possible from February.
    expect(suspendableFrom('2026-08-01', '2026-01-15')).toBe('2027-02-01');
    // A search opened before the flag still waits for the flag.
    expect(suspendableFrom('2026-03-01', '2026-01-15')).toBe('2027-01-15');
  });

  it('allows removal 2 years after suspension', () => {
    expect(removableFrom('2027-02-01')).toBe('2029-02-01');
  });

  it('never decides on its own: only named decisions per case status', () => {
    expect(decisionsFor('open')).toEqual(['found', 'keep_searching', 'suspend_membership']);
    expect(decisionsFor('suspended')).toEqual(['found', 'remove']);
    expect(decisionsFor('closed')).toEqual([]);
  });
});

describe('transfers', () => {
  it('moves requested → sent → received | returned | withdrawn and nothing else', () => {
    expect(transferNext('requested', 'send')).toBe('sent');
    expect(transferNext('sent', 'receive')).toBe('received');
    expect(transferNext('sent', 'return')).toBe('returned');
    expect(transferNext('requested', 'withdraw')).toBe('withdrawn');
    expect(transferNext('sent', 'withdraw')).toBe('withdrawn');
    expect(transferNext('requested', 'receive')).toBeNull();
    expect(transferNext('received', 'withdraw')).toBeNull();
    expect(transferNext('returned', 'send')).toBeNull();
    expect(transferNext('sent', 'send')).toBeNull();
  });

  it('makes letters valid 3 months, 6 across provinces (practice)', () => {
    expect(letterValidUntil('2026-11-23', false)).toBe('2027-02-23');
    expect(letterValidUntil('2026-11-23', true)).toBe('2027-05-23');
    expect(letterValidUntil('2026-11-30', false)).toBe('2027-02-28');
    expect(letterNo(3, 2026, 7)).toBe('3-2026-0007');
  });
});

describe('mobile members', () => {
  it('reports every 3 months and is overdue the day after', () => {
    expect(nextReportDue('2026-01-10', null, 3)).toBe('2026-04-10');
    expect(nextReportDue('2026-01-10', '2026-03-01', 3)).toBe('2026-06-01');
    expect(reportOverdue('2026-01-10', null, 3, '2026-04-10')).toBe(false);
    expect(reportOverdue('2026-01-10', null, 3, '2026-04-11')).toBe(true);
  });

  it('suggests a transfer once away 6 months', () => {
    expect(shouldTransfer('2026-01-10', '2026-07-09')).toBe(false);
    expect(shouldTransfer('2026-01-10', '2026-07-10')).toBe(true);
  });
});
