import { findTerritory } from '../territory/queries.js';
import { label } from '../../domain/labels.js';
import type { Api } from '../../server/api.js';
import type { Ctx } from '../../server/context.js';
import { AppError } from '../../server/errors.js';
import { localeFrom, type Locale } from '../../server/i18n.js';
import { ErrorResponses, IdParams } from '../../server/schemas.js';
import { sendXlsx, type XlsxColumn } from '../../server/xlsx.js';
import { eachUnit, listUnits, type UnitDto, type UnitFilterValues } from './queries.js';
import { CloseUnit, CreateUnit, Unit, UnitExportQuery, UnitList, UnitListQuery, UpdateUnit } from './schemas.js';
import { closeUnit, createUnit, getUnit, updateUnit } from './service.js';

const tags = ['units'];

async function filterValues(ctx: Ctx, q: { territoryId?: number | undefined } & Omit<UnitFilterValues, 'withinPath'>) {
  const { territoryId, ...rest } = q;
  if (territoryId === undefined) return rest;
  const node = await findTerritory(ctx.db.kysely, ctx.actor.scope, territoryId);
  if (!node) throw AppError.notFound();
  return { ...rest, withinPath: node.path };
}

function exportColumns(locale: Locale): XlsxColumn<UnitDto>[] {
  const h = (field: string) => label('unitField', field, locale);
  return [
    { header: h('name'), width: 36, value: (u) => u.name },
    { header: h('creditCode'), width: 22, value: (u) => u.creditCode },
    { header: h('kind'), value: (u) => label('unitKind', u.kind, locale) },
    { header: h('ownership'), value: (u) => label('ownership', u.ownership, locale) },
    { header: h('industry'), width: 24, value: (u) => label('industry', u.industry, locale) },
    { header: h('employeeCount'), value: (u) => u.employeeCount },
    { header: h('surveyedMemberCount'), value: (u) => u.surveyedMemberCount },
    { header: h('streetName'), value: (u) => u.streetName },
    { header: h('territoryName'), width: 20, value: (u) => u.territoryName },
    { header: h('address'), width: 30, value: (u) => u.address },
    { header: h('registeredOn'), value: (u) => u.registeredOn },
    { header: h('status'), value: (u) => label('unitStatus', u.status, locale) },
  ];
}

export async function unitRoutes(app: Api): Promise<void> {
  app.get(
    '/api/v1/units',
    {
      config: { permission: 'units.read' },
      schema: { tags, summary: 'List units in scope, with filters', querystring: UnitListQuery, response: { 200: UnitList, ...ErrorResponses } },
    },
    async (req) => {
      const ctx = req.ctx();
      const { page = 1, pageSize = 20, ...filters } = req.query;
      return listUnits(ctx.db.kysely, ctx.actor.scope, await filterValues(ctx, filters), page, pageSize);
    },
  );

  app.get(
    '/api/v1/units/export',
    {
      config: { permission: 'units.read' },
      schema: { tags, summary: 'Export the filtered units as .xlsx', querystring: UnitExportQuery, produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'] },
    },
    async (req, reply) => {
      const ctx = req.ctx();
      const { lang, ...filters } = req.query;
      const locale = lang ?? localeFrom(req.headers['accept-language']);
      const rows = eachUnit(ctx.db.kysely, ctx.actor.scope, await filterValues(ctx, filters));
      const name = locale === 'en' ? 'units' : '单位';
      return sendXlsx(reply, `${name}.xlsx`, name, exportColumns(locale), rows);
    },
  );

  app.get(
    '/api/v1/units/:id',
    {
      config: { permission: 'units.read' },
      schema: { tags, summary: 'One unit', params: IdParams, response: { 200: Unit, ...ErrorResponses } },
    },
    (req) => getUnit(req.ctx(), req.params.id),
  );

  app.post(
    '/api/v1/units',
    {
      config: { permission: 'units.write' },
      schema: { tags, summary: 'Register a unit', body: CreateUnit, response: { 201: Unit, ...ErrorResponses } },
    },
    async (req, reply) => reply.code(201).send(await createUnit(req.ctx(), req.body)),
  );

  app.patch(
    '/api/v1/units/:id',
    {
      config: { permission: 'units.write' },
      schema: { tags, summary: 'Edit a unit', params: IdParams, body: UpdateUnit, response: { 200: Unit, ...ErrorResponses } },
    },
    (req) => updateUnit(req.ctx(), req.params.id, req.body),
  );

  app.post(
    '/api/v1/units/:id/close',
    {
      config: { permission: 'units.write' },
      schema: { tags, summary: 'Close a unit (never deleted)', params: IdParams, body: CloseUnit, response: { 200: Unit, ...ErrorResponses } },
    },
    (req) => closeUnit(req.ctx(), req.params.id, req.body.reason, req.body.closedOn),
  );
}
