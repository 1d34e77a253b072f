/**
 * The organizations phase of the demo generator: party organizations over the
 * units already written (a district committee, a committee per street, the
 * units' own organizations with their branches and party groups, joint
 * branches in buildings, markets and parks), the people in their posts, the
 * liaisons and instructors who reach units without an organization, the
 * standardization checklists, and finally unit.coverage.
 *
 * Streaming: the units are read back one holder (street or area) at a time and
 * the rows go out in multi-row batches; nothing is kept between holders but
 * counters and the streets' committees and liaisons. Every holder draws from
 * its own streams (`rng.derive('t<territory id>')` / 'orgs' | 'people' |
 * 'checklists' | 'liaisons' | 'terms'), so that what one holder gets does not
 * move the others' data (ids are sequential and do move).
 *
 * Dates come from the fixed calendar of the generator (organizations founded
 * 2005 – 2026-06), except the ones that must stand in a relation to "today"
 * to show the rules (terms current, due or overdue; secretaries who have been
 * full members for less than a year): those use the clock's date, and the
 * draws that depend on it come from the 'terms' streams, so that another clock
 * changes those dates but not which organizations, people and links exist.
 */
import type { Insertable, Kysely } from 'kysely';
import { addDays, addYears } from '../../domain/dates.js';
import { CHECKLISTS, type ChecklistName } from '../../domain/coverage.js';
import { termYears, type DemoSiteLevel, type FormationMode, type OrgKind, type Post } from '../../domain/orgs.js';
import { childPath } from '../../domain/paths.js';
import { FORMING_RULES_V2018 } from '../../domain/rulesets.js';
import { recomputeCoverage } from '../../modules/coverage/recompute.js';
import type { BulkInserter } from '../bulk.js';
import type { Database, Unit } from '../schema.js';
import { dayOf, DISTRICT_ID, isoDay, LAST_DAY, MAX_BATCH_ROWS, pad } from './common.js';
import type { TerritoryNode, TerritoryPlan } from './generate.js';
import * as N from './names.js';
import type { Random } from './random.js';

// ---------------------------------------------------------------- shares

/** Units with 3+ surveyed members that have their own organization (the rest are on the worklist). */
const OWN_ORG_SHARE = 0.8;
/** Buildings, markets and parks with joint branches. */
const JOINT_AREA_SHARE = 0.5;
/** Active branches and joint branches without a secretary. */
const NO_SECRETARY_SHARE = 0.05;
/** Secretaries who have been full members for less than a year. */
const RECENT_MEMBER_SECRETARY_SHARE = 0.04;
/** Active branches and joint branches with a checklist. */
const CHECKLIST_SHARE = 0.7;
/** Liaisons and instructors in the district (spread over the streets). */
const LIAISON_POOL = 40;

const ORG_FIRST_DAY = dayOf('2005-01-01');
const JOINT_FIRST_DAY = dayOf('2008-01-01');
const RULES = FORMING_RULES_V2018;

// ---------------------------------------------------------------- types

export interface OrgPhaseOptions {
  /** Where the phase's rows go (src/db/bulk.ts). */
  bulk: BulkInserter;
  /** `rng.derive('orgs')` of the seed. */
  rng: Random;
  plan: TerritoryPlan;
  /** The first street by id: secretary1's branch is there. */
  street1: TerritoryNode;
  /** Name of the instructor1 account: the first instructor of street 1 carries it. */
  instructor: { name: string; gender: N.Gender };
  /** The district's "today" (YYYY-MM-DD), from the clock. */
  today: string;
  /** created_at / updated_at of the rows. */
  now: string;
  unitCount: number;
  onProgress?: ((done: number, total: number, phase: string) => void) | undefined;
}

export interface OrgPhaseResult {
  counts: {
    partyOrgs: number;
    partyOrgUnits: number;
    people: number;
    posts: number;
    liaisons: number;
    checklistItems: number;
  };
  /** The branch of secretary1 and member1. */
  showcase: { orgId: number; orgName: string; secretaryName: string };
}

type UnitRow = Pick<
  Unit,
  'id' | 'name' | 'kind' | 'industry' | 'employee_count' | 'surveyed_member_count' | 'registered_on' | 'status' | 'closed_on' | 'closed_reason'
>;

const UNIT_COLUMNS = [
  'id',
  'name',
  'kind',
  'industry',
  'employee_count',
  'surveyed_member_count',
  'registered_on',
  'status',
  'closed_on',
  'closed_reason',
] as const;

