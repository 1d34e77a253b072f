import type { Api } from '../../server/api.js';
import { ErrorResponses, IdParams } from '../../server/schemas.js';
import { AddEffort, ContactLog, ContactLogged, Decide, LostContactCase, LostContactList, LostContactQuery, OpenCase } from './schemas.js';
import { addEffort, decideCase, getCase, listLostContact, logContact, openCase } from './service.js';

const tags = ['lost-contact members'];

export async function lostContactRoutes(app: Api): Promise<void> {
  app.get(
    '/api/v1/lost-contact',
    {
      config: { permission: 'members.read' },
      schema: {
        tags,
        summary: 'Members without contact for 6 months (flag), and those with an open or suspended case',
        querystring: LostContactQuery,
        response: { 200: LostContactList, ...ErrorResponses },
      },
    },
    (req) => {
      const { page = 1, pageSize = 20, ...f } = req.query;
      return listLostContact(req.ctx(), f, page, pageSize);
    },
  );

  app.post(
    '/api/v1/members/:id/contact-log',
    {
      config: { permission: 'members.write' },
      schema: { tags, summary: 'Log a contact with the member (a contact event)', params: IdParams, body: ContactLog, response: { 201: ContactLogged, ...ErrorResponses } },
    },
    async (req, reply) => reply.code(201).send(await logContact(req.ctx(), req.params.id, req.body)),
  );

  app.post(
    '/api/v1/members/:id/lost-contact-cases',
    {
      config: { permission: 'members.write' },
      schema: { tags, summary: 'Open the search for a member flagged as lost contact', params: IdParams, body: OpenCase, response: { 201: LostContactCase, ...ErrorResponses } },
    },
    async (req, reply) => reply.code(201).send(await openCase(req.ctx(), req.params.id, req.body)),
  );

  app.get(
    '/api/v1/lost-contact-cases/:id',
    { config: { permission: 'members.read' }, schema: { tags, summary: 'One case with its search efforts and the decisions it can take', params: IdParams, response: { 200: LostContactCase, ...ErrorResponses } } },
    (req) => getCase(req.ctx(), req.params.id),
  );

  app.post(
    '/api/v1/lost-contact-cases/:id/efforts',
    {
      config: { permission: 'members.write' },
      schema: { tags, summary: 'Record a search effort', params: IdParams, body: AddEffort, response: { 201: LostContactCase, ...ErrorResponses } },
    },
    async (req, reply) => reply.code(201).send(await addEffort(req.ctx(), req.params.id, req.body)),
  );

  app.post(
    '/api/v1/lost-contact-cases/:id/decide',
    {
      config: { permission: 'members.write' },
      schema: {
        tags,
        summary: 'Decide (never automatic): found, keep searching, suspend membership (≥ 6 months untraceable), remove (≥ 2 years after suspension)',
        params: IdParams,
        body: Decide,
        response: { 200: LostContactCase, ...ErrorResponses },
      },
    },
    (req) => decideCase(req.ctx(), req.params.id, req.body),
  );
}
