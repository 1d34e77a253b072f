/**
 * The street's unit survey import (摸排): a spreadsheet of units, validated
 * row by row, then written all-or-nothing.
 *
 * - Dry run: every row is checked, nothing is written; the answer lists every
 *   problem with its spreadsheet row number.
 * - Apply: the same checks first; any problem rejects the whole file. Then a
 *   second pass over the file, inside ONE transaction, checks each batch again
 *   against the database (it may have changed since the first pass) and
 *   writes it: one audit record per created or updated unit, one for the
 *   import. Files of at most INLINE_MAX_ROWS rows run inside the request;
 *   larger ones run as a background job the client polls.
 *
 * Rows stream from the file in both passes; what stays in memory is the set
 * of credit codes seen (for duplicates within the file), the territory index
 * of the caller's scope, and at most MAX_REPORTED_ERRORS problems.
 */
import { rm } from 'node:fs/promises';
import { creditCodeProblem, normalizeCreditCode } from '../../domain/ids.js';
import { LABELS } from '../../domain/labels.js';
import { pathIds } from '../../domain/paths.js';
import { canHoldUnits, type TerritoryKind } from '../../domain/territory.js';
import { INDUSTRIES, OWNERSHIPS, UNIT_KINDS } from '../../domain/units.js';
import type { Db } from '../../db/connect.js';
import type { Job, Unit, UnitUpdate } from '../../db/schema.js';
import type { Ctx } from '../../server/context.js';
import { AppError, message } from '../../server/errors.js';
import type { Locale } from '../../server/i18n.js';
import type { MessageCode } from '../../server/messages.js';
import { territoryContains } from '../../server/scope.js';
import { recordAudit, recordAudits } from '../audit/record.js';
import { cellText, columnHeader, openSheet, type Cell, type FileFormat, type ImportField, type SheetRow } from './parse.js';
import { findJobRow, placesInScope, unitsByCreditCode, type Place, type Q } from './queries.js';

/** Files with at most this many data rows are applied inside the request (200); larger ones become a job (202). */
export const INLINE_MAX_ROWS = 2000;
/** Rows per database lookup and per insert statement. */
export const BATCH_SIZE = 500;
/** Problems listed in an answer; `errorCount` has the full count. */
export const MAX_REPORTED_ERRORS = 1000;
/** Largest upload accepted. */
export const IMPORT_MAX_BYTES = 200 * 1024 * 1024;
export const JOB_KIND = 'unit_import';

const COUNT_MAX = 10_000_000;
const LNG = { min: 73, max: 136 };
const LAT = { min: 3, max: 54 };

/** An uploaded file, stored in the data folder until the import is over. */
export interface Upload {
  path: string;
  bytes: number;
  contentType: string | null;
  /** Set when a background job took the file over (it deletes it when done). */
  handedOff?: boolean;
}

export interface RowProblem {
  row: number;
  field: ImportField;
  code: MessageCode;
  params?: Record<string, unknown>;
}

export interface Summary {
  format: FileFormat;
  rows: number;
  create: number;
  update: number;
  unchanged: number;
  errorCount: number;
  errors: RowProblem[];
}

/** A file with bad rows: nothing was written. */
export class ImportRejected extends Error {
  constructor(readonly summary: Summary) {
    super('import rejected');
  }
}

// ---------------------------------------------------------------------------
// Reading one row

const norm = (s: string) => s.normalize('NFKC').replace(/\s+/g, '').toLowerCase();

type Vocab = 'unitKind' | 'ownership' | 'industry';
const VOCAB_CODES: Record<Vocab, readonly string[]> = { unitKind: UNIT_KINDS, ownership: OWNERSHIPS, industry: INDUSTRIES };
const VOCAB_ALIASES: Partial<Record<Vocab, Record<string, string>>> = {
  unitKind: { 企业: 'enterprise', 非公企业: 'enterprise', 非公有制经济组织: 'enterprise', 社会组织: 'social_org', 新社会组织: 'social_org' },
};

