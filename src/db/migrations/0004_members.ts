import type { CohesionMigration } from './helpers.js';
import { appendOnly, idType, withId } from './helpers.js';

/**
 * Members through their whole life: the registry (personal data on `person`,
 * the party relation on `member`), the development pipeline as an
 * append-only log of steps, transfers, mobile members and their reports,
 * contact events and lost-contact cases, and the district's working-day
 * calendar for public-notice periods.
 */
export const m0004_members: CohesionMigration = {
  async up(ctx) {
    const { db, dialect } = ctx;
    const ref = idType(dialect);

    // Personal data stays on person; the resident ID is encrypted (AES-256-GCM)
    // and found by a keyed hash, unique within a district.
    await db.schema.alterTable('person').addColumn('resident_id_enc', 'text').execute();
    await db.schema.alterTable('person').addColumn('resident_id_hash', 'text').execute();
    await db.schema.alterTable('person').addColumn('birth_date', 'text').execute();
    await db.schema.alterTable('person').addColumn('ethnicity', 'text').execute();
    await db.schema.alterTable('person').addColumn('education', 'text').execute();
    await db.schema.createIndex('person_employer').on('person').columns(['employer_unit_id']).execute();
    await db.schema.createIndex('person_resident_id').unique().on('person').columns(['district_id', 'resident_id_hash']).execute();

    // The person behind a member's (or any) account: "my stage", "my transfers".
    await db.schema.alterTable('app_user').addColumn('person_id', ref).execute();

    await withId(db.schema.createTable('member'), dialect)
      .addColumn('district_id', ref, (c) => c.notNull().references('district.id'))
      .addColumn('person_id', ref, (c) => c.notNull().references('person.id'))
      .addColumn('party_org_id', ref, (c) => c.notNull().references('party_org.id'))
      // Copies of the organization's paths, so scope filters need no join.
      .addColumn('org_path', 'text', (c) => c.notNull())
      .addColumn('territory_path', 'text', (c) => c.notNull())
      .addColumn('stage', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
      .addColumn('closed_on', 'text')
      .addColumn('closed_reason', 'text')
      .addColumn('occupation', 'text')
      .addColumn('position', 'text')
      .addColumn('is_key_post', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('is_technical_backbone', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('is_middle_management', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('is_decision_level', 'integer', (c) => c.notNull().defaultTo(0))
      // Stage dates: derived from the step log, kept here for lists and statistics.
      .addColumn('applied_on', 'text')
      .addColumn('activist_on', 'text')
      .addColumn('candidate_on', 'text')
      .addColumn('admitted_on', 'text')
      .addColumn('full_on', 'text')
      .addColumn('probation_until', 'text')
      .addColumn('is_mobile', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('last_contact_on', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('member_org').on('member').columns(['district_id', 'org_path', 'status', 'stage']).execute();
    await db.schema.createIndex('member_territory').on('member').columns(['district_id', 'territory_path', 'status', 'stage']).execute();
    await db.schema.createIndex('member_person').on('member').columns(['person_id']).execute();

    await withId(db.schema.createTable('development_step'), dialect)
      .addColumn('district_id', ref, (c) => c.notNull().references('district.id'))
      .addColumn('member_id', ref, (c) => c.notNull().references('member.id'))
      .addColumn('step', 'text', (c) => c.notNull())
      .addColumn('done_on', 'text', (c) => c.notNull())
      .addColumn('data_json', 'text', (c) => c.notNull().defaultTo('{}'))
      // A correction is a new row naming the row it replaces.
      .addColumn('corrects_id', ref, (c) => c.references('development_step.id'))
      .addColumn('recorded_by', ref, (c) => c.references('app_user.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('development_step_member').on('development_step').columns(['member_id', 'done_on']).execute();
    await appendOnly(ctx, 'development_step');

    await withId(db.schema.createTable('transfer'), dialect)
      .addColumn('district_id', ref, (c) => c.notNull().references('district.id'))
      .addColumn('member_id', ref, (c) => c.notNull().references('member.id'))
      .addColumn('from_org_id', ref, (c) => c.notNull().references('party_org.id'))
      .addColumn('to_org_id', ref, (c) => c.references('party_org.id'))
      // Out of the district: where the letter goes.
      .addColumn('destination', 'text')
      // Letters across provinces are valid longer (practice: 6 months, not 3).
      .addColumn('cross_province', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('letter_no', 'text')
      .addColumn('valid_until', 'text')
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('requested_on', 'text', (c) => c.notNull())
      .addColumn('sent_on', 'text')
      .addColumn('received_on', 'text')
      .addColumn('returned_on', 'text')
      .addColumn('return_reason', 'text')
      .addColumn('withdrawn_on', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('transfer_member').on('transfer').columns(['member_id', 'status']).execute();
    await db.schema.createIndex('transfer_to').on('transfer').columns(['to_org_id', 'status']).execute();

    await withId(db.schema.createTable('mobile_record'), dialect)
      .addColumn('district_id', ref, (c) => c.notNull().references('district.id'))
      .addColumn('member_id', ref, (c) => c.notNull().references('member.id'))
      .addColumn('destination', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('left_on', 'text', (c) => c.notNull())
      .addColumn('expected_until', 'text')
      .addColumn('certificate_no', 'text')
      .addColumn('host_org_id', ref, (c) => c.references('party_org.id'))
      // centralized (a branch of migrants) or affiliated (attached to a local branch)
      .addColumn('mode', 'text')
      .addColumn('report_every_months', 'integer', (c) => c.notNull().defaultTo(3))
      .addColumn('returned_on', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('mobile_member').on('mobile_record').columns(['member_id', 'returned_on']).execute();
    await db.schema.createIndex('mobile_host').on('mobile_record').columns(['host_org_id', 'returned_on']).execute();

    await withId(db.schema.createTable('mobile_report'), dialect)
      .addColumn('district_id', ref, (c) => c.notNull().references('district.id'))
      .addColumn('mobile_record_id', ref, (c) => c.notNull().references('mobile_record.id'))
      .addColumn('member_id', ref, (c) => c.notNull().references('member.id'))
      .addColumn('reported_on', 'text', (c) => c.notNull())
      .addColumn('location', 'text')
      .addColumn('content', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('mobile_report_record').on('mobile_report').columns(['mobile_record_id', 'reported_on']).execute();

    await withId(db.schema.createTable('contact_event'), dialect)
      .addColumn('district_id', ref, (c) => c.notNull().references('district.id'))
      .addColumn('member_id', ref, (c) => c.notNull().references('member.id'))
      // report | check_in | dues | contact_log | ...
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('happened_on', 'text', (c) => c.notNull())
      .addColumn('note', 'text')
      .addColumn('source_id', ref)
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('contact_event_member').on('contact_event').columns(['member_id', 'happened_on']).execute();

    await withId(db.schema.createTable('lost_contact_case'), dialect)
      .addColumn('district_id', ref, (c) => c.notNull().references('district.id'))
      .addColumn('member_id', ref, (c) => c.notNull().references('member.id'))
      .addColumn('opened_on', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('open'))
      .addColumn('decision', 'text')
      .addColumn('decided_on', 'text')
      .addColumn('decision_note', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('lost_contact_member').on('lost_contact_case').columns(['member_id', 'status']).execute();

    await withId(db.schema.createTable('lost_contact_effort'), dialect)
      .addColumn('district_id', ref, (c) => c.notNull().references('district.id'))
      .addColumn('case_id', ref, (c) => c.notNull().references('lost_contact_case.id'))
      .addColumn('tried_on', 'text', (c) => c.notNull())
      .addColumn('method', 'text', (c) => c.notNull())
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('recorded_by', ref, (c) => c.references('app_user.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();

    await withId(db.schema.createTable('calendar_day'), dialect)
      .addColumn('district_id', ref, (c) => c.notNull().references('district.id'))
      .addColumn('day', 'text', (c) => c.notNull())
      // 1: a working day (an adjusted weekend), 0: a holiday
      .addColumn('is_working', 'integer', (c) => c.notNull())
      .addColumn('note', 'text')
      .execute();
    await db.schema.createIndex('calendar_day_key').unique().on('calendar_day').columns(['district_id', 'day']).execute();
  },
};
