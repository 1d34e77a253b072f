/**
 * Meetings and activities: planning (kind, time, place or activity position,
 * host, topic, audience, invitees), attendance by roll call and by QR
 * check-in, minutes with their lock and amendments, attachments, the
 * printable page. A meeting is entered once; compliance, calendars, the
 * member's record and lost-contact detection all read the same rows.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { addDays } from '../../domain/dates.js';
import { label } from '../../domain/labels.js';
import {
  committeeQuorum,
  EXPECTED_STAGES,
  meetingCounts,
  startOfLocalDay,
  type AttendanceStatus,
  type Audience,
  type CheckinMethod,
  type MeetingKind,
  type MeetingStatus,
} from '../../domain/life.js';
import type { OrgKind } from '../../domain/orgs.js';
import type { Meeting, Member, PartyOrg } from '../../db/schema.js';
import { containsText, countAll } from '../../db/sql.js';
import type { Ctx } from '../../server/context.js';
import { AppError, Problems } from '../../server/errors.js';
import type { Locale } from '../../server/i18n.js';
import { parseSort } from '../../server/schemas.js';
import { inOrgScope } from '../../server/scope.js';
import { recordAudit } from '../audit/record.js';
import { findOrg } from '../orgs/queries.js';
import { checkEvidence, evidencePath, sanitizeFileName, sha256Hex, storeEvidence } from '../standardization/files.js';
import { findTerritory } from '../territory/queries.js';
import {
  chunks,
  committeePersonIds,
  findMeeting,
  iso,
  lifeDistrict,
  localDateTime,
  orgInfo,
  ownMember,
  personNames,
  withinPath,
  type LifeDistrict,
  type Q,
} from './common.js';
import { htmlText, printPage, sanitizeHtml } from './html.js';
import { checkRange, syncMeetingBooking, visiblePosition } from './positions.js';
import { invalidateLifeCompliance } from './rollup.js';
import { CHECKIN_REFRESH_SECONDS, CHECKIN_TOKEN_SECONDS, checkInUrl, signCheckInToken, verifyCheckInToken } from './tokens.js';

/** The longest a meeting or activity may last (a training camp), in days. */
export const MEETING_MAX_DAYS = 14;

const PARTY_STAGES = [...EXPECTED_STAGES] as string[];

// --- Describing meetings ------------------------------------------------------------

export type MeetingDto = Awaited<ReturnType<typeof describeMeetings>>[number];

export async function describeMeetings(db: Q, rows: Meeting[]) {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const [orgs, hosts] = await Promise.all([orgInfo(db, [...rows.map((r) => r.party_org_id), ...rows.map((r) => r.audience_org_id)]), personNames(db, rows.map((r) => r.host_person_id))]);
  const positions = new Map<number, string>();
  const present = new Map<number, number>();
  const minutes = new Map<number, { locked_at: string | null; committee_size: number | null; committee_present: number | null }>();
  const positionIds = [...new Set(rows.map((r) => r.activity_position_id).filter((x): x is number => x !== null))];
  for (const part of chunks(positionIds)) {
    for (const p of await db.selectFrom('activity_position').select(['id', 'name']).where('id', 'in', part).execute()) positions.set(p.id, p.name);
  }
  for (const part of chunks(ids)) {
    const counts = await db
      .selectFrom('attendance')
      .select(['meeting_id', countAll().as('n')])
      .where('meeting_id', 'in', part)
      .where('status', '=', 'present')
      .groupBy('meeting_id')
      .execute();
    for (const c of counts) present.set(c.meeting_id, Number(c.n));
    for (const m of await db.selectFrom('minutes').select(['meeting_id', 'locked_at', 'committee_size', 'committee_present']).where('meeting_id', 'in', part).execute()) {
      minutes.set(m.meeting_id, m);
    }
  }
  return rows.map((r) => {
    const mn = minutes.get(r.id);
    const presentCount = present.get(r.id) ?? 0;
    const quorum = mn?.committee_size ? committeeQuorum(mn.committee_size, mn.committee_present ?? 0) : null;
    const verdict = meetingCounts({
      status: r.status as MeetingStatus,
      presentCount,
      minutesLocked: !!mn?.locked_at,
      kind: r.kind as MeetingKind,
      quorumMet: quorum ? quorum.met : null,
    });
    const org = orgs.get(r.party_org_id);
    return {
      id: r.id,
      orgId: r.party_org_id,
      orgName: org?.name ?? '',
      orgKind: (org?.kind ?? 'branch') as OrgKind,
      kind: r.kind as MeetingKind,
      title: r.title,
      startsAt: r.starts_at,
      endsAt: r.ends_at,
      place: r.place,
      activityPositionId: r.activity_position_id,
      positionName: r.activity_position_id ? (positions.get(r.activity_position_id) ?? null) : null,
      hostPersonId: r.host_person_id,
      hostName: r.host_person_id ? (hosts.get(r.host_person_id) ?? null) : r.host_name,
      topic: r.topic,
      audience: r.audience as Audience,
      audienceGroupId: r.audience_org_id,
      audienceGroupName: r.audience_org_id ? (orgs.get(r.audience_org_id)?.name ?? null) : null,
      status: r.status as MeetingStatus,
      cancelledReason: r.cancelled_reason,
      presentCount,
      minutesLocked: !!mn?.locked_at,
      counts: verdict.counts,
      notCountedReason: verdict.reason,
      sequence: r.sequence,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    };
  });
}

// --- Who is expected ----------------------------------------------------------------

export interface ExpectedRow {
  memberId: number;
  personId: number;
  name: string;
  orgId: number;
  orgName: string;
  stage: string;
  reason: 'audience' | 'chosen' | 'mobile_guest';
}

function memberRows(db: Q, districtId: number) {
  return db
    .selectFrom('member')
    .innerJoin('person', 'person.id', 'member.person_id')
    .innerJoin('party_org', 'party_org.id', 'member.party_org_id')
    .select(['member.id as memberId', 'member.person_id as personId', 'person.name as name', 'member.party_org_id as orgId', 'party_org.name as orgName', 'member.stage as stage'])
    .where('member.district_id', '=', districtId)
    .where('member.status', '=', 'active');
}

