import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, type Client, type Harness } from '../support/client.js';
import { dialects } from '../support/db.js';
import { addMember, addUnit } from '../support/fixture.js';
import { rebuildKeptCounts } from '../../src/db/counts.js';
import { childrenTotal, countsOnDates } from '../../src/modules/coverage/queries.js';
import { sumCounts, type CoverageCounts } from '../../src/domain/coverage.js';

describe.each(dialects())('party organizations and coverage on %s', (dialect) => {
  let h: Harness;
  let admin: Client;
  let street1: Client;
  let small: number[];
  beforeAll(async () => {
    h = await harness(dialect);
    admin = await h.as('admin');
    street1 = await h.as('street1');
    // Three small units with 1–2 surveyed members in the building: a joint branch's case.
    small = [
      await addUnit(h.db, h.fx.nodes.buildingA, '一号咨询有限公司', { members: 1, industry: 'L' }),
      await addUnit(h.db, h.fx.nodes.buildingA, '二号设计有限公司', { members: 2, industry: 'M' }),
      await addUnit(h.db, h.fx.nodes.buildingA, '三号广告有限公司', { members: 1, industry: 'L' }),
    ];
  });
  afterAll(() => h.close());

  const streetA = async () => (await street1.get(`/api/v1/coverage?territoryId=${h.fx.streetA}`)).json();

  it('counts coverage for a street and each area under it', async () => {
    const c = await streetA();
    // Street A: 星火 (own), 明珠, 大厦物业, 小商品, 市场服装 + the three small units = 8 operating.
    expect(c.node.counts).toEqual({ operating: 8, own: 1, joint: 0, work: 0, none: 7 });
    expect(c.node.rates.organizational).toBe(0.125);
    expect(c.memberCountSource).toBe('survey');
    const building = c.children.find((x: { name: string }) => x.name === '金融大厦');
    expect(building.counts).toMatchObject({ operating: 6, own: 1, none: 5 });
  });

  it('pages, sorts and filters the areas under a street; the summary brings the largest for its chart', async () => {
    const c = await streetA();
    expect(c.childCount).toBe(2);
    // Largest first by operating units: 金融大厦 6, 小商品市场 2.
    expect(c.children.map((x: { name: string }) => x.name)).toEqual(['金融大厦', '小商品市场']);
    const children = async (query: string) => street1.get(`/api/v1/coverage/children?territoryId=${h.fx.streetA}&${query}`);
    const all = (await children('sort=-operating')).json();
    expect(all).toEqual({ items: c.children, total: 2 });
    expect((await children('sort=operating')).json().items.map((x: { name: string }) => x.name)).toEqual(['小商品市场', '金融大厦']);
    // Both have no organizational coverage but 金融大厦 (1 own of 6).
    expect((await children('sort=-organizational')).json().items[0].name).toBe('金融大厦');
    const second = (await children('sort=-operating&pageSize=1&page=2')).json();
    expect(second).toEqual({ items: [c.children[1]], total: 2 });
    expect((await children(`q=${encodeURIComponent('市场')}`)).json()).toEqual({ items: [c.children[1]], total: 1 });
    // The node is its children plus what lies directly in it.
    const sum = all.items.reduce((acc: number, x: { counts: { operating: number } }) => acc + x.counts.operating, 0);
    expect(sum + c.direct.operating).toBe(c.node.counts.operating);
    // A node with more children than the chart counts them apart (childrenTotal): the same sum.
    const streetPath = (await h.db.kysely.selectFrom('territory').select('path').where('id', '=', h.fx.streetA).executeTakeFirstOrThrow()).path;
    const scope = { districtId: h.fx.districtId, territoryPath: streetPath, partyOrgId: null, partyOrgPath: null };
    expect(await childrenTotal(h.db.kysely, scope, h.fx.streetA)).toEqual(sumCounts(all.items.map((x: { counts: CoverageCounts }) => x.counts)));

    const bad = await children('sort=-password');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].field).toBe('sort');
    expect((await street1.get(`/api/v1/coverage/children?territoryId=${h.fx.streetB}`)).statusCode).toBe(404);
  });

  it('ranks the worklist: form a branch first, then join a joint branch, then a liaison', async () => {
    const w = (await street1.get(`/api/v1/coverage/worklist?territoryId=${h.fx.streetA}&pageSize=50`)).json();
    expect(w.total).toBe(7);
    const actions = w.items.map((i: { action: string }) => i.action);
    expect(actions).toEqual([...actions].sort((a: string, b: string) => order(a) - order(b)));
    expect(w.items.find((i: { name: string }) => i.name === '大厦物业管理有限公司').action).toBe('assign_liaison');
    expect(w.items.find((i: { name: string }) => i.name === '二号设计有限公司').action).toBe('join_joint_branch');
    const only = (await street1.get(`/api/v1/coverage/worklist?territoryId=${h.fx.streetA}&action=assign_liaison`)).json();
    expect(only.items.map((i: { name: string }) => i.name).sort()).toEqual(['大厦物业管理有限公司', '小商品经营部'].sort());
    // Totals read from the rolled-up counts (all, liaison) agree with those counted row by row (the member thresholds, a name).
    const total = async (query: string) => (await street1.get(`/api/v1/coverage/worklist?territoryId=${h.fx.streetA}&${query}`)).json().total;
    expect(only.total).toBe(2);
    expect((await total('action=form_branch')) + (await total('action=join_joint_branch')) + only.total).toBe(w.total);
    expect(await total('q=%E5%85%AC%E5%8F%B8')).toBe(w.items.filter((i: { name: string }) => i.name.includes('公司')).length);
  });

  it('forms a joint branch over three small units and the coverage rate rises', async () => {
    const before = await streetA();
    const res = await street1.post('/api/v1/party-orgs', {
      parentId: h.fx.orgs.committeeA.id,
      kind: 'joint_branch',
      name: '金融大厦联合党支部',
      formationMode: 'joint',
      territoryId: h.fx.buildingA,
      foundedOn: '2026-11-20',
      unitIds: small,
    });
    expect(res.statusCode, res.body).toBe(201);
    const org = res.json();
    expect(org).toMatchObject({ kind: 'joint_branch', coveredUnitCount: 3, memberCount: { value: 4, source: 'survey' } });
    // A sound joint branch of 4 members, but no secretary yet and no election recorded.
    expect(org.findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(['org.secretary.missing', 'org.term.unknown']);
    const after = await streetA();
    expect(after.node.counts).toEqual({ ...before.node.counts, joint: 3, none: before.node.counts.none - 3 });
    expect(after.node.rates.organizational).toBe(0.5);
    const unit = (await street1.get(`/api/v1/units/${small[0]}/coverage`)).json();
    expect(unit).toMatchObject({ coverage: 'joint', org: { name: '金融大厦联合党支部' } });
    // Next time, the worklist suggests the branch to the remaining small unit (明珠, 1 member, same building).
    const w = (await street1.get(`/api/v1/coverage/worklist?territoryId=${h.fx.streetA}&action=join_joint_branch`)).json();
    const mingzhu = w.items.find((i: { name: string }) => i.name === '明珠贸易有限公司');
    expect(mingzhu.suggestions[0]).toMatchObject({ name: '金融大厦联合党支部', room: 2, sameArea: true });
    const audit = (await admin.get(`/api/v1/audit-log?entityType=party_org&entityId=${org.id}`)).json();
    expect(audit.items[0]).toMatchObject({ action: 'party_org.create', after: { unitIds: small } });
  });

  it('refuses to cover a unit twice, names the bad unit, and writes nothing', async () => {
    const res = await street1.post('/api/v1/party-orgs', {
      parentId: h.fx.orgs.committeeA.id,
      kind: 'joint_branch',
      name: '重复覆盖联合党支部',
      formationMode: 'joint',
      territoryId: h.fx.buildingA,
      foundedOn: '2026-11-20',
      unitIds: [h.fx.units['明珠贸易有限公司'], small[1], h.fx.units['乙园软件股份有限公司']],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details).toEqual([
      expect.objectContaining({ field: 'unitIds.1', code: 'unit_already_covered', message: '该单位已被“金融大厦联合党支部”覆盖' }),
      expect.objectContaining({ field: 'unitIds.2', code: 'unit_not_found' }),
    ]);
    const list = (await street1.get(`/api/v1/party-orgs?q=${encodeURIComponent('重复覆盖')}`)).json();
    expect(list.total).toBe(0);
  });

  it('checks the nesting, the formation mode and the dates', async () => {
    const res = await street1.post('/api/v1/party-orgs', {
      parentId: h.fx.orgs.branchA.id,
      kind: 'branch',
      name: '支部下的支部',
      formationMode: 'single',
      territoryId: h.fx.buildingA,
      foundedOn: '2030-01-01',
      unitIds: [h.fx.units['大厦物业管理有限公司'], h.fx.units['明珠贸易有限公司']],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.map((d: { field: string; code: string }) => `${d.field}:${d.code}`).sort()).toEqual(
      ['foundedOn:date_in_future', 'kind:org_bad_parent', 'unitIds:single_covers_one_unit'].sort(),
    );
  });

  it('appoints a secretary, shows the two-way entry, and clears the finding', async () => {
    const org = (await street1.get(`/api/v1/party-orgs?q=${encodeURIComponent('金融大厦联合')}`)).json().items[0];
    const person = (await street1.post('/api/v1/people', { territoryId: h.fx.buildingA, name: '陈丽娟', phone: '13900001111', employerUnitId: small[1], unitPosition: '总经理', inUnitManagement: true, fullMemberSince: '2012-07-01' })).json();
    expect(person.phone).toBe('13900001111');
    const listed = (await street1.get(`/api/v1/people?q=${encodeURIComponent('陈丽')}`)).json().items[0];
    expect(listed.phone).toBe('139****1111');
    const res = await street1.post(`/api/v1/party-orgs/${org.id}/posts`, { personId: person.id, post: 'secretary', startedOn: '2026-11-21', approvedOn: '2026-11-22' });
    expect(res.statusCode, res.body).toBe(200);
    const after = res.json();
    expect(after.posts[0]).toMatchObject({ post: 'secretary', personName: '陈丽娟', crossAppointed: true, unitPosition: '总经理' });
    expect(after.findings.map((f: { ruleId: string }) => f.ruleId)).not.toContain('org.secretary.missing');
    const second = await street1.post(`/api/v1/party-orgs/${org.id}/posts`, { personId: person.id, post: 'secretary', startedOn: '2026-11-21' });
    expect(second.json().error.details[0]).toMatchObject({ field: 'post', code: 'post_taken' });
    const organizer = await street1.post(`/api/v1/party-orgs/${org.id}/posts`, { personId: person.id, post: 'organizer', startedOn: '2026-11-21' });
    expect(organizer.json().error.details[0]).toMatchObject({ field: 'post', code: 'post_not_for_kind' });
  });

  it('shows an organization page with units, posts, terms and findings with sources', async () => {
    const d = (await street1.get(`/api/v1/party-orgs/${h.fx.orgs.branchA.id}`)).json();
    expect(d.org).toMatchObject({ name: '星火科技有限公司党支部', kind: 'branch', formationMode: 'single', termYears: 3, electionDueOn: '2027-06-01', coveredUnitCount: 1 });
    expect(d.parent).toMatchObject({ name: '甲街道综合经济党委' });
    expect(d.units[0]).toMatchObject({ name: '星火科技有限公司', untilOn: null });
    // A branch of 4 members whose term ends in June 2027: nothing to flag.
    expect(d.org.findings).toEqual([]);
    // Move the clock (sessions idle out across months: log in again at each date).
    h.clock.set('2027-04-01T02:00:00.000Z');
    const april = await h.as('street1');
    const due = (await april.get(`/api/v1/party-orgs/${h.fx.orgs.branchA.id}`)).json().org.findings;
    expect(due.map((f: { ruleId: string }) => f.ruleId)).toEqual(['org.term.due']);
    expect(due[0].sources).toContain('Elections');
    h.clock.set('2027-06-02T02:00:00.000Z');
    const june = await h.as('street1');
    const expired = (await june.get(`/api/v1/party-orgs?severity=error&territoryId=${h.fx.streetA}`)).json();
    expect(expired.items.map((o: { name: string }) => o.name)).toContain('星火科技有限公司党支部');
    h.clock.set('2026-11-23T02:00:00.000Z');
    street1 = await h.as('street1');
  });

  it('lets the secretary see their branch and not the street committee or other branches', async () => {
    const sec = await h.as('secretary');
    expect((await sec.get(`/api/v1/party-orgs/${h.fx.orgs.branchA.id}`)).statusCode).toBe(200);
    expect((await sec.get(`/api/v1/party-orgs/${h.fx.orgs.committeeA.id}`)).statusCode).toBe(404);
    const list = (await sec.get('/api/v1/party-orgs')).json();
    expect(list.items.map((o: { name: string }) => o.name)).toEqual(['星火科技有限公司党支部']);
    expect((await sec.get(`/api/v1/party-orgs/${h.fx.orgs.branchA.id}`)).json().parent).toBeNull();
  });

  it('assigns a liaison for work coverage, and ends it', async () => {
    const unit = h.fx.units['大厦物业管理有限公司']!;
    const res = await street1.post(`/api/v1/units/${unit}/liaisons`, { personId: h.fx.people.A, kind: 'liaison' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ coverage: 'work', liaisons: [{ personName: '张建华', untilOn: null }] });
    const w = (await street1.get(`/api/v1/coverage/worklist?territoryId=${h.fx.streetA}`)).json();
    expect(w.items.some((i: { unitId: number }) => i.unitId === unit)).toBe(false);
    const wrongPerson = await street1.post(`/api/v1/units/${unit}/liaisons`, { personId: h.fx.people.B, kind: 'liaison' });
    expect(wrongPerson.statusCode).toBe(404);
    const ended = await street1.post(`/api/v1/liaison-assignments/${res.json().liaisons[0].id}/end`, {});
    expect(ended.json().coverage).toBe('none');
  });

  it('closes a joint branch: its units fall back to uncovered, and the trend remembers', async () => {
    const org = (await street1.get(`/api/v1/party-orgs?q=${encodeURIComponent('金融大厦联合')}`)).json().items[0];
    const open = await street1.post(`/api/v1/party-orgs/${h.fx.orgs.committeeA.id}/close`, { reason: '撤销' });
    expect(open.statusCode).toBe(409);
    const res = await street1.post(`/api/v1/party-orgs/${org.id}/close`, { reason: '单位迁出', closedOn: '2026-11-22' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'closed', coveredUnitCount: 0, posts: [] });
    expect((await streetA()).node.counts.joint).toBe(0);
    const trend = (await street1.get(`/api/v1/coverage/trend?territoryId=${h.fx.streetA}&months=2`)).json().items;
    expect(trend.map((t: { on: string }) => t.on)).toEqual(['2026-10-31', '2026-11-23']);
    // On 31 October only 星火 was covered; the joint branch (20–22 November) is history by today.
    expect(trend[0].counts).toMatchObject({ own: 1, joint: 0 });
    expect(trend[1].counts).toMatchObject({ own: 1, joint: 0 });
    // The district-scale plan (moved units from the district's recent changes) answers the same.
    const dates = trend.map((t: { on: string }) => t.on);
    const streetPath = (await h.db.kysely.selectFrom('territory').select('path').where('id', '=', h.fx.streetA).executeTakeFirstOrThrow()).path;
    const scope = { districtId: h.fx.districtId, territoryPath: streetPath, partyOrgId: null, partyOrgPath: null };
    for (const on of [dates, ['2026-06-30', ...dates], ['2026-11-19', '2026-11-21', '2026-11-23']]) {
      expect(await countsOnDates(h.db.kysely, scope, streetPath, on, { scanChangesFrom: 0 })).toEqual(await countsOnDates(h.db.kysely, scope, streetPath, on));
    }
    const history = (await street1.get(`/api/v1/units/${small[0]}/coverage`)).json().history;
    expect(history[0]).toMatchObject({ orgName: '金融大厦联合党支部', sinceOn: '2026-11-20', untilOn: '2026-11-22' });
  });

  it('draws the map from the territory\'s own coordinates', async () => {
    const m = (await admin.get('/api/v1/coverage/map')).json();
    expect(m.center).toEqual({ lng: 121.47, lat: 31.23 });
    expect(m.points.map((p: { name: string }) => p.name).sort()).toEqual(['小商品市场', '科技园', '金融大厦', '乙街道', '甲街道'].sort().filter((n) => m.points.some((p: { name: string }) => p.name === n)));
    expect(m.points.every((p: { counts: { operating: number } }) => p.counts.operating > 0)).toBe(true);
  });

  it('counts registered members once there are any, and says so', async () => {
    const unit = h.fx.units['乙园软件股份有限公司']!;
    const street2 = await h.as('street2');
    const before = (await street2.get(`/api/v1/party-orgs/${h.fx.orgs.branchB.id}`)).json().org;
    expect(before.memberCount).toEqual({ value: 12, source: 'survey' });
    await addMember(h.db, h.fx.orgs.branchB, { employerUnitId: unit });
    await addMember(h.db, h.fx.orgs.branchB, { employerUnitId: unit });
    await addMember(h.db, h.fx.orgs.branchB, { employerUnitId: unit, stage: 'probationary' });
    const after = (await street2.get(`/api/v1/party-orgs/${h.fx.orgs.branchB.id}`)).json().org;
    expect(after.memberCount).toEqual({ value: 3, source: 'registry' });
    // Two full members only: the branch now breaks the three-full-members rule.
    expect(after.findings.map((f: { ruleId: string }) => f.ruleId)).toContain('org.branch.min_full_members');
    expect((await street2.get('/api/v1/coverage')).json().memberCountSource).toBe('registry');
    // The street committee counts the members of the branches under it.
    const committee = (await street2.get(`/api/v1/party-orgs/${h.fx.orgs.committeeB.id}`)).json().org;
    expect(committee.memberCount).toEqual({ value: 3, source: 'registry' });
  });

  it('keeps street 2 out of street 1\'s organizations and coverage', async () => {
    const street2 = await h.as('street2');
    expect((await street2.get(`/api/v1/party-orgs/${h.fx.orgs.branchA.id}`)).statusCode).toBe(404);
    expect((await street2.get(`/api/v1/coverage?territoryId=${h.fx.streetA}`)).statusCode).toBe(404);
    expect((await street2.patch(`/api/v1/party-orgs/${h.fx.orgs.branchA.id}`, { name: '改个名字' })).statusCode).toBe(404);
    const own = (await street2.get('/api/v1/coverage')).json();
    expect(own.node.name).toBe('乙街道');
  });

  it('kept the per-territory counts equal to the units through every write above, and check repairs a wrong one', async () => {
    const k = h.db.kysely;
    // Forming, closing, liaisons and units added by the fixture: the triggers kept every count.
    expect(await rebuildKeptCounts(k, h.fx.districtId)).toBe(0);
    const before = (await admin.get('/api/v1/coverage')).json().node.counts;
    // The summary reads each node's subtree totals (coverage_rollup); the map and the lists read the counts per node.
    await k.updateTable('coverage_rollup').set({ n: 99 }).where('district_id', '=', h.fx.districtId).where('territory_id', '=', h.fx.root).where('coverage', '=', 'none').where('status', '=', 'operating').execute();
    await k.updateTable('coverage_count').set({ n: 99 }).where('district_id', '=', h.fx.districtId).where('coverage', '=', 'none').where('status', '=', 'operating').execute();
    expect((await admin.get('/api/v1/coverage')).json().node.counts).not.toEqual(before);
    expect(await rebuildKeptCounts(k, h.fx.districtId)).toBeGreaterThan(1);
    expect((await admin.get('/api/v1/coverage')).json().node.counts).toEqual(before);
    expect(await rebuildKeptCounts(k, h.fx.districtId)).toBe(0);
  });

  it('keeps each unit\'s registered members when a member changes employer, and check repairs a wrong count', async () => {
    const k = h.db.kysely;
    const unit = h.fx.units['乙园软件股份有限公司']!;
    const other = h.fx.units['明珠贸易有限公司']!;
    const counts = async (id: number) => k.selectFrom('unit').select(['registry_members', 'registry_full']).where('id', '=', id).executeTakeFirstOrThrow();
    // Three members registered above, two of them full.
    expect(await counts(unit)).toEqual({ registry_members: 3, registry_full: 2 });
    const full = await k
      .selectFrom('member')
      .innerJoin('person', 'person.id', 'member.person_id')
      .select('person.id')
      .where('person.employer_unit_id', '=', unit)
      .where('member.stage', '=', 'full')
      .executeTakeFirstOrThrow();
    const otherBefore = await counts(other);
    await k.updateTable('person').set({ employer_unit_id: other }).where('id', '=', full.id).execute();
    expect(await counts(unit)).toEqual({ registry_members: 2, registry_full: 1 });
    expect(await counts(other)).toEqual({ registry_members: otherBefore.registry_members + 1, registry_full: otherBefore.registry_full + 1 });
    await k.updateTable('member').set({ status: 'closed' }).where('person_id', '=', full.id).execute();
    expect(await counts(other)).toEqual(otherBefore);
    expect(await rebuildKeptCounts(k, h.fx.districtId)).toBe(0);
    await sql`update unit set registry_full = 99 where id = ${unit}`.execute(k);
    expect(await rebuildKeptCounts(k, h.fx.districtId)).toBe(1);
    expect(await counts(unit)).toEqual({ registry_members: 2, registry_full: 1 });
  });

  it('keeps each organization\'s subtree members as members register, change stage, move and leave; check repairs a wrong count', async () => {
    const k = h.db.kysely;
    // What org_member_rollup should hold, counted the slow way: every member whose path runs through the organization.
    const agree = async () => {
      const kept = await k.selectFrom('org_member_rollup').select(['party_org_id', 'status', 'stage', 'n']).where('district_id', '=', h.fx.districtId).where('n', '<>', 0).execute();
      const members = await k.selectFrom('member').select(['org_path', 'status', 'stage']).where('district_id', '=', h.fx.districtId).execute();
      const want = new Map<string, number>();
      for (const m of members) for (const id of m.org_path.split('/').filter(Boolean)) want.set(`${id} ${m.status} ${m.stage}`, (want.get(`${id} ${m.status} ${m.stage}`) ?? 0) + 1);
      expect(new Map(kept.map((r) => [`${r.party_org_id} ${r.status} ${r.stage}`, Number(r.n)]))).toEqual(want);
      return want;
    };
    const before = await agree();
    // A full member whose organization sits under another one: the move below takes it out of that ancestor's subtree.
    const members = await k.selectFrom('member').select(['id', 'org_path', 'stage', 'party_org_id']).where('district_id', '=', h.fx.districtId).where('status', '=', 'active').where('stage', '=', 'full').execute();
    const member = members.find((m) => m.org_path.split('/').filter(Boolean).length >= 2)!;
    const ancestorId = Number(member.org_path.split('/').filter(Boolean)[0]);
    const target = [h.fx.orgs.branchA, h.fx.orgs.branchB].find((o) => !o.path.startsWith(`/${ancestorId}/`))!;
    const fullUnder = (m: Map<string, number>) => m.get(`${ancestorId} active full`) ?? 0;
    expect(fullUnder(before)).toBeGreaterThan(0);

    await k.updateTable('member').set({ stage: 'probationary' }).where('id', '=', member.id).execute();
    expect(fullUnder(await agree())).toBe(fullUnder(before) - 1);
    await k.updateTable('member').set({ party_org_id: target.id, org_path: target.path }).where('id', '=', member.id).execute();
    await agree();
    await k.updateTable('member').set({ status: 'closed' }).where('id', '=', member.id).execute();
    await agree();
    await k.updateTable('member').set({ status: 'active', stage: member.stage, party_org_id: member.party_org_id, org_path: member.org_path }).where('id', '=', member.id).execute();
    expect(await agree()).toEqual(before);

    // The organization API reads it: a committee's registered members are its subtree's full and probationary ones.
    const committees = await k.selectFrom('party_org').select('id').where('district_id', '=', h.fx.districtId).where('kind', '=', 'committee').execute();
    const id = committees.map((c) => c.id).find((c) => before.has(`${c} active full`))!;
    const committee = (await admin.get(`/api/v1/party-orgs/${id}`)).json().org;
    expect(committee.memberCount).toEqual({ source: 'registry', value: before.get(`${id} active full`)! + (before.get(`${id} active probationary`) ?? 0) });
    expect(await rebuildKeptCounts(k, h.fx.districtId)).toBe(0);
    await sql`update org_member_rollup set n = 99 where party_org_id = ${ancestorId} and status = 'active' and stage = 'full'`.execute(k);
    expect(await rebuildKeptCounts(k, h.fx.districtId)).toBe(1);
    await agree();
  });
});

function order(action: string): number {
  return ['form_branch', 'join_joint_branch', 'assign_liaison'].indexOf(action);
}
