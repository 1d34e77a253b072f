import Type from 'typebox';
import { ErrorBody, Id, Nullable, StringEnum } from '../../server/schemas.js';

export const TemplateQuery = Type.Object(
  {
    format: Type.Optional(StringEnum(['xlsx', 'csv'], { description: 'xlsx (default) or csv' })),
    lang: Type.Optional(StringEnum(['zh-CN', 'en'], { description: 'header language; default from Accept-Language' })),
  },
  { additionalProperties: false },
);

export const ImportQuery = Type.Object(
  { dryRun: Type.Optional(Type.Boolean({ description: 'check every row and write nothing' })) },
  { additionalProperties: false },
);

export const JobParams = Type.Object({ id: Id }, { additionalProperties: false });

export const RowError = Type.Object({
  row: Type.Integer({ description: 'row number as the spreadsheet shows it (header = 1)' }),
  field: Type.String(),
  column: Type.String({ description: 'the column header in the caller\'s language' }),
  code: Type.String(),
  message: Type.String(),
});

const counts = {
  format: StringEnum(['xlsx', 'csv']),
  rows: Type.Integer({ description: 'data rows (empty rows are skipped)' }),
  create: Type.Integer({ description: 'rows that register a new record' }),
  update: Type.Integer({ description: 'rows that change an existing record (matched by its key: credit code, resident ID)' }),
  unchanged: Type.Integer({ description: 'rows identical to the existing record: nothing to write' }),
  errorCount: Type.Integer({ description: 'all problems; `errors` lists the first 1000' }),
  errors: Type.Array(RowError),
};

export const ImportSummary = Type.Object(counts);

export const ImportResult = Type.Object({
  dryRun: Type.Boolean(),
  jobId: Nullable(Type.Integer({ description: 'the import\'s record (null for a dry run)' })),
  ...counts,
});

export const JobAccepted = Type.Object({
  jobId: Type.Integer(),
  status: Type.Literal('running'),
});

export const JobStatus = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  status: StringEnum(['running', 'done', 'failed']),
  phase: StringEnum(['validating', 'writing']),
  done: Type.Integer({ description: 'rows processed in the current phase' }),
  total: Type.Integer({ description: 'rows in the file (estimated from the bytes read while validating)' }),
  result: Nullable(ImportSummary),
  error: Nullable(Type.Object({ code: Type.String(), message: Type.String() })),
  createdAt: Type.String(),
  finishedAt: Nullable(Type.String()),
});

/** The error body, whose details may carry the spreadsheet row (a rejected import). */
export const ImportErrorBody = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    details: Type.Array(
      Type.Object({
        row: Type.Optional(Type.Integer()),
        field: Type.String(),
        column: Type.Optional(Type.String()),
        code: Type.String(),
        message: Type.String(),
      }),
    ),
  }),
});

export const ImportErrorResponses = {
  400: ImportErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  413: ErrorBody,
  415: ErrorBody,
};