interface OrgRec {
  id: number;
  path: string;
  depth: number;
  kind: OrgKind;
  mode: FormationMode;
  name: string;
  territory: TerritoryNode;
  /** Day numbers. */
  founded: number;
  lastElected: string | null;
  closedOn: string | null;
  /** District and street committees. */
  regional: boolean;
  /** The top organization of a unit or a joint branch (not a sub-branch, not a party group). */
  top: boolean;
  /** Surveyed members of the operating units it covers now. */
  members: number;
  /** Units it covers (top organizations) or the unit it belongs to (sub-branches, party groups). */
  units: UnitRow[];
  showcase: boolean;
  demoSite: boolean;
}

interface PoolPerson {
  id: number;
  kind: 'liaison' | 'instructor';
}

/** The phase's tables, in the order it writes them (parents first). */
export const ORG_TABLES = ['party_org', 'person', 'party_org_unit', 'org_post', 'liaison_assignment', 'checklist_item'] as const;
type OrgTable = (typeof ORG_TABLES)[number];

// ---------------------------------------------------------------- writing

/**
 * Buffers the rows of the phase and writes them table by table in dependency
 * order (organizations and people before what refers to them), then brings
 * unit.coverage up to date for the units whose links or liaisons were written.
 */
class Writer {
  private rows: { [K in OrgTable]: Insertable<Database[K]>[] } = {
    party_org: [],
    person: [],
    party_org_unit: [],
    org_post: [],
    liaison_assignment: [],
    checklist_item: [],
  };
  readonly counts: Record<OrgTable, number> = {
    party_org: 0,
    person: 0,
    party_org_unit: 0,
    org_post: 0,
    liaison_assignment: 0,
    checklist_item: 0,
  };
  private touched: number[] = [];

  constructor(
    private readonly trx: Kysely<Database>,
    private readonly bulk: BulkInserter,
  ) {}

  add<K extends OrgTable>(table: K, row: Insertable<Database[K]>): void {
    (this.rows[table] as Insertable<Database[K]>[]).push(row);
  }

  /** A unit whose coverage may have changed. */
  touch(unitId: number): void {
    this.touched.push(unitId);
  }

  /** Writes everything buffered if a buffer holds a batch; true if it did. */
  async flushIfFull(): Promise<boolean> {
    if (this.touched.length < MAX_BATCH_ROWS && ORG_TABLES.every((t) => this.rows[t].length < MAX_BATCH_ROWS)) return false;
    await this.flush();
    return true;
  }

  async flush(): Promise<void> {
    for (const table of ORG_TABLES) {
      const rows = this.rows[table];
      if (rows.length === 0) continue;
      await this.bulk.insert(table, rows as Record<string, unknown>[]);
      this.counts[table] += rows.length;
      this.rows[table] = [];
    }
    if (this.touched.length > 0) {
      await recomputeCoverage(this.trx, [...new Set(this.touched)]);
      this.touched = [];
    }
  }
}

// ---------------------------------------------------------------- context

interface Ctx {
  w: Writer;
  /**
   * The stream of the draws that depend on today (election dates, secretaries
   * replaced mid-term): another clock moves only these dates, not what exists.
   */
  terms: Random;
  now: string;
  today: string;
  todayDay: number;
  street1Id: number;
  ids: { org: number; link: number; person: number; post: number; liaison: number; check: number };
  /** Committee of each street or township, by territory id. */
  streetOrgs: Map<number, OrgRec>;
  /** Liaisons and instructors of each street or township, by territory id. */
  pool: Map<number, PoolPerson[]>;
  province: { target: number; count: number };
  /** Whether a joint branch over the normal number of units exists yet. */
  oversizedJoint: boolean;
  showcase: { orgId: number; orgName: string; secretaryName: string } | null;
}

/** An integer in [min, max], or min when the range is empty (dates near the clock). */
function between(r: Random, min: number, max: number): number {
  return max <= min ? min : r.int(min, max);
}

function phone(r: Random): string {
  return r.pick(N.PHONE_PREFIXES) + pad(r.int(0, 99_999_999), 8);
}

const SUFFIX: Record<OrgKind, string> = {
  committee: '党委',
  general_branch: '党总支',
  branch: '党支部',
  joint_branch: '联合党支部',
  party_group: '党小组',
};

// ---------------------------------------------------------------- organizations

/**
 * The last election of an active organization: mostly within the current
 * term, about 8% overdue and 5% due within 90 days of today.
 */
