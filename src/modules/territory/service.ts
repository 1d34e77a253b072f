import { sql } from 'kysely';
import { childPath, depthOf, subtreeRange } from '../../domain/paths.js';
import { canNest, type TerritoryKind } from '../../domain/territory.js';
import type { Territory } from '../../db/schema.js';
import type { Ctx } from '../../server/context.js';
import { AppError } from '../../server/errors.js';
import { recordAudit } from '../audit/record.js';
import { findTerritory, toTerritoryDto, treeOf } from './queries.js';

/**
 * A node the caller may change: visible, and not the root of their own scope
 * (a street admin manages what is in the street; the district manages the street itself).
 */
async function writableNode(ctx: Ctx, id: number): Promise<Territory> {
  const node = await findTerritory(ctx.db.kysely, ctx.actor.scope, id);
  if (!node) throw AppError.notFound();
  if (node.path === ctx.actor.scope.territoryPath) throw AppError.forbidden();
  return node;
}

async function parentFor(ctx: Ctx, parentId: number, field = 'parentId'): Promise<Territory> {
  const parent = await findTerritory(ctx.db.kysely, ctx.actor.scope, parentId);
  if (!parent) throw new AppError(404, 'territory_not_found', [{ field, code: 'territory_not_found' }]);
  if (parent.status !== 'active') throw AppError.validation([{ field, code: 'territory_closed' }]);
  return parent;
}

export async function getTree(ctx: Ctx, rootId: number | undefined, includeClosed: boolean) {
  const scope = ctx.actor.scope;
  let rootPath = scope.territoryPath;
  if (rootId !== undefined) {
    const root = await findTerritory(ctx.db.kysely, scope, rootId);
    if (!root) throw AppError.notFound();
    rootPath = root.path;
  }
  if (!rootPath) return { items: [] };
  return { items: await treeOf(ctx.db.kysely, scope, rootPath, includeClosed) };
}

export async function getTerritory(ctx: Ctx, id: number) {
  const node = await findTerritory(ctx.db.kysely, ctx.actor.scope, id);
  if (!node) throw AppError.notFound();
  return toTerritoryDto(node);
}

export interface CreateTerritoryInput {
  parentId: number;
  kind: TerritoryKind;
  name: string;
  code?: string | null | undefined;
  address?: string | null | undefined;
  lng?: number | null | undefined;
  lat?: number | null | undefined;
}

export async function createTerritory(ctx: Ctx, input: CreateTerritoryInput) {
  const parent = await parentFor(ctx, input.parentId);
  if (!canNest(input.kind, parent.kind as TerritoryKind)) {
    throw AppError.validation([{ field: 'kind', code: 'territory_bad_parent', params: { kind: input.kind, parentKind: parent.kind } }]);
  }
  const now = ctx.clock.now().toISOString();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('territory')
      .values({
        district_id: parent.district_id,
        parent_id: parent.id,
        kind: input.kind,
        name: input.name.trim(),
        code: input.code ?? null,
        address: input.address ?? null,
        lng: input.lng ?? null,
        lat: input.lat ?? null,
        path: '', // set below, once the id is known
        depth: parent.depth + 1,
        status: 'active',
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const path = childPath(parent.path, id);
    await trx.updateTable('territory').set({ path }).where('id', '=', id).execute();
    const created = await trx.selectFrom('territory').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const dto = toTerritoryDto(created);
    await recordAudit(trx, ctx, { action: 'territory.create', entityType: 'territory', entityId: id, scopePath: path, after: dto });
    return dto;
  });
}

export type UpdateTerritoryInput = Partial<Pick<CreateTerritoryInput, 'name' | 'code' | 'address' | 'lng' | 'lat'>>;

