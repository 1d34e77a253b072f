import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { freshDb as freshDialectDb } from '../../../test/support/db.js';
import { SettableClock } from '../../domain/clock.js';
import { isValidCreditCode } from '../../domain/ids.js';
import { canHoldUnits, canNest, type TerritoryKind } from '../../domain/territory.js';
import { INDUSTRIES, OWNERSHIPS } from '../../domain/units.js';
import { verifyPassword } from '../../modules/auth/passwords.js';
import { connect, type Db } from '../connect.js';
import { migrateToLatest } from '../migrate.js';
import { seedDemo, type SeedResult } from './generate.js';
import * as N from './names.js';
import { Permutation, Random } from './random.js';

const PASSWORD = 'cohesion-demo';
const clock = new SettableClock('2026-11-23T08:00:00.000Z');

async function freshDb(): Promise<Db> {
  const db = connect('sqlite::memory:');
  await migrateToLatest(db);
  return db;
}

/** sha256 over every row of a table in id order. */
async function tableHash(db: Db, table: 'unit' | 'territory'): Promise<string> {
  const rows = await db.kysely.selectFrom(table).selectAll().orderBy('id').execute();
  const h = createHash('sha256');
  for (const row of rows) h.update(JSON.stringify(Object.entries(row).sort(([a], [b]) => a.localeCompare(b))) + '\n');
  return h.digest('hex');
}

