/**
 * The roster import alone, for profiling (`node --import tsx --cpu-prof
 * bench/import-only.ts --rows 100000 [--db postgres://...]`): a demo district
 * in a temporary SQLite database, N roster rows through the real import API,
 * the job polled to its end, seconds and rows/s printed.
 * `--seeded DIR --db URL`: import into a database seeded already (e.g. by
 * `cohesion seed --preset city`), whose vault key is in DIR; `--password` is
 * its admin's (default: the CLI's demo password); `--from N` numbers the rows
 * from N, so that a second import into the same database writes new people.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { systemClock } from '../src/domain/clock.js';
import { connect } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { seedDemo } from '../src/db/demo/generate.js';
import { buildApp } from '../src/server/app.js';
import { loadVault } from '../src/server/crypto.js';
import { insertCeiling, writeRosterCsv } from './roster.js';

const { values } = parseArgs({
  options: { rows: { type: 'string', default: '100000' }, db: { type: 'string' }, seeded: { type: 'string' }, password: { type: 'string' }, from: { type: 'string', default: '0' } },
});
const rows = Number(values.rows);
const dir = values.seeded ?? mkdtempSync(join(tmpdir(), 'cohesion-import-'));
const password = values.password ?? (values.seeded ? 'cohesion-demo' : 'bench-password-1');
const db = connect(values.db ?? `sqlite:${join(dir, 'c.db')}`, { dataDir: dir });
try {
  await migrateToLatest(db);
  if (!values.seeded) await seedDemo(db, { preset: 'demo', seed: 1, password, clock: systemClock, vault: loadVault(dir) });
  const orgs = await db.kysely.selectFrom('party_org').select('name').where('status', '=', 'active').where('kind', 'in', ['branch', 'joint_branch']).groupBy('name').having((eb) => eb.fn.countAll(), '=', 1).orderBy('name').limit(200).execute();
  const csv = join(dir, 'roster.csv');
  await writeRosterCsv(csv, rows, orgs.map((o) => o.name), Number(values.from));
  const app = await buildApp({ db, vault: loadVault(dir), webDir: null, clock: systemClock });
  await app.ready();
  const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password } });
  const cookie = `cohesion_sid=${login.cookies.find((c) => c.name === 'cohesion_sid')!.value}`;
  const t0 = performance.now();
  const res = await app.inject({ method: 'POST', url: '/api/v1/member-imports', headers: { cookie, 'x-csrf-token': login.json().csrfToken, 'content-type': 'text/csv' }, payload: readFileSync(csv) });
  let job = res.json();
  const jobId = job.jobId;
  let lastPhase = '';
  while (res.statusCode === 202) {
    job = (await app.inject({ method: 'GET', url: `/api/v1/member-imports/jobs/${jobId}`, headers: { cookie } })).json();
    if (job.phase !== lastPhase) console.log(`${((performance.now() - t0) / 1000).toFixed(1)} s ${job.phase}`), (lastPhase = job.phase);
    if (job.status !== 'running') break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const s = (performance.now() - t0) / 1000;
  console.log(`${rows} rows in ${s.toFixed(1)} s: ${Math.round(rows / s)} rows/s; status ${job.status ?? res.statusCode}`);
  writeFileSync(join(tmpdir(), 'cohesion-import-last.json'), JSON.stringify(job).slice(0, 2000));
  const ceiling = await insertCeiling(db, loadVault(dir), rows, orgs.map((o) => o.name));
  console.log(`ceiling ${Math.round(ceiling.rowsPerSecond)} rows/s: ratio ${(rows / s / ceiling.rowsPerSecond).toFixed(3)}`);
  await app.close();
} finally {
  await db.close();
  if (!values.seeded) rmSync(dir, { recursive: true, force: true });
}