/** Code, Chinese label or English label (any case, any width) → code. */
const VOCAB_INDEX: Record<Vocab, Map<string, string>> = (() => {
  const out = {} as Record<Vocab, Map<string, string>>;
  for (const vocab of Object.keys(VOCAB_CODES) as Vocab[]) {
    const m = new Map<string, string>();
    for (const code of VOCAB_CODES[vocab]) {
      const labels = (LABELS[vocab] as Record<string, { 'zh-CN': string; en: string }>)[code];
      for (const text of [code, labels?.['zh-CN'], labels?.en]) if (text) m.set(norm(text), code);
    }
    for (const [text, code] of Object.entries(VOCAB_ALIASES[vocab] ?? {})) m.set(norm(text), code);
    out[vocab] = m;
  }
  return out;
})();

function vocabValue(vocab: Vocab, text: string): string | null {
  const hit = VOCAB_INDEX[vocab].get(norm(text));
  if (hit) return hit;
  // "I 信息传输、软件和信息技术服务业", "C-制造业": the section letter leads.
  if (vocab === 'industry') {
    const m = /^([A-Sa-s])(?:[\s.、:：\-—]|$)/.exec(text.normalize('NFKC').trim());
    if (m) return m[1]!.toUpperCase();
  }
  return null;
}

/** Values of one row; undefined = not given (column absent or cell empty): a create uses the default, an update keeps the unit's value. */
export interface RowValues {
  name: string;
  creditCode: string;
  kind: string;
  ownership: string;
  industry: string;
  employeeCount: number;
  surveyedMemberCount?: number;
  address?: string;
  lng?: number;
  lat?: number;
  registeredOn?: string;
}

interface Candidate {
  row: number;
  values: RowValues;
  place: Place;
}

const CREDIT_PROBLEM_CODES = { length: 'credit_code_length', character: 'credit_code_character', check: 'credit_code_check' } as const;

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

type Num = { value: number } | { problem: MessageCode; params?: Record<string, unknown> };

function readCount(c: Cell): Num {
  let n: number;
  if (typeof c === 'number') n = c;
  else {
    const t = cellText(c).normalize('NFKC');
    if (/^-\d+(\.0+)?$/.test(t)) return { problem: 'too_small', params: { limit: 0 } };
    if (!/^\d{1,3}(,\d{3})+$|^\d+(\.0+)?$/.test(t)) return { problem: 'whole_number' };
    n = Number(t.replace(/,/g, ''));
  }
  if (!Number.isInteger(n)) return { problem: 'whole_number' };
  if (n < 0) return { problem: 'too_small', params: { limit: 0 } };
  if (n > COUNT_MAX) return { problem: 'too_large', params: { limit: COUNT_MAX } };
  return { value: n };
}

function readCoordinate(c: Cell, range: { min: number; max: number }): Num {
  const n = typeof c === 'number' ? c : Number(cellText(c).normalize('NFKC'));
  if (!Number.isFinite(n) || (typeof c !== 'number' && !/^[-+]?\d+(\.\d+)?$/.test(cellText(c).normalize('NFKC')))) {
    return { problem: 'not_a_number' };
  }
  if (n < range.min) return { problem: 'too_small', params: { limit: range.min } };
  if (n > range.max) return { problem: 'too_large', params: { limit: range.max } };
  return { value: n };
}

/** The territory column: a name unique in the caller's scope, "street/area", or an id. */
export class PlaceIndex {
  private readonly byId = new Map<number, Place>();
  private readonly byName = new Map<string, Place[]>();
  private readonly byPath = new Map<string, Place[]>();

  constructor(readonly places: Place[]) {
    for (const p of places) this.byId.set(p.id, p);
    const add = (m: Map<string, Place[]>, key: string, p: Place) => {
      const list = m.get(key);
      if (list) list.push(p);
      else m.set(key, [p]);
    };
    for (const p of places) {
      add(this.byName, norm(p.name), p);
      const parent = p.parent_id === null ? undefined : this.byId.get(p.parent_id);
      if (parent) add(this.byPath, `${norm(parent.name)}/${norm(p.name)}`, p);
    }
  }

  static async load(db: Q, ctx: Ctx): Promise<PlaceIndex> {
    return new PlaceIndex(await placesInScope(db, ctx.actor.scope));
  }

