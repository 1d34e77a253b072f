import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, type Harness } from '../support/client.js';
import { dialects } from '../support/db.js';

describe.each(dialects())('audit log on %s', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness(dialect);
    const admin = await h.as('admin');
    await admin.patch(`/api/v1/units/${h.fx.units['星火科技有限公司']}`, { employeeCount: 121 });
    await admin.patch(`/api/v1/units/${h.fx.units['乙园软件股份有限公司']}`, { employeeCount: 801 });
  });
  afterAll(() => h.close());

  it('cannot be changed or deleted, even with direct SQL', async () => {
    const k = h.db.kysely;
    const n = (await k.selectFrom('audit_log').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n;
    expect(Number(n)).toBeGreaterThan(0);
    await expect(k.updateTable('audit_log').set({ action: 'forged' }).execute()).rejects.toThrow(/append-only/);
    await expect(k.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
    if (dialect === 'postgres') await expect(sql`truncate audit_log`.execute(k)).rejects.toThrow(/append-only/);
    const after = (await k.selectFrom('audit_log').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n;
    expect(Number(after)).toBe(Number(n));
  });

  it('shows a street admin only the entries of their street', async () => {
    const street2 = await h.as('street2');
    const items = (await street2.get('/api/v1/audit-log?entityType=unit')).json().items;
    expect(items.map((e: { entityId: string }) => e.entityId)).toEqual([String(h.fx.units['乙园软件股份有限公司'])]);
    const all = (await (await h.as('admin')).get('/api/v1/audit-log?entityType=unit')).json();
    expect(all.total).toBe(2);
  });

  it('keeps districts apart', async () => {
    const other = await h.as('other_admin');
    const items = (await other.get('/api/v1/audit-log?pageSize=100')).json().items;
    expect(items.every((e: { actorName: string }) => e.actorName === 'other_admin')).toBe(true);
  });

  it('filters by actor, action and time', async () => {
    const admin = await h.as('admin');
    const byActor = (await admin.get('/api/v1/audit-log?actor=admin&action=unit.update')).json();
    expect(byActor.total).toBe(2);
    const future = (await admin.get(`/api/v1/audit-log?from=${encodeURIComponent('2030-01-01T00:00:00Z')}`)).json();
    expect(future.total).toBe(0);
    const bad = await admin.get('/api/v1/audit-log?from=yesterday');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].field).toBe('from');
  });
});
