import { sql, type SqlBool } from 'kysely';
import {
  coverageRates,
  emptyCounts,
  sumCounts,
  suggestJointBranches,
  worklistAction,
  type CoverageCounts,
  type CoverageState,
  type JointBranchCandidate,
  type WorklistAction,
} from '../../domain/coverage.js';
import { pathIds, subtreeRange } from '../../domain/paths.js';
import type { Territory } from '../../db/schema.js';
import { containsText } from '../../db/sql.js';
import { worklistCandidate, worklistOrder } from '../../db/migrations/0013_worklist_rank.js';
import type { Ctx } from '../../server/context.js';
import { AppError, Problems } from '../../server/errors.js';
import { inTerritoryScope, withinPath, type PathCheck } from '../../server/scope.js';
import { recordAudit } from '../audit/record.js';
import { personInScope } from '../people/queries.js';
import { districtContext } from '../district/context.js';
import { findTerritory } from '../territory/queries.js';
import { addTo, childCounts, childrenTotal, countsByPath, monthEnds, subtreeCounts, type ChildSort, type SubtreeCount } from './queries.js';
import { recomputeCoverage } from './recompute.js';
import { trendCounts } from './trend.js';
import { unitMemberCount, unitMemberSource } from './members.js';

/** The node a coverage question is about: the one asked for, or the root of the caller's scope. */
export async function scopeNode(ctx: Ctx, territoryId: number | undefined): Promise<Territory> {
  const k = ctx.db.kysely;
  const scope = ctx.actor.scope;
  if (territoryId !== undefined) {
    const node = await findTerritory(k, scope, territoryId);
    if (!node) throw AppError.notFound();
    return node;
  }
  const root = scope.territoryPath ? await findTerritory(k, scope, pathIds(scope.territoryPath).at(-1)!) : undefined;
  if (!root) throw AppError.notFound();
  return root;
}

function nodeDto(t: Pick<Territory, 'id' | 'name' | 'kind' | 'lng' | 'lat'>, counts: CoverageCounts) {
  return { territoryId: t.id, name: t.name, kind: t.kind, lng: t.lng, lat: t.lat, counts, rates: coverageRates(counts) };
}

/** How many children the summary brings for its chart: the largest by operating units. The table pages them all (coverageChildren). */
export const CHART_CHILDREN = 20;

/**
 * The coverage of a node, of what lies in it outside its active children, and
 * of its largest children, from the counts kept per subtree (coverage_rollup).
 */
export async function coverageSummary(ctx: Ctx, territoryId: number | undefined) {
  const node = await scopeNode(ctx, territoryId);
  const k = ctx.db.kysely;
  const scope = ctx.actor.scope;
  const [own, largest, registered] = await Promise.all([
    subtreeCounts(k, scope, [node.id]),
    childCounts(k, scope, node.id, { sort: 'operating', descending: true, limit: CHART_CHILDREN, offset: 0 }),
    anyRegistered(ctx, node.path),
  ]);
  // With every child in the chart, their sum is what they hold; only a larger node counts the rest.
  const inChildren = largest.items.length === largest.total ? sumCounts(largest.items.map((c) => c.counts)) : await childrenTotal(k, scope, node.id);
  const total = emptyCounts();
  for (const r of own) addTo(total, r.coverage, Number(r.n));
  // Units at the node itself, or under a closed child, are what its active children leave.
  const direct = emptyCounts();
  for (const key of Object.keys(direct) as (keyof CoverageCounts)[]) direct[key] = total[key] - inChildren[key];
  return {
    node: nodeDto(node, total),
    children: largest.items.map((c) => nodeDto(c.territory, c.counts)),
    childCount: largest.total,
    direct,
    memberCountSource: registered ? ('registry' as const) : ('survey' as const),
  };
}

/** One page of a node's active children with their coverage, sorted and filtered by name. */
export async function coverageChildren(ctx: Ctx, f: { territoryId?: number; q?: string; sort?: string }, page: number, pageSize: number) {
  const node = await scopeNode(ctx, f.territoryId);
  const descending = f.sort?.startsWith('-') ?? false;
  const sort = (f.sort?.replace(/^-/, '') ?? 'name') as ChildSort;
  const { items, total } = await childCounts(ctx.db.kysely, ctx.actor.scope, node.id, { q: f.q, sort, descending, limit: pageSize, offset: (page - 1) * pageSize });
  return { items: items.map((c) => nodeDto(c.territory, c.counts)), total };
}

