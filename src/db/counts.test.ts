import { sql, type Kysely, type Transaction } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, freshDb } from '../../test/support/db.js';
import { addMember, loadFixture, type Fixture } from '../../test/support/fixture.js';
import type { Db } from './connect.js';
import type { Database } from './schema.js';

type Q = Kysely<Database> | Transaction<Database>;
import { deferMemberCounts, foldMemberCounts, rebuildKeptCounts } from './counts.js';

/** Every count that triggers on `member` keep, as one comparable snapshot. */
async function memberCounts(k: Q) {
  const [byNode, byOrg, units] = await Promise.all([
    k.selectFrom('member_count').select(['territory_path', 'status', 'stage', 'n']).where('n', '<>', 0).orderBy('territory_path').orderBy('status').orderBy('stage').execute(),
    k.selectFrom('org_member_rollup').select(['party_org_id', 'status', 'stage', 'n']).where('n', '<>', 0).orderBy('party_org_id').orderBy('status').orderBy('stage').execute(),
    k.selectFrom('unit').select(['id', 'registry_members', 'registry_full']).orderBy('id').execute(),
  ]);
  return { byNode, byOrg, units };
}

const logged = async (k: Q) => Number((await sql<{ n: number }>`select count(*) as n from member_delta`.execute(k)).rows[0]!.n);

describe.each(dialects())('member counts deferred by a long writer on %s', (dialect) => {
  let db: Db;
  let fx: Fixture;
  let unitId: number;
  let before: Awaited<ReturnType<typeof memberCounts>>;

  beforeAll(async () => {
    db = await freshDb(dialect);
    fx = await loadFixture(db);
    unitId = fx.units['星火科技有限公司']!;
    for (const stage of ['full', 'probationary', 'applicant'] as const) await addMember(db, fx.orgs.branchA, { stage, employerUnitId: unitId });
    await addMember(db, fx.orgs.committeeB, { stage: 'full' });
    before = await memberCounts(db.kysely);
  });
  afterAll(() => db?.close());

  it('logs every kind of write instead of counting it, and folds the log into exactly the counts the triggers keep', async () => {
    const k = db.kysely;
    const mine = await k.selectFrom('member').select(['id', 'stage', 'party_org_id']).where('party_org_id', '=', fx.orgs.branchA.id).orderBy('id').execute();
    expect(mine.length).toBeGreaterThanOrEqual(3);
    const [moved, promoted, closed] = mine; // full, probationary, applicant
    const committeeB = await k.selectFrom('party_org').select(['path', 'territory_path']).where('id', '=', fx.orgs.committeeB.id).executeTakeFirstOrThrow();

    await k.transaction().execute(async (trx) => {
      await deferMemberCounts(trx);
      const template = await trx.selectFrom('member').selectAll().where('id', '=', promoted!.id).executeTakeFirstOrThrow();
      const { id: _id, ...copy } = template;
      await trx.insertInto('member').values({ ...copy, stage: 'candidate', full_on: null }).execute();
      await trx.updateTable('member').set({ stage: 'full' }).where('id', '=', promoted!.id).execute();
      await trx
        .updateTable('member')
        .set({ party_org_id: fx.orgs.committeeB.id, org_path: committeeB.path, territory_path: committeeB.territory_path })
        .where('id', '=', moved!.id)
        .execute();
      await trx.updateTable('member').set({ status: 'closed', closed_on: '2026-11-20', closed_reason: 'deceased' }).where('id', '=', closed!.id).execute();
      // A write that changes nothing counted is not logged.
      await trx.updateTable('member').set({ last_contact_on: '2026-11-21' }).where('party_org_id', '=', fx.orgs.committeeB.id).execute();

      // Inside the transaction the counts stand still and the log holds the rows: old (-1) and new (+1) of each change.
      expect(await memberCounts(trx)).toEqual(before);
      expect(await logged(trx)).toBe(1 + 2 + 2 + 2);
      await foldMemberCounts(trx);
      expect(await logged(trx)).toBe(0);
    });

    const after = await memberCounts(db.kysely);
    expect(after).not.toEqual(before);
    expect(after.units.find((u) => u.id === unitId)).toEqual({
      id: unitId,
      // The new candidate joins, the closed member leaves; the promoted one becomes full.
      registry_members: before.units.find((u) => u.id === unitId)!.registry_members + 1 - 1,
      registry_full: before.units.find((u) => u.id === unitId)!.registry_full + 1,
    });
    expect(await rebuildKeptCounts(db.kysely, fx.districtId)).toBe(0);
  });

  it('ends with the transaction: the next writer is counted by the triggers again', async () => {
    await addMember(db, fx.orgs.branchA, { stage: 'activist', employerUnitId: unitId });
    expect(await logged(db.kysely)).toBe(0);
    expect(await rebuildKeptCounts(db.kysely, fx.districtId)).toBe(0);
  });

  it('leaves nothing behind when the transaction rolls back', async () => {
    const counts = await memberCounts(db.kysely);
    await expect(
      db.kysely.transaction().execute(async (trx) => {
        await deferMemberCounts(trx);
        await trx.deleteFrom('member').where('party_org_id', '=', fx.orgs.branchA.id).execute();
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await logged(db.kysely)).toBe(0);
    expect(await memberCounts(db.kysely)).toEqual(counts);
    await addMember(db, fx.orgs.branchB, { stage: 'full' });
    expect(await rebuildKeptCounts(db.kysely, fx.districtId)).toBe(0);
  });

  it('is refused outside a transaction', async () => {
    await expect(deferMemberCounts(db.kysely)).rejects.toThrow(/within a transaction/);
  });
});
