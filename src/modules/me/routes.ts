import type { Api } from '../../server/api.js';
import { ErrorResponses } from '../../server/schemas.js';
import { AddReport, MobileRecordDetail } from '../mobile/schemas.js';
import { TransferList } from '../transfers/schemas.js';
import { MeMember, MeMobile } from './schemas.js';
import { meMember, meMobile, meReport, meTransfers } from './service.js';

const tags = ['me'];

/** The member's own pages (the phone page): every route answers 404 when the account has no member record. */
export async function meRoutes(app: Api): Promise<void> {
  app.get(
    '/api/v1/me/member',
    { config: { permission: 'me' }, schema: { tags, summary: 'My member record: stage, organization, deadlines, transfer, whether I am away', response: { 200: MeMember, ...ErrorResponses } } },
    (req) => meMember(req.ctx()),
  );
  app.get(
    '/api/v1/me/transfers',
    { config: { permission: 'me' }, schema: { tags, summary: 'My transfers, newest first', response: { 200: TransferList, ...ErrorResponses } } },
    (req) => meTransfers(req.ctx()),
  );
  app.get(
    '/api/v1/me/mobile',
    { config: { permission: 'me' }, schema: { tags, summary: 'My current time away, with my reports (null when not away)', response: { 200: MeMobile, ...ErrorResponses } } },
    (req) => meMobile(req.ctx()),
  );
  app.post(
    '/api/v1/me/mobile/reports',
    {
      config: { permission: 'me' },
      schema: { tags, summary: 'Report while away (regular contact and regular reporting)', body: AddReport, response: { 201: MobileRecordDetail, ...ErrorResponses } },
    },
    async (req, reply) => reply.code(201).send(await meReport(req.ctx(), req.body)),
  );
}
