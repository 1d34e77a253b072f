import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SettableClock } from '../../domain/clock.js';
import { localDate } from '../../domain/dates.js';
import { evaluateOrgLife, hasCommittee, meetingCounts, periodOfDate, type CountedMeeting, type LifeStatus, type MeetingKind } from '../../domain/life.js';
import type { OrgKind } from '../../domain/orgs.js';
import { FORMING_RULES_V2018, LIFE_RULES_V2018 } from '../../domain/rulesets.js';
import { vaultFromKey } from '../../server/crypto.js';
import { connect, type Db } from '../connect.js';
import { migrateToLatest } from '../migrate.js';
import { seedDemo, type Preset } from './generate.js';

const VAULT = vaultFromKey(Buffer.alloc(32, 1));
const clock = new SettableClock('2026-11-23T08:00:00.000Z');
const today = localDate(clock.now(), 'Asia/Shanghai');

async function seeded(preset: Preset, seed = 42): Promise<Db> {
  const db = connect('sqlite::memory:');
  await migrateToLatest(db);
  await seedDemo(db, { preset, seed, password: 'pw-test-1', clock, vault: VAULT });
  return db;
}

async function lifeHash(db: Db): Promise<string> {
  const h = createHash('sha256');
  for (const t of ['meeting', 'attendance', 'minutes', 'activity_position', 'training_hours', 'contact_event'] as const) {
    const rows = await db.kysely.selectFrom(t).selectAll().orderBy('id').execute();
    h.update(JSON.stringify(rows));
  }
  h.update(JSON.stringify(await db.kysely.selectFrom('member').select(['id', 'last_contact_on']).orderBy('id').execute()));
  return h.digest('hex');
}

