import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import { emptyCounts, type CoverageCounts, type CoverageState } from '../../domain/coverage.js';
import { addMonths } from '../../domain/dates.js';
import { pathIds, subtreeRange } from '../../domain/paths.js';
import type { Database } from '../../db/schema.js';
import { containsText, countAll } from '../../db/sql.js';
import { inTerritoryScope, type Scope } from '../../server/scope.js';
import { liaisonLive, linkLive } from './recompute.js';

type Q = Kysely<Database> | Transaction<Database>;

/**
 * Operating units by territory path and coverage, within a subtree: a few rows
 * per territory node from the counts the unit triggers keep (migration 0009).
 */
export async function countsByPath(db: Q, scope: Scope, rootPath: string) {
  const { from, to } = subtreeRange(rootPath);
  return db
    .selectFrom('coverage_count')
    .select(['territory_path', 'coverage', 'n'])
    .where(inTerritoryScope(scope, 'coverage_count', 'territory_path'))
    .where('territory_path', '>=', from)
    .where('territory_path', '<', to)
    .where('status', '=', 'operating')
    .where('n', '>', 0)
    .execute();
}

/**
 * Operating units by coverage in the whole subtree of each node
 * (coverage_rollup, migration 0014): one row per node and state. The nodes
 * must have been resolved within the scope (scopeNode) or be children of one.
 */
export async function subtreeCounts(db: Q, scope: Scope, nodeIds: number[]) {
  if (!scope.territoryPath || !nodeIds.length) return [];
  return db
    .selectFrom('coverage_rollup')
    .select(['territory_id', 'coverage', 'has_members', 'n'])
    .where('district_id', '=', scope.districtId)
    .where('territory_id', 'in', nodeIds)
    .where('status', '=', 'operating')
    .where('n', '>', 0)
    .execute();
}

export type SubtreeCount = Awaited<ReturnType<typeof subtreeCounts>>[number];

/** What the children of a node can be sorted by. */
export const CHILD_SORTS = ['name', 'operating', 'own', 'joint', 'work', 'none', 'organizational'] as const;
export type ChildSort = (typeof CHILD_SORTS)[number];

const coverageSum = (state: CoverageState) => sql<number>`coalesce(sum(case when r.coverage = ${state} then r.n else 0 end), 0)`;
const CHILD_ORDER: Record<Exclude<ChildSort, 'name'>, RawBuilder<number>> = {
  operating: sql<number>`coalesce(sum(r.n), 0)`,
  own: coverageSum('own'),
  joint: coverageSum('joint'),
  work: coverageSum('work'),
  none: coverageSum('none'),
  // A child without operating units sorts below every rate, as its empty rate does in the table.
  organizational: sql<number>`coalesce(sum(case when r.coverage in ('own', 'joint') then r.n else 0 end) * 1.0 / nullif(sum(r.n), 0), -1)`,
};

/**
 * The active children of a node, each with its subtree's operating units by
 * coverage (coverage_rollup): one page of them, sorted, and how many there
 * are. A city street has hundreds of areas; a request reads and answers only
 * its page.
 */
export async function childCounts(db: Q, scope: Scope, parentId: number, opts: { q?: string; sort: ChildSort; descending: boolean; limit: number; offset: number }) {
  let children = db.selectFrom('territory as t').where('t.parent_id', '=', parentId).where('t.status', '=', 'active');
  if (opts.q) children = children.where(containsText('t.name', opts.q));
  const dir = opts.descending ? 'desc' : 'asc';
  let page = children
    .leftJoin('coverage_rollup as r', (j) => j.onRef('r.territory_id', '=', 't.id').on('r.district_id', '=', scope.districtId).on('r.status', '=', 'operating'))
    .select(['t.id', 't.name', 't.kind', 't.lng', 't.lat'])
    .select([CHILD_ORDER.operating.as('operating'), coverageSum('own').as('own'), coverageSum('joint').as('joint'), coverageSum('work').as('work'), coverageSum('none').as('none')])
    .groupBy(['t.id', 't.name', 't.kind', 't.lng', 't.lat']);
  if (opts.sort !== 'name') page = page.orderBy(CHILD_ORDER[opts.sort], dir);
  const rows = await page.orderBy('t.name', opts.sort === 'name' ? dir : 'asc').orderBy('t.id').limit(opts.limit).offset(opts.offset).execute();
  // A first page that is not full holds them all (most nodes: a street of a few areas), so nothing is counted.
  const total = opts.offset === 0 && rows.length < opts.limit ? rows.length : Number((await children.select(countAll().as('n')).executeTakeFirstOrThrow()).n);
  return {
    items: rows.map((r) => {
      const counts = emptyCounts();
      for (const state of ['own', 'joint', 'work', 'none'] as const) counts[state] = Number(r[state]);
      counts.operating = Number(r.operating);
      return { territory: r, counts };
    }),
    total,
  };
}

