import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../support/db.js';
import { harness, type Harness } from '../support/client.js';

describe.each(dialects())('smoke on %s', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness(dialect);
  });
  afterAll(() => h.close());

  it('answers health and lists units for the admin', async () => {
    const health = await h.anonymous().get('/api/v1/health');
    expect(health.json()).toEqual({ status: 'ok', database: dialect });
    const admin = await h.as('admin');
    const res = await admin.get('/api/v1/units?pageSize=5');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().total).toBe(7);
  });
});
