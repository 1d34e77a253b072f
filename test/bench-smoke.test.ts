/**
 * A tiny run of the benchmark scripts (`bench/run.ts --smoke`: the test
 * fixture's data, SQLite only, 3 dashboard runs, 1 s of autocannon, no
 * browser), so that `npm run bench` keeps working. It checks the shape of the
 * results and that every figure is a plausible number — never a timing target.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { ENDPOINTS } from '../bench/dashboards.js';
import type { BenchResults } from '../bench/types.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'cohesion-bench-smoke-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('bench smoke run', () => {
  it('measures every figure and writes RESULTS', { timeout: 120_000 }, async () => {
    const json = join(dir, 'results.json');
    const out = join(dir, 'RESULTS.md');
    await run(process.execPath, ['--import', 'tsx', resolve('bench/run.ts'), '--smoke', '--json', json, '--out', out], {
      cwd: resolve('.'),
      maxBuffer: 16 * 1024 * 1024,
    });
    const r = JSON.parse(readFileSync(json, 'utf8')) as BenchResults;
    expect(r.smoke).toBe(true);
    expect(r.missing).toEqual([]);
    expect(r.machine.cpus).toBeGreaterThan(0);
    expect(r.dialects.map((d) => d.dialect)).toEqual(['sqlite']);
    const d = r.dialects[0]!;
    expect(d.seed.rows.unit).toBeGreaterThan(0);
    expect(d.places.map((p) => p.label)).toEqual(['district', 'street', 'area']);

    // Dashboards: every endpoint at 3 places, each with positive percentiles.
    expect(d.dashboards).toHaveLength(ENDPOINTS.length * 3);
    for (const x of d.dashboards) {
      expect(x.n).toBeGreaterThan(0);
      expect(x.p50).toBeGreaterThan(0);
      expect(x.p95).toBeGreaterThanOrEqual(x.p50);
    }

    // HTTP: app and ceiling served every request without errors.
    expect(d.http.map((h) => h.endpoint)).toEqual(['GET /api/v1/units?pageSize=20', 'GET /api/v1/coverage']);
    for (const h of d.http) {
      expect(h.reqPerSec).toBeGreaterThan(0);
      expect(h.ceilingReqPerSec).toBeGreaterThan(0);
      expect(h.ratio).toBeGreaterThan(0);
      expect(h.non2xx).toBe(0);
      expect(h.ceilingNon2xx).toBe(0);
    }

    expect(d.memory.underLoadPeakMb).toBeGreaterThan(0);
    expect(d.pageLoad).toBeNull();

    // Import: every row written through a background job whose progress was seen.
    expect(d.import.rows).toBeGreaterThan(0);
    expect(d.import.rowsPerSecond).toBeGreaterThan(0);
    expect(d.import.ceilingRowsPerSecond).toBeGreaterThan(0);
    expect(d.import.progress.some((p) => p.phase === 'writing' && p.done === p.total)).toBe(true);

    const md = readFileSync(out, 'utf8');
    for (const h of ['## Headline', '### 1. Roster import', '### 2. Dashboards', '### 3. HTTP', '### 4. Memory', '### 5. Page load', '## 6. Cost curve']) expect(md).toContain(h);
  });
});
