/**
 * Empty import templates: the header row in the chosen language and, for
 * .xlsx, an instructions sheet with a note per column, every allowed value and
 * the caller's own places to choose from (territories, organizations), plus
 * drop-down lists on the data sheet.
 */
import ExcelJS from 'exceljs';
import type { Bilingual } from '../../domain/bilingual.js';
import type { Locale } from '../../server/i18n.js';
import type { SheetSpec } from './sheet.js';

export interface TemplateSpec<F extends string> {
  sheet: SheetSpec<F>;
  /** The template's columns, in order (a sheet may understand more, e.g. the columns of an export). */
  columns: readonly F[];
  names: {
    /** The file name without extension, the data sheet's name, the instructions' title and first paragraph. */
    file: Bilingual;
    data: Bilingual;
    title: Bilingual;
    intro: Bilingual;
  };
  notes: Record<F, [zh: string, en: string]>;
  widths?: Partial<Record<F, number>>;
  /** Columns kept as text (long digit strings that Excel would turn into numbers), and date columns. */
  text?: readonly F[];
  dates?: readonly F[];
}

/** A block of the instructions sheet that lists what a column may hold; its first column becomes the column's drop-down. */
export interface ValueList<F extends string> {
  field: F;
  header: string[];
  rows: (string | number)[][];
  /** The column of `rows` offered in the drop-down (default the first). */
  pick?: number;
}

const T = (locale: Locale, text: Bilingual | [string, string]) => (Array.isArray(text) ? text[locale === 'en' ? 1 : 0] : text[locale]);

export function templateFileName(spec: TemplateSpec<string>, format: 'xlsx' | 'csv', locale: Locale): string {
  return `${T(locale, spec.names.file)}.${format}`;
}

function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** UTF-8 with a byte-order mark, so that Excel opens the Chinese headers correctly. */
export function templateCsv<F extends string>(spec: TemplateSpec<F>, locale: Locale): Buffer {
  return Buffer.from(`\uFEFF${spec.columns.map((f) => csvField(spec.sheet.header(f, locale))).join(',')}\r\n`, 'utf8');
}

/** A vocabulary as an instructions block: Chinese, English, code; the drop-down offers the caller's language. */
export function vocabularyList<F extends string>(field: F, codes: readonly string[], labels: Record<string, Bilingual>, locale: Locale): ValueList<F> {
  return {
    field,
    header: [T(locale, ['中文', 'Chinese']), 'English', T(locale, ['代码', 'Code'])],
    rows: codes.map((code) => [labels[code]?.['zh-CN'] ?? code, labels[code]?.en ?? code, code]),
    pick: locale === 'en' ? 1 : 0,
  };
}

/** Data-validation rows: enough for any file, written as one range per column. */
const LIST_ROWS = 100_000;

export async function templateXlsx<F extends string>(spec: TemplateSpec<F>, locale: Locale, lists: ValueList<F>[]): Promise<Buffer> {
  const { sheet, columns } = spec;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Cohesion';
  const data = wb.addWorksheet(T(locale, spec.names.data), { views: [{ state: 'frozen', ySplit: 1 }] });
  const info = wb.addWorksheet(T(locale, ['说明', 'Instructions']));

  data.columns = columns.map((f) => ({ header: sheet.header(f, locale), key: f, width: spec.widths?.[f] ?? 14 }));
  const header = data.getRow(1);
  header.font = { bold: true };
  columns.forEach((f, i) => {
    const cell = header.getCell(i + 1);
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: sheet.required.includes(f) ? 'FFFCE4D6' : 'FFEDEDED' } };
  });
  for (const f of spec.text ?? []) data.getColumn(f).numFmt = '@';
  for (const f of spec.dates ?? []) data.getColumn(f).numFmt = 'yyyy-mm-dd';

  // Instructions: one line per column, then the allowed values.
  info.columns = [{ width: 28 }, { width: 34 }, { width: 64 }, { width: 10 }];
  info.addRow([T(locale, spec.names.title)]).font = { bold: true, size: 14 };
  info.addRow([T(locale, spec.names.intro)]);
  info.addRow([]);
  info.addRow([T(locale, ['列', 'Column']), T(locale, ['是否必填', 'Required']), T(locale, ['填写说明', 'Notes'])]).font = { bold: true };
  for (const f of columns) {
    info.addRow([sheet.header(f, locale), sheet.required.includes(f) ? T(locale, ['必填', 'required']) : T(locale, ['选填', 'optional']), T(locale, spec.notes[f])]);
  }

  const refs = new Map<F, string>();
  const sheetRef = `'${info.name}'`;
  for (const list of lists) {
    info.addRow([]);
    info.addRow([sheet.header(list.field, locale)]).font = { bold: true };
    info.addRow(list.header).font = { italic: true };
    const first = info.rowCount + 1;
    for (const r of list.rows) info.addRow(r);
    if (!list.rows.length) continue;
    const col = String.fromCharCode(65 + (list.pick ?? 0));
    refs.set(list.field, `${sheetRef}!$${col}$${first}:$${col}$${info.rowCount}`);
  }

  // Drop-down lists; other values (codes, English labels) may still be typed.
  const validations = (data as unknown as { dataValidations: { add(address: string, v: ExcelJS.DataValidation): void } }).dataValidations;
  columns.forEach((f, i) => {
    const ref = refs.get(f);
    if (!ref) return;
    const col = data.getColumn(i + 1).letter;
    validations.add(`${col}2:${col}${LIST_ROWS}`, { type: 'list', allowBlank: true, formulae: [ref], showErrorMessage: false });
  });

  return Buffer.from(await wb.xlsx.writeBuffer());
}
