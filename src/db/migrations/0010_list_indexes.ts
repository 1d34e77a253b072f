import { sql } from 'kysely';
import type { CohesionMigration } from './helpers.js';

/**
 * Indexes for pages and the trend at city scale (bench/FINDINGS.md), then the
 * planner's statistics, which existing databases never had: without them
 * SQLite cannot tell a district-wide territory range from an area's, and
 * sorts half a million units for a page of 20 that the `unit_name` index
 * (migration 0008) answers in a millisecond.
 * - person (district_id, name): member pages in name order over a large range
 *   walk people in name order (src/modules/members/queries.ts).
 * - unit (district_id, registered_on, territory_path) and (district_id,
 *   closed_on, territory_path): the trend's units registered or closed within
 *   its months, found by date instead of by reading every unit of the subtree.
 */
export const m0010_list_indexes: CohesionMigration = {
  async up({ db }) {
    await db.schema.createIndex('person_name').on('person').columns(['district_id', 'name']).execute();
    await db.schema.createIndex('unit_registered').on('unit').columns(['district_id', 'registered_on', 'territory_path']).execute();
    await db.schema.createIndex('unit_closed').on('unit').columns(['district_id', 'closed_on', 'territory_path']).execute();
    await sql`analyze`.execute(db);
  },
};