describe('a year of organizational life (demo preset)', { timeout: 240_000 }, () => {
  let db: Db;
  beforeAll(async () => {
    db = await seeded('demo');
  }, 240_000);
  afterAll(async () => db?.close());

  it('shows green, amber and red compliance over a sample of branches', async () => {
    const k = db.kysely;
    const orgs = await k.selectFrom('party_org').selectAll().where('status', '=', 'active').where('kind', 'in', ['branch', 'joint_branch', 'general_branch']).orderBy('id').execute();
    const seen = new Set<LifeStatus>();
    const lastQuarter = periodOfDate('2026-08-15', 'quarter');
    for (const o of orgs.slice(0, 150)) {
      const full = await k.selectFrom('member').select('id').where('party_org_id', '=', o.id).where('stage', '=', 'full').where('status', '=', 'active').execute();
      const posts = await k.selectFrom('org_post').select(['person_id', 'post']).where('party_org_id', '=', o.id).where('ended_on', 'is', null).execute();
      const groups = await k.selectFrom('party_org').select('id').where('parent_id', '=', o.id).where('kind', '=', 'party_group').where('status', '=', 'active').execute();
      const rows = await k
        .selectFrom('meeting')
        .innerJoin('minutes', 'minutes.meeting_id', 'meeting.id')
        .select(['meeting.id', 'meeting.kind', 'meeting.status', 'meeting.starts_at', 'meeting.audience', 'meeting.audience_org_id', 'meeting.host_person_id', 'minutes.locked_at', 'minutes.committee_size', 'minutes.committee_present'])
        .where('meeting.party_org_id', '=', o.id)
        .execute();
      const meetings: CountedMeeting[] = [];
      for (const r of rows) {
        const present = await k.selectFrom('attendance').select('id').where('meeting_id', '=', r.id).where('status', '=', 'present').execute();
        const quorumMet = r.committee_size ? (r.committee_present ?? 0) * 2 > r.committee_size : null;
        if (!meetingCounts({ status: r.status as never, presentCount: present.length, minutesLocked: !!r.locked_at, kind: r.kind as MeetingKind, quorumMet }).counts) continue;
        meetings.push({ kind: r.kind as MeetingKind, date: localDate(new Date(r.starts_at), 'Asia/Shanghai'), partyGroupId: r.audience === 'party_group' ? r.audience_org_id : null, hostPersonId: r.host_person_id });
      }
      const facts = {
        kind: o.kind as OrgKind,
        hasCommittee: hasCommittee(o.kind as OrgKind, full.length, posts.filter((p) => p.post === 'committee_member').length, FORMING_RULES_V2018.branchCommitteeFrom),
        partyGroupIds: groups.map((g) => g.id),
        secretaryPersonIds: posts.filter((p) => p.post === 'secretary').map((p) => p.person_id),
      };
      seen.add(evaluateOrgLife(facts, meetings, LIFE_RULES_V2018, today).status);
      for (const r of evaluateOrgLife(facts, meetings, LIFE_RULES_V2018, today, lastQuarter).requirements) if (r.applies) seen.add(r.status);
    }
    expect(seen).toContain('green');
    expect(seen).toContain('amber');
    expect(seen).toContain('red');
  });

  it('locks minutes only of meetings with attendance, never attendance for closed or lost members', async () => {
    const k = db.kysely;
    const lockedWithout = await k
      .selectFrom('minutes')
      .select('minutes.id')
      .where('locked_at', 'is not', null)
      .where((eb) => eb.not(eb.exists(eb.selectFrom('attendance').select('attendance.id').whereRef('attendance.meeting_id', '=', 'minutes.meeting_id').where('attendance.status', '=', 'present'))))
      .execute();
    expect(lockedWithout).toEqual([]);
    expect(await k.selectFrom('minutes').select('id').where('locked_at', 'is not', null).execute()).not.toHaveLength(0);
    const closed = await k.selectFrom('attendance').innerJoin('member', 'member.id', 'attendance.member_id').select('attendance.id').where('member.status', '!=', 'active').execute();
    expect(closed).toEqual([]);
    const lost = await k.selectFrom('attendance').innerJoin('lost_contact_case', 'lost_contact_case.member_id', 'attendance.member_id').select('attendance.id').execute();
    expect(lost).toEqual([]);
    const future = await k.selectFrom('meeting').select('id').where('status', '=', 'planned').execute();
    expect(future.length).toBeGreaterThan(0);
    const futureAttendance = await k.selectFrom('attendance').innerJoin('meeting', 'meeting.id', 'attendance.meeting_id').select('attendance.id').where('meeting.status', '=', 'planned').execute();
    expect(futureAttendance).toEqual([]);
    // Every attendance with contact gives an event; last contact is the latest event.
    const stale = await k
      .selectFrom('member')
      .select('member.id')
      .where((eb) => eb.exists(eb.selectFrom('contact_event').select('contact_event.id').whereRef('contact_event.member_id', '=', 'member.id').whereRef('contact_event.happened_on', '>', 'member.last_contact_on')))
      .execute();
    expect(stale).toEqual([]);
    const kinds = await k.selectFrom('meeting').select('kind').distinct().execute();
    expect(kinds.map((r) => r.kind).sort()).toEqual(['branch_assembly', 'committee_meeting', 'group_meeting', 'heart_to_heart_talk', 'organizational_life_meeting', 'party_lecture', 'theme_day']);
    expect(await k.selectFrom('training_hours').select('id').execute()).not.toHaveLength(0);
  });

  it('gives the same year for the same seed', async () => {
    const again = await seeded('demo');
    try {
      expect(await lifeHash(again)).toBe(await lifeHash(db));
    } finally {
      await again.close();
    }
  }, 240_000);
});

describe('tiny-city (the city preset code path)', { timeout: 240_000 }, () => {
  it('writes a consistent small city with theme days and assemblies', async () => {
    const db = await seeded('tiny-city', 7);
    try {
      const k = db.kysely;
      const kinds = await k.selectFrom('meeting').select('kind').distinct().execute();
      expect(kinds.map((r) => r.kind).sort()).toEqual(['branch_assembly', 'theme_day']);
      const bad = await k
        .selectFrom('attendance')
        .innerJoin('member', 'member.id', 'attendance.member_id')
        .select('attendance.id')
        .where((eb) => eb.or([eb('member.status', '!=', 'active'), eb('attendance.counts_for_org_id', '!=', eb.ref('member.party_org_id'))]))
        .execute();
      expect(bad).toEqual([]);
      const members = await k.selectFrom('member').select('id').execute();
      const attendance = await k.selectFrom('attendance').select('id').execute();
      expect(members.length).toBeGreaterThan(100);
      expect(attendance.length).toBeGreaterThan(members.length * 5);
    } finally {
      await db.close();
    }
  });
});
