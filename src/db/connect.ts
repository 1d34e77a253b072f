import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';

export type Dialect = 'sqlite' | 'postgres';

export interface Db {
  kysely: Kysely<Database>;
  dialect: Dialect;
  /** Where files of this installation live (secret key, uploads): beside the SQLite file, or ./data. */
  dataDir: string;
  close(): Promise<void>;
}

// int8 (count(*), bigint ids) as numbers: our ids and counts stay far below 2^53.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));
// numeric (e.g. coordinates computed in SQL) as numbers.
pg.types.setTypeParser(1700, (v) => Number.parseFloat(v));

export const DEFAULT_DATABASE_URL = 'sqlite:./data/cohesion.db';

export function dialectOf(url: string): Dialect {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return 'postgres';
  if (url.startsWith('sqlite:')) return 'sqlite';
  throw new Error(`DATABASE_URL must start with sqlite: or postgres:// (got ${url})`);
}

export function connect(url: string = DEFAULT_DATABASE_URL, opts: { dataDir?: string } = {}): Db {
  const dialect = dialectOf(url);
  if (dialect === 'postgres') {
    const pool = new pg.Pool({ connectionString: url, max: 10 });
    const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { kysely, dialect, dataDir: resolve(opts.dataDir ?? 'data'), close: () => kysely.destroy() };
  }
  const file = url.slice('sqlite:'.length);
  const inMemory = file === ':memory:' || file === '';
  if (!inMemory) mkdirSync(dirname(resolve(file)), { recursive: true });
  const sqlite = new SQLite(inMemory ? ':memory:' : file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  const dataDir = resolve(opts.dataDir ?? (inMemory ? 'data' : dirname(resolve(file))));
  return { kysely, dialect, dataDir, close: () => kysely.destroy() };
}
