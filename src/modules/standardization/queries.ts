import { sql, type Expression, type Kysely, type SqlBool, type Transaction } from 'kysely';
import { CHECKLISTS, type ChecklistName } from '../../domain/coverage.js';
import { subtreeRange } from '../../domain/paths.js';
import type { Database } from '../../db/schema.js';
import { containsText, countAll } from '../../db/sql.js';
import { inOrgScope, type Scope } from '../../server/scope.js';
import { CHECKLIST_NAMES } from './schemas.js';

type Q = Kysely<Database> | Transaction<Database>;

/** The organizations that keep the standardization checklist: branches, joint branches, general branches. */
export const CHECKLIST_ORG_KINDS = ['branch', 'joint_branch', 'general_branch'] as const;

/** One organization's checklist rows, with their evidence file when there is one. */
export function checklistRows(db: Q, orgId: number) {
  return db
    .selectFrom('checklist_item')
    .leftJoin('upload', 'upload.id', 'checklist_item.upload_id')
    .select([
      'checklist_item.id',
      'checklist_item.checklist',
      'checklist_item.item',
      'checklist_item.done_on',
      'checklist_item.note',
      'checklist_item.upload_id',
      'upload.original_name as upload_name',
      'upload.mime as upload_mime',
      'upload.size as upload_size',
    ])
    .where('checklist_item.party_org_id', '=', orgId)
    .execute();
}

/** An evidence file of the organization (its row), or undefined. */
export function findUpload(db: Q, districtId: number, orgId: number, uploadId: number) {
  return db
    .selectFrom('upload')
    .selectAll()
    .where('id', '=', uploadId)
    .where('district_id', '=', districtId)
    .where('party_org_id', '=', orgId)
    .executeTakeFirst();
}

/** Items done per organization and checklist, as one row per organization. */
function doneCounts(db: Q, districtId: number) {
  return db
    .selectFrom('checklist_item')
    .select([
      'checklist_item.party_org_id as org_id',
      ...CHECKLIST_NAMES.map((c) => sql<number>`sum(case when checklist_item.checklist = ${c} then 1 else 0 end)`.as(c)),
    ])
    .where('checklist_item.district_id', '=', districtId)
    .where('checklist_item.done_on', 'is not', null)
    .groupBy('checklist_item.party_org_id');
}

export interface ChecklistOrgFilters {
  /** Territory subtree the organizations sit in. */
  rootPath: string;
  checklist?: ChecklistName | undefined;
  complete?: boolean | undefined;
  q?: string | undefined;
  sort?: string | undefined;
}

const doneOf = (c: ChecklistName) => sql<number>`coalesce(${sql.ref(`d.${c}`)}, 0)`;
/** Share of a checklist done, as SQL (for filtering and sorting). */
const shareOf = (c: ChecklistName) => sql<number>`(${doneOf(c)} * 1.0 / ${CHECKLISTS[c].length})`;

/**
 * Active checklist-keeping organizations in a territory subtree the scope can
 * see, each with the number of items done per checklist.
 */
function checklistOrgs(db: Q, scope: Scope, f: ChecklistOrgFilters) {
  const { from, to } = subtreeRange(f.rootPath);
  let q = db
    .selectFrom('party_org')
    .leftJoin(doneCounts(db, scope.districtId).as('d'), 'd.org_id', 'party_org.id')
    .where(inOrgScope(scope, 'party_org'))
    .where('party_org.territory_path', '>=', from)
    .where('party_org.territory_path', '<', to)
    .where('party_org.status', '=', 'active')
    .where('party_org.kind', 'in', [...CHECKLIST_ORG_KINDS]);
  if (f.complete !== undefined) {
    const lists = f.checklist ? [f.checklist] : CHECKLIST_NAMES;
    const full = lists.map((c) => sql<SqlBool>`${doneOf(c)} >= ${CHECKLISTS[c].length}`);
    const cond: Expression<SqlBool> = f.complete
      ? sql<SqlBool>`(${sql.join(full, sql` and `)})`
      : sql<SqlBool>`not (${sql.join(full, sql` and `)})`;
    q = q.where(cond);
  }
  if (f.q) q = q.where(containsText('party_org.name', f.q.trim()));
  return q;
}

