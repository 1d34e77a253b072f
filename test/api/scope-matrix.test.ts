/**
 * Every role × every API route × in and out of scope, generated from the
 * app's own route table: a new route without a probe here fails this test,
 * so nothing reaches the API unguarded or untested.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GRANTS, type Permission, type Role } from '../../src/server/permissions.js';
import { buildApp } from '../../src/server/app.js';
import { harness, type Harness } from '../support/client.js';
import { dialects, freshDb } from '../support/db.js';
import { addTerritory, addUnit, creditCode, TEST_PASSWORD, type Node } from '../support/fixture.js';

/** Where a probe's target lies: street A, street B, or another district. */
type Where = 'A' | 'B' | 'X';

interface Probe {
  /** Builds the request against a fresh target in `where`. */
  make(h: Harness, where: Where): Promise<{ url: string; body?: unknown }>;
  /** False for routes whose target is not a territory (they are only probed in scope). */
  scoped: boolean;
}

const street = (h: Harness, w: Where): Node => (w === 'A' ? h.fx.nodes.streetA : w === 'B' ? h.fx.nodes.streetB : h.fx.other.street);
const area = (h: Harness, w: Where): Node => (w === 'A' ? h.fx.nodes.buildingA : w === 'B' ? h.fx.nodes.parkB : h.fx.other.area);
const freshArea = (h: Harness, w: Where) => addTerritory(h.db, street(h, w).districtId, street(h, w), 'building', `新楼宇${Math.random()}`);
const freshUnit = (h: Harness, w: Where) => addUnit(h.db, area(h, w), `探针公司${Math.random()}`);
let codeSeq = 50_000;

const PROBES: Record<string, Probe> = {
  'GET /api/v1/health': { scoped: false, make: async () => ({ url: '/api/v1/health' }) },
  'GET /api/v1/vocabularies': { scoped: false, make: async () => ({ url: '/api/v1/vocabularies' }) },
  'GET /api/v1/openapi.json': { scoped: false, make: async () => ({ url: '/api/v1/openapi.json' }) },
  'POST /api/v1/auth/login': {
    scoped: false,
    make: async () => ({ url: '/api/v1/auth/login', body: { username: 'street1', password: TEST_PASSWORD } }),
  },
  'POST /api/v1/auth/logout': { scoped: false, make: async () => ({ url: '/api/v1/auth/logout', body: {} }) },
  'GET /api/v1/auth/me': { scoped: false, make: async () => ({ url: '/api/v1/auth/me' }) },
  'GET /api/v1/territories/tree': { scoped: true, make: async (h, w) => ({ url: `/api/v1/territories/tree?rootId=${street(h, w).id}` }) },
  'GET /api/v1/territories': { scoped: true, make: async (h, w) => ({ url: `/api/v1/territories?within=${street(h, w).id}` }) },
  'GET /api/v1/territories/:id': { scoped: true, make: async (h, w) => ({ url: `/api/v1/territories/${area(h, w).id}` }) },
  'POST /api/v1/territories': {
    scoped: true,
    make: async (h, w) => ({ url: '/api/v1/territories', body: { parentId: street(h, w).id, kind: 'market', name: '探针市场' } }),
  },
  'PATCH /api/v1/territories/:id': {
    scoped: true,
    make: async (h, w) => ({ url: `/api/v1/territories/${(await freshArea(h, w)).id}`, body: { name: '改名楼宇' } }),
  },
  'POST /api/v1/territories/:id/move': {
    scoped: true,
    make: async (h, w) => ({ url: `/api/v1/territories/${(await freshArea(h, w)).id}/move`, body: { parentId: street(h, w).id } }),
  },
  'POST /api/v1/territories/:id/close': {
    scoped: true,
    make: async (h, w) => ({ url: `/api/v1/territories/${(await freshArea(h, w)).id}/close`, body: { reason: '拆除' } }),
  },
  'GET /api/v1/units': { scoped: true, make: async (h, w) => ({ url: `/api/v1/units?territoryId=${street(h, w).id}` }) },
  'GET /api/v1/units/export': { scoped: true, make: async (h, w) => ({ url: `/api/v1/units/export?territoryId=${street(h, w).id}` }) },
  'GET /api/v1/units/:id': { scoped: true, make: async (h, w) => ({ url: `/api/v1/units/${await freshUnit(h, w)}` }) },
  'POST /api/v1/units': {
    scoped: true,
    make: async (h, w) => ({
      url: '/api/v1/units',
      body: {
        territoryId: area(h, w).id,
        name: '探针新单位有限公司',
        creditCode: creditCode(codeSeq++),
        kind: 'enterprise',
        ownership: 'private',
        industry: 'C',
        employeeCount: 20,
      },
    }),
  },
  'PATCH /api/v1/units/:id': {
    scoped: true,
    make: async (h, w) => ({ url: `/api/v1/units/${await freshUnit(h, w)}`, body: { employeeCount: 33 } }),
  },
  'POST /api/v1/units/:id/close': {
    scoped: true,
    make: async (h, w) => ({ url: `/api/v1/units/${await freshUnit(h, w)}/close`, body: { reason: '迁出' } }),
  },
  'GET /api/v1/audit-log': { scoped: false, make: async () => ({ url: '/api/v1/audit-log' }) },
  'GET /api/v1/audit-log/export': { scoped: false, make: async () => ({ url: '/api/v1/audit-log/export' }) },
};

