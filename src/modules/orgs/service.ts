import { sql } from 'kysely';
import { childPath, depthOf, subtreeRange } from '../../domain/paths.js';
import { canNestOrg, coversUnits, type OrgKind, type Post } from '../../domain/orgs.js';
import type { PartyOrg } from '../../db/schema.js';
import type { Ctx } from '../../server/context.js';
import { AppError, Problems } from '../../server/errors.js';
import { inOrgScope, inTerritoryScope } from '../../server/scope.js';
import { recordAudit } from '../audit/record.js';
import { personInScope } from '../people/queries.js';
import { recomputeCoverage } from '../coverage/recompute.js';
import { districtContext, type DistrictContext } from '../district/context.js';
import { invalidateLifeCompliance, moveLifeCompliancePaths } from '../life/rollup.js';
import { findTerritory } from '../territory/queries.js';
import { describeOrgs } from './describe.js';
import { findOrg } from './queries.js';

async function visibleOrg(ctx: Ctx, id: number): Promise<PartyOrg> {
  const org = await findOrg(ctx.db.kysely, ctx.actor.scope, id);
  if (!org) throw AppError.notFound();
  return org;
}

async function openOrg(ctx: Ctx, id: number): Promise<PartyOrg> {
  const org = await visibleOrg(ctx, id);
  if (org.status !== 'active') throw AppError.conflict([{ field: 'status', code: 'org_closed' }]);
  return org;
}

async function describeOne(ctx: Ctx, id: number, dc?: DistrictContext) {
  const row = await ctx.db.kysely.selectFrom('party_org').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  return (await describeOrgs(ctx.db.kysely, [row], dc ?? (await districtContext(ctx))))[0]!;
}

export async function getOrgDetail(ctx: Ctx, id: number) {
  const org = await visibleOrg(ctx, id);
  const k = ctx.db.kysely;
  const [dto, parent, children, units] = await Promise.all([
    describeOne(ctx, id),
    org.parent_id
      ? k.selectFrom('party_org').select(['id', 'name', 'kind']).where('id', '=', org.parent_id).where(inOrgScope(ctx.actor.scope, 'party_org')).executeTakeFirst()
      : undefined,
    k.selectFrom('party_org').select(['id', 'name', 'kind', 'status']).where('parent_id', '=', id).orderBy('name').execute(),
    k
      .selectFrom('party_org_unit')
      .innerJoin('unit', 'unit.id', 'party_org_unit.unit_id')
      .innerJoin('territory', 'territory.id', 'unit.territory_id')
      .select([
        'party_org_unit.id as linkId',
        'unit.id as unitId',
        'unit.name',
        'unit.credit_code as creditCode',
        'unit.industry',
        'unit.employee_count as employeeCount',
        'unit.surveyed_member_count as surveyedMemberCount',
        'territory.name as territoryName',
        'party_org_unit.since_on as sinceOn',
        'party_org_unit.until_on as untilOn',
      ])
      .where('party_org_unit.party_org_id', '=', id)
      .orderBy(sql`case when party_org_unit.until_on is null then 0 else 1 end`)
      .orderBy('unit.name')
      .execute(),
  ]);
  return { org: dto, parent: parent ?? null, children, units };
}

/**
 * Checks the units an organization is to cover: visible, operating, not
 * covered by another organization. Problems name the array position (unitIds.2).
 */
async function checkUnitsToCover(ctx: Ctx, unitIds: number[], problems: Problems) {
  if (!unitIds.length) return [];
  const k = ctx.db.kysely;
  const units = await k
    .selectFrom('unit')
    .select(['id', 'status', 'territory_path'])
    .where('id', 'in', unitIds)
    .where(inTerritoryScope(ctx.actor.scope, 'unit', 'territory_path'))
    .execute();
  const covered = await k
    .selectFrom('party_org_unit')
    .innerJoin('party_org', 'party_org.id', 'party_org_unit.party_org_id')
    .select(['party_org_unit.unit_id', 'party_org.name'])
    .where('party_org_unit.unit_id', 'in', unitIds)
    .where('party_org_unit.until_on', 'is', null)
    .execute();
  unitIds.forEach((id, i) => {
    const u = units.find((x) => x.id === id);
    const field = `unitIds.${i}`;
    if (!u) problems.add(field, 'unit_not_found');
    else if (u.status !== 'operating') problems.add(field, 'unit_closed');
    else {
      const c = covered.find((x) => x.unit_id === id);
      if (c) problems.add(field, 'unit_already_covered', { org: c.name });
    }
  });
  return units;
}

