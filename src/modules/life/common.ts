/**
 * What the parts of organizational life share: the district's calendar and
 * rule numbers, the caller's own member record, scoped look-ups of meetings,
 * members and activity positions. Every function takes the query builder to
 * use (inside a transaction: the transaction, never ctx.db — SQLite has one
 * connection).
 */
import { sql, type Expression, type Kysely, type SqlBool, type Transaction } from 'kysely';
import type { Clock } from '../../domain/clock.js';
import { localDate } from '../../domain/dates.js';
import { EXPECTED_STAGES } from '../../domain/life.js';
import { subtreeRange } from '../../domain/paths.js';
import {
  developmentRulesFor,
  formingRulesFor,
  lifeRulesFor,
  parseSettings,
  type DevelopmentRules,
  type FormingRules,
  type LifeRules,
} from '../../domain/rulesets.js';
import type { Database, Meeting, Member } from '../../db/schema.js';
import type { Actor } from '../../server/context.js';
import { inOrgScope, inTerritoryScope, type Scope } from '../../server/scope.js';

export type Q = Kysely<Database> | Transaction<Database>;

export interface LifeDistrict {
  districtId: number;
  timeZone: string;
  rules: LifeRules;
  forming: FormingRules;
  development: DevelopmentRules;
  today: string;
}

export async function lifeDistrict(db: Q, districtId: number, clock: Clock): Promise<LifeDistrict> {
  const row = await db.selectFrom('district').select(['time_zone', 'settings_json']).where('id', '=', districtId).executeTakeFirstOrThrow();
  const settings = parseSettings(row.settings_json);
  return {
    districtId,
    timeZone: row.time_zone,
    rules: lifeRulesFor(settings),
    forming: formingRulesFor(settings),
    development: developmentRulesFor(settings),
    today: localDate(clock.now(), row.time_zone),
  };
}

/** 2026-04-01T06:30:00.000Z -> '2026-04-01 14:30' in Asia/Shanghai. */
export function localDateTime(iso: string, timeZone: string): string {
  const f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const p = Object.fromEntries(f.formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** Normalizes an instant to the stored form (ISO, milliseconds, Z): stored strings then compare in time order. */
export function iso(value: string): string {
  return new Date(value).toISOString();
}

export function chunks<T>(items: readonly T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The paths of a node and its ancestors: '/1/7/42/' -> ['/1/', '/1/7/', '/1/7/42/']. */
export function pathAndAncestors(path: string): string[] {
  const ids = path.split('/').filter(Boolean);
  return ids.map((_, i) => `/${ids.slice(0, i + 1).join('/')}/`);
}

export { withinPath } from '../../server/scope.js';

/** A meeting the scope can see (its organization is in scope), or undefined. */
export function findMeeting(db: Q, scope: Scope, id: number): Promise<Meeting | undefined> {
  return db.selectFrom('meeting').selectAll().where('id', '=', id).where(inOrgScope(scope, 'meeting', 'org_path', 'territory_path')).executeTakeFirst();
}

/** A member record the scope can see. */
export function findMember(db: Q, scope: Scope, id: number): Promise<Member | undefined> {
  return db.selectFrom('member').selectAll().where('id', '=', id).where(inOrgScope(scope, 'member', 'org_path', 'territory_path')).executeTakeFirst();
}

/** The caller's own member record (through app_user.person_id): the active one, party members first. */
export async function ownMember(db: Q, actor: Pick<Actor, 'userId' | 'scope'>): Promise<Member | null> {
  const user = await db.selectFrom('app_user').select('person_id').where('id', '=', actor.userId).executeTakeFirst();
  if (!user?.person_id) return null;
  return memberOfPerson(db, actor.scope.districtId, user.person_id);
}

export async function memberOfPerson(db: Q, districtId: number, personId: number): Promise<Member | null> {
  const rows = await db
    .selectFrom('member')
    .selectAll()
    .where('district_id', '=', districtId)
    .where('person_id', '=', personId)
    .where('status', '=', 'active')
    .orderBy('id', 'desc')
    .execute();
  const party = rows.find((r) => (EXPECTED_STAGES as readonly string[]).includes(r.stage));
  return party ?? rows[0] ?? null;
}

/**
 * Activity positions the scope can see. Territory-scoped users: those in their
 * territory. Organization-scoped users (secretaries, members): those run by
 * their organization or below, and those in the territory their organization
 * sits in or any territory above it (the street's service center, the
 * building's activity room) — the places they can book.
 */
export async function positionScope(db: Q, scope: Scope): Promise<Expression<SqlBool>> {
  if (scope.territoryPath) return inTerritoryScope(scope, 'activity_position', 'territory_path');
  if (!scope.partyOrgId || !scope.partyOrgPath) return sql<SqlBool>`1 = 0`;
  const org = await db.selectFrom('party_org').select('territory_path').where('id', '=', scope.partyOrgId).executeTakeFirst();
  if (!org) return sql<SqlBool>`1 = 0`;
  const { from, to } = subtreeRange(scope.partyOrgPath);
  const above = pathAndAncestors(org.territory_path);
  return sql<SqlBool>`(activity_position.district_id = ${scope.districtId} and ((activity_position.org_path >= ${from} and activity_position.org_path < ${to}) or activity_position.territory_path in (${sql.join(above)})))`;
}

/** Person names by id. */
export async function personNames(db: Q, ids: readonly (number | null)[]): Promise<Map<number, string>> {
  const wanted = [...new Set(ids.filter((x): x is number => x !== null))];
  const out = new Map<number, string>();
  for (const part of chunks(wanted)) {
    for (const r of await db.selectFrom('person').select(['id', 'name']).where('id', 'in', part).execute()) out.set(r.id, r.name);
  }
  return out;
}

/** Organization names and kinds by id. */
export async function orgInfo(db: Q, ids: readonly (number | null)[]): Promise<Map<number, { name: string; kind: string; path: string; parentId: number | null }>> {
  const wanted = [...new Set(ids.filter((x): x is number => x !== null))];
  const out = new Map<number, { name: string; kind: string; path: string; parentId: number | null }>();
  for (const part of chunks(wanted)) {
    for (const r of await db.selectFrom('party_org').select(['id', 'name', 'kind', 'path', 'parent_id']).where('id', 'in', part).execute()) {
      out.set(r.id, { name: r.name, kind: r.kind, path: r.path, parentId: r.parent_id });
    }
  }
  return out;
}

/** Current holders of committee posts (secretary, deputy, committee member) of an organization. */
export async function committeePersonIds(db: Q, orgId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('org_post')
    .select('person_id')
    .where('party_org_id', '=', orgId)
    .where('ended_on', 'is', null)
    .where('post', 'in', ['secretary', 'deputy_secretary', 'committee_member'])
    .execute();
  return [...new Set(rows.map((r) => r.person_id))];
}
