/**
 * The member roster import: template, dry run with every bad row and field,
 * all-or-nothing apply, registrations readable (masked) through the registry,
 * updates of registered people, scope (a secretary imports only into their
 * branch), the registry's export coming back as updates, background jobs with
 * progress, and hostile files — on both databases.
 */
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildKeptCounts } from '../../src/db/counts.js';
import type { Db } from '../../src/db/connect.js';
import { residentIdCheckChar } from '../../src/domain/ids.js';
import { INLINE_MAX_ROWS, onJobProgress, type JobProgress } from '../../src/modules/imports/engine.js';
import { harness, testVault, type Client, type Harness } from '../support/client.js';
import { dialects } from '../support/db.js';
import { addUnit, creditCode } from '../support/fixture.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HEAD = '姓名,性别,民族,公民身份号码,学历,手机号码,工作单位,职务/岗位,是否关键岗位,是否技术骨干,是否中层管理,是否决策层,所在党组织,人员类别,申请入党日期,确定积极分子日期,确定发展对象日期,入党日期,转正日期'.split(',');
const BRANCH_A = '星火科技有限公司党支部';
const BRANCH_B = '乙园软件股份有限公司党支部';

/** A valid resident ID (GB 11643), unique per n; region 1101xx, so masked IDs start 1101. */
function residentId(n: number, birth = '19900101'): string {
  const body = `${110105 + Math.floor(n / 1000)}${birth}${String(n % 1000).padStart(3, '0')}`;
  return body + residentIdCheckChar(body);
}
const masked = (id: string) => `${id.slice(0, 4)}**********${id.slice(-4)}`;

type Cell = string | number;
type Dates = Partial<Record<'applied' | 'activist' | 'candidate' | 'admitted' | 'full', string>>;
type Over = Partial<Record<'gender' | 'ethnicity' | 'education' | 'phone' | 'employer' | 'position' | 'keyPost' | 'backbone' | 'middle' | 'decision', Cell>>;

/** A row in template order. */
const row = (name: string, id: string, org: string, stage: string, d: Dates = {}, o: Over = {}): Cell[] => [
  name,
  o.gender ?? '男',
  o.ethnicity ?? '汉族',
  id,
  o.education ?? '本科',
  o.phone ?? '',
  o.employer ?? '',
  o.position ?? '',
  o.keyPost ?? '',
  o.backbone ?? '',
  o.middle ?? '',
  o.decision ?? '',
  org,
  stage,
  d.applied ?? '',
  d.activist ?? '',
  d.candidate ?? '',
  d.admitted ?? '',
  d.full ?? '',
];
const FULL: Dates = { admitted: '2015-07-01', full: '2016-07-01' };

