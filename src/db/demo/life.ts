/**
 * The organizational-life phase of the demo generator: a year of meetings for
 * every active branch, joint branch and general branch (monthly theme days,
 * quarterly branch assemblies, monthly committee meetings where a committee
 * exists, monthly party-group meetings, quarterly party lectures, the yearly
 * organizational life meeting and heart-to-heart talks), with attendance,
 * minutes (locked, with the committee's quorum at committee meetings), a few
 * amendments, planned meetings for next month, activity positions and their
 * bookings, the concentrated training behind the development histories, and
 * the contact events that attendance gives (member.last_contact_on follows).
 *
 * Rows look as src/modules/life writes them: attendance counts for the
 * member's home organization (a mobile member checked in at a host counts for
 * home), present and leave give a contact event ('check_in' for QR, else
 * 'attendance'), absence does not.
 *
 * Streaming: organizations are read back one holder (street or area) at a
 * time, as orgs.ts and members.ts do; rows go out in batches; nothing is kept
 * between holders but counters and the positions of the territory tree.
 * Every holder draws from its own stream (`rng.derive('t<id>')`); dates are
 * relative to the clock's today.
 *
 * The `required` scope (city preset) keeps to monthly theme days and
 * quarterly branch assemblies: the bulk of the rows at city scale.
 */
import { sql, type Insertable, type Kysely } from 'kysely';
import { addDays, addMonths } from '../../domain/dates.js';
import { hasCommittee } from '../../domain/life.js';
import { COMMITTEE_POSTS, type OrgKind, type Post } from '../../domain/orgs.js';
import { FORMING_RULES_V2018 } from '../../domain/rulesets.js';
import { withoutIndexes, type BulkInserter } from '../bulk.js';
import type { Database } from '../schema.js';
import { DISTRICT_ID } from './common.js';
import type { TerritoryNode, TerritoryPlan } from './generate.js';
import type { Random } from './random.js';

export type LifeScope = 'full' | 'required';

export interface LifePhaseOptions {
  /** Where the phase's rows go (src/db/bulk.ts). */
  bulk: BulkInserter;
  /** `rng.derive('life')` of the seed. */
  rng: Random;
  plan: TerritoryPlan;
  /** The district's today (YYYY-MM-DD). */
  today: string;
  now: string;
  scope: LifeScope;
  dialect: 'sqlite' | 'postgres';
  onProgress?: ((done: number, total: number, phase: string) => void) | undefined;
}

/** Branches that miss some of their meetings (compliance shows red and amber). */
const MISSING_SHARE = 0.1;
/** Branches big enough for an activity room of their own. */
const ROOM_FROM_MEMBERS = 25;
const SERVICE_POINT_SHARE = 0.4;
/** Shanghai has no daylight saving time: local = UTC + 8 h. */
const TZ_OFFSET_H = 8;

/** The phase's tables, in the order it writes them (parents first). */
export const LIFE_TABLES = [
  'activity_position',
  'meeting',
  'meeting_invitee',
  'attendance',
  'minutes',
  'minutes_amendment',
  'training_session',
  'training_hours',
  'position_booking',
  'contact_event',
] as const;
type LifeTable = (typeof LIFE_TABLES)[number];

class Writer {
  readonly rows = new Map<LifeTable, Insertable<Database[LifeTable]>[]>(LIFE_TABLES.map((t) => [t, []]));
  readonly counts: Record<LifeTable, number> = Object.fromEntries(LIFE_TABLES.map((t) => [t, 0])) as Record<LifeTable, number>;
  private buffered = 0;
  constructor(private readonly bulk: BulkInserter) {}

  add<T extends LifeTable>(table: T, row: Insertable<Database[T]>): void {
    this.rows.get(table)!.push(row as never);
    this.counts[table]++;
    this.buffered++;
  }

  async flushIfFull(): Promise<boolean> {
    if (this.buffered < 20_000) return false;
    await this.flush();
    return true;
  }

  async flush(): Promise<void> {
    for (const table of LIFE_TABLES) {
      const rows = this.rows.get(table)!;
      if (rows.length === 0) continue;
      await this.bulk.insert(table, rows as Record<string, unknown>[]);
      rows.length = 0;
    }
    this.buffered = 0;
  }
}

