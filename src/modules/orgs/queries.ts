import { sql, type Kysely, type Transaction } from 'kysely';
import { subtreeRange } from '../../domain/paths.js';
import type { Database, PartyOrg } from '../../db/schema.js';
import { containsText, countAll } from '../../db/sql.js';
import { parseSort } from '../../server/schemas.js';
import { inOrgScope, type Scope } from '../../server/scope.js';

type Q = Kysely<Database> | Transaction<Database>;

/** An organization the scope can see, or undefined (callers answer 404). */
export function findOrg(db: Q, scope: Scope, id: number): Promise<PartyOrg | undefined> {
  return db.selectFrom('party_org').selectAll().where('id', '=', id).where(inOrgScope(scope, 'party_org')).executeTakeFirst();
}

export interface OrgFilterValues {
  withinTerritoryPath?: string | undefined;
  withinOrgPath?: string | undefined;
  parentId?: number | undefined;
  kind?: string | undefined;
  formationMode?: string | undefined;
  status?: string | undefined;
  demoSite?: boolean | undefined;
  q?: string | undefined;
  sort?: string | undefined;
}

const SORT_COLUMNS = { name: 'party_org.name', kind: 'party_org.kind', foundedOn: 'party_org.founded_on', path: 'party_org.path' } as const;

function filtered(db: Q, scope: Scope, f: OrgFilterValues) {
  let q = db.selectFrom('party_org').where(inOrgScope(scope, 'party_org'));
  if (f.withinTerritoryPath) {
    const { from, to } = subtreeRange(f.withinTerritoryPath);
    q = q.where('party_org.territory_path', '>=', from).where('party_org.territory_path', '<', to);
  }
  if (f.withinOrgPath) {
    const { from, to } = subtreeRange(f.withinOrgPath);
    q = q.where('party_org.path', '>=', from).where('party_org.path', '<', to);
  }
  if (f.parentId !== undefined) q = q.where('party_org.parent_id', '=', f.parentId);
  if (f.kind) q = q.where('party_org.kind', '=', f.kind);
  if (f.formationMode) q = q.where('party_org.formation_mode', '=', f.formationMode);
  if (f.status) q = q.where('party_org.status', '=', f.status);
  if (f.demoSite !== undefined) q = q.where('party_org.demo_site_level', f.demoSite ? 'is not' : 'is', null);
  if (f.q) q = q.where(containsText('party_org.name', f.q.trim()));
  return q;
}

export async function listOrgRows(db: Q, scope: Scope, f: OrgFilterValues, page: number, pageSize: number) {
  const q = filtered(db, scope, f);
  const { field, desc } = parseSort(f.sort, 'path');
  const column = SORT_COLUMNS[field as keyof typeof SORT_COLUMNS] ?? 'party_org.path';
  const [rows, total] = await Promise.all([
    q
      .selectAll()
      .orderBy(column, desc ? 'desc' : 'asc')
      .orderBy('party_org.id')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    q.select(countAll().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

export async function* eachOrgRow(db: Q, scope: Scope, f: OrgFilterValues, batch = 1000) {
  let after = 0;
  for (;;) {
    const rows = await filtered(db, scope, f).selectAll().where('party_org.id', '>', after).orderBy('party_org.id').limit(batch).execute();
    yield rows;
    if (rows.length < batch) return;
    after = rows[rows.length - 1]!.id;
  }
}

/** Per organization: units currently covered, their surveyed members, and their industries. */
export async function coveredUnitStats(db: Q, orgIds: number[]) {
  if (!orgIds.length) return new Map<number, { units: number; surveyedMembers: number; industries: string[] }>();
  const rows = await db
    .selectFrom('party_org_unit')
    .innerJoin('unit', 'unit.id', 'party_org_unit.unit_id')
    .select(['party_org_unit.party_org_id as org', 'unit.industry', 'unit.surveyed_member_count as members'])
    .where('party_org_unit.party_org_id', 'in', orgIds)
    .where('party_org_unit.until_on', 'is', null)
    .where('unit.status', '=', 'operating')
    .execute();
  const out = new Map<number, { units: number; surveyedMembers: number; industries: string[] }>();
  for (const r of rows) {
    const s = out.get(r.org) ?? { units: 0, surveyedMembers: 0, industries: [] };
    s.units++;
    s.surveyedMembers += r.members;
    if (!s.industries.includes(r.industry)) s.industries.push(r.industry);
    out.set(r.org, s);
  }
  return out;
}

/** Current post holders per organization, with the person. */
export async function currentPosts(db: Q, orgIds: number[]) {
  if (!orgIds.length) return [];
  return db
    .selectFrom('org_post')
    .innerJoin('person', 'person.id', 'org_post.person_id')
    .select([
      'org_post.id',
      'org_post.party_org_id',
      'org_post.post',
      'org_post.started_on',
      'org_post.ended_on',
      'org_post.approved_on',
      'person.id as person_id',
      'person.name as person_name',
      'person.employer_unit_id',
      'person.unit_position',
      'person.in_unit_management',
      'person.full_member_since',
    ])
    .where('org_post.party_org_id', 'in', orgIds)
    .where('org_post.ended_on', 'is', null)
    .orderBy('org_post.party_org_id')
    .orderBy(sql`case org_post.post when 'secretary' then 0 when 'deputy_secretary' then 1 when 'committee_member' then 2 else 3 end`)
    .orderBy('org_post.started_on')
    .execute();
}

/** Territory kinds by id, to tell village and community organizations (5-year terms). */
export async function territoryKinds(db: Q, ids: number[]) {
  if (!ids.length) return new Map<number, { kind: string; name: string }>();
  const rows = await db.selectFrom('territory').select(['id', 'kind', 'name']).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, { kind: r.kind, name: r.name }]));
}

export async function districtSettingsJson(db: Q, districtId: number): Promise<string> {
  const row = await db.selectFrom('district').select('settings_json').where('id', '=', districtId).executeTakeFirst();
  return row?.settings_json ?? '{}';
}
