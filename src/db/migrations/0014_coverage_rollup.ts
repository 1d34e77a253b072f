import { rolledUpBy, type CohesionMigration, type RollupKey } from './helpers.js';
import { worklistOrder } from './0013_worklist_rank.js';

/**
 * The keys of coverage_rollup: status, coverage, and whether the unit counts
 * any party member (1 or 0, by the worklist's member count): the worklist's
 * total is its node's operating units with no coverage, plus those reached by
 * work that have members.
 */
export const COVERAGE_ROLLUP_KEYS: readonly RollupKey[] = [
  'status',
  'coverage',
  {
    name: 'has_members',
    expr: (t) => `(case when ${worklistOrder(t)[0].expr} > 0 then 1 else 0 end)`,
    columns: ['registry_members', 'registry_full', 'surveyed_member_count'],
  },
];

/**
 * Units per territory node counting its whole subtree (decision 0011), kept
 * by triggers on `unit`: the coverage summary of a node reads the rows of the
 * node and of its children, not one row per node of the subtree (about 2,000
 * for a city street; the summary served 122 req/s with a p99 of 5.5 s at city
 * scale on SQLite), and the worklist's total is read, not counted (85 ms for a
 * city district on SQLite, 160 ms on PostgreSQL).
 */
export const m0014_coverage_rollup: CohesionMigration = {
  async up(ctx) {
    await rolledUpBy(ctx, 'coverage_rollup', 'unit', 'territory_path', 'territory_id', COVERAGE_ROLLUP_KEYS);
  },
};
