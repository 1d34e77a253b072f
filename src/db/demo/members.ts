/**
 * The members phase of the demo generator: the registry behind the
 * organizations written by orgs.ts. Every active organization that covers
 * units gets the units' surveyed party members as registered full members
 * (a gap of 1–2 "members still to be found" for about a fifth of the units),
 * the people in its posts among them; about a third of the branches have
 * people in development (applicants, activists, candidates, probationary and
 * recently converted members) with a step history that the pipeline rules
 * (src/domain/pipeline.ts) accept; some members are away (mobile records and
 * reports), some have lost contact (cases and search efforts), some transfer.
 * The street and district committees register their own staff.
 *
 * Rows look as the app writes them: persons with the resident ID encrypted
 * and hashed by the installation's vault, member rows whose stage dates are
 * what the pipeline derives from the history, contact events behind every
 * last contact.
 *
 * Where members belong: branches and joint branches hold their members; the
 * members of a unit with a committee or general branch sit in its department
 * branches (the committee's own post holders in the first of them), so the
 * committee's count stays the sum of its branches rather than a partial one.
 *
 * Streaming: the organizations are read back one holder (street or area) at a
 * time, like orgs.ts does; nothing is kept between holders but counters, the
 * street committees' names, a small reservoir of organizations for transfers
 * and hosts, and the resident-ID sequence counters (a typed array). Every
 * holder draws from streams of its own (`rng.derive('t<id>')` / 'people' |
 * 'development' | 'away'); dates are relative to the clock's today, so another
 * clock moves them.
 */
import { sql, type Insertable, type Kysely } from 'kysely';
import { addDays, addMonths, addYears } from '../../domain/dates.js';
import { residentIdCheckChar } from '../../domain/ids.js';
import { letterNo, letterValidUntil, lostContactSince, SEARCH_METHODS, suspendableFrom, type EducationLevel } from '../../domain/members.js';
import { pipelineState, type RecordKind, type Stage, type StepRow } from '../../domain/pipeline.js';
import { DEVELOPMENT_RULES_V2014 } from '../../domain/rulesets.js';
import { afterNotice } from '../../domain/workdays.js';
import type { Vault } from '../../server/crypto.js';
import type { BulkInserter } from '../bulk.js';
import type { Database } from '../schema.js';
import { dayOf, DISTRICT_ID, isoDay, MAX_BATCH_ROWS, pad } from './common.js';
import type { TerritoryNode, TerritoryPlan } from './generate.js';
import * as N from './names.js';
import { hash32, type Random } from './random.js';

// ---------------------------------------------------------------- shares

/** Units whose registry is short of the survey by 1–2 members. */
const GAP_SHARE = 0.2;
/** Branches (old enough, with 3+ full members) that have people in development. */
const DEVELOPMENT_SHARE = 1 / 3;
/** Other branches with one probationary member. */
const LONE_PROBATIONARY_SHARE = 0.06;
/** What happens to an ordinary full member (cumulative bands of one draw). */
const FATES = [
  ['mobile', 0.03],
  ['mobile_returned', 0.006],
  ['lost', 0.01],
  ['transfer_open', 0.004],
  ['transfer_in', 0.012],
  ['transfer_undone', 0.002],
] as const;
/** Members who transferred out of the district (closed records), per full member. */
const TRANSFERRED_OUT_SHARE = 0.003;

const RULES = DEVELOPMENT_RULES_V2014;
const OLDEST_BIRTH = '1955-01-01';
const YOUNGEST_BIRTH = '2004-12-31';

// ---------------------------------------------------------------- options

export interface MemberPhaseOptions {
  /** Where the phase's rows go (src/db/bulk.ts). */
  bulk: BulkInserter;
  /** `rng.derive('members')` of the seed. */
  rng: Random;
  plan: TerritoryPlan;
  vault: Vault;
  /** The district's "today" (YYYY-MM-DD), from the clock. */
  today: string;
  now: string;
  /** The last person id written by the organizations phase. */
  lastPersonId: number;
  /** secretary1's branch, and member1's name (a member of that branch). */
  showcase: { orgId: number; memberName: string };
  onProgress?: ((done: number, total: number, phase: string) => void) | undefined;
}

export interface MemberPhaseResult {
  counts: Record<string, number>;
  /** Persons behind the secretary1 and member1 accounts. */
  secretaryPersonId: number;
  memberPersonId: number;
}

// ---------------------------------------------------------------- rows read back

interface OrgRow {
  id: number;
  parent_id: number | null;
  kind: string;
  formation_mode: string;
  name: string;
  path: string;
  territory_id: number;
  territory_path: string;
  founded_on: string;
}

interface UnitRow {
  org_id: number;
  unit_id: number;
  surveyed: number;
  kind: string;
  ownership: string;
  industry: string;
}

interface PostRow {
  org_id: number;
  post: string;
  person_id: number;
  name: string;
  gender: string | null;
  employer_unit_id: number | null;
  unit_position: string | null;
  in_unit_management: number;
  full_member_since: string | null;
}

const ORG_COLUMNS = ['id', 'parent_id', 'kind', 'formation_mode', 'name', 'path', 'territory_id', 'territory_path', 'founded_on'] as const;

// ---------------------------------------------------------------- resident IDs

const ID_REGIONS: readonly string[] = [N.DISTRICT_DIVISION_CODE, ...N.RESIDENT_REGIONS];
const ID_FIRST_DAY = dayOf('1940-01-01');
const ID_DAYS = dayOf('2011-01-01') - ID_FIRST_DAY;

/**
 * Unique GB 11643 resident IDs without remembering the IDs given: one counter
 * per (region, birth date, gender) in a typed array; the n-th person of a
 * bucket gets the n-th sequence number of a rotation fixed by the bucket.
 */
class ResidentIds {
  private readonly counts = new Uint16Array(ID_REGIONS.length * ID_DAYS * 2);

  next(region: string, birth: string, male: boolean): string {
    const ri = ID_REGIONS.indexOf(region);
    const day = dayOf(birth) - ID_FIRST_DAY;
    if (ri < 0 || day < 0 || day >= ID_DAYS) throw new RangeError(`no resident ID for ${region} / ${birth}`);
    const slot = ((ri * ID_DAYS + day) << 1) | (male ? 1 : 0);
    const n = this.counts[slot]!;
    if (n >= 499) throw new RangeError(`resident ID sequence exhausted for ${region} / ${birth}`);
    this.counts[slot] = n + 1;
    const raw = (hash32(region + birth) + n) % 499;
    // The 17th digit: odd for men, even for women.
    const body = region + birth.replaceAll('-', '') + pad(raw * 2 + (male ? 1 : 2), 3);
    return body + residentIdCheckChar(body);
  }
}

// ---------------------------------------------------------------- writing

/** The phase's tables, in the order it writes them (parents first). */
export const MEMBER_TABLES = [
  'person',
  'member',
  'development_step',
  'transfer',
  'mobile_record',
  'mobile_report',
  'contact_event',
  'lost_contact_case',
  'lost_contact_effort',
] as const;
type MemberTable = (typeof MEMBER_TABLES)[number];

interface PersonUpdate {
  id: number;
  enc: string;
  hash: string;
  birth: string;
  ethnicity: string;
  education: string;
}

