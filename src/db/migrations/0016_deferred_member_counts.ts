import { sql } from 'kysely';
import { idType, keepCounted, keepRolledUp, type CohesionMigration, type TriggerSkip } from './helpers.js';
import { keepUnitRegistry } from './0011_unit_registry_counts.js';

/**
 * The counts that triggers on `member` keep, and their keys: the member log
 * carries every column they read.
 */
export const MEMBER_COUNTS = {
  memberCount: { counts: 'member_count', keys: ['territory_path', 'status', 'stage'] },
  orgRollup: { counts: 'org_member_rollup', path: 'org_path', node: 'party_org_id', keys: ['status', 'stage'] },
} as const;

/**
 * While a transaction defers the member counts (a roster import, decision
 * 0012): SQLite holds a row in `count_deferral`, PostgreSQL a transaction-local
 * setting. Other transactions' triggers go on as before.
 */
export const MEMBER_COUNTS_DEFERRED: TriggerSkip = {
  sqlite: 'exists (select 1 from count_deferral)',
  postgres: `current_setting('cohesion.defer_counts', true) = 'on'`,
};

const LOGGED = ['district_id', 'org_path', 'territory_path', 'status', 'stage'] as const;

/**
 * Member counts a long writer can defer (decision 0012). A 1M-member import
 * is one transaction, and each of its batches rewrote the same rows of
 * member_count and org_member_rollup (the district's, the streets'): in
 * PostgreSQL each rewrite walks the versions the batches before it left
 * (13 and 4.6 ms per batch after 100k rows, growing). Deferred, the triggers
 * on `member` stand aside and `member_delta` logs the rows instead (inserts
 * only); the writer folds the log into the counts once, at its end
 * (foldMemberCounts in src/db/counts.ts). The log is empty outside such a
 * transaction: its rows are deleted before commit.
 */
export const m0016_deferred_member_counts: CohesionMigration = {
  async up(ctx) {
    const { db, dialect } = ctx;
    const run = (s: string) => sql.raw(s).execute(db);
    // Never committed with rows, so PostgreSQL need not write it to the WAL.
    await run(`create ${dialect === 'postgres' ? 'unlogged ' : ''}table member_delta (
      district_id ${idType(dialect)} not null, org_path text not null, territory_path text not null,
      status text not null, stage text not null, employer_unit_id ${idType(dialect)}, d integer not null)`);

    const { memberCount, orgRollup } = MEMBER_COUNTS;
    await keepCounted(ctx, memberCount.counts, 'member', [...memberCount.keys], MEMBER_COUNTS_DEFERRED);
    await keepRolledUp(ctx, orgRollup.counts, 'member', orgRollup.path, orgRollup.node, orgRollup.keys, MEMBER_COUNTS_DEFERRED);
    await keepUnitRegistry(ctx, MEMBER_COUNTS_DEFERRED);

    const cols = [...LOGGED, 'employer_unit_id', 'd'].join(', ');
    // The employer as of the write, as the registry triggers read it.
    const changed = (o: string, n: string) => [...LOGGED, 'person_id'].map((k) => `${o}.${k} <> ${n}.${k}`).join(' or ');
    if (dialect === 'sqlite') {
      await run(`create table count_deferral (on_since text not null)`);
      const log = (row: 'new' | 'old', d: 1 | -1) =>
        `insert into member_delta (${cols}) values (${LOGGED.map((k) => `${row}.${k}`).join(', ')},
          (select employer_unit_id from person where id = ${row}.person_id), ${d});`;
      const when = MEMBER_COUNTS_DEFERRED.sqlite;
      await run(`create trigger member_delta_insert after insert on member when ${when} begin ${log('new', 1)} end`);
      await run(`create trigger member_delta_delete after delete on member when ${when} begin ${log('old', -1)} end`);
      await run(`create trigger member_delta_update after update of ${[...LOGGED, 'person_id'].join(', ')} on member
        when (${changed('old', 'new')}) and ${when} begin ${log('old', -1)} ${log('new', 1)} end`);
    } else {
      const rows = (table: string, d: string) =>
        `select ${LOGGED.map((k) => `r.${k}`).join(', ')}, p.employer_unit_id, ${d} from ${table} r left join person p on p.id = r.person_id`;
      const moved = `select o.id from old_rows o join new_rows n on n.id = o.id where ${changed('o', 'n')}`;
      await run(`create function member_delta_log() returns trigger language plpgsql as $$
        begin
          if not coalesce(${MEMBER_COUNTS_DEFERRED.postgres}, false) then return null; end if;
          if tg_op = 'INSERT' then insert into member_delta (${cols}) ${rows('new_rows', '1')};
          elsif tg_op = 'DELETE' then insert into member_delta (${cols}) ${rows('old_rows', '-1')};
          else insert into member_delta (${cols}) ${rows(`(select * from old_rows where id in (${moved}))`, '-1')}
            union all ${rows(`(select * from new_rows where id in (${moved}))`, '1')};
          end if;
          return null;
        end $$`);
      await run(`create trigger member_delta_insert after insert on member referencing new table as new_rows for each statement execute function member_delta_log()`);
      await run(`create trigger member_delta_delete after delete on member referencing old table as old_rows for each statement execute function member_delta_log()`);
      await run(`create trigger member_delta_update after update on member referencing old table as old_rows new table as new_rows for each statement execute function member_delta_log()`);
    }
  },
};
