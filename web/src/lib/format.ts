/**
 * Times are stored in UTC and shown in the district's time zone (DESIGN.md:
 * "Months, quarters and years are those of the district's time zone"), not
 * the browser's. The session sets the zone once the user is known.
 */

const DEFAULT_TIME_ZONE = 'Asia/Shanghai';
let timeZone = DEFAULT_TIME_ZONE;

/** The zone is checked when a date is first written: the first Intl formatter of a page costs ~50 ms, which the session check must not add to the first paint. */
export function setTimeZone(tz: string): void {
  timeZone = tz;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string, withTime: boolean): Intl.DateTimeFormat {
  const key = `${tz}|${withTime}`;
  let f = formatters.get(key);
  if (!f) {
    const options: Intl.DateTimeFormatOptions = {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      ...(withTime && { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }),
    };
    try {
      // sv-SE writes dates as YYYY-MM-DD and times as HH:mm:ss.
      f = new Intl.DateTimeFormat('sv-SE', { ...options, timeZone: tz });
    } catch {
      // An unknown zone: the default one.
      f = new Intl.DateTimeFormat('sv-SE', { ...options, timeZone: DEFAULT_TIME_ZONE });
    }
    formatters.set(key, f);
  }
  return f;
}

/** 2026-11-23 10:00:05 in the district's zone. */
export function dateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : formatter(timeZone, true).format(d);
}

/** The district's calendar date of an instant, YYYY-MM-DD. */
export function districtDate(iso: string): string {
  return formatter(timeZone, false).format(new Date(iso));
}

/** The instant a district calendar day (YYYY-MM-DD) starts, as ISO. */
export function districtDayStart(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d);
  // The zone's offset at that moment: what its wall clock shows minus UTC.
  const offsetAt = (t: number) => {
    const wall = formatter(timeZone, true).format(new Date(t)).replace(' ', 'T') + 'Z';
    return Date.parse(wall) - t;
  };
  let t = guess - offsetAt(guess);
  t = guess - offsetAt(t);
  return new Date(t).toISOString();
}

export const DASH = '—';

export function orDash(v: string | number | null | undefined): string | number {
  return v === null || v === undefined || v === '' ? DASH : v;
}

/** A share 0–1 as a percentage with one decimal (12.5%); a dash when there is nothing to divide. */
export function pct(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? DASH : `${(rate * 100).toFixed(1)}%`;
}

/** Today's date in the district's zone (YYYY-MM-DD), the default for "founded on", "since" and similar fields. */
export function districtToday(): string {
  return districtDate(new Date().toISOString());
}
