/**
 * Reading uploaded spreadsheets row by row, without holding them in memory:
 * CSV through csv-parse's stream, .xlsx through exceljs' streaming
 * WorkbookReader. The format is recognized from the file's bytes (an upload's
 * content type is often wrong: Windows browsers send .csv as
 * application/vnd.ms-excel), CSV text may be UTF-8 (with or without BOM),
 * UTF-16 with BOM (Excel's "Unicode text") or GB18030/GBK (Excel's "CSV" on
 * Chinese Windows). Which columns a sheet has is the caller's SheetSpec
 * (survey import, roster import).
 */
import { createReadStream, type ReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { parse as csvParse } from 'csv-parse';
import ExcelJS from 'exceljs';
import type { Bilingual } from '../../domain/bilingual.js';
import { AppError, type FieldProblem } from '../../server/errors.js';
import type { Locale } from '../../server/i18n.js';

/** The columns an import understands, and how headers name them. */
export interface SheetSpec<F extends string> {
  fields: readonly F[];
  /** Columns a file must have; the others may be left out. */
  required: readonly F[];
  /** The header of a column as the template writes it. */
  header(field: F, locale: Locale): string;
  fieldOfHeader(text: string): F | null;
  /** Headers known to carry nothing to import (read-only columns of an export): skipped without complaint. */
  ignores(text: string): boolean;
}

/** Header text as compared: width-folded, no spaces, lower-case, without a "required" mark. */
export function normalizeHeader(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/^\*+|\*+$/g, '')
    .replace(/\((必填|选填|required|optional)\)$/i, '')
    .toLowerCase();
}

/**
 * A sheet's columns: each field is recognized by its key, its header in
 * either language and any alias people use for it.
 */
export function defineSheet<F extends string>(def: {
  fields: readonly F[];
  required: readonly F[];
  headers: Record<F, Bilingual>;
  aliases?: Partial<Record<F, string[]>>;
  ignored?: readonly string[];
}): SheetSpec<F> {
  const index = new Map<string, F>();
  for (const f of def.fields) {
    for (const text of [f, def.headers[f]['zh-CN'], def.headers[f].en, ...(def.aliases?.[f] ?? [])]) index.set(normalizeHeader(text), f);
  }
  const ignored = new Set((def.ignored ?? []).map(normalizeHeader));
  return {
    fields: def.fields,
    required: def.required,
    header: (field, locale) => def.headers[field][locale],
    fieldOfHeader: (text) => index.get(normalizeHeader(text)) ?? null,
    ignores: (text) => ignored.has(normalizeHeader(text)),
  };
}

/** A cell as read: text, a number, a date (xlsx date cells), a flag, or nothing. */
export type Cell = string | number | boolean | Date | null;

export interface SheetRow {
  /** Row number as the spreadsheet shows it (the first line of the file is 1). */
  row: number;
  cells: Cell[];
}

export type FileFormat = 'xlsx' | 'csv';

export interface OpenedSheet<F extends string> {
  format: FileFormat;
  /** Row number of the header row. */
  headerRow: number;
  /** Which field each column holds (null: an empty or ignored header). */
  columns: (F | null)[];
  /** The data rows after the header; rows with no value at all are skipped. */
  rows: AsyncGenerator<SheetRow>;
  /** How far into the file the rows read so far reach (bytes), for progress estimates. */
  bytesRead(): number;
  size: number;
  close(): void;
}

/** The most rows above the header we look through for it (title rows of survey sheets). */
const HEADER_SEARCH_ROWS = 5;
const SNIFF_BYTES = 64 * 1024;

function fileProblem(code: FieldProblem['code'], params?: Record<string, unknown>): AppError {
  return new AppError(400, code, [{ field: 'file', code, ...(params && { params }) }], params ?? {});
}

const MAGIC: [number[], string][] = [
  [[0xd0, 0xcf, 0x11, 0xe0], 'xls'],
  [[0x25, 0x50, 0x44, 0x46], 'binary'], // %PDF
  [[0x89, 0x50, 0x4e, 0x47], 'binary'], // PNG
  [[0xff, 0xd8, 0xff], 'binary'], // JPEG
  [[0x47, 0x49, 0x46, 0x38], 'binary'], // GIF
  [[0x1f, 0x8b], 'binary'], // gzip
  [[0x52, 0x61, 0x72, 0x21], 'binary'], // RAR
  [[0x37, 0x7a, 0xbc, 0xaf], 'binary'], // 7z
];

interface Sniffed {
  format: FileFormat;
  encoding?: 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';
  delimiter?: string;
  size: number;
}

