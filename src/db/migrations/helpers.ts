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
 * A table `counts` of how many rows of `source` there are per value of `keys`
 * (its first key is district_id), kept by triggers on `source` in its
 * writers' transactions: insert and delete, and an update that changes a key.
 * Filled from the existing rows. See docs/decisions/0010-counts-by-node.md.
 *
 * SQLite: row triggers (it updates a row in place). PostgreSQL: statement
 * triggers over the transition tables, one grouped upsert per statement — a
 * row trigger would update the same count row once per inserted row, and
 * within one long transaction (an import of 1M members) each update then
 * walks the row's growing chain of versions.
 */
export async function countedBy({ db, dialect }: MigrationContext, counts: string, source: string, keys: string[]): Promise<void> {
  let t = db.schema.createTable(counts).addColumn('district_id', idType(dialect), (c) => c.notNull().references('district.id'));
  for (const k of keys) t = t.addColumn(k, 'text', (c) => c.notNull());
  await t
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint(`${counts}_pk`, ['district_id', ...keys] as never)
    .execute();

  const all = ['district_id', ...keys];
  const cols = all.join(', ');
  const run = (s: string) => sql.raw(s).execute(db);
  if (dialect === 'sqlite') {
    const bump = (row: 'new' | 'old', delta: 1 | -1) =>
      `insert into ${counts} (${cols}, n) values (${all.map((k) => `${row}.${k}`).join(', ')}, ${delta})
       on conflict (${cols}) do update set n = ${counts}.n + ${delta};`;
    const changed = all.map((k) => `old.${k} <> new.${k}`).join(' or ');
    await run(`create trigger ${counts}_insert after insert on ${source} begin ${bump('new', 1)} end`);
    await run(`create trigger ${counts}_delete after delete on ${source} begin ${bump('old', -1)} end`);
    await run(`create trigger ${counts}_update after update of ${cols} on ${source} when ${changed} begin ${bump('old', -1)} ${bump('new', 1)} end`);
  } else {
    const apply = (rows: string) =>
      `insert into ${counts} (${cols}, n) select ${cols}, sum(d) from (${rows}) x group by ${cols} having sum(d) <> 0
       on conflict (${cols}) do update set n = ${counts}.n + excluded.n;`;
    await run(`create function ${counts}_keep() returns trigger language plpgsql as $$
      begin
        if tg_op = 'INSERT' then ${apply(`select ${cols}, 1 as d from new_rows`)}
        elsif tg_op = 'DELETE' then ${apply(`select ${cols}, -1 as d from old_rows`)}
        else ${apply(`select ${cols}, 1 as d from new_rows union all select ${cols}, -1 from old_rows`)}
        end if;
        return null;
      end $$`);
    await run(`create trigger ${counts}_insert after insert on ${source} referencing new table as new_rows for each statement execute function ${counts}_keep()`);
    await run(`create trigger ${counts}_delete after delete on ${source} referencing old table as old_rows for each statement execute function ${counts}_keep()`);
    await run(`create trigger ${counts}_update after update on ${source} referencing old table as old_rows new table as new_rows for each statement execute function ${counts}_keep()`);
  }
  await run(`insert into ${counts} (${cols}, n) select ${cols}, count(*) from ${source} group by ${cols}`);
}
