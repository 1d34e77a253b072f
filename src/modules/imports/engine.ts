/**
 * The machinery every spreadsheet import shares (the unit survey import, the
 * member roster import): passes over a file, all-or-nothing apply, background
 * jobs with progress, and the answers.
 *
 * - Dry run: every row is checked, nothing is written; the answer lists every
 *   problem with its spreadsheet row number.
 * - Apply (inline, small files): the same checks first; any problem rejects
 *   the whole file. Then a second pass over the rows, inside ONE transaction,
 *   checks each batch again against the database (it may have changed since
 *   the first pass) and writes it.
 * - Apply (job, larger files): ONE pass inside one transaction checks each
 *   batch and writes it; the first problem rolls everything back, and a
 *   checking pass outside the transaction then lists every problem of the
 *   file. A good file is read, checked and written once (bench/RESULTS.md:
 *   the second pass was half of the import's time).
 *   Files of at most INLINE_MAX_ROWS rows run inside the request; larger ones
 *   run as a background job the client polls.
 *
 * Rows stream from the file in both passes; an import keeps in memory only
 * what its checks need (the keys seen, for duplicates within the file; its
 * lookup indexes) and at most MAX_REPORTED_ERRORS problems.
 *
 * What differs between imports is an `Importer`: the sheet's columns, how a
 * row is read, how a batch is compared with the database and written.
 */
import { rm } from 'node:fs/promises';
import { markLongWrite, type Db } from '../../db/connect.js';
import type { Database, Job } from '../../db/schema.js';
import { refreshPlannerStatistics } from '../../db/sql.js';
import type { Ctx } from '../../server/context.js';
import { AppError, message, type FieldProblem } from '../../server/errors.js';
import type { Locale } from '../../server/i18n.js';
import type { MessageCode } from '../../server/messages.js';
import { recordAudit } from '../audit/record.js';
import { findJobRow, type Q } from './queries.js';
import { openSheet, type FileFormat, type SheetRow, type SheetSpec } from './sheet.js';

/** Files with at most this many data rows are applied inside the request (200); larger ones become a job (202). */
export const INLINE_MAX_ROWS = 2000;
/** Rows per database lookup and per insert statement. */
export const BATCH_SIZE = 500;
/** Problems listed in an answer; `errorCount` has the full count. */
export const MAX_REPORTED_ERRORS = 1000;
/** Largest upload accepted. */
export const IMPORT_MAX_BYTES = 200 * 1024 * 1024;

/** An uploaded file, stored in the data folder until the import is over. */
export interface Upload {
  path: string;
  bytes: number;
  contentType: string | null;
  /** Set when a background job took the file over (it deletes it when done). */
  handedOff?: boolean;
}

export interface RowProblem<F extends string = string> {
  row: number;
  field: F;
  code: MessageCode;
  params?: Record<string, unknown>;
}

export interface Summary<F extends string = string> {
  format: FileFormat;
  rows: number;
  create: number;
  update: number;
  unchanged: number;
  errorCount: number;
  errors: RowProblem<F>[];
}

/** A file with bad rows: nothing was written. */
export class ImportRejected extends Error {
  constructor(readonly summary: Summary) {
    super('import rejected');
  }
}

/** Counts and problems of one pass over a file. */
export class Pass<F extends string = string> {
  rows = 0;
  create = 0;
  update = 0;
  unchanged = 0;
  errorCount = 0;
  readonly errors: RowProblem<F>[] = [];

  /** `first`: the checking pass, which also looks for keys repeated within the file (the second pass knows there are none). */
  constructor(
    readonly format: FileFormat,
    readonly first: boolean,
  ) {}

  problem(row: number, field: F, code: MessageCode, params?: Record<string, unknown>): void {
    this.errorCount++;
    if (this.errors.length < MAX_REPORTED_ERRORS) this.errors.push(params ? { row, field, code, params } : { row, field, code });
  }

