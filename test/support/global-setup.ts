import type { TestProject } from 'vitest/node';
import { findPgBin, startCluster } from './postgres.js';


/**
 * Starts a real PostgreSQL for the run when its binaries are installed, so the
 * API suites run on both dialects. Without them the PostgreSQL half is skipped
 * loudly — and CI (COHESION_REQUIRE_PG=1) fails instead of skipping.
 */
export default async function setup(project: TestProject) {
  const bin = findPgBin();
  if (!bin) {
    const msg = 'PostgreSQL server binaries not found (apt-get install postgresql): the PostgreSQL half of the API tests is SKIPPED.';
    if (process.env.COHESION_REQUIRE_PG === '1') throw new Error(msg);
    console.warn(`\n\x1b[41m\x1b[37m ${msg} \x1b[0m\n`);
    project.provide('pgUrl', null);
    return;
  }
  const cluster = await startCluster(bin);
  project.provide('pgUrl', cluster.url);
  return () => cluster.stop();
}