  /** How a user writes this node in the territory column: its name when unique in the index, else "parent/name". */
  displayName(p: Place): string {
    if ((this.byName.get(norm(p.name)) ?? []).length === 1) return p.name;
    const parent = p.parent_id === null ? undefined : this.byId.get(p.parent_id);
    return parent ? `${parent.name}/${p.name}` : p.name;
  }

  streetOf(p: Place): Place | undefined {
    const id = pathIds(p.path)[1];
    return id === undefined ? undefined : this.byId.get(id);
  }

  resolve(text: string): Place | { code: MessageCode; params?: Record<string, unknown> } {
    const t = text.normalize('NFKC').trim();
    const parts = t.split(/[/\\]/).map((s) => s.trim()).filter(Boolean);
    let found: Place[] = [];
    if (parts.length >= 2) found = this.byPath.get(`${norm(parts[parts.length - 2]!)}/${norm(parts[parts.length - 1]!)}`) ?? [];
    else {
      found = this.byName.get(norm(t)) ?? [];
      if (!found.length && /^\d{1,15}$/.test(t)) {
        const byId = this.byId.get(Number(t));
        if (byId) found = [byId];
      }
    }
    // Outside the scope looks exactly like nonexistent: the index holds only the scope.
    if (!found.length) return { code: 'territory_not_found' };
    const active = found.filter((p) => p.status === 'active');
    const pick = active.length ? active : found;
    if (pick.length > 1) return { code: 'import_territory_ambiguous', params: { name: t } };
    const p = pick[0]!;
    if (p.status !== 'active') return { code: 'territory_closed' };
    if (!canHoldUnits(p.kind as TerritoryKind)) return { code: 'territory_cannot_hold_units' };
    return p;
  }
}

/** Counts and problems of one pass over a file. */
class Pass {
  rows = 0;
  create = 0;
  update = 0;
  unchanged = 0;
  errorCount = 0;
  readonly errors: RowProblem[] = [];
  /** Credit code → first row it appeared on; null in the second pass (the first one checked). */
  readonly seen: Map<string, number> | null;

  constructor(
    readonly format: FileFormat,
    checkDuplicates: boolean,
  ) {
    this.seen = checkDuplicates ? new Map() : null;
  }

  problem(row: number, field: ImportField, code: MessageCode, params?: Record<string, unknown>): void {
    this.errorCount++;
    if (this.errors.length < MAX_REPORTED_ERRORS) this.errors.push(params ? { row, field, code, params } : { row, field, code });
  }

  summary(): Summary {
    const { format, rows, create, update, unchanged, errorCount, errors } = this;
    return { format, rows, create, update, unchanged, errorCount, errors };
  }
}

