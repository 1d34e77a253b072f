import { sql } from 'kysely';
import { maskPhone, maskResidentId, residentIdBirthDate, residentIdProblem, type ResidentIdProblem } from '../../domain/ids.js';
import { isPartyMember, lostContactSince, oldEnoughOn, probationUntil, type CloseReason, type RegistrableStage } from '../../domain/members.js';
import { subtreeRange } from '../../domain/paths.js';
import { memberRulesFor, type MemberRules } from '../../domain/rulesets.js';
import type { Ctx } from '../../server/context.js';
import { AppError, Problems } from '../../server/errors.js';
import type { MessageCode } from '../../server/messages.js';
import { recordAudit } from '../audit/record.js';
import { districtContext } from '../district/context.js';
import { invalidateLifeCompliance } from '../life/rollup.js';
import { findOrg } from '../orgs/queries.js';
import { findTerritory } from '../territory/queries.js';
import { countAll } from '../../db/sql.js';
import { findMember, toMemberDto, unitInScope, type MemberFilterValues, type MemberRow } from './queries.js';

/** Today and the member rule numbers of the caller's district. Call before opening a transaction. */
export async function memberContext(ctx: Ctx): Promise<{ today: string; rules: MemberRules }> {
  const dc = await districtContext(ctx);
  return { today: dc.today, rules: memberRulesFor(dc.settings) };
}

/** A member the caller can see, or 404. */
export async function visibleMember(ctx: Ctx, id: number): Promise<MemberRow> {
  const m = await findMember(ctx.db.kysely, ctx.actor.scope, id);
  if (!m) throw AppError.notFound();
  return m;
}

/** A member whose record is still open (active or suspended), or 409. */
export async function openMember(ctx: Ctx, id: number): Promise<MemberRow> {
  const m = await visibleMember(ctx, id);
  if (m.status === 'closed') throw AppError.conflict([{ field: 'status', code: 'member_closed', params: { reason: m.closed_reason ?? '' } }]);
  return m;
}

const ID_PROBLEM_CODES: Record<ResidentIdProblem, MessageCode> = {
  length: 'resident_id_length',
  character: 'resident_id_character',
  birthDate: 'resident_id_birth_date',
  check: 'resident_id_check',
};

/** Resolves list filters (organization and territory must be visible) before any row is read or streamed. */
export async function memberFilterValues(
  ctx: Ctx,
  q: { orgId?: number | undefined; territoryId?: number | undefined } & Omit<MemberFilterValues, 'withinOrgPath' | 'withinTerritoryPath'>,
): Promise<MemberFilterValues> {
  const { orgId, territoryId, ...rest } = q;
  const out: MemberFilterValues = { ...rest };
  if (orgId !== undefined) {
    const o = await findOrg(ctx.db.kysely, ctx.actor.scope, orgId);
    if (!o) throw AppError.notFound();
    out.withinOrgPath = o.path;
  }
  if (territoryId !== undefined) {
    const t = await findTerritory(ctx.db.kysely, ctx.actor.scope, territoryId);
    if (!t) throw AppError.notFound();
    out.withinTerritoryPath = t.path;
  }
  return out;
}

export async function getMemberDetail(ctx: Ctx, id: number) {
  const m = await visibleMember(ctx, id);
  const { today, rules } = await memberContext(ctx);
  const k = ctx.db.kysely;
  const [transfer, mobile, lostCase] = await Promise.all([
    k.selectFrom('transfer').select('id').where('member_id', '=', id).where('status', 'in', ['requested', 'sent']).executeTakeFirst(),
    k.selectFrom('mobile_record').select('id').where('member_id', '=', id).where('returned_on', 'is', null).executeTakeFirst(),
    k.selectFrom('lost_contact_case').select('id').where('member_id', '=', id).where('status', 'in', ['open', 'suspended']).executeTakeFirst(),
  ]);
  return {
    ...toMemberDto(m, ctx.vault, today),
    lostContactSince:
      m.status === 'closed' || !isPartyMember(m.stage) ? null : lostContactSince(m.last_contact_on ?? m.created_at.slice(0, 10), today, rules.lostContactMonths),
    openTransferId: transfer?.id ?? null,
    openMobileRecordId: mobile?.id ?? null,
    openLostContactCaseId: lostCase?.id ?? null,
    createdAt: m.created_at,
    updatedAt: m.updated_at,
  };
}

