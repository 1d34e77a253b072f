import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, type Client, type Harness } from '../support/client.js';
import { dialects } from '../support/db.js';
import { addMember } from '../support/fixture.js';

/** Moves the clock (a date in Shanghai, 10:00) and logs in again: sessions idle out after 30 minutes. */
async function at<const U extends readonly string[]>(h: Harness, day: string, ...users: U): Promise<{ [K in keyof U]: Client }> {
  h.clock.set(`${day}T02:00:00.000Z`);
  return (await Promise.all(users.map((u) => h.as(u)))) as { [K in keyof U]: Client };
}

describe.each(dialects())('mobile members on %s', (dialect) => {
  let h: Harness;
  let secretary: Client;
  let street2: Client;
  let me: Client;
  let memberId: number;
  let recordId: number;

  beforeAll(async () => {
    h = await harness(dialect);
    const m = await addMember(h.db, h.fx.orgs.branchA, { name: '外出党员', lastContactOn: '2026-11-01' });
    memberId = m.memberId;
    // The `member` account is this member.
    await h.db.kysely.updateTable('app_user').set({ person_id: m.personId }).where('username', '=', 'member').execute();
    [secretary, street2, me] = await Promise.all([h.as('secretary'), h.as('street2'), h.as('member')]);
  });
  afterAll(() => h.close());

  it('answers /me with my own record, and 404 for an account without one', async () => {
    const res = await me.get('/api/v1/me/member');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      member: { id: memberId, name: '外出党员', stage: 'full', phone: '137****0000' },
      organization: { id: h.fx.orgs.branchA.id, name: '星火科技有限公司党支部', secretaryName: '张建华' },
      mobile: null,
      openTransfer: null,
    });
    expect((await me.get('/api/v1/me/mobile')).json()).toEqual({ record: null });
    const notAway = await me.post('/api/v1/me/mobile/reports', { content: '近况良好' });
    expect(notAway.statusCode).toBe(409);
    expect(notAway.json().error.code).toBe('conflict');
    expect(notAway.json().error.details[0].code).toBe('mobile_not_away');
    expect(Array.isArray(res.json().nextSteps)).toBe(true);
    expect((await secretary.get('/api/v1/me/member')).statusCode).toBe(404);
    // The member role reads no registry.
    expect((await me.get(`/api/v1/members/${memberId}`)).statusCode).toBe(403);
  });

  it('shows a probationary member when probation ends (from the development rules)', async () => {
    const p = await addMember(h.db, h.fx.orgs.branchA, { name: '预备党员', stage: 'probationary', dates: { admitted_on: '2026-03-01', probation_until: '2027-03-01' } });
    await h.db.kysely.updateTable('app_user').set({ person_id: p.personId }).where('username', '=', 'representative').execute();
    const rep = await h.as('representative');
    const res = (await rep.get('/api/v1/me/member')).json();
    expect(res.member).toMatchObject({ stage: 'probationary', stageDates: { probationUntil: '2027-03-01' } });
    expect(res.deadlines).toEqual([expect.objectContaining({ kind: 'probation_ends', on: '2027-03-01', overdue: false })]);
  });

  it('records a member leaving, with a host organization that does not give a vote', async () => {
    const res = await secretary.post(`/api/v1/members/${memberId}/mobile`, {
      destination: '乙街道科技园',
      reason: '外派项目',
      leftOn: '2026-11-20',
      hostOrgId: h.fx.orgs.branchB.id,
      mode: 'affiliated',
      certificateNo: 'LD-2026-001',
    });
    expect(res.statusCode, res.body).toBe(201);
    recordId = res.json().id;
    expect(res.json()).toMatchObject({ reportEveryMonths: 3, nextReportDue: '2027-02-20', overdue: false, hostOrg: { id: h.fx.orgs.branchB.id }, reports: [] });
    const again = await secretary.post(`/api/v1/members/${memberId}/mobile`, { destination: '外地', reason: '务工', leftOn: '2026-11-21' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.details[0].code).toBe('mobile_already_away');
    const m = (await secretary.get(`/api/v1/members/${memberId}`)).json();
    expect(m).toMatchObject({ isMobile: true, openMobileRecordId: recordId });
    expect((await secretary.get('/api/v1/members?mobile=true')).json().total).toBe(1);

    const hosted = (await street2.get('/api/v1/mobile/hosted')).json();
    expect(hosted.items).toEqual([expect.objectContaining({ memberId, memberName: '外出党员', votesAtHost: false, homeOrg: { id: h.fx.orgs.branchA.id, name: '星火科技有限公司党支部' } })]);
    expect(hosted.items[0].note.en).toMatch(/do not vote/);
    // The host does not get the member in its registry.
    expect((await street2.get(`/api/v1/members/${memberId}`)).statusCode).toBe(404);
    expect((await secretary.get('/api/v1/mobile/hosted')).json().total).toBe(0);
  });

  it('takes reports from the member themself: each is a contact event', async () => {
    const res = await me.post('/api/v1/me/mobile/reports', { location: '深圳', content: '参加流入地支部主题党日' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ lastReportOn: '2026-11-23', reportCount: 1, nextReportDue: '2027-02-23' });
    const events = await h.db.kysely.selectFrom('contact_event').select(['kind', 'happened_on']).where('member_id', '=', memberId).orderBy('id').execute();
    expect(events).toEqual([
      { kind: 'mobile_leave', happened_on: '2026-11-20' },
      { kind: 'report', happened_on: '2026-11-23' },
    ]);
    const mine = (await me.get('/api/v1/me/mobile')).json();
    expect(mine.record).toMatchObject({ id: recordId, reports: [{ location: '深圳', content: '参加流入地支部主题党日' }] });
    expect((await me.get('/api/v1/me/member')).json().deadlines).toEqual([{ kind: 'next_report_due', on: '2027-02-23', overdue: false, message: null }]);
  });

  it('reports quarterly: not overdue on the due date, overdue the day after, current again after a report', async () => {
    [secretary, me] = await at(h, '2027-02-23', 'secretary', 'member');
    const onDue = (await secretary.get('/api/v1/mobile?overdue=true')).json();
    expect(onDue.total).toBe(0);
    [secretary, me] = await at(h, '2027-02-24', 'secretary', 'member');
    const late = (await secretary.get(`/api/v1/mobile?orgId=${h.fx.orgs.branchA.id}&overdue=true`)).json();
    expect(late.items).toEqual([expect.objectContaining({ id: recordId, overdue: true, nextReportDue: '2027-02-23', lastReportOn: '2026-11-23' })]);
    expect((await me.get('/api/v1/me/member')).json().mobile).toMatchObject({ overdue: true });
    // The secretary records a report the member made by phone.
    const recorded = await secretary.post(`/api/v1/mobile-records/${recordId}/reports`, { reportedOn: '2027-02-24', content: '电话汇报思想和工作情况' });
    expect(recorded.statusCode, recorded.body).toBe(201);
    expect(recorded.json()).toMatchObject({ overdue: false, nextReportDue: '2027-05-24', reportCount: 2 });
    expect((await secretary.get('/api/v1/mobile?overdue=true')).json().total).toBe(0);
    expect((await secretary.get(`/api/v1/members/${memberId}`)).json().lastContactOn).toBe('2027-02-24');
  });

  it('suggests a transfer after 6 months away, and records the return', async () => {
    [secretary, me] = await at(h, '2027-05-21', 'secretary', 'member');
    const list = (await secretary.get('/api/v1/mobile')).json();
    expect(list.items[0]).toMatchObject({ id: recordId, shouldTransfer: true });
    const early = await secretary.post(`/api/v1/mobile-records/${recordId}/return`, { returnedOn: '2026-11-01' });
    expect(early.json().error.details[0]).toMatchObject({ field: 'returnedOn', code: 'date_order' });
    const back = await secretary.post(`/api/v1/mobile-records/${recordId}/return`, {});
    expect(back.json()).toMatchObject({ returnedOn: '2027-05-21', nextReportDue: null, overdue: false });
    expect((await secretary.get(`/api/v1/members/${memberId}`)).json()).toMatchObject({ isMobile: false, openMobileRecordId: null });
    const after = await secretary.post(`/api/v1/mobile-records/${recordId}/reports`, { content: '返回后汇报' });
    expect(after.statusCode).toBe(409);
    expect(after.json().error.details[0].code).toBe('mobile_returned');
    expect((await me.get('/api/v1/me/mobile')).json()).toEqual({ record: null });
    expect((await secretary.get('/api/v1/mobile')).json().total).toBe(0);
  });
});

