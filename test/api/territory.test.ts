import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, type Client, type Harness } from '../support/client.js';
import { dialects } from '../support/db.js';
import { addUnit } from '../support/fixture.js';

describe.each(dialects())('territory on %s', (dialect) => {
  let h: Harness;
  let admin: Client;
  let street1: Client;
  beforeAll(async () => {
    h = await harness(dialect);
    admin = await h.as('admin');
    street1 = await h.as('street1');
  });
  afterAll(() => h.close());

  it('serves the tree of the caller\'s scope with operating-unit counts', async () => {
    const tree = (await admin.get('/api/v1/territories/tree')).json().items;
    expect(tree.map((n: { name: string }) => n.name)).toEqual(['测试区', '乙街道', '甲街道', '小商品市场', '科技园', '金融大厦']);
    expect(tree.find((n: { name: string }) => n.name === '金融大厦').unitCount).toBe(3);
    const mine = (await street1.get('/api/v1/territories/tree')).json().items;
    expect(mine.map((n: { name: string }) => n.name).sort()).toEqual(['小商品市场', '甲街道', '金融大厦'].sort());
    expect(mine[0]).toMatchObject({ name: '甲街道', parentId: h.fx.root, depth: 1 });
  });

  it('creates areas under a street with a path, and refuses kinds that do not nest', async () => {
    const res = await street1.post('/api/v1/territories', { parentId: h.fx.streetA, kind: 'community', name: '幸福社区', lng: 121.48, lat: 31.24 });
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json();
    expect(created.path).toBe(`${h.fx.nodes.streetA.path}${created.id}/`);
    expect(created.depth).toBe(2);
    const bad = await street1.post('/api/v1/territories', { parentId: created.id, kind: 'building', name: '楼中楼' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0]).toMatchObject({ field: 'kind', code: 'territory_bad_parent' });
    const noStreet = await street1.post('/api/v1/territories', { parentId: h.fx.root, kind: 'street', name: '丙街道' });
    expect(noStreet.statusCode).toBe(404);
    const street = await admin.post('/api/v1/territories', { parentId: h.fx.root, kind: 'street', name: '丙街道' });
    expect(street.statusCode).toBe(201);
  });

  it('lets the district, not the street admin, rename a street', async () => {
    expect((await street1.patch(`/api/v1/territories/${h.fx.streetA}`, { name: '新名' })).statusCode).toBe(403);
    const res = await admin.patch(`/api/v1/territories/${h.fx.streetA}`, { name: '甲街道（更名）' });
    expect(res.json().name).toBe('甲街道（更名）');
    const audit = (await admin.get(`/api/v1/audit-log?entityType=territory&entityId=${h.fx.streetA}`)).json().items[0];
    expect(audit).toMatchObject({ action: 'territory.update', before: { name: '甲街道' }, after: { name: '甲街道（更名）' } });
    await admin.patch(`/api/v1/territories/${h.fx.streetA}`, { name: '甲街道' });
  });

  it('moves a node with its subtree and its units, in one step', async () => {
    const building = (await admin.post('/api/v1/territories', { parentId: h.fx.streetA, kind: 'building', name: '迁移大厦' })).json();
    const unitId = await addUnit(h.db, { id: building.id, path: building.path, depth: 2, districtId: h.fx.districtId }, '迁移公司');
    const moved = await admin.post(`/api/v1/territories/${building.id}/move`, { parentId: h.fx.streetB });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().path).toBe(`${h.fx.nodes.streetB.path}${building.id}/`);
    const unit = (await admin.get(`/api/v1/units/${unitId}`)).json();
    expect(unit).toMatchObject({ streetId: h.fx.streetB, streetName: '乙街道' });
    // street1 no longer sees it; street2 does.
    expect((await street1.get(`/api/v1/units/${unitId}`)).statusCode).toBe(404);
    expect((await (await h.as('street2')).get(`/api/v1/units/${unitId}`)).statusCode).toBe(200);
    const intoSelf = await admin.post(`/api/v1/territories/${h.fx.streetA}/move`, { parentId: h.fx.buildingA });
    expect(intoSelf.json().error.details[0].code).toBe('territory_move_into_self');
  });

  it('closes only an empty node, never deletes it', async () => {
    const refused = await street1.post(`/api/v1/territories/${h.fx.marketA}/close`, { reason: '拆迁' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.details[0].code).toBe('territory_has_open_children');
    const empty = (await street1.post('/api/v1/territories', { parentId: h.fx.streetA, kind: 'market', name: '旧市场' })).json();
    const closed = await street1.post(`/api/v1/territories/${empty.id}/close`, { reason: '拆迁' });
    expect(closed.json()).toMatchObject({ status: 'closed', closedReason: '拆迁' });
    expect((await street1.get(`/api/v1/territories/${empty.id}`)).json().status).toBe('closed');
    const tree = (await street1.get('/api/v1/territories/tree')).json().items;
    expect(tree.some((n: { id: number }) => n.id === empty.id)).toBe(false);
    const all = (await street1.get('/api/v1/territories/tree?includeClosed=true')).json().items;
    expect(all.some((n: { id: number }) => n.id === empty.id)).toBe(true);
    const intoClosed = await street1.post('/api/v1/territories', { parentId: empty.id, kind: 'building', name: 'x' });
    expect(intoClosed.statusCode).toBe(400);
  });

  it('lists and searches nodes', async () => {
    const res = (await admin.get(`/api/v1/territories?within=${h.fx.streetA}&kind=building&sort=name`)).json();
    expect(res.items.every((t: { kind: string }) => t.kind === 'building')).toBe(true);
    expect(res.total).toBe(res.items.length);
    const q = (await admin.get(`/api/v1/territories?q=${encodeURIComponent('市场')}`)).json();
    expect(q.items.map((t: { name: string }) => t.name).sort()).toEqual(['小商品市场', '旧市场'].sort());
  });
});
