import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { connect, type Db, type Dialect } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrate.js';

/** The dialects this run can test: SQLite always, PostgreSQL when the global setup started it. */
export function dialects(): Dialect[] {
  return inject('pgUrl') ? ['sqlite', 'postgres'] : ['sqlite'];
}

/**
 * A fresh, migrated, empty database of the given dialect, private to the
 * caller. `file`: SQLite in a temporary file instead of memory (what a server
 * runs on: a second connection can open it, see Db.reopen); removed on close.
 */
export async function freshDb(dialect: Dialect, opts: { file?: boolean } = {}): Promise<Db> {
  let db: Db;
  if (dialect === 'sqlite' && opts.file) {
    const dir = mkdtempSync(join(tmpdir(), 'cohesion-test-'));
    const fileDb = connect(`sqlite:${join(dir, 'test.db')}`, { dataDir: dir });
    db = {
      ...fileDb,
      close: async () => {
        await fileDb.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } else if (dialect === 'sqlite') {
    db = connect('sqlite::memory:');
  } else {
    const adminUrl = inject('pgUrl');
    if (!adminUrl) throw new Error('PostgreSQL is not running for this test run');
    const name = `cohesion_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    db = connect(url.toString());
  }
  await migrateToLatest(db);
  return db;
}
