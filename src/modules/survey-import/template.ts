/**
 * The empty survey template: the header row in the chosen language and, for
 * .xlsx, an instructions sheet with every allowed value (and the territories
 * of the caller's scope), plus drop-down lists on the data sheet.
 */
import ExcelJS from 'exceljs';
import { LABELS, label } from '../../domain/labels.js';
import { INDUSTRIES, OWNERSHIPS, UNIT_KINDS } from '../../domain/units.js';
import type { Locale } from '../../server/i18n.js';
import { columnHeader, IMPORT_FIELDS, REQUIRED_FIELDS, type ImportField } from './parse.js';

export interface TemplatePlace {
  id: number;
  kind: string;
  /** As the territory column names it. */
  name: string;
  street: string;
}

const T = (locale: Locale, zh: string, en: string) => (locale === 'en' ? en : zh);

export function templateHeaders(locale: Locale): string[] {
  return IMPORT_FIELDS.map((f) => columnHeader(f, locale));
}

export function templateFileName(format: 'xlsx' | 'csv', locale: Locale): string {
  return `${T(locale, '单位摸排导入模板', 'unit-survey-template')}.${format}`;
}

function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** UTF-8 with a byte-order mark, so that Excel opens the Chinese headers correctly. */
export function templateCsv(locale: Locale): Buffer {
  return Buffer.from(`\uFEFF${templateHeaders(locale).map(csvField).join(',')}\r\n`, 'utf8');
}

const NOTES: Record<ImportField, [string, string]> = {
  name: ['2–200 个字', '2–200 characters'],
  creditCode: [
    '18 位，按 GB 32100 校验；本区已有该代码的单位时，本行更新该单位',
    '18 characters, checked per GB 32100; a code already registered in the district updates that unit',
  ],
  kind: ['见下方“单位类型”，填中文、英文或代码均可', 'See "Kind" below: Chinese, English or the code'],
  ownership: ['见下方“经济类型”，填中文、英文或代码均可', 'See "Ownership" below: Chinese, English or the code'],
  industry: ['见下方“所属行业”，填中文、英文或门类字母均可', 'See "Industry" below: Chinese, English or the section letter'],
  employeeCount: ['不小于 0 的整数', 'A whole number, 0 or more'],
  surveyedMemberCount: ['不小于 0 的整数；新单位留空按 0', 'A whole number, 0 or more; empty means 0 for a new unit'],
  territory: [
    '区域名称（在您的管辖范围内唯一）；重名时写“街道名/区域名”，也可填区域编号；见下方“所在区域”',
    'The territory name (unique in your scope); if names repeat write "street/area", or give the id; see "Territory" below',
  ],
  address: ['最多 300 个字', 'At most 300 characters'],
  lng: ['73–136 之间的小数', 'A decimal between 73 and 136'],
  lat: ['3–54 之间的小数', 'A decimal between 3 and 54'],
  registeredOn: ['YYYY-MM-DD，不晚于今天', 'YYYY-MM-DD, not in the future'],
};

const WIDTHS: Partial<Record<ImportField, number>> = { name: 36, creditCode: 22, industry: 28, territory: 24, address: 32, registeredOn: 14 };

/** Data-validation rows: enough for any survey, written as one range per column. */
const LIST_ROWS = 100_000;

