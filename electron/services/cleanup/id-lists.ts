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

/** The ids of `a` that are in `b` (in = true) or not (in = false). */
function sieve(a: Int32Array, b: Int32Array, inB: boolean): Int32Array {
  const out = new Int32Array(a.length);
  let j = 0;
  let n = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    while (j < b.length && b[j]! < x) j++;
    if ((j < b.length && b[j] === x) === inB) out[n++] = x;
  }
  return out.slice(0, n);
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