// ---------------------------------------------------------------- texts

const THEMES = [
  '学习贯彻党的二十届三中全会精神',
  '重温入党誓词 坚定理想信念',
  '学习习近平新时代中国特色社会主义思想',
  '志愿服务进社区',
  '学党章 守党规 强党性',
  '传承红色基因 走访革命纪念馆',
  '廉洁从业警示教育',
  '安全生产大家谈',
  '垃圾分类我先行',
  '岗位建功 党员示范岗评比',
  '学习《中国共产党纪律处分条例》',
  '关爱困难群众 走访慰问',
  '“我为群众办实事”交流会',
  '学习身边榜样 争做先锋党员',
] as const;

const LECTURE_TOPICS = [
  '以党的创新理论武装头脑',
  '坚持以人民为中心的发展思想',
  '新时代党员的初心和使命',
  '全面从严治党永远在路上',
  '发扬斗争精神 增强斗争本领',
  '新就业群体中的党建工作',
  '基层治理中的党员作用',
] as const;

const LEAVE_REASONS = ['出差', '病假', '家中有事', '值班', '外出培训', '照顾家人', '加班'] as const;
const MOBILE_LEAVE = '外出流动，在流入地参加组织生活';
const QUARTERS = ['一', '二', '三', '四'] as const;
const RESOLUTIONS = [
  '同意按计划开展下月主题党日活动',
  '同意对入党积极分子进行培养考察',
  '组织党员参加社区志愿服务',
  '按时足额收缴党费',
  '认真落实“三会一课”制度',
] as const;
const AMEND_REASONS = ['补记请假人员', '更正会议时间', '补充会议决议', '更正发言人姓名'] as const;

function minutesHtml(r: Random, title: string, present: number, expected: number, host: string | null): string {
  const theme = r.pick(THEMES);
  return (
    `<p>${title}。应到${expected}人，实到${present}人${host ? `，由${host}主持` : ''}。</p>` +
    `<p>会议围绕“${theme}”开展学习讨论，党员结合工作实际交流体会。</p>` +
    `<ul><li>${r.pick(RESOLUTIONS)}</li></ul>`
  );
}

// ---------------------------------------------------------------- rows read back

interface OrgRow {
  id: number;
  parent_id: number | null;
  kind: string;
  name: string;
  path: string;
  territory_path: string;
  founded_on: string;
}

interface MemberRow {
  id: number;
  person_id: number;
  party_org_id: number;
  stage: string;
  is_mobile: number;
  since: string | null;
  last_contact_on: string | null;
  name: string;
}

interface Expected {
  member: MemberRow;
  /** The home organization (a general branch's members sit in its sub-branches). */
  home: number;
}

interface Ctx {
  w: Writer;
  today: string;
  now: string;
  scope: LifeScope;
  /**
   * Attendance from this day on gives contact events. 'full': every day. 'required'
   * (city scale): the last two months only — a member's last contact is their latest
   * meeting either way, and the year's 17M older events would double the seed.
   */
  contactFrom: string;
  ids: Record<'position' | 'meeting' | 'invitee' | 'attendance' | 'minutes' | 'amendment' | 'session' | 'hours' | 'booking' | 'event', number>;
  /** Street id -> its service center; area id -> its service point. */
  positions: Map<number, { id: number; name: string; address: string | null }>;
}

// ---------------------------------------------------------------- time

/** A UTC instant of the local (Asia/Shanghai) date and time. */
function utc(date: string, hour: number, minute: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCHours(hour - TZ_OFFSET_H, minute);
  return d.toISOString();
}

function monthStart(date: string): string {
  return `${date.slice(0, 7)}-01`;
}

function dayIn(month: string, day: number): string {
  const last = Number(addDays(addMonths(month, 1), -1).slice(8, 10));
  return `${month.slice(0, 8)}${String(Math.min(day, last)).padStart(2, '0')}`;
}

// ---------------------------------------------------------------- positions

