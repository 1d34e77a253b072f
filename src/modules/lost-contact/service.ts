import { sql } from 'kysely';
import { addDays, addMonths } from '../../domain/dates.js';
import { maskPhone } from '../../domain/ids.js';
import {
  decisionsFor,
  isPartyMember,
  lostContactSince,
  removableFrom,
  suspendableFrom,
  type LostContactCaseStatus,
  type LostContactDecision,
  type MemberStage,
  type MemberStatus,
} from '../../domain/members.js';
import { subtreeRange } from '../../domain/paths.js';
import type { MemberRules } from '../../domain/rulesets.js';
import type { Ctx } from '../../server/context.js';
import { AppError, Problems } from '../../server/errors.js';
import { recordAudit } from '../audit/record.js';
import { invalidateLifeCompliance } from '../life/rollup.js';
import { findOrg } from '../orgs/queries.js';
import { findTerritory } from '../territory/queries.js';
import { laterDate, memberInScope, memberRows, type MemberRow } from '../members/queries.js';
import { memberContext, openMember } from '../members/service.js';

/** The last contact a member had, or (none recorded) the day they were registered. */
function lastContactOf(m: { last_contact_on: string | null; created_at: string }): string {
  return m.last_contact_on ?? m.created_at.slice(0, 10);
}

interface CaseRow {
  id: number;
  member_id: number;
  opened_on: string;
  status: string;
  decision: string | null;
  decided_on: string | null;
  decision_note: string | null;
}

async function effortsOf(ctx: Ctx, caseIds: number[]) {
  if (!caseIds.length) return [];
  return ctx.db.kysely.selectFrom('lost_contact_effort').selectAll().where('case_id', 'in', caseIds).orderBy('tried_on').orderBy('id').execute();
}

function toCaseDto(
  c: CaseRow,
  member: { name: string; last_contact_on: string | null; created_at: string },
  efforts: { id: number; case_id: number; tried_on: string; method: string; outcome: string; recorded_by: number | null }[],
  rules: MemberRules,
  today: string,
) {
  const mine = efforts.filter((e) => e.case_id === c.id);
  const suspendable = c.status === 'open' ? suspendableFrom(c.opened_on, lastContactOf(member), rules) : null;
  const removable = c.status === 'suspended' && c.decided_on ? removableFrom(c.decided_on, rules) : null;
  const allowed = decisionsFor(c.status).filter((d) => {
    if (d === 'suspend_membership') return suspendable !== null && suspendable <= today && mine.length >= rules.minEffortsBeforeSuspension;
    if (d === 'remove') return removable !== null && removable <= today;
    return true;
  });
  return {
    id: c.id,
    memberId: c.member_id,
    memberName: member.name,
    status: c.status as LostContactCaseStatus,
    openedOn: c.opened_on,
    decision: c.decision as LostContactDecision | null,
    decidedOn: c.decided_on,
    decisionNote: c.decision_note,
    efforts: mine.map((e) => ({ id: e.id, triedOn: e.tried_on, method: e.method as 'phone', outcome: e.outcome, recordedBy: e.recorded_by })),
    suspendableFrom: suspendable,
    removableFrom: removable,
    allowedDecisions: allowed,
  };
}

/**
 * Members in scope without contact for 6 months (flag, Education), and those
 * with an open or suspended case, longest without contact first.
 */
export async function listLostContact(ctx: Ctx, f: { territoryId?: number | undefined; orgId?: number | undefined }, page: number, pageSize: number) {
  const { today, rules } = await memberContext(ctx);
  const k = ctx.db.kysely;
  // A generous cut in SQL (month ends clamp), the exact rule below.
  const cutoff = addDays(addMonths(today, -rules.lostContactMonths), 3);
  let q = memberRows(k)
    .where(memberInScope(ctx.actor.scope))
    .where('member.status', 'in', ['active', 'suspended'])
    .where('member.stage', 'in', ['probationary', 'full'])
    .where(
      sql<boolean>`(coalesce(member.last_contact_on, substr(member.created_at, 1, 10)) <= ${cutoff}
        or exists (select 1 from lost_contact_case c where c.member_id = member.id and c.status in ('open', 'suspended')))`,
    );
  if (f.territoryId !== undefined) {
    const t = await findTerritory(k, ctx.actor.scope, f.territoryId);
    if (!t) throw AppError.notFound();
    const { from, to } = subtreeRange(t.path);
    q = q.where('member.territory_path', '>=', from).where('member.territory_path', '<', to);
  }
  if (f.orgId !== undefined) {
    const o = await findOrg(k, ctx.actor.scope, f.orgId);
    if (!o) throw AppError.notFound();
    const { from, to } = subtreeRange(o.path);
    q = q.where('member.org_path', '>=', from).where('member.org_path', '<', to);
  }
  const rows = await q.execute();
  const cases = rows.length
    ? await k
        .selectFrom('lost_contact_case')
        .selectAll()
        .where('member_id', 'in', rows.map((r) => r.id))
        .where('status', 'in', ['open', 'suspended'])
        .execute()
    : [];
  const efforts = await effortsOf(ctx, cases.map((c) => c.id));
  const items = rows
    .map((r) => {
      const c = cases.find((x) => x.member_id === r.id);
      return {
        memberId: r.id,
        name: r.name,
        gender: r.gender as 'male' | 'female' | null,
        phone: r.phone === null ? null : maskPhone(r.phone),
        orgId: r.party_org_id,
        orgName: r.org_name,
        stage: r.stage as MemberStage,
        status: r.status as MemberStatus,
        isMobile: r.is_mobile === 1,
        lastContactOn: lastContactOf(r),
        lostContactSince: lostContactSince(lastContactOf(r), today, rules.lostContactMonths),
        case: c ? toCaseDto(c, r, efforts, rules, today) : null,
      };
    })
    .filter((i) => i.lostContactSince !== null || i.case !== null)
    .sort((a, b) => a.lastContactOn!.localeCompare(b.lastContactOn!) || a.name.localeCompare(b.name) || a.memberId - b.memberId);
  return { items: items.slice((page - 1) * pageSize, page * pageSize), total: items.length };
}