export interface CreateOrgInput {
  parentId: number | null;
  kind: OrgKind;
  name: string;
  formationMode: string;
  territoryId: number;
  foundedOn: string;
  approvedOn?: string | null | undefined;
  lastElectedOn?: string | null | undefined;
  unitIds?: number[] | undefined;
}

/**
 * Forms an organization — for a joint branch, over several units at once —
 * and brings the coverage of those units up to date in the same transaction.
 */
export async function createOrg(ctx: Ctx, input: CreateOrgInput) {
  const dc = await districtContext(ctx);
  const problems = new Problems();
  const k = ctx.db.kysely;
  let parent: PartyOrg | undefined;
  if (input.parentId !== null) {
    parent = await findOrg(k, ctx.actor.scope, input.parentId);
    if (!parent) throw new AppError(404, 'org_not_found', [{ field: 'parentId', code: 'org_not_found' }]);
    if (parent.status !== 'active') problems.add('parentId', 'org_closed');
  }
  if (!canNestOrg(input.kind, (parent?.kind as OrgKind | undefined) ?? null)) {
    problems.add('kind', 'org_bad_parent', { kind: input.kind, parentKind: parent?.kind ?? '—' });
  }
  const territory = await findTerritory(k, ctx.actor.scope, input.territoryId);
  if (!territory) throw new AppError(404, 'territory_not_found', [{ field: 'territoryId', code: 'territory_not_found' }]);
  if (territory.status !== 'active') problems.add('territoryId', 'territory_closed');
  checkDates(problems, dc.today, input);
  const unitIds = input.unitIds ?? [];
  if (!coversUnits(input.kind) && unitIds.length) problems.add('unitIds', 'party_group_no_units');
  if (input.formationMode === 'single' && unitIds.length > 1) problems.add('unitIds', 'single_covers_one_unit');
  await checkUnitsToCover(ctx, unitIds, problems);
  problems.throwIfAny();

  const now = ctx.clock.now().toISOString();
  return k.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('party_org')
      .values({
        district_id: ctx.actor.scope.districtId,
        parent_id: parent?.id ?? null,
        path: '',
        depth: parent ? parent.depth + 1 : 0,
        kind: input.kind,
        name: input.name.trim(),
        formation_mode: input.formationMode,
        territory_id: territory.id,
        territory_path: territory.path,
        founded_on: input.foundedOn,
        approved_on: input.approvedOn ?? null,
        last_elected_on: input.lastElectedOn ?? null,
        status: 'active',
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.updateTable('party_org').set({ path: childPath(parent?.path ?? null, id) }).where('id', '=', id).execute();
    for (const unitId of unitIds) {
      await trx
        .insertInto('party_org_unit')
        .values({ district_id: ctx.actor.scope.districtId, party_org_id: id, unit_id: unitId, since_on: input.foundedOn, created_at: now })
        .execute();
    }
    await recomputeCoverage(trx, unitIds);
    // A new organization's row starts due; a new party group changes its branch's requirements.
    await invalidateLifeCompliance(trx, [id]);
    const dto = (await describeOrgs(trx, [await trx.selectFrom('party_org').selectAll().where('id', '=', id).executeTakeFirstOrThrow()], dc))[0]!;
    await recordAudit(trx, ctx, {
      action: 'party_org.create',
      entityType: 'party_org',
      entityId: id,
      scopePath: territory.path,
      after: { ...dto, unitIds },
    });
    return dto;
  });
}

function checkDates(
  problems: Problems,
  today: string,
  input: { foundedOn?: string | undefined; approvedOn?: string | null | undefined; lastElectedOn?: string | null | undefined },
  founded = input.foundedOn,
) {
  for (const field of ['foundedOn', 'approvedOn', 'lastElectedOn'] as const) {
    const v = input[field];
    if (v && v > today) problems.add(field, 'date_in_future');
  }
  if (founded && input.approvedOn && input.approvedOn < founded) problems.add('approvedOn', 'date_order', { after: founded });
  if (founded && input.lastElectedOn && input.lastElectedOn < founded) problems.add('lastElectedOn', 'date_order', { after: founded });
}