function planPositions(c: Ctx, r: Random, plan: TerritoryPlan): void {
  for (const node of plan.all) {
    let kind: 'service_center' | 'service_point';
    let name: string;
    if (node.kind === 'street' || node.kind === 'township') {
      kind = 'service_center';
      name = `${node.name}党群服务中心`;
    } else if (node.kind !== 'district' && r.chance(SERVICE_POINT_SHARE)) {
      kind = 'service_point';
      name = `${node.name}党群服务站`;
    } else continue;
    const id = ++c.ids.position;
    const big = kind === 'service_center';
    const area = big ? r.int(300, 1200) : r.int(40, 200);
    c.positions.set(node.id, { id, name, address: node.address });
    c.w.add('activity_position', {
      id,
      district_id: DISTRICT_ID,
      kind,
      name,
      address: node.address,
      territory_id: node.id,
      territory_path: node.path,
      party_org_id: null,
      org_path: null,
      lng: node.lng,
      lat: node.lat,
      area_m2: area,
      capacity: Math.round(area / (big ? 3 : 2.5)),
      checklist_json: JSON.stringify(
        ['signboard', 'party_flag', 'bulletin_board', 'books_and_papers', 'rules', 'facilities'].map((item) => ({ item, done: r.chance(big ? 0.95 : 0.8), note: null })),
      ),
      status: 'active',
      closed_on: null,
      closed_reason: null,
      created_at: c.now,
      updated_at: c.now,
    });
  }
}

// ---------------------------------------------------------------- meetings

interface Place {
  positionId: number | null;
  text: string;
  /** The position is shared: book it only when the slot is free. */
  shared: boolean;
}

interface MeetingSpec {
  org: OrgRow;
  kind: string;
  title: string;
  date: string;
  hour: number;
  minute: number;
  hours: number;
  audience: 'org' | 'committee' | 'party_group';
  audienceOrgId: number | null;
  expected: Expected[];
  host: { personId: number | null; name: string | null };
  topic: string | null;
  committee: Set<number> | null;
  /** The branch misses meetings: minutes left unlocked now and then. */
  sloppy: boolean;
  guests: Expected[];
}

interface HolderState {
  place: Map<number, Place>;
  booked: Set<string>;
}