/** A contact with the member (a call, a visit...): a contact event that moves their last contact. */
export async function logContact(ctx: Ctx, memberId: number, input: { happenedOn?: string | undefined; note: string }) {
  const m = await openMember(ctx, memberId);
  const { today, rules } = await memberContext(ctx);
  const on = input.happenedOn ?? today;
  if (on > today) throw AppError.validation([{ field: 'happenedOn', code: 'date_in_future' }]);
  const now = ctx.clock.now().toISOString();
  const last = laterDate(m.last_contact_on, on);
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('contact_event')
      .values({ district_id: m.district_id, member_id: memberId, kind: 'contact_log', happened_on: on, note: input.note.trim(), source_id: null, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.updateTable('member').set({ last_contact_on: last, updated_at: now }).where('id', '=', memberId).execute();
    await recordAudit(trx, ctx, { action: 'member.contact_log', entityType: 'member', entityId: memberId, scopePath: m.territory_path, after: { contactEventId: id, happenedOn: on, note: input.note } });
  });
  return { memberId, lastContactOn: last, lostContactSince: lostContactSince(last, today, rules.lostContactMonths) };
}

/** A case the caller can see (through its member), with the member. */
async function visibleCase(ctx: Ctx, id: number) {
  const c = await ctx.db.kysely
    .selectFrom('lost_contact_case')
    .innerJoin('member', 'member.id', 'lost_contact_case.member_id')
    .innerJoin('person', 'person.id', 'member.person_id')
    .selectAll('lost_contact_case')
    .select(['person.name', 'member.last_contact_on', 'member.created_at as member_created_at', 'member.territory_path', 'member.status as member_status', 'member.party_org_id as member_org_id'])
    .where('lost_contact_case.id', '=', id)
    .where(memberInScope(ctx.actor.scope))
    .executeTakeFirst();
  if (!c) throw AppError.notFound();
  return c;
}

async function caseDetail(ctx: Ctx, id: number) {
  const { today, rules } = await memberContext(ctx);
  const c = await visibleCase(ctx, id);
  return toCaseDto(c, { name: c.name, last_contact_on: c.last_contact_on, created_at: c.member_created_at }, await effortsOf(ctx, [id]), rules, today);
}

export const getCase = caseDetail;

/** Opens the search for a member flagged as lost contact (6 months without contact). */
export async function openCase(ctx: Ctx, memberId: number, input: { openedOn?: string | undefined }) {
  const m: MemberRow = await openMember(ctx, memberId);
  const { today, rules } = await memberContext(ctx);
  if (!isPartyMember(m.stage)) throw AppError.conflict([{ field: 'stage', code: 'member_not_party_member', params: { stage: m.stage } }]);
  const on = input.openedOn ?? today;
  if (on > today) throw AppError.validation([{ field: 'openedOn', code: 'date_in_future' }]);
  const existing = await ctx.db.kysely.selectFrom('lost_contact_case').select('id').where('member_id', '=', memberId).where('status', 'in', ['open', 'suspended']).executeTakeFirst();
  if (existing) throw AppError.conflict([{ field: 'memberId', code: 'lost_contact_case_open', params: { id: existing.id } }]);
  const last = lastContactOf(m);
  if (lostContactSince(last, on, rules.lostContactMonths) === null) {
    throw AppError.conflict([{ field: 'openedOn', code: 'lost_contact_not_flagged', params: { last, months: rules.lostContactMonths } }]);
  }
  const now = ctx.clock.now().toISOString();
  const id = await ctx.db.kysely.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('lost_contact_case')
      .values({ district_id: m.district_id, member_id: memberId, opened_on: on, status: 'open', decision: null, decided_on: null, decision_note: null, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, ctx, { action: 'lost_contact.open', entityType: 'lost_contact_case', entityId: id, scopePath: m.territory_path, after: { memberId, openedOn: on, lastContactOn: last } });
    return id;
  });
  return caseDetail(ctx, id);
}

