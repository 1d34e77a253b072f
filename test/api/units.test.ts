import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { rebuildKeptCounts } from '../../src/db/counts.js';
import { emptyCounts } from '../../src/domain/coverage.js';
import { addTo, countsOnDates } from '../../src/modules/coverage/queries.js';
import { coverageCase } from '../../src/modules/coverage/recompute.js';
import { creditCodeCheckChar } from '../../src/domain/ids.js';
import { harness, type Client, type Harness } from '../support/client.js';
import { dialects } from '../support/db.js';
import { creditCode } from '../support/fixture.js';

describe.each(dialects())('units on %s', (dialect) => {
  let h: Harness;
  let admin: Client;
  let street1: Client;
  beforeAll(async () => {
    h = await harness(dialect);
    admin = await h.as('admin');
    street1 = await h.as('street1');
  });
  afterAll(() => h.close());

  const counts = async () => {
    const units = await h.db.kysely.selectFrom('unit').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const audit = await h.db.kysely.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return { units: Number(units.n), audit: Number(audit.n) };
  };

  const valid = () => ({
    territoryId: h.fx.buildingA,
    name: '新锐网络科技有限公司',
    creditCode: creditCode(7001),
    kind: 'enterprise',
    ownership: 'private',
    industry: 'I',
    employeeCount: 42,
    surveyedMemberCount: 2,
    address: '甲街道金融大厦 12 层',
    registeredOn: '2019-04-01',
  });

  it('names every bad field at once and writes nothing', async () => {
    const before = await counts();
    const res = await admin.post('/api/v1/units', { ...valid(), name: '', kind: 'bank', employeeCount: -1, lat: 99, extra: 1 });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.error.code).toBe('validation_failed');
    const fields = body.error.details.map((d: { field: string }) => d.field).sort();
    expect(fields).toEqual(['employeeCount', 'extra', 'kind', 'lat', 'name']);
    expect(body.error.details.find((d: { field: string }) => d.field === 'kind').code).toBe('invalid_choice');
    expect(await counts()).toEqual(before);
  });

  it('reports a missing required field by name', async () => {
    const { creditCode: _omit, ...rest } = valid();
    const res = await admin.post('/api/v1/units', rest);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details).toEqual([{ field: 'creditCode', code: 'required', message: '必填' }]);
  });

  it('checks the credit code check character (GB 32100), in the caller\'s language', async () => {
    const before = await counts();
    const good = creditCode(7002);
    const wrongCheck = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    street1.lang = 'en';
    const res = await street1.post('/api/v1/units', { ...valid(), creditCode: wrongCheck });
    street1.lang = 'zh-CN';
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toBe('Some fields are invalid; see the details');
    expect(res.json().error.details).toEqual([
      { field: 'creditCode', code: 'credit_code_check', message: 'The credit code check character is wrong (GB 32100)' },
    ]);
    const short = await admin.post('/api/v1/units', { ...valid(), creditCode: '9131' });
    expect(short.json().error.details[0].code).toBe('credit_code_length');
    const letterO = await admin.post('/api/v1/units', { ...valid(), creditCode: 'O'.repeat(18) });
    expect(letterO.json().error.details[0].code).toBe('credit_code_character');
    expect(await counts()).toEqual(before);
  });

  it('creates a unit, audits it, and refuses the same credit code twice in a district', async () => {
    const before = await counts();
    const res = await street1.post('/api/v1/units', { ...valid(), creditCode: creditCode(7003).toLowerCase() });
    expect(res.statusCode, res.body).toBe(201);
    const unit = res.json();
    expect(unit).toMatchObject({
      name: '新锐网络科技有限公司',
      creditCode: creditCode(7003),
      territoryId: h.fx.buildingA,
      territoryName: '金融大厦',
      streetId: h.fx.streetA,
      streetName: '甲街道',
      sizeBand: 'small',
      status: 'operating',
    });
    expect(await counts()).toEqual({ units: before.units + 1, audit: before.audit + 1 });
    const audit = await admin.get(`/api/v1/audit-log?entityType=unit&entityId=${unit.id}`);
    expect(audit.json().items[0]).toMatchObject({ action: 'unit.create', actorName: 'street1', before: null, after: { name: unit.name } });

    const dup = await admin.post('/api/v1/units', { ...valid(), name: '另一家公司', creditCode: creditCode(7003) });
    expect(dup.statusCode).toBe(400);
    expect(dup.json().error.details).toEqual([expect.objectContaining({ field: 'creditCode', code: 'credit_code_taken' })]);
  });

  it('allows the same credit code in another district (unique within a district)', async () => {
    const otherAdmin = await h.as('other_admin');
    const res = await otherAdmin.post('/api/v1/units', { ...valid(), territoryId: h.fx.other.area.id, creditCode: creditCode(7003) });
    expect(res.statusCode, res.body).toBe(201);
  });

  it('refuses units at the district root and in closed areas', async () => {
    const root = await admin.post('/api/v1/units', { ...valid(), territoryId: h.fx.root, creditCode: creditCode(7004) });
    expect(root.json().error.details[0]).toMatchObject({ field: 'territoryId', code: 'territory_cannot_hold_units' });
    const future = await admin.post('/api/v1/units', { ...valid(), creditCode: creditCode(7005), registeredOn: '2030-01-01' });
    expect(future.json().error.details[0]).toMatchObject({ field: 'registeredOn', code: 'date_in_future' });
    const badDate = await admin.post('/api/v1/units', { ...valid(), creditCode: creditCode(7005), registeredOn: '2020-02-30' });
    expect(badDate.statusCode).toBe(400);
    expect(badDate.json().error.details[0].field).toBe('registeredOn');
  });

  it('edits with before and after in the audit log, and moves a unit between areas', async () => {
    const id = h.fx.units['明珠贸易有限公司']!;
    const res = await street1.patch(`/api/v1/units/${id}`, { employeeCount: 150, territoryId: h.fx.marketA });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ employeeCount: 150, sizeBand: 'medium', territoryName: '小商品市场' });
    const audit = (await admin.get(`/api/v1/audit-log?entityType=unit&entityId=${id}&action=unit.update`)).json();
    expect(audit.items[0].before).toMatchObject({ employeeCount: 8, territoryId: h.fx.buildingA });
    expect(audit.items[0].after).toMatchObject({ employeeCount: 150, territoryId: h.fx.marketA });
    // A street admin cannot move a unit into another street.
    const away = await street1.patch(`/api/v1/units/${id}`, { territoryId: h.fx.parkB });
    expect(away.statusCode).toBe(404);
    const empty = await street1.patch(`/api/v1/units/${id}`, {});
    expect(empty.statusCode).toBe(400);
  });

  it('closes a unit (never deletes) and refuses to close it twice', async () => {
    const id = h.fx.units['小商品经营部']!;
    const bad = await street1.post(`/api/v1/units/${id}/close`, { reason: '注销', closedOn: '2010-01-01' });
    expect(bad.json().error.details[0]).toMatchObject({ field: 'closedOn', code: 'date_order' });
    const res = await street1.post(`/api/v1/units/${id}/close`, { reason: '工商注销' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'closed', closedOn: '2026-11-23', closedReason: '工商注销' });
    const again = await street1.post(`/api/v1/units/${id}/close`, { reason: '再次' });
    expect(again.statusCode).toBe(409);
    expect((await admin.get(`/api/v1/units/${id}`)).json().status).toBe('closed');
    // Created, moved and closed units: the coverage counts per territory followed (migration 0009).
    expect(await rebuildKeptCounts(h.db.kysely, h.fx.districtId)).toBe(0);
  });

  describe('finding units', () => {
    const names = async (c: Client, query: string) => {
      const res = await c.get(`/api/v1/units?pageSize=100&${query}`);
      expect(res.statusCode, res.body).toBe(200);
      return (res.json().items as { name: string }[]).map((u) => u.name);
    };

    it('searches Chinese substrings of one, two and more characters', async () => {
      expect(await names(admin, `q=${encodeURIComponent('园')}`)).toEqual(['乙园社会工作服务中心', '乙园软件股份有限公司'].sort());
      expect((await names(admin, `q=${encodeURIComponent('科技')}`)).sort()).toEqual(['新锐网络科技有限公司', '星火科技有限公司'].sort());
      expect(await names(admin, `q=${encodeURIComponent('社会工作服务')}`)).toEqual(['乙园社会工作服务中心']);
      expect(await names(admin, `q=${encodeURIComponent('%')}`)).toEqual([]);
    });

    it('finds by the start of the credit code', async () => {
      const code = creditCode(1);
      expect(await names(admin, `q=${code.slice(0, 17)}`)).toEqual(['星火科技有限公司']);
    });

    it('filters by territory subtree, kind, industry, size band and status', async () => {
      expect((await names(admin, `territoryId=${h.fx.streetB}`)).sort()).toEqual(['乙园社会工作服务中心', '乙园软件股份有限公司'].sort());
      expect(await names(admin, 'kind=social_org')).toEqual(['乙园社会工作服务中心']);
      expect(await names(admin, 'sizeBand=large')).toEqual([]);
      expect(await names(admin, `sizeBand=medium&territoryId=${h.fx.streetB}`)).toEqual(['乙园软件股份有限公司']);
      expect(await names(admin, 'industry=L')).toEqual(['大厦物业管理有限公司']);
      expect(await names(admin, 'status=closed')).toEqual(['小商品经营部']);
      const bad = await admin.get('/api/v1/units?sizeBand=huge&page=0');
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.details.map((d: { field: string }) => d.field).sort()).toEqual(['page', 'sizeBand']);
    });

    it('keeps a street admin inside their street', async () => {
      const street2 = await h.as('street2');
      expect((await names(street2, '')).sort()).toEqual(['乙园社会工作服务中心', '乙园软件股份有限公司'].sort());
      expect((await street2.get(`/api/v1/units?territoryId=${h.fx.streetA}`)).statusCode).toBe(404);
      expect((await street2.get(`/api/v1/units/${h.fx.units['星火科技有限公司']}`)).statusCode).toBe(404);
    });

    it('pages and sorts', async () => {
      const all = (await admin.get('/api/v1/units?pageSize=100&sort=-employeeCount')).json();
      const counts = all.items.map((u: { employeeCount: number }) => u.employeeCount);
      expect(counts).toEqual([...counts].sort((a, b) => b - a));
      const page1 = (await admin.get('/api/v1/units?pageSize=3&page=1&sort=name')).json();
      const page2 = (await admin.get('/api/v1/units?pageSize=3&page=2&sort=name')).json();
      expect(page1.total).toBe(all.total);
      expect(page1.items).toHaveLength(3);
      const ids = [...page1.items, ...page2.items].map((u: { id: number }) => u.id);
      expect(new Set(ids).size).toBe(6);
    });

    it('exports the filtered list as .xlsx with headers in the chosen language', async () => {
      const res = await admin.get(`/api/v1/units/export?territoryId=${h.fx.streetB}&lang=en`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('spreadsheetml');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const sheet = wb.worksheets[0]!;
      expect(sheet.getRow(1).getCell(1).value).toBe('Name');
      expect(sheet.getRow(1).getCell(2).value).toBe('Credit code');
      const rows: string[] = [];
      sheet.eachRow((row, n) => n > 1 && rows.push(String(row.getCell(1).value)));
      expect(rows.sort()).toEqual(['乙园社会工作服务中心', '乙园软件股份有限公司'].sort());
      const zh = await admin.get(`/api/v1/units/export?territoryId=${h.fx.streetB}`);
      const wb2 = new ExcelJS.Workbook();
      await wb2.xlsx.load(zh.rawPayload as unknown as ArrayBuffer);
      expect(wb2.worksheets[0]!.getRow(1).getCell(2).value).toBe('统一社会信用代码');
      expect(wb2.worksheets[0]!.name).toBe('单位');
    });
  });

  it('accepts a valid code whose check character is a letter', async () => {
    // Find a body whose check character is a letter, to cover the alphabet mapping end to end.
    let body = '';
    for (let i = 0; ; i++) {
      body = `91310101MA${String(i).padStart(7, '0')}`;
      if (/[A-Z]/.test(creditCodeCheckChar(body))) break;
    }
    const res = await admin.post('/api/v1/units', { ...valid(), creditCode: body + creditCodeCheckChar(body) });
    expect(res.statusCode, res.body).toBe(201);
  });

  it('counts the trend as each unit stood on each date: registered by then, not yet closed, with the history in force', async () => {
    const k = h.db.kysely;
    const other = h.fx.units['大厦物业管理有限公司']!;
    expect((await street1.post(`/api/v1/units/${other}/close`, { reason: '迁出', closedOn: '2026-11-10' })).statusCode).toBe(200);
    const root = await k.selectFrom('territory').select(['id', 'path']).where('id', '=', h.fx.root).executeTakeFirstOrThrow();
    const scope = { districtId: h.fx.districtId, territoryPath: root.path, partyOrgId: null, partyOrgPath: null };
    // Every unit evaluated on every date: what countsOnDates must answer without doing it.
    const byHand = async (on: string) => {
      const rows = await k
        .selectFrom('unit')
        .select([coverageCase(on).as('c'), sql<number>`count(*)`.as('n')])
        .where('district_id', '=', h.fx.districtId)
        .where((eb) => eb.or([eb('registered_on', 'is', null), eb('registered_on', '<=', on)]))
        .where((eb) => eb.or([eb('closed_on', 'is', null), eb('closed_on', '>', on)]))
        .groupBy('c')
        .execute();
      const c = emptyCounts();
      for (const r of rows) addTo(c, r.c, Number(r.n));
      return c;
    };
    const registered = (await k.selectFrom('unit').select('registered_on').where('district_id', '=', h.fx.districtId).execute()).map((u) => u.registered_on).filter(Boolean).sort();
    for (const dates of [['2026-06-30', '2026-11-09', '2026-11-10', '2026-11-23'], [registered[0]!, registered.at(-1)!, '2026-11-23']]) {
      const want = await Promise.all(dates.map(byHand));
      expect(await countsOnDates(k, scope, root.path, dates)).toEqual(want);
      expect(await countsOnDates(k, scope, root.path, dates, { scanChangesFrom: 0 })).toEqual(want);
    }
  });

});

describe.each(dialects())('body validation on %s', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness(dialect);
  });
  afterAll(() => h.close());

  it('never turns an invalid 0, "" or false into null or a number', async () => {
    const admin = await h.as('admin');
    const id = h.fx.units['星火科技有限公司']!;
    const before = (await admin.get(`/api/v1/units/${id}`)).json();
    for (const body of [{ registeredOn: '' }, { lat: '' }, { lng: false }, { employeeCount: '12' }, { lat: 0 }]) {
      const res = await admin.patch(`/api/v1/units/${id}`, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.details[0].field).toBe(Object.keys(body)[0]);
    }
    expect((await admin.get(`/api/v1/units/${id}`)).json()).toEqual(before);
    // Query strings are text and are read as their types.
    expect((await admin.get('/api/v1/units?page=1&pageSize=2')).json().items).toHaveLength(2);
  });

});