function addMeeting(c: Ctx, r: Random, h: HolderState, s: MeetingSpec): void {
  const startsAt = utc(s.date, s.hour, s.minute);
  const endsAt = new Date(Date.parse(startsAt) + s.hours * 3_600_000).toISOString();
  const future = s.date > c.today || (s.date === c.today && Date.parse(startsAt) > Date.parse(c.now));
  const id = ++c.ids.meeting;
  let place = h.place.get(s.org.id) ?? null;
  if (place?.positionId && place.shared) {
    const key = `${place.positionId}|${startsAt}`;
    if (h.booked.has(key)) place = { positionId: null, text: `${s.org.name.replace(/(联合)?(党总支|党支部)$/, '')}会议室`, shared: false };
    else h.booked.add(key);
  }
  c.w.add('meeting', {
    id,
    district_id: DISTRICT_ID,
    party_org_id: s.org.id,
    org_path: s.org.path,
    territory_path: s.org.territory_path,
    kind: s.kind,
    title: s.title,
    starts_at: startsAt,
    ends_at: endsAt,
    place: place?.text ?? null,
    activity_position_id: place?.positionId ?? null,
    host_person_id: s.host.personId,
    host_name: s.host.personId ? null : s.host.name,
    topic: s.topic,
    audience: s.audience,
    audience_org_id: s.audienceOrgId,
    status: future ? 'planned' : 'held',
    cancelled_reason: null,
    sequence: 0,
    created_by: null,
    created_at: c.now,
    updated_at: c.now,
  });
  if (place?.positionId) {
    c.w.add('position_booking', {
      id: ++c.ids.booking,
      district_id: DISTRICT_ID,
      position_id: place.positionId,
      party_org_id: s.org.id,
      meeting_id: id,
      starts_at: startsAt,
      ends_at: endsAt,
      purpose: s.title,
      status: 'active',
      created_by: null,
      created_at: c.now,
      cancelled_at: null,
    });
  }
  if (future) return;

  // Attendance: 75–95 % present, some on leave, the rest absent.
  const presentShare = r.float(0.75, 0.95);
  let present = 0;
  let committeePresent = 0;
  const stamp = (minutesBefore: number) => new Date(Date.parse(startsAt) - minutesBefore * 60_000).toISOString();
  const contact = (memberId: number, kind: 'check_in' | 'attendance') => {
    if (s.date < c.contactFrom) return;
    c.w.add('contact_event', {
      id: ++c.ids.event,
      district_id: DISTRICT_ID,
      member_id: memberId,
      kind,
      happened_on: s.date,
      note: s.title,
      source_id: id,
      created_at: c.now,
    });
  };
  for (const e of s.expected) {
    const m = e.member;
    let status: 'present' | 'leave' | 'absent';
    let reason: string | null = null;
    if (m.is_mobile) {
      status = 'leave';
      reason = MOBILE_LEAVE;
    } else {
      const x = r.next();
      status = x < presentShare ? 'present' : x < presentShare + (1 - presentShare) * 0.7 ? 'leave' : 'absent';
      if (status === 'leave') reason = r.pick(LEAVE_REASONS);
      else if (status === 'absent' && r.chance(0.3)) reason = '未请假';
    }
    const qr = status === 'present' && r.chance(0.6);
    if (status === 'present') {
      present++;
      if (s.committee?.has(m.person_id)) committeePresent++;
    }
    c.w.add('attendance', {
      id: ++c.ids.attendance,
      district_id: DISTRICT_ID,
      meeting_id: id,
      member_id: m.id,
      status,
      reason,
      checked_in_at: status === 'present' ? stamp(qr ? r.int(0, 20) : 0) : null,
      method: qr ? 'qr' : 'roll_call',
      counts_for_org_id: e.home,
      recorded_by: null,
      created_at: c.now,
      updated_at: c.now,
    });
    if (status !== 'absent') contact(m.id, qr ? 'check_in' : 'attendance');
  }
  for (const g of s.guests) {
    if (!r.chance(0.5)) continue;
    c.w.add('meeting_invitee', { id: ++c.ids.invitee, district_id: DISTRICT_ID, meeting_id: id, member_id: g.member.id, reason: 'mobile_guest', created_at: c.now });
    c.w.add('attendance', {
      id: ++c.ids.attendance,
      district_id: DISTRICT_ID,
      meeting_id: id,
      member_id: g.member.id,
      status: 'present',
      reason: null,
      checked_in_at: stamp(r.int(0, 20)),
      method: 'qr',
      counts_for_org_id: g.home,
      recorded_by: null,
      created_at: c.now,
      updated_at: c.now,
    });
    present++;
    contact(g.member.id, 'check_in');
  }
  if (present === 0) return;

  // Minutes: written within days and locked, except a few of the latest and of sloppy branches.
  const written = new Date(Date.parse(endsAt) + r.int(1, 48) * 3_600_000);
  const writtenAt = written.getTime() < Date.parse(c.now) ? written.toISOString() : c.now;
  const lockedAt = new Date(Date.parse(writtenAt) + r.int(1, 72) * 3_600_000);
  const locked = lockedAt.getTime() < Date.parse(c.now) && !(s.sloppy && r.chance(0.3));
  c.w.add('minutes', {
    id: ++c.ids.minutes,
    district_id: DISTRICT_ID,
    meeting_id: id,
    body_html: minutesHtml(r, s.title, present, s.expected.length, s.host.name),
    resolutions_json: JSON.stringify([r.pick(RESOLUTIONS)]),
    updated_by: null,
    updated_at: writtenAt,
    locked_at: locked ? lockedAt.toISOString() : null,
    locked_by: null,
    committee_size: locked && s.committee ? s.committee.size : null,
    committee_present: locked && s.committee ? committeePresent : null,
    created_at: writtenAt,
  });
  if (locked && c.scope === 'full' && r.chance(0.03)) {
    const at = new Date(lockedAt.getTime() + r.int(1, 240) * 3_600_000);
    c.w.add('minutes_amendment', {
      id: ++c.ids.amendment,
      district_id: DISTRICT_ID,
      meeting_id: id,
      body_html: `<p>${r.pick(AMEND_REASONS)}：经核对，原记录有误，现予更正。</p>`,
      reason: r.pick(AMEND_REASONS),
      created_by: null,
      created_by_name: s.host.name ?? '支部书记',
      created_at: at.getTime() < Date.parse(c.now) ? at.toISOString() : c.now,
    });
  }
}

// ---------------------------------------------------------------- one organization

