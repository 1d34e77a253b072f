import type { CohesionMigration } from './helpers.js';

/**
 * Indexes the city-scale benchmark asked for (bench/FINDINGS.md):
 * - unit (district_id, name): the unit list is sorted by name by default; without
 *   it a street of 40k units was read whole and sorted for each page of 20.
 *   With it the database walks names in order and stops at the page.
 */
export const m0008_city_indexes: CohesionMigration = {
  async up({ db }) {
    await db.schema.createIndex('unit_name').on('unit').columns(['district_id', 'name']).execute();
  },
};
