import { label } from '../../domain/labels.js';
import type { Api } from '../../server/api.js';
import { localeFrom, type Locale } from '../../server/i18n.js';
import { ErrorResponses, IdParams } from '../../server/schemas.js';
import { sendXlsx } from '../../server/xlsx.js';
import { eachMemberRow, listMemberRows, toMemberDto, type MemberDto } from './queries.js';
import {
  CloseMember,
  CreateMember,
  MemberDetail,
  MemberExportQuery,
  MemberList,
  MemberListQuery,
  RevealBody,
  Revealed,
  Talent,
  ToFindList,
  ToFindQuery,
  UpdateMember,
} from './schemas.js';
import {
  closeMember,
  createMember,
  getMemberDetail,
  memberContext,
  memberFilterValues,
  membersToFind,
  revealMember,
  unitTalent,
  updateMember,
} from './service.js';

const tags = ['members'];

function exportColumns(locale: Locale) {
  const en = locale === 'en';
  const yes = (v: boolean) => (v ? '✓' : '');
  return [
    { header: en ? 'Name' : '姓名', value: (m: MemberDto) => m.name },
    { header: en ? 'Gender' : '性别', width: 8, value: (m: MemberDto) => (m.gender ? label('gender', m.gender, locale) : null) },
    { header: en ? 'Age' : '年龄', width: 8, value: (m: MemberDto) => m.age },
    { header: en ? 'Ethnicity' : '民族', width: 10, value: (m: MemberDto) => m.ethnicity },
    // Masked, as everywhere outside the audited reveal.
    { header: en ? 'Resident ID' : '公民身份号码', width: 22, value: (m: MemberDto) => m.residentId },
    { header: en ? 'Phone' : '联系电话', value: (m: MemberDto) => m.phone },
    { header: en ? 'Education' : '学历', value: (m: MemberDto) => (m.education ? label('education', m.education, locale) : null) },
    { header: en ? 'Organization' : '所在党组织', width: 30, value: (m: MemberDto) => m.orgName },
    { header: en ? 'Stage' : '类别', value: (m: MemberDto) => label('memberStage', m.stage, locale) },
    { header: en ? 'Admitted' : '入党日期', value: (m: MemberDto) => m.stageDates.admittedOn },
    { header: en ? 'Full member since' : '转正日期', value: (m: MemberDto) => m.stageDates.fullOn },
    { header: en ? 'Employer' : '工作单位', width: 30, value: (m: MemberDto) => m.employerUnitName },
    { header: en ? 'Position' : '职务', value: (m: MemberDto) => m.position },
    { header: en ? 'Occupation' : '职业', value: (m: MemberDto) => (m.occupation ? label('occupation', m.occupation, locale) : null) },
    { header: label('memberFlag', 'keyPost', locale), width: 10, value: (m: MemberDto) => yes(m.flags.keyPost) },
    { header: label('memberFlag', 'technicalBackbone', locale), width: 10, value: (m: MemberDto) => yes(m.flags.technicalBackbone) },
    { header: label('memberFlag', 'middleManagement', locale), width: 10, value: (m: MemberDto) => yes(m.flags.middleManagement) },
    { header: label('memberFlag', 'decisionLevel', locale), width: 10, value: (m: MemberDto) => yes(m.flags.decisionLevel) },
    { header: en ? 'Mobile' : '流动党员', width: 10, value: (m: MemberDto) => yes(m.isMobile) },
    { header: en ? 'Last contact' : '最近联系', value: (m: MemberDto) => m.lastContactOn },
    { header: en ? 'Status' : '状态', value: (m: MemberDto) => label('memberStatus', m.status, locale) },
    { header: en ? 'Closed reason' : '关闭原因', value: (m: MemberDto) => (m.closedReason ? label('memberCloseReason', m.closedReason, locale) : null) },
  ];
}

