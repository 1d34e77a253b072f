import { sql, type Expression, type Kysely, type SqlBool, type Transaction } from 'kysely';
import { ageOn, maskPhone, maskResidentId } from '../../domain/ids.js';
import type { CloseReason, EducationLevel, MemberStage, MemberStatus, Occupation } from '../../domain/members.js';
import { subtreeRange } from '../../domain/paths.js';
import type { Database } from '../../db/schema.js';
import { containsText, countAll } from '../../db/sql.js';
import type { Vault } from '../../server/crypto.js';
import { parseSort } from '../../server/schemas.js';
import { inOrgScope, inTerritoryScope, withinPath, type Scope } from '../../server/scope.js';

type Q = Kysely<Database> | Transaction<Database>;

/** The scope filter of every member row: by the member's organization (secretaries) or its territory (territory staff). */
export function memberInScope(scope: Scope): Expression<SqlBool> {
  return inOrgScope(scope, 'member', 'org_path', 'territory_path');
}

/**
 * Units a scope can see: territory staff the units in their territory;
 * organization-scoped users (secretaries) the units their organizations
 * currently cover. Refers to the outer `unit` row.
 */
export function unitInScope(scope: Scope): Expression<SqlBool> {
  if (scope.territoryPath) return inTerritoryScope(scope, 'unit', 'territory_path');
  if (!scope.partyOrgPath) return sql<SqlBool>`1 = 0`;
  const { from, to } = subtreeRange(scope.partyOrgPath);
  return sql<SqlBool>`(unit.district_id = ${scope.districtId} and exists (
    select 1 from party_org_unit pou join party_org po on po.id = pou.party_org_id
    where pou.unit_id = unit.id and pou.until_on is null and po.path >= ${from} and po.path < ${to}))`;
}

/**
 * Member rows with their person, organization and employer, unscoped: callers add the scope.
 * `byPerson` reads people first (a CROSS JOIN keeps that order on SQLite): for pages in name
 * order over a large range, the database then walks `person_name` and stops at the page.
 */
export function memberRows(db: Q, byPerson = false) {
  const joined = byPerson
    ? db.selectFrom('person').crossJoin('member').whereRef('member.person_id', '=', 'person.id')
    : db.selectFrom('member').innerJoin('person', 'person.id', 'member.person_id');
  return joined
    .innerJoin('party_org', 'party_org.id', 'member.party_org_id')
    .leftJoin('unit', 'unit.id', 'person.employer_unit_id')
    .select([
      'member.id',
      'member.district_id',
      'member.person_id',
      'member.party_org_id',
      'member.org_path',
      'member.territory_path',
      'member.stage',
      'member.status',
      'member.closed_on',
      'member.closed_reason',
      'member.occupation',
      'member.position',
      'member.is_key_post',
      'member.is_technical_backbone',
      'member.is_middle_management',
      'member.is_decision_level',
      'member.applied_on',
      'member.activist_on',
      'member.candidate_on',
      'member.admitted_on',
      'member.full_on',
      'member.probation_until',
      'member.is_mobile',
      'member.last_contact_on',
      'member.created_at',
      'member.updated_at',
      'person.name',
      'person.gender',
      'person.phone',
      'person.employer_unit_id',
      'person.unit_position',
      'person.in_unit_management',
      'person.resident_id_enc',
      'person.birth_date',
      'person.ethnicity',
      'person.education',
      'person.territory_id as person_territory_id',
      'party_org.name as org_name',
      'party_org.kind as org_kind',
      'party_org.territory_path as org_territory_path',
      'unit.name as unit_name',
    ]);
}

export type MemberRow = Awaited<ReturnType<ReturnType<typeof memberRows>['executeTakeFirstOrThrow']>>;

/** A member the scope can see (any status), or undefined: callers answer 404. */
export function findMember(db: Q, scope: Scope, id: number): Promise<MemberRow | undefined> {
  return memberRows(db).where('member.id', '=', id).where(memberInScope(scope)).executeTakeFirst();
}

/** The resident ID masked for display (region and check visible), decrypted only to mask it. */
export function maskedResidentId(vault: Vault, sealed: string | null): string | null {
  return sealed === null ? null : maskResidentId(vault.decrypt(sealed));
}

