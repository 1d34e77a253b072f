/**
 * The one way the web app talks to the server: JSON over fetch, same-origin
 * cookie session, CSRF header on writes, Accept-Language from the UI language,
 * and a typed error carrying the server's field details.
 */

export interface FieldDetail {
  field: string;
  code: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: FieldDetail[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The details about one field (e.g. 'creditCode'). */
  forField(field: string): FieldDetail[] {
    return this.details.filter((d) => d.field === field);
  }
}

export const API = '/api/v1';

let csrfToken: string | null = null;
let language: () => string = () => 'zh-CN';
let onUnauthenticated: (() => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}
export function setLanguageSource(source: () => string): void {
  language = source;
}
/**
 * Called when the server answers 401 to a request other than the session
 * probe while this page had a session (it expired). Before the session is
 * known (a page's data fetched at boot beside the probe) or after logging
 * out, a 401 says nothing new.
 */
export function setUnauthenticatedHandler(handler: (() => void) | null): void {
  onUnauthenticated = handler;
}

export type QueryValue = string | number | boolean | null | undefined;
export type Query = Record<string, QueryValue>;

/** Query string with empty values dropped ('' / null / undefined). */
export function queryString(query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

export function apiUrl(path: string, query?: Query): string {
  return `${API}${path}${queryString(query)}`;
}

interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** A file sent as the raw request body (uploads), with its own headers. */
  file?: { blob: Blob; headers: Record<string, string> };
  signal?: AbortSignal;
}

async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': language() };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (opts.file) Object.assign(headers, opts.file.headers);
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(apiUrl(path, opts.query), {
      method,
      headers,
      credentials: 'same-origin',
      ...(opts.body !== undefined && { body: JSON.stringify(opts.body) }),
      ...(opts.file && { body: opts.file.blob }),
      ...(opts.signal && { signal: opts.signal }),
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, 'network', (err as Error).message || 'network error');
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let json: unknown = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
  }
  if (!res.ok) {
    const e = (json as { error?: { code?: string; message?: string; details?: FieldDetail[] } } | null)?.error;
    const error = new ApiError(res.status, e?.code ?? `http_${res.status}`, e?.message ?? res.statusText, e?.details ?? []);
    if (res.status === 401 && csrfToken !== null && path !== '/auth/me' && path !== '/auth/login') onUnauthenticated?.();
    throw error;
  }
  return json as T;
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) =>
    request<T>('GET', path, { ...(query && { query }), ...(signal && { signal }) }),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  /** Posts a file as the raw body: its type as content type, its name URL-encoded in x-file-name. */
  upload: <T>(path: string, file: File) =>
    request<T>('POST', path, {
      file: {
        blob: file,
        headers: { 'content-type': file.type || 'application/octet-stream', 'x-file-name': encodeURIComponent(file.name) },
      },
    }),
};
