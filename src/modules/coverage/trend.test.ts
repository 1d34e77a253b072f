import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, type Client, type Harness } from '../../../test/support/client.js';
import { dialects } from '../../../test/support/db.js';
import { countsOnDates } from './queries.js';
import { keepableBefore } from './trend.js';

describe('keepableBefore', () => {
  it('keeps month ends before the month that held now − 10 h, in UTC', () => {
    expect(keepableBefore(Date.parse('2026-12-05T12:00:00Z'))).toBe('2026-12-01');
    expect(keepableBefore(Date.parse('2026-12-01T09:59:59Z'))).toBe('2026-11-01');
    expect(keepableBefore(Date.parse('2026-12-01T10:00:00Z'))).toBe('2026-12-01');
    expect(keepableBefore(Date.parse('2027-01-01T03:00:00Z'))).toBe('2026-12-01');
  });
});

describe.each(dialects())('kept month-end coverage counts on %s', (dialect) => {
  let h: Harness;
  let street1: Client;
  beforeAll(async () => {
    h = await harness(dialect);
    street1 = await h.as('street1');
  });
  afterAll(() => h.close());

  const version = async () => (await h.db.kysely.selectFrom('coverage_history').select('v').where('district_id', '=', h.fx.districtId).executeTakeFirstOrThrow()).v;
  const trend = async () => {
    const res = await street1.get(`/api/v1/coverage/trend?territoryId=${h.fx.streetA}&months=4`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items as { on: string; counts: Record<string, number> }[];
  };
  /** What the trend must answer: every date counted from the history. */
  const counted = async (dates: string[]) => {
    const path = (await h.db.kysely.selectFrom('territory').select('path').where('id', '=', h.fx.streetA).executeTakeFirstOrThrow()).path;
    return countsOnDates(h.db.kysely, { districtId: h.fx.districtId, territoryPath: path, partyOrgId: null, partyOrgPath: null }, path, dates);
  };
  const kept = () =>
    h.db.kysely.selectFrom('coverage_snapshot').select(['on_date', 'v', 'own', 'operating']).where('territory_id', '=', h.fx.streetA).orderBy('on_date').execute();

  it('keeps the past month ends, answers from them, and counts again after a write that reaches back', async () => {
    const first = await trend();
    const dates = first.map((t) => t.on);
    expect(dates).toEqual(['2026-08-31', '2026-09-30', '2026-10-31', '2026-11-23']);
    expect(first.map((t) => t.counts)).toEqual(await counted(dates));
    // Today (the fixed clock's) is not kept: it moves with every write.
    const v = await version();
    expect(await kept()).toEqual(dates.slice(0, 3).map((on, i) => ({ on_date: on, v, own: first[i]!.counts.own, operating: first[i]!.counts.operating })));

    // Answered from what is kept: a kept row changed by hand shows.
    await h.db.kysely.updateTable('coverage_snapshot').set({ own: 99 }).where('on_date', '=', '2026-09-30').execute();
    expect((await trend())[1]!.counts.own).toBe(99);

    // Closing a unit as of 15 September reaches back: the kept counts are void, and counted again.
    const unit = h.fx.units['星火科技有限公司']!;
    const closed = await street1.post(`/api/v1/units/${unit}/close`, { reason: '注销', closedOn: '2026-09-15' });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(await version()).toBeGreaterThan(v);
    const after = await trend();
    expect(after.map((t) => t.counts)).toEqual(await counted(dates));
    expect(after[1]!.counts.own).not.toBe(99);
    expect(after[1]!.counts.operating).toBe(first[1]!.counts.operating! - 1);
    expect(after[0]!.counts).toEqual(first[0]!.counts);
    const now = await version();
    expect((await kept()).map((r) => r.v)).toEqual([now, now, now]);
  });

  it('bumps the version for writes that reach back, once per transaction on PostgreSQL, and not for others', async () => {
    const k = h.db.kysely;
    const unit = h.fx.units['大厦物业管理有限公司']!;
    const org = h.fx.orgs.committeeA.id;
    const bumps = async (write: () => Promise<unknown>) => {
      const before = await version();
      await write();
      return (await version()) - before;
    };
    const insertAssignment = (since: string, until: string | null) =>
      k
        .insertInto('liaison_assignment')
        .values({ district_id: h.fx.districtId, unit_id: unit, person_id: h.fx.people.A, kind: 'liaison', since_on: since, until_on: until, created_at: '2026-11-23T00:00:00Z' })
        .returning('id')
        .executeTakeFirstOrThrow();
    // Dates from next month on change no past month end.
    const future = await insertAssignment('2999-01-01', null);
    expect(await bumps(async () => future)).toBe(0);
    expect(await bumps(() => k.updateTable('liaison_assignment').set({ until_on: '2999-02-01' }).where('id', '=', future.id).execute())).toBe(0);
    expect(await bumps(() => k.updateTable('unit').set({ name: '大厦物业管理有限公司（更名）' }).where('id', '=', unit).execute())).toBe(0);
    expect(await bumps(() => k.updateTable('party_org').set({ name: '甲街道委员会' }).where('id', '=', org).execute())).toBe(0);
    // Past dates, a move, a formation mode: each rewrites the past.
    expect(await bumps(() => insertAssignment('2026-01-01', '2026-02-01'))).toBe(1);
    expect(await bumps(() => k.updateTable('liaison_assignment').set({ since_on: '2026-06-01' }).where('id', '=', future.id).execute())).toBe(1);
    expect(await bumps(() => k.deleteFrom('liaison_assignment').where('id', '=', future.id).execute())).toBe(1);
    expect(await bumps(() => k.updateTable('unit').set({ registered_on: '2001-01-01' }).where('id', '=', unit).execute())).toBe(1);
    const [path] = await sql<{ territory_path: string }>`select territory_path from unit where id = ${unit}`.execute(k).then((r) => r.rows);
    expect(await bumps(() => k.updateTable('unit').set({ territory_path: path!.territory_path }).where('id', '=', unit).execute())).toBe(0);
    const street = await k.selectFrom('territory').select(['id', 'path']).where('id', '=', h.fx.streetA).executeTakeFirstOrThrow();
    expect(await bumps(() => k.updateTable('unit').set({ territory_id: street.id, territory_path: street.path }).where('id', '=', unit).execute())).toBe(1);
    expect(await bumps(() => k.updateTable('party_org').set({ founded_on: '2001-01-01' }).where('id', '=', org).execute())).toBe(1);
    // Many rows in one transaction: PostgreSQL writes the version once; SQLite once per row.
    const rows = await bumps(() =>
      k.transaction().execute(async (trx) => {
        for (const since of ['2025-01-01', '2025-02-01', '2025-03-01']) {
          await trx
            .insertInto('liaison_assignment')
            .values({ district_id: h.fx.districtId, unit_id: unit, person_id: h.fx.people.A, kind: 'liaison', since_on: since, until_on: '2025-04-01', created_at: '2026-11-23T00:00:00Z' })
            .execute();
        }
      }),
    );
    expect(rows).toBe(dialect === 'postgres' ? 1 : 3);
  });
});
