/**
 * A small QR code encoder (ISO/IEC 18004), enough for the app's own links:
 * byte mode (UTF-8), error correction level M (or L when asked), versions
 * 1–10 (up to 213 bytes at M, 271 at L). Pure, no DOM: `encodeQr` gives the
 * module matrix; `qrSvgPath` turns it into one SVG path for a React <svg>.
 *
 * The steps, in the standard's order:
 *  1. data bits: mode 0100, character count, the bytes, terminator, padding
 *     to a whole codeword, then the pad codewords 0xEC 0x11 alternately;
 *  2. the data codewords are split into blocks and each block gets its
 *     Reed–Solomon error-correction codewords (GF(256), polynomial 0x11D);
 *  3. blocks are interleaved codeword by codeword, data first, then EC;
 *  4. function patterns (finders, separators, timing, alignment, dark module,
 *     reserved format/version areas) are drawn, the codewords are placed in
 *     the two-module-wide zigzag from the bottom-right corner;
 *  5. each of the 8 masks is tried; the one with the lowest penalty score
 *     (rules N1–N4) is kept, with its format (and version) information.
 */

export type EcLevel = 'L' | 'M';

export interface QrCode {
  version: number;
  ecLevel: EcLevel;
  mask: number;
  /** Modules per side (17 + 4 × version). */
  size: number;
  /** modules[row][col]: true = dark. */
  modules: boolean[][];
}

// --- Tables for versions 1–10 (index 0 unused) ------------------------------------

/** EC codewords per block. */
const EC_PER_BLOCK: Record<EcLevel, readonly number[]> = {
  L: [0, 7, 10, 15, 20, 26, 18, 20, 24, 30, 18],
  M: [0, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26],
};
/** Number of blocks. */
const BLOCKS: Record<EcLevel, readonly number[]> = {
  L: [0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 4],
  M: [0, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5],
};
/** Total codewords (data + EC) of each version. */
const TOTAL_CODEWORDS = [0, 26, 44, 70, 100, 134, 172, 196, 242, 292, 346];
/** Centre coordinates of the alignment patterns (rows and columns alike). */
const ALIGNMENT: readonly (readonly number[])[] = [
  [],
  [],
  [6, 18],
  [6, 22],
  [6, 26],
  [6, 30],
  [6, 34],
  [6, 22, 38],
  [6, 24, 42],
  [6, 26, 46],
  [6, 28, 50],
];
/** Format information's 2-bit code of each level (L 01, M 00). */
const EC_BITS: Record<EcLevel, number> = { L: 1, M: 0 };

export const MAX_VERSION = 10;

/** Data codewords available in a version at a level. */
export function dataCodewords(version: number, ec: EcLevel): number {
  return TOTAL_CODEWORDS[version]! - EC_PER_BLOCK[ec][version]! * BLOCKS[ec][version]!;
}

// --- GF(256) and Reed–Solomon ------------------------------------------------------

const EXP = new Uint8Array(512);
const LOG = new Uint8Array(256);
{
  let x = 1;
  for (let i = 0; i < 255; i++) {
    EXP[i] = x;
    LOG[x] = i;
    x <<= 1;
    if (x & 0x100) x ^= 0x11d; // x^8 + x^4 + x^3 + x^2 + 1
  }
  for (let i = 255; i < 512; i++) EXP[i] = EXP[i - 255]!;
}

function gfMul(a: number, b: number): number {
  return a === 0 || b === 0 ? 0 : EXP[LOG[a]! + LOG[b]!]!;
}

/** The generator polynomial (x − α⁰)(x − α¹)…(x − α^(n−1)), coefficients from the highest power, leading 1 dropped. */
export function rsGenerator(degree: number): number[] {
  let poly = [1];
  for (let i = 0; i < degree; i++) {
    const next = new Array<number>(poly.length + 1).fill(0);
    for (let j = 0; j < poly.length; j++) {
      next[j] = next[j]! ^ poly[j]!; // × x
      next[j + 1] = next[j + 1]! ^ gfMul(poly[j]!, EXP[i]!); // × α^i (minus is plus in GF(2^8))
    }
    poly = next;
  }
  return poly.slice(1);
}

/** The EC codewords of a block: the remainder of data(x)·x^n divided by the generator. */
export function rsEncode(data: readonly number[], ecCount: number): number[] {
  const gen = rsGenerator(ecCount);
  const rem = new Array<number>(ecCount).fill(0);
  for (const byte of data) {
    const factor = byte ^ rem.shift()!;
    rem.push(0);
    for (let i = 0; i < ecCount; i++) rem[i] = rem[i]! ^ gfMul(gen[i]!, factor);
  }
  return rem;
}