/** The path of the party group a meeting is for (audience party_group). */
async function audiencePath(db: Q, m: Pick<Meeting, 'audience' | 'audience_org_id'>): Promise<string | null> {
  if (m.audience !== 'party_group' || !m.audience_org_id) return null;
  const g = await db.selectFrom('party_org').select('path').where('id', '=', m.audience_org_id).executeTakeFirst();
  return g?.path ?? null;
}

/** Everyone expected at a meeting: its audience (party members), then the people invited. */
export async function expectedMembers(db: Q, m: Meeting): Promise<ExpectedRow[]> {
  let audience: Omit<ExpectedRow, 'reason'>[] = [];
  if (m.audience === 'org' || m.audience === 'party_group') {
    const path = m.audience === 'org' ? m.org_path : await audiencePath(db, m);
    if (path) audience = await memberRows(db, m.district_id).where(withinPath('member.org_path', path)).where('member.stage', 'in', PARTY_STAGES).orderBy('person.name').orderBy('member.id').execute();
  } else if (m.audience === 'committee') {
    const persons = await committeePersonIds(db, m.party_org_id);
    if (persons.length) audience = await memberRows(db, m.district_id).where('member.person_id', 'in', persons).orderBy('person.name').orderBy('member.id').execute();
  }
  const invited = await memberRows(db, m.district_id)
    .innerJoin('meeting_invitee', 'meeting_invitee.member_id', 'member.id')
    .select('meeting_invitee.reason as reason')
    .where('meeting_invitee.meeting_id', '=', m.id)
    .orderBy('meeting_invitee.id')
    .execute();
  const out: ExpectedRow[] = audience.map((a) => ({ ...a, reason: 'audience' as const }));
  const seen = new Set(out.map((o) => o.memberId));
  for (const i of invited) if (!seen.has(i.memberId)) out.push({ ...i, reason: i.reason as 'chosen' | 'mobile_guest' });
  return out;
}

/** Mobile members whose host is this organization (home elsewhere), currently away. */
async function hostedGuests(db: Q, orgId: number) {
  return db
    .selectFrom('mobile_record')
    .innerJoin('member', 'member.id', 'mobile_record.member_id')
    .innerJoin('person', 'person.id', 'member.person_id')
    .innerJoin('party_org', 'party_org.id', 'member.party_org_id')
    .select(['member.id as memberId', 'person.name as name', 'party_org.name as homeOrgName'])
    .where('mobile_record.host_org_id', '=', orgId)
    .where('mobile_record.returned_on', 'is', null)
    .where('member.status', '=', 'active')
    .orderBy('person.name')
    .execute();
}

/** Why a member may attend a meeting (expected, invited, or a mobile member hosted here), or null. */
export async function expectationOf(db: Q, m: Meeting, member: Member): Promise<ExpectedRow['reason'] | null> {
  if (member.district_id !== m.district_id || member.status !== 'active') return null;
  const invited = await db.selectFrom('meeting_invitee').select('reason').where('meeting_id', '=', m.id).where('member_id', '=', member.id).executeTakeFirst();
  if (invited) return invited.reason as 'chosen' | 'mobile_guest';
  const partyMember = PARTY_STAGES.includes(member.stage);
  if (m.audience === 'org' && partyMember && member.org_path.startsWith(m.org_path)) return 'audience';
  if (m.audience === 'party_group' && partyMember) {
    const path = await audiencePath(db, m);
    if (path && member.org_path.startsWith(path)) return 'audience';
  }
  if (m.audience === 'committee' && (await committeePersonIds(db, m.party_org_id)).includes(member.person_id)) return 'audience';
  const hosted = await db
    .selectFrom('mobile_record')
    .select('id')
    .where('member_id', '=', member.id)
    .where('host_org_id', '=', m.party_org_id)
    .where('returned_on', 'is', null)
    .executeTakeFirst();
  return hosted ? 'mobile_guest' : null;
}

// --- Planning -------------------------------------------------------------------------

export interface MeetingInput {
  kind?: string | undefined;
  title?: string | undefined;
  startsAt?: string | undefined;
  endsAt?: string | undefined;
  place?: string | null | undefined;
  activityPositionId?: number | null | undefined;
  hostPersonId?: number | null | undefined;
  hostName?: string | null | undefined;
  topic?: string | null | undefined;
  audience?: string | undefined;
  audienceGroupId?: number | null | undefined;
  inviteeMemberIds?: number[] | undefined;
}

interface Planned {
  kind: string;
  title: string;
  starts_at: string;
  ends_at: string;
  place: string | null;
  activity_position_id: number | null;
  host_person_id: number | null;
  host_name: string | null;
  topic: string | null;
  audience: string;
  audience_org_id: number | null;
}

const clean = (s: string | null | undefined) => (s == null ? null : s.trim() || null);

