import type { CoverageCounts } from '../../domain/coverage.js';
import { longWriteUnderway } from '../../db/connect.js';
import type { Territory } from '../../db/schema.js';
import type { Ctx } from '../../server/context.js';
import { countsOnDates } from './queries.js';

const HOUR_MS = 3_600_000;

/**
 * Month ends before this date may be kept (migration 0017): the first day of
 * the month that contained now − 10 h. It follows the database's clock, as
 * the triggers that judge a write as reaching back do, not the request's
 * clock (which tests fix).
 */
export function keepableBefore(nowMs: number): string {
  return `${new Date(nowMs - 10 * HOUR_MS).toISOString().slice(0, 7)}-01`;
}

/**
 * The coverage counts of `node` on each date (ascending, the last one today):
 * kept month ends while their district's history has not moved since, the
 * others counted (countsOnDates) and the past ones kept for next time.
 * Correct without a shared snapshot: the version is read before the counts,
 * so a write that commits after it bumps the version and voids what is kept.
 */
export async function trendCounts(ctx: Ctx, node: Territory, dates: readonly string[], today: string): Promise<CoverageCounts[]> {
  const k = ctx.db.kysely;
  const scope = ctx.actor.scope;
  // A node inside a territory scope counts the same for everyone who sees it; other scopes are not kept.
  if (!scope.territoryPath) return countsOnDates(k, scope, node.path, dates);
  const before = keepableBefore(Date.now());
  const keepable = new Set(dates.filter((d) => d < today && d < before));
  const where = { district_id: scope.districtId, territory_id: node.id };

  const history = await k.selectFrom('coverage_history').select('v').where('district_id', '=', where.district_id).executeTakeFirst();
  const v = history?.v ?? 0;
  const kept = keepable.size
    ? await k
        .selectFrom('coverage_snapshot')
        .select(['on_date', 'operating', 'own', 'joint', 'work', 'none'])
        .where('district_id', '=', where.district_id)
        .where('territory_id', '=', where.territory_id)
        .where('on_date', 'in', [...keepable])
        .where('v', '=', v)
        .execute()
    : [];
  const byDate = new Map<string, CoverageCounts>(kept.map(({ on_date, ...counts }) => [on_date, counts]));
  const missing = dates.filter((d) => !byDate.has(d));
  if (!missing.length) return dates.map((d) => byDate.get(d)!);

  // Today alone (the month ends kept): the few changes dated after it are read by date, whatever the node's size.
  const counted = await countsOnDates(k, scope, node.path, missing, missing.length === 1 && missing[0] === today ? { scanChangesFrom: 0 } : {});
  missing.forEach((d, i) => byDate.set(d, counted[i]!));
  const toKeep = missing.filter((d) => keepable.has(d));
  // On SQLite an import holds the write lock for minutes: the counts are kept another time.
  if (toKeep.length && !longWriteUnderway(k)) {
    try {
      await k
        .insertInto('coverage_snapshot')
        .values(toKeep.map((on_date) => ({ ...where, on_date, v, ...byDate.get(on_date)! })))
        .onConflict((oc) =>
          oc.columns(['district_id', 'territory_id', 'on_date']).doUpdateSet((eb) => ({
            v: eb.ref('excluded.v'),
            operating: eb.ref('excluded.operating'),
            own: eb.ref('excluded.own'),
            joint: eb.ref('excluded.joint'),
            work: eb.ref('excluded.work'),
            none: eb.ref('excluded.none'),
          })),
        )
        .execute();
    } catch (err) {
      // Keeping is an optimization: the answer stands without it.
      console.warn('coverage trend: could not keep month-end counts', err);
    }
  }
  return dates.map((d) => byDate.get(d)!);
}
