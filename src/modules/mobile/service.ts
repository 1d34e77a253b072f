import { sql, type Kysely, type Transaction } from 'kysely';
import { maskPhone } from '../../domain/ids.js';
import { isPartyMember, nextReportDue, reportOverdue, shouldTransfer, type MobileMode } from '../../domain/members.js';
import { subtreeRange } from '../../domain/paths.js';
import type { MemberRules } from '../../domain/rulesets.js';
import type { Database } from '../../db/schema.js';
import type { Ctx } from '../../server/context.js';
import { AppError, Problems } from '../../server/errors.js';
import { inOrgScope } from '../../server/scope.js';
import { recordAudit } from '../audit/record.js';
import { findOrg } from '../orgs/queries.js';
import { laterDate, memberInScope, orgInDistrict } from '../members/queries.js';
import { memberContext, visibleMember } from '../members/service.js';

type Q = Kysely<Database> | Transaction<Database>;

/** Mobile records with the member, the home and host organizations and the last report; unscoped. */
export function recordRows(db: Q) {
  return db
    .selectFrom('mobile_record')
    .innerJoin('member', 'member.id', 'mobile_record.member_id')
    .innerJoin('person', 'person.id', 'member.person_id')
    .innerJoin('party_org as home', 'home.id', 'member.party_org_id')
    .leftJoin('party_org as host', 'host.id', 'mobile_record.host_org_id')
    .selectAll('mobile_record')
    .select([
      'person.name as member_name',
      'person.gender',
      'person.phone',
      'member.party_org_id as home_id',
      'home.name as home_name',
      'host.name as host_name',
      'member.territory_path as member_territory_path',
      'member.last_contact_on',
      'member.status as member_status',
      sql<string | null>`(select max(r.reported_on) from mobile_report r where r.mobile_record_id = mobile_record.id)`.as('last_report_on'),
      sql<number>`(select count(*) from mobile_report r where r.mobile_record_id = mobile_record.id)`.as('report_count'),
    ]);
}
export type RecordRow = Awaited<ReturnType<ReturnType<typeof recordRows>['executeTakeFirstOrThrow']>>;

export function toRecordDto(r: RecordRow, today: string, rules: MemberRules) {
  const open = r.returned_on === null;
  return {
    id: r.id,
    memberId: r.member_id,
    memberName: r.member_name,
    gender: r.gender as 'male' | 'female' | null,
    phone: r.phone === null ? null : maskPhone(r.phone),
    homeOrg: { id: r.home_id, name: r.home_name },
    destination: r.destination,
    reason: r.reason,
    leftOn: r.left_on,
    expectedUntil: r.expected_until,
    certificateNo: r.certificate_no,
    hostOrg: r.host_org_id !== null && r.host_name !== null ? { id: r.host_org_id, name: r.host_name } : null,
    mode: r.mode as MobileMode | null,
    reportEveryMonths: r.report_every_months,
    returnedOn: r.returned_on,
    lastReportOn: r.last_report_on,
    reportCount: Number(r.report_count),
    nextReportDue: open ? nextReportDue(r.left_on, r.last_report_on, r.report_every_months) : null,
    overdue: open && reportOverdue(r.left_on, r.last_report_on, r.report_every_months, today),
    shouldTransfer: open && shouldTransfer(r.left_on, today, rules),
  };
}

export async function reportsOf(db: Q, recordId: number) {
  const rows = await db.selectFrom('mobile_report').selectAll().where('mobile_record_id', '=', recordId).orderBy('reported_on', 'desc').orderBy('id', 'desc').execute();
  return rows.map((r) => ({ id: r.id, reportedOn: r.reported_on, location: r.location, content: r.content, createdAt: r.created_at }));
}

/** A mobile record whose member the caller can see, or 404. */
async function visibleRecord(ctx: Ctx, id: number): Promise<RecordRow> {
  const r = await recordRows(ctx.db.kysely).where('mobile_record.id', '=', id).where(memberInScope(ctx.actor.scope)).executeTakeFirst();
  if (!r) throw AppError.notFound();
  return r;
}

async function recordDetail(ctx: Ctx, id: number) {
  const { today, rules } = await memberContext(ctx);
  const r = await recordRows(ctx.db.kysely).where('mobile_record.id', '=', id).executeTakeFirstOrThrow();
  return { ...toRecordDto(r, today, rules), reports: await reportsOf(ctx.db.kysely, id) };
}

export async function getRecord(ctx: Ctx, id: number) {
  await visibleRecord(ctx, id);
  return recordDetail(ctx, id);
}

export interface StartMobileInput {
  destination: string;
  reason: string;
  leftOn: string;
  expectedUntil?: string | null | undefined;
  certificateNo?: string | null | undefined;
  hostOrgId?: number | null | undefined;
  mode?: MobileMode | null | undefined;
  reportEveryMonths?: number | undefined;
}