/** Buffers the phase's rows and writes them table by table in dependency order, in multi-row batches. */
class Writer {
  private rows: { [K in MemberTable]: Insertable<Database[K]>[] } = {
    person: [],
    member: [],
    development_step: [],
    transfer: [],
    mobile_record: [],
    mobile_report: [],
    contact_event: [],
    lost_contact_case: [],
    lost_contact_effort: [],
  };
  private updates: PersonUpdate[] = [];
  readonly counts = Object.fromEntries(MEMBER_TABLES.map((t) => [t, 0])) as Record<MemberTable, number>;
  updated = 0;

  constructor(
    private readonly trx: Kysely<Database>,
    private readonly bulk: BulkInserter,
  ) {}

  add<K extends MemberTable>(table: K, row: Insertable<Database[K]>): void {
    (this.rows[table] as Insertable<Database[K]>[]).push(row);
  }

  /** Personal data for a person the organizations phase wrote (a post holder who is a member). */
  update(u: PersonUpdate): void {
    this.updates.push(u);
  }

  async flushIfFull(): Promise<boolean> {
    if (this.updates.length < MAX_BATCH_ROWS && MEMBER_TABLES.every((t) => this.rows[t].length < MAX_BATCH_ROWS)) return false;
    await this.flush();
    return true;
  }

  async flush(): Promise<void> {
    for (let i = 0; i < this.updates.length; i += 200) {
      // UPDATE ... FROM (VALUES ...): one statement per batch in both dialects (their VALUES columns are column1, column2, ...).
      const values = this.updates
        .slice(i, i + 200)
        .map((u) => sql`(cast(${u.id} as bigint), ${u.enc}, ${u.hash}, ${u.birth}, ${u.ethnicity}, ${u.education})`);
      await sql`update person set resident_id_enc = v.column2, resident_id_hash = v.column3, birth_date = v.column4,
          ethnicity = v.column5, education = v.column6
        from (values ${sql.join(values)}) as v where person.id = v.column1`.execute(this.trx);
    }
    this.updated += this.updates.length;
    this.updates = [];
    for (const table of MEMBER_TABLES) {
      const rows = this.rows[table];
      if (rows.length === 0) continue;
      await this.bulk.insert(table, rows as Record<string, unknown>[]);
      this.counts[table] += rows.length;
      this.rows[table] = [];
    }
  }
}

// ---------------------------------------------------------------- context

interface Ctx {
  w: Writer;
  vault: Vault;
  residentIds: ResidentIds;
  today: string;
  now: string;
  ids: { person: number; member: number; step: number; transfer: number; mobile: number; report: number; event: number; lostCase: number; effort: number };
  /** Letters of transfer handed out per year. */
  letters: Map<number, number>;
  /** Active branches of holders already done: destinations of transfers within the district, hosts of mobile members. */
  reservoir: { id: number; name: string }[];
  /** Names of each street committee's members (approval talks), by territory id. */
  streetPeople: Map<number, string[]>;
  stages: Record<Stage, number>;
  showcase: { orgId: number; memberName: string; secretaryPersonId: number | null; memberPersonId: number | null };
}

/** A full member of an organization, as mentors, sponsors and votes need them. */
interface Full {
  personId: number;
  name: string;
  fullOn: string;
  /** Joined this organization by a transfer (not a long-standing member of it). */
  transferredIn: boolean;
}

/** One holder's organizations and the members written for them so far. */
interface Holder {
  street: TerritoryNode;
  /** Full members per organization. */
  full: Map<number, Full[]>;
  /** Registered full members per unit (people in development are placed only where some exist). */
  registered: Map<number, number>;
  /** Units each member organization draws its people from. */
  units: Map<number, UnitRow[]>;
  /** Names of the party groups of each organization. */
  groups: Map<number, string[]>;
}

const between = (r: Random, from: string, to: string): string => (to <= from ? from : isoDay(r.int(dayOf(from), dayOf(to))));
const later = (a: string, b: string) => (a > b ? a : b);
const phone = (r: Random) => r.pick(N.PHONE_PREFIXES) + pad(r.int(0, 99_999_999), 8);

function genderOfName(name: string): N.Gender {
  return (N.GIVEN_FEMALE as readonly string[]).includes(name.slice(-1)) ? 'female' : 'male';
}

// ---------------------------------------------------------------- people

interface Personal {
  birth: string;
  enc: string;
  hash: string;
  ethnicity: string;
  education: EducationLevel;
}

/** Education by birth year: the younger, the more degrees. */
function education(r: Random, birth: string, tier: N.MemberRole['tier'] | 'regional'): EducationLevel {
  const year = Number(birth.slice(0, 4));
  const young = year >= 1985;
  const high = tier === 'decision' || tier === 'technical' || tier === 'regional';
  return r.weighted<EducationLevel>([
    ['primary', young ? 0 : 1],
    ['junior_high', young ? 2 : 7],
    ['senior_high', young ? 5 : 12],
    ['secondary_vocational', young ? 6 : 10],
    ['junior_college', young ? 24 : 28],
    ['bachelor', high ? 48 : 38],
    ['master', high ? 14 : young ? 8 : 4],
    ['doctorate', high ? 2 : 0.3],
  ]);
}

/** The resident ID (encrypted and hashed as the app does), ethnicity and education of a person born on `birth`. */
function personal(c: Ctx, r: Random, birth: string, gender: string, tier: N.MemberRole['tier'] | 'regional'): Personal {
  const region = r.chance(0.7) ? N.DISTRICT_DIVISION_CODE : r.pick(N.RESIDENT_REGIONS);
  const id = c.residentIds.next(region, birth, gender !== 'female');
  return { birth, enc: c.vault.encrypt(id), hash: c.vault.hash(id), ethnicity: r.weighted(N.ETHNICITIES), education: education(r, birth, tier) };
}

/** A birth date for someone admitted on `admitted` (18–45 then), within the generator's birth range. */
function birthBefore(r: Random, admitted: string, minAge = 18, maxAge = 45): string {
  const latest = addDays(addYears(admitted, -minAge), -1);
  const earliest = addYears(admitted, -maxAge);
  const from = later(earliest, OLDEST_BIRTH);
  const to = latest < YOUNGEST_BIRTH ? latest : YOUNGEST_BIRTH;
  return to < from ? from : between(r, from, to);
}

/** A working-age birth date, from fixed bands (not relative to the clock). */
function workingBirth(r: Random): string {
  const [from, to] = r.weighted([
    [[1958, 1964], 5],
    [[1965, 1974], 17],
    [[1975, 1984], 28],
    [[1985, 1994], 33],
    [[1995, 2004], 17],
  ] as const);
  return between(r, `${from}-01-01`, `${to}-12-31`);
}

function roleFor(r: Random, u: UnitRow | null, birth: string, today: string): N.MemberRole {
  if (u === null) return { position: '专职党务工作者', occupation: 'other', tier: 'staff' };
  if (Number(today.slice(0, 4)) - Number(birth.slice(0, 4)) >= 63 && r.chance(0.6)) return N.ROLE_RETIRED;
  if (u.ownership === 'individual') return r.pick(N.ROLES_INDIVIDUAL);
  if (u.industry === 'A' && r.chance(0.6)) return r.pick(N.ROLES_FARMING);
  const roles = u.kind === 'social_org' ? N.ROLES_SOCIAL : N.ROLES_ENTERPRISE;
  const manual = ['C', 'E', 'G', 'H'].includes(u.industry) ? 22 : 6;
  const tier = r.weighted([
    ['decision', 4],
    ['middle', 13],
    ['technical', 27],
    ['staff', 32],
    ['workers', manual],
  ] as const);
  return r.pick(roles[tier]);
}