/** Checks one row on its own (no database): every bad cell is reported. Returns the row's values if all are good. */
function readRow(r: SheetRow, columns: (ImportField | null)[], places: PlaceIndex, pass: Pass, today: string): Candidate | null {
  const cells = new Map<ImportField, Cell>();
  columns.forEach((f, i) => {
    if (f) cells.set(f, r.cells[i] ?? null);
  });
  const before = pass.errorCount;
  const bad = (field: ImportField, code: MessageCode, params?: Record<string, unknown>) => pass.problem(r.row, field, code, params);
  const text = (f: ImportField) => cellText(cells.get(f)).normalize('NFC');
  const given = (f: ImportField) => text(f) !== '';
  const required = (f: ImportField): string | null => {
    const t = text(f);
    if (t === '') bad(f, 'required');
    return t === '' ? null : t;
  };

  const name = required('name');
  if (name !== null && name.length < 2) bad('name', 'too_short', { limit: 2 });
  if (name !== null && name.length > 200) bad('name', 'too_long', { limit: 200 });

  let creditCode: string | null = null;
  const rawCode = required('creditCode');
  if (rawCode !== null) {
    const code = normalizeCreditCode(rawCode.normalize('NFKC'));
    const problem = creditCodeProblem(code);
    if (problem) bad('creditCode', CREDIT_PROBLEM_CODES[problem]);
    else {
      creditCode = code;
      if (pass.seen) {
        const first = pass.seen.get(code);
        if (first !== undefined) bad('creditCode', 'import_duplicate_in_file', { row: first });
        else pass.seen.set(code, r.row);
      }
    }
  }

  const vocab = (f: ImportField, v: Vocab): string | null => {
    const t = required(f);
    if (t === null) return null;
    const code = vocabValue(v, t);
    if (!code) bad(f, 'invalid_choice', { allowed: VOCAB_CODES[v].join(', ') });
    return code;
  };
  const kind = vocab('kind', 'unitKind');
  const ownership = vocab('ownership', 'ownership');
  const industry = vocab('industry', 'industry');

  const count = (f: ImportField, isRequired: boolean): number | undefined => {
    if (!given(f)) {
      if (isRequired) bad(f, 'required');
      return undefined;
    }
    const n = readCount(cells.get(f) ?? null);
    if ('problem' in n) bad(f, n.problem, n.params);
    return 'value' in n ? n.value : undefined;
  };
  const employeeCount = count('employeeCount', true);
  const surveyedMemberCount = count('surveyedMemberCount', false);

  let place: Place | null = null;
  const territory = required('territory');
  if (territory !== null) {
    const found = places.resolve(territory);
    if ('code' in found) bad('territory', found.code, found.params);
    else place = found;
  }

  const address = given('address') ? text('address') : undefined;
  if (address !== undefined && address.length > 300) bad('address', 'too_long', { limit: 300 });

  const coordinate = (f: ImportField, range: { min: number; max: number }): number | undefined => {
    if (!given(f)) return undefined;
    const n = readCoordinate(cells.get(f) ?? null, range);
    if ('problem' in n) bad(f, n.problem, n.params);
    return 'value' in n ? n.value : undefined;
  };
  const lng = coordinate('lng', LNG);
  const lat = coordinate('lat', LAT);

  let registeredOn: string | undefined;
  if (given('registeredOn')) {
    const d = readDate(cells.get('registeredOn') ?? null);
    if (d === null) bad('registeredOn', 'invalid_date');
    else if (d > today) bad('registeredOn', 'date_in_future');
    else registeredOn = d;
  }

  if (pass.errorCount !== before || !name || !creditCode || !kind || !ownership || !industry || employeeCount === undefined || !place) {
    return null;
  }
  const values: RowValues = { name, creditCode, kind, ownership, industry, employeeCount };
  if (surveyedMemberCount !== undefined) values.surveyedMemberCount = surveyedMemberCount;
  if (address !== undefined) values.address = address;
  if (lng !== undefined) values.lng = lng;
  if (lat !== undefined) values.lat = lat;
  if (registeredOn !== undefined) values.registeredOn = registeredOn;
  return { row: r.row, values, place };
}

// ---------------------------------------------------------------------------
// Comparing with the database, and writing

const COLUMN_OF = {
  name: 'name',
  kind: 'kind',
  ownership: 'ownership',
  industry: 'industry',
  employeeCount: 'employee_count',
  surveyedMemberCount: 'surveyed_member_count',
  address: 'address',
  lng: 'lng',
  lat: 'lat',
  registeredOn: 'registered_on',
} as const satisfies Partial<Record<keyof RowValues, keyof Unit>>;

interface Change {
  set: UnitUpdate;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}

/** What an update would change in an existing unit (null: nothing). */
function changesOf(unit: Unit, c: Candidate): Change | null {
  const set: UnitUpdate = {};
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  for (const [field, column] of Object.entries(COLUMN_OF) as [keyof typeof COLUMN_OF, (typeof COLUMN_OF)[keyof typeof COLUMN_OF]][]) {
    const value = c.values[field];
    if (value === undefined || value === unit[column]) continue;
    (set as Record<string, unknown>)[column] = value;
    before[field] = unit[column];
    after[field] = value;
  }
  if (unit.territory_id !== c.place.id) {
    set.territory_id = c.place.id;
    set.territory_path = c.place.path;
    before.territoryId = unit.territory_id;
    after.territoryId = c.place.id;
  }
  return Object.keys(set).length ? { set, before, after } : null;
}

interface Classified {
  creates: Candidate[];
  updates: { candidate: Candidate; unit: Unit; change: Change }[];
}

