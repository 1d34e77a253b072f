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
  /** Path of the party organization the user's scope is rooted at (secretaries, members). */
  partyOrgPath: string | null;
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

/** `column` (a path) within the subtree rooted at `path`: a range, so that path indexes serve it. */
export function withinPath(column: string, path: string): Expression<SqlBool> {
  const { from, to } = subtreeRange(path);
  return sql<SqlBool>`(${sql.ref(column)} >= ${from} and ${sql.ref(column)} < ${to})`;
}

export function territoryContains(scope: Scope, path: string): boolean {
  return scope.territoryPath !== null && path.startsWith(scope.territoryPath);
}

/**
 * The filter for rows that belong to a party organization: territory-scoped
 * users see the organizations sitting in their territory; organization-scoped
 * users (secretaries, members) see their organization and those under it.
 * `orgPathColumn` is the row's organization path, `territoryPathColumn` the
 * territory path of that organization.
 */
export function inOrgScope(scope: Scope, table: string, orgPathColumn = 'path', territoryPathColumn = 'territory_path'): Expression<SqlBool> {
  if (scope.territoryPath) return inTerritoryScope(scope, table, territoryPathColumn);
  if (!scope.partyOrgPath) return sql<SqlBool>`1 = 0`;
  const district = sql.ref(`${table}.district_id`);
  const path = sql.ref(`${table}.${orgPathColumn}`);
  const { from, to } = subtreeRange(scope.partyOrgPath);
  return sql<SqlBool>`(${district} = ${scope.districtId} and ${path} >= ${from} and ${path} < ${to})`;
}
