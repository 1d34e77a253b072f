import { interpolate, type Locale } from './i18n.js';
import { MESSAGES, type MessageCode } from './messages.js';

export interface FieldProblem {
  field: string;
  code: MessageCode;
  params?: Record<string, unknown>;
}

/** An error the API answers as-is: status, stable code, localized message, field details. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: MessageCode,
    readonly details: FieldProblem[] = [],
    readonly params: Record<string, unknown> = {},
  ) {
    super(code);
  }

  static validation(details: FieldProblem[]): AppError {
    return new AppError(400, 'validation_failed', details);
  }
  static notFound(): AppError {
    return new AppError(404, 'not_found');
  }
  static forbidden(): AppError {
    return new AppError(403, 'forbidden');
  }
  static conflict(details: FieldProblem[]): AppError {
    return new AppError(409, 'conflict', details);
  }
}

/** Collects field problems and throws them together, so the user sees every bad field at once. */
export class Problems {
  private readonly list: FieldProblem[] = [];
  add(field: string, code: MessageCode, params?: Record<string, unknown>): this {
    this.list.push(params ? { field, code, params } : { field, code });
    return this;
  }
  get empty(): boolean {
    return this.list.length === 0;
  }
  throwIfAny(status = 400): void {
    if (this.list.length) throw new AppError(status, status === 409 ? 'conflict' : 'validation_failed', this.list);
  }
}

export function message(code: MessageCode, locale: Locale, params?: Record<string, unknown>): string {
  return interpolate(MESSAGES[code][locale], params);
}

export function errorBody(err: AppError, locale: Locale) {
  return {
    error: {
      code: err.code,
      message: message(err.code, locale, err.params),
      details: err.details.map((d) => ({ field: d.field, code: d.code, message: message(d.code, locale, d.params) })),
    },
  };
}

interface AjvLikeError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
}

/** Maps JSON-schema validation errors to field problems with our codes. */
export function fromSchemaErrors(errors: AjvLikeError[]): FieldProblem[] {
  const out: FieldProblem[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    const base = e.instancePath.replace(/^\//, '').replace(/\//g, '.');
    let field = base;
    let problem: FieldProblem;
    switch (e.keyword) {
      case 'required':
        field = [base, String(e.params.missingProperty)].filter(Boolean).join('.');
        problem = { field, code: 'required' };
        break;
      case 'type':
        problem = { field, code: 'invalid_type', params: { expected: e.params.type } };
        break;
      case 'minLength':
        problem = { field, code: 'too_short', params: { limit: e.params.limit } };
        break;
      case 'maxLength':
        problem = { field, code: 'too_long', params: { limit: e.params.limit } };
        break;
      case 'minimum':
      case 'exclusiveMinimum':
        problem = { field, code: 'too_small', params: { limit: e.params.limit } };
        break;
      case 'maximum':
      case 'exclusiveMaximum':
        problem = { field, code: 'too_large', params: { limit: e.params.limit } };
        break;
      case 'enum':
        problem = {
          field,
          code: 'invalid_choice',
          params: { allowed: ((e.params.allowedValues as unknown[]) ?? []).join(', ') },
        };
        break;
      case 'const':
        problem = { field, code: 'invalid_choice', params: { allowed: String(e.params.allowedValue) } };
        break;
      case 'additionalProperties':
        field = [base, String(e.params.additionalProperty)].filter(Boolean).join('.');
        problem = { field, code: 'unknown_field' };
        break;
      default:
        problem = { field, code: 'invalid_format' };
    }
    if (e.keyword === 'anyOf') continue;
    // One problem per field: a nullable field fails both of its branches, the first says why.
    if (!seen.has(problem.field)) {
      seen.add(problem.field);
      out.push(problem);
    }
  }
  return out;
}