export async function updateTerritory(ctx: Ctx, id: number, input: UpdateTerritoryInput) {
  const node = await writableNode(ctx, id);
  const before = toTerritoryDto(node);
  const now = ctx.clock.now().toISOString();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    await trx
      .updateTable('territory')
      .set({
        ...(input.name !== undefined && { name: input.name.trim() }),
        ...(input.code !== undefined && { code: input.code }),
        ...(input.address !== undefined && { address: input.address }),
        ...(input.lng !== undefined && { lng: input.lng }),
        ...(input.lat !== undefined && { lat: input.lat }),
        updated_at: now,
      })
      .where('id', '=', id)
      .execute();
    const after = toTerritoryDto(await trx.selectFrom('territory').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
    await recordAudit(trx, ctx, { action: 'territory.update', entityType: 'territory', entityId: id, scopePath: node.path, before, after });
    return after;
  });
}

/** Moves a node and its whole subtree (and the units in it) under a new parent. */
export async function moveTerritory(ctx: Ctx, id: number, parentId: number) {
  const node = await writableNode(ctx, id);
  const parent = await parentFor(ctx, parentId);
  if (parent.path.startsWith(node.path)) {
    throw AppError.validation([{ field: 'parentId', code: 'territory_move_into_self' }]);
  }
  if (!canNest(node.kind as TerritoryKind, parent.kind as TerritoryKind)) {
    throw AppError.validation([{ field: 'parentId', code: 'territory_bad_parent', params: { kind: node.kind, parentKind: parent.kind } }]);
  }
  const oldPath = node.path;
  const newPath = childPath(parent.path, node.id);
  const delta = depthOf(newPath) - depthOf(oldPath);
  const { from, to } = subtreeRange(oldPath);
  const cut = oldPath.length + 1;
  const now = ctx.clock.now().toISOString();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    await trx
      .updateTable('territory')
      .set({
        path: sql`${newPath} || substr(path, ${cut})`,
        depth: sql`depth + ${delta}`,
        updated_at: now,
      })
      .where('district_id', '=', node.district_id)
      .where('path', '>=', from)
      .where('path', '<', to)
      .execute();
    await trx.updateTable('territory').set({ parent_id: parent.id }).where('id', '=', id).execute();
    await trx
      .updateTable('unit')
      .set({ territory_path: sql`${newPath} || substr(territory_path, ${cut})` })
      .where('district_id', '=', node.district_id)
      .where('territory_path', '>=', from)
      .where('territory_path', '<', to)
      .execute();
    const after = toTerritoryDto(await trx.selectFrom('territory').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
    await recordAudit(trx, ctx, {
      action: 'territory.move',
      entityType: 'territory',
      entityId: id,
      scopePath: newPath,
      before: { parentId: node.parent_id, path: oldPath },
      after: { parentId: parent.id, path: newPath },
    });
    return after;
  });
}

/** Closes a node that has nothing open under it; nodes are never deleted. */
export async function closeTerritory(ctx: Ctx, id: number, reason: string) {
  const node = await writableNode(ctx, id);
  if (node.status === 'closed') throw AppError.conflict([{ field: 'status', code: 'already_closed' }]);
  const { from, to } = subtreeRange(node.path);
  const openChild = await ctx.db.kysely
    .selectFrom('territory')
    .select('id')
    .where('parent_id', '=', id)
    .where('status', '=', 'active')
    .executeTakeFirst();
  const openUnit = await ctx.db.kysely
    .selectFrom('unit')
    .select('id')
    .where('district_id', '=', node.district_id)
    .where('territory_path', '>=', from)
    .where('territory_path', '<', to)
    .where('status', '=', 'operating')
    .executeTakeFirst();
  if (openChild || openUnit) throw AppError.conflict([{ field: 'status', code: 'territory_has_open_children' }]);
  const now = ctx.clock.now().toISOString();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    await trx
      .updateTable('territory')
      .set({ status: 'closed', closed_at: now, closed_reason: reason, updated_at: now })
      .where('id', '=', id)
      .execute();
    const after = toTerritoryDto(await trx.selectFrom('territory').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
    await recordAudit(trx, ctx, {
      action: 'territory.close',
      entityType: 'territory',
      entityId: id,
      scopePath: node.path,
      before: { status: node.status },
      after: { status: 'closed', reason },
    });
    return after;
  });
}

