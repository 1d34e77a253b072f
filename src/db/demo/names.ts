/**
 * Word lists for the demo district: places, areas, units and people, all
 * invented but shaped like real Chinese registry names.
 *
 * Unit names are unique by construction, without remembering the names
 * already given (so that a city-sized run keeps no per-unit state): every name
 * is decoded as [fixed prefix] + brand + phrase + [fixed legal form], where
 * the brand's characters never occur in phrases, prefixes or legal forms (the
 * test checks it). A `Namer` hands out the n-th brand for each phrase through
 * a seeded permutation, so the pair (brand, phrase) never repeats.
 */
import type { Industry } from '../../domain/units.js';
import { Permutation, type Random } from './random.js';

// ---------------------------------------------------------------- district

export const CITY_NAME = '江州市';
export const CITY_SHORT = '江州';
export const DISTRICT_NAME = '临江区';
/** Administrative division code of the district (GB/T 2260 shape). */
export const DISTRICT_DIVISION_CODE = '310101';
/** Where some units are registered instead (city level, neighbouring districts). */
export const OTHER_DIVISION_CODES = ['310000', '310104', '310106', '310115'] as const;

/** Center of the district: lng, lat. */
export const DISTRICT_CENTER = { lng: 121.4737, lat: 31.2304 } as const;

export const STREET_NAMES = [
  '滨江路街道',
  '望湖街道',
  '东华门街道',
  '南浦街道',
  '锦绣街道',
  '新桥街道',
  '凤鸣街道',
  '清溪街道',
  '云台街道',
  '金沙街道',
  '梧桐街道',
  '长乐街道',
  '龙门街道',
  '紫荆街道',
  '翠屏街道',
  '永安街道',
] as const;

export const TOWNSHIP_NAMES = ['临湖镇', '白鹭镇', '青松镇', '石湾镇'] as const;

export const ROAD_NAMES = [
  '滨江大道',
  '望湖路',
  '东华路',
  '南浦路',
  '锦绣路',
  '新桥路',
  '凤鸣路',
  '清溪路',
  '云台路',
  '金沙路',
  '梧桐路',
  '长乐路',
  '人民路',
  '中山东路',
  '解放路',
  '建设路',
  '和平路',
  '复兴路',
  '长江路',
  '延安中路',
  '江宁路',
  '鼓楼街',
  '青年路',
  '文化路',
  '光明路',
  '振兴路',
  '银杏路',
  '书院街',
  '广场路',
  '环城北路',
  '环城南路',
  '临江路',
  '太平街',
  '丰收路',
  '湖滨路',
  '科创大道',
  '创业路',
  '工业路',
  '站前路',
  '迎宾大道',
] as const;

// ---------------------------------------------------------------- areas

/** Words for buildings, parks and markets (names of places and developers). */
export const PLACE_WORDS = [
  '恒隆',
  '鼎泰',
  '世纪',
  '环球',
  '中天',
  '金桥',
  '银河',
  '星光',
  '新港',
  '华融',
  '东方',
  '海洋',
  '天安',
  '时代',
  '国贸',
  '联合',
  '瑞丰',
  '宝利',
  '汇金',
  '江南',
  '滨江',
  '望湖',
  '锦华',
  '长城',
  '紫金',
  '明珠',
  '未来',
  '智汇',
  '城投',
  '置地',
  '远洋',
  '泰和',
  '新天地',
  '云创',
  '科华',
  '光谷',
] as const;

export const BUILDING_SUFFIXES = [
  '大厦',
  '中心',
  '广场',
  '国际大厦',
  '金融中心',
  '商务中心',
  '时代广场',
  '国际中心',
  '科技大厦',
  '商务楼',
] as const;

export const MARKET_SUFFIXES = [
  '小商品市场',
  '农副产品批发市场',
  '建材市场',
  '服装批发市场',
  '电子市场',
  '花鸟市场',
  '水产批发市场',
  '茶叶市场',
  '五金机电市场',
  '综合市场',
] as const;

