import Type from 'typebox';
import {
  ATTENDANCE_STATUSES,
  AUDIENCES,
  CHECKIN_METHODS,
  INVITEE_REASONS,
  LIFE_STATUSES,
  MEETING_KINDS,
  MEETING_STATUSES,
  PERIOD_KINDS,
  POSITION_CHECKLIST,
  POSITION_KINDS,
  TRAINING_KINDS,
} from '../../domain/life.js';
import { ORG_KINDS } from '../../domain/orgs.js';
import { DateString, Id, IdParams, ListOf, Nullable, PageQuery, SortQuery, StringEnum } from '../../server/schemas.js';

export { IdParams };

const DateTime = Type.String({ format: 'date-time', description: 'ISO 8601 instant, e.g. 2026-04-01T06:30:00Z' });
const Text = (max: number, min = 0) => Type.String({ minLength: min, maxLength: max });
const Bilingual = Type.Object({ 'zh-CN': Type.String(), en: Type.String() });
const Lang = Type.Optional(StringEnum(['zh-CN', 'en']));
const PeriodKey = Type.String({ pattern: '^\\d{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$', description: 'YYYY-MM, YYYY-Qn or YYYY' });
const MeetingKindSchema = StringEnum(MEETING_KINDS);
const LifeStatusSchema = StringEnum(LIFE_STATUSES);

// --- Meetings -------------------------------------------------------------------------

