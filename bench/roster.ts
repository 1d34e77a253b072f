/**
 * The roster CSV of the import benchmark and its ceiling: N full party members
 * (正式党员) with valid, unique resident IDs in a region the demo data does not
 * use (440304, Shenzhen Futian), spread over the given organizations; and raw
 * inserts of the same rows into the same database.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import SQLite from 'better-sqlite3';
import pg from 'pg';
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
export async function writeRosterCsv(path: string, rows: number, orgs: readonly string[]): Promise<number> {
  const out = createWriteStream(path);
  let bytes = 0;
  const write = async (s: string) => {
    bytes += Buffer.byteLength(s);
    if (!out.write(s)) await once(out, 'drain');
  };
  await write('\uFEFF' + HEAD.join(',') + '\r\n');
  let chunk = '';
  for (let n = 0; n < rows; n++) {
    chunk += rosterRow(n, orgs).map(csvCell).join(',') + '\r\n';
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

const RAW_COLUMNS = HEAD.map((_, i) => `c${i}`);

/**
 * The ceiling on SQLite: the same rows through one prepared statement in one
 * transaction (WAL, synchronous=NORMAL, as the app connects), into a scratch
 * table of the same 19 text columns, dropped afterwards. Returns rows/s.
 */
export function sqliteCeiling(file: string, rows: number, orgs: readonly string[]): { seconds: number; rowsPerSecond: number } {
  const db = new SQLite(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    db.exec(`drop table if exists bench_raw_roster; create table bench_raw_roster (id integer primary key, ${RAW_COLUMNS.map((c) => `${c} text`).join(', ')})`);
    const stmt = db.prepare(`insert into bench_raw_roster (${RAW_COLUMNS.join(', ')}) values (${RAW_COLUMNS.map(() => '?').join(', ')})`);
    const t0 = performance.now();
    db.transaction(() => {
      for (let n = 0; n < rows; n++) stmt.run(rosterRow(n, orgs));
    })();
    const seconds = (performance.now() - t0) / 1000;
    db.exec('drop table bench_raw_roster');
    return { seconds, rowsPerSecond: rows / seconds };
  } finally {
    db.close();
  }
}

/** The ceiling on PostgreSQL: multi-row INSERTs of 1,000 rows in one transaction into the same kind of scratch table. */
export async function postgresCeiling(url: string, rows: number, orgs: readonly string[]): Promise<{ seconds: number; rowsPerSecond: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('drop table if exists bench_raw_roster');
    await client.query(`create table bench_raw_roster (id bigserial primary key, ${RAW_COLUMNS.map((c) => `${c} text`).join(', ')})`);
    const BATCH = 1000;
    const t0 = performance.now();
    await client.query('begin');
    for (let start = 0; start < rows; start += BATCH) {
      const end = Math.min(rows, start + BATCH);
      const params: string[] = [];
      const tuples: string[] = [];
      for (let n = start; n < end; n++) {
        const r = rosterRow(n, orgs);
        tuples.push(`(${r.map((_, i) => `$${params.length + i + 1}`).join(',')})`);
        params.push(...r);
      }
      await client.query(`insert into bench_raw_roster (${RAW_COLUMNS.join(', ')}) values ${tuples.join(',')}`, params);
    }
    await client.query('commit');
    const seconds = (performance.now() - t0) / 1000;
    await client.query('drop table bench_raw_roster');
    return { seconds, rowsPerSecond: rows / seconds };
  } finally {
    await client.end();
  }
}
