/**
 * The empty roster template: the header row in the chosen language and, for
 * .xlsx, an instructions sheet with every allowed value and the caller's
 * organizations, plus drop-down lists on the data sheet.
 */
import { LABELS } from '../../domain/labels.js';
import { EDUCATION_LEVELS, GENDERS, MEMBER_STAGES } from '../../domain/members.js';
import type { Locale } from '../../server/i18n.js';
import { templateCsv as csvOf, templateFileName as fileNameOf, templateXlsx as xlsxOf, vocabularyList, type TemplateSpec, type ValueList } from '../imports/template.js';
import { FLAG_FIELDS, ROSTER_SHEET, TEMPLATE_COLUMNS, type RosterField } from './sheet.js';

export interface TemplateOrg {
  id: number;
  kind: string;
  /** As the organization column names it. */
  name: string;
  street: string;
}

const FLAG_NOTE: [string, string] = ['“是”或“否”；留空按“否”（更新时保持原值）', '"是" (yes) or "否" (no); empty means no (an update keeps the current value)'];
const DATE_NOTE = (zh: string, en: string): [string, string] => [`YYYY-MM-DD，不晚于今天；${zh}`, `YYYY-MM-DD, not in the future; ${en}`];

const SPEC: TemplateSpec<RosterField> = {
  sheet: ROSTER_SHEET,
  columns: TEMPLATE_COLUMNS,
  names: {
    file: { 'zh-CN': '党员名册导入模板', en: 'member-roster-template' },
    data: { 'zh-CN': '党员名册', en: 'Members' },
    title: { 'zh-CN': '党员名册导入说明', en: 'Member roster import: how to fill in' },
    intro: {
      'zh-CN':
        '第 1 个工作表的第 1 行为表头，请勿修改；每行一人。浅红色为必填列。导入时先做“预检”，全部通过后才会写入。公民身份号码已登记的，本行更新其个人信息（人员类别、所在党组织和各阶段日期不变）；系统导出的党员名册（号码已脱敏）可直接修改后导入。',
      en: 'Row 1 of the first sheet is the header; do not change it. One person per row. Pink columns are required. Check the file first (dry run); nothing is written unless every row passes. A resident ID already registered updates that person\'s details (stage, organization and stage dates stay). A roster exported from the system (IDs masked) can be edited and imported back.',
    },
  },
  notes: {
    name: ['2–50 个字，按原样保存', '2–50 characters, stored as written'],
    gender: ['男或女；留空时按公民身份号码第 17 位确定', 'Male or female; empty: from the 17th character of the resident ID'],
    ethnicity: ['如“汉族”，最多 20 个字', 'e.g. 汉族, at most 20 characters'],
    residentId: [
      '18 位，按 GB 11643 校验，出生日期由号码确定；本区已登记的号码更新该人员；加密保存',
      '18 characters, checked per GB 11643; the birth date comes from it; an ID already registered updates that person; stored encrypted',
    ],
    education: ['见下方“学历”，填中文、英文或代码均可', 'See "Education" below: Chinese, English or the code'],
    phone: ['11 位手机号或带区号的固定电话', 'An 11-digit mobile number or a landline with area code'],
    employer: [
      '统一社会信用代码或单位名称（须在您的管辖范围内）；重名时填代码',
      'Credit code or unit name (within your scope); give the code if names repeat',
    ],
    position: ['最多 50 个字', 'At most 50 characters'],
    keyPost: FLAG_NOTE,
    technicalBackbone: FLAG_NOTE,
    middleManagement: FLAG_NOTE,
    decisionLevel: FLAG_NOTE,
    org: [
      '党组织名称（在您的管辖范围内唯一）；重名时写“街道名/党组织名”，也可填党组织编号；见下方“所在党组织”',
      'The organization\'s name (unique in your scope); if names repeat write "street/organization", or give the id; see "Party organization" below',
    ],
    stage: ['见下方“人员类别”', 'See "Stage" below'],
    appliedOn: DATE_NOTE('入党申请人、积极分子、发展对象必填；申请时须年满 18 周岁', 'required for applicants, activists and candidates; 18 or older on that day'),
    activistOn: DATE_NOTE('积极分子、发展对象必填', 'required for activists and candidates'),
    candidateOn: DATE_NOTE('发展对象必填', 'required for candidates'),
    admittedOn: DATE_NOTE(
      '支部大会通过接收预备党员之日；预备党员必填，且预备期（含最长延长期）未满',
      'the day of the branch vote; required for probationary members, whose probation (with the longest extension) has not ended',
    ),
    fullOn: DATE_NOTE('正式党员必填；不早于入党日期后 1 年', 'required for full members; at least a year after admission'),
    occupation: ['见统计口径', 'As in the statistics'],
  },
  widths: { name: 12, residentId: 22, employer: 30, org: 30, stage: 14, phone: 14 },
  // Text, so that Excel keeps all 18 characters of a resident ID and the leading 0 of a landline.
  text: ['residentId', 'phone'],
  dates: ['appliedOn', 'activistOn', 'candidateOn', 'admittedOn', 'fullOn'],
};

export function templateFileName(format: 'xlsx' | 'csv', locale: Locale): string {
  return fileNameOf(SPEC, format, locale);
}

export function templateCsv(locale: Locale): Buffer {
  return csvOf(SPEC, locale);
}

export function templateXlsx(locale: Locale, orgs: TemplateOrg[]): Promise<Buffer> {
  const en = locale === 'en';
  const kindLabel = (kind: string) => (LABELS.orgKind as Record<string, { 'zh-CN': string; en: string }>)[kind]?.[locale] ?? kind;
  const yesNo = (field: RosterField): ValueList<RosterField> => ({ field, header: [en ? 'Write' : '填写值', en ? 'Meaning' : '含义'], rows: [['是', en ? 'yes' : '是'], ['否', en ? 'no' : '否']] });
  return xlsxOf(SPEC, locale, [
    vocabularyList('gender', GENDERS, LABELS.gender, locale),
    vocabularyList('education', EDUCATION_LEVELS, LABELS.education, locale),
    ...FLAG_FIELDS.map(yesNo),
    {
      field: 'org',
      header: [en ? 'Write' : '填写值', en ? 'Street' : '街道（乡镇）', en ? 'Kind' : '类型', en ? 'Id' : '党组织编号'],
      rows: orgs.map((o) => [o.name, o.street, kindLabel(o.kind), o.id]),
    },
    vocabularyList('stage', MEMBER_STAGES, LABELS.memberStage, locale),
  ]);
}
