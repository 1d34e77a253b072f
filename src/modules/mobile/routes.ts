import type { Api } from '../../server/api.js';
import { ErrorResponses, IdParams } from '../../server/schemas.js';
import { AddReport, HostedList, HostedListQuery, MobileList, MobileListQuery, MobileRecordDetail, ReturnMobile, StartMobile } from './schemas.js';
import { getRecord, listHosted, listMobile, reportFor, returnMobile, startMobile } from './service.js';

const tags = ['mobile members'];

export async function mobileRoutes(app: Api): Promise<void> {
  app.post(
    '/api/v1/members/:id/mobile',
    {
      config: { permission: 'members.write' },
      schema: {
        tags,
        summary: 'Record a member leaving to work or live elsewhere (their report before leaving); optionally a host organization',
        params: IdParams,
        body: StartMobile,
        response: { 201: MobileRecordDetail, ...ErrorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await startMobile(req.ctx(), req.params.id, req.body)),
  );

  app.get(
    '/api/v1/mobile-records/:id',
    { config: { permission: 'members.read' }, schema: { tags, summary: 'One mobile record with its reports', params: IdParams, response: { 200: MobileRecordDetail, ...ErrorResponses } } },
    (req) => getRecord(req.ctx(), req.params.id),
  );

  app.post(
    '/api/v1/mobile-records/:id/return',
    {
      config: { permission: 'members.write' },
      schema: { tags, summary: 'Record the return (the report on return)', params: IdParams, body: ReturnMobile, response: { 200: MobileRecordDetail, ...ErrorResponses } },
    },
    (req) => returnMobile(req.ctx(), req.params.id, req.body),
  );

  app.post(
    '/api/v1/mobile-records/:id/reports',
    {
      config: { permission: 'members.write' },
      schema: {
        tags,
        summary: 'Record a report made while away (members report themselves through /me/mobile/reports); a contact event',
        params: IdParams,
        body: AddReport,
        response: { 201: MobileRecordDetail, ...ErrorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await reportFor(req.ctx(), req.params.id, req.body)),
  );

  app.get(
    '/api/v1/mobile',
    {
      config: { permission: 'members.read' },
      schema: { tags, summary: 'Members away from their home organizations in scope: last report, next due, overdue', querystring: MobileListQuery, response: { 200: MobileList, ...ErrorResponses } },
    },
    (req) => {
      const { page = 1, pageSize = 20, ...f } = req.query;
      return listMobile(req.ctx(), f, page, pageSize);
    },
  );

  app.get(
    '/api/v1/mobile/hosted',
    {
      config: { permission: 'members.read' },
      schema: { tags, summary: 'Members a host organization in scope hosts (they do not vote at the host)', querystring: HostedListQuery, response: { 200: HostedList, ...ErrorResponses } },
    },
    (req) => {
      const { page = 1, pageSize = 20, ...f } = req.query;
      return listHosted(req.ctx(), f, page, pageSize);
    },
  );
}
