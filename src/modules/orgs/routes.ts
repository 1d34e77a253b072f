import { label } from '../../domain/labels.js';
import type { Api } from '../../server/api.js';
import type { Ctx } from '../../server/context.js';
import { AppError } from '../../server/errors.js';
import { localeFrom, type Locale } from '../../server/i18n.js';
import { ErrorResponses, IdParams } from '../../server/schemas.js';
import { inOrgScope } from '../../server/scope.js';
import { sendXlsx } from '../../server/xlsx.js';
import { districtContext } from '../district/context.js';
import { findTerritory } from '../territory/queries.js';
import { describeOrgs, type OrgDto } from './describe.js';
import { eachOrgRow, findOrg, listOrgRows, type OrgFilterValues } from './queries.js';
import {
  AddPost,
  CloseOrg,
  CreateOrg,
  EndPost,
  LinkUnits,
  MoveOrg,
  Org,
  OrgDetail,
  OrgExportQuery,
  OrgList,
  OrgListQuery,
  OrgPostParams,
  OrgTree,
  OrgTreeQuery,
  OrgUnitParams,
  ReleaseUnit,
  UpdateOrg,
} from './schemas.js';
import { addPost, closeOrg, createOrg, endPost, getOrgDetail, linkUnits, moveOrg, releaseUnit, updateOrg } from './service.js';
import { subtreeRange } from '../../domain/paths.js';

const tags = ['party organizations'];

type Filters = { territoryId?: number | undefined; within?: number | undefined } & Omit<OrgFilterValues, 'withinTerritoryPath' | 'withinOrgPath'>;

async function filterValues(ctx: Ctx, q: Filters): Promise<OrgFilterValues> {
  const { territoryId, within, ...rest } = q;
  const out: OrgFilterValues = { ...rest };
  if (territoryId !== undefined) {
    const t = await findTerritory(ctx.db.kysely, ctx.actor.scope, territoryId);
    if (!t) throw AppError.notFound();
    out.withinTerritoryPath = t.path;
  }
  if (within !== undefined) {
    const o = await findOrg(ctx.db.kysely, ctx.actor.scope, within);
    if (!o) throw AppError.notFound();
    out.withinOrgPath = o.path;
  }
  return out;
}

function worst(o: OrgDto): string {
  return o.findings.map((f) => `${f.severity === 'error' ? '✖' : f.severity === 'warning' ? '▲' : 'ℹ'} ${f.ruleId}`).join('; ');
}

function exportColumns(locale: Locale) {
  const en = locale === 'en';
  return [
    { header: en ? 'Name' : '党组织名称', width: 36, value: (o: OrgDto) => o.name },
    { header: en ? 'Kind' : '类别', value: (o: OrgDto) => label('orgKind', o.kind, locale) },
    { header: en ? 'Formation mode' : '组建方式', value: (o: OrgDto) => label('formationMode', o.formationMode, locale) },
    { header: en ? 'Territory' : '所在区域', width: 20, value: (o: OrgDto) => o.territoryName },
    { header: en ? 'Covered units' : '覆盖单位数', value: (o: OrgDto) => o.coveredUnitCount },
    { header: en ? 'Members (survey)' : '党员数（摸排）', value: (o: OrgDto) => o.memberCount.value },
    { header: en ? 'Secretary' : '书记', value: (o: OrgDto) => o.posts.find((p) => p.post === 'secretary')?.personName ?? null },
    { header: en ? 'Founded' : '成立日期', value: (o: OrgDto) => o.foundedOn },
    { header: en ? 'Election due' : '届满日期', value: (o: OrgDto) => o.electionDueOn },
    { header: en ? 'Status' : '状态', value: (o: OrgDto) => label('territoryStatus', o.status, locale) },
    { header: en ? 'Findings' : '规则提示', width: 50, value: worst },
  ];
}

