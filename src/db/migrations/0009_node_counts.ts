import type { CohesionMigration } from './helpers.js';
import { countedBy } from './helpers.js';

/**
 * Rows counted per territory node, kept by triggers (docs/decisions/0010-counts-by-node.md):
 * - coverage_count: units per node, status and coverage, for the coverage
 *   summary, the map, the trend and the unit list's total;
 * - member_count: members per node, status and stage, for the development
 *   pipeline and the member list's total.
 * A district reads a few thousand rows instead of 500k units or 1.2M members.
 */
export const m0009_node_counts: CohesionMigration = {
  async up(ctx) {
    await countedBy(ctx, 'coverage_count', 'unit', ['territory_path', 'status', 'coverage']);
    await countedBy(ctx, 'member_count', 'member', ['territory_path', 'status', 'stage']);
  },
};
