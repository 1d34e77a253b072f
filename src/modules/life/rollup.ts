/**
 * Life compliance kept per organization (docs/decisions/0008-life-compliance-rollup.md).
 *
 * Evaluating a year of meetings of every organization on each request costs
 * seconds at district scale and minutes at city scale, so each active
 * organization's overall status and requirements for today are stored in
 * `life_compliance`. A row is *due* when it was evaluated for another day or
 * other rules, or was invalidated; due rows are evaluated again before anyone
 * counts them, so what is read is always what a live evaluation would say.
 *
 * Every write that can change an organization's compliance (meetings,
 * attendance, minutes, posts, party groups, members' stage, status or
 * organization, closing or moving organizations, rule settings) calls
 * invalidateLifeCompliance() in its own transaction. Invalidation marks the
 * row due instead of deleting it: the next read then finds it with an index
 * seek, where finding missing rows means comparing every organization in
 * scope with the rollup (130–150 ms at 100k organizations on SQLite).
 *
 * The evaluation itself (what compliance depends on, which meetings count)
 * lives here; a past period is still evaluated live by the same code.
 */
import { createHash } from 'node:crypto';
import { sql, type Expression, type Insertable, type RawBuilder, type SqlBool } from 'kysely';
import type { Clock } from '../../domain/clock.js';
import { localDate } from '../../domain/dates.js';
import {
  evaluateOrgLife,
  hasCommittee,
  LIFE_REQUIREMENTS,
  meetingCounts,
  periodOfDate,
  periodUtcRange,
  restoreRequirement,
  storeRequirement,
  type CountedMeeting,
  type LifeOrgFacts,
  type LifeStatus,
  type MeetingKind,
  type Period,
  type RequirementResult,
  type StoredRequirementResult,
} from '../../domain/life.js';
import type { OrgKind } from '../../domain/orgs.js';
import { subtreeRange } from '../../domain/paths.js';
import type { LifeComplianceTable, PartyOrg } from '../../db/schema.js';
import { countAll, dialectOfQuery } from '../../db/sql.js';
import type { Scope } from '../../server/scope.js';
import { chunks, lifeDistrict, type LifeDistrict, type Q } from './common.js';

// --- Evaluation ------------------------------------------------------------------------

/** What compliance depends on besides meetings: committee, party groups, secretaries. */
async function factsOf(db: Q, orgs: PartyOrg[], d: LifeDistrict): Promise<{ facts: Map<number, LifeOrgFacts>; groupParent: Map<number, number> }> {
  const full = new Map<number, number>();
  const committeeMembers = new Map<number, number>();
  const secretaries = new Map<number, number[]>();
  const groups = new Map<number, number[]>();
  const groupParent = new Map<number, number>();
  for (const part of chunks(orgs.map((o) => o.id))) {
    const counts = await db
      .selectFrom('member')
      .select(['party_org_id', countAll().as('n')])
      .where('party_org_id', 'in', part)
      .where('stage', '=', 'full')
      .where('status', '=', 'active')
      .groupBy('party_org_id')
      .execute();
    for (const c of counts) full.set(c.party_org_id, Number(c.n));
    const posts = await db.selectFrom('org_post').select(['party_org_id', 'person_id', 'post']).where('party_org_id', 'in', part).where('ended_on', 'is', null).execute();
    for (const p of posts) {
      if (p.post === 'committee_member') committeeMembers.set(p.party_org_id, (committeeMembers.get(p.party_org_id) ?? 0) + 1);
      if (p.post === 'secretary') secretaries.set(p.party_org_id, [...(secretaries.get(p.party_org_id) ?? []), p.person_id]);
    }
    const gs = await db.selectFrom('party_org').select(['id', 'parent_id']).where('parent_id', 'in', part).where('kind', '=', 'party_group').where('status', '=', 'active').execute();
    for (const g of gs) {
      groups.set(g.parent_id!, [...(groups.get(g.parent_id!) ?? []), g.id]);
      groupParent.set(g.id, g.parent_id!);
    }
  }
  const facts = new Map<number, LifeOrgFacts>();
  for (const o of orgs) {
    const kind = o.kind as OrgKind;
    facts.set(o.id, {
      kind,
      hasCommittee: hasCommittee(kind, full.get(o.id) ?? 0, committeeMembers.get(o.id) ?? 0, d.forming.branchCommitteeFrom),
      partyGroupIds: groups.get(o.id) ?? [],
      secretaryPersonIds: secretaries.get(o.id) ?? [],
    });
  }
  return { facts, groupParent };
}

