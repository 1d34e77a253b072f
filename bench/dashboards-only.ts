/**
 * The dashboards alone, against a database seeded already (e.g. by `cohesion
 * seed --preset city`), for before/after probes of a change:
 * `npx tsx bench/dashboards-only.ts --db URL --data-dir DIR [--password P]
 * [--iterations N] [--only 'worklist,org list']`. Applies pending migrations
 * first (timed), then prints each endpoint's p50/p95 at the three places.
 */
import { parseArgs } from 'node:util';
import { systemClock } from '../src/domain/clock.js';
import { connect } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { buildApp } from '../src/server/app.js';
import { loadVault } from '../src/server/crypto.js';
import { findPlaces, measureDashboards } from './dashboards.js';

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    'data-dir': { type: 'string' },
    password: { type: 'string', default: 'cohesion-demo' },
    iterations: { type: 'string', default: '20' },
    only: { type: 'string' },
  },
});
const db = connect(values.db!, { dataDir: values['data-dir'] });
try {
  const t0 = performance.now();
  const applied = await migrateToLatest(db);
  if (applied.length) console.log(`migrations ${applied.join(', ')} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const app = await buildApp({ db, vault: loadVault(db.dataDir), webDir: null, clock: systemClock });
  await app.ready();
  const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: values.password } });
  if (login.statusCode !== 200) throw new Error(`login: ${login.statusCode} ${login.body}`);
  const cookie = `cohesion_sid=${login.cookies.find((c) => c.name === 'cohesion_sid')!.value}`;
  const places = await findPlaces(db.kysely);
  const only = values.only?.split(',').map((s) => s.trim());
  await measureDashboards(app, cookie, places, {
    iterations: Number(values.iterations),
    smoke: false,
    log: (line) => console.log(line),
    only: only ? (key) => only.some((o) => key.includes(o)) : undefined,
  });
  await app.close();
} finally {
  await db.close();
}
