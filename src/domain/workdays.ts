/**
 * Working days for public-notice periods (RULES.md "Member development":
 * notice of at least 5 working days, practice).
 *
 * Saturdays and Sundays are off, Monday to Friday are working days, and the
 * district overrides single days as data: a public holiday on a weekday is
 * off (`false`), an adjusted weekend day (调休上班) is on (`true`). The
 * overrides live in the `calendar_day` table and are edited by the district
 * (PUT /api/v1/calendar/days).
 *
 * No national holidays are built in: the State Council publishes each year's
 * schedule (with its adjusted weekends) late in the year before, and a wrong
 * built-in date would silently shift every notice period. The district enters
 * them once a year.
 */
import { addDays } from './dates.js';

/** A district's overrides: day (YYYY-MM-DD) → true (working, e.g. an adjusted weekend) or false (a holiday). */
export type WorkdayOverrides = Readonly<Record<string, boolean>>;

/** National holidays shipped with the product: none (see the module comment). */
export const BUILT_IN_HOLIDAYS: WorkdayOverrides = {};

export function isWeekend(date: string): boolean {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const dow = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return dow === 0 || dow === 6;
}

export function isWorkingDay(date: string, overrides: WorkdayOverrides = {}): boolean {
  const o = overrides[date];
  return o === undefined ? !isWeekend(date) : o;
}

/** Guards against a calendar with (almost) no working days: no notice period runs for years. */
const MAX_SCAN_DAYS = 3660;

/**
 * The date n working days after `date` (the date itself does not count):
 * Friday + 1 = Monday; n = 0 gives `date`; a negative n goes back.
 */
export function addWorkingDays(date: string, n: number, overrides: WorkdayOverrides = {}): string {
  if (!Number.isInteger(n)) throw new RangeError(`not a whole number of working days: ${n}`);
  const step = n < 0 ? -1 : 1;
  let left = Math.abs(n);
  let day = date;
  let scanned = 0;
  while (left > 0) {
    day = addDays(day, step);
    if (isWorkingDay(day, overrides)) left--;
    if (++scanned > MAX_SCAN_DAYS) throw new RangeError('the calendar has no working days in ten years');
  }
  return day;
}

/**
 * Working days after `from` up to and including `to` (from < d ≤ to), so that
 * workingDaysBetween(d, addWorkingDays(d, n)) === n. Negative when `to` is before `from`.
 */
export function workingDaysBetween(from: string, to: string, overrides: WorkdayOverrides = {}): number {
  if (to < from) return -workingDaysBetween(to, from, overrides);
  let count = 0;
  for (let day = addDays(from, 1); day <= to; day = addDays(day, 1)) if (isWorkingDay(day, overrides)) count++;
  return count;
}

/**
 * The last day of a notice of n working days posted on `start` (the start
 * counts when it is a working day): posted Thursday for 5 days, with the
 * following Monday a holiday, it runs Thu, Fri, Tue, Wed, Thu.
 */
export function noticeLastDay(start: string, n: number, overrides: WorkdayOverrides = {}): string {
  return n <= 0 ? addDays(start, -1) : addWorkingDays(addDays(start, -1), n, overrides);
}

/** The first day a decision may be taken after a notice of n working days posted on `start`. */
export function afterNotice(start: string, n: number, overrides: WorkdayOverrides = {}): string {
  return addDays(noticeLastDay(start, n, overrides), 1);
}

/** Working days a notice posted on `start` has run before `decidedOn` (start ≤ d < decidedOn). */
export function noticeDaysBefore(start: string, decidedOn: string, overrides: WorkdayOverrides = {}): number {
  return Math.max(0, workingDaysBetween(addDays(start, -1), addDays(decidedOn, -1), overrides));
}
