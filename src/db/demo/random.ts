/**
 * A small seeded pseudo-random generator for the demo district (sfc32, seeded
 * through a string hash). The same seed gives the same sequence on every
 * machine and Node version: only 32-bit integer arithmetic, no Math.random.
 *
 * Each phase of the generator takes its own stream with `derive(label)`, so
 * that adding a phase (or drawing more numbers in one) never changes the data
 * of the others.
 */

/** FNV-1a over the UTF-16 code units of `text`, as an unsigned 32-bit integer. */
export function hash32(text: string, basis = 0x811c9dc5): number {
  let h = basis >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** A 32-bit finalizer (murmur3 fmix32): spreads nearby inputs over the whole range. */
function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** `seed` is any integer (taken modulo 2^32) or string; `label` names a stream. */
  constructor(
    readonly seed: number | string,
    readonly label = '',
  ) {
    const s = typeof seed === 'number' ? `n:${Math.trunc(seed)}` : `s:${seed}`;
    const h = hash32(`${s}|${label}`);
    this.a = mix32(h ^ 0x9e3779b9);
    this.b = mix32(h ^ 0x243f6a88);
    this.c = mix32(h ^ 0xb7e15162);
    this.d = 1;
    for (let i = 0; i < 15; i++) this.nextUint32();
  }

  /** An independent stream for one part of the generator, fixed by the seed and the label. */
  derive(label: string): Random {
    return new Random(this.seed, this.label ? `${this.label}/${label}` : label);
  }

  /** sfc32: the next unsigned 32-bit integer. */
  nextUint32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** A float in [0, 1) with 32 bits of randomness. */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    if (max < min) throw new RangeError(`int(${min}, ${max}): max < min`);
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** A float in [min, max). */
  float(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Picks by weight: `[[value, weight], ...]`; weights need not sum to 1. */
  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of choices) total += w;
    if (!(total > 0)) throw new RangeError('weighted pick needs a positive total weight');
    let r = this.next() * total;
    for (const [value, w] of choices) {
      r -= w;
      if (r < 0) return value;
    }
    return choices[choices.length - 1]![0];
  }

  /** A new array with the items in random order (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }

  /** Normally distributed (Box–Muller), for skewed sizes via exp(). */
  normal(mean = 0, sd = 1): number {
    const u = 1 - this.next(); // (0, 1]
    const v = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}

/**
 * A weighted picker over a fixed list, O(log n) per draw: for picking among
 * thousands of areas once per unit.
 */
export class WeightedTable<T> {
  private readonly cumulative: number[] = [];
  private readonly values: T[] = [];
  private total = 0;

  constructor(choices: Iterable<readonly [T, number]>) {
    for (const [value, w] of choices) {
      if (!(w > 0)) continue;
      this.total += w;
      this.cumulative.push(this.total);
      this.values.push(value);
    }
    if (this.values.length === 0) throw new RangeError('weighted table needs a positive weight');
  }

  pick(rng: Random): T {
    const r = rng.next() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid]! > r) hi = mid;
      else lo = mid + 1;
    }
    return this.values[lo]!;
  }
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/**
 * A seeded bijection of [0, size): index -> a scrambled index, never the same
 * twice. Lets the generator hand out unique codes and names in any number
 * without remembering the ones it gave.
 */
export class Permutation {
  private readonly mul: number;
  private readonly add: number;

  constructor(
    readonly size: number,
    key: string,
  ) {
    if (!Number.isSafeInteger(size) || size < 1) throw new RangeError(`permutation size ${size}`);
    const h1 = hash32(key);
    const h2 = hash32(key, h1 ^ 0x5bd1e995);
    // A multiplier near size × 0.618 (the golden ratio) spreads neighbours far apart.
    let mul = (Math.floor(size * 0.6180339887) + (h1 % Math.max(1, Math.floor(size / 7)))) % size || 1;
    while (gcd(mul, size) !== 1) mul = (mul + 1) % size || 1;
    this.mul = mul;
    this.add = h2 % size;
  }

  at(index: number): number {
    if (index < 0 || index >= this.size) throw new RangeError(`index ${index} outside permutation of ${this.size}`);
    const product = this.mul * index + this.add;
    if (Number.isSafeInteger(product)) return product % this.size;
    return Number((BigInt(this.mul) * BigInt(index) + BigInt(this.add)) % BigInt(this.size));
  }
}
