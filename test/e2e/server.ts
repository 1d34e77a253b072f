/**
 * The real server on the fixture district, for browser tests and manual
 * checks: a fresh SQLite file in a temp folder, migrated, the fixture loaded
 * (test/support/fixture.ts: admin, street1, street2... password
 * test-password-1), listening on 127.0.0.1.
 *
 *   npx tsx test/e2e/server.ts            # port 3100 (PORT=... to change)
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SettableClock, type Clock } from '../../src/domain/clock.js';
import { connect, type Db } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import type { Api } from '../../src/server/api.js';
import { buildApp } from '../../src/server/app.js';
import { loadFixture, NOW, TEST_PASSWORD, type Fixture } from '../support/fixture.js';

export { NOW, TEST_PASSWORD };

export const WEB_DIR = 'dist/web';

export interface FixtureServer {
  url: string;
  app: Api;
  db: Db;
  fx: Fixture;
  dir: string;
  close(): Promise<void>;
}

export function assertWebBuilt(webDir = WEB_DIR): void {
  if (!existsSync(resolve(webDir, 'index.html'))) {
    throw new Error(
      `${webDir}/index.html is missing: build the web app first with \`npm run build:web\` (\`npm test\` does it in its pretest step).`,
    );
  }
}

export async function startFixtureServer(opts: { port?: number; clock?: Clock; webDir?: string } = {}): Promise<FixtureServer> {
  const webDir = opts.webDir ?? WEB_DIR;
  assertWebBuilt(webDir);
  const dir = mkdtempSync(join(tmpdir(), 'cohesion-e2e-'));
  const db = connect(`sqlite:${join(dir, 'cohesion.db')}`);
  try {
    await migrateToLatest(db);
    const fx = await loadFixture(db);
    const app = await buildApp({ db, clock: opts.clock ?? new SettableClock(NOW), webDir });
    const url = await app.listen({ port: opts.port ?? 0, host: '127.0.0.1' });
    return {
      url,
      app,
      db,
      fx,
      dir,
      async close() {
        await app.close();
        await db.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  // A clock that starts at the fixture's "now" and runs, so audit times differ.
  const start = Date.parse(NOW) - Date.now();
  const server = await startFixtureServer({ port: Number(process.env.PORT ?? 3100), clock: { now: () => new Date(Date.now() + start) } });
  console.log(`Fixture district at ${server.url} — log in as admin / street1 / street2, password ${TEST_PASSWORD}`);
  const stop = async () => {
    await server.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}
