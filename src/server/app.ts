import { existsSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import cookie from '@fastify/cookie';
import { Ajv } from 'ajv';
import addFormatsPlugin from 'ajv-formats';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyError, type FastifyServerOptions } from 'fastify';
import { systemClock, type Clock } from '../domain/clock.js';
import type { Db } from '../db/connect.js';
import { auditRoutes } from '../modules/audit/routes.js';
import { authRoutes } from '../modules/auth/routes.js';
import { systemRoutes } from '../modules/system/routes.js';
import { territoryRoutes } from '../modules/territory/routes.js';
import { unitRoutes } from '../modules/units/routes.js';
import { surveyImportRoutes } from '../modules/survey-import/routes.js';
import { orgRoutes } from '../modules/orgs/routes.js';
import { coverageRoutes } from '../modules/coverage/routes.js';
import { peopleRoutes } from '../modules/people/routes.js';
import { standardizationRoutes } from '../modules/standardization/routes.js';
import { settingsRoutes } from '../modules/settings/routes.js';
import { memberRoutes } from '../modules/members/routes.js';
import { transferRoutes } from '../modules/transfers/routes.js';
import { mobileRoutes } from '../modules/mobile/routes.js';
import { lostContactRoutes } from '../modules/lost-contact/routes.js';
import { meRoutes } from '../modules/me/routes.js';
import { developmentRoutes } from '../modules/development/routes.js';
import { lifeRoutes } from '../modules/life/routes.js';
import { rosterImportRoutes } from '../modules/roster-import/routes.js';
import type { Api } from './api.js';
import { loadVault, type Vault } from './crypto.js';
import { AppError, errorBody, fromSchemaErrors } from './errors.js';
import { API_PREFIX, installGuard } from './guard.js';
import { localeFrom } from './i18n.js';

// ajv-formats' default export is typed for CommonJS consumers.
const addFormats = addFormatsPlugin as unknown as (ajv: Ajv) => Ajv;

declare module 'fastify' {
  interface FastifyInstance {
    cohesionDb: Db;
    /** The app's clock, for public routes that have no caller context. */
    cohesionClock: Clock;
  }
}

export interface AppOptions {
  db: Db;
  clock?: Clock;
  logger?: FastifyServerOptions['logger'];
  /** Built web app to serve at /; null serves the API only. */
  webDir?: string | null;
  secureCookies?: boolean;
  /** Personal-data keys; by default from the key file in the data folder. */
  vault?: Vault;
}

/**
 * Two validators: query strings and path parameters arrive as text and are
 * coerced to their types; JSON bodies are validated exactly as sent (coercion
 * there would turn an invalid 0 or "" into null and clear a field). Both report
 * every bad field and refuse unknown ones.
 */
function makeAjv(coerce: boolean) {
  const ajv = new Ajv({ allErrors: true, removeAdditional: false, useDefaults: true, coerceTypes: coerce ? 'array' : false, strict: false });
  addFormats(ajv);
  return ajv;
}
const validators = { body: makeAjv(false), other: makeAjv(true) };

/** Every module's routes, in one list: adding a module means adding it here. */
const MODULES = [systemRoutes, territoryRoutes, unitRoutes, auditRoutes, orgRoutes, coverageRoutes, peopleRoutes, surveyImportRoutes, standardizationRoutes, settingsRoutes, memberRoutes, transferRoutes, mobileRoutes, lostContactRoutes, meRoutes, developmentRoutes, lifeRoutes, rosterImportRoutes];

export async function buildApp(opts: AppOptions): Promise<Api> {
  const clock = opts.clock ?? systemClock;
  const app = Fastify({
    logger: opts.logger ?? false,
    trustProxy: true,
    bodyLimit: 1024 * 1024,
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? validators.body : validators.other).compile(schema));
  app.decorate('cohesionDb', opts.db);
  app.decorate('cohesionClock', clock);

  app.setErrorHandler((err: FastifyError & { validation?: unknown[]; validationContext?: string }, req, reply) => {
    const locale = localeFrom(req.headers['accept-language']);
    let appErr: AppError;
    if (err instanceof AppError) appErr = err;
    else if (err.validation) appErr = AppError.validation(fromSchemaErrors(err.validation as never));
    else if (err.statusCode && err.statusCode < 500) {
      // Fastify's own 4xx (bad JSON, wrong content type, body too large).
      appErr = new AppError(err.statusCode, err.statusCode === 404 ? 'not_found' : 'validation_failed', [
        { field: 'body', code: 'invalid_format' },
      ]);
    } else if ((err as { code?: string }).code === 'SQLITE_BUSY') {
      // SQLite: a write waited busy_timeout for another connection's (an import job's) write to end.
      reply.header('retry-after', '10');
      appErr = new AppError(503, 'database_busy');
    } else {
      req.log.error({ err }, 'unhandled error');
      appErr = new AppError(500, 'internal');
    }
    return reply.code(appErr.status).send(errorBody(appErr, locale));
  });

  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Cohesion API',
        version: '1',
        description: 'Party building in the "two new" organizations under territorial management.',
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'cohesion_sid' } } },
      security: [{ session: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  installGuard(app, opts.db, clock, opts.vault ?? loadVault(opts.db.dataDir));
  await app.register(authRoutes, { clock, secureCookies: opts.secureCookies ?? false });
  for (const mod of MODULES) await app.register(mod);

  app.get('/api/v1/openapi.json', { config: { permission: 'public' }, schema: { hide: true } }, async () => app.swagger());

  const webDir = opts.webDir === undefined ? resolve('dist/web') : opts.webDir;
  const webRoot = webDir !== null && existsSync(resolve(webDir, 'index.html')) ? resolve(webDir) : null;
  const serveWeb = webRoot !== null;
  if (webRoot) {
    const assetsDir = resolve(webRoot, 'assets') + sep;
    await app.register(fastifyStatic, {
      root: webRoot,
      // Files are looked up per request, so a rebuilt web app is served without a restart.
      wildcard: true,
      // Vite names every file under assets/ after its content: a browser may keep it for good instead of
      // asking again on each visit (a lazily loaded page chunk waited for that answer). index.html has no
      // hash, is asked for every time, and names the current files.
      setHeaders: (reply, path) => {
        if (path.startsWith(assetsDir)) reply.header('cache-control', 'public, max-age=31536000, immutable');
      },
    });
  }

  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/api/') || !serveWeb || req.method !== 'GET') {
      return reply.code(404).send(errorBody(AppError.notFound(), localeFrom(req.headers['accept-language'])));
    }
    // Client-side routes of the single-page app.
    return reply.sendFile('index.html');
  });

  return app as unknown as Api;
}

export { API_PREFIX };