/** The member as every list, detail and export shows it: resident ID and phone always masked. */
export function toMemberDto(r: MemberRow, vault: Vault, today: string) {
  return {
    id: r.id,
    personId: r.person_id,
    name: r.name,
    gender: r.gender as 'male' | 'female' | null,
    ethnicity: r.ethnicity,
    age: r.birth_date ? ageOn(r.birth_date, today) : null,
    residentId: maskedResidentId(vault, r.resident_id_enc),
    phone: r.phone === null ? null : maskPhone(r.phone),
    education: r.education as EducationLevel | null,
    occupation: r.occupation as Occupation | null,
    orgId: r.party_org_id,
    orgName: r.org_name,
    stage: r.stage as MemberStage,
    stageDates: {
      appliedOn: r.applied_on,
      activistOn: r.activist_on,
      candidateOn: r.candidate_on,
      admittedOn: r.admitted_on,
      fullOn: r.full_on,
      probationUntil: r.probation_until,
    },
    employerUnitId: r.employer_unit_id,
    employerUnitName: r.unit_name,
    position: r.unit_position ?? r.position,
    inUnitManagement: r.in_unit_management === 1,
    flags: {
      keyPost: r.is_key_post === 1,
      technicalBackbone: r.is_technical_backbone === 1,
      middleManagement: r.is_middle_management === 1,
      decisionLevel: r.is_decision_level === 1,
    },
    isMobile: r.is_mobile === 1,
    lastContactOn: r.last_contact_on,
    status: r.status as MemberStatus,
    closedOn: r.closed_on,
    closedReason: r.closed_reason as CloseReason | null,
  };
}
export type MemberDto = ReturnType<typeof toMemberDto>;

export interface MemberFilterValues {
  withinOrgPath?: string | undefined;
  withinTerritoryPath?: string | undefined;
  stage?: string | undefined;
  status?: string | undefined;
  gender?: string | undefined;
  keyPost?: boolean | undefined;
  technicalBackbone?: boolean | undefined;
  middleManagement?: boolean | undefined;
  decisionLevel?: boolean | undefined;
  mobile?: boolean | undefined;
  employerUnitId?: number | undefined;
  q?: string | undefined;
  sort?: string | undefined;
}

const SORT_COLUMNS = {
  name: 'person.name',
  stage: 'member.stage',
  admittedOn: 'member.admitted_on',
  fullOn: 'member.full_on',
  // Ascending age is descending birth date.
  age: 'person.birth_date',
  lastContactOn: 'member.last_contact_on',
  createdAt: 'member.created_at',
} as const;

/** The yes/no filters and the member columns they test. */
const FLAG_COLUMNS = {
  keyPost: 'is_key_post',
  technicalBackbone: 'is_technical_backbone',
  middleManagement: 'is_middle_management',
  decisionLevel: 'is_decision_level',
  mobile: 'is_mobile',
} as const;

/** The conditions of the filters on the member row itself (counts need no join for them). */
function memberConditions(scope: Scope, f: MemberFilterValues): Expression<SqlBool>[] {
  const c: Expression<SqlBool>[] = [memberInScope(scope)];
  if (f.withinOrgPath) c.push(withinPath('member.org_path', f.withinOrgPath));
  if (f.withinTerritoryPath) c.push(withinPath('member.territory_path', f.withinTerritoryPath));
  if (f.stage) c.push(sql<SqlBool>`member.stage = ${f.stage}`);
  if (f.status) c.push(sql<SqlBool>`member.status = ${f.status}`);
  for (const [key, column] of Object.entries(FLAG_COLUMNS)) {
    const v = f[key as keyof typeof FLAG_COLUMNS];
    if (v !== undefined) c.push(sql<SqlBool>`${sql.ref(`member.${column}`)} = ${v ? 1 : 0}`);
  }
  return c;
}

/** The conditions on the member's person (these need the join). */
function personConditions(f: MemberFilterValues): Expression<SqlBool>[] {
  const c: Expression<SqlBool>[] = [];
  if (f.gender) c.push(sql<SqlBool>`person.gender = ${f.gender}`);
  if (f.employerUnitId !== undefined) c.push(sql<SqlBool>`person.employer_unit_id = ${f.employerUnitId}`);
  if (f.q) c.push(containsText('person.name', f.q.trim()));
  return c;
}

const all = (c: Expression<SqlBool>[]) => sql<SqlBool>`(${sql.join(c, sql` and `)})`;