interface OrgFacts {
  expected: Expected[];
  guests: Expected[];
  groups: { org: OrgRow; expected: Expected[] }[];
  committee: Set<number>;
  committeeMembers: Expected[];
  hasCommittee: boolean;
  secretary: { personId: number; name: string } | null;
}

function orgYear(c: Ctx, r: Random, h: HolderState, org: OrgRow, f: OrgFacts): void {
  if (f.expected.length === 0) return;
  const sloppy = r.chance(MISSING_SHARE);
  const skip = () => sloppy && r.chance(0.3);
  // Theme days on a fairly fixed day of the month, in the afternoon or evening.
  const themeDay = r.int(5, 25);
  const evening = r.chance(0.5);
  const [th, tm] = evening ? [19, 0] : [14, 30];
  const since = (date: string) => f.expected.filter((e) => !e.member.since || e.member.since <= date);
  const host = f.secretary ? { personId: f.secretary.personId, name: f.secretary.name } : { personId: null, name: null };
  const firstMonth = addMonths(monthStart(c.today), -12);
  const lastMonth = addMonths(monthStart(c.today), 1);
  const full = c.scope === 'full';
  for (let month = firstMonth; month <= lastMonth; month = addMonths(month, 1)) {
    const mo = Number(month.slice(5, 7));
    const year = month.slice(0, 4);
    const next = month > c.today;
    if (addDays(addMonths(month, 1), -1) < org.founded_on) continue;
    const at = (day: number) => {
      const d = dayIn(month, day);
      return d < org.founded_on ? org.founded_on : d;
    };
    const base = { org, host, topic: null, committee: null, sloppy, guests: [] as Expected[], audienceOrgId: null };
    if (!skip() || next) {
      const date = at(themeDay + r.int(-2, 2));
      const theme = r.pick(THEMES);
      addMeeting(c, r, h, { ...base, kind: 'theme_day', title: `${mo}月主题党日：${theme}`, topic: theme, date, hour: th, minute: tm, hours: 2, audience: 'org', expected: since(date), guests: f.guests });
    }
    // Quarterly: the assembly in the quarter's second month, the lecture in its last.
    const q = Math.floor((mo - 1) / 3);
    if (mo % 3 === 2 && !next && !skip()) {
      const date = at(r.int(8, 26));
      addMeeting(c, r, h, { ...base, kind: 'branch_assembly', title: `${year}年第${QUARTERS[q]}季度支部党员大会`, date, hour: 19, minute: 0, hours: 2, audience: 'org', expected: since(date) });
    }
    if (!full) continue;
    if (f.hasCommittee && f.committeeMembers.length > 0 && (!skip() || next)) {
      const date = at(r.int(2, 8));
      addMeeting(c, r, h, {
        ...base,
        kind: 'committee_meeting',
        title: `${mo}月支部委员会会议`,
        date,
        hour: 18,
        minute: 30,
        hours: 1.5,
        audience: 'committee',
        expected: f.committeeMembers,
        committee: f.committee,
      });
    }
    if (next) continue;
    for (const g of f.groups) {
      if (g.expected.length === 0 || skip()) continue;
      const date = at(r.int(10, 27));
      addMeeting(c, r, h, { ...base, kind: 'group_meeting', title: `${g.org.name}${mo}月党小组会`, date, hour: 19, minute: 30, hours: 1.5, audience: 'party_group', audienceOrgId: g.org.id, expected: g.expected.filter((e) => !e.member.since || e.member.since <= date) });
    }
    if (mo % 3 === 0 && !skip()) {
      const topic = r.pick(LECTURE_TOPICS);
      const date = at(r.int(5, 20));
      // The secretary gives the lecture of the year's second quarter; a lecturer from the party school the others.
      const lecturer = mo === 6 && f.secretary ? host : { personId: null, name: '区委党校讲师' };
      addMeeting(c, r, h, { ...base, host: lecturer, kind: 'party_lecture', title: `${year}年第${QUARTERS[q]}季度党课：${topic}`, topic, date, hour: 14, minute: 30, hours: 2, audience: 'org', expected: since(date) });
    }
    if (mo === 11 && !skip()) {
      const date = at(r.int(3, 20));
      addMeeting(c, r, h, { ...base, kind: 'organizational_life_meeting', title: `${year}年度组织生活会暨民主评议党员`, date, hour: 14, minute: 0, hours: 3, audience: 'org', expected: since(date) });
    }
    if (mo === 7 && !skip()) {
      const date = at(r.int(3, 25));
      addMeeting(c, r, h, { ...base, kind: 'heart_to_heart_talk', title: `${year}年谈心谈话`, date, hour: 15, minute: 0, hours: 1, audience: 'org', expected: since(date) });
    }
  }
}

