/**
 * Required frequencies in practice: per organization and period, what was due
 * and what was held (only meetings with attendance and locked minutes count),
 * red / amber / green with the explanation and source of each requirement;
 * the roll-up over a territory; reminders of periods ending soon; and each
 * member's attendance record (a mobile member's attendance at a host counts
 * for the home organization).
 */
import { sql, type SqlBool } from 'kysely';
import {
  dueSoon,
  emptyCounts,
  LIFE_REQUIREMENTS,
  parsePeriod,
  periodOfDate,
  periodUtcRange,
  rollUpLife,
  type LifeStatus,
  type Period,
  type RequirementResult,
  type StoredRequirementResult,
} from '../../domain/life.js';
import type { OrgKind } from '../../domain/orgs.js';
import { LIFE_RULE_SOURCES, LIFE_RULES_V2018, type LifeRuleKey } from '../../domain/rulesets.js';
import { SOURCES, type SourceName } from '../../domain/sources.js';
import type { PartyOrg, Territory } from '../../db/schema.js';
import { countAll } from '../../db/sql.js';
import type { Ctx } from '../../server/context.js';
import { AppError } from '../../server/errors.js';
import { findOrg } from '../orgs/queries.js';
import { findTerritory } from '../territory/queries.js';
import { lifeDistrict, withinPath, type LifeDistrict } from './common.js';
import {
  areaIsDistrict,
  areaWhere,
  evaluateOrgs,
  freshenLifeArea,
  freshenLifeOrgs,
  lifeRulesVersion,
  markLifeAreaVerified,
  parseStoredRequirements,
  reconcileLifeArea,
  type EvaluatedOrg,
  type LifeArea,
} from './rollup.js';

const sourcesOf = (names: readonly SourceName[]) => names.map((code) => ({ code, title: SOURCES[code] }));

function askedPeriod(key: string | undefined): Period | undefined {
  if (key === undefined) return undefined;
  const p = parsePeriod(key);
  if (!p) throw AppError.validation([{ field: 'period', code: 'life_period_invalid' }]);
  return p;
}

function resultDto(r: RequirementResult) {
  return { ...r, sources: sourcesOf(r.sources) };
}

const isEligible = (org: PartyOrg) => org.status === 'active' && org.kind !== 'party_group';

/**
 * The answer for organizations evaluated in memory: a past period (evaluated
 * live), one organization (stored, or live when it has no row: a party group,
 * a closed organization).
 */
async function answerOf(ctx: Ctx, d: LifeDistrict, evaluated: EvaluatedOrg[], node: Territory | null, asked: Period | undefined, status: LifeStatus | undefined, page: number, pageSize: number) {
  const k = ctx.db.kysely;
  const children = await childrenOf(ctx, node);
  const { total: summary, byNode } = rollUpLife(
    evaluated.map((e) => ({ territoryPath: e.org.territory_path, status: e.status })),
    children,
  );
  const matching = status ? evaluated.filter((e) => e.status === status) : evaluated;
  const pageRows = matching.slice((page - 1) * pageSize, page * pageSize);
  const territoryNames = new Map<number, string>();
  const tIds = [...new Set(pageRows.map((e) => e.org.territory_id))];
  if (tIds.length) for (const t of await k.selectFrom('territory').select(['id', 'name']).where('id', 'in', tIds).execute()) territoryNames.set(t.id, t.name);
  return {
    period: asked?.key ?? null,
    today: d.today,
    rulesVersion: d.rules.version,
    summary,
    nodes: children.map((c) => ({ territoryId: c.id, name: c.name, kind: c.kind, counts: byNode.get(c.id) ?? emptyCounts() })),
    items: pageRows.map((e) => ({
      orgId: e.org.id,
      orgName: e.org.name,
      orgKind: e.org.kind as OrgKind,
      territoryId: e.org.territory_id,
      territoryName: territoryNames.get(e.org.territory_id) ?? '',
      status: e.status,
      requirements: e.requirements.map(resultDto),
    })),
    total: matching.length,
  };
}

function childrenOf(ctx: Ctx, node: Territory | null) {
  if (!node) return Promise.resolve([]);
  return ctx.db.kysely.selectFrom('territory').select(['id', 'name', 'kind', 'path']).where('parent_id', '=', node.id).where('status', '=', 'active').orderBy('name').execute();
}

