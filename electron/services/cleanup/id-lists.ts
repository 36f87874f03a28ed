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
 * Where sieve writes before copying its result out, as AddressIndex.match does: not a new array
 * of `a`'s length (4 MB for a million-row search) for every filter.
 */
let scratch = new Int32Array(0);

/** The ids of `a` that are in `b` (in = true) or not (in = false). */
function sieve(a: Int32Array, b: Int32Array, inB: boolean): Int32Array {
  if (scratch.length < a.length) scratch = new Int32Array(a.length);
  const out = scratch;
  let j = 0;
  let n = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    while (j < b.length && b[j]! < x) j++;
    if ((j < b.length && b[j] === x) === inB) out[n++] = x;
  }
  return out.slice(0, n);
}

/**
 * A test of whether an id is in an ascending list: by a byte per id of its range when it holds at
 * least an eighth of them (a search's hundreds of thousands of rows), else by halves.
 */
export function memberOf(ids: Int32Array): (id: number) => boolean {
  if (ids.length < 4096 || ids.length * 8 < ids[ids.length - 1]! - ids[0]!) return (id) => indexOfId(ids, id) >= 0;
  const lo = ids[0]!;
  const bits = new Uint8Array(ids[ids.length - 1]! - lo + 1);
  for (let i = 0; i < ids.length; i++) bits[ids[i]! - lo] = 1;
  return (id) => id >= lo && id - lo < bits.length && bits[id - lo] === 1;
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