describe.each(dialects())('lost-contact members on %s', (dialect) => {
  let h: Harness;
  let secretary: Client;
  let street1: Client;
  let lost: number;
  let recent: number;
  let caseId: number;

  beforeAll(async () => {
    h = await harness(dialect);
    lost = (await addMember(h.db, h.fx.orgs.branchA, { name: '失联党员', lastContactOn: '2026-03-01' })).memberId;
    recent = (await addMember(h.db, h.fx.orgs.branchA, { name: '联系正常', lastContactOn: '2026-10-01' })).memberId;
    await addMember(h.db, h.fx.orgs.branchB, { name: '乙街道失联', lastContactOn: '2025-01-01' });
    [secretary, street1] = await Promise.all([h.as('secretary'), h.as('street1')]);
  });
  afterAll(() => h.close());

  it('flags members 6 months without contact, in scope only', async () => {
    const list = (await secretary.get('/api/v1/lost-contact')).json();
    expect(list.items).toEqual([expect.objectContaining({ memberId: lost, lastContactOn: '2026-03-01', lostContactSince: '2026-09-01', case: null })]);
    expect((await street1.get(`/api/v1/lost-contact?territoryId=${h.fx.streetA}`)).json().total).toBe(1);
    expect((await secretary.get(`/api/v1/members/${lost}`)).json().lostContactSince).toBe('2026-09-01');
  });

  it('opens a case only for a flagged member', async () => {
    const tooSoon = await secretary.post(`/api/v1/members/${recent}/lost-contact-cases`, {});
    expect(tooSoon.statusCode).toBe(409);
    expect(tooSoon.json().error.details[0]).toMatchObject({ code: 'lost_contact_not_flagged' });
    const res = await secretary.post(`/api/v1/members/${lost}/lost-contact-cases`, {});
    expect(res.statusCode, res.body).toBe(201);
    caseId = res.json().id;
    // Untraceable 6 months from the search (after the flag): suspension is possible from 2027-05-23.
    expect(res.json()).toMatchObject({ status: 'open', openedOn: '2026-11-23', suspendableFrom: '2027-05-23', allowedDecisions: ['found', 'keep_searching'] });
    expect((await secretary.post(`/api/v1/members/${lost}/lost-contact-cases`, {})).statusCode).toBe(409);
  });

  it('refuses an early suspension, citing the rule, and never acts on its own', async () => {
    const early = await secretary.post(`/api/v1/lost-contact-cases/${caseId}/decide`, { decision: 'suspend_membership', note: '多方查找无果' });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.details[0]).toMatchObject({ field: 'decision', code: 'lost_contact_suspension_too_early' });
    expect(early.json().error.details[0].message).toContain('2027-05-23');
    expect(early.json().error.details[0].message).toContain('《中国共产党党员教育管理工作条例》');
    const effort = await secretary.post(`/api/v1/lost-contact-cases/${caseId}/efforts`, { method: 'relatives', outcome: '家属称其外出务工，电话停机' });
    expect(effort.statusCode, effort.body).toBe(201);
    const keep = await secretary.post(`/api/v1/lost-contact-cases/${caseId}/decide`, { decision: 'keep_searching', note: '继续查找' });
    expect(keep.json()).toMatchObject({ status: 'open', decision: 'keep_searching', efforts: [{ method: 'relatives' }] });

    // Six months later nothing has happened by itself.
    [secretary] = await at(h, '2027-05-23', 'secretary');
    const m = (await secretary.get(`/api/v1/members/${lost}`)).json();
    expect(m.status).toBe('active');
    const c = (await secretary.get(`/api/v1/lost-contact-cases/${caseId}`)).json();
    expect(c).toMatchObject({ status: 'open', allowedDecisions: ['found', 'keep_searching', 'suspend_membership'] });
  });

  it('suspends membership by decision after 6 months untraceable; removal waits 2 years', async () => {
    const res = await secretary.post(`/api/v1/lost-contact-cases/${caseId}/decide`, { decision: 'suspend_membership', note: '经多方查找满6个月仍无法取得联系' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'suspended', decidedOn: '2027-05-23', removableFrom: '2029-05-23', allowedDecisions: ['found'] });
    expect((await secretary.get(`/api/v1/members/${lost}`)).json().status).toBe('suspended');
    const remove = await secretary.post(`/api/v1/lost-contact-cases/${caseId}/decide`, { decision: 'remove', note: '除名' });
    expect(remove.statusCode).toBe(409);
    expect(remove.json().error.details[0]).toMatchObject({ code: 'lost_contact_removal_too_early' });
    expect((await secretary.get('/api/v1/lost-contact')).json().items.find((i: { memberId: number }) => i.memberId === lost).case.status).toBe('suspended');
  });

  it('logs contacts, and a found member is restored by decision', async () => {
    const log = await secretary.post(`/api/v1/members/${recent}/contact-log`, { note: '电话联系，近况良好' });
    expect(log.statusCode, log.body).toBe(201);
    expect(log.json()).toEqual({ memberId: recent, lastContactOn: '2027-05-23', lostContactSince: null });
    const found = await secretary.post(`/api/v1/lost-contact-cases/${caseId}/decide`, { decision: 'found', note: '本人回乡后主动联系支部' });
    expect(found.json()).toMatchObject({ status: 'closed', decision: 'found' });
    const m = (await secretary.get(`/api/v1/members/${lost}`)).json();
    expect(m).toMatchObject({ status: 'active', lastContactOn: '2027-05-23', lostContactSince: null });
    const closed = await secretary.post(`/api/v1/lost-contact-cases/${caseId}/efforts`, { method: 'phone', outcome: '已联系' });
    expect(closed.statusCode).toBe(409);
  });
});
