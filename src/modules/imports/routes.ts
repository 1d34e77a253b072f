/**
 * The routes every spreadsheet import answers, under its own path:
 *
 *   GET  <path>/template?format=xlsx|csv&lang=zh-CN|en
 *   POST <path>?dryRun=true    the file as the raw request body
 *   POST <path>                200 summary (≤ INLINE_MAX_ROWS rows) or 202 { jobId }
 *   GET  <path>/jobs/:id       progress and result of an import
 *
 * The upload is the request body itself (no multipart): it streams to a
 * temporary file in the data folder, and the format is recognized from its
 * bytes, whatever the content type says.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import type { Api } from '../../server/api.js';
import type { Ctx } from '../../server/context.js';
import { AppError } from '../../server/errors.js';
import type { Locale } from '../../server/i18n.js';
import type { Permission } from '../../server/permissions.js';
import { ErrorResponses } from '../../server/schemas.js';
import {
  getJob,
  IMPORT_MAX_BYTES,
  ImportRejected,
  INLINE_MAX_ROWS,
  localizeSummary,
  rejectedBody,
  startImport,
  stopJobs,
  type Importer,
  type Upload,
} from './engine.js';
import { ImportErrorResponses, ImportQuery, ImportResult, JobAccepted, JobParams, JobStatus, TemplateQuery } from './schemas.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Content types read as a file. Anything else is read too and recognized by its bytes, except the ones below. */
const UPLOAD_TYPES = [XLSX, 'text/csv', 'application/octet-stream'];
const REFUSED_TYPES = /^(multipart\/|application\/json|application\/x-www-form-urlencoded)/i;

export interface ImportRoutes<F extends string, P, C, K> {
  /** e.g. /api/v1/unit-imports */
  path: string;
  tags: string[];
  importer: Importer<F, P, C, K>;
  /** Who may download the template, and who may import (and follow their jobs). */
  permissions: { template: Permission; import: Permission };
  /** What the import does, for the OpenAPI document. */
  summary: string;
  template: {
    summary: string;
    fileName(format: 'xlsx' | 'csv', locale: Locale): string;
    csv(locale: Locale): Buffer;
    xlsx(ctx: Ctx, locale: Locale): Promise<Buffer>;
  };
}

function tooLarge(): AppError {
  const params = { limit: Math.round(IMPORT_MAX_BYTES / 1024 / 1024) };
  return new AppError(413, 'import_too_large', [{ field: 'file', code: 'import_too_large', params }], params);
}

/**
 * Streams a request body to a temporary file, never more than IMPORT_MAX_BYTES
 * (an oversized body is read to its end and dropped, so the client still gets
 * a clear 413 instead of a reset connection).
 */
