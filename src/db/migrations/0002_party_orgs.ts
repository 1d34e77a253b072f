import { sql } from 'kysely';
import type { CohesionMigration } from './helpers.js';
import { idType, withId } from './helpers.js';

/**
 * Party organizations, the units they cover (with dates, so coverage can be
 * recomputed at any past date), people and posts, work coverage (liaisons),
 * the standardization checklist and its evidence files.
 */
export const m0002_party_orgs: CohesionMigration = {
  async up(ctx) {
    const { db, dialect } = ctx;
    const ref = idType(dialect);

    await db.schema.alterTable('district').addColumn('settings_json', 'text', (c) => c.notNull().defaultTo('{}')).execute();

    await withId(db.schema.createTable('party_org'), dialect)
      .addColumn('district_id', ref, (c) => c.notNull().references('district.id'))
      .addColumn('parent_id', ref, (c) => c.references('party_org.id'))
      .addColumn('path', 'text', (c) => c.notNull())
      .addColumn('depth', 'integer', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('formation_mode', 'text', (c) => c.notNull())
      .addColumn('territory_id', ref, (c) => c.notNull().references('territory.id'))
      .addColumn('territory_path', 'text', (c) => c.notNull())
      .addColumn('founded_on', 'text', (c) => c.notNull())
      .addColumn('approved_on', 'text')
      .addColumn('last_elected_on', 'text')
      .addColumn('demo_site_level', 'text')
      .addColumn('demo_site_on', 'text')
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
      .addColumn('closed_on', 'text')
      .addColumn('closed_reason', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('party_org_path').on('party_org').columns(['district_id', 'path']).execute();
    await db.schema.createIndex('party_org_territory').on('party_org').columns(['district_id', 'territory_path', 'status']).execute();
    await db.schema.createIndex('party_org_parent').on('party_org').columns(['parent_id']).execute();

    await withId(db.schema.createTable('party_org_unit'), dialect)
      .addColumn('district_id', ref, (c) => c.notNull().references('district.id'))
      .addColumn('party_org_id', ref, (c) => c.notNull().references('party_org.id'))
      .addColumn('unit_id', ref, (c) => c.notNull().references('unit.id'))
      .addColumn('since_on', 'text', (c) => c.notNull())
      .addColumn('until_on', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    // At most one organization covers a unit at a time.
    await db.schema
      .createIndex('party_org_unit_current')
      .unique()
      .on('party_org_unit')
      .column('unit_id')
      .where(sql.ref('until_on'), 'is', null)
      .execute();
    await db.schema.createIndex('party_org_unit_org').on('party_org_unit').columns(['party_org_id', 'until_on']).execute();
    await db.schema.createIndex('party_org_unit_unit').on('party_org_unit').columns(['unit_id', 'since_on']).execute();

    await withId(db.schema.createTable('person'), dialect)
      .addColumn('district_id', ref, (c) => c.notNull().references('district.id'))
      .addColumn('territory_id', ref, (c) => c.notNull().references('territory.id'))
      .addColumn('territory_path', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('gender', 'text')
      .addColumn('phone', 'text')
      .addColumn('employer_unit_id', ref, (c) => c.references('unit.id'))
      .addColumn('unit_position', 'text')
      .addColumn('in_unit_management', 'integer', (c) => c.notNull().defaultTo(0))
      // Until the members registry exists: when this person became a full member.
      .addColumn('full_member_since', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('person_territory').on('person').columns(['district_id', 'territory_path']).execute();

    await withId(db.schema.createTable('org_post'), dialect)
      .addColumn('district_id', ref, (c) => c.notNull().references('district.id'))
      .addColumn('party_org_id', ref, (c) => c.notNull().references('party_org.id'))
      .addColumn('person_id', ref, (c) => c.notNull().references('person.id'))
      .addColumn('post', 'text', (c) => c.notNull())
      .addColumn('started_on', 'text', (c) => c.notNull())
      .addColumn('ended_on', 'text')
      .addColumn('approved_on', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('org_post_org').on('org_post').columns(['party_org_id', 'ended_on']).execute();
    await db.schema.createIndex('org_post_person').on('org_post').columns(['person_id']).execute();

    await withId(db.schema.createTable('liaison_assignment'), dialect)
      .addColumn('district_id', ref, (c) => c.notNull().references('district.id'))
      .addColumn('unit_id', ref, (c) => c.notNull().references('unit.id'))
      .addColumn('person_id', ref, (c) => c.notNull().references('person.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('since_on', 'text', (c) => c.notNull())
      .addColumn('until_on', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('liaison_unit').on('liaison_assignment').columns(['unit_id', 'until_on']).execute();

    await withId(db.schema.createTable('upload'), dialect)
      .addColumn('district_id', ref, (c) => c.notNull().references('district.id'))
      .addColumn('party_org_id', ref, (c) => c.references('party_org.id'))
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('original_name', 'text', (c) => c.notNull())
      .addColumn('mime', 'text', (c) => c.notNull())
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('uploaded_by', ref, (c) => c.references('app_user.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();

    await withId(db.schema.createTable('checklist_item'), dialect)
      .addColumn('district_id', ref, (c) => c.notNull().references('district.id'))
      .addColumn('party_org_id', ref, (c) => c.notNull().references('party_org.id'))
      .addColumn('checklist', 'text', (c) => c.notNull())
      .addColumn('item', 'text', (c) => c.notNull())
      .addColumn('done_on', 'text')
      .addColumn('upload_id', ref, (c) => c.references('upload.id'))
      .addColumn('note', 'text')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('checklist_item_key').unique().on('checklist_item').columns(['party_org_id', 'checklist', 'item']).execute();

    // Coverage kept on the unit, updated in the transaction that changes it
    // (STACK-NOTES: on-the-fly joins cost 0.6–0.9 s at city scale, the column 120 ms).
    await db.schema.alterTable('unit').addColumn('coverage', 'text', (c) => c.notNull().defaultTo('none')).execute();
    await db.schema.createIndex('unit_coverage').on('unit').columns(['district_id', 'territory_path', 'status', 'coverage']).execute();
  },
};
