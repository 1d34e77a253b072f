import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Ctx } from '../../server/context.js';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string | number | null;
  /** Territory path the entity belongs to, for scoped reading of the log. */
  scopePath: string | null;
  before?: unknown;
  after?: unknown;
}

function row(ctx: Pick<Ctx, 'actor' | 'clock'>, at: string, entry: AuditEntry) {
  return {
    district_id: ctx.actor.scope.districtId,
    at,
    actor_user_id: ctx.actor.userId || null,
    actor_name: ctx.actor.username,
    action: entry.action,
    entity_type: entry.entityType,
    entity_id: entry.entityId === null ? null : String(entry.entityId),
    scope_path: entry.scopePath,
    before_json: entry.before === undefined ? null : JSON.stringify(entry.before),
    after_json: entry.after === undefined ? null : JSON.stringify(entry.after),
    ip: ctx.actor.ip,
  };
}

/**
 * Writes one audit record. Call it inside the transaction of the change it
 * describes, so that a change and its record commit or fail together.
 */
export async function recordAudit(trx: Transaction<Database> | Kysely<Database>, ctx: Pick<Ctx, 'actor' | 'clock'>, entry: AuditEntry): Promise<void> {
  await trx.insertInto('audit_log').values(row(ctx, ctx.clock.now().toISOString(), entry)).execute();
}

/**
 * Writes many audit records in multi-row inserts (bulk imports: one statement
 * per 500 records instead of one each — measured to halve the write phase).
 */
export async function recordAudits(trx: Transaction<Database> | Kysely<Database>, ctx: Pick<Ctx, 'actor' | 'clock'>, entries: AuditEntry[]): Promise<void> {
  const at = ctx.clock.now().toISOString();
  for (let i = 0; i < entries.length; i += 500) {
    await trx.insertInto('audit_log').values(entries.slice(i, i + 500).map((e) => row(ctx, at, e))).execute();
  }
}