/** Only meetings of a kind some requirement asks for can change a result (volunteer service, training... do not). */
const REQUIRED_KINDS = [...new Set(LIFE_REQUIREMENTS.map((r) => r.meetingKind))];

/** The meetings that count, per organization (group meetings held by a party group count for its branch). */
async function countedMeetings(db: Q, orgIds: number[], groupParent: Map<number, number>, window: Period, d: LifeDistrict): Promise<Map<number, CountedMeeting[]>> {
  const { from, to } = periodUtcRange(window, d.timeZone);
  const out = new Map<number, CountedMeeting[]>();
  // Meetings share start times (14:00 on the same days): the local date of each distinct instant is worked out once.
  const dates = new Map<string, string>();
  const dateOf = (instant: string) => {
    let day = dates.get(instant);
    if (day === undefined) dates.set(instant, (day = localDate(new Date(instant), d.timeZone)));
    return day;
  };
  for (const part of chunks([...orgIds, ...groupParent.keys()])) {
    const rows = await db
      .selectFrom('meeting')
      .innerJoin('minutes', 'minutes.meeting_id', 'meeting.id')
      .select([
        'meeting.party_org_id',
        'meeting.kind',
        'meeting.status',
        'meeting.starts_at',
        'meeting.audience',
        'meeting.audience_org_id',
        'meeting.host_person_id',
        'minutes.locked_at',
        'minutes.committee_size',
        'minutes.committee_present',
      ])
      .select((eb) =>
        eb
          .selectFrom('attendance')
          .select(countAll().as('n'))
          .whereRef('attendance.meeting_id', '=', 'meeting.id')
          .where('attendance.status', '=', 'present')
          .as('present'),
      )
      .where('meeting.party_org_id', 'in', part)
      .where('meeting.kind', 'in', REQUIRED_KINDS)
      .where('meeting.starts_at', '>=', from)
      .where('meeting.starts_at', '<', to)
      .where('meeting.status', '!=', 'cancelled')
      .where('minutes.locked_at', 'is not', null)
      .execute();
    for (const r of rows) {
      const quorumMet = r.committee_size ? Number(r.committee_present ?? 0) * 2 > r.committee_size : null;
      const verdict = meetingCounts({ status: r.status as never, presentCount: Number(r.present ?? 0), minutesLocked: !!r.locked_at, kind: r.kind as MeetingKind, quorumMet });
      if (!verdict.counts) continue;
      const parent = groupParent.get(r.party_org_id);
      const owner = parent ?? r.party_org_id;
      const partyGroupId = parent !== undefined ? r.party_org_id : r.audience === 'party_group' ? r.audience_org_id : null;
      const list = out.get(owner) ?? [];
      list.push({ kind: r.kind as MeetingKind, date: dateOf(r.starts_at), partyGroupId, hostPersonId: r.host_person_id });
      out.set(owner, list);
    }
  }
  return out;
}

export interface EvaluatedOrg {
  org: PartyOrg;
  status: LifeStatus;
  requirements: RequirementResult[];
}

/** Every requirement of each organization for a period (default: each requirement's period containing today). */
export async function evaluateOrgs(db: Q, orgs: PartyOrg[], d: LifeDistrict, asked?: Period): Promise<EvaluatedOrg[]> {
  const { facts, groupParent } = await factsOf(db, orgs, d);
  const window = periodOfDate(asked?.start ?? d.today, 'year');
  const meetings = await countedMeetings(
    db,
    orgs.map((o) => o.id),
    groupParent,
    window,
    d,
  );
  return orgs.map((o) => ({ org: o, ...evaluateOrgLife(facts.get(o.id)!, meetings.get(o.id) ?? [], d.rules, d.today, asked) }));
}

// --- Storing -------------------------------------------------------------------------

