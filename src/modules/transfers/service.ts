import { sql, type Kysely, type Transaction } from 'kysely';
import { isPartyMember, letterNo, letterValidUntil, transferNext, type TransferAction, type TransferStatus, type MemberStage } from '../../domain/members.js';
import { subtreeRange } from '../../domain/paths.js';
import type { Database } from '../../db/schema.js';
import { countAll } from '../../db/sql.js';
import type { Ctx } from '../../server/context.js';
import { AppError, Problems } from '../../server/errors.js';
import { inOrgScope, type Scope } from '../../server/scope.js';
import { recordAudit } from '../audit/record.js';
import { invalidateLifeCompliance } from '../life/rollup.js';
import { findOrg } from '../orgs/queries.js';
import { laterDate, orgInDistrict } from '../members/queries.js';
import { memberContext, visibleMember } from '../members/service.js';

type Q = Kysely<Database> | Transaction<Database>;

/** Transfers with the member's name and both organizations; unscoped, callers add the scope. */
export function transferRows(db: Q) {
  return db
    .selectFrom('transfer')
    .innerJoin('member', 'member.id', 'transfer.member_id')
    .innerJoin('person', 'person.id', 'member.person_id')
    .innerJoin('party_org as fo', 'fo.id', 'transfer.from_org_id')
    .leftJoin('party_org as tgt', 'tgt.id', 'transfer.to_org_id')
    .selectAll('transfer')
    .select([
      'person.name as member_name',
      'member.stage as member_stage',
      'member.territory_path as member_territory_path',
      'fo.name as from_name',
      'fo.path as from_path',
      'fo.territory_path as from_territory_path',
      'tgt.name as to_name',
      'tgt.path as to_path',
      'tgt.territory_path as to_territory_path',
      'tgt.territory_id as to_territory_id',
    ]);
}
type TransferRow = Awaited<ReturnType<ReturnType<typeof transferRows>['executeTakeFirstOrThrow']>>;

export function toTransferDto(t: TransferRow, today: string) {
  return {
    id: t.id,
    memberId: t.member_id,
    memberName: t.member_name,
    memberStage: t.member_stage as MemberStage,
    fromOrg: { id: t.from_org_id, name: t.from_name },
    toOrg: t.to_org_id !== null && t.to_name !== null ? { id: t.to_org_id, name: t.to_name } : null,
    destination: t.destination,
    withinDistrict: t.to_org_id !== null,
    letterNo: t.letter_no,
    validUntil: t.valid_until,
    expired: t.status === 'sent' && t.valid_until !== null && t.valid_until < today,
    reason: t.reason,
    status: t.status as TransferStatus,
    requestedOn: t.requested_on,
    sentOn: t.sent_on,
    receivedOn: t.received_on,
    returnedOn: t.returned_on,
    returnReason: t.return_reason,
    withdrawnOn: t.withdrawn_on,
    createdAt: t.created_at,
  };
}

/** Whether an organization (by its paths) lies in the scope. */
function orgVisible(scope: Scope, orgPath: string | null, territoryPath: string | null): boolean {
  if (orgPath === null || territoryPath === null) return false;
  if (scope.territoryPath) return territoryPath.startsWith(scope.territoryPath);
  return scope.partyOrgPath !== null && orgPath.startsWith(scope.partyOrgPath);
}

/**
 * A transfer and the caller's sides: the sending organization's (responsible
 * until receipt) and the receiving one's. 404 when the caller is on neither.
 */
async function visibleTransfer(ctx: Ctx, id: number) {
  const scope = ctx.actor.scope;
  const t = await transferRows(ctx.db.kysely).where('transfer.id', '=', id).where('transfer.district_id', '=', scope.districtId).executeTakeFirst();
  if (!t) throw AppError.notFound();
  const sending = orgVisible(scope, t.from_path, t.from_territory_path);
  const receiving = orgVisible(scope, t.to_path, t.to_territory_path);
  if (!sending && !receiving) throw AppError.notFound();
  return { t, sending, receiving };
}

const ACTION_LABEL: Record<TransferAction, string> = { send: 'send', receive: 'receive', return: 'return', withdraw: 'withdraw' };

function nextOrRefuse(t: TransferRow, action: TransferAction): TransferStatus {
  const next = transferNext(t.status, action);
  if (!next) throw AppError.conflict([{ field: 'status', code: 'transfer_bad_state', params: { status: t.status, action: ACTION_LABEL[action] } }]);
  return next;
}

