import { sql, type Kysely, type SelectQueryBuilder, type Transaction } from 'kysely';
import { pathIds } from '../../domain/paths.js';
import { sizeBandOf, sizeBandRange, type SizeBand } from '../../domain/units.js';
import type { Database } from '../../db/schema.js';
import { containsText, countAll } from '../../db/sql.js';
import { parseSort } from '../../server/schemas.js';
import { inTerritoryScope, withinPath, type PathCheck, type Scope } from '../../server/scope.js';

type Q = Kysely<Database> | Transaction<Database>;

export interface UnitFilterValues {
  withinPath?: string | undefined;
  kind?: string | undefined;
  ownership?: string | undefined;
  industry?: string | undefined;
  sizeBand?: SizeBand | undefined;
  status?: string | undefined;
  coverage?: string | undefined;
  q?: string | undefined;
  sort?: string | undefined;
}

const SORT_COLUMNS = {
  name: 'unit.name',
  employeeCount: 'unit.employee_count',
  surveyedMemberCount: 'unit.surveyed_member_count',
  registeredOn: 'unit.registered_on',
  createdAt: 'unit.created_at',
  updatedAt: 'unit.updated_at',
} as const;

function baseQuery(db: Q, scope: Scope, check: PathCheck = 'index') {
  return db.selectFrom('unit').where(inTerritoryScope(scope, 'unit', 'territory_path', check));
}

/** With the unit's territory, for the columns of a row (counts leave it out: half a million lookups for a district). */
function withTerritory<O>(q: SelectQueryBuilder<Database, 'unit', O>) {
  return q.innerJoin('territory', 'territory.id', 'unit.territory_id').select(COLUMNS);
}

function filtered<O>(q: SelectQueryBuilder<Database, 'unit', O>, f: UnitFilterValues, check: PathCheck = 'index') {
  if (f.withinPath) q = q.where(withinPath('unit.territory_path', f.withinPath, check));
  if (f.kind) q = q.where('unit.kind', '=', f.kind);
  if (f.ownership) q = q.where('unit.ownership', '=', f.ownership);
  if (f.industry) q = q.where('unit.industry', '=', f.industry);
  if (f.status) q = q.where('unit.status', '=', f.status);
  if (f.coverage) q = q.where('unit.coverage', '=', f.coverage);
  if (f.sizeBand) {
    const { min, max } = sizeBandRange(f.sizeBand);
    q = q.where('unit.employee_count', '>=', min);
    if (max !== null) q = q.where('unit.employee_count', '<=', max);
  }
  if (f.q) {
    const text = f.q.trim();
    // Text that could be the start of a credit code also matches codes; anything else only names.
    const codePrefix = /^[0-9A-Za-z]{4,18}$/.test(text) ? text.toUpperCase() : null;
    q = codePrefix
      ? q.where((eb) => eb.or([containsText('unit.name', text), eb('unit.credit_code', 'like', `${codePrefix}%`)]))
      : q.where(containsText('unit.name', text));
  }
  return q;
}

const COLUMNS = [
  'unit.id',
  'unit.territory_id',
  'unit.territory_path',
  'unit.name',
  'unit.credit_code',
  'unit.kind',
  'unit.ownership',
  'unit.industry',
  'unit.employee_count',
  'unit.surveyed_member_count',
  'unit.address',
  'unit.lng',
  'unit.lat',
  'unit.registered_on',
  'unit.status',
  'unit.coverage',
  'unit.closed_on',
  'unit.closed_reason',
  'unit.created_at',
  'unit.updated_at',
  'territory.name as territory_name',
  'territory.kind as territory_kind',
] as const;

type Row = {
  id: number;
  territory_id: number;
  territory_path: string;
  name: string;
  credit_code: string;
  kind: string;
  ownership: string;
  industry: string;
  employee_count: number;
  surveyed_member_count: number;
  address: string | null;
  lng: number | null;
  lat: number | null;
  registered_on: string | null;
  status: string;
  coverage: string;
  closed_on: string | null;
  closed_reason: string | null;
  created_at: string;
  updated_at: string;
  territory_name: string;
  territory_kind: string;
};

/** The street (depth-1 node) a path lies in. */
function streetIdOf(path: string): number | null {
  return pathIds(path)[1] ?? null;
}