/** The operating units of all active children of a node together, by coverage. */
export async function childrenTotal(db: Q, scope: Scope, parentId: number): Promise<CoverageCounts> {
  // Driven from the children (a join let SQLite scan the district's rollup rows first: 3 ms).
  const rows = await db
    .selectFrom('coverage_rollup as r')
    .where('r.territory_id', 'in', (eb) => eb.selectFrom('territory as t').select('t.id').where('t.parent_id', '=', parentId).where('t.status', '=', 'active'))
    .where('r.district_id', '=', scope.districtId)
    .where('r.status', '=', 'operating')
    .select(['r.coverage', sql<number>`sum(r.n)`.as('n')])
    .groupBy('r.coverage')
    .execute();
  const counts = emptyCounts();
  for (const r of rows) addTo(counts, r.coverage, Number(r.n));
  return counts;
}

export function addTo(c: CoverageCounts, state: string, n: number): void {
  c.operating += n;
  if (state === 'own' || state === 'joint' || state === 'work' || state === 'none') c[state as CoverageState] += n;
}

/** Above this many units in a subtree the trend finds moved units from the district's recent changes (see countsOnDates). */
const SCAN_CHANGES_FROM_UNITS = 100_000;

/** Coverage states by rank in the trend query: a unit takes its highest of the day (own 3, joint 2, work 1). */
const RANKED_STATES = ['none', 'work', 'joint', 'own'] as const satisfies readonly CoverageState[];

/**
 * Coverage counts of a subtree at each of some past dates (ascending, the
 * last one today), from the dated history: the units registered by then and
 * not yet closed, each with the links and liaison assignments in force then
 * (coverageCase(on)). Evaluating that for every unit and date (12 dates ×
 * 500k units × 3 correlated lookups) took minutes at city scale. Here it is
 * evaluated only for the units whose coverage may have moved since the first
 * date; for the others it is their stored coverage, which coverageCase(null)
 * keeps in the transaction of every change (and `cohesion check` repairs):
 *
 * - operating units by stored coverage, from the index alone;
 * - the few units registered after the first date or closed, with the first
 *   dates by which each was registered and closed (found by date);
 * - the units with a link, an organization or an assignment dated after the
 *   first date (with every date of theirs on or before it, a unit's coverage
 *   on each date is the stored one), with their rank on each date.
 *
 * Each answer is grouped: a few hundred rows at most.
 */