export const PARK_SUFFIXES = [
  '科技园',
  '产业园',
  '创意产业园',
  '文化创意园',
  '软件园',
  '智造园',
  '电商产业园',
  '生物医药产业园',
] as const;

export const COMMUNITY_WORDS = [
  '梅园',
  '桂苑',
  '翠竹',
  '春晖',
  '和平',
  '幸福',
  '安居',
  '明珠',
  '滨湖',
  '锦华',
  '新村',
  '康乐',
  '金色家园',
  '百合',
  '枫林',
  '丽景',
  '绿洲',
  '芳草',
  '阳光',
  '花园',
  '龙湾',
  '书香',
  '紫薇',
  '东苑',
  '西苑',
  '南湖',
  '北园',
  '东风',
  '新华',
  '友谊',
] as const;

export const VILLAGE_WORDS = [
  '杨家',
  '张家',
  '桃园',
  '柳塘',
  '石桥',
  '荷花',
  '沙洲',
  '马桥',
  '东湾',
  '西塘',
  '新民',
  '红星',
  '永丰',
  '建新',
  '大埠',
  '前进',
  '李家',
  '陈家',
  '江湾',
  '双河',
] as const;

// ---------------------------------------------------------------- units

/**
 * Characters of enterprise brands (字号). None of them occurs in a phrase,
 * a prefix or a legal form (checked by the test): that is what makes
 * every name decode to exactly one (brand, phrase) pair.
 */
export const BRAND_CHARS = [
  '华', '鼎', '盛', '恒', '泰', '嘉', '瑞', '德', '锦', '宏',
  '博', '优', '亿', '辰', '丰', '顺', '汇', '永', '腾', '隆',
  '祥', '润', '宇', '卓', '越', '凯', '鸿', '鑫', '盈', '晟',
  '铭', '启', '承', '朗', '峰', '誉', '弘', '昊', '骏', '灿',
  '璟', '昕', '睿', '佳', '浩', '捷', '威', '宸', '煜', '翔',
  '耀', '旭', '聚', '正', '和', '元', '通', '达',
] as const;

/** Brand characters of foreign companies (transliterations). */
export const FOREIGN_BRAND_CHARS = [
  '艾', '贝', '克', '斯', '森', '诺', '伦', '沃', '莱', '菲',
  '尔', '迪', '欧', '格', '雅', '罗', '蒙', '奥', '丹', '索',
  '普', '拉', '柯', '奇', '莎', '杰', '纳', '霍',
] as const;

/** Business phrases of companies by industry (GB/T 4754 section). */
export const INDUSTRY_PHRASES: Record<Industry, readonly string[]> = {
  A: ['农业科技', '生态农业', '农产品', '花卉园艺'],
  B: ['矿产品'],
  C: ['机械制造', '精密机械', '服饰', '食品', '新材料', '包装制品', '印刷', '医疗器械', '电子设备', '家具制造'],
  D: ['新能源', '能源科技', '燃气'],
  E: ['建设工程', '建筑装饰工程', '市政工程', '机电安装工程'],
  F: ['贸易', '商贸', '进出口', '电子商务', '食品销售', '百货', '医药', '五金交电', '服装'],
  G: ['物流', '供应链管理', '国际货运代理', '运输'],
  H: ['餐饮管理', '酒店管理', '餐饮', '饮食'],
  I: ['网络科技', '信息技术', '软件', '数据科技', '智能科技', '信息科技', '计算机系统'],
  J: ['投资管理', '资产管理', '保险代理', '金融信息服务'],
  K: ['房地产开发', '物业管理', '房地产经纪', '置业'],
  L: ['商务咨询', '企业管理咨询', '人力资源', '广告', '会展服务', '企业管理'],
  M: ['检测技术', '工程设计', '环保科技', '生物科技', '技术服务', '建筑设计'],
  N: ['环境工程', '园林绿化', '市政设施管理'],
  O: ['家政服务', '洗涤服务', '汽车维修', '美容美发'],
  P: ['教育科技', '培训'],
  Q: ['医疗管理', '健康管理', '门诊部'],
  R: ['文化传媒', '文化传播', '影视', '体育发展', '文化发展'],
  S: ['社区服务'],
};