function filtered(db: Q, scope: Scope, f: MemberFilterValues, byPerson = false) {
  const q = memberRows(db, byPerson).where(all([...memberConditions(scope, f), ...personConditions(f)]));
  // Lets the person-first order seek `person_name` (district_id, name).
  return byPerson ? q.where('person.district_id', '=', scope.districtId) : q;
}

/**
 * Above this many matching members a page in name order is read by walking
 * people in name order (the first pages of a district: ≈ 1 ms instead of
 * sorting 1.2M rows, ≈ 1 s); below it the matching members are sorted.
 */
const WALK_BY_NAME_FROM = 5000;

/**
 * The members matching the filters, joined to their person only when a filter is on
 * the person: every member has one (not null, foreign key), so the join would
 * only cost a random read of each (5,000 for a street of the city: 20–40 ms warm,
 * 200 ms cold — the member list's p95 on PostgreSQL).
 */
function matching(db: Q, scope: Scope, f: MemberFilterValues) {
  const person = personConditions(f);
  return person.length
    ? db.selectFrom('member').innerJoin('person', 'person.id', 'member.person_id').where(all([...memberConditions(scope, f), ...person]))
    : db.selectFrom('member').where(all(memberConditions(scope, f)));
}

async function manyMatch(db: Q, scope: Scope, f: MemberFilterValues): Promise<boolean> {
  const capped = matching(db, scope, f).select(sql<number>`1`.as('one')).limit(WALK_BY_NAME_FROM);
  const { n } = await db.selectFrom(capped.as('m')).select(countAll().as('n')).executeTakeFirstOrThrow();
  return Number(n) >= WALK_BY_NAME_FROM;
}

async function countMembers(db: Q, scope: Scope, f: MemberFilterValues): Promise<number> {
  const person = personConditions(f);
  const flagged = Object.keys(FLAG_COLUMNS).some((k) => f[k as keyof typeof FLAG_COLUMNS] !== undefined);
  if (scope.territoryPath && !person.length && !flagged && !f.withinOrgPath) {
    // Territory staff: from the members counted per territory node (migration 0009).
    let c = db.selectFrom('member_count').select(sql<number>`coalesce(sum(n), 0)`.as('n')).where(inTerritoryScope(scope, 'member_count', 'territory_path'));
    if (f.withinTerritoryPath) c = c.where(withinPath('territory_path', f.withinTerritoryPath));
    if (f.stage) c = c.where('stage', '=', f.stage);
    if (f.status) c = c.where('status', '=', f.status);
    return Number((await c.executeTakeFirstOrThrow()).n);
  }
  return Number((await matching(db, scope, f).select(countAll().as('n')).executeTakeFirstOrThrow()).n);
}

export async function listMemberRows(db: Q, scope: Scope, f: MemberFilterValues, page: number, pageSize: number) {
  const { field, desc } = parseSort(f.sort, 'name');
  const column = SORT_COLUMNS[field as keyof typeof SORT_COLUMNS] ?? 'person.name';
  const dir = (field === 'age' ? !desc : desc) ? 'desc' : 'asc';
  const byPerson = column === 'person.name' && (await manyMatch(db, scope, f));
  const [rows, total] = await Promise.all([
    filtered(db, scope, f, byPerson)
      .orderBy(column, dir)
      .orderBy('member.id')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    countMembers(db, scope, f),
  ]);
  return { rows, total };
}

/** The filtered members in id order, in batches (exports). */
export async function* eachMemberRow(db: Q, scope: Scope, f: MemberFilterValues, batch = 1000) {
  let after = 0;
  for (;;) {
    const rows = await filtered(db, scope, f).where('member.id', '>', after).orderBy('member.id').limit(batch).execute();
    yield rows;
    if (rows.length < batch) return;
    after = rows[rows.length - 1]!.id;
  }
}

/** An organization anywhere in the district (transfers and hosts need not be in the caller's scope). */
export function orgInDistrict(db: Q, districtId: number, id: number) {
  return db
    .selectFrom('party_org')
    .select(['id', 'name', 'kind', 'path', 'territory_id', 'territory_path', 'status'])
    .where('id', '=', id)
    .where('district_id', '=', districtId)
    .executeTakeFirst();
}

/** The later of two optional dates. */
export function laterDate(a: string | null, b: string): string {
  return a !== null && a > b ? a : b;
}
