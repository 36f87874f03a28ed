/**
 * The first row of every normalised address, for duplicate detection in a million-row import.
 * A Map of a million address strings costs ~100 MB and much GC; this keeps only a 30-bit hash
 * (a small integer, so no boxing) -> row id, and confirms every hit against the stored address,
 * so a hash collision never makes two different addresses duplicates.
 */

/** FNV-1a over UTF-16 code units, cut to 30 bits (a V8 small integer). */
export function hash30(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h & 0x3fffffff;
}

/**
 * First id per normalised address: an open-addressing table of (30-bit hash, id) pairs in one
 * typed array (16 MB at a million addresses, no per-entry objects for the GC to walk; a probe
 * touches one cache line, not two). Every hash hit is confirmed against the stored address, so a
 * collision never merges two addresses.
 */
export class FirstIds {
  /** [hash, id] per slot; id 0 is an empty slot. */
  private slots: Int32Array;
  private count = 0;

  constructor(
    private readonly normOf: (id: number) => string | undefined,
    private readonly hash: (s: string) => number = hash30,
    /** Expected entries: sized once up front instead of rehashed while growing. */
    expected = 0,
  ) {
    let size = 1 << 16;
    while (size < expected * 2 && size < 1 << 26) size <<= 1;
    this.slots = new Int32Array(size * 2);
  }

  /** `h`: the address's hash when the caller has it already (it must be this table's hash of `norm`). */
  firstOrAdd(norm: string, id: number, h = this.hash(norm)): number | undefined {
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const at = slots[2 * i + 1]!;
      if (at === 0) {
        slots[2 * i] = h;
        slots[2 * i + 1] = id;
        if (++this.count * 4 > slots.length) this.grow();
        return undefined;
      }
      if (slots[2 * i] === h && this.normOf(at) === norm) return at;
    }
  }

  private grow(): void {
    const old = this.slots;
    const slots = (this.slots = new Int32Array(old.length * 2));
    const mask = (slots.length >> 1) - 1;
    for (let j = 0; j < old.length; j += 2) {
      const id = old[j + 1]!;
      if (id === 0) continue;
      let i = old[j]! & mask;
      while (slots[2 * i + 1] !== 0) i = (i + 1) & mask;
      slots[2 * i] = old[j]!;
      slots[2 * i + 1] = id;
    }
  }
}

/**
 * A set of 30-bit hashes as bits (a Bloom filter with one hash): "no" for nearly every other
 * hash, with no string hashed again and no Map touched. A million-row import asks it for every
 * address before looking the address up in the bounce histories, which at most a few percent of
 * the rows have (a Map lookup per row cost 0.7 CPU-s at 1M rows, measured).
 */
export class HashBits {
  private readonly bits: Int32Array;
  private readonly mask: number;

  constructor(hashes: Iterable<number>, expected: number) {
    // 64 bits per entry: about 1.5% of absent hashes answer "maybe".
    let size = 1 << 16;
    while (size < expected * 64 && size < 1 << 30) size <<= 1;
    this.bits = new Int32Array(size >>> 5);
    this.mask = size - 1;
    for (const h of hashes) this.bits[(h & this.mask) >>> 5]! |= 1 << (h & 31);
  }

  /** False: `h` was not given. True: it may have been. */
  mayHave(h: number): boolean {
    return (this.bits[(h & this.mask) >>> 5]! & (1 << (h & 31))) !== 0;
  }
}