export async function memberRoutes(app: Api): Promise<void> {
  app.get(
    '/api/v1/members',
    {
      config: { permission: 'members.read' },
      schema: { tags, summary: 'Members in scope; resident ID and phone masked', querystring: MemberListQuery, response: { 200: MemberList, ...ErrorResponses } },
    },
    async (req) => {
      const ctx = req.ctx();
      const { page = 1, pageSize = 20, ...filters } = req.query;
      const values = await memberFilterValues(ctx, filters);
      const { today } = await memberContext(ctx);
      const { rows, total } = await listMemberRows(ctx.db.kysely, ctx.actor.scope, values, page, pageSize);
      return { items: rows.map((r) => toMemberDto(r, ctx.vault, today)), total };
    },
  );

  app.get(
    '/api/v1/members/export',
    {
      config: { permission: 'members.read' },
      schema: { tags, summary: 'Export the filtered members as .xlsx (masked)', querystring: MemberExportQuery },
    },
    async (req, reply) => {
      const ctx = req.ctx();
      const { lang, ...filters } = req.query;
      const locale = lang ?? localeFrom(req.headers['accept-language']);
      // Filters are resolved (and refused) before the download starts.
      const values = await memberFilterValues(ctx, filters);
      const { today } = await memberContext(ctx);
      async function* rows() {
        for await (const batch of eachMemberRow(ctx.db.kysely, ctx.actor.scope, values)) for (const r of batch) yield toMemberDto(r, ctx.vault, today);
      }
      return sendXlsx(reply, locale === 'en' ? 'members.xlsx' : '党员名册.xlsx', locale === 'en' ? 'members' : '党员名册', exportColumns(locale), rows());
    },
  );

  app.get(
    '/api/v1/members/to-find',
    {
      config: { permission: 'members.read' },
      schema: {
        tags,
        summary: '"Members still to be found": units whose survey reported more members than are registered, biggest gap first',
        querystring: ToFindQuery,
        response: { 200: ToFindList, ...ErrorResponses },
      },
    },
    (req) => {
      const { page = 1, pageSize = 20, ...f } = req.query;
      return membersToFind(req.ctx(), f, page, pageSize);
    },
  );

  app.get(
    '/api/v1/members/:id',
    { config: { permission: 'members.read' }, schema: { tags, summary: 'One member (masked)', params: IdParams, response: { 200: MemberDetail, ...ErrorResponses } } },
    (req) => getMemberDetail(req.ctx(), req.params.id),
  );

  app.post(
    '/api/v1/members/:id/reveal',
    {
      config: { permission: 'members.reveal' },
      schema: {
        tags,
        summary: 'The full resident ID or phone, for a stated reason; every reveal is audited',
        params: IdParams,
        body: RevealBody,
        response: { 200: Revealed, ...ErrorResponses },
      },
    },
    (req) => revealMember(req.ctx(), req.params.id, req.body),
  );

  app.post(
    '/api/v1/members',
    {
      config: { permission: 'members.write' },
      schema: {
        tags,
        summary: 'Register an existing member (moving in, or recorded late); the resident ID is checked and encrypted',
        body: CreateMember,
        response: { 201: MemberDetail, ...ErrorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await createMember(req.ctx(), req.body)),
  );

  app.patch(
    '/api/v1/members/:id',
    {
      config: { permission: 'members.write' },
      schema: { tags, summary: 'Edit personal data, employment and flags (not the stage, not the organization)', params: IdParams, body: UpdateMember, response: { 200: MemberDetail, ...ErrorResponses } },
    },
    (req) => updateMember(req.ctx(), req.params.id, req.body),
  );

  app.post(
    '/api/v1/members/:id/close',
    {
      config: { permission: 'members.write' },
      schema: { tags, summary: 'Close a member record with a reason (never deleted)', params: IdParams, body: CloseMember, response: { 200: MemberDetail, ...ErrorResponses } },
    },
    (req) => closeMember(req.ctx(), req.params.id, req.body),
  );

  app.get(
    '/api/v1/units/:id/talent',
    {
      config: { permission: 'members.read' },
      schema: { tags, summary: 'The "three steps" of a unit: employees → backbones → members → decision level; cross-appointments', params: IdParams, response: { 200: Talent, ...ErrorResponses } },
    },
    (req) => unitTalent(req.ctx(), req.params.id),
  );
}