/**
 * A member leaves to work or live elsewhere and stays with their home
 * organization (the report before leaving is a contact event); they may take
 * part in a host organization's life without voting there.
 */
export async function startMobile(ctx: Ctx, memberId: number, input: StartMobileInput) {
  const m = await visibleMember(ctx, memberId);
  const { today, rules } = await memberContext(ctx);
  if (m.status !== 'active') throw AppError.conflict([{ field: 'status', code: 'member_closed', params: { reason: m.closed_reason ?? m.status } }]);
  if (!isPartyMember(m.stage)) throw AppError.conflict([{ field: 'stage', code: 'member_not_party_member', params: { stage: m.stage } }]);
  const k = ctx.db.kysely;
  const open = await k.selectFrom('mobile_record').select('id').where('member_id', '=', memberId).where('returned_on', 'is', null).executeTakeFirst();
  if (open) throw AppError.conflict([{ field: 'memberId', code: 'mobile_already_away', params: { id: open.id } }]);
  const problems = new Problems();
  if (input.hostOrgId) {
    const host = await orgInDistrict(k, m.district_id, input.hostOrgId);
    if (!host) throw new AppError(404, 'org_not_found', [{ field: 'hostOrgId', code: 'org_not_found' }]);
    if (host.status !== 'active') problems.add('hostOrgId', 'org_closed');
  }
  if (input.leftOn > today) problems.add('leftOn', 'date_in_future');
  if (input.expectedUntil && input.expectedUntil < input.leftOn) problems.add('expectedUntil', 'date_order', { after: input.leftOn });
  problems.throwIfAny();
  const now = ctx.clock.now().toISOString();
  const id = await k.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('mobile_record')
      .values({
        district_id: m.district_id,
        member_id: memberId,
        destination: input.destination.trim(),
        reason: input.reason.trim(),
        left_on: input.leftOn,
        expected_until: input.expectedUntil ?? null,
        certificate_no: input.certificateNo?.trim() || null,
        host_org_id: input.hostOrgId ?? null,
        mode: input.mode ?? null,
        report_every_months: input.reportEveryMonths ?? rules.mobileReportEveryMonths,
        returned_on: null,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.updateTable('member').set({ is_mobile: 1, last_contact_on: laterDate(m.last_contact_on, input.leftOn), updated_at: now }).where('id', '=', memberId).execute();
    await trx
      .insertInto('contact_event')
      .values({ district_id: m.district_id, member_id: memberId, kind: 'mobile_leave', happened_on: input.leftOn, note: input.destination.trim(), source_id: id, created_at: now })
      .execute();
    await recordAudit(trx, ctx, { action: 'mobile.start', entityType: 'mobile_record', entityId: id, scopePath: m.territory_path, after: { memberId, ...input } });
    return id;
  });
  return recordDetail(ctx, id);
}

/** The member is back (the report on return is a contact event). */
export async function returnMobile(ctx: Ctx, id: number, input: { returnedOn?: string | undefined }) {
  const r = await visibleRecord(ctx, id);
  const { today } = await memberContext(ctx);
  if (r.returned_on !== null) throw AppError.conflict([{ field: 'returnedOn', code: 'mobile_returned', params: { on: r.returned_on } }]);
  const on = input.returnedOn ?? today;
  const problems = new Problems();
  if (on > today) problems.add('returnedOn', 'date_in_future');
  if (on < r.left_on) problems.add('returnedOn', 'date_order', { after: r.left_on });
  problems.throwIfAny();
  const now = ctx.clock.now().toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await trx.updateTable('mobile_record').set({ returned_on: on, updated_at: now }).where('id', '=', id).execute();
    await trx.updateTable('member').set({ is_mobile: 0, last_contact_on: laterDate(r.last_contact_on, on), updated_at: now }).where('id', '=', r.member_id).execute();
    await trx
      .insertInto('contact_event')
      .values({ district_id: r.district_id, member_id: r.member_id, kind: 'mobile_return', happened_on: on, note: null, source_id: id, created_at: now })
      .execute();
    await recordAudit(trx, ctx, { action: 'mobile.return', entityType: 'mobile_record', entityId: id, scopePath: r.member_territory_path, after: { returnedOn: on } });
  });
  return recordDetail(ctx, id);
}

/**
 * A report while away — by the member themself (/me) or recorded by the
 * secretary. Each report is a contact event and moves the last contact.
 */