export type ChecklistOrgRow = {
  id: number;
  name: string;
  kind: string;
  territory_id: number;
  territory_path: string;
  demo_site_level: string | null;
  share: number;
} & Record<ChecklistName, number>;

/** The organizations with their counts and their completion share (of the checklist asked for, or summed). */
function withCounts(db: Q, scope: Scope, f: ChecklistOrgFilters) {
  const share = f.checklist ? shareOf(f.checklist) : sql<number>`(${sql.join(CHECKLIST_NAMES.map(shareOf), sql` + `)})`;
  return checklistOrgs(db, scope, f)
    .select([
      'party_org.id',
      'party_org.name',
      'party_org.kind',
      'party_org.territory_id',
      'party_org.territory_path',
      'party_org.demo_site_level',
      ...CHECKLIST_NAMES.map((c) => doneOf(c).as(c)),
      share.as('share'),
    ])
    .$castTo<ChecklistOrgRow>();
}

function ordered(db: Q, scope: Scope, f: ChecklistOrgFilters) {
  const sort = f.sort ?? 'completion';
  const desc = sort.startsWith('-');
  const field = desc ? sort.slice(1) : sort;
  const dir = desc ? 'desc' : 'asc';
  let q = withCounts(db, scope, f);
  q = field === 'name' ? q.orderBy('party_org.name', dir) : q.orderBy(sql.ref('share'), dir).orderBy('party_org.name');
  return q.orderBy('party_org.id');
}

export async function listChecklistOrgs(db: Q, scope: Scope, f: ChecklistOrgFilters, page: number, pageSize: number) {
  const [rows, total] = await Promise.all([
    ordered(db, scope, f)
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    checklistOrgs(db, scope, f).select(countAll().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows.map(numeric), total: Number(total.n) };
}

export async function* eachChecklistOrg(db: Q, scope: Scope, f: ChecklistOrgFilters, batch = 1000) {
  for (let offset = 0; ; offset += batch) {
    const rows = await ordered(db, scope, f).limit(batch).offset(offset).execute();
    yield rows.map(numeric);
    if (rows.length < batch) return;
  }
}

/** Every checklist-keeping organization of the subtree with its counts (for the summary). */
export async function allChecklistOrgs(db: Q, scope: Scope, rootPath: string): Promise<ChecklistOrgRow[]> {
  const rows = await withCounts(db, scope, { rootPath }).execute();
  return rows.map(numeric);
}

/** How many of those organizations have each item done. */
export function itemCounts(db: Q, scope: Scope, rootPath: string) {
  const { from, to } = subtreeRange(rootPath);
  return db
    .selectFrom('checklist_item')
    .innerJoin('party_org', 'party_org.id', 'checklist_item.party_org_id')
    .select(['checklist_item.checklist', 'checklist_item.item', countAll().as('n')])
    .where(inOrgScope(scope, 'party_org'))
    .where('party_org.territory_path', '>=', from)
    .where('party_org.territory_path', '<', to)
    .where('party_org.status', '=', 'active')
    .where('party_org.kind', 'in', [...CHECKLIST_ORG_KINDS])
    .where('checklist_item.done_on', 'is not', null)
    .groupBy(['checklist_item.checklist', 'checklist_item.item'])
    .execute();
}

/** PostgreSQL answers sums as bigint/numeric; both dialects give numbers here. */
function numeric(r: ChecklistOrgRow): ChecklistOrgRow {
  const out = { ...r, share: Number(r.share) };
  for (const c of CHECKLIST_NAMES) out[c] = Number(r[c]);
  return out;
}

export async function territoryNames(db: Q, ids: number[]) {
  if (!ids.length) return new Map<number, string>();
  const rows = await db.selectFrom('territory').select(['id', 'name']).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
