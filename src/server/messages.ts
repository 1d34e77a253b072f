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
  database_busy: { 'zh-CN': '正在导入大批数据，暂时无法保存，请稍后重试', en: 'A large import is being written; nothing can be saved for the moment. Please try again shortly.' },
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
  // party organizations
  org_not_found: { 'zh-CN': '党组织不存在或不在您的管辖范围内', en: 'The organization does not exist or is outside your scope' },
  org_bad_parent: { 'zh-CN': '{kind} 不能设在 {parentKind} 之下', en: 'A {kind} cannot sit under a {parentKind}' },
  org_closed: { 'zh-CN': '该党组织已撤销', en: 'The organization is closed' },
  org_move_into_self: { 'zh-CN': '不能移到自身或其下级之下', en: 'An organization cannot move under itself or its descendants' },
  org_has_open_children: { 'zh-CN': '该党组织下仍有未撤销的下级组织', en: 'The organization still has open sub-organizations' },
  unit_not_found: { 'zh-CN': '单位不存在或不在您的管辖范围内', en: 'The unit does not exist or is outside your scope' },
  unit_closed: { 'zh-CN': '该单位已注销', en: 'The unit is closed' },
  unit_already_covered: { 'zh-CN': '该单位已被“{org}”覆盖', en: 'The unit is already covered by "{org}"' },
  unit_not_covered_here: { 'zh-CN': '该单位当前不由本组织覆盖', en: 'This organization does not currently cover the unit' },
  single_covers_one_unit: { 'zh-CN': '单独组建的党组织只覆盖本单位', en: 'An organization formed singly covers exactly its own unit' },
  party_group_no_units: { 'zh-CN': '党小组不直接覆盖单位', en: 'A party group does not cover units itself' },
  person_not_found: { 'zh-CN': '人员不存在或不在您的管辖范围内', en: 'The person does not exist or is outside your scope' },
  post_taken: { 'zh-CN': '该职务已有在任人员，请先免去原任', en: 'Someone already holds this post; end that post first' },
  post_already_ended: { 'zh-CN': '该任职已结束', en: 'This post has already ended' },
  post_not_for_kind: { 'zh-CN': '{kind} 不设该职务', en: 'A {kind} has no such post' },
  // survey import (unit-imports)
  import_empty_file: { 'zh-CN': '文件为空', en: 'The file is empty' },
  import_no_rows: { 'zh-CN': '文件只有表头，没有数据行', en: 'The file has a header but no data rows' },
  import_not_spreadsheet: {
    'zh-CN': '无法识别的文件：请上传 .xlsx 或 .csv 表格（CSV 可为 UTF-8 或 GBK 编码）',
    en: 'Not a spreadsheet: upload an .xlsx or .csv file (CSV in UTF-8 or GBK)',
  },
  import_xls_unsupported: {
    'zh-CN': '不支持旧版 Excel（.xls）文件，请另存为 .xlsx 或 .csv 后上传',
    en: 'Old Excel (.xls) files are not supported; save as .xlsx or .csv and upload again',
  },
  import_unsupported_upload: {
    'zh-CN': '请直接以文件内容作为请求体上传（不支持 {type}）',
    en: 'Send the file itself as the request body ({type} is not supported)',
  },
  import_too_large: { 'zh-CN': '文件过大，最大 {limit} MB', en: 'The file is too large; at most {limit} MB' },
  import_csv_malformed: {
    'zh-CN': 'CSV 格式错误：第 {line} 行附近有未闭合的引号或过长的内容',
    en: 'Malformed CSV near line {line}: an unclosed quote or an overlong value',
  },
  import_bad_header: { 'zh-CN': '表头与模板不符，请使用导入模板', en: 'The header row does not match the template; use the import template' },
  import_missing_column: { 'zh-CN': '缺少必需的列“{column}”', en: 'Required column "{column}" is missing' },
  import_unknown_column: { 'zh-CN': '无法识别的列“{column}”', en: 'Unknown column "{column}"' },
  import_duplicate_column: { 'zh-CN': '列“{column}”重复', en: 'Column "{column}" appears twice' },
  import_rejected: {
    'zh-CN': '文件中有 {count} 处错误，未写入任何数据；请按行修改后重新导入',
    en: 'The file has {count} errors; nothing was written. Fix the rows and import again',
  },
  import_duplicate_in_file: { 'zh-CN': '与第 {row} 行的统一社会信用代码重复', en: 'Same credit code as row {row}' },
  import_unit_not_found: {
    'zh-CN': '该统一社会信用代码对应的单位不存在或不在您的管辖范围内',
    en: 'The unit with this credit code does not exist or is outside your scope',
  },
  import_unit_closed: {
    'zh-CN': '该统一社会信用代码的单位已注销，不能通过导入修改',
    en: 'The unit with this credit code is closed; an import cannot change it',
  },
  import_territory_ambiguous: {
    'zh-CN': '有多个名为“{name}”的区域，请写成“街道名/区域名”或填写区域编号',
    en: 'Several territories are named "{name}"; write "street/area" or the territory id',
  },
  import_interrupted: {
    'zh-CN': '导入任务被中断（服务重启或关闭），未写入任何数据',
    en: 'The import was interrupted (server restart or shutdown); nothing was written',
  },
  whole_number: { 'zh-CN': '应为不小于 0 的整数', en: 'Must be a whole number, 0 or more' },
  not_a_number: { 'zh-CN': '应为数字', en: 'Must be a number' },
  invalid_date: { 'zh-CN': '日期无效，请按 YYYY-MM-DD 填写', en: 'Not a valid date; use YYYY-MM-DD' },
  // standardization checklist, evidence files, demonstration sites
  evidence_empty: { 'zh-CN': '文件为空', en: 'The file is empty' },
  evidence_too_large: { 'zh-CN': '文件过大，最大 {limit} MB', en: 'The file is too large; at most {limit} MB' },
  evidence_unsupported_type: {
    'zh-CN': '不支持的文件类型 {type}：只接受 JPEG、PNG、WebP 图片或 PDF 文件',
    en: 'File type {type} is not accepted: only JPEG, PNG, WebP images or PDF files',
  },
  evidence_type_mismatch: {
    'zh-CN': '文件内容不是声明的 {type} 类型（可能是改了扩展名的其他文件），请上传真实的图片或 PDF',
    en: 'The file is not the {type} it claims to be (perhaps another file renamed); upload a real image or PDF',
  },
  evidence_unrecognized: {
    'zh-CN': '无法识别的文件：只接受 JPEG、PNG、WebP 图片或 PDF 文件',
    en: 'Unrecognized file: only JPEG, PNG, WebP images or PDF files are accepted',
  },
  evidence_not_found: { 'zh-CN': '证明材料不存在或不属于该党组织', en: 'The evidence file does not exist or belongs to another organization' },
  demo_site_not_designated: { 'zh-CN': '该党组织目前不是示范点', en: 'The organization is not a demonstration site' },
  // members registry, transfers, mobile and lost-contact members
  resident_id_length: { 'zh-CN': '公民身份号码应为 18 位', en: 'A resident ID has 18 characters' },
  resident_id_character: { 'zh-CN': '公民身份号码前 17 位应为数字，末位为数字或 X', en: 'A resident ID has 17 digits and a digit or X' },
  resident_id_birth_date: { 'zh-CN': '公民身份号码中的出生日期（第 7–14 位）无效', en: 'The birth date in the resident ID (characters 7–14) is not a real date' },
  resident_id_check: { 'zh-CN': '公民身份号码校验位错误（GB 11643）', en: 'The resident ID check character is wrong (GB 11643)' },
  resident_id_taken: { 'zh-CN': '本区已登记该公民身份号码的人员', en: 'A person with this resident ID is already registered in the district' },
  member_closed: { 'zh-CN': '该党员记录已关闭（{reason}）', en: 'The member record is closed ({reason})' },
  member_under_age: { 'zh-CN': '入党时须年满 {age} 周岁（《中国共产党发展党员工作细则》）', en: 'A member is at least {age} when admitted (Development rules)' },
  member_not_party_member: { 'zh-CN': '只有预备党员和正式党员办理此项（当前：{stage}）', en: 'Only probationary and full members can do this (now: {stage})' },
  date_not_for_stage: { 'zh-CN': '该日期不适用于当前阶段（{stage}）', en: 'This date does not apply at this stage ({stage})' },
  mobile_not_away: { 'zh-CN': '您当前未登记为外出流动党员', en: 'You are not recorded as away' },
  nothing_to_reveal: { 'zh-CN': '该项未登记', en: 'Nothing is recorded for this field' },
  transfer_open: {
    'zh-CN': '党员同一时间只能有一个未办结的组织关系转接（第 {id} 号），请先办结或撤回',
    en: 'A member has at most one open transfer; finish or withdraw transfer {id} first',
  },
  transfer_bad_state: { 'zh-CN': '转接状态为“{status}”，不能{action}', en: 'A transfer in status "{status}" cannot be {action}' },
  transfer_target_required: { 'zh-CN': '请填写本区接收党组织，或区外去向（二选一）', en: 'Give either a receiving organization in the district or a destination outside it' },
  transfer_same_org: { 'zh-CN': '接收党组织与党员现所在党组织相同', en: 'The receiving organization is the member\'s own organization' },
  transfer_letter_expired: {
    'zh-CN': '介绍信已于 {until} 过期（有效期 {months} 个月，地方通行做法），请退回后重新开具',
    en: 'The letter expired on {until} (valid {months} months, local practice); return it and issue a new one',
  },
  transfer_sending_side: { 'zh-CN': '此步骤由转出党组织办理', en: 'This step belongs to the sending organization' },
  transfer_receiving_side: { 'zh-CN': '接收确认由接收党组织办理（转出党组织在接收前仍负责管理）', en: 'Receipt is confirmed by the receiving organization (the sending one stays responsible until then)' },
  mobile_already_away: { 'zh-CN': '该党员已登记为外出流动（第 {id} 号记录），请先登记返回', en: 'The member is already recorded as away (record {id}); record the return first' },
  mobile_returned: { 'zh-CN': '该流动记录已于 {on} 登记返回', en: 'This mobile record was closed on return, {on}' },
  lost_contact_not_flagged: {
    'zh-CN': '最后联系 {last}，未满 {months} 个月，尚不属失联党员（《中国共产党党员教育管理工作条例》）',
    en: 'Last contact {last}: not yet {months} months without contact, so not lost contact (Education regulations)',
  },
  lost_contact_case_open: { 'zh-CN': '该党员已有未办结的失联查找（第 {id} 号）', en: 'The member already has an open lost-contact case ({id})' },
  lost_contact_case_closed: { 'zh-CN': '该失联查找已办结', en: 'The lost-contact case is closed' },
  lost_contact_decision_not_allowed: { 'zh-CN': '当前状态（{status}）下不能作出“{decision}”的决定', en: 'A case in status "{status}" cannot take the decision "{decision}"' },
  lost_contact_suspension_too_early: {
    'zh-CN': '失联后经查找满 {months} 个月仍无法取得联系的，方可停止党籍（《中国共产党党员教育管理工作条例》）；最早 {from}',
    en: 'Membership may be suspended only after {months} months untraceable (Education regulations); from {from} at the earliest',
  },
  lost_contact_efforts_required: {
    'zh-CN': '停止党籍前至少应有 {count} 次查找记录（地方通行做法）',
    en: 'Record at least {count} search effort(s) before deciding a suspension (local practice)',
  },
  lost_contact_removal_too_early: {
    'zh-CN': '停止党籍满 {years} 年后仍无法取得联系的，方可予以除名（《中国共产党党员教育管理工作条例》）；最早 {from}',
    en: 'A suspended member may be removed {years} years after suspension (Education regulations); from {from} at the earliest',
  },
  // organizational life (meetings, check-in, minutes, training, activity positions)
  meeting_not_found: { 'zh-CN': '会议不存在或不在您的管辖范围内', en: 'The meeting does not exist or is outside your scope' },
  meeting_cancelled: { 'zh-CN': '该会议已取消', en: 'The meeting has been cancelled' },
  meeting_has_attendance: { 'zh-CN': '该会议已有签到或考勤记录，不能取消', en: 'The meeting already has attendance recorded; it cannot be cancelled' },
  meeting_ends_before_start: { 'zh-CN': '结束时间应晚于开始时间', en: 'The end must be after the start' },
  meeting_too_long: { 'zh-CN': '一次会议或活动最长 {limit} 天', en: 'A meeting or activity lasts at most {limit} days' },
  meeting_place_required: { 'zh-CN': '请填写地点或选择活动阵地', en: 'Give a place or choose an activity position' },
  meeting_audience_group_required: { 'zh-CN': '请选择参加会议的党小组', en: 'Choose the party group that meets' },
  meeting_audience_group_invalid: { 'zh-CN': '所选党小组不属于该党组织', en: 'The party group does not belong to this organization' },
  meeting_host_invalid: { 'zh-CN': '主持人（主讲人）应为本组织党员或在任委员', en: 'The host must be a member or a post holder of the organization' },
  meeting_invitee_invalid: { 'zh-CN': '受邀党员不存在或已不在册', en: 'The invited member does not exist or is no longer on the roll' },
  attendance_not_expected: { 'zh-CN': '该党员不在本次会议的应到人员之列', en: 'This member is not among those expected at the meeting' },
  attendance_missing: { 'zh-CN': '尚无到会记录，不能锁定会议记录', en: 'Nobody is recorded present: the minutes cannot be locked' },
  attendance_duplicate: { 'zh-CN': '同一党员出现了多次', en: 'The same member appears more than once' },
  minutes_locked: {
    'zh-CN': '会议记录已锁定，不能修改；如需更正请添加补正记录',
    en: 'The minutes are locked and cannot change; add an amendment to correct them',
  },
  minutes_not_locked: { 'zh-CN': '会议记录尚未锁定，可直接修改', en: 'The minutes are not locked yet; edit them directly' },
  minutes_empty: { 'zh-CN': '会议记录内容为空', en: 'The minutes are empty' },
  checkin_token_invalid: { 'zh-CN': '签到二维码无效，请扫描会场屏幕上的二维码', en: 'The check-in code is not valid; scan the code on the screen' },
  checkin_token_expired: { 'zh-CN': '签到二维码已过期，请扫描屏幕上刷新后的二维码', en: 'The check-in code has expired; scan the refreshed code on the screen' },
  checkin_not_a_member: { 'zh-CN': '您的账号未关联党员身份，不能签到', en: 'Your account is not linked to a party member; you cannot check in' },
  checkin_not_invited: {
    'zh-CN': '该会议不存在，或您不在本次会议的应到或受邀人员之列',
    en: 'The meeting does not exist, or you are not expected or invited there',
  },
  checkin_closed: { 'zh-CN': '会议记录已锁定，签到已结束', en: 'The minutes are locked: check-in is closed' },
  life_period_invalid: { 'zh-CN': '期间格式应为 YYYY-MM、YYYY-Qn 或 YYYY', en: 'A period is YYYY-MM, YYYY-Qn or YYYY' },
  life_member_not_found: { 'zh-CN': '党员不存在或不在您的管辖范围内', en: 'The member does not exist or is outside your scope' },
  training_not_found: { 'zh-CN': '培训记录不存在或不在您的管辖范围内', en: 'The training session does not exist or is outside your scope' },
  training_meeting_mismatch: { 'zh-CN': '所选会议不属于该党组织', en: 'The meeting does not belong to this organization' },
  position_not_found: { 'zh-CN': '活动阵地不存在或不在您的管辖范围内', en: 'The activity position does not exist or is outside your scope' },
  position_closed: { 'zh-CN': '该活动阵地已停用', en: 'The activity position is closed' },
  position_org_required: { 'zh-CN': '请选择管理该阵地的党组织', en: 'Choose the organization that runs the position' },
  booking_overlap: {
    'zh-CN': '该时段已被预约（{from} 至 {to}：{purpose}）',
    en: 'The position is already booked then ({from} to {to}: {purpose})',
  },
  booking_not_found: { 'zh-CN': '预约不存在或不在您的管辖范围内', en: 'The booking does not exist or is outside your scope' },
  booking_cancelled: { 'zh-CN': '该预约已取消', en: 'The booking is already cancelled' },
  booking_of_meeting: { 'zh-CN': '该预约属于会议，请修改或取消会议', en: 'This booking belongs to a meeting; change or cancel the meeting' },
  // member development
  development_refused: {
    'zh-CN': '不符合发展党员工作规定，未予记录（{count} 处问题，见各项说明及依据）',
    en: 'Not recorded: the member-development rules do not allow it ({count} problems; see each with its source)',
  },
  development_rule: { 'zh-CN': '{zh}', en: '{en}' },
  development_already_recorded: {
    'zh-CN': '该公民身份号码的人员已有党员或发展党员记录',
    en: 'The person with this resident ID already has a member or development record',
  },
  development_step_not_found: { 'zh-CN': '该党员没有这条发展记录', en: 'The member has no such development record' },
  // roster import (member-imports)
  import_duplicate_resident_id: { 'zh-CN': '与第 {row} 行的公民身份号码重复', en: 'Same resident ID as row {row}' },
  import_member_not_found: {
    'zh-CN': '该公民身份号码对应的人员不存在或不在您的管辖范围内',
    en: 'The person with this resident ID does not exist or is outside your scope',
  },
  import_member_not_editable: {
    'zh-CN': '已登记人员的此项不能通过导入修改：阶段变化按发展党员流程记录，组织关系变动办理转接',
    en: 'An import cannot change this for a registered person: stages move through the development pipeline, organizations through transfers',
  },
  import_masked_id_not_found: {
    'zh-CN': '脱敏的公民身份号码只能用于更新已登记人员：您的管辖范围内没有姓名和号码都相符的人员，请填写完整号码',
    en: 'A masked resident ID only updates a registered person: nobody in your scope matches both the name and the ID; give the full ID',
  },
  import_masked_id_ambiguous: {
    'zh-CN': '您的管辖范围内有多名姓名和脱敏号码都相符的人员，请填写完整的公民身份号码',
    en: 'Several people in your scope match this name and masked ID; give the full resident ID',
  },
  import_org_ambiguous: {
    'zh-CN': '有多个名为“{name}”的党组织，请写成“街道名/党组织名”或填写党组织编号',
    en: 'Several organizations are named "{name}"; write "street/organization" or the organization id',
  },
  import_employer_ambiguous: { 'zh-CN': '有多个名为“{name}”的单位，请填写统一社会信用代码', en: 'Several units are named "{name}"; give the credit code' },
  import_member_under_age: {
    'zh-CN': '按公民身份号码中的出生日期，{on} 时未满 {age} 周岁（《中国共产党发展党员工作细则》）',
    en: 'By the birth date in the resident ID, under {age} on {on} (Development rules)',
  },
  import_probation_over: {
    'zh-CN': '入党日期 {admittedOn} 起的预备期及最长延长期已于 {until} 届满：应已转正或取消预备党员资格，请核对人员类别',
    en: 'Probation from {admittedOn}, with the longest extension, ended on {until}: the person should be converted or their probation cancelled; check the stage',
  },
  import_full_too_early: {
    'zh-CN': '转正日期不能早于预备期满之日 {from}（预备期 {months} 个月，《中国共产党章程》）',
    en: 'Conversion cannot come before probation ends on {from} ({months} months, Constitution)',
  },
} satisfies Record<string, Bilingual>;

export type MessageCode = keyof typeof MESSAGES;
