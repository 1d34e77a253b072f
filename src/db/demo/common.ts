/** Constants and date helpers shared by the phases of the demo generator. */

export const DISTRICT_ID = 1;
export const DISTRICT_TIME_ZONE = 'Asia/Shanghai';

/** Rows buffered per table before a phase writes them. */
export const MAX_BATCH_ROWS = 500;

export const DAY_MS = 86_400_000;
/** Day numbers (days since 1970-01-01) of the generator's fixed calendar. */
export const FIRST_DAY = Date.UTC(1995, 0, 1) / DAY_MS;
export const LAST_DAY = Date.UTC(2026, 5, 30) / DAY_MS;

/** YYYY-MM-DD of a day number. */
export const isoDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** Day number of a YYYY-MM-DD date. */
export const dayOf = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;

export const pad = (n: number, width: number) => String(n).padStart(width, '0');

