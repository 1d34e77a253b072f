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
  /** SQLite: the connection's own handle, for bulk writes (src/db/bulk.ts) inside a Kysely transaction on it. */
  sqlite?: SQLite.Database;
  /**
   * SQLite files: a second connection to the same database. A long write
   * (an import job) runs on its own connection so that the server's
   * connection keeps reading meanwhile (WAL: readers don't wait for the writer).
   */
  reopen?: () => Db;
  close(): Promise<void>;
}

// int8 (count(*), bigint ids) as numbers: our ids and counts stay far below 2^53.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));
// numeric (e.g. coordinates computed in SQL) as numbers.
pg.types.setTypeParser(1700, (v) => Number.parseFloat(v));

const longWrites = new WeakMap<Kysely<Database>, number>();

/** Marks a long write on another connection to this database as started (+1) or ended (-1): see `longWriteUnderway`. */
export function markLongWrite(kysely: Kysely<Database>, delta: 1 | -1): void {
  longWrites.set(kysely, Math.max(0, (longWrites.get(kysely) ?? 0) + delta));
}

/** Whether a long write (an import job) holds SQLite's write lock: writes that can wait (session touches) skip meanwhile. */
export function longWriteUnderway(kysely: Kysely<Database>): boolean {
  return (longWrites.get(kysely) ?? 0) > 0;
}

export const DEFAULT_DATABASE_URL = 'sqlite:./data/cohesion.db';

export function dialectOf(url: string): Dialect {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return 'postgres';
  if (url.startsWith('sqlite:')) return 'sqlite';
  throw new Error(`DATABASE_URL must start with sqlite: or postgres:// (got ${url})`);
}

export function connect(url: string = DEFAULT_DATABASE_URL, opts: { dataDir?: string } = {}): Db {
  const dialect = dialectOf(url);
  if (dialect === 'postgres') {
    // JIT off: PostgreSQL compiles a query whose estimated cost is high, and for the
    // dashboards at city scale the compilation took longer than the query (the street's
    // coverage trend: 1.8 s of JIT in 2.1 s; bench/FINDINGS.md). An OLTP app gains nothing from it.
    // work_mem 32 MB: the city district's trend grouped 46k units on disk with the default 4 MB (1.05 → 0.75 s).
    // Ten connections: a pool of 5 was tried against the server's memory and did not lower it (bench/FINDINGS.md).
    const pool = new pg.Pool({ connectionString: url, max: 10, options: '-c jit=off -c work_mem=32MB' });
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
  // 64 MB of page cache instead of SQLite's 2 MB: a city-sized database's indexes
  // are written and read far more often than they fit in 2 MB (bench/RESULTS.md).
  sqlite.pragma('cache_size = -65536');
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  const dataDir = resolve(opts.dataDir ?? (inMemory ? 'data' : dirname(resolve(file))));
  return {
    kysely,
    dialect,
    dataDir,
    sqlite,
    ...(!inMemory && { reopen: () => connect(url, opts) }),
    close: () => kysely.destroy(),
  };
}
