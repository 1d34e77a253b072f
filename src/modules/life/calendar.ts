/**
 * A person's calendar: the meetings they are expected at (their
 * organization's, their party group's, their committee's), invited to, or
 * host — in the app (GET /me/meetings) and as an iCalendar feed for their
 * phone's calendar, reached by a secret per-user token.
 */
import { addDays } from '../../domain/dates.js';
import { label } from '../../domain/labels.js';
import { EXPECTED_STAGES, startOfLocalDay, type AttendanceStatus, type CheckinMethod } from '../../domain/life.js';
import type { Clock } from '../../domain/clock.js';
import type { Meeting } from '../../db/schema.js';
import type { Ctx } from '../../server/context.js';
import { AppError } from '../../server/errors.js';
import { recordAudit } from '../audit/record.js';
import { chunks, lifeDistrict, memberOfPerson, pathAndAncestors, type Q } from './common.js';
import { buildCalendar, type IcsEvent } from './ics.js';
import { describeMeetings } from './meetings.js';
import { feedTokenHash, newFeedToken } from './tokens.js';

type ExpectedAs = 'audience' | 'committee' | 'chosen' | 'mobile_guest' | 'host';

/** The meetings of a person between two instants, each with why it is theirs and their attendance. */
export async function meetingsForPerson(db: Q, districtId: number, personId: number, from: string, to: string) {
  const member = await memberOfPerson(db, districtId, personId);
  const inWindow = () => db.selectFrom('meeting').selectAll('meeting').where('meeting.district_id', '=', districtId).where('meeting.starts_at', '<', to).where('meeting.ends_at', '>', from);
  const committeeOrgs = (
    await db
      .selectFrom('org_post')
      .select('party_org_id')
      .where('person_id', '=', personId)
      .where('ended_on', 'is', null)
      .where('post', 'in', ['secretary', 'deputy_secretary', 'committee_member'])
      .execute()
  ).map((r) => r.party_org_id);
  const [own, invited, hosted, committee] = await Promise.all([
    member ? inWindow().where('meeting.org_path', 'in', pathAndAncestors(member.org_path)).where('meeting.audience', 'in', ['org', 'party_group']).execute() : [],
    member
      ? inWindow()
          .innerJoin('meeting_invitee', 'meeting_invitee.meeting_id', 'meeting.id')
          .select('meeting_invitee.reason as invite_reason')
          .where('meeting_invitee.member_id', '=', member.id)
          .execute()
      : [],
    inWindow().where('meeting.host_person_id', '=', personId).execute(),
    committeeOrgs.length ? inWindow().where('meeting.party_org_id', 'in', committeeOrgs).where('meeting.audience', '=', 'committee').execute() : [],
  ]);
  const groupPaths = new Map<number, string>();
  const groupIds = [...new Set(own.filter((m) => m.audience === 'party_group' && m.audience_org_id).map((m) => m.audience_org_id!))];
  for (const part of chunks(groupIds)) {
    for (const g of await db.selectFrom('party_org').select(['id', 'path']).where('id', 'in', part).execute()) groupPaths.set(g.id, g.path);
  }
  const partyMember = !!member && (EXPECTED_STAGES as readonly string[]).includes(member.stage);
  const mine = new Map<number, { meeting: Meeting; as: ExpectedAs }>();
  const add = (m: Meeting, as: ExpectedAs) => {
    if (!mine.has(m.id)) mine.set(m.id, { meeting: m, as });
  };
  for (const i of invited) {
    const { invite_reason, ...m } = i;
    add(m, invite_reason as ExpectedAs);
  }
  for (const m of own) {
    if (!partyMember || !member) continue;
    const path = m.audience === 'org' ? m.org_path : m.audience_org_id ? groupPaths.get(m.audience_org_id) : undefined;
    if (path && member.org_path.startsWith(path)) add(m, 'audience');
  }
  for (const m of committee) add(m, 'committee');
  for (const m of hosted) add(m, 'host');
  const list = [...mine.values()].sort((a, b) => a.meeting.starts_at.localeCompare(b.meeting.starts_at) || a.meeting.id - b.meeting.id);
  const dtos = await describeMeetings(
    db,
    list.map((x) => x.meeting),
  );
  const marks = new Map<number, { status: AttendanceStatus; reason: string | null; method: CheckinMethod; checkedInAt: string | null }>();
  if (member) {
    for (const part of chunks(list.map((x) => x.meeting.id))) {
      const rows = await db.selectFrom('attendance').selectAll().where('member_id', '=', member.id).where('meeting_id', 'in', part).execute();
      for (const a of rows) marks.set(a.meeting_id, { status: a.status as AttendanceStatus, reason: a.reason, method: a.method as CheckinMethod, checkedInAt: a.checked_in_at });
    }
  }
  return dtos.map((dto, i) => ({ ...dto, expectedAs: list[i]!.as, myAttendance: marks.get(dto.id) ?? null }));
}