export const Meeting = Type.Object({
  id: Type.Integer(),
  orgId: Type.Integer(),
  orgName: Type.String(),
  orgKind: StringEnum(ORG_KINDS),
  kind: MeetingKindSchema,
  title: Type.String(),
  startsAt: Type.String(),
  endsAt: Type.String(),
  place: Nullable(Type.String()),
  activityPositionId: Nullable(Type.Integer()),
  positionName: Nullable(Type.String()),
  hostPersonId: Nullable(Type.Integer()),
  /** The host's name: the person's, or the outside host's as written. */
  hostName: Nullable(Type.String()),
  topic: Nullable(Type.String()),
  audience: StringEnum(AUDIENCES),
  audienceGroupId: Nullable(Type.Integer()),
  audienceGroupName: Nullable(Type.String()),
  status: StringEnum(MEETING_STATUSES),
  cancelledReason: Nullable(Type.String()),
  presentCount: Type.Integer(),
  minutesLocked: Type.Boolean(),
  /** Counts toward the required frequencies (attendance + locked minutes, quorum for committee meetings). */
  counts: Type.Boolean(),
  notCountedReason: Nullable(StringEnum(['cancelled', 'no_attendance', 'minutes_not_locked', 'no_quorum'])),
  sequence: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

const AttendanceMark = Type.Object({
  status: StringEnum(ATTENDANCE_STATUSES),
  reason: Nullable(Type.String()),
  method: StringEnum(CHECKIN_METHODS),
  checkedInAt: Nullable(Type.String()),
});

export const ExpectedMember = Type.Object({
  memberId: Type.Integer(),
  personId: Type.Integer(),
  name: Type.String(),
  orgId: Type.Integer(),
  orgName: Type.String(),
  stage: Type.String(),
  /** audience: by the meeting's audience; chosen / mobile_guest: invited. */
  reason: StringEnum(['audience', ...INVITEE_REASONS]),
  attendance: Nullable(AttendanceMark),
});

export const Minutes = Type.Object({
  bodyHtml: Type.String(),
  resolutions: Type.Array(Type.String()),
  updatedAt: Type.String(),
  lockedAt: Nullable(Type.String()),
  lockedByName: Nullable(Type.String()),
});

export const Amendment = Type.Object({
  id: Type.Integer(),
  bodyHtml: Type.String(),
  reason: Type.String(),
  createdAt: Type.String(),
  createdByName: Type.String(),
});

export const Attachment = Type.Object({ id: Type.Integer(), name: Type.String(), mime: Type.String(), size: Type.Integer(), createdAt: Type.String() });

export const MeetingDetail = Type.Object({
  meeting: Meeting,
  expected: Type.Array(ExpectedMember),
  summary: Type.Object({ expected: Type.Integer(), present: Type.Integer(), leave: Type.Integer(), absent: Type.Integer(), unmarked: Type.Integer() }),
  minutes: Nullable(Minutes),
  amendments: Type.Array(Amendment),
  attachments: Type.Array(Attachment),
  /** Committee meetings: more than half of the committee present (Branch). */
  quorum: Nullable(Type.Object({ committeeSize: Type.Integer(), present: Type.Integer(), needed: Type.Integer(), met: Type.Boolean() })),
  /** Mobile members hosted by this organization (home elsewhere), and whether they are invited. */
  guests: Type.Array(Type.Object({ memberId: Type.Integer(), name: Type.String(), homeOrgName: Type.String(), invited: Type.Boolean() })),
});

const MeetingFields = {
  kind: MeetingKindSchema,
  title: Text(200, 1),
  startsAt: DateTime,
  endsAt: DateTime,
  place: Type.Optional(Nullable(Text(200))),
  activityPositionId: Type.Optional(Nullable(Id)),
  hostPersonId: Type.Optional(Nullable(Id)),
  hostName: Type.Optional(Nullable(Text(100))),
  topic: Type.Optional(Nullable(Text(2000))),
  audience: StringEnum(AUDIENCES),
  audienceGroupId: Type.Optional(Nullable(Id)),
  /** Chosen people and visiting mobile members (replaces the chosen list on update). */
  inviteeMemberIds: Type.Optional(Type.Array(Id, { maxItems: 500 })),
};

export const CreateMeeting = Type.Object({ orgId: Id, ...MeetingFields }, { additionalProperties: false });
export const UpdateMeeting = Type.Object(
  {
    kind: Type.Optional(MeetingFields.kind),
    title: Type.Optional(MeetingFields.title),
    startsAt: Type.Optional(DateTime),
    endsAt: Type.Optional(DateTime),
    place: MeetingFields.place,
    activityPositionId: MeetingFields.activityPositionId,
    hostPersonId: MeetingFields.hostPersonId,
    hostName: MeetingFields.hostName,
    topic: MeetingFields.topic,
    audience: Type.Optional(MeetingFields.audience),
    audienceGroupId: MeetingFields.audienceGroupId,
    inviteeMemberIds: MeetingFields.inviteeMemberIds,
  },
  { additionalProperties: false },
);
export const CancelMeeting = Type.Object({ reason: Text(500, 1) }, { additionalProperties: false });

const MeetingFilters = {
  orgId: Type.Optional(Id),
  territoryId: Type.Optional(Id),
  /** Local dates (district time zone), inclusive. */
  from: Type.Optional(DateString),
  to: Type.Optional(DateString),
  kind: Type.Optional(MeetingKindSchema),
  status: Type.Optional(StringEnum(MEETING_STATUSES)),
  q: Type.Optional(Text(100)),
};
export const MEETING_SORTS = ['startsAt', 'title', 'kind'] as const;
export const MeetingListQuery = Type.Object({ ...MeetingFilters, ...PageQuery, sort: SortQuery(MEETING_SORTS) }, { additionalProperties: false });
export const MeetingExportQuery = Type.Object({ ...MeetingFilters, sort: SortQuery(MEETING_SORTS), lang: Lang }, { additionalProperties: false });
export const MeetingList = ListOf(Meeting);

export const RollCall = Type.Array(
  Type.Object({ memberId: Id, status: StringEnum(ATTENDANCE_STATUSES), reason: Type.Optional(Nullable(Text(200))) }, { additionalProperties: false }),
  { minItems: 1, maxItems: 2000 },
);

export const CheckInToken = Type.Object({
  token: Type.String(),
  /** The web app's check-in page; the screen shows it as a QR code (prefix the site's origin). */
  url: Type.String(),
  expiresAt: Type.String(),
  ttlSeconds: Type.Integer(),
  refreshAfterSeconds: Type.Integer(),
});
export const CheckInBody = Type.Object({ token: Text(400, 1) }, { additionalProperties: false });
export const CheckInResult = Type.Object({
  meetingId: Type.Integer(),
  title: Type.String(),
  orgName: Type.String(),
  startsAt: Type.String(),
  endsAt: Type.String(),
  status: Type.Literal('present'),
  checkedInAt: Type.String(),
  alreadyCheckedIn: Type.Boolean(),
});

export const MinutesBody = Type.Object(
  { bodyHtml: Text(200_000), resolutions: Type.Optional(Type.Array(Text(1000, 1), { maxItems: 100 })) },
  { additionalProperties: false },
);
export const AmendmentBody = Type.Object({ bodyHtml: Text(200_000, 1), reason: Text(500, 1) }, { additionalProperties: false });
export const AttachmentParams = Type.Object({ id: Id, uploadId: Id }, { additionalProperties: false });
export const PrintQuery = Type.Object({ lang: Lang }, { additionalProperties: false });

// --- Calendars ---------------------------------------------------------------------

export const MyMeeting = Type.Object({
  ...Meeting.properties,
  /** Why the meeting is on my calendar. */
  expectedAs: StringEnum(['audience', 'committee', 'chosen', 'mobile_guest', 'host']),
  myAttendance: Nullable(AttendanceMark),
});
export const MyMeetingsQuery = Type.Object({ from: Type.Optional(DateString), to: Type.Optional(DateString) }, { additionalProperties: false });
export const MyMeetings = ListOf(MyMeeting);
export const FeedToken = Type.Object({
  token: Type.String(),
  /** Subscribe to it (prefix the site's origin); shown once: rotating makes a new one and ends the old. */
  url: Type.String(),
  createdAt: Type.String(),
});
export const FeedParams = Type.Object({ token: Type.String({ maxLength: 100 }) });

// --- Compliance ------------------------------------------------------------------------

const Counts = Type.Object({ green: Type.Integer(), amber: Type.Integer(), red: Type.Integer(), open: Type.Integer(), not_applicable: Type.Integer() });
const Source = Type.Object({ code: Type.String(), title: Bilingual });
const PeriodResult = Type.Object({ key: Type.String(), start: Type.String(), end: Type.String(), required: Type.Integer(), held: Type.Integer(), status: LifeStatusSchema });
export const RequirementResult = Type.Object({
  requirementId: Type.String(),
  meetingKind: MeetingKindSchema,
  periodKind: StringEnum(PERIOD_KINDS),
  key: Type.String(),
  start: Type.String(),
  end: Type.String(),
  applies: Type.Boolean(),
  required: Type.Integer(),
  held: Type.Integer(),
  status: LifeStatusSchema,
  daysLeft: Nullable(Type.Integer()),
  parts: Type.Array(PeriodResult),
  explanation: Bilingual,
  notApplicable: Nullable(Bilingual),
  sources: Type.Array(Source),
  practice: Type.Boolean(),
});
export const OrgCompliance = Type.Object({
  orgId: Type.Integer(),
  orgName: Type.String(),
  orgKind: StringEnum(ORG_KINDS),
  territoryId: Type.Integer(),
  territoryName: Type.String(),
  status: LifeStatusSchema,
  requirements: Type.Array(RequirementResult),
});
export const ComplianceQuery = Type.Object(
  { orgId: Type.Optional(Id), territoryId: Type.Optional(Id), period: Type.Optional(PeriodKey), status: Type.Optional(LifeStatusSchema), ...PageQuery },
  { additionalProperties: false },
);
export const Compliance = Type.Object({
  period: Nullable(Type.String()),
  today: Type.String(),
  rulesVersion: Type.String(),
  summary: Counts,
  nodes: Type.Array(Type.Object({ territoryId: Type.Integer(), name: Type.String(), kind: Type.String(), counts: Counts })),
  items: Type.Array(OrgCompliance),
  total: Type.Integer(),
});
export const RemindersQuery = Type.Object({ orgId: Type.Optional(Id), territoryId: Type.Optional(Id), ...PageQuery }, { additionalProperties: false });
export const Reminder = Type.Object({
  orgId: Type.Integer(),
  orgName: Type.String(),
  requirementId: Type.String(),
  meetingKind: MeetingKindSchema,
  key: Type.String(),
  end: Type.String(),
  daysLeft: Type.Integer(),
  required: Type.Integer(),
  held: Type.Integer(),
  status: LifeStatusSchema,
  explanation: Bilingual,
});
export const Reminders = Type.Object({ today: Type.String(), items: Type.Array(Reminder), total: Type.Integer() });
export const LifeRulesView = Type.Object({
  version: Type.String(),
  values: Type.Record(Type.String(), Type.Integer()),
  defaults: Type.Record(Type.String(), Type.Integer()),
  sources: Type.Record(Type.String(), Type.String()),
  requirements: Type.Array(
    Type.Object({
      id: Type.String(),
      meetingKind: MeetingKindSchema,
      periodKind: StringEnum(PERIOD_KINDS),
      count: Type.Integer(),
      orgKinds: Type.Array(Type.String()),
      condition: Nullable(Type.String()),
      perPartyGroup: Type.Boolean(),
      hostIsSecretary: Type.Boolean(),
      explanation: Bilingual,
      sources: Type.Array(Source),
      practice: Type.Boolean(),
    }),
  ),
});
export const AttendanceRecordQuery = Type.Object({ orgId: Id, period: Type.Optional(PeriodKey), ...PageQuery }, { additionalProperties: false });
export const AttendanceRecord = Type.Object({
  period: Type.String(),
  items: Type.Array(
    Type.Object({
      memberId: Type.Integer(),
      name: Type.String(),
      stage: Type.String(),
      present: Type.Integer(),
      leave: Type.Integer(),
      absent: Type.Integer(),
      /** Present at meetings of other organizations (a mobile member at a host): counts for home. */
      presentElsewhere: Type.Integer(),
    }),
  ),
  total: Type.Integer(),
});

// --- Training -------------------------------------------------------------------------

const Hours = Type.Number({ minimum: 0, maximum: 1000 });
export const Training = Type.Object({
  id: Type.Integer(),
  orgId: Type.Integer(),
  orgName: Type.String(),
  kind: StringEnum(TRAINING_KINDS),
  title: Type.String(),
  provider: Nullable(Type.String()),
  startsOn: Type.String(),
  endsOn: Type.String(),
  hours: Type.Number(),
  meetingId: Nullable(Type.Integer()),
  attendeeCount: Type.Integer(),
  createdAt: Type.String(),
});
export const TrainingDetail = Type.Object({
  session: Training,
  attendees: Type.Array(Type.Object({ memberId: Type.Integer(), name: Type.String(), orgName: Type.String(), stage: Type.String(), hours: Type.Number() })),
});
export const CreateTraining = Type.Object(
  {
    orgId: Id,
    kind: StringEnum(TRAINING_KINDS),
    title: Text(200, 1),
    provider: Type.Optional(Nullable(Text(200))),
    startsOn: DateString,
    endsOn: DateString,
    /** Class hours of the session; each attendee gets these unless given their own. */
    hours: Type.Number({ exclusiveMinimum: 0, maximum: 1000 }),
    /** The meeting the session was (a party lecture): without attendees, those present there attend. */
    meetingId: Type.Optional(Nullable(Id)),
    attendees: Type.Optional(Type.Array(Type.Object({ memberId: Id, hours: Type.Optional(Hours) }, { additionalProperties: false }), { maxItems: 2000 })),
  },
  { additionalProperties: false },
);
export const SetHours = Type.Array(Type.Object({ memberId: Id, hours: Hours }, { additionalProperties: false }), { minItems: 1, maxItems: 2000 });
export const TrainingListQuery = Type.Object(
  { orgId: Type.Optional(Id), year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })), kind: Type.Optional(StringEnum(TRAINING_KINDS)), ...PageQuery },
  { additionalProperties: false },
);
export const TrainingList = ListOf(Training);
export const HoursQuery = Type.Object({ year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })) }, { additionalProperties: false });
export const MemberHours = Type.Object({
  /** Null for an account without a member record (then everything is 0). */
  memberId: Nullable(Type.Integer()),
  name: Type.String(),
  stage: Nullable(Type.String()),
  year: Type.Integer(),
  /** Hours and days (party school / concentrated sessions) in the year. */
  hours: Type.Number(),
  days: Type.Integer(),
  /** Up to today, all years: what admission reads. */
  totalHours: Type.Number(),
  totalDays: Type.Integer(),
  /** Concentrated training before admission: ≥ 3 days or 24 class hours (Development). */
  admission: Type.Object({ minHours: Type.Integer(), minDays: Type.Integer(), met: Type.Boolean() }),
  sessions: Type.Array(
    Type.Object({ sessionId: Type.Integer(), title: Type.String(), kind: Type.String(), startsOn: Type.String(), endsOn: Type.String(), hours: Type.Number() }),
  ),
});