async function anyRegistered(ctx: Ctx, path: string): Promise<boolean> {
  const { from, to } = subtreeRange(path);
  const row = await ctx.db.kysely
    .selectFrom('member')
    .select('id')
    .where('district_id', '=', ctx.actor.scope.districtId)
    .where('territory_path', '>=', from)
    .where('territory_path', '<', to)
    .where('status', '=', 'active')
    .limit(1)
    .executeTakeFirst();
  return Boolean(row);
}

export async function coverageTrend(ctx: Ctx, territoryId: number | undefined, months: number) {
  const node = await scopeNode(ctx, territoryId);
  const dc = await districtContext(ctx);
  const dates = monthEnds(dc.today, months);
  const counts = await trendCounts(ctx, node, dates, dc.today);
  return { items: dates.map((on, i) => ({ on, counts: counts[i]!, rates: coverageRates(counts[i]!) })) };
}

/** Areas (and streets) as points for the map, each with its coverage. */
export async function coverageMap(ctx: Ctx, territoryId: number | undefined) {
  const node = await scopeNode(ctx, territoryId);
  const k = ctx.db.kysely;
  const { from, to } = subtreeRange(node.path);
  const [nodes, rows] = await Promise.all([
    k
      .selectFrom('territory')
      .selectAll()
      .where(inTerritoryScope(ctx.actor.scope, 'territory', 'path'))
      .where('path', '>=', from)
      .where('path', '<', to)
      .where('status', '=', 'active')
      .execute(),
    countsByPath(k, ctx.actor.scope, node.path),
  ]);
  const byPath = new Map<string, CoverageCounts>();
  for (const r of rows) {
    const c = byPath.get(r.territory_path) ?? emptyCounts();
    addTo(c, r.coverage, Number(r.n));
    byPath.set(r.territory_path, c);
  }
  const points = nodes
    // Every node with units of its own is a point, the asked-for node too (units registered on a street directly).
    .filter((t) => t.lng !== null && t.lat !== null && byPath.has(t.path))
    .map((t) => nodeDto(t, byPath.get(t.path)!));
  const located = nodes.filter((t) => t.lng !== null && t.lat !== null);
  const center =
    node.lng !== null && node.lat !== null
      ? { lng: node.lng, lat: node.lat }
      : located.length
        ? { lng: located.reduce((s, t) => s + t.lng!, 0) / located.length, lat: located.reduce((s, t) => s + t.lat!, 0) / located.length }
        : { lng: 121.47, lat: 31.23 };
  return { center, points };
}

export interface WorklistFilters {
  territoryId?: number | undefined;
  action?: WorklistAction | undefined;
  q?: string | undefined;
}

/** From this many operating units under the node, its worklist reads the index unit_worklist for the whole district, checking each entry's path. */
const WALK_WORKLIST_FROM = 5000;

/**
 * Uncovered units, most urgent first: those whose members must form a branch,
 * then those that should join a joint branch (with the nearest ones that have
 * room), then those that need a liaison.
 */
