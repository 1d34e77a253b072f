import type { Unit } from '../../db/schema.js';
import { inTerritoryScope, type Scope } from '../../server/scope.js';
import type { Q } from '../imports/queries.js';

export interface Place {
  id: number;
  parent_id: number | null;
  kind: string;
  name: string;
  path: string;
  status: string;
}

/** Every territory node the scope can see (a district has hundreds to a few thousand). */
export function placesInScope(db: Q, scope: Scope): Promise<Place[]> {
  return db
    .selectFrom('territory')
    .select(['id', 'parent_id', 'kind', 'name', 'path', 'status'])
    .where(inTerritoryScope(scope, 'territory', 'path'))
    .orderBy('path')
    .execute();
}

/**
 * The units of the district with these credit codes, in scope or not: the
 * caller decides (an out-of-scope match is reported like a missing one).
 */
export function unitsByCreditCode(db: Q, districtId: number, codes: string[]): Promise<Unit[]> {
  if (!codes.length) return Promise.resolve([]);
  return db.selectFrom('unit').selectAll().where('district_id', '=', districtId).where('credit_code', 'in', codes).execute();
}
