import type { Kysely } from 'kysely';
import type { Clock } from '../../domain/clock.js';
import type { AppUser, Database } from '../../db/schema.js';
import type { Ctx } from '../../server/context.js';
import { AppError } from '../../server/errors.js';
import { GRANTS, type Permission, type Role } from '../../server/permissions.js';
import { recordAudit } from '../audit/record.js';
import { burnVerify, verifyPassword } from './passwords.js';
import { createSession } from './sessions.js';

export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;

function auditorFor(clock: Clock, user: AppUser, ip: string | null): Pick<Ctx, 'actor' | 'clock'> {
  return {
    clock,
    actor: {
      userId: user.id,
      username: user.username,
      displayName: user.display_name,
      role: user.role as Role,
      scope: { districtId: user.district_id, territoryPath: null, partyOrgId: user.scope_party_org_id, partyOrgPath: null },
      ip,
    },
  };
}

/**
 * Checks a password and opens a session. Repeated failures lock the account
 * for a while; the lock and every login are written to the audit log.
 */
export async function login(db: Kysely<Database>, clock: Clock, username: string, password: string, ip: string | null) {
  const now = clock.now();
  const user = await db.selectFrom('app_user').selectAll().where('username', '=', username).executeTakeFirst();
  if (!user || user.status !== 'active') {
    await burnVerify(password);
    throw new AppError(401, 'invalid_credentials');
  }
  if (user.locked_until && Date.parse(user.locked_until) > now.getTime()) {
    throw new AppError(429, 'account_locked', [], { until: user.locked_until });
  }
  const ok = await verifyPassword(user.password_hash, password);
  const audit = auditorFor(clock, user, ip);
  if (!ok) {
    const failed = user.failed_logins + 1;
    const lock = failed >= MAX_FAILED_LOGINS;
    const lockedUntil = lock ? new Date(now.getTime() + LOCK_MINUTES * 60_000).toISOString() : null;
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('app_user')
        .set({ failed_logins: lock ? 0 : failed, locked_until: lockedUntil, updated_at: now.toISOString() })
        .where('id', '=', user.id)
        .execute();
      await recordAudit(trx, audit, {
        action: lock ? 'auth.locked' : 'auth.login_failed',
        entityType: 'app_user',
        entityId: user.id,
        scopePath: null,
        after: lock ? { lockedUntil } : { failedLogins: failed },
      });
    });
    if (lock) throw new AppError(429, 'account_locked', [], { until: lockedUntil });
    throw new AppError(401, 'invalid_credentials');
  }
  return db.transaction().execute(async (trx) => {
    if (user.failed_logins || user.locked_until) {
      await trx.updateTable('app_user').set({ failed_logins: 0, locked_until: null }).where('id', '=', user.id).execute();
    }
    const session = await createSession(trx, user, now);
    await recordAudit(trx, audit, { action: 'auth.login', entityType: 'app_user', entityId: user.id, scopePath: null });
    return session;
  });
}

export async function logout(ctx: Ctx, sessionId: string): Promise<void> {
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await trx.deleteFrom('session').where('id', '=', sessionId).execute();
    await recordAudit(trx, ctx, { action: 'auth.logout', entityType: 'app_user', entityId: ctx.actor.userId, scopePath: null });
  });
}

export function permissionsOf(role: Role): Permission[] {
  return (Object.keys(GRANTS) as Permission[]).filter(
    (p) => p !== 'public' && p !== 'authenticated' && (GRANTS[p] as readonly Role[]).includes(role),
  );
}

export async function me(ctx: Ctx) {
  const { actor } = ctx;
  const user = await ctx.db.kysely
    .selectFrom('app_user')
    .leftJoin('territory', 'territory.id', 'app_user.scope_territory_id')
    .innerJoin('district', 'district.id', 'app_user.district_id')
    .select([
      'app_user.id',
      'app_user.username',
      'app_user.display_name',
      'app_user.role',
      'app_user.locale',
      'app_user.scope_territory_id',
      'app_user.scope_party_org_id',
      'territory.name as territory_name',
      'district.name as district_name',
      'district.time_zone',
    ])
    .where('app_user.id', '=', actor.userId)
    .executeTakeFirstOrThrow();
  return {
    id: user.id,
    username: user.username,
    displayName: user.display_name,
    role: actor.role,
    locale: user.locale,
    district: { id: actor.scope.districtId, name: user.district_name, timeZone: user.time_zone },
    scope: {
      territoryId: user.scope_territory_id,
      territoryName: user.territory_name,
      territoryPath: actor.scope.territoryPath,
      partyOrgId: user.scope_party_org_id,
    },
    permissions: permissionsOf(actor.role),
  };
}
