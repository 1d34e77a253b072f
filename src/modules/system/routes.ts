import { sql } from 'kysely';
import Type from 'typebox';
import type { Api } from '../../server/api.js';
import { LABELS } from '../../domain/labels.js';

export async function systemRoutes(app: Api): Promise<void> {
  app.get(
    '/api/v1/health',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['system'],
        summary: '200 when the database answers',
        response: { 200: Type.Object({ status: Type.Literal('ok'), database: Type.String() }), 503: Type.Object({ status: Type.Literal('unavailable'), database: Type.String() }) },
      },
    },
    async (_req, reply) => {
      const db = app.cohesionDb;
      try {
        await sql`select 1`.execute(db.kysely);
        return { status: 'ok' as const, database: db.dialect };
      } catch {
        return reply.code(503).send({ status: 'unavailable' as const, database: db.dialect });
      }
    },
  );

  app.get(
    '/api/v1/vocabularies',
    {
      config: { permission: 'public' },
      schema: { tags: ['system'], summary: 'Every vocabulary with its labels in both languages' },
    },
    async () => LABELS,
  );
}