export async function worklistQuery(ctx: Ctx, f: WorklistFilters, opts: { page?: boolean } = {}) {
  const node = await scopeNode(ctx, f.territoryId);
  const dc = await districtContext(ctx);
  const min = dc.forming.branchMinFullMembers;
  // A page reads the node's rolled-up counts: for its total, and to choose its plan. A street's 19k candidates
  // are counted faster from the district's covering index (234k entries) than by looking each one up through
  // the territory index; an area's few hundred are not. An export walks units by id and needs neither.
  const subtree = opts.page ? await subtreeCounts(ctx.db.kysely, ctx.actor.scope, [node.id]) : [];
  const path: PathCheck = subtree.reduce((n, r) => n + Number(r.n), 0) >= WALK_WORKLIST_FROM ? 'row' : 'index';
  // The territory is joined for a page's columns only (withTerritory): a count would look up every candidate's.
  let q = ctx.db.kysely
    .selectFrom('unit')
    .where(inTerritoryScope(ctx.actor.scope, 'unit', 'territory_path', path))
    .where(withinPath('unit.territory_path', node.path, path))
    // Literal, as the partial index unit_worklist is written (migration 0013).
    .where(sql.raw<SqlBool>(`(${worklistCandidate('unit.')})`))
    .where((eb) => eb.or([eb('unit.coverage', '=', 'none'), eb(unitMemberCount, '>', 0)]));
  if (f.action === 'form_branch') q = q.where(unitMemberCount, '>=', min);
  if (f.action === 'join_joint_branch') q = q.where(unitMemberCount, '>=', 1).where(unitMemberCount, '<', min);
  if (f.action === 'assign_liaison') q = q.where(unitMemberCount, '=', 0);
  if (f.q) q = q.where(containsText('unit.name', f.q.trim()));
  return { q, dc, subtree };
}

const WORKLIST_COLUMNS = [
  unitMemberCount.as('member_count'),
  unitMemberSource.as('member_source'),
  'unit.id',
  'unit.name',
  'unit.credit_code',
  'unit.industry',
  'unit.employee_count',
  'unit.surveyed_member_count',
  'unit.coverage',
  'unit.territory_id',
  'unit.territory_path',
  'territory.name as territory_name',
  'territory.lng',
  'territory.lat',
] as const;

function withTerritory(q: Awaited<ReturnType<typeof worklistQuery>>['q']) {
  return q.innerJoin('territory', 'territory.id', 'unit.territory_id').select(WORKLIST_COLUMNS);
}

type WorklistRow = {
  id: number;
  name: string;
  credit_code: string;
  industry: string;
  employee_count: number;
  surveyed_member_count: number;
  member_count: number;
  member_source: 'registry' | 'survey';
  coverage: string;
  territory_id: number;
  territory_path: string;
  territory_name: string;
  lng: number | null;
  lat: number | null;
};

async function describeWorklist(ctx: Ctx, rows: WorklistRow[], dc: Awaited<ReturnType<typeof districtContext>>) {
  const needSuggestions = rows.filter((r) => worklistAction(Number(r.member_count), r.coverage as CoverageState, dc.forming) === 'join_joint_branch');
  const streetPaths = [...new Set(needSuggestions.map((r) => `/${pathIds(r.territory_path).slice(0, 2).join('/')}/`))];
  const candidatesByStreet = new Map<string, JointBranchCandidate[]>();
  for (const sp of streetPaths) candidatesByStreet.set(sp, await jointBranchCandidates(ctx, sp));
  return rows.map((r) => {
    const action = worklistAction(Number(r.member_count), r.coverage as CoverageState, dc.forming)!;
    const sp = `/${pathIds(r.territory_path).slice(0, 2).join('/')}/`;
    return {
      unitId: r.id,
      name: r.name,
      creditCode: r.credit_code,
      industry: r.industry,
      employeeCount: r.employee_count,
      territoryId: r.territory_id,
      territoryName: r.territory_name,
      coverage: r.coverage as CoverageState,
      memberCount: Number(r.member_count),
      memberCountSource: r.member_source,
      action,
      suggestions:
        action === 'join_joint_branch'
          ? suggestJointBranches({ territoryPath: r.territory_path, industry: r.industry, lng: r.lng, lat: r.lat }, candidatesByStreet.get(sp) ?? [], dc.forming)
          : [],
    };
  });
}