/** Raise when the evaluation itself changes (not its numbers): every stored row becomes due. */
const EVALUATION_VERSION = 1;

/** Organizations evaluated per batch: a few queries each, and bounded memory at city scale. */
const BATCH = 1000;

/** Rows written per transaction. */
const WRITE_BATCH = 5000;

/**
 * What a stored row was evaluated under: the rule set, the evaluation, and a
 * digest of everything else the district decides (its life numbers, when a
 * branch has a committee, its time zone). Any change makes every row due.
 */
export function lifeRulesVersion(d: LifeDistrict): string {
  const numbers = JSON.stringify({ life: d.rules, branchCommitteeFrom: d.forming.branchCommitteeFrom, timeZone: d.timeZone });
  return `${d.rules.version}.${EVALUATION_VERSION}.${createHash('sha256').update(numbers).digest('hex').slice(0, 12)}`;
}

export function storedRequirementsJson(requirements: readonly RequirementResult[]): string {
  return JSON.stringify(requirements.map(storeRequirement));
}

export function parseStoredRequirements(json: string): RequirementResult[] {
  return (JSON.parse(json) as StoredRequirementResult[]).map(restoreRequirement);
}

const eligible = (table: 'party_org') => sql<SqlBool>`(${sql.ref(`${table}.status`)} = 'active' and ${sql.ref(`${table}.kind`)} <> 'party_group')`;

type NewRow = Insertable<LifeComplianceTable> & { party_org_id: number; generation: number };

/**
 * Evaluates the given organizations and stores their rows; rows of
 * organizations that closed (or are not organizations with compliance) go.
 * A row is only overwritten at the generation read before evaluating: a
 * write that invalidated it meanwhile wins, and the row stays due.
 */
async function evaluateAndStore(db: Q, d: LifeDistrict, version: string, orgIds: readonly number[], now: string): Promise<number> {
  const ids = [...new Set(orgIds)].sort((a, b) => a - b);
  let evaluated = 0;
  let pending: { rows: NewRow[]; existed: Set<number>; gone: number[] } = { rows: [], existed: new Set(), gone: [] };
  for (const batch of chunks(ids, BATCH)) {
    const generation = new Map<number, number>();
    const orgs: PartyOrg[] = [];
    // The district is checked here, not in SQL: with it SQLite reads the district's index instead of the ids.
    for (const part of chunks(batch)) {
      for (const r of await db.selectFrom('life_compliance').select(['party_org_id', 'district_id', 'generation']).where('party_org_id', 'in', part).execute()) {
        if (r.district_id === d.districtId) generation.set(r.party_org_id, r.generation);
      }
      for (const o of await db.selectFrom('party_org').selectAll().where('id', 'in', part).execute()) {
        if (o.district_id === d.districtId && o.status === 'active' && o.kind !== 'party_group') orgs.push(o);
      }
    }
    const kept = new Set(orgs.map((o) => o.id));
    pending.gone.push(...[...generation.keys()].filter((id) => !kept.has(id)));
    orgs.sort((a, b) => a.id - b.id);
    for (const e of await evaluateOrgs(db, orgs, d)) {
      if (generation.has(e.org.id)) pending.existed.add(e.org.id);
      pending.rows.push({
        party_org_id: e.org.id,
        district_id: e.org.district_id,
        territory_path: e.org.territory_path,
        org_path: e.org.path,
        as_of: d.today,
        rules_version: version,
        status: e.status,
        requirements_json: storedRequirementsJson(e.requirements),
        computed_at: now,
        generation: generation.get(e.org.id) ?? 0,
      });
      evaluated++;
    }
    if (pending.rows.length >= WRITE_BATCH) {
      await store(db, pending);
      pending = { rows: [], existed: new Set(), gone: [] };
    }
  }
  if (pending.rows.length || pending.gone.length) await store(db, pending);
  return evaluated;
}

/**
 * Writes evaluated rows, several thousand per transaction: SQLite writes a
 * city's rows 3–6 times faster than with a commit per statement. In
 * PostgreSQL a row locked by a writer's open transaction (an import that
 * invalidated it) is skipped, not waited for: it stays due, and a reader
 * never waits for — or deadlocks with — a long write.
 */
