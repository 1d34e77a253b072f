/**
 * Cohesion benchmarks (issue 6): `npm run bench [-- --preset demo|city
 * --dialect sqlite|postgres|both --smoke --out FILE --json FILE]`.
 *
 * For each dialect: a fresh database seeded with the preset, then
 *   1. dashboards in-process through app.inject (district, one street, one area; p50/p95),
 *   2. HTTP under autocannon against the real app in a child process vs a bare Fastify ceiling,
 *   3. the child server's RSS after warm-up and under load,
 *   4. the coverage page's load in headless Chromium,
 *   5. the roster import of N members through the real import API vs raw inserts of the same rows.
 * Writes bench/RESULTS.md (and bench/results-<preset>.json, read back for the demo→city cost curve).
 * `--smoke` is the tiny run the test suite makes: SQLite, few iterations, 1 s of load, no browser.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus, freemem, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { systemClock } from '../src/domain/clock.js';
import { connect, type Db, type Dialect } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { PRESETS, seedDemo, type Preset } from '../src/db/demo/generate.js';
import { INLINE_MAX_ROWS, onJobProgress } from '../src/modules/imports/engine.js';
import { buildApp } from '../src/server/app.js';
import type { Api } from '../src/server/api.js';
import { loadVault } from '../src/server/crypto.js';
import { loadFixture, TEST_PASSWORD } from '../test/support/fixture.js';
import { findPgBin, startCluster, type PgCluster } from '../test/support/postgres.js';
import { insertCeiling, writeRosterCsv } from './roster.js';
import { findPlaces, measureDashboards, stat } from './dashboards.js';
import { renderResults } from './report.js';
import type { BenchResults, DialectResults, HttpFigure } from './types.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
let PASSWORD = 'bench-password-1';
const CHROMIUM = process.env.COHESION_CHROMIUM ?? '/usr/bin/chromium';

export interface BenchOptions {
  /** The presets to measure, in order ('fixture' for the smoke run). */
  presets: string[];
  dialects: Dialect[];
  /** The city preset's dialects (`--city-dialect`; default: --dialect): its seed takes 12–13 min per database on 2 cores. */
  cityDialects: Dialect[];
  smoke: boolean;
  out: string;
  /** Where a preset's results go ('' = bench/results-<preset>.json). */
  json: string;
  /** Roster rows to import (default: 1M for city, 20k for demo, 2,500 for smoke). */
  members: number | null;
  iterations: number;
  duration: number;
  browser: boolean;
}

function options(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      preset: { type: 'string', default: 'all' },
      dialect: { type: 'string', default: 'both' },
      'city-dialect': { type: 'string' },
      smoke: { type: 'boolean', default: false },
      out: { type: 'string' },
      json: { type: 'string' },
      members: { type: 'string' },
      iterations: { type: 'string' },
      duration: { type: 'string' },
      'no-browser': { type: 'boolean', default: false },
    },
  });
  const smoke = values.smoke!;
  const preset = values.preset!;
  const presets = preset === 'all' ? ['demo', 'city'] : [preset];
  for (const p of presets) if (!smoke && !(p in PRESETS)) throw new Error(`unknown preset: ${p} (available: ${Object.keys(PRESETS).join(', ')}, all)`);
  const d = smoke && values.dialect === 'both' ? 'sqlite' : values.dialect!;
  const dialectsOf = (x: string): Dialect[] => {
    const out: Dialect[] = x === 'both' ? ['sqlite', 'postgres'] : x === 'sqlite' || x === 'postgres' ? [x] : [];
    if (!out.length) throw new Error(`--dialect and --city-dialect must be sqlite, postgres or both (got ${x})`);
    return out;
  };
  const dialects = dialectsOf(d);
  const cityDialects = values['city-dialect'] ? dialectsOf(values['city-dialect']) : dialects;
  return {
    // The smoke run seeds the test fixture (a handful of rows): tiny data, seconds.
    presets: smoke ? ['fixture'] : presets,
    dialects,
    cityDialects,
    smoke,
    out: resolve(values.out ?? join(ROOT, 'bench', smoke ? 'RESULTS.smoke.md' : 'RESULTS.md')),
    json: values.json ? resolve(values.json) : '',
    members: values.members ? Number(values.members) : smoke ? INLINE_MAX_ROWS + 500 : null,
    iterations: Number(values.iterations ?? (smoke ? 3 : 30)),
    duration: Number(values.duration ?? (smoke ? 1 : 10)),
    browser: !smoke && !values['no-browser'],
  };
}

