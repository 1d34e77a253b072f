/**
 * Evidence files of the standardization checklist (a photo of the activity
 * room, the signboard; a PDF of the rules on the wall).
 *
 * Uploads are the raw request body (no multipart). Only JPEG, PNG, WebP and
 * PDF are accepted, and the bytes must be what the declared type says: a
 * renamed executable is refused whatever its name or content type. Files are
 * stored by content under `<dataDir>/uploads/<districtId>/<sha256>`, so the
 * same file uploaded twice is stored once; the `upload` row carries the name
 * and the organization it belongs to.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../server/errors.js';

/** Largest evidence file accepted, in bytes. */
export const EVIDENCE_MAX_BYTES = 5 * 1024 * 1024;

export const EVIDENCE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] as const;
export type EvidenceType = (typeof EVIDENCE_TYPES)[number];

/** Content types that declare nothing: the type is then recognized from the bytes. */
const UNDECLARED = new Set(['', 'application/octet-stream']);

const DEFAULT_NAME = 'evidence';
const MAX_NAME_LENGTH = 200;

const startsWith = (bytes: Buffer, signature: number[], at = 0) =>
  bytes.length >= at + signature.length && signature.every((b, i) => bytes[at + i] === b);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/** What the bytes are, by their signature ("magic bytes"), among the accepted types. */
export function sniffType(bytes: Buffer): EvidenceType | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'image/webp';
  if (startsWith(bytes, ascii('%PDF-'))) return 'application/pdf';
  return null;
}

function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

const sizeParams = () => ({ limit: Math.round((EVIDENCE_MAX_BYTES / 1024 / 1024) * 10) / 10 });

export function evidenceTooLarge(): AppError {
  const params = sizeParams();
  return new AppError(413, 'evidence_too_large', [{ field: 'file', code: 'evidence_too_large', params }], params);
}

/**
 * The type of an uploaded file: the declared content type when the bytes
 * agree with it, or (when nothing is declared) what the bytes are. Refuses
 * empty files, other types (415) and bytes that are not what they claim (400).
 */
export function checkEvidence(bytes: Buffer, contentType: string | undefined): EvidenceType {
  if (bytes.length === 0) throw AppError.validation([{ field: 'file', code: 'evidence_empty' }]);
  if (bytes.length > EVIDENCE_MAX_BYTES) throw evidenceTooLarge();
  const declared = mediaType(contentType);
  const actual = sniffType(bytes);
  const allowed = EVIDENCE_TYPES.join(', ');
  if (UNDECLARED.has(declared)) {
    if (!actual) throw AppError.validation([{ field: 'file', code: 'evidence_unrecognized', params: { allowed } }]);
    return actual;
  }
  if (!(EVIDENCE_TYPES as readonly string[]).includes(declared)) {
    const params = { type: declared, allowed };
    throw new AppError(415, 'evidence_unsupported_type', [{ field: 'file', code: 'evidence_unsupported_type', params }], params);
  }
  if (actual !== declared) {
    throw AppError.validation([{ field: 'file', code: 'evidence_type_mismatch', params: { type: declared } }]);
  }
  return actual;
}

/**
 * A safe display name from the `x-file-name` header (URL-encoded UTF-8): no
 * folders, no control or bidirectional-override characters, no characters
 * Windows refuses, no leading dots, at most 200 characters (the extension kept).
 */
export function sanitizeFileName(header: string | string[] | undefined): string {
  if (typeof header !== 'string' || header === '') return DEFAULT_NAME;
  let name: string;
  try {
    name = decodeURIComponent(header);
  } catch {
    return DEFAULT_NAME;
  }
  name = name.normalize('NFC');
  name = name.split(/[\\/]/).pop() ?? '';
  name = name
    // C0/C1 controls, bidi controls (the "gpj.exe" trick), zero-width characters, BOM.
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, '')
    .replace(/[<>:"|?*]/g, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '')
    .trim();
  const chars = Array.from(name);
  if (chars.length > MAX_NAME_LENGTH) {
    const dot = name.lastIndexOf('.');
    const ext = dot > 0 && name.length - dot <= 10 ? Array.from(name.slice(dot)) : [];
    name = chars.slice(0, MAX_NAME_LENGTH - ext.length).join('') + ext.join('');
  }
  return name || DEFAULT_NAME;
}

export function sha256Hex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Where a stored file lives; refuses anything but a sha256 so a stored row cannot point elsewhere. */
export function evidencePath(dataDir: string, districtId: number, sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
  return join(dataDir, 'uploads', String(districtId), sha256);
}

/** Stores the bytes under their sha256 (once: an identical file already there is kept). */
export async function storeEvidence(dataDir: string, districtId: number, sha256: string, bytes: Buffer): Promise<void> {
  const path = evidencePath(dataDir, districtId, sha256);
  const existing = await stat(path).catch(() => null);
  if (existing?.isFile() && existing.size === bytes.length) return;
  await mkdir(join(dataDir, 'uploads', String(districtId)), { recursive: true });
  // Write then rename: a reader never sees half a file, and two identical uploads at once are harmless.
  const tmp = `${path}.${randomUUID()}.tmp`;
  try {
    await writeFile(tmp, bytes, { flag: 'wx' });
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/** RFC 6266 / 5987 `filename*` value. */
export function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename*=UTF-8''${encoded}`;
}