// --- Data codewords --------------------------------------------------------------------

class Bits {
  readonly bits: number[] = [];
  put(value: number, length: number): void {
    for (let i = length - 1; i >= 0; i--) this.bits.push((value >>> i) & 1);
  }
}

/** The smallest version (1–10) whose byte-mode capacity at the level holds the bytes, or null. */
export function chooseVersion(byteLength: number, ec: EcLevel): number | null {
  for (let v = 1; v <= MAX_VERSION; v++) {
    const countBits = v <= 9 ? 8 : 16;
    if (4 + countBits + 8 * byteLength <= dataCodewords(v, ec) * 8) return v;
  }
  return null;
}

/** Mode, count, bytes, terminator and padding: exactly dataCodewords(version, ec) codewords. */
export function dataCodewordsFor(bytes: Uint8Array, version: number, ec: EcLevel): number[] {
  const capacity = dataCodewords(version, ec);
  const b = new Bits();
  b.put(0b0100, 4); // byte mode
  b.put(bytes.length, version <= 9 ? 8 : 16);
  for (const byte of bytes) b.put(byte, 8);
  b.put(0, Math.min(4, capacity * 8 - b.bits.length)); // terminator
  b.put(0, (8 - (b.bits.length % 8)) % 8); // to a whole codeword
  const out: number[] = [];
  for (let i = 0; i < b.bits.length; i += 8) out.push(b.bits.slice(i, i + 8).reduce((acc, bit) => (acc << 1) | bit, 0));
  for (let pad = 0xec; out.length < capacity; pad ^= 0xec ^ 0x11) out.push(pad);
  return out;
}

/** Splits into blocks (short blocks first, long ones carry one more data codeword), adds EC, interleaves. */
export function interleave(data: readonly number[], version: number, ec: EcLevel): number[] {
  const blocks = BLOCKS[ec][version]!;
  const ecLen = EC_PER_BLOCK[ec][version]!;
  const total = TOTAL_CODEWORDS[version]!;
  const longBlocks = total % blocks;
  const shortLen = Math.floor(total / blocks) - ecLen;
  const dataBlocks: number[][] = [];
  const ecBlocks: number[][] = [];
  let k = 0;
  for (let i = 0; i < blocks; i++) {
    const len = shortLen + (i >= blocks - longBlocks ? 1 : 0);
    const block = data.slice(k, k + len);
    k += len;
    dataBlocks.push(block);
    ecBlocks.push(rsEncode(block, ecLen));
  }
  const out: number[] = [];
  for (let i = 0; i <= shortLen; i++) for (const b of dataBlocks) if (i < b.length) out.push(b[i]!);
  for (let i = 0; i < ecLen; i++) for (const b of ecBlocks) out.push(b[i]!);
  return out;
}

// --- Format and version information ----------------------------------------------------

/** 15 format bits: level and mask, BCH(15,5) with generator 0x537, XOR 0x5412. */
export function formatBits(ec: EcLevel, mask: number): number {
  const data = (EC_BITS[ec] << 3) | mask;
  let rem = data;
  for (let i = 0; i < 10; i++) rem = (rem << 1) ^ ((rem >>> 9) * 0x537);
  return ((data << 10) | rem) ^ 0x5412;
}

/** 18 version bits (versions 7 and up): BCH(18,6) with generator 0x1F25. */
export function versionBits(version: number): number {
  let rem = version;
  for (let i = 0; i < 12; i++) rem = (rem << 1) ^ ((rem >>> 11) * 0x1f25);
  return (version << 12) | rem;
}

// --- The matrix ----------------------------------------------------------------------------

const MASKS: readonly ((r: number, c: number) => boolean)[] = [
  (r, c) => (r + c) % 2 === 0,
  (r) => r % 2 === 0,
  (_, c) => c % 3 === 0,
  (r, c) => (r + c) % 3 === 0,
  (r, c) => (Math.floor(r / 2) + Math.floor(c / 3)) % 2 === 0,
  (r, c) => ((r * c) % 2) + ((r * c) % 3) === 0,
  (r, c) => (((r * c) % 2) + ((r * c) % 3)) % 2 === 0,
  (r, c) => (((r + c) % 2) + ((r * c) % 3)) % 2 === 0,
];