export async function addReport(ctx: Ctx, r: RecordRow, input: { reportedOn?: string | undefined; location?: string | null | undefined; content: string }) {
  const { today } = await memberContext(ctx);
  if (r.returned_on !== null) throw AppError.conflict([{ field: 'id', code: 'mobile_returned', params: { on: r.returned_on } }]);
  const on = input.reportedOn ?? today;
  const problems = new Problems();
  if (on > today) problems.add('reportedOn', 'date_in_future');
  if (on < r.left_on) problems.add('reportedOn', 'date_order', { after: r.left_on });
  problems.throwIfAny();
  const now = ctx.clock.now().toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const { id: reportId } = await trx
      .insertInto('mobile_report')
      .values({
        district_id: r.district_id,
        mobile_record_id: r.id,
        member_id: r.member_id,
        reported_on: on,
        location: input.location?.trim() || null,
        content: input.content.trim(),
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('contact_event')
      .values({ district_id: r.district_id, member_id: r.member_id, kind: 'report', happened_on: on, note: null, source_id: reportId, created_at: now })
      .execute();
    const m = await trx.selectFrom('member').select('last_contact_on').where('id', '=', r.member_id).executeTakeFirstOrThrow();
    await trx.updateTable('member').set({ last_contact_on: laterDate(m.last_contact_on, on), updated_at: now }).where('id', '=', r.member_id).execute();
    await recordAudit(trx, ctx, {
      action: 'mobile.report',
      entityType: 'mobile_record',
      entityId: r.id,
      scopePath: r.member_territory_path,
      after: { reportId, reportedOn: on, location: input.location ?? null },
    });
  });
  return recordDetail(ctx, r.id);
}

export async function reportFor(ctx: Ctx, recordId: number, input: { reportedOn?: string | undefined; location?: string | null | undefined; content: string }) {
  return addReport(ctx, await visibleRecord(ctx, recordId), input);
}

/** The home organization's members away, with the last report and the next one due; overdue first. */
export async function listMobile(ctx: Ctx, f: { orgId?: number | undefined; overdue?: boolean | undefined }, page: number, pageSize: number) {
  const { today, rules } = await memberContext(ctx);
  let q = recordRows(ctx.db.kysely).where(memberInScope(ctx.actor.scope)).where('mobile_record.returned_on', 'is', null).where('member.status', '!=', 'closed');
  if (f.orgId !== undefined) {
    const o = await findOrg(ctx.db.kysely, ctx.actor.scope, f.orgId);
    if (!o) throw AppError.notFound();
    const { from, to } = subtreeRange(o.path);
    q = q.where('member.org_path', '>=', from).where('member.org_path', '<', to);
  }
  // "Next report due" is month arithmetic: computed here, over the (few) members away in scope.
  let items = (await q.orderBy('mobile_record.id').execute()).map((r) => toRecordDto(r, today, rules));
  if (f.overdue !== undefined) items = items.filter((i) => i.overdue === f.overdue);
  items.sort((a, b) => (a.nextReportDue ?? '').localeCompare(b.nextReportDue ?? '') || a.id - b.id);
  return { items: items.slice((page - 1) * pageSize, page * pageSize), total: items.length };
}

const HOSTED_NOTE = {
  'zh-CN': '流动党员参加流入地党组织的组织生活，但不在流入地党组织行使表决权、选举权和被选举权，这些权利在原党组织行使。',
  en: 'Mobile members take part in the host organization\'s life but do not vote, elect or stand for election there; they do so in their home organization.',
};

/** Members away from home whom a host organization in scope hosts (they do not vote at the host). */
export async function listHosted(ctx: Ctx, f: { orgId?: number | undefined }, page: number, pageSize: number) {
  let q = recordRows(ctx.db.kysely)
    .where(inOrgScope(ctx.actor.scope, 'host', 'path', 'territory_path'))
    .where('mobile_record.returned_on', 'is', null)
    .where('member.status', '!=', 'closed');
  if (f.orgId !== undefined) {
    const o = await findOrg(ctx.db.kysely, ctx.actor.scope, f.orgId);
    if (!o) throw AppError.notFound();
    const { from, to } = subtreeRange(o.path);
    q = q.where('host.path', '>=', from).where('host.path', '<', to);
  }
  const rows = await q.orderBy('person.name').orderBy('mobile_record.id').execute();
  const items = rows.map((r) => ({
    id: r.id,
    memberId: r.member_id,
    memberName: r.member_name,
    gender: r.gender as 'male' | 'female' | null,
    phone: r.phone === null ? null : maskPhone(r.phone),
    homeOrg: { id: r.home_id, name: r.home_name },
    hostOrg: { id: r.host_org_id!, name: r.host_name ?? '' },
    mode: r.mode as MobileMode | null,
    leftOn: r.left_on,
    expectedUntil: r.expected_until,
    votesAtHost: false as const,
    note: HOSTED_NOTE,
  }));
  return { items: items.slice((page - 1) * pageSize, page * pageSize), total: items.length };
}