/** Sorts a batch of good rows into creates, updates and unchanged rows; reports existing units the caller may not touch. */
async function classify(db: Q, ctx: Ctx, batch: Candidate[], pass: Pass): Promise<Classified> {
  const units = await unitsByCreditCode(
    db,
    ctx.actor.scope.districtId,
    batch.map((c) => c.values.creditCode),
  );
  const byCode = new Map(units.map((u) => [u.credit_code, u]));
  const out: Classified = { creates: [], updates: [] };
  for (const c of batch) {
    const unit = byCode.get(c.values.creditCode);
    if (!unit) {
      pass.create++;
      out.creates.push(c);
    } else if (!territoryContains(ctx.actor.scope, unit.territory_path)) {
      // Another street's unit: reported like a missing one, revealing nothing about it.
      pass.problem(c.row, 'creditCode', 'import_unit_not_found');
    } else if (unit.status !== 'operating') {
      pass.problem(c.row, 'creditCode', 'import_unit_closed');
    } else {
      const change = changesOf(unit, c);
      if (change) {
        pass.update++;
        out.updates.push({ candidate: c, unit, change });
      } else pass.unchanged++;
    }
  }
  return out;
}

function auditValues(c: Candidate) {
  const v = c.values;
  return {
    territoryId: c.place.id,
    name: v.name,
    creditCode: v.creditCode,
    kind: v.kind,
    ownership: v.ownership,
    industry: v.industry,
    employeeCount: v.employeeCount,
    surveyedMemberCount: v.surveyedMemberCount ?? 0,
    address: v.address ?? null,
    lng: v.lng ?? null,
    lat: v.lat ?? null,
    registeredOn: v.registeredOn ?? null,
  };
}

async function writeBatch(trx: Q, ctx: Ctx, { creates, updates }: Classified): Promise<void> {
  const now = ctx.clock.now().toISOString();
  if (creates.length) {
    const inserted = await trx
      .insertInto('unit')
      .values(
        creates.map((c) => ({
          district_id: ctx.actor.scope.districtId,
          territory_id: c.place.id,
          territory_path: c.place.path,
          name: c.values.name,
          credit_code: c.values.creditCode,
          kind: c.values.kind,
          ownership: c.values.ownership,
          industry: c.values.industry,
          employee_count: c.values.employeeCount,
          surveyed_member_count: c.values.surveyedMemberCount ?? 0,
          address: c.values.address ?? null,
          lng: c.values.lng ?? null,
          lat: c.values.lat ?? null,
          registered_on: c.values.registeredOn ?? null,
          status: 'operating',
          created_at: now,
          updated_at: now,
        })),
      )
      .returning(['id', 'credit_code'])
      .execute();
    const ids = new Map(inserted.map((r) => [r.credit_code, r.id]));
    await recordAudits(
      trx,
      ctx,
      creates.map((c) => ({
        action: 'unit.import.create',
        entityType: 'unit',
        entityId: ids.get(c.values.creditCode) ?? null,
        scopePath: c.place.path,
        after: auditValues(c),
      })),
    );
  }
  for (const { unit, change } of updates) {
    await trx
      .updateTable('unit')
      .set({ ...change.set, updated_at: now })
      .where('id', '=', unit.id)
      .execute();
  }
  await recordAudits(
    trx,
    ctx,
    updates.map(({ candidate, unit, change }) => ({
      action: 'unit.import.update',
      entityType: 'unit',
      entityId: unit.id,
      scopePath: candidate.place.path,
      before: change.before,
      after: change.after,
    })),
  );
}

interface PassOptions {
  /** Write each batch (second pass, inside the transaction); stops at the first problem. */
  write?: boolean;
  /** Called after every BATCH_SIZE rows (and at the end) with the rows read so far. */
  progress?: (rows: number) => Promise<void>;
}

/** One pass over the rows: read, check, compare with the database in batches, and (second pass) write. */
async function runPass(db: Q, ctx: Ctx, rows: AsyncIterable<SheetRow> | Iterable<SheetRow>, columns: (ImportField | null)[], pass: Pass, opts: PassOptions = {}) {
  const places = await PlaceIndex.load(db, ctx);
  const today = ctx.clock.now().toISOString().slice(0, 10);
  let batch: Candidate[] = [];
  const flush = async () => {
    if (batch.length) {
      const classified = await classify(db, ctx, batch, pass);
      batch = [];
      if (opts.write) {
        if (pass.errorCount) throw new ImportRejected(pass.summary());
        await writeBatch(db, ctx, classified);
      }
    }
    if (opts.write && pass.errorCount) throw new ImportRejected(pass.summary());
  };
  for await (const r of rows) {
    pass.rows++;
    const c = readRow(r, columns, places, pass, today);
    if (c) batch.push(c);
    if (pass.rows % BATCH_SIZE === 0) {
      await flush();
      await opts.progress?.(pass.rows);
    }
  }
  await flush();
  await opts.progress?.(pass.rows);
}

