import { sql, type Expression, type SqlBool } from 'kysely';
import { subtreeRange } from '../domain/paths.js';

/**
 * What a user may see: a district and, within it, a territory subtree (admins,
 * instructors) or a party-organization subtree (secretaries, members...).
 * Queries never take a bare id from a request without one of these filters.
 */
export interface Scope {
  districtId: number;
  /** Path of the territory node the user's scope is rooted at, or null if not territory-scoped. */
  territoryPath: string | null;
  partyOrgId: number | null;
}

/**
 * The filter every scoped query applies: same district, and `pathColumn`
 * within the scope's territory subtree. A scope without a territory matches nothing.
 */
export function inTerritoryScope(scope: Scope, table: string, pathColumn: string): Expression<SqlBool> {
  const district = sql.ref(`${table}.district_id`);
  if (!scope.territoryPath) return sql<SqlBool>`1 = 0`;
  const path = sql.ref(`${table}.${pathColumn}`);
  const { from, to } = subtreeRange(scope.territoryPath);
  return sql<SqlBool>`(${district} = ${scope.districtId} and ${path} >= ${from} and ${path} < ${to})`;
}

export function territoryContains(scope: Scope, path: string): boolean {
  return scope.territoryPath !== null && path.startsWith(scope.territoryPath);
}
