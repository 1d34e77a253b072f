/**
 * Organizational life:
 *
 *   GET    /api/v1/meetings(/export)                         list (paging, sort, filters) / .xlsx
 *   POST   /api/v1/meetings                                  plan a meeting or activity
 *   GET    /api/v1/meetings/:id                              detail: expected, attendance, minutes, amendments, attachments, quorum
 *   PATCH  /api/v1/meetings/:id                              change the plan (until the minutes are locked)
 *   POST   /api/v1/meetings/:id/cancel                       cancel (only without attendance)
 *   PUT    /api/v1/meetings/:id/attendance                   roll call [{memberId, status, reason}]
 *   POST   /api/v1/meetings/:id/check-in-token               the screen's short-lived QR code
 *   POST   /api/v1/check-in                                  a member checks in with the code
 *   PUT    /api/v1/meetings/:id/minutes                      write the minutes and resolutions
 *   POST   /api/v1/meetings/:id/minutes/lock                 lock them
 *   POST   /api/v1/meetings/:id/minutes/amendments           correct them after the lock
 *   GET    /api/v1/meetings/:id/print                        printable page (A4, Chinese fonts)
 *   POST   /api/v1/meetings/:id/attachments                  a photo or PDF as the raw body
 *   GET    /api/v1/meetings/:id/attachments/:uploadId        the file back
 *   GET    /api/v1/me/meetings                               my calendar
 *   POST   /api/v1/me/ics-token, DELETE /api/v1/me/ics-token my calendar feed's secret address
 *   GET    /api/v1/ics/:token.ics                            the feed (the token is the credential)
 *   GET    /api/v1/life/compliance | reminders | rules | attendance
 *   GET/POST /api/v1/training-sessions, GET /:id, PUT /:id/hours
 *   GET    /api/v1/members/:id/training-hours, /api/v1/me/training-hours
 *   GET/POST /api/v1/activity-positions, GET/PATCH /:id, POST /:id/close
 *   GET/POST /api/v1/activity-positions/:id/bookings, POST /api/v1/position-bookings/:id/cancel
 */
import type { FastifyError } from 'fastify';
import Type from 'typebox';
import { label } from '../../domain/labels.js';
import type { Api } from '../../server/api.js';
import { ErrorBody, ErrorResponses, IdParams } from '../../server/schemas.js';
import { sendXlsx } from '../../server/xlsx.js';
import { contentDisposition, EVIDENCE_MAX_BYTES, EVIDENCE_TYPES, evidenceTooLarge } from '../standardization/files.js';
import { feed, myMeetings, revokeFeedToken, rotateFeedToken } from './calendar.js';
import { attendanceRecord, compliance, lifeRules, reminders } from './compliance.js';
import { localDateTime, lifeDistrict } from './common.js';
import {
  addAmendment,
  cancelMeeting,
  checkIn,
  createMeeting,
  eachMeeting,
  getMeetingDetail,
  issueCheckInToken,
  listMeetings,
  lockMinutes,
  openAttachment,
  printMeeting,
  rollCall,
  saveMinutes,
  updateMeeting,
  uploadAttachment,
  type MeetingDto,
} from './meetings.js';
import { cancelBooking, closePosition, createBooking, createPosition, getPosition, listBookings, listPositions, updatePosition } from './positions.js';
import {
  Amendment,
  AmendmentBody,
  Attachment,
  AttachmentParams,
  AttendanceRecord,
  AttendanceRecordQuery,
  Booking,
  BookingList,
  BookingsQuery,
  CancelMeeting,
  CheckInBody,
  CheckInResult,
  CheckInToken,
  ClosePosition,
  Compliance,
  ComplianceQuery,
  CreateBooking,
  CreateMeeting,
  CreatePosition,
  CreateTraining,
  FeedParams,
  FeedToken,
  HoursQuery,
  LifeRulesView,
  Meeting,
  MeetingDetail,
  MeetingExportQuery,
  MeetingList,
  MeetingListQuery,
  MemberHours,
  Minutes,
  MinutesBody,
  MyMeetings,
  MyMeetingsQuery,
  Position,
  PositionList,
  PositionListQuery,
  PrintQuery,
  Reminders,
  RemindersQuery,
  RollCall,
  SetHours,
  TrainingDetail,
  TrainingList,
  TrainingListQuery,
  UpdateMeeting,
  UpdatePosition,
} from './schemas.js';
import { createTraining, getTraining, listTrainings, memberHours, myHours, setHours } from './training.js';

