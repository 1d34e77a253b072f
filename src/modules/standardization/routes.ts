/**
 * Standardization of party organizations:
 *
 *   GET  /api/v1/party-orgs/:id/checklist                      both checklists, every item
 *   PUT  /api/v1/party-orgs/:id/checklist/:checklist/:item     mark done (date) or not done (null)
 *   POST /api/v1/party-orgs/:id/evidence                       the file as the raw request body
 *   GET  /api/v1/party-orgs/:id/evidence/:uploadId             the file back
 *   GET  /api/v1/standardization                               completion across organizations
 *   GET  /api/v1/standardization/orgs(/export)                 organizations with their completion
 *   PUT  /api/v1/party-orgs/:id/demonstration-site             designate a demonstration site
 *   POST /api/v1/party-orgs/:id/demonstration-site/revoke      revoke it, with a reason
 */
import type { FastifyError } from 'fastify';
import { CHECKLISTS } from '../../domain/coverage.js';
import { label } from '../../domain/labels.js';
import type { Api } from '../../server/api.js';
import { ErrorBody, ErrorResponses, IdParams } from '../../server/schemas.js';
import { sendXlsx } from '../../server/xlsx.js';
import { Org } from '../orgs/schemas.js';
import { contentDisposition, EVIDENCE_MAX_BYTES, EVIDENCE_TYPES, evidenceTooLarge } from './files.js';
import {
  ChecklistDto,
  ChecklistItemParams,
  CHECKLIST_NAMES,
  DesignateDemoSite,
  EvidenceParams,
  MarkItem,
  OrgChecklists,
  RevokeDemoSite,
  StandardizationExportQuery,
  StandardizationOrgList,
  StandardizationOrgsQuery,
  StandardizationQuery,
  StandardizationSummary,
  UploadDto,
} from './schemas.js';
import {
  designateDemoSite,
  eachStandardizationOrg,
  getChecklists,
  markChecklistItem,
  openEvidence,
  resolveListFilters,
  revokeDemoSite,
  standardizationOrgs,
  standardizationSummary,
  uploadEvidence,
  type StandardizationOrgDto,
} from './service.js';

const tags = ['standardization'];

