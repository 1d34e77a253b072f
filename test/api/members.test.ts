import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildKeptCounts } from '../../src/db/counts.js';
import { residentIdCheckChar, residentIdProblem } from '../../src/domain/ids.js';
import { harness, testVault, type Client, type Harness } from '../support/client.js';
import { dialects } from '../support/db.js';
import { addMember, addPerson, addPost } from '../support/fixture.js';

/** A valid resident ID (GB 11643) for a birth date YYYYMMDD and a sequence number. */
export function residentId(birth: string, seq: number, region = '110105'): string {
  const body = `${region}${birth}${String(seq).padStart(3, '0')}`;
  return body + residentIdCheckChar(body);
}

// The standard's published examples.
const EXAMPLE_ID = '11010519491231002X';
const EXAMPLE_ID_2 = '440524188001010014';
const RAW_PHONE = '13912345678';

async function sheetText(payload: Buffer): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(payload as unknown as ArrayBuffer);
  const out: string[] = [];
  wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => out.push(String(c.value)))));
  return out.join('\n');
}

describe.each(dialects())('members registry on %s', (dialect) => {
  let h: Harness;
  let admin: Client;
  let street1: Client;
  let street2: Client;
  let secretary: Client;
  let memberId: number;
  let xinghuo: number;

  beforeAll(async () => {
    h = await harness(dialect);
    [admin, street1, street2, secretary] = await Promise.all([h.as('admin'), h.as('street1'), h.as('street2'), h.as('secretary')]);
    xinghuo = h.fx.units['星火科技有限公司']!;
  });
  afterAll(() => h.close());

  const register = (c: Client, body: Record<string, unknown>) =>
    c.post('/api/v1/members', {
      name: '王志远',
      gender: 'male',
      orgId: h.fx.orgs.branchA.id,
      stage: 'full',
      admittedOn: '1975-07-01',
      fullOn: '1976-07-01',
      ...body,
    });

  it('checks resident IDs by GB 11643: the published examples pass, a changed digit fails', async () => {
    expect(residentIdProblem(EXAMPLE_ID)).toBeNull();
    expect(residentIdProblem(EXAMPLE_ID_2)).toBeNull();
    expect(residentIdProblem('11010519491231003X')).toBe('check');
    expect(residentIdProblem('440524188001010015')).toBe('check');
    const bad = await register(secretary, { residentId: '440524188001010015' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details).toEqual([expect.objectContaining({ field: 'residentId', code: 'resident_id_check' })]);
    const short = await register(secretary, { residentId: '4405241880010100' });
    expect(short.json().error.details[0]).toMatchObject({ field: 'residentId', code: 'resident_id_length' });
    const date = await register(secretary, { residentId: residentId('19491331', 2).slice(0, 17) + '0' });
    expect(date.json().error.details[0]).toMatchObject({ field: 'residentId', code: 'resident_id_birth_date' });
    const chars = await register(secretary, { residentId: '44052418800101001Y' });
    expect(chars.json().error.details[0]).toMatchObject({ field: 'residentId', code: 'resident_id_character' });
    // Nothing was written.
    const n = await h.db.kysely.selectFrom('member').select(h.db.kysely.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(0);
  });

  it('registers a member: resident ID encrypted at rest, birth date and age from it, masked in the answer', async () => {
    const res = await register(secretary, {
      residentId: EXAMPLE_ID.toLowerCase(),
      ethnicity: '汉族',
      education: 'bachelor',
      phone: RAW_PHONE,
      employerUnitId: xinghuo,
      position: '总工程师',
      technicalBackbone: true,
      decisionLevel: true,
      occupation: 'professional',
    });
    expect(res.statusCode, res.body).toBe(201);
    const m = res.json();
    memberId = m.id;
    expect(m).toMatchObject({
      name: '王志远',
      residentId: '1101**********002X',
      phone: '139****5678',
      age: 76,
      stage: 'full',
      stageDates: { admittedOn: '1975-07-01', fullOn: '1976-07-01' },
      orgId: h.fx.orgs.branchA.id,
      employerUnitName: '星火科技有限公司',
      position: '总工程师',
      flags: { keyPost: false, technicalBackbone: true, middleManagement: false, decisionLevel: true },
      status: 'active',
      lastContactOn: '2026-11-23',
    });
    const person = await h.db.kysely.selectFrom('person').selectAll().where('id', '=', m.personId).executeTakeFirstOrThrow();
    expect(person.resident_id_enc).not.toContain(EXAMPLE_ID);
    expect(testVault.decrypt(person.resident_id_enc!)).toBe(EXAMPLE_ID);
    expect(person.resident_id_hash).toBe(testVault.hash(EXAMPLE_ID));
    expect(person.birth_date).toBe('1949-12-31');
  });

  it('refuses a duplicate resident ID in the district, naming the field', async () => {
    const dup = await register(street1, { name: '王志远二', residentId: EXAMPLE_ID });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.details).toEqual([expect.objectContaining({ field: 'residentId', code: 'resident_id_taken' })]);
    // With other bad fields, every problem at once (400), the duplicate among them.
    const both = await register(street1, { name: '王志远二', residentId: EXAMPLE_ID, fullOn: null });
    expect(both.statusCode).toBe(400);
    expect(both.json().error.details.map((d: { field: string }) => d.field).sort()).toEqual(['fullOn', 'residentId']);
  });

  it('checks the stage dates: order, the future, the minimum age', async () => {
    const order = await register(secretary, { residentId: residentId('19800101', 11), admittedOn: '2010-07-01', fullOn: '2009-07-01' });
    expect(order.json().error.details).toEqual([expect.objectContaining({ field: 'fullOn', code: 'date_order' })]);
    const young = await register(secretary, { residentId: residentId('20000101', 12), stage: 'probationary', admittedOn: '2017-06-01', fullOn: null });
    expect(young.json().error.details).toEqual([expect.objectContaining({ field: 'admittedOn', code: 'member_under_age' })]);
    const missing = await register(secretary, { residentId: residentId('19900101', 13), stage: 'probationary', admittedOn: null, fullOn: null });
    expect(missing.json().error.details).toEqual([expect.objectContaining({ field: 'admittedOn', code: 'required' })]);
    const probationary = await register(secretary, { name: '李青', residentId: residentId('19950505', 14, '110101'), stage: 'probationary', admittedOn: '2026-07-01', fullOn: null });
    expect(probationary.statusCode, probationary.body).toBe(201);
    expect(probationary.json().stageDates).toMatchObject({ admittedOn: '2026-07-01', fullOn: null, probationUntil: '2027-07-01' });
    const stage = await secretary.patch(`/api/v1/members/${probationary.json().id}`, { stage: 'full' });
    expect(stage.json().error.details).toEqual([expect.objectContaining({ field: 'stage', code: 'unknown_field' })]);
  });

  it('lists, filters and exports members without ever showing a full resident ID or phone', async () => {
    const list = await street1.get(`/api/v1/members?orgId=${h.fx.orgs.branchA.id}&technicalBackbone=true`);
    expect(list.statusCode).toBe(200);
    expect(list.json()).toMatchObject({ total: 1, items: [{ id: memberId, residentId: '1101**********002X', phone: '139****5678', age: 76 }] });
    const all = await secretary.get('/api/v1/members?pageSize=100&sort=-age');
    expect(all.json().items.map((m: { name: string }) => m.name)).toEqual(['王志远', '李青']);
    const byName = await admin.get(`/api/v1/members?q=${encodeURIComponent('志远')}`);
    expect(byName.json().total).toBe(1);
    const detail = await secretary.get(`/api/v1/members/${memberId}`);
    expect(detail.json()).toMatchObject({ residentId: '1101**********002X', openTransferId: null, lostContactSince: null });
    const xlsx = await street1.get(`/api/v1/members/export?orgId=${h.fx.orgs.branchA.id}&lang=en`);
    expect(xlsx.statusCode).toBe(200);
    const text = await sheetText(xlsx.rawPayload);
    expect(text).toContain('1101**********002X');
    expect(text).toContain('王志远');
    for (const body of [list.body, all.body, byName.body, detail.body, text]) {
      expect(body).not.toContain(EXAMPLE_ID);
      expect(body.toLowerCase()).not.toContain(EXAMPLE_ID.toLowerCase());
      expect(body).not.toContain(RAW_PHONE);
    }
    // An export with a filter out of scope is refused before any download starts.
    const out = await street1.get(`/api/v1/members/export?orgId=${h.fx.orgs.branchB.id}`);
    expect(out.statusCode).toBe(404);
  });

  it('reveals a full ID only to those allowed, for a reason, and audits every reveal without the value', async () => {
    const denied = await street1.post(`/api/v1/members/${memberId}/reveal`, { field: 'residentId', reason: '核对身份' });
    expect(denied.statusCode).toBe(403);
    const noReason = await secretary.post(`/api/v1/members/${memberId}/reveal`, { field: 'residentId' });
    expect(noReason.json().error.details[0]).toMatchObject({ field: 'reason', code: 'required' });
    const res = await secretary.post(`/api/v1/members/${memberId}/reveal`, { field: 'residentId', reason: '办理组织关系转接核对身份' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ field: 'residentId', value: EXAMPLE_ID });
    const phone = await admin.post(`/api/v1/members/${memberId}/reveal`, { field: 'phone', reason: '联系本人' });
    expect(phone.json().value).toBe(RAW_PHONE);
    const audit = (await admin.get(`/api/v1/audit-log?action=member.reveal&entityType=member&entityId=${memberId}`)).json();
    expect(audit.total).toBe(2);
    expect(audit.items.map((a: { actorName: string; after: unknown }) => [a.actorName, a.after])).toEqual([
      ['admin', { field: 'phone', reason: '联系本人' }],
      ['secretary', { field: 'residentId', reason: '办理组织关系转接核对身份' }],
    ]);
    // No audit payload, anywhere in the district's log, holds the raw ID or phone.
    const rows = await h.db.kysely.selectFrom('audit_log').selectAll().execute();
    const all = JSON.stringify(rows);
    expect(all).toContain('member.create');
    expect(all).not.toContain(EXAMPLE_ID);
    expect(all.toLowerCase()).not.toContain(EXAMPLE_ID.toLowerCase());
    expect(all).not.toContain(RAW_PHONE);
    const log = await admin.get('/api/v1/audit-log/export');
    const logText = await sheetText(log.rawPayload);
    expect(logText).toContain('member.reveal');
    expect(logText).not.toContain(EXAMPLE_ID);
  });

  it('keeps branch B\'s members and IDs from branch A\'s secretary (404), and street B\'s from street A', async () => {
    const b = await addMember(h.db, h.fx.orgs.branchB, { name: '乙园党员', residentId: EXAMPLE_ID_2 });
    for (const res of [
      await secretary.get(`/api/v1/members/${b.memberId}`),
      await secretary.post(`/api/v1/members/${b.memberId}/reveal`, { field: 'residentId', reason: '核对身份' }),
      await secretary.patch(`/api/v1/members/${b.memberId}`, { position: '职员' }),
      await secretary.get(`/api/v1/members?orgId=${h.fx.orgs.branchB.id}`),
      await street1.get(`/api/v1/members/${b.memberId}`),
    ]) {
      expect(res.statusCode).toBe(404);
      expect(res.body).not.toContain(EXAMPLE_ID_2);
    }
    const mine = await secretary.get('/api/v1/members?pageSize=100');
    expect(mine.json().items.map((m: { id: number }) => m.id)).not.toContain(b.memberId);
    const theirs = await street2.get(`/api/v1/members/${b.memberId}`);
    expect(theirs.json()).toMatchObject({ name: '乙园党员', residentId: '4405**********0014' });
    // Registering into an organization out of scope is a 404 naming the field.
    const into = await register(secretary, { residentId: residentId('19800101', 21), orgId: h.fx.orgs.branchB.id });
    expect(into.statusCode).toBe(404);
    expect(into.json().error.details[0]).toMatchObject({ field: 'orgId', code: 'org_not_found' });
  });

  it('edits and closes a member with a reason; closed records stay', async () => {
    const patched = await secretary.patch(`/api/v1/members/${memberId}`, { position: '副总经理', middleManagement: true, inUnitManagement: true });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ position: '副总经理', inUnitManagement: true, flags: { middleManagement: true, technicalBackbone: true } });
    const dupId = await secretary.patch(`/api/v1/members/${memberId}`, { residentId: EXAMPLE_ID_2 });
    expect(dupId.statusCode).toBe(409);
    const extra = await addMember(h.db, h.fx.orgs.branchA, { name: '待关闭' });
    const early = await secretary.post(`/api/v1/members/${extra.memberId}/close`, { reason: 'deceased', closedOn: '2014-01-01' });
    expect(early.json().error.details[0]).toMatchObject({ field: 'closedOn', code: 'date_order' });
    const closed = await secretary.post(`/api/v1/members/${extra.memberId}/close`, { reason: 'deceased', closedOn: '2026-11-01' });
    expect(closed.json()).toMatchObject({ status: 'closed', closedOn: '2026-11-01', closedReason: 'deceased' });
    const again = await secretary.post(`/api/v1/members/${extra.memberId}/close`, { reason: 'left' });
    expect(again.statusCode).toBe(409);
    const list = await secretary.get('/api/v1/members?status=closed');
    expect(list.json().items.map((m: { name: string }) => m.name)).toEqual(['待关闭']);
  });

  it('shows a unit\'s "three steps", its cross-appointments and the members still to be found', async () => {
    // 星火: 120 employees, 4 members in the survey; 张建华 (secretary, in management) is the cross-appointment.
    await addMember(h.db, h.fx.orgs.branchA, { name: '技术员', stage: 'activist', employerUnitId: xinghuo });
    await h.db.kysely.updateTable('member').set({ is_technical_backbone: 1 }).where('stage', '=', 'activist').execute();
    const t = await secretary.get(`/api/v1/units/${xinghuo}/talent`);
    expect(t.statusCode, t.body).toBe(200);
    expect(t.json()).toMatchObject({
      unit: { name: '星火科技有限公司', employeeCount: 120, surveyedMemberCount: 4 },
      organizations: [{ id: h.fx.orgs.branchA.id }],
      steps: {
        employees: 120,
        backbones: { total: 2, technical: 2, middleManagement: 1, notYetMembers: 1 },
        members: { total: 1, full: 1, probationary: 0, backbones: 1 },
        decisionLevel: { total: 1 },
      },
      pipeline: { applicant: 0, activist: 1, candidate: 0 },
      toFind: { surveyed: 4, registered: 1, gap: 3 },
    });
    expect(t.json().crossAppointments).toEqual([expect.objectContaining({ name: '张建华', post: 'secretary', unitPosition: '副总经理' })]);
    // Branch B's unit is not the secretary's.
    expect((await secretary.get(`/api/v1/units/${h.fx.units['乙园软件股份有限公司']}/talent`)).statusCode).toBe(404);

    const find = (await street1.get(`/api/v1/members/to-find?territoryId=${h.fx.streetA}`)).json();
    expect(find.items.map((i: { unitName: string; gap: number }) => [i.unitName, i.gap])).toEqual([
      ['星火科技有限公司', 3],
      ['市场服装批发有限公司', 2],
      ['明珠贸易有限公司', 1],
    ]);
    const mine = (await secretary.get('/api/v1/members/to-find')).json();
    expect(mine.items.map((i: { unitName: string }) => i.unitName)).toEqual(['星火科技有限公司']);
    expect((await secretary.get(`/api/v1/members/to-find?territoryId=${h.fx.streetA}`)).statusCode).toBe(404);
  });

  it('keeps the post holders of the people registry apart from members', async () => {
    // A person with a post but no member record does not count as registered.
    const p = await addPerson(h.db, h.fx.nodes.buildingA, '无党籍经理', { employerUnitId: xinghuo, inManagement: true, fullMemberSince: null });
    await addPost(h.db, h.fx.orgs.branchA, p, 'committee_member');
    const t = (await admin.get(`/api/v1/units/${xinghuo}/talent`)).json();
    expect(t.toFind.registered).toBe(1);
    expect(t.crossAppointments.map((c: { name: string }) => c.name).sort()).toEqual(['张建华', '无党籍经理'].sort());
  });

  it('kept the counts per territory node equal to the rows through every write above', async () => {
    expect(await rebuildKeptCounts(h.db.kysely, h.fx.districtId)).toBe(0);
  });
});
