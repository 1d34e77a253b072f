import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, Territory } from '../../db/schema.js';
import { inTerritoryScope, type Scope } from '../../server/scope.js';
import { pathIds, subtreeRange } from '../../domain/paths.js';
import { parseSort } from '../../server/schemas.js';
import { containsText } from '../../db/sql.js';

type Q = Kysely<Database> | Transaction<Database>;

export function toTerritoryDto(t: Territory) {
  return {
    id: t.id,
    parentId: t.parent_id,
    kind: t.kind as never,
    name: t.name,
    code: t.code,
    address: t.address,
    lng: t.lng,
    lat: t.lat,
    path: t.path,
    depth: t.depth,
    status: t.status as 'active' | 'closed',
    closedAt: t.closed_at,
    closedReason: t.closed_reason,
    createdAt: t.created_at,
    updatedAt: t.updated_at,
  };
}

/** A territory node the scope can see, or undefined (callers answer 404). */
export function findTerritory(db: Q, scope: Scope, id: number) {
  return db
    .selectFrom('territory')
    .selectAll()
    .where('id', '=', id)
    .where(inTerritoryScope(scope, 'territory', 'path'))
    .executeTakeFirst();
}

export async function treeOf(db: Q, scope: Scope, rootPath: string, includeClosed: boolean) {
  const { from, to } = subtreeRange(rootPath);
  let q = db
    .selectFrom('territory')
    .select(['id', 'parent_id', 'kind', 'name', 'status', 'depth', 'lng', 'lat'])
    .where(inTerritoryScope(scope, 'territory', 'path'))
    .where('path', '>=', from)
    .where('path', '<', to);
  if (!includeClosed) q = q.where('status', '=', 'active');
  const [nodes, counts] = await Promise.all([
    q.orderBy('depth').orderBy('name').execute(),
    db
      .selectFrom('unit')
      .select(['territory_path', 'status', sql<number>`count(*)`.as('n')])
      .where(inTerritoryScope(scope, 'unit', 'territory_path'))
      .where('territory_path', '>=', from)
      .where('territory_path', '<', to)
      // By path and status, the order of the unit_path index, with the status filtered below: counted
      // from the index alone, without reading every unit of the subtree (a city district: 500k).
      .groupBy(['territory_path', 'status'])
      .execute(),
  ]);
  const byId = new Map<number, number>();
  for (const c of counts) if (c.status === 'operating') byId.set(pathIds(c.territory_path).at(-1)!, Number(c.n));
  return nodes.map((n) => ({
    id: n.id,
    parentId: n.parent_id,
    kind: n.kind as never,
    name: n.name,
    status: n.status,
    depth: n.depth,
    lng: n.lng,
    lat: n.lat,
    unitCount: byId.get(n.id) ?? 0,
  }));
}

export interface TerritoryFilters {
  page: number;
  pageSize: number;
  sort?: string | undefined;
  parentId?: number | undefined;
  withinPath?: string | undefined;
  kind?: string | undefined;
  status?: string | undefined;
  q?: string | undefined;
}

const SORT_COLUMNS = { name: 'name', kind: 'kind', createdAt: 'created_at' } as const;

export async function listTerritories(db: Q, scope: Scope, f: TerritoryFilters) {
  let q = db.selectFrom('territory').where(inTerritoryScope(scope, 'territory', 'path'));
  if (f.parentId !== undefined) q = q.where('parent_id', '=', f.parentId);
  if (f.withinPath) {
    const { from, to } = subtreeRange(f.withinPath);
    q = q.where('path', '>=', from).where('path', '<', to);
  }
  if (f.kind) q = q.where('kind', '=', f.kind);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.q) q = q.where(containsText('territory.name', f.q));
  const { field, desc } = parseSort(f.sort, 'name');
  const column = SORT_COLUMNS[field as keyof typeof SORT_COLUMNS] ?? 'name';
  const [rows, total] = await Promise.all([
    q
      .selectAll()
      .orderBy(column, desc ? 'desc' : 'asc')
      .orderBy('id')
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute(),
    q.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(toTerritoryDto), total: Number(total.n) };
}