/** Shop phrases of individual businesses (个体工商户) by industry. */
export const SHOP_PHRASES: Partial<Record<Industry, readonly string[]>> = {
  F: ['便利店', '水果店', '五金店', '烟酒店', '服装店', '超市', '粮油店'],
  H: ['面馆', '小吃店', '餐厅', '茶餐厅', '火锅店', '早餐店'],
  O: ['美发店', '洗衣店', '汽车修理部', '家电维修部'],
};

/** Farmers' cooperatives (credit code type 3) in villages. */
export const COOPERATIVE_PHRASES = ['蔬菜种植专业合作社', '水产养殖专业合作社', '果蔬专业合作社', '花卉苗木专业合作社', '农机专业合作社'] as const;

export const LEGAL_FORMS = [
  ['有限公司', 82],
  ['有限责任公司', 12],
  ['股份有限公司', 6],
] as const;

export const FOREIGN_LEGAL_FORMS = [
  [`（${CITY_SHORT}）有限公司`, 60],
  ['（中国）有限公司', 40],
] as const;

/** Words of social organizations' names (阳光, 启明...). */
export const SOCIAL_WORDS = [
  '阳光',
  '启明',
  '晨曦',
  '彩虹',
  '乐群',
  '心悦',
  '同心',
  '春晖',
  '新苗',
  '益善',
  '仁爱',
  '和美',
  '向阳',
  '希望',
  '爱心',
  '暖阳',
  '蒲公英',
  '初心',
  '馨园',
  '朝阳',
  '常青',
  '夕阳红',
  '乐龄',
  '众心',
  '明心',
  '青苗',
  '知行',
  '善行',
  '微光',
  '邻里',
] as const;

/** District-wide associations and chambers (social groups), one of each at most. */
export const DISTRICT_ASSOCIATIONS = [
  '软件行业协会',
  '餐饮行业协会',
  '物业管理行业协会',
  '楼宇经济促进会',
  '个体劳动者协会',
  '私营企业协会',
  '工商业联合会商会',
  '温州商会',
  '福建商会',
  '浙江商会',
  '安徽商会',
  '江西商会',
  '潮汕商会',
  '青年创业促进会',
  '文化创意产业协会',
  '电子商务协会',
  '会展行业协会',
  '美容美发行业协会',
  '家政服务业协会',
  '连锁经营协会',
  '广告协会',
  '摄影家协会',
  '书法家协会',
  '老年体育协会',
  '志愿者协会',
  '慈善协会',
  '建筑业协会',
  '物流行业协会',
  '人力资源服务行业协会',
  '女企业家协会',
] as const;

/** Associations a street may have of its own: `${street}${name}`. */
export const STREET_ASSOCIATIONS = [
  '商会',
  '志愿者协会',
  '文化体育协会',
  '老年协会',
  '楼宇经济促进会',
  '个体劳动者协会',
  '社区服务协会',
  '青年联合会',
  '新阶层人士联谊会',
  '餐饮商户联合会',
] as const;

/** Forms of further associations: `${district}${word}${form}`. */
export const ASSOCIATION_FORMS = ['志愿者协会', '青少年发展促进会', '文化交流协会', '公益联合会', '邻里互助会'] as const;

/** Forms of private non-enterprise units (民办非企业单位) by industry. */
export const PNE_FORMS: Partial<Record<Industry, readonly string[]>> = {
  P: ['培训学校', '幼儿园', '职业技能培训学校', '艺术培训中心'],
  Q: ['养老服务中心', '社会工作服务中心', '康复中心', '护理院', '心理咨询服务中心'],
  R: ['文化艺术中心', '体育俱乐部', '艺术团'],
  M: ['科技服务中心', '发展研究中心'],
};