  summary(): Summary<F> {
    const { format, rows, create, update, unchanged, errorCount, errors } = this;
    return { format, rows, create, update, unchanged, errorCount, errors };
  }
}

/** How one pass handles rows: read each on its own, compare a batch with the database, write a batch. */
export interface RowHandler<C, K> {
  /** Checks one row without the database; reports its problems to the pass and returns its values if it is good. */
  read(row: SheetRow): C | null;
  /** Compares a batch of good rows with the database: counts creates, updates and unchanged rows; reports problems. */
  classify(batch: C[]): Promise<K>;
  /** Writes a classified batch (second pass, inside the transaction). */
  write(classified: K): Promise<void>;
  /**
   * After the last batch is written, in the same transaction: work done once
   * per import rather than per batch. In PostgreSQL each rewrite of the same
   * row in one transaction leaves a version the next one must step over.
   */
  finish?(): Promise<void>;
}

/** One kind of import. */
export interface Importer<F extends string, P, C, K> {
  /** `job.kind` of its runs. */
  jobKind: string;
  /** The audit record of a whole import (each row writes its own). */
  audit: { action: string; entityType: string };
  sheet: SheetSpec<F>;
  /** What every pass needs and must be read before any transaction opens (district settings, today). */
  prepare(ctx: Ctx): Promise<P>;
  /** The row handler of a pass; `db` is the transaction in the writing pass: use nothing else. */
  handler(db: Q, ctx: Ctx, prep: P, pass: Pass<F>, columns: (F | null)[]): Promise<RowHandler<C, K>>;
  /** The conflict a unique index reports when someone wrote the same key between the check and the write. */
  uniqueConflict: FieldProblem;
  /** The tables its rows go to: a job refreshes their planner statistics once committed. */
  writes: readonly (keyof Database & string)[];
}

interface PassOptions {
  /** Write each batch (second pass, inside the transaction); stops at the first problem. */
  write?: boolean;
  /** Called after every BATCH_SIZE rows (and at the end) with the rows read so far. */
  progress?: (rows: number) => Promise<void>;
}

/**
 * One pass over the rows: read, check, compare with the database in batches,
 * and (second pass) write. A batch goes to the database while the next one
 * is read and checked: on PostgreSQL the event loop is free while it waits for
 * the server, and reading, checking and encrypting rows is about half of an
 * import's time (SQLite's calls are synchronous: nothing overlaps there).
 * Batches still reach the database one after the other, in order.
 */
async function runPass<C, K>(handler: RowHandler<C, K>, rows: AsyncIterable<SheetRow> | Iterable<SheetRow>, pass: Pass, opts: PassOptions = {}) {
  let batch: C[] = [];
  let inFlight: Promise<void> = Promise.resolve();
  const send = async (rows: C[]) => {
    const classified = await handler.classify(rows);
    if (opts.write) {
      if (pass.errorCount) throw new ImportRejected(pass.summary());
      await handler.write(classified);
    }
  };
  const flush = async () => {
    // The batch before is written (or has failed) before anything else reaches the connection.
    await inFlight;
    if (opts.write && pass.errorCount) throw new ImportRejected(pass.summary());
    if (!batch.length) return;
    inFlight = send(batch);
    // Awaited at the next flush; until then its failure must not count as unhandled.
    inFlight.catch(() => undefined);
    batch = [];
  };
  try {
    for await (const r of rows) {
      pass.rows++;
      const c = handler.read(r);
      if (c) batch.push(c);
      if (pass.rows % BATCH_SIZE === 0) {
        await flush();
        await opts.progress?.(pass.rows);
      }
    }
    await flush();
    // With nothing left to send, this one only waits for the last batch and checks the pass.
    await flush();
  } finally {
    // Never leave a batch running when the pass ends early: its transaction is about to roll back.
    await inFlight.catch(() => undefined);
  }
  if (opts.write) await handler.finish?.();
  await opts.progress?.(pass.rows);
}