function lastElection(r: Random, founded: number, years: number | null, today: string): string | null {
  if (years === null) return null;
  if (r.chance(0.01)) return null; // never recorded
  const foundedOn = isoDay(founded);
  // Elected on this day, the term ends today.
  const termStart = addYears(today, -years);
  // About 40% of the organizations are younger than a term and can be neither
  // overdue nor due: the others are weighted so that the shares come out right.
  const state = r.weighted([
    ['current', 79],
    ['expired', 13],
    ['due', 8],
  ] as const);
  const slack = dayOf(termStart) - founded;
  if (state === 'expired' && slack >= 1) {
    return addDays(termStart, -r.int(1, Math.min(540, slack)));
  } else if (state === 'due') {
    const d = addDays(termStart, r.int(1, 88));
    if (d >= foundedOn) return d;
  }
  const from = addDays(termStart, 92);
  // Founded within the term: the first committee, elected at the founding, is still in office.
  if (foundedOn >= from) return foundedOn;
  return isoDay(between(r, dayOf(from), dayOf(today)));
}

/** The last election before a closed organization closed: at the founding and every term after. */
function electionBefore(founded: number, closedOn: string, years: number | null): string | null {
  if (years === null) return null;
  let d = isoDay(founded);
  for (;;) {
    const next = addYears(d, years);
    if (next >= closedOn) return d;
    d = next;
  }
}

interface NewOrg {
  parent: OrgRec | null;
  kind: OrgKind;
  mode: FormationMode;
  name: string;
  territory: TerritoryNode;
  founded: number;
  closedOn?: string | null;
  closedReason?: string | null;
  regional?: boolean;
  top?: boolean;
  members?: number;
  units?: UnitRow[];
  demoSite?: { level: DemoSiteLevel; on: string } | null;
}

/** Gives the organization its id and path, draws its approval and election, and queues its row. */
function addOrg(c: Ctx, r: Random, o: NewOrg): OrgRec {
  const id = ++c.ids.org;
  const path = childPath(o.parent?.path ?? null, id);
  const closedOn = o.closedOn ?? null;
  const inVillageOrCommunity = o.territory.kind === 'village' || o.territory.kind === 'community';
  const years = termYears(o.kind, inVillageOrCommunity, RULES);
  const approved = o.kind === 'party_group' ? null : isoDay(o.founded + r.int(14, 45));
  const lastElected = closedOn ? electionBefore(o.founded, closedOn, years) : lastElection(c.terms, o.founded, years, c.today);
  const rec: OrgRec = {
    id,
    path,
    depth: (o.parent?.depth ?? -1) + 1,
    kind: o.kind,
    mode: o.mode,
    name: o.name,
    territory: o.territory,
    founded: o.founded,
    lastElected,
    closedOn,
    regional: o.regional ?? false,
    top: o.top ?? false,
    members: o.members ?? 0,
    units: o.units ?? [],
    showcase: false,
    demoSite: !!o.demoSite,
  };
  c.w.add('party_org', {
    id,
    district_id: DISTRICT_ID,
    parent_id: o.parent?.id ?? null,
    path,
    depth: rec.depth,
    kind: o.kind,
    name: o.name,
    formation_mode: o.mode,
    territory_id: o.territory.id,
    territory_path: o.territory.path,
    founded_on: isoDay(o.founded),
    approved_on: approved,
    last_elected_on: lastElected,
    demo_site_level: o.demoSite?.level ?? null,
    demo_site_on: o.demoSite?.on ?? null,
    status: closedOn ? 'closed' : 'active',
    closed_on: closedOn,
    closed_reason: closedOn ? (o.closedReason ?? null) : null,
    created_at: c.now,
    updated_at: c.now,
  });
  return rec;
}

function addLink(c: Ctx, org: OrgRec, unitId: number, since: number, until: string | null): void {
  c.w.add('party_org_unit', {
    id: ++c.ids.link,
    district_id: DISTRICT_ID,
    party_org_id: org.id,
    unit_id: unitId,
    since_on: isoDay(since),
    until_on: until,
    created_at: c.now,
  });
  c.w.touch(unitId);
}

/**
 * Demonstration sites among the active top organizations at least two years
 * old: 1–2 at province level (big units), ~2% city, ~4.5% district (about 1% and
 * 3% of all organizations).
 */
function demoSite(c: Ctx, r: Random, founded: number, closed: boolean, big: boolean): { level: DemoSiteLevel; on: string } | null {
  if (closed || founded > LAST_DAY - 730) return null;
  let level: DemoSiteLevel | null = null;
  if (big && c.province.count < c.province.target && (c.province.count === 0 || r.chance(0.3))) {
    level = 'province';
    c.province.count++;
  } else {
    const x = r.next();
    level = x < 0.02 ? 'city' : x < 0.065 ? 'district' : null;
  }
  return level ? { level, on: isoDay(r.int(founded + 730, LAST_DAY)) } : null;
}