export const FOUNDATION_FORMS = ['公益基金会', '慈善基金会', '教育发展基金会', '助学基金会'] as const;

export const CLOSED_REASONS_ENTERPRISE = ['注销登记', '吊销营业执照', '迁出本区', '经营期满解散', '被吸收合并'] as const;
export const CLOSED_REASONS_SOCIAL = ['注销登记', '撤销登记', '迁出本区'] as const;

// ---------------------------------------------------------------- people

export const SURNAMES = [
  '王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周',
  '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '高', '罗',
  '郑', '梁', '谢', '宋', '唐', '许', '韩', '冯', '邓', '曹',
  '彭', '曾', '肖', '田', '董', '袁', '潘', '于', '蒋', '蔡',
  '余', '杜', '叶', '程', '苏', '魏', '吕', '丁', '任', '沈',
  '姚', '卢', '姜', '崔', '钟', '谭', '陆', '汪', '范', '金',
  '石', '廖', '贾', '夏', '韦', '付', '方', '白', '邹', '孟',
  '熊', '秦', '邱', '江', '尹', '薛', '闫', '段', '雷', '侯',
  '龙', '史', '陶', '黎', '贺', '顾', '毛', '郝', '龚', '邵',
  '欧阳', '司徒',
] as const;

export const GIVEN_MALE = [
  '伟', '强', '磊', '军', '勇', '杰', '涛', '明', '超', '刚',
  '平', '辉', '鹏', '华', '飞', '鑫', '波', '斌', '宇', '浩',
  '凯', '健', '俊', '帆', '旭', '宁', '龙', '林', '峰', '建',
  '国', '文', '志', '海', '成', '东', '亮', '阳', '晨', '博',
  '轩', '然', '睿', '泽', '子', '一', '德', '荣', '振', '家',
] as const;

export const GIVEN_FEMALE = [
  '芳', '娜', '敏', '静', '丽', '艳', '娟', '霞', '秀', '玲',
  '桂', '英', '婷', '雪', '慧', '红', '燕', '梅', '莉', '琳',
  '颖', '倩', '洁', '琴', '云', '晶', '丹', '萍', '佳', '欣',
  '怡', '雯', '璐', '悦', '妍', '思', '雨', '涵', '诗', '萱',
] as const;

export type Gender = 'male' | 'female';

/** A Chinese personal name: surname (common ones more often) + one or two given characters. */
export function personName(rng: Random, gender: Gender = rng.chance(0.5) ? 'male' : 'female'): string {
  // Zipf-like: the first surnames are far more common than the last.
  const i = Math.min(SURNAMES.length - 1, Math.floor(SURNAMES.length * rng.next() ** 2.2));
  const given = gender === 'male' ? GIVEN_MALE : GIVEN_FEMALE;
  const first = rng.pick(given);
  return SURNAMES[i]! + first + (rng.chance(0.7) ? rng.pick(given) : '');
}

// ---------------------------------------------------------------- party organizations

export const DISTRICT_COMMITTEE_NAME = `${DISTRICT_NAME}两新组织综合党委`;

/** The committee of a street (望湖街道综合经济党委) or a township (临湖镇两新组织综合党委). */
export function streetCommitteeName(name: string, township: boolean): string {
  return township ? `${name}两新组织综合党委` : `${name}综合经济党委`;
}

/** Departments of a big unit that have a branch of their own. */
export const DEPARTMENTS = [
  '研发中心',
  '生产部',
  '销售部',
  '行政部',
  '技术部',
  '运营中心',
  '财务部',
  '工程部',
  '质量管理部',
  '客户服务中心',
  '市场部',
  '供应链部',
] as const;

/** Short labels of industries for industry joint branches (xx园区软件信息行业联合党支部). */
export const INDUSTRY_LABELS: Partial<Record<Industry, string>> = {
  C: '制造业',
  E: '建筑业',
  F: '商贸',
  G: '物流',
  H: '餐饮',
  I: '软件信息',
  J: '金融',
  K: '房地产',
  L: '商务服务',
  M: '科技服务',
  R: '文化传媒',
};