describe('seedDemo (SQLite)', () => {
  let db: Db;
  let result: SeedResult;
  const progress: { done: number; total: number; phase: string }[] = [];

  beforeAll(async () => {
    db = await freshDb();
    // The generator must draw only from its seeded streams.
    const spy = vi.spyOn(Math, 'random').mockImplementation(() => {
      throw new Error('Math.random used by the demo generator');
    });
    try {
      result = await seedDemo(db, {
        preset: 'demo',
        seed: 42,
        password: PASSWORD,
        clock,
        onProgress: (done, total, phase) => progress.push({ done, total, phase }),
      });
    } finally {
      spy.mockRestore();
    }
  });
  afterAll(async () => {
    await db.close();
  });

  it('writes a district of the expected size', async () => {
    expect(result.districtId).toBe(1);
    expect(result.counts.districts).toBe(1);
    expect(result.counts.territories).toBeGreaterThanOrEqual(1 + 7 + 6 * 6 + 5);
    expect(result.counts.territories).toBeLessThanOrEqual(1 + 7 + 6 * 12 + 8);
    expect(result.counts.units).toBe(3000);
    expect(result.counts.users).toBe(4);

    const district = await db.kysely.selectFrom('district').select(['id', 'name', 'time_zone', 'created_at']).execute();
    expect(district).toEqual([{ id: 1, name: N.DISTRICT_NAME, time_zone: 'Asia/Shanghai', created_at: clock.now().toISOString() }]);

    const byKind = await db.kysely.selectFrom('territory').select(['kind', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('kind').execute();
    const kinds = Object.fromEntries(byKind.map((r) => [r.kind, Number(r.n)]));
    expect(kinds.district).toBe(1);
    expect(kinds.street).toBe(6);
    expect(kinds.township).toBe(1);
    expect(kinds.village).toBeGreaterThanOrEqual(5);
    for (const k of ['building', 'market', 'park', 'community']) expect(kinds[k]).toBeGreaterThan(0);
    expect(await db.kysely.selectFrom('unit').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).toEqual({ n: 3000 });
  });

  it('gives units realistic, valid attributes', async () => {
    const units = await db.kysely.selectFrom('unit').selectAll().execute();
    const codes = new Set<string>();
    const names = new Set<string>();
    let social = 0;
    let zeroMembers = 0;
    let branchSized = 0;
    let closed = 0;
    for (const u of units) {
      expect(isValidCreditCode(u.credit_code), u.credit_code).toBe(true);
      expect(u.credit_code[0]).toBe(u.kind === 'social_org' ? '5' : '9');
      codes.add(u.credit_code);
      names.add(u.name);
      expect(OWNERSHIPS).toContain(u.ownership);
      expect(INDUSTRIES).toContain(u.industry);
      expect(u.employee_count).toBeGreaterThanOrEqual(1);
      expect(u.surveyed_member_count).toBeGreaterThanOrEqual(0);
      expect(u.surveyed_member_count).toBeLessThanOrEqual(u.employee_count);
      expect(u.registered_on! >= '1995-01-01' && u.registered_on! <= '2026-06-30').toBe(true);
      expect(Math.abs(u.lng! - N.DISTRICT_CENTER.lng)).toBeLessThan(0.2);
      expect(Math.abs(u.lat! - N.DISTRICT_CENTER.lat)).toBeLessThan(0.2);
      expect(u.address).toBeTruthy();
      expect(u.created_at).toBe(clock.now().toISOString());
      if (u.kind === 'social_org') {
        social++;
        expect(['social_group', 'private_non_enterprise', 'foundation']).toContain(u.ownership);
      } else {
        expect(['private', 'foreign', 'hk_macao_taiwan', 'individual', 'restructured']).toContain(u.ownership);
      }
      if (u.surveyed_member_count === 0) zeroMembers++;
      if (u.surveyed_member_count >= 3) branchSized++;
      if (u.status === 'closed') {
        closed++;
        expect(u.closed_on! > u.registered_on!).toBe(true);
        expect(u.closed_reason).toBeTruthy();
      } else {
        expect(u.status).toBe('operating');
        expect(u.closed_on).toBeNull();
      }
    }
    expect(codes.size).toBe(units.length);
    expect(names.size).toBe(units.length);
    expect(social / units.length).toBeGreaterThan(0.1);
    expect(social / units.length).toBeLessThan(0.2);
    expect(zeroMembers / units.length).toBeGreaterThan(0.5);
    expect(branchSized).toBeGreaterThan(50);
    expect(closed / units.length).toBeGreaterThan(0.01);
    expect(closed / units.length).toBeLessThan(0.06);
    expect(units.some((u) => u.employee_count >= 1000)).toBe(true);
  });

  it('keeps every materialized path consistent', async () => {
    const territories = await db.kysely.selectFrom('territory').selectAll().orderBy('id').execute();
    const byId = new Map(territories.map((t) => [t.id, t]));
    for (const t of territories) {
      if (t.parent_id === null) {
        expect(t.kind).toBe('district');
        expect(t.path).toBe(`/${t.id}/`);
        expect(t.depth).toBe(0);
        continue;
      }
      const parent = byId.get(t.parent_id)!;
      expect(parent).toBeDefined();
      expect(t.path).toBe(`${parent.path}${t.id}/`);
      expect(t.depth).toBe(parent.depth + 1);
      expect(canNest(t.kind as TerritoryKind, parent.kind as TerritoryKind)).toBe(true);
    }
    const units = await db.kysely.selectFrom('unit').select(['territory_id', 'territory_path']).execute();
    for (const u of units) {
      const t = byId.get(u.territory_id)!;
      expect(u.territory_path).toBe(t.path);
      expect(canHoldUnits(t.kind as TerritoryKind)).toBe(true);
    }
  });

  it('creates the demo accounts with the password', async () => {
    const streets = await db.kysely.selectFrom('territory').select(['id', 'name']).where('kind', '=', 'street').orderBy('id').execute();
    const users = await db.kysely.selectFrom('app_user').selectAll().orderBy('id').execute();
    expect(users.map((u) => [u.username, u.role, u.scope_territory_id])).toEqual([
      ['admin', 'district_admin', 1],
      ['street1', 'street_admin', streets[0]!.id],
      ['street2', 'street_admin', streets[1]!.id],
      ['instructor1', 'instructor', streets[0]!.id],
    ]);
    expect(result.accounts).toEqual([
      { username: 'admin', role: 'district_admin', scope: N.DISTRICT_NAME },
      { username: 'street1', role: 'street_admin', scope: streets[0]!.name },
      { username: 'street2', role: 'street_admin', scope: streets[1]!.name },
      { username: 'instructor1', role: 'instructor', scope: streets[0]!.name },
    ]);
    for (const u of users) {
      expect(u.locale).toBe('zh-CN');
      expect(u.status).toBe('active');
      expect(u.failed_logins).toBe(0);
      expect(u.display_name).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(await verifyPassword(users[0]!.password_hash, PASSWORD)).toBe(true);
    expect(await verifyPassword(users[3]!.password_hash, 'wrong')).toBe(false);
  });

  it('reports progress per batch', () => {
    const units = progress.filter((p) => p.phase === 'unit');
    expect(units.length).toBeGreaterThanOrEqual(6);
    expect(units.at(-1)).toEqual({ done: 3000, total: 3000, phase: 'unit' });
    expect(progress.some((p) => p.phase === 'territory' && p.done === p.total)).toBe(true);
  });

  it('refuses a database that already has a district', async () => {
    await expect(seedDemo(db, { preset: 'demo', seed: 42, password: PASSWORD, clock })).rejects.toThrow(/already holds a district/);
  });

  it('gives the same data for the same seed and other data for another seed', async () => {
    const again = await freshDb();
    const other = await freshDb();
    try {
      await seedDemo(again, { preset: 'demo', seed: 42, password: PASSWORD, clock: new SettableClock(clock.now()) });
      await seedDemo(other, { preset: 'demo', seed: 43, password: PASSWORD, clock });
      expect(await tableHash(again, 'unit')).toBe(await tableHash(db, 'unit'));
      expect(await tableHash(again, 'territory')).toBe(await tableHash(db, 'territory'));
      expect(await tableHash(other, 'unit')).not.toBe(await tableHash(db, 'unit'));
      expect(await tableHash(other, 'territory')).not.toBe(await tableHash(db, 'territory'));
    } finally {
      await again.close();
      await other.close();
    }
  });

  // Runs when the test run has a PostgreSQL (test/support/global-setup.ts).
  it.skipIf(!inject('pgUrl'))('writes the same rows on PostgreSQL and moves its id sequences past them', async () => {
    const pg = await freshDialectDb('postgres');
    try {
      await seedDemo(pg, { preset: 'demo', seed: 42, password: PASSWORD, clock });
      expect(await tableHash(pg, 'unit')).toBe(await tableHash(db, 'unit'));
      expect(await tableHash(pg, 'territory')).toBe(await tableHash(db, 'territory'));
      const now = clock.now().toISOString();
      const t = await pg.kysely
        .insertInto('territory')
        .values({ district_id: 1, parent_id: 2, kind: 'building', name: '新楼', path: '/tmp/', depth: 2, status: 'active', created_at: now, updated_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      expect(t.id).toBe(result.counts.territories! + 1);
      const u = await pg.kysely
        .insertInto('app_user')
        .values({
          district_id: 1,
          username: 'new',
          display_name: '新',
          password_hash: 'x',
          role: 'member',
          locale: 'zh-CN',
          status: 'active',
          failed_logins: 0,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      expect(u.id).toBe(5);
    } finally {
      await pg.close();
    }
  });
});

describe('demo building blocks', () => {
  it('Random repeats per seed and label', () => {
    const a = new Random(1).derive('x');
    const b = new Random(1).derive('x');
    const c = new Random(1).derive('y');
    const seqA = Array.from({ length: 20 }, () => a.nextUint32());
    expect(Array.from({ length: 20 }, () => b.nextUint32())).toEqual(seqA);
    expect(Array.from({ length: 20 }, () => c.nextUint32())).not.toEqual(seqA);
    const r = new Random(5);
    for (let i = 0; i < 1000; i++) {
      const v = r.int(3, 7);
      expect(v >= 3 && v <= 7 && Number.isInteger(v)).toBe(true);
    }
    expect(r.shuffle([1, 2, 3, 4, 5]).sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it('Permutation is a bijection', () => {
    for (const size of [1, 7, 1000, 3364]) {
      const p = new Permutation(size, `k${size}`);
      const seen = new Set<number>();
      for (let i = 0; i < size; i++) seen.add(p.at(i));
      expect(seen.size).toBe(size);
    }
    const big = new Permutation(31 ** 6, 'big');
    expect(new Set(Array.from({ length: 1000 }, (_, i) => big.at(i))).size).toBe(1000);
  });

  it('brand characters never occur in the fixed parts of names', () => {
    const fixed = [
      N.CITY_NAME,
      N.DISTRICT_NAME,
      ...Object.values(N.INDUSTRY_PHRASES).flat(),
      ...Object.values(N.SHOP_PHRASES).flat(),
      ...N.COOPERATIVE_PHRASES,
      ...N.LEGAL_FORMS.map(([f]) => f),
      ...N.FOREIGN_LEGAL_FORMS.map(([f]) => f),
      ...Object.values(N.PNE_FORMS).flat(),
      ...N.FOUNDATION_FORMS,
      ...N.ASSOCIATION_FORMS,
    ].join('');
    for (const ch of [...N.BRAND_CHARS, ...N.FOREIGN_BRAND_CHARS]) expect(fixed.includes(ch), ch).toBe(false);
    // A social word made only of brand characters could repeat a brand name.
    for (const w of N.SOCIAL_WORDS) expect([...w].every((ch) => (N.BRAND_CHARS as readonly string[]).includes(ch)), w).toBe(false);
    expect(new Set(N.BRAND_CHARS).size).toBe(N.BRAND_CHARS.length);
  });

  it('Namer hands out distinct names per key', () => {
    const namer = new N.Namer('t');
    const tiers = [N.wordTier(N.SOCIAL_WORDS), ...N.brandTiers(N.BRAND_CHARS)];
    const seen = new Set<string>();
    for (let i = 0; i < 10000; i++) seen.add(namer.next('k', tiers));
    expect(seen.size).toBe(10000);
  });

  it('person names look Chinese', () => {
    const rng = new Random(3);
    for (let i = 0; i < 100; i++) expect(N.personName(rng)).toMatch(/^[\u4e00-\u9fff]{2,4}$/);
  });
});
