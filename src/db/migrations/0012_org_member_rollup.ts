import { rolledUpBy, type CohesionMigration } from './helpers.js';

/**
 * Members per organization's whole subtree, by status and stage, kept by
 * triggers on `member` (decision 0011): a member counts for every organization
 * on its `org_path`. The organization list counted a committee's subtree on
 * every page (400 ms for a city district's committee on SQLite). A table of
 * its own rather than columns on `party_org`: the counts change with every
 * member written, and `party_org` rows are what each member's foreign key
 * check reads.
 */
export const m0012_org_member_rollup: CohesionMigration = {
  async up(ctx) {
    await rolledUpBy(ctx, 'org_member_rollup', 'member', 'org_path', 'party_org_id', ['status', 'stage']);
  },
};
