/**
 * iCalendar (RFC 5545) for a member's meetings: lines end in CRLF, long lines
 * fold at 75 octets (never inside a UTF-8 character), TEXT values escape
 * backslash, semicolon, comma and newlines, and times are UTC ("Z").
 */

export interface IcsEvent {
  uid: string;
  sequence: number;
  /** ISO instants. */
  startsAt: string;
  endsAt: string;
  summary: string;
  location: string | null;
  description: string | null;
  cancelled: boolean;
  /** ISO instant of the last change. */
  updatedAt: string;
}

/** Escapes a TEXT value. */
export function icsText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r\n|\r|\n/g, '\\n');
}

/** 2026-04-01T02:00:00.000Z -> 20260401T020000Z */
export function icsUtc(iso: string): string {
  return new Date(iso).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** Folds one content line: at most 75 octets per physical line, continuation lines start with a space. */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  let limit = 75;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
      // The leading space of a continuation line is one of its 75 octets.
      limit = 74;
    }
    current += ch;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

export function buildCalendar(opts: { name: string; timeZone: string; now: Date; events: IcsEvent[] }): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Cohesion//Organizational life//ZH',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${icsText(opts.name)}`,
    `X-WR-TIMEZONE:${icsText(opts.timeZone)}`,
    'REFRESH-INTERVAL;VALUE=DURATION:PT1H',
    'X-PUBLISHED-TTL:PT1H',
  ];
  const stamp = icsUtc(opts.now.toISOString());
  for (const ev of opts.events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${ev.uid}`,
      `DTSTAMP:${stamp}`,
      `LAST-MODIFIED:${icsUtc(ev.updatedAt)}`,
      `SEQUENCE:${ev.sequence}`,
      `DTSTART:${icsUtc(ev.startsAt)}`,
      `DTEND:${icsUtc(ev.endsAt)}`,
      `SUMMARY:${icsText(ev.summary)}`,
    );
    if (ev.location) lines.push(`LOCATION:${icsText(ev.location)}`);
    if (ev.description) lines.push(`DESCRIPTION:${icsText(ev.description)}`);
    lines.push(`STATUS:${ev.cancelled ? 'CANCELLED' : 'CONFIRMED'}`, 'TRANSP:OPAQUE', 'END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
