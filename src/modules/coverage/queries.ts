import { sql, type Kysely, type Transaction } from 'kysely';
import { emptyCounts, type CoverageCounts, type CoverageState } from '../../domain/coverage.js';
import { addMonths } from '../../domain/dates.js';
import { subtreeRange } from '../../domain/paths.js';
import type { Database } from '../../db/schema.js';
import { inTerritoryScope, type Scope } from '../../server/scope.js';
import { coverageCase } from './recompute.js';

type Q = Kysely<Database> | Transaction<Database>;

/** Operating units by territory path and coverage, within a subtree: one grouped query. */
export async function countsByPath(db: Q, scope: Scope, rootPath: string) {
  const { from, to } = subtreeRange(rootPath);
  return db
    .selectFrom('unit')
    .select(['territory_path', 'coverage', sql<number>`count(*)`.as('n')])
    .where(inTerritoryScope(scope, 'unit', 'territory_path'))
    .where('territory_path', '>=', from)
    .where('territory_path', '<', to)
    .where('status', '=', 'operating')
    .groupBy(['territory_path', 'coverage'])
    .execute();
}

export function addTo(c: CoverageCounts, state: string, n: number): void {
  c.operating += n;
  if (state === 'own' || state === 'joint' || state === 'work' || state === 'none') c[state as CoverageState] += n;
}

/**
 * Coverage counts of a subtree on a past date, from the event history: units
 * registered by then and not yet closed, links and assignments in force then.
 */
export async function countsOn(db: Q, scope: Scope, rootPath: string, on: string): Promise<CoverageCounts> {
  const { from, to } = subtreeRange(rootPath);
  const rows = await db
    .selectFrom(
      db
        .selectFrom('unit')
        .select(coverageCase(on).as('state'))
        .where(inTerritoryScope(scope, 'unit', 'territory_path'))
        .where('territory_path', '>=', from)
        .where('territory_path', '<', to)
        .where((eb) => eb.or([eb('registered_on', 'is', null), eb('registered_on', '<=', on)]))
        .where((eb) => eb.or([eb('closed_on', 'is', null), eb('closed_on', '>', on)]))
        .as('u'),
    )
    .select(['u.state', sql<number>`count(*)`.as('n')])
    .groupBy('u.state')
    .execute();
  const c = emptyCounts();
  for (const r of rows) addTo(c, r.state, Number(r.n));
  return c;
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
