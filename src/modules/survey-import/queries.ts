import type { Kysely, Transaction } from 'kysely';
import type { Database, Job, Unit } from '../../db/schema.js';
import type { Actor } from '../../server/context.js';
import { inTerritoryScope, type Scope } from '../../server/scope.js';

export type Q = Kysely<Database> | Transaction<Database>;

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

/**
 * A job the actor may see: in their district, and started by them — or any
 * job of the district for the district admin.
 */
export function findJobRow(db: Q, actor: Actor, id: number): Promise<Job | undefined> {
  let q = db.selectFrom('job').selectAll().where('id', '=', id).where('district_id', '=', actor.scope.districtId);
  if (actor.role !== 'district_admin') q = q.where('created_by', '=', actor.userId);
  return q.executeTakeFirst();
}
