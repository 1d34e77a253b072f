import type { Bilingual } from './bilingual.js';

/** The regulations rules come from (RULES.md "Sources"), by short name. */
export const SOURCES = {
  Constitution: { 'zh-CN': '《中国共产党章程》', en: 'Constitution of the Communist Party of China' },
  Branch: { 'zh-CN': '《中国共产党支部工作条例（试行）》（2018）', en: 'Regulations on the Work of Party Branches (trial, 2018)' },
  Elections: { 'zh-CN': '《中国共产党基层组织选举工作条例》（2020）', en: 'Regulations on Elections in Grassroots Organizations (2020)' },
  Development: { 'zh-CN': '《中国共产党发展党员工作细则》（2014）', en: 'Detailed Rules on Developing Party Members (2014)' },
  Dues: { 'zh-CN': '《关于中国共产党党费收缴、使用和管理的规定》（2008）', en: 'Provisions on Party Dues (2008)' },
  Education: { 'zh-CN': '《中国共产党党员教育管理工作条例》（2019）', en: 'Regulations on the Education and Management of Members (2019)' },
  practice: { 'zh-CN': '地方通行做法（可由本区调整）', en: 'Common local practice (the district may change it)' },
} satisfies Record<string, Bilingual>;

export type SourceName = keyof typeof SOURCES;

export type Severity = 'error' | 'warning' | 'info';

/** What a rule says about a case: which rule, how serious, why, and where the rule comes from. */
export interface Finding {
  ruleId: string;
  severity: Severity;
  message: Bilingual;
  sources: SourceName[];
}
