import type { CohesionMigration } from './helpers.js';
import { appendOnly, idType, withId } from './helpers.js';

/**
 * Organizational life: meetings and who is expected at them, attendance
 * (QR check-in and roll call), minutes with their lock and append-only
 * amendments, attachments (rows of `upload`), training sessions and the hours
 * of each attendee, activity positions and their bookings, and the secret
 * calendar-feed token of each user.
 */
export const m0005_life: CohesionMigration = {
  async up(ctx) {
    const { db, dialect } = ctx;
    const ref = idType(dialect);

    await withId(db.schema.createTable('activity_position'), dialect)
      .addColumn('district_id', ref, (c) => c.notNull().references('district.id'))
      // service_center | service_point | activity_room
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('address', 'text')
      .addColumn('territory_id', ref, (c) => c.notNull().references('territory.id'))
      .addColumn('territory_path', 'text', (c) => c.notNull())
      // The organization that runs it (an activity room of a branch), if any; its path for org-scoped users.
      .addColumn('party_org_id', ref, (c) => c.references('party_org.id'))
      .addColumn('org_path', 'text')
      .addColumn('lng', 'double precision')
      .addColumn('lat', 'double precision')
      .addColumn('area_m2', 'double precision')
      .addColumn('capacity', 'integer')
      // [{"item": "party_flag", "done": true, "note": null}, ...]
      .addColumn('checklist_json', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
      .addColumn('closed_on', 'text')
      .addColumn('closed_reason', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('activity_position_territory').on('activity_position').columns(['district_id', 'territory_path', 'status']).execute();
    await db.schema.createIndex('activity_position_org').on('activity_position').columns(['district_id', 'org_path']).execute();

    await withId(db.schema.createTable('meeting'), dialect)
      .addColumn('district_id', ref, (c) => c.notNull().references('district.id'))
      .addColumn('party_org_id', ref, (c) => c.notNull().references('party_org.id'))
      // Copies of the organization's paths, so scope filters need no join.
      .addColumn('org_path', 'text', (c) => c.notNull())
      .addColumn('territory_path', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('starts_at', 'text', (c) => c.notNull())
      .addColumn('ends_at', 'text', (c) => c.notNull())
      .addColumn('place', 'text')
      .addColumn('activity_position_id', ref, (c) => c.references('activity_position.id'))
      .addColumn('host_person_id', ref, (c) => c.references('person.id'))
      // A host from outside (a lecturer from the party school).
      .addColumn('host_name', 'text')
      .addColumn('topic', 'text')
      // org | committee | party_group | chosen
      .addColumn('audience', 'text', (c) => c.notNull())
      // The party group expected (audience party_group).
      .addColumn('audience_org_id', ref, (c) => c.references('party_org.id'))
      // planned | held | cancelled
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('cancelled_reason', 'text')
      // iCalendar SEQUENCE: raised whenever the time, place or status changes.
      .addColumn('sequence', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_by', ref, (c) => c.references('app_user.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('meeting_org').on('meeting').columns(['district_id', 'org_path', 'starts_at']).execute();
    await db.schema.createIndex('meeting_territory').on('meeting').columns(['district_id', 'territory_path', 'starts_at']).execute();
    await db.schema.createIndex('meeting_org_kind').on('meeting').columns(['party_org_id', 'kind', 'starts_at']).execute();

    await withId(db.schema.createTable('meeting_invitee'), dialect)
      .addColumn('district_id', ref, (c) => c.notNull().references('district.id'))
      .addColumn('meeting_id', ref, (c) => c.notNull().references('meeting.id'))
      .addColumn('member_id', ref, (c) => c.notNull().references('member.id'))
      // chosen | mobile_guest
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('meeting_invitee_key').unique().on('meeting_invitee').columns(['meeting_id', 'member_id']).execute();
    await db.schema.createIndex('meeting_invitee_member').on('meeting_invitee').columns(['member_id']).execute();

    await withId(db.schema.createTable('attendance'), dialect)
      .addColumn('district_id', ref, (c) => c.notNull().references('district.id'))
      .addColumn('meeting_id', ref, (c) => c.notNull().references('meeting.id'))
      .addColumn('member_id', ref, (c) => c.notNull().references('member.id'))
      // present | leave | absent
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('reason', 'text')
      .addColumn('checked_in_at', 'text')
      // qr | roll_call
      .addColumn('method', 'text', (c) => c.notNull())
      // The member's home organization: a mobile member at a host counts for home.
      .addColumn('counts_for_org_id', ref, (c) => c.notNull().references('party_org.id'))
      .addColumn('recorded_by', ref, (c) => c.references('app_user.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('attendance_key').unique().on('attendance').columns(['meeting_id', 'member_id']).execute();
    await db.schema.createIndex('attendance_member').on('attendance').columns(['member_id', 'status']).execute();
    await db.schema.createIndex('attendance_counts_for').on('attendance').columns(['counts_for_org_id', 'status']).execute();

    await withId(db.schema.createTable('minutes'), dialect)
      .addColumn('district_id', ref, (c) => c.notNull().references('district.id'))
      .addColumn('meeting_id', ref, (c) => c.notNull().references('meeting.id'))
      // Sanitized HTML (a small allowlist of tags, no attributes).
      .addColumn('body_html', 'text', (c) => c.notNull())
      // ["resolution 1", ...]
      .addColumn('resolutions_json', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('updated_by', ref, (c) => c.references('app_user.id'))
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('locked_at', 'text')
      .addColumn('locked_by', ref, (c) => c.references('app_user.id'))
      // Committee meetings: the committee's size and how many of it were present, when locked.
      .addColumn('committee_size', 'integer')
      .addColumn('committee_present', 'integer')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('minutes_meeting').unique().on('minutes').columns(['meeting_id']).execute();

    await withId(db.schema.createTable('minutes_amendment'), dialect)
      .addColumn('district_id', ref, (c) => c.notNull().references('district.id'))
      .addColumn('meeting_id', ref, (c) => c.notNull().references('meeting.id'))
      .addColumn('body_html', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('created_by', ref, (c) => c.references('app_user.id'))
      .addColumn('created_by_name', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('minutes_amendment_meeting').on('minutes_amendment').columns(['meeting_id', 'created_at']).execute();
    await appendOnly(ctx, 'minutes_amendment');

    await withId(db.schema.createTable('meeting_attachment'), dialect)
      .addColumn('district_id', ref, (c) => c.notNull().references('district.id'))
      .addColumn('meeting_id', ref, (c) => c.notNull().references('meeting.id'))
      .addColumn('upload_id', ref, (c) => c.notNull().references('upload.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('meeting_attachment_meeting').on('meeting_attachment').columns(['meeting_id']).execute();

    await withId(db.schema.createTable('training_session'), dialect)
      .addColumn('district_id', ref, (c) => c.notNull().references('district.id'))
      .addColumn('party_org_id', ref, (c) => c.notNull().references('party_org.id'))
      .addColumn('org_path', 'text', (c) => c.notNull())
      .addColumn('territory_path', 'text', (c) => c.notNull())
      // party_school | concentrated | lecture | online | other
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('provider', 'text')
      .addColumn('starts_on', 'text', (c) => c.notNull())
      .addColumn('ends_on', 'text', (c) => c.notNull())
      .addColumn('hours', 'double precision', (c) => c.notNull())
      // The meeting (a party lecture) the session was, when it was one: entered once.
      .addColumn('meeting_id', ref, (c) => c.references('meeting.id'))
      .addColumn('created_by', ref, (c) => c.references('app_user.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('training_session_org').on('training_session').columns(['district_id', 'org_path', 'starts_on']).execute();

    await withId(db.schema.createTable('training_hours'), dialect)
      .addColumn('district_id', ref, (c) => c.notNull().references('district.id'))
      .addColumn('session_id', ref, (c) => c.notNull().references('training_session.id'))
      .addColumn('member_id', ref, (c) => c.notNull().references('member.id'))
      .addColumn('hours', 'double precision', (c) => c.notNull())
      // Copy of the session's last day, so yearly sums need no join.
      .addColumn('on_date', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('training_hours_key').unique().on('training_hours').columns(['session_id', 'member_id']).execute();
    await db.schema.createIndex('training_hours_member').on('training_hours').columns(['member_id', 'on_date']).execute();

    await withId(db.schema.createTable('position_booking'), dialect)
      .addColumn('district_id', ref, (c) => c.notNull().references('district.id'))
      .addColumn('position_id', ref, (c) => c.notNull().references('activity_position.id'))
      .addColumn('party_org_id', ref, (c) => c.references('party_org.id'))
      .addColumn('meeting_id', ref, (c) => c.references('meeting.id'))
      .addColumn('starts_at', 'text', (c) => c.notNull())
      .addColumn('ends_at', 'text', (c) => c.notNull())
      .addColumn('purpose', 'text', (c) => c.notNull())
      // active | cancelled
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('created_by', ref, (c) => c.references('app_user.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('cancelled_at', 'text')
      .execute();
    await db.schema.createIndex('position_booking_time').on('position_booking').columns(['position_id', 'status', 'starts_at']).execute();
    await db.schema.createIndex('position_booking_meeting').on('position_booking').columns(['meeting_id']).execute();

    await withId(db.schema.createTable('ics_feed'), dialect)
      .addColumn('district_id', ref, (c) => c.notNull().references('district.id'))
      .addColumn('user_id', ref, (c) => c.notNull().references('app_user.id'))
      // sha256 of the feed token: the table alone does not yield live feeds.
      .addColumn('token_hash', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('ics_feed_user').unique().on('ics_feed').columns(['user_id']).execute();
    await db.schema.createIndex('ics_feed_token').unique().on('ics_feed').columns(['token_hash']).execute();
  },
};
