/**
 * The empty survey template: the header row in the chosen language and, for
 * .xlsx, an instructions sheet with every allowed value (and the territories
 * of the caller's scope), plus drop-down lists on the data sheet.
 */
import { LABELS } from '../../domain/labels.js';
import { INDUSTRIES, OWNERSHIPS, UNIT_KINDS } from '../../domain/units.js';
import type { Locale } from '../../server/i18n.js';
import { templateCsv as csvOf, templateFileName as fileNameOf, templateXlsx as xlsxOf, vocabularyList, type TemplateSpec } from '../imports/template.js';
import { IMPORT_FIELDS, SURVEY_SHEET, type ImportField } from './parse.js';

export interface TemplatePlace {
  id: number;
  kind: string;
  /** As the territory column names it. */
  name: string;
  street: string;
}

const SPEC: TemplateSpec<ImportField> = {
  sheet: SURVEY_SHEET,
  columns: IMPORT_FIELDS,
  names: {
    file: { 'zh-CN': '单位摸排导入模板', en: 'unit-survey-template' },
    data: { 'zh-CN': '单位摸排', en: 'Units' },
    title: { 'zh-CN': '单位摸排导入说明', en: 'Unit survey import: how to fill in' },
    intro: {
      'zh-CN':
        '第 1 个工作表的第 1 行为表头，请勿修改；每行一个单位。浅红色为必填列。导入时先做“预检”，全部通过后才会写入；更新已有单位时，留空的选填项保持原值。',
      en: 'Row 1 of the first sheet is the header; do not change it. One unit per row. Pink columns are required. Check the file first (dry run); nothing is written unless every row passes. When a row updates an existing unit, empty optional cells keep the current values.',
    },
  },
  notes: {
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
  },
  widths: { name: 36, creditCode: 22, industry: 28, territory: 24, address: 32, registeredOn: 14 },
  // Text, so that Excel keeps all 18 characters of a numeric-looking credit code.
  text: ['creditCode'],
  dates: ['registeredOn'],
};

export function templateFileName(format: 'xlsx' | 'csv', locale: Locale): string {
  return fileNameOf(SPEC, format, locale);
}

export function templateCsv(locale: Locale): Buffer {
  return csvOf(SPEC, locale);
}

export function templateXlsx(locale: Locale, places: TemplatePlace[]): Promise<Buffer> {
  const en = locale === 'en';
  const kindLabel = (kind: string) => (LABELS.territoryKind as Record<string, { 'zh-CN': string; en: string }>)[kind]?.[locale] ?? kind;
  return xlsxOf(SPEC, locale, [
    vocabularyList('kind', UNIT_KINDS, LABELS.unitKind, locale),
    vocabularyList('ownership', OWNERSHIPS, LABELS.ownership, locale),
    vocabularyList('industry', INDUSTRIES, LABELS.industry, locale),
    {
      field: 'territory',
      header: [en ? 'Write' : '填写值', en ? 'Street' : '街道（乡镇）', en ? 'Kind' : '类型', en ? 'Id' : '区域编号'],
      rows: places.map((p) => [p.name, p.street, kindLabel(p.kind), p.id]),
    },
  ]);
}
