import { sql, type Kysely } from 'kysely';
import type { AuditLog, Database } from '../../db/schema.js';
import { countAll } from '../../db/sql.js';
import { subtreeRange } from '../../domain/paths.js';
import type { Role } from '../../server/permissions.js';
import type { Scope } from '../../server/scope.js';

export interface AuditFilterValues {
  action?: string | undefined;
  entityType?: string | undefined;
  entityId?: string | undefined;
  actor?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

/**
 * The district admin reads the whole district's log. Anyone else reads the
 * entries about things inside their territory subtree (account events have
 * no territory and stay with the district).
 */
function scoped(db: Kysely<Database>, scope: Scope, role: Role) {
  let q = db.selectFrom('audit_log').where('district_id', '=', scope.districtId);
  if (role !== 'district_admin') {
    if (!scope.territoryPath) return q.where(sql<boolean>`1 = 0`);
    const { from, to } = subtreeRange(scope.territoryPath);
    q = q.where('scope_path', '>=', from).where('scope_path', '<', to);
  }
  return q;
}

function filtered(db: Kysely<Database>, scope: Scope, role: Role, f: AuditFilterValues) {
  let q = scoped(db, scope, role);
  if (f.action) q = q.where('action', '=', f.action);
  if (f.entityType) q = q.where('entity_type', '=', f.entityType);
  if (f.entityId) q = q.where('entity_id', '=', f.entityId);
  if (f.actor) q = q.where('actor_name', '=', f.actor);
  if (f.from) q = q.where('at', '>=', new Date(f.from).toISOString());
  if (f.to) q = q.where('at', '<', new Date(f.to).toISOString());
  return q;
}

export function toAuditDto(r: AuditLog) {
  return {
    id: r.id,
    at: r.at,
    actorUserId: r.actor_user_id,
    actorName: r.actor_name,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    before: r.before_json === null ? null : (JSON.parse(r.before_json) as unknown),
    after: r.after_json === null ? null : (JSON.parse(r.after_json) as unknown),
    ip: r.ip,
  };
}

export async function listAudit(db: Kysely<Database>, scope: Scope, role: Role, f: AuditFilterValues, page: number, pageSize: number, sort = '-at') {
  const q = filtered(db, scope, role, f);
  const dir = sort === 'at' ? 'asc' : 'desc';
  const [rows, total] = await Promise.all([
    q.selectAll().orderBy('at', dir).orderBy('id', dir).limit(pageSize).offset((page - 1) * pageSize).execute(),
    q.select(countAll().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(toAuditDto), total: Number(total.n) };
}

export async function* eachAudit(db: Kysely<Database>, scope: Scope, role: Role, f: AuditFilterValues, batch = 2000) {
  let before = Number.MAX_SAFE_INTEGER;
  for (;;) {
    const rows = await filtered(db, scope, role, f).selectAll().where('id', '<', before).orderBy('id', 'desc').limit(batch).execute();
    yield* rows.map(toAuditDto);
    if (rows.length < batch) return;
    before = rows[rows.length - 1]!.id;
  }
}
