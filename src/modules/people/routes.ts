import type { Api } from '../../server/api.js';
import { ErrorResponses, IdParams } from '../../server/schemas.js';
import { CreatePerson, Person, PersonList, PersonListQuery, UpdatePerson } from './schemas.js';
import { createPerson, getPerson, listPeople, updatePerson } from './service.js';

const tags = ['people'];

export async function peopleRoutes(app: Api): Promise<void> {
  app.get(
    '/api/v1/people',
    {
      config: { permission: 'people.read' },
      schema: { tags, summary: 'People in scope (post holders, liaisons); phones masked', querystring: PersonListQuery, response: { 200: PersonList, ...ErrorResponses } },
    },
    (req) => {
      const { page = 1, pageSize = 20, ...f } = req.query;
      return listPeople(req.ctx(), f, page, pageSize);
    },
  );
  app.get(
    '/api/v1/people/:id',
    { config: { permission: 'people.read' }, schema: { tags, summary: 'One person', params: IdParams, response: { 200: Person, ...ErrorResponses } } },
    (req) => getPerson(req.ctx(), req.params.id),
  );
  app.post(
    '/api/v1/people',
    { config: { permission: 'people.write' }, schema: { tags, summary: 'Record a person', body: CreatePerson, response: { 201: Person, ...ErrorResponses } } },
    async (req, reply) => reply.code(201).send(await createPerson(req.ctx(), req.body)),
  );
  app.patch(
    '/api/v1/people/:id',
    { config: { permission: 'people.write' }, schema: { tags, summary: 'Edit a person', params: IdParams, body: UpdatePerson, response: { 200: Person, ...ErrorResponses } } },
    (req) => updatePerson(req.ctx(), req.params.id, req.body),
  );
}
