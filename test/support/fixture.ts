import { creditCodeCheckChar } from '../../src/domain/ids.js';
import { childPath } from '../../src/domain/paths.js';
import type { Db } from '../../src/db/connect.js';
import { hashPassword } from '../../src/modules/auth/passwords.js';
import type { Role } from '../../src/server/permissions.js';

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

export interface Fixture {
  districtId: number;
  root: number;
  streetA: number;
  streetB: number;
  buildingA: number;
  marketA: number;
  parkB: number;
  nodes: { root: Node; streetA: Node; streetB: Node; buildingA: Node; marketA: Node; parkB: Node };
  /** A second district, for isolation between districts. */
  other: { districtId: number; root: Node; street: Node; area: Node; unit: number };
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
    other: { districtId: otherDistrict, root: otherRoot, street: otherStreet, area: otherArea, unit: otherUnit },
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