export async function templateXlsx(locale: Locale, places: TemplatePlace[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Cohesion';
  const data = wb.addWorksheet(T(locale, '单位摸排', 'Units'), { views: [{ state: 'frozen', ySplit: 1 }] });
  const info = wb.addWorksheet(T(locale, '说明', 'Instructions'));

  data.columns = IMPORT_FIELDS.map((f) => ({ header: columnHeader(f, locale), key: f, width: WIDTHS[f] ?? 14 }));
  const header = data.getRow(1);
  header.font = { bold: true };
  IMPORT_FIELDS.forEach((f, i) => {
    const cell = header.getCell(i + 1);
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: REQUIRED_FIELDS.includes(f) ? 'FFFCE4D6' : 'FFEDEDED' } };
  });
  // Text, so that Excel keeps all 18 characters of a numeric-looking credit code.
  data.getColumn('creditCode').numFmt = '@';
  data.getColumn('registeredOn').numFmt = 'yyyy-mm-dd';

  // Instructions: one line per column, then the allowed values.
  info.columns = [{ width: 28 }, { width: 34 }, { width: 64 }, { width: 10 }];
  info.addRow([T(locale, '单位摸排导入说明', 'Unit survey import: how to fill in')]).font = { bold: true, size: 14 };
  info.addRow([
    T(
      locale,
      '第 1 个工作表的第 1 行为表头，请勿修改；每行一个单位。浅红色为必填列。导入时先做“预检”，全部通过后才会写入；更新已有单位时，留空的选填项保持原值。',
      'Row 1 of the first sheet is the header; do not change it. One unit per row. Pink columns are required. Check the file first (dry run); nothing is written unless every row passes. When a row updates an existing unit, empty optional cells keep the current values.',
    ),
  ]);
  info.addRow([]);
  info.addRow([T(locale, '列', 'Column'), T(locale, '是否必填', 'Required'), T(locale, '填写说明', 'Notes')]).font = { bold: true };
  for (const f of IMPORT_FIELDS) {
    info.addRow([columnHeader(f, locale), REQUIRED_FIELDS.includes(f) ? T(locale, '必填', 'required') : T(locale, '选填', 'optional'), NOTES[f][locale === 'en' ? 1 : 0]]);
  }

  const lists: Partial<Record<ImportField, string>> = {};
  const sheetRef = `'${info.name}'`;
  const vocabulary = (field: ImportField, vocab: 'unitKind' | 'ownership' | 'industry', codes: readonly string[]) => {
    info.addRow([]);
    info.addRow([columnHeader(field, locale)]).font = { bold: true };
    info.addRow([T(locale, '中文', 'Chinese'), 'English', T(locale, '代码', 'Code')]).font = { italic: true };
    const first = info.rowCount + 1;
    for (const code of codes) info.addRow([label(vocab, code, 'zh-CN'), label(vocab, code, 'en'), code]);
    const col = locale === 'en' ? 'B' : 'A';
    lists[field] = `${sheetRef}!$${col}$${first}:$${col}$${info.rowCount}`;
  };
  vocabulary('kind', 'unitKind', UNIT_KINDS);
  vocabulary('ownership', 'ownership', OWNERSHIPS);
  vocabulary('industry', 'industry', INDUSTRIES);

  info.addRow([]);
  info.addRow([columnHeader('territory', locale)]).font = { bold: true };
  info.addRow([T(locale, '填写值', 'Write'), T(locale, '街道（乡镇）', 'Street'), T(locale, '类型', 'Kind'), T(locale, '区域编号', 'Id')]).font = {
    italic: true,
  };
  const firstPlace = info.rowCount + 1;
  for (const p of places) {
    info.addRow([p.name, p.street, (LABELS.territoryKind as Record<string, { 'zh-CN': string; en: string }>)[p.kind]?.[locale] ?? p.kind, p.id]);
  }
  if (places.length) lists.territory = `${sheetRef}!$A$${firstPlace}:$A$${info.rowCount}`;

  // Drop-down lists; other values (codes, English labels) may still be typed.
  const validations = (data as unknown as { dataValidations: { add(address: string, v: ExcelJS.DataValidation): void } }).dataValidations;
  IMPORT_FIELDS.forEach((f, i) => {
    const ref = lists[f];
    if (!ref) return;
    const col = data.getColumn(i + 1).letter;
    validations.add(`${col}2:${col}${LIST_ROWS}`, { type: 'list', allowBlank: true, formulae: [ref], showErrorMessage: false });
  });

  return Buffer.from(await wb.xlsx.writeBuffer());
}
