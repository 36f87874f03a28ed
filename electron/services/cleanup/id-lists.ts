/** Set operations on ascending id lists (typed arrays: a million ids stay compact and fast). */

/** The sorted union of two sorted id lists. */
export function union(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length || j < b.length) {
    const x = j >= b.length || (i < a.length && a[i]! <= b[j]!) ? a[i++]! : b[j++]!;
    if (n === 0 || out[n - 1] !== x) out[n++] = x;
  }
  return out.subarray(0, n);
}

/**
 * A buffer of at least `n` ids, reused by every caller whose result is copied out at its length
 * (sieve, AddressIndex.match): not a new array of a million-row search's length (4 MB) for each
 * step. On this project's VM, where untouched memory is dear, a new 4 MB array filled and half
 * copied out took 17-22 ms in a loop, a reused one 0.5 ms. Valid until the next call.
 */
export function scratchIds(n: number): Int32Array {
  if (scratch.length < n) scratch = new Int32Array(n);
  return scratch;
}
let scratch = new Int32Array(0);

/** The ids of `a` that are in `b` (in = true) or not (in = false). */
function sieve(a: Int32Array, b: Int32Array, inB: boolean): Int32Array {
  const out = scratchIds(a.length);
  let j = 0;
  let n = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    while (j < b.length && b[j]! < x) j++;
    if ((j < b.length && b[j] === x) === inB) out[n++] = x;
  }
  return out.slice(0, n);
}

/** Membership of an ascending id list, and the bytes the test holds. */
export interface IdSet {
  has(id: number): boolean;
  readonly bytes: number;
}

/**
 * A test of whether an id is in an ascending list: by a byte per id of its range when it holds at
 * least an eighth of them (a search's hundreds of thousands of rows), else by halves.
 */
export function memberOf(ids: Int32Array): IdSet {
  if (ids.length < 4096 || ids.length * 8 < ids[ids.length - 1]! - ids[0]!) return { has: (id) => indexOfId(ids, id) >= 0, bytes: 0 };
  const lo = ids[0]!;
  const bits = new Uint8Array(ids[ids.length - 1]! - lo + 1);
  for (let i = 0; i < ids.length; i++) bits[ids[i]! - lo] = 1;
  return { has: (id) => id >= lo && id - lo < bits.length && bits[id - lo] === 1, bytes: bits.byteLength };
}

export const intersect = (a: Int32Array, b: Int32Array): Int32Array => sieve(a, b, true);
export const subtract = (a: Int32Array, b: Int32Array): Int32Array => sieve(a, b, false);

/** Where `id` is in an ascending list, or -1. */
export function indexOfId(ids: Int32Array, id: number): number {
  let a = 0;
  let b = ids.length - 1;
  while (a <= b) {
    const mid = (a + b) >> 1;
    const v = ids[mid]!;
    if (v === id) return mid;
    if (v < id) a = mid + 1; else b = mid - 1;
  }
  return -1;
}
