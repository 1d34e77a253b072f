/**
 * Bulk inserts for the writers that produce rows by the hundred thousand (the
 * demo and city generators, imports). Kysely's query builder costs more per
 * row than the database does at that volume (measured in bench/RESULTS.md:
 * units were written at ~12k rows/s through it), so rows go out by the
 * cheapest path each database has:
 *
 * - SQLite: one prepared statement per table and column list, run once per
 *   row on the connection's own handle. Inside a transaction that is the
 *   fastest way into SQLite; there is no statement text to build or parse.
 * - PostgreSQL: `insert ... select * from unnest($1::type[], ...)`, one array
 *   parameter per column and thousands of rows per statement: the statement
 *   text is the same for every batch, the server parses it once per batch,
 *   and there is no 65,535-parameter bound.
 *
 * Rows must all have the same keys as the first row of the call (columns
 * missing from a row are written as null). Values are passed as they are:
 * strings, numbers, null.
 */
import { CompiledQuery, type Kysely } from 'kysely';
import type { Db } from './connect.js';
import type { Database } from './schema.js';

type Row = Record<string, unknown>;
type Table = keyof Database & string;

/** Rows per PostgreSQL statement: arrays of this many elements per column. */
const PG_ROWS_PER_STATEMENT = 5000;

export interface BulkInserter {
  /**
   * Inserts the rows, in order. `returnIds`: the ids the database gave them,
   * in the order of the rows (tables with an identity id).
   */
  insert(table: Table, rows: readonly Row[]): Promise<void>;
  insertReturningIds(table: Table, rows: readonly Row[]): Promise<number[]>;
}

/**
 * A bulk inserter on `q`, which is `db.kysely` or a transaction of it. On
 * SQLite the raw handle is the transaction's own connection (there is only
 * one), so rows written through it belong to the open transaction.
 */
export function bulkInserter(db: Pick<Db, 'dialect' | 'sqlite'>, q: Kysely<Database>): BulkInserter {
  if (db.dialect === 'sqlite' && db.sqlite) return sqliteInserter(db.sqlite);
  if (db.dialect === 'postgres') return postgresInserter(q);
  return valuesInserter(q);
}

function columnsOf(rows: readonly Row[]): string[] {
  return Object.keys(rows[0]!);
}

type Statement = ReturnType<NonNullable<Db['sqlite']>['prepare']>;
/** Prepared statements per connection, kept across calls (an import asks for a bulk inserter per batch). */
const sqliteStatements = new WeakMap<NonNullable<Db['sqlite']>, Map<string, Statement>>();
/** Column types per table: the schema is the same for every connection of the process (all are migrated). */
const postgresTypes = new Map<string, Map<string, string>>();

function sqliteInserter(handle: NonNullable<Db['sqlite']>): BulkInserter {
  let statements = sqliteStatements.get(handle);
  if (!statements) sqliteStatements.set(handle, (statements = new Map()));
  const prepared = (table: string, columns: string[]) => {
    const key = `${table}(${columns.join(',')})`;
    let stmt = statements.get(key);
    if (!stmt) {
      stmt = handle.prepare(`insert into ${table} (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`);
      statements.set(key, stmt);
    }
    return stmt;
  };
  const run = (table: string, rows: readonly Row[], ids: number[] | null) => {
    if (rows.length === 0) return;
    const columns = columnsOf(rows);
    const stmt = prepared(table, columns);
    const values = new Array<unknown>(columns.length);
    for (const row of rows) {
      for (let i = 0; i < columns.length; i++) values[i] = row[columns[i]!] ?? null;
      const r = stmt.run(values);
      ids?.push(Number(r.lastInsertRowid));
    }
  };
  return {
    insert: async (table, rows) => run(table, rows, null),
    insertReturningIds: async (table, rows) => {
      const ids: number[] = [];
      run(table, rows, ids);
      return ids;
    },
  };
}