// --- Activity positions ----------------------------------------------------------------

const ChecklistEntry = Type.Object({ item: StringEnum(POSITION_CHECKLIST), done: Type.Boolean(), note: Type.Optional(Nullable(Text(200))) }, { additionalProperties: false });
export const Position = Type.Object({
  id: Type.Integer(),
  kind: StringEnum(POSITION_KINDS),
  name: Type.String(),
  address: Nullable(Type.String()),
  territoryId: Type.Integer(),
  territoryName: Type.String(),
  orgId: Nullable(Type.Integer()),
  orgName: Nullable(Type.String()),
  lng: Nullable(Type.Number()),
  lat: Nullable(Type.Number()),
  areaM2: Nullable(Type.Number()),
  capacity: Nullable(Type.Integer()),
  checklist: Type.Array(Type.Object({ item: Type.String(), done: Type.Boolean(), note: Nullable(Type.String()) })),
  checklistDone: Type.Integer(),
  status: Type.String(),
  closedOn: Nullable(Type.String()),
  closedReason: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
const PositionFields = {
  kind: StringEnum(POSITION_KINDS),
  name: Text(200, 1),
  address: Type.Optional(Nullable(Text(300))),
  lng: Type.Optional(Nullable(Type.Number({ minimum: -180, maximum: 180 }))),
  lat: Type.Optional(Nullable(Type.Number({ minimum: -90, maximum: 90 }))),
  areaM2: Type.Optional(Nullable(Type.Number({ minimum: 0, maximum: 1_000_000 }))),
  capacity: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 100_000 }))),
  checklist: Type.Optional(Type.Array(ChecklistEntry, { maxItems: POSITION_CHECKLIST.length })),
};
export const CreatePosition = Type.Object(
  { ...PositionFields, territoryId: Type.Optional(Id), orgId: Type.Optional(Nullable(Id)) },
  { additionalProperties: false },
);
export const UpdatePosition = Type.Object(
  {
    kind: Type.Optional(PositionFields.kind),
    name: Type.Optional(PositionFields.name),
    address: PositionFields.address,
    lng: PositionFields.lng,
    lat: PositionFields.lat,
    areaM2: PositionFields.areaM2,
    capacity: PositionFields.capacity,
    checklist: PositionFields.checklist,
  },
  { additionalProperties: false },
);
export const ClosePosition = Type.Object({ reason: Text(500, 1), closedOn: Type.Optional(DateString) }, { additionalProperties: false });
export const PositionListQuery = Type.Object(
  {
    territoryId: Type.Optional(Id),
    kind: Type.Optional(StringEnum(POSITION_KINDS)),
    status: Type.Optional(StringEnum(['active', 'closed'])),
    q: Type.Optional(Text(100)),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export const PositionList = ListOf(Position);
export const Booking = Type.Object({
  id: Type.Integer(),
  positionId: Type.Integer(),
  positionName: Type.String(),
  orgId: Nullable(Type.Integer()),
  orgName: Nullable(Type.String()),
  meetingId: Nullable(Type.Integer()),
  startsAt: Type.String(),
  endsAt: Type.String(),
  purpose: Type.String(),
  status: StringEnum(['active', 'cancelled']),
  createdAt: Type.String(),
  cancelledAt: Nullable(Type.String()),
});
export const BookingsQuery = Type.Object(
  { from: Type.Optional(DateString), to: Type.Optional(DateString), includeCancelled: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);
export const BookingList = Type.Object({ items: Type.Array(Booking) });
export const CreateBooking = Type.Object(
  { startsAt: DateTime, endsAt: DateTime, purpose: Text(200, 1), orgId: Type.Optional(Nullable(Id)) },
  { additionalProperties: false },
);
