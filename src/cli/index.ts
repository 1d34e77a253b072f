#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { clockFromEnv } from '../domain/clock.js';
import { connect } from '../db/connect.js';
import { seedDemo } from '../db/demo/generate.js';
import { migrateToLatest } from '../db/migrate.js';
import { rebuildKeptCounts } from '../db/counts.js';
import { repairCoverage } from '../modules/coverage/recompute.js';
import { checkLifeCompliance } from '../modules/life/rollup.js';
import { buildApp } from '../server/app.js';
import { loadVault } from '../server/crypto.js';
import { config } from './config.js';

const USAGE = `cohesion <command>

  start                      migrate, create the demo district if the database is empty, serve
  migrate                    apply pending migrations
  seed --preset demo|city [--seed N]
                             generate a district into an empty database
  check                      recompute every unit's stored coverage from the history, the coverage
                             counts per territory from the units, and evaluate every current
                             life-compliance row again; report (and repair) drift

Environment: PORT, DATABASE_URL (sqlite:./data/cohesion.db | postgres://...),
COHESION_DEMO_PASSWORD, COHESION_CLOCK, LOG_LEVEL`;

async function isEmpty(db: ReturnType<typeof connect>): Promise<boolean> {
  const row = await db.kysely.selectFrom('district').select('id').limit(1).executeTakeFirst();
  return !row;
}

function printAccounts(accounts: { username: string; role: string; scope: string }[], password: string): void {
  console.log('\nDemo district created. Log in with any of these accounts (password: %s):', password);
  for (const a of accounts) console.log(`  ${a.username.padEnd(14)} ${a.role.padEnd(20)} ${a.scope}`);
  console.log('');
}

async function seed(db: ReturnType<typeof connect>, seedValue: number, preset: 'demo' | 'city' = 'demo') {
  const cfg = config();
  let last = 0;
  let lastPhase = '';
  const started = Date.now();
  const result = await seedDemo(db, {
    preset,
    seed: seedValue,
    password: cfg.demoPassword,
    clock: clockFromEnv(cfg.clock),
    vault: loadVault(db.dataDir),
    onProgress: (done, total, phase) => {
      // A line per phase (also when not on a terminal: long city runs are followed in logs).
      if (phase !== lastPhase) {
        if (process.stdout.isTTY && lastPhase) process.stdout.write('\n');
        lastPhase = phase;
        console.log(`  ${((Date.now() - started) / 1000).toFixed(1)} s  ${phase}  (rss ${Math.round(process.memoryUsage().rss / 1e6)} MB)`);
      }
      const pct = total ? Math.floor((done / total) * 100) : 100;
      if (process.stdout.isTTY && pct !== last) {
        last = pct;
        process.stdout.write(`\r  ${phase}: ${pct}%   `);
      }
    },
  });
  if (process.stdout.isTTY) process.stdout.write('\r');
  console.log(`  done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${Object.entries(result.counts).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  printAccounts(result.accounts, cfg.demoPassword);
  return result;
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const cfg = config();
  switch (command) {
    case 'migrate': {
      const db = connect(cfg.databaseUrl, { dataDir: cfg.dataDir });
      const applied = await migrateToLatest(db);
      console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
      await db.close();
      return;
    }
    case 'seed': {
      const { values } = parseArgs({ args: rest, options: { preset: { type: 'string', default: 'demo' }, seed: { type: 'string', default: '1' } } });
      if (values.preset !== 'demo' && values.preset !== 'city') throw new Error(`unknown preset: ${values.preset} (available: demo, city)`);
      const db = connect(cfg.databaseUrl, { dataDir: cfg.dataDir });
      await migrateToLatest(db);
      if (!(await isEmpty(db))) throw new Error('the database already holds a district; seed needs an empty database');
      await seed(db, Number(values.seed), values.preset);
      await db.close();
      return;
    }
    case 'check': {
      const db = connect(cfg.databaseUrl, { dataDir: cfg.dataDir });
      await migrateToLatest(db);
      const districts = await db.kysely.selectFrom('district').select(['id', 'name']).execute();
      const clock = clockFromEnv(cfg.clock);
      let drift = 0;
      for (const d of districts) {
        const r = await db.kysely.transaction().execute((trx) => repairCoverage(trx, d.id));
        drift += r.repaired;
        console.log(`${d.name}: ${r.checked} units checked, ${r.repaired} stored coverage values repaired`);
        const counts = await db.kysely.transaction().execute((trx) => rebuildKeptCounts(trx, d.id));
        drift += counts;
        console.log(`${d.name}: ${counts} counts per territory node and per unit repaired`);
        const life = await checkLifeCompliance(db.kysely, d.id, clock);
        drift += life.drifted;
        console.log(`${d.name}: ${life.checked} current life-compliance rows evaluated again, ${life.drifted} drifted rows repaired`);
      }
      await db.close();
      if (drift > 0) process.exitCode = 3;
      return;
    }
    case 'start': {
      const db = connect(cfg.databaseUrl, { dataDir: cfg.dataDir });
      await migrateToLatest(db);
      if (await isEmpty(db)) await seed(db, 1);
      const app = await buildApp({
        db,
        clock: clockFromEnv(cfg.clock),
        logger: { level: cfg.logLevel },
        secureCookies: cfg.secureCookies,
      });
      const shutdown = async () => {
        await app.close();
        await db.close();
        process.exit(0);
      };
      process.on('SIGINT', shutdown);
      process.on('SIGTERM', shutdown);
      await app.listen({ port: cfg.port, host: cfg.host });
      console.log(`Cohesion is running at http://localhost:${cfg.port}  (API docs: /api/docs, database: ${db.dialect})`);
      return;
    }
    default:
      console.log(USAGE);
      if (command && command !== 'help' && command !== '--help') process.exitCode = 2;
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(err instanceof Error ? `cohesion: ${err.message}` : err);
  process.exit(1);
});