// ---------------------------------------------------------------- one holder

const MEETING_KINDS: readonly OrgKind[] = ['branch', 'joint_branch', 'general_branch'];

async function holderLife(c: Ctx, trx: Kysely<Database>, r: Random, node: TerritoryNode): Promise<void> {
  const orgs = (await trx
    .selectFrom('party_org')
    .select(['id', 'parent_id', 'kind', 'name', 'path', 'territory_path', 'founded_on'])
    // By path, not territory_id: (district_id, territory_path, status) is the index a holder's organizations are found by.
    .where('district_id', '=', DISTRICT_ID)
    .where('territory_path', '=', node.path)
    .where('status', '=', 'active')
    .orderBy('id')
    .execute()) as OrgRow[];
  const meetingOrgs = orgs.filter((o) => MEETING_KINDS.includes(o.kind as OrgKind));
  if (meetingOrgs.length === 0) return;
  const ids = orgs.map((o) => o.id);
  const lostFrom = addMonths(c.today, -6);
  const members = (await trx
    .selectFrom('member')
    .innerJoin('person', 'person.id', 'member.person_id')
    .select(['member.id', 'member.person_id', 'member.party_org_id', 'member.stage', 'member.is_mobile', 'member.last_contact_on', 'person.name'])
    .select((eb) => eb.fn.coalesce('member.admitted_on', 'member.full_on').as('since'))
    .where('member.party_org_id', 'in', ids)
    .where('member.status', '=', 'active')
    .where('member.stage', 'in', ['full', 'probationary'])
    .where((eb) => eb.not(eb.exists(eb.selectFrom('lost_contact_case').select('lost_contact_case.id').whereRef('lost_contact_case.member_id', '=', 'member.id'))))
    .orderBy('member.id')
    .execute()) as MemberRow[];
  // Lost members stay lost: no attendance, no contact.
  const byOrg = new Map<number, MemberRow[]>();
  for (const m of members) {
    if (m.last_contact_on !== null && m.last_contact_on < lostFrom) continue;
    const list = byOrg.get(m.party_org_id) ?? [];
    list.push(m);
    byOrg.set(m.party_org_id, list);
  }
  const posts = await trx
    .selectFrom('org_post')
    .select(['party_org_id', 'person_id', 'post'])
    .where('party_org_id', 'in', ids)
    .where('ended_on', 'is', null)
    .orderBy('id')
    .execute();
  const guests = await trx
    .selectFrom('mobile_record')
    .innerJoin('member', 'member.id', 'mobile_record.member_id')
    .innerJoin('person', 'person.id', 'member.person_id')
    .select(['member.id', 'member.person_id', 'member.party_org_id', 'member.stage', 'member.is_mobile', 'member.last_contact_on', 'person.name', 'mobile_record.host_org_id'])
    .where('mobile_record.host_org_id', 'in', ids)
    .where('mobile_record.returned_on', 'is', null)
    .where('member.status', '=', 'active')
    .where('member.is_mobile', '=', 1)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('lost_contact_case').select('lost_contact_case.id').whereRef('lost_contact_case.member_id', '=', 'member.id'))))
    .orderBy('member.id')
    .execute();

  const h: HolderState = { place: new Map(), booked: new Set() };
  const shared = c.positions.get(node.id);
  const children = new Map<number, OrgRow[]>();
  for (const o of orgs) if (o.parent_id !== null) children.set(o.parent_id, [...(children.get(o.parent_id) ?? []), o]);
  const personName = new Map(members.map((m) => [m.person_id, m.name]));
  const forming = FORMING_RULES_V2018;

  for (const org of meetingOrgs) {
    const own = (byOrg.get(org.id) ?? []).map((m) => ({ member: m, home: org.id }));
    const subs = (children.get(org.id) ?? []).filter((o) => o.kind !== 'party_group');
    const expected = [...own, ...subs.flatMap((s) => (byOrg.get(s.id) ?? []).map((m) => ({ member: m, home: s.id })))];
    const orgPosts = posts.filter((p) => p.party_org_id === org.id);
    const committee = new Set(orgPosts.filter((p) => COMMITTEE_POSTS.includes(p.post as Post)).map((p) => p.person_id));
    const sec = orgPosts.find((p) => p.post === 'secretary');
    const fullCount = expected.filter((e) => e.member.stage === 'full').length;
    const groups = (children.get(org.id) ?? [])
      .filter((o) => o.kind === 'party_group')
      .map((g) => ({ org: g, expected: (byOrg.get(g.id) ?? []).map((m) => ({ member: m, home: g.id })) }));
    // Party groups hold no members of their own in the registry: split the branch's members among them.
    if (groups.length > 0 && groups.every((g) => g.expected.length === 0)) {
      own.forEach((e, i) => groups[i % groups.length]!.expected.push(e));
    }
    const facts: OrgFacts = {
      expected,
      guests: guests.filter((g) => g.host_org_id === org.id && g.party_org_id !== org.id).map((g) => ({ member: { ...g, since: null }, home: g.party_org_id })),
      groups,
      committee,
      committeeMembers: expected.filter((e) => committee.has(e.member.person_id)),
      hasCommittee: hasCommittee(org.kind as OrgKind, fullCount, orgPosts.filter((p) => p.post === 'committee_member').length, forming.branchCommitteeFrom),
      secretary: sec ? { personId: sec.person_id, name: personName.get(sec.person_id) ?? '支部书记' } : null,
    };
    const or = r.derive(`o${org.id}`);
    if (expected.length >= ROOM_FROM_MEMBERS && or.chance(0.6)) {
      const id = ++c.ids.position;
      const name = `${org.name}党员活动室`;
      const area = or.int(30, 120);
      c.w.add('activity_position', {
        id,
        district_id: DISTRICT_ID,
        kind: 'activity_room',
        name,
        address: node.address,
        territory_id: node.id,
        territory_path: node.path,
        party_org_id: org.id,
        org_path: org.path,
        lng: node.lng,
        lat: node.lat,
        area_m2: area,
        capacity: Math.round(area / 2),
        checklist_json: JSON.stringify(['signboard', 'party_flag', 'bulletin_board', 'books_and_papers', 'rules', 'facilities'].map((item) => ({ item, done: or.chance(0.85), note: null }))),
        status: 'active',
        closed_on: null,
        closed_reason: null,
        created_at: c.now,
        updated_at: c.now,
      });
      h.place.set(org.id, { positionId: id, text: name, shared: false });
    } else if (shared && or.chance(0.7)) {
      h.place.set(org.id, { positionId: shared.id, text: shared.name, shared: true });
    } else {
      h.place.set(org.id, { positionId: null, text: `${org.name.replace(/(联合)?(党总支|党支部)$/, '')}会议室`, shared: false });
    }
    orgYear(c, or, h, org, facts);
  }

  if (c.scope === 'full') await training(c, trx, r.derive('training'), node, orgs, byOrg);
}