// ------------------------------------------------------------------ helpers

const log = (...a: unknown[]) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...a);


function rssMb(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
}

async function count(db: Db, table: 'unit' | 'party_org' | 'member' | 'person' | 'territory' | 'meeting' | 'attendance' | 'app_user'): Promise<number> {
  const r = await db.kysely.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

interface Login {
  cookie: string;
  csrf: string;
}

async function injectLogin(app: Api, username: string): Promise<Login> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: PASSWORD } });
  if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
  const c = res.cookies.find((x) => x.name === 'cohesion_sid')!;
  return { cookie: `cohesion_sid=${c.value}`, csrf: res.json().csrfToken };
}

async function httpLogin(url: string, username: string): Promise<Login> {
  const res = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  const sid = /cohesion_sid=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')![1]!;
  return { cookie: `cohesion_sid=${sid}`, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
}

interface Child {
  url: string;
  pid: number;
  proc: ChildProcess;
  stop(): Promise<void>;
}

/**
 * With two cores or more and `taskset`, a bench server runs on the last core and
 * this process (autocannon) on the first during the HTTP runs, so that the load
 * generator does not take CPU from the server it measures (bench/FINDINGS.md).
 * PostgreSQL's own processes are not pinned.
 */
const PIN = cpus().length >= 2 && spawnSync('taskset', ['--version']).status === 0 ? { server: String(cpus().length - 1), loader: '0', all: `0-${cpus().length - 1}` } : null;

function pinSelf(to: 'loader' | 'all'): void {
  if (PIN) spawnSync('taskset', ['-a', '-cp', PIN[to], String(process.pid)], { stdio: 'ignore' });
}

/**
 * The bench server compiled by tsc, as `npm start` runs the app: under tsx
 * its loader (a second V8 isolate in a worker, the transformed sources) would
 * count in the server's memory.
 */
const SERVER_JS = join(ROOT, 'dist-bench/bench/server.js');

function compileServer(): void {
  const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.bench.json')], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error(`compiling the bench server failed (tsc exited with ${r.status})`);
}

async function startServer(args: string[]): Promise<Child> {
  const command = [process.execPath, SERVER_JS, ...args];
  const [file, ...rest] = PIN ? ['taskset', '-c', PIN.server, ...command] : command;
  const proc = spawn(file!, rest, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: proc.stdout! });
  const first = await new Promise<string>((res, rej) => {
    lines.once('line', res);
    proc.once('exit', (code) => rej(new Error(`bench server exited with ${code}`)));
  });
  const { url, pid } = JSON.parse(first) as { url: string; pid: number };
  return {
    url,
    pid,
    proc,
    stop: () =>
      new Promise<void>((res) => {
        if (proc.exitCode !== null) return res();
        proc.once('exit', () => res());
        proc.kill('SIGTERM');
      }),
  };
}

// ------------------------------------------------------------------ one dialect