/** Party groups inside a branch. */
function addGroups(c: Ctx, r: Random, branch: OrgRec, count: number, out: OrgRec[]): void {
  const last = branch.closedOn ? dayOf(branch.closedOn) - 1 : LAST_DAY;
  for (let i = 0; i < count; i++) {
    out.push(
      addOrg(c, r, {
        parent: branch,
        kind: 'party_group',
        mode: branch.mode,
        name: `${branch.name}第${N.chineseNumber(i + 1)}党小组`,
        territory: branch.territory,
        founded: between(r, branch.founded, Math.min(branch.founded + 200, last)),
        closedOn: branch.closedOn,
        closedReason: branch.closedOn ? '上级党组织撤销' : null,
        units: branch.units,
      }),
    );
  }
}

/**
 * The organization of a unit with 3+ surveyed members: a branch, or for a big
 * unit a general branch or committee with 1–3 branches under it; some
 * branches with party groups. Closed with the unit if the unit closed.
 */
function unitOrgs(c: Ctx, r: Random, u: UnitRow, holder: TerritoryNode, streetOrg: OrgRec, out: OrgRec[]): void {
  const registered = dayOf(u.registered_on ?? '2000-01-01');
  const earliest = Math.max(ORG_FIRST_DAY, registered + r.int(60, 900));
  const unitClosed = u.status === 'closed' && u.closed_on ? dayOf(u.closed_on) : null;
  // Half the closed units' organizations are on record (closed with them).
  if (unitClosed !== null && !r.chance(0.5)) return;
  const latest = unitClosed === null ? LAST_DAY : Math.min(LAST_DAY, unitClosed - 30);
  if (earliest > latest) return;
  const founded = r.int(earliest, latest);
  const members = u.surveyed_member_count;
  const big = members >= 50 || u.employee_count >= 1000;
  const kind: OrgKind = !big
    ? 'branch'
    : members >= RULES.committeeMinMembers
      ? 'committee'
      : members >= RULES.generalBranchMinMembers
        ? 'general_branch'
        : r.chance(0.25)
          ? 'committee'
          : 'general_branch';

  let closedOn: string | null = null;
  let closedReason: string | null = null;
  if (unitClosed !== null) {
    closedOn = u.closed_on;
    closedReason = N.ORG_CLOSED_REASONS[u.closed_reason ?? ''] ?? '单位注销';
  } else if (r.chance(0.005) && founded + 365 < LAST_DAY) {
    closedOn = isoDay(r.int(founded + 365, LAST_DAY));
    closedReason = r.pick(N.ORG_CLOSED_OTHER);
  }

  const top = addOrg(c, r, {
    parent: streetOrg,
    kind,
    mode: 'single',
    name: u.name + SUFFIX[kind],
    territory: holder,
    founded,
    closedOn,
    closedReason,
    top: true,
    members: closedOn ? 0 : members,
    units: [u],
    demoSite: demoSite(c, r, founded, closedOn !== null, big),
  });
  out.push(top);
  addLink(c, top, u.id, founded, closedOn);
  if (!closedOn && kind === 'branch' && c.showcase === null && streetOrg.territory.id === c.street1Id) {
    top.showcase = true;
    c.showcase = { orgId: top.id, orgName: top.name, secretaryName: '' };
  }

  const last = closedOn ? dayOf(closedOn) - 1 : LAST_DAY;
  if (big) {
    const departments = r.shuffle(N.DEPARTMENTS).slice(0, kind === 'committee' ? r.int(2, 3) : r.int(1, 3));
    for (const dept of departments) {
      const branch = addOrg(c, r, {
        parent: top,
        kind: 'branch',
        mode: 'single',
        name: `${u.name}${dept}党支部`,
        territory: holder,
        founded: between(r, founded, Math.min(founded + 400, last)),
        closedOn,
        closedReason: closedOn ? '上级党组织撤销' : null,
        units: [u],
      });
      out.push(branch);
      if (r.chance(0.3)) addGroups(c, r, branch, r.int(1, 2), out);
    }
  } else if (members >= 10 && r.chance(0.35)) {
    addGroups(c, r, top, r.int(1, 2), out);
  }
}

/**
 * Joint branches of an area: each over 2–5 small units (1–2 surveyed
 * members) of the area, a few over 6–7. Some units joined later than the
 * founding; a few joint branches were dissolved.
 */
