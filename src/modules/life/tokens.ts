/**
 * Secrets of organizational life:
 *
 * - The check-in token the secretary's screen shows as a QR code: the meeting,
 *   an expiry a couple of minutes ahead and a nonce, signed with HMAC-SHA256
 *   under a key derived from the installation's secret (the vault's keyed hash
 *   of a fixed label, i.e. HMAC(master-derived key, label)). Nothing is stored:
 *   the signature proves the server issued it, the expiry limits its reuse —
 *   a photo of the code sent to someone at home stops working within minutes.
 * - The calendar-feed token of a user: 256 random bits; the database keeps only
 *   its SHA-256, like session tokens.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Vault } from '../../server/crypto.js';

/** How long a check-in code is valid; the screen fetches a new one before that. */
export const CHECKIN_TOKEN_SECONDS = 120;
/** When the screen should fetch the next code. */
export const CHECKIN_REFRESH_SECONDS = 90;

const PURPOSE = 'cohesion/check-in/v1';

function signingKey(vault: Vault): Buffer {
  return Buffer.from(vault.hash(PURPOSE), 'base64url');
}

function sign(vault: Vault, body: string): string {
  return createHmac('sha256', signingKey(vault)).update(body).digest('base64url');
}

export interface CheckInClaims {
  districtId: number;
  meetingId: number;
  expiresAt: Date;
}

export function signCheckInToken(vault: Vault, claims: CheckInClaims, nonce: Buffer = randomBytes(9)): string {
  const payload = `${claims.districtId}.${claims.meetingId}.${Math.floor(claims.expiresAt.getTime() / 1000)}.${nonce.toString('base64url')}`;
  const body = Buffer.from(payload, 'utf8').toString('base64url');
  return `${body}.${sign(vault, body)}`;
}

export type CheckInVerdict = { ok: true; districtId: number; meetingId: number; expiresAt: Date } | { ok: false; reason: 'invalid' | 'expired' };

/** Checks the signature first (a forged token is invalid whatever it claims), then the expiry. */
export function verifyCheckInToken(vault: Vault, token: string, now: Date): CheckInVerdict {
  const m = /^([A-Za-z0-9_-]{8,200})\.([A-Za-z0-9_-]{43})$/.exec(token.trim());
  if (!m) return { ok: false, reason: 'invalid' };
  const [, body, sig] = m as unknown as [string, string, string];
  const expected = Buffer.from(sign(vault, body));
  const given = Buffer.from(sig);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'invalid' };
  const parts = Buffer.from(body, 'base64url').toString('utf8').split('.');
  if (parts.length !== 4) return { ok: false, reason: 'invalid' };
  const [d, mt, exp] = parts.map(Number) as [number, number, number];
  if (!Number.isSafeInteger(d) || !Number.isSafeInteger(mt) || !Number.isSafeInteger(exp)) return { ok: false, reason: 'invalid' };
  if (now.getTime() > exp * 1000) return { ok: false, reason: 'expired' };
  return { ok: true, districtId: d, meetingId: mt, expiresAt: new Date(exp * 1000) };
}

/** The path the QR code points at: the web app's check-in page, which posts the token after login. */
export function checkInUrl(token: string): string {
  return `/m/check-in?t=${encodeURIComponent(token)}`;
}

export function newFeedToken(): string {
  return randomBytes(32).toString('base64url');
}

export function feedTokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