/** The "three steps" flags a role implies (key posts also among the technical staff). */
function flagsOf(r: Random, role: N.MemberRole) {
  return {
    is_key_post: role.tier === 'decision' || (role.tier === 'middle' ? r.chance(0.6) : role.tier === 'technical' ? r.chance(0.35) : r.chance(0.05)) ? 1 : 0,
    is_technical_backbone: role.tier === 'technical' || (role.tier === 'middle' && r.chance(0.2)) ? 1 : 0,
    is_middle_management: role.tier === 'middle' ? 1 : 0,
    is_decision_level: role.tier === 'decision' ? 1 : 0,
  };
}

interface PersonSpec {
  org: OrgRow;
  unit: UnitRow | null;
  name: string;
  gender: string;
  role: N.MemberRole;
  personal: Personal;
  fullMemberSince: string | null;
}

function addPerson(c: Ctx, r: Random, s: PersonSpec): number {
  const id = ++c.ids.person;
  c.w.add('person', {
    id,
    district_id: DISTRICT_ID,
    territory_id: s.org.territory_id,
    territory_path: s.org.territory_path,
    name: s.name,
    gender: s.gender,
    phone: phone(r),
    employer_unit_id: s.unit?.unit_id ?? null,
    unit_position: s.role.position,
    in_unit_management: s.role.tier === 'decision' && s.unit !== null ? 1 : 0,
    full_member_since: s.fullMemberSince,
    resident_id_enc: s.personal.enc,
    resident_id_hash: s.personal.hash,
    birth_date: s.personal.birth,
    ethnicity: s.personal.ethnicity,
    education: s.personal.education,
    created_at: c.now,
    updated_at: c.now,
  });
  return id;
}

interface MemberSpec {
  personId: number;
  org: OrgRow;
  stage: Stage;
  status?: 'active' | 'suspended' | 'closed';
  closedOn?: string | null;
  closedReason?: string | null;
  occupation: string;
  position: string | null;
  flags: ReturnType<typeof flagsOf>;
  dates: { appliedOn: string | null; activistOn: string | null; candidateOn: string | null; admittedOn: string | null; probationUntil: string | null; fullOn: string | null };
  isMobile: boolean;
  lastContactOn: string | null;
}

function addMember(c: Ctx, id: number, m: MemberSpec): void {
  c.w.add('member', {
    id,
    district_id: DISTRICT_ID,
    person_id: m.personId,
    party_org_id: m.org.id,
    org_path: m.org.path,
    territory_path: m.org.territory_path,
    stage: m.stage,
    status: m.status ?? 'active',
    closed_on: m.closedOn ?? null,
    closed_reason: m.closedReason ?? null,
    occupation: m.occupation,
    position: m.position,
    ...m.flags,
    applied_on: m.dates.appliedOn,
    activist_on: m.dates.activistOn,
    candidate_on: m.dates.candidateOn,
    admitted_on: m.dates.admittedOn,
    full_on: m.dates.fullOn,
    probation_until: m.dates.probationUntil,
    is_mobile: m.isMobile ? 1 : 0,
    last_contact_on: m.lastContactOn,
    created_at: c.now,
    updated_at: c.now,
  });
  if (m.status !== 'closed') c.stages[m.stage]++;
}

function addEvent(c: Ctx, memberId: number, kind: string, on: string, note: string | null, sourceId: number | null): void {
  c.w.add('contact_event', { id: ++c.ids.event, district_id: DISTRICT_ID, member_id: memberId, kind, happened_on: on, note, source_id: sourceId, created_at: c.now });
}

/** Ordinary contact: a logged contact in the last four months, sometimes an earlier one too. Returns the last contact. */
function ordinaryContact(c: Ctx, r: Random, memberId: number, notBefore: string | null): string {
  let last = addDays(c.today, -r.int(2, 120));
  if (notBefore && last < notBefore) last = notBefore;
  if (r.chance(0.3)) {
    const earlier = addDays(last, -r.int(20, 120));
    if (!notBefore || earlier >= notBefore) addEvent(c, memberId, 'contact_log', earlier, r.pick(N.CONTACT_NOTES), null);
  }
  addEvent(c, memberId, 'contact_log', last, r.pick(N.CONTACT_NOTES), null);
  return last;
}

function nextLetter(c: Ctx, on: string): string {
  const year = Number(on.slice(0, 4));
  const n = (c.letters.get(year) ?? 0) + 1;
  c.letters.set(year, n);
  return letterNo(DISTRICT_ID, year, n);
}

function addTransfer(
  c: Ctx,
  t: {
    memberId: number;
    from: number;
    to: number | null;
    destination: string | null;
    crossProvince: boolean;
    reason: string;
    status: 'requested' | 'sent' | 'received' | 'returned' | 'withdrawn';
    requestedOn: string;
    sentOn?: string | null;
    receivedOn?: string | null;
    returnedOn?: string | null;
    returnReason?: string | null;
    withdrawnOn?: string | null;
  },
): number {
  const id = ++c.ids.transfer;
  const sent = t.sentOn ?? null;
  c.w.add('transfer', {
    id,
    district_id: DISTRICT_ID,
    member_id: t.memberId,
    from_org_id: t.from,
    to_org_id: t.to,
    destination: t.destination,
    cross_province: t.crossProvince ? 1 : 0,
    letter_no: sent ? nextLetter(c, sent) : null,
    valid_until: sent ? letterValidUntil(sent, t.crossProvince) : null,
    reason: t.reason,
    status: t.status,
    requested_on: t.requestedOn,
    sent_on: sent,
    received_on: t.receivedOn ?? null,
    returned_on: t.returnedOn ?? null,
    return_reason: t.returnReason ?? null,
    withdrawn_on: t.withdrawnOn ?? null,
    created_at: c.now,
    updated_at: c.now,
  });
  return id;
}

/** Another active branch of the district (already written), or null. */
function otherOrg(c: Ctx, r: Random, not: number): { id: number; name: string } | null {
  const choices = c.reservoir.filter((o) => o.id !== not);
  return choices.length ? r.pick(choices) : null;
}

type Fate = (typeof FATES)[number][0] | 'ordinary';

/**
 * The life of a full member since their admission, as the registry shows it:
 * contacts, and for a few of them a mobile record with reports, lost contact
 * with a case, or transfers. Writes the member row.
 */
