import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { freshDb as freshDialectDb } from '../../../test/support/db.js';
import { SettableClock } from '../../domain/clock.js';
import { CHECKLISTS, isChecklistItem, type ChecklistName } from '../../domain/coverage.js';
import { addYears, daysBetween, localDate } from '../../domain/dates.js';
import { ageOn, isValidCreditCode, isValidResidentId, residentIdBirthDate } from '../../domain/ids.js';
import {
  CONTACT_EVENT_KINDS,
  EDUCATION_LEVELS,
  isPartyMember,
  letterValidUntil,
  lostContactSince,
  MOBILE_MODES,
  OCCUPATIONS,
  reportOverdue,
  SEARCH_METHODS,
  suspendableFrom,
} from '../../domain/members.js';
import { canNestOrg, COMMITTEE_POSTS, evaluateOrg, type FormationMode, type OrgKind, type Post } from '../../domain/orgs.js';
import { deadlines, pipelineState, replayHistory, STAGES, STEP_IDS, type StepRow } from '../../domain/pipeline.js';
import { DEVELOPMENT_RULES_V2014, FORMING_RULES_V2018 } from '../../domain/rulesets.js';
import { canHoldUnits, canNest, type TerritoryKind } from '../../domain/territory.js';
import { INDUSTRIES, OWNERSHIPS } from '../../domain/units.js';
import { verifyPassword } from '../../modules/auth/passwords.js';
import { vaultFromKey } from '../../server/crypto.js';
import { repairCoverage } from '../../modules/coverage/recompute.js';
import { describeOrgs } from '../../modules/orgs/describe.js';
import { connect, type Db } from '../connect.js';
import type { Database } from '../schema.js';
import { migrateToLatest } from '../migrate.js';
import { seedDemo, type SeedResult } from './generate.js';
import * as N from './names.js';
import { Permutation, Random } from './random.js';

const PASSWORD = 'cohesion-demo';
/** A fixed key: the resident IDs' hashes repeat from run to run (their ciphertexts never do). */
const VAULT = vaultFromKey(Buffer.alloc(32, 1));
const clock = new SettableClock('2026-11-23T08:00:00.000Z');

async function freshDb(): Promise<Db> {
  const db = connect('sqlite::memory:');
  await migrateToLatest(db);
  return db;
}

/** Tables the generator fills with explicit ids. */
const SEEDED_TABLES = [
  'unit',
  'territory',
  'party_org',
  'party_org_unit',
  'person',
  'org_post',
  'liaison_assignment',
  'checklist_item',
  'member',
  'development_step',
  'transfer',
  'mobile_record',
  'mobile_report',
  'contact_event',
  'lost_contact_case',
  'lost_contact_effort',
] as const satisfies readonly (keyof Database)[];

/** Columns that differ on every run by design: AES-GCM ciphertexts take a random IV. */
const RANDOM_COLUMNS = new Set(['resident_id_enc']);

