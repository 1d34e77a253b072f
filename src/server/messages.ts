import type { Bilingual } from './i18n.js';

/**
 * Every error code the API can answer, with its message in both languages.
 * Codes are stable (clients and tests rely on them); messages may improve.
 */
export const MESSAGES = {
  // request-level
  validation_failed: { 'zh-CN': '提交的内容有误，请检查标出的字段', en: 'Some fields are invalid; see the details' },
  unauthenticated: { 'zh-CN': '请先登录', en: 'Please log in' },
  forbidden: { 'zh-CN': '您的角色无权执行此操作', en: 'Your role may not do this' },
  csrf_failed: { 'zh-CN': '安全令牌缺失或无效，请刷新页面后重试', en: 'Missing or invalid CSRF token; reload the page and retry' },
  not_found: { 'zh-CN': '未找到该记录', en: 'Not found' },
  conflict: { 'zh-CN': '与已有记录冲突', en: 'Conflicts with an existing record' },
  internal: { 'zh-CN': '服务器内部错误', en: 'Internal server error' },
  invalid_credentials: { 'zh-CN': '用户名或密码错误', en: 'Wrong username or password' },
  account_locked: {
    'zh-CN': '登录失败次数过多，账号已锁定，请于 {until} 后再试',
    en: 'Too many failed logins; the account is locked until {until}',
  },
  // field-level
  required: { 'zh-CN': '必填', en: 'Required' },
  invalid_type: { 'zh-CN': '类型不正确，应为{expected}', en: 'Wrong type; expected {expected}' },
  too_short: { 'zh-CN': '至少 {limit} 个字符', en: 'At least {limit} characters' },
  too_long: { 'zh-CN': '最多 {limit} 个字符', en: 'At most {limit} characters' },
  too_small: { 'zh-CN': '不能小于 {limit}', en: 'Must be at least {limit}' },
  too_large: { 'zh-CN': '不能大于 {limit}', en: 'Must be at most {limit}' },
  invalid_choice: { 'zh-CN': '取值无效，可选：{allowed}', en: 'Not an allowed value; one of: {allowed}' },
  invalid_format: { 'zh-CN': '格式不正确', en: 'Invalid format' },
  unknown_field: { 'zh-CN': '不允许的字段', en: 'Unknown field' },
  credit_code_length: { 'zh-CN': '统一社会信用代码应为 18 位', en: 'A credit code has 18 characters' },
  credit_code_character: {
    'zh-CN': '统一社会信用代码含有无效字符（不使用 I、O、Z、S、V）',
    en: 'The credit code has an invalid character (I, O, Z, S and V are not used)',
  },
  credit_code_check: {
    'zh-CN': '统一社会信用代码校验位错误（GB 32100）',
    en: 'The credit code check character is wrong (GB 32100)',
  },
  credit_code_taken: { 'zh-CN': '本区已有该统一社会信用代码的单位', en: 'A unit with this credit code already exists in the district' },
  territory_not_found: { 'zh-CN': '所属区域不存在或不在您的管辖范围内', en: 'The territory does not exist or is outside your scope' },
  territory_closed: { 'zh-CN': '该区域已撤销', en: 'The territory is closed' },
  territory_cannot_hold_units: { 'zh-CN': '单位须登记在街道（乡镇）或其下的区域', en: 'Units belong to a street/township or an area under it' },
  territory_bad_parent: { 'zh-CN': '{kind} 不能设在 {parentKind} 之下', en: 'A {kind} cannot sit under a {parentKind}' },
  territory_move_into_self: { 'zh-CN': '不能移到自身或其下级之下', en: 'A node cannot move under itself or its descendants' },
  territory_has_open_children: {
    'zh-CN': '该区域下仍有未撤销的下级区域或在营单位',
    en: 'The node still has open sub-areas or operating units',
  },
  already_closed: { 'zh-CN': '该记录已关闭', en: 'Already closed' },
  date_order: { 'zh-CN': '日期不能早于 {after}', en: 'Date cannot be before {after}' },
  date_in_future: { 'zh-CN': '日期不能晚于今天', en: 'Date cannot be in the future' },
} satisfies Record<string, Bilingual>;

export type MessageCode = keyof typeof MESSAGES;
