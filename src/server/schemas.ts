import Type, { type Static, type TSchema } from 'typebox';

/**
 * Schema building blocks shared by every module: the list convention
 * (page, pageSize, sort), the error body and string enums.
 */

/** A string enum that validates with JSON-schema `enum` (one clear error, not one per branch). */
export function StringEnum<const T extends readonly string[]>(values: T, options: Record<string, unknown> = {}) {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
}

export const Id = Type.Integer({ minimum: 1 });
export const IdParams = Type.Object({ id: Id }, { additionalProperties: false });

export const DateString = Type.String({ format: 'date', description: 'YYYY-MM-DD' });

export const PageQuery = {
  page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 20 })),
};

/** `sort` accepts one of the given fields, with a leading '-' for descending. */
export function SortQuery<const T extends readonly string[]>(fields: T) {
  return Type.Optional(StringEnum([...fields, ...fields.map((f) => `-${f}`)] as string[]));
}

export function ListOf<T extends TSchema>(item: T) {
  return Type.Object({ items: Type.Array(item), total: Type.Integer() });
}

export const ErrorBody = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    details: Type.Array(Type.Object({ field: Type.String(), code: Type.String(), message: Type.String() })),
  }),
});

/** Error responses every authenticated route can give, for the OpenAPI document. */
export const ErrorResponses = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
};

export function parseSort(sort: string | undefined, fallback: string): { field: string; desc: boolean } {
  const s = sort ?? fallback;
  return s.startsWith('-') ? { field: s.slice(1), desc: true } : { field: s, desc: false };
}

/**
 * A value or null. Scalars become a JSON-schema type list (`["string","null"]`)
 * rather than `anyOf`: with Ajv's type coercion, `anyOf [X, null]` silently
 * turns an invalid 0, "" or false into null (clearing a field instead of
 * refusing it); a type list validates the value as given.
 */
export function Nullable<T extends TSchema>(t: T) {
  const { type, enum: values } = t as { type?: unknown; enum?: unknown[] };
  if (typeof type === 'string' && type !== 'object' && type !== 'array') {
    return Type.Unsafe<Static<T> | null>({ ...t, type: [type, 'null'], ...(values && { enum: [...values, null] }) });
  }
  return Type.Union([t, Type.Null()]);
}
