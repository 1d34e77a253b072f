import { label } from '../../domain/labels.js';
import type { Api } from '../../server/api.js';
import { localeFrom } from '../../server/i18n.js';
import { ErrorResponses, IdParams } from '../../server/schemas.js';
import { sendXlsx } from '../../server/xlsx.js';
import {
  AssignLiaison,
  Children,
  ChildrenQuery,
  CoverageQuery,
  CoverageSummary,
  EndLiaison,
  MapQuery,
  MapResponse,
  Trend,
  TrendQuery,
  UnitCoverage,
  Worklist,
  WorklistExportQuery,
  WorklistQuery,
} from './schemas.js';
import { assignLiaison, coverageChildren, coverageMap, coverageSummary, coverageTrend, worklistExport, endLiaison, unitCoverage, worklist } from './service.js';

const tags = ['coverage'];

export async function coverageRoutes(app: Api): Promise<void> {
  app.get(
    '/api/v1/coverage',
    {
      config: { permission: 'coverage.read' },
      schema: { tags, summary: 'Coverage of a territory node and of each node under it', querystring: CoverageQuery, response: { 200: CoverageSummary, ...ErrorResponses } },
    },
    (req) => coverageSummary(req.ctx(), req.query.territoryId),
  );

  app.get(
    '/api/v1/coverage/children',
    {
      config: { permission: 'coverage.read' },
      schema: { tags, summary: 'The active nodes directly under a territory node, each with its coverage: paged, sorted, filtered by name', querystring: ChildrenQuery, response: { 200: Children, ...ErrorResponses } },
    },
    (req) => {
      const { page = 1, pageSize = 20, ...filters } = req.query;
      return coverageChildren(req.ctx(), filters, page, pageSize);
    },
  );

  app.get(
    '/api/v1/coverage/trend',
    {
      config: { permission: 'coverage.read' },
      schema: { tags, summary: 'Coverage at each month end, recomputed from the dated history', querystring: TrendQuery, response: { 200: Trend, ...ErrorResponses } },
    },
    (req) => coverageTrend(req.ctx(), req.query.territoryId, req.query.months ?? 12),
  );

  app.get(
    '/api/v1/coverage/map',
    {
      config: { permission: 'coverage.read' },
      schema: { tags, summary: 'Buildings, markets, parks and communities as points with their coverage', querystring: MapQuery, response: { 200: MapResponse, ...ErrorResponses } },
    },
    (req) => coverageMap(req.ctx(), req.query.territoryId),
  );

  app.get(
    '/api/v1/coverage/worklist',
    {
      config: { permission: 'coverage.read' },
      schema: { tags, summary: 'Uncovered units, most urgent first, with the action each needs', querystring: WorklistQuery, response: { 200: Worklist, ...ErrorResponses } },
    },
    (req) => {
      const { page = 1, pageSize = 20, ...filters } = req.query;
      return worklist(req.ctx(), filters, page, pageSize);
    },
  );

  app.get(
    '/api/v1/coverage/worklist/export',
    {
      config: { permission: 'coverage.read' },
      schema: { tags, summary: 'Export the worklist as .xlsx', querystring: WorklistExportQuery },
    },
    async (req, reply) => {
      const { lang, ...filters } = req.query;
      const rows = await worklistExport(req.ctx(), filters);
      const locale = lang ?? localeFrom(req.headers['accept-language']);
      const en = locale === 'en';
      return sendXlsx(
        reply,
        en ? 'coverage-worklist.xlsx' : '覆盖工作清单.xlsx',
        en ? 'worklist' : '工作清单',
        [
          { header: en ? 'Unit' : '单位名称', width: 36, value: (i) => i.name },
          { header: en ? 'Credit code' : '统一社会信用代码', width: 22, value: (i) => i.creditCode },
          { header: en ? 'Territory' : '所在区域', width: 20, value: (i) => i.territoryName },
          { header: en ? 'Members' : '党员数', value: (i) => i.memberCount },
          { header: en ? 'Employees' : '从业人员数', value: (i) => i.employeeCount },
          { header: en ? 'Coverage' : '覆盖情况', value: (i) => label('coverage', i.coverage, locale) },
          { header: en ? 'Action' : '建议措施', width: 20, value: (i) => label('worklistAction', i.action, locale) },
          { header: en ? 'Suggested joint branches' : '建议纳入的联合党支部', width: 40, value: (i) => i.suggestions.map((s) => s.name).join('；') },
        ],
        rows,
      );
    },
  );

  app.get(
    '/api/v1/units/:id/coverage',
    {
      config: { permission: 'coverage.read' },
      schema: { tags, summary: 'How a unit is covered now, and its history', params: IdParams, response: { 200: UnitCoverage, ...ErrorResponses } },
    },
    (req) => unitCoverage(req.ctx(), req.params.id),
  );

  app.post(
    '/api/v1/units/:id/liaisons',
    {
      config: { permission: 'coverage.write' },
      schema: { tags, summary: 'Assign an instructor or liaison to a unit (work coverage)', params: IdParams, body: AssignLiaison, response: { 200: UnitCoverage, ...ErrorResponses } },
    },
    (req) => assignLiaison(req.ctx(), req.params.id, req.body),
  );

  app.post(
    '/api/v1/liaison-assignments/:id/end',
    {
      config: { permission: 'coverage.write' },
      schema: { tags, summary: 'End a liaison assignment', params: IdParams, body: EndLiaison, response: { 200: UnitCoverage, ...ErrorResponses } },
    },
    (req) => endLiaison(req.ctx(), req.params.id, req.body.untilOn),
  );
}
