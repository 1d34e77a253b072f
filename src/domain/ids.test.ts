import { describe, expect, it } from 'vitest';
import {
  ageOn,
  creditCodeCheckChar,
  creditCodeProblem,
  isValidCreditCode,
  isValidResidentId,
  maskPhone,
  maskResidentId,
  residentIdBirthDate,
  residentIdCheckChar,
  residentIdProblem,
} from './ids.js';

describe('unified social credit code (GB 32100)', () => {
  // The example printed in GB 32100-2015, and codes published on business licences.
  const published = ['91350100M000100Y43', '91110108551385082Q', '9144030071526726XG', '91110000600037341L'];

  it.each(published)('accepts the published code %s', (code) => {
    expect(isValidCreditCode(code)).toBe(true);
    expect(creditCodeCheckChar(code.slice(0, 17))).toBe(code[17]);
  });

  it('accepts lower-case input of a valid code', () => {
    expect(isValidCreditCode('91350100m000100y43')).toBe(true);
  });

  it('names what is wrong', () => {
    expect(creditCodeProblem('91350100M000100Y4')).toBe('length');
    expect(creditCodeProblem('91350100M000100Y433')).toBe('length');
    // I, O, Z, S and V are not in the alphabet.
    expect(creditCodeProblem('91350100M000100I43')).toBe('character');
    expect(creditCodeProblem('91350100M000100Y44')).toBe('check');
  });

  it('detects every single-character change of a valid code', () => {
    const code = published[0]!;
    const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    for (let i = 0; i < 17; i++) {
      for (const ch of alphabet) {
        if (ch === code[i]) continue;
        const changed = code.slice(0, i) + ch + code.slice(i + 1);
        expect(isValidCreditCode(changed), changed).toBe(false);
      }
    }
  });

  it('maps a sum divisible by 31 to check character 0', () => {
    // 17 zeros sum to 0: (31 - 0) mod 31 = 0.
    expect(creditCodeCheckChar('0'.repeat(17))).toBe('0');
  });
});

describe('resident ID (GB 11643)', () => {
  // The examples printed in GB 11643-1999.
  it.each(['11010519491231002X', '440524188001010014'])('accepts the standard example %s', (id) => {
    expect(isValidResidentId(id)).toBe(true);
  });

  it('computes the check character, X for 10', () => {
    expect(residentIdCheckChar('11010519491231002')).toBe('X');
    expect(residentIdCheckChar('44052418800101001')).toBe('4');
  });

  it('derives the birth date and refuses impossible dates', () => {
    expect(residentIdBirthDate('11010519491231002X')).toBe('1949-12-31');
    expect(residentIdBirthDate('110105194902300020')).toBeNull(); // 30 February
    const body = '11010520230229001'; // 2023 is not a leap year
    expect(residentIdProblem(body + residentIdCheckChar(body))).toBe('birthDate');
  });

  it('names what is wrong', () => {
    expect(residentIdProblem('11010519491231002')).toBe('length');
    expect(residentIdProblem('1101051949123100AX')).toBe('character');
    expect(residentIdProblem('110105194912310021')).toBe('check');
  });

  it('computes age on a date, counting the birthday itself', () => {
    expect(ageOn('2008-03-01', '2026-02-28')).toBe(17);
    expect(ageOn('2008-03-01', '2026-03-01')).toBe(18);
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(17);
  });

  it('masks IDs and phones for lists', () => {
    expect(maskResidentId('11010519491231002X')).toBe('1101**********002X');
    expect(maskPhone('13812345678')).toBe('138****5678');
  });
});