/** Why an organization was closed when its unit closed (by the unit's closed_reason). */
export const ORG_CLOSED_REASONS: Record<string, string> = {
  注销登记: '单位注销',
  吊销营业执照: '企业被吊销营业执照',
  迁出本区: '单位迁出本区，组织关系转出',
  经营期满解散: '企业解散',
  被吸收合并: '企业被兼并，党组织随之调整',
  撤销登记: '社会组织被撤销登记',
};

/** Why an organization of a unit still in business was closed. */
export const ORG_CLOSED_OTHER = ['党员人数不足，撤销建制', '党员组织关系转出，撤销建制'] as const;
export const JOINT_CLOSED_REASONS = ['调整组织设置，撤销建制', '成员单位迁出，撤销建制'] as const;

/** Positions in an enterprise: in its management team, or not. */
export const ENTERPRISE_MANAGEMENT = ['总经理', '副总经理', '人事经理', '董事长', '财务总监', '人力资源总监', '行政总监'] as const;
export const ENTERPRISE_STAFF = ['行政主管', '工程师', '办公室主任', '项目经理', '销售主管', '会计', '技术员', '客服主管'] as const;
export const SOCIAL_MANAGEMENT = ['理事长', '副理事长', '秘书长', '主任', '院长'] as const;
export const SOCIAL_STAFF = ['项目主管', '社工', '办公室主任', '教师', '护理主管', '干事'] as const;

/** Posts of the people on the district's and the streets' committees. */
export const DISTRICT_POSITIONS = ['区委组织部副部长', '区两新工委专职副书记', '区委组织部组织科科长', '区工商联党组成员', '区民政局副局长'] as const;
export const STREET_POSITIONS = ['街道党工委副书记', '街道党群工作办公室主任', '街道党建工作科科长', '社区党委书记', '街道经济服务中心主任'] as const;
export const TOWNSHIP_POSITIONS = ['镇党委副书记', '镇党建办主任', '镇经济发展办主任', '村党总支书记'] as const;

/** Posts of the district's instructors and liaisons. */
export const INSTRUCTOR_POSITIONS = ['党建指导员', '专职党建指导员', '退休干部（党建指导员）'] as const;
export const LIAISON_POSITIONS = ['党建联络员', '社区党建联络员', '楼宇党建联络员', '街道机关干部'] as const;

/** Why a checklist item is not done yet. */
export const CHECKLIST_NOTES = ['场地待落实', '正在筹备', '与楼宇共用，待完善', '计划年内完成', '已报街道审核'] as const;

/** Mobile number prefixes. */
export const PHONE_PREFIXES = ['139', '138', '137', '136', '135', '150', '151', '158', '186', '188', '189', '177', '133', '180'] as const;

// ---------------------------------------------------------------- unique names

/** A run of names whose i-th member is `make(i)`, for i < size. */
export interface NameTier {
  size: number;
  make(index: number): string;
}

/** Brands of 2, then 3 characters from `chars`: `chars.length ** n` of each. */
export function brandTiers(chars: readonly string[]): NameTier[] {
  const n = chars.length;
  return [
    { size: n * n, make: (i) => chars[Math.floor(i / n)]! + chars[i % n]! },
    { size: n * n * n, make: (i) => chars[Math.floor(i / (n * n))]! + chars[Math.floor(i / n) % n]! + chars[i % n]! },
  ];
}

export const wordTier = (words: readonly string[]): NameTier => ({ size: words.length, make: (i) => words[i]! });

/**
 * Hands out distinct names per key (a phrase): the k-th call for a key gives
 * the k-th name of the key's tiers, in a seeded order. Keeps one counter per
 * key, nothing per name.
 */
export class Namer {
  private readonly counters = new Map<string, number>();
  private readonly permutations = new Map<string, Permutation>();

  constructor(private readonly seedKey: string) {}