/** Active joint branches of a street with their covered units, industries and place. */
async function jointBranchCandidates(ctx: Ctx, streetPath: string): Promise<JointBranchCandidate[]> {
  const { from, to } = subtreeRange(streetPath);
  const k = ctx.db.kysely;
  const orgs = await k
    .selectFrom('party_org')
    .innerJoin('territory', 'territory.id', 'party_org.territory_id')
    .select(['party_org.id', 'party_org.name', 'party_org.territory_path', 'territory.lng', 'territory.lat'])
    .where(inTerritoryScope(ctx.actor.scope, 'party_org', 'territory_path'))
    .where('party_org.territory_path', '>=', from)
    .where('party_org.territory_path', '<', to)
    .where('party_org.kind', '=', 'joint_branch')
    .where('party_org.status', '=', 'active')
    .execute();
  if (!orgs.length) return [];
  const links = await k
    .selectFrom('party_org_unit')
    .innerJoin('unit', 'unit.id', 'party_org_unit.unit_id')
    .select(['party_org_unit.party_org_id as org', 'unit.industry'])
    .where('party_org_unit.party_org_id', 'in', orgs.map((o) => o.id))
    .where('party_org_unit.until_on', 'is', null)
    .execute();
  return orgs.map((o) => {
    const mine = links.filter((l) => l.org === o.id);
    return {
      id: o.id,
      name: o.name,
      territoryPath: o.territory_path,
      coveredUnits: mine.length,
      industries: [...new Set(mine.map((l) => l.industry))],
      lng: o.lng,
      lat: o.lat,
    };
  });
}

/**
 * The worklist's length from the node's rolled-up counts: its operating units
 * without coverage, and those reached by work that have members; or, for the
 * liaison action, those without coverage and without members. The actions
 * that compare the member count with the district's branch minimum are counted.
 */
function worklistTotal(subtree: SubtreeCount[], action: WorklistFilters['action']): number | null {
  if (action && action !== 'assign_liaison') return null;
  const counts = (r: SubtreeCount) =>
    action === 'assign_liaison' ? r.coverage === 'none' && Number(r.has_members) === 0 : r.coverage === 'none' || (r.coverage === 'work' && Number(r.has_members) === 1);
  return subtree.filter(counts).reduce((n, r) => n + Number(r.n), 0);
}

