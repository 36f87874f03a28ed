/**
 * Rows grouped by domain from their addresses' bytes: the order an index on the domain gave,
 * made by a contact import's reading thread (kept in the file, migration 15), by the review's
 * worker where the file keeps none (sort-orders), and when the addresses are stored again after
 * an edit (address-index).
 */

/**
 * The rows grouped by domain, from their addresses as UTF-8, one line per row: the domain is
 * what follows a line's first '@' (the whole line without one), as domainSql reads it. Groups go
 * in the bytes' order (SQLite's BINARY collation) and each keeps id order: the order an index on
 * the domain gave. `idAt(i)` is the id of line i. The result is laid out as the file keeps it
 * (migration 15): how many rows have no domain, then the ids with one by domain, then those
 * without, ascending, as 32-bit integers in the machine's byte order (little-endian wherever
 * Electron runs). Null when the bytes do not hold `n` lines.
 *
 * No string is made per row: grouping strings cut from each address cost the import's reading
 * thread ~14 MB more memory at 1M rows (the collector's young generation grew).
 */
export function groupByDomain(bytes: Uint8Array, n: number, idAt: (i: number) => number): Int32Array | null {
  if (n === 0) return new Int32Array(1);
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Each row's group, 0 for none, else the group's index plus one: two bytes a row while there are fewer than 65,535.
  let groupOf: Uint16Array | Int32Array = new Uint16Array(n);
  const keyAt: number[] = [];
  const keyEnd: number[] = [];
  const hashes: number[] = [];
  const counts: number[] = [];
  let table = new Int32Array(1 << 12);
  let blankCount = 0;
  let line = 0;
  let p = 0;
  // The next '@' at or after p: found once and kept while the lines before it have none.
  let at = -1;
  while (p <= buf.length) {
    if (line === n) return null;
    let end = buf.indexOf(10, p);
    if (end < 0) end = buf.length;
    if (at < p) at = buf.indexOf(64, p);
    const from = at >= 0 && at < end ? at + 1 : p;
    if (from === end) {
      groupOf[line++] = 0;
      blankCount++;
      p = end + 1;
      continue;
    }
    let h = 0x811c9dc5;
    for (let i = from; i < end; i++) h = Math.imul(h ^ buf[i]!, 0x01000193);
    const length = end - from;
    let mask = table.length - 1;
    let slot = h & mask;
    let g: number;
    for (;;) {
      g = table[slot]!;
      if (g === 0) {
        g = keyAt.length + 1;
        if (g === 0x10000) groupOf = Int32Array.from(groupOf);
        keyAt.push(from);
        keyEnd.push(end);
        hashes.push(h);
        counts.push(0);
        table[slot] = g;
        if (g * 2 > table.length) {
          table = new Int32Array(table.length * 2);
          mask = table.length - 1;
          for (let k = 0; k < hashes.length; k++) {
            let free = hashes[k]! & mask;
            while (table[free] !== 0) free = (free + 1) & mask;
            table[free] = k + 1;
          }
        }
        break;
      }
      if (keyEnd[g - 1]! - keyAt[g - 1]! === length && sameBytes(buf, keyAt[g - 1]!, from, length)) break;
      slot = (slot + 1) & mask;
    }
    counts[g - 1]!++;
    groupOf[line++] = g;
    p = end + 1;
  }
  if (line !== n) return null;
  const byKey = keyAt.map((_, g) => g).sort((a, b) => buf.compare(buf, keyAt[b]!, keyEnd[b]!, keyAt[a]!, keyEnd[a]!));
  // Where each group's next id goes; index 0 is the rows without a domain, after every group.
  const next = new Int32Array(keyAt.length + 1);
  let place = 1;
  for (const g of byKey) { next[g + 1] = place; place += counts[g]!; }
  next[0] = place;
  const out = new Int32Array(1 + n);
  out[0] = blankCount;
  for (let i = 0; i < n; i++) out[next[groupOf[i]!]!++] = idAt(i);
  return out;
}

/** Whether `length` bytes at `a` and at `b` are the same (Buffer.compare's checks of its arguments cost more than this, per row). */
function sameBytes(buf: Uint8Array, a: number, b: number, length: number): boolean {
  for (let i = 0; i < length; i++) if (buf[a + i] !== buf[b + i]) return false;
  return true;
}