function decodes(bytes: Uint8Array, encoding: string): string | null {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** Recognizes the file from its first bytes: .xlsx (a zip), CSV text in some encoding, or neither. */
export async function sniff(path: string): Promise<Sniffed> {
  const fh = await open(path, 'r');
  let head: Buffer;
  let size: number;
  try {
    size = (await fh.stat()).size;
    const buf = Buffer.alloc(Math.min(SNIFF_BYTES, size));
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    head = buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
  if (size === 0 || head.toString('latin1').trim() === '') throw fileProblem('import_empty_file');
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return { format: 'xlsx', size };
  for (const [magic, kind] of MAGIC) {
    if (magic.every((b, i) => head[i] === b)) throw fileProblem(kind === 'xls' ? 'import_xls_unsupported' : 'import_not_spreadsheet');
  }
  let encoding: Sniffed['encoding'];
  let text: string | null = null;
  if (head[0] === 0xff && head[1] === 0xfe) encoding = 'utf-16le';
  else if (head[0] === 0xfe && head[1] === 0xff) encoding = 'utf-16be';
  if (encoding) {
    text = new TextDecoder(encoding).decode(head);
  } else {
    if (head.includes(0)) throw fileProblem('import_not_spreadsheet');
    // The sample may end inside a character: cut up to 3 bytes off before judging.
    const whole = size <= SNIFF_BYTES;
    for (let cut = 0; cut <= (whole ? 0 : 3) && text === null; cut++) {
      text = decodes(head.subarray(0, head.length - cut), 'utf-8');
      if (text !== null) encoding = 'utf-8';
    }
    for (let cut = 0; cut <= (whole ? 0 : 3) && text === null; cut++) {
      text = decodes(head.subarray(0, head.length - cut), 'gb18030');
      if (text !== null) encoding = 'gb18030';
    }
    if (text === null || !encoding) throw fileProblem('import_not_spreadsheet');
  }
  // Text with many control characters is some binary file, not a table.
  const controls = text.match(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g)?.length ?? 0;
  if (controls > Math.max(2, text.length / 100)) throw fileProblem('import_not_spreadsheet');
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const count = (ch: string) => firstLine.split(ch).length - 1;
  const delimiter = count(',') > 0 ? ',' : count('\t') > 0 ? '\t' : count(';') > 0 ? ';' : ',';
  return { format: 'csv', encoding, delimiter, size };
}

/** How far into the file the rows read so far reach, in bytes of the file. */
interface Position {
  bytes: number;
}

/** Re-encodes text to UTF-8 on the fly (csv-parse reads UTF-8), counting bytes in and out. */
function transcoder(encoding: string, counts: { in: number; out: number }): Transform {
  const decoder = new TextDecoder(encoding);
  const push = (text: string) => {
    const out = Buffer.from(text, 'utf8');
    counts.out += out.length;
    return out;
  };
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      counts.in += chunk.length;
      cb(null, push(decoder.decode(chunk, { stream: true })));
    },
    flush(cb) {
      cb(null, push(decoder.decode()));
    },
  });
}

async function* csvRows(file: ReadStream, s: Sniffed, pos: Position): AsyncGenerator<SheetRow> {
  const parser = csvParse({
    bom: true,
    delimiter: s.delimiter ?? ',',
    relax_column_count: true,
    relax_quotes: true,
    max_record_size: 1_000_000,
  });
  const counts = { in: 0, out: 0 };
  const source = s.encoding && s.encoding !== 'utf-8' ? file.pipe(transcoder(s.encoding, counts)) : file;
  const fail = (err: Error) => parser.destroy(err);
  file.on('error', fail);
  if (source !== file) source.on('error', fail);
  source.pipe(parser);
  // Every record is a line as a spreadsheet program shows it (an empty line is a record too).
  let row = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      row++;
      // The parser's live count of bytes read (a few records ahead at most), in UTF-8:
      // after transcoding, scaled back to the file's bytes.
      const bytes = parser.info.bytes;
      pos.bytes = counts.out > 0 ? Math.round((bytes * counts.in) / counts.out) : bytes;
      yield { row, cells: record };
    }
  } catch (err) {
    const e = err as { code?: string; lines?: number };
    if (typeof e.code === 'string' && e.code.startsWith('CSV_')) {
      throw fileProblem('import_csv_malformed', { line: e.lines ?? row + 1 });
    }
    throw err;
  } finally {
    parser.destroy();
  }
}

/** The plain value of an exceljs cell: rich text joined, formulas by their result, links by their text. */
export function plainCell(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (v instanceof Date) return v;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) return (o.richText as { text?: string }[]).map((r) => r.text ?? '').join('');
    if ('result' in o) return plainCell(o.result);
    if ('formula' in o || 'sharedFormula' in o) return null;
    if (typeof o.text === 'string') return o.text;
    if (typeof o.error === 'string') return o.error;
  }
  return String(v);
}