  next(key: string, tiers: readonly NameTier[]): string {
    let k = this.counters.get(key) ?? 0;
    this.counters.set(key, k + 1);
    for (let t = 0; t < tiers.length; t++) {
      const tier = tiers[t]!;
      if (k < tier.size) {
        const permKey = `${this.seedKey}|${key}|${t}`;
        let perm = this.permutations.get(permKey);
        if (!perm) {
          perm = new Permutation(tier.size, permKey);
          this.permutations.set(permKey, perm);
        }
        return tier.make(perm.at(k));
      }
      k -= tier.size;
    }
    throw new RangeError(`ran out of names for ${key}`);
  }
}

/** 二, 三, ... for ordinal suffixes (2 → 二, 12 → 十二). */
export function chineseNumber(n: number): string {
  const digits = '零一二三四五六七八九';
  if (n < 10) return digits[n]!;
  if (n < 20) return '十' + (n % 10 ? digits[n % 10] : '');
  if (n < 100) return digits[Math.floor(n / 10)]! + '十' + (n % 10 ? digits[n % 10] : '');
  return String(n);
}

// ---------------------------------------------------------------- members

/** Ethnic groups of the registry (free text, as entered in the app), by weight: mostly 汉族. */
export const ETHNICITIES = [
  ['汉族', 955],
  ['回族', 8],
  ['满族', 8],
  ['壮族', 5],
  ['蒙古族', 4],
  ['土家族', 4],
  ['苗族', 3],
  ['朝鲜族', 3],
  ['畲族', 2],
  ['白族', 2],
  ['彝族', 2],
  ['侗族', 1],
  ['布依族', 1],
  ['藏族', 1],
  ['维吾尔族', 1],
] as const;

/**
 * Regions (GB/T 2260) where members' resident IDs were issued, besides the
 * district itself: the city's other districts and the provinces migrants come from.
 */
export const RESIDENT_REGIONS = [
  '310104',
  '310106',
  '310115',
  '320102',
  '320583',
  '330106',
  '330382',
  '340104',
  '340823',
  '350203',
  '360102',
  '370202',
  '410105',
  '412726',
  '420106',
  '430104',
  '510107',
  '500101',
  '130102',
  '210102',
] as const;

/** A member's role in their unit: position, statistics occupation, and the "three steps" flags it implies. */
export interface MemberRole {
  position: string;
  occupation: 'worker' | 'farmer' | 'professional' | 'manager' | 'other' | 'retired';
  tier: 'decision' | 'middle' | 'technical' | 'staff';
}

const role = (tier: MemberRole['tier'], occupation: MemberRole['occupation']) => (position: string): MemberRole => ({ position, occupation, tier });

export const ROLES_ENTERPRISE = {
  decision: ENTERPRISE_MANAGEMENT.map(role('decision', 'manager')),
  middle: ['部门经理', '车间主任', '项目经理', '区域经理', '财务经理', '技术主管', '行政主管', '门店店长', '生产主管'].map(role('middle', 'manager')),
  technical: ['高级工程师', '工程师', '研发工程师', '软件工程师', '设计师', '技术员', '会计师', '质检工程师', '工艺师'].map(role('technical', 'professional')),
  staff: ['销售代表', '客服专员', '行政专员', '人事专员', '采购员', '文员', '出纳', '业务员'].map(role('staff', 'other')),
  workers: ['操作工', '装配工', '电工', '维修工', '仓库管理员', '驾驶员', '厨师', '施工员'].map(role('staff', 'worker')),
};

export const ROLES_SOCIAL = {
  decision: SOCIAL_MANAGEMENT.map(role('decision', 'manager')),
  middle: ['项目主管', '部门主任', '护理主管', '教务主任', '办公室主任'].map(role('middle', 'manager')),
  technical: ['社会工作师', '教师', '医师', '康复治疗师', '心理咨询师', '护士'].map(role('technical', 'professional')),
  staff: ['社工', '干事', '护理员', '志愿服务协调员', '会计'].map(role('staff', 'other')),
  workers: ['护理员', '保育员', '厨师'].map(role('staff', 'worker')),
};