export async function standardizationRoutes(app: Api): Promise<void> {
  app.get(
    '/api/v1/party-orgs/:id/checklist',
    {
      config: { permission: 'orgs.read' },
      schema: { tags, summary: 'The "five ones" and "six haves" of an organization, every item with its evidence', params: IdParams, response: { 200: OrgChecklists, ...ErrorResponses } },
    },
    (req) => getChecklists(req.ctx(), req.params.id),
  );

  app.put(
    '/api/v1/party-orgs/:id/checklist/:checklist/:item',
    {
      config: { permission: 'orgs.checklist' },
      schema: {
        tags,
        summary: 'Mark a checklist item done on a date (doneOn null: not done), with a note and an evidence file',
        params: ChecklistItemParams,
        body: MarkItem,
        response: { 200: ChecklistDto, ...ErrorResponses },
      },
    },
    (req) => markChecklistItem(req.ctx(), req.params.id, req.params.checklist, req.params.item, req.body),
  );

  // The upload reads its body as raw bytes; encapsulated so the other routes keep JSON.
  await app.register(async (files: Api) => {
    files.removeAllContentTypeParsers();
    files.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: EVIDENCE_MAX_BYTES }, (_req, body, done) => done(null, body));
    files.setErrorHandler((err: FastifyError) => {
      // Fastify's own 413 becomes ours, naming the field.
      if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') throw evidenceTooLarge();
      throw err;
    });
    files.post(
      '/api/v1/party-orgs/:id/evidence',
      {
        config: { permission: 'orgs.checklist' },
        bodyLimit: EVIDENCE_MAX_BYTES,
        schema: {
          tags,
          summary: 'Upload an evidence file (photo or PDF) for the organization\'s checklist',
          description:
            `Send the file itself as the request body with its content type (${EVIDENCE_TYPES.join(', ')}; none or application/octet-stream: recognized from the bytes), ` +
            `at most ${EVIDENCE_MAX_BYTES / 1024 / 1024} MB, and its name URL-encoded in the x-file-name header. The bytes must be what the type says.`,
          params: IdParams,
          consumes: [...EVIDENCE_TYPES],
          response: { 201: UploadDto, ...ErrorResponses, 413: ErrorBody, 415: ErrorBody },
        },
      },
      async (req, reply) => {
        const ctx = req.ctx();
        const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        const dto = await uploadEvidence(ctx, req.params.id, { bytes, contentType: req.headers['content-type'], fileName: req.headers['x-file-name'] });
        return reply.code(201).send(dto);
      },
    );
  });

  app.get(
    '/api/v1/party-orgs/:id/evidence/:uploadId',
    {
      config: { permission: 'orgs.read' },
      schema: { tags, summary: 'An evidence file of the organization', params: EvidenceParams, produces: [...EVIDENCE_TYPES] },
    },
    async (req, reply) => {
      const { upload, size, stream } = await openEvidence(req.ctx(), req.params.id, req.params.uploadId);
      return reply
        .type(upload.mime)
        .header('content-length', size)
        .header('content-disposition', contentDisposition('inline', upload.original_name))
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'")
        .header('cache-control', 'private, no-cache')
        .send(stream);
    },
  );

  app.get(
    '/api/v1/standardization',
    {
      config: { permission: 'coverage.read' },
      schema: {
        tags,
        summary: 'Checklist completion across the organizations of a territory, and of each node under it',
        querystring: StandardizationQuery,
        response: { 200: StandardizationSummary, ...ErrorResponses },
      },
    },
    (req) => standardizationSummary(req.ctx(), req.query.territoryId),
  );

  app.get(
    '/api/v1/standardization/orgs',
    {
      config: { permission: 'coverage.read' },
      schema: {
        tags,
        summary: 'Organizations with their checklist completion (least complete first), for drill-down',
        querystring: StandardizationOrgsQuery,
        response: { 200: StandardizationOrgList, ...ErrorResponses },
      },
    },
    (req) => {
      const { page = 1, pageSize = 20, ...filters } = req.query;
      return standardizationOrgs(req.ctx(), filters, page, pageSize);
    },
  );

  app.get(
    '/api/v1/standardization/orgs/export',
    {
      config: { permission: 'coverage.read' },
      schema: { tags, summary: 'Export the organizations with their checklist completion as .xlsx', querystring: StandardizationExportQuery },
    },
    async (req, reply) => {
      const ctx = req.ctx();
      const { lang, ...filters } = req.query;
      const locale = lang ?? ctx.locale;
      const en = locale === 'en';
      // Resolved before the download starts: an out-of-scope territory is a clean 404.
      const f = await resolveListFilters(ctx, filters);
      const perChecklist = CHECKLIST_NAMES.flatMap((c) => [
        {
          header: `${label('checklist', c, locale)}${en ? ' done' : '完成项'}`,
          value: (o: StandardizationOrgDto) => `${o.done[c]}/${CHECKLISTS[c].length}`,
        },
        { header: `${label('checklist', c, locale)}${en ? ' completion %' : '完成率%'}`, value: (o: StandardizationOrgDto) => Math.round(o.completion[c] * 1000) / 10 },
      ]);
      return sendXlsx(
        reply,
        en ? 'standardization.xlsx' : '党组织规范化建设.xlsx',
        en ? 'standardization' : '规范化建设',
        [
          { header: en ? 'Organization' : '党组织名称', width: 36, value: (o: StandardizationOrgDto) => o.name },
          { header: en ? 'Kind' : '类别', value: (o: StandardizationOrgDto) => label('orgKind', o.kind, locale) },
          { header: en ? 'Territory' : '所在区域', width: 20, value: (o: StandardizationOrgDto) => o.territoryName },
          ...perChecklist,
          { header: en ? 'Demonstration site' : '示范点', width: 20, value: (o: StandardizationOrgDto) => (o.demoSite ? label('demoSiteLevel', o.demoSite, locale) : null) },
        ],
        eachStandardizationOrg(ctx, f),
      );
    },
  );

  app.put(
    '/api/v1/party-orgs/:id/demonstration-site',
    {
      config: { permission: 'orgs.write' },
      schema: { tags, summary: 'Designate the organization a demonstration site (or change its level)', params: IdParams, body: DesignateDemoSite, response: { 200: Org, ...ErrorResponses } },
    },
    (req) => designateDemoSite(req.ctx(), req.params.id, req.body),
  );

  app.post(
    '/api/v1/party-orgs/:id/demonstration-site/revoke',
    {
      config: { permission: 'orgs.write' },
      schema: { tags, summary: 'Revoke a demonstration site, with a reason', params: IdParams, body: RevokeDemoSite, response: { 200: Org, ...ErrorResponses } },
    },
    (req) => revokeDemoSite(req.ctx(), req.params.id, req.body.reason),
  );
}
