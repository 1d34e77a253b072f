import type { Api } from '../../server/api.js';
import { attachSession } from '../../server/guard.js';
import { ErrorResponses } from '../../server/schemas.js';
import { LoginBody, MeResponse } from './schemas.js';
import { login, logout, me } from './service.js';
import { SESSION_COOKIE, findSession } from './sessions.js';
import type { Clock } from '../../domain/clock.js';
import Type from 'typebox';

export interface AuthRouteOptions {
  clock: Clock;
  secureCookies: boolean;
}

export async function authRoutes(app: Api, opts: AuthRouteOptions): Promise<void> {
  const { clock, secureCookies } = opts;

  app.post(
    '/api/v1/auth/login',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Log in; sets the session cookie',
        body: LoginBody,
        response: { 200: MeResponse, ...ErrorResponses, 429: ErrorResponses[400] },
      },
    },
    async (req, reply) => {
      const db = req.server.cohesionDb;
      const { token, csrfToken } = await login(db.kysely, clock, req.body.username, req.body.password, req.ip);
      reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure: secureCookies, path: '/' });
      const session = await findSession(db.kysely, token, clock.now());
      if (session) attachSession(req, session);
      return { user: await me(req.ctx()), csrfToken };
    },
  );

  app.post(
    '/api/v1/auth/logout',
    {
      config: { permission: 'authenticated' },
      schema: { tags: ['auth'], summary: 'Log out', response: { 204: Type.Null(), ...ErrorResponses } },
    },
    async (req, reply) => {
      await logout(req.ctx(), req.sessionId!);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/auth/me',
    {
      config: { permission: 'authenticated' },
      schema: { tags: ['auth'], summary: 'The logged-in user, their scope and CSRF token', response: { 200: MeResponse, ...ErrorResponses } },
    },
    async (req) => {
      return { user: await me(req.ctx()), csrfToken: req.csrfToken! };
    },
  );
}