async function store(db: Q, p: { rows: NewRow[]; existed: Set<number>; gone: number[] }): Promise<void> {
  const write = async (trx: Q) => {
    if (p.gone.length) for (const part of chunks(p.gone)) await trx.deleteFrom('life_compliance').where('party_org_id', 'in', part).execute();
    let rows = p.rows;
    if (dialectOfQuery(trx) === 'postgres') {
      const locked = new Set<number>();
      for (const part of chunks([...p.existed])) {
        for (const r of await trx.selectFrom('life_compliance').select('party_org_id').where('party_org_id', 'in', part).forUpdate().skipLocked().execute()) locked.add(r.party_org_id);
      }
      rows = rows.filter((r) => !p.existed.has(r.party_org_id) || locked.has(r.party_org_id));
    }
    for (const part of chunks(rows)) {
      await trx
        .insertInto('life_compliance')
        .values(part)
        .onConflict((oc) =>
          oc
            .column('party_org_id')
            .doUpdateSet((eb) => ({
              territory_path: eb.ref('excluded.territory_path'),
              org_path: eb.ref('excluded.org_path'),
              as_of: eb.ref('excluded.as_of'),
              rules_version: eb.ref('excluded.rules_version'),
              status: eb.ref('excluded.status'),
              requirements_json: eb.ref('excluded.requirements_json'),
              computed_at: eb.ref('excluded.computed_at'),
            }))
            .where('life_compliance.generation', '=', (eb) => eb.ref('excluded.generation')),
        )
        .execute();
    }
  };
  if (db.isTransaction) await write(db);
  else await db.transaction().execute(write);
}

// --- Invalidation --------------------------------------------------------------------

/**
 * Marks the rows of these organizations due, in the transaction of the write
 * that changes their compliance. A party group has no row of its own: its
 * branch is invalidated instead. An organization without a row (just formed)
 * gets a due one; one that closed loses its row. Paths are copied again, so
 * a move is picked up too.
 */
export async function invalidateLifeCompliance(trx: Q, orgIds: readonly number[]): Promise<void> {
  const given = [...new Set(orgIds)];
  if (!given.length) return;
  const all = new Set(given);
  for (const part of chunks(given)) {
    const groups = await trx.selectFrom('party_org').select('parent_id').where('id', 'in', part).where('kind', '=', 'party_group').where('parent_id', 'is not', null).execute();
    for (const g of groups) all.add(g.parent_id!);
  }
  // Ascending ids in one statement per batch: concurrent invalidations and evaluations lock rows in the same order (PostgreSQL).
  for (const part of chunks([...all].sort((a, b) => a - b))) {
    await trx
      .deleteFrom('life_compliance')
      .where('party_org_id', 'in', (eb) =>
        eb
          .selectFrom('party_org')
          .select('id')
          .where('id', 'in', part)
          .where((x) => x.or([x('status', '<>', 'active'), x('kind', '=', 'party_group')])),
      )
      .execute();
    await trx
      .insertInto('life_compliance')
      .columns(['party_org_id', 'district_id', 'territory_path', 'org_path', 'as_of', 'rules_version', 'status', 'requirements_json', 'computed_at', 'generation'])
      .expression((eb) =>
        eb
          .selectFrom('party_org')
          .select([
            'id',
            'district_id',
            'territory_path',
            'path',
            sql<string>`''`.as('as_of'),
            sql<string>`''`.as('rules_version'),
            sql<string>`'open'`.as('status'),
            sql<string>`'[]'`.as('requirements_json'),
            sql<string>`''`.as('computed_at'),
            sql<number>`1`.as('generation'),
          ])
          .where('id', 'in', part)
          .where(eligible('party_org'))
          .orderBy('id'),
      )
      .onConflict((oc) =>
        oc.column('party_org_id').doUpdateSet((eb) => ({
          as_of: '',
          territory_path: eb.ref('excluded.territory_path'),
          org_path: eb.ref('excluded.org_path'),
          generation: sql<number>`life_compliance.generation + 1`,
        })),
      )
      .execute();
  }
}

