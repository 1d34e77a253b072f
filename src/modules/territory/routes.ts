import type { Api } from '../../server/api.js';
import { ErrorResponses, IdParams } from '../../server/schemas.js';
import { AppError } from '../../server/errors.js';
import { findTerritory, listTerritories } from './queries.js';
import {
  CloseBody,
  CreateTerritory,
  MoveTerritory,
  Territory,
  TerritoryList,
  TerritoryListQuery,
  TreeQuery,
  TreeResponse,
  UpdateTerritory,
} from './schemas.js';
import { closeTerritory, createTerritory, getTerritory, getTree, moveTerritory, updateTerritory } from './service.js';

const tags = ['territory'];

export async function territoryRoutes(app: Api): Promise<void> {
  app.get(
    '/api/v1/territories/tree',
    {
      config: { permission: 'territory.read' },
      schema: { tags, summary: 'The territory tree of the caller\'s scope (or of a node in it), flat', querystring: TreeQuery, response: { 200: TreeResponse, ...ErrorResponses } },
    },
    (req) => getTree(req.ctx(), req.query.rootId, req.query.includeClosed ?? false),
  );

  app.get(
    '/api/v1/territories',
    {
      config: { permission: 'territory.read' },
      schema: { tags, summary: 'List territory nodes', querystring: TerritoryListQuery, response: { 200: TerritoryList, ...ErrorResponses } },
    },
    async (req) => {
      const ctx = req.ctx();
      const { within, ...rest } = req.query;
      let withinPath: string | undefined;
      if (within !== undefined) {
        const node = await findTerritory(ctx.db.kysely, ctx.actor.scope, within);
        if (!node) throw AppError.notFound();
        withinPath = node.path;
      }
      return listTerritories(ctx.db.kysely, ctx.actor.scope, { ...rest, page: rest.page ?? 1, pageSize: rest.pageSize ?? 20, withinPath });
    },
  );

  app.get(
    '/api/v1/territories/:id',
    {
      config: { permission: 'territory.read' },
      schema: { tags, summary: 'One territory node', params: IdParams, response: { 200: Territory, ...ErrorResponses } },
    },
    (req) => getTerritory(req.ctx(), req.params.id),
  );

  app.post(
    '/api/v1/territories',
    {
      config: { permission: 'territory.write' },
      schema: { tags, summary: 'Create a street, township or area', body: CreateTerritory, response: { 201: Territory, ...ErrorResponses } },
    },
    async (req, reply) => reply.code(201).send(await createTerritory(req.ctx(), req.body)),
  );

  app.patch(
    '/api/v1/territories/:id',
    {
      config: { permission: 'territory.write' },
      schema: { tags, summary: 'Rename or edit a node', params: IdParams, body: UpdateTerritory, response: { 200: Territory, ...ErrorResponses } },
    },
    (req) => updateTerritory(req.ctx(), req.params.id, req.body),
  );

  app.post(
    '/api/v1/territories/:id/move',
    {
      config: { permission: 'territory.write' },
      schema: { tags, summary: 'Move a node (and everything under it)', params: IdParams, body: MoveTerritory, response: { 200: Territory, ...ErrorResponses } },
    },
    (req) => moveTerritory(req.ctx(), req.params.id, req.body.parentId),
  );

  app.post(
    '/api/v1/territories/:id/close',
    {
      config: { permission: 'territory.write' },
      schema: { tags, summary: 'Close a node with nothing open under it', params: IdParams, body: CloseBody, response: { 200: Territory, ...ErrorResponses } },
    },
    (req) => closeTerritory(req.ctx(), req.params.id, req.body.reason),
  );
}