class Matrix {
  readonly size: number;
  readonly dark: boolean[][];
  /** Function modules: not data, never masked. */
  readonly fixed: boolean[][];
  constructor(readonly version: number) {
    this.size = 17 + 4 * version;
    this.dark = Array.from({ length: this.size }, () => new Array<boolean>(this.size).fill(false));
    this.fixed = Array.from({ length: this.size }, () => new Array<boolean>(this.size).fill(false));
  }
  set(r: number, c: number, dark: boolean): void {
    this.dark[r]![c] = dark;
    this.fixed[r]![c] = true;
  }
  clone(): Matrix {
    const m = new Matrix(this.version);
    for (let r = 0; r < this.size; r++) {
      m.dark[r] = [...this.dark[r]!];
      m.fixed[r] = [...this.fixed[r]!];
    }
    return m;
  }
}

/** Finder pattern (7×7) centred at (r, c) with its light separator ring, clipped to the symbol. */
function drawFinder(m: Matrix, r: number, c: number): void {
  for (let dr = -4; dr <= 4; dr++) {
    for (let dc = -4; dc <= 4; dc++) {
      const rr = r + dr;
      const cc = c + dc;
      if (rr < 0 || cc < 0 || rr >= m.size || cc >= m.size) continue;
      const d = Math.max(Math.abs(dr), Math.abs(dc)); // ring: 0–1 dark core, 2 light, 3 dark, 4 separator
      m.set(rr, cc, d !== 2 && d !== 4);
    }
  }
}

function drawFunctionPatterns(m: Matrix): void {
  const n = m.size;
  // Timing patterns first; finders and alignments overwrite their ends.
  for (let i = 0; i < n; i++) {
    m.set(6, i, i % 2 === 0);
    m.set(i, 6, i % 2 === 0);
  }
  drawFinder(m, 3, 3);
  drawFinder(m, 3, n - 4);
  drawFinder(m, n - 4, 3);
  const centres = ALIGNMENT[m.version]!;
  for (const r of centres) {
    for (const c of centres) {
      // Not over the finders (the three corners where a finder sits).
      if ((r === 6 && c === 6) || (r === 6 && c === centres.at(-1)) || (r === centres.at(-1) && c === 6)) continue;
      for (let dr = -2; dr <= 2; dr++) for (let dc = -2; dc <= 2; dc++) m.set(r + dr, c + dc, Math.max(Math.abs(dr), Math.abs(dc)) !== 1);
    }
  }
  // Reserve the format and version areas (drawn for real once the mask is known).
  drawFormat(m, 0);
  if (m.version >= 7) drawVersion(m);
}

const bit = (value: number, i: number) => ((value >>> i) & 1) === 1;

/** Both copies of the format information, and the dark module beside the lower-left finder. */
function drawFormat(m: Matrix, bits: number): void {
  const n = m.size;
  // Around the top-left finder: bits 0–7 down column 8 (skipping the timing row), 8–14 along row 8 leftwards.
  for (let i = 0; i <= 5; i++) m.set(i, 8, bit(bits, i));
  m.set(7, 8, bit(bits, 6));
  m.set(8, 8, bit(bits, 7));
  m.set(8, 7, bit(bits, 8));
  for (let i = 9; i < 15; i++) m.set(8, 14 - i, bit(bits, i));
  // Split copy: bits 0–7 along row 8 at the right, 8–14 up column 8 at the bottom.
  for (let i = 0; i < 8; i++) m.set(8, n - 1 - i, bit(bits, i));
  for (let i = 8; i < 15; i++) m.set(n - 15 + i, 8, bit(bits, i));
  m.set(n - 8, 8, true);
}

/** Version information: two 6×3 blocks beside the top-right and bottom-left finders. */
function drawVersion(m: Matrix): void {
  const bits = versionBits(m.version);
  for (let i = 0; i < 18; i++) {
    const a = m.size - 11 + (i % 3);
    const b = Math.floor(i / 3);
    m.set(b, a, bit(bits, i)); // top right: row b, column a
    m.set(a, b, bit(bits, i)); // bottom left: row a, column b
  }
}

/** Codeword bits in the zigzag: column pairs from the right, alternately upwards and downwards, skipping column 6. */
function placeData(m: Matrix, codewords: readonly number[]): void {
  const n = m.size;
  let i = 0;
  const total = codewords.length * 8;
  for (let right = n - 1; right >= 1; right -= 2) {
    if (right === 6) right = 5;
    const upward = ((right + 1) & 2) === 0;
    for (let v = 0; v < n; v++) {
      const r = upward ? n - 1 - v : v;
      for (let j = 0; j < 2; j++) {
        const c = right - j;
        if (m.fixed[r]![c]) continue;
        // Remainder bits (after the last codeword) stay light.
        m.dark[r]![c] = i < total && bit(codewords[i >>> 3]!, 7 - (i & 7));
        i++;
      }
    }
  }
}