function sideOrRefuse(ok: boolean, side: 'sending' | 'receiving') {
  const code = side === 'sending' ? 'transfer_sending_side' : 'transfer_receiving_side';
  if (!ok) throw new AppError(403, code, [{ field: 'id', code }]);
}

function checkDay(problems: Problems, field: string, on: string, today: string, after: string | null) {
  if (on > today) problems.add(field, 'date_in_future');
  if (after && on < after) problems.add(field, 'date_order', { after });
}

async function dto(ctx: Ctx, id: number, today: string) {
  return toTransferDto(await transferRows(ctx.db.kysely).where('transfer.id', '=', id).executeTakeFirstOrThrow(), today);
}

/**
 * Requests a transfer: within the district (to an organization that need not
 * be in the caller's scope) or out of it (a destination). A member has at
 * most one open transfer (Education).
 */
export async function requestTransfer(
  ctx: Ctx,
  memberId: number,
  input: { toOrgId?: number | undefined; destination?: string | undefined; crossProvince?: boolean | undefined; reason: string; requestedOn?: string | undefined },
) {
  const m = await visibleMember(ctx, memberId);
  const { today } = await memberContext(ctx);
  if (m.status !== 'active') throw AppError.conflict([{ field: 'status', code: 'member_closed', params: { reason: m.closed_reason ?? m.status } }]);
  if (!isPartyMember(m.stage)) throw AppError.conflict([{ field: 'stage', code: 'member_not_party_member', params: { stage: m.stage } }]);
  const problems = new Problems();
  const hasOrg = input.toOrgId !== undefined;
  const hasDestination = !!input.destination?.trim();
  if (hasOrg === hasDestination) problems.add(hasOrg ? 'destination' : 'toOrgId', 'transfer_target_required');
  if (hasOrg) {
    const to = await orgInDistrict(ctx.db.kysely, ctx.actor.scope.districtId, input.toOrgId!);
    if (!to) throw new AppError(404, 'org_not_found', [{ field: 'toOrgId', code: 'org_not_found' }]);
    if (to.status !== 'active') problems.add('toOrgId', 'org_closed');
    if (to.id === m.party_org_id) problems.add('toOrgId', 'transfer_same_org');
  }
  const on = input.requestedOn ?? today;
  checkDay(problems, 'requestedOn', on, today, null);
  problems.throwIfAny();
  const now = ctx.clock.now().toISOString();
  const id = await ctx.db.kysely.transaction().execute(async (trx) => {
    const open = await trx.selectFrom('transfer').select('id').where('member_id', '=', memberId).where('status', 'in', ['requested', 'sent']).executeTakeFirst();
    if (open) throw AppError.conflict([{ field: 'memberId', code: 'transfer_open', params: { id: open.id } }]);
    const { id } = await trx
      .insertInto('transfer')
      .values({
        district_id: m.district_id,
        member_id: memberId,
        from_org_id: m.party_org_id,
        to_org_id: input.toOrgId ?? null,
        destination: hasOrg ? null : input.destination!.trim(),
        cross_province: input.crossProvince ? 1 : 0,
        reason: input.reason.trim(),
        status: 'requested',
        requested_on: on,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, ctx, {
      action: 'transfer.request',
      entityType: 'transfer',
      entityId: id,
      scopePath: m.territory_path,
      after: { memberId, fromOrgId: m.party_org_id, toOrgId: input.toOrgId ?? null, destination: input.destination ?? null, crossProvince: input.crossProvince ?? false, reason: input.reason, requestedOn: on },
    });
    return id;
  });
  return dto(ctx, id, today);
}

export async function sendTransfer(ctx: Ctx, id: number, input: { letterNo?: string | undefined; sentOn?: string | undefined; crossProvince?: boolean | undefined }) {
  const { t, sending } = await visibleTransfer(ctx, id);
  sideOrRefuse(sending, 'sending');
  const next = nextOrRefuse(t, 'send');
  const { today, rules } = await memberContext(ctx);
  const on = input.sentOn ?? today;
  const problems = new Problems();
  checkDay(problems, 'sentOn', on, today, t.requested_on);
  const given = input.letterNo?.trim();
  if (given) {
    const dup = await ctx.db.kysely.selectFrom('transfer').select('id').where('district_id', '=', t.district_id).where('letter_no', '=', given).executeTakeFirst();
    if (dup) problems.add('letterNo', 'conflict');
  }
  problems.throwIfAny();
  const crossProvince = input.crossProvince ?? (t.to_org_id === null && t.cross_province === 1);
  const validUntil = letterValidUntil(on, crossProvince, rules);
  const now = ctx.clock.now().toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    let number = given;
    if (!number) {
      const year = Number(on.slice(0, 4));
      const prefix = `${t.district_id}-${year}-`;
      const used = await trx.selectFrom('transfer').select('letter_no').where('district_id', '=', t.district_id).where('letter_no', 'like', `${prefix}%`).execute();
      const max = used.reduce((acc, r) => Math.max(acc, Number(r.letter_no?.slice(prefix.length)) || 0), 0);
      number = letterNo(t.district_id, year, max + 1);
    }
    await trx.updateTable('transfer').set({ status: next, letter_no: number, valid_until: validUntil, sent_on: on, cross_province: crossProvince ? 1 : 0, updated_at: now }).where('id', '=', id).execute();
    await recordAudit(trx, ctx, {
      action: 'transfer.send',
      entityType: 'transfer',
      entityId: id,
      scopePath: t.from_territory_path,
      before: { status: t.status },
      after: { status: next, letterNo: number, sentOn: on, validUntil, crossProvince },
    });
  });
  return dto(ctx, id, today);
}

