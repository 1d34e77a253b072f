import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVIDENCE_MAX_BYTES } from '../../src/modules/standardization/files.js';
import { harness, type Client, type Harness } from '../support/client.js';
import { dialects } from '../support/db.js';
import { addEvidence, pngBytes, useTempDataDir } from '../support/evidence.js';
import { addOrg, addTerritory, addUnit, type Node, type OrgNode } from '../support/fixture.js';

type Item = { item: string; done: boolean; doneOn: string | null; note: string | null; evidence: { uploadId: number; name: string; mime: string; size: number } | null };
type Checklist = { checklist: string; items: Item[]; completion: number };

describe.each(dialects())('standardization checklist, evidence and demonstration sites on %s', (dialect) => {
  let h: Harness;
  let admin: Client;
  let street1: Client;
  let street2: Client;
  let secretary: Client;
  let member: Client;
  beforeAll(async () => {
    h = await harness(dialect);
    useTempDataDir(h);
    [admin, street1, street2, secretary, member] = await Promise.all([h.as('admin'), h.as('street1'), h.as('street2'), h.as('secretary'), h.as('member')]);
  });
  afterAll(() => h.close());

  const branchA = () => h.fx.orgs.branchA.id;
  const branchB = () => h.fx.orgs.branchB.id;
  const put = (c: Client, url: string, body: unknown) => c.request('PUT', url, body);
  const upload = (c: Client, orgId: number, bytes: Buffer, type: string | null, name?: string) =>
    c.request('POST', `/api/v1/party-orgs/${orgId}/evidence`, bytes, {
      ...(type !== null && { 'content-type': type }),
      ...(name !== undefined && { 'x-file-name': encodeURIComponent(name) }),
    });
  const fields = (res: { json(): { error: { details: { field: string; code: string }[] } } }) => res.json().error.details.map((d) => `${d.field}:${d.code}`);

  it('shows both checklists with every item, nothing done yet', async () => {
    const res = await street1.get(`/api/v1/party-orgs/${branchA()}/checklist`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.orgId).toBe(branchA());
    expect(body.checklists.map((c: Checklist) => c.checklist)).toEqual(['five_ones', 'six_haves']);
    expect(body.checklists[0].items.map((i: Item) => i.item)).toEqual(['activity_room', 'bulletin_board', 'signboard', 'party_flag', 'organization']);
    expect(body.checklists[1].items).toHaveLength(6);
    expect(body.checklists[0]).toMatchObject({ completion: 0 });
    expect(body.checklists[0].items[0]).toEqual({ item: 'activity_room', done: false, doneOn: null, note: null, evidence: null });
    // Members read their own organization's checklist.
    expect((await member.get(`/api/v1/party-orgs/${branchA()}/checklist`)).statusCode).toBe(200);
  });

  it('marks items done, computes completion, audits before/after, and marks undone with null', async () => {
    const url = (item: string) => `/api/v1/party-orgs/${branchA()}/checklist/five_ones/${item}`;
    let res = await put(street1, url('activity_room'), { doneOn: '2026-10-08', note: ' 二楼党员活动室 ' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ checklist: 'five_ones', completion: 0.2 });
    expect(res.json().items[0]).toEqual({ item: 'activity_room', done: true, doneOn: '2026-10-08', note: '二楼党员活动室', evidence: null });
    res = await put(street1, url('party_flag'), { doneOn: '2026-10-09' });
    expect(res.json().completion).toBe(0.4);
    // Changing only the date keeps the note.
    res = await put(street1, url('activity_room'), { doneOn: '2026-10-10' });
    expect(res.json().items[0]).toMatchObject({ doneOn: '2026-10-10', note: '二楼党员活动室' });
    res = await put(street1, url('party_flag'), { doneOn: null });
    expect(res.json().completion).toBe(0.2);
    expect(res.json().items[3]).toMatchObject({ item: 'party_flag', done: false, doneOn: null });

    const audit = (await admin.get(`/api/v1/audit-log?entityType=party_org&entityId=${branchA()}&action=party_org.checklist_mark`)).json();
    expect(audit.total).toBe(4);
    expect(audit.items[0]).toMatchObject({
      before: { checklist: 'five_ones', item: 'party_flag', doneOn: '2026-10-09' },
      after: { checklist: 'five_ones', item: 'party_flag', doneOn: null },
    });
    expect(audit.items[3]).toMatchObject({ before: null, after: { item: 'activity_room', doneOn: '2026-10-08', note: '二楼党员活动室' } });
    // The six haves are untouched.
    const all = (await street1.get(`/api/v1/party-orgs/${branchA()}/checklist`)).json();
    expect(all.checklists[1].completion).toBe(0);
  });

  it('refuses bad checklist and item names, future dates and foreign evidence, naming the field and writing nothing', async () => {
    let res = await put(street1, `/api/v1/party-orgs/${branchA()}/checklist/seven_things/activity_room`, { doneOn: '2026-10-01' });
    expect(res.statusCode).toBe(400);
    expect(fields(res)).toEqual(['checklist:invalid_choice']);
    res = await put(street1, `/api/v1/party-orgs/${branchA()}/checklist/six_haves/activity_room`, { doneOn: '2026-10-01' });
    expect(res.statusCode).toBe(400);
    expect(fields(res)).toEqual(['item:invalid_choice']);
    const foreign = await addEvidence(h, h.fx.orgs.branchB);
    res = await put(street1, `/api/v1/party-orgs/${branchA()}/checklist/six_haves/venue`, { doneOn: '2026-11-24', uploadId: foreign });
    expect(res.statusCode).toBe(400);
    expect(fields(res).sort()).toEqual(['doneOn:date_in_future', 'uploadId:evidence_not_found']);
    res = await put(street1, `/api/v1/party-orgs/${branchA()}/checklist/six_haves/venue`, { doneOn: '2026-13-01' });
    expect(res.statusCode).toBe(400);
    expect(fields(res)).toEqual(['doneOn:invalid_format']);
    // An empty date or a zero id is an error, never "not done" / "no evidence".
    res = await put(street1, `/api/v1/party-orgs/${branchA()}/checklist/five_ones/activity_room`, { doneOn: '', uploadId: 0 });
    expect(res.statusCode).toBe(400);
    expect(fields(res).sort()).toEqual(['doneOn:invalid_format', 'uploadId:too_small']);
    res = await put(street1, `/api/v1/party-orgs/${branchA()}/checklist/five_ones/activity_room`, { doneOn: '2026-10-01', colour: 'red' });
    expect(fields(res)).toEqual(['colour:unknown_field']);
    expect((await street1.get(`/api/v1/party-orgs/${branchA()}/checklist`)).json().checklists[0].items[0]).toMatchObject({ done: true, doneOn: '2026-10-10' });
    const six = (await street1.get(`/api/v1/party-orgs/${branchA()}/checklist`)).json().checklists[1];
    expect(six.items[0]).toMatchObject({ item: 'venue', done: false });
    // Today (district time) is fine.
    res = await put(street1, `/api/v1/party-orgs/${branchA()}/checklist/six_haves/venue`, { doneOn: '2026-11-23' });
    expect(res.statusCode, res.body).toBe(200);
  });

  it('accepts a real PNG as evidence and gives the same bytes back, safely', async () => {
    const png = pngBytes(3, 2);
    const res = await upload(street1, branchA(), png, 'image/png', '../../活动室 照片\u202egpj.exe.png');
    expect(res.statusCode, res.body).toBe(201);
    const up = res.json();
    expect(up).toMatchObject({ mime: 'image/png', size: png.length });
    expect(up.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(up.name).toBe('活动室 照片gpj.exe.png');

    const back = await street1.get(`/api/v1/party-orgs/${branchA()}/evidence/${up.id}`);
    expect(back.statusCode).toBe(200);
    expect(back.rawPayload.equals(png)).toBe(true);
    expect(back.headers['content-type']).toBe('image/png');
    expect(back.headers['x-content-type-options']).toBe('nosniff');
    expect(back.headers['content-security-policy']).toBe("default-src 'none'");
    expect(back.headers['content-disposition']).toBe(`inline; filename*=UTF-8''${encodeURIComponent('活动室 照片gpj.exe.png')}`);
    // The secretary and members of the branch read it too.
    expect((await secretary.get(`/api/v1/party-orgs/${branchA()}/evidence/${up.id}`)).statusCode).toBe(200);
    expect((await member.get(`/api/v1/party-orgs/${branchA()}/evidence/${up.id}`)).statusCode).toBe(200);

    // Attached to an item, the checklist shows it.
    const marked = await put(street1, `/api/v1/party-orgs/${branchA()}/checklist/six_haves/venue`, { doneOn: '2026-11-20', uploadId: up.id });
    expect(marked.statusCode, marked.body).toBe(200);
    expect(marked.json().items[0].evidence).toEqual({ uploadId: up.id, name: '活动室 照片gpj.exe.png', mime: 'image/png', size: png.length });

    // The same file again: a new record, the bytes stored once; no name: "evidence".
    const again = await upload(street1, branchA(), png, null);
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json()).toMatchObject({ sha256: up.sha256, name: 'evidence', mime: 'image/png' });
    expect(again.json().id).not.toBe(up.id);

    const audit = (await admin.get(`/api/v1/audit-log?entityType=upload&entityId=${up.id}`)).json();
    expect(audit.items[0]).toMatchObject({ action: 'upload.create', after: { orgId: branchA(), sha256: up.sha256, mime: 'image/png' } });
  });

  it('refuses a file that is not what it claims, other types, empty and oversized files', async () => {
    const before = await h.db.kysely.selectFrom('upload').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    let res = await upload(street1, branchA(), Buffer.from('这不是图片，只是一段文字。'), 'image/png', 'fake.png');
    expect(res.statusCode).toBe(400);
    expect(fields(res)).toEqual(['file:evidence_type_mismatch']);
    // An executable renamed .jpg.
    const exe = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(200)]);
    res = await upload(street1, branchA(), exe, 'image/jpeg', 'photo.jpg');
    expect(res.statusCode).toBe(400);
    expect(fields(res)).toEqual(['file:evidence_type_mismatch']);
    res = await upload(street1, branchA(), exe, null, 'photo.jpg');
    expect(res.statusCode).toBe(400);
    expect(fields(res)).toEqual(['file:evidence_unrecognized']);
    res = await upload(street1, branchA(), exe, 'application/x-msdownload', 'setup.exe');
    expect(res.statusCode).toBe(415);
    expect(fields(res)).toEqual(['file:evidence_unsupported_type']);
    res = await upload(street1, branchA(), Buffer.alloc(0), 'image/png', 'empty.png');
    expect(res.statusCode).toBe(400);
    expect(fields(res)).toEqual(['file:evidence_empty']);
    const big = Buffer.concat([pngBytes(), Buffer.alloc(EVIDENCE_MAX_BYTES)]);
    res = await upload(street1, branchA(), big, 'image/png', 'big.png');
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('evidence_too_large');
    expect(fields(res)).toEqual(['file:evidence_too_large']);
    // A PDF is fine.
    res = await upload(street1, branchA(), Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n', 'latin1'), 'application/pdf', '制度.pdf');
    expect(res.statusCode, res.body).toBe(201);
    const after = await h.db.kysely.selectFrom('upload').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n) + 1);
  });

  it('hides another street\'s checklist and evidence (404), and lets the secretary keep only their own branch', async () => {
    const ev = await addEvidence(h, h.fx.orgs.branchA);
    expect((await street2.get(`/api/v1/party-orgs/${branchA()}/checklist`)).statusCode).toBe(404);
    expect((await street2.get(`/api/v1/party-orgs/${branchA()}/evidence/${ev}`)).statusCode).toBe(404);
    expect((await put(street2, `/api/v1/party-orgs/${branchA()}/checklist/five_ones/signboard`, { doneOn: '2026-11-01' })).statusCode).toBe(404);
    expect((await upload(street2, branchA(), pngBytes(), 'image/png')).statusCode).toBe(404);
    // The file exists, but not under another organization's id.
    expect((await street1.get(`/api/v1/party-orgs/${h.fx.orgs.committeeA.id}/evidence/${ev}`)).statusCode).toBe(404);

    const res = await put(secretary, `/api/v1/party-orgs/${branchA()}/checklist/five_ones/signboard`, { doneOn: '2026-11-02' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items[2]).toMatchObject({ item: 'signboard', done: true });
    expect((await upload(secretary, branchA(), pngBytes(1, 1), 'image/png', '标牌.png')).statusCode).toBe(201);
    expect((await put(secretary, `/api/v1/party-orgs/${branchB()}/checklist/five_ones/signboard`, { doneOn: '2026-11-02' })).statusCode).toBe(404);
    expect((await secretary.get(`/api/v1/party-orgs/${branchB()}/checklist`)).statusCode).toBe(404);
    expect((await upload(secretary, branchB(), pngBytes(), 'image/png')).statusCode).toBe(404);
    // Members read, but do not keep, the checklist.
    expect((await put(member, `/api/v1/party-orgs/${branchA()}/checklist/five_ones/signboard`, { doneOn: '2026-11-02' })).statusCode).toBe(403);
  });

  it('refuses to keep the checklist of a closed organization', async () => {
    const org = await addOrg(h.db, h.fx.nodes.marketA, h.fx.orgs.committeeA, 'branch', '已撤销支部');
    await h.db.kysely.updateTable('party_org').set({ status: 'closed', closed_on: '2026-06-01', closed_reason: '企业注销' }).where('id', '=', org.id).execute();
    const res = await put(street1, `/api/v1/party-orgs/${org.id}/checklist/five_ones/signboard`, { doneOn: '2026-05-01' });
    expect(res.statusCode).toBe(409);
    expect(fields(res)).toEqual(['status:org_closed']);
    expect((await upload(street1, org.id, pngBytes(), 'image/png')).statusCode).toBe(409);
  });

  describe('across organizations', () => {
    let streetC: Node;
    let c1: Node;
    let c2: Node;
    let b1: OrgNode;
    let b2: OrgNode;
    let b3: OrgNode;
    let b5: OrgNode;
    const mark = async (org: OrgNode, checklist: string, item: string, doneOn: string | null = '2026-09-01') => {
      const res = await put(admin, `/api/v1/party-orgs/${org.id}/checklist/${checklist}/${item}`, { doneOn });
      if (res.statusCode !== 200) throw new Error(res.body);
    };
    beforeAll(async () => {
      streetC = await addTerritory(h.db, h.fx.districtId, h.fx.nodes.root, 'street', '丙街道');
      c1 = await addTerritory(h.db, h.fx.districtId, streetC, 'building', '丙大厦');
      c2 = await addTerritory(h.db, h.fx.districtId, streetC, 'market', '丙市场');
      const committee = await addOrg(h.db, streetC, null, 'committee', '丙街道综合经济党委');
      const u = await addUnit(h.db, c1, '丙一科技有限公司', { members: 5 });
      b1 = await addOrg(h.db, c1, committee, 'branch', '丙一科技党支部', { unitIds: [u] });
      b2 = await addOrg(h.db, c1, committee, 'joint_branch', '丙大厦联合党支部');
      b3 = await addOrg(h.db, c2, committee, 'general_branch', '丙市场党总支');
      const b4 = await addOrg(h.db, c2, committee, 'branch', '丙市场已撤销支部');
      b5 = await addOrg(h.db, streetC, committee, 'branch', '丙街道机关党支部');
      const group = await addOrg(h.db, c1, b1, 'party_group', '丙一科技第一党小组');
      for (const item of ['activity_room', 'bulletin_board', 'signboard', 'party_flag', 'organization']) await mark(b1, 'five_ones', item);
      for (const item of ['venue', 'facilities', 'rules']) await mark(b1, 'six_haves', item);
      for (const item of ['activity_room', 'bulletin_board', 'signboard']) await mark(b2, 'five_ones', item);
      await mark(b2, 'five_ones', 'signboard', null);
      for (const item of ['venue', 'facilities', 'signboard', 'party_flag', 'books_and_papers', 'rules']) await mark(b5, 'six_haves', item);
      // Neither a closed organization nor a party group counts.
      await mark(b4, 'five_ones', 'activity_room');
      await mark(group, 'five_ones', 'activity_room');
      await h.db.kysely.updateTable('party_org').set({ status: 'closed', closed_on: '2026-10-01', closed_reason: '撤销' }).where('id', '=', b4.id).execute();
    });

    it('counts complete, partial and none per checklist, each item, and each node under the street', async () => {
      const res = await admin.get(`/api/v1/standardization?territoryId=${streetC.id}`);
      expect(res.statusCode, res.body).toBe(200);
      const s = res.json();
      expect(s.node).toEqual({ territoryId: streetC.id, name: '丙街道', kind: 'street' });
      expect(s.organizations).toBe(4);
      const [five, six] = s.checklists;
      expect(five).toMatchObject({ checklist: 'five_ones', organizations: 4, complete: 1, partial: 1, none: 2, averageCompletion: 0.35 });
      expect(five.items).toEqual([
        { item: 'activity_room', done: 2 },
        { item: 'bulletin_board', done: 2 },
        { item: 'signboard', done: 1 },
        { item: 'party_flag', done: 1 },
        { item: 'organization', done: 1 },
      ]);
      expect(six).toMatchObject({ checklist: 'six_haves', complete: 1, partial: 1, none: 2, averageCompletion: 0.375 });
      expect(six.items.find((i: { item: string }) => i.item === 'venue').done).toBe(2);
      expect(s.children).toEqual([
        { territoryId: c1.id, name: '丙大厦', kind: 'building', organizations: 2, averageCompletion: { five_ones: 0.7, six_haves: 0.25 } },
        { territoryId: c2.id, name: '丙市场', kind: 'market', organizations: 1, averageCompletion: { five_ones: 0, six_haves: 0 } },
      ]);
      expect(s.direct).toEqual({ organizations: 1, averageCompletion: { five_ones: 0, six_haves: 1 } });
    });

    it('the district sees every street; a street admin sees only theirs', async () => {
      const all = (await admin.get('/api/v1/standardization')).json();
      expect(all.node.territoryId).toBe(h.fx.root);
      expect(all.children.map((c: { name: string }) => c.name)).toContain('丙街道');
      expect(all.children.find((c: { name: string }) => c.name === '丙街道').organizations).toBe(4);
      const mine = (await street1.get('/api/v1/standardization')).json();
      expect(mine.node.territoryId).toBe(h.fx.streetA);
      expect((await street1.get(`/api/v1/standardization?territoryId=${streetC.id}`)).statusCode).toBe(404);
      expect((await secretary.get('/api/v1/standardization')).statusCode).toBe(403);
    });

    it('lists organizations with their completion for drill-down, and exports them', async () => {
      let res = await admin.get(`/api/v1/standardization/orgs?territoryId=${streetC.id}`);
      expect(res.statusCode, res.body).toBe(200);
      let list = res.json();
      expect(list.total).toBe(4);
      // Least complete first (both checklists together).
      expect(list.items.map((o: { id: number }) => o.id)).toEqual([b3.id, b2.id, b5.id, b1.id]);
      expect(list.items[3]).toMatchObject({
        name: '丙一科技党支部',
        kind: 'branch',
        territoryName: '丙大厦',
        done: { five_ones: 5, six_haves: 3 },
        completion: { five_ones: 1, six_haves: 0.5 },
        demoSite: null,
      });
      list = (await admin.get(`/api/v1/standardization/orgs?territoryId=${streetC.id}&checklist=five_ones&complete=false`)).json();
      expect(list.items.map((o: { id: number }) => o.id)).toEqual([b3.id, b5.id, b2.id]);
      list = (await admin.get(`/api/v1/standardization/orgs?territoryId=${streetC.id}&checklist=six_haves&complete=true`)).json();
      expect(list.items.map((o: { id: number }) => o.id)).toEqual([b5.id]);
      list = (await admin.get(`/api/v1/standardization/orgs?territoryId=${streetC.id}&complete=true`)).json();
      expect(list.total).toBe(0);
      list = (await admin.get(`/api/v1/standardization/orgs?territoryId=${streetC.id}&sort=-completion&pageSize=1&page=2`)).json();
      expect(list).toMatchObject({ total: 4, items: [{ id: b5.id }] });
      res = await admin.get(`/api/v1/standardization/orgs?territoryId=${streetC.id}&checklist=nine`);
      expect(res.statusCode).toBe(400);
      expect(fields(res)).toEqual(['checklist:invalid_choice']);

      const xlsx = await admin.get(`/api/v1/standardization/orgs/export?territoryId=${streetC.id}&lang=en`);
      expect(xlsx.statusCode).toBe(200);
      expect(xlsx.headers['content-type']).toContain('spreadsheetml');
      expect(xlsx.rawPayload.subarray(0, 2).toString('latin1')).toBe('PK');
      const hidden = await street1.get(`/api/v1/standardization/orgs/export?territoryId=${streetC.id}`);
      expect(hidden.statusCode).toBe(404);
      expect(hidden.json().error.code).toBe('not_found');
    });
  });

  it('designates and revokes a demonstration site, with the old values in the audit', async () => {
    const org = await addOrg(h.db, h.fx.nodes.buildingA, h.fx.orgs.committeeA, 'branch', '示范党支部', { foundedOn: '2019-03-01' });
    let res = await put(street1, `/api/v1/party-orgs/${org.id}/demonstration-site`, { level: 'district', designatedOn: '2025-07-01' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().demoSite).toEqual({ level: 'district', designatedOn: '2025-07-01' });
    res = await put(street1, `/api/v1/party-orgs/${org.id}/demonstration-site`, { level: 'city', designatedOn: '2026-07-01' });
    expect(res.json().demoSite).toEqual({ level: 'city', designatedOn: '2026-07-01' });
    const sites = (await street1.get(`/api/v1/party-orgs?demoSite=true&territoryId=${h.fx.streetA}`)).json();
    expect(sites.items.map((o: { id: number }) => o.id)).toEqual([org.id]);
    const std = (await street1.get(`/api/v1/standardization/orgs?q=${encodeURIComponent('示范党支部')}`)).json();
    expect(std.items[0]).toMatchObject({ id: org.id, demoSite: 'city' });

    res = await put(street1, `/api/v1/party-orgs/${org.id}/demonstration-site`, { level: 'county', designatedOn: '2030-01-01' });
    expect(res.statusCode).toBe(400);
    expect(fields(res)).toContain('level:invalid_choice');
    res = await put(street1, `/api/v1/party-orgs/${org.id}/demonstration-site`, { level: 'province', designatedOn: '2026-12-01' });
    expect(fields(res)).toEqual(['designatedOn:date_in_future']);
    res = await put(street1, `/api/v1/party-orgs/${org.id}/demonstration-site`, { level: 'province', designatedOn: '2018-01-01' });
    expect(fields(res)).toEqual(['designatedOn:date_order']);
    expect((await put(secretary, `/api/v1/party-orgs/${branchA()}/demonstration-site`, { level: 'district', designatedOn: '2025-07-01' })).statusCode).toBe(403);
    expect((await put(street2, `/api/v1/party-orgs/${org.id}/demonstration-site`, { level: 'district', designatedOn: '2025-07-01' })).statusCode).toBe(404);

    res = await street1.post(`/api/v1/party-orgs/${org.id}/demonstration-site/revoke`, { reason: '复查不达标' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().demoSite).toBeNull();
    res = await street1.post(`/api/v1/party-orgs/${org.id}/demonstration-site/revoke`, { reason: '再次撤销' });
    expect(res.statusCode).toBe(409);
    expect(fields(res)).toEqual(['demoSite:demo_site_not_designated']);
    res = await street1.post(`/api/v1/party-orgs/${org.id}/demonstration-site/revoke`, {});
    expect(fields(res)).toEqual(['reason:required']);

    const audit = (await admin.get(`/api/v1/audit-log?entityType=party_org&entityId=${org.id}`)).json();
    expect(audit.items.map((a: { action: string }) => a.action)).toEqual([
      'party_org.revoke_demo_site',
      'party_org.designate_demo_site',
      'party_org.designate_demo_site',
    ]);
    expect(audit.items[0]).toMatchObject({
      before: { level: 'city', designatedOn: '2026-07-01' },
      after: { level: null, designatedOn: null, reason: '复查不达标' },
    });
    expect(audit.items[1]).toMatchObject({ before: { level: 'district', designatedOn: '2025-07-01' }, after: { level: 'city' } });
    expect(audit.items[2]).toMatchObject({ before: { level: null, designatedOn: null } });
    expect((await street1.get(`/api/v1/party-orgs?demoSite=true&territoryId=${h.fx.streetA}`)).json().total).toBe(0);
  });
});
