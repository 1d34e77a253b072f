import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema.js';

type Q = Kysely<Database> | Transaction<Database>;

/** The tables of rows counted per territory node, kept by triggers (migration 0009, decision 0010). */
const COUNTED = [
  { counts: 'coverage_count', source: 'unit', keys: ['territory_path', 'status', 'coverage'] },
  { counts: 'member_count', source: 'member', keys: ['territory_path', 'status', 'stage'] },
] as const;

/**
 * Rebuilds a district's counts from the rows they count and returns how many
 * counted rows were wrong. The triggers keep them; this is for bulk loads that
 * bypass triggers (PostgreSQL's replica role in the demo generator) and for
 * `cohesion check` (0 is the healthy answer).
 */
export async function rebuildNodeCounts(db: Q, districtId: number): Promise<number> {
  let wrong = 0;
  for (const { counts, source, keys } of COUNTED) {
    const columns = sql.join(keys.map((k) => sql.ref(k)));
    const [kept, actual] = await Promise.all([
      sql<Record<string, string | number>>`select ${columns}, n from ${sql.table(counts)} where district_id = ${districtId} and n <> 0`.execute(db),
      sql<Record<string, string | number>>`select ${columns}, count(*) as n from ${sql.table(source)} where district_id = ${districtId} group by ${columns}`.execute(db),
    ]);
    const key = (r: Record<string, string | number>) => keys.map((k) => r[k]).join('\u0000');
    const want = new Map(actual.rows.map((r) => [key(r), Number(r.n)]));
    const keptKeys = new Set(kept.rows.map(key));
    const off = kept.rows.filter((r) => want.get(key(r)) !== Number(r.n)).length + actual.rows.filter((r) => !keptKeys.has(key(r))).length;
    if (!off) continue;
    wrong += off;
    await sql`delete from ${sql.table(counts)} where district_id = ${districtId}`.execute(db);
    await sql`insert into ${sql.table(counts)} (district_id, ${columns}, n)
      select district_id, ${columns}, count(*) from ${sql.table(source)} where district_id = ${districtId} group by district_id, ${columns}`.execute(db);
  }
  return wrong;
}