/**
 * Receipt: confirmed by the receiving organization (a user whose scope holds
 * it); the member moves there. Out of the district, the sending side records
 * the confirmation and the member's record closes as transferred out.
 */
export async function receiveTransfer(ctx: Ctx, id: number, input: { receivedOn?: string | undefined }) {
  const { t, sending, receiving } = await visibleTransfer(ctx, id);
  const within = t.to_org_id !== null;
  sideOrRefuse(within ? receiving : sending, within ? 'receiving' : 'sending');
  const next = nextOrRefuse(t, 'receive');
  const { today, rules } = await memberContext(ctx);
  const on = input.receivedOn ?? today;
  const problems = new Problems();
  checkDay(problems, 'receivedOn', on, today, t.sent_on);
  problems.throwIfAny();
  if (t.valid_until && on > t.valid_until) {
    const months = t.sent_on && letterValidUntil(t.sent_on, true, rules) === t.valid_until ? rules.transferLetterValidMonthsCrossProvince : rules.transferLetterValidMonths;
    throw AppError.conflict([{ field: 'receivedOn', code: 'transfer_letter_expired', params: { until: t.valid_until, months } }]);
  }
  const member = await ctx.db.kysely.selectFrom('member').select(['id', 'person_id', 'party_org_id', 'last_contact_on', 'territory_path']).where('id', '=', t.member_id).executeTakeFirstOrThrow();
  const now = ctx.clock.now().toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await trx.updateTable('transfer').set({ status: next, received_on: on, updated_at: now }).where('id', '=', id).execute();
    // A member who transfers is no longer away from their organization.
    await trx.updateTable('mobile_record').set({ returned_on: on, updated_at: now }).where('member_id', '=', t.member_id).where('returned_on', 'is', null).execute();
    if (within) {
      await trx
        .updateTable('member')
        .set({
          party_org_id: t.to_org_id!,
          org_path: t.to_path!,
          territory_path: t.to_territory_path!,
          is_mobile: 0,
          last_contact_on: laterDate(member.last_contact_on, on),
          updated_at: now,
        })
        .where('id', '=', t.member_id)
        .execute();
      await trx.updateTable('person').set({ territory_id: t.to_territory_id!, territory_path: t.to_territory_path!, updated_at: now }).where('id', '=', member.person_id).execute();
      await trx
        .insertInto('contact_event')
        .values({ district_id: t.district_id, member_id: t.member_id, kind: 'transfer', happened_on: on, note: null, source_id: id, created_at: now })
        .execute();
    } else {
      await trx
        .updateTable('member')
        .set({ status: 'closed', closed_on: on, closed_reason: 'transferred_out', is_mobile: 0, updated_at: now })
        .where('id', '=', t.member_id)
        .execute();
    }
    // The member leaves one organization's count and joins another's.
    await invalidateLifeCompliance(trx, [member.party_org_id, ...(t.to_org_id !== null ? [t.to_org_id] : [])]);
    await recordAudit(trx, ctx, {
      action: 'transfer.receive',
      entityType: 'transfer',
      entityId: id,
      scopePath: within ? t.to_territory_path : t.from_territory_path,
      before: { status: t.status, orgId: t.from_org_id },
      after: within ? { status: next, receivedOn: on, orgId: t.to_org_id } : { status: next, receivedOn: on, memberClosed: 'transferred_out' },
    });
  });
  return dto(ctx, id, today);
}

