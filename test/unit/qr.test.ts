/**
 * The web app's QR encoder (web/src/lib/qr.ts) against published vectors:
 * the Reed–Solomon codewords of the standard's worked example "01234567"
 * (ISO/IEC 18004 Annex I, version 1-M) and of the well-known "HELLO WORLD"
 * 1-Q example, the format-information table, the version-information table,
 * the byte-mode capacities, and the structure of encoded symbols (finders,
 * timing, dark module, format bits read back, version blocks). No decoding.
 */
import { describe, expect, it } from 'vitest';
import {
  chooseVersion,
  dataCodewords,
  dataCodewordsFor,
  encodeQr,
  formatBits,
  interleave,
  penalty,
  qrSvgPath,
  rsEncode,
  rsGenerator,
  versionBits,
  type QrCode,
} from '../../web/src/lib/qr.js';

describe('Reed–Solomon over GF(256)', () => {
  it('builds the standard generator polynomials (Annex A)', () => {
    // Degree 7: α^87 α^229 α^146 α^149 α^238 α^102 α^21 → as integers.
    expect(rsGenerator(7)).toEqual([127, 122, 154, 164, 11, 68, 117]);
    expect(rsGenerator(10)).toEqual([216, 194, 159, 111, 199, 94, 95, 113, 157, 193]);
  });

  it('gives the EC codewords of the worked example "01234567", version 1-M', () => {
    // Data codewords from Annex I (numeric mode, then 0xEC 0x11 padding).
    const data = [0x10, 0x20, 0x0c, 0x56, 0x61, 0x80, 0xec, 0x11, 0xec, 0x11, 0xec, 0x11, 0xec, 0x11, 0xec, 0x11];
    expect(rsEncode(data, 10)).toEqual([0xa5, 0x24, 0xd4, 0xc1, 0xed, 0x36, 0xc7, 0x87, 0x2c, 0x55]);
  });

  it('gives the EC codewords of "HELLO WORLD", version 1-Q', () => {
    const data = [32, 91, 11, 120, 209, 114, 220, 77, 67, 64, 236, 17, 236];
    expect(rsEncode(data, 13)).toEqual([168, 72, 22, 82, 217, 54, 156, 0, 46, 15, 180, 122, 16]);
  });
});

describe('format and version information', () => {
  it('matches the published format-information table for levels L and M', () => {
    const table: Record<'L' | 'M', string[]> = {
      L: ['111011111000100', '111001011110011', '111110110101010', '111100010011101', '110011000101111', '110001100011000', '110110001000001', '110100101110110'],
      M: ['101010000010010', '101000100100101', '101111001111100', '101101101001011', '100010111111001', '100000011001110', '100111110010111', '100101010100000'],
    };
    for (const ec of ['L', 'M'] as const) {
      for (let mask = 0; mask < 8; mask++) expect(formatBits(ec, mask).toString(2).padStart(15, '0'), `${ec} mask ${mask}`).toBe(table[ec][mask]);
    }
  });

  it('matches the version-information table (Annex D)', () => {
    expect(versionBits(7)).toBe(0x07c94);
    expect(versionBits(8)).toBe(0x085bc);
    expect(versionBits(9)).toBe(0x09a99);
    expect(versionBits(10)).toBe(0x0a4d3);
  });
});

describe('data codewords', () => {
  it('has the standard byte-mode capacities at M and L (Table 7)', () => {
    const capacityM = [14, 26, 42, 62, 84, 106, 122, 152, 180, 213];
    const capacityL = [17, 32, 53, 78, 106, 134, 154, 192, 230, 271];
    for (let v = 1; v <= 10; v++) {
      expect(chooseVersion(capacityM[v - 1]!, 'M')).toBe(v);
      expect(chooseVersion(capacityL[v - 1]!, 'L')).toBe(v);
      if (v < 10) expect(chooseVersion(capacityM[v - 1]! + 1, 'M')).toBe(v + 1);
    }
    expect(chooseVersion(214, 'M')).toBeNull();
    expect(dataCodewords(1, 'M')).toBe(16);
    expect(dataCodewords(10, 'M')).toBe(216);
  });

  it('writes mode, count, bytes, terminator and alternating pad codewords', () => {
    // "AB" in byte mode, 1-M: 0100 00000010 01000001 01000010 0000 → 0x40 0x24 0x14 0x20, then EC 11 EC 11…
    expect(dataCodewordsFor(new TextEncoder().encode('AB'), 1, 'M')).toEqual([0x40, 0x24, 0x14, 0x20, 0xec, 0x11, 0xec, 0x11, 0xec, 0x11, 0xec, 0x11, 0xec, 0x11, 0xec, 0x11]);
  });

  it('interleaves blocks of unequal length (5-M: 2 blocks of 43 data codewords, 24 EC each)', () => {
    const data = Array.from({ length: 86 }, (_, i) => i);
    const out = interleave(data, 5, 'M');
    expect(out).toHaveLength(134);
    expect(out.slice(0, 6)).toEqual([0, 43, 1, 44, 2, 45]);
    const ec1 = rsEncode(data.slice(0, 43), 24);
    const ec2 = rsEncode(data.slice(43), 24);
    expect(out.slice(86, 90)).toEqual([ec1[0], ec2[0], ec1[1], ec2[1]]);
  });

  it('puts the longer blocks last (9-M: 3 blocks of 36 and 2 of 37 data codewords)', () => {
    const data = Array.from({ length: 182 }, (_, i) => i & 0xff);
    const out = interleave(data, 9, 'M');
    expect(out).toHaveLength(292);
    // Codeword 36 of each block exists only in the two long blocks (starting at 108 and 145).
    expect(out.slice(36 * 5, 36 * 5 + 2)).toEqual([108 + 36, 145 + 36]);
  });
});

