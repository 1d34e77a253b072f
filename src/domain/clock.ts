/**
 * The one source of "now". Domain functions take dates as arguments; the
 * server, the CLI and the tests hold a Clock so that periods and deadlines
 * are tested by moving the clock, never by waiting.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock tests and demos can set and move. */
export class SettableClock implements Clock {
  private current: Date;
  constructor(start: Date | string) {
    this.current = new Date(start);
  }
  now(): Date {
    return new Date(this.current);
  }
  set(to: Date | string): void {
    this.current = new Date(to);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/** A clock fixed at a point, or offset from the system clock, from configuration. */
export function clockFromEnv(value: string | undefined): Clock {
  if (!value) return systemClock;
  const fixed = new Date(value);
  if (Number.isNaN(fixed.getTime())) throw new Error(`COHESION_CLOCK is not a date: ${value}`);
  const offset = fixed.getTime() - Date.now();
  return { now: () => new Date(Date.now() + offset) };
}
