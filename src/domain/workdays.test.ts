import { describe, expect, it } from 'vitest';
import { addWorkingDays, afterNotice, BUILT_IN_HOLIDAYS, isWorkingDay, noticeDaysBefore, noticeLastDay, workingDaysBetween } from './workdays.js';

// A district's overrides (data, as the district enters them): a Monday holiday and a Sunday worked.
const overrides = { '2026-04-06': false, '2026-09-27': true, '2026-10-01': false, '2026-10-02': false };

describe('working days', () => {
  it('takes weekends off and applies the district\'s overrides', () => {
    expect(isWorkingDay('2026-11-23')).toBe(true); // Monday
    expect(isWorkingDay('2026-11-21')).toBe(false); // Saturday
    expect(isWorkingDay('2026-11-22')).toBe(false); // Sunday
    expect(isWorkingDay('2026-04-06', overrides)).toBe(false); // a holiday on a Monday
    expect(isWorkingDay('2026-09-27', overrides)).toBe(true); // an adjusted Sunday
    expect(BUILT_IN_HOLIDAYS).toEqual({});
  });

  it('adds working days over a weekend and a holiday', () => {
    expect(addWorkingDays('2026-11-20', 1)).toBe('2026-11-23'); // Friday + 1 = Monday
    expect(addWorkingDays('2026-11-23', 5)).toBe('2026-11-30');
    expect(addWorkingDays('2026-11-23', 0)).toBe('2026-11-23');
    expect(addWorkingDays('2026-11-23', -1)).toBe('2026-11-20');
    // Thursday 2 April + 2: Friday 3, then Tuesday 7 (Monday 6 is a holiday).
    expect(addWorkingDays('2026-04-02', 2, overrides)).toBe('2026-04-07');
    expect(addWorkingDays('2026-04-02', 2)).toBe('2026-04-06');
    // Friday 25 September + 1 is the adjusted Sunday 27.
    expect(addWorkingDays('2026-09-25', 1, overrides)).toBe('2026-09-27');
  });

  it('counts working days after one date up to another, the inverse of adding', () => {
    expect(workingDaysBetween('2026-11-23', '2026-11-30')).toBe(5);
    expect(workingDaysBetween('2026-11-21', '2026-11-27')).toBe(5); // from a Saturday
    expect(workingDaysBetween('2026-11-30', '2026-11-23')).toBe(-5);
    for (const start of ['2026-04-01', '2026-04-02', '2026-04-04', '2026-09-26']) {
      for (const n of [0, 1, 3, 5, 12]) expect(workingDaysBetween(start, addWorkingDays(start, n, overrides), overrides)).toBe(n);
    }
  });

  it('runs a 5-working-day notice across a weekend and a holiday', () => {
    // Posted Thursday 2 April: Thu 2, Fri 3, (Sat, Sun, holiday Mon 6), Tue 7, Wed 8, Thu 9.
    expect(noticeLastDay('2026-04-02', 5, overrides)).toBe('2026-04-09');
    expect(afterNotice('2026-04-02', 5, overrides)).toBe('2026-04-10');
    expect(noticeDaysBefore('2026-04-02', '2026-04-09', overrides)).toBe(4);
    expect(noticeDaysBefore('2026-04-02', '2026-04-10', overrides)).toBe(5);
    // Without the holiday it would end on Wednesday 8.
    expect(noticeLastDay('2026-04-02', 5)).toBe('2026-04-08');
    expect(afterNotice('2026-04-02', 5)).toBe('2026-04-09');
    // Posted on a Saturday, the count starts on Monday.
    expect(noticeLastDay('2026-11-21', 5)).toBe('2026-11-27');
    // Across the National Day holiday the district entered: Wed 30 Sep, (Thu 1, Fri 2 off, weekend), Mon 5 ... Thu 8.
    expect(noticeLastDay('2026-09-30', 5, overrides)).toBe('2026-10-08');
  });
});
