/**
 * The server side of the HTTP benchmark, run as its own process so that the
 * load generator (autocannon, in bench/run.ts) does not share its event loop:
 *
 *   node dist-bench/bench/server.js --db URL --data-dir DIR --mode app|bare [--web DIR]
 *                       [--scope-path PATH --district-id N --street-id N]
 *
 * mode app:  the real app (buildApp: session lookup, permissions, scope,
 *            schema validation and serialization), serving the web app too
 *            when --web is given.
 * mode bare: the ceiling — a bare Fastify app on the same database running the
 *            same queries (units list page, coverage summary of the street)
 *            with a fixed scope: no session, no permission check, no schemas.
 *
 * Prints one JSON line `{"url": ...}` on stdout once listening; SIGTERM stops it.
 */
import { parseArgs } from 'node:util';
import Fastify from 'fastify';
import { systemClock } from '../src/domain/clock.js';
import { connect } from '../src/db/connect.js';
import { coverageSummary } from '../src/modules/coverage/service.js';
import { listUnits } from '../src/modules/units/queries.js';
import { buildApp } from '../src/server/app.js';
import type { Ctx } from '../src/server/context.js';
import { loadVault } from '../src/server/crypto.js';
import type { Scope } from '../src/server/scope.js';

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    'data-dir': { type: 'string' },
    mode: { type: 'string', default: 'app' },
    web: { type: 'string' },
    'scope-path': { type: 'string' },
    'district-id': { type: 'string' },
    'street-id': { type: 'string' },
  },
});

const db = connect(values.db!, { dataDir: values['data-dir'] });
const vault = loadVault(db.dataDir);

let close: () => Promise<void>;
let url: string;
if (values.mode === 'bare') {
  const scope: Scope = { districtId: Number(values['district-id']), territoryPath: values['scope-path']!, partyOrgId: null, partyOrgPath: null };
  const streetId = Number(values['street-id']);
  const ctx: Ctx = {
    db,
    clock: systemClock,
    vault,
    locale: 'zh-CN',
    actor: { userId: 0, username: 'bench', displayName: 'bench', role: 'street_admin', scope, ip: null },
  };
  const app = Fastify({ logger: false });
  app.get('/api/v1/units', async () => listUnits(db.kysely, scope, {}, 1, 20));
  app.get('/api/v1/coverage', async () => coverageSummary(ctx, streetId));
  url = await app.listen({ port: 0, host: '127.0.0.1' });
  close = () => app.close();
} else {
  const app = await buildApp({ db, vault, webDir: values.web ?? null });
  url = await app.listen({ port: 0, host: '127.0.0.1' });
  close = () => app.close();
}
process.stdout.write(JSON.stringify({ url, pid: process.pid }) + '\n');

const stop = async () => {
  await close();
  await db.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