export async function countsOnDates(
  db: Q,
  scope: Scope,
  rootPath: string,
  dates: readonly string[],
  opts: { scanChangesFrom?: number } = {},
): Promise<CoverageCounts[]> {
  const { from, to } = subtreeRange(rootPath);
  const n = dates.length;
  const first = dates[0]!;
  const districtId = scope.districtId;
  const inSubtree = sql<boolean>`${inTerritoryScope(scope, 'unit', 'territory_path')} and unit.territory_path >= ${from} and unit.territory_path < ${to}`;
  // Index of the first date on or after the column's (n: none), evaluated only when it may be above 0.
  const firstDateBy = (column: string) =>
    sql<number>`case ${sql.join(
      dates.map((d, i) => sql`when ${sql.ref(column)} <= ${d} then ${sql.lit(i)}`),
      sql` `,
    )} else ${sql.lit(n)} end`;
  const registeredBy = sql<number>`case when unit.registered_on > ${first} then ${firstDateBy('unit.registered_on')} else 0 end`;
  const closedBy = sql<number>`case when unit.closed_on is null then ${sql.lit(n)} else ${firstDateBy('unit.closed_on')} end`;
  const rank = (i: number) => sql.ref(`r${i}`);
  const rankedColumns = sql.join(dates.map((_, i) => sql`ranked.${rank(i)}`));
  const ranks = (perDate: (on: string) => RawBuilder<number>) => sql.join(dates.map((d, i) => sql`${perDate(d)} as ${rank(i)}`));
  const linkRank = (on: string) => sql<number>`case when ${linkLive(on)} then (case when o.formation_mode = 'single' then 3 else 2 end) else 0 end`;
  const liaisonRank = (on: string) => sql<number>`case when ${liaisonLive(on)} then 1 else 0 end`;

  const operating = await subtreeCounts(db, scope, [pathIds(rootPath).at(-1)!]);
  // The units whose links or assignments moved since the first date: in a small subtree, its units are
  // checked one by one (index seeks); in a large one (a district), or when the first date is recent, the
  // district's links, organizations and assignments dated after it are read by date (0018) and the
  // subtree's units picked from them.
  const subtreeUnits = operating.reduce((sum, r) => sum + Number(r.n), 0);
  const since = {
    link: sql`(l.since_on > ${first} or l.until_on > ${first} or o.founded_on > ${first} or o.closed_on > ${first})`,
    liaison: sql`(a.since_on > ${first} or a.until_on > ${first})`,
  };
  const movedUnits =
    subtreeUnits > (opts.scanChangesFrom ?? SCAN_CHANGES_FROM_UNITS)
      ? sql`select unit.id as unit_id, ${registeredBy} as rb, ${closedBy} as cb, unit.coverage from (
          ${sql.join(
            [
              ...['since_on', 'until_on'].map((c) => sql`select l.unit_id from party_org_unit l where l.district_id = ${districtId} and ${sql.ref(`l.${c}`)} > ${first}`),
              ...['founded_on', 'closed_on'].map(
                (c) => sql`select l.unit_id from party_org o cross join party_org_unit l where o.district_id = ${districtId} and ${sql.ref(`o.${c}`)} > ${first} and l.party_org_id = o.id`,
              ),
              ...['since_on', 'until_on'].map((c) => sql`select a.unit_id from liaison_assignment a where a.district_id = ${districtId} and ${sql.ref(`a.${c}`)} > ${first}`),
            ],
            sql` union `,
          )}
        ) m cross join unit where unit.id = m.unit_id and ${inSubtree}`
      : sql`select unit.id as unit_id, ${registeredBy} as rb, ${closedBy} as cb, unit.coverage from unit
        where ${inSubtree} and (
          exists (select 1 from party_org_unit l join party_org o on o.id = l.party_org_id where l.unit_id = unit.id and ${since.link})
          or exists (select 1 from liaison_assignment a where a.unit_id = unit.id and ${since.liaison}))`;
  const [registeredOrClosed, moved] = await Promise.all([
    // Units registered within the dates, and units closed within them (registered before), each found by
    // date (unit_registered, unit_closed). A unit closed before the first date counts on none of them,
    // and is no longer operating: it changes nothing, so it is not read.
    sql<{ rb: number; cb: number; status: string; coverage: string; n: number }>`
      select rb, cb, status, coverage, count(*) as n from (
        select ${registeredBy} as rb, ${closedBy} as cb, unit.status, unit.coverage from unit
        where ${inSubtree} and unit.registered_on > ${first}
        union all
        select ${registeredBy} as rb, ${closedBy} as cb, unit.status, unit.coverage from unit
        where ${inSubtree} and unit.closed_on > ${first} and (unit.registered_on is null or unit.registered_on <= ${first})
      ) u group by rb, cb, status, coverage`.execute(db),
    // CROSS JOIN keeps SQLite's join order: from the few moved units to their rows, not from every unit of the subtree.
    sql<Record<string, number | string>>`
      with moved as materialized (${movedUnits}),
      ranked as (
        select unit_id, ${sql.join(dates.map((_, i) => sql`max(${rank(i)}) as ${rank(i)}`))} from (
          select l.unit_id, ${ranks(linkRank)}
          from moved cross join party_org_unit l join party_org o on o.id = l.party_org_id where l.unit_id = moved.unit_id
          union all
          select a.unit_id, ${ranks(liaisonRank)}
          from moved cross join liaison_assignment a where a.unit_id = moved.unit_id
        ) x group by unit_id
      )
      select moved.rb, moved.cb, moved.coverage, ${rankedColumns}, count(*) as n
      from moved join ranked on ranked.unit_id = moved.unit_id
      group by moved.rb, moved.cb, moved.coverage, ${rankedColumns}`.execute(db),
  ]);

  const out = dates.map(() => emptyCounts());
  const each = (rb: unknown, cb: unknown, f: (c: CoverageCounts, i: number) => void) => {
    for (let i = Number(rb); i < Math.min(n, Number(cb)); i++) f(out[i]!, i);
  };
  // Operating units count on every date, as they are now; then the few that were not there all along are corrected.
  for (const r of operating) each(0, n, (c) => addTo(c, r.coverage, Number(r.n)));
  for (const r of registeredOrClosed.rows) {
    if (r.status === 'operating') each(0, n, (c) => addTo(c, r.coverage, -Number(r.n)));
    each(r.rb, r.cb, (c) => addTo(c, r.coverage, Number(r.n)));
  }
  for (const r of moved.rows) {
    each(r.rb, r.cb, (c, i) => {
      addTo(c, String(r.coverage), -Number(r.n));
      addTo(c, RANKED_STATES[Number(r[`r${i}`])]!, Number(r.n));
    });
  }
  return out;
}

/** The last day of each of the `months` months ending with the one containing `today`. */
export function monthEnds(today: string, months: number): string[] {
  const out: string[] = [];
  for (let i = months - 1; i >= 0; i--) {
    const firstOfNext = addMonths(`${today.slice(0, 7)}-01`, 1 - i);
    const end = addMonths(firstOfNext, 0);
    const d = new Date(`${end}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() - 1);
    const last = d.toISOString().slice(0, 10);
    out.push(last > today ? today : last);
  }
  return out;
}
