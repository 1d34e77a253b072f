/**
 * Display names of every vocabulary the registry uses, in both languages.
 * One source for the API's exports and the web app's screens; the Chinese
 * terms follow GLOSSARY.md.
 */
import type { Bilingual } from './bilingual.js';

export const LABELS = {
  territoryKind: {
    district: { 'zh-CN': '区', en: 'District' },
    county_city: { 'zh-CN': '县级市', en: 'County-level city' },
    street: { 'zh-CN': '街道', en: 'Street' },
    township: { 'zh-CN': '乡镇', en: 'Township' },
    building: { 'zh-CN': '商务楼宇', en: 'Commercial building' },
    market: { 'zh-CN': '专业市场', en: 'Professional market' },
    park: { 'zh-CN': '园区', en: 'Industrial park' },
    community: { 'zh-CN': '社区', en: 'Community' },
    village: { 'zh-CN': '村', en: 'Village' },
  },
  unitKind: {
    enterprise: { 'zh-CN': '非公有制企业', en: 'Non-public enterprise' },
    social_org: { 'zh-CN': '社会组织', en: 'Social organization' },
  },
  ownership: {
    private: { 'zh-CN': '私营', en: 'Private' },
    foreign: { 'zh-CN': '外资', en: 'Foreign-funded' },
    hk_macao_taiwan: { 'zh-CN': '港澳台资', en: 'HK/Macao/Taiwan-funded' },
    individual: { 'zh-CN': '个体', en: 'Individual business' },
    restructured: { 'zh-CN': '国有改制', en: 'Restructured ex-state' },
    social_group: { 'zh-CN': '社会团体', en: 'Social group' },
    private_non_enterprise: { 'zh-CN': '民办非企业单位', en: 'Private non-enterprise unit' },
    foundation: { 'zh-CN': '基金会', en: 'Foundation' },
  },
  industry: {
    A: { 'zh-CN': '农、林、牧、渔业', en: 'Agriculture, forestry, fishing' },
    B: { 'zh-CN': '采矿业', en: 'Mining' },
    C: { 'zh-CN': '制造业', en: 'Manufacturing' },
    D: { 'zh-CN': '电力、热力、燃气及水', en: 'Utilities' },
    E: { 'zh-CN': '建筑业', en: 'Construction' },
    F: { 'zh-CN': '批发和零售业', en: 'Wholesale and retail' },
    G: { 'zh-CN': '交通运输、仓储和邮政业', en: 'Transport, storage and post' },
    H: { 'zh-CN': '住宿和餐饮业', en: 'Accommodation and catering' },
    I: { 'zh-CN': '信息传输、软件和信息技术服务业', en: 'Information technology' },
    J: { 'zh-CN': '金融业', en: 'Finance' },
    K: { 'zh-CN': '房地产业', en: 'Real estate' },
    L: { 'zh-CN': '租赁和商务服务业', en: 'Leasing and business services' },
    M: { 'zh-CN': '科学研究和技术服务业', en: 'Research and technical services' },
    N: { 'zh-CN': '水利、环境和公共设施管理业', en: 'Water, environment, public facilities' },
    O: { 'zh-CN': '居民服务、修理和其他服务业', en: 'Resident and repair services' },
    P: { 'zh-CN': '教育', en: 'Education' },
    Q: { 'zh-CN': '卫生和社会工作', en: 'Health and social work' },
    R: { 'zh-CN': '文化、体育和娱乐业', en: 'Culture, sports, entertainment' },
    S: { 'zh-CN': '公共管理、社会保障和社会组织', en: 'Public administration and social organizations' },
  },
  sizeBand: {
    micro: { 'zh-CN': '微型（<10人）', en: 'Micro (<10)' },
    small: { 'zh-CN': '小型（10–99人）', en: 'Small (10–99)' },
    medium: { 'zh-CN': '中型（100–999人）', en: 'Medium (100–999)' },
    large: { 'zh-CN': '大型（≥1000人）', en: 'Large (≥1000)' },
  },
  unitStatus: {
    operating: { 'zh-CN': '在营', en: 'Operating' },
    closed: { 'zh-CN': '已注销', en: 'Closed' },
  },
  territoryStatus: {
    active: { 'zh-CN': '正常', en: 'Active' },
    closed: { 'zh-CN': '已撤销', en: 'Closed' },
  },
  unitField: {
    name: { 'zh-CN': '单位名称', en: 'Name' },
    creditCode: { 'zh-CN': '统一社会信用代码', en: 'Credit code' },
    kind: { 'zh-CN': '单位类型', en: 'Kind' },
    ownership: { 'zh-CN': '经济类型', en: 'Ownership' },
    industry: { 'zh-CN': '所属行业', en: 'Industry' },
    employeeCount: { 'zh-CN': '从业人员数', en: 'Employees' },
    sizeBand: { 'zh-CN': '规模', en: 'Size' },
    surveyedMemberCount: { 'zh-CN': '摸排党员数', en: 'Surveyed members' },
    streetName: { 'zh-CN': '街道（乡镇）', en: 'Street' },
    territoryName: { 'zh-CN': '所在区域', en: 'Territory' },
    territoryId: { 'zh-CN': '所在区域', en: 'Territory' },
    address: { 'zh-CN': '地址', en: 'Address' },
    lng: { 'zh-CN': '经度', en: 'Longitude' },
    lat: { 'zh-CN': '纬度', en: 'Latitude' },
    registeredOn: { 'zh-CN': '成立日期', en: 'Registered on' },
    status: { 'zh-CN': '状态', en: 'Status' },
    closedOn: { 'zh-CN': '注销日期', en: 'Closed on' },
    closedReason: { 'zh-CN': '注销原因', en: 'Reason for closing' },
    updatedAt: { 'zh-CN': '更新时间', en: 'Updated' },
  },
  orgKind: {
    committee: { 'zh-CN': '党委', en: 'Committee' },
    general_branch: { 'zh-CN': '党总支', en: 'General branch' },
    branch: { 'zh-CN': '党支部', en: 'Branch' },
    joint_branch: { 'zh-CN': '联合党支部', en: 'Joint branch' },
    party_group: { 'zh-CN': '党小组', en: 'Party group' },
  },
  formationMode: {
    single: { 'zh-CN': '单独组建', en: 'Single' },
    joint: { 'zh-CN': '联合组建', en: 'Joint' },
    regional: { 'zh-CN': '区域组建', en: 'Regional' },
    industry: { 'zh-CN': '行业组建', en: 'Industry' },
    affiliated: { 'zh-CN': '挂靠组建', en: 'Affiliated' },
    dispatched: { 'zh-CN': '选派', en: 'Dispatched' },
  },
  post: {
    secretary: { 'zh-CN': '书记', en: 'Secretary' },
    deputy_secretary: { 'zh-CN': '副书记', en: 'Deputy secretary' },
    committee_member: { 'zh-CN': '委员', en: 'Committee member' },
    organizer: { 'zh-CN': '党小组组长', en: 'Group organizer' },
  },
  coverage: {
    own: { 'zh-CN': '单独建有党组织', en: 'Own organization' },
    joint: { 'zh-CN': '联合党组织覆盖', en: 'Joint coverage' },
    work: { 'zh-CN': '工作覆盖', en: 'Work coverage' },
    none: { 'zh-CN': '未覆盖', en: 'Not covered' },
  },
  worklistAction: {
    form_branch: { 'zh-CN': '应单独建立党支部', en: 'Must form a branch' },
    join_joint_branch: { 'zh-CN': '宜纳入联合党支部', en: 'Join a joint branch' },
    assign_liaison: { 'zh-CN': '需选派联络员', en: 'Needs a liaison' },
  },
  liaisonKind: {
    instructor: { 'zh-CN': '党建指导员', en: 'Instructor' },
    liaison: { 'zh-CN': '联络员', en: 'Liaison' },
  },
  demoSiteLevel: {
    province: { 'zh-CN': '省级示范点', en: 'Provincial demonstration site' },
    city: { 'zh-CN': '市级示范点', en: 'City demonstration site' },
    district: { 'zh-CN': '区级示范点', en: 'District demonstration site' },
  },
  checklistItem: {
    activity_room: { 'zh-CN': '一个活动室', en: 'Activity room' },
    bulletin_board: { 'zh-CN': '一块公示栏', en: 'Bulletin board' },
    signboard: { 'zh-CN': '标牌', en: 'Signboard' },
    party_flag: { 'zh-CN': '党旗', en: 'Party flag' },
    organization: { 'zh-CN': '一个健全的组织', en: 'A sound organization' },
    venue: { 'zh-CN': '有场所', en: 'Venue' },
    facilities: { 'zh-CN': '有设施', en: 'Facilities' },
    books_and_papers: { 'zh-CN': '有书报', en: 'Books and papers' },
    rules: { 'zh-CN': '有制度', en: 'Rules on the wall' },
  },
  severity: {
    error: { 'zh-CN': '违反', en: 'Breach' },
    warning: { 'zh-CN': '提醒', en: 'Warning' },
    info: { 'zh-CN': '提示', en: 'Note' },
  },
  role: {
    district_admin: { 'zh-CN': '区级管理员', en: 'District admin' },
    street_admin: { 'zh-CN': '街道管理员', en: 'Street admin' },
    instructor: { 'zh-CN': '党建指导员', en: 'Instructor' },
    secretary: { 'zh-CN': '党组织书记', en: 'Secretary' },
    member: { 'zh-CN': '党员', en: 'Member' },
    representative: { 'zh-CN': '党代表', en: 'Representative' },
    department_handler: { 'zh-CN': '部门承办人', en: 'Department handler' },
  },
} satisfies Record<string, Record<string, Bilingual>>;

export type Vocabulary = keyof typeof LABELS;

export function label(vocabulary: Vocabulary, value: string, locale: keyof Bilingual): string {
  const entry = (LABELS[vocabulary] as Record<string, Bilingual>)[value];
  return entry ? entry[locale] : value;
}
