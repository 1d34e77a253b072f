/**
 * The life-compliance rollup (docs/decisions/0008-life-compliance-rollup.md),
 * on both databases: what GET /api/v1/life/compliance answers from stored rows
 * is what a live evaluation of the same data says — for every scope, node,
 * status filter and page — and stays so after each kind of write (meetings,
 * roll call, minutes, posts, members, party groups, closing and moving
 * organizations, rule settings), on the next day, and after writes that
 * bypass the app (repaired by the read's count and by `cohesion check`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { residentIdCheckChar } from '../../src/domain/ids.js';
import { emptyCounts, type LifeStatus } from '../../src/domain/life.js';
import { SOURCES } from '../../src/domain/sources.js';
import { lifeDistrict } from '../../src/modules/life/common.js';
import { checkLifeCompliance, evaluateOrgs, invalidateLifeCompliance, refreshLifeCompliance } from '../../src/modules/life/rollup.js';
import { harness, type Client, type Harness } from '../support/client.js';
import { dialects } from '../support/db.js';
import { addMember, addOrg, NOW, type Node, type OrgNode } from '../support/fixture.js';

const put = (c: Client, url: string, body: unknown) => c.request('PUT', url, body);

function residentId(seq: number): string {
  const body = `110105198001${String(10 + (seq % 18)).padStart(2, '0')}${String(seq).padStart(3, '0')}`;
  return body + residentIdCheckChar(body);
}

type Answer = {
  today: string;
  summary: Record<LifeStatus, number>;
  nodes: { territoryId: number; name: string; counts: Record<LifeStatus, number> }[];
  items: { orgId: number; orgName: string; status: LifeStatus; requirements: Record<string, unknown>[] }[];
  total: number;
};

describe.each(dialects())('life-compliance rollup on %s', (dialect) => {
  let h: Harness;
  let admin: Client;
  let street1: Client;
  let street2: Client;
  let secretary: Client;
  let market: OrgNode;
  let generalB: OrgNode;
  let memberA: number;

  beforeAll(async () => {
    h = await harness(dialect);
    const { branchA, branchB, committeeA, committeeB } = h.fx.orgs;
    memberA = (await addMember(h.db, branchA, { name: '王小明' })).memberId;
    await addMember(h.db, branchA, { name: '李红' });
    await addMember(h.db, branchA, { name: '赵强', stage: 'probationary', dates: { admitted_on: '2026-03-01', probation_until: '2027-03-01' } });
    market = await addOrg(h.db, h.fx.nodes.marketA, committeeA, 'branch', '小商品市场党支部');
    for (let i = 0; i < 6; i++) await addMember(h.db, market, { name: `市场党员${i}` });
    generalB = await addOrg(h.db, h.fx.nodes.parkB, committeeB, 'general_branch', '乙园联合党总支');
    await addOrg(h.db, h.fx.nodes.parkB, branchB, 'party_group', '乙园第一党小组');
    const closed = await addOrg(h.db, h.fx.nodes.parkB, committeeB, 'branch', '已撤销党支部');
    await h.db.kysely.updateTable('party_org').set({ status: 'closed', closed_on: '2026-06-01', closed_reason: '单位注销' }).where('id', '=', closed.id).execute();
    await invalidateLifeCompliance(h.db.kysely, [closed.id]);
    await login();
  });
  afterAll(() => h.close());

  /** Sessions expire as the test clock moves: log in again at the clock's time. */
  async function login() {
    [admin, street1, street2, secretary] = await Promise.all([h.as('admin'), h.as('street1'), h.as('street2'), h.as('secretary')]);
  }

  const get = async (c: Client, query = ''): Promise<Answer> => {
    const res = await c.get(`/api/v1/life/compliance?pageSize=100${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const itemOf = (a: Answer, orgId: number) => a.items.find((i) => i.orgId === orgId)!;
  const req = (a: Answer, orgId: number, id: string) => itemOf(a, orgId).requirements.find((r) => r.requirementId === id)!;

  /** What the endpoint answered before the rollup: every organization evaluated live from the data, now. */
  async function live(opts: { territoryPath?: string; orgPath?: string; orgId?: number; node?: Node | null; status?: LifeStatus; page?: number; pageSize?: number }) {
    const k = h.db.kysely;
    const d = await lifeDistrict(k, h.fx.districtId, h.clock);
    const orgs = (await k.selectFrom('party_org').selectAll().where('district_id', '=', h.fx.districtId).where('status', '=', 'active').where('kind', '!=', 'party_group').orderBy('path').execute()).filter(
      (o) => (!opts.territoryPath || o.territory_path.startsWith(opts.territoryPath)) && (!opts.orgPath || o.path.startsWith(opts.orgPath)) && (!opts.orgId || o.id === opts.orgId),
    );
    const evaluated = await evaluateOrgs(k, orgs, d);
    const count = (list: typeof evaluated) => {
      const c = emptyCounts();
      for (const e of list) c[e.status]++;
      return c;
    };
    const children = opts.node ? await k.selectFrom('territory').select(['id', 'name', 'kind', 'path']).where('parent_id', '=', opts.node.id).where('status', '=', 'active').orderBy('name').execute() : [];
    const names = new Map((await k.selectFrom('territory').select(['id', 'name']).execute()).map((t) => [t.id, t.name]));
    const matching = opts.status ? evaluated.filter((e) => e.status === opts.status) : evaluated;
    const page = opts.page ?? 1;
    const size = opts.pageSize ?? 100;
    return {
      period: null,
      today: d.today,
      rulesVersion: 'life-2018',
      summary: count(evaluated),
      nodes: children.map((c) => ({ territoryId: c.id, name: c.name, kind: c.kind, counts: count(evaluated.filter((e) => e.org.territory_path.startsWith(c.path))) })),
      items: matching.slice((page - 1) * size, page * size).map((e) => ({
        orgId: e.org.id,
        orgName: e.org.name,
        orgKind: e.org.kind,
        territoryId: e.org.territory_id,
        territoryName: names.get(e.org.territory_id),
        status: e.status,
        requirements: e.requirements.map((r) => ({ ...r, sources: r.sources.map((code) => ({ code, title: SOURCES[code] })) })),
      })),
      total: matching.length,
    };
  }

  /** Every view the tests look at, against the live evaluation. */
  async function expectLiveEverywhere() {
    const { root, streetA, streetB, buildingA } = h.fx.nodes;
    expect(await get(admin)).toEqual(await live({ node: root }));
    expect(await get(admin, `&territoryId=${streetB.id}`)).toEqual(await live({ node: streetB, territoryPath: streetB.path }));
    expect(await get(street1)).toEqual(await live({ node: streetA, territoryPath: streetA.path }));
    expect(await get(street1, `&territoryId=${buildingA.id}`)).toEqual(await live({ node: buildingA, territoryPath: buildingA.path }));
    expect(await get(street2, '&status=amber')).toEqual(await live({ node: streetB, territoryPath: streetB.path, status: 'amber' }));
    expect(await get(secretary)).toEqual(await live({ orgPath: h.fx.orgs.branchA.path }));
    const res = await admin.get('/api/v1/life/compliance?page=2&pageSize=2');
    expect(res.json()).toEqual(await live({ node: root, page: 2, pageSize: 2 }));
    for (const org of [h.fx.orgs.branchA, market]) expect(await get(admin, `&orgId=${org.id}`)).toEqual(await live({ orgId: org.id }));
  }

  async function hold(c: Client, orgId: number, kind: string, memberId: number, extra: Record<string, unknown> = {}, lock = true) {
    const created = await c.post('/api/v1/meetings', { orgId, kind, title: `${kind} 测试`, startsAt: '2026-11-20T06:00:00Z', endsAt: '2026-11-20T07:00:00Z', audience: 'org', ...extra });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as number;
    expect((await put(c, `/api/v1/meetings/${id}/attendance`, [{ memberId, status: 'present' }])).statusCode).toBe(200);
    expect((await put(c, `/api/v1/meetings/${id}/minutes`, { bodyHtml: '<p>记录</p>' })).statusCode).toBe(200);
    if (lock) expect((await c.post(`/api/v1/meetings/${id}/minutes/lock`)).statusCode).toBe(200);
    return id;
  }

  it('answers from stored rows exactly what the live evaluation says, for every scope, node, filter and page', async () => {
    const { branchA, branchB, committeeA, committeeB } = h.fx.orgs;
    await hold(secretary, branchA.id, 'theme_day', memberA);
    const district = await get(admin);
    // Five organizations of the district: two committees, two branches, the general branch (not the closed branch, not the party group, not the neighbour's).
    expect(district.items.map((i) => i.orgName)).toEqual(['甲街道综合经济党委', '星火科技有限公司党支部', '小商品市场党支部', '乙街道综合经济党委', '乙园软件股份有限公司党支部', '乙园联合党总支']);
    expect(district.total).toBe(6);
    expect(district.summary).toEqual({ green: 0, amber: 6, red: 0, open: 0, not_applicable: 0 });
    expect(district.nodes.map((n) => [n.name, n.counts.amber])).toEqual([
      ['乙街道', 3],
      ['甲街道', 3],
    ]);
    // 2026-11-23: November ends in 8 days (amber window 10); the theme day held on the 20th counts.
    expect(req(district, branchA.id, 'theme_day')).toMatchObject({ key: '2026-11', required: 1, held: 1, status: 'green', daysLeft: 8, sources: [{ code: 'Branch' }] });
    expect(req(district, market.id, 'theme_day')).toMatchObject({ held: 0, status: 'amber', daysLeft: 8 });
    expect(req(district, branchB.id, 'group_meeting')).toMatchObject({ applies: true, required: 1, held: 0 });
    expect(req(district, market.id, 'committee_meeting')).toMatchObject({ applies: false, notApplicable: { en: 'No committee (fewer than 7 full members: a secretary only)' } });
    expect(itemOf(district, committeeA.id).status).toBe('amber');
    expect(itemOf(district, committeeB.id).status).toBe('amber');
    expect(itemOf(district, generalB.id).status).toBe('amber');
    await expectLiveEverywhere();
    const rows = await h.db.kysely.selectFrom('life_compliance').select(['party_org_id', 'as_of', 'district_id']).where('district_id', '=', h.fx.districtId).execute();
    expect(rows.map((r) => r.as_of)).toEqual(Array(6).fill('2026-11-23'));
    // The other district is nobody's business here, and answers its own.
    const other = await h.as('other_admin');
    expect((await get(other)).items.map((i) => i.orgName)).toEqual(['邻镇党委']);
  });

  it('counts a meeting on the next read once attendance is recorded and the minutes are locked — not before', async () => {
    const { branchA } = h.fx.orgs;
    const before = await get(secretary);
    expect(req(before, branchA.id, 'party_lecture')).toMatchObject({ held: 0, status: 'open' });
    expect(req(before, branchA.id, 'secretary_lecture')).toMatchObject({ held: 0, status: 'amber' });
    const created = await secretary.post('/api/v1/meetings', {
      orgId: branchA.id,
      kind: 'party_lecture',
      title: '书记讲党课',
      startsAt: '2026-11-21T06:00:00Z',
      endsAt: '2026-11-21T07:00:00Z',
      audience: 'org',
      hostPersonId: h.fx.people.A,
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;
    expect((await put(secretary, `/api/v1/meetings/${id}/attendance`, [{ memberId: memberA, status: 'present' }])).statusCode).toBe(200);
    await put(secretary, `/api/v1/meetings/${id}/minutes`, { bodyHtml: '<p>讲授党章</p>' });
    // Held, but its minutes are not locked: it does not count yet.
    expect(req(await get(secretary), branchA.id, 'party_lecture')).toMatchObject({ held: 0 });
    const row = () => h.db.kysely.selectFrom('life_compliance').select(['as_of', 'generation']).where('party_org_id', '=', branchA.id).executeTakeFirstOrThrow();
    const generation = (await row()).generation;
    expect((await secretary.post(`/api/v1/meetings/${id}/minutes/lock`)).statusCode).toBe(200);
    // The lock invalidated the row in its own transaction.
    expect(await row()).toEqual({ as_of: '', generation: generation + 1 });
    const after = await get(secretary);
    expect(req(after, branchA.id, 'party_lecture')).toMatchObject({ held: 1, status: 'green' });
    expect(req(after, branchA.id, 'secretary_lecture')).toMatchObject({ held: 1, status: 'green' });
    expect((await row()).as_of).toBe('2026-11-23');
    await expectLiveEverywhere();
  });

  it('changes every organization when the district changes its rule numbers', async () => {
    const { branchA, committeeA } = h.fx.orgs;
    const off = { branchAssembliesPerQuarter: 0, committeeMeetingsPerMonth: 0, groupMeetingsPerMonth: 0, partyLecturesPerQuarter: 0, secretaryLecturesPerYear: 0, organizationalLifeMeetingsPerYear: 0, heartToHeartTalksPerYear: 0 };
    expect((await admin.patch('/api/v1/rule-settings', { life: off })).statusCode).toBe(200);
    try {
      const a = await get(admin);
      // Only the theme day is left: branch A held it, the market branch not yet; committees have nothing to do.
      expect(itemOf(a, branchA.id).status).toBe('green');
      expect(itemOf(a, market.id).status).toBe('amber');
      expect(itemOf(a, committeeA.id).status).toBe('not_applicable');
      expect(req(a, branchA.id, 'branch_assembly')).toMatchObject({ applies: false, notApplicable: { en: 'The district has set this requirement to 0 (not required)' } });
      // Branch B still owes its theme day; the general branch has no theme days (branches only), so nothing applies to it.
      expect(itemOf(a, generalB.id).status).toBe('not_applicable');
      expect(a.summary).toEqual({ green: 1, amber: 2, red: 0, open: 0, not_applicable: 3 });
      await expectLiveEverywhere();
    } finally {
      const back = Object.fromEntries(Object.keys(off).map((key) => [key, null]));
      expect((await admin.patch('/api/v1/rule-settings', { life: back })).statusCode).toBe(200);
    }
    expect(itemOf(await get(admin), branchA.id).status).toBe('amber');
  });

  it('gives a branch a committee when a committee member takes office or a seventh member is registered full — and takes it back', async () => {
    const { branchB } = h.fx.orgs;
    expect(req(await get(street2), branchB.id, 'committee_meeting')).toMatchObject({ applies: false });
    const post = await street2.post(`/api/v1/party-orgs/${branchB.id}/posts`, { personId: h.fx.people.B, post: 'committee_member', startedOn: '2026-11-01' });
    expect(post.statusCode, post.body).toBe(200);
    expect(req(await get(street2), branchB.id, 'committee_meeting')).toMatchObject({ applies: true, key: '2026-11', required: 1, held: 0, status: 'amber', notApplicable: null });
    const postId = (await h.db.kysely.selectFrom('org_post').select('id').where('party_org_id', '=', branchB.id).where('post', '=', 'committee_member').executeTakeFirstOrThrow()).id;
    expect((await street2.post(`/api/v1/party-orgs/${branchB.id}/posts/${postId}/end`, { endedOn: '2026-11-22' })).statusCode).toBe(200);
    expect(req(await get(street2), branchB.id, 'committee_meeting')).toMatchObject({ applies: false });

    // Six full members in the market branch; the seventh gives it a committee.
    expect(req(await get(street1), market.id, 'committee_meeting')).toMatchObject({ applies: false });
    const reg = await street1.post('/api/v1/members', { name: '钱七', gender: 'male', orgId: market.id, stage: 'full', admittedOn: '2010-07-01', fullOn: '2011-07-01', residentId: residentId(7) });
    expect(reg.statusCode, reg.body).toBe(201);
    expect(req(await get(street1), market.id, 'committee_meeting')).toMatchObject({ applies: true, status: 'amber' });
    await expectLiveEverywhere();
    expect((await street1.post(`/api/v1/members/${reg.json().id}/close`, { reason: 'deceased', closedOn: '2026-11-22' })).statusCode).toBe(200);
    expect(req(await get(street1), market.id, 'committee_meeting')).toMatchObject({ applies: false });

    // Seven again; then one transfers to branch B: the market branch has six, branch B one.
    const again = await street1.post('/api/v1/members', { name: '孙八', gender: 'female', orgId: market.id, stage: 'full', admittedOn: '2012-07-01', fullOn: '2013-07-01', residentId: residentId(8) });
    expect(again.statusCode, again.body).toBe(201);
    expect(req(await get(street1), market.id, 'committee_meeting')).toMatchObject({ applies: true });
    const t = await street1.post(`/api/v1/members/${again.json().id}/transfers`, { toOrgId: branchB.id, reason: '工作调动', requestedOn: '2026-11-22' });
    expect(t.statusCode, t.body).toBe(201);
    expect((await street1.post(`/api/v1/transfers/${t.json().id}/send`, {})).statusCode).toBe(200);
    expect(req(await get(street1), market.id, 'committee_meeting')).toMatchObject({ applies: true });
    expect((await street2.post(`/api/v1/transfers/${t.json().id}/receive`, { receivedOn: '2026-11-23' })).statusCode).toBe(200);
    expect(req(await get(street1), market.id, 'committee_meeting')).toMatchObject({ applies: false });
    await expectLiveEverywhere();
  });

  it('follows party groups formed and closed, and organizations moved and closed', async () => {
    const group = await street1.post('/api/v1/party-orgs', {
      parentId: market.id,
      kind: 'party_group',
      name: '市场第一党小组',
      formationMode: 'single',
      territoryId: h.fx.nodes.marketA.id,
      foundedOn: '2026-11-01',
    });
    expect(group.statusCode, group.body).toBe(201);
    const groupId = group.json().id;
    expect(req(await get(street1), market.id, 'group_meeting')).toMatchObject({ applies: true, required: 1, held: 0 });
    // A meeting the group holds itself counts for its branch.
    const member = (await addMember(h.db, { id: groupId, path: `${market.path}${groupId}/`, depth: 2, districtId: h.fx.districtId }, { name: '组员甲' })).memberId;
    await hold(street1, groupId, 'group_meeting', member);
    expect(req(await get(street1), market.id, 'group_meeting')).toMatchObject({ held: 1, status: 'green' });
    expect((await street1.post(`/api/v1/party-orgs/${groupId}/close`, { reason: '调整', closedOn: '2026-11-22' })).statusCode).toBe(200);
    expect(req(await get(street1), market.id, 'group_meeting')).toMatchObject({ applies: false, notApplicable: { en: 'No party groups' } });

    // Moved under street B's committee: the stored path follows, so does the order.
    expect((await admin.post(`/api/v1/party-orgs/${market.id}/move`, { parentId: h.fx.orgs.committeeB.id })).statusCode).toBe(200);
    const moved = await h.db.kysely.selectFrom('party_org').select('path').where('id', '=', market.id).executeTakeFirstOrThrow();
    expect(moved.path).toBe(`${h.fx.orgs.committeeB.path}${market.id}/`);
    expect((await h.db.kysely.selectFrom('life_compliance').select('org_path').where('party_org_id', '=', market.id).executeTakeFirstOrThrow()).org_path).toBe(moved.path);
    await expectLiveEverywhere();

    expect((await street2.post(`/api/v1/party-orgs/${generalB.id}/close`, { reason: '合并', closedOn: '2026-11-22' })).statusCode).toBe(200);
    const after = await get(admin);
    expect(after.items.map((i) => i.orgId)).not.toContain(generalB.id);
    expect(after.total).toBe(5);
    expect(await h.db.kysely.selectFrom('life_compliance').select('party_org_id').where('party_org_id', '=', generalB.id).execute()).toEqual([]);
    await expectLiveEverywhere();
  });

  it('evaluates again the rows of another day: the next day, and the next month', async () => {
    const { branchA } = h.fx.orgs;
    try {
      h.clock.set('2026-11-24T02:00:00.000Z');
      await login();
      const next = await get(secretary);
      expect(next.today).toBe('2026-11-24');
      expect(req(next, branchA.id, 'theme_day')).toMatchObject({ key: '2026-11', held: 1, daysLeft: 7 });
      expect((await h.db.kysely.selectFrom('life_compliance').select('as_of').where('party_org_id', '=', branchA.id).executeTakeFirstOrThrow()).as_of).toBe('2026-11-24');
      // Rows nobody has read yet today are still yesterday's, until someone does.
      expect((await h.db.kysely.selectFrom('life_compliance').select('as_of').where('party_org_id', '=', h.fx.orgs.branchB.id).executeTakeFirstOrThrow()).as_of).toBe('2026-11-23');
      await expectLiveEverywhere();
      h.clock.set('2026-12-01T02:00:00.000Z');
      await login();
      const december = await get(secretary);
      expect(req(december, branchA.id, 'theme_day')).toMatchObject({ key: '2026-12', held: 0, daysLeft: 31, status: 'open' });
      await expectLiveEverywhere();
    } finally {
      h.clock.set(NOW);
      await login();
    }
    expect(req(await get(secretary), branchA.id, 'theme_day')).toMatchObject({ key: '2026-11', held: 1, daysLeft: 8 });
  });

  it('repairs writes that bypassed invalidation: on the first read of an area, by a full refresh, and in `cohesion check`', async () => {
    const k = h.db.kysely;
    const { branchA, committeeB } = h.fx.orgs;
    // An organization inserted behind the app's back (no row), in a node nobody has read yet.
    const { id } = await k
      .insertInto('party_org')
      .values({
        district_id: h.fx.districtId,
        parent_id: committeeB.id,
        path: '',
        depth: 1,
        kind: 'branch',
        name: '直接写入党支部',
        formation_mode: 'single',
        territory_id: h.fx.nodes.parkB.id,
        territory_path: h.fx.nodes.parkB.path,
        founded_on: '2020-01-01',
        status: 'active',
        created_at: NOW,
        updated_at: NOW,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await k.updateTable('party_org').set({ path: `${committeeB.path}${id}/` }).where('id', '=', id).execute();
    const park = await get(admin, `&territoryId=${h.fx.nodes.parkB.id}`);
    expect(park.items.map((i) => i.orgName)).toContain('直接写入党支部');
    expect(park).toEqual(await live({ node: h.fx.nodes.parkB, territoryPath: h.fx.nodes.parkB.path }));

    // A stored status changed by hand, and a row removed by hand: the check finds both and repairs them.
    await refreshLifeCompliance(k, h.fx.districtId, h.clock);
    await k.updateTable('life_compliance').set({ status: 'green' }).where('party_org_id', '=', branchA.id).execute();
    await k.deleteFrom('life_compliance').where('party_org_id', '=', id).execute();
    expect(await checkLifeCompliance(k, h.fx.districtId, h.clock)).toEqual({ checked: 6, drifted: 2 });
    expect(await checkLifeCompliance(k, h.fx.districtId, h.clock)).toEqual({ checked: 6, drifted: 0 });
    expect((await k.selectFrom('life_compliance').select('status').where('party_org_id', '=', branchA.id).executeTakeFirstOrThrow()).status).toBe('amber');

    // A full refresh (what the demo generator runs after seeding) fills an empty rollup.
    await k.deleteFrom('life_compliance').where('district_id', '=', h.fx.districtId).execute();
    expect(await refreshLifeCompliance(k, h.fx.districtId, h.clock)).toEqual({ evaluated: 6 });
    expect(await refreshLifeCompliance(k, h.fx.districtId, h.clock)).toEqual({ evaluated: 0 });
    await expectLiveEverywhere();
  });
});
