/**
 * The street's unit survey import (摸排): template, dry run, all-or-nothing
 * apply, background jobs with progress, scope, and hostile files — on both
 * databases.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildKeptCounts } from '../../src/db/counts.js';
import { INLINE_MAX_ROWS, onJobProgress, type JobProgress } from '../../src/modules/survey-import/service.js';
import { harness, type Client, type Harness } from '../support/client.js';
import { dialects } from '../support/db.js';
import { addTerritory, creditCode } from '../support/fixture.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HEAD = ['单位名称', '统一社会信用代码', '单位类型', '经济类型', '所属行业', '从业人员数', '摸排党员数', '所在区域', '地址', '经度', '纬度', '成立日期'];
const HEAD_EN = ['Name', 'Credit code', 'Kind', 'Ownership', 'Industry', 'Employees', 'Surveyed members', 'Territory', 'Address', 'Longitude', 'Latitude', 'Registered on'];

type Cell = string | number;
const csvCell = (c: Cell) => (/[",\r\n]/.test(String(c)) ? `"${String(c).replace(/"/g, '""')}"` : String(c));
const csv = (rows: Cell[][], head: string[] = HEAD) => [head, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';

/** A full row in template order. */
const row = (name: string, code: string, territory: string, over: Partial<Record<'kind' | 'ownership' | 'industry' | 'employees' | 'members' | 'address' | 'lng' | 'lat' | 'registeredOn', Cell>> = {}): Cell[] => [
  name,
  code,
  over.kind ?? '非公有制企业',
  over.ownership ?? '私营',
  over.industry ?? '信息传输、软件和信息技术服务业',
  over.employees ?? 20,
  over.members ?? 1,
  territory,
  over.address ?? '',
  over.lng ?? '',
  over.lat ?? '',
  over.registeredOn ?? '2018-05-20',
];

interface RowError {
  row: number;
  field: string;
  code: string;
  message: string;
  column: string;
}
const brief = (errors: RowError[]) => errors.map((e) => `${e.row}:${e.field}:${e.code}`).sort();

