/**
 * Required frequencies in practice: per organization and period, what was due
 * and what was held (only meetings with attendance and locked minutes count),
 * red / amber / green with the explanation and source of each requirement;
 * the roll-up over a territory; reminders of periods ending soon; and each
 * member's attendance record (a mobile member's attendance at a host counts
 * for the home organization).
 */
import { localDate } from '../../domain/dates.js';
import {
  dueSoon,
  emptyCounts,
  evaluateOrgLife,
  hasCommittee,
  LIFE_REQUIREMENTS,
  meetingCounts,
  parsePeriod,
  periodOfDate,
  periodUtcRange,
  rollUpLife,
  type CountedMeeting,
  type LifeOrgFacts,
  type LifeStatus,
  type MeetingKind,
  type Period,
  type RequirementResult,
} from '../../domain/life.js';
import type { OrgKind } from '../../domain/orgs.js';
import { LIFE_RULE_SOURCES, LIFE_RULES_V2018, type LifeRuleKey } from '../../domain/rulesets.js';
import { SOURCES, type SourceName } from '../../domain/sources.js';
import type { PartyOrg, Territory } from '../../db/schema.js';
import { countAll } from '../../db/sql.js';
import type { Ctx } from '../../server/context.js';
import { AppError } from '../../server/errors.js';
import { inOrgScope } from '../../server/scope.js';
import { findOrg } from '../orgs/queries.js';
import { findTerritory } from '../territory/queries.js';
import { chunks, lifeDistrict, withinPath, type LifeDistrict, type Q } from './common.js';

const sourcesOf = (names: readonly SourceName[]) => names.map((code) => ({ code, title: SOURCES[code] }));

function askedPeriod(key: string | undefined): Period | undefined {
  if (key === undefined) return undefined;
  const p = parsePeriod(key);
  if (!p) throw AppError.validation([{ field: 'period', code: 'life_period_invalid' }]);
  return p;
}

/** The organizations a compliance view covers, and the territory node to roll up under (if any). */
async function orgSet(ctx: Ctx, q: { orgId?: number | undefined; territoryId?: number | undefined }): Promise<{ orgs: PartyOrg[]; node: Territory | null }> {
  const k = ctx.db.kysely;
  const scope = ctx.actor.scope;
  if (q.orgId !== undefined) {
    const org = await findOrg(k, scope, q.orgId);
    if (!org) throw new AppError(404, 'org_not_found', [{ field: 'orgId', code: 'org_not_found' }]);
    return { orgs: [org], node: null };
  }
  let node: Territory | null = null;
  let query = k.selectFrom('party_org').selectAll().where(inOrgScope(scope, 'party_org')).where('status', '=', 'active').where('kind', '!=', 'party_group');
  if (q.territoryId !== undefined) {
    node = (await findTerritory(k, scope, q.territoryId)) ?? null;
    if (!node) throw new AppError(404, 'territory_not_found', [{ field: 'territoryId', code: 'territory_not_found' }]);
    query = query.where(withinPath('party_org.territory_path', node.path));
  } else if (scope.territoryPath) {
    node = (await k.selectFrom('territory').selectAll().where('district_id', '=', scope.districtId).where('path', '=', scope.territoryPath).executeTakeFirst()) ?? null;
  }
  return { orgs: await query.orderBy('path').execute(), node };
}

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

/** The meetings that count, per organization (group meetings held by a party group count for its branch). */
async function countedMeetings(db: Q, orgIds: number[], groupParent: Map<number, number>, window: Period, d: LifeDistrict): Promise<Map<number, CountedMeeting[]>> {
  const { from, to } = periodUtcRange(window, d.timeZone);
  const out = new Map<number, CountedMeeting[]>();
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
      list.push({ kind: r.kind as MeetingKind, date: localDate(new Date(r.starts_at), d.timeZone), partyGroupId, hostPersonId: r.host_person_id });
      out.set(owner, list);
    }
  }
  return out;
}

function resultDto(r: RequirementResult) {
  return { ...r, sources: sourcesOf(r.sources) };
}

async function evaluate(ctx: Ctx, orgs: PartyOrg[], asked: Period | undefined) {
  const k = ctx.db.kysely;
  const d = await lifeDistrict(k, ctx.actor.scope.districtId, ctx.clock);
  const { facts, groupParent } = await factsOf(k, orgs, d);
  const window = periodOfDate(asked?.start ?? d.today, 'year');
  const meetings = await countedMeetings(
    k,
    orgs.map((o) => o.id),
    groupParent,
    window,
    d,
  );
  const evaluated = orgs.map((o) => ({ org: o, ...evaluateOrgLife(facts.get(o.id)!, meetings.get(o.id) ?? [], d.rules, d.today, asked) }));
  return { d, evaluated };
}

export async function compliance(
  ctx: Ctx,
  q: { orgId?: number | undefined; territoryId?: number | undefined; period?: string | undefined; status?: LifeStatus | undefined },
  page: number,
  pageSize: number,
) {
  const asked = askedPeriod(q.period);
  const { orgs, node } = await orgSet(ctx, q);
  const k = ctx.db.kysely;
  const { d, evaluated } = await evaluate(ctx, orgs, asked);
  const children = node
    ? await k.selectFrom('territory').select(['id', 'name', 'kind', 'path']).where('parent_id', '=', node.id).where('status', '=', 'active').orderBy('name').execute()
    : [];
  const { total: summary, byNode } = rollUpLife(
    evaluated.map((e) => ({ territoryPath: e.org.territory_path, status: e.status })),
    children,
  );
  const matching = q.status ? evaluated.filter((e) => e.status === q.status) : evaluated;
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

/** Requirements whose period ends soon (or is already lost) and are not met, for secretaries and the street. */
export async function reminders(ctx: Ctx, q: { orgId?: number | undefined; territoryId?: number | undefined }, page: number, pageSize: number) {
  const { orgs } = await orgSet(ctx, q);
  const { d, evaluated } = await evaluate(ctx, orgs, undefined);
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
  items.sort((a, b) => rank(a.status) - rank(b.status) || a.daysLeft - b.daysLeft || a.orgName.localeCompare(b.orgName, 'zh-CN') || a.orgId - b.orgId);
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

