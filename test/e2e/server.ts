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
import { addUnit, loadFixture, NOW, TEST_PASSWORD, type Fixture } from '../support/fixture.js';

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

/** The three small shops of the coverage scenario, all in 小商品市场 (street 甲), none covered. */
export const SMALL_SHOPS = [
  { name: '华丰五金商行', members: 1, employees: 6 },
  { name: '锦绣服饰店', members: 2, employees: 9 },
  { name: '顺达日用百货店', members: 1, employees: 4 },
] as const;

/**
 * More data for the coverage pages: each area gets its own coordinates (the
 * fixture puts every node on one spot), and three small uncovered units with
 * 1–2 members join 小商品市场 — candidates for one joint branch.
 *
 * Street 甲 then has 8 operating units, 1 with its own organization
 * (星火科技): organizational coverage 1/8 = 12.5%; 小商品市场 has 5, none covered.
 */
export async function addCoverageScenario(server: Pick<FixtureServer, 'db' | 'fx'>): Promise<Record<string, number>> {
  const k = server.db.kysely;
  const coords: [number, number, number][] = [
    [server.fx.root, 121.485, 31.235],
    [server.fx.streetA, 121.47, 31.23],
    [server.fx.buildingA, 121.4665, 31.2328],
    [server.fx.marketA, 121.4742, 31.2271],
    [server.fx.streetB, 121.502, 31.241],
    [server.fx.parkB, 121.5051, 31.2436],
  ];
  for (const [id, lng, lat] of coords) await k.updateTable('territory').set({ lng, lat }).where('id', '=', id).execute();
  const ids: Record<string, number> = {};
  let code = 500;
  for (const shop of SMALL_SHOPS) {
    ids[shop.name] = await addUnit(server.db, server.fx.nodes.marketA, shop.name, { members: shop.members, employees: shop.employees, industry: 'F', code: code++ });
  }
  return ids;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  // A clock that starts at the fixture's "now" and runs, so audit times differ.
  const start = Date.parse(NOW) - Date.now();
  const server = await startFixtureServer({ port: Number(process.env.PORT ?? 3100), clock: { now: () => new Date(Date.now() + start) } });
  await addCoverageScenario(server);
  console.log(`Fixture district at ${server.url} — log in as admin / street1 / street2, password ${TEST_PASSWORD}`);
  const stop = async () => {
    await server.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

// ---------------------------------------------------------------------------
// Members (issue 4): the members pages and their e2e test.

/** The full members of 星火科技's branch (branchA): 13, so a vote there has 13 entitled. */
export const BRANCH_A_MEMBERS = ['刘伟', '陈静', '杨帆', '赵磊', '黄婷', '周敏', '吴强', '徐丽', '孙浩', '马超', '朱琳', '胡军', '郭芳'] as const;

export interface MembersScenario {
  /** By name: member and person ids. */
  full: Record<(typeof BRANCH_A_MEMBERS)[number], { memberId: number; personId: number }>;
  /** The fixture user `member` is 周敏 (app_user.person_id), away in Shenzhen with a mobile record. */
  memberUser: { memberId: number; personId: number; name: string; mobileRecordId: number };
}

/** A session of a fixture user on the in-process app (for setting up through the API, as the app would write it). */
export async function injectSession(server: Pick<FixtureServer, 'app'>, username: string) {
  const login = await server.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: TEST_PASSWORD } });
  if (login.statusCode !== 200) throw new Error(`login as ${username} failed: ${login.statusCode} ${login.body}`);
  const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const csrf = (login.json() as { csrfToken: string }).csrfToken;
  return async (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) => {
    const res = await server.app.inject({ method, url: `/api/v1${url}`, headers: { cookie, 'x-csrf-token': csrf }, ...(payload && { payload }) });
    if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json() as Record<string, unknown>;
  };
}

/**
 * 13 full members in 星火科技's branch, employed there, some with the talent
 * flags; resident IDs and phones written through the API (encrypted with the
 * server's own key). The fixture user `member` becomes 周敏, away in
 * Shenzhen since 2026-09-01 (reports every 3 months).
 */
export async function addMembersScenario(server: Pick<FixtureServer, 'db' | 'fx' | 'app'>): Promise<MembersScenario> {
  const { addMember } = await import('../support/fixture.js');
  const { residentIdCheckChar } = await import('../../src/domain/ids.js');
  const k = server.db.kysely;
  const unit = server.fx.units['星火科技有限公司']!;
  const full = {} as MembersScenario['full'];
  for (const [i, name] of BRANCH_A_MEMBERS.entries()) {
    full[name] = await addMember(server.db, server.fx.orgs.branchA, {
      name,
      gender: i % 3 === 1 ? 'female' : 'male',
      employerUnitId: unit,
      dates: { admitted_on: `${2004 + i}-07-01`, full_on: `${2005 + i}-07-01` },
    });
  }
  const ids = (names: (typeof BRANCH_A_MEMBERS)[number][]) => names.map((n) => full[n].memberId);
  await k.updateTable('member').set({ is_technical_backbone: 1 }).where('id', 'in', ids(['刘伟', '杨帆', '黄婷', '孙浩'])).execute();
  await k.updateTable('member').set({ is_middle_management: 1 }).where('id', 'in', ids(['陈静', '赵磊'])).execute();
  await k.updateTable('member').set({ is_decision_level: 1, is_key_post: 1 }).where('id', 'in', ids(['赵磊'])).execute();
  const api = await injectSession(server, 'secretary');
  for (const [i, name] of BRANCH_A_MEMBERS.entries()) {
    const body = `310101${1970 + i}0${(i % 9) + 1}1${i % 10}${String(i).padStart(2, '0')}3`;
    await api('PATCH', `/members/${full[name].memberId}`, { residentId: body + residentIdCheckChar(body), phone: `139${String(10000000 + i * 7654321).slice(0, 8)}`, ethnicity: '汉族', education: i % 2 ? 'bachelor' : 'junior_college' });
  }
  const me = full['周敏'];
  await k.updateTable('app_user').set({ person_id: me.personId }).where('username', '=', 'member').where('district_id', '=', server.fx.districtId).execute();
  const record = await api('POST', `/members/${me.memberId}/mobile`, {
    destination: '广东省深圳市南山区',
    reason: '公司派驻深圳分公司工作',
    leftOn: '2026-09-01',
    certificateNo: 'LD-2026-0012',
    reportEveryMonths: 3,
  });
  return { full, memberUser: { ...me, name: '周敏', mobileRecordId: record.id as number } };
}
