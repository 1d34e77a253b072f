/**
 * The coverage page's network waterfall, to name what the KPI cards wait for
 * (issue 6, FINDINGS "Page load"):
 *
 *   npx tsx bench/page-waterfall.ts [--preset demo|city|tiny-city] [--data-dir DIR]
 *                                   [--cold 3] [--warm 5] [--path /coverage] [--profile]
 *                                   [--web DIR] [--back-to-back]
 *
 * Seeds the preset into a SQLite file (or reuses DIR/cohesion.db when
 * --data-dir names one already seeded: a city seed takes many minutes), serves
 * the built web app (dist/web, `npm run build:web`) with the real app in a
 * child process (bench/server.ts: SQLite queries block their event loop, which
 * must not be the browser driver's), logs in
 * as `admin` and opens the page in headless Chromium as bench/run.ts
 * measurePageLoad does. Each cold load gets an empty browser profile (no HTTP
 * cache); the warm loads follow in the last profile. For every load it prints
 * each request's start and end relative to navigation start and when the
 * first KPI value was in the DOM, then a cold/warm summary. --profile adds
 * where the page's main thread spent its time until the KPIs showed (a V8
 * CPU profile: self time by script and by function). --web serves another
 * build (e.g. one made with --minify false, for readable function names).
 * Each load waits for the network to settle before the next one, unless
 * --back-to-back (what bench/run.ts does; the waterfall then misses the
 * requests still running).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium, type BrowserContext, type Request } from 'playwright-core';
import { systemClock } from '../src/domain/clock.js';
import { connect } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { PRESETS, seedDemo, type Preset } from '../src/db/demo/generate.js';
import { loadVault } from '../src/server/crypto.js';
import { stat } from './dashboards.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CHROMIUM = process.env.COHESION_CHROMIUM ?? '/usr/bin/chromium';
const PASSWORD = 'bench-password-1';
/** The selector bench/run.ts waits for. */
const KPI = '[data-testid="kpi-organizationalRate-value"], [data-testid="kpis"] [data-testid$="-value"]';

const { values } = parseArgs({
  options: {
    preset: { type: 'string', default: 'demo' },
    'data-dir': { type: 'string' },
    cold: { type: 'string', default: '3' },
    warm: { type: 'string', default: '5' },
    path: { type: 'string', default: '/coverage' },
    profile: { type: 'boolean', default: false },
    web: { type: 'string' },
    'back-to-back': { type: 'boolean', default: false },
  },
});
const preset = values.preset as Preset;
if (!(preset in PRESETS)) throw new Error(`unknown preset ${preset} (${Object.keys(PRESETS).join(', ')})`);
const webDir = resolve(values.web ?? join(ROOT, 'dist/web'));
if (!existsSync(join(webDir, 'index.html'))) throw new Error(`${webDir} is not built: npm run build:web`);
if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (apt-get install -y chromium fonts-noto-cjk)`);

const log = (...a: unknown[]) => console.error(`[waterfall ${new Date().toISOString().slice(11, 19)}]`, ...a);

const keep = values['data-dir'] !== undefined;
const dir = resolve(values['data-dir'] ?? mkdtempSync(join(tmpdir(), 'cohesion-waterfall-')));
const dbFile = join(dir, 'cohesion.db');
const seeded = existsSync(dbFile);
const db = connect(`sqlite:${dbFile}`, { dataDir: dir });
const vault = loadVault(dir);
if (!seeded) {
  log(`seeding preset ${preset} into ${dbFile}`);
  const t0 = performance.now();
  await migrateToLatest(db);
  await seedDemo(db, { preset, seed: 1, password: PASSWORD, clock: systemClock, vault });
  log(`seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
} else {
  log(`reusing ${dbFile}`);
  await migrateToLatest(db);
}

await db.close();
const server = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/server.ts'), '--db', `sqlite:${dbFile}`, '--data-dir', dir, '--mode', 'app', '--web', webDir], {
  cwd: ROOT,
  stdio: ['ignore', 'pipe', 'inherit'],
});
process.on('exit', () => server.kill('SIGTERM'));
const [first] = (await Promise.race([once(createInterface({ input: server.stdout! }), 'line'), once(server, 'exit')])) as [string];
if (server.exitCode !== null) throw new Error(`bench/server.ts exited with ${server.exitCode}`);
const { url } = JSON.parse(first) as { url: string };
const res = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: PASSWORD }) });
if (res.status !== 200) throw new Error(`login: ${res.status} ${await res.text()}`);
const sid = /cohesion_sid=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')![1]!;