/** Checks a meeting as it would be after the change; returns the invitees with their reason. */
async function checkPlan(ctx: Ctx, org: PartyOrg, p: Planned, inviteeIds: number[] | undefined): Promise<{ memberId: number; reason: 'chosen' | 'mobile_guest' }[] | undefined> {
  const k = ctx.db.kysely;
  const problems = new Problems();
  const start = Date.parse(p.starts_at);
  const end = Date.parse(p.ends_at);
  checkRange(problems, p.starts_at, p.ends_at);
  if (end - start > MEETING_MAX_DAYS * 86_400_000) problems.add('endsAt', 'meeting_too_long', { limit: MEETING_MAX_DAYS });
  if (p.audience === 'party_group') {
    if (!p.audience_org_id) problems.add('audienceGroupId', 'meeting_audience_group_required');
    else {
      const g = await k.selectFrom('party_org').select(['kind', 'path', 'status']).where('id', '=', p.audience_org_id).where('district_id', '=', org.district_id).executeTakeFirst();
      if (!g || g.kind !== 'party_group' || g.status !== 'active' || g.path === org.path || !g.path.startsWith(org.path)) problems.add('audienceGroupId', 'meeting_audience_group_invalid');
    }
  }
  if (p.host_person_id !== null) {
    const asMember = await k
      .selectFrom('member')
      .select('id')
      .where('person_id', '=', p.host_person_id)
      .where('district_id', '=', org.district_id)
      .where('status', '=', 'active')
      .where(withinPath('member.org_path', org.path))
      .executeTakeFirst();
    const asPost = asMember
      ? true
      : await k.selectFrom('org_post').select('id').where('person_id', '=', p.host_person_id).where('party_org_id', '=', org.id).where('ended_on', 'is', null).executeTakeFirst();
    if (!asPost) problems.add('hostPersonId', 'meeting_host_invalid');
  }
  if (p.activity_position_id !== null) {
    const pos = await visiblePosition(ctx, p.activity_position_id, 'activityPositionId');
    if (pos.status !== 'active') problems.add('activityPositionId', 'position_closed');
  }
  let invitees: { memberId: number; reason: 'chosen' | 'mobile_guest' }[] | undefined;
  if (inviteeIds) {
    invitees = [];
    const unique = [...new Set(inviteeIds)];
    const guests = new Set((await hostedGuests(k, org.id)).map((g) => g.memberId));
    const visible = new Set<number>();
    for (const part of chunks(unique)) {
      const rows = await k
        .selectFrom('member')
        .select('id')
        .where('id', 'in', part)
        .where('status', '=', 'active')
        .where(inOrgScope(ctx.actor.scope, 'member', 'org_path', 'territory_path'))
        .execute();
      for (const r of rows) visible.add(r.id);
    }
    inviteeIds.forEach((id, i) => {
      if (guests.has(id)) invitees!.push({ memberId: id, reason: 'mobile_guest' });
      else if (visible.has(id)) invitees!.push({ memberId: id, reason: 'chosen' });
      else problems.add(`inviteeMemberIds.${i}`, 'meeting_invitee_invalid');
    });
    invitees = invitees.filter((v, i, all) => all.findIndex((x) => x.memberId === v.memberId) === i);
  }
  problems.throwIfAny();
  return invitees;
}

async function replaceInvitees(trx: Q, m: { id: number; district_id: number }, invitees: { memberId: number; reason: string }[], now: string) {
  // Invitees who already have attendance stay: their record must keep its reason.
  const attended = new Set((await trx.selectFrom('attendance').select('member_id').where('meeting_id', '=', m.id).execute()).map((a) => a.member_id));
  const current = await trx.selectFrom('meeting_invitee').select(['id', 'member_id']).where('meeting_id', '=', m.id).execute();
  const wanted = new Set(invitees.map((i) => i.memberId));
  const drop = current.filter((c) => !wanted.has(c.member_id) && !attended.has(c.member_id)).map((c) => c.id);
  if (drop.length) await trx.deleteFrom('meeting_invitee').where('id', 'in', drop).execute();
  const have = new Set(current.map((c) => c.member_id));
  for (const i of invitees) {
    if (!have.has(i.memberId)) {
      await trx.insertInto('meeting_invitee').values({ district_id: m.district_id, meeting_id: m.id, member_id: i.memberId, reason: i.reason, created_at: now }).execute();
    }
  }
}

async function openOrg(ctx: Ctx, id: number): Promise<PartyOrg> {
  const org = await findOrg(ctx.db.kysely, ctx.actor.scope, id);
  if (!org) throw new AppError(404, 'org_not_found', [{ field: 'orgId', code: 'org_not_found' }]);
  if (org.status !== 'active') throw AppError.conflict([{ field: 'orgId', code: 'org_closed' }]);
  return org;
}

export async function visibleMeeting(ctx: Ctx, id: number): Promise<Meeting> {
  const m = await findMeeting(ctx.db.kysely, ctx.actor.scope, id);
  if (!m) throw new AppError(404, 'meeting_not_found');
  return m;
}

async function minutesRow(db: Q, meetingId: number) {
  return db.selectFrom('minutes').selectAll().where('meeting_id', '=', meetingId).executeTakeFirst();
}

/** A meeting that may still change: not cancelled, minutes not locked. */
async function changeableMeeting(ctx: Ctx, id: number): Promise<Meeting> {
  const m = await visibleMeeting(ctx, id);
  if (m.status === 'cancelled') throw AppError.conflict([{ field: 'status', code: 'meeting_cancelled' }]);
  if ((await minutesRow(ctx.db.kysely, id))?.locked_at) throw new AppError(409, 'minutes_locked', [{ field: 'minutes', code: 'minutes_locked' }]);
  return m;
}

async function describeOne(db: Q, id: number) {
  return (await describeMeetings(db, [await db.selectFrom('meeting').selectAll().where('id', '=', id).executeTakeFirstOrThrow()]))[0]!;
}

export async function createMeeting(ctx: Ctx, input: MeetingInput & { orgId: number; kind: string; title: string; startsAt: string; endsAt: string; audience: string }) {
  const org = await openOrg(ctx, input.orgId);
  const plan: Planned = {
    kind: input.kind,
    title: input.title.trim(),
    starts_at: iso(input.startsAt),
    ends_at: iso(input.endsAt),
    place: clean(input.place),
    activity_position_id: input.activityPositionId ?? null,
    host_person_id: input.hostPersonId ?? null,
    host_name: input.hostPersonId ? null : clean(input.hostName),
    topic: clean(input.topic),
    audience: input.audience,
    audience_org_id: input.audience === 'party_group' ? (input.audienceGroupId ?? null) : null,
  };
  const invitees = (await checkPlan(ctx, org, plan, input.inviteeMemberIds ?? [])) ?? [];
  const k = ctx.db.kysely;
  const d = await lifeDistrict(k, org.district_id, ctx.clock);
  const now = ctx.clock.now().toISOString();
  return k.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('meeting')
      .values({
        district_id: org.district_id,
        party_org_id: org.id,
        org_path: org.path,
        territory_path: org.territory_path,
        ...plan,
        status: 'planned',
        cancelled_reason: null,
        sequence: 0,
        created_by: ctx.actor.userId || null,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await replaceInvitees(trx, row, invitees, now);
    await syncMeetingBooking(trx, ctx.db.dialect, d.timeZone, row, now, ctx.actor.userId || null);
    const dto = await describeOne(trx, row.id);
    await invalidateLifeCompliance(trx, [org.id]);
    await recordAudit(trx, ctx, { action: 'meeting.create', entityType: 'meeting', entityId: row.id, scopePath: org.territory_path, after: { ...dto, invitees } });
    return dto;
  });
}

