import { creditCodeCheckChar } from '../../src/domain/ids.js';
import { childPath } from '../../src/domain/paths.js';
import type { Db } from '../../src/db/connect.js';
import { hashPassword } from '../../src/modules/auth/passwords.js';
import type { Role } from '../../src/server/permissions.js';
import { recomputeCoverage } from '../../src/modules/coverage/recompute.js';
import { invalidateLifeCompliance } from '../../src/modules/life/rollup.js';
import { vaultFromKey } from '../../src/server/crypto.js';

/** The key the test harness gives the app: tests can decrypt what the app wrote. */
export const testVault = vaultFromKey(Buffer.alloc(32, 42));

export const TEST_PASSWORD = 'test-password-1';
export const NOW = '2026-11-23T02:00:00.000Z';

let hash: Promise<string> | null = null;

/** A valid credit code made from a number (unique per number). */
export function creditCode(n: number): string {
  const body = `91310101${String(n).padStart(9, '0')}`;
  return body + creditCodeCheckChar(body);
}

export interface Node {
  id: number;
  path: string;
  depth: number;
  districtId: number;
}

/** Adds a territory node directly in the database (tests set up state without the API). */
export async function addTerritory(db: Db, districtId: number, parent: Node | null, kind: string, name: string): Promise<Node> {
  const k = db.kysely;
  const { id } = await k
    .insertInto('territory')
    .values({
      district_id: districtId,
      parent_id: parent?.id ?? null,
      kind,
      name,
      path: '',
      depth: parent ? parent.depth + 1 : 0,
      status: 'active',
      lng: 121.47,
      lat: 31.23,
      created_at: NOW,
      updated_at: NOW,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const path = childPath(parent?.path ?? null, id);
  await k.updateTable('territory').set({ path }).where('id', '=', id).execute();
  return { id, path, depth: parent ? parent.depth + 1 : 0, districtId };
}

let nextCode = 1000;

/** Adds an operating unit directly in the database. */
export async function addUnit(
  db: Db,
  at: Node,
  name: string,
  opts: { employees?: number; members?: number; industry?: string; social?: boolean; code?: number } = {},
): Promise<number> {
  const social = opts.social ?? false;
  const { id } = await db.kysely
    .insertInto('unit')
    .values({
      district_id: at.districtId,
      territory_id: at.id,
      territory_path: at.path,
      name,
      credit_code: creditCode(opts.code ?? nextCode++),
      kind: social ? 'social_org' : 'enterprise',
      ownership: social ? 'private_non_enterprise' : 'private',
      industry: opts.industry ?? 'I',
      employee_count: opts.employees ?? 10,
      surveyed_member_count: opts.members ?? 0,
      registered_on: '2015-06-01',
      status: 'operating',
      created_at: NOW,
      updated_at: NOW,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export interface OrgNode {
  id: number;
  path: string;
  depth: number;
  districtId: number;
}

/** Adds a party organization (and its unit links) directly; keeps unit.coverage and the life-compliance rollup current, as the app does. */
export async function addOrg(
  db: Db,
  at: Node,
  parent: OrgNode | null,
  kind: string,
  name: string,
  opts: { mode?: string; unitIds?: number[]; foundedOn?: string; lastElectedOn?: string | null } = {},
): Promise<OrgNode> {
  const k = db.kysely;
  const { id } = await k
    .insertInto('party_org')
    .values({
      district_id: at.districtId,
      parent_id: parent?.id ?? null,
      path: '',
      depth: parent ? parent.depth + 1 : 0,
      kind,
      name,
      formation_mode: opts.mode ?? (kind === 'joint_branch' ? 'joint' : kind === 'committee' ? 'regional' : 'single'),
      territory_id: at.id,
      territory_path: at.path,
      founded_on: opts.foundedOn ?? '2020-01-01',
      last_elected_on: opts.lastElectedOn === undefined ? '2024-06-01' : opts.lastElectedOn,
      status: 'active',
      created_at: NOW,
      updated_at: NOW,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const path = childPath(parent?.path ?? null, id);
  await k.updateTable('party_org').set({ path }).where('id', '=', id).execute();
  for (const unitId of opts.unitIds ?? []) {
    await k
      .insertInto('party_org_unit')
      .values({ district_id: at.districtId, party_org_id: id, unit_id: unitId, since_on: opts.foundedOn ?? '2020-01-01', created_at: NOW })
      .execute();
  }
  await recomputeCoverage(k, opts.unitIds ?? []);
  await invalidateLifeCompliance(k, [id]);
  return { id, path, depth: parent ? parent.depth + 1 : 0, districtId: at.districtId };
}

export async function addPerson(db: Db, at: Node, name: string, opts: { fullMemberSince?: string | null; employerUnitId?: number; inManagement?: boolean } = {}): Promise<number> {
  const { id } = await db.kysely
    .insertInto('person')
    .values({
      district_id: at.districtId,
      territory_id: at.id,
      territory_path: at.path,
      name,
      gender: 'female',
      phone: '13812345678',
      employer_unit_id: opts.employerUnitId ?? null,
      unit_position: opts.inManagement ? '副总经理' : null,
      in_unit_management: opts.inManagement ? 1 : 0,
      full_member_since: opts.fullMemberSince === undefined ? '2010-07-01' : opts.fullMemberSince,
      created_at: NOW,
      updated_at: NOW,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function addPost(db: Db, org: OrgNode, personId: number, post: string, startedOn = '2024-06-01'): Promise<number> {
  const { id } = await db.kysely
    .insertInto('org_post')
    .values({ district_id: org.districtId, party_org_id: org.id, person_id: personId, post, started_on: startedOn, created_at: NOW, updated_at: NOW })
    .returning('id')
    .executeTakeFirstOrThrow();
  await invalidateLifeCompliance(db.kysely, [org.id]);
  return id;
}

export async function addLiaison(db: Db, districtId: number, unitId: number, personId: number, sinceOn = '2025-01-01'): Promise<number> {
  const { id } = await db.kysely
    .insertInto('liaison_assignment')
    .values({ district_id: districtId, unit_id: unitId, person_id: personId, kind: 'liaison', since_on: sinceOn, created_at: NOW })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recomputeCoverage(db.kysely, [unitId]);
  return id;
}

export interface MemberSpec {
  name?: string;
  stage?: 'applicant' | 'activist' | 'candidate' | 'probationary' | 'full';
  residentId?: string;
  gender?: 'male' | 'female';
  /** Dates of the stages reached (applied_on ... full_on). */
  dates?: Partial<Record<'applied_on' | 'activist_on' | 'candidate_on' | 'admitted_on' | 'full_on' | 'probation_until', string>>;
  employerUnitId?: number;
  lastContactOn?: string | null;
}

/**
 * Adds a person and their member record in an organization directly (the
 * resident ID encrypted with the test vault, as the app would).
 */
export async function addMember(db: Db, org: OrgNode, spec: MemberSpec = {}): Promise<{ memberId: number; personId: number }> {
  const k = db.kysely;
  const orgRow = await k.selectFrom('party_org').select(['territory_id', 'territory_path']).where('id', '=', org.id).executeTakeFirstOrThrow();
  const { id: personId } = await k
    .insertInto('person')
    .values({
      district_id: org.districtId,
      territory_id: orgRow.territory_id,
      territory_path: orgRow.territory_path,
      name: spec.name ?? `党员${nextCode}`,
      gender: spec.gender ?? 'male',
      phone: '13700000000',
      employer_unit_id: spec.employerUnitId ?? null,
      in_unit_management: 0,
      resident_id_enc: spec.residentId ? testVault.encrypt(spec.residentId) : null,
      resident_id_hash: spec.residentId ? testVault.hash(spec.residentId) : null,
      birth_date: spec.residentId ? `${spec.residentId.slice(6, 10)}-${spec.residentId.slice(10, 12)}-${spec.residentId.slice(12, 14)}` : '1990-01-01',
      created_at: NOW,
      updated_at: NOW,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  nextCode++;
  const stage = spec.stage ?? 'full';
  const { id: memberId } = await k
    .insertInto('member')
    .values({
      district_id: org.districtId,
      person_id: personId,
      party_org_id: org.id,
      org_path: org.path,
      territory_path: orgRow.territory_path,
      stage,
      applied_on: spec.dates?.applied_on ?? null,
      activist_on: spec.dates?.activist_on ?? null,
      candidate_on: spec.dates?.candidate_on ?? null,
      admitted_on: spec.dates?.admitted_on ?? null,
      full_on: spec.dates?.full_on ?? (stage === 'full' ? '2015-07-01' : null),
      probation_until: spec.dates?.probation_until ?? null,
      last_contact_on: spec.lastContactOn === undefined ? '2026-11-01' : spec.lastContactOn,
      created_at: NOW,
      updated_at: NOW,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await invalidateLifeCompliance(k, [org.id]);
  return { memberId, personId };
}

export interface Fixture {
  districtId: number;
  root: number;
  streetA: number;
  streetB: number;
  buildingA: number;
  marketA: number;
  parkB: number;
  nodes: { root: Node; streetA: Node; streetB: Node; buildingA: Node; marketA: Node; parkB: Node };
  /** Street committees and one single-unit branch per street (星火科技 in A, 乙园软件 in B). */
  orgs: { committeeA: OrgNode; branchA: OrgNode; committeeB: OrgNode; branchB: OrgNode };
  /** One person per street (post holders and liaisons). */
  people: { A: number; B: number };
  /** A second district, for isolation between districts. */
  other: { districtId: number; root: Node; street: Node; area: Node; unit: number; committee: OrgNode; person: number };
  /** Units by name. */
  units: Record<string, number>;
  /** Username of one user per role and scope. */
  users: Record<'admin' | 'street1' | 'street2' | 'instructor1' | Exclude<Role, 'district_admin' | 'street_admin' | 'instructor'>, string>;
}

/**
 * A small district: two streets, three areas, seven units and one user per
 * role. Small on purpose: each assertion can name exactly what it expects.
 */
export async function loadFixture(db: Db): Promise<Fixture> {
  hash ??= hashPassword(TEST_PASSWORD);
  const passwordHash = await hash;
  const k = db.kysely;
  const { id: districtId } = await k
    .insertInto('district')
    .values({ name: '测试区', time_zone: 'Asia/Shanghai', created_at: NOW })
    .returning('id')
    .executeTakeFirstOrThrow();

  const node = (parent: Node | null, kind: string, name: string) => addTerritory(db, districtId, parent, kind, name);

  const root = await node(null, 'district', '测试区');
  const streetA = await node(root, 'street', '甲街道');
  const streetB = await node(root, 'street', '乙街道');
  const buildingA = await node(streetA, 'building', '金融大厦');
  const marketA = await node(streetA, 'market', '小商品市场');
  const parkB = await node(streetB, 'park', '科技园');

  const unitSpecs: [string, Node, number, number, string][] = [
    ['星火科技有限公司', buildingA, 120, 4, 'I'],
    ['明珠贸易有限公司', buildingA, 8, 1, 'F'],
    ['大厦物业管理有限公司', buildingA, 30, 0, 'L'],
    ['小商品经营部', marketA, 3, 0, 'F'],
    ['市场服装批发有限公司', marketA, 15, 2, 'F'],
    ['乙园软件股份有限公司', parkB, 800, 12, 'I'],
    ['乙园社会工作服务中心', parkB, 12, 1, 'Q'],
  ];
  const units: Record<string, number> = {};
  let n = 1;
  for (const [name, t, employees, members, industry] of unitSpecs) {
    units[name] = await addUnit(db, t, name, { employees, members, industry, social: name.endsWith('中心'), code: n++ });
  }

  const committeeA = await addOrg(db, streetA, null, 'committee', '甲街道综合经济党委');
  const branchA = await addOrg(db, buildingA, committeeA, 'branch', '星火科技有限公司党支部', { unitIds: [units['星火科技有限公司']!] });
  const committeeB = await addOrg(db, streetB, null, 'committee', '乙街道综合经济党委');
  const branchB = await addOrg(db, parkB, committeeB, 'branch', '乙园软件股份有限公司党支部', { unitIds: [units['乙园软件股份有限公司']!] });
  const personA = await addPerson(db, streetA, '张建华', { employerUnitId: units['星火科技有限公司'], inManagement: true });
  const personB = await addPerson(db, streetB, '李秀英');
  await addPost(db, branchA, personA, 'secretary');

  const userSpecs: [string, Role, number | null][] = [
    ['admin', 'district_admin', root.id],
    ['street1', 'street_admin', streetA.id],
    ['street2', 'street_admin', streetB.id],
    ['instructor1', 'instructor', streetA.id],
    ['secretary', 'secretary', null],
    ['member', 'member', null],
    ['representative', 'representative', null],
    ['department_handler', 'department_handler', null],
  ];
  const orgScoped: Partial<Record<Role, number>> = { secretary: branchA.id, member: branchA.id };
  for (const [username, role, scope] of userSpecs) {
    await k
      .insertInto('app_user')
      .values({
        district_id: districtId,
        username,
        display_name: username,
        password_hash: passwordHash,
        role,
        scope_territory_id: scope,
        scope_party_org_id: orgScoped[role] ?? null,
        locale: 'zh-CN',
        status: 'active',
        failed_logins: 0,
        created_at: NOW,
        updated_at: NOW,
      })
      .execute();
  }

  const { id: otherDistrict } = await k
    .insertInto('district')
    .values({ name: '邻区', time_zone: 'Asia/Shanghai', created_at: NOW })
    .returning('id')
    .executeTakeFirstOrThrow();
  const otherRoot = await addTerritory(db, otherDistrict, null, 'county_city', '邻市');
  const otherStreet = await addTerritory(db, otherDistrict, otherRoot, 'township', '邻镇');
  const otherArea = await addTerritory(db, otherDistrict, otherStreet, 'village', '邻村');
  const otherUnit = await addUnit(db, otherArea, '邻村合作社服务中心', { code: 900 });
  const otherCommittee = await addOrg(db, otherStreet, null, 'committee', '邻镇党委');
  const otherPerson = await addPerson(db, otherStreet, '王芳');
  await k
    .insertInto('app_user')
    .values({
      district_id: otherDistrict,
      username: 'other_admin',
      display_name: 'other_admin',
      password_hash: passwordHash,
      role: 'district_admin',
      scope_territory_id: otherRoot.id,
      locale: 'zh-CN',
      status: 'active',
      failed_logins: 0,
      created_at: NOW,
      updated_at: NOW,
    })
    .execute();

  return {
    districtId,
    nodes: { root, streetA, streetB, buildingA, marketA, parkB },
    orgs: { committeeA, branchA, committeeB, branchB },
    people: { A: personA, B: personB },
    other: { districtId: otherDistrict, root: otherRoot, street: otherStreet, area: otherArea, unit: otherUnit, committee: otherCommittee, person: otherPerson },
    root: root.id,
    streetA: streetA.id,
    streetB: streetB.id,
    buildingA: buildingA.id,
    marketA: marketA.id,
    parkB: parkB.id,
    units,
    users: {
      admin: 'admin',
      street1: 'street1',
      street2: 'street2',
      instructor1: 'instructor1',
      secretary: 'secretary',
      member: 'member',
      representative: 'representative',
      department_handler: 'department_handler',
    },
  };
}