function jointBranches(c: Ctx, r: Random, holder: TerritoryNode, streetOrg: OrgRec, units: UnitRow[], covered: Set<number>, out: OrgRec[]): void {
  const candidates = r.shuffle(
    units.filter(
      (u) =>
        u.status === 'operating' &&
        !covered.has(u.id) &&
        u.surveyed_member_count >= 1 &&
        u.surveyed_member_count <= 2 &&
        dayOf(u.registered_on ?? '2000-01-01') <= LAST_DAY - 120,
    ),
  );
  const wanted = 1 + Math.floor(candidates.length / 14);
  for (let k = 0; k < wanted && candidates.length >= 2; k++) {
    const oversized = candidates.length >= 6 && (!c.oversizedJoint || r.chance(0.05));
    const size = oversized ? r.int(6, Math.min(7, candidates.length)) : r.int(2, Math.min(5, candidates.length));
    const chosen = candidates.splice(0, size);
    // Three members at least, as a branch needs.
    const sum = () => chosen.reduce((s, u) => s + u.surveyed_member_count, 0);
    while (sum() < RULES.branchMinFullMembers && chosen.length < RULES.jointBranchMaxUnits && candidates.length > 0) chosen.push(candidates.shift()!);

    const registered = chosen.map((u) => dayOf(u.registered_on ?? '2000-01-01')).sort((a, b) => a - b);
    const earliest = Math.max(JOINT_FIRST_DAY, registered[1]! + 60);
    const latest = LAST_DAY - 30;
    if (earliest > latest) continue;
    if (chosen.length > RULES.jointBranchMaxUnits) c.oversizedJoint = true;
    const founded = r.int(earliest, latest);
    const mode = r.weighted([
      ['joint', 75],
      ['industry', 12],
      ['regional', 13],
    ] as const);
    const ordinal = k === 0 ? '' : `第${N.chineseNumber(k + 1)}`;
    const label = N.INDUSTRY_LABELS[chosen[0]!.industry as keyof typeof N.INDUSTRY_LABELS] ?? '商贸';
    const name =
      mode === 'industry'
        ? `${holder.name}${label}行业${ordinal}联合党支部`
        : holder.kind === 'market'
          ? `${holder.name}商户${ordinal}联合党支部`
          : `${holder.name}${ordinal}联合党支部`;

    // The two first registered units found it; the others join at once or later.
    const since = chosen.map((u) => {
      const reg = dayOf(u.registered_on ?? '2000-01-01') + 30;
      const from = Math.max(founded, reg);
      return from === founded && r.chance(0.7) ? founded : between(r, from, LAST_DAY);
    });
    const firstTwo = new Set(chosen.filter((u) => dayOf(u.registered_on ?? '2000-01-01') <= registered[1]!).slice(0, 2).map((u) => u.id));
    chosen.forEach((u, i) => {
      if (firstTwo.has(u.id)) since[i] = founded;
    });

    let closedOn: string | null = null;
    let closedReason: string | null = null;
    const lastJoin = Math.max(...since);
    if (r.chance(0.03) && lastJoin + 60 < LAST_DAY) {
      closedOn = isoDay(r.int(lastJoin + 60, LAST_DAY));
      closedReason = r.pick(N.JOINT_CLOSED_REASONS);
    }
    const jb = addOrg(c, r, {
      parent: streetOrg,
      kind: 'joint_branch',
      mode,
      name,
      territory: holder,
      founded,
      closedOn,
      closedReason,
      top: true,
      members: closedOn ? 0 : chosen.reduce((s, u) => s + u.surveyed_member_count, 0),
      units: chosen,
      demoSite: demoSite(c, r, founded, closedOn !== null, false),
    });
    out.push(jb);
    chosen.forEach((u, i) => {
      addLink(c, jb, u.id, since[i]!, closedOn);
      if (!closedOn) covered.add(u.id);
    });
    if (r.chance(0.15)) addGroups(c, r, jb, r.int(1, 2), out);
  }
}

// ---------------------------------------------------------------- people and posts

interface PersonSpec {
  territory: TerritoryNode;
  employer: UnitRow | null;
  position: string | null;
  management: boolean;
  fullMemberSince: string | null;
  gender?: N.Gender;
  name?: string;
}

function addPerson(c: Ctx, r: Random, s: PersonSpec): { id: number; name: string } {
  const gender = s.gender ?? (r.chance(0.58) ? 'male' : 'female');
  const name = s.name ?? N.personName(r, gender);
  const id = ++c.ids.person;
  c.w.add('person', {
    id,
    district_id: DISTRICT_ID,
    territory_id: s.territory.id,
    territory_path: s.territory.path,
    name,
    gender,
    phone: phone(r),
    employer_unit_id: s.employer?.id ?? null,
    unit_position: s.position,
    in_unit_management: s.management ? 1 : 0,
    full_member_since: s.fullMemberSince,
    created_at: c.now,
    updated_at: c.now,
  });
  return { id, name };
}