/** sha256 over every row of a table in id order. */
async function tableHash(db: Db, table: (typeof SEEDED_TABLES)[number]): Promise<string> {
  const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)} order by id`.execute(db.kysely);
  const h = createHash('sha256');
  for (const row of rows) h.update(JSON.stringify(Object.entries(row).filter(([k]) => !RANDOM_COLUMNS.has(k)).sort(([a], [b]) => a.localeCompare(b))) + '\n');
  return h.digest('hex');
}

/** The district's today for the test clock. */
const today = localDate(clock.now(), 'Asia/Shanghai');

describe('seedDemo (SQLite)', { timeout: 300_000 }, () => {
  let db: Db;
  let result: SeedResult;
  const progress: { done: number; total: number; phase: string }[] = [];

  beforeAll(async () => {
    db = await freshDb();
    // The generator must draw only from its seeded streams.
    const spy = vi.spyOn(Math, 'random').mockImplementation(() => {
      throw new Error('Math.random used by the demo generator');
    });
    try {
      result = await seedDemo(db, {
        preset: 'demo',
        seed: 42,
        password: PASSWORD,
        clock,
        vault: VAULT,
        onProgress: (done, total, phase) => progress.push({ done, total, phase }),
      });
    } finally {
      spy.mockRestore();
    }
  }, 300_000);
  afterAll(async () => {
    await db.close();
  });

  it('writes a district of the expected size', async () => {
    expect(result.districtId).toBe(1);
    expect(result.counts.districts).toBe(1);
    expect(result.counts.territories).toBeGreaterThanOrEqual(1 + 7 + 6 * 6 + 5);
    expect(result.counts.territories).toBeLessThanOrEqual(1 + 7 + 6 * 12 + 8);
    expect(result.counts.units).toBe(3000);
    expect(result.counts.users).toBe(6);
    for (const key of ['partyOrgs', 'partyOrgUnits', 'people', 'posts', 'liaisons', 'checklistItems', 'members', 'developmentSteps', 'transfers', 'mobileRecords', 'lostContactCases']) {
      expect(result.counts[key], key).toBeGreaterThan(0);
    }
    for (const [key, table] of [
      ['partyOrgs', 'party_org'],
      ['partyOrgUnits', 'party_org_unit'],
      ['people', 'person'],
      ['posts', 'org_post'],
      ['liaisons', 'liaison_assignment'],
      ['checklistItems', 'checklist_item'],
      ['members', 'member'],
      ['developmentSteps', 'development_step'],
      ['transfers', 'transfer'],
      ['mobileRecords', 'mobile_record'],
      ['mobileReports', 'mobile_report'],
      ['contactEvents', 'contact_event'],
      ['lostContactCases', 'lost_contact_case'],
      ['lostContactEfforts', 'lost_contact_effort'],
    ] as const) {
      const { n } = await db.kysely.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      expect(Number(n), key).toBe(result.counts[key]);
    }

    const district = await db.kysely.selectFrom('district').select(['id', 'name', 'time_zone', 'created_at']).execute();
    expect(district).toEqual([{ id: 1, name: N.DISTRICT_NAME, time_zone: 'Asia/Shanghai', created_at: clock.now().toISOString() }]);

    const byKind = await db.kysely.selectFrom('territory').select(['kind', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('kind').execute();
    const kinds = Object.fromEntries(byKind.map((r) => [r.kind, Number(r.n)]));
    expect(kinds.district).toBe(1);
    expect(kinds.street).toBe(6);
    expect(kinds.township).toBe(1);
    expect(kinds.village).toBeGreaterThanOrEqual(5);
    for (const k of ['building', 'market', 'park', 'community']) expect(kinds[k]).toBeGreaterThan(0);
    expect(await db.kysely.selectFrom('unit').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).toEqual({ n: 3000 });
  });

  it('gives units realistic, valid attributes', async () => {
    const units = await db.kysely.selectFrom('unit').selectAll().execute();
    const codes = new Set<string>();
    const names = new Set<string>();
    let social = 0;
    let zeroMembers = 0;
    let branchSized = 0;
    let closed = 0;
    for (const u of units) {
      expect(isValidCreditCode(u.credit_code), u.credit_code).toBe(true);
      expect(u.credit_code[0]).toBe(u.kind === 'social_org' ? '5' : '9');
      codes.add(u.credit_code);
      names.add(u.name);
      expect(OWNERSHIPS).toContain(u.ownership);
      expect(INDUSTRIES).toContain(u.industry);
      expect(u.employee_count).toBeGreaterThanOrEqual(1);
      expect(u.surveyed_member_count).toBeGreaterThanOrEqual(0);
      expect(u.surveyed_member_count).toBeLessThanOrEqual(u.employee_count);
      expect(u.registered_on! >= '1995-01-01' && u.registered_on! <= '2026-06-30').toBe(true);
      expect(Math.abs(u.lng! - N.DISTRICT_CENTER.lng)).toBeLessThan(0.2);
      expect(Math.abs(u.lat! - N.DISTRICT_CENTER.lat)).toBeLessThan(0.2);
      expect(u.address).toBeTruthy();
      expect(u.created_at).toBe(clock.now().toISOString());
      if (u.kind === 'social_org') {
        social++;
        expect(['social_group', 'private_non_enterprise', 'foundation']).toContain(u.ownership);
      } else {
        expect(['private', 'foreign', 'hk_macao_taiwan', 'individual', 'restructured']).toContain(u.ownership);
      }
      if (u.surveyed_member_count === 0) zeroMembers++;
      if (u.surveyed_member_count >= 3) branchSized++;
      if (u.status === 'closed') {
        closed++;
        expect(u.closed_on! > u.registered_on!).toBe(true);
        expect(u.closed_reason).toBeTruthy();
      } else {
        expect(u.status).toBe('operating');
        expect(u.closed_on).toBeNull();
      }
    }
    expect(codes.size).toBe(units.length);
    expect(names.size).toBe(units.length);
    expect(social / units.length).toBeGreaterThan(0.1);
    expect(social / units.length).toBeLessThan(0.2);
    expect(zeroMembers / units.length).toBeGreaterThan(0.5);
    expect(branchSized).toBeGreaterThan(50);
    expect(closed / units.length).toBeGreaterThan(0.01);
    expect(closed / units.length).toBeLessThan(0.06);
    expect(units.some((u) => u.employee_count >= 1000)).toBe(true);
  });

  it('keeps every materialized path consistent', async () => {
    const territories = await db.kysely.selectFrom('territory').selectAll().orderBy('id').execute();
    const byId = new Map(territories.map((t) => [t.id, t]));
    for (const t of territories) {
      if (t.parent_id === null) {
        expect(t.kind).toBe('district');
        expect(t.path).toBe(`/${t.id}/`);
        expect(t.depth).toBe(0);
        continue;
      }
      const parent = byId.get(t.parent_id)!;
      expect(parent).toBeDefined();
      expect(t.path).toBe(`${parent.path}${t.id}/`);
      expect(t.depth).toBe(parent.depth + 1);
      expect(canNest(t.kind as TerritoryKind, parent.kind as TerritoryKind)).toBe(true);
    }
    const units = await db.kysely.selectFrom('unit').select(['territory_id', 'territory_path']).execute();
    for (const u of units) {
      const t = byId.get(u.territory_id)!;
      expect(u.territory_path).toBe(t.path);
      expect(canHoldUnits(t.kind as TerritoryKind)).toBe(true);
    }
  });

  it('creates the demo accounts with the password', async () => {
    const streets = await db.kysely.selectFrom('territory').select(['id', 'name']).where('kind', '=', 'street').orderBy('id').execute();
    const users = await db.kysely.selectFrom('app_user').selectAll().orderBy('id').execute();
    const branchId = users.find((u) => u.username === 'secretary1')?.scope_party_org_id ?? null;
    expect(branchId).not.toBeNull();
    const branch = await db.kysely.selectFrom('party_org').selectAll().where('id', '=', branchId!).executeTakeFirstOrThrow();
    expect(users.map((u) => [u.username, u.role, u.scope_territory_id, u.scope_party_org_id])).toEqual([
      ['admin', 'district_admin', 1, null],
      ['street1', 'street_admin', streets[0]!.id, null],
      ['street2', 'street_admin', streets[1]!.id, null],
      ['instructor1', 'instructor', streets[0]!.id, null],
      ['secretary1', 'secretary', null, branch.id],
      ['member1', 'member', null, branch.id],
    ]);
    expect(result.accounts).toEqual([
      { username: 'admin', role: 'district_admin', scope: N.DISTRICT_NAME },
      { username: 'street1', role: 'street_admin', scope: streets[0]!.name },
      { username: 'street2', role: 'street_admin', scope: streets[1]!.name },
      { username: 'instructor1', role: 'instructor', scope: streets[0]!.name },
      { username: 'secretary1', role: 'secretary', scope: branch.name },
      { username: 'member1', role: 'member', scope: branch.name },
    ]);
    for (const u of users) {
      expect(u.locale).toBe('zh-CN');
      expect(u.status).toBe('active');
      expect(u.failed_logins).toBe(0);
      expect(u.display_name).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(await verifyPassword(users[0]!.password_hash, PASSWORD)).toBe(true);
    expect(await verifyPassword(users[3]!.password_hash, 'wrong')).toBe(false);
  });

  it('reports progress per batch', () => {
    const units = progress.filter((p) => p.phase === 'unit');
    expect(units.length).toBeGreaterThanOrEqual(6);
    expect(units.at(-1)).toEqual({ done: 3000, total: 3000, phase: 'unit' });
    expect(progress.some((p) => p.phase === 'territory' && p.done === p.total)).toBe(true);
    expect(progress.filter((p) => p.phase === 'party_org').at(-1)).toEqual({ done: 3000, total: 3000, phase: 'party_org' });
    const members = progress.filter((p) => p.phase === 'member');
    expect(members.length).toBeGreaterThanOrEqual(2);
    expect(members.at(-1)!.done).toBe(members.at(-1)!.total);
  });

  it('builds one organization tree with consistent paths', async () => {
    const orgs = await db.kysely.selectFrom('party_org').selectAll().orderBy('id').execute();
    const territories = new Map((await db.kysely.selectFrom('territory').selectAll().execute()).map((t) => [t.id, t]));
    const byId = new Map(orgs.map((o) => [o.id, o]));

    const roots = orgs.filter((o) => o.parent_id === null);
    expect(roots.map((o) => [o.name, o.kind, o.formation_mode, o.territory_id])).toEqual([[N.DISTRICT_COMMITTEE_NAME, 'committee', 'regional', 1]]);
    const streets = [...territories.values()].filter((t) => t.kind === 'street' || t.kind === 'township');
    const streetCommittees = orgs.filter((o) => o.parent_id === roots[0]!.id);
    expect(streetCommittees.map((o) => o.territory_id)).toEqual(streets.map((t) => t.id).sort((a, b) => a - b));
    for (const o of streetCommittees) {
      const t = territories.get(o.territory_id)!;
      expect([o.kind, o.formation_mode, o.name]).toEqual(['committee', 'regional', N.streetCommitteeName(t.name, t.kind === 'township')]);
    }
    const regional = new Set([roots[0]!.id, ...streetCommittees.map((o) => o.id)]);

    for (const o of orgs) {
      const t = territories.get(o.territory_id)!;
      expect(o.territory_path).toBe(t.path);
      expect(o.founded_on >= '2005-01-01' && o.founded_on <= '2026-06-30', o.founded_on).toBe(true);
      if (o.kind === 'party_group') {
        expect(o.last_elected_on).toBeNull();
      } else {
        expect(o.approved_on! > o.founded_on).toBe(true);
        expect(daysBetween(o.founded_on, o.approved_on!)).toBeLessThanOrEqual(45);
      }
      if (o.last_elected_on) expect(o.last_elected_on >= o.founded_on && o.last_elected_on <= today).toBe(true);
      if (o.status === 'closed') {
        expect(o.closed_on! > o.founded_on).toBe(true);
        expect(o.closed_reason).toBeTruthy();
      } else {
        expect(o.status).toBe('active');
        expect(o.closed_on).toBeNull();
      }
      expect(o.demo_site_on === null).toBe(o.demo_site_level === null);
      if (o.demo_site_on) expect(o.demo_site_on > o.founded_on && o.status === 'active').toBe(true);
      if (o.parent_id === null) {
        expect([o.path, o.depth]).toEqual([`/${o.id}/`, 0]);
        continue;
      }
      const parent = byId.get(o.parent_id)!;
      expect(o.parent_id).toBeLessThan(o.id);
      expect(o.path).toBe(`${parent.path}${o.id}/`);
      expect(o.depth).toBe(parent.depth + 1);
      expect(canNestOrg(o.kind as OrgKind, parent.kind as OrgKind), `${o.kind} in ${parent.kind}`).toBe(true);
      expect(o.territory_path.startsWith(parent.territory_path)).toBe(true);
      if (parent.status === 'closed') expect(o.status).toBe('closed');
      if (!regional.has(o.id) && !regional.has(parent.id)) expect(o.formation_mode).toBe(parent.formation_mode);
    }

    const count = (pred: (o: (typeof orgs)[number]) => boolean) => orgs.filter(pred).length;
    for (const kind of ['committee', 'general_branch', 'branch', 'joint_branch', 'party_group']) expect(count((o) => o.kind === kind), kind).toBeGreaterThan(0);
    for (const mode of ['single', 'joint', 'industry', 'regional']) expect(count((o) => o.formation_mode === mode), mode).toBeGreaterThan(0);
    // A committee of a unit, not only the district's and the streets'.
    expect(count((o) => o.kind === 'committee' && o.formation_mode === 'single')).toBeGreaterThan(0);
    const tops = orgs.filter((o) => o.parent_id !== null && regional.has(o.parent_id));
    const closedShare = tops.filter((o) => o.status === 'closed').length / tops.length;
    expect(closedShare).toBeGreaterThan(0.01);
    expect(closedShare).toBeLessThan(0.04);
    const province = count((o) => o.demo_site_level === 'province');
    expect(province >= 1 && province <= 2).toBe(true);
    expect(count((o) => o.demo_site_level === 'city')).toBeGreaterThan(0);
    expect(count((o) => o.demo_site_level === 'district')).toBeGreaterThan(count((o) => o.demo_site_level === 'city'));
  });

  it('links each unit to at most one organization, joint branches to several', async () => {
    const links = await db.kysely
      .selectFrom('party_org_unit as l')
      .innerJoin('party_org as o', 'o.id', 'l.party_org_id')
      .innerJoin('party_org as p', 'p.id', 'o.parent_id')
      .innerJoin('unit as u', 'u.id', 'l.unit_id')
      .select([
        'l.unit_id',
        'l.since_on',
        'l.until_on',
        'o.id as org_id',
        'o.kind',
        'o.name as org_name',
        'o.formation_mode',
        'o.status as org_status',
        'o.founded_on',
        'o.closed_on as org_closed_on',
        'o.territory_id as org_territory_id',
        'p.formation_mode as parent_mode',
        'u.name as unit_name',
        'u.territory_id',
        'u.status',
        'u.closed_on',
        'u.registered_on',
        'u.surveyed_member_count as members',
      ])
      .execute();
    const live = new Map<number, number>();
    const perOrg = new Map<number, typeof links>();
    for (const l of links) {
      expect(l.kind).not.toBe('party_group');
      // Only the top organization of a unit (or the joint branch) covers units.
      expect(l.parent_mode).toBe('regional');
      expect(l.since_on >= l.founded_on && l.since_on > l.registered_on!).toBe(true);
      expect(l.territory_id).toBe(l.org_territory_id);
      if (l.org_status === 'closed') expect(l.until_on).toBe(l.org_closed_on);
      else expect(l.until_on).toBeNull();
      if (l.status === 'closed' && l.formation_mode === 'single') expect(l.org_closed_on).toBe(l.closed_on);
      if (l.until_on === null) live.set(l.unit_id, (live.get(l.unit_id) ?? 0) + 1);
      perOrg.set(l.org_id, [...(perOrg.get(l.org_id) ?? []), l]);
    }
    expect(Math.max(...live.values())).toBe(1);

    let jointBranches = 0;
    let overFive = 0;
    let joinedLater = 0;
    for (const own of perOrg.values()) {
      const first = own[0]!;
      if (first.formation_mode === 'single') {
        expect(own).toHaveLength(1);
        expect(first.members).toBeGreaterThanOrEqual(3);
        expect(first.org_name.startsWith(first.unit_name)).toBe(true);
        continue;
      }
      expect(first.kind).toBe('joint_branch');
      jointBranches++;
      for (const l of own) expect(l.members === 1 || l.members === 2).toBe(true);
      const covering = first.org_status === 'active' ? own.filter((l) => l.until_on === null) : own;
      expect(covering.length).toBeGreaterThanOrEqual(2);
      if (covering.length > 5) overFive++;
      joinedLater += own.filter((l) => l.since_on > l.founded_on).length;
    }
    expect(jointBranches).toBeGreaterThan(10);
    expect(overFive).toBeGreaterThanOrEqual(1);
    expect(overFive).toBeLessThanOrEqual(jointBranches / 4);
    expect(joinedLater).toBeGreaterThan(0);
  });

  it('keeps unit.coverage as the coverage module computes it, with all four states', async () => {
    expect(await repairCoverage(db.kysely, 1)).toEqual({ checked: 3000, repaired: 0 });
    const units = await db.kysely.selectFrom('unit').select(['coverage', 'status', 'surveyed_member_count as members']).execute();
    const operating = units.filter((u) => u.status === 'operating');
    const n = (pred: (u: (typeof units)[number]) => boolean, of = operating) => of.filter(pred).length;
    for (const state of ['own', 'joint', 'work', 'none']) expect(n((u) => u.coverage === state), state).toBeGreaterThan(0);
    for (const u of units) if (u.status === 'closed') expect(['none', 'work']).toContain(u.coverage);

    // Most units have no member: organizations reach many of the units with members
    // (joint branches only some of those with 1–2), party work many of the others.
    const organizational = n((u) => u.coverage === 'own' || u.coverage === 'joint') / operating.length;
    const total = n((u) => u.coverage !== 'none') / operating.length;
    const withMembers = operating.filter((u) => u.members > 0);
    const organizationalWithMembers = n((u) => u.coverage === 'own' || u.coverage === 'joint', withMembers) / withMembers.length;
    expect(organizational).toBeGreaterThan(0.08);
    expect(organizational).toBeLessThan(0.4);
    expect(total).toBeGreaterThan(0.4);
    expect(total).toBeLessThan(0.9);
    expect(organizationalWithMembers).toBeGreaterThan(0.3);
    expect(organizationalWithMembers).toBeLessThan(0.8);
    // The worklist still has units that must form a branch and small ones for joint branches.
    expect(n((u) => u.members >= 3 && u.coverage !== 'own' && u.coverage !== 'joint')).toBeGreaterThan(10);
    expect(n((u) => u.members >= 1 && u.members <= 2 && u.coverage !== 'joint')).toBeGreaterThan(10);
  });

  it('staffs the organizations: secretaries, deputies, committees, organizers', async () => {
    const posts = await db.kysely
      .selectFrom('org_post as p')
      .innerJoin('person as x', 'x.id', 'p.person_id')
      .innerJoin('party_org as o', 'o.id', 'p.party_org_id')
      .select([
        'p.party_org_id',
        'p.post',
        'p.started_on',
        'p.ended_on',
        'p.approved_on',
        'x.territory_id',
        'x.name',
        'x.phone',
        'x.gender',
        'x.employer_unit_id',
        'x.unit_position',
        'x.in_unit_management',
        'x.full_member_since',
        'o.kind',
        'o.status',
        'o.closed_on',
        'o.founded_on',
        'o.territory_id as org_territory_id',
      ])
      .execute();
    const orgs = await db.kysely.selectFrom('party_org').selectAll().execute();
    const links = await db.kysely.selectFrom('party_org_unit').select(['party_org_id', 'unit_id']).execute();
    const coveredBy = new Map(links.map((l) => [l.party_org_id, l.unit_id]));
    const byOrg = new Map<number, typeof posts>();
    for (const p of posts) {
      expect(p.territory_id).toBe(p.org_territory_id);
      expect(p.name).toMatch(/^[\u4e00-\u9fff]{2,4}$/);
      expect(p.phone).toMatch(/^1[3-9]\d{9}$/);
      expect(['male', 'female']).toContain(p.gender);
      expect(p.started_on >= p.founded_on && p.started_on <= today).toBe(true);
      if (p.approved_on) {
        expect(['secretary', 'deputy_secretary']).toContain(p.post);
        expect(p.approved_on > p.started_on && p.approved_on <= today).toBe(true);
      }
      if (p.status === 'closed') expect(p.ended_on).toBe(p.closed_on);
      else if (p.ended_on) expect([p.post, p.ended_on > p.started_on, p.ended_on < today]).toEqual(['secretary', true, true]);
      expect(p.full_member_since! < p.started_on || p.post === 'secretary').toBe(true);
      if (p.employer_unit_id !== null) expect(p.unit_position).toBeTruthy();
      byOrg.set(p.party_org_id, [...(byOrg.get(p.party_org_id) ?? []), p]);
    }

    let branches = 0;
    let withoutSecretary = 0;
    let recentMembers = 0;
    let secretaries = 0;
    let crossAppointed = 0;
    let singleSecretaries = 0;
    for (const o of orgs) {
      const current = (byOrg.get(o.id) ?? []).filter((p) => p.ended_on === null || o.status === 'closed');
      const secs = current.filter((p) => p.post === 'secretary');
      expect(secs.length).toBeLessThanOrEqual(1);
      if (o.kind === 'party_group') {
        expect(current.map((p) => p.post)).toEqual(['organizer']);
        continue;
      }
      if (o.status !== 'active') continue;
      if (o.kind === 'branch' || o.kind === 'joint_branch') {
        branches++;
        if (secs.length === 0) withoutSecretary++;
      } else {
        expect(secs).toHaveLength(1);
      }
      for (const s of secs) {
        secretaries++;
        if (addYears(s.full_member_since!, 1) > today) recentMembers++;
        const unitId = coveredBy.get(o.id);
        if (o.formation_mode === 'single' && unitId !== undefined) {
          expect(s.employer_unit_id).toBe(unitId);
          singleSecretaries++;
          crossAppointed += s.in_unit_management;
        }
      }
    }
    expect(withoutSecretary / branches).toBeGreaterThan(0.01);
    expect(withoutSecretary / branches).toBeLessThan(0.1);
    expect(recentMembers).toBeGreaterThan(0);
    expect(recentMembers / secretaries).toBeLessThan(0.1);
    expect(crossAppointed / singleSecretaries).toBeGreaterThan(0.45);
    expect(crossAppointed / singleSecretaries).toBeLessThan(0.75);
  });

  it('assigns liaisons and instructors to units without an organization', async () => {
    const rows = await db.kysely
      .selectFrom('liaison_assignment as a')
      .innerJoin('person as x', 'x.id', 'a.person_id')
      .innerJoin('territory as t', 't.id', 'x.territory_id')
      .innerJoin('unit as u', 'u.id', 'a.unit_id')
      .select(['a.kind', 'a.since_on', 'a.until_on', 'a.person_id', 'x.name', 't.kind as t_kind', 't.id as t_id', 't.path', 'u.territory_path', 'u.registered_on', 'u.status', 'u.coverage', 'u.surveyed_member_count as members'])
      .execute();
    const pool = new Set(rows.map((r) => r.person_id));
    expect(pool.size).toBeGreaterThanOrEqual(30);
    expect(pool.size).toBeLessThanOrEqual(50);
    for (const r of rows) {
      expect(['street', 'township']).toContain(r.t_kind);
      expect(r.territory_path.startsWith(r.path)).toBe(true);
      expect(r.since_on > r.registered_on! && r.since_on <= '2026-06-30').toBe(true);
      if (r.until_on === null) {
        expect(r.status).toBe('operating');
        expect(r.coverage).toBe('work');
      } else {
        expect(r.until_on > r.since_on).toBe(true);
        expect(r.coverage).toBe('own');
      }
    }
    const liaisons = rows.filter((r) => r.kind === 'liaison').length;
    const instructors = rows.filter((r) => r.kind === 'instructor').length;
    expect(instructors).toBeGreaterThan(0);
    expect(liaisons).toBeGreaterThan(instructors);

    const units = await db.kysely.selectFrom('unit').select(['coverage', 'surveyed_member_count as members']).where('status', '=', 'operating').execute();
    const noMembers = units.filter((u) => u.members === 0 && u.coverage !== 'own' && u.coverage !== 'joint');
    const reached = noMembers.filter((u) => u.coverage === 'work').length / noMembers.length;
    expect(reached).toBeGreaterThan(0.5);
    expect(reached).toBeLessThan(0.7);

    // instructor1 is one of them, in street 1.
    const instructor1 = await db.kysely.selectFrom('app_user').select(['display_name', 'scope_territory_id']).where('username', '=', 'instructor1').executeTakeFirstOrThrow();
    expect(rows.some((r) => r.name === instructor1.display_name && r.kind === 'instructor' && r.t_id === instructor1.scope_territory_id)).toBe(true);
  });

  it('fills the standardization checklists of most active branches', async () => {
    const items = await db.kysely
      .selectFrom('checklist_item as c')
      .innerJoin('party_org as o', 'o.id', 'c.party_org_id')
      .select(['c.party_org_id', 'c.checklist', 'c.item', 'c.done_on', 'c.upload_id', 'o.kind', 'o.status', 'o.founded_on'])
      .execute();
    const lists = new Map<string, { checklist: ChecklistName; done: number; rows: number }>();
    for (const i of items) {
      expect(isChecklistItem(i.checklist, i.item), `${i.checklist}.${i.item}`).toBe(true);
      expect(i.upload_id).toBeNull();
      expect(['branch', 'joint_branch']).toContain(i.kind);
      expect(i.status).toBe('active');
      if (i.done_on) expect(i.done_on > i.founded_on).toBe(true);
      const key = `${i.party_org_id}/${i.checklist}`;
      const l = lists.get(key) ?? { checklist: i.checklist as ChecklistName, done: 0, rows: 0 };
      l.rows++;
      if (i.done_on) l.done++;
      lists.set(key, l);
    }
    const complete = [...lists.values()].filter((l) => l.done === CHECKLISTS[l.checklist].length).length;
    expect(complete).toBeGreaterThan(0);
    expect(lists.size - complete).toBeGreaterThan(0);
    expect(items.some((i) => i.done_on === null)).toBe(true);
    const { n } = await db.kysely
      .selectFrom('party_org')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'active')
      .where('kind', 'in', ['branch', 'joint_branch'])
      .executeTakeFirstOrThrow();
    const share = new Set(items.map((i) => i.party_org_id)).size / Number(n);
    expect(share).toBeGreaterThan(0.6);
    expect(share).toBeLessThan(0.8);
  });

  it('scopes secretary1 and member1 to a complete branch in street 1', async () => {
    const street1 = await db.kysely.selectFrom('territory').selectAll().where('kind', '=', 'street').orderBy('id').executeTakeFirstOrThrow();
    const users = await db.kysely.selectFrom('app_user').selectAll().where('username', 'in', ['secretary1', 'member1']).orderBy('id').execute();
    expect(users.map((u) => [u.username, u.role, u.scope_territory_id])).toEqual([
      ['secretary1', 'secretary', null],
      ['member1', 'member', null],
    ]);
    expect(users[0]!.scope_party_org_id).toBe(users[1]!.scope_party_org_id);
    expect(users[1]!.display_name).toMatch(/^[\u4e00-\u9fff]{2,4}$/);
    expect(await verifyPassword(users[0]!.password_hash, PASSWORD)).toBe(true);

    const branch = await db.kysely.selectFrom('party_org').selectAll().where('id', '=', users[0]!.scope_party_org_id!).executeTakeFirstOrThrow();
    expect([branch.kind, branch.formation_mode, branch.status]).toEqual(['branch', 'single', 'active']);
    expect(branch.territory_path.startsWith(street1.path)).toBe(true);
    const unit = await db.kysely
      .selectFrom('party_org_unit as l')
      .innerJoin('unit as u', 'u.id', 'l.unit_id')
      .select(['u.surveyed_member_count', 'u.status'])
      .where('l.party_org_id', '=', branch.id)
      .where('l.until_on', 'is', null)
      .executeTakeFirstOrThrow();
    expect(unit.status).toBe('operating');
    expect(unit.surveyed_member_count).toBeGreaterThanOrEqual(3);
    const secretary = await db.kysely
      .selectFrom('org_post as p')
      .innerJoin('person as x', 'x.id', 'p.person_id')
      .select('x.name')
      .where('p.party_org_id', '=', branch.id)
      .where('p.post', '=', 'secretary')
      .where('p.ended_on', 'is', null)
      .executeTakeFirstOrThrow();
    expect(users[0]!.display_name).toBe(secretary.name);
    const fiveOnes = await db.kysely
      .selectFrom('checklist_item')
      .select(['item', 'done_on'])
      .where('party_org_id', '=', branch.id)
      .where('checklist', '=', 'five_ones')
      .execute();
    expect(fiveOnes.map((i) => i.item).sort()).toEqual([...CHECKLISTS.five_ones].sort());
    for (const i of fiveOnes) expect(i.done_on).not.toBeNull();
  });

  it('gives the forming rules something to show', async () => {
    const r = FORMING_RULES_V2018;
    const orgs = await db.kysely.selectFrom('party_org').selectAll().where('status', '=', 'active').execute();
    const kinds = new Map((await db.kysely.selectFrom('territory').select(['id', 'kind']).execute()).map((t) => [t.id, t.kind]));
    const covered = await db.kysely
      .selectFrom('party_org_unit as l')
      .innerJoin('unit as u', 'u.id', 'l.unit_id')
      .select(['l.party_org_id', 'u.surveyed_member_count as members'])
      .where('l.until_on', 'is', null)
      .where('u.status', '=', 'operating')
      .execute();
    const posts = await db.kysely
      .selectFrom('org_post as p')
      .innerJoin('person as x', 'x.id', 'p.person_id')
      .select(['p.party_org_id', 'p.post', 'x.full_member_since'])
      .where('p.ended_on', 'is', null)
      .execute();
    const findings = new Map<string, number>();
    let withTerm = 0;
    for (const o of orgs) {
      const mine = covered.filter((c) => c.party_org_id === o.id);
      const members = mine.reduce((s, c) => s + c.members, 0);
      const t = kinds.get(o.territory_id);
      for (const f of evaluateOrg(
        {
          kind: o.kind as OrgKind,
          formationMode: o.formation_mode as FormationMode,
          inVillageOrCommunity: t === 'village' || t === 'community',
          fullMemberCount: members,
          memberCount: members,
          coveredUnitCount: mine.length,
          posts: posts.filter((p) => p.party_org_id === o.id).map((p) => ({ post: p.post as Post, fullMemberSince: p.full_member_since })),
          lastElectedOn: o.last_elected_on,
          today,
        },
        r,
      )) {
        findings.set(f.ruleId, (findings.get(f.ruleId) ?? 0) + 1);
      }
      if (o.kind !== 'party_group') withTerm++;
    }
    for (const rule of [
      'org.term.expired',
      'org.term.due',
      'org.term.unknown',
      'org.joint_branch.max_units',
      'org.secretary.missing',
      'org.secretary.full_member_years',
      'org.committee_size',
      'org.committee.min_members',
    ]) {
      expect(findings.get(rule) ?? 0, rule).toBeGreaterThan(0);
    }
    const expired = findings.get('org.term.expired')! / withTerm;
    const due = findings.get('org.term.due')! / withTerm;
    expect(expired).toBeGreaterThan(0.04);
    expect(expired).toBeLessThan(0.14);
    expect(due).toBeGreaterThan(0.015);
    expect(due).toBeLessThan(0.1);
    // Branches with 7+ members mostly have a committee of the right size.
    const committeeSizes = orgs
      .filter((o) => o.kind === 'branch' && covered.filter((c) => c.party_org_id === o.id).reduce((s, c) => s + c.members, 0) >= r.branchCommitteeFrom)
      .map((o) => posts.filter((p) => p.party_org_id === o.id && COMMITTEE_POSTS.includes(p.post as Post)).length);
    const inRange = committeeSizes.filter((n) => n >= r.branchCommitteeMin && n <= r.branchCommitteeMax).length;
    expect(inRange / committeeSizes.length).toBeGreaterThan(0.8);
    expect(inRange).toBeLessThan(committeeSizes.length);
  });

  // ------------------------------------------------------------ members

  /** Every member with their person, for the checks below. */
  async function allMembers() {
    return db.kysely
      .selectFrom('member as m')
      .innerJoin('person as x', 'x.id', 'm.person_id')
      .innerJoin('party_org as o', 'o.id', 'm.party_org_id')
      .selectAll('m')
      .select([
        'x.name',
        'x.gender',
        'x.birth_date',
        'x.ethnicity',
        'x.education',
        'x.employer_unit_id',
        'x.unit_position',
        'x.full_member_since',
        'x.territory_id as person_territory_id',
        'x.resident_id_enc',
        'o.kind as org_kind',
        'o.path as o_path',
        'o.territory_path as o_territory_path',
        'o.territory_id as o_territory_id',
        'o.status as org_status',
      ])
      .orderBy('m.id')
      .execute();
  }

  it('registers members in every stage, each a person with a valid encrypted resident ID', async () => {
    const members = await allMembers();
    const people = await db.kysely.selectFrom('person').select(['id', 'gender', 'birth_date', 'resident_id_enc', 'resident_id_hash']).where('resident_id_enc', 'is not', null).execute();
    expect(people.length).toBe(result.counts.peopleWithResidentId);
    const hashes = new Set<string>();
    let local = 0;
    for (const p of people) {
      const id = VAULT.decrypt(p.resident_id_enc!);
      expect(isValidResidentId(id), id).toBe(true);
      expect(residentIdBirthDate(id)).toBe(p.birth_date);
      expect(VAULT.hash(id)).toBe(p.resident_id_hash);
      // The 17th digit: odd for men, even for women.
      expect(Number(id[16]) % 2 === 1 ? 'male' : 'female').toBe(p.gender);
      expect(p.birth_date! >= '1955-01-01' && p.birth_date! <= '2004-12-31', p.birth_date!).toBe(true);
      hashes.add(p.resident_id_hash!);
      if (id.startsWith(N.DISTRICT_DIVISION_CODE)) local++;
    }
    expect(hashes.size).toBe(people.length);
    expect(local / people.length).toBeGreaterThan(0.6);
    expect(local / people.length).toBeLessThan(0.8);

    // One member record per person, all with personal data; in the organization's territory.
    expect(new Set(members.map((m) => m.person_id)).size).toBe(members.length);
    const stages = new Map<string, number>();
    for (const m of members) {
      expect(m.resident_id_enc).not.toBeNull();
      expect(m.org_path).toBe(m.o_path);
      expect(m.territory_path).toBe(m.o_territory_path);
      expect(m.person_territory_id).toBe(m.o_territory_id);
      expect(m.org_status).toBe('active');
      expect(m.org_kind).not.toBe('party_group');
      expect(m.name).toMatch(/^[\u4e00-\u9fff]{2,4}$/);
      expect(m.created_at).toBe(clock.now().toISOString());
      if (m.status !== 'closed') stages.set(m.stage, (stages.get(m.stage) ?? 0) + 1);
    }
    for (const stage of STAGES) expect(stages.get(stage) ?? 0, stage).toBeGreaterThan(0);
    expect([
      result.counts.membersApplicant,
      result.counts.membersActivist,
      result.counts.membersCandidate,
      result.counts.membersProbationary,
      result.counts.membersFull,
    ]).toEqual(STAGES.map((s) => stages.get(s) ?? 0));
    expect(stages.get('full')).toBeGreaterThan(4000);

    // Realistic people: about 40% women, mostly Han, the statistics' vocabularies.
    const women = members.filter((m) => m.gender === 'female').length / members.length;
    expect(women).toBeGreaterThan(0.33);
    expect(women).toBeLessThan(0.47);
    expect(members.filter((m) => m.ethnicity === '汉族').length / members.length).toBeGreaterThan(0.9);
    expect(new Set(members.map((m) => m.ethnicity)).size).toBeGreaterThan(3);
    for (const m of members) {
      expect(EDUCATION_LEVELS).toContain(m.education);
      expect(OCCUPATIONS).toContain(m.occupation);
      expect(m.position).toBeTruthy();
      expect(m.position).toBe(m.unit_position);
    }
    for (const flag of ['is_key_post', 'is_technical_backbone', 'is_middle_management', 'is_decision_level'] as const) {
      const share = members.filter((m) => m[flag] === 1).length / members.length;
      expect(share, flag).toBeGreaterThan(0.02);
      expect(share, flag).toBeLessThan(0.5);
    }
  });

  it('keeps stage dates in order, consistent with age and with today', async () => {
    const members = await allMembers();
    for (const m of members) {
      const dates = [m.applied_on, m.activist_on, m.candidate_on, m.admitted_on, m.full_on].filter((d): d is string => d !== null);
      expect([...dates].sort(), `member ${m.id}`).toEqual(dates);
      for (const d of [...dates, m.probation_until, m.last_contact_on, m.closed_on]) if (d && d !== m.probation_until) expect(d <= today).toBe(true);
      const joined = m.applied_on ?? m.admitted_on;
      expect(joined).not.toBeNull();
      expect(ageOn(m.birth_date!, joined!), `member ${m.id}`).toBeGreaterThanOrEqual(18);
      switch (m.stage) {
        case 'full':
          expect(m.full_on).toBe(addYears(m.admitted_on!, 1));
          expect(m.full_member_since).toBe(m.full_on);
          if (m.applied_on === null) expect(m.probation_until).toBeNull();
          else expect(m.probation_until).toBe(m.full_on);
          break;
        case 'probationary':
          expect(m.full_on).toBeNull();
          expect(m.probation_until).toBe(addYears(m.admitted_on!, 1));
          // Admitted within the last year: still on probation.
          expect(m.probation_until! > today).toBe(true);
          break;
        case 'applicant':
          expect([m.activist_on, m.candidate_on, m.admitted_on]).toEqual([null, null, null]);
          expect(daysBetween(m.applied_on!, today)).toBeLessThanOrEqual(65);
          break;
        case 'activist':
          expect(m.activist_on).not.toBeNull();
          expect(daysBetween(m.activist_on!, today)).toBeGreaterThanOrEqual(55);
          expect(daysBetween(m.activist_on!, today)).toBeLessThanOrEqual(625);
          break;
        case 'candidate':
          expect(m.candidate_on).not.toBeNull();
          expect(m.admitted_on).toBeNull();
          expect(daysBetween(m.activist_on!, m.candidate_on!)).toBeGreaterThan(365);
          break;
      }
      if (m.stage === 'applicant' || m.stage === 'activist' || m.stage === 'candidate') {
        expect(m.full_member_since).toBeNull();
        expect(m.last_contact_on).toBeNull();
      } else if (m.status !== 'closed') {
        expect(m.last_contact_on).not.toBeNull();
      }
    }
  });

  it('gives every person in development a history the pipeline rules accept', async () => {
    const members = await allMembers();
    const rows = await db.kysely.selectFrom('development_step').selectAll().orderBy('id').execute();
    const people = await db.kysely.selectFrom('person').select(['id', 'full_member_since']).execute();
    const facts: Record<number, { fullMemberSince: string | null }> = Object.fromEntries(people.map((p) => [p.id, { fullMemberSince: p.full_member_since }]));
    const histories = new Map<number, StepRow[]>();
    for (const r of rows) {
      expect(r.recorded_by).toBeNull();
      expect(r.corrects_id).toBeNull();
      histories.set(r.member_id, [...(histories.get(r.member_id) ?? []), { id: r.id, step: r.step, doneOn: r.done_on, data: JSON.parse(r.data_json) as Record<string, unknown>, correctsId: null }]);
    }
    const byId = new Map(members.map((m) => [m.id, m]));
    const errors: string[] = [];
    const steps = new Set<string>();
    let overdueTalks = 0;
    let warnings = 0;
    for (const [memberId, history] of histories) {
      const m = byId.get(memberId)!;
      expect(history[0]!.step).toBe('application');
      for (const h of history) steps.add(h.step);
      const replay = replayHistory(history, { today, birthDate: m.birth_date, personId: m.person_id, people: facts, calendar: {}, baseline: null }, DEVELOPMENT_RULES_V2014);
      for (const r of replay) {
        for (const f of r.findings) {
          if (f.severity === 'error') errors.push(`member ${memberId} ${r.step}: ${f.ruleId} ${f.message.en}`);
          else warnings++;
        }
      }
      // The member row is what the pipeline derives from the history.
      const state = pipelineState(history, DEVELOPMENT_RULES_V2014);
      expect(state.status).toBe(m.stage);
      expect(state.dates).toEqual({
        appliedOn: m.applied_on,
        activistOn: m.activist_on,
        candidateOn: m.candidate_on,
        admittedOn: m.admitted_on,
        probationUntil: m.probation_until,
        fullOn: m.full_on,
      });
      if (deadlines(history, today, DEVELOPMENT_RULES_V2014, {}).some((d) => d.kind === 'talk_due' && d.overdue)) overdueTalks++;
    }
    expect(errors).toEqual([]);
    expect(warnings).toBe(0);
    expect(overdueTalks).toBeGreaterThan(0);
    // All 25 steps and the notices occur somewhere.
    for (const id of [...STEP_IDS, 'notice']) expect(steps.has(id), id).toBe(true);
    // Everyone before membership has a history; so does every probationary member.
    for (const m of members) {
      if (m.stage !== 'full') expect(histories.has(m.id), `member ${m.id} (${m.stage})`).toBe(true);
    }
    expect(histories.size).toBe(members.filter((m) => m.applied_on !== null).length);
  });

  it('counts the covered units from the registry, some short of the survey', async () => {
    const units = await db.kysely
      .selectFrom('unit as u')
      .select([
        'u.id',
        'u.status',
        'u.surveyed_member_count as surveyed',
        sql<number>`(select count(*) from member m join person p on p.id = m.person_id where p.employer_unit_id = u.id and m.status = 'active' and m.stage = 'full')`.as('registered'),
        sql<number>`(select count(*) from member m join person p on p.id = m.person_id where p.employer_unit_id = u.id and m.status = 'active')`.as('any'),
        sql<number>`(select count(*) from party_org_unit l join party_org o on o.id = l.party_org_id where l.unit_id = u.id and l.until_on is null and o.status = 'active')`.as('links'),
      ])
      .execute();
    let surveyed = 0;
    let registered = 0;
    let short = 0;
    let covered = 0;
    for (const u of units) {
      const reg = Number(u.registered);
      if (Number(u.links) === 0 || u.status !== 'operating') {
        // Members of units without an organization are still to be found.
        expect(Number(u.any), `unit ${u.id}`).toBe(0);
        continue;
      }
      covered++;
      surveyed += u.surveyed;
      registered += reg;
      if (reg < u.surveyed) short++;
      // People in development only where members are registered: the count never falls to a registry of zero because of them.
      if (reg === 0) expect(Number(u.any)).toBe(0);
    }
    expect(registered / surveyed).toBeGreaterThan(0.88);
    expect(registered / surveyed).toBeLessThan(1.03);
    expect(short / covered).toBeGreaterThan(0.1);
    expect(short / covered).toBeLessThan(0.35);
    // Members never change coverage (it is about organizations).
    expect(await repairCoverage(db.kysely, 1)).toEqual({ checked: 3000, repaired: 0 });
  });

  it('makes the organizations count their members from the registry', async () => {
    const orgs = await db.kysely.selectFrom('party_org').selectAll().where('status', '=', 'active').orderBy('id').execute();
    const covering = new Set(
      (await db.kysely.selectFrom('party_org_unit').select('party_org_id').where('until_on', 'is', null).execute()).map((l) => l.party_org_id),
    );
    const dc = { timeZone: 'Asia/Shanghai', settings: {}, forming: FORMING_RULES_V2018, today };
    const described = new Map((await describeOrgs(db.kysely, orgs, dc)).map((o) => [o.id, o]));
    const registered = await db.kysely.selectFrom('member').select(['org_path']).where('status', '=', 'active').where('stage', 'in', ['full', 'probationary']).execute();
    let branches = 0;
    let fromRegistry = 0;
    for (const o of orgs.filter((x) => covering.has(x.id))) {
      if (o.kind === 'branch' || o.kind === 'joint_branch') {
        branches++;
        if (described.get(o.id)!.memberCount.source === 'registry') fromRegistry++;
      } else {
        // A unit's committee or general branch: its members sit in its branches.
        expect(registered.some((m) => m.org_path.startsWith(o.path) && m.org_path !== o.path), o.name).toBe(true);
        for (const b of orgs.filter((x) => x.parent_id === o.id && x.kind === 'branch')) expect(described.get(b.id)!.memberCount.source, b.name).toBe('registry');
      }
    }
    expect(fromRegistry / branches).toBeGreaterThan(0.97);
    // Committees (the district's, the streets') count every member of their subtree, their own staff included.
    const regional = orgs.filter((o) => o.kind === 'committee' && o.formation_mode === 'regional');
    for (const o of regional) {
      const d = described.get(o.id)!;
      expect(d.memberCount.source).toBe('registry');
      expect(d.memberCount.value).toBe(registered.filter((m) => m.org_path.startsWith(o.path)).length);
      expect(registered.filter((m) => m.org_path === o.path).length).toBeGreaterThanOrEqual(d.posts.length);
    }
    // Everyone in a current post of an active organization is a registered member.
    const unregistered = await db.kysely
      .selectFrom('org_post as p')
      .innerJoin('party_org as o', 'o.id', 'p.party_org_id')
      .select('p.person_id')
      .where('p.ended_on', 'is', null)
      .where('o.status', '=', 'active')
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('member as m').select('m.id').whereRef('m.person_id', '=', 'p.person_id'))))
      .execute();
    expect(unregistered).toEqual([]);
  });

  it('backs every last contact with a contact event', async () => {
    const members = await allMembers();
    const events = await db.kysely.selectFrom('contact_event').select(['member_id', 'kind', 'happened_on']).execute();
    const latest = new Map<number, string>();
    for (const e of events) {
      // 'attendance' is what src/modules/life writes for roll calls (not yet in CONTACT_EVENT_KINDS).
      expect([...CONTACT_EVENT_KINDS, 'attendance']).toContain(e.kind);
      expect(e.happened_on <= today).toBe(true);
      if ((latest.get(e.member_id) ?? '') < e.happened_on) latest.set(e.member_id, e.happened_on);
    }
    for (const m of members) expect(latest.get(m.id) ?? null, `member ${m.id}`).toBe(m.last_contact_on);
    // Most members were in contact within the last four months.
    const party = members.filter((m) => m.status === 'active' && (m.stage === 'full' || m.stage === 'probationary'));
    const recent = party.filter((m) => daysBetween(m.last_contact_on!, today) <= 120).length / party.length;
    expect(recent).toBeGreaterThan(0.93);
  });

  it('has members away, lost contact and transferring', async () => {
    const members = await allMembers();
    const byId = new Map(members.map((m) => [m.id, m]));
    const activeFull = members.filter((m) => m.status === 'active' && m.stage === 'full');
    const orgs = new Map((await db.kysely.selectFrom('party_org').select(['id', 'status']).execute()).map((o) => [o.id, o]));

    // Mobile: ~3% away now, each with one open record; reports every 3 months, some overdue.
    const records = await db.kysely.selectFrom('mobile_record').selectAll().orderBy('id').execute();
    const reports = await db.kysely.selectFrom('mobile_report').selectAll().execute();
    const open = records.filter((r) => r.returned_on === null);
    expect(new Set(open.map((r) => r.member_id)).size).toBe(open.length);
    expect(members.filter((m) => m.is_mobile === 1).map((m) => m.id).sort((a, b) => a - b)).toEqual(open.map((r) => r.member_id).sort((a, b) => a - b));
    const away = open.length / activeFull.length;
    expect(away).toBeGreaterThan(0.02);
    expect(away).toBeLessThan(0.045);
    expect(records.length).toBeGreaterThan(open.length);
    let overdue = 0;
    for (const r of records) {
      expect(isPartyMember(byId.get(r.member_id)!.stage)).toBe(true);
      expect(['务工', '经商']).toContain(r.reason);
      expect(r.report_every_months).toBe(3);
      if (r.mode !== null) expect(MOBILE_MODES).toContain(r.mode);
      if (r.host_org_id !== null) {
        expect(orgs.get(r.host_org_id)!.status).toBe('active');
        expect(r.host_org_id).not.toBe(byId.get(r.member_id)!.party_org_id);
      }
      const mine = reports.filter((x) => x.mobile_record_id === r.id).map((x) => x.reported_on).sort();
      for (const d of mine) expect(d > r.left_on && d <= (r.returned_on ?? today)).toBe(true);
      for (const x of reports.filter((x) => x.mobile_record_id === r.id)) expect(x.member_id).toBe(r.member_id);
      if (r.returned_on === null && reportOverdue(r.left_on, mine.at(-1) ?? null, r.report_every_months, today)) overdue++;
    }
    expect(records.some((r) => r.host_org_id !== null)).toBe(true);
    expect(overdue).toBeGreaterThan(0);
    expect(overdue).toBeLessThan(open.length / 2);

    // Lost contact: ~1% flagged; some with a case and search efforts; a suspension is a decision on record.
    const flagged = members.filter((m) => m.status !== 'closed' && isPartyMember(m.stage) && lostContactSince(m.last_contact_on, today) !== null);
    expect(flagged.length / activeFull.length).toBeGreaterThan(0.008);
    expect(flagged.length / activeFull.length).toBeLessThan(0.03);
    const cases = await db.kysely.selectFrom('lost_contact_case').selectAll().execute();
    const efforts = await db.kysely.selectFrom('lost_contact_effort').selectAll().execute();
    expect(cases.length).toBeGreaterThan(3);
    expect(cases.length).toBeLessThan(flagged.length);
    for (const c of cases) {
      const m = byId.get(c.member_id)!;
      const since = lostContactSince(m.last_contact_on, today);
      expect(since).not.toBeNull();
      expect(c.opened_on >= since! && c.opened_on <= today).toBe(true);
      const mine = efforts.filter((e) => e.case_id === c.id);
      expect(mine.length).toBeGreaterThanOrEqual(1);
      for (const e of mine) {
        expect(e.tried_on >= c.opened_on && e.tried_on <= today).toBe(true);
        expect(SEARCH_METHODS).toContain(e.method);
      }
      expect(m.status).toBe(c.status === 'suspended' ? 'suspended' : 'active');
      if (c.status === 'suspended') {
        expect(c.decision).toBe('suspend_membership');
        expect(c.decided_on! >= suspendableFrom(c.opened_on, m.last_contact_on)).toBe(true);
      } else {
        expect(c.status).toBe('open');
      }
    }

    // Transfers: a handful open, more done; at most one open per member; letters numbered and dated.
    const transfers = await db.kysely.selectFrom('transfer').selectAll().orderBy('id').execute();
    const status = (s: string) => transfers.filter((t) => t.status === s);
    const openTransfers = transfers.filter((t) => t.status === 'requested' || t.status === 'sent');
    expect(openTransfers.length).toBeGreaterThan(3);
    expect(openTransfers.length).toBeLessThan(60);
    expect(new Set(openTransfers.map((t) => t.member_id)).size).toBe(openTransfers.length);
    for (const s of ['requested', 'sent', 'received', 'withdrawn', 'returned']) expect(status(s).length, s).toBeGreaterThan(0);
    const letters = transfers.filter((t) => t.letter_no !== null).map((t) => t.letter_no);
    expect(new Set(letters).size).toBe(letters.length);
    for (const t of transfers) {
      const m = byId.get(t.member_id)!;
      expect((t.to_org_id === null) !== (t.destination === null)).toBe(true);
      expect(t.requested_on <= today && t.requested_on >= m.admitted_on!).toBe(true);
      expect(t.letter_no === null).toBe(t.sent_on === null);
      if (t.sent_on) {
        expect(t.sent_on >= t.requested_on).toBe(true);
        expect(t.valid_until).toBe(letterValidUntil(t.sent_on, t.cross_province === 1));
      }
      if (t.status === 'received') {
        expect(t.received_on! >= t.sent_on! && t.received_on! <= t.valid_until!).toBe(true);
        if (t.to_org_id !== null) {
          // Within the district: the member now belongs to the receiving organization.
          expect(m.party_org_id).toBe(t.to_org_id);
          expect(t.from_org_id).not.toBe(t.to_org_id);
        } else {
          expect([m.status, m.closed_reason, m.closed_on]).toEqual(['closed', 'transferred_out', t.received_on]);
        }
      } else {
        expect(m.party_org_id).toBe(t.from_org_id);
        expect(m.status).not.toBe('closed');
      }
    }
  });

  it('links secretary1 and member1 to members of their branch', async () => {
    const users = await db.kysely.selectFrom('app_user').select(['username', 'display_name', 'person_id', 'scope_party_org_id']).orderBy('id').execute();
    for (const u of users) if (u.username !== 'secretary1' && u.username !== 'member1') expect(u.person_id).toBeNull();
    const members = await allMembers();
    const [secretary1, member1] = ['secretary1', 'member1'].map((name) => users.find((u) => u.username === name)!);
    const mine = (u: typeof secretary1) => members.filter((m) => m.person_id === u!.person_id);
    for (const u of [secretary1!, member1!]) {
      const ms = mine(u);
      expect(ms).toHaveLength(1);
      expect([ms[0]!.stage, ms[0]!.status, ms[0]!.party_org_id, ms[0]!.name]).toEqual(['full', 'active', u.scope_party_org_id, u.display_name]);
      expect(ms[0]!.is_mobile).toBe(0);
      expect(daysBetween(ms[0]!.last_contact_on!, today)).toBeLessThanOrEqual(120);
    }
    expect(secretary1!.person_id).not.toBe(member1!.person_id);
    const post = await db.kysely
      .selectFrom('org_post')
      .select('person_id')
      .where('party_org_id', '=', secretary1!.scope_party_org_id!)
      .where('post', '=', 'secretary')
      .where('ended_on', 'is', null)
      .executeTakeFirstOrThrow();
    expect(post.person_id).toBe(secretary1!.person_id);
    // member1 is an ordinary member: no open transfer, no case, no post.
    const memberId = mine(member1)[0]!.id;
    expect(await db.kysely.selectFrom('transfer').select('id').where('member_id', '=', memberId).execute()).toEqual([]);
    expect(await db.kysely.selectFrom('lost_contact_case').select('id').where('member_id', '=', memberId).execute()).toEqual([]);
    expect(await db.kysely.selectFrom('org_post').select('id').where('person_id', '=', member1!.person_id!).execute()).toEqual([]);
    // secretary1 sees the pipeline and a member away in their branch.
    const branch = members.filter((m) => m.party_org_id === secretary1!.scope_party_org_id);
    for (const stage of ['applicant', 'activist', 'candidate', 'probationary']) expect(branch.some((m) => m.stage === stage), stage).toBe(true);
    expect(branch.some((m) => m.is_mobile === 1)).toBe(true);
  });

  it('refuses a database that already has a district', async () => {
    await expect(seedDemo(db, { preset: 'demo', seed: 42, password: PASSWORD, clock, vault: VAULT })).rejects.toThrow(/already holds a district/);
  });

  it('gives the same data for the same seed and other data for another seed', async () => {
    const again = await freshDb();
    const other = await freshDb();
    try {
      await seedDemo(again, { preset: 'demo', seed: 42, password: PASSWORD, clock: new SettableClock(clock.now()), vault: VAULT });
      await seedDemo(other, { preset: 'demo', seed: 43, password: PASSWORD, clock, vault: VAULT });
      for (const table of SEEDED_TABLES) {
        expect(await tableHash(again, table), table).toBe(await tableHash(db, table));
        expect(await tableHash(other, table), table).not.toBe(await tableHash(db, table));
      }
    } finally {
      await again.close();
      await other.close();
    }
  });

  // Runs when the test run has a PostgreSQL (test/support/global-setup.ts).
  it.skipIf(!inject('pgUrl'))('writes the same rows on PostgreSQL and moves its id sequences past them', async () => {
    const pg = await freshDialectDb('postgres');
    try {
      await seedDemo(pg, { preset: 'demo', seed: 42, password: PASSWORD, clock, vault: VAULT });
      for (const table of SEEDED_TABLES) expect(await tableHash(pg, table), table).toBe(await tableHash(db, table));
      expect(await repairCoverage(pg.kysely, 1)).toEqual({ checked: 3000, repaired: 0 });
      const now = clock.now().toISOString();
      const t = await pg.kysely
        .insertInto('territory')
        .values({ district_id: 1, parent_id: 2, kind: 'building', name: '新楼', path: '/tmp/', depth: 2, status: 'active', created_at: now, updated_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      expect(t.id).toBe(result.counts.territories! + 1);
      const u = await pg.kysely
        .insertInto('app_user')
        .values({
          district_id: 1,
          username: 'new',
          display_name: '新',
          password_hash: 'x',
          role: 'member',
          locale: 'zh-CN',
          status: 'active',
          failed_logins: 0,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      expect(u.id).toBe(7);
      const o = await pg.kysely
        .insertInto('party_org')
        .values({
          district_id: 1,
          parent_id: 1,
          path: '/1/999999/', // numeric ids: the counts' triggers read the ids on a path
          depth: 1,
          kind: 'branch',
          name: '新支部',
          formation_mode: 'single',
          territory_id: 1,
          territory_path: '/1/',
          founded_on: '2026-11-01',
          status: 'active',
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      expect(o.id).toBe(result.counts.partyOrgs! + 1);
      const p = await pg.kysely
        .insertInto('person')
        .values({ district_id: 1, territory_id: 1, territory_path: '/1/', name: '新人', in_unit_management: 0, created_at: now, updated_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      expect(p.id).toBe(result.counts.people! + 1);
      const m = await pg.kysely
        .insertInto('member')
        .values({
          district_id: 1,
          person_id: p.id,
          party_org_id: o.id,
          org_path: '/1/999999/',
          territory_path: '/1/',
          stage: 'applicant',
          closed_on: null,
          closed_reason: null,
          occupation: null,
          position: null,
          applied_on: '2026-11-01',
          activist_on: null,
          candidate_on: null,
          admitted_on: null,
          full_on: null,
          probation_until: null,
          last_contact_on: null,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      expect(m.id).toBe(result.counts.members! + 1);
      const step = await pg.kysely
        .insertInto('development_step')
        .values({ district_id: 1, member_id: m.id, step: 'application', done_on: '2026-11-01', corrects_id: null, recorded_by: null, created_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      expect(step.id).toBe(result.counts.developmentSteps! + 1);
      const e = await pg.kysely
        .insertInto('contact_event')
        .values({ district_id: 1, member_id: m.id, kind: 'contact_log', happened_on: '2026-11-01', note: null, source_id: null, created_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      expect(e.id).toBe(result.counts.contactEvents! + 1);
    } finally {
      await pg.close();
    }
  });
});

describe('demo building blocks', () => {
  it('Random repeats per seed and label', () => {
    const a = new Random(1).derive('x');
    const b = new Random(1).derive('x');
    const c = new Random(1).derive('y');
    const seqA = Array.from({ length: 20 }, () => a.nextUint32());
    expect(Array.from({ length: 20 }, () => b.nextUint32())).toEqual(seqA);
    expect(Array.from({ length: 20 }, () => c.nextUint32())).not.toEqual(seqA);
    const r = new Random(5);
    for (let i = 0; i < 1000; i++) {
      const v = r.int(3, 7);
      expect(v >= 3 && v <= 7 && Number.isInteger(v)).toBe(true);
    }
    expect(r.shuffle([1, 2, 3, 4, 5]).sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it('Permutation is a bijection', () => {
    for (const size of [1, 7, 1000, 3364]) {
      const p = new Permutation(size, `k${size}`);
      const seen = new Set<number>();
      for (let i = 0; i < size; i++) seen.add(p.at(i));
      expect(seen.size).toBe(size);
    }
    const big = new Permutation(31 ** 6, 'big');
    expect(new Set(Array.from({ length: 1000 }, (_, i) => big.at(i))).size).toBe(1000);
  });

  it('brand characters never occur in the fixed parts of names', () => {
    const fixed = [
      N.CITY_NAME,
      N.DISTRICT_NAME,
      ...Object.values(N.INDUSTRY_PHRASES).flat(),
      ...Object.values(N.SHOP_PHRASES).flat(),
      ...N.COOPERATIVE_PHRASES,
      ...N.LEGAL_FORMS.map(([f]) => f),
      ...N.FOREIGN_LEGAL_FORMS.map(([f]) => f),
      ...Object.values(N.PNE_FORMS).flat(),
      ...N.FOUNDATION_FORMS,
      ...N.ASSOCIATION_FORMS,
    ].join('');
    for (const ch of [...N.BRAND_CHARS, ...N.FOREIGN_BRAND_CHARS]) expect(fixed.includes(ch), ch).toBe(false);
    // A social word made only of brand characters could repeat a brand name.
    for (const w of N.SOCIAL_WORDS) expect([...w].every((ch) => (N.BRAND_CHARS as readonly string[]).includes(ch)), w).toBe(false);
    expect(new Set(N.BRAND_CHARS).size).toBe(N.BRAND_CHARS.length);
  });

  it('Namer hands out distinct names per key', () => {
    const namer = new N.Namer('t');
    const tiers = [N.wordTier(N.SOCIAL_WORDS), ...N.brandTiers(N.BRAND_CHARS)];
    const seen = new Set<string>();
    for (let i = 0; i < 10000; i++) seen.add(namer.next('k', tiers));
    expect(seen.size).toBe(10000);
  });

  it('person names look Chinese', () => {
    const rng = new Random(3);
    for (let i = 0; i < 100; i++) expect(N.personName(rng)).toMatch(/^[\u4e00-\u9fff]{2,4}$/);
  });
});