/** The area a territory view covers: the caller's scope, narrowed to the territory asked for. */
async function areaOf(ctx: Ctx, territoryId: number | undefined): Promise<{ area: LifeArea; node: Territory | null }> {
  const k = ctx.db.kysely;
  const scope = ctx.actor.scope;
  let node: Territory | null = null;
  let nodePath: string | null = null;
  if (territoryId !== undefined) {
    node = (await findTerritory(k, scope, territoryId)) ?? null;
    if (!node) throw new AppError(404, 'territory_not_found', [{ field: 'territoryId', code: 'territory_not_found' }]);
    nodePath = node.path;
  } else if (scope.territoryPath) {
    node = (await k.selectFrom('territory').selectAll().where('district_id', '=', scope.districtId).where('path', '=', scope.territoryPath).executeTakeFirst()) ?? null;
  }
  return { area: { districtId: scope.districtId, scope, nodePath }, node };
}

/** Rows of the area counted per territory path and status (index-only), after its due rows are evaluated. */
async function countedArea(ctx: Ctx, d: LifeDistrict, area: LifeArea) {
  const k = ctx.db.kysely;
  const counts = () =>
    k
      .selectFrom('life_compliance')
      .select(['territory_path', 'status', countAll().as('n')])
      .where(areaWhere(area, 'life_compliance'))
      .groupBy(['territory_path', 'status'])
      .execute()
      .then((rows) => rows.map((r) => ({ territoryPath: r.territory_path, status: r.status as LifeStatus, count: Number(r.n) })));
  const expected = await freshenLifeArea(k, d, ctx.clock, area);
  let groups = await counts();
  if (expected !== null) {
    if (groups.reduce((s, g) => s + g.count, 0) !== expected) {
      await reconcileLifeArea(k, d, ctx.clock, area);
      groups = await counts();
    }
    markLifeAreaVerified(k, area);
  }
  return groups;
}

/** One page of an area's organizations in organization order, from the rollup. */
async function pageOf(ctx: Ctx, d: LifeDistrict, area: LifeArea, status: LifeStatus | undefined, matching: number, page: number, pageSize: number) {
  const k = ctx.db.kysely;
  if (matching <= (page - 1) * pageSize) return [];
  // A whole district walks the (status,) organization-order index; a smaller area sorts its own rows.
  let q = k
    .selectFrom('life_compliance')
    .select('party_org_id')
    .where((await areaIsDistrict(k, area)) ? sql<SqlBool>`life_compliance.district_id = ${area.districtId}` : areaWhere(area, 'life_compliance'));
  if (status) q = q.where('status', '=', status);
  const ids = (await q.orderBy('org_path').limit(pageSize).offset((page - 1) * pageSize).execute()).map((r) => r.party_org_id);
  if (!ids.length) return [];
  const rows = await k
    .selectFrom('life_compliance')
    .innerJoin('party_org', 'party_org.id', 'life_compliance.party_org_id')
    .leftJoin('territory', 'territory.id', 'party_org.territory_id')
    .selectAll('party_org')
    .select(['territory.name as territory_name', 'life_compliance.as_of', 'life_compliance.rules_version', 'life_compliance.status as compliance', 'life_compliance.requirements_json'])
    .where('life_compliance.party_org_id', 'in', ids)
    .execute();
  // A row a concurrent write invalidated after this read evaluated it (a party group just formed...) is evaluated live for the page.
  const version = lifeRulesVersion(d);
  const stale = rows.filter((r) => r.as_of !== d.today || r.rules_version !== version);
  const live = new Map((await evaluateOrgs(k, stale, d)).map((e) => [e.org.id, e]));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    if (!r) return [];
    const e = live.get(id);
    return [
      {
        orgId: r.id,
        orgName: r.name,
        orgKind: r.kind as OrgKind,
        territoryId: r.territory_id,
        territoryName: r.territory_name ?? '',
        status: e?.status ?? (r.compliance as LifeStatus),
        requirements: (e?.requirements ?? parseStoredRequirements(r.requirements_json)).map(resultDto),
      },
    ];
  });
}

/** The stored evaluation of one organization (evaluated first if due). */
async function storedOrg(ctx: Ctx, d: LifeDistrict, org: PartyOrg): Promise<EvaluatedOrg> {
  const k = ctx.db.kysely;
  await freshenLifeOrgs(k, d, ctx.clock, [org.id]);
  const row = await k.selectFrom('life_compliance').select(['as_of', 'rules_version', 'status', 'requirements_json']).where('party_org_id', '=', org.id).executeTakeFirst();
  // A write that invalidated the row while it was evaluated keeps it due: answer live then.
  if (!row || row.as_of !== d.today || row.rules_version !== lifeRulesVersion(d)) return (await evaluateOrgs(k, [org], d))[0]!;
  return { org, status: row.status as LifeStatus, requirements: parseStoredRequirements(row.requirements_json) };
}

