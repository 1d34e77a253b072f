import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { SettableClock } from '../../src/domain/clock.js';
import type { Db, Dialect } from '../../src/db/connect.js';
import { buildApp } from '../../src/server/app.js';
import type { Api } from '../../src/server/api.js';
import { freshDb } from './db.js';
import { loadFixture, NOW, TEST_PASSWORD, testVault, type Fixture } from './fixture.js';

export { testVault };

export interface Harness {
  app: Api;
  db: Db;
  clock: SettableClock;
  fx: Fixture;
  as(username: string, password?: string): Promise<Client>;
  anonymous(): Client;
  close(): Promise<void>;
}

/** An app on a fresh database of the dialect, with the fixture district loaded (`file`: see freshDb). */
export async function harness(dialect: Dialect, opts: { file?: boolean } = {}): Promise<Harness> {
  const db = await freshDb(dialect, opts);
  const fx = await loadFixture(db);
  const clock = new SettableClock(NOW);
  const app = await buildApp({ db, clock, webDir: null, vault: testVault });
  await app.ready();
  return {
    app,
    db,
    clock,
    fx,
    async as(username, password = TEST_PASSWORD) {
      const c = new Client(app);
      const res = await c.post('/api/v1/auth/login', { username, password });
      if (res.statusCode !== 200) throw new Error(`login as ${username} failed: ${res.statusCode} ${res.body}`);
      return c;
    },
    anonymous: () => new Client(app),
    async close() {
      await app.close();
      await db.close();
    },
  };
}

type Method = NonNullable<InjectOptions['method']>;

/** A browser-like caller: keeps the session cookie and sends the CSRF token on writes. */
export class Client {
  cookie: string | null = null;
  csrf: string | null = null;
  lang = 'zh-CN';
  constructor(private readonly app: Api) {}

  async request(method: Method, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const res = await this.app.inject({
      method,
      url,
      headers: {
        'accept-language': this.lang,
        ...(this.cookie && { cookie: this.cookie }),
        ...(this.csrf && method !== 'GET' && { 'x-csrf-token': this.csrf }),
        ...headers,
      },
      ...(body !== undefined && { payload: body as InjectOptions['payload'] }),
    });
    const set = res.cookies.find((c) => c.name === 'cohesion_sid');
    if (set) this.cookie = set.value ? `cohesion_sid=${set.value}` : null;
    if (res.statusCode === 200 && url === '/api/v1/auth/login') this.csrf = res.json().csrfToken;
    return res;
  }
  get(url: string, headers?: Record<string, string>) {
    return this.request('GET', url, undefined, headers);
  }
  post(url: string, body: unknown = {}, headers?: Record<string, string>) {
    return this.request('POST', url, body, headers);
  }
  patch(url: string, body: unknown, headers?: Record<string, string>) {
    return this.request('PATCH', url, body, headers);
  }
  delete(url: string, headers?: Record<string, string>) {
    return this.request('DELETE', url, undefined, headers);
  }
}
