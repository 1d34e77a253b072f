/**
 * Reading typed values out of spreadsheet cells, shared by the imports:
 * dates as people and spreadsheet programs write them, and choices from a
 * vocabulary given by code, Chinese or English label, or a local alias.
 */
import type { MessageCode } from '../../server/messages.js';
import type { Pass } from './engine.js';
import { cellText, type Cell, type SheetRow } from './sheet.js';

/** Text as compared with a vocabulary: width-folded, without spaces, lower-case. */
export const norm = (s: string) => s.normalize('NFKC').replace(/\s+/g, '').toLowerCase();

function isoDate(y: number, m: number, d: number): string | null {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d || y < 1800) return null;
  return date.toISOString().slice(0, 10);
}

/** A date from an xlsx date cell, an Excel serial number, or text (2019-04-01, 2019/4/1, 2019.4.1, 2019年4月1日, 20190401). */
export function readDate(c: Cell): string | null {
  if (c instanceof Date) {
    return Number.isNaN(c.getTime()) ? null : isoDate(c.getUTCFullYear(), c.getUTCMonth() + 1, c.getUTCDate());
  }
  if (typeof c === 'number') {
    if (!Number.isInteger(c) || c < 1 || c > 2_958_465) return null;
    const d = new Date(Math.round((c - 25569) * 86_400_000));
    return isoDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
  }
  const t = cellText(c).normalize('NFKC');
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]0{1,2}:0{2}(?::0{2})?)?$/.exec(t) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  return m ? isoDate(Number(m[1]), Number(m[2]), Number(m[3])) : null;
}

/** The labels of a vocabulary, by code. */
type Labels = Record<string, { 'zh-CN': string; en: string }>;

/** Code, Chinese label, English label or alias (any case, any width) → code. */
export class Choices {
  private readonly index = new Map<string, string>();

  constructor(
    readonly codes: readonly string[],
    labels: Labels,
    aliases: Record<string, string> = {},
  ) {
    for (const code of codes) {
      for (const text of [code, labels[code]?.['zh-CN'], labels[code]?.en]) if (text) this.index.set(norm(text), code);
    }
    for (const [text, code] of Object.entries(aliases)) this.index.set(norm(text), code);
  }

  get(text: string): string | null {
    return this.index.get(norm(text)) ?? null;
  }

  /** The allowed values as an error message lists them. */
  get allowed(): string {
    return this.codes.join(', ');
  }
}

/**
 * The cells of one row by field, with the checks every import makes on them;
 * each problem goes to the pass with the row's spreadsheet number, so that
 * the answer lists every bad cell of the file at once.
 */
export class RowCells<F extends string> {
  private readonly cells = new Map<F, Cell>();
  private readonly before: number;

  constructor(
    readonly row: SheetRow,
    columns: readonly (F | null)[],
    private readonly pass: Pass<F>,
  ) {
    columns.forEach((f, i) => {
      if (f) this.cells.set(f, row.cells[i] ?? null);
    });
    this.before = pass.errorCount;
  }

  /** No problem reported for this row so far. */
  get ok(): boolean {
    return this.pass.errorCount === this.before;
  }

  bad(field: F, code: MessageCode, params?: Record<string, unknown>): void {
    this.pass.problem(this.row.row, field, code, params);
  }

  cell(f: F): Cell {
    return this.cells.get(f) ?? null;
  }

  text(f: F): string {
    return cellText(this.cells.get(f)).normalize('NFC');
  }

  given(f: F): boolean {
    return this.text(f) !== '';
  }

  /** The text of a required cell, or null (reported) when it is empty. */
  required(f: F): string | null {
    const t = this.text(f);
    if (t === '') this.bad(f, 'required');
    return t === '' ? null : t;
  }

  /** Required text of min–max characters; null when missing. */
  requiredText(f: F, min: number, max: number): string | null {
    const t = this.required(f);
    if (t !== null && t.length < min) this.bad(f, 'too_short', { limit: min });
    if (t !== null && t.length > max) this.bad(f, 'too_long', { limit: max });
    return t;
  }

  /** Optional text of at most max characters; undefined when empty. */
  optionalText(f: F, max: number): string | undefined {
    const t = this.text(f);
    if (t.length > max) this.bad(f, 'too_long', { limit: max });
    return t === '' ? undefined : t;
  }

  /** An optional choice from a vocabulary; undefined when empty or not allowed (reported). */
  choice(f: F, choices: Choices): string | undefined {
    const t = this.text(f);
    if (t === '') return undefined;
    const code = choices.get(t);
    if (code === null) this.bad(f, 'invalid_choice', { allowed: choices.allowed });
    return code ?? undefined;
  }

  /** An optional date, not after today; undefined when empty or bad (reported). */
  date(f: F, today: string): string | undefined {
    if (!this.given(f)) return undefined;
    const d = readDate(this.cell(f));
    if (d === null) this.bad(f, 'invalid_date');
    else if (d > today) this.bad(f, 'date_in_future');
    else return d;
    return undefined;
  }
}
