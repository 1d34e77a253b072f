/**
 * Training and study: sessions (party school, concentrated training, lectures)
 * with the hours of each attendee, each member's yearly hours, and
 * `trainingHours(db, memberId, upTo)` — what the admission rule reads
 * (RULES.md "Member development": concentrated training of at least 3 days or
 * 24 class hours before admission). Hours are facts recorded by the
 * organization, never derived from app time or clicks (RULES.md "No formalism").
 */
import { addDays, daysBetween } from '../../domain/dates.js';
import type { TrainingKind } from '../../domain/life.js';
import type { TrainingSession } from '../../db/schema.js';
import { countAll } from '../../db/sql.js';
import type { Ctx } from '../../server/context.js';
import { AppError, Problems } from '../../server/errors.js';
import { inOrgScope } from '../../server/scope.js';
import { recordAudit } from '../audit/record.js';
import { findOrg } from '../orgs/queries.js';
import { chunks, findMeeting, findMember, lifeDistrict, orgInfo, ownMember, withinPath, type Q } from './common.js';

/** Kinds whose days count as days of concentrated training. */
const DAY_KINDS: readonly string[] = ['party_school', 'concentrated'];

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * A member's training up to a date (inclusive; sessions that ended by then):
 * class hours of every session, and days of party-school and concentrated
 * sessions. The admission rule compares these with ≥ 24 hours or ≥ 3 days.
 */
export async function trainingHours(db: Q, memberId: number, upTo: string): Promise<{ hours: number; days: number }> {
  const rows = await db
    .selectFrom('training_hours')
    .innerJoin('training_session', 'training_session.id', 'training_hours.session_id')
    .select(['training_hours.hours', 'training_session.kind', 'training_session.starts_on', 'training_session.ends_on'])
    .where('training_hours.member_id', '=', memberId)
    .where('training_hours.on_date', '<=', upTo)
    .execute();
  let hours = 0;
  let days = 0;
  for (const r of rows) {
    const h = Number(r.hours);
    if (h <= 0) continue;
    hours += h;
    if (DAY_KINDS.includes(r.kind)) days += daysBetween(r.starts_on, r.ends_on) + 1;
  }
  return { hours: round2(hours), days };
}

async function describeSessions(db: Q, rows: TrainingSession[]) {
  const orgs = await orgInfo(db, rows.map((r) => r.party_org_id));
  const counts = new Map<number, number>();
  for (const part of chunks(rows.map((r) => r.id))) {
    const cs = await db.selectFrom('training_hours').select(['session_id', countAll().as('n')]).where('session_id', 'in', part).where('hours', '>', 0).groupBy('session_id').execute();
    for (const c of cs) counts.set(c.session_id, Number(c.n));
  }
  return rows.map((r) => ({
    id: r.id,
    orgId: r.party_org_id,
    orgName: orgs.get(r.party_org_id)?.name ?? '',
    kind: r.kind as TrainingKind,
    title: r.title,
    provider: r.provider,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    hours: Number(r.hours),
    meetingId: r.meeting_id,
    attendeeCount: counts.get(r.id) ?? 0,
    createdAt: r.created_at,
  }));
}

async function visibleSession(ctx: Ctx, id: number): Promise<TrainingSession> {
  const row = await ctx.db.kysely
    .selectFrom('training_session')
    .selectAll()
    .where('id', '=', id)
    .where(inOrgScope(ctx.actor.scope, 'training_session', 'org_path', 'territory_path'))
    .executeTakeFirst();
  if (!row) throw new AppError(404, 'training_not_found');
  return row;
}

async function sessionDetail(db: Q, s: TrainingSession) {
  const attendees = await db
    .selectFrom('training_hours')
    .innerJoin('member', 'member.id', 'training_hours.member_id')
    .innerJoin('person', 'person.id', 'member.person_id')
    .innerJoin('party_org', 'party_org.id', 'member.party_org_id')
    .select(['member.id as memberId', 'person.name as name', 'party_org.name as orgName', 'member.stage as stage', 'training_hours.hours as hours'])
    .where('training_hours.session_id', '=', s.id)
    .orderBy('person.name')
    .orderBy('member.id')
    .execute();
  return { session: (await describeSessions(db, [s]))[0]!, attendees: attendees.map((a) => ({ ...a, hours: Number(a.hours) })) };
}

export async function getTraining(ctx: Ctx, id: number) {
  return sessionDetail(ctx.db.kysely, await visibleSession(ctx, id));
}