describe.each(dialects())('survey import on %s', (dialect) => {
  let h: Harness;
  let admin: Client;
  let street1: Client;
  let street2: Client;
  beforeAll(async () => {
    // In a file: an import job writes through a connection of its own, as on a server.
    h = await harness(dialect, { file: true });
    admin = await h.as('admin');
    street1 = await h.as('street1');
    street2 = await h.as('street2');
  });
  afterAll(() => h.close());

  const count = async (table: 'unit' | 'audit_log' | 'job') =>
    Number((await h.db.kysely.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const counts = async () => ({ units: await count('unit'), audit: await count('audit_log'), jobs: await count('job') });

  const upload = (c: Client, body: string | Buffer, opts: { dryRun?: boolean; type?: string } = {}) =>
    c.request('POST', `/api/v1/unit-imports${opts.dryRun ? '?dryRun=true' : ''}`, body, { 'content-type': opts.type ?? 'text/csv' });

  describe('template', () => {
    it('downloads an .xlsx template with Chinese headers and an instructions sheet', async () => {
      const res = await street1.get('/api/v1/unit-imports/template');
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toContain('spreadsheetml');
      expect(res.headers['content-disposition']).toContain(encodeURIComponent('单位摸排导入模板.xlsx'));
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const [data, info] = wb.worksheets;
      expect(wb.worksheets.map((s) => s.name)).toEqual(['单位摸排', '说明']);
      expect((data!.getRow(1).values as unknown[]).slice(1)).toEqual(HEAD);
      expect(data!.rowCount).toBe(1);
      const text: string[] = [];
      info!.eachRow((r) => text.push((r.values as unknown[]).slice(1).join('|')));
      const all = text.join('\n');
      expect(all).toContain('非公有制企业|Non-public enterprise|enterprise');
      expect(all).toContain('信息传输、软件和信息技术服务业|Information technology|I');
      // The territories of the caller's scope, as the territory column names them; nothing from other streets.
      expect(all).toContain('金融大厦|甲街道');
      expect(all).not.toContain('科技园');
    });

    it('downloads English headers, and a CSV template', async () => {
      const en = await admin.get('/api/v1/unit-imports/template?lang=en');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(en.rawPayload as unknown as ArrayBuffer);
      expect((wb.worksheets[0]!.getRow(1).values as unknown[]).slice(1)).toEqual(HEAD_EN);
      expect(wb.worksheets[1]!.name).toBe('Instructions');
      const res = await admin.get('/api/v1/unit-imports/template?format=csv');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('text/csv');
      expect(res.body).toBe(`\uFEFF${HEAD.join(',')}\r\n`);
      const bad = await admin.get('/api/v1/unit-imports/template?format=pdf');
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.details[0]).toMatchObject({ field: 'format', code: 'invalid_choice' });
    });
  });

  describe('dry run', () => {
    it('lists every bad row and field with its spreadsheet row number, and writes nothing', async () => {
      const before = await counts();
      const good = creditCode(100_001);
      const wrongCheck = creditCode(100_002).slice(0, 17) + (creditCode(100_002)[17] === '0' ? '1' : '0');
      const file = csv([
        /* 2 */ row('新锐网络科技有限公司', good, '金融大厦'),
        /* 3 */ row('坏代码有限公司', wrongCheck, '金融大厦', { kind: 'bank', employees: -3 }),
        /* 4 */ row('', creditCode(100_003), '不存在的楼', { lat: 99 }),
        /* 5 */ row('重复代码有限公司', good, '小商品市场', { registeredOn: '2030-01-01' }),
        /* 6 */ row('日期错误有限公司', creditCode(100_004), '小商品市场', { registeredOn: '2020-02-30', employees: '12.5', industry: 'Z' }),
        /* 7 */ ['', '', '', '', '', '', '', '', '', '', '', ''],
        /* 8 */ row('星火科技有限公司', creditCode(1), '金融大厦', { kind: 'enterprise', ownership: 'private', industry: 'I', employees: 130, members: 5 }),
      ]);
      const res = await admin.post('/api/v1/unit-imports?dryRun=true', file, { 'content-type': 'text/csv' });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      expect(body).toMatchObject({ dryRun: true, jobId: null, format: 'csv', rows: 6, create: 1, update: 1, unchanged: 0, errorCount: 11 });
      expect(brief(body.errors)).toEqual(
        [
          '3:creditCode:credit_code_check',
          '3:kind:invalid_choice',
          '3:employeeCount:too_small',
          '4:name:required',
          '4:territory:territory_not_found',
          '4:lat:too_large',
          '5:creditCode:import_duplicate_in_file',
          '5:registeredOn:date_in_future',
          '6:industry:invalid_choice',
          '6:employeeCount:whole_number',
          '6:registeredOn:invalid_date',
        ].sort(),
      );
      const dup = body.errors.find((e: RowError) => e.code === 'import_duplicate_in_file');
      expect(dup).toMatchObject({ column: '统一社会信用代码', message: '与第 2 行的统一社会信用代码重复' });
      expect(await counts()).toEqual(before);
    });

    it('answers in the caller\'s language', async () => {
      const bad = creditCode(100_010).slice(0, 17) + (creditCode(100_010)[17] === '0' ? '1' : '0');
      street1.lang = 'en';
      const res = await upload(street1, csv([row('Language Test Ltd', bad, '金融大厦')], HEAD_EN), { dryRun: true });
      street1.lang = 'zh-CN';
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().errors).toEqual([
        { row: 2, field: 'creditCode', column: 'Credit code', code: 'credit_code_check', message: 'The credit code check character is wrong (GB 32100)' },
      ]);
    });

    it('accepts English labels and codes as well as Chinese labels', async () => {
      const file = csv(
        [
          row('English Labels Ltd', creditCode(100_020), '金融大厦', { kind: 'Non-public enterprise', ownership: 'Private', industry: 'Information technology' }),
          row('代码填写基金会', creditCode(100_021), '小商品市场', { kind: 'social_org', ownership: 'foundation', industry: 'q' }),
          row('门类字母行业有限公司', creditCode(100_022), '甲街道', { industry: 'C 制造业' }),
        ],
        HEAD_EN,
      );
      const res = await upload(admin, file, { dryRun: true });
      expect(res.json()).toMatchObject({ rows: 3, create: 3, errorCount: 0, errors: [] });
    });
  });

  describe('apply', () => {
    it('rejects a file with one bad row and writes nothing', async () => {
      const before = await counts();
      const bad = creditCode(100_031).slice(0, 17) + (creditCode(100_031)[17] === '0' ? '1' : '0');
      const file = csv([row('好单位一有限公司', creditCode(100_030), '金融大厦'), row('坏单位有限公司', bad, '金融大厦'), row('好单位二有限公司', creditCode(100_032), '金融大厦')]);
      const res = await upload(admin, file);
      expect(res.statusCode, res.body).toBe(400);
      const error = res.json().error;
      expect(error.code).toBe('import_rejected');
      expect(error.message).toBe('文件中有 1 处错误，未写入任何数据；请按行修改后重新导入');
      expect(error.details).toEqual([
        { row: 3, field: 'creditCode', column: '统一社会信用代码', code: 'credit_code_check', message: '统一社会信用代码校验位错误（GB 32100）' },
      ]);
      expect(await counts()).toEqual(before);
    });

    it('creates and updates units from a good file, audits each one and the import', async () => {
      const before = await counts();
      const file = csv([
        row('摸排新建科技有限公司', creditCode(100_040), '金融大厦', { employees: 45, members: 3, address: '金融大厦 8 层', lng: 121.48, lat: 31.24 }),
        row('摸排社会工作服务中心', creditCode(100_041), '甲街道/小商品市场', { kind: 'social_org', ownership: 'private_non_enterprise', industry: 'Q', registeredOn: '2021/3/5' }),
        // An update of 明珠贸易 (employees 8 → 50, members 1 → 3), by its credit code.
        row('明珠贸易有限公司', creditCode(2), '金融大厦', { industry: '批发和零售业', employees: 50, members: 3, registeredOn: '' }),
        // Exactly as registered: nothing to write.
        ['大厦物业管理有限公司', creditCode(3), 'enterprise', 'private', 'L', 30, 0, '金融大厦', '', '', '', '2015-06-01'],
      ]);
      const res = await upload(street1, file);
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      expect(body).toMatchObject({ dryRun: false, rows: 4, create: 2, update: 1, unchanged: 1, errorCount: 0, errors: [] });
      expect(body.jobId).toEqual(expect.any(Number));
      expect(await counts()).toEqual({ units: before.units + 2, audit: before.audit + 4, jobs: before.jobs + 1 });

      const found = (await admin.get(`/api/v1/units?q=${encodeURIComponent('摸排新建')}`)).json().items;
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({
        creditCode: creditCode(100_040),
        territoryName: '金融大厦',
        streetName: '甲街道',
        kind: 'enterprise',
        ownership: 'private',
        industry: 'I',
        employeeCount: 45,
        surveyedMemberCount: 3,
        address: '金融大厦 8 层',
        lng: 121.48,
        lat: 31.24,
        registeredOn: '2018-05-20',
      });
      const social = (await admin.get(`/api/v1/units?q=${encodeURIComponent('摸排社会')}`)).json().items[0];
      expect(social).toMatchObject({ kind: 'social_org', ownership: 'private_non_enterprise', industry: 'Q', territoryName: '小商品市场', registeredOn: '2021-03-05' });
      const updated = (await admin.get(`/api/v1/units/${h.fx.units['明珠贸易有限公司']}`)).json();
      expect(updated).toMatchObject({ employeeCount: 50, surveyedMemberCount: 3, registeredOn: '2015-06-01' });

      const audit = (await admin.get('/api/v1/audit-log?pageSize=10')).json().items;
      const byAction = (a: string) => audit.filter((x: { action: string }) => x.action === a);
      expect(byAction('unit.import.create')).toHaveLength(2);
      expect(byAction('unit.import.update')).toEqual([
        expect.objectContaining({
          actorName: 'street1',
          entityId: String(h.fx.units['明珠贸易有限公司']),
          before: { employeeCount: 8, surveyedMemberCount: 1 },
          after: { employeeCount: 50, surveyedMemberCount: 3 },
        }),
      ]);
      expect(byAction('unit.import')).toEqual([
        expect.objectContaining({ entityType: 'unit_import', entityId: String(body.jobId), after: expect.objectContaining({ rows: 4, create: 2, update: 1, unchanged: 1 }) }),
      ]);
      // The street admin reads their own import in their audit log.
      const mine = (await street1.get('/api/v1/audit-log?action=unit.import.create')).json();
      expect(mine.total).toBeGreaterThanOrEqual(2);

      // The inline import is recorded as a finished job.
      const job = await street1.get(`/api/v1/unit-imports/jobs/${body.jobId}`);
      expect(job.statusCode, job.body).toBe(200);
      expect(job.json()).toMatchObject({ status: 'done', done: 4, total: 4, result: { create: 2, update: 1 }, error: null });

      // The same file again: everything is already there.
      const again = await upload(street1, file, { dryRun: true });
      expect(again.json()).toMatchObject({ rows: 4, create: 0, update: 0, unchanged: 4 });
      expect(await rebuildKeptCounts(h.db.kysely, h.fx.districtId)).toBe(0);
    });

    it('reads .xlsx: a title row above the header, date and number cells, rich text', async () => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('摸排表');
      ws.addRow(['甲街道 2026 年度两新组织摸排表']);
      ws.mergeCells('A1:L1');
      ws.addRow(HEAD);
      ws.addRow(['表格导入科技有限公司', creditCode(100_050), '非公有制企业', '外资', '制造业', 300, 12, '金融大厦', '', 121.5, 31.2, new Date(Date.UTC(2012, 7, 8))]);
      ws.addRow([{ richText: [{ text: '富文本' }, { text: '贸易有限公司' }] }, creditCode(100_051), 'enterprise', 'hk_macao_taiwan', 'F', 12, 0, '小商品市场', '', '', '', '2019-01-02']);
      ws.addRow(['坏人数有限公司', creditCode(100_052), '非公有制企业', '私营', '制造业', 3.5, 0, '金融大厦']);
      const bytes = Buffer.from(await wb.xlsx.writeBuffer());

      const dry = await upload(admin, bytes, { dryRun: true, type: XLSX });
      expect(dry.statusCode, dry.body).toBe(200);
      expect(dry.json()).toMatchObject({ format: 'xlsx', rows: 3, create: 2, errorCount: 1 });
      expect(brief(dry.json().errors)).toEqual(['5:employeeCount:whole_number']);

      ws.spliceRows(5, 1);
      const good = Buffer.from(await wb.xlsx.writeBuffer());
      // Sent as octet-stream: the format is recognized from the bytes.
      const res = await upload(admin, good, { type: 'application/octet-stream' });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ format: 'xlsx', rows: 2, create: 2 });
      const unit = (await admin.get(`/api/v1/units?q=${creditCode(100_050)}`)).json().items[0];
      expect(unit).toMatchObject({ name: '表格导入科技有限公司', ownership: 'foreign', industry: 'C', employeeCount: 300, surveyedMemberCount: 12, registeredOn: '2012-08-08', lng: 121.5 });
      const rich = (await admin.get(`/api/v1/units?q=${creditCode(100_051)}`)).json().items[0];
      expect(rich).toMatchObject({ name: '富文本贸易有限公司', ownership: 'hk_macao_taiwan' });
    });

    it('reads a GBK-encoded CSV (Excel on Chinese Windows)', async () => {
      const gbk = (hex: string) => Buffer.from(hex, 'hex');
      const header = gbk('b5a5cebbc3fbb3c62ccdb3d2bbc9e7bbe1d0c5d3c3b4fac2eb2cb5a5cebbc0e0d0cd2cbeadbcc3c0e0d0cd2ccbf9caf4d0d0d2b52cb4d3d2b5c8cbd4b1cafd2ccbf9d4dac7f8d3f20d0a');
      const line = Buffer.concat([
        gbk('b9fab1eab1e0c2ebbfc6bcbcd3d0cfdeb9abcbbe'),
        Buffer.from(`,${creditCode(100_060)},`),
        gbk('b7c7b9abd3d0d6c6c6f3d2b5'),
        Buffer.from(','),
        gbk('cbbdd3aa'),
        Buffer.from(','),
        gbk('d6c6d4ecd2b5'),
        Buffer.from(',15,'),
        gbk('bdf0c8dab4f3cfc3'),
        Buffer.from('\r\n'),
      ]);
      const res = await upload(admin, Buffer.concat([header, line]), { dryRun: true, type: 'application/vnd.ms-excel' });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ rows: 1, create: 1, errorCount: 0 });
    });
  });

  describe('scope', () => {
    it('keeps a street admin inside their street: other streets\' rows are errors, revealing nothing', async () => {
      const before = await counts();
      const file = csv([
        /* 2 */ row('越界新建有限公司', creditCode(100_070), '科技园'),
        /* 3 */ row('越界路径有限公司', creditCode(100_071), '乙街道/科技园'),
        /* 4 */ row('越界编号有限公司', creditCode(100_072), String(h.fx.parkB)),
        // 乙园软件 belongs to street B: its credit code cannot be updated, or moved into street A.
        /* 5 */ row('乙园软件股份有限公司', creditCode(6), '金融大厦'),
        /* 6 */ row('本街道单位有限公司', creditCode(100_073), '金融大厦'),
        // The district root cannot hold units.
        /* 7 */ row('区级单位有限公司', creditCode(100_074), String(h.fx.root)),
      ]);
      const dry = await upload(street1, file, { dryRun: true });
      expect(dry.statusCode, dry.body).toBe(200);
      expect(brief(dry.json().errors)).toEqual(
        ['2:territory:territory_not_found', '3:territory:territory_not_found', '4:territory:territory_not_found', '5:creditCode:import_unit_not_found', '7:territory:territory_not_found'].sort(),
      );
      expect(dry.json().errors.find((e: RowError) => e.row === 5).message).toBe('该统一社会信用代码对应的单位不存在或不在您的管辖范围内');
      const res = await upload(street1, file);
      expect(res.statusCode).toBe(400);
      expect(await counts()).toEqual(before);
      // The district admin may: the same rows pass, except the root.
      const byAdmin = await upload(admin, file, { dryRun: true });
      expect(brief(byAdmin.json().errors)).toEqual(['7:territory:territory_cannot_hold_units']);
    });

    it('asks for "street/area" when a name repeats in the caller\'s scope', async () => {
      await addTerritory(h.db, h.fx.districtId, h.fx.nodes.streetB, 'building', '金融大厦');
      const file = csv([row('重名楼宇有限公司', creditCode(100_080), '金融大厦'), row('路径楼宇有限公司', creditCode(100_081), '甲街道/金融大厦')]);
      const byAdmin = await upload(admin, file, { dryRun: true });
      expect(byAdmin.json().errors).toEqual([expect.objectContaining({ row: 2, field: 'territory', code: 'import_territory_ambiguous' })]);
      // Street 1 sees one 金融大厦 only.
      const byStreet = await upload(street1, file, { dryRun: true });
      expect(byStreet.json()).toMatchObject({ create: 2, errorCount: 0 });
    });

    it('refuses roles without the import permission', async () => {
      const instructor = await h.as('instructor1');
      const res = await upload(instructor, csv([row('指导员导入有限公司', creditCode(100_090), '金融大厦')]), { dryRun: true });
      expect(res.statusCode).toBe(403);
    });
  });

  describe('large files run as a job', () => {
    const ROWS = 3000;
    const bigFile = () =>
      csv(
        Array.from({ length: ROWS }, (_, i) =>
          row(`批量摸排单位${i}有限公司`, creditCode(200_000 + i), i % 2 ? '甲街道/金融大厦' : '小商品市场', { employees: i % 500, members: i % 7 }),
        ),
      );

    it('checks a large file in a dry run, inline', async () => {
      expect(ROWS).toBeGreaterThan(INLINE_MAX_ROWS);
      const res = await upload(admin, bigFile(), { dryRun: true });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ rows: ROWS, create: ROWS, errorCount: 0 });
    });

    it('answers 202 with a job that shows its progress and its result', async () => {
      const otherAdmin = await h.as('other_admin');
      const before = await counts();
      const events: JobProgress[] = [];
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      let reached!: (p: JobProgress) => void;
      const paused = new Promise<JobProgress>((r) => (reached = r));
      let held = false;
      // Hold the job once, in the middle of its validation, to look at it from the API.
      const unsubscribe = onJobProgress(async (p) => {
        events.push({ ...p });
        if (!held && p.phase === 'writing' && p.done >= 1000) {
          held = true;
          reached(p);
          await gate;
        }
      });
      try {
        const res = await upload(admin, bigFile());
        expect(res.statusCode, res.body).toBe(202);
        const { jobId } = res.json();
        expect(jobId).toEqual(expect.any(Number));

        const at = await paused;
        const mid = (await admin.get(`/api/v1/unit-imports/jobs/${jobId}`)).json();
        expect(mid).toMatchObject({ id: jobId, status: 'running', phase: 'writing', done: at.done, result: null });
        expect(mid.total).toBeGreaterThanOrEqual(mid.done);
        expect(mid.total).toBeGreaterThan(ROWS / 2);
        // Jobs are the starter's and the district admin's only.
        expect((await street1.get(`/api/v1/unit-imports/jobs/${jobId}`)).statusCode).toBe(404);
        expect((await street2.get(`/api/v1/unit-imports/jobs/${jobId}`)).statusCode).toBe(404);
        expect((await otherAdmin.get(`/api/v1/unit-imports/jobs/${jobId}`)).statusCode).toBe(404);
        release();

        let job = mid;
        for (let i = 0; i < 600 && job.status === 'running'; i++) {
          await new Promise((r) => setTimeout(r, 50));
          job = (await admin.get(`/api/v1/unit-imports/jobs/${jobId}`)).json();
          expect(job.done).toBeLessThanOrEqual(job.total);
        }
        expect(job).toMatchObject({ status: 'done', phase: 'writing', done: ROWS, total: ROWS, error: null });
        expect(job.result).toMatchObject({ format: 'csv', rows: ROWS, create: ROWS, update: 0, errorCount: 0 });
        expect(job.finishedAt).toEqual(expect.any(String));

        // A good file is checked and written in one pass: progress only in the writing phase, rising to the end.
        const writing = events.filter((e) => e.jobId === jobId && e.phase === 'writing');
        expect(events.filter((e) => e.jobId === jobId && e.phase === 'validating')).toEqual([]);
        expect(writing.map((e) => e.done)).toEqual([...writing.map((e) => e.done)].sort((a, b) => a - b));
        expect(writing.at(-1)).toMatchObject({ done: ROWS, total: ROWS });
        expect(await counts()).toEqual({ units: before.units + ROWS, audit: before.audit + ROWS + 1, jobs: before.jobs + 1 });
      } finally {
        release();
        unsubscribe();
      }
    });

    it('fails a large job with bad rows, writing nothing, and lists the rows', async () => {
      const before = await counts();
      const lines = bigFile().split('\r\n');
      // Row 2501 (data row 2500) gets a bad employee count; the file also repeats an existing unit.
      lines[2500] = csv([row('坏行有限公司', creditCode(300_000), '小商品市场', { employees: 'many' })]).split('\r\n')[1]!;
      const res = await upload(admin, lines.join('\r\n'));
      expect(res.statusCode).toBe(202);
      const { jobId } = res.json();
      let job = { status: 'running' } as Record<string, unknown>;
      for (let i = 0; i < 600 && job.status === 'running'; i++) {
        await new Promise((r) => setTimeout(r, 50));
        job = (await admin.get(`/api/v1/unit-imports/jobs/${jobId}`)).json();
      }
      expect(job).toMatchObject({ status: 'failed', error: { code: 'import_rejected' } });
      expect(job.result).toMatchObject({ errorCount: 1, errors: [expect.objectContaining({ row: 2501, field: 'employeeCount', code: 'whole_number' })] });
      expect(await counts()).toEqual({ ...before, jobs: before.jobs + 1 });
    });

    it('answers 404 for a job that does not exist', async () => {
      expect((await admin.get('/api/v1/unit-imports/jobs/999999')).statusCode).toBe(404);
    });
  });

  describe('hostile input', () => {
    const problem = async (res: Awaited<ReturnType<typeof upload>>, status: number, code: string) => {
      expect(res.statusCode, res.body).toBe(status);
      expect(res.json().error.code).toBe(code);
      return res.json().error;
    };

    it('refuses what is not a spreadsheet, naming the problem', async () => {
      const before = await counts();
      const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a1f2d7a50000000049454e44ae426082', 'hex');
      const err = await problem(await upload(admin, png), 400, 'import_not_spreadsheet');
      expect(err.message).toBe('无法识别的文件：请上传 .xlsx 或 .csv 表格（CSV 可为 UTF-8 或 GBK 编码）');
      await problem(await upload(admin, Buffer.from([0, 1, 2, 3, 255, 254, 0, 7, 8, 9, 0, 0]), { type: 'application/octet-stream' }), 400, 'import_not_spreadsheet');
      await problem(await upload(admin, '%PDF-1.7\n%âãÏÓ\n1 0 obj\n'), 400, 'import_not_spreadsheet');
      await problem(await upload(admin, Buffer.from('d0cf11e0a1b11ae1000000000000000000000000', 'hex'), { type: XLSX }), 400, 'import_xls_unsupported');
      // A zip that is not a workbook.
      const zip = Buffer.concat([Buffer.from('504b0304', 'hex'), Buffer.alloc(200, 7)]);
      await problem(await upload(admin, zip, { type: XLSX }), 400, 'import_not_spreadsheet');
      await problem(await upload(admin, '"unclosed,quote\n1,2\n'), 400, 'import_csv_malformed');
      expect(await counts()).toEqual(before);
    });

    it('refuses an empty file, a header without rows, and an upload that is not the raw file', async () => {
      await problem(await upload(admin, ''), 400, 'import_empty_file');
      await problem(await admin.request('POST', '/api/v1/unit-imports'), 400, 'import_empty_file');
      await problem(await upload(admin, '\r\n \r\n,,,\r\n'), 400, 'import_empty_file');
      await problem(await upload(admin, `\uFEFF${HEAD.join(',')}\r\n`), 400, 'import_no_rows');
      const json = await problem(await admin.post('/api/v1/unit-imports', { rows: [] }), 415, 'import_unsupported_upload');
      expect(json.message).toContain('application/json');
      const multipart = await upload(admin, '--x\r\nContent-Disposition: form-data; name="file"\r\n\r\na\r\n--x--\r\n', { type: 'multipart/form-data; boundary=x' });
      await problem(multipart, 415, 'import_unsupported_upload');
    });

    it('names wrong, missing and repeated columns', async () => {
      admin.lang = 'en';
      const wrong = await problem(await upload(admin, 'foo,bar,baz\n1,2,3\n', { dryRun: true }), 400, 'import_bad_header');
      admin.lang = 'zh-CN';
      expect(wrong.message).toBe('The header row does not match the template; use the import template');
      expect(wrong.details.filter((d: { code: string }) => d.code === 'import_unknown_column').map((d: { message: string }) => d.message)).toEqual([
        'Unknown column "foo"',
        'Unknown column "bar"',
        'Unknown column "baz"',
      ]);
      expect(wrong.details.filter((d: { code: string }) => d.code === 'import_missing_column').map((d: { field: string }) => d.field)).toEqual([
        'name',
        'creditCode',
        'kind',
        'ownership',
        'industry',
        'employeeCount',
        'territory',
      ]);
      const misspelled = HEAD.map((x) => (x === '单位名称' ? '单位名' : x));
      const typo = await problem(await upload(admin, csv([row('某某有限公司', creditCode(100_100), '金融大厦')], misspelled)), 400, 'import_bad_header');
      expect(typo.details.map((d: { message: string }) => d.message)).toEqual(['无法识别的列“单位名”', '缺少必需的列“单位名称”']);
      const twice = [...HEAD, '地址'];
      const dup = await problem(await upload(admin, csv([[...row('某某有限公司', creditCode(100_101), '金融大厦'), 'x']], twice)), 400, 'import_bad_header');
      expect(dup.details).toEqual([expect.objectContaining({ field: 'address', code: 'import_duplicate_column', message: '列“地址”重复' })]);
    });
  });
});