async function* xlsxRows(file: ReadStream): AsyncGenerator<SheetRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache', // needed to tell date cells from numbers
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  let sheets = 0;
  let read = false;
  try {
    for await (const sheet of reader) {
      sheets++;
      // The first sheet in tab order holds the data (the template's second sheet is the instructions).
      const first = (reader as unknown as { model?: { sheets?: { name?: string }[] } }).model?.sheets?.[0]?.name;
      const name = (sheet as unknown as { name?: string }).name;
      if (read || (first !== undefined && name !== undefined && name !== first)) continue;
      read = true;
      for await (const r of sheet) {
        const values = r.values as unknown[];
        const cells: Cell[] = [];
        for (let i = 1; i < values.length; i++) cells.push(plainCell(values[i]));
        yield { row: r.number, cells };
      }
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw fileProblem('import_not_spreadsheet');
  }
  if (sheets === 0) throw fileProblem('import_not_spreadsheet');
}

/**
 * A cell as trimmed text. A leading apostrophe before = + - @ is the mark our
 * exports put on such values (src/server/xlsx.ts) so that no spreadsheet
 * program takes them for a formula: it is taken off again, and the value is
 * stored as the text it was.
 */
export function cellText(c: Cell | undefined): string {
  if (c === null || c === undefined) return '';
  if (c instanceof Date) return Number.isNaN(c.getTime()) ? '' : c.toISOString().slice(0, 10);
  const t = String(c).trim();
  return /^'[=+\-@\t\r]/.test(t) ? t.slice(1) : t;
}

function isBlank(cells: Cell[]): boolean {
  return cells.every((c) => cellText(c) === '');
}

/**
 * Opens an uploaded file, finds and checks its header row, and returns the
 * data rows as a stream. Throws a 400 naming the problem for an empty or
 * unreadable file and for wrong headers (missing, unknown, repeated columns).
 */
export async function openSheet<F extends string>(path: string, locale: Locale, spec: SheetSpec<F>): Promise<OpenedSheet<F>> {
  const s = await sniff(path);
  const file = createReadStream(path, { highWaterMark: 64 * 1024 });
  const pos: Position = { bytes: 0 };
  const raw = s.format === 'xlsx' ? xlsxRows(file) : csvRows(file, s, pos);
  const close = () => {
    void raw.return(undefined).catch(() => undefined);
    file.destroy();
  };
  try {
    let header: SheetRow | null = null;
    let firstNonBlank: SheetRow | null = null;
    let nonBlankSeen = 0;
    while (nonBlankSeen < HEADER_SEARCH_ROWS) {
      const next = await raw.next();
      if (next.done) break;
      if (isBlank(next.value.cells)) continue;
      nonBlankSeen++;
      firstNonBlank ??= next.value;
      const recognized = next.value.cells.filter((c) => spec.fieldOfHeader(cellText(c)) !== null).length;
      if (recognized >= 2) {
        header = next.value;
        break;
      }
    }
    if (!firstNonBlank) throw fileProblem('import_empty_file');
    const columns = checkHeader(header ?? firstNonBlank, locale, spec);
    const headerRow = (header ?? firstNonBlank).row;

    async function* rows(): AsyncGenerator<SheetRow> {
      try {
        for (;;) {
          const next = await raw.next();
          if (next.done) return;
          if (!isBlank(next.value.cells)) yield next.value;
        }
      } finally {
        close();
      }
    }
    // xlsx: the compressed file is read as its rows are parsed, so the read position is the progress.
    const bytesRead = () => (s.format === 'xlsx' ? file.bytesRead : pos.bytes);
    return { format: s.format, headerRow, columns, rows: rows(), bytesRead, size: s.size, close };
  } catch (err) {
    close();
    throw err;
  }
}

/** Maps header cells to fields; every problem with the header is reported at once. */
function checkHeader<F extends string>(header: SheetRow, locale: Locale, spec: SheetSpec<F>): (F | null)[] {
  const problems: FieldProblem[] = [];
  const columns: (F | null)[] = [];
  const seen = new Set<F>();
  for (const c of header.cells) {
    const text = cellText(c);
    if (text === '' || spec.ignores(text)) {
      columns.push(null);
      continue;
    }
    const field = spec.fieldOfHeader(text);
    if (!field) {
      problems.push({ field: 'header', code: 'import_unknown_column', params: { column: text } });
      columns.push(null);
    } else if (seen.has(field)) {
      problems.push({ field, code: 'import_duplicate_column', params: { column: text } });
      columns.push(null);
    } else {
      seen.add(field);
      columns.push(field);
    }
  }
  for (const f of spec.required) {
    if (!seen.has(f)) problems.push({ field: f, code: 'import_missing_column', params: { column: spec.header(f, locale) } });
  }
  if (problems.length) throw new AppError(400, 'import_bad_header', problems);
  return columns;
}
