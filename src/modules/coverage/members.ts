import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';

type Q = Kysely<Database> | Transaction<Database>;

/**
 * How many party members a unit has, as SQL over the outer `unit` row: the
 * registered full members employed there once any member of the unit is
 * registered (source "registry"), else the count its survey reported
 * ("survey"). One definition for the worklist, the dashboards and the rules.
 */
const registered = (stageFilter: RawBuilder<unknown>) => sql`(
  select count(*) from member m join person p on p.id = m.person_id
  where p.employer_unit_id = unit.id and m.status = 'active' ${stageFilter})`;

export const unitHasRegistry = sql<boolean>`exists (
  select 1 from member m join person p on p.id = m.person_id
  where p.employer_unit_id = unit.id and m.status = 'active')`;

export const unitMemberCount = sql<number>`case when ${unitHasRegistry}
  then ${registered(sql`and m.stage = 'full'`)} else unit.surveyed_member_count end`;

export const unitMemberSource = sql<'registry' | 'survey'>`case when ${unitHasRegistry} then 'registry' else 'survey' end`;

/** Per organization: registered active members and full members (organizations with none use the survey). */
export async function registeredMembersByOrg(db: Q, orgIds: number[]) {
  if (!orgIds.length) return new Map<number, { members: number; full: number }>();
  const rows = await db
    .selectFrom('member')
    .select(['party_org_id', 'stage', sql<number>`count(*)`.as('n')])
    .where('party_org_id', 'in', orgIds)
    .where('status', '=', 'active')
    .groupBy(['party_org_id', 'stage'])
    .execute();
  const out = new Map<number, { members: number; full: number }>();
  for (const r of rows) {
    const m = out.get(r.party_org_id) ?? { members: 0, full: 0 };
    // Applicants, activists and candidates are not yet members.
    if (r.stage === 'full' || r.stage === 'probationary') m.members += Number(r.n);
    if (r.stage === 'full') m.full += Number(r.n);
    out.set(r.party_org_id, m);
  }
  return out;
}