/** One search effort: how, when, with what outcome. */
export async function addEffort(ctx: Ctx, caseId: number, input: { triedOn?: string | undefined; method: string; outcome: string }) {
  const c = await visibleCase(ctx, caseId);
  if (c.status === 'closed') throw AppError.conflict([{ field: 'status', code: 'lost_contact_case_closed' }]);
  const { today } = await memberContext(ctx);
  const on = input.triedOn ?? today;
  const problems = new Problems();
  if (on > today) problems.add('triedOn', 'date_in_future');
  if (on < c.opened_on) problems.add('triedOn', 'date_order', { after: c.opened_on });
  problems.throwIfAny();
  const now = ctx.clock.now().toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('lost_contact_effort')
      .values({ district_id: c.district_id, case_id: caseId, tried_on: on, method: input.method, outcome: input.outcome.trim(), recorded_by: ctx.actor.userId || null, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, ctx, { action: 'lost_contact.effort', entityType: 'lost_contact_case', entityId: caseId, scopePath: c.territory_path, after: { effortId: id, triedOn: on, method: input.method, outcome: input.outcome } });
  });
  return caseDetail(ctx, caseId);
}

/**
 * A decision on a case — never automatic: found (contact restored; a
 * suspended membership is restored), keep searching, suspend membership
 * (only after 6 months untraceable, with the search on record), or remove
 * (only 2 years after suspension; the record closes as "left").
 */
export async function decideCase(ctx: Ctx, caseId: number, input: { decision: LostContactDecision; note: string; decidedOn?: string | undefined }) {
  const c = await visibleCase(ctx, caseId);
  const { today, rules } = await memberContext(ctx);
  if (!decisionsFor(c.status).includes(input.decision)) {
    throw AppError.conflict([{ field: 'decision', code: 'lost_contact_decision_not_allowed', params: { status: c.status, decision: input.decision } }]);
  }
  const on = input.decidedOn ?? today;
  const problems = new Problems();
  if (on > today) problems.add('decidedOn', 'date_in_future');
  if (on < c.opened_on) problems.add('decidedOn', 'date_order', { after: c.opened_on });
  problems.throwIfAny();
  if (input.decision === 'suspend_membership') {
    const from = suspendableFrom(c.opened_on, lastContactOf({ last_contact_on: c.last_contact_on, created_at: c.member_created_at }), rules);
    if (on < from) {
      throw AppError.conflict([{ field: 'decision', code: 'lost_contact_suspension_too_early', params: { months: rules.untraceableMonthsBeforeSuspension, from } }]);
    }
    const efforts = await effortsOf(ctx, [caseId]);
    if (efforts.length < rules.minEffortsBeforeSuspension) {
      throw AppError.conflict([{ field: 'decision', code: 'lost_contact_efforts_required', params: { count: rules.minEffortsBeforeSuspension } }]);
    }
  }
  if (input.decision === 'remove') {
    const from = removableFrom(c.decided_on!, rules);
    if (on < from) throw AppError.conflict([{ field: 'decision', code: 'lost_contact_removal_too_early', params: { years: rules.removalYearsAfterSuspension, from } }]);
  }
  const now = ctx.clock.now().toISOString();
  const note = input.note.trim();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const member = trx.updateTable('member').where('id', '=', c.member_id);
    switch (input.decision) {
      case 'found': {
        await trx.updateTable('lost_contact_case').set({ status: 'closed', decision: 'found', decided_on: on, decision_note: note, updated_at: now }).where('id', '=', caseId).execute();
        await trx
          .insertInto('contact_event')
          .values({ district_id: c.district_id, member_id: c.member_id, kind: 'found', happened_on: on, note, source_id: caseId, created_at: now })
          .execute();
        await member.set({ status: 'active', last_contact_on: laterDate(c.last_contact_on, on), updated_at: now }).execute();
        break;
      }
      case 'keep_searching':
        await trx.updateTable('lost_contact_case').set({ decision: 'keep_searching', decided_on: on, decision_note: note, updated_at: now }).where('id', '=', caseId).execute();
        break;
      case 'suspend_membership':
        await trx.updateTable('lost_contact_case').set({ status: 'suspended', decision: 'suspend_membership', decided_on: on, decision_note: note, updated_at: now }).where('id', '=', caseId).execute();
        await member.set({ status: 'suspended', updated_at: now }).execute();
        break;
      case 'remove':
        await trx.updateTable('lost_contact_case').set({ status: 'closed', decision: 'remove', decision_note: note, updated_at: now }).where('id', '=', caseId).execute();
        await member.set({ status: 'closed', closed_on: on, closed_reason: 'left', is_mobile: 0, updated_at: now }).execute();
        break;
    }
    // Found, suspended or removed: the member's status moves the full-member count of the organization.
    if (input.decision !== 'keep_searching') await invalidateLifeCompliance(trx, [c.member_org_id]);
    await recordAudit(trx, ctx, {
      action: 'lost_contact.decide',
      entityType: 'lost_contact_case',
      entityId: caseId,
      scopePath: c.territory_path,
      before: { status: c.status, memberStatus: c.member_status },
      after: { decision: input.decision, decidedOn: on, note },
    });
  });
  return caseDetail(ctx, caseId);
}
