import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildKeptCounts } from '../../src/db/counts.js';
import { residentIdCheckChar } from '../../src/domain/ids.js';
import { harness, type Client, type Harness } from '../support/client.js';
import { dialects } from '../support/db.js';
import { addMember, addPerson, NOW } from '../support/fixture.js';

let seq = 0;
/** A valid resident ID with this birth date (YYYYMMDD), never repeated. */
function residentId(birth: string): string {
  const body = `${String(310100 + seq++).padStart(6, '0')}${birth}${String(100 + seq).slice(-3)}`;
  return body + residentIdCheckChar(body);
}

const VOTE_7_OF_13 = { entitled: 13, present: 10, yes: 7, no: 2, abstain: 1 };

interface Detail {
  field: string;
  code: string;
  message: string;
  ruleId: string;
  sources: { name: string; title: string }[];
}

describe.each(dialects())('member development on %s', (dialect) => {
  let h: Harness;
  let sponsorA: number;
  let sponsorB: number;
  let nonMember: number;
  /** Log in again after moving the clock: sessions idle out after 30 minutes of clock time. */
  const at = async (day: string, user = 'secretary'): Promise<Client> => {
    h.clock.set(`${day}T02:00:00.000Z`);
    return h.as(user);
  };
  beforeAll(async () => {
    h = await harness(dialect);
    // Two full members of branch A: the sponsors and mentor.
    sponsorA = (await addMember(h.db, h.fx.orgs.branchA, { name: '赵党员', stage: 'full', dates: { full_on: '2010-07-01' } })).personId;
    sponsorB = (await addMember(h.db, h.fx.orgs.branchA, { name: '钱党员', stage: 'full', dates: { full_on: '2005-07-01' } })).personId;
    nonMember = await addPerson(h.db, h.fx.nodes.buildingA, '孙群众', { fullMemberSince: null });
  });
  afterAll(() => h.close());

  it('takes an applicant from the application to full member, refusing each illegal step with its rule and source', { timeout: 120_000 }, async () => {
    // The district enters a holiday (Thursday 26 November): notices run on working days.
    const admin = await at('2026-11-23', 'admin');
    const put = await admin.request('PUT', '/api/v1/calendar/days', { day: '2026-11-26', isWorking: false, note: '区内调休' });
    expect(put.statusCode, put.body).toBe(200);
    expect((await admin.get('/api/v1/calendar/days?year=2026')).json()).toEqual({ items: [{ day: '2026-11-26', isWorking: false, note: '区内调休' }], total: 1 });

    let sec = await at('2026-11-23');
    // Under 18 on the day of the application: refused, nothing written.
    const young = await sec.post('/api/v1/development/applications', { orgId: h.fx.orgs.branchA.id, name: '小周', gender: 'male', residentId: residentId('20081201'), appliedOn: '2026-11-20' });
    expect(young.statusCode).toBe(400);
    const yd = young.json().error.details as Detail[];
    expect(yd).toMatchObject([{ field: 'residentId', code: 'dev.applicant.age', ruleId: 'dev.applicant.age', sources: [{ name: 'Constitution' }, { name: 'Development' }] }]);
    expect(yd[0]!.message).toContain('年满 18 岁方可申请入党');
    expect(yd[0]!.message).toContain('《中国共产党发展党员工作细则》（2014）');
    expect((await sec.get(`/api/v1/development/pipeline?orgId=${h.fx.orgs.branchA.id}`)).json().counts.applicant).toBe(0);

    const id = residentId('19980315');
    const app = await sec.post('/api/v1/development/applications', { orgId: h.fx.orgs.branchA.id, name: '王小明', gender: 'male', residentId: id, phone: '13911112222', appliedOn: '2026-11-20' });
    expect(app.statusCode, app.body).toBe(201);
    const a = app.json();
    expect(a).toMatchObject({ name: '王小明', orgId: h.fx.orgs.branchA.id, status: 'applicant', stageDates: { appliedOn: '2026-11-20' }, fromRegistry: false });
    expect(a.history).toMatchObject([{ step: 'application', doneOn: '2026-11-20', order: 1 }]);
    expect(a.deadlines).toMatchObject([{ kind: 'talk_due', dueOn: '2026-12-20', overdue: false }]);
    expect(a.nextSteps.map((n: { step: string }) => n.step)).toEqual(['talk', 'notice', 'withdrawn']);
    const memberId: number = a.memberId;
    const url = `/api/v1/members/${memberId}/development-steps`;
    // The same person cannot apply twice.
    const twice = await sec.post('/api/v1/development/applications', { orgId: h.fx.orgs.branchA.id, name: '王小明', gender: 'male', residentId: id, appliedOn: '2026-11-21' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.details[0]).toMatchObject({ field: 'residentId', code: 'development_already_recorded' });
    // The resident ID is stored encrypted, with the birth date taken from it.
    const person = await h.db.kysely.selectFrom('person').selectAll().where('id', '=', a.personId).executeTakeFirstOrThrow();
    expect(person.resident_id_enc).not.toContain(id);
    expect(person.birth_date).toBe('1998-03-15');

    // Out of order: sponsors belong to the candidate stage (409, field step).
    const early = await sec.post(url, { step: 'sponsors', doneOn: '2026-11-23', data: { personIds: [sponsorA, sponsorB] } });
    expect(early.statusCode).toBe(409);
    expect(early.json().error).toMatchObject({ code: 'development_refused', details: [{ field: 'step', ruleId: 'dev.order.stage', sources: [{ name: 'Development' }] }] });
    expect((await sec.post(url, { step: 'talk', doneOn: '2026-11-23' })).statusCode).toBe(200);
    expect((await sec.post(url, { step: 'notice', doneOn: '2026-11-23', data: { for: 'activist' } })).statusCode).toBe(200);

    // Notice from Monday 23: Mon, Tue, Wed, (holiday Thu), Fri, Mon 30 — the decision may come from 1 December.
    sec = await at('2026-12-01');
    sec.lang = 'en';
    const short = await sec.post(url, { step: 'activist_nomination', doneOn: '2026-11-30' });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.details[0]).toMatchObject({ field: 'doneOn', ruleId: 'dev.notice.too_short', sources: [{ name: 'practice' }] });
    expect(short.json().error.details[0].message).toContain('only 4 working days so far; decide from 2026-12-01');
    sec.lang = 'zh-CN';
    for (const [step, doneOn, data] of [
      ['activist_nomination', '2026-12-01', { method: 'member_recommendation' }],
      ['activist_filing', '2026-12-01', {}],
      ['mentors', '2026-12-01', { personIds: [sponsorA] }],
    ] as const) {
      const r = await sec.post(url, { step, doneOn, data });
      expect(r.statusCode, `${step}: ${r.body}`).toBe(200);
    }

    sec = await at('2027-06-02');
    expect((await sec.post(url, { step: 'assessment', doneOn: '2027-06-01', data: { result: '表现良好' } })).statusCode).toBe(200);

    // A year of cultivation from 1 December 2026: 30 November 2027 is refused, 1 December allowed.
    sec = await at('2027-12-05');
    expect((await sec.post(url, { step: 'assessment', doneOn: '2027-11-30' })).statusCode).toBe(200);
    expect((await sec.post(url, { step: 'notice', doneOn: '2027-11-22', data: { for: 'candidate' } })).statusCode).toBe(200);
    const tooSoon = await sec.post(url, { step: 'candidate_decision', doneOn: '2027-11-30' });
    expect(tooSoon.statusCode).toBe(400);
    expect(tooSoon.json().error.details).toMatchObject([{ field: 'doneOn', ruleId: 'dev.candidate.cultivation' }]);
    expect(tooSoon.json().error.details[0].message).toContain('2027-12-01 起方可列为发展对象');
    const cand = await sec.post(url, { step: 'candidate_decision', doneOn: '2027-12-01' });
    expect(cand.statusCode, cand.body).toBe(200);
    expect(cand.json()).toMatchObject({ status: 'candidate', stageDates: { activistOn: '2026-12-01', candidateOn: '2027-12-01' }, warnings: [] });
    // Sponsors are two full members.
    const oneSponsor = await sec.post(url, { step: 'sponsors', doneOn: '2027-12-02', data: { personIds: [sponsorA] } });
    expect(oneSponsor.json().error.details).toMatchObject([{ field: 'data.personIds', ruleId: 'dev.sponsors.count' }]);
    const notMember = await sec.post(url, { step: 'sponsors', doneOn: '2027-12-02', data: { personIds: [sponsorA, nonMember] } });
    expect(notMember.json().error.details).toMatchObject([{ field: 'data.personIds.1', ruleId: 'dev.sponsors.not_full_member' }]);
    for (const [step, doneOn, data] of [
      ['candidate_filing', '2027-12-02', {}],
      ['sponsors', '2027-12-02', { personIds: [sponsorA, sponsorB] }],
      ['training', '2027-12-03', { hours: 16 }],
    ] as const) {
      const r = await sec.post(url, { step, doneOn, data });
      expect(r.statusCode, `${step}: ${r.body}`).toBe(200);
    }
    // No political review yet, and only 16 hours of training.
    const review = await sec.post(url, { step: 'committee_review', doneOn: '2027-12-04' });
    expect(review.statusCode).toBe(409);
    expect(review.json().error.details.map((d: Detail) => d.ruleId)).toEqual(['dev.order.requires', 'dev.political_review.required', 'dev.training.insufficient']);
    for (const [step, doneOn, data] of [
      ['political_review', '2027-12-03', { qualified: true }],
      ['training', '2027-12-04', { hours: 8 }],
      ['committee_review', '2027-12-04', {}],
      ['pre_review', '2027-12-05', {}],
      ['application_form', '2027-12-05', {}],
      ['notice', '2027-12-05', { for: 'admission' }],
    ] as const) {
      const r = await sec.post(url, { step, doneOn, data });
      expect(r.statusCode, `${step}: ${r.body}`).toBe(200);
    }

    // The admission vote: 6 yes of 13 entitled fails even when nobody votes against.
    sec = await at('2027-12-20');
    const six = await sec.post(url, { step: 'branch_vote', doneOn: '2027-12-15', data: { entitled: 13, present: 8, yes: 6, no: 0, abstain: 2 } });
    expect(six.statusCode).toBe(400);
    expect(six.json().error.details).toMatchObject([{ field: 'data.yes', ruleId: 'dev.vote.not_passed', sources: [{ name: 'Development', title: '《中国共产党发展党员工作细则》（2014）' }] }]);
    expect(six.json().error.details[0].message).toContain('应到 13 人，须至少 7 票赞成，实得 6 票');
    // Fewer entitled than the branch's registered full members (赵, 钱 and the fixture's): refused, naming the field.
    const few = await sec.post(url, { step: 'branch_vote', doneOn: '2027-12-15', data: { entitled: 1, present: 1, yes: 1, no: 0, abstain: 0 } });
    expect(few.statusCode).toBe(400);
    expect(few.json().error.details.map((d: Detail) => [d.field, d.ruleId])).toContainEqual(['data.entitled', 'dev.vote.entitled']);
    expect(few.json().error.details.find((d: Detail) => d.ruleId === 'dev.vote.entitled').message).toContain('应到会有表决权的正式党员数（1）少于登记在本支部的正式党员数（2）');
    const vote = await sec.post(url, { step: 'branch_vote', doneOn: '2027-12-15', data: VOTE_7_OF_13 });
    expect(vote.statusCode, vote.body).toBe(200);
    expect(vote.json()).toMatchObject({ status: 'candidate', admissionVoteOn: '2027-12-15', deadlines: [{ kind: 'approval_due', dueOn: '2028-03-15' }] });
    for (const [step, doneOn, data] of [
      ['approval_talk', '2027-12-16', {}],
      ['approval', '2027-12-20', {}],
      ['org_dept_filing', '2027-12-20', {}],
      ['group_assignment', '2027-12-20', { group: '研发党小组' }],
      ['oath', '2027-12-20', {}],
    ] as const) {
      const r = await sec.post(url, { step, doneOn, data });
      expect(r.statusCode, `${step}: ${r.body}`).toBe(200);
    }
    const probation = (await sec.get(`/api/v1/members/${memberId}/development`)).json();
    expect(probation).toMatchObject({ status: 'probationary', stageDates: { admittedOn: '2027-12-15', probationUntil: '2028-12-15' } });

    // Conversion: not before the year of probation is over.
    sec = await at('2028-12-20');
    for (const [step, doneOn, data] of [
      ['probation_assessment', '2028-06-01', { result: '合格' }],
      ['conversion_application', '2028-11-15', {}],
      ['notice', '2028-12-01', { for: 'conversion' }],
    ] as const) {
      expect((await sec.post(url, { step, doneOn, data })).statusCode).toBe(200);
    }
    const before = await sec.post(url, { step: 'conversion_vote', doneOn: '2028-12-14', data: VOTE_7_OF_13 });
    expect(before.json().error.details).toMatchObject([{ field: 'doneOn', ruleId: 'dev.conversion.before_end', sources: [{ name: 'Constitution' }, { name: 'Development' }] }]);
    expect((await sec.post(url, { step: 'conversion_vote', doneOn: '2028-12-15', data: VOTE_7_OF_13 })).statusCode).toBe(200);
    const full = await sec.post(url, { step: 'conversion_approval', doneOn: '2028-12-20' });
    expect(full.statusCode, full.body).toBe(200);
    expect(full.json()).toMatchObject({ status: 'full', stageDates: { admittedOn: '2027-12-15', probationUntil: '2028-12-15', fullOn: '2028-12-15' }, nextSteps: [{ step: 'archiving' }] });
    expect((await sec.post(url, { step: 'archiving', doneOn: '2028-12-20' })).statusCode).toBe(200);
    const row = await h.db.kysely.selectFrom('member').selectAll().where('id', '=', memberId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ stage: 'full', applied_on: '2026-11-20', activist_on: '2026-12-01', candidate_on: '2027-12-01', admitted_on: '2027-12-15', probation_until: '2028-12-15', full_on: '2028-12-15' });
    // All 25 steps (two assessments, two trainings) and four notices.
    const steps = await h.db.kysely.selectFrom('development_step').select('step').where('member_id', '=', memberId).execute();
    expect(new Set(steps.map((s) => s.step)).size).toBe(26);
    expect(steps).toHaveLength(31);

    // Corrections are new rows; the history shows both.
    const talk = (await sec.get(`/api/v1/members/${memberId}/development`)).json().history.find((x: { step: string }) => x.step === 'talk');
    const fixed = await sec.post(`/api/v1/members/${memberId}/development-steps/${talk.id}/correct`, { doneOn: '2026-11-22', reason: '谈话日期录入错误' });
    expect(fixed.statusCode, fixed.body).toBe(200);
    const shown = fixed.json().history.find((x: { step: string }) => x.step === 'talk');
    expect(shown).toMatchObject({ id: talk.id, doneOn: '2026-11-22', original: { doneOn: '2026-11-23' }, corrections: [{ doneOn: '2026-11-22', reason: '谈话日期录入错误', void: false }] });
    const voidTalk = await sec.post(`/api/v1/members/${memberId}/development-steps/${talk.id}/correct`, { void: true, reason: '误录' });
    expect(voidTalk.statusCode).toBe(409);
    expect(voidTalk.json().error.details[0]).toMatchObject({ field: 'step', ruleId: 'dev.order.requires' });
    expect((await sec.post(`/api/v1/members/${memberId}/development-steps/999999/correct`, { reason: '不存在' })).statusCode).toBe(404);

    // Every step is in the audit log.
    const adminNow = await at('2028-12-20', 'admin');
    const audit = (await adminNow.get(`/api/v1/audit-log?entityType=member&entityId=${memberId}&pageSize=100`)).json();
    expect(audit.items.map((x: { action: string }) => x.action)).toContain('development.application');
    expect(audit.items.filter((x: { action: string }) => x.action === 'development.step').length).toBe(steps.length - 1);
    expect(audit.items.some((x: { action: string }) => x.action === 'development.correct')).toBe(true);
    h.clock.set(NOW);
  });

  it('keeps branch B\'s members out of the branch A secretary\'s reach (404)', async () => {
    h.clock.set(NOW);
    const { memberId } = await addMember(h.db, h.fx.orgs.branchB, { stage: 'applicant', residentId: residentId('19950101'), dates: { applied_on: '2026-11-01' } });
    const sec = await h.as('secretary');
    expect((await sec.get(`/api/v1/members/${memberId}/development`)).statusCode).toBe(404);
    expect((await sec.post(`/api/v1/members/${memberId}/development-steps`, { step: 'talk', doneOn: '2026-11-10' })).statusCode).toBe(404);
    const app = await sec.post('/api/v1/development/applications', { orgId: h.fx.orgs.branchB.id, name: '乙申请人', gender: 'female', residentId: residentId('19950102'), appliedOn: '2026-11-20' });
    expect(app.statusCode).toBe(404);
    expect((await sec.get(`/api/v1/development/reminders?orgId=${h.fx.orgs.branchB.id}`)).statusCode).toBe(404);
    // Street B's admin sees and records it; the registry's dates stand in for the missing application.
    const street2 = await h.as('street2');
    const d = (await street2.get(`/api/v1/members/${memberId}/development`)).json();
    expect(d).toMatchObject({ status: 'applicant', fromRegistry: true, stageDates: { appliedOn: '2026-11-01' } });
    const talk = await street2.post(`/api/v1/members/${memberId}/development-steps`, { step: 'talk', doneOn: '2026-11-10' });
    expect(talk.statusCode, talk.body).toBe(200);
    // The instructor reads, but does not record.
    const instructor = await h.as('instructor1');
    expect((await instructor.post(`/api/v1/members/${memberId}/development-steps`, { step: 'notice', doneOn: '2026-11-10', data: { for: 'activist' } })).statusCode).toBe(403);
  });

  it('lists the reminders per organization: overdue first, then what is due within the window', async () => {
    h.clock.set(NOW);
    // Applied 1 September, no talk yet: overdue since 1 October. Applied 10 November: talk due 10 December.
    const late = await addMember(h.db, h.fx.orgs.branchA, { name: '迟谈话', stage: 'applicant', residentId: residentId('19960101'), dates: { applied_on: '2026-09-01' } });
    const soon = await addMember(h.db, h.fx.orgs.branchA, { name: '待谈话', stage: 'applicant', residentId: residentId('19960102'), dates: { applied_on: '2026-11-10' } });
    await addMember(h.db, h.fx.orgs.branchB, { name: '乙待谈话', stage: 'applicant', residentId: residentId('19960103'), dates: { applied_on: '2026-11-10' } });
    // A probationary member whose year ends in the spring: not within 30 days.
    await addMember(h.db, h.fx.orgs.branchA, { name: '预备期', stage: 'probationary', residentId: residentId('19960104'), dates: { admitted_on: '2026-04-01', probation_until: '2027-04-01' } });
    const sec = await h.as('secretary');
    const r = (await sec.get('/api/v1/development/reminders')).json();
    expect(r).toMatchObject({ today: '2026-11-23', within: 30 });
    expect(r.items.map((g: { orgName: string }) => g.orgName)).toEqual(['星火科技有限公司党支部']);
    const mine = r.items[0].deadlines.filter((d: { memberId: number }) => [late.memberId, soon.memberId].includes(d.memberId));
    expect(mine).toMatchObject([
      { memberId: late.memberId, name: '迟谈话', kind: 'talk_due', dueOn: '2026-10-01', overdue: true, sources: ['Development'] },
      { memberId: soon.memberId, name: '待谈话', kind: 'talk_due', dueOn: '2026-12-10', overdue: false },
    ]);
    expect(r.items[0].deadlines.some((d: { name: string }) => d.name === '预备期')).toBe(false);
    const wide = (await sec.get('/api/v1/development/reminders?within=200')).json();
    expect(wide.items[0].deadlines.some((d: { name: string; kind: string }) => d.name === '预备期' && d.kind === 'probation_ends')).toBe(true);
    // The district admin sees both streets, each organization on its own.
    const admin = await h.as('admin');
    const all = (await admin.get('/api/v1/development/reminders')).json();
    expect(all.items.map((g: { orgName: string }) => g.orgName).sort()).toEqual(['乙园软件股份有限公司党支部', '星火科技有限公司党支部'].sort());
    expect((await admin.get(`/api/v1/development/reminders?territoryId=${h.fx.streetB}`)).json().items.map((g: { orgName: string }) => g.orgName)).toEqual(['乙园软件股份有限公司党支部']);
    const xlsx = await sec.get('/api/v1/development/reminders/export');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const counts = (await admin.get(`/api/v1/development/pipeline?territoryId=${h.fx.streetA}`)).json();
    expect(counts.counts.applicant).toBeGreaterThanOrEqual(2);
    expect(counts.counts.full).toBeGreaterThanOrEqual(3);
    expect(counts.inDevelopment).toBe(counts.counts.applicant + counts.counts.activist + counts.counts.candidate + counts.counts.probationary);
  });

  it('keeps the calendar for the district admin, audited; removing an override with null', async () => {
    h.clock.set(NOW);
    const admin = await h.as('admin');
    const sec = await h.as('secretary');
    expect((await sec.request('PUT', '/api/v1/calendar/days', { day: '2026-12-31', isWorking: false })).statusCode).toBe(403);
    expect((await admin.request('PUT', '/api/v1/calendar/days', { day: '2026-12-26', isWorking: true, note: '调休上班' })).json()).toEqual({ day: '2026-12-26', isWorking: true, note: '调休上班' });
    expect((await sec.get('/api/v1/calendar/days?year=2026')).json().items.map((d: { day: string }) => d.day)).toContain('2026-12-26');
    expect((await admin.request('PUT', '/api/v1/calendar/days', { day: '2026-12-26', isWorking: null })).json()).toEqual({ day: '2026-12-26', isWorking: null, note: null });
    expect((await admin.get('/api/v1/calendar/days?year=2026')).json().items.map((d: { day: string }) => d.day)).not.toContain('2026-12-26');
    const audit = (await admin.get('/api/v1/audit-log?entityType=calendar_day')).json();
    expect(audit.items.map((x: { action: string }) => x.action)).toEqual(expect.arrayContaining(['calendar_day.set', 'calendar_day.clear']));
    const bad = await admin.request('PUT', '/api/v1/calendar/days', { day: '2026-13-01', isWorking: false });
    expect(bad.statusCode).toBe(400);
  });

  it('describes the steps and the numbers in force', async () => {
    h.clock.set(NOW);
    const sec = await h.as('secretary');
    const c = (await sec.get('/api/v1/development/steps')).json();
    expect(c.steps.filter((s: { order: number | null }) => s.order !== null)).toHaveLength(25);
    expect(c.rules).toMatchObject({ version: 'development-2014', trainingMinHours: 24, noticeWorkingDays: 5 });
    expect(c.sources.noticeWorkingDays.name).toBe('practice');
    expect(c.steps.find((s: { id: string }) => s.id === 'branch_vote').data).toHaveProperty('entitled');
  });

  it('kept the counts per territory node equal to the rows through every write above', async () => {
    expect(await rebuildKeptCounts(h.db.kysely, h.fx.districtId)).toBe(0);
  });
});
