import { maskPhone } from '../../domain/ids.js';
import { subtreeRange } from '../../domain/paths.js';
import type { Person } from '../../db/schema.js';
import { containsText, countAll } from '../../db/sql.js';
import type { Ctx } from '../../server/context.js';
import { AppError, Problems } from '../../server/errors.js';
import { parseSort } from '../../server/schemas.js';
import { inTerritoryScope } from '../../server/scope.js';
import { recordAudit } from '../audit/record.js';
import { districtContext } from '../district/context.js';
import { findTerritory } from '../territory/queries.js';

/**
 * People who hold posts or act as liaisons. Until the members registry lands
 * this is the only personal record; members will reference it (person_id), so
 * posts keep their meaning.
 */
function toDto(p: Person & { employer_unit_name: string | null }, revealPhone: boolean) {
  return {
    id: p.id,
    territoryId: p.territory_id,
    name: p.name,
    gender: p.gender as 'male' | 'female' | null,
    phone: p.phone === null ? null : revealPhone ? p.phone : maskPhone(p.phone),
    employerUnitId: p.employer_unit_id,
    employerUnitName: p.employer_unit_name,
    unitPosition: p.unit_position,
    inUnitManagement: p.in_unit_management === 1,
    fullMemberSince: p.full_member_since,
  };
}

function base(ctx: Ctx) {
  return ctx.db.kysely
    .selectFrom('person')
    .leftJoin('unit', 'unit.id', 'person.employer_unit_id')
    .selectAll('person')
    .select('unit.name as employer_unit_name')
    .where(inTerritoryScope(ctx.actor.scope, 'person', 'territory_path'));
}

export async function listPeople(ctx: Ctx, f: { territoryId?: number | undefined; employerUnitId?: number | undefined; q?: string | undefined; sort?: string | undefined }, page: number, pageSize: number) {
  let q = base(ctx);
  if (f.territoryId !== undefined) {
    const t = await findTerritory(ctx.db.kysely, ctx.actor.scope, f.territoryId);
    if (!t) throw AppError.notFound();
    const { from, to } = subtreeRange(t.path);
    q = q.where('person.territory_path', '>=', from).where('person.territory_path', '<', to);
  }
  if (f.employerUnitId !== undefined) q = q.where('person.employer_unit_id', '=', f.employerUnitId);
  if (f.q) q = q.where(containsText('person.name', f.q.trim()));
  const { field, desc } = parseSort(f.sort, 'name');
  const [rows, total] = await Promise.all([
    q
      .orderBy(field === 'createdAt' ? 'person.created_at' : 'person.name', desc ? 'desc' : 'asc')
      .orderBy('person.id')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    q.clearSelect().select(countAll().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map((r) => toDto(r, false)), total: Number(total.n) };
}

export async function getPerson(ctx: Ctx, id: number) {
  const row = await base(ctx).where('person.id', '=', id).executeTakeFirst();
  if (!row) throw AppError.notFound();
  return toDto(row, true);
}

interface PersonInput {
  territoryId?: number | undefined;
  name?: string | undefined;
  gender?: string | null | undefined;
  phone?: string | null | undefined;
  employerUnitId?: number | null | undefined;
  unitPosition?: string | null | undefined;
  inUnitManagement?: boolean | undefined;
  fullMemberSince?: string | null | undefined;
}

async function check(ctx: Ctx, input: PersonInput) {
  const problems = new Problems();
  const k = ctx.db.kysely;
  let territory;
  if (input.territoryId !== undefined) {
    territory = await findTerritory(k, ctx.actor.scope, input.territoryId);
    if (!territory) throw new AppError(404, 'territory_not_found', [{ field: 'territoryId', code: 'territory_not_found' }]);
  }
  if (input.employerUnitId) {
    const unit = await k.selectFrom('unit').select('id').where('id', '=', input.employerUnitId).where(inTerritoryScope(ctx.actor.scope, 'unit', 'territory_path')).executeTakeFirst();
    if (!unit) problems.add('employerUnitId', 'unit_not_found');
  }
  if (input.fullMemberSince && input.fullMemberSince > (await districtContext(ctx)).today) problems.add('fullMemberSince', 'date_in_future');
  problems.throwIfAny();
  return territory;
}

function values(input: PersonInput) {
  return {
    ...(input.name !== undefined && { name: input.name.trim() }),
    ...(input.gender !== undefined && { gender: input.gender }),
    ...(input.phone !== undefined && { phone: input.phone }),
    ...(input.employerUnitId !== undefined && { employer_unit_id: input.employerUnitId }),
    ...(input.unitPosition !== undefined && { unit_position: input.unitPosition }),
    ...(input.inUnitManagement !== undefined && { in_unit_management: input.inUnitManagement ? 1 : 0 }),
    ...(input.fullMemberSince !== undefined && { full_member_since: input.fullMemberSince }),
  };
}

export async function createPerson(ctx: Ctx, input: PersonInput & { territoryId: number; name: string }) {
  const territory = (await check(ctx, input))!;
  const now = ctx.clock.now().toISOString();
  const id = await ctx.db.kysely.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('person')
      .values({
        district_id: territory.district_id,
        territory_id: territory.id,
        territory_path: territory.path,
        name: input.name.trim(),
        in_unit_management: 0,
        ...values(input),
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, ctx, { action: 'person.create', entityType: 'person', entityId: id, scopePath: territory.path, after: { ...input, phone: input.phone ? maskPhone(input.phone) : null } });
    return id;
  });
  return getPerson(ctx, id);
}

export async function updatePerson(ctx: Ctx, id: number, input: PersonInput) {
  const before = await getPerson(ctx, id);
  const territory = await check(ctx, input);
  const row = await ctx.db.kysely.selectFrom('person').select('territory_path').where('id', '=', id).executeTakeFirstOrThrow();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await trx
      .updateTable('person')
      .set({ ...values(input), ...(territory && { territory_id: territory.id, territory_path: territory.path }), updated_at: ctx.clock.now().toISOString() })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, ctx, {
      action: 'person.update',
      entityType: 'person',
      entityId: id,
      scopePath: territory?.path ?? row.territory_path,
      before: { ...before, phone: before.phone ? maskPhone(before.phone) : null },
      after: { ...input, phone: input.phone ? maskPhone(input.phone) : input.phone },
    });
  });
  return getPerson(ctx, id);
}