/** Reads the 15 format bits back from the copy around the top-left finder. */
function readFormat(qr: QrCode): number {
  const m = qr.modules;
  const cells: [number, number][] = [[0, 8], [1, 8], [2, 8], [3, 8], [4, 8], [5, 8], [7, 8], [8, 8], [8, 7], [8, 5], [8, 4], [8, 3], [8, 2], [8, 1], [8, 0]];
  return cells.reduce((acc, [r, c], i) => acc | ((m[r]![c] ? 1 : 0) << i), 0);
}

/** …and from the split copy (row 8 at the right, column 8 at the bottom). */
function readFormatSplit(qr: QrCode): number {
  const m = qr.modules;
  const n = qr.size;
  let bits = 0;
  for (let i = 0; i < 8; i++) if (m[8]![n - 1 - i]) bits |= 1 << i;
  for (let i = 8; i < 15; i++) if (m[n - 15 + i]![8]) bits |= 1 << i;
  return bits;
}

function expectFinder(qr: QrCode, top: number, left: number) {
  for (let r = 0; r < 7; r++) {
    for (let c = 0; c < 7; c++) {
      const ring = Math.max(Math.abs(r - 3), Math.abs(c - 3));
      expect(qr.modules[top + r]![left + c], `finder at ${top},${left} (${r},${c})`).toBe(ring !== 2);
    }
  }
}

describe('encoded symbols', () => {
  const url = 'https://dangjian.example.cn/m/check-in?t=' + 'MS4xMi4xNzk1NDA4MDAwLmFiY2RlZmdoaWpr'.repeat(2) + '.' + 'x'.repeat(43);

  it('picks the smallest version that holds the bytes', () => {
    expect(encodeQr('01234567').version).toBe(1);
    // 157 bytes: more than 8-M's 152, within 9-M's 180.
    expect(new TextEncoder().encode(url)).toHaveLength(157);
    expect(encodeQr(url).version).toBe(9);
    expect(encodeQr(url, { ecLevel: 'L' }).version).toBe(8);
    // UTF-8: each Chinese character is 3 bytes (14 bytes fit 1-M: 4 characters + 2).
    expect(encodeQr('主题党日签').version).toBe(2);
    expect(encodeQr('主题党日').version).toBe(1);
  });

  it('is well formed at every version 1–10', () => {
    const lengths = [10, 20, 40, 60, 80, 100, 120, 150, 170, 200];
    lengths.forEach((len, i) => {
      const qr = encodeQr('a'.repeat(len));
      expect(qr.version).toBe(i + 1);
      const n = qr.size;
      expect(n).toBe(17 + 4 * qr.version);
      expectFinder(qr, 0, 0);
      expectFinder(qr, 0, n - 7);
      expectFinder(qr, n - 7, 0);
      for (let k = 8; k < n - 8; k++) {
        expect(qr.modules[6]![k]).toBe(k % 2 === 0);
        expect(qr.modules[k]![6]).toBe(k % 2 === 0);
      }
      expect(qr.modules[n - 8]![8]).toBe(true);
      expect(readFormat(qr)).toBe(formatBits('M', qr.mask));
      expect(readFormatSplit(qr)).toBe(formatBits('M', qr.mask));
      if (qr.version >= 7) {
        // Version blocks: bit i at row floor(i/3), column n-11+i%3 (and transposed).
        const bits = versionBits(qr.version);
        for (let b = 0; b < 18; b++) {
          const want = ((bits >>> b) & 1) === 1;
          expect(qr.modules[Math.floor(b / 3)]![n - 11 + (b % 3)]).toBe(want);
          expect(qr.modules[n - 11 + (b % 3)]![Math.floor(b / 3)]).toBe(want);
        }
      }
    });
  });

  it('keeps the mask with the lowest penalty', () => {
    const chosen = encodeQr(url);
    const scores = Array.from({ length: 8 }, (_, mask) => penalty(encodeQr(url, { mask }).modules));
    expect(penalty(chosen.modules)).toBe(Math.min(...scores));
    expect(chosen.mask).toBe(scores.indexOf(Math.min(...scores)));
  });

  it('refuses text longer than version 10 holds, and draws one SVG path', () => {
    expect(() => encodeQr('x'.repeat(300))).toThrow(RangeError);
    expect(encodeQr('x'.repeat(250), { ecLevel: 'L' }).version).toBe(10);
    const path = qrSvgPath(encodeQr('AB'));
    // The top-left finder's first row: 7 dark modules from (4, 4) with the quiet zone.
    expect(path.startsWith('M4 4h7v1h-7z')).toBe(true);
  });
});