/** Members the caller may record hours for: visible to them; problems name the position in the list. */
async function checkAttendees(ctx: Ctx, ids: number[], field: (i: number) => string, problems: Problems) {
  const visible = new Set<number>();
  for (const part of chunks([...new Set(ids)])) {
    const rows = await ctx.db.kysely.selectFrom('member').select('id').where('id', 'in', part).where(inOrgScope(ctx.actor.scope, 'member', 'org_path', 'territory_path')).execute();
    for (const r of rows) visible.add(r.id);
  }
  const seen = new Set<number>();
  ids.forEach((id, i) => {
    if (!visible.has(id)) problems.add(field(i), 'life_member_not_found');
    else if (seen.has(id)) problems.add(field(i), 'attendance_duplicate');
    seen.add(id);
  });
}

export interface TrainingInput {
  orgId: number;
  kind: string;
  title: string;
  provider?: string | null | undefined;
  startsOn: string;
  endsOn: string;
  hours: number;
  meetingId?: number | null | undefined;
  attendees?: { memberId: number; hours?: number | undefined }[] | undefined;
}

export async function createTraining(ctx: Ctx, input: TrainingInput) {
  const k = ctx.db.kysely;
  const org = await findOrg(k, ctx.actor.scope, input.orgId);
  if (!org) throw new AppError(404, 'org_not_found', [{ field: 'orgId', code: 'org_not_found' }]);
  if (org.status !== 'active') throw AppError.conflict([{ field: 'orgId', code: 'org_closed' }]);
  const d = await lifeDistrict(k, org.district_id, ctx.clock);
  const problems = new Problems();
  if (input.endsOn < input.startsOn) problems.add('endsOn', 'date_order', { after: input.startsOn });
  if (input.endsOn > d.today) problems.add('endsOn', 'date_in_future');
  let attendees = input.attendees?.map((a) => ({ memberId: a.memberId, hours: a.hours ?? input.hours }));
  if (input.meetingId) {
    const m = await findMeeting(k, ctx.actor.scope, input.meetingId);
    if (!m) throw new AppError(404, 'meeting_not_found', [{ field: 'meetingId', code: 'meeting_not_found' }]);
    if (!m.org_path.startsWith(org.path)) problems.add('meetingId', 'training_meeting_mismatch');
    else if (!attendees) {
      // Entered once: those present at the meeting attended the session.
      const present = await k.selectFrom('attendance').select('member_id').where('meeting_id', '=', m.id).where('status', '=', 'present').orderBy('id').execute();
      attendees = present.map((p) => ({ memberId: p.member_id, hours: input.hours }));
    }
  }
  attendees ??= [];
  if (input.attendees) await checkAttendees(ctx, attendees.map((a) => a.memberId), (i) => `attendees.${i}.memberId`, problems);
  problems.throwIfAny();
  const now = ctx.clock.now().toISOString();
  return k.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('training_session')
      .values({
        district_id: org.district_id,
        party_org_id: org.id,
        org_path: org.path,
        territory_path: org.territory_path,
        kind: input.kind,
        title: input.title.trim(),
        provider: input.provider?.trim() || null,
        starts_on: input.startsOn,
        ends_on: input.endsOn,
        hours: input.hours,
        meeting_id: input.meetingId ?? null,
        created_by: ctx.actor.userId || null,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const a of attendees!) {
      await trx
        .insertInto('training_hours')
        .values({ district_id: org.district_id, session_id: id, member_id: a.memberId, hours: a.hours, on_date: input.endsOn, created_at: now, updated_at: now })
        .execute();
    }
    const s = await trx.selectFrom('training_session').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const detail = await sessionDetail(trx, s);
    await recordAudit(trx, ctx, { action: 'training.create', entityType: 'training_session', entityId: id, scopePath: org.territory_path, after: detail });
    return detail;
  });
}

/** Sets the hours of attendees (adds those not yet listed; 0 hours: did not attend). */
export async function setHours(ctx: Ctx, id: number, entries: { memberId: number; hours: number }[]) {
  const s = await visibleSession(ctx, id);
  const k = ctx.db.kysely;
  const problems = new Problems();
  await checkAttendees(ctx, entries.map((e) => e.memberId), (i) => `${i}.memberId`, problems);
  problems.throwIfAny();
  const before = await sessionDetail(k, s);
  const now = ctx.clock.now().toISOString();
  return k.transaction().execute(async (trx) => {
    for (const e of entries) {
      const prev = await trx.selectFrom('training_hours').select('id').where('session_id', '=', id).where('member_id', '=', e.memberId).executeTakeFirst();
      if (prev) await trx.updateTable('training_hours').set({ hours: e.hours, updated_at: now }).where('id', '=', prev.id).execute();
      else {
        await trx
          .insertInto('training_hours')
          .values({ district_id: s.district_id, session_id: id, member_id: e.memberId, hours: e.hours, on_date: s.ends_on, created_at: now, updated_at: now })
          .execute();
      }
    }
    await trx.updateTable('training_session').set({ updated_at: now }).where('id', '=', id).execute();
    const after = await sessionDetail(trx, s);
    await recordAudit(trx, ctx, { action: 'training.hours', entityType: 'training_session', entityId: id, scopePath: s.territory_path, before, after });
    return after;
  });
}

