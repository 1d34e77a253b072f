import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { longWriteUnderway } from '../../db/connect.js';
import type { AppUser, Database } from '../../db/schema.js';

export const SESSION_COOKIE = 'cohesion_sid';
/** Idle expiry; refreshed on use, at most once a minute to keep reads cheap. */
export const IDLE_MINUTES = Number(process.env.COHESION_SESSION_IDLE_MINUTES ?? 30);
/** A session never outlives this, however active. */
export const ABSOLUTE_HOURS = 12;
const TOUCH_EVERY_MS = 60_000;

export function tokenId(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export async function createSession(db: Kysely<Database>, user: AppUser, now: Date) {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  await db
    .insertInto('session')
    .values({
      id: tokenId(token),
      district_id: user.district_id,
      user_id: user.id,
      csrf_token: csrfToken,
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      expires_at: new Date(now.getTime() + IDLE_MINUTES * 60_000).toISOString(),
    })
    .execute();
  return { token, csrfToken };
}

export interface LiveSession {
  id: string;
  csrfToken: string;
  user: AppUser;
  scopeTerritoryPath: string | null;
  scopePartyOrgPath: string | null;
}

/** The live session for a cookie token, refreshing its idle expiry; null if unknown or expired. */
export async function findSession(db: Kysely<Database>, token: string, now: Date): Promise<LiveSession | null> {
  const id = tokenId(token);
  const row = await db
    .selectFrom('session')
    .innerJoin('app_user', 'app_user.id', 'session.user_id')
    .leftJoin('territory', 'territory.id', 'app_user.scope_territory_id')
    .leftJoin('party_org', 'party_org.id', 'app_user.scope_party_org_id')
    .selectAll('app_user')
    .select(['territory.path as scope_territory_path', 'party_org.path as scope_party_org_path'])
    .select(['session.csrf_token', 'session.expires_at', 'session.created_at as session_created_at', 'session.last_seen_at'])
    .where('session.id', '=', id)
    .executeTakeFirst();
  if (!row || row.status !== 'active') return null;
  const nowMs = now.getTime();
  const absoluteEnd = Date.parse(row.session_created_at) + ABSOLUTE_HOURS * 3_600_000;
  if (Date.parse(row.expires_at) <= nowMs || absoluteEnd <= nowMs) {
    await db.deleteFrom('session').where('id', '=', id).execute();
    return null;
  }
  if (nowMs - Date.parse(row.last_seen_at) > TOUCH_EVERY_MS && !longWriteUnderway(db)) {
    await db
      .updateTable('session')
      .set({
        last_seen_at: now.toISOString(),
        expires_at: new Date(Math.min(nowMs + IDLE_MINUTES * 60_000, absoluteEnd)).toISOString(),
      })
      .where('id', '=', id)
      .execute();
  }
  const { csrf_token, expires_at: _e, session_created_at: _c, last_seen_at: _l, scope_territory_path, scope_party_org_path, ...user } = row;
  return { id, csrfToken: csrf_token, user, scopeTerritoryPath: scope_territory_path, scopePartyOrgPath: scope_party_org_path };
}

export async function deleteSession(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom('session').where('id', '=', id).execute();
}
