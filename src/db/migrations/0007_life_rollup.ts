import { sql } from 'kysely';
import type { CohesionMigration } from './helpers.js';
import { idType } from './helpers.js';

/**
 * The life-compliance rollup (docs/decisions/0008-life-compliance-rollup.md):
 * one row per active party organization (party groups have none: their
 * meetings count for their branch) with its overall status and evaluated
 * requirements for `as_of`, the district's today. A row is due for
 * re-evaluation when `as_of` or `rules_version` is not the current one;
 * invalidation sets `as_of` to '' and raises `generation`, so that an
 * evaluation which read the data before a write does not overwrite the mark.
 */
export const m0007_life_rollup: CohesionMigration = {
  async up(ctx) {
    const { db, dialect } = ctx;
    const ref = idType(dialect);

    await db.schema
      .createTable('life_compliance')
      .addColumn('party_org_id', ref, (c) => c.primaryKey().references('party_org.id'))
      .addColumn('district_id', ref, (c) => c.notNull().references('district.id'))
      // Copies of the organization's paths, so scoped counts need no join.
      .addColumn('territory_path', 'text', (c) => c.notNull())
      .addColumn('org_path', 'text', (c) => c.notNull())
      // YYYY-MM-DD in the district's time zone; '' once invalidated.
      .addColumn('as_of', 'text', (c) => c.notNull())
      .addColumn('rules_version', 'text', (c) => c.notNull())
      // red | amber | open | green | not_applicable
      .addColumn('status', 'text', (c) => c.notNull())
      // The evaluated requirements as the API returns them, without their sources (constant per requirement).
      .addColumn('requirements_json', 'text', (c) => c.notNull())
      .addColumn('computed_at', 'text', (c) => c.notNull())
      .addColumn('generation', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    // Counts per status under a territory node (index-only), pages of a small territory.
    await db.schema.createIndex('life_compliance_territory').on('life_compliance').columns(['district_id', 'territory_path', 'status']).execute();
    // Pages in organization order; organization-scoped users' subtrees.
    await db.schema.createIndex('life_compliance_org').on('life_compliance').columns(['district_id', 'org_path', 'territory_path', 'status']).execute();
    // Pages filtered by status, in organization order.
    await db.schema.createIndex('life_compliance_status').on('life_compliance').columns(['district_id', 'status', 'org_path', 'territory_path']).execute();
    // Rows due for re-evaluation (another day, other rules, invalidated), found without reading the others.
    await db.schema.createIndex('life_compliance_due').on('life_compliance').columns(['district_id', 'as_of', 'rules_version', 'territory_path', 'org_path']).execute();
    // Counting the organizations a scope should have rows for, from the index alone.
    await db.schema.createIndex('party_org_life').on('party_org').columns(['district_id', 'territory_path', 'status', 'kind']).execute();

    // Existing organizations start due: the first read evaluates them.
    await sql`
      insert into life_compliance (party_org_id, district_id, territory_path, org_path, as_of, rules_version, status, requirements_json, computed_at, generation)
      select id, district_id, territory_path, path, '', '', 'open', '[]', '', 1
      from party_org where status = 'active' and kind <> 'party_group'`.execute(db);
  },
};
