import { sql, type Kysely, type SqlBool, type Transaction } from 'kysely';
import { subtreeRange } from '../../domain/paths.js';
import type { Database, Job } from '../../db/schema.js';
import type { Actor } from '../../server/context.js';

export type Q = Kysely<Database> | Transaction<Database>;

/**
 * An import job of this kind the actor may see: in their district, and
 * started by them or by someone whose scope lies within theirs (the district
 * admin sees every job of the district; a street admin the jobs of the
 * street's staff and secretaries).
 */
export function findJobRow(db: Q, actor: Actor, id: number, kind: string): Promise<Job | undefined> {
  const scope = actor.scope;
  let within = sql<SqlBool>`1 = 0`;
  if (scope.territoryPath) {
    // The starter's scope as a territory: their node, or the node of their organization.
    const { from, to } = subtreeRange(scope.territoryPath);
    within = sql<SqlBool>`coalesce(starter_t.path, starter_o.territory_path) >= ${from} and coalesce(starter_t.path, starter_o.territory_path) < ${to}`;
  } else if (scope.partyOrgPath) {
    const { from, to } = subtreeRange(scope.partyOrgPath);
    within = sql<SqlBool>`starter_o.path >= ${from} and starter_o.path < ${to}`;
  }
  return db
    .selectFrom('job')
    .innerJoin('app_user as starter', 'starter.id', 'job.created_by')
    .leftJoin('territory as starter_t', 'starter_t.id', 'starter.scope_territory_id')
    .leftJoin('party_org as starter_o', 'starter_o.id', 'starter.scope_party_org_id')
    .selectAll('job')
    .where('job.id', '=', id)
    .where('job.kind', '=', kind)
    .where('job.district_id', '=', scope.districtId)
    .where((eb) => eb.or([eb('job.created_by', '=', actor.userId), within]))
    .executeTakeFirst();
}