function fullMemberLife(c: Ctx, r: Random, memberId: number, base: Omit<MemberSpec, 'isMobile' | 'lastContactOn'>, fate: Fate, full: Full): void {
  const today = c.today;
  const org = base.org;
  let isMobile = false;
  let last: string;
  let status: MemberSpec['status'] = 'active';
  switch (fate) {
    case 'mobile':
    case 'mobile_returned': {
      const id = ++c.ids.mobile;
      const returned = fate === 'mobile_returned';
      const leftOn = addDays(today, -r.int(returned ? 120 : 20, 600));
      const host = r.chance(0.25) ? otherOrg(c, r, org.id) : null;
      const destination = host ? `本区（${host.name}）` : r.pick(N.MOBILE_DESTINATIONS);
      const returnedOn = returned ? between(r, addDays(leftOn, 60), addDays(today, -5)) : null;
      c.w.add('mobile_record', {
        id,
        district_id: DISTRICT_ID,
        member_id: memberId,
        destination,
        reason: r.weighted([
          ['务工', 70],
          ['经商', 30],
        ] as const),
        left_on: leftOn,
        expected_until: r.chance(0.7) ? addYears(leftOn, r.int(1, 3)) : null,
        certificate_no: r.chance(0.6) ? `LD${leftOn.slice(0, 4)}${pad(id, 5)}` : null,
        host_org_id: host?.id ?? null,
        mode: host ? 'affiliated' : r.weighted([
          ['centralized', 60],
          ['affiliated', 25],
        ] as const),
        report_every_months: 3,
        returned_on: returnedOn,
        created_at: c.now,
        updated_at: c.now,
      });
      addEvent(c, memberId, 'mobile_leave', leftOn, destination, id);
      last = leftOn;
      // Reports about every 3 months; about a third stopped reporting (overdue).
      const end = returnedOn ?? today;
      const stopAfter = !returned && r.chance(0.35) ? addDays(addMonths(today, -3), -r.int(5, 90)) : end;
      for (let k = 1; k < 40; k++) {
        const on = addDays(addMonths(leftOn, 3 * k), -r.int(0, 12));
        if (on > end || on > stopAfter) break;
        const reportId = ++c.ids.report;
        c.w.add('mobile_report', {
          id: reportId,
          district_id: DISTRICT_ID,
          mobile_record_id: id,
          member_id: memberId,
          reported_on: on,
          location: host ? null : destination,
          content: r.pick(N.MOBILE_REPORT_TEXTS),
          created_at: c.now,
        });
        addEvent(c, memberId, 'report', on, null, reportId);
        last = on;
      }
      if (returnedOn) {
        addEvent(c, memberId, 'mobile_return', returnedOn, null, id);
        last = later(last, returnedOn);
      }
      isMobile = !returned;
      break;
    }
    case 'lost': {
      last = addDays(addMonths(today, -6), -r.int(5, 420));
      addEvent(c, memberId, 'contact_log', last, r.pick(N.CONTACT_NOTES), null);
      const flagged = lostContactSince(last, today);
      if (flagged && r.chance(0.45)) {
        const caseId = ++c.ids.lostCase;
        const opened = between(r, flagged, addDays(today, -3));
        const efforts = Array.from({ length: r.int(1, 3) }, () => between(r, opened, today)).sort();
        for (const tried of efforts) {
          c.w.add('lost_contact_effort', {
            id: ++c.ids.effort,
            district_id: DISTRICT_ID,
            case_id: caseId,
            tried_on: tried,
            method: r.pick(SEARCH_METHODS),
            outcome: r.pick(N.LOST_CONTACT_OUTCOMES),
            recorded_by: null,
            created_at: c.now,
          });
        }
        const suspendable = suspendableFrom(opened, last);
        let decision: string | null = null;
        let decidedOn: string | null = null;
        let note: string | null = null;
        let caseStatus = 'open';
        const x = r.next();
        if (x < 0.3 && suspendable <= today && efforts[0]! <= suspendable) {
          decision = 'suspend_membership';
          decidedOn = between(r, suspendable, today);
          note = N.SUSPENSION_NOTE;
          caseStatus = 'suspended';
          status = 'suspended';
        } else if (x < 0.55) {
          decision = 'keep_searching';
          decidedOn = between(r, efforts[0]!, today);
          note = r.pick(N.LOST_CONTACT_NOTES);
        }
        c.w.add('lost_contact_case', {
          id: caseId,
          district_id: DISTRICT_ID,
          member_id: memberId,
          opened_on: opened,
          status: caseStatus,
          decision,
          decided_on: decidedOn,
          decision_note: note,
          created_at: c.now,
          updated_at: c.now,
        });
      }
      break;
    }
    case 'transfer_in': {
      const from = otherOrg(c, r, org.id);
      let received: string | null = null;
      if (from) {
        received = later(addDays(today, -r.int(30, 900)), addDays(base.dates.admittedOn!, 60));
        const sent = addDays(received, -r.int(3, 40));
        const id = addTransfer(c, {
          memberId,
          from: from.id,
          to: org.id,
          destination: null,
          crossProvince: false,
          reason: r.pick(N.TRANSFER_REASONS_WITHIN),
          status: 'received',
          requestedOn: addDays(sent, -r.int(1, 10)),
          sentOn: sent,
          receivedOn: received,
        });
        addEvent(c, memberId, 'transfer', received, null, id);
        full.transferredIn = true;
      }
      last = ordinaryContact(c, r, memberId, received);
      break;
    }
    case 'transfer_open':
    case 'transfer_undone': {
      const to = r.chance(0.6) ? otherOrg(c, r, org.id) : null;
      const [destination, cross] = to ? [null, false] : r.pick(N.TRANSFER_DESTINATIONS);
      const reason = r.pick(to ? N.TRANSFER_REASONS_WITHIN : N.TRANSFER_REASONS_OUT);
      const common = { memberId, from: org.id, to: to?.id ?? null, destination, crossProvince: cross, reason };
      if (fate === 'transfer_open') {
        if (r.chance(0.45)) {
          addTransfer(c, { ...common, status: 'requested', requestedOn: addDays(today, -r.int(1, 25)) });
        } else {
          const requested = addDays(today, -r.int(10, 150));
          addTransfer(c, { ...common, status: 'sent', requestedOn: requested, sentOn: addDays(requested, r.int(1, 7)) });
        }
      } else {
        const requested = later(addDays(today, -r.int(100, 700)), addDays(base.dates.admittedOn!, 30));
        if (r.chance(0.5)) {
          addTransfer(c, { ...common, status: 'withdrawn', requestedOn: requested, withdrawnOn: addDays(requested, r.int(3, 40)) });
        } else {
          const sent = addDays(requested, r.int(1, 7));
          addTransfer(c, { ...common, status: 'returned', requestedOn: requested, sentOn: sent, returnedOn: addDays(sent, r.int(5, 30)), returnReason: r.pick(N.TRANSFER_RETURN_REASONS) });
        }
      }
      last = ordinaryContact(c, r, memberId, null);
      break;
    }
    default:
      last = ordinaryContact(c, r, memberId, null);
  }
  addMember(c, memberId, { ...base, status, isMobile, lastContactOn: last });
}