export async function orgRoutes(app: Api): Promise<void> {
  app.get(
    '/api/v1/party-orgs',
    {
      config: { permission: 'orgs.read' },
      schema: { tags, summary: 'List party organizations in scope, with rule findings as badges', querystring: OrgListQuery, response: { 200: OrgList, ...ErrorResponses } },
    },
    async (req) => {
      const ctx = req.ctx();
      const { page = 1, pageSize = 20, severity, ...filters } = req.query;
      const values = await filterValues(ctx, filters);
      const dc = await districtContext(ctx);
      if (!severity) {
        const { rows, total } = await listOrgRows(ctx.db.kysely, ctx.actor.scope, values, page, pageSize);
        return { items: await describeOrgs(ctx.db.kysely, rows, dc), total };
      }
      // Findings are computed, not stored: walk the filtered set (in id order) and page the matches.
      const matches: OrgDto[] = [];
      for await (const batch of eachOrgRow(ctx.db.kysely, ctx.actor.scope, values)) {
        for (const o of await describeOrgs(ctx.db.kysely, batch, dc)) if (o.findings.some((f) => f.severity === severity)) matches.push(o);
      }
      return { items: matches.slice((page - 1) * pageSize, page * pageSize), total: matches.length };
    },
  );

  app.get(
    '/api/v1/party-orgs/export',
    {
      config: { permission: 'orgs.read' },
      schema: { tags, summary: 'Export the filtered organizations as .xlsx', querystring: OrgExportQuery },
    },
    async (req, reply) => {
      const ctx = req.ctx();
      const { lang, severity: _s, ...filters } = req.query;
      const locale = lang ?? localeFrom(req.headers['accept-language']);
      const dc = await districtContext(ctx);
      const values = await filterValues(ctx, filters);
      async function* rows() {
        for await (const batch of eachOrgRow(ctx.db.kysely, ctx.actor.scope, values)) yield* await describeOrgs(ctx.db.kysely, batch, dc);
      }
      return sendXlsx(reply, locale === 'en' ? 'party-organizations.xlsx' : '党组织.xlsx', locale === 'en' ? 'organizations' : '党组织', exportColumns(locale), rows());
    },
  );

  app.get(
    '/api/v1/party-orgs/tree',
    {
      config: { permission: 'orgs.read' },
      schema: { tags, summary: 'The organization tree of the caller\'s scope, flat', querystring: OrgTreeQuery, response: { 200: OrgTree, ...ErrorResponses } },
    },
    async (req) => {
      const ctx = req.ctx();
      let q = ctx.db.kysely.selectFrom('party_org').select(['id', 'parent_id', 'kind', 'name', 'status', 'depth', 'path']).where(inOrgScope(ctx.actor.scope, 'party_org'));
      if (req.query.rootId !== undefined) {
        const root = await findOrg(ctx.db.kysely, ctx.actor.scope, req.query.rootId);
        if (!root) throw AppError.notFound();
        const { from, to } = subtreeRange(root.path);
        q = q.where('path', '>=', from).where('path', '<', to);
      }
      if (!req.query.includeClosed) q = q.where('status', '=', 'active');
      const rows = await q.orderBy('depth').orderBy('name').execute();
      return { items: rows.map((r) => ({ id: r.id, parentId: r.parent_id, kind: r.kind as never, name: r.name, status: r.status, depth: r.depth })) };
    },
  );

  app.get(
    '/api/v1/party-orgs/:id',
    {
      config: { permission: 'orgs.read' },
      schema: { tags, summary: 'One organization: kind, mode, covered units, posts, terms, findings', params: IdParams, response: { 200: OrgDetail, ...ErrorResponses } },
    },
    (req) => getOrgDetail(req.ctx(), req.params.id),
  );

  app.post(
    '/api/v1/party-orgs',
    {
      config: { permission: 'orgs.write' },
      schema: { tags, summary: 'Form an organization (a joint branch over several units at once)', body: CreateOrg, response: { 201: Org, ...ErrorResponses } },
    },
    async (req, reply) => reply.code(201).send(await createOrg(req.ctx(), req.body)),
  );

  app.patch(
    '/api/v1/party-orgs/:id',
    {
      config: { permission: 'orgs.write' },
      schema: { tags, summary: 'Edit an organization', params: IdParams, body: UpdateOrg, response: { 200: Org, ...ErrorResponses } },
    },
    (req) => updateOrg(req.ctx(), req.params.id, req.body),
  );

  app.post(
    '/api/v1/party-orgs/:id/move',
    {
      config: { permission: 'orgs.write' },
      schema: { tags, summary: 'Move an organization under another parent', params: IdParams, body: MoveOrg, response: { 200: Org, ...ErrorResponses } },
    },
    (req) => moveOrg(req.ctx(), req.params.id, req.body.parentId),
  );

  app.post(
    '/api/v1/party-orgs/:id/close',
    {
      config: { permission: 'orgs.write' },
      schema: { tags, summary: 'Close an organization with a reason (never deleted)', params: IdParams, body: CloseOrg, response: { 200: Org, ...ErrorResponses } },
    },
    (req) => closeOrg(req.ctx(), req.params.id, req.body.reason, req.body.closedOn),
  );

  app.post(
    '/api/v1/party-orgs/:id/units',
    {
      config: { permission: 'orgs.write' },
      schema: { tags, summary: 'Cover more units', params: IdParams, body: LinkUnits, response: { 200: Org, ...ErrorResponses } },
    },
    (req) => linkUnits(req.ctx(), req.params.id, req.body.unitIds, req.body.sinceOn),
  );

  app.post(
    '/api/v1/party-orgs/:id/units/:unitId/release',
    {
      config: { permission: 'orgs.write' },
      schema: { tags, summary: 'Stop covering a unit', params: OrgUnitParams, body: ReleaseUnit, response: { 200: Org, ...ErrorResponses } },
    },
    (req) => releaseUnit(req.ctx(), req.params.id, req.params.unitId, req.body.untilOn),
  );

  app.post(
    '/api/v1/party-orgs/:id/posts',
    {
      config: { permission: 'orgs.write' },
      schema: { tags, summary: 'Appoint a person to a post', params: IdParams, body: AddPost, response: { 200: Org, ...ErrorResponses } },
    },
    (req) => addPost(req.ctx(), req.params.id, req.body),
  );

  app.post(
    '/api/v1/party-orgs/:id/posts/:postId/end',
    {
      config: { permission: 'orgs.write' },
      schema: { tags, summary: 'End a post', params: OrgPostParams, body: EndPost, response: { 200: Org, ...ErrorResponses } },
    },
    (req) => endPost(req.ctx(), req.params.id, req.params.postId, req.body.endedOn),
  );
}
