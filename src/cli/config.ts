import { DEFAULT_DATABASE_URL } from '../db/connect.js';

/** Configuration by environment (DESIGN.md "Conventions"). */
export function config() {
  const env = process.env;
  return {
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL ?? DEFAULT_DATABASE_URL,
    demoPassword: env.COHESION_DEMO_PASSWORD ?? 'cohesion-demo',
    secureCookies: env.COHESION_SECURE_COOKIES === '1',
    clock: env.COHESION_CLOCK,
    dataDir: env.COHESION_DATA_DIR,
    logLevel: env.LOG_LEVEL ?? 'info',
  };
}