export interface UpdateOrgInput {
  name?: string | undefined;
  formationMode?: string | undefined;
  foundedOn?: string | undefined;
  approvedOn?: string | null | undefined;
  lastElectedOn?: string | null | undefined;
}

export async function updateOrg(ctx: Ctx, id: number, input: UpdateOrgInput) {
  const org = await openOrg(ctx, id);
  const dc = await districtContext(ctx);
  const problems = new Problems();
  checkDates(problems, dc.today, input, input.foundedOn ?? org.founded_on);
  if (input.formationMode === 'single') {
    const links = await ctx.db.kysely.selectFrom('party_org_unit').select('id').where('party_org_id', '=', id).where('until_on', 'is', null).execute();
    if (links.length > 1) problems.add('formationMode', 'single_covers_one_unit');
  }
  problems.throwIfAny();
  const before = await describeOne(ctx, id, dc);
  return ctx.db.kysely.transaction().execute(async (trx) => {
    await trx
      .updateTable('party_org')
      .set({
        ...(input.name !== undefined && { name: input.name.trim() }),
        ...(input.formationMode !== undefined && { formation_mode: input.formationMode }),
        ...(input.foundedOn !== undefined && { founded_on: input.foundedOn }),
        ...(input.approvedOn !== undefined && { approved_on: input.approvedOn }),
        ...(input.lastElectedOn !== undefined && { last_elected_on: input.lastElectedOn }),
        updated_at: ctx.clock.now().toISOString(),
      })
      .where('id', '=', id)
      .execute();
    if (input.formationMode !== undefined) {
      const units = await trx.selectFrom('party_org_unit').select('unit_id').where('party_org_id', '=', id).where('until_on', 'is', null).execute();
      await recomputeCoverage(trx, units.map((u) => u.unit_id));
    }
    const after = (await describeOrgs(trx, [await trx.selectFrom('party_org').selectAll().where('id', '=', id).executeTakeFirstOrThrow()], dc))[0]!;
    await recordAudit(trx, ctx, { action: 'party_org.update', entityType: 'party_org', entityId: id, scopePath: org.territory_path, before, after });
    return after;
  });
}

/** Moves an organization (and its subtree) under another parent. */
export async function moveOrg(ctx: Ctx, id: number, parentId: number) {
  const org = await openOrg(ctx, id);
  const parent = await findOrg(ctx.db.kysely, ctx.actor.scope, parentId);
  if (!parent) throw new AppError(404, 'org_not_found', [{ field: 'parentId', code: 'org_not_found' }]);
  const problems = new Problems();
  if (parent.path.startsWith(org.path)) problems.add('parentId', 'org_move_into_self');
  else if (parent.status !== 'active') problems.add('parentId', 'org_closed');
  else if (!canNestOrg(org.kind as OrgKind, parent.kind as OrgKind)) problems.add('parentId', 'org_bad_parent', { kind: org.kind, parentKind: parent.kind });
  problems.throwIfAny();
  const oldPath = org.path;
  const newPath = childPath(parent.path, id);
  const { from, to } = subtreeRange(oldPath);
  const delta = depthOf(newPath) - depthOf(oldPath);
  const cut = oldPath.length + 1;
  const dc = await districtContext(ctx);
  return ctx.db.kysely.transaction().execute(async (trx) => {
    await trx
      .updateTable('party_org')
      .set({ path: sql`${newPath} || substr(path, ${cut})`, depth: sql`depth + ${delta}`, updated_at: ctx.clock.now().toISOString() })
      .where('district_id', '=', org.district_id)
      .where('path', '>=', from)
      .where('path', '<', to)
      .execute();
    await trx.updateTable('party_org').set({ parent_id: parent.id }).where('id', '=', id).execute();
    await moveLifeCompliancePaths(trx, org.district_id, oldPath, newPath);
    // A party group that moves takes its meetings from one branch to another.
    await invalidateLifeCompliance(trx, [id, ...(org.parent_id !== null ? [org.parent_id] : [])]);
    await recordAudit(trx, ctx, {
      action: 'party_org.move',
      entityType: 'party_org',
      entityId: id,
      scopePath: org.territory_path,
      before: { parentId: org.parent_id },
      after: { parentId: parent.id },
    });
    return describeOrgs(trx, [await trx.selectFrom('party_org').selectAll().where('id', '=', id).executeTakeFirstOrThrow()], dc).then((d) => d[0]!);
  });
}

