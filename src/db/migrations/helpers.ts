import { sql, type CreateTableBuilder, type Kysely } from 'kysely';
import type { Dialect } from '../connect.js';

export interface MigrationContext {
  db: Kysely<any>;
  dialect: Dialect;
}

export interface CohesionMigration {
  up(ctx: MigrationContext): Promise<void>;
}

/** An integer surrogate key that both dialects generate. */
export function withId<T extends string>(t: CreateTableBuilder<T, never>, dialect: Dialect): CreateTableBuilder<T, 'id'> {
  return dialect === 'postgres'
    ? t.addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

/** Integer column wide enough for ids (bigint in PostgreSQL). */
export const idType = (dialect: Dialect) => (dialect === 'postgres' ? 'bigint' : 'integer');

/** Makes a table append-only: the database itself refuses UPDATE and DELETE. */
export async function appendOnly({ db, dialect }: MigrationContext, table: string): Promise<void> {
  if (dialect === 'sqlite') {
    for (const op of ['UPDATE', 'DELETE']) {
      await sql
        .raw(
          `CREATE TRIGGER ${table}_no_${op.toLowerCase()} BEFORE ${op} ON ${table}
           BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END`,
        )
        .execute(db);
    }
    return;
  }
  await sql
    .raw(
      `CREATE OR REPLACE FUNCTION cohesion_refuse_change() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$ LANGUAGE plpgsql`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
       FOR EACH ROW EXECUTE FUNCTION cohesion_refuse_change()`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
       FOR EACH STATEMENT EXECUTE FUNCTION cohesion_refuse_change()`,
    )
    .execute(db);
}

/**
 * When a count's triggers stand aside, in each dialect's form: the caller has
 * logged the rows to fold them in once (migration 0016, decision 0012).
 */
export interface TriggerSkip {
  sqlite: string;
  postgres: string;
}

/**
 * A table `counts` of how many rows of `source` there are per value of `keys`
 * (its first key is district_id), kept by triggers on `source` in its
 * writers' transactions: insert and delete, and an update that changes a key.
 * Filled from the existing rows. See docs/decisions/0010-counts-by-node.md.
 */
export async function countedBy(ctx: MigrationContext, counts: string, source: string, keys: string[]): Promise<void> {
  let t = ctx.db.schema.createTable(counts).addColumn('district_id', idType(ctx.dialect), (c) => c.notNull().references('district.id'));
  for (const k of keys) t = t.addColumn(k, 'text', (c) => c.notNull());
  await t
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint(`${counts}_pk`, ['district_id', ...keys] as never)
    .execute();
  await keepCounted(ctx, counts, source, keys);
  const cols = ['district_id', ...keys].join(', ');
  await sql.raw(`insert into ${counts} (${cols}, n) select ${cols}, count(*) from ${source} group by ${cols}`).execute(ctx.db);
}

/** Adds rows of (district_id, keys…, d) to countedBy's table `counts`. */
export function countedApply(counts: string, keys: readonly string[]): (rows: string) => string {
  const cols = ['district_id', ...keys].join(', ');
  // "where true": SQLite's upsert after a select needs it to parse.
  return (rows) => `insert into ${counts} (${cols}, n) select ${cols}, sum(d) from (${rows}) x where true group by ${cols} having sum(d) <> 0
    on conflict (${cols}) do update set n = ${counts}.n + excluded.n;`;
}

/**
 * (Re)creates the triggers that keep countedBy's table. SQLite: row triggers
 * (it updates a row in place). PostgreSQL: statement triggers over the
 * transition tables, one grouped upsert per statement — a row trigger would
 * update the same count row once per inserted row, and within one long
 * transaction (an import of 1M members) each update then walks the row's
 * growing chain of versions.
 */
export async function keepCounted({ db, dialect }: MigrationContext, counts: string, source: string, keys: string[], skip?: TriggerSkip): Promise<void> {
  const all = ['district_id', ...keys];
  const cols = all.join(', ');
  const run = (s: string) => sql.raw(s).execute(db);
  if (dialect === 'sqlite') {
    const bump = (row: 'new' | 'old', delta: 1 | -1) =>
      `insert into ${counts} (${cols}, n) values (${all.map((k) => `${row}.${k}`).join(', ')}, ${delta})
       on conflict (${cols}) do update set n = ${counts}.n + ${delta};`;
    const changed = all.map((k) => `old.${k} <> new.${k}`).join(' or ');
    await rowTriggers(run, counts, source, cols, changed, bump, skip);
  } else {
    await keepByStatement(run, counts, source, countedApply(counts, keys), (table, d) => `select ${cols}, ${d} as d from ${table}`, skip);
  }
}

/** SQLite: the insert, delete and update row triggers of a count; `bump(row, delta)` are the statements for one row. */
async function rowTriggers(
  run: (s: string) => Promise<unknown>,
  counts: string,
  source: string,
  columns: string,
  changed: string,
  bump: (row: 'new' | 'old', delta: 1 | -1) => string,
  skip?: TriggerSkip,
): Promise<void> {
  const unless = skip ? ` and not (${skip.sqlite})` : '';
  for (const op of ['insert', 'delete', 'update']) await run(`drop trigger if exists ${counts}_${op}`);
  await run(`create trigger ${counts}_insert after insert on ${source} when true${unless} begin ${bump('new', 1)} end`);
  await run(`create trigger ${counts}_delete after delete on ${source} when true${unless} begin ${bump('old', -1)} end`);
  await run(`create trigger ${counts}_update after update of ${columns} on ${source} when (${changed})${unless} begin ${bump('old', -1)} ${bump('new', 1)} end`);
}

/**
 * The ids on a materialized path ('/1/7/42/' → 1, 7, 42: the node and its
 * ancestors), joined to a row as `anc` (one row per id). SQLite reads the
 * path as a JSON array; PostgreSQL splits it. `id` is the expression of the id.
 */
export function joinPathIds(dialect: Dialect, pathColumn: string): { from: string; id: string } {
  return dialect === 'sqlite'
    ? { from: `, json_each('[' || replace(trim(${pathColumn}, '/'), '/', ',') || ']') anc`, id: 'cast(anc.value as integer)' }
    : { from: ` cross join lateral unnest(string_to_array(trim(both '/' from ${pathColumn}), '/')) anc(p)`, id: 'cast(anc.p as bigint)' };
}

/** A key of a rolled-up count: a column of the source, or an expression over some of its columns. */
export type RollupKey = string | { name: string; expr: (prefix: string) => string; columns: readonly string[] };

const keyName = (k: RollupKey) => (typeof k === 'string' ? k : k.name);
const keyExpr = (k: RollupKey, prefix: string) => (typeof k === 'string' ? `${prefix}${k}` : k.expr(prefix));

/** The rows a rolled-up count counts, with each key under its name and `d` = `delta` (rows of `table`, aliased r). */
export function rollupRowsSql(table: string, pathColumn: string, keys: readonly RollupKey[], delta: string, where = ''): string {
  return `select r.district_id, r.${pathColumn}, ${keys.map((k) => `${keyExpr(k, 'r.')} as ${keyName(k)}`).join(', ')}, ${delta} as d from ${table} r ${where}`;
}

/**
 * Like countedBy, but each row of `source` counts for every node on its
 * `pathColumn` (the node and all its ancestors), keyed by `nodeColumn`: a
 * node's subtree total is one row per key value, and a summary of a node and
 * its children reads only their rows. Kept by the same kind of triggers.
 */
export async function rolledUpBy(
  ctx: MigrationContext,
  counts: string,
  source: string,
  pathColumn: string,
  nodeColumn: string,
  keys: readonly RollupKey[],
): Promise<void> {
  const { db, dialect } = ctx;
  let t = db.schema
    .createTable(counts)
    .addColumn('district_id', idType(dialect), (c) => c.notNull().references('district.id'))
    .addColumn(nodeColumn, idType(dialect), (c) => c.notNull());
  for (const k of keys) t = t.addColumn(keyName(k), typeof k === 'string' ? 'text' : 'integer', (c) => c.notNull());
  const names = keys.map(keyName);
  await t
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint(`${counts}_pk`, ['district_id', nodeColumn, ...names] as never)
    .execute();
  await keepRolledUp(ctx, counts, source, pathColumn, nodeColumn, keys);
  const cols = ['district_id', nodeColumn, ...names].join(', ');
  await sql.raw(`insert into ${counts} (${cols}, n) ${spreadOverPath(dialect, rollupRowsSql(source, pathColumn, keys, '1'), pathColumn, nodeColumn, names)}`).execute(db);
}

/** Adds rows of (district_id, path, keys…, d) to rolledUpBy's table `counts`, at every node on each path. */
export function rolledUpApply(dialect: Dialect, counts: string, pathColumn: string, nodeColumn: string, names: readonly string[]): (rows: string) => string {
  const cols = ['district_id', nodeColumn, ...names].join(', ');
  return (rows) =>
    `insert into ${counts} (${cols}, n) ${spreadOverPath(dialect, rows, pathColumn, nodeColumn, names)} on conflict (${cols}) do update set n = ${counts}.n + excluded.n;`;
}

/** (Re)creates the triggers that keep rolledUpBy's table, of the same kinds as keepCounted's. */
export async function keepRolledUp(
  { db, dialect }: MigrationContext,
  counts: string,
  source: string,
  pathColumn: string,
  nodeColumn: string,
  keys: readonly RollupKey[],
  skip?: TriggerSkip,
): Promise<void> {
  const names = keys.map(keyName);
  const cols = ['district_id', nodeColumn, ...names].join(', ');
  const run = (s: string) => sql.raw(s).execute(db);
  if (dialect === 'sqlite') {
    const bump = (row: 'new' | 'old', delta: 1 | -1) => {
      const anc = joinPathIds(dialect, `${row}.${pathColumn}`);
      // "where true": SQLite's upsert after a select needs it to parse.
      return `insert into ${counts} (${cols}, n)
        select ${row}.district_id, ${anc.id}, ${keys.map((k) => keyExpr(k, `${row}.`)).join(', ')}, ${delta} from (select 1)${anc.from} where true
        on conflict (${cols}) do update set n = ${counts}.n + ${delta};`;
    };
    const keyed: RollupKey[] = ['district_id', pathColumn, ...keys];
    const columns = [...new Set(keyed.flatMap((k) => (typeof k === 'string' ? [k] : k.columns)))];
    const changed = keyed.map((k) => `${keyExpr(k, 'old.')} <> ${keyExpr(k, 'new.')}`).join(' or ');
    await rowTriggers(run, counts, source, columns.join(', '), changed, bump, skip);
  } else {
    const apply = rolledUpApply(dialect, counts, pathColumn, nodeColumn, names);
    await keepByStatement(run, counts, source, apply, (table, d) => rollupRowsSql(table, pathColumn, keys, d), skip);
  }
}

/**
 * Rows of (district_id, path, keys…, d) summed per node on each path: the
 * select of rolledUpBy's upserts, and of its rebuild (src/db/counts.ts).
 */
export function spreadOverPath(dialect: Dialect, rows: string, pathColumn: string, nodeColumn: string, keys: readonly string[]): string {
  const anc = joinPathIds(dialect, `g.${pathColumn}`);
  const grouped = ['district_id', pathColumn, ...keys].join(', ');
  const gKeys = keys.map((k) => `g.${k}`).join(', ');
  return `select g.district_id, ${anc.id} as ${nodeColumn}, ${gKeys}, sum(g.d) as n
    from (select ${grouped}, sum(d) as d from (${rows}) x group by ${grouped}) g${anc.from}
    where true group by g.district_id, ${anc.id}, ${gKeys} having sum(g.d) <> 0`;
}

/**
 * PostgreSQL: the function `${counts}_keep` that applies a statement's rows to
 * the counts (`rowsOf(table, delta)`: the rows of a transition table, each with
 * its delta `d`), and its insert, delete and update statement triggers on
 * `source`; replaces them if they exist. A count named `unit_registry` has
 * `unit_registry_keep` and the triggers `unit_registry_insert`, `_delete`, `_update`.
 */
export async function keepByStatement(
  run: (s: string) => Promise<unknown>,
  counts: string,
  source: string,
  apply: (rows: string) => string,
  rowsOf: (table: string, d: '1' | '-1') => string,
  skip?: TriggerSkip,
): Promise<void> {
  await run(`create or replace function ${counts}_keep() returns trigger language plpgsql as $$
    begin
      ${skip ? `if ${skip.postgres} then return null; end if;` : ''}
      if tg_op = 'INSERT' then ${apply(rowsOf('new_rows', '1'))}
      elsif tg_op = 'DELETE' then ${apply(rowsOf('old_rows', '-1'))}
      else ${apply(`${rowsOf('new_rows', '1')} union all ${rowsOf('old_rows', '-1')}`)}
      end if;
      return null;
    end $$`);
  for (const op of ['insert', 'delete', 'update']) await run(`drop trigger if exists ${counts}_${op} on ${source}`);
  await run(`create trigger ${counts}_insert after insert on ${source} referencing new table as new_rows for each statement execute function ${counts}_keep()`);
  await run(`create trigger ${counts}_delete after delete on ${source} referencing old table as old_rows for each statement execute function ${counts}_keep()`);
  await run(`create trigger ${counts}_update after update on ${source} referencing old table as old_rows new table as new_rows for each statement execute function ${counts}_keep()`);
}