export async function updateMeeting(ctx: Ctx, id: number, input: MeetingInput) {
  const m = await changeableMeeting(ctx, id);
  const k = ctx.db.kysely;
  const org = await k.selectFrom('party_org').selectAll().where('id', '=', m.party_org_id).executeTakeFirstOrThrow();
  const audience = input.audience ?? m.audience;
  const hostPersonId = input.hostPersonId !== undefined ? input.hostPersonId : m.host_person_id;
  const plan: Planned = {
    kind: input.kind ?? m.kind,
    title: input.title !== undefined ? input.title.trim() : m.title,
    starts_at: input.startsAt !== undefined ? iso(input.startsAt) : m.starts_at,
    ends_at: input.endsAt !== undefined ? iso(input.endsAt) : m.ends_at,
    place: input.place !== undefined ? clean(input.place) : m.place,
    activity_position_id: input.activityPositionId !== undefined ? input.activityPositionId : m.activity_position_id,
    host_person_id: hostPersonId,
    host_name: hostPersonId ? null : input.hostName !== undefined ? clean(input.hostName) : m.host_name,
    topic: input.topic !== undefined ? clean(input.topic) : m.topic,
    audience,
    audience_org_id: audience === 'party_group' ? (input.audienceGroupId !== undefined ? input.audienceGroupId : m.audience_org_id) : null,
  };
  // What did not change is not checked again (a street's room booked earlier, a host who has since moved on).
  const positionChanged = plan.activity_position_id !== m.activity_position_id;
  const hostChanged = plan.host_person_id !== m.host_person_id;
  const groupChanged = plan.audience !== m.audience || plan.audience_org_id !== m.audience_org_id;
  const toCheck: Planned = {
    ...plan,
    activity_position_id: positionChanged ? plan.activity_position_id : null,
    host_person_id: hostChanged ? plan.host_person_id : null,
    audience: groupChanged ? plan.audience : 'org',
  };
  const invitees = await checkPlan(ctx, org, toCheck, input.inviteeMemberIds);
  const d = await lifeDistrict(k, m.district_id, ctx.clock);
  const before = await describeOne(k, id);
  const now = ctx.clock.now().toISOString();
  const calendarChanged =
    plan.starts_at !== m.starts_at || plan.ends_at !== m.ends_at || plan.place !== m.place || positionChanged || plan.title !== m.title || plan.topic !== m.topic;
  return k.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('meeting')
      .set({ ...plan, sequence: calendarChanged ? m.sequence + 1 : m.sequence, updated_at: now })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (invitees) await replaceInvitees(trx, row, invitees, now);
    await syncMeetingBooking(trx, ctx.db.dialect, d.timeZone, row, now, ctx.actor.userId || null);
    const after = await describeOne(trx, id);
    await invalidateLifeCompliance(trx, [m.party_org_id]);
    await recordAudit(trx, ctx, { action: 'meeting.update', entityType: 'meeting', entityId: id, scopePath: m.territory_path, before, after: invitees ? { ...after, invitees } : after });
    return after;
  });
}

/** Cancels a planned meeting (never deleted); a meeting with attendance took place and cannot be cancelled. */
export async function cancelMeeting(ctx: Ctx, id: number, reason: string) {
  const m = await changeableMeeting(ctx, id);
  const k = ctx.db.kysely;
  const attended = await k.selectFrom('attendance').select('id').where('meeting_id', '=', id).executeTakeFirst();
  if (attended) throw AppError.conflict([{ field: 'status', code: 'meeting_has_attendance' }]);
  const d = await lifeDistrict(k, m.district_id, ctx.clock);
  const now = ctx.clock.now().toISOString();
  return k.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('meeting')
      .set({ status: 'cancelled', cancelled_reason: reason.trim(), sequence: m.sequence + 1, updated_at: now })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await syncMeetingBooking(trx, ctx.db.dialect, d.timeZone, row, now, ctx.actor.userId || null);
    const after = await describeOne(trx, id);
    await invalidateLifeCompliance(trx, [m.party_org_id]);
    await recordAudit(trx, ctx, { action: 'meeting.cancel', entityType: 'meeting', entityId: id, scopePath: m.territory_path, after });
    return after;
  });
}

// --- Reading one meeting -------------------------------------------------------------

export async function getMeetingDetail(ctx: Ctx, id: number) {
  const m = await visibleMeeting(ctx, id);
  return meetingDetail(ctx.db.kysely, m);
}

async function meetingDetail(db: Q, m: Meeting) {
  const [dto, expected, marks, mn, amendments, attachments, guests] = await Promise.all([
    describeOne(db, m.id),
    expectedMembers(db, m),
    db.selectFrom('attendance').selectAll().where('meeting_id', '=', m.id).execute(),
    minutesRow(db, m.id),
    db.selectFrom('minutes_amendment').selectAll().where('meeting_id', '=', m.id).orderBy('created_at').orderBy('id').execute(),
    db
      .selectFrom('meeting_attachment')
      .innerJoin('upload', 'upload.id', 'meeting_attachment.upload_id')
      .select(['upload.id', 'upload.original_name', 'upload.mime', 'upload.size', 'meeting_attachment.created_at'])
      .where('meeting_attachment.meeting_id', '=', m.id)
      .orderBy('meeting_attachment.id')
      .execute(),
    hostedGuests(db, m.party_org_id),
  ]);
  const byMember = new Map(marks.map((a) => [a.member_id, a]));
  const mark = (memberId: number) => {
    const a = byMember.get(memberId);
    return a ? { status: a.status as AttendanceStatus, reason: a.reason, method: a.method as CheckinMethod, checkedInAt: a.checked_in_at } : null;
  };
  const rows = expected.map((e) => ({ ...e, attendance: mark(e.memberId) }));
  const count = (s: string) => rows.filter((r) => r.attendance?.status === s).length;
  const lockedBy = mn?.locked_by ? await db.selectFrom('app_user').select('display_name').where('id', '=', mn.locked_by).executeTakeFirst() : undefined;
  const invited = new Set(expected.map((e) => e.memberId));
  const quorum = m.kind === 'committee_meeting' ? await quorumOf(db, m, mn ?? null) : null;
  return {
    meeting: dto,
    expected: rows,
    summary: { expected: rows.length, present: count('present'), leave: count('leave'), absent: count('absent'), unmarked: rows.filter((r) => !r.attendance).length },
    minutes: mn
      ? { bodyHtml: mn.body_html, resolutions: parseResolutions(mn.resolutions_json), updatedAt: mn.updated_at, lockedAt: mn.locked_at, lockedByName: lockedBy?.display_name ?? null }
      : null,
    amendments: amendments.map((a) => ({ id: a.id, bodyHtml: a.body_html, reason: a.reason, createdAt: a.created_at, createdByName: a.created_by_name })),
    attachments: attachments.map((a) => ({ id: a.id, name: a.original_name, mime: a.mime, size: Number(a.size), createdAt: a.created_at })),
    quorum,
    guests: guests.map((g) => ({ ...g, invited: invited.has(g.memberId) })),
  };
}

