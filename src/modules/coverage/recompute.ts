import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';

type Q = Kysely<Database> | Transaction<Database>;

/**
 * A link `l` to an organization `o` in force on a date (or now): the unit is
 * covered by `o` then. Shared by coverageCase and the month-end trend.
 */
export function linkLive(on: string | null): RawBuilder<boolean> {
  return on
    ? sql<boolean>`l.since_on <= ${on} and (l.until_on is null or l.until_on > ${on}) and o.founded_on <= ${on} and (o.closed_on is null or o.closed_on > ${on})`
    : sql<boolean>`l.until_on is null and o.status = 'active'`;
}

/** A liaison assignment `a` in force on a date (or now). */
export function liaisonLive(on: string | null): RawBuilder<boolean> {
  return on ? sql<boolean>`a.since_on <= ${on} and (a.until_on is null or a.until_on > ${on})` : sql<boolean>`a.until_on is null`;
}

/**
 * The coverage of `unit` (the outer row) as SQL, at a date or now. Mirrors
 * coverageOf() in src/domain/coverage.ts: an organization covering it (own if
 * formed singly, else joint), else a liaison or instructor assigned (work), else none.
 * With a date, only links and assignments in force on that date count.
 */
export function coverageCase(on: string | null): RawBuilder<string> {
  const org = (own: boolean) => sql`exists (
      select 1 from party_org_unit l join party_org o on o.id = l.party_org_id
      where l.unit_id = unit.id and ${linkLive(on)} and o.formation_mode ${sql.raw(own ? '=' : '<>')} 'single')`;
  return sql<string>`case
      when ${org(true)} then 'own'
      when ${org(false)} then 'joint'
      when exists (select 1 from liaison_assignment a where a.unit_id = unit.id and ${liaisonLive(on)}) then 'work'
      else 'none' end`;
}

/**
 * Brings unit.coverage up to date for the given units. Call it in the same
 * transaction as the change that moves coverage (forming, closing, linking,
 * assigning a liaison).
 */
export async function recomputeCoverage(db: Q, unitIds: number[]): Promise<void> {
  for (let i = 0; i < unitIds.length; i += 500) {
    const batch = unitIds.slice(i, i + 500);
    await db.updateTable('unit').set({ coverage: coverageCase(null) }).where('id', 'in', batch).execute();
  }
}

/**
 * Recomputes every unit of a district from the links and reports how many
 * stored values were wrong (`cohesion check` runs it; 0 is the healthy answer).
 */
export async function repairCoverage(db: Q, districtId: number): Promise<{ checked: number; repaired: number }> {
  const wrong = await db
    .selectFrom('unit')
    .select('id')
    .where('district_id', '=', districtId)
    .where(sql<boolean>`coverage <> ${coverageCase(null)}`)
    .execute();
  await recomputeCoverage(db, wrong.map((w) => w.id));
  const { n } = await db
    .selectFrom('unit')
    .select(sql<number>`count(*)`.as('n'))
    .where('district_id', '=', districtId)
    .executeTakeFirstOrThrow();
  return { checked: Number(n), repaired: wrong.length };
}