/** A member who transferred out of the district: the record is closed, the letter received. */
function transferredOut(c: Ctx, r: Random, org: OrgRow, unit: UnitRow): void {
  const gender = r.chance(0.4) ? 'female' : 'male';
  const birth = workingBirth(r);
  const admitted = admissionDay(r, birth, c.today);
  const fullOn = addYears(admitted, 1);
  const [destination, cross] = r.pick(N.TRANSFER_DESTINATIONS);
  const requested = later(addDays(c.today, -r.int(60, 1500)), addDays(fullOn, 30));
  const sent = addDays(requested, r.int(1, 7));
  const received = addDays(sent, r.int(5, 60));
  if (received > c.today) return;
  const role = roleFor(r, unit, birth, c.today);
  const personId = addPerson(c, r, { org, unit, name: N.personName(r, gender), gender, role, personal: personal(c, r, birth, gender, role.tier), fullMemberSince: fullOn });
  const memberId = ++c.ids.member;
  addTransfer(c, { memberId, from: org.id, to: null, destination, crossProvince: cross, reason: r.pick(N.TRANSFER_REASONS_OUT), status: 'received', requestedOn: requested, sentOn: sent, receivedOn: received });
  addEvent(c, memberId, 'contact_log', sent, '办理组织关系转出手续', null);
  addMember(c, memberId, {
    personId,
    org,
    stage: 'full',
    status: 'closed',
    closedOn: received,
    closedReason: 'transferred_out',
    occupation: role.occupation,
    position: role.position,
    flags: flagsOf(r, role),
    dates: registryDates(admitted),
    isMobile: false,
    lastContactOn: sent,
  });
}

/** Stage dates of a full member registered directly (as the registry's create form leaves them: no probation end). */
function registryDates(admitted: string): MemberSpec['dates'] {
  return { appliedOn: null, activistOn: null, candidateOn: null, admittedOn: admitted, probationUntil: null, fullOn: addYears(admitted, 1) };
}

/** Admitted (the branch vote) between 18 and 45, full at least a month before today. */
function admissionDay(r: Random, birth: string, today: string): string {
  const earliest = addDays(addYears(birth, 18), 1);
  const latest = addMonths(today, -13);
  const cap = addYears(birth, 45) < latest ? addYears(birth, 45) : latest;
  if (cap <= earliest) return earliest;
  const span = dayOf(cap) - dayOf(earliest);
  return addDays(earliest, Math.floor(span * r.next() ** 1.6));
}

// ---------------------------------------------------------------- full members

/** A registered full member of `org` employed at `unit` (the registry, no development history). */
function addFullMember(c: Ctx, r: Random, ar: Random, h: Holder, org: OrgRow, unit: UnitRow, fate: Fate, name?: string): Full {
  const gender = name ? genderOfName(name) : r.chance(0.4) ? 'female' : 'male';
  const birth = workingBirth(r);
  const admitted = admissionDay(r, birth, c.today);
  const fullOn = addYears(admitted, 1);
  const role = roleFor(r, unit, birth, c.today);
  const personName = name ?? N.personName(r, gender);
  const personId = addPerson(c, r, { org, unit, name: personName, gender, role, personal: personal(c, r, birth, gender, role.tier), fullMemberSince: fullOn });
  const full: Full = { personId, name: personName, fullOn, transferredIn: false };
  fullMemberLife(
    c,
    ar,
    ++c.ids.member,
    {
      personId,
      org,
      stage: 'full',
      occupation: role.occupation,
      position: role.position,
      flags: flagsOf(r, role),
      dates: registryDates(admitted),
    },
    fate,
    full,
  );
  memberList(h, org.id).push(full);
  h.registered.set(unit.unit_id, (h.registered.get(unit.unit_id) ?? 0) + 1);
  return full;
}

function memberList(h: Holder, orgId: number): Full[] {
  let list = h.full.get(orgId);
  if (!list) h.full.set(orgId, (list = []));
  return list;
}

const MANAGEMENT_POSITIONS = new Set<string>([...N.ENTERPRISE_MANAGEMENT, ...N.SOCIAL_MANAGEMENT]);
const MIDDLE_POSITIONS = new Set(['项目经理', '办公室主任', '行政主管', '销售主管', '客服主管', '护理主管', '项目主管']);
const TECHNICAL_POSITIONS = new Set(['工程师', '技术员', '会计', '教师', '社工']);

/** A post holder (a person the organizations phase wrote) registered as a full member: their personal data and member row. */
function addPostHolder(c: Ctx, r: Random, ar: Random, h: Holder, org: OrgRow, p: PostRow, regional: boolean): void {
  const fullOn = p.full_member_since ?? addYears(c.today, -10);
  const admitted = addYears(fullOn, -1);
  const gender = p.gender ?? 'male';
  const birth = birthBefore(r, admitted, 20, 40);
  const position = p.unit_position;
  const tier: N.MemberRole['tier'] =
    p.in_unit_management === 1 || (position !== null && MANAGEMENT_POSITIONS.has(position))
      ? 'decision'
      : position !== null && MIDDLE_POSITIONS.has(position)
        ? 'middle'
        : position !== null && TECHNICAL_POSITIONS.has(position)
          ? 'technical'
          : 'staff';
  const data = personal(c, r, birth, gender, regional ? 'regional' : tier);
  c.w.update({ id: p.person_id, enc: data.enc, hash: data.hash, birth: data.birth, ethnicity: data.ethnicity, education: data.education });
  const full: Full = { personId: p.person_id, name: p.name, fullOn, transferredIn: false };
  const occupation = regional ? 'party_state_staff' : tier === 'decision' || tier === 'middle' ? 'manager' : tier === 'technical' ? 'professional' : 'other';
  const memberId = ++c.ids.member;
  fullMemberLife(
    c,
    ar,
    memberId,
    {
      personId: p.person_id,
      org,
      stage: 'full',
      occupation,
      position,
      flags: regional ? { is_key_post: 0, is_technical_backbone: 0, is_middle_management: 0, is_decision_level: 0 } : flagsOf(r, { position: position ?? '', occupation: 'other', tier }),
      dates: registryDates(admitted),
    },
    'ordinary',
    full,
  );
  memberList(h, org.id).push(full);
  if (p.employer_unit_id !== null) h.registered.set(p.employer_unit_id, (h.registered.get(p.employer_unit_id) ?? 0) + 1);
  if (org.id === c.showcase.orgId && p.post === 'secretary') c.showcase.secretaryPersonId = p.person_id;
}

// ---------------------------------------------------------------- development

interface Rec {
  step: RecordKind;
  on: string;
  data: Record<string, unknown>;
  /** Filled once the dates are final: the people named, or the vote counts. */
  fill?: 'mentors' | 'sponsors' | 'vote';
}

const BASE = '2001-01-01';

/**
 * A whole development, application to archiving, on a calendar starting at
 * BASE: every period with a margin (12 months as ≥ 368 days, 3 months as
 * ≤ 85, 1 month as ≤ 25), so that moving the whole history by whole weeks
 * keeps every rule, notices' working days included.
 */
