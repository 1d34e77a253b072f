import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { worklistOrder } from '../../db/migrations/0013_worklist_rank.js';

type Q = Kysely<Database> | Transaction<Database>;

/**
 * How many party members a unit has, as SQL over the outer `unit` row: the
 * registered full members employed there once any member of the unit is
 * registered (source "registry"), else the count its survey reported
 * ("survey"). One definition for the worklist, the dashboards and the rules.
 * The registry counts are kept on the unit by triggers (migration 0011); the
 * expression is the first key of the worklist's index (migration 0013).
 */
export const unitMemberCount = sql.raw<number>(worklistOrder('unit.')[0].expr);

export const unitMemberSource = sql<'registry' | 'survey'>`(case when unit.registry_members > 0 then 'registry' else 'survey' end)`;

/**
 * Per organization: registered active members and full members (organizations
 * with none use the survey). Committees and general branches count their whole
 * subtree — their members sit in the branches under them — as
 * org_member_rollup keeps it (migration 0012); a branch counts its own members.
 */
export async function registeredMembersByOrg(db: Q, orgs: { id: number; kind: string }[]) {
  const out = new Map<number, { members: number; full: number }>();
  if (!orgs.length) return out;
  const add = (orgId: number, stage: string, n: number) => {
    const m = out.get(orgId) ?? { members: 0, full: 0 };
    // Applicants, activists and candidates are not yet members.
    if (stage === 'full' || stage === 'probationary') m.members += n;
    if (stage === 'full') m.full += n;
    out.set(orgId, m);
  };
  const whole = orgs.filter((o) => o.kind === 'committee' || o.kind === 'general_branch');
  const direct = orgs.filter((o) => !whole.includes(o));
  if (direct.length) {
    const rows = await db
      .selectFrom('member')
      .select(['party_org_id', 'stage', sql<number>`count(*)`.as('n')])
      .where('party_org_id', 'in', direct.map((o) => o.id))
      .where('status', '=', 'active')
      .groupBy(['party_org_id', 'stage'])
      .execute();
    for (const r of rows) add(r.party_org_id, r.stage, Number(r.n));
  }
  if (whole.length) {
    const rows = await db
      .selectFrom('org_member_rollup')
      .select(['party_org_id', 'stage', 'n'])
      .where('party_org_id', 'in', whole.map((o) => o.id))
      .where('status', '=', 'active')
      .where('n', '>', 0)
      .execute();
    for (const r of rows) add(r.party_org_id, r.stage, Number(r.n));
  }
  return out;
}