/** Closes an organization with a reason: its unit links and posts end that day; it is never deleted. */
export async function closeOrg(ctx: Ctx, id: number, reason: string, closedOn: string | undefined) {
  const org = await openOrg(ctx, id);
  const dc = await districtContext(ctx);
  const on = closedOn ?? dc.today;
  const problems = new Problems();
  if (on > dc.today) problems.add('closedOn', 'date_in_future');
  if (on < org.founded_on) problems.add('closedOn', 'date_order', { after: org.founded_on });
  const openChild = await ctx.db.kysely.selectFrom('party_org').select('id').where('parent_id', '=', id).where('status', '=', 'active').executeTakeFirst();
  if (openChild) throw AppError.conflict([{ field: 'status', code: 'org_has_open_children' }]);
  problems.throwIfAny();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const links = await trx.selectFrom('party_org_unit').select('unit_id').where('party_org_id', '=', id).where('until_on', 'is', null).execute();
    await trx.updateTable('party_org_unit').set({ until_on: on }).where('party_org_id', '=', id).where('until_on', 'is', null).execute();
    await trx.updateTable('org_post').set({ ended_on: on, updated_at: ctx.clock.now().toISOString() }).where('party_org_id', '=', id).where('ended_on', 'is', null).execute();
    await trx
      .updateTable('party_org')
      .set({ status: 'closed', closed_on: on, closed_reason: reason, updated_at: ctx.clock.now().toISOString() })
      .where('id', '=', id)
      .execute();
    await recomputeCoverage(trx, links.map((l) => l.unit_id));
    // Its row goes; a closed party group no longer counts for its branch.
    await invalidateLifeCompliance(trx, [id]);
    await recordAudit(trx, ctx, {
      action: 'party_org.close',
      entityType: 'party_org',
      entityId: id,
      scopePath: org.territory_path,
      before: { status: org.status },
      after: { status: 'closed', closedOn: on, reason, releasedUnitIds: links.map((l) => l.unit_id) },
    });
    return describeOrgs(trx, [await trx.selectFrom('party_org').selectAll().where('id', '=', id).executeTakeFirstOrThrow()], dc).then((d) => d[0]!);
  });
}

export async function linkUnits(ctx: Ctx, id: number, unitIds: number[], sinceOn: string | undefined) {
  const org = await openOrg(ctx, id);
  const dc = await districtContext(ctx);
  const on = sinceOn ?? dc.today;
  const problems = new Problems();
  if (!coversUnits(org.kind as OrgKind)) problems.add('unitIds', 'party_group_no_units');
  if (on > dc.today) problems.add('sinceOn', 'date_in_future');
  if (on < org.founded_on) problems.add('sinceOn', 'date_order', { after: org.founded_on });
  if (org.formation_mode === 'single') {
    const existing = await ctx.db.kysely.selectFrom('party_org_unit').select('id').where('party_org_id', '=', id).where('until_on', 'is', null).execute();
    if (existing.length + unitIds.length > 1) problems.add('unitIds', 'single_covers_one_unit');
  }
  await checkUnitsToCover(ctx, unitIds, problems);
  problems.throwIfAny();
  const now = ctx.clock.now().toISOString();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    for (const unitId of unitIds) {
      await trx
        .insertInto('party_org_unit')
        .values({ district_id: org.district_id, party_org_id: id, unit_id: unitId, since_on: on, created_at: now })
        .execute();
    }
    await recomputeCoverage(trx, unitIds);
    await recordAudit(trx, ctx, { action: 'party_org.link_units', entityType: 'party_org', entityId: id, scopePath: org.territory_path, after: { unitIds, sinceOn: on } });
    return (await describeOrgs(trx, [org], dc))[0]!;
  });
}

