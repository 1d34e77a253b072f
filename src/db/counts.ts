import { sql, type Kysely, type Transaction } from 'kysely';
import { dialectOfQuery } from './sql.js';
import { countedApply, rolledUpApply, rollupRowsSql, spreadOverPath } from './migrations/helpers.js';
import { COVERAGE_ROLLUP_KEYS } from './migrations/0014_coverage_rollup.js';
import { addToRegistry } from './migrations/0011_unit_registry_counts.js';
import { MEMBER_COUNTS } from './migrations/0016_deferred_member_counts.js';
import type { Database } from './schema.js';

type Q = Kysely<Database> | Transaction<Database>;

/** The tables of rows counted per territory node (migration 0009) and per node's subtree (0012, 0014), kept by triggers (decisions 0010, 0011). */
/**
 * Defers the counts kept by triggers on `member` for the rest of this
 * transaction (migration 0016, decision 0012): the triggers log the rows
 * instead. The writer must call foldMemberCounts before it commits.
 */
export async function deferMemberCounts(trx: Q): Promise<void> {
  if (!trx.isTransaction) throw new Error('member counts are deferred only within a transaction');
  if (dialectOfQuery(trx) === 'postgres') await sql`select set_config('cohesion.defer_counts', 'on', true)`.execute(trx);
  else await sql`insert into count_deferral (on_since) values (datetime('now'))`.execute(trx);
}

/** Applies the member rows logged since deferMemberCounts to the counts, once, and ends the deferral. */
export async function foldMemberCounts(trx: Q): Promise<void> {
  const dialect = dialectOfQuery(trx);
  const run = (s: string) => sql.raw(s).execute(trx);
  if (dialect === 'postgres') await sql`select set_config('cohesion.defer_counts', 'off', true)`.execute(trx);
  else await run('delete from count_deferral');
  const { memberCount, orgRollup } = MEMBER_COUNTS;
  await run(countedApply(memberCount.counts, memberCount.keys)(`select district_id, ${memberCount.keys.join(', ')}, d from member_delta`));
  await run(rolledUpApply(dialect, orgRollup.counts, orgRollup.path, orgRollup.node, orgRollup.keys)(rollupRowsSql('member_delta', orgRollup.path, orgRollup.keys, 'r.d')));
  const full = `sum(case when stage = 'full' then d else 0 end)`;
  await run(
    addToRegistry(`select employer_unit_id as unit_id, sum(d) as m, ${full} as f from member_delta
      where status = 'active' and employer_unit_id is not null group by employer_unit_id having sum(d) <> 0 or ${full} <> 0`),
  );
  await run('delete from member_delta');
}

const COUNTED = [
  { counts: 'coverage_count', source: 'unit', keys: ['territory_path', 'status', 'coverage'] },
  { counts: MEMBER_COUNTS.memberCount.counts, source: 'member', keys: MEMBER_COUNTS.memberCount.keys },
  { counts: 'coverage_rollup', source: 'unit', keys: ['territory_id', 'status', 'coverage', 'has_members'], rollUp: { path: 'territory_path', node: 'territory_id', keys: COVERAGE_ROLLUP_KEYS } },
  {
    counts: MEMBER_COUNTS.orgRollup.counts,
    source: 'member',
    keys: [MEMBER_COUNTS.orgRollup.node, ...MEMBER_COUNTS.orgRollup.keys],
    rollUp: { path: MEMBER_COUNTS.orgRollup.path, node: MEMBER_COUNTS.orgRollup.node, keys: MEMBER_COUNTS.orgRollup.keys },
  },
] as const;

/**
 * Rebuilds a district's counts kept by triggers from the rows they count —
 * per territory node (0009), per unit (0011), per organization's subtree
 * (0012) and per territory node's subtree (0014) — and returns how many were wrong. This is
 * for bulk loads that bypass triggers (PostgreSQL's replica role in the demo
 * generator) and for `cohesion check` (0 is the healthy answer). The kept
 * month-end coverage counts (0017) are dropped too: such a load may have
 * rewritten the past without bumping its version.
 */
export async function rebuildKeptCounts(db: Q, districtId: number): Promise<number> {
  const dialect = dialectOfQuery(db);
  await db.deleteFrom('coverage_snapshot').where('district_id', '=', districtId).execute();
  let wrong = await rebuildUnitRegistryCounts(db, districtId);
  for (const counted of COUNTED) {
    const { counts, source, keys } = counted;
    const columns = sql.join(keys.map((k) => sql.ref(k)));
    // What the counts should be: grouped by the keys, or spread over every node on each row's path.
    const actualSql =
      'rollUp' in counted
        ? sql.raw(
            spreadOverPath(
              dialect,
              rollupRowsSql(source, counted.rollUp.path, counted.rollUp.keys, '1', `where r.district_id = ${Number(districtId)}`),
              counted.rollUp.path,
              counted.rollUp.node,
              keys.slice(1),
            ),
          )
        : sql`select district_id, ${columns}, count(*) as n from ${sql.table(source)} where district_id = ${districtId} group by district_id, ${columns}`;
    const [kept, actual] = await Promise.all([
      sql<Record<string, string | number>>`select ${columns}, n from ${sql.table(counts)} where district_id = ${districtId} and n <> 0`.execute(db),
      sql<Record<string, string | number>>`select ${columns}, n from (${actualSql}) a`.execute(db),
    ]);
    const key = (r: Record<string, string | number>) => keys.map((k) => String(r[k])).join('\u0000');
    const want = new Map(actual.rows.map((r) => [key(r), Number(r.n)]));
    const keptKeys = new Set(kept.rows.map(key));
    const off = kept.rows.filter((r) => want.get(key(r)) !== Number(r.n)).length + actual.rows.filter((r) => !keptKeys.has(key(r))).length;
    if (!off) continue;
    wrong += off;
    await sql`delete from ${sql.table(counts)} where district_id = ${districtId}`.execute(db);
    await sql`insert into ${sql.table(counts)} (district_id, ${columns}, n) select district_id, ${columns}, n from (${actualSql}) a`.execute(db);
  }
  return wrong;
}

/** The registered active and full members per unit of a district, as the triggers of migration 0011 keep them. */
async function rebuildUnitRegistryCounts(db: Q, districtId: number): Promise<number> {
  const actual = sql`select p.employer_unit_id as unit_id, count(*) as m, sum(case when m.stage = 'full' then 1 else 0 end) as f
    from member m join person p on p.id = m.person_id
    where m.district_id = ${districtId} and m.status = 'active' and p.employer_unit_id is not null group by p.employer_unit_id`;
  const { rows } = await sql<{ n: number }>`select count(*) as n from unit left join (${actual}) c on c.unit_id = unit.id
    where unit.district_id = ${districtId} and (unit.registry_members <> coalesce(c.m, 0) or unit.registry_full <> coalesce(c.f, 0))`.execute(db);
  const wrong = Number(rows[0]?.n ?? 0);
  if (wrong) {
    await sql`update unit set registry_members = 0, registry_full = 0 where district_id = ${districtId}`.execute(db);
    await sql`update unit set registry_members = c.m, registry_full = c.f from (${actual}) c where c.unit_id = unit.id`.execute(db);
  }
  return wrong;
}