function developmentPlan(r: Random, talkBy: string, approvalBy: string, groups: string[]): Rec[] {
  const d = (from: string, min: number, max: number) => addDays(from, r.int(min, max));
  const out: Rec[] = [];
  const push = (step: RecordKind, on: string, data: Record<string, unknown> = {}, fill?: Rec['fill']) => {
    out.push(fill ? { step, on, data, fill } : { step, on, data });
    return on;
  };
  const maxOf = (...xs: string[]) => xs.reduce((a, b) => (a > b ? a : b));

  const A = push('application', BASE);
  const talk = push('talk', d(A, 3, 25), { by: talkBy });
  const n1 = push('notice', d(talk, 20, 150), { for: 'activist' });
  const an = push('activist_nomination', d(afterNotice(n1, RULES.noticeWorkingDays), 0, 10), r.chance(0.8) ? { method: r.pick(['member_recommendation', 'group_recommendation'] as const) } : {});
  push('activist_filing', d(an, 3, 20));
  push('mentors', d(an, 1, 15), {}, 'mentors');
  push('assessment', d(an, 150, 175), { result: r.pick(N.ASSESSMENT_RESULTS) });
  push('assessment', d(an, 330, 355), { result: r.pick(N.ASSESSMENT_RESULTS) });
  const cdTarget = d(an, 368, 410);
  const n2 = push('notice', addDays(cdTarget, -r.int(7, 15)), { for: 'candidate' });
  const cd = push('candidate_decision', maxOf(cdTarget, afterNotice(n2, RULES.noticeWorkingDays)));
  const filing = push('candidate_filing', d(cd, 3, 20));
  const sponsors = push('sponsors', d(cd, 1, 15), {}, 'sponsors');
  const review = push('political_review', d(cd, 10, 60), { qualified: true, conclusion: N.POLITICAL_REVIEW_CONCLUSION });
  let trained: string;
  if (r.chance(0.3)) {
    push('training', d(cd, 5, 40), { hours: r.int(12, 16) });
    trained = push('training', d(cd, 41, 80), { hours: r.int(12, 16) });
  } else {
    trained = push('training', d(cd, 5, 80), r.chance(0.6) ? { hours: r.int(24, 40) } : { days: r.int(3, 5) });
  }
  const committee = push('committee_review', d(maxOf(filing, sponsors, review, trained), 3, 20));
  const pre = push('pre_review', d(committee, 5, 20));
  const form = push('application_form', d(pre, 3, 15));
  const n3 = push('notice', d(form, 1, 10), { for: 'admission' });
  const bv = push('branch_vote', d(afterNotice(n3, RULES.noticeWorkingDays), 0, 10), {}, 'vote');
  const talk2 = push('approval_talk', d(bv, 5, 30), { by: approvalBy });
  const ap = push('approval', d(talk2, 3, 25));
  push('org_dept_filing', d(ap, 5, 30));
  push('group_assignment', d(ap, 1, 20), groups.length ? { group: r.pick(groups) } : {});
  push('oath', d(ap, 1, 60));
  for (let k = 1, on = d(ap, 80, 100); k <= 3 && on <= addDays(bv, 330); k++, on = d(on, 80, 100)) {
    push('probation_assessment', on, { result: r.pick(N.PROBATION_RESULTS) });
  }
  push('conversion_application', d(bv, 330, 350));
  const n4 = push('notice', d(bv, 352, 360), { for: 'conversion' });
  const cv = push('conversion_vote', d(maxOf(addDays(bv, 368), afterNotice(n4, RULES.noticeWorkingDays)), 0, 15), {}, 'vote');
  const ca = push('conversion_approval', d(cv, 5, 60));
  push('archiving', d(ca, 5, 60));
  // Recorded in date order; same-day records keep the regulation's order.
  return out.map((x, i) => ({ x, i })).sort((a, b) => (a.x.on < b.x.on ? -1 : a.x.on > b.x.on ? 1 : a.i - b.i)).map((e) => e.x);
}

/** Which step each target stage is dated by, and the step that would take the person past it. */
const ANCHOR: Record<Stage, { at: RecordKind; stop: RecordKind | null }> = {
  applicant: { at: 'application', stop: 'activist_nomination' },
  activist: { at: 'activist_nomination', stop: 'candidate_decision' },
  candidate: { at: 'candidate_decision', stop: 'approval' },
  probationary: { at: 'branch_vote', stop: 'conversion_approval' },
  full: { at: 'conversion_approval', stop: null },
};

/** When the anchor step happened, before today. */
function anchorDay(r: Random, stage: Stage, today: string): string {
  switch (stage) {
    case 'applicant':
      return addDays(today, -r.int(0, 60));
    case 'activist':
      return addDays(today, -r.int(60, 600));
    case 'candidate':
      return addDays(today, -r.int(10, 220));
    case 'probationary':
      return addDays(today, -r.int(95, 340));
    case 'full':
      return addDays(today, -r.int(10, 500));
  }
}

/** The notice that precedes a decision, by the decision's step. */
const NOTICE_OF: Partial<Record<RecordKind, string>> = {
  activist_nomination: 'activist',
  candidate_decision: 'candidate',
  branch_vote: 'admission',
  conversion_vote: 'conversion',
};

/**
 * A person in development in `org`: the plan moved so that the stage's
 * anchor falls on a day before today (by whole weeks, and never before the
 * organization was founded), cut where the person stands, then the people
 * and votes filled in from the organization's full members on the day.
 * Nothing is written when the organization cannot supply mentors or sponsors.
 * `beforeFounding`: the development may have begun before the organization
 * was formed (under the street's committee; the log belongs to the person).
 */
function develop(c: Ctx, r: Random, ar: Random, h: Holder, org: OrgRow, target: Stage, opts: { overdueTalk?: boolean; beforeFounding?: boolean } = {}): void {
  const today = c.today;
  const fulls = h.full.get(org.id) ?? [];
  const secretary = fulls[0]?.name ?? N.personName(r);
  const approvalBy = r.pick(c.streetPeople.get(h.street.id) ?? [N.personName(r)]);
  let plan = developmentPlan(r, secretary, approvalBy, h.groups.get(org.id) ?? []);
  const anchor = plan.find((x) => x.step === ANCHOR[target].at)!;
  const wanted = opts.overdueTalk ? addDays(today, -r.int(38, 60)) : anchorDay(r, target, today);
  let shift = 7 * Math.round((dayOf(wanted) - dayOf(anchor.on)) / 7);
  const applied = addDays(BASE, shift);
  if (applied < org.founded_on && !opts.beforeFounding) shift += 7 * Math.ceil((dayOf(org.founded_on) - dayOf(applied)) / 7);
  plan = plan.map((x) => ({ ...x, on: addDays(x.on, shift) }));

  // Where the person stands: not past the next stage; for candidates somewhere in the admission steps.
  let stop: RecordKind | null = ANCHOR[target].stop;
  if (target === 'candidate') stop = r.pick(['committee_review', 'pre_review', 'application_form', 'branch_vote', 'approval_talk', 'approval'] as const);
  if (opts.overdueTalk) stop = 'talk';
  if (stop) {
    const at = plan.findIndex((x) => x.step === stop);
    if (plan[at]!.on <= today || opts.overdueTalk) {
      const notice = NOTICE_OF[stop];
      plan = plan.slice(0, at).filter((x) => !(notice && x.step === 'notice' && x.data.for === notice));
    }
  }
  plan = plan.filter((x) => x.on <= today);
  if (plan.length === 0) return;
  const appliedOn = plan[0]!.on;

  // The people named and the votes, from the organization's full members on the day.
  for (const x of plan) {
    if (x.fill === 'mentors' || x.fill === 'sponsors') {
      const want = x.fill === 'sponsors' ? RULES.sponsors : r.int(RULES.mentorsMin, RULES.mentorsMax);
      const able = fulls.filter((f) => f.fullOn < x.on && !f.transferredIn);
      if (able.length < want) return;
      x.data = { personIds: r.shuffle(able).slice(0, want).map((f) => f.personId) };
    } else if (x.fill === 'vote') {
      const entitled = Math.max(1, fulls.filter((f) => f.fullOn <= x.on).length);
      const majority = Math.floor(entitled / 2) + 1;
      const present = entitled - r.int(0, Math.min(entitled - majority, 2 + Math.floor(entitled / 8)));
      const yes = present - r.int(0, Math.min(present - majority, 1 + Math.floor(entitled / 12)));
      const no = r.int(0, present - yes);
      x.data = { entitled, present, yes, no, abstain: present - yes - no };
    }
  }
  const history: StepRow[] = plan.map((x, i) => ({ id: i + 1, step: x.step, doneOn: x.on, data: x.data, correctsId: null }));
  const state = pipelineState(history, RULES);
  const stage = state.status as Stage;

  // The person: an employee of a covered unit that has registered members.
  const units = (h.units.get(org.id) ?? []).filter((u) => (h.registered.get(u.unit_id) ?? 0) > 0);
  if (units.length === 0) return;
  const unit = r.pick(units);
  const gender = r.chance(0.45) ? 'female' : 'male';
  const birth = birthBefore(r, appliedOn, 19, 40);
  const role = roleFor(r, unit, birth, today);
  const fullOn = state.dates.fullOn;
  const personId = addPerson(c, r, { org, unit, name: N.personName(r, gender), gender, role, personal: personal(c, r, birth, gender, role.tier), fullMemberSince: fullOn });
  const memberId = ++c.ids.member;
  for (const x of plan) {
    c.w.add('development_step', {
      id: ++c.ids.step,
      district_id: DISTRICT_ID,
      member_id: memberId,
      step: x.step,
      done_on: x.on,
      data_json: JSON.stringify(x.data),
      corrects_id: null,
      recorded_by: null,
      created_at: c.now,
    });
  }
  // Party members keep contact with their organization; people in development have none recorded (as the app's application leaves it).
  const party = stage === 'probationary' || stage === 'full';
  const last = party ? ordinaryContact(c, ar, memberId, state.dates.admittedOn) : null;
  addMember(c, memberId, {
    personId,
    org,
    stage,
    occupation: role.occupation,
    position: role.position,
    flags: flagsOf(r, role),
    dates: state.dates,
    isMobile: false,
    lastContactOn: last,
  });
  if (fullOn) memberList(h, org.id).push({ personId, name: '', fullOn, transferredIn: false });
}

