/** The shape of a benchmark run (bench/results-<preset>.json), rendered by report.ts. */
import type { Dialect } from '../src/db/connect.js';

export interface Stat {
  n: number;
  p50: number;
  p95: number;
  max: number;
}

export interface HttpFigure {
  endpoint: string;
  reqPerSec: number;
  p99Ms: number;
  non2xx: number;
  ceilingReqPerSec: number;
  ceilingP99Ms: number;
  ceilingNon2xx: number;
  /** reqPerSec / ceilingReqPerSec */
  ratio: number;
}

export interface ImportFigure {
  rows: number;
  csvMB: number;
  seconds: number;
  validatingSeconds: number;
  rowsPerSecond: number;
  ceilingRowsPerSecond: number;
  ratio: number;
  /** What the progress bar showed: ms since upload, phase, done / total. */
  progress: { t: number; phase: string; done: number; total: number }[];
}

export interface DialectResults {
  dialect: Dialect;
  seed: { seconds: number; rows: Record<string, number>; accounts: number };
  places: { label: string; territoryId: number; name: string; units: number }[];
  /** `first`: the first request's ms, before the warm-ups (what a kept result's miss costs); absent in older runs. */
  dashboards: ({ endpoint: string; place: string; url: string; first?: number } & Stat)[];
  http: HttpFigure[];
  memory: { idleMb: number | null; afterWarmupMb: number | null; underLoadPeakMb: number };
  pageLoad: { coldKpiMs: number; warm: Stat; domContentLoadedMs: number; loadMs: number; runs: number } | { skipped: string } | null;
  import: ImportFigure;
}

export interface BenchResults {
  preset: string;
  smoke: boolean;
  date: string;
  machine: { cpus: number; cpuModel: string; memoryGB: number; freeMemoryGB: number; node: string; platform: string; loadAvgStart?: number[]; loadAvgEnd?: number[] };
  /** `pinned`: the cores of the bench server and of autocannon during the HTTP runs (taskset), or null when they shared all cores. */
  options: {
    members: number;
    iterations: number;
    duration: number;
    connections: number;
    pinned?: { server: string; loader: string } | null;
    /** How the bench server ran: compiled by tsc ('tsc', as `npm start`), or under tsx's loader (older runs, absent). */
    server?: 'tsc';
  };
  dialects: DialectResults[];
  /** What could not be measured in this run, and why. */
  missing: string[];
}
