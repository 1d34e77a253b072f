import { sql } from 'kysely';
import { keepByStatement, type CohesionMigration, type MigrationContext, type TriggerSkip } from './helpers.js';

/**
 * Per unit, its registered active members (any stage) and full members among
 * them, kept by triggers on `member` and on `person.employer_unit_id`
 * (decision 0010). The worklist ranks a street's or district's uncovered units
 * by their member count; computing it with two correlated counts per unit took
 * 3.3 s for a city district (234k candidate units).
 */
const MEMBER_OUT = `update unit set registry_members = registry_members - 1,
    registry_full = registry_full - (case when old.stage = 'full' then 1 else 0 end)
  where id = (select employer_unit_id from person where id = old.person_id);`;
const MEMBER_IN = `update unit set registry_members = registry_members + 1,
    registry_full = registry_full + (case when new.stage = 'full' then 1 else 0 end)
  where id = (select employer_unit_id from person where id = new.person_id);`;
const MEMBER_CHANGED = `old.status <> new.status or old.stage <> new.stage or old.person_id <> new.person_id`;
const PERSON_MOVES = (sign: '-' | '+', unit: string) => `update unit set
    registry_members = registry_members ${sign} (select count(*) from member where person_id = new.id and status = 'active'),
    registry_full = registry_full ${sign} (select count(*) from member where person_id = new.id and status = 'active' and stage = 'full')
  where id = ${unit};`;

/** Adds rows of (unit_id, m, f) — members and full members — to the units' registry counts. */
export const addToRegistry = (deltas: string) => `update unit set registry_members = unit.registry_members + d.m, registry_full = unit.registry_full + d.f
  from (${deltas}) d where unit.id = d.unit_id;`;

/** (Re)creates the triggers on `member` that keep the units' registry counts; `skip`: when they stand aside (0016). */
export async function keepUnitRegistry({ db, dialect }: MigrationContext, skip?: TriggerSkip): Promise<void> {
  const run = (s: string) => sql.raw(s).execute(db);
  if (dialect === 'sqlite') {
    const unless = skip ? ` and not (${skip.sqlite})` : '';
    for (const t of ['insert', 'delete', 'leave', 'enter']) await run(`drop trigger if exists unit_registry_${t}`);
    await run(`create trigger unit_registry_insert after insert on member when new.status = 'active'${unless} begin ${MEMBER_IN} end`);
    await run(`create trigger unit_registry_delete after delete on member when old.status = 'active'${unless} begin ${MEMBER_OUT} end`);
    await run(`create trigger unit_registry_leave after update of status, stage, person_id on member
      when old.status = 'active' and (${MEMBER_CHANGED})${unless} begin ${MEMBER_OUT} end`);
    await run(`create trigger unit_registry_enter after update of status, stage, person_id on member
      when new.status = 'active' and (${MEMBER_CHANGED})${unless} begin ${MEMBER_IN} end`);
    return;
  }
  // Statement triggers over the transition tables (see keepCounted in helpers.ts): one update per unit and statement.
  const members = (rows: string, d: '1' | '-1') =>
    `select person_id, ${d} as m, ${d} * (case when stage = 'full' then 1 else 0 end) as f from ${rows} where status = 'active'`;
  const apply = (deltas: string) =>
    addToRegistry(`select p.employer_unit_id as unit_id, sum(x.m) as m, sum(x.f) as f from (${deltas}) x join person p on p.id = x.person_id
      where p.employer_unit_id is not null group by p.employer_unit_id having sum(x.m) <> 0 or sum(x.f) <> 0`);
  await keepByStatement(run, 'unit_registry', 'member', apply, members, skip);
}

export const m0011_unit_registry_counts: CohesionMigration = {
  async up(ctx) {
    const { db, dialect } = ctx;
    await db.schema.alterTable('unit').addColumn('registry_members', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    await db.schema.alterTable('unit').addColumn('registry_full', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    await keepUnitRegistry(ctx);
    const run = (s: string) => sql.raw(s).execute(db);
    if (dialect === 'sqlite') {
      await run(`create trigger unit_registry_employer after update of employer_unit_id on person
        when old.employer_unit_id is not new.employer_unit_id
        begin ${PERSON_MOVES('-', 'old.employer_unit_id')} ${PERSON_MOVES('+', 'new.employer_unit_id')} end`);
    } else {
      // A person who changes employer takes their active members' counts along.
      const moved = (side: 'o' | 'n', sign: '' | '-') => `select ${side}.employer_unit_id as unit_id, ${sign}count(*) as m, ${sign}sum(case when mb.stage = 'full' then 1 else 0 end) as f
        from old_rows o join new_rows n on n.id = o.id join member mb on mb.person_id = o.id and mb.status = 'active'
        where o.employer_unit_id is distinct from n.employer_unit_id and ${side}.employer_unit_id is not null group by ${side}.employer_unit_id`;
      await run(`create function unit_registry_employer() returns trigger language plpgsql as $$
        begin
          ${addToRegistry(`select unit_id, sum(m) as m, sum(f) as f from (${moved('o', '-')} union all ${moved('n', '')}) x group by unit_id`)}
          return null;
        end $$`);
      await run(`create trigger unit_registry_employer after update on person referencing old table as old_rows new table as new_rows
        for each statement execute function unit_registry_employer()`);
    }

    await sql`
      update unit set registry_members = c.m, registry_full = c.f from (
        select p.employer_unit_id as unit_id, count(*) as m, sum(case when m.stage = 'full' then 1 else 0 end) as f
        from member m join person p on p.id = m.person_id
        where m.status = 'active' and p.employer_unit_id is not null group by p.employer_unit_id
      ) c where c.unit_id = unit.id`.execute(db);
  },
};
