/**
 * The columns of a member roster (党员名册): the template's, and those of the
 * registry's own export (/api/v1/members/export), so that an exported roster
 * comes back as updates. Reading the file is shared with the other imports
 * (src/modules/imports/sheet.ts).
 */
import { LABELS } from '../../domain/labels.js';
import { defineSheet } from '../imports/sheet.js';

export const ROSTER_FIELDS = [
  'name',
  'gender',
  'ethnicity',
  'residentId',
  'education',
  'phone',
  'employer',
  'position',
  'keyPost',
  'technicalBackbone',
  'middleManagement',
  'decisionLevel',
  'org',
  'stage',
  'appliedOn',
  'activistOn',
  'candidateOn',
  'admittedOn',
  'fullOn',
  // Not in the template; the export has it and it is editable.
  'occupation',
] as const;
export type RosterField = (typeof ROSTER_FIELDS)[number];

/** The template's columns, in order. */
export const TEMPLATE_COLUMNS = ROSTER_FIELDS.filter((f) => f !== 'occupation');

export const FLAG_FIELDS = ['keyPost', 'technicalBackbone', 'middleManagement', 'decisionLevel'] as const;
export type FlagField = (typeof FLAG_FIELDS)[number];

/** The stage dates in pipeline order, with their member columns. */
export const DATE_FIELDS = ['appliedOn', 'activistOn', 'candidateOn', 'admittedOn', 'fullOn'] as const;
export type DateField = (typeof DATE_FIELDS)[number];
export const DATE_COLUMNS = {
  appliedOn: 'applied_on',
  activistOn: 'activist_on',
  candidateOn: 'candidate_on',
  admittedOn: 'admitted_on',
  fullOn: 'full_on',
} as const satisfies Record<DateField, string>;

export const ROSTER_SHEET = defineSheet<RosterField>({
  fields: ROSTER_FIELDS,
  required: ['name', 'residentId', 'org', 'stage'],
  headers: {
    name: { 'zh-CN': '姓名', en: 'Name' },
    gender: { 'zh-CN': '性别', en: 'Gender' },
    ethnicity: { 'zh-CN': '民族', en: 'Ethnicity' },
    residentId: { 'zh-CN': '公民身份号码', en: 'Resident ID' },
    education: { 'zh-CN': '学历', en: 'Education' },
    phone: { 'zh-CN': '手机号码', en: 'Mobile phone' },
    employer: { 'zh-CN': '工作单位', en: 'Employer' },
    position: { 'zh-CN': '职务/岗位', en: 'Position' },
    keyPost: { 'zh-CN': '是否关键岗位', en: LABELS.memberFlag.keyPost.en },
    technicalBackbone: { 'zh-CN': '是否技术骨干', en: LABELS.memberFlag.technicalBackbone.en },
    middleManagement: { 'zh-CN': '是否中层管理', en: LABELS.memberFlag.middleManagement.en },
    decisionLevel: { 'zh-CN': '是否决策层', en: LABELS.memberFlag.decisionLevel.en },
    org: { 'zh-CN': '所在党组织', en: 'Party organization' },
    stage: { 'zh-CN': '人员类别', en: 'Stage' },
    appliedOn: { 'zh-CN': '申请入党日期', en: 'Applied on' },
    activistOn: { 'zh-CN': '确定积极分子日期', en: 'Activist since' },
    candidateOn: { 'zh-CN': '确定发展对象日期', en: 'Candidate since' },
    admittedOn: { 'zh-CN': '入党日期', en: 'Admitted on' },
    fullOn: { 'zh-CN': '转正日期', en: 'Full member since' },
    occupation: { 'zh-CN': '职业', en: 'Occupation' },
  },
  // The export's headers (members/routes.ts) and what rosters in the field call the same columns.
  aliases: {
    residentId: ['身份证号', '身份证号码', '公民身份证号', '公民身份证号码'],
    education: ['文化程度', '学历学位'],
    phone: ['联系电话', '手机', '电话', '手机号', 'Phone'],
    employer: ['工作单位名称', '单位', '工作单位(统一社会信用代码或名称)', '工作单位（统一社会信用代码或名称）'],
    position: ['职务', '岗位', '职务岗位'],
    keyPost: [LABELS.memberFlag.keyPost['zh-CN']],
    technicalBackbone: [LABELS.memberFlag.technicalBackbone['zh-CN']],
    middleManagement: [LABELS.memberFlag.middleManagement['zh-CN'], '是否中层管理人员'],
    decisionLevel: [LABELS.memberFlag.decisionLevel['zh-CN'], '是否企业决策层'],
    org: ['党组织', '所在支部', '党支部', 'Organization'],
    stage: ['类别', '人员类型', '政治面貌'],
    appliedOn: ['申请入党时间', '递交入党申请书日期'],
    activistOn: ['确定为入党积极分子日期', '列为入党积极分子日期'],
    candidateOn: ['确定为发展对象日期', '列为发展对象日期'],
    admittedOn: ['入党时间', '入党日期(支部大会)', '入党日期（支部大会）', 'Admitted'],
    fullOn: ['转正时间'],
  },
  // Read-only columns of the export, and the usual row number and remarks: skipped.
  ignored: ['年龄', '流动党员', '最近联系', '状态', '关闭原因', 'Age', 'Mobile', 'Last contact', 'Status', 'Closed reason', '序号', 'No.', '备注', 'Remarks'],
});
