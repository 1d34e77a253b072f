import { pathIds } from '../../domain/paths.js';
import { inOrgScope, type Scope } from '../../server/scope.js';
import type { Q } from '../imports/queries.js';
import { memberInScope, memberRows, unitInScope } from '../members/queries.js';

export interface OrgEntry {
  id: number;
  parent_id: number | null;
  name: string;
  kind: string;
  path: string;
  territory_id: number;
  territory_path: string;
  status: string;
  /** The street (township) the organization sits in, if any. */
  street: string | null;
}

/** Every organization the scope can see (a district has hundreds to a few thousand), with its street's name. */
export async function orgsInScope(db: Q, scope: Scope): Promise<OrgEntry[]> {
  const orgs = await db
    .selectFrom('party_org')
    .select(['id', 'parent_id', 'name', 'kind', 'path', 'territory_id', 'territory_path', 'status'])
    .where(inOrgScope(scope, 'party_org'))
    .orderBy('path')
    .execute();
  const streetIds = [...new Set(orgs.map((o) => pathIds(o.territory_path)[1]).filter((id): id is number => id !== undefined))];
  const streets = streetIds.length
    ? await db.selectFrom('territory').select(['id', 'name']).where('district_id', '=', scope.districtId).where('id', 'in', streetIds).execute()
    : [];
  const streetName = new Map(streets.map((s) => [s.id, s.name]));
  return orgs.map((o) => ({ ...o, street: streetName.get(pathIds(o.territory_path)[1] ?? -1) ?? null }));
}

/**
 * The people of the district with these resident-ID hashes, in scope or not:
 * the caller decides, and reports an out-of-scope match like a missing one.
 */
export function peopleByHash(db: Q, districtId: number, hashes: string[]) {
  return db
    .selectFrom('person')
    .select(['id', 'territory_path', 'resident_id_hash'])
    .where('district_id', '=', districtId)
    .where('resident_id_hash', 'in', hashes)
    .execute();
}

/** The member records of these people (any status, any scope: the caller decides), oldest first, as the registry reads them. */
export function membersOf(db: Q, personIds: number[]) {
  return memberRows(db).where('member.person_id', 'in', personIds).orderBy('member.id').execute();
}

/** Members the scope can see whose name is one of these, with the sealed resident ID (rows that give a masked ID). */
export function membersByName(db: Q, scope: Scope, names: string[]) {
  return memberRows(db).select('person.resident_id_hash').where(memberInScope(scope)).where('person.name', 'in', names).execute();
}

/** Units the scope can see by credit code or by name (employers). */
export function unitsByKey(db: Q, scope: Scope, key: { codes: string[]; names: string[] }) {
  return db
    .selectFrom('unit')
    .select(['unit.id', 'unit.name', 'unit.credit_code', 'unit.status'])
    .where(unitInScope(scope))
    .where((eb) =>
      eb.or([...(key.codes.length ? [eb('unit.credit_code', 'in', key.codes)] : []), ...(key.names.length ? [eb('unit.name', 'in', key.names)] : [])]),
    )
    .execute();
}