export const ROLES_INDIVIDUAL: readonly MemberRole[] = [role('decision', 'other')('个体经营者'), role('staff', 'other')('店员')];
export const ROLES_FARMING: readonly MemberRole[] = ['合作社社员', '种植户', '养殖户'].map(role('staff', 'worker')).map((r) => ({ ...r, occupation: 'farmer' as const }));
export const ROLE_RETIRED: MemberRole = role('staff', 'retired')('返聘顾问');

/** Staff of a street's committee who are members there (besides the committee itself). */
export const STREET_STAFF_POSITIONS = ['街道党群工作办公室干事', '街道组织员', '党群服务中心工作人员', '两新组织党建工作站专职人员'] as const;

export const CONTACT_NOTES = ['电话联系，了解近况', '上门走访', '参加支部活动后交流', '微信联系，通报支部近期安排', '谈心谈话', '送学上门'] as const;

export const ASSESSMENT_RESULTS = [
  '能够认真学习党的理论，工作积极，群众基础较好',
  '思想要求进步，按时提交思想汇报，业务骨干作用明显',
  '入党动机端正，积极参加支部组织的学习活动',
  '培养联系人反映表现良好，需进一步加强理论学习',
] as const;

export const PROBATION_RESULTS = [
  '预备期内表现良好，按时参加组织生活，按时交纳党费',
  '能够履行党员义务，在岗位上发挥先锋模范作用',
  '积极参加志愿服务，群众评价较好',
] as const;

export const POLITICAL_REVIEW_CONCLUSION = '经政治审查，本人及直系亲属政治历史清楚，符合入党条件';

/** Where mobile members work (out of the district). */
export const MOBILE_DESTINATIONS = [
  '江苏省苏州市',
  '浙江省杭州市',
  '浙江省宁波市',
  '广东省深圳市',
  '广东省广州市',
  '北京市朝阳区',
  '四川省成都市',
  '湖北省武汉市',
  '安徽省合肥市',
  '福建省厦门市',
  '山东省青岛市',
  '海南省海口市',
] as const;

export const MOBILE_REPORT_TEXTS = [
  '在外务工期间参加流入地党组织活动，思想工作情况稳定',
  '汇报近期工作学习情况，已通过线上方式交纳党费',
  '参加当地社区志愿服务活动，工作顺利',
  '项目进展顺利，按时参加流动党员党小组学习',
  '经营情况正常，参加当地商会党建活动',
] as const;

export const LOST_CONTACT_OUTCOMES = ['电话停机，无法接通', '原住址已搬离，邻居不知去向', '原单位称已离职，无联系方式', '亲属称长期在外，未提供联系方式', '短信未回复'] as const;
export const LOST_CONTACT_NOTES = ['继续通过亲属和原单位查找', '已在社区张贴寻人启事，继续查找'] as const;
export const SUSPENSION_NOTE = '失去联系满六个月，多方查找未果，经支部大会讨论停止党籍';

export const TRANSFER_REASONS_WITHIN = ['工作单位变动', '居住地变动', '工作调动至本区其他单位'] as const;
export const TRANSFER_REASONS_OUT = ['工作单位变动', '居住地迁出本区', '外出务工满六个月，转往工作地', '毕业后回原籍工作'] as const;
/** Out of the district: where the letter goes, and whether it crosses a province. */
export const TRANSFER_DESTINATIONS = [
  ['本市浦江区两新组织综合党委', false],
  ['本市东城区某街道综合党委', false],
  ['江苏省苏州工业园区非公有制企业党委', true],
  ['浙江省杭州市西湖区两新组织党委', true],
  ['广东省深圳市南山区科技园党委', true],
  ['安徽省合肥市蜀山区两新工委', true],
] as const;
export const TRANSFER_RETURN_REASONS = ['介绍信抬头与接收党组织名称不符', '接收党组织信息有误，请核实后重开'] as const;