function unitPosition(r: Random, u: UnitRow, management: boolean): string {
  const social = u.kind === 'social_org';
  return r.pick(management ? (social ? N.SOCIAL_MANAGEMENT : N.ENTERPRISE_MANAGEMENT) : social ? N.SOCIAL_STAFF : N.ENTERPRISE_STAFF);
}

function regionalPosition(r: Random, t: TerritoryNode): string {
  return r.pick(t.kind === 'district' ? N.DISTRICT_POSITIONS : t.kind === 'township' ? N.TOWNSHIP_POSITIONS : N.STREET_POSITIONS);
}

/** The posts of an organization's committee (or its organizer). */
function planPosts(r: Random, o: OrgRec): Post[] {
  const committee = (size: number, deputies: number): Post[] => [
    'secretary',
    ...Array<Post>(Math.min(deputies, size - 1)).fill('deputy_secretary'),
    ...Array<Post>(Math.max(0, size - 1 - deputies)).fill('committee_member'),
  ];
  if (o.kind === 'party_group') return ['organizer'];
  if (o.regional) return committee(r.int(5, 7), r.int(1, 2));
  if (o.kind === 'committee') return committee(r.int(5, 9), r.int(1, 2));
  if (o.kind === 'general_branch') return committee(r.int(5, 7), 1);
  if (o.members >= RULES.branchCommitteeFrom) {
    // 3–5 as the rule says; a few too small or too big.
    const size = r.weighted([
      [3, 30],
      [4, 25],
      [5, 33],
      [2, 4],
      [6, 4],
      [8, 4],
    ] as const);
    return committee(size, size === 2 || r.chance(0.6) ? 1 : 0);
  }
  const posts: Post[] = ['secretary'];
  if (r.chance(0.25)) posts.push('deputy_secretary');
  // A committee where the rules want none.
  if (r.chance(0.03)) posts.push('committee_member');
  return posts;
}

/** People in the posts of an organization; closed organizations' posts ended with them. */
function staffOrg(c: Ctx, r: Random, o: OrgRec): void {
  const active = o.closedOn === null;
  const isBranch = o.kind === 'branch' || o.kind === 'joint_branch';
  const forced = o.showcase || o.demoSite;
  let posts = planPosts(r, o);
  const noSecretary = active && isBranch && !forced && r.chance(NO_SECRETARY_SHARE);
  if (noSecretary) posts = posts.filter((p) => p !== 'secretary');
  const base = dayOf(o.lastElected ?? isoDay(o.founded));
  const ended = o.closedOn;
  const single = !o.regional && o.kind !== 'joint_branch' && o.units.length === 1;

  const hold = (post: Post, startedDay: number, endedOn: string | null, recentMember: boolean) => {
    let employer: UnitRow | null = null;
    if (single) employer = o.units[0]!;
    else if (o.units.length > 0 && (post !== 'secretary' || r.chance(0.7))) employer = r.pick(o.units);
    const management = employer !== null && r.chance(post === 'secretary' ? (single ? 0.6 : 0.5) : post === 'organizer' ? 0.1 : 0.3);
    const position = employer ? unitPosition(r, employer, management) : o.regional ? regionalPosition(r, o.territory) : '专职党务工作者';
    let started = startedDay;
    let fullMemberSince: string;
    if (recentMember) {
      const since = c.todayDay - r.int(20, 330);
      fullMemberSince = isoDay(since);
      started = Math.min(Math.max(o.founded, since + r.int(1, 15)), Math.max(o.founded, c.todayDay));
    } else {
      fullMemberSince = isoDay(started - r.int(400, 9000));
    }
    const person = addPerson(c, r, {
      territory: o.territory,
      employer,
      position,
      management,
      fullMemberSince,
      gender: r.chance(post === 'secretary' ? 0.62 : 0.52) ? 'male' : 'female',
    });
    const approved = post === 'secretary' || post === 'deputy_secretary' ? started + r.int(7, 45) : null;
    c.w.add('org_post', {
      id: ++c.ids.post,
      district_id: DISTRICT_ID,
      party_org_id: o.id,
      person_id: person.id,
      post,
      started_on: isoDay(started),
      ended_on: endedOn,
      approved_on: approved !== null && approved <= c.todayDay ? isoDay(approved) : null,
      created_at: c.now,
      updated_at: c.now,
    });
    if (post === 'secretary' && o.showcase && c.showcase && !endedOn) c.showcase.secretaryName = person.name;
  };

  if (noSecretary && base < c.todayDay - 1) {
    // The secretary left and nobody has been elected yet.
    const left = Math.min(between(c.terms, base + 30, c.todayDay - 15), c.todayDay - 1);
    hold('secretary', base, isoDay(left), false);
  }
  for (const post of posts) {
    let started = base;
    if (post === 'organizer') started = o.founded;
    else if (active && post === 'secretary' && base + 60 < c.todayDay - 10 && c.terms.chance(0.12)) started = c.terms.int(base + 60, c.todayDay - 10); // replaced mid-term
    const recent = active && post === 'secretary' && !forced && r.chance(RECENT_MEMBER_SECRETARY_SHARE);
    hold(post, started, ended, recent);
  }
}