export async function worklist(ctx: Ctx, f: WorklistFilters, page: number, pageSize: number) {
  const { q, dc, subtree } = await worklistQuery(ctx, f, { page: true });
  // Without a name or a member threshold the total is read from the node's rolled-up counts.
  const kept = f.q ? null : worklistTotal(subtree, f.action);
  // The expressions of the index unit_worklist (migration 0013), so that a page walks it instead of sorting.
  let ordered = withTerritory(q);
  for (const o of worklistOrder('unit.')) ordered = ordered.orderBy(sql.raw(o.expr), o.dir);
  const [rows, total] = await Promise.all([
    ordered
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    kept ?? q.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: await describeWorklist(ctx, rows, dc), total: Number(typeof total === 'number' ? total : total.n) };
}

/** Resolves the filters (404 for a node out of scope) before any byte of an export is sent. */
export async function worklistExport(ctx: Ctx, f: WorklistFilters) {
  const prepared = await worklistQuery(ctx, f);
  return eachWorklistItem(ctx, prepared);
}

async function* eachWorklistItem(ctx: Ctx, { q, dc }: Awaited<ReturnType<typeof worklistQuery>>) {
  let after = 0;
  for (;;) {
    const rows = await withTerritory(q).where('unit.id', '>', after).orderBy('unit.id').limit(1000).execute();
    yield* await describeWorklist(ctx, rows, dc);
    if (rows.length < 1000) return;
    after = rows[rows.length - 1]!.id;
  }
}

async function visibleUnit(ctx: Ctx, unitId: number) {
  const unit = await ctx.db.kysely
    .selectFrom('unit')
    .selectAll()
    .where('id', '=', unitId)
    .where(inTerritoryScope(ctx.actor.scope, 'unit', 'territory_path'))
    .executeTakeFirst();
  if (!unit) throw AppError.notFound();
  return unit;
}

export async function unitCoverage(ctx: Ctx, unitId: number) {
  const unit = await visibleUnit(ctx, unitId);
  const k = ctx.db.kysely;
  const [links, liaisons] = await Promise.all([
    k
      .selectFrom('party_org_unit')
      .innerJoin('party_org', 'party_org.id', 'party_org_unit.party_org_id')
      .select(['party_org.id', 'party_org.name', 'party_org.kind', 'party_org.formation_mode', 'party_org_unit.since_on', 'party_org_unit.until_on'])
      .where('party_org_unit.unit_id', '=', unitId)
      .orderBy('party_org_unit.since_on', 'desc')
      .execute(),
    k
      .selectFrom('liaison_assignment')
      .innerJoin('person', 'person.id', 'liaison_assignment.person_id')
      .select(['liaison_assignment.id', 'liaison_assignment.unit_id', 'liaison_assignment.person_id', 'person.name', 'liaison_assignment.kind', 'liaison_assignment.since_on', 'liaison_assignment.until_on'])
      .where('liaison_assignment.unit_id', '=', unitId)
      .orderBy('liaison_assignment.since_on', 'desc')
      .execute(),
  ]);
  const current = links.find((l) => l.until_on === null);
  return {
    unitId,
    coverage: unit.coverage as CoverageState,
    org: current ? { id: current.id, name: current.name, kind: current.kind, formationMode: current.formation_mode, sinceOn: current.since_on } : null,
    liaisons: liaisons.map((l) => ({
      id: l.id,
      unitId: l.unit_id,
      personId: l.person_id,
      personName: l.name,
      kind: l.kind as 'instructor' | 'liaison',
      sinceOn: l.since_on,
      untilOn: l.until_on,
    })),
    history: links.map((l) => ({ orgId: l.id, orgName: l.name, sinceOn: l.since_on, untilOn: l.until_on })),
  };
}

/** Work coverage: an instructor or liaison reaches a unit that has no organization. */
export async function assignLiaison(ctx: Ctx, unitId: number, input: { personId: number; kind: string; sinceOn?: string | undefined }) {
  const unit = await visibleUnit(ctx, unitId);
  const dc = await districtContext(ctx);
  const k = ctx.db.kysely;
  const person = await personInScope(k, ctx.actor.scope, input.personId);
  const on = input.sinceOn ?? dc.today;
  const problems = new Problems();
  if (unit.status !== 'operating') problems.add('unitId', 'unit_closed');
  if (on > dc.today) problems.add('sinceOn', 'date_in_future');
  problems.throwIfAny();
  await k.transaction().execute(async (trx) => {
    await trx
      .insertInto('liaison_assignment')
      .values({ district_id: unit.district_id, unit_id: unitId, person_id: person.id, kind: input.kind, since_on: on, created_at: ctx.clock.now().toISOString() })
      .execute();
    await recomputeCoverage(trx, [unitId]);
    await recordAudit(trx, ctx, { action: 'unit.assign_liaison', entityType: 'unit', entityId: unitId, scopePath: unit.territory_path, after: { personId: person.id, personName: person.name, kind: input.kind, sinceOn: on } });
  });
  return unitCoverage(ctx, unitId);
}

export async function endLiaison(ctx: Ctx, assignmentId: number, untilOn: string | undefined) {
  const k = ctx.db.kysely;
  const a = await k
    .selectFrom('liaison_assignment')
    .innerJoin('unit', 'unit.id', 'liaison_assignment.unit_id')
    .select(['liaison_assignment.id', 'liaison_assignment.unit_id', 'liaison_assignment.since_on', 'liaison_assignment.until_on', 'unit.territory_path'])
    .where('liaison_assignment.id', '=', assignmentId)
    .where(inTerritoryScope(ctx.actor.scope, 'unit', 'territory_path'))
    .executeTakeFirst();
  if (!a) throw AppError.notFound();
  if (a.until_on) throw AppError.conflict([{ field: 'untilOn', code: 'already_closed' }]);
  const dc = await districtContext(ctx);
  const on = untilOn ?? dc.today;
  const problems = new Problems();
  if (on > dc.today) problems.add('untilOn', 'date_in_future');
  if (on < a.since_on) problems.add('untilOn', 'date_order', { after: a.since_on });
  problems.throwIfAny();
  await k.transaction().execute(async (trx) => {
    await trx.updateTable('liaison_assignment').set({ until_on: on }).where('id', '=', assignmentId).execute();
    await recomputeCoverage(trx, [a.unit_id]);
    await recordAudit(trx, ctx, { action: 'unit.end_liaison', entityType: 'unit', entityId: a.unit_id, scopePath: a.territory_path, before: { assignmentId, untilOn: null }, after: { assignmentId, untilOn: on } });
  });
  return unitCoverage(ctx, a.unit_id);
}
