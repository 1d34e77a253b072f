import { sql } from 'kysely';
import type { CohesionMigration } from './helpers.js';

/**
 * The dated history of coverage by district and date, for the trend's
 * "which units changed after the first date" (countsOnDates). The district
 * used to scan all its links and assignments for it (city: 80k links, 227k
 * assignments, ~80 ms on SQLite) even when the first date was today, which is
 * what the trend counts once its past month ends are kept (0017): read by
 * date, only the changes after it are.
 */
export const m0018_history_by_date: CohesionMigration = {
  async up({ db }) {
    const dated: [string, string, string[]][] = [
      ['party_org_unit_since', 'party_org_unit', ['district_id', 'since_on']],
      ['party_org_unit_until', 'party_org_unit', ['district_id', 'until_on']],
      ['liaison_since', 'liaison_assignment', ['district_id', 'since_on']],
      ['liaison_until', 'liaison_assignment', ['district_id', 'until_on']],
      ['party_org_founded', 'party_org', ['district_id', 'founded_on']],
      ['party_org_closed', 'party_org', ['district_id', 'closed_on']],
    ];
    for (const [name, table, columns] of dated) await db.schema.createIndex(name).on(table).columns(columns).execute();
    for (const table of ['party_org_unit', 'liaison_assignment', 'party_org']) await sql`analyze ${sql.table(table)}`.execute(db);
  },
};