// ---------------------------------------------------------------------------
// Jobs: progress in memory while running (on SQLite the writing transaction
// holds the one connection, so progress cannot go through the database),
// persisted at phase changes and every few batches of the first pass.

export type JobPhase = 'validating' | 'writing';
export interface JobProgress {
  jobId: number;
  phase: JobPhase;
  done: number;
  total: number;
}
export type ProgressListener = (p: JobProgress) => void | Promise<void>;

interface LiveJob {
  progress: JobProgress;
  abort: AbortController;
  finished: Promise<void>;
}

const liveJobs = new WeakMap<Db, Map<number, LiveJob>>();
const listeners = new Set<ProgressListener>();

/**
 * Subscribes to the progress of running import jobs (a job awaits its
 * listeners before it goes on, so a listener can also hold a job at a point).
 * Returns the unsubscribe function.
 */
export function onJobProgress(listener: ProgressListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function jobsOf(db: Db): Map<number, LiveJob> {
  let m = liveJobs.get(db);
  if (!m) liveJobs.set(db, (m = new Map()));
  return m;
}

/** Stops the running jobs of a database (server shutdown): each rolls back and is marked failed. */
export async function stopJobs(db: Db): Promise<void> {
  const jobs = [...jobsOf(db).values()];
  for (const j of jobs) j.abort.abort();
  await Promise.allSettled(jobs.map((j) => j.finished));
}

interface StoredError {
  code: MessageCode;
  params?: Record<string, unknown>;
}

function dbErrorToApp(err: unknown): AppError | null {
  const e = err as { code?: string };
  if (e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE') {
    // Someone registered the same credit code between the check and the write.
    return AppError.conflict([{ field: 'creditCode', code: 'credit_code_taken' }]);
  }
  return null;
}

// ---------------------------------------------------------------------------
// Entry points

export type ImportOutcome =
  | { kind: 'summary'; summary: Summary; jobId: number | null }
  | { kind: 'job'; jobId: number };

async function* chain(head: SheetRow[], rest: AsyncIterable<SheetRow> | null): AsyncGenerator<SheetRow> {
  yield* head;
  if (rest) yield* rest;
}

/**
 * Runs an import of an uploaded file: a dry run, an inline apply (small
 * files) or a background job (large files). Throws 400s for unreadable files
 * and ImportRejected for a file with bad rows (inline apply).
 */
export async function startImport(ctx: Ctx, upload: Upload, dryRun: boolean): Promise<ImportOutcome> {
  const sheet = await openSheet(upload.path, ctx.locale);
  const head: SheetRow[] = [];
  let more = false;
  try {
    for (;;) {
      const next = await sheet.rows.next();
      if (next.done) break;
      head.push(next.value);
      if (head.length > INLINE_MAX_ROWS) {
        more = true;
        break;
      }
    }
    if (!head.length) throw new AppError(400, 'import_no_rows', [{ field: 'file', code: 'import_no_rows' }]);

    if (dryRun) {
      const pass = new Pass(sheet.format, true);
      await runPass(ctx.db.kysely, ctx, chain(head, more ? sheet.rows : null), sheet.columns, pass);
      return { kind: 'summary', summary: pass.summary(), jobId: null };
    }
  } finally {
    await sheet.rows.return(undefined);
  }

  if (!more) return applyInline(ctx, sheet.format, sheet.columns, head);

  const now = ctx.clock.now().toISOString();
  const { id } = await ctx.db.kysely
    .insertInto('job')
    .values({
      district_id: ctx.actor.scope.districtId,
      kind: JOB_KIND,
      status: 'running',
      phase: 'validating',
      done: 0,
      total: 0,
      result_json: null,
      error_json: null,
      created_by: ctx.actor.userId,
      created_at: now,
      finished_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  upload.handedOff = true;
  const live: LiveJob = {
    progress: { jobId: id, phase: 'validating', done: 0, total: 0 },
    abort: new AbortController(),
    finished: Promise.resolve(),
  };
  jobsOf(ctx.db).set(id, live);
  live.finished = runJob(ctx, id, upload, live);
  return { kind: 'job', jobId: id };
}

async function applyInline(ctx: Ctx, format: FileFormat, columns: (ImportField | null)[], rows: SheetRow[]): Promise<ImportOutcome> {
  const first = new Pass(format, true);
  await runPass(ctx.db.kysely, ctx, rows, columns, first);
  if (first.errorCount) throw new ImportRejected(first.summary());
  try {
    return await ctx.db.kysely.transaction().execute(async (trx) => {
      const pass = new Pass(format, false);
      await runPass(trx, ctx, rows, columns, pass, { write: true });
      const summary = pass.summary();
      const now = ctx.clock.now().toISOString();
      const { id } = await trx
        .insertInto('job')
        .values({
          district_id: ctx.actor.scope.districtId,
          kind: JOB_KIND,
          status: 'done',
          phase: 'writing',
          done: summary.rows,
          total: summary.rows,
          result_json: JSON.stringify(summary),
          error_json: null,
          created_by: ctx.actor.userId,
          created_at: now,
          finished_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await auditImport(trx, ctx, id, summary);
      return { kind: 'summary' as const, summary, jobId: id };
    });
  } catch (err) {
    throw dbErrorToApp(err) ?? err;
  }
}

function auditImport(trx: Q, ctx: Ctx, jobId: number, s: Summary) {
  return recordAudit(trx, ctx, {
    action: 'unit.import',
    entityType: 'unit_import',
    entityId: jobId,
    scopePath: ctx.actor.scope.territoryPath,
    after: { format: s.format, rows: s.rows, create: s.create, update: s.update, unchanged: s.unchanged },
  });
}

/** Persist the first pass's progress every this many batches (the live figure is in memory). */
const PERSIST_EVERY_BATCHES = 10;

async function runJob(ctx: Ctx, jobId: number, upload: Upload, live: LiveJob): Promise<void> {
  const db = ctx.db.kysely;
  const report = async (phase: JobPhase, done: number, total: number) => {
    if (live.abort.signal.aborted) throw new AppError(503, 'import_interrupted');
    live.progress = { jobId, phase, done, total };
    for (const l of listeners) await l(live.progress);
  };
  let rejected: Summary | null = null;
  try {
    // First pass: validation, outside any transaction.
    const sheet = await openSheet(upload.path, ctx.locale);
    const first = new Pass(sheet.format, true);
    let batches = 0;
    await runPass(db, ctx, sheet.rows, sheet.columns, first, {
      progress: async (rows) => {
        // Total is estimated from the share of the file read until the pass ends.
        const read = sheet.bytesRead();
        const estimate = read > 0 ? Math.max(rows, Math.round((rows * sheet.size) / read)) : rows;
        await report('validating', rows, estimate);
        if (++batches % PERSIST_EVERY_BATCHES === 0) {
          await db.updateTable('job').set({ done: rows, total: estimate }).where('id', '=', jobId).execute();
        }
      },
    });
    if (first.errorCount) throw new ImportRejected(first.summary());

    // Second pass: check again and write, in one transaction.
    const total = first.rows;
    await db.updateTable('job').set({ phase: 'writing', done: 0, total }).where('id', '=', jobId).execute();
    await report('writing', 0, total);
    const again = await openSheet(upload.path, ctx.locale);
    try {
      await db.transaction().execute(async (trx) => {
        const pass = new Pass(again.format, false);
        await runPass(trx, ctx, again.rows, again.columns, pass, { write: true, progress: (rows) => report('writing', rows, total) });
        const summary = pass.summary();
        await trx
          .updateTable('job')
          .set({
            status: 'done',
            done: pass.rows,
            total: pass.rows,
            result_json: JSON.stringify(summary),
            finished_at: ctx.clock.now().toISOString(),
          })
          .where('id', '=', jobId)
          .execute();
        await auditImport(trx, ctx, jobId, summary);
      });
    } finally {
      await again.rows.return(undefined);
    }
  } catch (err) {
    let stored: StoredError;
    if (err instanceof ImportRejected) {
      rejected = err.summary;
      stored = { code: 'import_rejected', params: { count: err.summary.errorCount } };
    } else {
      const appErr = err instanceof AppError ? err : dbErrorToApp(err);
      stored = appErr ? { code: appErr.code, params: appErr.params } : { code: 'internal' };
      if (!appErr) console.error(`unit import job ${jobId} failed`, err);
    }
    try {
      await db
        .updateTable('job')
        .set({
          status: 'failed',
          result_json: rejected ? JSON.stringify(rejected) : null,
          error_json: JSON.stringify(stored),
          finished_at: ctx.clock.now().toISOString(),
        })
        .where('id', '=', jobId)
        .execute();
    } catch (writeErr) {
      console.error(`unit import job ${jobId}: could not record the failure`, writeErr);
    }
  } finally {
    jobsOf(ctx.db).delete(jobId);
    await rm(upload.path, { force: true });
  }
}

// ---------------------------------------------------------------------------
// Answers

export function localizeSummary(s: Summary, locale: Locale) {
  return {
    format: s.format,
    rows: s.rows,
    create: s.create,
    update: s.update,
    unchanged: s.unchanged,
    errorCount: s.errorCount,
    errors: localizeProblems(s.errors, locale),
  };
}

export function localizeProblems(problems: RowProblem[], locale: Locale) {
  return problems.map((p) => ({
    row: p.row,
    field: p.field,
    column: columnHeader(p.field, locale),
    code: p.code,
    message: message(p.code, locale, p.params),
  }));
}

/** The 400 body of a rejected apply: the usual error body, with the row of each problem. */
export function rejectedBody(s: Summary, locale: Locale) {
  const params = { count: s.errorCount };
  return {
    error: {
      code: 'import_rejected',
      message: message('import_rejected', locale, params),
      details: localizeProblems(s.errors, locale),
    },
  };
}

function toJobDto(job: Job, locale: Locale) {
  const result = job.result_json ? (JSON.parse(job.result_json) as Summary) : null;
  const error = job.error_json ? (JSON.parse(job.error_json) as StoredError) : null;
  return {
    id: job.id,
    kind: job.kind,
    status: job.status as 'running' | 'done' | 'failed',
    phase: job.phase as JobPhase,
    done: job.done,
    total: job.total,
    result: result ? localizeSummary(result, locale) : null,
    error: error ? { code: error.code, message: message(error.code, locale, error.params) } : null,
    createdAt: job.created_at,
    finishedAt: job.finished_at,
  };
}

/** A job the caller may see (404 otherwise), with live progress while it runs. */
export async function getJob(ctx: Ctx, id: number) {
  const db = ctx.db.kysely;
  let job = await findJobRow(db, ctx.actor, id);
  if (!job) throw AppError.notFound();
  if (job.status === 'running') {
    const live = jobsOf(ctx.db).get(id);
    if (live) {
      job = { ...job, phase: live.progress.phase, done: live.progress.done, total: live.progress.total };
    } else {
      // Not running in this process: it finished just now, or the server stopped under it.
      job = (await findJobRow(db, ctx.actor, id))!;
      if (job.status === 'running') {
        await db
          .updateTable('job')
          .set({ status: 'failed', error_json: JSON.stringify({ code: 'import_interrupted' }), finished_at: ctx.clock.now().toISOString() })
          .where('id', '=', id)
          .where('status', '=', 'running')
          .execute();
        job = (await findJobRow(db, ctx.actor, id))!;
      }
    }
  }
  return toJobDto(job, ctx.locale);
}

/** The territories a template lists: those of the caller's scope that may hold units, as the territory column names them. */
export async function templatePlaces(ctx: Ctx) {
  const index = await PlaceIndex.load(ctx.db.kysely, ctx);
  return index.places
    .filter((p) => p.status === 'active' && canHoldUnits(p.kind as TerritoryKind))
    .map((p) => ({ id: p.id, kind: p.kind, name: index.displayName(p), street: index.streetOf(p)?.name ?? '' }));
}

