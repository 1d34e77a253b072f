import { sql } from 'kysely';
import type { Dialect } from '../connect.js';
import { idType, type CohesionMigration } from './helpers.js';

/**
 * Month-end coverage counts kept for the trend (decision 0013). A past month
 * end's counts change only when a write reaches back to it: a link, an
 * assignment, a unit's or an organization's dates, a unit's move. Such a
 * write bumps its district's `coverage_history.v` in its own transaction; a
 * kept count is used only while its `v` is the district's.
 *
 * "Reaches back" is judged by the database clock, not the district's time
 * zone: a date before the first day of the month that contains now + 14 h
 * (UTC), which is on or after the first day of the current month in every
 * time zone. Counts are kept only for month ends that lie before the first
 * day of the month containing now − 10 h, so a write whose transaction began
 * up to a day before the counts were computed is still judged as reaching
 * back (src/modules/coverage/trend.ts).
 */
export function reachesBack(dialect: Dialect): string {
  return dialect === 'sqlite'
    ? `date('now', '+14 hours', 'start of month')`
    : `to_char(date_trunc('month', (statement_timestamp() at time zone 'UTC') + interval '14 hours'), 'YYYY-MM-DD')`;
}

interface History {
  table: string;
  /** Dates that place a row in the past; `ever` ones count as "always" when null. */
  dated: readonly string[];
  ever?: readonly string[];
  /** Columns whose change rewrites the past whatever the dates. */
  moved: readonly string[];
  /** A status that counts without a date unless the row's closing date is recent. */
  status?: boolean;
  /** Inserting or deleting a row alone changes no count (an organization without links). */
  updatesOnly?: boolean;
}

export const COVERAGE_HISTORY: readonly History[] = [
  { table: 'unit', dated: ['registered_on', 'closed_on'], ever: ['registered_on'], moved: ['territory_path', 'district_id'], status: true },
  { table: 'party_org_unit', dated: ['since_on', 'until_on'], moved: ['unit_id', 'party_org_id', 'district_id'] },
  { table: 'liaison_assignment', dated: ['since_on', 'until_on'], moved: ['unit_id', 'district_id'] },
  { table: 'party_org', dated: ['founded_on', 'closed_on'], moved: ['formation_mode', 'district_id'], status: true, updatesOnly: true },
];

/** The trigger conditions of one table: on a written row (insert, delete) and on an update. */
export function historyConditions(dialect: Dialect, h: History): { row: (r: 'new' | 'old') => string; update: string } {
  const before = reachesBack(dialect);
  const distinct = (c: string) => (dialect === 'sqlite' ? `old.${c} is not new.${c}` : `old.${c} is distinct from new.${c}`);
  const value = (r: string, c: string) => (h.ever?.includes(c) ? `coalesce(${r}.${c}, '')` : `coalesce(${r}.${c}, '9999')`);
  const row = (r: 'new' | 'old') => h.dated.map((c) => `${value(r, c)} < ${before}`).join(' or ');
  const update = [
    ...h.dated.map((c) => `(${distinct(c)} and (${value('old', c)} < ${before} or ${value('new', c)} < ${before}))`),
    ...h.moved.map(distinct),
    ...(h.status ? [`(${distinct('status')} and coalesce(new.closed_on, old.closed_on, '') < ${before})`] : []),
  ].join(' or ');
  return { row, update };
}

export const m0017_coverage_snapshots: CohesionMigration = {
  async up(ctx) {
    const { db, dialect } = ctx;
    const run = (s: string) => sql.raw(s).execute(db);
    const id = idType(dialect);
    // bumped_in: PostgreSQL's transaction that last bumped v; one bump per transaction is enough.
    await run(`create table coverage_history (district_id ${id} primary key references district (id), v integer not null,
      bumped_in ${dialect === 'postgres' ? 'bigint' : 'integer'})`);
    await run(`insert into coverage_history (district_id, v) select id, 0 from district`);
    // A cache: no foreign key to the territory, so that removing one is not held up by its counts.
    await run(`create table coverage_snapshot (district_id ${id} not null, territory_id ${id} not null, on_date text not null,
      v integer not null, operating integer not null, own integer not null, joint integer not null, work integer not null,
      none integer not null, primary key (district_id, territory_id, on_date))`);

    if (dialect === 'postgres') {
      // A bulk load by the same transaction bumps once: later rows find bumped_in theirs and write no new version.
      await run(`create function coverage_history_bump() returns trigger language plpgsql as $$
        declare d bigint := case when tg_op = 'DELETE' then old.district_id else new.district_id end;
        begin
          insert into coverage_history as h (district_id, v, bumped_in) values (d, 1, txid_current())
            on conflict (district_id) do update set v = h.v + 1, bumped_in = excluded.bumped_in
            where h.bumped_in is distinct from excluded.bumped_in;
          return null;
        end $$`);
    }
    for (const h of COVERAGE_HISTORY) {
      const { row, update } = historyConditions(dialect, h);
      const ops: [string, string, 'new' | 'old'][] = [['update', update, 'new']];
      if (!h.updatesOnly) ops.push(['insert', row('new'), 'new'], ['delete', row('old'), 'old']);
      for (const [op, when, r] of ops) {
        const name = `${h.table}_history_${op}`;
        await run(
          dialect === 'sqlite'
            ? `create trigger ${name} after ${op} on ${h.table} when ${when} begin
                insert into coverage_history (district_id, v) values (${r}.district_id, 1)
                  on conflict (district_id) do update set v = v + 1;
              end`
            : `create trigger ${name} after ${op} on ${h.table} for each row when (${when}) execute function coverage_history_bump()`,
        );
      }
    }
  },
};
