/**
 * Identity codes (RULES.md "Identity codes").
 * Credit code: GB 32100-2015. Resident ID: GB 11643-1999.
 */

const CREDIT_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export type CreditCodeProblem = 'length' | 'character' | 'check';

/** The check character for the first 17 characters of a credit code. */
export function creditCodeCheckChar(first17: string): string {
  if (first17.length !== 17) throw new RangeError('credit code body must be 17 characters');
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CREDIT_ALPHABET.indexOf(first17[i]!);
    if (v < 0) throw new RangeError(`invalid credit code character: ${first17[i]}`);
    sum += v * CREDIT_WEIGHTS[i]!;
  }
  return CREDIT_ALPHABET[(31 - (sum % 31)) % 31]!;
}

/** Why a credit code is invalid, or null if it is valid. Letters are compared upper-case. */
export function creditCodeProblem(code: string): CreditCodeProblem | null {
  const c = code.toUpperCase();
  if (c.length !== 18) return 'length';
  for (const ch of c) if (!CREDIT_ALPHABET.includes(ch)) return 'character';
  return creditCodeCheckChar(c.slice(0, 17)) === c[17] ? null : 'check';
}

export function isValidCreditCode(code: string): boolean {
  return creditCodeProblem(code) === null;
}

export function normalizeCreditCode(code: string): string {
  return code.trim().toUpperCase();
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

export type ResidentIdProblem = 'length' | 'character' | 'birthDate' | 'check';

export function residentIdCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('resident ID body must be 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11]!;
}

/** The birth date (YYYY-MM-DD) encoded in characters 7–14, or null if it is not a real date. */
export function residentIdBirthDate(id: string): string | null {
  const m = /^\d{6}(\d{4})(\d{2})(\d{2})/.exec(id);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  if (y < 1880) return null;
  return `${m[1]}-${m[2]}-${m[3]}`;
}

export function residentIdProblem(id: string): ResidentIdProblem | null {
  const c = id.toUpperCase();
  if (c.length !== 18) return 'length';
  if (!/^\d{17}[\dX]$/.test(c)) return 'character';
  if (residentIdBirthDate(c) === null) return 'birthDate';
  return residentIdCheckChar(c.slice(0, 17)) === c[17] ? null : 'check';
}

export function isValidResidentId(id: string): boolean {
  return residentIdProblem(id) === null;
}

/** Age in whole years on a given date (YYYY-MM-DD), from a birth date (YYYY-MM-DD). */
export function ageOn(birthDate: string, on: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  let age = y - by;
  if (m < bm || (m === bm && d < bd)) age--;
  return age;
}

/** Masks a resident ID for lists: region and check visible, birth date hidden. */
export function maskResidentId(id: string): string {
  if (id.length < 8) return '*'.repeat(id.length);
  return id.slice(0, 4) + '*'.repeat(id.length - 8) + id.slice(-4);
}

/** Masks a mobile number for lists: 138****5678. */
export function maskPhone(phone: string): string {
  if (phone.length < 7) return '*'.repeat(phone.length);
  return phone.slice(0, 3) + '*'.repeat(phone.length - 7) + phone.slice(-4);
}
