/**
 * Every address of a cleanup in memory, for the review's substring search. SQLite's `instr`
 * over the address index costs ~85 ms of CPU per pass at a million rows (most of it the per-row
 * call, not the reading), and a page plus its count took two passes; `indexOf` over one string
 * of every address finds the same rows in 2-30 ms, and the filters and sorts then work on the
 * matching ids. Reading the string is one walk of the address index (~150-250 ms of CPU at 1M),
 * done in a worker as the review opens for a big cleanup (services), else by the first search,
 * and kept until the addresses change (an import, an accepted correction, its undo or redo):
 * overrides and rules changes leave them alone.
 */
import { isAscii } from 'node:buffer';
import type { Db } from '../store/index.js';

/** "1,2,3" (SQLite's group_concat of integers, as bytes) into its numbers: ~4x faster than fetching a million rows. */
export function parseIds(s: Buffer | null, n: number): Int32Array {
  const out = new Int32Array(n);
  if (!s?.length) return out.subarray(0, 0);
  let k = 0;
  let v = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === 44) { out[k++] = v; v = 0; } else v = v * 10 + c - 48;
  }
  out[k++] = v;
  return out.subarray(0, k);
}

/** What the index is made of: plain arrays, so a worker can read them and hand them over. */
export interface AddressParts {
  /** Each row's normalised address in address order, one per line, as UTF-8. */
  readonly bytes: Uint8Array;
  readonly ascii: boolean;
  /** Where each line starts in the decoded text. */
  readonly starts: Int32Array;
  readonly ids: Int32Array;
  readonly lo: number;
  readonly hi: number;
  readonly blankIds: Int32Array;
  readonly blankCells: string[];
}

/** Null when a stored address holds a line break. */
export function readAddresses(db: Db): AddressParts | null {
  // One walk of the narrow address index gives both lists, row for row (a scan of the table
  // in id order reads the wide rows: ~1.7x the CPU); its order is also the address sort's.
  const [blob, idBytes, n] = db.prepare(`SELECT CAST(group_concat(email_norm, char(10)) AS BLOB), CAST(group_concat(id) AS BLOB), count(*)
    FROM contacts INDEXED BY contacts_norm`).raw().get() as [Buffer | null, Buffer | null, number];
  const bytes = blob ?? Buffer.alloc(0);
  const ascii = isAscii(bytes);
  const text = ascii ? bytes.toString('latin1') : bytes.toString('utf8');
  const starts = new Int32Array(n);
  let lines = 0;
  if (n > 0) {
    starts[lines++] = 0;
    for (let p = text.indexOf('\n'); p >= 0; p = text.indexOf('\n', p + 1)) {
      if (lines === n) return null;
      starts[lines++] = p + 1;
    }
  }
  if (lines !== n) return null;
  const ids = parseIds(idBytes, n);
  let lo = Infinity;
  let hi = -Infinity;
  for (const id of ids) { if (id < lo) lo = id; if (id > hi) hi = id; }
  const blank = db.prepare("SELECT id, lower(email_raw) FROM contacts WHERE email_norm = '' ORDER BY id").raw().all() as [number, string][];
  return { bytes, ascii, starts, ids, lo, hi, blankIds: Int32Array.from(blank, (b) => b[0]), blankCells: blank.map((b) => b[1]) };
}

/** The buffers of the parts, to hand them to another thread without a copy. */
export function transferList(p: AddressParts | null): ArrayBuffer[] {
  if (!p) return [];
  const own = (a: ArrayBufferView) => a.byteOffset === 0 && a.byteLength === a.buffer.byteLength && a.buffer instanceof ArrayBuffer;
  const views = [p.bytes, p.starts, p.ids, p.blankIds];
  return views.every(own) ? views.map((v) => v.buffer as ArrayBuffer) : [];
}

export class AddressIndex {
  private constructor(
    /** Each row's normalised address in address order, one per line ('' first, for rows without one). */
    private readonly text: string,
    /** Where each line of `text` starts. */
    private readonly starts: Int32Array,
    /** The id of each line. */
    private readonly ids: Int32Array,
    /** The smallest and largest id, for a bitmap that puts matches in id order. */
    private readonly lo: number,
    private readonly hi: number,
    /** Rows without a normalised address are found by their cell, lowercased (as SQL's lower()). */
    private readonly blanks: { readonly ids: Int32Array; readonly cells: readonly string[] },
    /** V8 keeps an ASCII string at a byte a character, others (here) at two. */
    private readonly charBytes: 1 | 2,
  ) {}

  /** Null when a stored address holds a line break: the caller searches in SQL then. */
  static load(db: Db): AddressIndex | null {
    const parts = readAddresses(db);
    return parts && AddressIndex.from(parts);
  }

  static from(p: AddressParts): AddressIndex {
    const bytes = Buffer.from(p.bytes.buffer, p.bytes.byteOffset, p.bytes.byteLength);
    const text = p.ascii ? bytes.toString('latin1') : bytes.toString('utf8');
    return new AddressIndex(text, p.starts, p.ids, p.lo, p.hi, { ids: p.blankIds, cells: p.blankCells }, p.ascii ? 1 : 2);
  }

  /** Bytes held (the string at one or two bytes a character, the id arrays). */
  get size(): number {
    let n = this.text.length * this.charBytes + this.starts.byteLength + this.ids.byteLength + this.blanks.ids.byteLength;
    for (const c of this.blanks.cells) n += c.length;
    return n;
  }

  /** The ids of the rows whose address contains `q` (trimmed, lowercased, without a line break), ascending. */
  match(q: string): Int32Array {
    const { text, starts, ids, lo } = this;
    const n = starts.length;
    // Matches come in address order: marked in a bitmap by id, read back in id order.
    const mark = new Uint8Array(n ? this.hi - lo + 1 : 0);
    let k = 0;
    let line = 0;
    for (let p = q ? text.indexOf(q) : -1; p >= 0;) {
      // The line holding p: usually the current one (dense matches), else a binary search ahead.
      if (line + 1 < n && starts[line + 1]! <= p) {
        let a = line + 1;
        let b = n - 1;
        while (a < b) {
          const mid = (a + b + 1) >> 1;
          if (starts[mid]! <= p) a = mid; else b = mid - 1;
        }
        line = a;
      }
      mark[ids[line]! - lo] = 1;
      k++;
      if (++line >= n) break;
      p = text.indexOf(q, starts[line]!);
    }
    this.blanks.cells.forEach((c, i) => { if (q && c.includes(q)) { mark[this.blanks.ids[i]! - lo] = 1; k++; } });
    const out = new Int32Array(k);
    for (let i = 0, j = 0; j < k; i++) if (mark[i]) out[j++] = i + lo;
    return out;
  }

}