function applyMask(m: Matrix, mask: number): void {
  const f = MASKS[mask]!;
  for (let r = 0; r < m.size; r++) for (let c = 0; c < m.size; c++) if (!m.fixed[r]![c] && f(r, c)) m.dark[r]![c] = !m.dark[r]![c];
}

/** The penalty score of a finished symbol (ISO 18004 §7.8.3): lower is easier to scan. */
export function penalty(dark: readonly (readonly boolean[])[]): number {
  const n = dark.length;
  let score = 0;
  const at = (r: number, c: number, vertical: boolean) => (vertical ? dark[c]![r]! : dark[r]![c]!);
  for (const vertical of [false, true]) {
    for (let r = 0; r < n; r++) {
      // N1: five or more same-coloured modules in a row: 3 + (run − 5).
      let run = 1;
      for (let c = 1; c <= n; c++) {
        if (c < n && at(r, c, vertical) === at(r, c - 1, vertical)) run++;
        else {
          if (run >= 5) score += 3 + (run - 5);
          run = 1;
        }
      }
      // N3: 1:1:3:1:1 finder-like pattern with four light modules on either side: 40 each.
      for (let c = 0; c + 7 <= n; c++) {
        const p = [1, 0, 1, 1, 1, 0, 1].every((want, k) => at(r, c + k, vertical) === (want === 1));
        if (!p) continue;
        const lightRun = (from: number, to: number) => {
          for (let k = from; k < to; k++) if (k >= 0 && k < n && at(r, k, vertical)) return false;
          return true;
        };
        if (lightRun(c - 4, c) || lightRun(c + 7, c + 11)) score += 40;
      }
    }
  }
  // N2: each 2×2 block of one colour: 3.
  for (let r = 0; r + 1 < n; r++) {
    for (let c = 0; c + 1 < n; c++) {
      const v = dark[r]![c];
      if (dark[r]![c + 1] === v && dark[r + 1]![c] === v && dark[r + 1]![c + 1] === v) score += 3;
    }
  }
  // N4: 10 for every full 5 % the dark share deviates from 50 %.
  let darkCount = 0;
  for (const row of dark) for (const d of row) if (d) darkCount++;
  const total = n * n;
  score += 10 * Math.floor(Math.abs(darkCount * 20 - total * 10) / total);
  return score;
}

/**
 * Encodes text (as UTF-8) in the smallest version that holds it at the level
 * (M by default). Throws when it does not fit in version 10. `mask` forces a
 * mask (tests); otherwise the lowest penalty wins.
 */
export function encodeQr(text: string, opts: { ecLevel?: EcLevel; mask?: number } = {}): QrCode {
  const ec = opts.ecLevel ?? 'M';
  const bytes = new TextEncoder().encode(text);
  const version = chooseVersion(bytes.length, ec);
  if (version === null) throw new RangeError(`QR: ${bytes.length} bytes do not fit in version ${MAX_VERSION}-${ec}`);
  const codewords = interleave(dataCodewordsFor(bytes, version, ec), version, ec);
  const base = new Matrix(version);
  drawFunctionPatterns(base);
  placeData(base, codewords);
  let best: { mask: number; matrix: Matrix; score: number } | null = null;
  for (let mask = 0; mask < 8; mask++) {
    if (opts.mask !== undefined && mask !== opts.mask) continue;
    const m = base.clone();
    applyMask(m, mask);
    drawFormat(m, formatBits(ec, mask));
    const score = penalty(m.dark);
    if (!best || score < best.score) best = { mask, matrix: m, score };
  }
  return { version, ecLevel: ec, mask: best!.mask, size: base.size, modules: best!.matrix.dark };
}

/**
 * One SVG path drawing the dark modules (each a 1×1 square, runs in a row
 * merged), offset by a quiet zone of `margin` modules. Use it with
 * viewBox="0 0 size+2·margin size+2·margin" and shape-rendering="crispEdges".
 */
export function qrSvgPath(qr: QrCode, margin = 4): string {
  const parts: string[] = [];
  qr.modules.forEach((row, r) => {
    for (let c = 0; c < qr.size; c++) {
      if (!row[c]) continue;
      let end = c;
      while (end + 1 < qr.size && row[end + 1]) end++;
      parts.push(`M${c + margin} ${r + margin}h${end - c + 1}v1h-${end - c + 1}z`);
      c = end;
    }
  });
  return parts.join('');
}