// ---------------------------------------------------------------- checklists

/** "Five ones" and/or "six haves" for ~70% of active branches: some complete, some partial. */
function checklists(c: Ctx, r: Random, o: OrgRec): void {
  if (o.closedOn || (o.kind !== 'branch' && o.kind !== 'joint_branch')) return;
  const forced = o.showcase || o.demoSite;
  if (!forced && !r.chance(CHECKLIST_SHARE)) return;
  const lists: readonly ChecklistName[] = forced
    ? ['five_ones', 'six_haves']
    : r.weighted([
        [['five_ones'], 55],
        [['six_haves'], 15],
        [['five_ones', 'six_haves'], 30],
      ] as const);
  const from = o.founded + 14;
  const to = Math.max(from, LAST_DAY);
  for (const list of lists) {
    const complete = forced || r.chance(0.45);
    for (const item of CHECKLISTS[list]) {
      const done = complete || r.chance(0.55);
      if (!done && r.chance(0.5)) continue; // not started: no row
      c.w.add('checklist_item', {
        id: ++c.ids.check,
        district_id: DISTRICT_ID,
        party_org_id: o.id,
        checklist: list,
        item,
        done_on: done ? isoDay(r.int(from, to)) : null,
        upload_id: null,
        note: done ? null : r.pick(N.CHECKLIST_NOTES),
        updated_at: c.now,
      });
    }
  }
}

// ---------------------------------------------------------------- liaisons

/** Liaisons and instructors of each street (the first of street 1 is instructor1). */
function makePool(c: Ctx, r: Random, plan: TerritoryPlan, instructor: OrgPhaseOptions['instructor']): void {
  const perStreet = Math.max(3, Math.ceil(LIAISON_POOL / plan.streets.length));
  for (const street of plan.streets) {
    const people: PoolPerson[] = [];
    for (let i = 0; i < perStreet; i++) {
      const isInstructor1 = street.id === c.street1Id && i === 0;
      const kind = isInstructor1 || r.chance(0.3) ? 'instructor' : 'liaison';
      const p = addPerson(c, r, {
        territory: street,
        employer: null,
        position: r.pick(kind === 'instructor' ? N.INSTRUCTOR_POSITIONS : N.LIAISON_POSITIONS),
        management: false,
        fullMemberSince: isoDay(LAST_DAY - r.int(5 * 365, 35 * 365)),
        ...(isInstructor1 ? { name: instructor.name, gender: instructor.gender } : {}),
      });
      people.push({ id: p.id, kind });
    }
    c.pool.set(street.id, people);
  }
}

function addAssignment(c: Ctx, unitId: number, person: PoolPerson, since: number, until: string | null): void {
  c.w.add('liaison_assignment', {
    id: ++c.ids.liaison,
    district_id: DISTRICT_ID,
    unit_id: unitId,
    person_id: person.id,
    kind: person.kind,
    since_on: isoDay(since),
    until_on: until,
    created_at: c.now,
  });
  c.w.touch(unitId);
}

/**
 * Work coverage: a liaison or instructor for ~60% of the uncovered units
 * without members and fewer of those with some; and, as history, the liaisons
 * some recently organized units had before their organization was founded.
 */
function liaisons(c: Ctx, r: Random, street: TerritoryNode, units: UnitRow[], covered: Set<number>, made: OrgRec[]): void {
  const pool = c.pool.get(street.id)!;
  for (const u of units) {
    if (u.status !== 'operating' || covered.has(u.id)) continue;
    const m = u.surveyed_member_count;
    if (!r.chance(m === 0 ? 0.6 : m <= 2 ? 0.4 : 0.25)) continue;
    const from = Math.max(dayOf(u.registered_on ?? '2000-01-01') + 30, LAST_DAY - 3 * 365);
    if (from > LAST_DAY) continue;
    addAssignment(c, u.id, r.pick(pool), r.int(from, LAST_DAY), null);
  }
  for (const o of made) {
    if (!o.top || o.kind === 'joint_branch' || o.closedOn || o.founded < dayOf('2021-01-01') || !r.chance(0.3)) continue;
    const u = o.units[0]!;
    const since = Math.max(dayOf(u.registered_on ?? '2000-01-01') + 30, o.founded - r.int(120, 700));
    if (since >= o.founded) continue;
    addAssignment(c, u.id, r.pick(pool), since, isoDay(o.founded));
  }
}