/** Marks every row of a district due (its rule settings changed). */
export async function invalidateDistrictLifeCompliance(trx: Q, districtId: number): Promise<void> {
  await trx
    .updateTable('life_compliance')
    .set({ as_of: '', generation: sql<number>`generation + 1` })
    .where('district_id', '=', districtId)
    .execute();
}

/** Rewrites the copied organization paths of a moved subtree, as moveOrg() rewrites party_org.path. */
export async function moveLifeCompliancePaths(trx: Q, districtId: number, oldPath: string, newPath: string): Promise<void> {
  const { from, to } = subtreeRange(oldPath);
  await trx
    .updateTable('life_compliance')
    .set({ org_path: sql<string>`${newPath} || substr(org_path, ${oldPath.length + 1})` })
    .where('district_id', '=', districtId)
    .where('org_path', '>=', from)
    .where('org_path', '<', to)
    .execute();
}

// --- Reading areas ---------------------------------------------------------------------

/** Which organizations a read covers: a district, narrowed to the caller's scope and a territory node. */
export interface LifeArea {
  districtId: number;
  scope: Scope | null;
  /** Organizations sitting in this territory subtree. */
  nodePath: string | null;
}

/** The territory subtree an area is limited to: the deeper of the scope's and the node's (nested), or false when they are disjoint. */
function areaTerritory(a: LifeArea): string | null | false {
  const paths = [a.scope?.territoryPath, a.nodePath].filter((p): p is string => !!p).sort((x, y) => y.length - x.length);
  const deepest = paths[0];
  if (deepest === undefined) return null;
  return paths.every((p) => deepest.startsWith(p)) ? deepest : false;
}

/**
 * The area as a filter on life_compliance or party_org — the filter of
 * inOrgScope() (a territory subtree for territory-scoped users, an
 * organization subtree otherwise) narrowed to the node; nested subtrees are
 * written as the deeper one (SQLite ranges over the first one it is given).
 * `hidden` writes every term so that no index serves it: the due-row query
 * then seeks its own index instead of reading a path index over the area.
 */
export function areaWhere(a: LifeArea, table: 'life_compliance' | 'party_org', hidden = false): Expression<SqlBool> {
  const ref = (name: string): RawBuilder<unknown> => (hidden ? sql`(${sql.ref(`${table}.${name}`)} || '')` : sql`${sql.ref(`${table}.${name}`)}`);
  const range = (name: string, path: string) => {
    const { from, to } = subtreeRange(path);
    return sql`${ref(name)} >= ${from} and ${ref(name)} < ${to}`;
  };
  const district = hidden ? sql`${sql.ref(`${table}.district_id`)} + 0 = ${a.districtId}` : sql`${sql.ref(`${table}.district_id`)} = ${a.districtId}`;
  const parts: RawBuilder<unknown>[] = [district];
  if (a.scope && (a.scope.districtId !== a.districtId || (!a.scope.territoryPath && !a.scope.partyOrgPath))) parts.push(sql`1 = 0`);
  else if (a.scope && !a.scope.territoryPath && a.scope.partyOrgPath) parts.push(range(table === 'party_org' ? 'path' : 'org_path', a.scope.partyOrgPath));
  const territory = areaTerritory(a);
  if (territory === false) parts.push(sql`1 = 0`);
  else if (territory !== null) parts.push(range('territory_path', territory));
  return sql<SqlBool>`(${sql.join(parts, sql` and `)})`;
}

/**
 * Whether an area holds every row of its district (a district admin's view):
 * checked, not assumed, with two index seeks for rows outside its territory.
 * A page of such an area is then read in organization order without a path
 * filter, which neither database can estimate well enough to walk the order.
 */
export async function areaIsDistrict(db: Q, a: LifeArea): Promise<boolean> {
  if (a.scope && (a.scope.districtId !== a.districtId || !a.scope.territoryPath)) return false;
  const territory = areaTerritory(a);
  if (territory === null) return true;
  if (territory === false) return false;
  const { from, to } = subtreeRange(territory);
  const outside = async (op: '<' | '>=', bound: string) =>
    !!(await db.selectFrom('life_compliance').select('party_org_id').where('district_id', '=', a.districtId).where('territory_path', op, bound).limit(1).executeTakeFirst());
  return !(await outside('<', from)) && !(await outside('>=', to));
}

