/**
 * The first row of every normalised address, for duplicate detection in a million-row import.
 * A Map of a million address strings costs ~100 MB and much GC; this keeps only a 30-bit hash
 * (a small integer, so no boxing) -> row id, and confirms every hit against the stored address,
 * so a hash collision never makes two different addresses duplicates.
 */
export function hash30(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h & 0x3fffffff;
}

export class FirstSeen {
  private readonly map = new Map<number, number | number[]>();

  /** `normOf(id)` reads the normalised address of an earlier row (already stored). */
  constructor(
    private readonly normOf: (id: number) => string | undefined,
    private readonly hash: (s: string) => number = hash30,
  ) {}

  /** The id of the first row with this address; when there is none, records `id` as it. */
  firstOrAdd(norm: string, id: number): number | undefined {
    const h = this.hash(norm);
    const v = this.map.get(h);
    if (v === undefined) {
      this.map.set(h, id);
      return undefined;
    }
    if (typeof v === 'number') {
      if (this.normOf(v) === norm) return v;
      this.map.set(h, [v, id]);
      return undefined;
    }
    for (const c of v) if (this.normOf(c) === norm) return c;
    v.push(id);
    return undefined;
  }
}
