import { sql } from 'kysely';
import type { Dialect } from '../connect.js';
import { joinPathIds, type CohesionMigration } from './helpers.js';

/**
 * Per organization, the active members of its whole subtree, kept by triggers
 * on `member` (decision 0011): `subtree_active` (any stage), `subtree_members`
 * (full and probationary) and `subtree_full`. A member's `org_path` names every
 * ancestor by id ('/1/7/42/'), so a member changes the counts of the
 * organizations on its path. The organization list counted a committee's
 * subtree on every page: 537 ms for a city district's committee on SQLite.
 */
export const ORG_SUBTREE_COLUMNS = ['subtree_active', 'subtree_members', 'subtree_full'] as const;

/** The ids on a path as a set for `in` (the SQLite triggers). */
const pathIdsIn = (pathColumn: string) => `(select value from json_each('[' || replace(trim(${pathColumn}, '/'), '/', ',') || ']'))`;

const IS_MEMBER = (row: string) => `(case when ${row}.stage in ('full', 'probationary') then 1 else 0 end)`;
const IS_FULL = (row: string) => `(case when ${row}.stage = 'full' then 1 else 0 end)`;

const CHANGED = `old.status <> new.status or old.stage <> new.stage or old.org_path <> new.org_path`;

export const m0012_org_subtree_counts: CohesionMigration = {
  async up({ db, dialect }) {
    for (const c of ORG_SUBTREE_COLUMNS) await db.schema.alterTable('party_org').addColumn(c, 'integer', (col) => col.notNull().defaultTo(0)).execute();
    const run = (s: string) => sql.raw(s).execute(db);

    if (dialect === 'sqlite') {
      const bump = (row: 'new' | 'old', sign: '+' | '-') => `update party_org set
          subtree_active = subtree_active ${sign} 1,
          subtree_members = subtree_members ${sign} ${IS_MEMBER(row)},
          subtree_full = subtree_full ${sign} ${IS_FULL(row)}
        where id in ${pathIdsIn(`${row}.org_path`)};`;
      await run(`create trigger org_subtree_insert after insert on member when new.status = 'active' begin ${bump('new', '+')} end`);
      await run(`create trigger org_subtree_delete after delete on member when old.status = 'active' begin ${bump('old', '-')} end`);
      await run(`create trigger org_subtree_leave after update of status, stage, org_path on member
        when old.status = 'active' and (${CHANGED}) begin ${bump('old', '-')} end`);
      await run(`create trigger org_subtree_enter after update of status, stage, org_path on member
        when new.status = 'active' and (${CHANGED}) begin ${bump('new', '+')} end`);
    } else {
      // Statement triggers over the transition tables, as in countedBy: rows are grouped by path before the ancestors are expanded.
      const rows = (table: string, sign: '' | '-') =>
        `select r.org_path, ${sign}1 as a, ${sign}${IS_MEMBER('r')} as m, ${sign}${IS_FULL('r')} as f from ${table} r where r.status = 'active'`;
      const anc = joinPathIds(dialect, 'g.org_path');
      const apply = (deltas: string) => `update party_org set
          subtree_active = party_org.subtree_active + d.a, subtree_members = party_org.subtree_members + d.m, subtree_full = party_org.subtree_full + d.f
        from (select ${anc.id} as id, sum(g.a) as a, sum(g.m) as m, sum(g.f) as f
              from (select org_path, sum(a) as a, sum(m) as m, sum(f) as f from (${deltas}) x group by org_path) g${anc.from}
              group by ${anc.id} having sum(g.a) <> 0 or sum(g.m) <> 0 or sum(g.f) <> 0) d
        where party_org.id = d.id;`;
      await run(`create function org_subtree_keep() returns trigger language plpgsql as $$
        begin
          if tg_op = 'INSERT' then ${apply(rows('new_rows', ''))}
          elsif tg_op = 'DELETE' then ${apply(rows('old_rows', '-'))}
          else ${apply(`${rows('new_rows', '')} union all ${rows('old_rows', '-')}`)}
          end if;
          return null;
        end $$`);
      await run(`create trigger org_subtree_insert after insert on member referencing new table as new_rows for each statement execute function org_subtree_keep()`);
      await run(`create trigger org_subtree_delete after delete on member referencing old table as old_rows for each statement execute function org_subtree_keep()`);
      await run(`create trigger org_subtree_update after update on member referencing old table as old_rows new table as new_rows for each statement execute function org_subtree_keep()`);
    }
    await sql.raw(rebuildOrgSubtreeSql(dialect, null)).execute(db);
  },
};

/** The counts each organization should hold, computed from its subtree's members. */
export function actualOrgSubtreeSql(dialect: Dialect, district: number | null): string {
  const anc = joinPathIds(dialect, 'g.org_path');
  const where = district === null ? '' : `and district_id = ${Number(district)}`;
  return `select ${anc.id} as id, sum(g.a) as a, sum(g.m) as m, sum(g.f) as f
    from (select org_path, count(*) as a, sum(${IS_MEMBER('member')}) as m, sum(${IS_FULL('member')}) as f
          from member where status = 'active' ${where} group by org_path) g${anc.from}
    group by ${anc.id}`;
}

/** Sets every organization's counts (of one district, or of all) from its members. */
export function rebuildOrgSubtreeSql(dialect: Dialect, district: number | null): string {
  const where = district === null ? '' : `where district_id = ${Number(district)}`;
  return `update party_org set subtree_active = coalesce(c.a, 0), subtree_members = coalesce(c.m, 0), subtree_full = coalesce(c.f, 0)
    from (select o.id, a, m, f from party_org o left join (${actualOrgSubtreeSql(dialect, district)}) x on x.id = o.id ${where.replace('district_id', 'o.district_id')}) c
    where c.id = party_org.id`;
}