/**
 * Rows evaluated for another day or other rules, or invalidated. Each term
 * names the district so that SQLite seeks the (district_id, as_of,
 * rules_version) index four times instead of reading the district's entries.
 */
function dueWhere(districtId: number, today: string, version: string): Expression<SqlBool> {
  const district = sql`${sql.ref('life_compliance.district_id')} = ${districtId}`;
  const asOf = sql.ref('life_compliance.as_of');
  const rules = sql.ref('life_compliance.rules_version');
  return sql<SqlBool>`((${district} and ${asOf} < ${today}) or (${district} and ${asOf} > ${today}) or (${district} and ${asOf} = ${today} and ${rules} < ${version}) or (${district} and ${asOf} = ${today} and ${rules} > ${version}))`;
}

/** How often a process counts an area's organizations against its rows (see freshenLifeArea). */
const VERIFY_EVERY_MS = 60_000;
const verifiedAt = new WeakMap<object, Map<string, number>>();

/** Records that an area's rows were found (or made) complete, so that reads skip the count for a while. */
export function markLifeAreaVerified(db: Q, a: LifeArea): void {
  let areas = verifiedAt.get(db);
  if (!areas) verifiedAt.set(db, (areas = new Map()));
  areas.set(JSON.stringify(a), Date.now());
}

/**
 * Evaluates the due rows of an area, so that its rows say what a live
 * evaluation would. Returns how many organizations the area has, to compare
 * with its rows (a difference: rows missing or misplaced by writes that
 * bypassed invalidation — see reconcileLifeArea()); null when the area was
 * verified less than a minute ago, since counting a city's organizations
 * costs as much as counting its rows.
 */
export async function freshenLifeArea(db: Q, d: LifeDistrict, clock: Clock, a: LifeArea): Promise<number | null> {
  const version = lifeRulesVersion(d);
  const due = await db.selectFrom('life_compliance').select('party_org_id').where(dueWhere(d.districtId, d.today, version)).where(areaWhere(a, 'life_compliance', true)).execute();
  if (due.length) await evaluateAndStore(db, d, version, due.map((r) => r.party_org_id), clock.now().toISOString());
  const last = verifiedAt.get(db)?.get(JSON.stringify(a));
  if (last !== undefined && Date.now() - last < VERIFY_EVERY_MS) return null;
  const { n } = await db.selectFrom('party_org').select(countAll().as('n')).where(areaWhere(a, 'party_org')).where(eligible('party_org')).executeTakeFirstOrThrow();
  return Number(n);
}

/**
 * Repairs an area whose rows do not match its organizations: evaluates
 * organizations without a row (or whose row sits at old paths) and removes
 * rows of organizations that closed. Invalidation keeps this from being
 * needed; it is the safety net for writes that bypass it (direct database
 * edits, a generator), and what `cohesion check` runs. Returns the rows repaired.
 */
export async function reconcileLifeArea(db: Q, d: LifeDistrict, clock: Clock, a: LifeArea): Promise<number> {
  const missing = await db
    .selectFrom('party_org')
    .select('party_org.id')
    .where(areaWhere(a, 'party_org'))
    .where(eligible('party_org'))
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('life_compliance')
            .select('life_compliance.party_org_id')
            .whereRef('life_compliance.party_org_id', '=', 'party_org.id')
            .whereRef('life_compliance.org_path', '=', 'party_org.path')
            .whereRef('life_compliance.territory_path', '=', 'party_org.territory_path'),
        ),
      ),
    )
    .execute();
  const stray = await db
    .selectFrom('life_compliance')
    .leftJoin('party_org', 'party_org.id', 'life_compliance.party_org_id')
    .select('life_compliance.party_org_id')
    .where(areaWhere(a, 'life_compliance'))
    .where((eb) =>
      eb.or([
        eb('party_org.id', 'is', null),
        eb('party_org.status', '<>', 'active'),
        eb('party_org.kind', '=', 'party_group'),
        eb('party_org.path', '<>', eb.ref('life_compliance.org_path')),
        eb('party_org.territory_path', '<>', eb.ref('life_compliance.territory_path')),
      ]),
    )
    .execute();
  const ids = [...missing.map((r) => r.id), ...stray.map((r) => r.party_org_id)];
  if (ids.length) await evaluateAndStore(db, d, lifeRulesVersion(d), ids, clock.now().toISOString());
  return new Set(ids).size;
}