export async function compliance(
  ctx: Ctx,
  q: { orgId?: number | undefined; territoryId?: number | undefined; period?: string | undefined; status?: LifeStatus | undefined },
  page: number,
  pageSize: number,
) {
  const asked = askedPeriod(q.period);
  const k = ctx.db.kysely;
  const d = await lifeDistrict(k, ctx.actor.scope.districtId, ctx.clock);
  if (q.orgId !== undefined) {
    const org = await findOrg(k, ctx.actor.scope, q.orgId);
    if (!org) throw new AppError(404, 'org_not_found', [{ field: 'orgId', code: 'org_not_found' }]);
    const e = asked || !isEligible(org) ? (await evaluateOrgs(k, [org], d, asked))[0]! : await storedOrg(ctx, d, org);
    return answerOf(ctx, d, [e], null, asked, q.status, page, pageSize);
  }
  const { area, node } = await areaOf(ctx, q.territoryId);
  if (asked) {
    const orgs = await k.selectFrom('party_org').selectAll().where(areaWhere(area, 'party_org')).where('status', '=', 'active').where('kind', '!=', 'party_group').orderBy('path').execute();
    return answerOf(ctx, d, await evaluateOrgs(k, orgs, d, asked), node, asked, q.status, page, pageSize);
  }
  const [groups, children] = await Promise.all([countedArea(ctx, d, area), childrenOf(ctx, node)]);
  const { total: summary, byNode } = rollUpLife(groups, children);
  const total = q.status ? summary[q.status] : Object.values(summary).reduce((a, b) => a + b, 0);
  return {
    period: null,
    today: d.today,
    rulesVersion: d.rules.version,
    summary,
    nodes: children.map((c) => ({ territoryId: c.id, name: c.name, kind: c.kind, counts: byNode.get(c.id) ?? emptyCounts() })),
    items: await pageOf(ctx, d, area, q.status, total, page, pageSize),
    total,
  };
}

/** Requirements whose period ends soon (or is already lost) and are not met, for secretaries and the street. */
export async function reminders(ctx: Ctx, q: { orgId?: number | undefined; territoryId?: number | undefined }, page: number, pageSize: number) {
  const k = ctx.db.kysely;
  const d = await lifeDistrict(k, ctx.actor.scope.districtId, ctx.clock);
  let evaluated: { org: { id: number; name: string }; requirements: readonly StoredRequirementResult[] }[];
  if (q.orgId !== undefined) {
    const org = await findOrg(k, ctx.actor.scope, q.orgId);
    if (!org) throw new AppError(404, 'org_not_found', [{ field: 'orgId', code: 'org_not_found' }]);
    evaluated = isEligible(org) ? [await storedOrg(ctx, d, org)] : await evaluateOrgs(k, [org], d);
  } else {
    const { area } = await areaOf(ctx, q.territoryId);
    await countedArea(ctx, d, area);
    // A requirement worth a reminder is amber or red, and so is then its organization's overall status.
    const rows = await k
      .selectFrom('life_compliance')
      .innerJoin('party_org', 'party_org.id', 'life_compliance.party_org_id')
      .select(['party_org.id', 'party_org.name', 'life_compliance.requirements_json'])
      .where(areaWhere(area, 'life_compliance'))
      .where('life_compliance.status', 'in', ['red', 'amber'])
      .execute();
    // Reminders need no sources: the stored results as they are.
    evaluated = rows.map((r) => ({ org: { id: r.id, name: r.name }, requirements: JSON.parse(r.requirements_json) as StoredRequirementResult[] }));
  }
  const items = evaluated.flatMap((e) =>
    dueSoon(e.requirements).map((r) => ({
      orgId: e.org.id,
      orgName: e.org.name,
      requirementId: r.requirementId,
      meetingKind: r.meetingKind,
      key: r.key,
      end: r.end,
      daysLeft: r.daysLeft ?? 0,
      required: r.required,
      held: r.held,
      status: r.status,
      explanation: r.explanation,
    })),
  );
  const rank = (s: string) => (s === 'red' ? 0 : 1);
  // One collator for the whole sort: localeCompare(x, 'zh-CN') builds one per comparison (seconds for a street's reminders).
  const byName = new Intl.Collator('zh-CN').compare;
  items.sort((a, b) => rank(a.status) - rank(b.status) || a.daysLeft - b.daysLeft || byName(a.orgName, b.orgName) || a.orgId - b.orgId);
  return { today: d.today, items: items.slice((page - 1) * pageSize, page * pageSize), total: items.length };
}