export interface MemberInput {
  name?: string | undefined;
  gender?: 'male' | 'female' | undefined;
  ethnicity?: string | null | undefined;
  residentId?: string | undefined;
  education?: string | null | undefined;
  phone?: string | null | undefined;
  employerUnitId?: number | null | undefined;
  position?: string | null | undefined;
  inUnitManagement?: boolean | undefined;
  occupation?: string | null | undefined;
  keyPost?: boolean | undefined;
  technicalBackbone?: boolean | undefined;
  middleManagement?: boolean | undefined;
  decisionLevel?: boolean | undefined;
}

export interface CreateMemberInput extends MemberInput {
  name: string;
  gender: 'male' | 'female';
  residentId: string;
  orgId: number;
  stage: RegistrableStage;
  admittedOn?: string | null | undefined;
  fullOn?: string | null | undefined;
}

/** Checks the personal fields shared by create and update; returns the normalized resident ID facts. */
async function checkPersonFields(ctx: Ctx, input: MemberInput, problems: Problems, exceptPersonId?: number) {
  let id: { value: string; hash: string; birthDate: string } | undefined;
  let taken = false;
  if (input.residentId !== undefined) {
    const value = input.residentId.trim().toUpperCase();
    const problem = residentIdProblem(value);
    if (problem) problems.add('residentId', ID_PROBLEM_CODES[problem]);
    else {
      id = { value, hash: ctx.vault.hash(value), birthDate: residentIdBirthDate(value)! };
      let q = ctx.db.kysely
        .selectFrom('person')
        .select('id')
        .where('district_id', '=', ctx.actor.scope.districtId)
        .where('resident_id_hash', '=', id.hash);
      if (exceptPersonId !== undefined) q = q.where('id', '!=', exceptPersonId);
      taken = (await q.executeTakeFirst()) !== undefined;
    }
  }
  if (input.employerUnitId) {
    const unit = await ctx.db.kysely
      .selectFrom('unit')
      .select(['id', 'status'])
      .where('unit.id', '=', input.employerUnitId)
      .where(unitInScope(ctx.actor.scope))
      .executeTakeFirst();
    if (!unit) problems.add('employerUnitId', 'unit_not_found');
    else if (unit.status !== 'operating') problems.add('employerUnitId', 'unit_closed');
  }
  return { id, taken };
}

/** Every bad field at once (400); a duplicate resident ID alone is a conflict (409). Both name `residentId`. */
function throwProblems(problems: Problems, taken: boolean) {
  if (!problems.empty) {
    if (taken) problems.add('residentId', 'resident_id_taken');
    problems.throwIfAny();
  }
  if (taken) throw AppError.conflict([{ field: 'residentId', code: 'resident_id_taken' }]);
}

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint failed/i.test(e?.message ?? '');
}

const flag = (v: boolean | undefined) => (v === undefined ? undefined : v ? 1 : 0);

function personValues(input: MemberInput) {
  return {
    ...(input.name !== undefined && { name: input.name.trim() }),
    ...(input.gender !== undefined && { gender: input.gender }),
    ...(input.ethnicity !== undefined && { ethnicity: input.ethnicity?.trim() || null }),
    ...(input.education !== undefined && { education: input.education }),
    ...(input.phone !== undefined && { phone: input.phone }),
    ...(input.employerUnitId !== undefined && { employer_unit_id: input.employerUnitId }),
    ...(input.position !== undefined && { unit_position: input.position?.trim() || null }),
    ...(input.inUnitManagement !== undefined && { in_unit_management: input.inUnitManagement ? 1 : 0 }),
  };
}

