/**
 * Kysely table types. Conventions (docs/decisions/0002-schema-conventions.md):
 * every table carries district_id; ids are integers; times are ISO-8601 UTC
 * text and dates YYYY-MM-DD text in both dialects; flags are integers 0/1;
 * money is integer fen; trees carry a materialized `path`.
 */
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

type Id = Generated<number>;

export interface DistrictTable {
  id: Id;
  name: string;
  time_zone: string;
  created_at: string;
}

export interface TerritoryTable {
  id: Id;
  district_id: number;
  parent_id: number | null;
  kind: string;
  name: string;
  code: string | null;
  address: string | null;
  lng: number | null;
  lat: number | null;
  /** Materialized path, '/1/7/42/'; set right after insert, once the id is known. */
  path: string;
  depth: number;
  status: string;
  closed_at: string | null;
  closed_reason: string | null;
  created_at: string;
  updated_at: string;
}

export interface UnitTable {
  id: Id;
  district_id: number;
  territory_id: number;
  /** Copy of the territory's path so that subtree filters need no join. */
  territory_path: string;
  name: string;
  credit_code: string;
  kind: string;
  ownership: string;
  industry: string;
  employee_count: number;
  surveyed_member_count: number;
  address: string | null;
  lng: number | null;
  lat: number | null;
  registered_on: string | null;
  status: string;
  closed_on: string | null;
  closed_reason: string | null;
  created_at: string;
  updated_at: string;
}

export interface AppUserTable {
  id: Id;
  district_id: number;
  username: string;
  display_name: string;
  password_hash: string;
  role: string;
  scope_territory_id: number | null;
  scope_party_org_id: number | null;
  locale: string;
  status: string;
  failed_logins: number;
  locked_until: string | null;
  created_at: string;
  updated_at: string;
}

export interface SessionTable {
  /** sha256 of the cookie token: a leaked table does not yield live sessions. */
  id: string;
  district_id: number;
  user_id: number;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

export interface AuditLogTable {
  id: Id;
  district_id: number;
  at: string;
  actor_user_id: number | null;
  actor_name: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  /** Territory path of the entity, so that a street admin sees their street's history. */
  scope_path: string | null;
  before_json: string | null;
  after_json: string | null;
  ip: string | null;
}

export interface Database {
  district: DistrictTable;
  territory: TerritoryTable;
  unit: UnitTable;
  app_user: AppUserTable;
  session: SessionTable;
  audit_log: AuditLogTable;
}

export type Territory = Selectable<TerritoryTable>;
export type NewTerritory = Insertable<TerritoryTable>;
export type Unit = Selectable<UnitTable>;
export type NewUnit = Insertable<UnitTable>;
export type UnitUpdate = Updateable<UnitTable>;
export type AppUser = Selectable<AppUserTable>;
export type AuditLog = Selectable<AuditLogTable>;
export type { ColumnType };
