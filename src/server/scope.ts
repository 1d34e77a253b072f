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
 * How a path range is written. `index` (the default) lets a path index serve
 * it. `row` writes the same condition so that no index can (`path || ''`):
 * for a page of a large range in another order, where walking that order's
 * index and checking the path on each row beats reading the range and sorting
 * it — SQLite's planner does not always see that by itself (bench/FINDINGS.md).
 */
export type PathCheck = 'index' | 'row';

function pathRange(column: string, path: string, check: PathCheck): Expression<SqlBool> {
  const { from, to } = subtreeRange(path);
  const value = check === 'row' ? sql`(${sql.ref(column)} || '')` : sql.ref(column);
  return sql<SqlBool>`(${value} >= ${from} and ${value} < ${to})`;
}

/**
 * The filter every scoped query applies: same district, and `pathColumn`
 * within the scope's territory subtree. A scope without a territory matches nothing.
 */
export function inTerritoryScope(scope: Scope, table: string, pathColumn: string, check: PathCheck = 'index'): Expression<SqlBool> {
  const district = sql.ref(`${table}.district_id`);
  if (!scope.territoryPath) return sql<SqlBool>`1 = 0`;
  return sql<SqlBool>`(${district} = ${scope.districtId} and ${pathRange(`${table}.${pathColumn}`, scope.territoryPath, check)})`;
}

/** `column` (a path) within the subtree rooted at `path`. */
export function withinPath(column: string, path: string, check: PathCheck = 'index'): Expression<SqlBool> {
  return pathRange(column, path, check);
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
