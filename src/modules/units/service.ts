import { creditCodeProblem, normalizeCreditCode } from '../../domain/ids.js';
import { canHoldUnits, type TerritoryKind } from '../../domain/territory.js';
import type { Territory, Unit } from '../../db/schema.js';
import type { Ctx } from '../../server/context.js';
import { AppError, Problems } from '../../server/errors.js';
import { recordAudit } from '../audit/record.js';
import { findTerritory } from '../territory/queries.js';
import { creditCodeTaken, findUnit, findUnitRow } from './queries.js';

export interface UnitInput {
  territoryId: number;
  name: string;
  creditCode: string;
  kind: string;
  ownership: string;
  industry: string;
  employeeCount: number;
  surveyedMemberCount?: number | undefined;
  address?: string | null | undefined;
  lng?: number | null | undefined;
  lat?: number | null | undefined;
  registeredOn?: string | null | undefined;
}

const CREDIT_PROBLEM_CODES = {
  length: 'credit_code_length',
  character: 'credit_code_character',
  check: 'credit_code_check',
} as const;

/**
 * Checks what the schema cannot: the credit code's check character and
 * uniqueness, the territory (exists, in scope, open, may hold units), dates.
 * Every problem is reported at once.
 */
async function checkUnit(ctx: Ctx, input: Partial<UnitInput>, exceptId?: number): Promise<Territory | undefined> {
  const problems = new Problems();
  let territory: Territory | undefined;
  if (input.creditCode !== undefined) {
    const code = normalizeCreditCode(input.creditCode);
    const problem = creditCodeProblem(code);
    if (problem) problems.add('creditCode', CREDIT_PROBLEM_CODES[problem]);
    else if (await creditCodeTaken(ctx.db.kysely, ctx.actor.scope.districtId, code, exceptId)) {
      problems.add('creditCode', 'credit_code_taken');
    }
  }
  if (input.territoryId !== undefined) {
    territory = await findTerritory(ctx.db.kysely, ctx.actor.scope, input.territoryId);
    // Out of scope looks exactly like nonexistent: 404, revealing nothing.
    if (!territory) throw new AppError(404, 'territory_not_found', [{ field: 'territoryId', code: 'territory_not_found' }]);
    if (territory.status !== 'active') problems.add('territoryId', 'territory_closed');
    else if (!canHoldUnits(territory.kind as TerritoryKind)) problems.add('territoryId', 'territory_cannot_hold_units');
  }
  if (input.registeredOn && input.registeredOn > ctx.clock.now().toISOString().slice(0, 10)) {
    problems.add('registeredOn', 'date_in_future');
  }
  if (input.name !== undefined && input.name.trim().length < 2) problems.add('name', 'too_short', { limit: 2 });
  problems.throwIfAny();
  return territory;
}

function rowValues(input: Partial<UnitInput>) {
  return {
    ...(input.name !== undefined && { name: input.name.trim() }),
    ...(input.creditCode !== undefined && { credit_code: normalizeCreditCode(input.creditCode) }),
    ...(input.kind !== undefined && { kind: input.kind }),
    ...(input.ownership !== undefined && { ownership: input.ownership }),
    ...(input.industry !== undefined && { industry: input.industry }),
    ...(input.employeeCount !== undefined && { employee_count: input.employeeCount }),
    ...(input.surveyedMemberCount !== undefined && { surveyed_member_count: input.surveyedMemberCount }),
    ...(input.address !== undefined && { address: input.address }),
    ...(input.lng !== undefined && { lng: input.lng }),
    ...(input.lat !== undefined && { lat: input.lat }),
    ...(input.registeredOn !== undefined && { registered_on: input.registeredOn }),
  };
}

export async function getUnit(ctx: Ctx, id: number) {
  const unit = await findUnit(ctx.db.kysely, ctx.actor.scope, id);
  if (!unit) throw AppError.notFound();
  return unit;
}

export async function createUnit(ctx: Ctx, input: UnitInput) {
  const territory = (await checkUnit(ctx, input))!;
  const now = ctx.clock.now().toISOString();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('unit')
      .values({
        district_id: territory.district_id,
        territory_id: territory.id,
        territory_path: territory.path,
        name: input.name.trim(),
        credit_code: normalizeCreditCode(input.creditCode),
        kind: input.kind,
        ownership: input.ownership,
        industry: input.industry,
        employee_count: input.employeeCount,
        surveyed_member_count: input.surveyedMemberCount ?? 0,
        address: input.address ?? null,
        lng: input.lng ?? null,
        lat: input.lat ?? null,
        registered_on: input.registeredOn ?? null,
        status: 'operating',
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const after = (await findUnit(trx, ctx.actor.scope, id))!;
    await recordAudit(trx, ctx, { action: 'unit.create', entityType: 'unit', entityId: id, scopePath: territory.path, after });
    return after;
  });
}

async function writableUnit(ctx: Ctx, id: number): Promise<Unit> {
  const row = await findUnitRow(ctx.db.kysely, ctx.actor.scope, id);
  if (!row) throw AppError.notFound();
  return row;
}

export async function updateUnit(ctx: Ctx, id: number, input: Partial<UnitInput>) {
  const row = await writableUnit(ctx, id);
  const territory = await checkUnit(ctx, input, id);
  const before = (await findUnit(ctx.db.kysely, ctx.actor.scope, id))!;
  const now = ctx.clock.now().toISOString();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    await trx
      .updateTable('unit')
      .set({
        ...rowValues(input),
        ...(territory && { territory_id: territory.id, territory_path: territory.path }),
        updated_at: now,
      })
      .where('id', '=', id)
      .execute();
    const after = (await findUnit(trx, ctx.actor.scope, id))!;
    await recordAudit(trx, ctx, {
      action: 'unit.update',
      entityType: 'unit',
      entityId: id,
      scopePath: territory?.path ?? row.territory_path,
      before,
      after,
    });
    return after;
  });
}

/** Closes a unit (deregistered, moved away...). Units are never deleted. */
export async function closeUnit(ctx: Ctx, id: number, reason: string, closedOn: string | undefined) {
  const row = await writableUnit(ctx, id);
  if (row.status === 'closed') throw AppError.conflict([{ field: 'status', code: 'already_closed' }]);
  const today = ctx.clock.now().toISOString().slice(0, 10);
  const on = closedOn ?? today;
  const problems = new Problems();
  if (on > today) problems.add('closedOn', 'date_in_future');
  if (row.registered_on && on < row.registered_on) problems.add('closedOn', 'date_order', { after: row.registered_on });
  problems.throwIfAny();
  const now = ctx.clock.now().toISOString();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    await trx
      .updateTable('unit')
      .set({ status: 'closed', closed_on: on, closed_reason: reason, updated_at: now })
      .where('id', '=', id)
      .execute();
    const after = (await findUnit(trx, ctx.actor.scope, id))!;
    await recordAudit(trx, ctx, {
      action: 'unit.close',
      entityType: 'unit',
      entityId: id,
      scopePath: row.territory_path,
      before: { status: row.status },
      after: { status: 'closed', closedOn: on, reason },
    });
    return after;
  });
}
