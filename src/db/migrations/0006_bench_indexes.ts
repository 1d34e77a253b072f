import type { CohesionMigration } from './helpers.js';

/**
 * Indexes the benchmarks asked for (bench/FINDINGS.md):
 * - attendance (meeting_id, status): life compliance counts the present
 *   attendees of every meeting of the period with a correlated subquery; with
 *   the status in the index the count is answered from the index alone.
 * - member (party_org_id, stage, status): compliance and composition count
 *   the full members per organization by party_org_id, which no index led with.
 */
export const m0006_bench_indexes: CohesionMigration = {
  async up({ db }) {
    await db.schema.createIndex('attendance_meeting_status').on('attendance').columns(['meeting_id', 'status']).execute();
    await db.schema.createIndex('member_org_stage').on('member').columns(['party_org_id', 'stage', 'status']).execute();
  },
};