interface Row {
  start: number;
  end: number;
  type: string;
  what: string;
}
interface Load {
  kpiWallMs: number;
  kpiDomMs: number | null;
  dclMs: number;
  rows: Row[];
  /** Main-thread self time until the KPIs showed, ms: by script, and the top functions. */
  cpu?: { byScript: [string, number][]; byFunction: [string, number][] };
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

function summarizeProfile(p: CpuProfile): NonNullable<Load['cpu']> {
  const frames = new Map(p.nodes.map((n) => [n.id, n.callFrame]));
  const byScript = new Map<string, number>();
  const byFunction = new Map<string, number>();
  const add = (m: Map<string, number>, k: string, us: number) => m.set(k, (m.get(k) ?? 0) + us / 1000);
  p.samples.forEach((id, i) => {
    const f = frames.get(id)!;
    const script = f.url ? new URL(f.url).pathname.replace(/^\/assets\//, '').replace(/-[\w-]{8}\.js$/, '.js') : f.functionName || '(native)';
    const us = p.timeDeltas[i + 1] ?? 0;
    add(byScript, script, us);
    if (f.url) add(byFunction, `${f.functionName || '(anonymous)'} ${script}:${f.lineNumber + 1}`, us);
  });
  const top = (m: Map<string, number>, k: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, k).map(([name, ms]) => [name, Math.round(ms)] as [string, number]);
  return { byScript: top(byScript, 12), byFunction: top(byFunction, 15) };
}

/**
 * Runs in the page before its scripts: when the first KPI value is in the DOM
 * with text, and the main thread's long tasks (performance.now(): ms since
 * navigation start). A string, not a function: tsx would wrap a function in
 * helpers the page does not have.
 */
const PROBE = `(() => {
  const w = window;
  w.__longTasks = [];
  try {
    new PerformanceObserver((l) => { for (const e of l.getEntries()) w.__longTasks.push([e.startTime, e.duration]); }).observe({ type: 'longtask', buffered: true });
  } catch {}
  const observer = new MutationObserver(() => {
    const el = document.querySelector(${JSON.stringify(KPI)});
    if (el && el.textContent && w.__kpiAt === undefined) { w.__kpiAt = performance.now(); observer.disconnect(); }
  });
  observer.observe(document, { childList: true, subtree: true, characterData: true });
})();`;

async function openContext(): Promise<{ context: BrowserContext; profile: string }> {
  const profile = mkdtempSync(join(tmpdir(), 'cohesion-waterfall-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1440, height: 900 },
  });
  await context.addCookies([{ name: 'cohesion_sid', value: sid, url }]);
  await context.addInitScript({ content: PROBE });
  return { context, profile };
}

async function load(context: BrowserContext): Promise<Load> {
  const page = context.pages()[0] ?? (await context.newPage());
  const finished: Request[] = [];
  const onDone = (r: Request) => void finished.push(r);
  page.on('requestfinished', onDone);
  const cdp = values.profile ? await context.newCDPSession(page) : null;
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 250 });
    await cdp.send('Profiler.start');
  }
  const t0 = Date.now();
  await page.goto(`${url}${values.path}`, { waitUntil: 'commit' });
  await page.locator(KPI).first().waitFor({ state: 'visible', timeout: 60_000 });
  const kpiWallMs = Date.now() - t0;
  const cpu = cdp ? summarizeProfile(((await cdp.send('Profiler.stop')) as { profile: CpuProfile }).profile) : undefined;
  await cdp?.detach();
  await page.waitForLoadState('load');
  // Let the requests that follow the KPIs (trend, worklist, map) finish too, unless the loads are to follow
  // each other as in bench/run.ts, where the next one may find the server still busy with them.
  if (!values['back-to-back']) await page.waitForLoadState('networkidle').catch(() => undefined);
  page.off('requestfinished', onDone);
  const nav = await page.evaluate(() => {
    const n = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
    const w = window as unknown as { __kpiAt?: number; __longTasks?: [number, number][] };
    return { origin: performance.timeOrigin, dcl: n?.domContentLoadedEventEnd ?? 0, kpi: w.__kpiAt ?? null, longTasks: w.__longTasks ?? [] };
  });
  const rows = finished.map((r) => {
    const t = r.timing();
    const start = t.startTime - nav.origin;
    const u = new URL(r.url());
    return { start, end: start + Math.max(0, t.responseEnd), type: r.resourceType(), what: u.pathname + u.search };
  });
  for (const [start, duration] of nav.longTasks) rows.push({ start, end: start + duration, type: 'longtask', what: '(main thread busy)' });
  rows.sort((a, b) => a.start - b.start);
  return { kpiWallMs, kpiDomMs: nav.kpi, dclMs: nav.dcl, rows, ...(cpu && { cpu }) };
}

function print(label: string, l: Load) {
  const ms = (x: number) => String(Math.round(x)).padStart(5);
  console.log(`\n--- ${label}: KPI visible ${l.kpiWallMs} ms (bench-style, from goto); in DOM at ${l.kpiDomMs === null ? '?' : Math.round(l.kpiDomMs)} ms; DCL ${Math.round(l.dclMs)} ms`);
  console.log(' start   end   dur  type        request');
  for (const r of l.rows) {
    const what = r.what.length > 90 ? r.what.slice(0, 87) + '...' : r.what;
    console.log(`${ms(r.start)} ${ms(r.end)} ${ms(r.end - r.start)}  ${r.type.padEnd(10)}  ${what}`);
  }
  if (l.cpu) {
    console.log('main thread until the KPIs, self ms by script:', l.cpu.byScript.map(([k, v]) => `${k} ${v}`).join(', '));
    for (const [k, v] of l.cpu.byFunction) console.log(`  ${String(v).padStart(5)}  ${k}`);
  }
}

const cold: Load[] = [];
const warm: Load[] = [];
try {
  const coldRuns = Math.max(1, Number(values.cold));
  for (let i = 0; i < coldRuns; i++) {
    const { context, profile } = await openContext();
    try {
      const l = await load(context);
      cold.push(l);
      print(`cold ${i + 1}`, l);
      if (i === coldRuns - 1) {
        for (let j = 0; j < Number(values.warm); j++) {
          const w = await load(context);
          warm.push(w);
          print(`warm ${j + 1}`, w);
        }
      }
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  }
  const sum = (ls: Load[]) => ({
    kpiWall: stat(ls.map((l) => l.kpiWallMs)),
    kpiDom: stat(ls.map((l) => l.kpiDomMs ?? NaN)),
    dcl: stat(ls.map((l) => Math.round(l.dclMs))),
  });
  console.log(`\n=== ${preset}, ${values.path}: KPI visible (ms)`);
  console.log('cold', JSON.stringify(sum(cold)));
  if (warm.length) console.log('warm', JSON.stringify(sum(warm)));
} finally {
  server.kill('SIGTERM');
  await once(server, 'exit');
  if (!keep) rmSync(dir, { recursive: true, force: true });
}
