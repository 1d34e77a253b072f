/**
 * The resident IDs seen in a file, to find the ones it repeats — kept small
 * enough for a file of millions of rows: not the IDs, not even their keyed
 * hashes as strings (≈ 100 bytes each in a Map), but 64 bits of each keyed
 * hash and the row it came from, in typed arrays (12 bytes a slot, at most
 * half full: ≈ 25 MB for a million IDs). Two different IDs share 64 bits of
 * an HMAC with a probability of about 3·10⁻⁸ in a file of a million rows.
 */
export class Fingerprints {
  private hi: Uint32Array;
  private lo: Uint32Array;
  /** Spreadsheet row of each slot; 0 marks an empty slot (rows start at 1). */
  private rows: Uint32Array;
  private count = 0;

  constructor(capacity = 1 << 14) {
    this.hi = new Uint32Array(capacity);
    this.lo = new Uint32Array(capacity);
    this.rows = new Uint32Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** The row a keyed hash (base64url, as Vault.hash gives it) was first seen on; null the first time, when it is remembered with `row`. */
  firstRow(hash: string, row: number): number | null {
    // 11 base64url characters carry the first 8 bytes.
    const bytes = Buffer.from(hash.slice(0, 11), 'base64url');
    return this.probe(bytes.readUInt32LE(0), bytes.readUInt32LE(4), row);
  }

  private probe(hi: number, lo: number, row: number): number | null {
    const mask = this.rows.length - 1;
    for (let i = (lo ^ Math.imul(hi, 0x9e3779b1)) & mask; ; i = (i + 1) & mask) {
      const r = this.rows[i]!;
      if (r === 0) {
        this.hi[i] = hi;
        this.lo[i] = lo;
        this.rows[i] = row;
        if (++this.count * 2 > this.rows.length) this.grow();
        return null;
      }
      if (this.hi[i] === hi && this.lo[i] === lo) return r;
    }
  }

  private grow(): void {
    const { hi, lo, rows } = this;
    this.hi = new Uint32Array(rows.length * 2);
    this.lo = new Uint32Array(rows.length * 2);
    this.rows = new Uint32Array(rows.length * 2);
    this.count = 0;
    for (let i = 0; i < rows.length; i++) if (rows[i] !== 0) this.probe(hi[i]!, lo[i]!, rows[i]!);
  }
}