export async function releaseUnit(ctx: Ctx, id: number, unitId: number, untilOn: string | undefined) {
  const org = await visibleOrg(ctx, id);
  const dc = await districtContext(ctx);
  const link = await ctx.db.kysely
    .selectFrom('party_org_unit')
    .selectAll()
    .where('party_org_id', '=', id)
    .where('unit_id', '=', unitId)
    .where('until_on', 'is', null)
    .executeTakeFirst();
  if (!link) throw AppError.validation([{ field: 'unitId', code: 'unit_not_covered_here' }]);
  const on = untilOn ?? dc.today;
  const problems = new Problems();
  if (on > dc.today) problems.add('untilOn', 'date_in_future');
  if (on < link.since_on) problems.add('untilOn', 'date_order', { after: link.since_on });
  problems.throwIfAny();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    await trx.updateTable('party_org_unit').set({ until_on: on }).where('id', '=', link.id).execute();
    await recomputeCoverage(trx, [unitId]);
    await recordAudit(trx, ctx, { action: 'party_org.release_unit', entityType: 'party_org', entityId: id, scopePath: org.territory_path, before: { unitId, sinceOn: link.since_on }, after: { unitId, untilOn: on } });
    return (await describeOrgs(trx, [org], dc))[0]!;
  });
}

/** Posts each kind of organization has: a party group has an organizer, the others a committee. */
function postFits(kind: OrgKind, post: Post): boolean {
  return kind === 'party_group' ? post === 'organizer' : post !== 'organizer';
}

export async function addPost(ctx: Ctx, id: number, input: { personId: number; post: Post; startedOn: string; approvedOn?: string | null | undefined }) {
  const org = await openOrg(ctx, id);
  const dc = await districtContext(ctx);
  const k = ctx.db.kysely;
  const person = await personInScope(k, ctx.actor.scope, input.personId);
  const problems = new Problems();
  if (!postFits(org.kind as OrgKind, input.post)) problems.add('post', 'post_not_for_kind', { kind: org.kind });
  if (input.startedOn > dc.today) problems.add('startedOn', 'date_in_future');
  if (input.approvedOn && input.approvedOn < input.startedOn) problems.add('approvedOn', 'date_order', { after: input.startedOn });
  if (input.post === 'secretary' || input.post === 'deputy_secretary' || input.post === 'organizer') {
    const held = await k.selectFrom('org_post').select('id').where('party_org_id', '=', id).where('post', '=', input.post).where('ended_on', 'is', null).executeTakeFirst();
    if (held) problems.add('post', 'post_taken');
  }
  problems.throwIfAny();
  const now = ctx.clock.now().toISOString();
  return k.transaction().execute(async (trx) => {
    const { id: postId } = await trx
      .insertInto('org_post')
      .values({
        district_id: org.district_id,
        party_org_id: id,
        person_id: person.id,
        post: input.post,
        started_on: input.startedOn,
        approved_on: input.approvedOn ?? null,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // Secretaries host the lectures that count; committee members mean a committee exists.
    await invalidateLifeCompliance(trx, [id]);
    await recordAudit(trx, ctx, { action: 'party_org.add_post', entityType: 'org_post', entityId: postId, scopePath: org.territory_path, after: { orgId: id, ...input, personName: person.name } });
    return (await describeOrgs(trx, [org], dc))[0]!;
  });
}

export async function endPost(ctx: Ctx, id: number, postId: number, endedOn: string | undefined) {
  const org = await visibleOrg(ctx, id);
  const dc = await districtContext(ctx);
  const post = await ctx.db.kysely.selectFrom('org_post').selectAll().where('id', '=', postId).where('party_org_id', '=', id).executeTakeFirst();
  if (!post) throw AppError.notFound();
  if (post.ended_on) throw AppError.conflict([{ field: 'endedOn', code: 'post_already_ended' }]);
  const on = endedOn ?? dc.today;
  const problems = new Problems();
  if (on > dc.today) problems.add('endedOn', 'date_in_future');
  if (on < post.started_on) problems.add('endedOn', 'date_order', { after: post.started_on });
  problems.throwIfAny();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    await trx.updateTable('org_post').set({ ended_on: on, updated_at: ctx.clock.now().toISOString() }).where('id', '=', postId).execute();
    await invalidateLifeCompliance(trx, [id]);
    await recordAudit(trx, ctx, { action: 'party_org.end_post', entityType: 'org_post', entityId: postId, scopePath: org.territory_path, before: { endedOn: null }, after: { endedOn: on } });
    return (await describeOrgs(trx, [org], dc))[0]!;
  });
}