/** The people in development of a branch: a few in the stages before membership, sometimes a probationary or newly full member. */
function developmentOf(c: Ctx, r: Random, ar: Random, h: Holder, org: OrgRow, showcase: boolean): void {
  if (showcase) {
    // secretary1's branch shows every stage, however young the branch is.
    develop(c, r, ar, h, org, 'applicant', { overdueTalk: true, beforeFounding: true });
    for (const stage of ['applicant', 'activist', 'candidate', 'probationary'] as const) develop(c, r, ar, h, org, stage, { beforeFounding: true });
    return;
  }
  const plan: Stage[] = [];
  for (let i = r.weighted([[0, 3], [1, 5], [2, 2]] as const); i > 0; i--) plan.push('applicant');
  for (let i = r.weighted([[0, 3], [1, 5], [2, 2]] as const); i > 0; i--) plan.push('activist');
  if (r.chance(0.55)) plan.push('candidate');
  if (r.chance(0.4)) plan.push('probationary');
  if (r.chance(0.25)) plan.push('full');
  if (plan.length === 0) plan.push('applicant');
  for (const stage of plan) develop(c, r, ar, h, org, stage, { overdueTalk: stage === 'applicant' && r.chance(0.2) });
}

// ---------------------------------------------------------------- holders

const isBranchLevel = (o: OrgRow) => o.kind === 'branch' || o.kind === 'joint_branch';
const isRegional = (o: OrgRow) => o.kind === 'committee' && o.formation_mode === 'regional';

/** Members of one holder's organizations. */
async function holderMembers(c: Ctx, trx: Kysely<Database>, rng: Random, node: TerritoryNode): Promise<void> {
  // By path, not territory_id: (district_id, territory_path, status) is the index a holder's organizations are found by.
  const orgs = (
    await trx
      .selectFrom('party_org')
      .select(ORG_COLUMNS)
      .where('district_id', '=', DISTRICT_ID)
      .where('territory_path', '=', node.path)
      .where('status', '=', 'active')
      .orderBy('id')
      .execute()
  ).filter(
    (o) => !isRegional(o),
  );
  if (orgs.length === 0) return;
  const byId = new Map(orgs.map((o) => [o.id, o]));
  const tops = orgs.filter((o) => o.parent_id === null || !byId.has(o.parent_id));
  const links: UnitRow[] = await trx
    .selectFrom('party_org_unit as l')
    .innerJoin('unit as u', 'u.id', 'l.unit_id')
    .select(['l.party_org_id as org_id', 'u.id as unit_id', 'u.surveyed_member_count as surveyed', 'u.kind', 'u.ownership', 'u.industry'])
    .where(
      'l.party_org_id',
      'in',
      tops.map((o) => o.id),
    )
    .where('l.until_on', 'is', null)
    .where('u.status', '=', 'operating')
    .orderBy('u.id')
    .execute();
  const posts: PostRow[] = await trx
    .selectFrom('org_post as p')
    .innerJoin('person as x', 'x.id', 'p.person_id')
    .select(['p.party_org_id as org_id', 'p.post', 'x.id as person_id', 'x.name', 'x.gender', 'x.employer_unit_id', 'x.unit_position', 'x.in_unit_management', 'x.full_member_since'])
    .where(
      'p.party_org_id',
      'in',
      orgs.map((o) => o.id),
    )
    .where('p.ended_on', 'is', null)
    .orderBy('p.id')
    .execute();

  const h: Holder = {
    street: node.kind === 'street' || node.kind === 'township' ? node : node.parent!,
    full: new Map(),
    registered: new Map(),
    units: new Map(),
    groups: new Map(),
  };
  for (const o of orgs) {
    if (o.kind === 'party_group' && o.parent_id !== null) h.groups.set(o.parent_id, [...(h.groups.get(o.parent_id) ?? []), o.name]);
  }
  const pr = rng.derive('people');
  const ar = rng.derive('away');
  const dr = rng.derive('development');
  const branchLevel: OrgRow[] = [];

  for (const top of tops) {
    const tree = orgs.filter((o) => o.path.startsWith(top.path));
    const children = tree.filter((o) => o.parent_id === top.id && o.kind === 'branch');
    const branches = isBranchLevel(top) || children.length === 0 ? [top] : children;
    const units = links.filter((l) => l.org_id === top.id);
    const covered = new Set(units.map((u) => u.unit_id));
    for (const b of branches) {
      h.units.set(b.id, units);
      branchLevel.push(b);
    }
    // The organization a post holder is a member of: party groups' in their branch, a committee's in its first branch.
    const home = (o: OrgRow): OrgRow => (o.kind === 'party_group' ? (byId.get(o.parent_id!) ?? o) : isBranchLevel(o) ? o : branches[0]!);
    const atUnit = new Map<number, number>();
    const inTree = new Set(tree.map((o) => o.id));
    for (const p of posts) {
      if (!inTree.has(p.org_id)) continue;
      addPostHolder(c, pr, ar, h, home(byId.get(p.org_id)!), p, false);
      if (p.employer_unit_id !== null && covered.has(p.employer_unit_id)) atUnit.set(p.employer_unit_id, (atUnit.get(p.employer_unit_id) ?? 0) + 1);
    }
    // The rest of each unit's surveyed members, short of a gap for some units.
    let k = pr.int(0, branches.length - 1);
    for (const u of units) {
      const gap = pr.chance(GAP_SHARE) ? pr.int(1, 2) : 0;
      let n = Math.max(0, u.surveyed - gap - (atUnit.get(u.unit_id) ?? 0));
      const showcase = top.id === c.showcase.orgId;
      if (showcase) n = Math.max(n, 2);
      for (let i = 0; i < n; i++) {
        const b = branches[k++ % branches.length]!;
        const member1 = showcase && i === 0;
        // The showcase branch's second member is away and late with reports: something for secretary1 to see.
        const x = ar.next();
        let fate: Fate = 'ordinary';
        let acc = 0;
        for (const [f, p] of FATES) {
          acc += p;
          if (x < acc) {
            fate = f;
            break;
          }
        }
        if (member1) fate = 'ordinary';
        else if (showcase && i === 1) fate = 'mobile';
        const full = addFullMember(c, pr, ar, h, b, u, fate, member1 ? c.showcase.memberName : undefined);
        if (member1) c.showcase.memberPersonId = full.personId;
        if (ar.chance(TRANSFERRED_OUT_SHARE)) transferredOut(c, ar, b, u);
      }
    }
  }

  // People in development, in about a third of the branches old enough and with members enough.
  const oldEnough = addYears(c.today, -3);
  for (const b of branchLevel) {
    const showcase = b.id === c.showcase.orgId;
    const eligible = b.founded_on <= oldEnough && (h.full.get(b.id)?.length ?? 0) >= 3;
    if (showcase || (eligible && dr.chance(DEVELOPMENT_SHARE))) developmentOf(c, dr, ar, h, b, showcase);
    else if (eligible && dr.chance(LONE_PROBATIONARY_SHARE)) develop(c, dr, ar, h, b, 'probationary');
  }
  for (const b of branchLevel) {
    if (c.reservoir.length >= 64) c.reservoir.shift();
    c.reservoir.push({ id: b.id, name: b.name });
  }
}

