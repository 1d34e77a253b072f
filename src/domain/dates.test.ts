import { describe, expect, it } from 'vitest';
import { addDays, addMonths, addYears, daysBetween, isDate, localDate } from './dates.js';

describe('calendar dates', () => {
  it('adds months, clamping to shorter months', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2026-11-23', -11)).toBe('2025-12-23');
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(daysBetween('2026-11-23', '2027-02-21')).toBe(90);
  });

  it('takes "today" in the district\'s time zone', () => {
    // 17:30 UTC on 23 November is already 24 November in Shanghai.
    expect(localDate(new Date('2026-11-23T17:30:00Z'), 'Asia/Shanghai')).toBe('2026-11-24');
    expect(localDate(new Date('2026-11-23T15:59:59Z'), 'Asia/Shanghai')).toBe('2026-11-23');
  });

  it('validates dates', () => {
    expect(isDate('2026-02-29')).toBe(false);
    expect(isDate('2028-02-29')).toBe(true);
    expect(isDate('2026-13-01')).toBe(false);
  });
});
