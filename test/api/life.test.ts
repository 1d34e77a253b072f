/**
 * Organizational life through the API, on both databases: plan a meeting,
 * check in with the QR token, roll call, lock the minutes, amend them, and
 * watch the compliance badge turn green; tokens that expire or are forged;
 * scope (no check-in to another organization's meeting without an
 * invitation, no reading its minutes); double bookings; the ICS feed;
 * training hours.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signCheckInToken } from '../../src/modules/life/tokens.js';
import { trainingHours } from '../../src/modules/life/training.js';
import { vaultFromKey } from '../../src/server/crypto.js';
import { harness, testVault, type Client, type Harness } from '../support/client.js';
import { dialects } from '../support/db.js';
import { pngBytes, useTempDataDir } from '../support/evidence.js';
import { addMember, addOrg, addPost, NOW } from '../support/fixture.js';

const put = (c: Client, url: string, body: unknown) => c.request('PUT', url, body);

describe.each(dialects())('organizational life on %s', (dialect) => {
  let h: Harness;
  let secretary: Client;
  let member: Client;
  let street1: Client;
  let street2: Client;
  /** m1 is the `member` user's own record; m2, m3 are fellow members of branch A. */
  let m1: number;
  let m2: number;
  let m3: number;
  let themeDay: number;

  beforeAll(async () => {
    h = await harness(dialect);
    const a = h.fx.orgs.branchA;
    const one = await addMember(h.db, a, { name: '王小明', lastContactOn: '2026-01-10' });
    m1 = one.memberId;
    m2 = (await addMember(h.db, a, { name: '李红' })).memberId;
    m3 = (await addMember(h.db, a, { name: '赵强' })).memberId;
    await h.db.kysely.updateTable('app_user').set({ person_id: one.personId }).where('username', '=', 'member').execute();
    [secretary, member, street1, street2] = await Promise.all([h.as('secretary'), h.as('member'), h.as('street1'), h.as('street2')]);
  });
  afterAll(() => h.close());

  const compliance = async (c: Client, query: string) => {
    const res = await c.get(`/api/v1/life/compliance?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const requirement = (body: { items: { orgId: number; requirements: { requirementId: string }[] }[] }, orgId: number, id: string) =>
    body.items.find((o) => o.orgId === orgId)!.requirements.find((r) => r.requirementId === id) as Record<string, unknown>;

  it('plans a theme day, checks in by QR, rolls call, locks the minutes, amends them — and the badge turns green', async () => {
    const branchA = h.fx.orgs.branchA.id;
    // 2026-11-23 10:00 in Shanghai: November ends in 8 days, inside the amber window (10 days, practice).
    let c = await compliance(secretary, `orgId=${branchA}`);
    expect(requirement(c, branchA, 'theme_day')).toMatchObject({ key: '2026-11', required: 1, held: 0, status: 'amber', daysLeft: 8, sources: [{ code: 'Branch' }] });
    expect((requirement(c, branchA, 'theme_day').explanation as { 'zh-CN': string })['zh-CN']).toContain('主题党日');

    const created = await secretary.post('/api/v1/meetings', {
      orgId: branchA,
      kind: 'theme_day',
      title: '11月主题党日：学习<党章>&交流',
      startsAt: '2026-11-23T06:00:00Z',
      endsAt: '2026-11-23T08:00:00Z',
      place: '三楼会议室',
      topic: '学习新修订的条例',
      audience: 'org',
    });
    expect(created.statusCode, created.body).toBe(201);
    themeDay = created.json().id;
    expect(created.json()).toMatchObject({ status: 'planned', presentCount: 0, counts: false, notCountedReason: 'no_attendance', orgName: '星火科技有限公司党支部' });

    // The screen's QR code: a token and the phone page's address.
    const qr = await secretary.post(`/api/v1/meetings/${themeDay}/check-in-token`);
    expect(qr.statusCode, qr.body).toBe(200);
    expect(qr.json()).toMatchObject({ ttlSeconds: 120, refreshAfterSeconds: 90 });
    expect(qr.json().url).toBe(`/m/check-in?t=${encodeURIComponent(qr.json().token)}`);

    const first = await member.post('/api/v1/check-in', { token: qr.json().token });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ meetingId: themeDay, status: 'present', alreadyCheckedIn: false, orgName: '星火科技有限公司党支部' });
    const again = await member.post('/api/v1/check-in', { token: qr.json().token });
    expect(again.json()).toMatchObject({ alreadyCheckedIn: true });

    // Organizational life is contact: one contact event, and last contact moves to the meeting's day.
    const events = await h.db.kysely.selectFrom('contact_event').selectAll().where('member_id', '=', m1).execute();
    expect(events.map((e) => [e.kind, e.happened_on, e.source_id])).toEqual([['check_in', '2026-11-23', themeDay]]);
    expect((await h.db.kysely.selectFrom('member').select('last_contact_on').where('id', '=', m1).executeTakeFirstOrThrow()).last_contact_on).toBe('2026-11-23');

    // Roll call: leave needs a reason; every bad row is named.
    const bad = await put(secretary, `/api/v1/meetings/${themeDay}/attendance`, [
      { memberId: m2, status: 'present' },
      { memberId: m3, status: 'leave' },
      { memberId: 999_999, status: 'absent' },
    ]);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.map((d: { field: string; code: string }) => [d.field, d.code])).toEqual([
      ['1.reason', 'required'],
      ['2.memberId', 'attendance_not_expected'],
    ]);
    const roll = await put(secretary, `/api/v1/meetings/${themeDay}/attendance`, [
      { memberId: m2, status: 'present' },
      { memberId: m3, status: 'leave', reason: '出差' },
    ]);
    expect(roll.statusCode, roll.body).toBe(200);
    const detail = roll.json();
    expect(detail.summary).toEqual({ expected: 3, present: 2, leave: 1, absent: 0, unmarked: 0 });
    expect(detail.expected.find((e: { memberId: number }) => e.memberId === m1).attendance).toMatchObject({ status: 'present', method: 'qr' });
    expect(detail.expected.find((e: { memberId: number }) => e.memberId === m3).attendance).toMatchObject({ status: 'leave', reason: '出差', method: 'roll_call' });
    expect(detail.meeting.status).toBe('held');

    // Locking needs minutes.
    const early = await secretary.post(`/api/v1/meetings/${themeDay}/minutes/lock`);
    expect(early.statusCode).toBe(400);
    expect(early.json().error.details[0].code).toBe('minutes_empty');

    const minutes = await put(secretary, `/api/v1/meetings/${themeDay}/minutes`, {
      bodyHtml: '<p onclick="steal()">集体学习<strong style="color:red">党章</strong><script>alert(1)</script></p><img src=x onerror=alert(2)><a href="javascript:alert(3)">链接</a>',
      resolutions: ['每月第一周开展主题党日', ' '],
    });
    expect(minutes.statusCode, minutes.body).toBe(200);
    expect(minutes.json()).toMatchObject({ bodyHtml: '<p>集体学习<strong>党章</strong></p>链接', resolutions: ['每月第一周开展主题党日'] });

    const locked = await secretary.post(`/api/v1/meetings/${themeDay}/minutes/lock`);
    expect(locked.statusCode, locked.body).toBe(200);
    expect(locked.json().minutes).toMatchObject({ lockedByName: 'secretary' });
    expect(locked.json().meeting).toMatchObject({ minutesLocked: true, counts: true, notCountedReason: null });

    // After the lock: no edits, no roll call, no check-in; corrections are amendments beside the original.
    expect((await put(secretary, `/api/v1/meetings/${themeDay}/minutes`, { bodyHtml: '<p>改</p>' })).statusCode).toBe(409);
    expect((await put(secretary, `/api/v1/meetings/${themeDay}/attendance`, [{ memberId: m2, status: 'absent' }])).json().error.code).toBe('minutes_locked');
    expect((await secretary.post(`/api/v1/meetings/${themeDay}/check-in-token`)).statusCode).toBe(409);
    const amend = await secretary.post(`/api/v1/meetings/${themeDay}/minutes/amendments`, { bodyHtml: '<p>补充：赵强因公出差请假</p>', reason: '补记请假事由' });
    expect(amend.statusCode, amend.body).toBe(201);
    const after = (await secretary.get(`/api/v1/meetings/${themeDay}`)).json();
    expect(after.minutes.bodyHtml).toBe('<p>集体学习<strong>党章</strong></p>链接');
    expect(after.amendments).toEqual([expect.objectContaining({ bodyHtml: '<p>补充：赵强因公出差请假</p>', reason: '补记请假事由', createdByName: 'secretary' })]);
    // Amendments are append-only in the database itself.
    await expect(h.db.kysely.updateTable('minutes_amendment').set({ reason: 'x' }).execute()).rejects.toThrow(/append-only/);

    c = await compliance(secretary, `orgId=${branchA}`);
    expect(requirement(c, branchA, 'theme_day')).toMatchObject({ held: 1, status: 'green' });

    // The member sees it on their calendar with their attendance.
    const mine = (await member.get('/api/v1/me/meetings')).json();
    expect(mine.items.find((m: { id: number }) => m.id === themeDay)).toMatchObject({ expectedAs: 'audience', myAttendance: { status: 'present', method: 'qr' } });
  });

  it('prints the minutes as an A4 page with Chinese fonts, everything escaped', async () => {
    const res = await secretary.get(`/api/v1/meetings/${themeDay}/print`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.body).toContain('@page { size: A4');
    expect(res.body).toContain('"Noto Sans CJK SC"');
    expect(res.body).toContain('11月主题党日：学习&lt;党章&gt;&amp;交流');
    expect(res.body).not.toContain('<党章>');
    expect(res.body).toContain('<p>集体学习<strong>党章</strong></p>');
    expect(res.body).toContain('补记请假事由');
    expect(res.body).toContain('2026-11-23 14:00 – 16:00');
    const en = await secretary.get(`/api/v1/meetings/${themeDay}/print?lang=en`);
    expect(en.body).toContain('Attendance');
  });

  it('refuses a QR token after it expires, and a forged one', async () => {
    const meeting = await secretary.post('/api/v1/meetings', {
      orgId: h.fx.orgs.branchA.id,
      kind: 'party_lecture',
      title: '专题党课',
      startsAt: '2026-11-24T06:00:00Z',
      endsAt: '2026-11-24T07:00:00Z',
      audience: 'org',
    });
    const id = meeting.json().id;
    const { token } = (await secretary.post(`/api/v1/meetings/${id}/check-in-token`)).json();
    try {
      h.clock.set(new Date(Date.parse(NOW) + 121_000));
      const late = await member.post('/api/v1/check-in', { token });
      expect(late.statusCode).toBe(400);
      expect(late.json().error).toMatchObject({ code: 'checkin_token_expired', details: [{ field: 'token', code: 'checkin_token_expired' }] });
    } finally {
      h.clock.set(NOW);
    }
    const [body, sig] = token.split('.');
    const claims = Buffer.from(body, 'base64url').toString().split('.');
    claims[1] = String(themeDay); // another meeting, same signature
    const tampered = `${Buffer.from(claims.join('.')).toString('base64url')}.${sig}`;
    const otherKey = signCheckInToken(vaultFromKey(Buffer.alloc(32, 7)), { districtId: h.fx.districtId, meetingId: id, expiresAt: new Date(Date.parse(NOW) + 60_000) });
    for (const forged of [tampered, otherKey, 'not-a-token', `${body}.${'A'.repeat(43)}`]) {
      const res = await member.post('/api/v1/check-in', { token: forged });
      expect(res.statusCode, forged).toBe(400);
      expect(res.json().error.code).toBe('checkin_token_invalid');
    }
    // A fresh genuine token works.
    const fresh = signCheckInToken(testVault, { districtId: h.fx.districtId, meetingId: id, expiresAt: new Date(Date.parse(NOW) + 60_000) });
    expect((await member.post('/api/v1/check-in', { token: fresh })).statusCode).toBe(200);
  });

  it('refuses check-in to another organization\'s meeting unless invited; a hosted mobile member counts for home', async () => {
    const branchB = h.fx.orgs.branchB.id;
    const res = await street2.post('/api/v1/meetings', {
      orgId: branchB,
      kind: 'branch_assembly',
      title: '乙园党员大会',
      startsAt: '2026-11-23T09:00:00Z',
      endsAt: '2026-11-23T10:00:00Z',
      audience: 'org',
    });
    expect(res.statusCode, res.body).toBe(201);
    const idB = res.json().id;
    // Street B cannot invite a member of street A by name: not in its scope.
    const invite = await street2.patch(`/api/v1/meetings/${idB}`, { inviteeMemberIds: [m2] });
    expect(invite.statusCode).toBe(400);
    expect(invite.json().error.details).toEqual([expect.objectContaining({ field: 'inviteeMemberIds.0', code: 'meeting_invitee_invalid' })]);

    const { token } = (await street2.post(`/api/v1/meetings/${idB}/check-in-token`)).json();
    const refused = await member.post('/api/v1/check-in', { token });
    expect(refused.statusCode).toBe(404);
    expect(refused.json().error.code).toBe('checkin_not_invited');
    expect(await h.db.kysely.selectFrom('attendance').select('id').where('meeting_id', '=', idB).execute()).toEqual([]);

    // The member works away and takes part in branch B's life as a mobile member.
    await h.db.kysely
      .insertInto('mobile_record')
      .values({ district_id: h.fx.districtId, member_id: m1, destination: '乙园', reason: '外派', left_on: '2026-10-01', host_org_id: branchB, mode: 'affiliated', created_at: NOW, updated_at: NOW })
      .execute();
    const guest = (await street2.get(`/api/v1/meetings/${idB}`)).json();
    expect(guest.guests).toEqual([{ memberId: m1, name: '王小明', homeOrgName: '星火科技有限公司党支部', invited: false }]);
    const ok = await member.post('/api/v1/check-in', { token });
    expect(ok.statusCode, ok.body).toBe(200);
    const row = await h.db.kysely.selectFrom('attendance').selectAll().where('meeting_id', '=', idB).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ member_id: m1, status: 'present', method: 'qr', counts_for_org_id: h.fx.orgs.branchA.id });
    expect((await street2.get(`/api/v1/meetings/${idB}`)).json().expected).toEqual([expect.objectContaining({ memberId: m1, reason: 'mobile_guest' })]);

    // Home's record counts it, as attendance elsewhere.
    const record = (await secretary.get(`/api/v1/life/attendance?orgId=${h.fx.orgs.branchA.id}&period=2026-11`)).json();
    expect(record.items.find((i: { memberId: number }) => i.memberId === m1)).toMatchObject({ present: 3, presentElsewhere: 1 });

    // …but the home secretary and the member still cannot read branch B's meeting or minutes.
    for (const c of [secretary, member]) {
      expect((await c.get(`/api/v1/meetings/${idB}`)).statusCode).toBe(404);
      expect((await c.get(`/api/v1/meetings/${idB}/print`)).statusCode).toBe(404);
    }
    expect((await secretary.get(`/api/v1/meetings?orgId=${branchB}`)).statusCode).toBe(404);
    const listA = (await street1.get('/api/v1/meetings?pageSize=100')).json();
    expect(listA.items.map((m: { id: number }) => m.id)).not.toContain(idB);
    // The member still sees it on their own calendar (they were there), without minutes.
    const mine = (await member.get('/api/v1/me/meetings')).json();
    expect(mine.items.find((m: { id: number }) => m.id === idB)).toMatchObject({ expectedAs: 'mobile_guest', myAttendance: { status: 'present' } });
  });

  it('counts a meeting in the period of its local date (00:30 on 1 October in Shanghai is Q4)', async () => {
    const branchA = h.fx.orgs.branchA.id;
    const res = await secretary.post('/api/v1/meetings', {
      orgId: branchA,
      kind: 'branch_assembly',
      title: '第四季度党员大会',
      startsAt: '2026-09-30T16:30:00Z',
      endsAt: '2026-09-30T18:00:00Z',
      place: '会议室',
      audience: 'org',
    });
    const id = res.json().id;
    await put(secretary, `/api/v1/meetings/${id}/attendance`, [{ memberId: m2, status: 'present' }]);
    await put(secretary, `/api/v1/meetings/${id}/minutes`, { bodyHtml: '<p>审议事项</p>' });
    expect((await secretary.post(`/api/v1/meetings/${id}/minutes/lock`)).statusCode).toBe(200);
    expect(requirement(await compliance(secretary, `orgId=${branchA}&period=2026-Q4`), branchA, 'branch_assembly')).toMatchObject({ key: '2026-Q4', held: 1, status: 'green' });
    expect(requirement(await compliance(secretary, `orgId=${branchA}&period=2026-Q3`), branchA, 'branch_assembly')).toMatchObject({ key: '2026-Q3', held: 0, status: 'red' });
    // A month widens to its quarter for a quarterly rule; a quarter splits into months for a monthly one.
    expect(requirement(await compliance(secretary, `orgId=${branchA}&period=2026-12`), branchA, 'branch_assembly')).toMatchObject({ key: '2026-Q4', held: 1 });
    const q4 = requirement(await compliance(secretary, `orgId=${branchA}&period=2026-Q4`), branchA, 'theme_day');
    expect((q4.parts as { key: string; held: number; status: string }[]).map((p) => [p.key, p.held, p.status])).toEqual([
      ['2026-10', 0, 'red'],
      ['2026-11', 1, 'green'],
      ['2026-12', 0, 'open'],
    ]);
    const wrong = await secretary.get(`/api/v1/life/compliance?orgId=${branchA}&period=2026-13`);
    expect(wrong.statusCode).toBe(400);
  });

  it('rolls compliance up per territory node and reminds of periods ending soon', async () => {
    const c = await compliance(street1, `territoryId=${h.fx.streetA}`);
    expect(c.items.map((o: { orgName: string }) => o.orgName)).toEqual(['甲街道综合经济党委', '星火科技有限公司党支部']);
    const sum = (x: Record<string, number>) => Object.values(x).reduce((a, b) => a + b, 0);
    expect(sum(c.summary)).toBe(2);
    expect(c.nodes.map((n: { name: string }) => n.name).sort()).toEqual(['小商品市场', '金融大厦'].sort());
    expect(sum(c.nodes.find((n: { name: string }) => n.name === '金融大厦').counts)).toBe(1);
    // Street B's organizations are not street A's business.
    expect((await street1.get(`/api/v1/life/compliance?territoryId=${h.fx.streetB}`)).statusCode).toBe(404);

    const r = (await secretary.get('/api/v1/life/reminders?pageSize=100')).json();
    expect(r.today).toBe('2026-11-23');
    const olm = r.items.find((i: { requirementId: string }) => i.requirementId === 'organizational_life_meeting');
    expect(olm).toMatchObject({ orgId: h.fx.orgs.branchA.id, key: '2026', end: '2026-12-31', daysLeft: 39, status: 'amber' });
    expect(r.items.some((i: { requirementId: string }) => i.requirementId === 'theme_day')).toBe(false);

    const rules = (await street1.get('/api/v1/life/rules')).json();
    expect(rules.version).toBe('life-2018');
    expect(rules.requirements.find((x: { id: string }) => x.id === 'party_lecture')).toMatchObject({ periodKind: 'quarter', count: 1, practice: true });
    expect(rules.sources.partyLecturesPerQuarter).toBe('practice');
  });

  it('counts a committee meeting only with more than half of the committee present', async () => {
    const branchA = h.fx.orgs.branchA;
    const persons = await h.db.kysely.selectFrom('member').select(['id', 'person_id']).where('id', 'in', [m2, m3]).execute();
    for (const p of persons) await addPost(h.db, branchA, p.person_id, 'committee_member');
    // Committee: the secretary (张建华, no member record here) and two committee members.
    const res = await secretary.post('/api/v1/meetings', {
      orgId: branchA.id,
      kind: 'committee_meeting',
      title: '支委会',
      startsAt: '2026-11-20T06:00:00Z',
      endsAt: '2026-11-20T07:00:00Z',
      audience: 'committee',
    });
    const id = res.json().id;
    const detail = (await secretary.get(`/api/v1/meetings/${id}`)).json();
    expect(detail.expected.map((e: { memberId: number }) => e.memberId).sort()).toEqual([m2, m3].sort());
    await put(secretary, `/api/v1/meetings/${id}/attendance`, [
      { memberId: m2, status: 'present' },
      { memberId: m3, status: 'absent' },
    ]);
    await put(secretary, `/api/v1/meetings/${id}/minutes`, { bodyHtml: '<p>研究发展党员工作</p>' });
    const locked = (await secretary.post(`/api/v1/meetings/${id}/minutes/lock`)).json();
    expect(locked.quorum).toEqual({ committeeSize: 3, present: 1, needed: 2, met: false });
    expect(locked.meeting).toMatchObject({ counts: false, notCountedReason: 'no_quorum' });
    const c = await compliance(secretary, `orgId=${branchA.id}`);
    expect(requirement(c, branchA.id, 'committee_meeting')).toMatchObject({ applies: true, held: 0 });
  });

  it('refuses a double booking of an activity position, also for a meeting and when two arrive at once', async () => {
    const pos = await street1.post('/api/v1/activity-positions', {
      kind: 'activity_room',
      name: '金融大厦党员活动室',
      address: '金融大厦 3 楼',
      territoryId: h.fx.buildingA,
      lng: 121.5,
      lat: 31.2,
      areaM2: 80,
      capacity: 40,
      checklist: [
        { item: 'party_flag', done: true },
        { item: 'signboard', done: true, note: '门口' },
      ],
    });
    expect(pos.statusCode, pos.body).toBe(201);
    const p = pos.json();
    expect(p).toMatchObject({ territoryName: '金融大厦', capacity: 40, checklistDone: 2 });
    expect(p.checklist).toHaveLength(6);
    // The branch's secretary sees the building's room and can book it.
    expect((await secretary.get('/api/v1/activity-positions')).json().items.map((x: { id: number }) => x.id)).toContain(p.id);
    expect((await street2.get(`/api/v1/activity-positions/${p.id}`)).statusCode).toBe(404);

    const booked = await secretary.post(`/api/v1/activity-positions/${p.id}/bookings`, { startsAt: '2026-11-25T06:00:00Z', endsAt: '2026-11-25T08:00:00Z', purpose: '党课' });
    expect(booked.statusCode, booked.body).toBe(201);
    expect(booked.json()).toMatchObject({ orgId: h.fx.orgs.branchA.id, status: 'active' });

    const clash = await secretary.post('/api/v1/meetings', {
      orgId: h.fx.orgs.branchA.id,
      kind: 'group_meeting',
      title: '小组学习',
      startsAt: '2026-11-25T07:00:00Z',
      endsAt: '2026-11-25T09:00:00Z',
      activityPositionId: p.id,
      audience: 'org',
    });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().error).toMatchObject({ code: 'booking_overlap', details: [{ field: 'activityPositionId', code: 'booking_overlap' }] });
    expect(clash.json().error.message).toContain('2026-11-25 14:00');
    expect(await h.db.kysely.selectFrom('meeting').select('id').where('title', '=', '小组学习').execute()).toEqual([]);

    // Back to back is fine (half-open ranges).
    const next = await secretary.post('/api/v1/meetings', {
      orgId: h.fx.orgs.branchA.id,
      kind: 'group_meeting',
      title: '小组学习',
      startsAt: '2026-11-25T08:00:00Z',
      endsAt: '2026-11-25T09:00:00Z',
      activityPositionId: p.id,
      audience: 'org',
    });
    expect(next.statusCode, next.body).toBe(201);
    // Moving the meeting onto the booking is refused; cancelling it frees the room.
    expect((await secretary.patch(`/api/v1/meetings/${next.json().id}`, { startsAt: '2026-11-25T07:30:00Z' })).statusCode).toBe(409);
    const bookings = (await secretary.get(`/api/v1/activity-positions/${p.id}/bookings?from=2026-11-25&to=2026-11-25`)).json();
    expect(bookings.items.map((b: { purpose: string; meetingId: number | null }) => [b.purpose, b.meetingId])).toEqual([
      ['党课', null],
      ['小组学习', next.json().id],
    ]);
    expect((await secretary.post(`/api/v1/position-bookings/${bookings.items[1].id}/cancel`)).json().error.code).toBe('conflict');
    expect((await secretary.post(`/api/v1/meetings/${next.json().id}/cancel`, { reason: '改期' })).statusCode).toBe(200);
    expect((await secretary.post(`/api/v1/activity-positions/${p.id}/bookings`, { startsAt: '2026-11-25T08:30:00Z', endsAt: '2026-11-25T09:30:00Z', purpose: '谈心谈话' })).statusCode).toBe(201);

    // Two secretaries at the same moment: exactly one wins.
    const slot = { startsAt: '2026-11-26T06:00:00Z', endsAt: '2026-11-26T08:00:00Z', purpose: '同时预约' };
    const both = await Promise.all([secretary.post(`/api/v1/activity-positions/${p.id}/bookings`, slot), street1.post(`/api/v1/activity-positions/${p.id}/bookings`, slot)]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([201, 409]);
  });

  it('serves each member an ICS feed: CRLF, folded at 75 octets, escaped; unknown or rotated tokens are 404', async () => {
    await secretary.post('/api/v1/meetings', {
      orgId: h.fx.orgs.branchA.id,
      kind: 'organizational_life_meeting',
      title: '年度组织生活会, 民主评议; 路径\\备注',
      startsAt: '2026-12-15T06:00:00Z',
      endsAt: '2026-12-15T09:00:00Z',
      place: '星火科技三楼大会议室，请携带党员证，提前十分钟到场签到，会议期间请将手机调至静音',
      topic: '对照党章党规，查摆问题，开展批评和自我批评。\n第二行说明',
      audience: 'org',
    });
    const t = await member.post('/api/v1/me/ics-token');
    expect(t.statusCode, t.body).toBe(200);
    const { token, url } = t.json();
    expect(url).toBe(`/api/v1/ics/${token}.ics`);
    const res = await h.anonymous().get(url);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/calendar/);
    const raw = res.body;
    expect(raw.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(raw.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(raw.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of raw.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    const unfolded = raw.replace(/\r\n /g, '');
    const ev = unfolded.split('BEGIN:VEVENT').find((e) => e.includes('年度组织生活会'))!;
    expect(ev).toMatch(/\r\nUID:meeting-\d+@district-\d+\.cohesion\r\n/);
    expect(ev).toContain('\r\nDTSTAMP:20261123T020000Z\r\n');
    expect(ev).toContain('\r\nDTSTART:20261215T060000Z\r\n');
    expect(ev).toContain('\r\nDTEND:20261215T090000Z\r\n');
    expect(ev).toContain('\r\nSUMMARY:年度组织生活会\\, 民主评议\\; 路径\\\\备注\r\n');
    expect(ev).toContain('\r\nLOCATION:星火科技三楼大会议室，请携带党员证，提前十分钟到场签到，会议期间请将手机调至静音\r\n');
    expect(ev).toContain('第二行说明');
    expect(ev).toContain('\\n对照党章党规，查摆问题');
    expect(ev).toContain('\\n第二行说明');
    // Folding never splits a UTF-8 character: every physical line is valid UTF-8.
    for (const line of raw.split('\r\n')) expect(Buffer.from(line, 'utf8').toString('utf8')).toBe(line);
    expect(unfolded.match(/BEGIN:VEVENT/g)!.length).toBeGreaterThanOrEqual(3);

    expect((await h.anonymous().get('/api/v1/ics/not-a-real-token-aaaaaaaaaaaaaaa.ics')).statusCode).toBe(404);
    await member.post('/api/v1/me/ics-token');
    expect((await h.anonymous().get(url)).statusCode).toBe(404);
    expect((await member.delete('/api/v1/me/ics-token')).statusCode).toBe(204);
  });

  it('sums training hours per member per year, what admission reads', async () => {
    const orgId = h.fx.orgs.branchA.id;
    const s1 = await secretary.post('/api/v1/training-sessions', {
      orgId,
      kind: 'concentrated',
      title: '发展对象集中培训',
      startsOn: '2026-11-02',
      endsOn: '2026-11-04',
      hours: 8,
      attendees: [{ memberId: m1 }, { memberId: m2, hours: 4 }],
    });
    expect(s1.statusCode, s1.body).toBe(201);
    expect(s1.json().session).toMatchObject({ attendeeCount: 2, hours: 8 });
    const s0 = await secretary.post('/api/v1/training-sessions', { orgId, kind: 'party_school', title: '党校轮训', startsOn: '2025-06-01', endsOn: '2025-06-01', hours: 6.5, attendees: [{ memberId: m1 }] });
    expect(s0.statusCode, s0.body).toBe(201);
    // From a meeting: those present attended (entered once).
    const s2 = await secretary.post('/api/v1/training-sessions', { orgId, kind: 'lecture', title: '主题党日学习', startsOn: '2026-11-23', endsOn: '2026-11-23', hours: 2, meetingId: themeDay });
    expect(s2.json().attendees.map((a: { memberId: number }) => a.memberId).sort()).toEqual([m1, m2].sort());
    // Future sessions and strangers are refused.
    const bad = await secretary.post('/api/v1/training-sessions', { orgId, kind: 'lecture', title: 'x', startsOn: '2026-12-01', endsOn: '2026-12-01', hours: 1, attendees: [{ memberId: 999_999 }] });
    expect(bad.json().error.details.map((d: { field: string }) => d.field)).toEqual(['endsOn', 'attendees.0.memberId']);

    const y2026 = (await secretary.get(`/api/v1/members/${m1}/training-hours?year=2026`)).json();
    expect(y2026).toMatchObject({ memberId: m1, name: '王小明', year: 2026, hours: 10, days: 3, totalHours: 16.5, totalDays: 4, admission: { minHours: 24, minDays: 3, met: true } });
    expect(y2026.sessions.map((s: { title: string }) => s.title)).toEqual(['发展对象集中培训', '主题党日学习']);
    expect((await secretary.get(`/api/v1/members/${m1}/training-hours?year=2025`)).json()).toMatchObject({ hours: 6.5, days: 1 });
    expect((await secretary.get(`/api/v1/members/${m2}/training-hours`)).json()).toMatchObject({ year: 2026, hours: 6, days: 3 });

    // Hours can be corrected; 0 means did not attend.
    await put(secretary, `/api/v1/training-sessions/${s1.json().session.id}/hours`, [{ memberId: m2, hours: 0 }]);
    expect((await secretary.get(`/api/v1/members/${m2}/training-hours`)).json()).toMatchObject({ hours: 2, days: 0 });

    // The member sees their own hours, not a colleague's.
    expect((await member.get('/api/v1/me/training-hours')).json()).toMatchObject({ memberId: m1, hours: 10 });
    expect((await member.get(`/api/v1/members/${m1}/training-hours`)).statusCode).toBe(200);
    expect((await member.get(`/api/v1/members/${m2}/training-hours`)).statusCode).toBe(404);
    expect((await street2.get(`/api/v1/members/${m1}/training-hours`)).statusCode).toBe(404);

    // The query the admission rule reads: sessions that ended by the date.
    expect(await trainingHours(h.db.kysely, m1, '2026-11-03')).toEqual({ hours: 6.5, days: 1 });
    expect(await trainingHours(h.db.kysely, m1, '2026-11-23')).toEqual({ hours: 16.5, days: 4 });
  });

  it('lists and exports an organization\'s calendar, and checks plans', async () => {
    const list = (await secretary.get(`/api/v1/meetings?orgId=${h.fx.orgs.branchA.id}&from=2026-11-01&to=2026-11-30&sort=startsAt`)).json();
    expect(list.items.map((m: { title: string; status: string }) => [m.title, m.status])).toEqual([
      ['支委会', 'held'],
      ['11月主题党日：学习<党章>&交流', 'held'],
      ['专题党课', 'held'],
      ['小组学习', 'cancelled'],
    ]);
    expect(list.total).toBe(4);
    const kinds = (await secretary.get('/api/v1/meetings?kind=branch_assembly')).json();
    expect(kinds.items.map((m: { title: string }) => m.title)).toEqual(['第四季度党员大会']);
    const xlsx = await secretary.get(`/api/v1/meetings/export?orgId=${h.fx.orgs.branchA.id}`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');

    const bad = await secretary.post('/api/v1/meetings', {
      orgId: h.fx.orgs.branchA.id,
      kind: 'group_meeting',
      title: '小组会',
      startsAt: '2026-11-25T08:00:00Z',
      endsAt: '2026-11-25T07:00:00Z',
      audience: 'party_group',
      hostPersonId: h.fx.people.B,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.map((d: { field: string; code: string }) => [d.field, d.code])).toEqual([
      ['endsAt', 'meeting_ends_before_start'],
      ['audienceGroupId', 'meeting_audience_group_required'],
      ['hostPersonId', 'meeting_host_invalid'],
    ]);
    const out = await secretary.post('/api/v1/meetings', { orgId: h.fx.orgs.branchB.id, kind: 'theme_day', title: 'x', startsAt: '2026-11-25T06:00:00Z', endsAt: '2026-11-25T07:00:00Z', audience: 'org' });
    expect(out.statusCode).toBe(404);
    // Members read, but do not plan.
    expect((await member.post('/api/v1/meetings', { orgId: h.fx.orgs.branchA.id, kind: 'theme_day', title: 'x', startsAt: '2026-11-25T06:00:00Z', endsAt: '2026-11-25T07:00:00Z', audience: 'org' })).statusCode).toBe(403);
    // An account without a member record cannot check in.
    const { token } = (await secretary.post(`/api/v1/meetings/${list.items[2].id}/check-in-token`)).json();
    expect((await secretary.post('/api/v1/check-in', { token })).json().error.code).toBe('checkin_not_a_member');
  });

  it('counts each party group\'s monthly meeting for its branch, whether the group or the branch records it', async () => {
    const branchA = h.fx.orgs.branchA;
    const group1 = await addOrg(h.db, h.fx.nodes.buildingA, branchA, 'party_group', '第一党小组');
    const group2 = await addOrg(h.db, h.fx.nodes.buildingA, branchA, 'party_group', '第二党小组');
    const g1 = (await addMember(h.db, group1, { name: '组员甲' })).memberId;
    const g2 = (await addMember(h.db, group2, { name: '组员乙' })).memberId;
    let c = await compliance(secretary, `orgId=${branchA.id}`);
    expect(requirement(c, branchA.id, 'group_meeting')).toMatchObject({ applies: true, required: 2, held: 0 });
    const hold = async (orgId: number, audience: string, memberId: number, extra: Record<string, unknown> = {}) => {
      const res = await secretary.post('/api/v1/meetings', {
        orgId,
        kind: 'group_meeting',
        title: '党小组学习',
        startsAt: '2026-11-21T06:00:00Z',
        endsAt: '2026-11-21T07:00:00Z',
        audience,
        ...extra,
      });
      expect(res.statusCode, res.body).toBe(201);
      const id = res.json().id;
      const detail = (await secretary.get(`/api/v1/meetings/${id}`)).json();
      expect(detail.expected.map((e: { memberId: number }) => e.memberId)).toEqual([memberId]);
      await put(secretary, `/api/v1/meetings/${id}/attendance`, [{ memberId, status: 'present' }]);
      await put(secretary, `/api/v1/meetings/${id}/minutes`, { bodyHtml: '<p>学习</p>' });
      expect((await secretary.post(`/api/v1/meetings/${id}/minutes/lock`)).statusCode).toBe(200);
    };
    // The branch records group 1's meeting; group 2 records its own.
    await hold(branchA.id, 'party_group', g1, { audienceGroupId: group1.id });
    c = await compliance(secretary, `orgId=${branchA.id}`);
    expect(requirement(c, branchA.id, 'group_meeting')).toMatchObject({ required: 2, held: 1, status: 'amber' });
    await hold(group2.id, 'org', g2);
    c = await compliance(secretary, `orgId=${branchA.id}`);
    expect(requirement(c, branchA.id, 'group_meeting')).toMatchObject({ required: 2, held: 2, status: 'green' });
    // A party group of another branch is refused.
    const wrong = await street1.post('/api/v1/meetings', {
      orgId: branchA.id,
      kind: 'group_meeting',
      title: 'x',
      startsAt: '2026-11-21T06:00:00Z',
      endsAt: '2026-11-21T07:00:00Z',
      audience: 'party_group',
      audienceGroupId: h.fx.orgs.committeeA.id,
    });
    expect(wrong.json().error.details).toEqual([expect.objectContaining({ field: 'audienceGroupId', code: 'meeting_audience_group_invalid' })]);
  });

  it('attaches photos and scans to a meeting (type checked by the bytes), until the minutes are locked', async () => {
    useTempDataDir(h);
    const res = await secretary.post('/api/v1/meetings', {
      orgId: h.fx.orgs.branchA.id,
      kind: 'volunteer_service',
      title: '社区志愿服务',
      startsAt: '2026-11-22T01:00:00Z',
      endsAt: '2026-11-22T04:00:00Z',
      place: '幸福社区',
      audience: 'org',
    });
    const id = res.json().id;
    const png = pngBytes();
    const up = await secretary.request('POST', `/api/v1/meetings/${id}/attachments`, png, { 'content-type': 'image/png', 'x-file-name': encodeURIComponent('现场照片.png') });
    expect(up.statusCode, up.body).toBe(201);
    expect(up.json()).toMatchObject({ name: '现场照片.png', mime: 'image/png', size: png.length });
    const back = await member.get(`/api/v1/meetings/${id}/attachments/${up.json().id}`);
    expect(back.statusCode).toBe(200);
    expect(back.rawPayload.equals(png)).toBe(true);
    const fake = await secretary.request('POST', `/api/v1/meetings/${id}/attachments`, Buffer.from('MZ not an image'), { 'content-type': 'image/png' });
    expect(fake.statusCode).toBe(400);
    expect(fake.json().error.details[0].code).toBe('evidence_type_mismatch');
    expect((await secretary.get(`/api/v1/meetings/${id}`)).json().attachments).toHaveLength(1);
    const locked = await secretary.request('POST', `/api/v1/meetings/${themeDay}/attachments`, png, { 'content-type': 'image/png' });
    expect(locked.statusCode).toBe(409);
    // An attachment of one meeting is not reachable through another.
    expect((await secretary.get(`/api/v1/meetings/${themeDay}/attachments/${up.json().id}`)).statusCode).toBe(404);
  });
});
