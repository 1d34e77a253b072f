import { sql, type Expression, type SqlBool } from 'kysely';

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
