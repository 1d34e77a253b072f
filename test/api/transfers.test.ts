import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildKeptCounts } from '../../src/db/counts.js';
import { harness, type Client, type Harness } from '../support/client.js';
import { dialects } from '../support/db.js';
import { addMember } from '../support/fixture.js';

describe.each(dialects())('transfers on %s', (dialect) => {
  let h: Harness;
  let admin: Client;
  let street2: Client;
  let secretary: Client;

  beforeAll(async () => {
    h = await harness(dialect);
    [admin, street2, secretary] = await Promise.all([h.as('admin'), h.as('street2'), h.as('secretary')]);
  });
  afterAll(() => h.close());

  it('moves a member within the district end to end: requested → sent → received by the receiving side', async () => {
    const { memberId } = await addMember(h.db, h.fx.orgs.branchA, { name: '转出党员' });
    // Branch B is outside the secretary's scope, and still a valid destination in the district.
    const req = await secretary.post(`/api/v1/members/${memberId}/transfers`, { toOrgId: h.fx.orgs.branchB.id, reason: '工作调动', requestedOn: '2026-11-20' });
    expect(req.statusCode, req.body).toBe(201);
    const t = req.json();
    expect(t).toMatchObject({ status: 'requested', fromOrg: { id: h.fx.orgs.branchA.id }, toOrg: { id: h.fx.orgs.branchB.id }, withinDistrict: true, letterNo: null });

    // At most one open transfer per member.
    const second = await secretary.post(`/api/v1/members/${memberId}/transfers`, { destination: '外区某党支部', reason: '再次申请' });
    expect(second.statusCode).toBe(409);
    expect(second.json().error.details[0]).toMatchObject({ code: 'transfer_open' });
    expect(second.json().error.details[0].message).toContain(String(t.id));

    // Receipt before the letter is sent is refused; so is receipt by the sending side.
    const early = await street2.post(`/api/v1/transfers/${t.id}/receive`, {});
    expect(early.statusCode).toBe(409);
    expect(early.json().error.details[0]).toMatchObject({ field: 'status', code: 'transfer_bad_state' });
    const wrongSide = await secretary.post(`/api/v1/transfers/${t.id}/receive`, {});
    expect(wrongSide.statusCode).toBe(403);
    expect(wrongSide.json().error.code).toBe('transfer_receiving_side');
    // The receiving side does not send the sending side's letter.
    expect((await street2.post(`/api/v1/transfers/${t.id}/send`, {})).statusCode).toBe(403);

    const sent = await secretary.post(`/api/v1/transfers/${t.id}/send`, {});
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json()).toMatchObject({ status: 'sent', sentOn: '2026-11-23', letterNo: `${h.fx.districtId}-2026-0001`, validUntil: '2027-02-23', expired: false });
    expect((await secretary.post(`/api/v1/transfers/${t.id}/send`, {})).statusCode).toBe(409);

    // The receiving side sees it as incoming before the member is theirs.
    const incoming = (await street2.get('/api/v1/transfers?direction=incoming&status=open')).json();
    expect(incoming.items.map((x: { id: number }) => x.id)).toEqual([t.id]);
    expect((await street2.get(`/api/v1/members/${memberId}`)).statusCode).toBe(404);
    const outgoing = (await secretary.get('/api/v1/transfers?direction=outgoing')).json();
    expect(outgoing.items.map((x: { id: number }) => x.id)).toEqual([t.id]);
    expect((await secretary.get('/api/v1/transfers?direction=incoming')).json().total).toBe(0);

    const received = await street2.post(`/api/v1/transfers/${t.id}/receive`, { receivedOn: '2026-11-23' });
    expect(received.statusCode, received.body).toBe(200);
    expect(received.json()).toMatchObject({ status: 'received', receivedOn: '2026-11-23' });

    // The member is now in branch B: street B sees them, branch A's secretary no longer does.
    const now = await street2.get(`/api/v1/members/${memberId}`);
    expect(now.json()).toMatchObject({ orgId: h.fx.orgs.branchB.id, orgName: '乙园软件股份有限公司党支部', openTransferId: null });
    expect((await secretary.get(`/api/v1/members/${memberId}`)).statusCode).toBe(404);
    const row = await h.db.kysely.selectFrom('member').select(['party_org_id', 'org_path', 'territory_path']).where('id', '=', memberId).executeTakeFirstOrThrow();
    expect(row).toEqual({ party_org_id: h.fx.orgs.branchB.id, org_path: h.fx.orgs.branchB.path, territory_path: h.fx.nodes.parkB.path });
    // The history follows the member; the sending organization keeps its outgoing record.
    const history = (await street2.get(`/api/v1/members/${memberId}/transfers`)).json();
    expect(history.items.map((x: { status: string }) => x.status)).toEqual(['received']);
    expect((await secretary.get('/api/v1/transfers?direction=outgoing&status=received')).json().total).toBe(1);
    // No further move of a finished transfer.
    const back = await street2.post(`/api/v1/transfers/${t.id}/return`, { reason: '信息有误' });
    expect(back.statusCode).toBe(409);

    const audit = (await admin.get(`/api/v1/audit-log?entityType=transfer&entityId=${t.id}&sort=at`)).json();
    expect(audit.items.map((a: { action: string }) => a.action)).toEqual(['transfer.request', 'transfer.send', 'transfer.receive']);
  });

  it('withdraws and returns, and a new transfer may follow a closed one', async () => {
    const { memberId } = await addMember(h.db, h.fx.orgs.branchA, { name: '撤回党员' });
    const t1 = (await secretary.post(`/api/v1/members/${memberId}/transfers`, { toOrgId: h.fx.orgs.committeeB.id, reason: '调动' })).json();
    const w = await secretary.post(`/api/v1/transfers/${t1.id}/withdraw`, {});
    expect(w.json()).toMatchObject({ status: 'withdrawn', withdrawnOn: '2026-11-23' });
    const again = await secretary.post(`/api/v1/transfers/${t1.id}/withdraw`, {});
    expect(again.statusCode).toBe(409);
    expect(again.json().error.details[0].code).toBe('transfer_bad_state');

    const t2 = (await secretary.post(`/api/v1/members/${memberId}/transfers`, { toOrgId: h.fx.orgs.committeeB.id, reason: '调动' })).json();
    expect(t2.status).toBe('requested');
    await secretary.post(`/api/v1/transfers/${t2.id}/send`, { letterNo: '甲-2026-88' });
    const dup = (await secretary.post(`/api/v1/members/${(await addMember(h.db, h.fx.orgs.branchA)).memberId}/transfers`, { toOrgId: h.fx.orgs.committeeB.id, reason: '调动' })).json();
    const dupLetter = await secretary.post(`/api/v1/transfers/${dup.id}/send`, { letterNo: '甲-2026-88' });
    expect(dupLetter.json().error.details[0]).toMatchObject({ field: 'letterNo', code: 'conflict' });
    const returned = await street2.post(`/api/v1/transfers/${t2.id}/return`, { reason: '接收单位信息有误' });
    expect(returned.json()).toMatchObject({ status: 'returned', returnReason: '接收单位信息有误' });
    // The member stays where they were.
    expect((await secretary.get(`/api/v1/members/${memberId}`)).json().orgId).toBe(h.fx.orgs.branchA.id);
  });

  it('refuses a transfer without a target, to the own organization, or of someone not yet a member', async () => {
    const { memberId } = await addMember(h.db, h.fx.orgs.branchA);
    const none = await secretary.post(`/api/v1/members/${memberId}/transfers`, { reason: '调动' });
    expect(none.json().error.details[0]).toMatchObject({ field: 'toOrgId', code: 'transfer_target_required' });
    const both = await secretary.post(`/api/v1/members/${memberId}/transfers`, { toOrgId: h.fx.orgs.branchB.id, destination: '外省', reason: '调动' });
    expect(both.json().error.details[0]).toMatchObject({ field: 'destination', code: 'transfer_target_required' });
    const same = await secretary.post(`/api/v1/members/${memberId}/transfers`, { toOrgId: h.fx.orgs.branchA.id, reason: '调动' });
    expect(same.json().error.details[0]).toMatchObject({ field: 'toOrgId', code: 'transfer_same_org' });
    const other = await secretary.post(`/api/v1/members/${memberId}/transfers`, { toOrgId: h.fx.other.committee.id, reason: '调动' });
    expect(other.statusCode).toBe(404);
    const applicant = await addMember(h.db, h.fx.orgs.branchA, { stage: 'activist' });
    const notYet = await secretary.post(`/api/v1/members/${applicant.memberId}/transfers`, { toOrgId: h.fx.orgs.branchB.id, reason: '调动' });
    expect(notYet.statusCode).toBe(409);
    expect(notYet.json().error.details[0].code).toBe('member_not_party_member');
  });

  it('transfers out of the district: letter valid 6 months across provinces; the sending side records receipt and the record closes', async () => {
    const { memberId } = await addMember(h.db, h.fx.orgs.branchA, { name: '外省调动' });
    const t = (await secretary.post(`/api/v1/members/${memberId}/transfers`, { destination: '广东省深圳市南山区某公司党支部', crossProvince: true, reason: '工作调动', requestedOn: '2026-11-20' })).json();
    expect(t).toMatchObject({ withinDistrict: false, toOrg: null, destination: '广东省深圳市南山区某公司党支部' });
    const sent = (await secretary.post(`/api/v1/transfers/${t.id}/send`, { sentOn: '2026-11-22' })).json();
    expect(sent.validUntil).toBe('2027-05-22');
    // Only the sending side is involved; street B cannot see it.
    expect((await street2.post(`/api/v1/transfers/${t.id}/receive`, {})).statusCode).toBe(404);
    const received = await secretary.post(`/api/v1/transfers/${t.id}/receive`, {});
    expect(received.json().status).toBe('received');
    const m = (await secretary.get(`/api/v1/members/${memberId}`)).json();
    expect(m).toMatchObject({ status: 'closed', closedReason: 'transferred_out', closedOn: '2026-11-23' });
  });

  it('refuses receipt on an expired letter (3 months, practice)', async () => {
    const { memberId } = await addMember(h.db, h.fx.orgs.branchA, { name: '过期介绍信' });
    const t = (await secretary.post(`/api/v1/members/${memberId}/transfers`, { toOrgId: h.fx.orgs.branchB.id, reason: '调动' })).json();
    await secretary.post(`/api/v1/transfers/${t.id}/send`, {});
    h.clock.set('2027-03-01T02:00:00.000Z');
    const street2Again = await h.as('street2');
    const list = (await street2Again.get('/api/v1/transfers?direction=incoming&status=sent')).json();
    expect(list.items.find((x: { id: number }) => x.id === t.id)).toMatchObject({ expired: true, validUntil: '2027-02-23' });
    const late = await street2Again.post(`/api/v1/transfers/${t.id}/receive`, {});
    expect(late.statusCode).toBe(409);
    expect(late.json().error.details[0]).toMatchObject({ field: 'receivedOn', code: 'transfer_letter_expired' });
    const returned = await street2Again.post(`/api/v1/transfers/${t.id}/return`, { reason: '介绍信过期' });
    expect(returned.json().status).toBe('returned');
  });

  it('kept the counts per territory node equal to the rows through every write above', async () => {
    expect(await rebuildKeptCounts(h.db.kysely, h.fx.districtId)).toBe(0);
  });
});
