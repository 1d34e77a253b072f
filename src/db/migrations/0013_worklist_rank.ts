import { sql } from 'kysely';
import type { CohesionMigration } from './helpers.js';

/**
 * The worklist's order, as SQL over `unit` (`t` is '' or 'unit.'): the unit's
 * member count (the definition of `unitMemberCount`), uncovered before
 * reached-by-work, then the larger unit, then the id.
 */
export const worklistOrder = (t: string) =>
  [
    { expr: `(case when ${t}registry_members > 0 then ${t}registry_full else ${t}surveyed_member_count end)`, dir: 'desc' },
    { expr: `(case when ${t}coverage = 'none' then 0 else 1 end)`, dir: 'asc' },
    { expr: `${t}employee_count`, dir: 'desc' },
    { expr: `${t}id`, dir: 'asc' },
  ] as const;

/** The units the worklist can hold: operating and without an organization of their own or a joint one. */
export const worklistCandidate = (t: string) => `${t}status = 'operating' and ${t}coverage in ('none', 'work')`;

/**
 * The worklist's units in page order (decision 0011): an index on the order's
 * expressions, over the candidates only. A district's first page walks a few
 * dozen entries instead of sorting 234k units, and its count reads the index
 * alone (together 1.9 s on SQLite at city scale, most of it the count's table
 * reads).
 * Either database uses it only if the query writes the same expressions and
 * the same literal condition, so both come from here.
 */
const WORKLIST_READS = ['territory_path', 'coverage', 'registry_members', 'registry_full', 'surveyed_member_count'];

export const m0013_worklist_rank: CohesionMigration = {
  async up({ db }) {
    // The columns after the order make it covering: the count of a district's worklist reads the index alone.
    const columns = [...worklistOrder('').map((o) => `${o.expr} ${o.dir}`), ...WORKLIST_READS];
    await sql.raw(`create index unit_worklist on unit (district_id, ${columns.join(', ')}) where ${worklistCandidate('')}`).execute(db);
    await sql`analyze unit`.execute(db);
  },
};