function postgresInserter(q: Kysely<Database>): BulkInserter {
  const typesOf = async (table: string) => {
    let t = postgresTypes.get(table);
    if (!t) {
      const r = await q.executeQuery<{ name: string; type: string }>(
        CompiledQuery.raw(
          `select a.attname as name, format_type(a.atttypid, a.atttypmod) as type
             from pg_attribute a where a.attrelid = $1::regclass and a.attnum > 0 and not a.attisdropped`,
          [table],
        ),
      );
      t = new Map(r.rows.map((c) => [c.name, c.type]));
      postgresTypes.set(table, t);
    }
    return t;
  };
  const run = async (table: string, rows: readonly Row[], returning: boolean): Promise<number[]> => {
    if (rows.length === 0) return [];
    const columns = columnsOf(rows);
    const t = await typesOf(table);
    const casts = columns.map((c, i) => {
      const type = t.get(c);
      if (!type) throw new Error(`bulk insert: ${table} has no column ${c}`);
      return `$${i + 1}::${type}[]`;
    });
    // WITH ORDINALITY + ORDER BY: the ids come back in the order of the rows.
    const text = returning
      ? `insert into ${table} (${columns.join(', ')}) select ${columns.map((c) => `u.${c}`).join(', ')} from unnest(${casts.join(', ')}) with ordinality as u(${columns.join(', ')}, n) order by u.n returning id`
      : `insert into ${table} (${columns.join(', ')}) select * from unnest(${casts.join(', ')})`;
    const ids: number[] = [];
    for (let start = 0; start < rows.length; start += PG_ROWS_PER_STATEMENT) {
      const part = rows.slice(start, start + PG_ROWS_PER_STATEMENT);
      const arrays = columns.map((c) => part.map((r) => r[c] ?? null));
      const r = await q.executeQuery<{ id: number }>(CompiledQuery.raw(text, arrays));
      if (returning) for (const row of r.rows) ids.push(Number(row.id));
    }
    return ids;
  };
  return {
    insert: async (table, rows) => void (await run(table, rows, false)),
    insertReturningIds: (table, rows) => run(table, rows, true),
  };
}

/** Without a raw SQLite handle (a Db built by hand): multi-row VALUES statements. */
function valuesInserter(q: Kysely<Database>): BulkInserter {
  const run = async (table: string, rows: readonly Row[], ids: number[] | null) => {
    if (rows.length === 0) return;
    const columns = columnsOf(rows);
    const size = Math.max(1, Math.min(500, Math.floor(30_000 / columns.length)));
    const head = `insert into ${table} (${columns.join(', ')}) values `;
    const tuple = `(${columns.map(() => '?').join(',')})`;
    for (let start = 0; start < rows.length; start += size) {
      const part = rows.slice(start, start + size);
      const params: unknown[] = [];
      for (const row of part) for (const c of columns) params.push(row[c] ?? null);
      const text = head + part.map(() => tuple).join(',') + (ids ? ' returning id' : '');
      const r = await q.executeQuery<{ id: number }>(CompiledQuery.raw(text, params));
      if (ids) for (const row of r.rows) ids.push(Number(row.id));
    }
  };
  return {
    insert: (table, rows) => run(table, rows, null),
    insertReturningIds: async (table, rows) => {
      const ids: number[] = [];
      await run(table, rows, ids);
      return ids;
    },
  };
}

/**
 * Runs `write` with the secondary indexes of `tables` dropped, then builds
 * them again, in the caller's transaction (both databases have transactional
 * DDL). Building an index once over millions of rows costs a fraction of
 * keeping it up to date row by row (the city preset's meetings, attendance
 * and contact events: bench/RESULTS.md). Primary keys stay. Nothing else may
 * read these tables through the dropped indexes meanwhile: the caller's
 * transaction holds them.
 */
export async function withoutIndexes<T>(db: Pick<Db, 'dialect'>, q: Kysely<Database>, tables: readonly Table[], write: () => Promise<T>): Promise<T> {
  const defs: { name: string; sql: string }[] = [];
  for (const table of tables) {
    const r =
      db.dialect === 'postgres'
        ? await q.executeQuery<{ name: string; sql: string }>(
            CompiledQuery.raw(
              `select i.indexname as name, i.indexdef as sql from pg_indexes i
                 where i.schemaname = current_schema() and i.tablename = $1
                   and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`,
              [table],
            ),
          )
        : await q.executeQuery<{ name: string; sql: string }>(
            CompiledQuery.raw(`select name, sql from sqlite_master where type = 'index' and tbl_name = ? and sql is not null`, [table]),
          );
    defs.push(...r.rows);
  }
  for (const d of defs) await q.executeQuery(CompiledQuery.raw(`drop index ${d.name}`));
  const result = await write();
  for (const d of defs) await q.executeQuery(CompiledQuery.raw(d.sql));
  return result;
}

/**
 * PostgreSQL: turns off the foreign-key triggers for the rest of the caller's
 * transaction (`session_replication_role = replica`), for a writer that
 * produces its references itself (the demo generator: the same rows are
 * checked on SQLite, `pragma foreign_key_check`). Per-row foreign-key checks
 * were most of the time of a city-sized load. Needs a superuser; for anyone
 * else the checks stay on. Returns whether they are off.
 */
export async function foreignKeyChecksOff(q: Kysely<Database>): Promise<boolean> {
  await q.executeQuery(CompiledQuery.raw('savepoint foreign_keys_off'));
  try {
    await q.executeQuery(CompiledQuery.raw('set local session_replication_role = replica'));
    await q.executeQuery(CompiledQuery.raw('release savepoint foreign_keys_off'));
    return true;
  } catch {
    await q.executeQuery(CompiledQuery.raw('rollback to savepoint foreign_keys_off'));
    return false;
  }
}
