import type { Kysely, Transaction } from 'kysely';
import { bulkInserter } from '../../db/bulk.js';
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
 * Writes many audit records through the bulk inserter (bulk imports: 1M rows
 * write 1M records; see src/db/bulk.ts). Call it inside the transaction of
 * the changes it describes.
 */
export async function recordAudits(trx: Transaction<Database> | Kysely<Database>, ctx: Pick<Ctx, 'actor' | 'clock' | 'db'>, entries: AuditEntry[]): Promise<void> {
  const at = ctx.clock.now().toISOString();
  await bulkInserter(ctx.db, trx).insert(
    'audit_log',
    entries.map((e) => row(ctx, at, e)),
  );
}