/** Evaluates these organizations if their rows are due or missing (a single organization's view). */
export async function freshenLifeOrgs(db: Q, d: LifeDistrict, clock: Clock, orgIds: readonly number[]): Promise<number> {
  const version = lifeRulesVersion(d);
  const wanted = [...new Set(orgIds)];
  const fresh = new Set<number>();
  for (const part of chunks(wanted)) {
    const rows = await db
      .selectFrom('life_compliance')
      .select('party_org_id')
      .where('party_org_id', 'in', part)
      .where('as_of', '=', d.today)
      .where('rules_version', '=', version)
      .execute();
    for (const r of rows) fresh.add(r.party_org_id);
  }
  const todo = wanted.filter((id) => !fresh.has(id));
  return todo.length ? evaluateAndStore(db, d, version, todo, clock.now().toISOString()) : 0;
}

/**
 * Brings a district's rollup up to date: the given organizations, or all of
 * them (rows due, missing, misplaced or of closed organizations). The demo
 * generator runs it after seeding, so the first request reads stored rows.
 */
export async function refreshLifeCompliance(db: Q, districtId: number, clock: Clock, orgIds?: readonly number[]): Promise<{ evaluated: number }> {
  const d = await lifeDistrict(db, districtId, clock);
  if (orgIds) return { evaluated: await freshenLifeOrgs(db, d, clock, orgIds) };
  const area: LifeArea = { districtId, scope: null, nodePath: null };
  const repaired = await reconcileLifeArea(db, d, clock, area);
  const due = await db.selectFrom('life_compliance').select('party_org_id').where(dueWhere(districtId, d.today, lifeRulesVersion(d))).execute();
  const evaluated = due.length ? await evaluateAndStore(db, d, lifeRulesVersion(d), due.map((r) => r.party_org_id), clock.now().toISOString()) : 0;
  return { evaluated: repaired + evaluated };
}

// --- The check -------------------------------------------------------------------------

/**
 * `cohesion check`: evaluates again every row that claims to be current and
 * reports those that differ from what is stored (drift: a write that did not
 * invalidate), plus rows missing, misplaced or left by closed organizations;
 * all of them are repaired. 0 drifted is the healthy answer.
 */
export async function checkLifeCompliance(db: Q, districtId: number, clock: Clock): Promise<{ checked: number; drifted: number }> {
  const d = await lifeDistrict(db, districtId, clock);
  const version = lifeRulesVersion(d);
  const now = clock.now().toISOString();
  let drifted = await reconcileLifeArea(db, d, clock, { districtId, scope: null, nodePath: null });
  let checked = 0;
  let after = 0;
  for (;;) {
    const rows = await db
      .selectFrom('life_compliance')
      .select(['party_org_id', 'status', 'requirements_json'])
      .where('district_id', '=', districtId)
      .where('as_of', '=', d.today)
      .where('rules_version', '=', version)
      .where('party_org_id', '>', after)
      .orderBy('party_org_id')
      .limit(BATCH)
      .execute();
    if (!rows.length) break;
    after = rows[rows.length - 1]!.party_org_id;
    const orgs = await db.selectFrom('party_org').selectAll().where('id', 'in', rows.map((r) => r.party_org_id)).where(eligible('party_org')).execute();
    const live = new Map((await evaluateOrgs(db, orgs, d)).map((e) => [e.org.id, e]));
    const wrong = rows.filter((r) => {
      const e = live.get(r.party_org_id);
      return !e || e.status !== r.status || storedRequirementsJson(e.requirements) !== r.requirements_json;
    });
    if (wrong.length) await evaluateAndStore(db, d, version, wrong.map((r) => r.party_org_id), now);
    checked += rows.length;
    drifted += wrong.length;
  }
  return { checked, drifted };
}
