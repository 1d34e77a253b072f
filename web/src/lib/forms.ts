import type { FormInstance } from 'antd';
import { ApiError } from './api.ts';

/**
 * Puts the server's field errors on the matching form fields. A detail whose
 * field is not on the form (e.g. 'status', 'body') is returned, so the caller
 * can show it above the form. `aliases` maps server fields to form fields.
 */
export function applyServerErrors(
  form: FormInstance,
  err: unknown,
  fields: readonly string[],
  aliases: Record<string, string> = {},
): string[] {
  if (!(err instanceof ApiError)) return [err instanceof Error ? err.message : String(err)];
  const byField = new Map<string, string[]>();
  const rest: string[] = [];
  for (const d of err.details) {
    const name = aliases[d.field] ?? d.field;
    if (fields.includes(name)) byField.set(name, [...(byField.get(name) ?? []), d.message]);
    else rest.push(d.message);
  }
  form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
  if (byField.size) {
    const first = [...byField.keys()][0]!;
    form.scrollToField(first, { block: 'center' });
  }
  // The overall message when nothing field-specific explains the failure.
  if (!byField.size && !rest.length) rest.push(err.message);
  return rest;
}

/** Clears earlier server errors before a new submit. */
export function clearErrors(form: FormInstance, fields: readonly string[]): void {
  form.setFields(fields.map((name) => ({ name, errors: [] })));
}

export function errorText(err: unknown): string {
  if (err instanceof ApiError) {
    const extra = err.details.map((d) => d.message).filter((m) => m !== err.message);
    return [err.message, ...extra].join('；');
  }
  return err instanceof Error ? err.message : String(err);
}

/**
 * The server names a bad element of an array by its position (`unitIds.1`).
 * This puts such details on the array's own field, prefixed by the element's
 * name (e.g. the unit's), so they show under the picker.
 */
export function foldArrayErrors(err: unknown, field: string, names: readonly string[]): unknown {
  if (!(err instanceof ApiError)) return err;
  const prefix = `${field}.`;
  if (!err.details.some((d) => d.field.startsWith(prefix))) return err;
  const details = err.details.map((d) => {
    if (!d.field.startsWith(prefix)) return d;
    const name = names[Number(d.field.slice(prefix.length))];
    return { ...d, field, message: name ? `${name}：${d.message}` : d.message };
  });
  return new ApiError(err.status, err.code, err.message, details);
}
