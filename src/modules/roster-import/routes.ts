/**
 * The member roster import API, on the shared import routes
 * (src/modules/imports/routes.ts):
 *
 *   GET  /api/v1/member-imports/template?format=xlsx|csv&lang=zh-CN|en
 *   POST /api/v1/member-imports?dryRun=true    the file as the raw request body
 *   POST /api/v1/member-imports                200 summary (≤ INLINE_MAX_ROWS rows) or 202 { jobId }
 *   GET  /api/v1/member-imports/jobs/:id       progress and result of an import
 */
import { importRoutes } from '../imports/routes.js';
import { rosterImporter, templateOrgs } from './service.js';
import { templateCsv, templateFileName, templateXlsx } from './template.js';

export const rosterImportRoutes = importRoutes({
  path: '/api/v1/member-imports',
  tags: ['member-imports'],
  importer: rosterImporter,
  permissions: { template: 'members.import', import: 'members.import' },
  summary:
    'Import members and people in development from a roster (dryRun=true: check only). A new resident ID registers the person at the row\'s stage; ' +
    'a registered one (full, or masked as the export shows it) updates their editable fields; stage, organization and stage dates stay the registry\'s.',
  template: {
    summary: 'Download the empty roster template (.xlsx with an instructions sheet and the caller\'s organizations, or .csv)',
    fileName: templateFileName,
    csv: templateCsv,
    xlsx: async (ctx, locale) => templateXlsx(locale, await templateOrgs(ctx)),
  },
});