/** Each user of the fixture: role, and where their scope is (null: no territory). */
const USERS: { username: string; role: Role; home: Where | null; away: Where | null }[] = [
  { username: 'admin', role: 'district_admin', home: 'A', away: 'X' },
  { username: 'street1', role: 'street_admin', home: 'A', away: 'B' },
  { username: 'street2', role: 'street_admin', home: 'B', away: 'A' },
  { username: 'instructor1', role: 'instructor', home: 'A', away: 'B' },
  { username: 'secretary', role: 'secretary', home: null, away: 'A' },
  { username: 'member', role: 'member', home: null, away: 'A' },
  { username: 'representative', role: 'representative', home: null, away: 'A' },
  { username: 'department_handler', role: 'department_handler', home: null, away: 'A' },
];

function granted(permission: Permission, role: Role): boolean {
  return (GRANTS[permission] as readonly Role[]).includes(role);
}

describe.each(dialects())('scope matrix on %s', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness(dialect);
  });
  afterAll(() => h.close());

  it('has a probe for every route, and every route declares a permission', () => {
    const routes = h.app.routeTable.map((r) => `${r.method} ${r.url}`);
    expect(routes.length).toBeGreaterThan(10);
    const missing = routes.filter((r) => !PROBES[r]);
    expect(missing, 'routes without a probe in the scope matrix').toEqual([]);
    const stale = Object.keys(PROBES).filter((p) => !routes.includes(p));
    expect(stale, 'probes for routes that no longer exist').toEqual([]);
  });

  it('answers 401 to every non-public route without a session', async () => {
    for (const route of h.app.routeTable.filter((r) => r.permission !== 'public')) {
      const { url, body } = await PROBES[`${route.method} ${route.url}`]!.make(h, 'A');
      const res = await h.anonymous().request(route.method as 'GET', url, body);
      expect(res.statusCode, `${route.method} ${url}`).toBe(401);
    }
  });

  it('grants by role, and hides what is out of scope', async () => {
    const failures: string[] = [];
    for (const route of h.app.routeTable) {
      const probe = PROBES[`${route.method} ${route.url}`]!;
      for (const user of USERS) {
        const allowed = granted(route.permission, user.role);
        const check = async (where: Where, expectation: 'ok' | 'forbidden' | 'hidden') => {
          const client = await h.as(user.username);
          const { url, body } = await probe.make(h, where);
          const res = await client.request(route.method as 'GET', url, body);
          const s = res.statusCode;
          const good = expectation === 'ok' ? s >= 200 && s < 300 : expectation === 'forbidden' ? s === 403 : s === 404;
          if (!good) failures.push(`${user.username} ${route.method} ${url} [${where}] expected ${expectation}, got ${s} ${res.body.slice(0, 160)}`);
        };
        if (!allowed) {
          await check('A', 'forbidden');
          continue;
        }
        if (!probe.scoped) {
          await check('A', 'ok');
          continue;
        }
        if (user.home) await check(user.home, 'ok');
        if (user.away) await check(user.away, 'hidden');
      }
    }
    expect(failures).toEqual([]);
  });
});

describe('route guard', () => {
  it('refuses to start with an API route that declares no permission', async () => {
    const db = await freshDb('sqlite');
    const app = await buildApp({ db, webDir: null });
    expect(() => app.get('/api/v1/unguarded', async () => ({ ok: true }))).toThrow(/declares no permission/);
    await app.close();
    await db.close();
  });
});