/** The caller's meetings between two local dates (default: the last month and the next six). */
export async function myMeetings(ctx: Ctx, q: { from?: string | undefined; to?: string | undefined }) {
  const k = ctx.db.kysely;
  const d = await lifeDistrict(k, ctx.actor.scope.districtId, ctx.clock);
  const user = await k.selectFrom('app_user').select('person_id').where('id', '=', ctx.actor.userId).executeTakeFirst();
  if (!user?.person_id) return { items: [], total: 0 };
  const from = startOfLocalDay(q.from ?? addDays(d.today, -31), d.timeZone).toISOString();
  const to = startOfLocalDay(addDays(q.to ?? addDays(d.today, 183), 1), d.timeZone).toISOString();
  const items = await meetingsForPerson(k, d.districtId, user.person_id, from, to);
  return { items, total: items.length };
}

/** Creates (or replaces) the caller's calendar-feed token; the old feed address stops working. */
export async function rotateFeedToken(ctx: Ctx) {
  const token = newFeedToken();
  const now = ctx.clock.now().toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await trx.deleteFrom('ics_feed').where('user_id', '=', ctx.actor.userId).execute();
    await trx.insertInto('ics_feed').values({ district_id: ctx.actor.scope.districtId, user_id: ctx.actor.userId, token_hash: feedTokenHash(token), created_at: now }).execute();
    await recordAudit(trx, ctx, { action: 'ics_feed.rotate', entityType: 'app_user', entityId: ctx.actor.userId, scopePath: null });
  });
  return { token, url: `/api/v1/ics/${token}.ics`, createdAt: now };
}

export async function revokeFeedToken(ctx: Ctx) {
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await trx.deleteFrom('ics_feed').where('user_id', '=', ctx.actor.userId).execute();
    await recordAudit(trx, ctx, { action: 'ics_feed.revoke', entityType: 'app_user', entityId: ctx.actor.userId, scopePath: null });
  });
}

/** The feed behind a token: the last three months and the next year of the user's meetings; 404 for an unknown token. */
export async function feed(db: Q, clock: Clock, token: string): Promise<string> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw AppError.notFound();
  const row = await db
    .selectFrom('ics_feed')
    .innerJoin('app_user', 'app_user.id', 'ics_feed.user_id')
    .select(['app_user.id', 'app_user.district_id', 'app_user.person_id', 'app_user.display_name', 'app_user.status'])
    .where('ics_feed.token_hash', '=', feedTokenHash(token))
    .executeTakeFirst();
  if (!row || row.status !== 'active') throw AppError.notFound();
  const d = await lifeDistrict(db, row.district_id, clock);
  const from = startOfLocalDay(addDays(d.today, -92), d.timeZone).toISOString();
  const to = startOfLocalDay(addDays(d.today, 366), d.timeZone).toISOString();
  const meetings = row.person_id ? await meetingsForPerson(db, row.district_id, row.person_id, from, to) : [];
  const positions = new Map<number, { name: string; address: string | null }>();
  const ids = [...new Set(meetings.map((m) => m.activityPositionId).filter((x): x is number => x !== null))];
  for (const part of chunks(ids)) {
    for (const p of await db.selectFrom('activity_position').select(['id', 'name', 'address']).where('id', 'in', part).execute()) positions.set(p.id, p);
  }
  const events: IcsEvent[] = meetings.map((m) => {
    const pos = m.activityPositionId ? positions.get(m.activityPositionId) : undefined;
    const location = [m.place, pos ? [pos.name, pos.address].filter(Boolean).join('，') : null].filter(Boolean).join(' · ') || null;
    const description = [`${m.orgName} · ${label('meetingKind', m.kind, 'zh-CN')}`, m.hostName ? `主持：${m.hostName}` : null, m.topic].filter(Boolean).join('\n');
    return {
      uid: `meeting-${m.id}@district-${row.district_id}.cohesion`,
      sequence: m.sequence,
      startsAt: m.startsAt,
      endsAt: m.endsAt,
      summary: m.status === 'cancelled' ? `【已取消】${m.title}` : m.title,
      location,
      description,
      cancelled: m.status === 'cancelled',
      updatedAt: m.updatedAt,
    };
  });
  return buildCalendar({ name: `组织生活 · ${row.display_name}`, timeZone: d.timeZone, now: clock.now(), events });
}
