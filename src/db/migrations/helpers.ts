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
 */
export async function countedBy({ db, dialect }: MigrationContext, counts: string, source: string, keys: string[]): Promise<void> {
  let t = db.schema.createTable(counts).addColumn('district_id', idType(dialect), (c) => c.notNull().references('district.id'));
  for (const k of keys) t = t.addColumn(k, 'text', (c) => c.notNull());
  await t
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint(`${counts}_pk`, ['district_id', ...keys] as never)
    .execute();

  const all = ['district_id', ...keys];
  const bump = (row: 'new' | 'old', delta: 1 | -1) =>
    `insert into ${counts} (${all.join(', ')}, n) values (${all.map((k) => `${row}.${k}`).join(', ')}, ${delta})
     on conflict (${all.join(', ')}) do update set n = ${counts}.n + ${delta};`;
  const changed = all.map((k) => `old.${k} <> new.${k}`).join(' or ');
  if (dialect === 'sqlite') {
    await sql.raw(`create trigger ${counts}_insert after insert on ${source} begin ${bump('new', 1)} end`).execute(db);
    await sql.raw(`create trigger ${counts}_delete after delete on ${source} begin ${bump('old', -1)} end`).execute(db);
    await sql
      .raw(`create trigger ${counts}_update after update of ${all.join(', ')} on ${source} when ${changed} begin ${bump('old', -1)} ${bump('new', 1)} end`)
      .execute(db);
  } else {
    await sql
      .raw(
        `create function ${counts}_keep() returns trigger language plpgsql as $$
         begin
           if tg_op in ('UPDATE', 'DELETE') then ${bump('old', -1)} end if;
           if tg_op in ('UPDATE', 'INSERT') then ${bump('new', 1)} end if;
           return null;
         end $$`,
      )
      .execute(db);
    await sql.raw(`create trigger ${counts}_insert_delete after insert or delete on ${source} for each row execute function ${counts}_keep()`).execute(db);
    await sql
      .raw(`create trigger ${counts}_update after update of ${all.join(', ')} on ${source} for each row when (${changed}) execute function ${counts}_keep()`)
      .execute(db);
  }
  await sql
    .raw(`insert into ${counts} (${all.join(', ')}, n) select ${all.join(', ')}, count(*) from ${source} group by ${all.join(', ')}`)
    .execute(db);
}