async function receiveUpload(dataDir: string, prefix: string, req: FastifyRequest, payload: Readable): Promise<Upload> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > IMPORT_MAX_BYTES) {
    payload.resume();
    throw tooLarge();
  }
  const dir = join(dataDir, 'tmp');
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${prefix}-${randomUUID()}.upload`);
  let bytes = 0;
  let over = false;
  const limit = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      bytes += chunk.length;
      if (bytes > IMPORT_MAX_BYTES) over = true;
      cb(null, over ? undefined : chunk);
    },
  });
  try {
    await pipeline(payload, limit, createWriteStream(path));
  } catch (err) {
    await rm(path, { force: true });
    throw err;
  }
  if (over) {
    await rm(path, { force: true });
    throw tooLarge();
  }
  return { path, bytes, contentType: req.headers['content-type'] ?? null };
}

function isUpload(body: unknown): body is Upload {
  return typeof body === 'object' && body !== null && typeof (body as Upload).path === 'string' && typeof (body as Upload).bytes === 'number';
}

/** The plugin of one import: its template, its upload (dry run or apply) and its jobs. */
export function importRoutes<F extends string, P, C, K>(def: ImportRoutes<F, P, C, K>) {
  const { importer, tags } = def;
  return async function routes(app: Api): Promise<void> {
    // This plugin's routes read bodies only as uploaded files (encapsulated: other modules keep JSON).
    app.removeAllContentTypeParsers();
    const receive = (req: FastifyRequest, payload: Readable) => receiveUpload(app.cohesionDb.dataDir, importer.jobKind, req, payload);
    app.addContentTypeParser(UPLOAD_TYPES, receive);
    app.addContentTypeParser('*', (req: FastifyRequest, payload: Readable) => {
      const type = req.headers['content-type'] ?? '';
      if (REFUSED_TYPES.test(type)) {
        payload.resume();
        const params = { type: type.split(';')[0] };
        return Promise.reject(new AppError(415, 'import_unsupported_upload', [{ field: 'body', code: 'import_unsupported_upload', params }], params));
      }
      return receive(req, payload);
    });
    // The temporary file goes when the answer is sent, unless a background job took it over.
    app.addHook('onResponse', async (req) => {
      const body: unknown = req.body;
      if (isUpload(body) && !body.handedOff) await rm(body.path, { force: true });
    });
    app.addHook('onClose', async () => stopJobs(app.cohesionDb));

    app.get(
      `${def.path}/template`,
      {
        config: { permission: def.permissions.template },
        schema: { tags, summary: def.template.summary, querystring: TemplateQuery, produces: [XLSX, 'text/csv'] },
      },
      async (req, reply) => {
        const ctx = req.ctx();
        const locale = req.query.lang ?? ctx.locale;
        const format = req.query.format ?? 'xlsx';
        const disposition = `attachment; filename*=UTF-8''${encodeURIComponent(def.template.fileName(format, locale))}`;
        reply.header('content-disposition', disposition);
        if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(def.template.csv(locale));
        return reply.type(XLSX).send(await def.template.xlsx(ctx, locale));
      },
    );

    app.post(
      def.path,
      {
        config: { permission: def.permissions.import },
        bodyLimit: IMPORT_MAX_BYTES,
        schema: {
          tags,
          summary: def.summary,
          description:
            'Send the .xlsx or .csv file as the raw request body. Every row is checked first; a file with any bad row writes nothing (400 with each row\'s problems). ' +
            `Files of up to ${INLINE_MAX_ROWS} rows are written at once (200); larger files become a job (202, poll GET ${def.path}/jobs/{id}). ` +
            `At most ${IMPORT_MAX_BYTES / 1024 / 1024} MB.`,
          querystring: ImportQuery,
          consumes: UPLOAD_TYPES,
          response: { 200: ImportResult, 202: JobAccepted, ...ImportErrorResponses },
        },
      },
      async (req, reply) => {
        const ctx = req.ctx();
        const upload: unknown = req.body;
        if (!isUpload(upload) || upload.bytes === 0) {
          throw new AppError(400, 'import_empty_file', [{ field: 'file', code: 'import_empty_file' }]);
        }
        const dryRun = req.query.dryRun ?? false;
        try {
          const outcome = await startImport(importer, ctx, upload, dryRun);
          if (outcome.kind === 'job') return reply.code(202).send({ jobId: outcome.jobId, status: 'running' as const });
          return reply.code(200).send({ dryRun, jobId: outcome.jobId, ...localizeSummary(importer.sheet, outcome.summary, ctx.locale) });
        } catch (err) {
          if (err instanceof ImportRejected) return reply.code(400).send(rejectedBody(importer.sheet, err.summary, ctx.locale));
          throw err;
        }
      },
    );

    app.get(
      `${def.path}/jobs/:id`,
      {
        config: { permission: def.permissions.import },
        schema: {
          tags,
          summary: 'Progress and result of an import job (its starter\'s, and of those whose scope holds the starter\'s)',
          params: JobParams,
          response: { 200: JobStatus, ...ErrorResponses },
        },
      },
      (req) => getJob(importer, req.ctx(), req.params.id),
    );
  };
}
