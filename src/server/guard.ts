import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import type { Clock } from '../domain/clock.js';
import type { Db } from '../db/connect.js';
import { findSession, SESSION_COOKIE, type LiveSession } from '../modules/auth/sessions.js';
import type { Actor, Ctx } from './context.js';
import type { Vault } from './crypto.js';
import { AppError } from './errors.js';
import { localeFrom } from './i18n.js';
import { allows, isPermission, type Permission, type Role } from './permissions.js';

export interface RouteEntry {
  method: string;
  url: string;
  permission: Permission;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every API route with its permission, as registered: the scope-matrix test walks it. */
    routeTable: RouteEntry[];
  }
  interface FastifyContextConfig {
    /** Required on every /api/v1 route: which permission (permissions.ts) it needs. */
    permission?: Permission;
  }
  interface FastifyRequest {
    actor: Actor | null;
    sessionId: string | null;
    csrfToken: string | null;
    /** The service context of the logged-in caller; throws 401 when there is none. */
    ctx(): Ctx;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export const API_PREFIX = '/api/v1';

/** Refuses, at start-up, any API route that does not declare its permission. */
export function assertRouteDeclaresPermission(route: RouteOptions): Permission | null {
  const url = route.url ?? '';
  if (!url.startsWith(API_PREFIX)) return null;
  const permission = (route.config as { permission?: unknown } | undefined)?.permission;
  if (!isPermission(permission)) {
    throw new Error(`Route ${String(route.method)} ${url} declares no permission (config.permission)`);
  }
  return permission;
}

export function installGuard(app: FastifyInstance, db: Db, clock: Clock, vault: Vault): void {
  const table: RouteEntry[] = [];
  app.decorate('routeTable', table);
  app.addHook('onRoute', (route) => {
    const permission = assertRouteDeclaresPermission(route);
    if (!permission) return;
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') table.push({ method, url: route.url, permission });
    }
  });
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionId', null);
  app.decorateRequest('csrfToken', null);
  app.decorateRequest('ctx', function (this: FastifyRequest): Ctx {
    if (!this.actor) throw new AppError(401, 'unauthenticated');
    return { db, clock, vault, actor: this.actor, locale: localeFrom(this.headers['accept-language']) };
  });

  app.addHook('onRequest', async (req) => {
    const permission = req.routeOptions.config?.permission;
    if (!req.url.startsWith(API_PREFIX) || permission === undefined) return;

    const token = req.cookies[SESSION_COOKIE];
    const session = token ? await findSession(db.kysely, token, clock.now()) : null;
    if (session) attachSession(req, session);
    if (permission === 'public') return;
    if (!session || !req.actor) throw new AppError(401, 'unauthenticated');
    if (UNSAFE.has(req.method) && !sameToken(req.headers['x-csrf-token'], session.csrfToken)) {
      throw new AppError(403, 'csrf_failed');
    }
    if (!allows(permission, req.actor.role)) throw AppError.forbidden();
  });
}

function sameToken(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Makes a live session the request's caller. */
export function attachSession(req: FastifyRequest, session: LiveSession): void {
  const u = session.user;
  req.sessionId = session.id;
  req.csrfToken = session.csrfToken;
  req.actor = {
    userId: u.id,
    username: u.username,
    displayName: u.display_name,
    role: u.role as Role,
    scope: {
      districtId: u.district_id,
      territoryPath: session.scopeTerritoryPath,
      partyOrgId: u.scope_party_org_id,
      partyOrgPath: session.scopePartyOrgPath,
    },
    ip: req.ip,
  };
}