function parseResolutions(json: string): string[] {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

/** The committee's quorum at a committee meeting: as recorded at the lock, or as it stands now. */
async function quorumOf(db: Q, m: Meeting, mn: { locked_at: string | null; committee_size: number | null; committee_present: number | null } | null) {
  let size: number;
  let present: number;
  if (mn?.locked_at && mn.committee_size !== null) {
    size = mn.committee_size;
    present = mn.committee_present ?? 0;
  } else {
    ({ size, present } = await committeePresence(db, m));
  }
  const q = committeeQuorum(size, present);
  return q ? { committeeSize: size, present, needed: q.needed, met: q.met } : null;
}

async function committeePresence(db: Q, m: Meeting): Promise<{ size: number; present: number }> {
  const persons = await committeePersonIds(db, m.party_org_id);
  if (!persons.length) return { size: 0, present: 0 };
  const rows = await db
    .selectFrom('attendance')
    .innerJoin('member', 'member.id', 'attendance.member_id')
    .select('member.person_id')
    .where('attendance.meeting_id', '=', m.id)
    .where('attendance.status', '=', 'present')
    .where('member.person_id', 'in', persons)
    .execute();
  return { size: persons.length, present: new Set(rows.map((r) => r.person_id)).size };
}

// --- Attendance ----------------------------------------------------------------------

/** The day of contact a meeting gives: its local date, never later than today. */
function contactDay(m: Meeting, d: LifeDistrict): string {
  const day = localDateTime(m.starts_at, d.timeZone).slice(0, 10);
  return day < d.today ? day : d.today;
}

/**
 * Organizational life is contact (feeds lost-contact detection): one contact
 * event per member and meeting, and the member's last contact moves forward.
 * Present and on leave (who asked for leave was in touch) count; absent does not.
 */
async function recordContact(trx: Q, m: Meeting, memberId: number, kind: 'check_in' | 'attendance', day: string, now: string) {
  const exists = await trx
    .selectFrom('contact_event')
    .select('id')
    .where('member_id', '=', memberId)
    .where('kind', 'in', ['check_in', 'attendance'])
    .where('source_id', '=', m.id)
    .executeTakeFirst();
  if (!exists) {
    await trx
      .insertInto('contact_event')
      .values({ district_id: m.district_id, member_id: memberId, kind, happened_on: day, note: m.title, source_id: m.id, created_at: now })
      .execute();
  }
  await trx
    .updateTable('member')
    .set({ last_contact_on: day })
    .where('id', '=', memberId)
    .where((eb) => eb.or([eb('last_contact_on', 'is', null), eb('last_contact_on', '<', day)]))
    .execute();
}

async function markHeld(trx: Q, m: Meeting, now: string) {
  if (m.status === 'planned') await trx.updateTable('meeting').set({ status: 'held', updated_at: now }).where('id', '=', m.id).where('status', '=', 'planned').execute();
}

export interface RollCallEntry {
  memberId: number;
  status: AttendanceStatus;
  reason?: string | null | undefined;
}

/** The secretary's roll call: present, on leave (with a reason) or absent, for people expected (or hosted mobile members). */
export async function rollCall(ctx: Ctx, id: number, entries: RollCallEntry[]) {
  const m = await changeableMeeting(ctx, id);
  const k = ctx.db.kysely;
  const expected = await expectedMembers(k, m);
  const guests = new Set((await hostedGuests(k, m.party_org_id)).map((g) => g.memberId));
  const known = new Map(expected.map((e) => [e.memberId, e]));
  const problems = new Problems();
  const seen = new Set<number>();
  entries.forEach((e, i) => {
    if (seen.has(e.memberId)) problems.add(`${i}.memberId`, 'attendance_duplicate');
    seen.add(e.memberId);
    if (!known.has(e.memberId) && !guests.has(e.memberId)) problems.add(`${i}.memberId`, 'attendance_not_expected');
    if (e.status === 'leave' && !e.reason?.trim()) problems.add(`${i}.reason`, 'required');
  });
  problems.throwIfAny();
  const members = new Map<number, Member>();
  for (const part of chunks(entries.map((e) => e.memberId))) {
    for (const r of await k.selectFrom('member').selectAll().where('id', 'in', part).execute()) members.set(r.id, r);
  }
  const d = await lifeDistrict(k, m.district_id, ctx.clock);
  const day = contactDay(m, d);
  const now = ctx.clock.now().toISOString();
  await k.transaction().execute(async (trx) => {
    const existing = new Map((await trx.selectFrom('attendance').selectAll().where('meeting_id', '=', id).execute()).map((a) => [a.member_id, a]));
    for (const e of entries) {
      const member = members.get(e.memberId)!;
      const reason = e.status === 'present' ? null : clean(e.reason);
      const prev = existing.get(e.memberId);
      if (prev) {
        if (prev.status === e.status && prev.reason === reason) continue;
        const stillPresent = prev.status === 'present' && e.status === 'present';
        await trx
          .updateTable('attendance')
          .set({
            status: e.status,
            reason,
            method: stillPresent ? prev.method : 'roll_call',
            checked_in_at: stillPresent ? prev.checked_in_at : e.status === 'present' ? now : null,
            recorded_by: ctx.actor.userId || null,
            updated_at: now,
          })
          .where('id', '=', prev.id)
          .execute();
      } else {
        if (!known.has(e.memberId)) {
          await trx.insertInto('meeting_invitee').values({ district_id: m.district_id, meeting_id: id, member_id: e.memberId, reason: 'mobile_guest', created_at: now }).execute();
        }
        await trx
          .insertInto('attendance')
          .values({
            district_id: m.district_id,
            meeting_id: id,
            member_id: e.memberId,
            status: e.status,
            reason,
            checked_in_at: e.status === 'present' ? now : null,
            method: 'roll_call',
            counts_for_org_id: member.party_org_id,
            recorded_by: ctx.actor.userId || null,
            created_at: now,
            updated_at: now,
          })
          .execute();
      }
      if (e.status !== 'absent') await recordContact(trx, m, e.memberId, 'attendance', day, now);
    }
    if (entries.some((e) => e.status === 'present')) await markHeld(trx, m, now);
    await invalidateLifeCompliance(trx, [m.party_org_id]);
    await recordAudit(trx, ctx, {
      action: 'meeting.attendance',
      entityType: 'meeting',
      entityId: id,
      scopePath: m.territory_path,
      after: entries.map((e) => ({ memberId: e.memberId, status: e.status, reason: e.reason ?? null })),
    });
  });
  return meetingDetail(k, (await k.selectFrom('meeting').selectAll().where('id', '=', id).executeTakeFirstOrThrow()));
}

/** A short-lived signed code for the meeting's screen; the screen asks for a new one every minute and a half. */
export async function issueCheckInToken(ctx: Ctx, id: number) {
  const m = await changeableMeeting(ctx, id);
  const expiresAt = new Date(ctx.clock.now().getTime() + CHECKIN_TOKEN_SECONDS * 1000);
  const token = signCheckInToken(ctx.vault, { districtId: m.district_id, meetingId: m.id, expiresAt });
  return { token, url: checkInUrl(token), expiresAt: expiresAt.toISOString(), ttlSeconds: CHECKIN_TOKEN_SECONDS, refreshAfterSeconds: CHECKIN_REFRESH_SECONDS };
}

/**
 * A member checks in from their phone with the code on the screen: present, by
 * QR. The code must be genuine and current; the member must be expected,
 * invited, or a mobile member hosted by the organization (then their
 * attendance counts for their home organization). Checking in twice is harmless.
 */
export async function checkIn(ctx: Ctx, token: string) {
  const k = ctx.db.kysely;
  const verdict = verifyCheckInToken(ctx.vault, token, ctx.clock.now());
  if (!verdict.ok) {
    const code = verdict.reason === 'expired' ? 'checkin_token_expired' : 'checkin_token_invalid';
    throw new AppError(400, code, [{ field: 'token', code }]);
  }
  const notInvited = new AppError(404, 'checkin_not_invited');
  if (verdict.districtId !== ctx.actor.scope.districtId) throw notInvited;
  const member = await ownMember(k, ctx.actor);
  if (!member) throw new AppError(403, 'checkin_not_a_member');
  const m = await k.selectFrom('meeting').selectAll().where('id', '=', verdict.meetingId).where('district_id', '=', verdict.districtId).executeTakeFirst();
  if (!m) throw notInvited;
  const why = await expectationOf(k, m, member);
  if (!why) throw notInvited;
  if (m.status === 'cancelled') throw AppError.conflict([{ field: 'token', code: 'meeting_cancelled' }]);
  if ((await minutesRow(k, m.id))?.locked_at) throw new AppError(409, 'checkin_closed', [{ field: 'token', code: 'checkin_closed' }]);
  const result = (checkedInAt: string, already: boolean) => ({
    meetingId: m.id,
    title: m.title,
    orgName: '',
    startsAt: m.starts_at,
    endsAt: m.ends_at,
    status: 'present' as const,
    checkedInAt,
    alreadyCheckedIn: already,
  });
  const org = await k.selectFrom('party_org').select('name').where('id', '=', m.party_org_id).executeTakeFirstOrThrow();
  const prev = await k.selectFrom('attendance').selectAll().where('meeting_id', '=', m.id).where('member_id', '=', member.id).executeTakeFirst();
  if (prev?.status === 'present') return { ...result(prev.checked_in_at ?? prev.updated_at, true), orgName: org.name };
  const d = await lifeDistrict(k, m.district_id, ctx.clock);
  const now = ctx.clock.now().toISOString();
  await k.transaction().execute(async (trx) => {
    if (why === 'mobile_guest') {
      const inv = await trx.selectFrom('meeting_invitee').select('id').where('meeting_id', '=', m.id).where('member_id', '=', member.id).executeTakeFirst();
      if (!inv) await trx.insertInto('meeting_invitee').values({ district_id: m.district_id, meeting_id: m.id, member_id: member.id, reason: 'mobile_guest', created_at: now }).execute();
    }
    if (prev) {
      await trx
        .updateTable('attendance')
        .set({ status: 'present', reason: null, method: 'qr', checked_in_at: now, recorded_by: ctx.actor.userId || null, updated_at: now })
        .where('id', '=', prev.id)
        .execute();
    } else {
      await trx
        .insertInto('attendance')
        .values({
          district_id: m.district_id,
          meeting_id: m.id,
          member_id: member.id,
          status: 'present',
          reason: null,
          checked_in_at: now,
          method: 'qr',
          counts_for_org_id: member.party_org_id,
          recorded_by: ctx.actor.userId || null,
          created_at: now,
          updated_at: now,
        })
        .onConflict((oc) => oc.columns(['meeting_id', 'member_id']).doNothing())
        .execute();
    }
    await recordContact(trx, m, member.id, 'check_in', contactDay(m, d), now);
    await markHeld(trx, m, now);
    await invalidateLifeCompliance(trx, [m.party_org_id]);
    await recordAudit(trx, ctx, { action: 'meeting.check_in', entityType: 'meeting', entityId: m.id, scopePath: m.territory_path, after: { memberId: member.id, method: 'qr', as: why } });
  });
  return { ...result(now, false), orgName: org.name };
}

// --- Minutes ---------------------------------------------------------------------------

export async function saveMinutes(ctx: Ctx, id: number, input: { bodyHtml: string; resolutions?: string[] | undefined }) {
  const m = await changeableMeeting(ctx, id);
  const k = ctx.db.kysely;
  const body = sanitizeHtml(input.bodyHtml);
  const prev = await minutesRow(k, id);
  const resolutions = (input.resolutions ?? (prev ? parseResolutions(prev.resolutions_json) : [])).map((r) => r.trim()).filter(Boolean);
  const now = ctx.clock.now().toISOString();
  await k.transaction().execute(async (trx) => {
    if (prev) {
      await trx
        .updateTable('minutes')
        .set({ body_html: body, resolutions_json: JSON.stringify(resolutions), updated_by: ctx.actor.userId || null, updated_at: now })
        .where('id', '=', prev.id)
        .execute();
    } else {
      await trx
        .insertInto('minutes')
        .values({
          district_id: m.district_id,
          meeting_id: id,
          body_html: body,
          resolutions_json: JSON.stringify(resolutions),
          updated_by: ctx.actor.userId || null,
          updated_at: now,
          created_at: now,
        })
        .execute();
    }
    await invalidateLifeCompliance(trx, [m.party_org_id]);
    await recordAudit(trx, ctx, {
      action: 'meeting.minutes',
      entityType: 'meeting',
      entityId: id,
      scopePath: m.territory_path,
      before: prev ? { bodyHtml: prev.body_html, resolutions: parseResolutions(prev.resolutions_json) } : undefined,
      after: { bodyHtml: body, resolutions },
    });
  });
  return { bodyHtml: body, resolutions, updatedAt: now, lockedAt: null, lockedByName: null };
}

/**
 * Locks the minutes: from now on they are the record (corrections are
 * amendments). Needs written minutes and someone present; a committee
 * meeting's quorum is recorded as it stands at the lock.
 */
export async function lockMinutes(ctx: Ctx, id: number) {
  const m = await visibleMeeting(ctx, id);
  if (m.status === 'cancelled') throw AppError.conflict([{ field: 'status', code: 'meeting_cancelled' }]);
  const k = ctx.db.kysely;
  const mn = await minutesRow(k, id);
  if (mn?.locked_at) throw new AppError(409, 'minutes_locked', [{ field: 'minutes', code: 'minutes_locked' }]);
  if (!mn || !htmlText(mn.body_html)) throw AppError.validation([{ field: 'minutes', code: 'minutes_empty' }]);
  const present = await k.selectFrom('attendance').select('id').where('meeting_id', '=', id).where('status', '=', 'present').executeTakeFirst();
  if (!present) throw new AppError(409, 'attendance_missing', [{ field: 'attendance', code: 'attendance_missing' }]);
  const committee = m.kind === 'committee_meeting' ? await committeePresence(k, m) : null;
  const now = ctx.clock.now().toISOString();
  await k.transaction().execute(async (trx) => {
    await trx
      .updateTable('minutes')
      .set({ locked_at: now, locked_by: ctx.actor.userId || null, committee_size: committee?.size ?? null, committee_present: committee?.present ?? null })
      .where('id', '=', mn.id)
      .where('locked_at', 'is', null)
      .execute();
    await markHeld(trx, m, now);
    await invalidateLifeCompliance(trx, [m.party_org_id]);
    await recordAudit(trx, ctx, { action: 'meeting.minutes_lock', entityType: 'meeting', entityId: id, scopePath: m.territory_path, after: { lockedAt: now, committee } });
  });
  return meetingDetail(k, await k.selectFrom('meeting').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
}

/** A correction after the lock: a new row shown beside the original, never an edit. */
export async function addAmendment(ctx: Ctx, id: number, input: { bodyHtml: string; reason: string }) {
  const m = await visibleMeeting(ctx, id);
  const k = ctx.db.kysely;
  const mn = await minutesRow(k, id);
  if (!mn?.locked_at) throw new AppError(409, 'minutes_not_locked', [{ field: 'minutes', code: 'minutes_not_locked' }]);
  const body = sanitizeHtml(input.bodyHtml);
  if (!htmlText(body)) throw AppError.validation([{ field: 'bodyHtml', code: 'minutes_empty' }]);
  const now = ctx.clock.now().toISOString();
  return k.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('minutes_amendment')
      .values({
        district_id: m.district_id,
        meeting_id: id,
        body_html: body,
        reason: input.reason.trim(),
        created_by: ctx.actor.userId || null,
        created_by_name: ctx.actor.displayName,
        created_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const dto = { id: row.id, bodyHtml: row.body_html, reason: row.reason, createdAt: row.created_at, createdByName: row.created_by_name };
    await invalidateLifeCompliance(trx, [m.party_org_id]);
    await recordAudit(trx, ctx, { action: 'meeting.minutes_amend', entityType: 'meeting', entityId: id, scopePath: m.territory_path, after: dto });
    return dto;
  });
}

// --- Attachments ---------------------------------------------------------------------

/** Photos and scans of the meeting (JPEG, PNG, WebP, PDF; type checked by the bytes), until the minutes are locked. */
export async function uploadAttachment(ctx: Ctx, id: number, file: { bytes: Buffer; contentType: string | undefined; fileName: string | string[] | undefined }) {
  const m = await changeableMeeting(ctx, id);
  const mime = checkEvidence(file.bytes, file.contentType);
  const name = sanitizeFileName(file.fileName);
  const sha256 = sha256Hex(file.bytes);
  await storeEvidence(ctx.db.dataDir, m.district_id, sha256, file.bytes);
  const now = ctx.clock.now().toISOString();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const { id: uploadId } = await trx
      .insertInto('upload')
      .values({ district_id: m.district_id, party_org_id: m.party_org_id, sha256, original_name: name, mime, size: file.bytes.length, uploaded_by: ctx.actor.userId || null, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('meeting_attachment').values({ district_id: m.district_id, meeting_id: id, upload_id: uploadId, created_at: now }).execute();
    const dto = { id: uploadId, name, mime, size: file.bytes.length, createdAt: now };
    await recordAudit(trx, ctx, { action: 'meeting.attachment', entityType: 'meeting', entityId: id, scopePath: m.territory_path, after: { ...dto, sha256 } });
    return dto;
  });
}

export async function openAttachment(ctx: Ctx, id: number, uploadId: number) {
  const m = await visibleMeeting(ctx, id);
  const upload = await ctx.db.kysely
    .selectFrom('meeting_attachment')
    .innerJoin('upload', 'upload.id', 'meeting_attachment.upload_id')
    .selectAll('upload')
    .where('meeting_attachment.meeting_id', '=', m.id)
    .where('upload.id', '=', uploadId)
    .executeTakeFirst();
  if (!upload) throw AppError.notFound();
  const path = evidencePath(ctx.db.dataDir, upload.district_id, upload.sha256);
  const st = await stat(path).catch(() => null);
  if (!st?.isFile()) throw AppError.notFound();
  return { upload, size: st.size, stream: createReadStream(path) };
}

// --- The printable page ------------------------------------------------------------------

export async function printMeeting(ctx: Ctx, id: number, locale: Locale): Promise<string> {
  const m = await visibleMeeting(ctx, id);
  const k = ctx.db.kysely;
  const detail = await meetingDetail(k, m);
  const d = await lifeDistrict(k, m.district_id, ctx.clock);
  const dt = (s: string) => localDateTime(s, d.timeZone);
  const meeting = detail.meeting;
  const position = meeting.activityPositionId
    ? await k.selectFrom('activity_position').select(['name', 'address']).where('id', '=', meeting.activityPositionId).executeTakeFirst()
    : undefined;
  const place = [meeting.place, position ? [position.name, position.address].filter(Boolean).join('，') : null].filter(Boolean).join(' · ') || null;
  const sameDay = dt(meeting.startsAt).slice(0, 10) === dt(meeting.endsAt).slice(0, 10);
  const en = locale === 'en';
  return printPage({
    lang: locale,
    orgName: meeting.orgName,
    kindLabel: label('meetingKind', meeting.kind, locale),
    title: meeting.title,
    when: `${dt(meeting.startsAt)} – ${sameDay ? dt(meeting.endsAt).slice(11) : dt(meeting.endsAt)}`,
    place,
    host: meeting.hostName,
    topic: meeting.topic,
    statusLabel: label('meetingStatus', meeting.status, locale),
    attendance: detail.expected.map((e) => ({
      name: e.name,
      orgName: e.orgName,
      statusLabel: e.attendance ? label('attendanceStatus', e.attendance.status, locale) : en ? 'Not marked' : '未登记',
      reason: e.attendance?.reason ?? null,
      methodLabel: e.attendance ? label('checkinMethod', e.attendance.method, locale) : null,
    })),
    counts: { expected: detail.summary.expected, present: detail.summary.present, leave: detail.summary.leave, absent: detail.summary.absent },
    minutesHtml: detail.minutes?.bodyHtml ?? null,
    resolutions: detail.minutes?.resolutions ?? [],
    lockedNote: detail.minutes?.lockedAt
      ? en
        ? `Locked on ${dt(detail.minutes.lockedAt)} by ${detail.minutes.lockedByName ?? '—'}`
        : `已于 ${dt(detail.minutes.lockedAt)} 由 ${detail.minutes.lockedByName ?? '—'} 锁定`
      : en
        ? 'Draft: not locked'
        : '草稿：尚未锁定',
    amendments: detail.amendments.map((a) => ({ when: dt(a.createdAt), by: a.createdByName, reason: a.reason, html: a.bodyHtml })),
    attachments: detail.attachments.map((a) => a.name),
    printedAt: dt(ctx.clock.now().toISOString()),
  });
}

// --- Lists ----------------------------------------------------------------------------------

export interface MeetingFilters {
  orgId?: number | undefined;
  territoryId?: number | undefined;
  from?: string | undefined;
  to?: string | undefined;
  kind?: string | undefined;
  status?: string | undefined;
  q?: string | undefined;
  sort?: string | undefined;
}

const SORTS = { startsAt: 'meeting.starts_at', title: 'meeting.title', kind: 'meeting.kind' } as const;

async function filteredMeetings(ctx: Ctx, f: MeetingFilters) {
  const k = ctx.db.kysely;
  let q = k.selectFrom('meeting').where(inOrgScope(ctx.actor.scope, 'meeting', 'org_path', 'territory_path'));
  if (f.orgId !== undefined) {
    const org = await findOrg(k, ctx.actor.scope, f.orgId);
    if (!org) throw new AppError(404, 'org_not_found', [{ field: 'orgId', code: 'org_not_found' }]);
    q = q.where(withinPath('meeting.org_path', org.path));
  }
  if (f.territoryId !== undefined) {
    const t = await findTerritory(k, ctx.actor.scope, f.territoryId);
    if (!t) throw new AppError(404, 'territory_not_found', [{ field: 'territoryId', code: 'territory_not_found' }]);
    q = q.where(withinPath('meeting.territory_path', t.path));
  }
  if (f.from || f.to) {
    const d = await lifeDistrict(k, ctx.actor.scope.districtId, ctx.clock);
    if (f.from) q = q.where('meeting.ends_at', '>', startOfLocalDay(f.from, d.timeZone).toISOString());
    if (f.to) q = q.where('meeting.starts_at', '<', startOfLocalDay(addDays(f.to, 1), d.timeZone).toISOString());
  }
  if (f.kind) q = q.where('meeting.kind', '=', f.kind);
  if (f.status) q = q.where('meeting.status', '=', f.status);
  if (f.q) q = q.where(containsText('meeting.title', f.q.trim()));
  return q;
}

export async function listMeetings(ctx: Ctx, f: MeetingFilters, page: number, pageSize: number) {
  const q = await filteredMeetings(ctx, f);
  const { field, desc } = parseSort(f.sort, '-startsAt');
  const column = SORTS[field as keyof typeof SORTS] ?? 'meeting.starts_at';
  const [rows, total] = await Promise.all([
    q
      .selectAll('meeting')
      .orderBy(column, desc ? 'desc' : 'asc')
      .orderBy('meeting.id', desc ? 'desc' : 'asc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    q.select(countAll().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: await describeMeetings(ctx.db.kysely, rows), total: Number(total.n) };
}

/** The filtered meetings in batches, for the export. */
export async function* eachMeeting(ctx: Ctx, f: MeetingFilters, batch = 500) {
  const base = await filteredMeetings(ctx, f);
  const { field, desc } = parseSort(f.sort, '-startsAt');
  const column = SORTS[field as keyof typeof SORTS] ?? 'meeting.starts_at';
  for (let offset = 0; ; offset += batch) {
    const rows = await base
      .selectAll('meeting')
      .orderBy(column, desc ? 'desc' : 'asc')
      .orderBy('meeting.id', desc ? 'desc' : 'asc')
      .limit(batch)
      .offset(offset)
      .execute();
    yield* await describeMeetings(ctx.db.kysely, rows);
    if (rows.length < batch) return;
  }
}

