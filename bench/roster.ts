/**
 * The roster CSV of the import benchmark and its ceiling: N full party members
 * (正式党员) with valid, unique resident IDs in a region the demo data does not
 * use (440304, Shenzhen Futian), spread over the given organizations; and raw
 * inserts of the same rows into the same tables (the ceiling).
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { bulkInserter } from '../src/db/bulk.js';
import type { Db } from '../src/db/connect.js';
import type { Vault } from '../src/server/crypto.js';
import { residentIdCheckChar } from '../src/domain/ids.js';

export const HEAD = [
  '姓名',
  '性别',
  '民族',
  '公民身份号码',
  '学历',
  '手机号码',
  '工作单位',
  '职务/岗位',
  '是否关键岗位',
  '是否技术骨干',
  '是否中层管理',
  '是否决策层',
  '所在党组织',
  '人员类别',
  '申请入党日期',
  '确定积极分子日期',
  '确定发展对象日期',
  '入党日期',
  '转正日期',
];

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国玉兰文斌波宇浩凯鹏飞俊峰晨阳';
const EDU = ['本科', '大专', '硕士研究生', '高中'];
const DAY_MS = 86_400_000;
const BIRTH0 = Date.UTC(1970, 0, 1);

/** Row n of the roster (0-based): deterministic. */
export function rosterRow(n: number, orgs: readonly string[]): string[] {
  // 1000 IDs per birth date: 1970-01-01 + floor(n / 1000) days (1M rows: born 1970–1972).
  const birth = new Date(BIRTH0 + Math.floor(n / 1000) * DAY_MS).toISOString().slice(0, 10).replace(/-/g, '');
  const body = `440304${birth}${String(n % 1000).padStart(3, '0')}`;
  const id = body + residentIdCheckChar(body);
  const name = SURNAMES[n % SURNAMES.length]! + GIVEN[(n * 7) % GIVEN.length]! + GIVEN[(n * 13 + 5) % GIVEN.length]!;
  const gender = Number(body[16]) % 2 === 1 ? '男' : '女';
  return [
    name,
    gender,
    '汉族',
    id,
    EDU[n % EDU.length]!,
    `139${String(n).padStart(8, '0')}`,
    '',
    '职员',
    n % 10 === 0 ? '是' : '否',
    '',
    '',
    '',
    orgs[n % orgs.length]!,
    '正式党员',
    '',
    '',
    '',
    '2015-07-01',
    '2016-07-01',
  ];
}

const csvCell = (c: string) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);

/** Writes the roster CSV (UTF-8 with BOM, as spreadsheet programs save it); returns its size in bytes. */
/** Writes `rows` roster rows, numbered from `first` (another `first` gives other people). */
export async function writeRosterCsv(path: string, rows: number, orgs: readonly string[], first = 0): Promise<number> {
  const out = createWriteStream(path);
  let bytes = 0;
  const write = async (s: string) => {
    bytes += Buffer.byteLength(s);
    if (!out.write(s)) await once(out, 'drain');
  };
  await write('\uFEFF' + HEAD.join(',') + '\r\n');
  let chunk = '';
  for (let n = 0; n < rows; n++) {
    chunk += rosterRow(first + n, orgs).map(csvCell).join(',') + '\r\n';
    if (chunk.length > 1 << 16) {
      await write(chunk);
      chunk = '';
    }
  }
  if (chunk) await write(chunk);
  out.end();
  await once(out, 'finish');
  return bytes;
}

/** What the import writes for a roster row: its person and member rows, as roster-import/service.ts builds them. */
interface OrgRef {
  id: number;
  name: string;
  path: string;
  territory_id: number;
  territory_path: string;
}

const CEILING_DISTRICT = 999_999;
const CHUNK = 5000;

/**
 * The ceiling: the same rows the import writes for the roster (one person
 * and one member row per roster row, resident IDs encrypted and hashed as the
 * app does) inserted raw into the same tables of the same database, with
 * their indexes, in one transaction: prepared statements on SQLite, unnest
 * arrays on PostgreSQL (src/db/bulk.ts, the app's own fastest path). Building
 * the rows (and encrypting) is not timed; only the inserts are. The rows go to
 * a scratch district created in the transaction, which is rolled back.
 */
export async function insertCeiling(db: Db, vault: Vault, rows: number, orgNames: readonly string[]): Promise<{ seconds: number; rowsPerSecond: number }> {
  const found = await db.kysely.selectFrom('party_org').select(['id', 'name', 'path', 'territory_id', 'territory_path']).where('name', 'in', [...orgNames]).execute();
  const byName = new Map<string, OrgRef>(found.map((o) => [o.name, o]));
  const now = new Date().toISOString();
  let timed = 0;
  const rollback = new Error('rollback');
  try {
    await db.kysely.transaction().execute(async (trx) => {
      await trx.insertInto('district').values({ id: CEILING_DISTRICT, name: 'bench ceiling', time_zone: 'Asia/Shanghai', created_at: now }).execute();
      const bulk = bulkInserter(db, trx);
      for (let start = 0; start < rows; start += CHUNK) {
        const people: Record<string, unknown>[] = [];
        const members: Record<string, unknown>[] = [];
        for (let n = start; n < Math.min(rows, start + CHUNK); n++) {
          const r = rosterRow(n, orgNames);
          const org = byName.get(r[12]!)!;
          const id = r[3]!;
          people.push({
            district_id: CEILING_DISTRICT,
            territory_id: org.territory_id,
            territory_path: org.territory_path,
            name: r[0],
            gender: r[1] === '男' ? 'male' : 'female',
            ethnicity: r[2],
            education: r[4],
            phone: r[5],
            employer_unit_id: null,
            unit_position: r[7],
            in_unit_management: 0,
            full_member_since: r[18],
            resident_id_enc: vault.encrypt(id),
            resident_id_hash: vault.hash(id),
            birth_date: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`,
            created_at: now,
            updated_at: now,
          });
        }
        const t0 = performance.now();
        const ids = await bulk.insertReturningIds('person', people);
        timed += performance.now() - t0;
        for (let i = 0; i < people.length; i++) {
          const r = rosterRow(start + i, orgNames);
          const org = byName.get(r[12]!)!;
          members.push({
            district_id: CEILING_DISTRICT,
            person_id: ids[i],
            party_org_id: org.id,
            org_path: org.path,
            territory_path: org.territory_path,
            stage: 'full',
            status: 'active',
            closed_on: null,
            closed_reason: null,
            occupation: null,
            position: r[7],
            is_key_post: r[8] === '是' ? 1 : 0,
            is_technical_backbone: 0,
            is_middle_management: 0,
            is_decision_level: 0,
            applied_on: null,
            activist_on: null,
            candidate_on: null,
            admitted_on: r[17],
            full_on: r[18],
            probation_until: null,
            last_contact_on: now.slice(0, 10),
            created_at: now,
            updated_at: now,
          });
        }
        const t1 = performance.now();
        await bulk.insert('member', members);
        timed += performance.now() - t1;
      }
      throw rollback;
    });
  } catch (err) {
    if (err !== rollback) throw err;
  }
  const seconds = timed / 1000;
  return { seconds, rowsPerSecond: rows / seconds };
}