async function toDtos(db: Q, rows: Row[]) {
  const streetIds = [...new Set(rows.map((r) => streetIdOf(r.territory_path)).filter((x): x is number => x !== null))];
  const streets = streetIds.length
    ? await db.selectFrom('territory').select(['id', 'name']).where('id', 'in', streetIds).execute()
    : [];
  const names = new Map(streets.map((s) => [s.id, s.name]));
  return rows.map((r) => {
    const streetId = streetIdOf(r.territory_path);
    return {
      id: r.id,
      territoryId: r.territory_id,
      territoryName: r.territory_name,
      territoryKind: r.territory_kind,
      streetId,
      streetName: streetId === null ? null : (names.get(streetId) ?? null),
      name: r.name,
      creditCode: r.credit_code,
      kind: r.kind as never,
      ownership: r.ownership as never,
      industry: r.industry as never,
      employeeCount: r.employee_count,
      sizeBand: sizeBandOf(r.employee_count),
      surveyedMemberCount: r.surveyed_member_count,
      address: r.address,
      lng: r.lng,
      lat: r.lat,
      registeredOn: r.registered_on,
      status: r.status as never,
      coverage: r.coverage as never,
      closedOn: r.closed_on,
      closedReason: r.closed_reason,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    };
  });
}
export type UnitDto = Awaited<ReturnType<typeof toDtos>>[number];

export async function findUnit(db: Q, scope: Scope, id: number): Promise<UnitDto | undefined> {
  const row = await withTerritory(baseQuery(db, scope)).where('unit.id', '=', id).executeTakeFirst();
  return row ? (await toDtos(db, [row]))[0] : undefined;
}

/** Raw row for writes (path needed for audit scope). */
export function findUnitRow(db: Q, scope: Scope, id: number) {
  return db.selectFrom('unit').selectAll().where('id', '=', id).where(inTerritoryScope(scope, 'unit', 'territory_path')).executeTakeFirst();
}

export async function listUnits(db: Q, scope: Scope, f: UnitFilterValues, page: number, pageSize: number) {
  const q = filtered(baseQuery(db, scope), f);
  const { field, desc } = parseSort(f.sort, 'name');
  const column = SORT_COLUMNS[field as keyof typeof SORT_COLUMNS] ?? 'unit.name';
  const total = await countUnits(db, scope, f, q);
  // A page in name order of many units walks the unit_name index (a street of 41k: ≈ 2 ms instead of ≈ 85 ms sorting).
  const check: PathCheck = column === 'unit.name' && total >= WALK_BY_NAME_FROM ? 'row' : 'index';
  const rows = await withTerritory(check === 'row' ? filtered(baseQuery(db, scope, 'row'), f, 'row') : q)
    .orderBy(column, desc ? 'desc' : 'asc')
    .orderBy('unit.id')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  return { items: await toDtos(db, rows), total };
}

/** From this many matching units a page in name order walks names instead of sorting the range. */
const WALK_BY_NAME_FROM = 5000;

/**
 * How many units match: from the coverage counts per territory node when the
 * filters are ones those counts keep (place, status, coverage), else by
 * counting the units (a district: 500k index entries, ≈ 40 ms on SQLite).
 */
async function countUnits<O>(db: Q, scope: Scope, f: UnitFilterValues, q: SelectQueryBuilder<Database, 'unit', O>): Promise<number> {
  const countedByNode = !f.kind && !f.ownership && !f.industry && !f.sizeBand && !f.q;
  if (!countedByNode) return Number((await q.select(countAll().as('n')).executeTakeFirstOrThrow()).n);
  let c = db
    .selectFrom('coverage_count')
    .select(sql<number>`coalesce(sum(n), 0)`.as('n'))
    .where(inTerritoryScope(scope, 'coverage_count', 'territory_path'));
  if (f.withinPath) c = c.where(withinPath('territory_path', f.withinPath));
  if (f.status) c = c.where('status', '=', f.status);
  if (f.coverage) c = c.where('coverage', '=', f.coverage);
  return Number((await c.executeTakeFirstOrThrow()).n);
}

/** Streams every matching unit in id order, by keyset pages, so exports of any size stay flat in memory. */
export async function* eachUnit(db: Q, scope: Scope, f: UnitFilterValues, batch = 2000) {
  let after = 0;
  for (;;) {
    const rows = await withTerritory(filtered(baseQuery(db, scope), f))
      .where('unit.id', '>', after)
      .orderBy('unit.id')
      .limit(batch)
      .execute();
    yield* await toDtos(db, rows);
    if (rows.length < batch) return;
    after = rows[rows.length - 1]!.id;
  }
}

export function creditCodeTaken(db: Q, districtId: number, creditCode: string, exceptId?: number) {
  let q = db.selectFrom('unit').select('id').where('district_id', '=', districtId).where('credit_code', '=', creditCode);
  if (exceptId !== undefined) q = q.where('id', '!=', exceptId);
  return q.executeTakeFirst().then(Boolean);
}