/** The receiving organization returns the letter (out of the district: the sending side records it came back). */
export async function returnTransfer(ctx: Ctx, id: number, input: { reason: string; returnedOn?: string | undefined }) {
  const { t, sending, receiving } = await visibleTransfer(ctx, id);
  const within = t.to_org_id !== null;
  sideOrRefuse(within ? receiving : sending, within ? 'receiving' : 'sending');
  const next = nextOrRefuse(t, 'return');
  const { today } = await memberContext(ctx);
  const on = input.returnedOn ?? today;
  const problems = new Problems();
  checkDay(problems, 'returnedOn', on, today, t.sent_on);
  problems.throwIfAny();
  const now = ctx.clock.now().toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await trx.updateTable('transfer').set({ status: next, returned_on: on, return_reason: input.reason.trim(), updated_at: now }).where('id', '=', id).execute();
    await recordAudit(trx, ctx, {
      action: 'transfer.return',
      entityType: 'transfer',
      entityId: id,
      scopePath: t.from_territory_path,
      before: { status: t.status },
      after: { status: next, returnedOn: on, reason: input.reason },
    });
  });
  return dto(ctx, id, today);
}

/** The sending organization withdraws a request or a letter not yet received. */
export async function withdrawTransfer(ctx: Ctx, id: number, input: { withdrawnOn?: string | undefined }) {
  const { t, sending } = await visibleTransfer(ctx, id);
  sideOrRefuse(sending, 'sending');
  const next = nextOrRefuse(t, 'withdraw');
  const { today } = await memberContext(ctx);
  const on = input.withdrawnOn ?? today;
  const problems = new Problems();
  checkDay(problems, 'withdrawnOn', on, today, t.requested_on);
  problems.throwIfAny();
  const now = ctx.clock.now().toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await trx.updateTable('transfer').set({ status: next, withdrawn_on: on, updated_at: now }).where('id', '=', id).execute();
    await recordAudit(trx, ctx, { action: 'transfer.withdraw', entityType: 'transfer', entityId: id, scopePath: t.from_territory_path, before: { status: t.status }, after: { status: next, withdrawnOn: on } });
  });
  return dto(ctx, id, today);
}

/** The history of a member's transfers, newest first (it follows the member to their new organization). */
export async function memberTransfers(ctx: Ctx, memberId: number) {
  await visibleMember(ctx, memberId);
  return transfersOfMember(ctx, memberId);
}

export async function transfersOfMember(ctx: Ctx, memberId: number) {
  const { today } = await memberContext(ctx);
  const rows = await transferRows(ctx.db.kysely).where('transfer.member_id', '=', memberId).orderBy('transfer.requested_on', 'desc').orderBy('transfer.id', 'desc').execute();
  return { items: rows.map((r) => toTransferDto(r, today)), total: rows.length };
}

/** Outgoing: sent by organizations in scope; incoming: addressed to them (the member is not in scope until receipt). */
export async function listTransfers(
  ctx: Ctx,
  f: { direction?: 'outgoing' | 'incoming' | undefined; status?: string | undefined; orgId?: number | undefined },
  page: number,
  pageSize: number,
) {
  const scope = ctx.actor.scope;
  const incoming = f.direction === 'incoming';
  let q = transferRows(ctx.db.kysely).where(incoming ? inOrgScope(scope, 'tgt', 'path', 'territory_path') : inOrgScope(scope, 'fo', 'path', 'territory_path'));
  if (f.orgId !== undefined) {
    const o = await findOrg(ctx.db.kysely, scope, f.orgId);
    if (!o) throw AppError.notFound();
    const { from, to } = subtreeRange(o.path);
    q = incoming ? q.where('tgt.path', '>=', from).where('tgt.path', '<', to) : q.where('fo.path', '>=', from).where('fo.path', '<', to);
  }
  if (f.status === 'open') q = q.where('transfer.status', 'in', ['requested', 'sent']);
  else if (f.status) q = q.where('transfer.status', '=', f.status);
  const { today } = await memberContext(ctx);
  const [rows, total] = await Promise.all([
    q
      .orderBy(sql`case when transfer.status in ('requested', 'sent') then 0 else 1 end`)
      .orderBy('transfer.requested_on', 'desc')
      .orderBy('transfer.id', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    q.clearSelect().select(countAll().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map((r) => toTransferDto(r, today)), total: Number(total.n) };
}

