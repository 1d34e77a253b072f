import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, freshDb } from '../../../test/support/db.js';
import { SettableClock } from '../../domain/clock.js';
import { seedDemo } from '../../db/demo/generate.js';
import type { Db } from '../../db/connect.js';
import { vaultFromKey } from '../../server/crypto.js';
import type { Scope } from '../../server/scope.js';
import { listMemberRows, type MemberFilterValues } from './queries.js';

/**
 * The name-ordered page has two plans: above 5,000 matches it walks people in
 * name order, below it sorts the matches. The demo district (≈ 6,000 members)
 * takes both, and each must give the page a plain sort gives.
 */
describe.each(dialects())('member list pages in name order on %s', (dialect) => {
  let db: Db;
  let scope: Scope;

  beforeAll(async () => {
    db = await freshDb(dialect);
    await seedDemo(db, { preset: 'demo', seed: 42, password: 'cohesion-demo', clock: new SettableClock('2026-11-23T08:00:00.000Z'), vault: vaultFromKey(Buffer.alloc(32, 1)) });
    const root = await db.kysely.selectFrom('territory').select(['district_id', 'path']).where('parent_id', 'is', null).executeTakeFirstOrThrow();
    scope = { districtId: root.district_id, territoryPath: root.path, partyOrgId: null, partyOrgPath: null };
  }, 300_000);
  afterAll(async () => {
    await db.close();
  });

  /** The same page by a plain sort of every match, in the database's own collation. */
  async function expected(where: ReturnType<typeof sql>, page: number, pageSize: number) {
    const { rows } = await sql<{ id: number; n: number }>`
      select member.id, count(*) over () as n from member join person on person.id = member.person_id
      where member.district_id = ${scope.districtId} and ${where}
      order by person.name, member.id limit ${pageSize} offset ${(page - 1) * pageSize}`.execute(db.kysely);
    return { ids: rows.map((r) => r.id), total: Number(rows[0]?.n ?? 0) };
  }

  const cases: [string, MemberFilterValues, ReturnType<typeof sql>][] = [
    ['every member (walks people)', {}, sql`1 = 1`],
    ['full members (walks people)', { stage: 'full' }, sql`member.stage = 'full'`],
    ['women (a condition on the person: sorted)', { gender: 'female' }, sql`person.gender = 'female'`],
    ['mobile members (few: sorted)', { mobile: true }, sql`member.is_mobile = 1`],
  ];

  it.each(cases)('%s', async (_label, filter, where) => {
    for (const page of [1, 3]) {
      const got = await listMemberRows(db.kysely, scope, filter, page, 20);
      const want = await expected(where, page, 20);
      expect(want.ids).toHaveLength(20);
      expect(got.rows.map((r) => r.id)).toEqual(want.ids);
      expect(got.total).toBe(want.total);
    }
  });

  it('the demo district is large enough for the walk and the filters small enough for the sort', async () => {
    expect((await expected(sql`1 = 1`, 1, 1)).total).toBeGreaterThan(5000);
    expect((await expected(sql`person.gender = 'female'`, 1, 1)).total).toBeLessThan(5000);
  });
});