const meetingsTag = ['organizational life'];
const trainingTag = ['training'];
const positionsTag = ['activity positions'];

export async function lifeRoutes(app: Api): Promise<void> {
  // --- meetings ---------------------------------------------------------------------
  app.get(
    '/api/v1/meetings',
    {
      config: { permission: 'life.read' },
      schema: { tags: meetingsTag, summary: 'Meetings in scope (an organization\'s calendar with orgId, from, to)', querystring: MeetingListQuery, response: { 200: MeetingList, ...ErrorResponses } },
    },
    (req) => {
      const { page = 1, pageSize = 20, ...filters } = req.query;
      return listMeetings(req.ctx(), filters, page, pageSize);
    },
  );

  app.get(
    '/api/v1/meetings/export',
    { config: { permission: 'life.read' }, schema: { tags: meetingsTag, summary: 'Export the filtered meetings as .xlsx', querystring: MeetingExportQuery } },
    async (req, reply) => {
      const ctx = req.ctx();
      const { lang, ...filters } = req.query;
      const locale = lang ?? ctx.locale;
      const en = locale === 'en';
      const d = await lifeDistrict(ctx.db.kysely, ctx.actor.scope.districtId, ctx.clock);
      const rows = eachMeeting(ctx, filters);
      // The first batch is read before the download starts: an out-of-scope filter is a clean 404.
      const first = await rows.next();
      async function* all() {
        if (!first.done) yield first.value;
        yield* rows;
      }
      const dt = (s: string) => localDateTime(s, d.timeZone);
      return sendXlsx(
        reply,
        en ? 'meetings.xlsx' : '组织生活.xlsx',
        en ? 'meetings' : '组织生活',
        [
          { header: en ? 'Organization' : '党组织', width: 32, value: (m: MeetingDto) => m.orgName },
          { header: en ? 'Kind' : '类别', width: 16, value: (m: MeetingDto) => label('meetingKind', m.kind, locale) },
          { header: en ? 'Title' : '名称', width: 36, value: (m: MeetingDto) => m.title },
          { header: en ? 'Starts' : '开始时间', width: 18, value: (m: MeetingDto) => dt(m.startsAt) },
          { header: en ? 'Ends' : '结束时间', width: 18, value: (m: MeetingDto) => dt(m.endsAt) },
          { header: en ? 'Place' : '地点', width: 24, value: (m: MeetingDto) => m.place ?? m.positionName },
          { header: en ? 'Host' : '主持人', value: (m: MeetingDto) => m.hostName },
          { header: en ? 'Status' : '状态', value: (m: MeetingDto) => label('meetingStatus', m.status, locale) },
          { header: en ? 'Present' : '实到人数', value: (m: MeetingDto) => m.presentCount },
          { header: en ? 'Minutes locked' : '记录已锁定', value: (m: MeetingDto) => (m.minutesLocked ? (en ? 'yes' : '是') : en ? 'no' : '否') },
          {
            header: en ? 'Counts toward frequencies' : '计入规定频次',
            width: 20,
            value: (m: MeetingDto) => (m.counts ? (en ? 'yes' : '是') : m.notCountedReason ? label('notCountedReason', m.notCountedReason, locale) : ''),
          },
        ],
        all(),
      );
    },
  );

  app.post(
    '/api/v1/meetings',
    {
      config: { permission: 'life.write' },
      schema: {
        tags: meetingsTag,
        summary: 'Plan a meeting or activity (books the activity position; overlapping bookings are refused)',
        body: CreateMeeting,
        response: { 201: Meeting, ...ErrorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await createMeeting(req.ctx(), req.body)),
  );

  app.get(
    '/api/v1/meetings/:id',
    {
      config: { permission: 'life.read' },
      schema: { tags: meetingsTag, summary: 'A meeting: who is expected and their attendance, minutes, amendments, attachments', params: IdParams, response: { 200: MeetingDetail, ...ErrorResponses } },
    },
    (req) => getMeetingDetail(req.ctx(), req.params.id),
  );

  app.patch(
    '/api/v1/meetings/:id',
    {
      config: { permission: 'life.write' },
      schema: { tags: meetingsTag, summary: 'Change a meeting until its minutes are locked', params: IdParams, body: UpdateMeeting, response: { 200: Meeting, ...ErrorResponses } },
    },
    (req) => updateMeeting(req.ctx(), req.params.id, req.body),
  );

  app.post(
    '/api/v1/meetings/:id/cancel',
    {
      config: { permission: 'life.write' },
      schema: { tags: meetingsTag, summary: 'Cancel a meeting that has no attendance (never deleted)', params: IdParams, body: CancelMeeting, response: { 200: Meeting, ...ErrorResponses } },
    },
    (req) => cancelMeeting(req.ctx(), req.params.id, req.body.reason),
  );

  app.put(
    '/api/v1/meetings/:id/attendance',
    {
      config: { permission: 'life.write' },
      schema: {
        tags: meetingsTag,
        summary: 'Roll call: present, leave (with a reason) or absent for expected members',
        params: IdParams,
        body: RollCall,
        response: { 200: MeetingDetail, ...ErrorResponses },
      },
    },
    (req) => rollCall(req.ctx(), req.params.id, req.body),
  );

  app.post(
    '/api/v1/meetings/:id/check-in-token',
    {
      config: { permission: 'life.write' },
      schema: {
        tags: meetingsTag,
        summary: 'A signed check-in code valid for two minutes, for the meeting\'s screen (refresh it every 90 s)',
        params: IdParams,
        response: { 200: CheckInToken, ...ErrorResponses },
      },
    },
    (req) => issueCheckInToken(req.ctx(), req.params.id),
  );

  app.post(
    '/api/v1/check-in',
    {
      config: { permission: 'checkin' },
      schema: {
        tags: meetingsTag,
        summary: 'Check in to a meeting with the code from its screen (idempotent)',
        body: CheckInBody,
        response: { 200: CheckInResult, ...ErrorResponses },
      },
    },
    (req) => checkIn(req.ctx(), req.body.token),
  );

  app.put(
    '/api/v1/meetings/:id/minutes',
    {
      config: { permission: 'life.write' },
      schema: {
        tags: meetingsTag,
        summary: 'Write the minutes (HTML, reduced to a safe subset) and resolutions, until locked',
        params: IdParams,
        body: MinutesBody,
        response: { 200: Minutes, ...ErrorResponses },
      },
    },
    (req) => saveMinutes(req.ctx(), req.params.id, req.body),
  );

  app.post(
    '/api/v1/meetings/:id/minutes/lock',
    {
      config: { permission: 'life.write' },
      schema: { tags: meetingsTag, summary: 'Lock the minutes (needs minutes and someone present)', params: IdParams, response: { 200: MeetingDetail, ...ErrorResponses } },
    },
    (req) => lockMinutes(req.ctx(), req.params.id),
  );

  app.post(
    '/api/v1/meetings/:id/minutes/amendments',
    {
      config: { permission: 'life.write' },
      schema: { tags: meetingsTag, summary: 'Correct locked minutes with an amendment shown beside them', params: IdParams, body: AmendmentBody, response: { 201: Amendment, ...ErrorResponses } },
    },
    async (req, reply) => reply.code(201).send(await addAmendment(req.ctx(), req.params.id, req.body)),
  );

  app.get(
    '/api/v1/meetings/:id/print',
    {
      config: { permission: 'life.read' },
      schema: { tags: meetingsTag, summary: 'The minutes as a printable A4 page (print to PDF in the browser)', params: IdParams, querystring: PrintQuery, produces: ['text/html'] },
    },
    async (req, reply) => {
      const ctx = req.ctx();
      const html = await printMeeting(ctx, req.params.id, req.query.lang ?? ctx.locale);
      return reply
        .type('text/html; charset=utf-8')
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-cache')
        .send(html);
    },
  );

  // The upload reads its body as raw bytes; encapsulated so the other routes keep JSON.
  await app.register(async (files: Api) => {
    files.removeAllContentTypeParsers();
    files.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: EVIDENCE_MAX_BYTES }, (_req, body, done) => done(null, body));
    files.setErrorHandler((err: FastifyError) => {
      if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') throw evidenceTooLarge();
      throw err;
    });
    files.post(
      '/api/v1/meetings/:id/attachments',
      {
        config: { permission: 'life.write' },
        bodyLimit: EVIDENCE_MAX_BYTES,
        schema: {
          tags: meetingsTag,
          summary: 'Attach a photo or PDF to a meeting (until its minutes are locked)',
          description: `Send the file itself as the request body (${EVIDENCE_TYPES.join(', ')}), at most ${EVIDENCE_MAX_BYTES / 1024 / 1024} MB, its name URL-encoded in x-file-name. The bytes must be what the type says.`,
          params: IdParams,
          consumes: [...EVIDENCE_TYPES],
          response: { 201: Attachment, ...ErrorResponses, 413: ErrorBody, 415: ErrorBody },
        },
      },
      async (req, reply) => {
        const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        const dto = await uploadAttachment(req.ctx(), req.params.id, { bytes, contentType: req.headers['content-type'], fileName: req.headers['x-file-name'] });
        return reply.code(201).send(dto);
      },
    );
  });

  app.get(
    '/api/v1/meetings/:id/attachments/:uploadId',
    { config: { permission: 'life.read' }, schema: { tags: meetingsTag, summary: 'An attachment of a meeting', params: AttachmentParams, produces: [...EVIDENCE_TYPES] } },
    async (req, reply) => {
      const { upload, size, stream } = await openAttachment(req.ctx(), req.params.id, req.params.uploadId);
      return reply
        .type(upload.mime)
        .header('content-length', size)
        .header('content-disposition', contentDisposition('inline', upload.original_name))
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'")
        .header('cache-control', 'private, no-cache')
        .send(stream);
    },
  );

  // --- calendars ----------------------------------------------------------------------
  app.get(
    '/api/v1/me/meetings',
    {
      config: { permission: 'life.read' },
      schema: { tags: meetingsTag, summary: 'My meetings (expected, invited or hosting) with my attendance', querystring: MyMeetingsQuery, response: { 200: MyMeetings, ...ErrorResponses } },
    },
    (req) => myMeetings(req.ctx(), req.query),
  );

  app.post(
    '/api/v1/me/ics-token',
    {
      config: { permission: 'life.read' },
      schema: { tags: meetingsTag, summary: 'Create or rotate my calendar feed\'s secret address (shown once)', response: { 200: FeedToken, ...ErrorResponses } },
    },
    (req) => rotateFeedToken(req.ctx()),
  );

  app.delete(
    '/api/v1/me/ics-token',
    { config: { permission: 'life.read' }, schema: { tags: meetingsTag, summary: 'Turn my calendar feed off', response: { 204: Type.Null(), ...ErrorResponses } } },
    async (req, reply) => {
      await revokeFeedToken(req.ctx());
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/ics/:token.ics',
    {
      config: { permission: 'public' },
      schema: { tags: meetingsTag, summary: 'A member\'s meetings as iCalendar (the token is the credential; 404 if unknown)', params: FeedParams, produces: ['text/calendar'], security: [] },
    },
    async (req, reply) => {
      const body = await feed(app.cohesionDb.kysely, app.cohesionClock, req.params.token);
      return reply.type('text/calendar; charset=utf-8').header('cache-control', 'private, max-age=300').header('content-disposition', 'inline; filename="cohesion.ics"').send(body);
    },
  );

  // --- compliance -----------------------------------------------------------------------
  app.get(
    '/api/v1/life/compliance',
    {
      config: { permission: 'life.read' },
      schema: {
        tags: meetingsTag,
        summary: 'Required vs held per organization and requirement (red/amber/green, with sources), rolled up per territory node',
        querystring: ComplianceQuery,
        response: { 200: Compliance, ...ErrorResponses },
      },
    },
    (req) => {
      const { page = 1, pageSize = 20, ...q } = req.query;
      return compliance(req.ctx(), q, page, pageSize);
    },
  );

  app.get(
    '/api/v1/life/reminders',
    {
      config: { permission: 'life.read' },
      schema: { tags: meetingsTag, summary: 'Requirements not yet met whose period ends soon (or is already lost)', querystring: RemindersQuery, response: { 200: Reminders, ...ErrorResponses } },
    },
    (req) => {
      const { page = 1, pageSize = 20, ...q } = req.query;
      return reminders(req.ctx(), q, page, pageSize);
    },
  );

  app.get(
    '/api/v1/life/rules',
    { config: { permission: 'life.read' }, schema: { tags: meetingsTag, summary: 'The required frequencies in force, explained, with sources', response: { 200: LifeRulesView, ...ErrorResponses } } },
    (req) => lifeRules(req.ctx()),
  );

  app.get(
    '/api/v1/life/attendance',
    {
      config: { permission: 'life.read' },
      schema: { tags: meetingsTag, summary: 'Each member\'s attendance in a period, by home organization', querystring: AttendanceRecordQuery, response: { 200: AttendanceRecord, ...ErrorResponses } },
    },
    (req) => {
      const { orgId, period, page = 1, pageSize = 20 } = req.query;
      return attendanceRecord(req.ctx(), orgId, period, page, pageSize);
    },
  );

  // --- training -------------------------------------------------------------------------
  app.get(
    '/api/v1/training-sessions',
    { config: { permission: 'life.read' }, schema: { tags: trainingTag, summary: 'Training sessions in scope', querystring: TrainingListQuery, response: { 200: TrainingList, ...ErrorResponses } } },
    (req) => {
      const { page = 1, pageSize = 20, ...f } = req.query;
      return listTrainings(req.ctx(), f, page, pageSize);
    },
  );

  app.post(
    '/api/v1/training-sessions',
    {
      config: { permission: 'life.write' },
      schema: { tags: trainingTag, summary: 'Record a training session with the hours of each attendee', body: CreateTraining, response: { 201: TrainingDetail, ...ErrorResponses } },
    },
    async (req, reply) => reply.code(201).send(await createTraining(req.ctx(), req.body)),
  );

  app.get(
    '/api/v1/training-sessions/:id',
    { config: { permission: 'life.read' }, schema: { tags: trainingTag, summary: 'A training session and its attendees', params: IdParams, response: { 200: TrainingDetail, ...ErrorResponses } } },
    (req) => getTraining(req.ctx(), req.params.id),
  );

  app.put(
    '/api/v1/training-sessions/:id/hours',
    {
      config: { permission: 'life.write' },
      schema: { tags: trainingTag, summary: 'Set attendees\' hours [{memberId, hours}] (0: did not attend)', params: IdParams, body: SetHours, response: { 200: TrainingDetail, ...ErrorResponses } },
    },
    (req) => setHours(req.ctx(), req.params.id, req.body),
  );

  app.get(
    '/api/v1/members/:id/training-hours',
    {
      config: { permission: 'life.read' },
      schema: { tags: trainingTag, summary: 'A member\'s training hours in a year and in total (what admission reads)', params: IdParams, querystring: HoursQuery, response: { 200: MemberHours, ...ErrorResponses } },
    },
    (req) => memberHours(req.ctx(), req.params.id, req.query.year),
  );

  app.get(
    '/api/v1/me/training-hours',
    { config: { permission: 'life.read' }, schema: { tags: trainingTag, summary: 'My training hours', querystring: HoursQuery, response: { 200: MemberHours, ...ErrorResponses } } },
    (req) => myHours(req.ctx(), req.query.year),
  );

  // --- activity positions -----------------------------------------------------------------
  app.get(
    '/api/v1/activity-positions',
    {
      config: { permission: 'life.read' },
      schema: { tags: positionsTag, summary: 'Service centers, service points and activity rooms (with coordinates for the map)', querystring: PositionListQuery, response: { 200: PositionList, ...ErrorResponses } },
    },
    (req) => {
      const { page = 1, pageSize = 20, ...f } = req.query;
      return listPositions(req.ctx(), f, page, pageSize);
    },
  );

  app.post(
    '/api/v1/activity-positions',
    { config: { permission: 'life.write' }, schema: { tags: positionsTag, summary: 'Register an activity position', body: CreatePosition, response: { 201: Position, ...ErrorResponses } } },
    async (req, reply) => reply.code(201).send(await createPosition(req.ctx(), req.body)),
  );

  app.get(
    '/api/v1/activity-positions/:id',
    { config: { permission: 'life.read' }, schema: { tags: positionsTag, summary: 'An activity position', params: IdParams, response: { 200: Position, ...ErrorResponses } } },
    (req) => getPosition(req.ctx(), req.params.id),
  );

  app.patch(
    '/api/v1/activity-positions/:id',
    { config: { permission: 'life.write' }, schema: { tags: positionsTag, summary: 'Edit an activity position and its checklist', params: IdParams, body: UpdatePosition, response: { 200: Position, ...ErrorResponses } } },
    (req) => updatePosition(req.ctx(), req.params.id, req.body),
  );

  app.post(
    '/api/v1/activity-positions/:id/close',
    { config: { permission: 'life.write' }, schema: { tags: positionsTag, summary: 'Close an activity position (never deleted)', params: IdParams, body: ClosePosition, response: { 200: Position, ...ErrorResponses } } },
    (req) => closePosition(req.ctx(), req.params.id, req.body.reason, req.body.closedOn),
  );

  app.get(
    '/api/v1/activity-positions/:id/bookings',
    { config: { permission: 'life.read' }, schema: { tags: positionsTag, summary: 'The booking calendar of a position', params: IdParams, querystring: BookingsQuery, response: { 200: BookingList, ...ErrorResponses } } },
    (req) => listBookings(req.ctx(), req.params.id, req.query),
  );

  app.post(
    '/api/v1/activity-positions/:id/bookings',
    {
      config: { permission: 'life.write' },
      schema: { tags: positionsTag, summary: 'Book a position (409 booking_overlap when the time is taken)', params: IdParams, body: CreateBooking, response: { 201: Booking, ...ErrorResponses } },
    },
    async (req, reply) => reply.code(201).send(await createBooking(req.ctx(), req.params.id, req.body)),
  );

  app.post(
    '/api/v1/position-bookings/:id/cancel',
    { config: { permission: 'life.write' }, schema: { tags: positionsTag, summary: 'Cancel a booking (a meeting\'s booking follows its meeting)', params: IdParams, response: { 200: Booking, ...ErrorResponses } } },
    (req) => cancelBooking(req.ctx(), req.params.id),
  );
}