// ---------------------------------------------------------------- entry point

/** Writes the organizations phase into `trx` (after the units) and sets unit.coverage. */
export async function seedOrgs(trx: Kysely<Database>, opts: OrgPhaseOptions): Promise<OrgPhaseResult> {
  const { rng, plan } = opts;
  const c: Ctx = {
    w: new Writer(trx, opts.bulk),
    terms: rng.derive('terms'),
    now: opts.now,
    today: opts.today,
    todayDay: dayOf(opts.today),
    street1Id: opts.street1.id,
    ids: { org: 0, link: 0, person: 0, post: 0, liaison: 0, check: 0 },
    streetOrgs: new Map(),
    pool: new Map(),
    province: { target: 0, count: 0 },
    oversizedJoint: false,
    showcase: null,
  };

  makePool(c, rng.derive('pool'), plan, opts.instructor);

  // The district committee and the streets' committees.
  const top = rng.derive('committees');
  c.terms = top.derive('terms');
  c.province.target = top.int(1, 2);
  const district = addOrg(c, top, {
    parent: null,
    kind: 'committee',
    mode: 'regional',
    name: N.DISTRICT_COMMITTEE_NAME,
    territory: plan.root,
    founded: dayOf('2008-01-01') + top.int(0, 3 * 365),
    regional: true,
  });
  const committees = [district];
  for (const street of plan.streets) {
    const org = addOrg(c, top, {
      parent: district,
      kind: 'committee',
      mode: 'regional',
      name: N.streetCommitteeName(street.name, street.kind === 'township'),
      territory: street,
      founded: district.founded + top.int(30, 6 * 365),
      regional: true,
    });
    c.streetOrgs.set(street.id, org);
    committees.push(org);
  }
  for (const org of committees) staffOrg(c, top, org);

  // The units' organizations, holder by holder.
  let done = 0;
  for (const holder of plan.all) {
    if (holder.kind === 'district') continue;
    const street = holder.kind === 'street' || holder.kind === 'township' ? holder : holder.parent!;
    const streetOrg = c.streetOrgs.get(street.id)!;
    const units: UnitRow[] = await trx.selectFrom('unit').select(UNIT_COLUMNS).where('territory_id', '=', holder.id).orderBy('id').execute();
    const hr = rng.derive(`t${holder.id}`);
    c.terms = hr.derive('terms');
    const orgR = hr.derive('orgs');
    const made: OrgRec[] = [];
    for (const u of units) {
      if (u.surveyed_member_count >= RULES.branchMinFullMembers && orgR.chance(OWN_ORG_SHARE)) unitOrgs(c, orgR, u, holder, streetOrg, made);
    }
    const covered = new Set(made.filter((o) => o.top && !o.closedOn).flatMap((o) => o.units.map((u) => u.id)));
    if ((holder.kind === 'building' || holder.kind === 'market' || holder.kind === 'park') && orgR.chance(JOINT_AREA_SHARE)) {
      jointBranches(c, orgR, holder, streetOrg, units, covered, made);
    }
    const peopleR = hr.derive('people');
    const checkR = hr.derive('checklists');
    for (const o of made) {
      staffOrg(c, peopleR, o);
      checklists(c, checkR, o);
    }
    liaisons(c, hr.derive('liaisons'), street, units, covered, made);
    done += units.length;
    if (await c.w.flushIfFull()) opts.onProgress?.(done, opts.unitCount, 'party_org');
  }
  await c.w.flush();
  opts.onProgress?.(done, opts.unitCount, 'party_org');

  if (!c.showcase || !c.showcase.secretaryName) throw new Error('the demo district has no branch in street 1 for secretary1');
  return {
    counts: {
      partyOrgs: c.w.counts.party_org,
      partyOrgUnits: c.w.counts.party_org_unit,
      people: c.w.counts.person,
      posts: c.w.counts.org_post,
      liaisons: c.w.counts.liaison_assignment,
      checklistItems: c.w.counts.checklist_item,
    },
    showcase: c.showcase,
  };
}