function memberValues(input: MemberInput) {
  const v = {
    occupation: input.occupation,
    // One fact, entered once: the position in the unit lives on the person; the member row keeps a copy.
    position: input.position === undefined ? undefined : input.position?.trim() || null,
    is_key_post: flag(input.keyPost),
    is_technical_backbone: flag(input.technicalBackbone),
    is_middle_management: flag(input.middleManagement),
    is_decision_level: flag(input.decisionLevel),
  };
  return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined)) as Partial<{
    occupation: string | null;
    position: string | null;
    is_key_post: number;
    is_technical_backbone: number;
    is_middle_management: number;
    is_decision_level: number;
  }>;
}

/** What the audit log keeps of an input: never a full resident ID or phone. */
function auditable(input: MemberInput & Record<string, unknown>) {
  return {
    ...input,
    ...(input.residentId !== undefined && { residentId: maskResidentId(input.residentId.trim().toUpperCase()) }),
    ...(input.phone && { phone: maskPhone(input.phone) }),
  };
}

/**
 * Registers an existing member (a full member moving in, or one recorded
 * late): the person with an encrypted resident ID, and the member record in
 * an organization in scope.
 */
export async function createMember(ctx: Ctx, input: CreateMemberInput) {
  const { today, rules } = await memberContext(ctx);
  const k = ctx.db.kysely;
  const org = await findOrg(k, ctx.actor.scope, input.orgId);
  if (!org) throw new AppError(404, 'org_not_found', [{ field: 'orgId', code: 'org_not_found' }]);
  const problems = new Problems();
  if (org.status !== 'active') problems.add('orgId', 'org_closed');
  const { id, taken } = await checkPersonFields(ctx, input, problems);
  const admittedOn = input.admittedOn ?? null;
  const fullOn = input.fullOn ?? null;
  if (input.stage === 'probationary') {
    if (!admittedOn) problems.add('admittedOn', 'required');
    if (fullOn) problems.add('fullOn', 'date_not_for_stage', { stage: 'probationary' });
  }
  if (input.stage === 'full' && !fullOn) problems.add('fullOn', 'required');
  if (admittedOn && admittedOn > today) problems.add('admittedOn', 'date_in_future');
  if (fullOn && fullOn > today) problems.add('fullOn', 'date_in_future');
  if (admittedOn && fullOn && fullOn < admittedOn) problems.add('fullOn', 'date_order', { after: admittedOn });
  const joinedOn = admittedOn ?? fullOn;
  if (id && joinedOn && !oldEnoughOn(id.birthDate, joinedOn, rules)) {
    problems.add(admittedOn ? 'admittedOn' : 'fullOn', 'member_under_age', { age: rules.minAdmissionAge });
  }
  throwProblems(problems, taken);

  const now = ctx.clock.now().toISOString();
  let memberId: number;
  try {
    memberId = await k.transaction().execute(async (trx) => {
      const { id: personId } = await trx
        .insertInto('person')
        .values({
          district_id: org.district_id,
          territory_id: org.territory_id,
          territory_path: org.territory_path,
          name: input.name.trim(),
          in_unit_management: 0,
          ...personValues(input),
          resident_id_enc: ctx.vault.encrypt(id!.value),
          resident_id_hash: id!.hash,
          birth_date: id!.birthDate,
          full_member_since: fullOn,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const { id: memberId } = await trx
        .insertInto('member')
        .values({
          district_id: org.district_id,
          person_id: personId,
          party_org_id: org.id,
          org_path: org.path,
          territory_path: org.territory_path,
          stage: input.stage,
          status: 'active',
          closed_on: null,
          closed_reason: null,
          occupation: null,
          position: null,
          ...memberValues(input),
          applied_on: null,
          activist_on: null,
          candidate_on: null,
          admitted_on: admittedOn,
          full_on: input.stage === 'full' ? fullOn : null,
          probation_until: input.stage === 'probationary' && admittedOn ? probationUntil(admittedOn, rules) : null,
          // Registering is itself contact with the organization.
          last_contact_on: today,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      // Full members decide whether a branch has a committee.
      await invalidateLifeCompliance(trx, [org.id]);
      await recordAudit(trx, ctx, {
        action: 'member.create',
        entityType: 'member',
        entityId: memberId,
        scopePath: org.territory_path,
        after: auditable({ ...input }),
      });
      return memberId;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw AppError.conflict([{ field: 'residentId', code: 'resident_id_taken' }]);
    throw err;
  }
  return getMemberDetail(ctx, memberId);
}

/** Edits personal and employment fields and flags (not the stage: it moves through the pipeline; not the organization: transfers). */
export async function updateMember(ctx: Ctx, memberId: number, input: MemberInput) {
  const m = await openMember(ctx, memberId);
  const { rules } = await memberContext(ctx);
  const problems = new Problems();
  const { id, taken } = await checkPersonFields(ctx, input, problems, m.person_id);
  const joinedOn = m.admitted_on ?? m.full_on;
  if (id && joinedOn && isPartyMember(m.stage) && !oldEnoughOn(id.birthDate, joinedOn, rules)) {
    problems.add('residentId', 'member_under_age', { age: rules.minAdmissionAge });
  }
  throwProblems(problems, taken);
  const before = await getMemberDetail(ctx, memberId);
  const now = ctx.clock.now().toISOString();
  try {
    await ctx.db.kysely.transaction().execute(async (trx) => {
      const person = {
        ...personValues(input),
        ...(id && { resident_id_enc: ctx.vault.encrypt(id.value), resident_id_hash: id.hash, birth_date: id.birthDate }),
      };
      await trx.updateTable('person').set({ ...person, updated_at: now }).where('id', '=', m.person_id).execute();
      await trx.updateTable('member').set({ ...memberValues(input), updated_at: now }).where('id', '=', memberId).execute();
      await recordAudit(trx, ctx, {
        action: 'member.update',
        entityType: 'member',
        entityId: memberId,
        scopePath: m.territory_path,
        before,
        after: auditable({ ...input }),
      });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw AppError.conflict([{ field: 'residentId', code: 'resident_id_taken' }]);
    throw err;
  }
  return getMemberDetail(ctx, memberId);
}

/** Closes a member record with a reason; it is never deleted and stays in history. */
export async function closeMember(ctx: Ctx, memberId: number, input: { reason: CloseReason; closedOn?: string | undefined; note?: string | undefined }) {
  const m = await openMember(ctx, memberId);
  const { today } = await memberContext(ctx);
  const on = input.closedOn ?? today;
  const problems = new Problems();
  if (on > today) problems.add('closedOn', 'date_in_future');
  const since = m.admitted_on ?? m.full_on ?? m.applied_on;
  if (since && on < since) problems.add('closedOn', 'date_order', { after: since });
  problems.throwIfAny();
  const open = await ctx.db.kysely.selectFrom('transfer').select('id').where('member_id', '=', memberId).where('status', 'in', ['requested', 'sent']).executeTakeFirst();
  if (open) throw AppError.conflict([{ field: 'status', code: 'transfer_open', params: { id: open.id } }]);
  const now = ctx.clock.now().toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await trx
      .updateTable('member')
      .set({ status: 'closed', closed_on: on, closed_reason: input.reason, is_mobile: 0, updated_at: now })
      .where('id', '=', memberId)
      .execute();
    // An open mobile record ends with the record; an open lost-contact search too.
    await trx.updateTable('mobile_record').set({ returned_on: on, updated_at: now }).where('member_id', '=', memberId).where('returned_on', 'is', null).execute();
    await trx
      .updateTable('lost_contact_case')
      .set({ status: 'closed', updated_at: now })
      .where('member_id', '=', memberId)
      .where('status', 'in', ['open', 'suspended'])
      .execute();
    await invalidateLifeCompliance(trx, [m.party_org_id]);
    await recordAudit(trx, ctx, {
      action: 'member.close',
      entityType: 'member',
      entityId: memberId,
      scopePath: m.territory_path,
      before: { status: m.status },
      after: { status: 'closed', closedOn: on, reason: input.reason, note: input.note ?? null },
    });
  });
  return getMemberDetail(ctx, memberId);
}

/** The full resident ID or phone of a member, for a stated reason. Every reveal is audited (the reason, never the value). */
export async function revealMember(ctx: Ctx, memberId: number, input: { field: 'residentId' | 'phone'; reason: string }) {
  const m = await visibleMember(ctx, memberId);
  const value = input.field === 'residentId' ? (m.resident_id_enc === null ? null : ctx.vault.decrypt(m.resident_id_enc)) : m.phone;
  if (value === null) throw new AppError(404, 'nothing_to_reveal', [{ field: 'field', code: 'nothing_to_reveal' }]);
  await recordAudit(ctx.db.kysely, ctx, {
    action: 'member.reveal',
    entityType: 'member',
    entityId: memberId,
    scopePath: m.territory_path,
    after: { field: input.field, reason: input.reason.trim() },
  });
  return { field: input.field, value };
}

const REGISTERED = sql<number>`(select count(*) from member m join person p on p.id = m.person_id
  where p.employer_unit_id = unit.id and m.status = 'active' and m.stage in ('full', 'probationary'))`;

/**
 * "Members still to be found": units in scope whose survey reported more
 * members than the registry holds (active full and probationary members
 * employed there), the biggest gap first.
 */
export async function membersToFind(ctx: Ctx, f: { territoryId?: number | undefined; orgId?: number | undefined }, page: number, pageSize: number) {
  const k = ctx.db.kysely;
  let inner = k
    .selectFrom('unit')
    .innerJoin('territory', 'territory.id', 'unit.territory_id')
    .select(['unit.id as unit_id', 'unit.name as unit_name', 'unit.territory_id', 'territory.name as territory_name', 'unit.surveyed_member_count as surveyed', REGISTERED.as('registered')])
    .where(unitInScope(ctx.actor.scope))
    .where('unit.status', '=', 'operating');
  if (f.territoryId !== undefined) {
    const t = await findTerritory(k, ctx.actor.scope, f.territoryId);
    if (!t) throw AppError.notFound();
    const { from, to } = subtreeRange(t.path);
    inner = inner.where('unit.territory_path', '>=', from).where('unit.territory_path', '<', to);
  }
  if (f.orgId !== undefined) {
    const o = await findOrg(k, ctx.actor.scope, f.orgId);
    if (!o) throw AppError.notFound();
    const { from, to } = subtreeRange(o.path);
    inner = inner.where(
      sql<boolean>`exists (select 1 from party_org_unit pou join party_org po on po.id = pou.party_org_id
        where pou.unit_id = unit.id and pou.until_on is null and po.path >= ${from} and po.path < ${to})`,
    );
  }
  const outer = k.selectFrom(inner.as('u')).where(sql<boolean>`u.surveyed > u.registered`);
  const [rows, total] = await Promise.all([
    outer
      .selectAll()
      .orderBy(sql`u.surveyed - u.registered`, 'desc')
      .orderBy('u.unit_name')
      .orderBy('u.unit_id')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    outer.select(countAll().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    items: rows.map((r) => ({
      unitId: r.unit_id,
      unitName: r.unit_name,
      territoryId: r.territory_id,
      territoryName: r.territory_name,
      surveyed: Number(r.surveyed),
      registered: Number(r.registered),
      gap: Number(r.surveyed) - Number(r.registered),
    })),
    total: Number(total.n),
  };
}

/**
 * The Hongjiang "three steps" for one unit: employees → technical backbones
 * and middle managers → members → decision level, with the cross-appointments
 * of "two-way entry" and the members still to be found.
 */
export async function unitTalent(ctx: Ctx, unitId: number) {
  const k = ctx.db.kysely;
  const unit = await k
    .selectFrom('unit')
    .select(['unit.id', 'unit.name', 'unit.employee_count', 'unit.surveyed_member_count'])
    .where('unit.id', '=', unitId)
    .where(unitInScope(ctx.actor.scope))
    .executeTakeFirst();
  if (!unit) throw AppError.notFound();
  const [orgs, people] = await Promise.all([
    k
      .selectFrom('party_org_unit')
      .innerJoin('party_org', 'party_org.id', 'party_org_unit.party_org_id')
      .select(['party_org.id', 'party_org.name', 'party_org.kind'])
      .where('party_org_unit.unit_id', '=', unitId)
      .where('party_org_unit.until_on', 'is', null)
      .orderBy('party_org.name')
      .execute(),
    k
      .selectFrom('member')
      .innerJoin('person', 'person.id', 'member.person_id')
      .select(['member.stage', 'member.is_technical_backbone', 'member.is_middle_management', 'member.is_decision_level'])
      .where('person.employer_unit_id', '=', unitId)
      .where('member.status', '=', 'active')
      .execute(),
  ]);
  const posts = orgs.length
    ? await k
        .selectFrom('org_post')
        .innerJoin('person', 'person.id', 'org_post.person_id')
        .innerJoin('party_org', 'party_org.id', 'org_post.party_org_id')
        .select(['person.id as person_id', 'person.name', 'org_post.post', 'party_org.id as org_id', 'party_org.name as org_name', 'person.unit_position'])
        .where('org_post.party_org_id', 'in', orgs.map((o) => o.id))
        .where('org_post.ended_on', 'is', null)
        .where('person.in_unit_management', '=', 1)
        .where('person.employer_unit_id', '=', unitId)
        .orderBy('party_org.name')
        .orderBy('person.name')
        .execute()
    : [];
  const backbone = (p: (typeof people)[number]) => p.is_technical_backbone === 1 || p.is_middle_management === 1;
  const members = people.filter((p) => isPartyMember(p.stage));
  const pipeline = people.filter((p) => !isPartyMember(p.stage));
  const registered = members.length;
  return {
    unit: { id: unit.id, name: unit.name, employeeCount: unit.employee_count, surveyedMemberCount: unit.surveyed_member_count },
    organizations: orgs,
    steps: {
      employees: unit.employee_count,
      backbones: {
        total: people.filter(backbone).length,
        technical: people.filter((p) => p.is_technical_backbone === 1).length,
        middleManagement: people.filter((p) => p.is_middle_management === 1).length,
        notYetMembers: pipeline.filter(backbone).length,
      },
      members: {
        total: registered,
        full: members.filter((p) => p.stage === 'full').length,
        probationary: members.filter((p) => p.stage === 'probationary').length,
        backbones: members.filter(backbone).length,
      },
      decisionLevel: { total: members.filter((p) => p.is_decision_level === 1).length },
    },
    pipeline: {
      applicant: pipeline.filter((p) => p.stage === 'applicant').length,
      activist: pipeline.filter((p) => p.stage === 'activist').length,
      candidate: pipeline.filter((p) => p.stage === 'candidate').length,
    },
    crossAppointments: posts.map((p) => ({ personId: p.person_id, name: p.name, post: p.post, orgId: p.org_id, orgName: p.org_name, unitPosition: p.unit_position })),
    toFind: { surveyed: unit.surveyed_member_count, registered, gap: Math.max(0, unit.surveyed_member_count - registered) },
  };
}