async function benchDialect(o: BenchOptions, preset: string, members: number, dialect: Dialect): Promise<DialectResults> {
  const dir = mkdtempSync(join(tmpdir(), `cohesion-bench-${dialect}-`));
  let cluster: PgCluster | null = null;
  let url: string;
  if (dialect === 'postgres') {
    const bin = findPgBin();
    if (!bin) throw new Error('PostgreSQL binaries not found (apt-get install -y postgresql)');
    cluster = await startCluster(bin);
    url = cluster.url;
  } else {
    url = `sqlite:${join(dir, 'cohesion.db')}`;
  }
  if (o.smoke) writeFileSync(join(dir, 'secret.key'), Buffer.alloc(32, 42).toString('hex') + '\n', { mode: 0o600 }); // the fixture's testVault
  const db = connect(url, { dataDir: dir });
  const vault = loadVault(dir);
  const children: Child[] = [];
  try {
    // ---- seed
    log(dialect, `seeding preset ${preset}`);
    await migrateToLatest(db);
    let t0 = performance.now();
    let accounts: number;
    if (o.smoke) {
      PASSWORD = TEST_PASSWORD;
      accounts = Object.keys((await loadFixture(db)).users).length;
    } else {
      accounts = (await seedDemo(db, { preset: preset as Preset, seed: 1, password: PASSWORD, clock: systemClock, vault })).accounts.length;
    }
    const seedSeconds = (performance.now() - t0) / 1000;
    const rows = {
      territory: await count(db, 'territory'),
      unit: await count(db, 'unit'),
      party_org: await count(db, 'party_org'),
      person: await count(db, 'person'),
      member: await count(db, 'member'),
      meeting: await count(db, 'meeting'),
      attendance: await count(db, 'attendance'),
    };
    log(dialect, `seeded in ${seedSeconds.toFixed(1)} s`, rows);

    const k = db.kysely;
    const places = await findPlaces(k);
    const street = places.find((p) => p.label === 'street')!;

    // ---- dashboards, in-process through app.inject (guard, session, scope, schemas included)
    const app = await buildApp({ db, vault, webDir: null, clock: systemClock });
    await app.ready();
    const admin = await injectLogin(app, 'admin');
    const dashboards = await measureDashboards(app, admin.cookie, places, { iterations: o.iterations, smoke: o.smoke, log: (line) => log(dialect, 'dashboard', line) });

    // ---- HTTP + memory: the real app in a child process vs a bare Fastify ceiling
    const serverArgs = ['--db', url, '--data-dir', dir];
    const webDir = join(ROOT, 'dist/web');
    pinSelf('loader');
    const appServer = await startServer([...serverArgs, '--mode', 'app', ...(existsSync(join(webDir, 'index.html')) ? ['--web', webDir] : [])]);
    children.push(appServer);
    const streetAdmin = await httpLogin(appServer.url, 'street1');
    const rssIdle = rssMb(appServer.pid);
    const TARGETS = [
      { key: 'units list', path: '/api/v1/units?pageSize=20' },
      { key: 'coverage', path: '/api/v1/coverage' },
    ];
    const load = async (child: Child, path: string, cookie: string | null, duration: number) => {
      const peak = { rss: 0 };
      const timer = setInterval(() => {
        const r = rssMb(child.pid);
        if (r !== null && r > peak.rss) peak.rss = r;
      }, 200);
      try {
        const r = await autocannon({ url: child.url + path, connections: 50, duration, ...(cookie && { headers: { cookie } }) });
        return { r, peakRss: peak.rss };
      } finally {
        clearInterval(timer);
      }
    };
    // Warm-up: every route once under load, then the RSS "after warm-up".
    if (!o.smoke) for (const t of TARGETS) await load(appServer, t.path, streetAdmin.cookie, 2);
    const rssWarm = rssMb(appServer.pid);
    const http: HttpFigure[] = [];
    let rssUnderLoad = 0;
    const appRuns = new Map<string, { r: Awaited<ReturnType<typeof autocannon>>; peakRss: number }>();
    for (const t of TARGETS) {
      const run = await load(appServer, t.path, streetAdmin.cookie, o.duration);
      appRuns.set(t.key, run);
      rssUnderLoad = Math.max(rssUnderLoad, run.peakRss);
    }

    // ---- page load in Chromium, against the same app server
    let pageLoad: DialectResults['pageLoad'] = null;
    if (o.browser) pageLoad = await measurePageLoad(appServer.url, o.smoke ? 2 : 6);
    await appServer.stop();

    const bare = await startServer([
      ...serverArgs,
      '--mode',
      'bare',
      '--scope-path',
      street.path,
      '--district-id',
      String(street.districtId),
      '--street-id',
      String(street.territoryId),
    ]);
    children.push(bare);
    if (!o.smoke) for (const t of TARGETS) await load(bare, t.path, null, 2);
    for (const t of TARGETS) {
      const a = appRuns.get(t.key)!;
      const b = await load(bare, t.path, null, o.duration);
      http.push({
        endpoint: `GET ${t.path}`,
        reqPerSec: Math.round(perSecond(a.r)),
        p99Ms: a.r.latency.p99,
        non2xx: a.r.non2xx + a.r.errors,
        ceilingReqPerSec: Math.round(perSecond(b.r)),
        ceilingP99Ms: b.r.latency.p99,
        ceilingNon2xx: b.r.non2xx + b.r.errors,
        ratio: Math.round((perSecond(a.r) / perSecond(b.r)) * 1000) / 1000,
      });
      log(dialect, 'http', http.at(-1));
    }
    await bare.stop();
    pinSelf('all');

    // ---- roster import through the real API (job with progress) vs raw inserts
    const orgs = await k
      .selectFrom('party_org')
      .select('name')
      .where('district_id', '=', street.districtId)
      .where('status', '=', 'active')
      .where('kind', 'in', ['branch', 'joint_branch'])
      .groupBy('name')
      .having((eb) => eb.fn.countAll(), '=', 1)
      .orderBy('name')
      .limit(200)
      .execute();
    const orgNames = orgs.map((r) => r.name);
    const csvPath = join(dir, 'roster.csv');
    t0 = performance.now();
    const csvBytes = await writeRosterCsv(csvPath, members, orgNames);
    log(dialect, `roster CSV: ${members} rows, ${(csvBytes / 1e6).toFixed(1)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const membersBefore = await count(db, 'member');
    const progress: { t: number; phase: string; done: number; total: number }[] = [];
    let start = performance.now();
    let lastSample = -Infinity;
    const unsubscribe = onJobProgress((p) => {
      const t = performance.now() - start;
      // One sample every ~2% of the run or 250 ms, whichever comes first: what the progress bar shows.
      if (t - lastSample >= 250 || p.done === p.total) {
        progress.push({ t: Math.round(t), phase: p.phase, done: p.done, total: p.total });
        lastSample = t;
      }
    });
    let importResult: DialectResults['import'];
    try {
      start = performance.now();
      const body = readFileSync(csvPath);
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/member-imports',
        headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'text/csv' },
        payload: body,
      });
      if (res.statusCode !== 202 && res.statusCode !== 200) throw new Error(`import: ${res.statusCode} ${res.body.slice(0, 500)}`);
      let job: { status: string; [k: string]: unknown } = res.json();
      const jobId = (job as { jobId?: number }).jobId;
      if (res.statusCode === 202) {
        for (;;) {
          const j = await app.inject({ method: 'GET', url: `/api/v1/member-imports/jobs/${jobId}`, headers: { cookie: admin.cookie } });
          job = j.json();
          if (job.status !== 'running') break;
          await new Promise((r) => setTimeout(r, 100));
        }
        if (job.status !== 'done') throw new Error(`import job ${jobId} ended ${job.status}: ${JSON.stringify(job).slice(0, 800)}`);
      }
      const seconds = (performance.now() - start) / 1000;
      const imported = (await count(db, 'member')) - membersBefore;
      if (imported !== members) throw new Error(`import wrote ${imported} members, expected ${members}`);
      const validating = progress.filter((p) => p.phase === 'validating').at(-1)?.t ?? 0;
      log(dialect, `import of ${members} in ${seconds.toFixed(1)} s`);
      const ceiling = await insertCeiling(db, vault, members, orgNames);
      log(dialect, `ceiling ${Math.round(ceiling.rowsPerSecond)} rows/s`);
      importResult = {
        rows: members,
        csvMB: Math.round(csvBytes / 1e5) / 10,
        seconds: Math.round(seconds * 100) / 100,
        validatingSeconds: Math.round(validating / 10) / 100,
        rowsPerSecond: Math.round(members / seconds),
        ceilingRowsPerSecond: Math.round(ceiling.rowsPerSecond),
        ratio: Math.round((members / seconds / ceiling.rowsPerSecond) * 1000) / 1000,
        progress: thin(progress, 12),
      };
    } finally {
      unsubscribe();
    }
    await app.close();

    return {
      dialect,
      seed: { seconds: Math.round(seedSeconds * 10) / 10, rows, accounts },
      places,
      dashboards,
      http,
      memory: { idleMb: rssIdle, afterWarmupMb: rssWarm, underLoadPeakMb: rssUnderLoad },
      pageLoad,
      import: importResult,
    };
  } finally {
    pinSelf('all');
    for (const c of children) await c.stop();
    await db.close();
    cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Completed requests per second over the whole run (autocannon's per-second average can be 0 for a 1 s run). */
function perSecond(r: Awaited<ReturnType<typeof autocannon>>): number {
  return (r.requests.total ?? r.requests.average * r.duration) / Math.max(r.duration, 0.001);
}

/** At most n samples, evenly spread, the first and last kept. */
function thin<T>(xs: T[], n: number): T[] {
  if (xs.length <= n) return xs;
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(xs[Math.round((i * (xs.length - 1)) / (n - 1))]!);
  return out;
}

async function measurePageLoad(url: string, runs: number): Promise<DialectResults['pageLoad']> {
  if (!existsSync(CHROMIUM)) return { skipped: `no Chromium at ${CHROMIUM}` };
  if (!existsSync(join(ROOT, 'dist/web/index.html'))) return { skipped: 'dist/web is not built (npm run build:web)' };
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'cohesion-bench-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1440, height: 900 },
  });
  try {
    const login = await httpLogin(url, 'admin');
    await context.addCookies([{ name: 'cohesion_sid', value: login.cookie.split('=')[1]!, url }]);
    const page = await context.newPage();
    const samples: { kpiMs: number; domContentLoadedMs: number; loadMs: number }[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = Date.now();
      await page.goto(`${url}/coverage`, { waitUntil: 'commit' });
      await page.locator('[data-testid="kpi-organizationalRate-value"], [data-testid="kpis"] [data-testid$="-value"]').first().waitFor({ state: 'visible', timeout: 30_000 });
      const kpiMs = Date.now() - t0;
      await page.waitForLoadState('load');
      const nav = await page.evaluate(() => {
        const n = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
        return n ? { dcl: n.domContentLoadedEventEnd, load: n.loadEventEnd } : { dcl: 0, load: 0 };
      });
      samples.push({ kpiMs, domContentLoadedMs: Math.round(nav.dcl), loadMs: Math.round(nav.load) });
      if (i === 0) await page.context().clearCookies().then(() => context.addCookies([{ name: 'cohesion_sid', value: login.cookie.split('=')[1]!, url }]));
    }
    const warm = samples.slice(1);
    return {
      coldKpiMs: samples[0]!.kpiMs,
      warm: stat(warm.map((s) => s.kpiMs)),
      domContentLoadedMs: stat(samples.map((s) => s.domContentLoadedMs)).p50,
      loadMs: stat(samples.map((s) => s.loadMs)).p50,
      runs,
    };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

// ------------------------------------------------------------------ main

const membersOf = (o: BenchOptions, preset: string) => o.members ?? (preset === 'city' ? 1_000_000 : 20_000);
const jsonOf = (o: BenchOptions, preset: string) => o.json || join(ROOT, 'bench', o.smoke ? 'results-smoke.json' : `results-${preset}.json`);

/** Stored results of the presets this run does not measure: the cost curve shows them, dated. */
function earlierRuns(presets: string[]): BenchResults[] {
  return Object.keys(PRESETS)
    .filter((p) => !presets.includes(p))
    .map((p) => join(ROOT, 'bench', `results-${p}.json`))
    .filter(existsSync)
    .map((f) => JSON.parse(readFileSync(f, 'utf8')) as BenchResults);
}

export async function runBench(o: BenchOptions): Promise<BenchResults[]> {
  const runs: BenchResults[] = [];
  log('compiling the bench server (tsc)');
  compileServer();
  for (const preset of o.presets) {
    const members = membersOf(o, preset);
    const results: BenchResults = {
      preset,
      smoke: o.smoke,
      date: new Date().toISOString(),
      machine: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model ?? 'unknown',
        memoryGB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
        freeMemoryGB: Math.round((freemem() / 2 ** 30) * 10) / 10,
        node: process.version,
        platform: `${process.platform} ${process.arch}`,
        loadAvgStart: loadavg().map((x) => Math.round(x * 10) / 10),
      },
      options: { members, iterations: o.iterations, duration: o.duration, connections: 50, pinned: PIN ? { server: PIN.server, loader: PIN.loader } : null, server: 'tsc' },
      dialects: [],
      missing: preset === 'city' ? o.dialects.filter((d) => !o.cityDialects.includes(d)).map((d) => `${d}: not run (--city-dialect ${o.cityDialects.join(',')})`) : [],
    };
    for (const d of preset === 'city' ? o.cityDialects : o.dialects) {
      try {
        results.dialects.push(await benchDialect(o, preset, members, d));
      } catch (err) {
        log(preset, d, 'failed', err);
        results.missing.push(`${d}: ${(err as Error).message.split('\n')[0]}`);
        if (o.smoke) throw err;
      }
    }
    results.machine.loadAvgEnd = loadavg().map((x) => Math.round(x * 10) / 10);
    const json = jsonOf(o, preset);
    mkdirSync(dirname(json), { recursive: true });
    writeFileSync(json, JSON.stringify(results, null, 2) + '\n');
    log(`wrote ${json}`);
    runs.push(results);
  }
  writeFileSync(o.out, renderResults(runs, o.smoke ? [] : earlierRuns(o.presets)));
  log(`wrote ${o.out}`);
  return runs;
}

/** `--render`: rewrite RESULTS.md from the stored results (after editing bench/FINDINGS.md), without measuring. */
function render(o: BenchOptions): void {
  const runs = o.presets.map((p) => JSON.parse(readFileSync(jsonOf(o, p), 'utf8')) as BenchResults);
  writeFileSync(o.out, renderResults(runs, earlierRuns(o.presets)));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2).filter((a) => a !== '--render');
  const o = options(args);
  if (args.length !== process.argv.length - 2) {
    render(o);
    process.exit(0);
  }
  runBench(o).then(
    () => process.exit(0),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