const csvCell = (c: Cell) => (/[",\r\n]/.test(String(c)) ? `"${String(c).replace(/"/g, '""')}"` : String(c));
const csv = (rows: Cell[][], head: string[] = HEAD) => [head, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';

type RowError = { row: number; field: string; column: string; code: string; message: string };
const brief = (errors: RowError[]) => errors.map((e) => `${e.row}:${e.field}:${e.code}`).sort();

async function sheetOf(payload: Buffer): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(payload as unknown as ArrayBuffer);
  return wb.worksheets[0]!;
}
const values = (ws: ExcelJS.Worksheet) => {
  const out: unknown[][] = [];
  ws.eachRow((r) => out.push((r.values as unknown[]).slice(1)));
  return out;
};

describe.each(dialects())('roster import on %s', (dialect) => {
  let h: Harness;
  let admin: Client;
  let street1: Client;
  let street2: Client;
  let secretary: Client;
  beforeAll(async () => {
    // In a file: an import job writes through a connection of its own, as on a server.
    h = await harness(dialect, { file: true });
    [admin, street1, street2, secretary] = await Promise.all([h.as('admin'), h.as('street1'), h.as('street2'), h.as('secretary')]);
  });
  afterAll(() => h.close());

  const count = async (table: 'member' | 'person' | 'audit_log' | 'job') =>
    Number((await h.db.kysely.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const counts = async () => ({ members: await count('member'), people: await count('person'), audit: await count('audit_log'), jobs: await count('job') });

  const upload = (c: Client, body: string | Buffer, opts: { dryRun?: boolean; type?: string } = {}) =>
    c.request('POST', `/api/v1/member-imports${opts.dryRun ? '?dryRun=true' : ''}`, body, { 'content-type': opts.type ?? 'text/csv' });
  const memberByName = async (c: Client, name: string) => (await c.get(`/api/v1/members?q=${encodeURIComponent(name)}`)).json().items[0];

  describe('template', () => {
    it('downloads an .xlsx template with Chinese headers, the allowed values and the caller\'s organizations', async () => {
      const res = await street1.get('/api/v1/member-imports/template');
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-disposition']).toContain(encodeURIComponent('党员名册导入模板.xlsx'));
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      expect(wb.worksheets.map((s) => s.name)).toEqual(['党员名册', '说明']);
      expect(values(wb.worksheets[0]!)).toEqual([HEAD]);
      const info = values(wb.worksheets[1]!)
        .map((r) => r.join('|'))
        .join('\n');
      expect(info).toContain('预备党员|Probationary member|probationary');
      expect(info).toContain('本科|Bachelor|bachelor');
      expect(info).toContain(`${BRANCH_A}|甲街道|`);
      expect(info).toContain('甲街道综合经济党委|甲街道|');
      expect(info).not.toContain(BRANCH_B);

      // A secretary's template lists their branch only.
      const mine = new ExcelJS.Workbook();
      await mine.xlsx.load((await secretary.get('/api/v1/member-imports/template')).rawPayload as unknown as ArrayBuffer);
      const theirs = values(mine.worksheets[1]!).map((r) => r.join('|')).join('\n');
      expect(theirs).toContain(BRANCH_A);
      expect(theirs).not.toContain('甲街道综合经济党委');
    });

    it('downloads English headers and a CSV template', async () => {
      const en = await street1.get('/api/v1/member-imports/template?lang=en');
      const ws = await sheetOf(en.rawPayload);
      expect(values(ws)[0]).toContain('Resident ID');
      const res = await street1.get('/api/v1/member-imports/template?format=csv');
      expect(res.headers['content-type']).toContain('text/csv');
      expect(res.body).toBe(`\uFEFF${HEAD.join(',')}\r\n`);
    });
  });

  describe('dry run and all-or-nothing apply', () => {
    const badFile = () =>
      csv([
        /* 2 */ row('张三', residentId(1), BRANCH_A, '正式党员', FULL),
        /* 3 */ row('校验错', residentId(2).slice(0, 17) + (residentId(2)[17] === '0' ? '1' : '0'), BRANCH_A, '正式党员', FULL),
        /* 4 */ row('年少', residentId(3, '20100101'), BRANCH_A, '入党申请人', { applied: '2026-10-01' }),
        /* 5 */ row('日期颠倒', residentId(4), BRANCH_A, '入党积极分子', { applied: '2024-05-01', activist: '2024-03-01' }),
        /* 6 */ row('无此组织', residentId(5), '不存在的党支部', '正式党员', FULL),
        /* 7 */ row('越界组织', residentId(6), BRANCH_B, '正式党员', FULL),
        /* 8 */ row('重复号码', residentId(1), BRANCH_A, '正式党员', FULL),
        /* 9 */ row('预备过期', residentId(7), BRANCH_A, '预备党员', { admitted: '2023-01-01' }),
        /* 10 */ row('转正过早', residentId(8), BRANCH_A, '正式党员', { admitted: '2020-07-01', full: '2021-01-01' }),
        /* 11 */ row('', residentId(9), BRANCH_A, '群众', FULL),
        /* 12 */ row('缺日期', residentId(10), BRANCH_A, '发展对象', { applied: '2024-01-05', activist: '2024-04-01' }),
        /* 13 */ row('生日错', `${'11010519901301001'}${residentIdCheckChar('11010519901301001')}`, BRANCH_A, '正式党员', FULL),
        /* 14 */ row('多余日期', residentId(11), BRANCH_A, '入党申请人', { applied: '2026-01-01', admitted: '2026-06-01' }),
        /* 15 */ row('未来日期', residentId(12), BRANCH_A, '入党申请人', { applied: '2027-01-01' }),
        /* 16 */ row('无此单位', residentId(13), BRANCH_A, '正式党员', FULL, { employer: '不存在有限公司', keyPost: '也许' }),
      ]);

    it('lists every bad row and field with its spreadsheet row number, and writes nothing', async () => {
      const before = await counts();
      const res = await upload(street1, badFile(), { dryRun: true });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      expect(body).toMatchObject({ dryRun: true, jobId: null, format: 'csv', rows: 15, create: 1 });
      expect(brief(body.errors)).toEqual(
        [
          '3:residentId:resident_id_check',
          '4:appliedOn:import_member_under_age',
          '5:activistOn:date_order',
          '6:org:org_not_found',
          '7:org:org_not_found',
          '8:residentId:import_duplicate_resident_id',
          '9:admittedOn:import_probation_over',
          '10:fullOn:import_full_too_early',
          '11:name:required',
          '11:stage:invalid_choice',
          '12:candidateOn:required',
          '13:residentId:resident_id_birth_date',
          '14:admittedOn:date_not_for_stage',
          '15:appliedOn:date_in_future',
          '16:employer:unit_not_found',
          '16:keyPost:invalid_choice',
        ].sort(),
      );
      expect(body.errorCount).toBe(16);
      const message = (r: number, field: string) => body.errors.find((e: RowError) => e.row === r && e.field === field);
      expect(message(8, 'residentId')).toMatchObject({ column: '公民身份号码', message: '与第 2 行的公民身份号码重复' });
      expect(message(4, 'appliedOn').message).toBe('按公民身份号码中的出生日期，2026-10-01 时未满 18 周岁（《中国共产党发展党员工作细则》）');
      expect(message(5, 'activistOn').message).toBe('日期不能早于 2024-05-01');
      expect(message(9, 'admittedOn').message).toContain('2025-01-01');
      expect(message(10, 'fullOn').message).toContain('2021-07-01');
      // The organization of another street is "not found", exactly like one that does not exist.
      expect(message(7, 'org').message).toBe(message(6, 'org').message);
      expect(await counts()).toEqual(before);
    });

    it('refuses the whole file on apply and writes nothing', async () => {
      const before = await counts();
      const res = await upload(street1, badFile());
      expect(res.statusCode).toBe(400);
      const error = res.json().error;
      expect(error.code).toBe('import_rejected');
      expect(error.details).toHaveLength(16);
      expect(error.details[0]).toMatchObject({ row: expect.any(Number), field: expect.any(String), column: expect.any(String) });
      expect(await counts()).toEqual(before);
    });
  });

  describe('registration', () => {
    const ids = { applicant: residentId(101), activist: residentId(102), candidate: residentId(103), probationary: residentId(104, '19960315'), full: residentId(105, '19800720') };
    const goodFile = () =>
      csv([
        row('王申请', ids.applicant, BRANCH_A, '入党申请人', { applied: '2026-10-01' }, { gender: '', phone: '13912345678', employer: creditCode(1), position: '工程师', backbone: '是' }),
        row('李积极', ids.activist, BRANCH_A, 'activist', { applied: '2025-01-10', activist: '2025-06-01' }, { gender: '女', employer: '星火科技有限公司' }),
        row('赵对象', ids.candidate, `甲街道/${BRANCH_A}`, '发展对象', { applied: '2024-01-05', activist: '2024-04-01', candidate: '2025-05-01' }),
        row('钱预备', ids.probationary, String(h.fx.orgs.branchA.id), '预备党员', { admitted: '2026-03-01' }, { education: '硕士研究生', keyPost: 'Y' }),
        row('孙正式', ids.full, BRANCH_A, '正式党员', FULL, { phone: '021-61234567', decision: '✓', middle: '否' }),
      ]);

    it('registers everyone at their stage, readable through the registry with masked IDs, audited without the IDs', async () => {
      const before = await counts();
      const res = await upload(street1, goodFile());
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ dryRun: false, jobId: expect.any(Number), rows: 5, create: 5, update: 0, errorCount: 0 });
      expect(await counts()).toEqual({ members: before.members + 5, people: before.people + 5, audit: before.audit + 6, jobs: before.jobs + 1 });

      const list = (await street1.get(`/api/v1/members?orgId=${h.fx.orgs.branchA.id}&pageSize=100`)).json();
      const byName = new Map(list.items.map((m: { name: string }) => [m.name, m]));
      const applicant = byName.get('王申请') as Record<string, unknown>;
      expect(applicant).toMatchObject({
        stage: 'applicant',
        gender: 'male',
        residentId: masked(ids.applicant),
        phone: '139****5678',
        employerUnitName: '星火科技有限公司',
        position: '工程师',
        flags: { technicalBackbone: true, keyPost: false },
        lastContactOn: '2026-11-23',
        stageDates: { appliedOn: '2026-10-01', activistOn: null },
      });
      expect(byName.get('李积极')).toMatchObject({ stage: 'activist', gender: 'female', stageDates: { appliedOn: '2025-01-10', activistOn: '2025-06-01' } });
      expect(byName.get('赵对象')).toMatchObject({ stage: 'candidate', stageDates: { candidateOn: '2025-05-01' } });
      expect(byName.get('钱预备')).toMatchObject({ stage: 'probationary', education: 'master', age: 30, flags: { keyPost: true }, stageDates: { admittedOn: '2026-03-01', probationUntil: '2027-03-01', fullOn: null } });
      expect(byName.get('孙正式')).toMatchObject({ stage: 'full', phone: '021*****4567', flags: { decisionLevel: true }, stageDates: { admittedOn: '2015-07-01', fullOn: '2016-07-01' } });
      for (const m of list.items) expect(m.residentId).toMatch(/^1101\*{10}\d{3}[\dX]$/);

      // At rest: encrypted, found by the keyed hash, birth date derived.
      const person = await h.db.kysely.selectFrom('person').selectAll().where('resident_id_hash', '=', testVault.hash(ids.full)).executeTakeFirstOrThrow();
      expect(person.resident_id_enc).not.toContain(ids.full);
      expect(testVault.decrypt(person.resident_id_enc!)).toBe(ids.full);
      expect(person).toMatchObject({ birth_date: '1980-07-20', full_member_since: '2016-07-01' });

      // The pipeline takes the imported dates as its baseline.
      const dev = await street1.get(`/api/v1/members/${(byName.get('李积极') as { id: number }).id}/development`);
      expect(dev.statusCode, dev.body).toBe(200);

      // No full resident ID anywhere in the audit log; the registrations are there, masked.
      const audit = await h.db.kysely.selectFrom('audit_log').selectAll().execute();
      const text = JSON.stringify(audit);
      for (const id of Object.values(ids)) expect(text).not.toContain(id);
      const created = audit.filter((a) => a.action === 'member.import.create');
      expect(created).toHaveLength(5);
      expect(JSON.parse(created.find((a) => a.after_json!.includes('孙正式'))!.after_json!)).toMatchObject({ residentId: masked(ids.full), phone: '021*****4567', stage: 'full' });
      expect(audit.filter((a) => a.action === 'member.import')).toHaveLength(1);

      // The same file again: everyone is registered already, nothing changes.
      const again = await upload(street1, goodFile(), { dryRun: true });
      expect(again.json()).toMatchObject({ rows: 5, create: 0, update: 0, unchanged: 5, errorCount: 0 });
    });

    it('updates a registered person\'s editable fields; stage, organization and dates stay the registry\'s', async () => {
      const file = csv([
        row('孙正式', ids.full, BRANCH_A, '正式党员', FULL, { phone: '13800001111', position: '总经理', decision: '是' }),
        // Only empty cells: nothing to change.
        row('钱预备', ids.probationary, BRANCH_A, '预备党员', {}, { ethnicity: '', education: '' }),
      ]);
      const res = await upload(street1, file);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ create: 0, update: 1, unchanged: 1 });
      expect(await memberByName(street1, '孙正式')).toMatchObject({ phone: '138****1111', position: '总经理', stage: 'full' });
      const audit = await h.db.kysely.selectFrom('audit_log').select(['before_json', 'after_json']).where('action', '=', 'member.import.update').execute();
      expect(audit).toHaveLength(1);
      expect(JSON.parse(audit[0]!.after_json!)).toEqual({ phone: '138****1111', position: '总经理' });
      expect(JSON.parse(audit[0]!.before_json!)).toEqual({ phone: '021*****4567', position: null });

      const moves = csv([
        row('孙正式', ids.full, '甲街道综合经济党委', '预备党员', { admitted: '2015-07-01' }),
        row('王申请', ids.applicant, BRANCH_A, '入党申请人', { applied: '2026-09-01' }),
      ]);
      const refused = await upload(street1, moves, { dryRun: true });
      expect(brief(refused.json().errors)).toEqual(['2:org:import_member_not_editable', '2:stage:import_member_not_editable', '3:appliedOn:import_member_not_editable']);
    });

    it('keeps a secretary inside their branch, and a street inside its street, revealing nothing', async () => {
      // Street 2 registers someone in branch B.
      const inB = residentId(201);
      expect((await upload(street2, csv([row('周乙', inB, BRANCH_B, '正式党员', FULL)]))).json()).toMatchObject({ create: 1 });

      const before = await counts();
      const file = csv([
        /* 2 */ row('吴支部', residentId(202), BRANCH_A, '正式党员', FULL, { employer: '星火科技有限公司' }),
        /* 3 */ row('越界', residentId(203), BRANCH_B, '正式党员', FULL),
        /* 4 */ row('越界更新', inB, BRANCH_A, '正式党员', FULL),
        /* 5 */ row('越界单位', residentId(204), BRANCH_A, '正式党员', FULL, { employer: '明珠贸易有限公司' }),
        /* 6 */ row('上级组织', residentId(205), '甲街道综合经济党委', '正式党员', FULL),
      ]);
      const dry = await upload(secretary, file, { dryRun: true });
      expect(dry.statusCode, dry.body).toBe(200);
      expect(brief(dry.json().errors)).toEqual(['3:org:org_not_found', '4:residentId:import_member_not_found', '5:employer:unit_not_found', '6:org:org_not_found']);
      expect(dry.json().errors.find((e: RowError) => e.row === 4).message).toBe('该公民身份号码对应的人员不存在或不在您的管辖范围内');
      expect((await upload(secretary, file)).statusCode).toBe(400);
      expect(await counts()).toEqual(before);

      // Street 1 cannot reach street B's member either; the district admin can (as an update).
      expect(brief((await upload(street1, csv([row('周乙', inB, BRANCH_A, '正式党员', FULL)]), { dryRun: true })).json().errors)).toEqual([
        '2:residentId:import_member_not_found',
      ]);
      expect((await upload(admin, csv([row('周乙', inB, BRANCH_B, '正式党员', FULL, { position: '技术员' })]), { dryRun: true })).json()).toMatchObject({ update: 1, errorCount: 0 });

      // Their own branch: fine.
      const ok = await upload(secretary, csv([row('吴支部', residentId(202), BRANCH_A, '正式党员', FULL, { employer: '星火科技有限公司' })]));
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json()).toMatchObject({ create: 1 });
      expect(await memberByName(secretary, '吴支部')).toMatchObject({ orgName: BRANCH_A, employerUnitName: '星火科技有限公司' });
    });

    it('stores a formula-looking name as text; both exports neutralize it, and the export re-imports as updates', async () => {
      const formula = '=HYPERLINK("http://evil.example","点我")';
      const id = residentId(301);
      const res = await upload(street1, csv([row(formula, id, BRANCH_A, '正式党员', FULL, { position: '+86 专员' })]));
      expect(res.statusCode, res.body).toBe(200);
      const m = (await street1.get(`/api/v1/members?orgId=${h.fx.orgs.branchA.id}&pageSize=100`)).json().items.find((x: { name: string }) => x.name === formula);
      expect(m).toMatchObject({ name: formula, position: '+86 专员' });

      const exported = await street1.get(`/api/v1/members/export?orgId=${h.fx.orgs.branchA.id}`);
      expect(exported.statusCode).toBe(200);
      const ws = await sheetOf(exported.rawPayload);
      const rows = values(ws);
      const line = rows.find((r) => String(r[0]).includes('HYPERLINK'))!;
      expect(line[0]).toBe(`'${formula}`);
      expect(line).toContain("'+86 专员");
      // No exported value starts with a formula character.
      for (const r of rows) for (const v of r) if (typeof v === 'string') expect(v).not.toMatch(/^[=+\-@]/);

      // Units: the same neutralization, in one place (src/server/xlsx.ts).
      for (const name of ['=1+2有限公司', '@SUM(A1)有限公司', '-5有限公司', '+cmd有限公司']) await addUnit(h.db, h.fx.nodes.buildingA, name);
      const units = values(await sheetOf((await street1.get('/api/v1/units/export')).rawPayload)).map((r) => r[0]);
      expect(units).toEqual(expect.arrayContaining(["'=1+2有限公司", "'@SUM(A1)有限公司", "'-5有限公司", "'+cmd有限公司"]));
    });

    it('takes the registry\'s own export back: masked IDs find their people, an edited cell becomes an update', async () => {
      const exported = await street1.get(`/api/v1/members/export?orgId=${h.fx.orgs.branchA.id}`);
      const bytes = exported.rawPayload;
      const total = values(await sheetOf(bytes)).length - 1;
      expect(total).toBeGreaterThanOrEqual(7);

      const dry = await upload(street1, bytes, { dryRun: true, type: XLSX });
      expect(dry.statusCode, dry.body).toBe(200);
      expect(dry.json()).toMatchObject({ format: 'xlsx', rows: total, create: 0, update: 0, unchanged: total, errorCount: 0 });
      // In English too: headers and labels of the other language.
      const en = (await street1.get(`/api/v1/members/export?orgId=${h.fx.orgs.branchA.id}&lang=en`)).rawPayload;
      expect((await upload(street1, en, { dryRun: true, type: XLSX })).json()).toMatchObject({ rows: total, unchanged: total, errorCount: 0 });

      // Edit one position in the exported workbook and import it.
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(bytes as unknown as ArrayBuffer);
      const ws = wb.worksheets[0]!;
      const header = (ws.getRow(1).values as unknown[]).slice(1);
      ws.eachRow((r, n) => {
        if (n > 1 && r.getCell(1).value === '李积极') r.getCell(header.indexOf('职务') + 1).value = '车间主任';
      });
      const edited = Buffer.from(await wb.xlsx.writeBuffer());
      const res = await upload(street1, edited, { type: XLSX });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ rows: total, create: 0, update: 1, unchanged: total - 1 });
      expect(await memberByName(street1, '李积极')).toMatchObject({ position: '车间主任', residentId: masked(ids.activist) });

      // A masked ID with a name that does not match anyone in scope cannot register anyone.
      const stranger = await upload(street1, csv([row('陌生人', masked(ids.activist), BRANCH_A, '入党积极分子')]), { dryRun: true });
      expect(brief(stranger.json().errors)).toEqual(['2:residentId:import_masked_id_not_found']);
      // Street 2 sees nobody behind street 1's masked IDs.
      const other = await upload(street2, csv([row('李积极', masked(ids.activist), BRANCH_B, '入党积极分子')]), { dryRun: true });
      expect(brief(other.json().errors)).toEqual(['2:residentId:import_masked_id_not_found']);
    });

    it('refuses roles without the import permission', async () => {
      const instructor = await h.as('instructor1');
      expect((await upload(instructor, csv([row('指导员', residentId(401), BRANCH_A, '正式党员', FULL)]), { dryRun: true })).statusCode).toBe(403);
      expect((await instructor.get('/api/v1/member-imports/template')).statusCode).toBe(403);
    });
  });

  describe('hostile input', () => {
    const problem = async (res: Awaited<ReturnType<typeof upload>>, status: number, code: string) => {
      expect([res.statusCode, res.json().error.code], res.body).toEqual([status, code]);
      return res.json().error;
    };

    it('refuses what is not a spreadsheet, an empty file and wrong headers, naming the problem', async () => {
      const before = await counts();
      // The file checks are the shared ones (test/api/survey-import.test.ts has them all): this route applies them too.
      const files: [string | Buffer, string, number, string][] = [
        [Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), 'text/csv', 400, 'import_not_spreadsheet'],
        [Buffer.concat([Buffer.from('504b0304', 'hex'), Buffer.alloc(100, 1)]), XLSX, 400, 'import_not_spreadsheet'],
        ['', 'text/csv', 400, 'import_empty_file'],
        [`\uFEFF${HEAD.join(',')}\r\n`, 'text/csv', 400, 'import_no_rows'],
        ['{"rows":[]}', 'application/json', 415, 'import_unsupported_upload'],
      ];
      for (const [body, type, status, code] of files) await problem(await upload(street1, body, { type }), status, code);

      const wrong = await problem(await upload(street1, '姓名,身份证,单位\n张三,1,2\n', { dryRun: true }), 400, 'import_bad_header');
      expect(wrong.details.filter((d: { code: string }) => d.code === 'import_missing_column').map((d: { message: string }) => d.message)).toEqual([
        '缺少必需的列“公民身份号码”',
        '缺少必需的列“所在党组织”',
        '缺少必需的列“人员类别”',
      ]);
      expect(wrong.details.filter((d: { code: string }) => d.code === 'import_unknown_column').map((d: { message: string }) => d.message)).toEqual(['无法识别的列“身份证”']);
      // The unit survey's sheet is not a roster.
      const survey = '单位名称,统一社会信用代码,单位类型,经济类型,所属行业,从业人员数,所在区域\n某公司,x,enterprise,private,C,1,金融大厦\n';
      await problem(await upload(street1, survey, { dryRun: true }), 400, 'import_bad_header');
      expect(await counts()).toEqual(before);
    });
  });

  describe('large files run as a job', () => {
    const ROWS = INLINE_MAX_ROWS + 100;
    const bigFile = () => csv(Array.from({ length: ROWS }, (_, i) => row(`批量${i}`, residentId(10_000 + i), '甲街道综合经济党委', '入党申请人', { applied: '2026-09-01' })));
    const jobUrl = (id: number) => `/api/v1/member-imports/jobs/${id}`;

    /** Records every progress report, and holds the job once at the first report `at` accepts, until released. */
    function watch(at: (p: JobProgress) => boolean) {
      const seen: JobProgress[] = [];
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      let reached!: (p: JobProgress) => void;
      const held = new Promise<JobProgress>((r) => (reached = r));
      let done = false;
      const unsubscribe = onJobProgress(async (p) => {
        seen.push({ ...p });
        if (done || !at(p)) return;
        done = true;
        reached(p);
        await gate;
      });
      return { seen, held, release, stop: () => (release(), unsubscribe()) };
    }

    /** Polls a job until it is over. */
    async function outcome(c: Client, id: number) {
      for (let i = 0; i < 1200; i++) {
        const job = (await c.get(jobUrl(id))).json();
        if (job.status !== 'running') return job;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`job ${id} still running`);
    }

    it('answers 202 with a job that shows its progress and its result, to its starter and to the scopes above them', async () => {
      const before = await counts();
      const w = watch((p) => p.phase === 'writing' && p.done >= 1000);
      try {
        const res = await upload(street1, bigFile());
        expect(res.statusCode, res.body).toBe(202);
        const { jobId } = res.json();
        const at = await w.held;
        const mid = (await street1.get(jobUrl(jobId))).json();
        expect(mid).toMatchObject({ id: jobId, kind: 'member_import', status: 'running', phase: 'writing', done: at.done, result: null });
        expect(mid.total).toBeGreaterThanOrEqual(mid.done);
        // Held in the middle of its writing transaction, the job does not hold the server: others read on.
        const list = await admin.get('/api/v1/members?pageSize=5');
        expect(list.statusCode).toBe(200);
        // ...and do not see its rows before it commits.
        expect(list.json().total).toBeLessThanOrEqual(before.members);
        const seenBy = async (c: Client) => (await c.get(jobUrl(jobId))).statusCode;
        expect([await seenBy(admin), await seenBy(street2), await seenBy(secretary)]).toEqual([200, 404, 404]);
        // Not a unit import.
        expect((await street1.get(`/api/v1/unit-imports/jobs/${jobId}`)).statusCode).toBe(404);
        w.release();

        const job = await outcome(street1, jobId);
        expect(job).toMatchObject({ status: 'done', phase: 'writing', done: ROWS, total: ROWS, error: null });
        expect(job.result).toMatchObject({ format: 'csv', rows: ROWS, create: ROWS, errorCount: 0 });
        expect(w.seen.filter((e) => e.jobId === jobId && e.phase === 'writing').at(-1)).toMatchObject({ done: ROWS, total: ROWS });
        expect(await counts()).toEqual({ members: before.members + ROWS, people: before.people + ROWS, audit: before.audit + ROWS + 1, jobs: before.jobs + 1 });
        // The planner's statistics of the written tables were refreshed with the rows.
        expect(await analyzedRows(h.db, 'member')).toBeGreaterThanOrEqual(before.members + ROWS);
      } finally {
        w.stop();
      }
    });

    it('fails a large job with a bad row, writing nothing, and lists the row', async () => {
      const before = await counts();
      const lines = bigFile().split('\r\n');
      // Data row 2050 repeats data row 10's resident ID (the file's rows 2051 and 11); everyone else is registered already.
      lines[2050] = csv([row('重复', residentId(10_000 + 9), '甲街道综合经济党委', '入党申请人', { applied: '2026-09-01' })]).split('\r\n')[1]!;
      const res = await upload(street1, lines.join('\r\n'));
      expect(res.statusCode).toBe(202);
      const job = await outcome(street1, res.json().jobId);
      expect(job).toMatchObject({ status: 'failed', error: { code: 'import_rejected' } });
      expect(job.result).toMatchObject({ errorCount: 1, errors: [expect.objectContaining({ row: 2051, field: 'residentId', code: 'import_duplicate_resident_id' })] });
      expect(await counts()).toEqual({ ...before, jobs: before.jobs + 1 });
    });
  });

  it('kept the counts per territory node equal to the rows through every write above', async () => {
    expect(await rebuildKeptCounts(h.db.kysely, h.fx.districtId)).toBe(0);
    // Each import deferred its member counts and folded them in before it committed (or rolled back).
    expect(Number((await sql<{ n: number }>`select count(*) as n from member_delta`.execute(h.db.kysely)).rows[0]!.n)).toBe(0);
  });
});

/** The row count of a table as the planner's statistics last saw it (0: never analyzed). */
async function analyzedRows(db: Db, table: string): Promise<number> {
  if (db.dialect === 'sqlite') {
    const r = await sql<{ stat: string }>`select stat from sqlite_stat1 where tbl = ${table} limit 1`.execute(db.kysely).catch(() => ({ rows: [] }));
    return Number(r.rows[0]?.stat.split(' ')[0] ?? 0);
  }
  const r = await sql<{ n: number }>`select reltuples::bigint as n from pg_class where relname = ${table}`.execute(db.kysely);
  return Math.max(0, Number(r.rows[0]?.n ?? 0));
}
