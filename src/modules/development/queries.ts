import type { Kysely, Transaction } from 'kysely';
import { STAGES, type Baseline, type StepRow } from '../../domain/pipeline.js';
import { subtreeRange } from '../../domain/paths.js';
import type { WorkdayOverrides } from '../../domain/workdays.js';
import type { Database } from '../../db/schema.js';
import { inOrgScope, inTerritoryScope, type Scope } from '../../server/scope.js';

type Q = Kysely<Database> | Transaction<Database>;

/** A member the scope can see (by their organization), with the person and organization names; undefined → 404. */
export function findMember(db: Q, scope: Scope, id: number) {
  return db
    .selectFrom('member')
    .innerJoin('person', 'person.id', 'member.person_id')
    .innerJoin('party_org', 'party_org.id', 'member.party_org_id')
    .selectAll('member')
    .select(['person.name as person_name', 'person.birth_date', 'party_org.name as org_name'])
    .where('member.id', '=', id)
    .where(inOrgScope(scope, 'member', 'org_path', 'territory_path'))
    .executeTakeFirst();
}
export type MemberRow = NonNullable<Awaited<ReturnType<typeof findMember>>>;

function parseData(json: string): Record<string, unknown> {
  try {
    const v = JSON.parse(json) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export interface StoredStep extends StepRow {
  recordedAt: string;
  recordedBy: string | null;
}

/** The step log of members, oldest first, per member. */
export async function loadHistories(db: Q, memberIds: number[]): Promise<Map<number, StoredStep[]>> {
  const out = new Map<number, StoredStep[]>(memberIds.map((id) => [id, []]));
  if (!memberIds.length) return out;
  const rows = await db
    .selectFrom('development_step')
    .leftJoin('app_user', 'app_user.id', 'development_step.recorded_by')
    .select([
      'development_step.id',
      'development_step.member_id',
      'development_step.step',
      'development_step.done_on',
      'development_step.data_json',
      'development_step.corrects_id',
      'development_step.created_at',
      'app_user.display_name as recorded_by_name',
    ])
    .where('development_step.member_id', 'in', memberIds)
    .orderBy('development_step.id')
    .execute();
  for (const r of rows) {
    out.get(r.member_id)!.push({
      id: r.id,
      step: r.step,
      doneOn: r.done_on,
      data: parseData(r.data_json),
      correctsId: r.corrects_id,
      recordedAt: r.created_at,
      recordedBy: r.recorded_by_name,
    });
  }
  return out;
}

export async function loadHistory(db: Q, memberId: number): Promise<StoredStep[]> {
  return (await loadHistories(db, [memberId])).get(memberId)!;
}

/** The district's working-day overrides. */
export async function loadCalendar(db: Q, districtId: number): Promise<WorkdayOverrides> {
  const rows = await db.selectFrom('calendar_day').select(['day', 'is_working']).where('district_id', '=', districtId).execute();
  return Object.fromEntries(rows.map((r) => [r.day, r.is_working === 1]));
}

/**
 * People of the district named as mentors or sponsors: since when each is a
 * full member — the person's own record, or an active full member record.
 */
export async function peopleFacts(db: Q, districtId: number, personIds: number[]) {
  const ids = [...new Set(personIds.filter((x) => Number.isInteger(x) && x > 0))];
  const out: Record<number, { fullMemberSince: string | null; name: string }> = {};
  if (!ids.length) return out;
  const people = await db.selectFrom('person').select(['id', 'name', 'full_member_since']).where('district_id', '=', districtId).where('id', 'in', ids).execute();
  const members = await db
    .selectFrom('member')
    .select(['person_id', 'full_on'])
    .where('district_id', '=', districtId)
    .where('person_id', 'in', ids)
    .where('stage', '=', 'full')
    .where('status', '=', 'active')
    .execute();
  for (const p of people) {
    const m = members.find((x) => x.person_id === p.id);
    // A full member registered without the date counts as one from long ago.
    const fromMember = m ? (m.full_on ?? '0001-01-01') : null;
    const since = [p.full_member_since, fromMember].filter((x): x is string => x !== null).sort()[0] ?? null;
    out[p.id] = { fullMemberSince: since, name: p.name };
  }
  return out;
}

/**
 * The full members registered in an organization and those under it on a date
 * (active now, full by then; registered without the date: long ago), the
 * member themself excepted: the fewest a branch vote can count as entitled.
 */
export async function registeredFullMembers(db: Q, m: { district_id: number; org_path: string; id: number }, on: string): Promise<number> {
  const { from, to } = subtreeRange(m.org_path);
  const row = await db
    .selectFrom('member')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('district_id', '=', m.district_id)
    .where('org_path', '>=', from)
    .where('org_path', '<', to)
    .where('status', '=', 'active')
    .where('stage', '=', 'full')
    .where((eb) => eb.or([eb('full_on', 'is', null), eb('full_on', '<=', on)]))
    .where('id', '<>', m.id)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The registry's view of a member, for histories without an application (members registered mid-way). */
export function baselineOf(m: { stage: string; applied_on: string | null; activist_on: string | null; candidate_on: string | null; admitted_on: string | null; probation_until: string | null; full_on: string | null }): Baseline | null {
  if (!(STAGES as readonly string[]).includes(m.stage)) return null;
  return {
    stage: m.stage as Baseline['stage'],
    appliedOn: m.applied_on,
    activistOn: m.activist_on,
    candidateOn: m.candidate_on,
    admittedOn: m.admitted_on,
    probationUntil: m.probation_until,
    fullOn: m.full_on,
  };
}

/** An employer unit the caller may name: in their territory, or covered by an organization in their scope. */
export async function unitVisible(db: Q, scope: Scope, unitId: number): Promise<boolean> {
  if (scope.territoryPath) {
    return !!(await db.selectFrom('unit').select('id').where('id', '=', unitId).where(inTerritoryScope(scope, 'unit', 'territory_path')).executeTakeFirst());
  }
  return !!(await db
    .selectFrom('party_org_unit')
    .innerJoin('party_org', 'party_org.id', 'party_org_unit.party_org_id')
    .select('party_org_unit.unit_id')
    .where('party_org_unit.unit_id', '=', unitId)
    .where('party_org_unit.until_on', 'is', null)
    .where(inOrgScope(scope, 'party_org'))
    .executeTakeFirst());
}

/** Person ids named in step data (mentors, sponsors). */
export function namedPeople(rows: readonly { data: Record<string, unknown> }[]): number[] {
  const out: number[] = [];
  for (const r of rows) {
    const ids = r.data.personIds;
    if (Array.isArray(ids)) for (const x of ids) if (typeof x === 'number') out.push(x);
  }
  return out;
}
