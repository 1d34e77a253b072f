import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, type Harness } from '../support/client.js';
import { dialects } from '../support/db.js';

describe.each(dialects())('login and sessions on %s', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness(dialect);
  });
  afterAll(() => h.close());

  it('logs in with an httpOnly SameSite cookie and answers me with scope and CSRF token', async () => {
    const c = h.anonymous();
    const res = await c.post('/api/v1/auth/login', { username: 'street1', password: 'test-password-1' });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((k) => k.name === 'cohesion_sid')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Strict');
    const me = (await c.get('/api/v1/auth/me')).json();
    expect(me.user).toMatchObject({
      username: 'street1',
      role: 'street_admin',
      scope: { territoryId: h.fx.streetA, territoryName: '甲街道' },
      district: { name: '测试区', timeZone: 'Asia/Shanghai' },
    });
    expect(me.user.permissions).toEqual(expect.arrayContaining(['units.write', 'territory.read']));
    expect(me.user.permissions).not.toContain('public');
    expect(me.csrfToken).toBe(res.json().csrfToken);
  });

  it('refuses a wrong password with the same answer as an unknown user', async () => {
    const wrong = await h.anonymous().post('/api/v1/auth/login', { username: 'street2', password: 'nope' });
    const unknown = await h.anonymous().post('/api/v1/auth/login', { username: 'nobody', password: 'nope' });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
  });

  it('locks the account after 5 failures, until the lock expires', async () => {
    const c = h.anonymous();
    for (let i = 0; i < 4; i++) expect((await c.post('/api/v1/auth/login', { username: 'instructor1', password: 'bad' })).statusCode).toBe(401);
    const fifth = await c.post('/api/v1/auth/login', { username: 'instructor1', password: 'bad' });
    expect(fifth.statusCode).toBe(429);
    expect(fifth.json().error.code).toBe('account_locked');
    // Even the right password is refused while locked.
    expect((await c.post('/api/v1/auth/login', { username: 'instructor1', password: 'test-password-1' })).statusCode).toBe(429);
    h.clock.advance(16 * 60_000);
    expect((await c.post('/api/v1/auth/login', { username: 'instructor1', password: 'test-password-1' })).statusCode).toBe(200);
    const audit = (await (await h.as('admin')).get('/api/v1/audit-log?entityType=app_user&action=auth.locked')).json();
    expect(audit.total).toBe(1);
  });

  it('refuses cookie-authenticated writes without the CSRF token', async () => {
    const c = await h.as('street1');
    const body = { parentId: h.fx.streetA, kind: 'building', name: '无令牌大厦' };
    const none = await c.post('/api/v1/territories', body, { 'x-csrf-token': '' });
    expect(none.statusCode).toBe(403);
    expect(none.json().error.code).toBe('csrf_failed');
    const forged = await c.post('/api/v1/territories', body, { 'x-csrf-token': 'forged-token-forged-token-forged' });
    expect(forged.statusCode).toBe(403);
    expect((await c.post('/api/v1/territories', body)).statusCode).toBe(201);
  });

  it('expires an idle session and logs out', async () => {
    const c = await h.as('street2');
    expect((await c.get('/api/v1/auth/me')).statusCode).toBe(200);
    h.clock.advance(31 * 60_000);
    expect((await c.get('/api/v1/auth/me')).statusCode).toBe(401);
    const d = await h.as('street2');
    expect((await d.post('/api/v1/auth/logout')).statusCode).toBe(204);
    expect((await d.get('/api/v1/auth/me')).statusCode).toBe(401);
  });

  it('answers errors in English when asked, Chinese by default', async () => {
    const c = h.anonymous();
    expect((await c.get('/api/v1/auth/me')).json().error.message).toBe('请先登录');
    c.lang = 'en-US,en;q=0.9';
    expect((await c.get('/api/v1/auth/me')).json().error.message).toBe('Please log in');
  });

  it('rejects malformed JSON with a 400 in the error format', async () => {
    const res = await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"username":' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('validation_failed');
  });
});
