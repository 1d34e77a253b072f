import { PostgresAdapter, sql, type Expression, type Kysely, type SqlBool, type Transaction } from 'kysely';
import type { Dialect } from './connect.js';
import type { Database } from './schema.js';

/** The database behind a connection or transaction, for SQL that differs between the two. */
export function dialectOfQuery(q: Kysely<Database> | Transaction<Database>): Dialect {
  return q.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Case-insensitive substring match that treats % and _ in the user's text
 * literally, on both dialects (SQLite has no default LIKE escape character).
 * Works for Chinese substrings of any length.
 */
export function containsText(column: string, text: string): Expression<SqlBool> {
  const pattern = `%${escapeLike(text.toLowerCase())}%`;
  return sql<SqlBool>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`;
}

export function countAll() {
  return sql<number>`count(*)`;
}

/**
 * Refreshes the planner's statistics (SQLite's sqlite_stat1/sqlite_stat4,
 * PostgreSQL's pg_statistic) after a bulk load. Without them SQLite cannot
 * tell a district-wide territory range from an area's and keeps the path
 * index for both (bench/FINDINGS.md); PostgreSQL's autovacuum gets there
 * eventually, but not before the first queries of a freshly loaded district.
 */
export async function refreshPlannerStatistics(db: Kysely<Database>, tables?: readonly (keyof Database & string)[]): Promise<void> {
  if (!tables) await sql`analyze`.execute(db);
  else for (const t of tables) await sql`analyze ${sql.table(t)}`.execute(db);
}