/** The district's and the streets' committees: the people in their posts, and a few more of their staff. */
async function regionalMembers(c: Ctx, trx: Kysely<Database>, rng: Random, plan: TerritoryPlan): Promise<void> {
  const committees = (await trx.selectFrom('party_org').select(ORG_COLUMNS).where('kind', '=', 'committee').where('status', '=', 'active').orderBy('id').execute()).filter(isRegional);
  const posts: PostRow[] = committees.length
    ? await trx
        .selectFrom('org_post as p')
        .innerJoin('person as x', 'x.id', 'p.person_id')
        .select(['p.party_org_id as org_id', 'p.post', 'x.id as person_id', 'x.name', 'x.gender', 'x.employer_unit_id', 'x.unit_position', 'x.in_unit_management', 'x.full_member_since'])
        .where(
          'p.party_org_id',
          'in',
          committees.map((o) => o.id),
        )
        .where('p.ended_on', 'is', null)
        .orderBy('p.id')
        .execute()
    : [];
  const territories = new Map(plan.all.map((t) => [t.id, t]));
  for (const o of committees) {
    const r = rng.derive(`o${o.id}`);
    const ar = r.derive('away');
    const node = territories.get(o.territory_id) ?? plan.root;
    const h: Holder = { street: node, full: new Map(), registered: new Map(), units: new Map(), groups: new Map() };
    const mine = posts.filter((p) => p.org_id === o.id);
    for (const p of mine) addPostHolder(c, r, ar, h, o, p, true);
    c.streetPeople.set(o.territory_id, mine.map((p) => p.name));
    for (let i = r.int(1, 3); i > 0; i--) {
      const gender = r.chance(0.5) ? 'female' : 'male';
      const birth = workingBirth(r);
      const admitted = admissionDay(r, birth, c.today);
      const fullOn = addYears(admitted, 1);
      const role: N.MemberRole = { position: r.pick(N.STREET_STAFF_POSITIONS), occupation: 'other', tier: 'staff' };
      const name = N.personName(r, gender);
      const personId = addPerson(c, r, { org: o, unit: null, name, gender, role, personal: personal(c, r, birth, gender, 'regional'), fullMemberSince: fullOn });
      const full: Full = { personId, name, fullOn, transferredIn: false };
      fullMemberLife(
        c,
        ar,
        ++c.ids.member,
        {
          personId,
          org: o,
          stage: 'full',
          occupation: 'party_state_staff',
          position: role.position,
          flags: { is_key_post: 0, is_technical_backbone: 0, is_middle_management: 0, is_decision_level: 0 },
          dates: registryDates(admitted),
        },
        'ordinary',
        full,
      );
    }
  }
}

// ---------------------------------------------------------------- entry point

/** Writes the members phase into `trx` (after the organizations). */
export async function seedMembers(trx: Kysely<Database>, opts: MemberPhaseOptions): Promise<MemberPhaseResult> {
  const c: Ctx = {
    w: new Writer(trx, opts.bulk),
    vault: opts.vault,
    residentIds: new ResidentIds(),
    today: opts.today,
    now: opts.now,
    ids: { person: opts.lastPersonId, member: 0, step: 0, transfer: 0, mobile: 0, report: 0, event: 0, lostCase: 0, effort: 0 },
    letters: new Map(),
    reservoir: [],
    streetPeople: new Map(),
    stages: { applicant: 0, activist: 0, candidate: 0, probationary: 0, full: 0 },
    showcase: { orgId: opts.showcase.orgId, memberName: opts.showcase.memberName, secretaryPersonId: null, memberPersonId: null },
  };

  await regionalMembers(c, trx, opts.rng.derive('committees'), opts.plan);
  const holders = opts.plan.all.filter((t) => t.kind !== 'district');
  let done = 0;
  for (const node of holders) {
    await holderMembers(c, trx, opts.rng.derive(`t${node.id}`), node);
    done++;
    if (await c.w.flushIfFull()) opts.onProgress?.(done, holders.length, 'member');
  }
  await c.w.flush();
  opts.onProgress?.(done, holders.length, 'member');

  const { secretaryPersonId, memberPersonId } = c.showcase;
  if (secretaryPersonId === null || memberPersonId === null) throw new Error('the demo district has no secretary1 or member1 in the showcase branch');
  const n = c.w.counts;
  return {
    counts: {
      members: n.member,
      membersApplicant: c.stages.applicant,
      membersActivist: c.stages.activist,
      membersCandidate: c.stages.candidate,
      membersProbationary: c.stages.probationary,
      membersFull: c.stages.full,
      memberPeople: n.person,
      peopleWithResidentId: n.person + c.w.updated,
      developmentSteps: n.development_step,
      transfers: n.transfer,
      mobileRecords: n.mobile_record,
      mobileReports: n.mobile_report,
      contactEvents: n.contact_event,
      lostContactCases: n.lost_contact_case,
      lostContactEfforts: n.lost_contact_effort,
    },
    secretaryPersonId,
    memberPersonId,
  };
}
