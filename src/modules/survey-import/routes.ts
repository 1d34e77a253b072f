/**
 * The unit survey import (摸排) API, on the shared import routes
 * (src/modules/imports/routes.ts):
 *
 *   GET  /api/v1/unit-imports/template?format=xlsx|csv&lang=zh-CN|en
 *   POST /api/v1/unit-imports?dryRun=true    the file as the raw request body
 *   POST /api/v1/unit-imports                200 summary (≤ INLINE_MAX_ROWS rows) or 202 { jobId }
 *   GET  /api/v1/unit-imports/jobs/:id       progress and result of an import
 */
import { importRoutes } from '../imports/routes.js';
import { surveyImporter, templatePlaces } from './service.js';
import { templateCsv, templateFileName, templateXlsx } from './template.js';

export const surveyImportRoutes = importRoutes({
  path: '/api/v1/unit-imports',
  tags: ['unit-imports'],
  importer: surveyImporter,
  permissions: { template: 'units.read', import: 'units.import' },
  summary: 'Import units from a survey spreadsheet (dryRun=true: check only)',
  template: {
    summary: 'Download the empty survey template (.xlsx with an instructions sheet, or .csv)',
    fileName: templateFileName,
    csv: templateCsv,
    xlsx: async (ctx, locale) => templateXlsx(locale, await templatePlaces(ctx)),
  },
});