export async function listTrainings(ctx: Ctx, f: { orgId?: number | undefined; year?: number | undefined; kind?: string | undefined }, page: number, pageSize: number) {
  const k = ctx.db.kysely;
  let q = k.selectFrom('training_session').where(inOrgScope(ctx.actor.scope, 'training_session', 'org_path', 'territory_path'));
  if (f.orgId !== undefined) {
    const org = await findOrg(k, ctx.actor.scope, f.orgId);
    if (!org) throw new AppError(404, 'org_not_found', [{ field: 'orgId', code: 'org_not_found' }]);
    q = q.where(withinPath('training_session.org_path', org.path));
  }
  if (f.year !== undefined) q = q.where('training_session.ends_on', '>=', `${f.year}-01-01`).where('training_session.ends_on', '<=', `${f.year}-12-31`);
  if (f.kind) q = q.where('training_session.kind', '=', f.kind);
  const [rows, total] = await Promise.all([
    q.selectAll().orderBy('training_session.starts_on', 'desc').orderBy('training_session.id', 'desc').limit(pageSize).offset((page - 1) * pageSize).execute(),
    q.select(countAll().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: await describeSessions(k, rows), total: Number(total.n) };
}

async function hoursView(ctx: Ctx, member: { id: number; person_id: number; stage: string } | null, year: number | undefined, fallbackName: string) {
  const k = ctx.db.kysely;
  const d = await lifeDistrict(k, ctx.actor.scope.districtId, ctx.clock);
  const y = year ?? Number(d.today.slice(0, 4));
  const admission = { minHours: d.development.trainingMinHours, minDays: d.development.trainingMinDays };
  if (!member) {
    return { memberId: null, name: fallbackName, stage: null, year: y, hours: 0, days: 0, totalHours: 0, totalDays: 0, admission: { ...admission, met: false }, sessions: [] };
  }
  const person = await k.selectFrom('person').select('name').where('id', '=', member.person_id).executeTakeFirstOrThrow();
  const yearEnd = `${y}-12-31`;
  const inYear = await trainingHours(k, member.id, yearEnd);
  const beforeYear = await trainingHours(k, member.id, addDays(`${y}-01-01`, -1));
  const total = await trainingHours(k, member.id, d.today);
  const sessions = await k
    .selectFrom('training_hours')
    .innerJoin('training_session', 'training_session.id', 'training_hours.session_id')
    .select(['training_session.id as sessionId', 'training_session.title', 'training_session.kind', 'training_session.starts_on as startsOn', 'training_session.ends_on as endsOn', 'training_hours.hours'])
    .where('training_hours.member_id', '=', member.id)
    .where('training_hours.on_date', '>=', `${y}-01-01`)
    .where('training_hours.on_date', '<=', yearEnd)
    .where('training_hours.hours', '>', 0)
    .orderBy('training_session.starts_on')
    .execute();
  return {
    memberId: member.id,
    name: person.name,
    stage: member.stage,
    year: y,
    hours: round2(inYear.hours - beforeYear.hours),
    days: inYear.days - beforeYear.days,
    totalHours: total.hours,
    totalDays: total.days,
    admission: { ...admission, met: total.hours >= admission.minHours || total.days >= admission.minDays },
    sessions: sessions.map((s) => ({ ...s, hours: Number(s.hours) })),
  };
}

/** A member's hours (visible to the caller; a member sees only their own). */
export async function memberHours(ctx: Ctx, memberId: number, year: number | undefined) {
  const member = await findMember(ctx.db.kysely, ctx.actor.scope, memberId);
  const notFound = new AppError(404, 'life_member_not_found');
  if (!member) throw notFound;
  if (ctx.actor.role === 'member') {
    const own = await ownMember(ctx.db.kysely, ctx.actor);
    if (own?.id !== member.id) throw notFound;
  }
  return hoursView(ctx, member, year, '');
}

/** The caller's own hours (zeros for an account without a member record). */
export async function myHours(ctx: Ctx, year: number | undefined) {
  return hoursView(ctx, await ownMember(ctx.db.kysely, ctx.actor), year, ctx.actor.displayName);
}
