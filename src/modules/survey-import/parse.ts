/**
 * The columns of the unit survey sheet (摸排表). Reading the file itself is
 * shared with the other imports (src/modules/imports/sheet.ts).
 */
import type { Bilingual } from '../../domain/bilingual.js';
import { LABELS } from '../../domain/labels.js';
import type { Locale } from '../../server/i18n.js';
import { defineSheet } from '../imports/sheet.js';

/** The columns of the survey template, in template order. */
export const IMPORT_FIELDS = [
  'name',
  'creditCode',
  'kind',
  'ownership',
  'industry',
  'employeeCount',
  'surveyedMemberCount',
  'territory',
  'address',
  'lng',
  'lat',
  'registeredOn',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** Columns a file must have; the others may be left out (a missing column keeps the unit's value). */
export const REQUIRED_FIELDS: readonly ImportField[] = ['name', 'creditCode', 'kind', 'ownership', 'industry', 'employeeCount', 'territory'];

const LABEL_KEY: Record<ImportField, keyof typeof LABELS.unitField> = {
  name: 'name',
  creditCode: 'creditCode',
  kind: 'kind',
  ownership: 'ownership',
  industry: 'industry',
  employeeCount: 'employeeCount',
  surveyedMemberCount: 'surveyedMemberCount',
  territory: 'territoryName',
  address: 'address',
  lng: 'lng',
  lat: 'lat',
  registeredOn: 'registeredOn',
};

export const SURVEY_SHEET = defineSheet<ImportField>({
  fields: IMPORT_FIELDS,
  required: REQUIRED_FIELDS,
  headers: Object.fromEntries(IMPORT_FIELDS.map((f) => [f, LABELS.unitField[LABEL_KEY[f]]])) as Record<ImportField, Bilingual>,
  // Other headers people use in survey sheets for the same columns.
  aliases: {
    name: ['企业名称', '单位全称', '组织名称', 'unit name'],
    creditCode: ['社会信用代码', '统一信用代码', '信用代码', 'unified social credit code'],
    employeeCount: ['从业人数', '职工人数', '员工人数', '职工数', 'employee count'],
    surveyedMemberCount: ['党员数', '党员人数', 'party members'],
    territory: ['所属区域', '区域', 'territory name'],
    registeredOn: ['成立时间', '注册日期', 'registration date'],
  },
});

/** The header of a column as the template writes it. */
export function columnHeader(field: ImportField, locale: Locale): string {
  return SURVEY_SHEET.header(field, locale);
}
