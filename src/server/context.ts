import type { Clock } from '../domain/clock.js';
import type { Db } from '../db/connect.js';
import type { Vault } from './crypto.js';
import type { Locale } from './i18n.js';
import type { Role } from './permissions.js';
import type { Scope } from './scope.js';

export interface Actor {
  userId: number;
  username: string;
  displayName: string;
  role: Role;
  scope: Scope;
  ip: string | null;
}

/** What every service function receives: the database, the clock and who is acting. */
export interface Ctx {
  db: Db;
  clock: Clock;
  actor: Actor;
  locale: Locale;
  /** Encryption and keyed hashing of personal data. */
  vault: Vault;
}

export function nowIso(clock: Clock): string {
  return clock.now().toISOString();
}