/** The rule set in force: numbers (with the district's overrides), defaults, sources, and each requirement explained. */
export async function lifeRules(ctx: Ctx) {
  const d = await lifeDistrict(ctx.db.kysely, ctx.actor.scope.districtId, ctx.clock);
  const keys = Object.keys(LIFE_RULE_SOURCES) as LifeRuleKey[];
  return {
    version: d.rules.version,
    values: Object.fromEntries(keys.map((key) => [key, d.rules[key]])),
    defaults: Object.fromEntries(keys.map((key) => [key, LIFE_RULES_V2018[key] as number])),
    sources: { ...LIFE_RULE_SOURCES },
    requirements: LIFE_REQUIREMENTS.map((r) => {
      const n = d.rules[r.countKey];
      return {
        id: r.id,
        meetingKind: r.meetingKind,
        periodKind: r.period,
        count: n,
        orgKinds: [...r.orgKinds],
        condition: r.condition ?? null,
        perPartyGroup: !!r.perPartyGroup,
        hostIsSecretary: !!r.hostIsSecretary,
        explanation: { 'zh-CN': r.text['zh-CN'].replaceAll('{n}', String(n)), en: r.text.en.replaceAll('{n}', String(n)) },
        sources: sourcesOf(r.sources),
        practice: r.sources.includes('practice'),
      };
    }),
  };
}

/**
 * Each member's organizational life in a period (default: this year): present,
 * on leave, absent — by home organization at the time (attendance.counts_for_org_id),
 * so a mobile member present at a host's meeting counts for home ("presentElsewhere").
 */
export async function attendanceRecord(ctx: Ctx, orgId: number, periodKey: string | undefined, page: number, pageSize: number) {
  const k = ctx.db.kysely;
  const org = await findOrg(k, ctx.actor.scope, orgId);
  if (!org) throw new AppError(404, 'org_not_found', [{ field: 'orgId', code: 'org_not_found' }]);
  const d = await lifeDistrict(k, org.district_id, ctx.clock);
  const period = askedPeriod(periodKey) ?? periodOfDate(d.today, 'year');
  const { from, to } = periodUtcRange(period, d.timeZone);
  const rows = await k
    .selectFrom('attendance')
    .innerJoin('meeting', 'meeting.id', 'attendance.meeting_id')
    .innerJoin('party_org as home', 'home.id', 'attendance.counts_for_org_id')
    .innerJoin('member', 'member.id', 'attendance.member_id')
    .innerJoin('person', 'person.id', 'member.person_id')
    .select(['attendance.member_id', 'attendance.status', 'meeting.org_path', 'person.name', 'member.stage'])
    .where(withinPath('home.path', org.path))
    .where('meeting.status', '!=', 'cancelled')
    .where('meeting.starts_at', '>=', from)
    .where('meeting.starts_at', '<', to)
    .execute();
  const current = await k
    .selectFrom('member')
    .innerJoin('person', 'person.id', 'member.person_id')
    .select(['member.id as member_id', 'person.name', 'member.stage'])
    .where('member.district_id', '=', org.district_id)
    .where('member.status', '=', 'active')
    .where(withinPath('member.org_path', org.path))
    .execute();
  const byMember = new Map<number, { memberId: number; name: string; stage: string; present: number; leave: number; absent: number; presentElsewhere: number }>();
  const entry = (id: number, name: string, stage: string) => {
    let e = byMember.get(id);
    if (!e) byMember.set(id, (e = { memberId: id, name, stage, present: 0, leave: 0, absent: 0, presentElsewhere: 0 }));
    return e;
  };
  for (const c of current) entry(c.member_id, c.name, c.stage);
  for (const r of rows) {
    const e = entry(r.member_id, r.name, r.stage);
    if (r.status === 'present') {
      e.present++;
      if (!r.org_path.startsWith(org.path)) e.presentElsewhere++;
    } else if (r.status === 'leave') e.leave++;
    else e.absent++;
  }
  const items = [...byMember.values()].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN') || a.memberId - b.memberId);
  return { period: period.key, items: items.slice((page - 1) * pageSize, page * pageSize), total: items.length };
}

