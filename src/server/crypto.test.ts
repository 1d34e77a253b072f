import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadVault, vaultFromKey } from './crypto.js';

describe('vault for personal data', () => {
  const vault = vaultFromKey(Buffer.alloc(32, 7));

  it('round-trips and never repeats a ciphertext', () => {
    const a = vault.encrypt('11010519491231002X');
    const b = vault.encrypt('11010519491231002X');
    expect(a).not.toBe(b);
    expect(a).not.toContain('1101051949');
    expect(vault.decrypt(a)).toBe('11010519491231002X');
  });

  it('draws a fresh IV for every value, across refills of its random buffer', () => {
    const sealed = Array.from({ length: 3000 }, (_, i) => vault.encrypt(`44052418800101${String(i).padStart(4, '0')}`));
    const ivs = new Set(sealed.map((s) => Buffer.from(s.split(':')[1]!, 'base64').subarray(0, 12).toString('hex')));
    expect(ivs.size).toBe(3000);
    expect(sealed.map((s) => vault.decrypt(s))).toEqual(sealed.map((_, i) => `44052418800101${String(i).padStart(4, '0')}`));
  });

  it('refuses a tampered ciphertext', () => {
    const sealed = vault.encrypt('440524188001010014');
    const raw = Buffer.from(sealed.slice(3), 'base64');
    raw[raw.length - 1]! ^= 1;
    expect(() => vault.decrypt(`v1:${raw.toString('base64')}`)).toThrow();
  });

  it('hashes by key, case-insensitively, so another key cannot match', () => {
    expect(vault.hash('11010519491231002x')).toBe(vault.hash('11010519491231002X'));
    expect(vaultFromKey(Buffer.alloc(32, 8)).hash('11010519491231002X')).not.toBe(vault.hash('11010519491231002X'));
  });

  it('creates the key file once, readable by the owner only', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cohesion-key-'));
    const first = loadVault(dir);
    const key = readFileSync(join(dir, 'secret.key'), 'utf8');
    expect(statSync(join(dir, 'secret.key')).mode & 0o777).toBe(0o600);
    const again = loadVault(dir);
    expect(readFileSync(join(dir, 'secret.key'), 'utf8')).toBe(key);
    expect(again.decrypt(first.encrypt('x'))).toBe('x');
  });
});