/** Concentrated training behind the development histories of the last year: sessions and each trainee's hours. */
async function training(c: Ctx, trx: Kysely<Database>, r: Random, node: TerritoryNode, orgs: OrgRow[], _byOrg: Map<number, MemberRow[]>): Promise<void> {
  const from = addMonths(c.today, -12);
  const steps = await trx
    .selectFrom('development_step')
    .innerJoin('member', 'member.id', 'development_step.member_id')
    .select(['development_step.member_id', 'development_step.done_on', 'development_step.data_json', 'member.party_org_id'])
    .where('member.party_org_id', 'in', orgs.map((o) => o.id))
    .where('member.status', '=', 'active')
    .where('development_step.step', '=', 'training')
    .where('development_step.done_on', '>=', from)
    .where('development_step.done_on', '<=', c.today)
    .orderBy('development_step.id')
    .execute();
  const orgOf = new Map(orgs.map((o) => [o.id, o]));
  const sessions = new Map<string, { id: number; hours: number }>();
  for (const s of steps) {
    const data = JSON.parse(s.data_json) as { hours?: number; days?: number };
    const hours = typeof data.hours === 'number' ? data.hours : (data.days ?? 1) * 8;
    const days = typeof data.days === 'number' ? data.days : Math.max(1, Math.ceil(hours / 8));
    const org = orgOf.get(s.party_org_id)!;
    const key = `${s.party_org_id}|${s.done_on}|${days}`;
    let session = sessions.get(key);
    if (!session) {
      const school = typeof data.days === 'number';
      session = { id: ++c.ids.session, hours };
      sessions.set(key, session);
      c.w.add('training_session', {
        id: session.id,
        district_id: DISTRICT_ID,
        party_org_id: org.id,
        org_path: org.path,
        territory_path: org.territory_path,
        kind: school ? 'party_school' : 'concentrated',
        title: school ? `${s.done_on.slice(0, 4)}年发展对象党校培训班` : `${s.done_on.slice(0, 4)}年入党积极分子集中培训（${node.name}）`,
        provider: school ? '区委党校' : `${node.name}党建工作指导站`,
        starts_on: addDays(s.done_on, -(days - 1)),
        ends_on: s.done_on,
        hours,
        meeting_id: null,
        created_by: null,
        created_at: c.now,
        updated_at: c.now,
      });
    }
    c.w.add('training_hours', {
      id: ++c.ids.hours,
      district_id: DISTRICT_ID,
      session_id: session.id,
      member_id: s.member_id,
      hours,
      on_date: s.done_on,
      created_at: c.now,
      updated_at: c.now,
    });
  }
  void r;
}

