import type { Api } from '../../server/api.js';
import { ErrorResponses, IdParams } from '../../server/schemas.js';
import { ReceiveTransfer, RequestTransfer, ReturnTransfer, SendTransfer, Transfer, TransferList, TransferListQuery, WithdrawTransfer } from './schemas.js';
import { listTransfers, memberTransfers, receiveTransfer, requestTransfer, returnTransfer, sendTransfer, withdrawTransfer } from './service.js';

const tags = ['transfers'];

export async function transferRoutes(app: Api): Promise<void> {
  app.post(
    '/api/v1/members/:id/transfers',
    {
      config: { permission: 'transfers.write' },
      schema: {
        tags,
        summary: 'Request a transfer: to an organization in the district, or out of it (at most one open transfer per member)',
        params: IdParams,
        body: RequestTransfer,
        response: { 201: Transfer, ...ErrorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await requestTransfer(req.ctx(), req.params.id, req.body)),
  );

  app.get(
    '/api/v1/members/:id/transfers',
    { config: { permission: 'members.read' }, schema: { tags, summary: 'A member\'s transfer history, newest first', params: IdParams, response: { 200: TransferList, ...ErrorResponses } } },
    (req) => memberTransfers(req.ctx(), req.params.id),
  );

  app.get(
    '/api/v1/transfers',
    {
      config: { permission: 'members.read' },
      schema: { tags, summary: 'Outgoing or incoming transfers of the organizations in scope; open ones first', querystring: TransferListQuery, response: { 200: TransferList, ...ErrorResponses } },
    },
    (req) => {
      const { page = 1, pageSize = 20, ...f } = req.query;
      return listTransfers(req.ctx(), f, page, pageSize);
    },
  );

  app.post(
    '/api/v1/transfers/:id/send',
    {
      config: { permission: 'transfers.write' },
      schema: { tags, summary: 'Issue the letter (sending organization): number and validity', params: IdParams, body: SendTransfer, response: { 200: Transfer, ...ErrorResponses } },
    },
    (req) => sendTransfer(req.ctx(), req.params.id, req.body),
  );

  app.post(
    '/api/v1/transfers/:id/receive',
    {
      config: { permission: 'transfers.write' },
      schema: {
        tags,
        summary: 'Confirm receipt (receiving organization; out of the district, the sending side records it): the member moves',
        params: IdParams,
        body: ReceiveTransfer,
        response: { 200: Transfer, ...ErrorResponses },
      },
    },
    (req) => receiveTransfer(req.ctx(), req.params.id, req.body),
  );

  app.post(
    '/api/v1/transfers/:id/return',
    {
      config: { permission: 'transfers.write' },
      schema: { tags, summary: 'Return the letter (receiving organization), with a reason', params: IdParams, body: ReturnTransfer, response: { 200: Transfer, ...ErrorResponses } },
    },
    (req) => returnTransfer(req.ctx(), req.params.id, req.body),
  );

  app.post(
    '/api/v1/transfers/:id/withdraw',
    {
      config: { permission: 'transfers.write' },
      schema: { tags, summary: 'Withdraw a request or a letter not yet received (sending organization)', params: IdParams, body: WithdrawTransfer, response: { 200: Transfer, ...ErrorResponses } },
    },
    (req) => withdrawTransfer(req.ctx(), req.params.id, req.body),
  );
}