// ---------------------------------------------------------------------------
// Jobs: progress in memory while running (on SQLite the writing transaction
// holds the one connection, so progress cannot go through the database),
// persisted at phase changes.

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

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | null;
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint failed/i.test(e?.message ?? '');
}

function dbErrorToApp(importer: { uniqueConflict: FieldProblem }, err: unknown): AppError | null {
  return isUniqueViolation(err) ? AppError.conflict([importer.uniqueConflict]) : null;
}

// ---------------------------------------------------------------------------
// Entry points

export type ImportOutcome = { kind: 'summary'; summary: Summary; jobId: number | null } | { kind: 'job'; jobId: number };

async function* chain(head: SheetRow[], rest: AsyncIterable<SheetRow> | null): AsyncGenerator<SheetRow> {
  yield* head;
  if (rest) yield* rest;
}

/**
 * Runs an import of an uploaded file: a dry run, an inline apply (small
 * files) or a background job (large files). Throws 400s for unreadable files
 * and ImportRejected for a file with bad rows (inline apply).
 */
export async function startImport<F extends string, P, C, K>(importer: Importer<F, P, C, K>, ctx: Ctx, upload: Upload, dryRun: boolean): Promise<ImportOutcome> {
  const sheet = await openSheet(upload.path, ctx.locale, importer.sheet);
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
      const prep = await importer.prepare(ctx);
      const pass = new Pass<F>(sheet.format, true);
      const handler = await importer.handler(ctx.db.kysely, ctx, prep, pass, sheet.columns);
      await runPass(handler, chain(head, more ? sheet.rows : null), pass);
      return { kind: 'summary', summary: pass.summary(), jobId: null };
    }
  } finally {
    await sheet.rows.return(undefined);
  }

  if (!more) return applyInline(importer, ctx, sheet.format, sheet.columns, head);

  const now = ctx.clock.now().toISOString();
  const { id } = await ctx.db.kysely
    .insertInto('job')
    .values({
      district_id: ctx.actor.scope.districtId,
      kind: importer.jobKind,
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
  live.finished = runJob(importer, ctx, id, upload, live);
  return { kind: 'job', jobId: id };
}

async function applyInline<F extends string, P, C, K>(importer: Importer<F, P, C, K>, ctx: Ctx, format: FileFormat, columns: (F | null)[], rows: SheetRow[]): Promise<ImportOutcome> {
  const prep = await importer.prepare(ctx);
  const first = new Pass<F>(format, true);
  await runPass(await importer.handler(ctx.db.kysely, ctx, prep, first, columns), rows, first);
  if (first.errorCount) throw new ImportRejected(first.summary());
  try {
    return await ctx.db.kysely.transaction().execute(async (trx) => {
      const pass = new Pass<F>(format, false);
      await runPass(await importer.handler(trx, ctx, prep, pass, columns), rows, pass, { write: true });
      const summary = pass.summary();
      const now = ctx.clock.now().toISOString();
      const { id } = await trx
        .insertInto('job')
        .values({
          district_id: ctx.actor.scope.districtId,
          kind: importer.jobKind,
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
      await auditImport(importer, trx, ctx, id, summary);
      return { kind: 'summary' as const, summary, jobId: id };
    });
  } catch (err) {
    throw dbErrorToApp(importer, err) ?? err;
  }
}

function auditImport(importer: { audit: { action: string; entityType: string } }, trx: Q, ctx: Ctx, jobId: number, s: Summary) {
  return recordAudit(trx, ctx, {
    action: importer.audit.action,
    entityType: importer.audit.entityType,
    entityId: jobId,
    scopePath: ctx.actor.scope.territoryPath,
    after: { format: s.format, rows: s.rows, create: s.create, update: s.update, unchanged: s.unchanged },
  });
}

/**
 * Every problem of a file whose writing pass stopped at its first one: a
 * checking pass over the whole file, outside any transaction. If the file
 * checks clean now (the database changed under the writing pass), the
 * writing pass's problems are the answer.
 */
async function fullReport<F extends string, P, C, K>(
  importer: Importer<F, P, C, K>,
  ctx: Ctx,
  prep: P,
  upload: Upload,
  stoppedAt: Summary,
  progress: (rows: number, total: number) => Promise<void>,
): Promise<Summary> {
  const sheet = await openSheet(upload.path, ctx.locale, importer.sheet);
  try {
    const pass = new Pass<F>(sheet.format, true);
    await runPass(await importer.handler(ctx.db.kysely, ctx, prep, pass, sheet.columns), sheet.rows, pass, {
      progress: (rows) => {
        const read = sheet.bytesRead();
        return progress(rows, read > 0 ? Math.max(rows, Math.round((rows * sheet.size) / read)) : rows);
      },
    });
    return pass.errorCount ? pass.summary() : stoppedAt;
  } finally {
    await sheet.rows.return(undefined);
  }
}


async function runJob<F extends string, P, C, K>(importer: Importer<F, P, C, K>, ctx: Ctx, jobId: number, upload: Upload, live: LiveJob): Promise<void> {
  const db = ctx.db.kysely;
  const report = async (phase: JobPhase, done: number, total: number) => {
    if (live.abort.signal.aborted) throw new AppError(503, 'import_interrupted');
    live.progress = { jobId, phase, done, total };
    for (const l of listeners) await l(live.progress);
  };
  let rejected: Summary | null = null;
  try {
    const prep = await importer.prepare(ctx);
    // One pass that checks and writes, inside one transaction: a good file (the
    // usual case) is read, parsed, checked and encrypted once. The first problem
    // rolls the transaction back; then a checking pass outside any transaction
    // reads the whole file again for the complete list of problems.
    await db.updateTable('job').set({ phase: 'writing', done: 0, total: 0 }).where('id', '=', jobId).execute();
    const sheet = await openSheet(upload.path, ctx.locale, importer.sheet);
    // Total is estimated from the share of the file read until the pass ends.
    const estimate = (rows: number) => {
      const read = sheet.bytesRead();
      return read > 0 ? Math.max(rows, Math.round((rows * sheet.size) / read)) : rows;
    };
    // SQLite: the job writes through a connection of its own, so that the
    // server's connection goes on answering reads (the job's progress among
    // them) while a large file is written; other writes wait for it.
    const writer = ctx.db.reopen?.() ?? null;
    const jobCtx: Ctx = writer ? { ...ctx, db: writer } : ctx;
    if (writer) markLongWrite(db, 1);
    try {
      await jobCtx.db.kysely.transaction().execute(async (trx) => {
        // A write first: the transaction holds the write lock from its start, so
        // that no other write can slip in between its reads and its first write.
        await trx.updateTable('job').set({ phase: 'writing' }).where('id', '=', jobId).execute();
        const pass = new Pass<F>(sheet.format, true);
        const handler = await importer.handler(trx, jobCtx, prep, pass, sheet.columns);
        await runPass(handler, sheet.rows, pass, { write: true, progress: (rows) => report('writing', rows, estimate(rows)) });
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
        await auditImport(importer, trx, jobCtx, jobId, summary);
        // Thousands of new rows can change the best plan (a territory range that
        // was small is now most of the district); SQLite only learns it from
        // ANALYZE (≈ 2 s for 1.2M members). Committed with the rows, on the job's connection.
        await refreshPlannerStatistics(trx, importer.writes);
      });
    } catch (err) {
      if (!(err instanceof ImportRejected)) throw err;
      await sheet.rows.return(undefined);
      throw new ImportRejected(await fullReport(importer, ctx, prep, upload, err.summary, (rows, total) => report('validating', rows, total)));
    } finally {
      await sheet.rows.return(undefined);
      if (writer) {
        markLongWrite(db, -1);
        await writer.close();
      }
    }
  } catch (err) {
    let stored: StoredError;
    if (err instanceof ImportRejected) {
      rejected = err.summary;
      stored = { code: 'import_rejected', params: { count: err.summary.errorCount } };
    } else {
      const appErr = err instanceof AppError ? err : dbErrorToApp(importer, err);
      stored = appErr ? { code: appErr.code, params: appErr.params } : { code: 'internal' };
      if (!appErr) console.error(`${importer.jobKind} job ${jobId} failed`, err);
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
      console.error(`${importer.jobKind} job ${jobId}: could not record the failure`, writeErr);
    }
  } finally {
    jobsOf(ctx.db).delete(jobId);
    await rm(upload.path, { force: true });
  }
}

// ---------------------------------------------------------------------------
// Answers

export function localizeSummary<F extends string>(sheet: SheetSpec<F>, s: Summary, locale: Locale) {
  return {
    format: s.format,
    rows: s.rows,
    create: s.create,
    update: s.update,
    unchanged: s.unchanged,
    errorCount: s.errorCount,
    errors: localizeProblems(sheet, s.errors, locale),
  };
}

/** Problems as the answer lists them; their fields are the sheet's (the summary of a stored job is plain JSON). */
export function localizeProblems<F extends string>(sheet: SheetSpec<F>, problems: RowProblem[], locale: Locale) {
  return problems.map((p) => ({
    row: p.row,
    field: p.field,
    column: sheet.header(p.field as F, locale),
    code: p.code,
    message: message(p.code, locale, p.params),
  }));
}

/** The 400 body of a rejected apply: the usual error body, with the row of each problem. */
export function rejectedBody<F extends string>(sheet: SheetSpec<F>, s: Summary, locale: Locale) {
  const params = { count: s.errorCount };
  return {
    error: {
      code: 'import_rejected',
      message: message('import_rejected', locale, params),
      details: localizeProblems(sheet, s.errors, locale),
    },
  };
}

function toJobDto<F extends string>(sheet: SheetSpec<F>, job: Job, locale: Locale) {
  const result = job.result_json ? (JSON.parse(job.result_json) as Summary) : null;
  const error = job.error_json ? (JSON.parse(job.error_json) as StoredError) : null;
  return {
    id: job.id,
    kind: job.kind,
    status: job.status as 'running' | 'done' | 'failed',
    phase: job.phase as JobPhase,
    done: job.done,
    total: job.total,
    result: result ? localizeSummary(sheet, result, locale) : null,
    error: error ? { code: error.code, message: message(error.code, locale, error.params) } : null,
    createdAt: job.created_at,
    finishedAt: job.finished_at,
  };
}

/** An import job of this kind the caller may see (404 otherwise), with live progress while it runs. */
export async function getJob<F extends string>(importer: { jobKind: string; sheet: SheetSpec<F> }, ctx: Ctx, id: number) {
  const db = ctx.db.kysely;
  const find = () => findJobRow(db, ctx.actor, id, importer.jobKind);
  let job = await find();
  if (!job) throw AppError.notFound();
  if (job.status === 'running') {
    const live = jobsOf(ctx.db).get(id);
    if (live) {
      job = { ...job, phase: live.progress.phase, done: live.progress.done, total: live.progress.total };
    } else {
      // Not running in this process: it finished just now, or the server stopped under it.
      job = (await find())!;
      if (job.status === 'running') {
        await db
          .updateTable('job')
          .set({ status: 'failed', error_json: JSON.stringify({ code: 'import_interrupted' }), finished_at: ctx.clock.now().toISOString() })
          .where('id', '=', id)
          .where('status', '=', 'running')
          .execute();
        job = (await find())!;
      }
    }
  }
  return toJobDto(importer.sheet, job, ctx.locale);
}