// ---------------------------------------------------------------- entry point

export interface LifePhaseResult {
  counts: {
    activityPositions: number;
    meetings: number;
    meetingInvitees: number;
    attendance: number;
    minutes: number;
    minutesAmendments: number;
    trainingSessions: number;
    trainingHours: number;
    positionBookings: number;
    lifeContactEvents: number;
  };
}

export async function seedLife(trx: Kysely<Database>, opts: LifePhaseOptions): Promise<LifePhaseResult> {
  const lastEvent = await trx.selectFrom('contact_event').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
  const firstEvent = Number(lastEvent?.id ?? 0);
  const c: Ctx = {
    w: new Writer(opts.bulk),
    today: opts.today,
    now: opts.now,
    scope: opts.scope,
    contactFrom: opts.scope === 'full' ? '0000-01-01' : addMonths(opts.today, -2),
    ids: { position: 0, meeting: 0, invitee: 0, attendance: 0, minutes: 0, amendment: 0, session: 0, hours: 0, booking: 0, event: firstEvent },
    positions: new Map(),
  };
  planPositions(c, opts.rng.derive('positions'), opts.plan);
  const holders = opts.plan.all;
  let done = 0;
  // The holders' queries read none of these tables: their indexes are built once at the end.
  await withoutIndexes({ dialect: opts.dialect }, trx, ['meeting', 'meeting_invitee', 'attendance', 'minutes', 'contact_event', 'position_booking'], async () => {
    for (const node of holders) {
      await holderLife(c, trx, opts.rng.derive(`t${node.id}`), node);
      done++;
      if (await c.w.flushIfFull()) opts.onProgress?.(done, holders.length, 'life');
    }
    await c.w.flush();
  });
  opts.onProgress?.(done, holders.length, 'life');

  // The members' last contact moves forward to their latest meeting (as recordContact does).
  await sql`update member set last_contact_on = (select max(ce.happened_on) from contact_event ce where ce.member_id = member.id)
    where exists (select 1 from contact_event ce where ce.member_id = member.id and ce.id > ${firstEvent}
      and (member.last_contact_on is null or ce.happened_on > member.last_contact_on))`.execute(trx);

  const n = c.w.counts;
  return {
    counts: {
      activityPositions: n.activity_position,
      meetings: n.meeting,
      meetingInvitees: n.meeting_invitee,
      attendance: n.attendance,
      minutes: n.minutes,
      minutesAmendments: n.minutes_amendment,
      trainingSessions: n.training_session,
      trainingHours: n.training_hours,
      positionBookings: n.position_booking,
      lifeContactEvents: n.contact_event,
    },
  };
}
