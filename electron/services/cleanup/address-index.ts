/**
 * Every address of a cleanup in memory, for the review's substring search. SQLite's `instr`
 * over the address index costs ~85 ms of CPU per pass at a million rows (most of it the per-row
 * call, not the reading), and a page plus its count took two passes; `indexOf` over one string
 * of every address finds the same rows in 2-30 ms, and the filters and sorts then work on the
 * matching ids. The string is kept in the cleanup file (migration 11), in id order: a contact
 * import stores its rows' addresses before it commits (one walk of the rows it wrote), so the
 * first search reads one blob (~20-35 ms of CPU at 1M rows) instead of walking every row. Rows whose stored addresses are gone (an
 * address edit removes its chunk; a file from before version 11 has none) are read from the
 * rows in a worker as the review opens, and stored again. Kept in memory until the addresses
 * change (an import, an accepted correction, its undo or redo): overrides and rules changes
 * leave them alone.
 */
import { isAscii } from 'node:buffer';
import type { Db } from '../store/index.js';
import type { ImportAddresses } from './contact-pack.js';
import { indexOfId, scratchIds } from './id-lists.js';
import { groupByDomain } from './domain-groups.js';

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
  /** Each row's normalised address in id order, one per line, as UTF-8. */
  readonly bytes: Uint8Array;
  readonly ascii: boolean;
  /** Where each line starts in the decoded text. */
  readonly starts: Int32Array;
  /** The id of each line, ascending. */
  readonly ids: Int32Array;
  readonly blankIds: Int32Array;
  readonly blankCells: string[];
}

/** Rows without a normalised address: their ids and cells, lowercased by SQL's lower() (the search in SQL's own). */
type Blanks = [number, string][];

/**
 * The rows from `first` to `last` as a chunk: their addresses one per line, the cells of those
 * without one, and how many rows there are. One walk of the rows (~180 ms of CPU at 1M rows),
 * the same for the import that just wrote them and for a chunk an edit removed. A rowid range is
 * walked in id order, so the aggregates see the rows in that order (a subquery ordering them
 * costs a quarter more, every column copied through it).
 */
const RANGE_SQL = `SELECT CAST(group_concat(email_norm, char(10)) AS BLOB), json_group_array(json_array(id, lower(email_raw))) FILTER (WHERE email_norm = ''), count(*)
  FROM contacts WHERE id BETWEEN ? AND ?`;

function readRange(db: Db, first: number, last: number): { text: Buffer; blanks: string; n: number } {
  const [text, blanks, n] = db.prepare(RANGE_SQL).raw().get(first, last) as [Buffer | null, string, number];
  return { text: text ?? Buffer.alloc(0), blanks, n };
}

/**
 * Keeps the addresses of a contact import's rows (from `first` to `last`) in the file, in its
 * transaction: the first search after it reads them in one go. The import's reader made them from
 * the rows it produced (ImportAddresses), which are exactly what readRange would read back. With
 * them, their rows by domain: the review's first sort by domain reads that instead of grouping
 * them then (~0.2 s at 1M rows, in the seconds after the import). Both are made here, once the
 * reading thread is gone: a 1M-row import's memory peaked 20-24 MB higher when it made them.
 */
export function storeAddresses(db: Db, first: number, last: number, addresses: ImportAddresses): void {
  if (addresses.n !== last - first + 1) return;
  const text = Buffer.concat(addresses.pieces);
  storeChunk(db, first, last, text, addresses.blanks, groupByDomain(text, addresses.n, (i) => first + i));
}

const NEWLINE = Buffer.from('\n');

function joinLines(pieces: Buffer[]): Buffer {
  return pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces.flatMap((p, i) => (i ? [NEWLINE, p] : [p])));
}

/** A chunk of addresses, and its rows' domain order (domain-groups.groupByDomain) when there is one (sort-orders.storedDomainOrder). */
function storeChunk(db: Db, first: number, last: number, text: Uint8Array, blanks: string, domains: Int32Array | null): void {
  db.prepare('INSERT OR REPLACE INTO search_addresses (first_id, last_id, blanks, text, domains) VALUES (?, ?, ?, ?, ?)')
    .run(first, last, blanks, text, domains && Buffer.from(domains.buffer, domains.byteOffset, domains.byteLength));
}

/**
 * The smallest and largest id: two lookups (SQLite walks every row for a count, or for min and
 * max in one select).
 */
export function span(db: Db): { lo: number; hi: number } | null {
  const s = db.prepare('SELECT (SELECT min(id) FROM contacts) AS lo, (SELECT max(id) FROM contacts) AS hi').get() as { lo: number | null; hi: number };
  return s.lo === null ? null : { lo: s.lo, hi: s.hi };
}

type Piece = { readonly stored: number } | { readonly first: number; readonly last: number };

/**
 * The kept chunks in id order with the id ranges between them no chunk covers, or null when
 * they overlap or run past the ids (not a file ListSweep wrote). A chunk always covers rows that
 * exist: only the import writes one, and an edit or a deleted row removes it (migration 11).
 */
function layout(db: Db, s: { lo: number; hi: number }): Piece[] | null {
  const out: Piece[] = [];
  let next = s.lo;
  for (const [first, last] of db.prepare('SELECT first_id, last_id FROM search_addresses ORDER BY first_id').raw().all() as [number, number][]) {
    if (first < next || last > s.hi || last < first) return null;
    if (first > next) out.push({ first: next, last: first - 1 });
    out.push({ stored: first });
    next = last + 1;
  }
  if (next <= s.hi) out.push({ first: next, last: s.hi });
  return out;
}

/** Whether the file keeps every row's address: a search can read them itself in a few tens of ms. */
export function addressesStored(db: Db): boolean {
  const s = span(db);
  return !s || !!layout(db, s)?.every((p) => 'stored' in p);
}

/**
 * The addresses and their decoded text (kept apart: only the parts can cross to another thread).
 * Bytes that are all ASCII are not decoded: their lines are found in the bytes themselves (a
 * worker's read, whose text would be dropped: 24 MB and ~50 ms less at 1M rows).
 */
interface Read { readonly parts: AddressParts; readonly text?: string }

/**
 * What read hands back: the bytes, to cross to another thread as parts, or the text alone, for
 * this thread's index. The text is taken from SQLite as a string: a copy of the bytes as a Buffer
 * first cost a second block of new memory as large: 24 MB at 1M rows, and ~70 ms of the first
 * search (250 against 320 ms) on a machine where new memory is slow.
 */
type ReadAs = 'bytes' | 'text';

/**
 * Every address, from the file where it keeps them, else from the rows; with `store`, what was
 * read from the rows is kept in the file for the next time, with its domain order (skipped while
 * another connection writes: it is only a quicker way to the same text). Null when an address
 * holds a line break.
 */
export function readAddresses(db: Db, opts: { readonly store?: boolean } = {}): AddressParts | null {
  return read(db, opts, 'bytes')?.parts ?? null;
}

function read(db: Db, opts: { readonly store?: boolean }, as: ReadAs): Read | null {
  const s = span(db);
  if (!s) return decode([], new Int32Array(0), [], as);
  const plan = layout(db, s);
  const stored = db.prepare(`SELECT blanks, ${as === 'text' ? 'CAST(text AS TEXT)' : 'text'} FROM search_addresses WHERE first_id = ?`).raw();
  const fromRows: [number, number, Buffer, string][] = [];
  const pieces: (Buffer | string)[] = [];
  const blanks: Blanks = [];
  for (const p of plan ?? []) {
    if ('stored' in p) {
      const [b, text] = stored.get(p.stored) as [string, Buffer | string];
      pieces.push(text);
      blanks.push(...JSON.parse(b) as Blanks);
      continue;
    }
    const r = readRange(db, p.first, p.last);
    // Ids with holes (rows deleted outside ListSweep): every row is read with its id instead.
    if (r.n !== p.last - p.first + 1) { pieces.length = 0; break; }
    fromRows.push([p.first, p.last, r.text, r.blanks]);
    pieces.push(r.text);
    blanks.push(...JSON.parse(r.blanks) as Blanks);
  }
  if (!pieces.length) {
    const [text, idBytes, n] = db.prepare(`SELECT CAST(group_concat(email_norm, char(10)) AS BLOB), CAST(group_concat(id) AS BLOB), count(*)
      FROM (SELECT email_norm, id FROM contacts ORDER BY id)`).raw().get() as [Buffer, Buffer, number];
    return decode([text], parseIds(idBytes, n), db.prepare("SELECT id, lower(email_raw) FROM contacts WHERE email_norm = '' ORDER BY id").raw().all() as Blanks, as);
  }
  const ids = new Int32Array(s.hi - s.lo + 1);
  for (let i = 0; i < ids.length; i++) ids[i] = s.lo + i;
  const out = decode(pieces, ids, blanks, as);
  if (opts.store && out && fromRows.length) keep(db, fromRows);
  return out;
}

function keep(db: Db, chunks: [number, number, Buffer, string][]): void {
  // Each with its rows' domain order, as an import keeps it: after an edit of one list's address,
  // the first sort by domain reads it again instead of waiting for every address to be grouped.
  const withOrders = chunks.map(([first, last, text, blanks]) => [first, last, text, blanks, groupByDomain(text, last - first + 1, (i) => first + i)] as const);
  const timeout = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma('busy_timeout = 0');
  try {
    db.transaction(() => { for (const c of withOrders) storeChunk(db, ...c); }).immediate();
  } catch (e) {
    if ((e as { code?: string }).code !== 'SQLITE_BUSY') throw e;
  } finally {
    db.pragma(`busy_timeout = ${timeout}`);
  }
}

/**
 * The pieces (one line per row, in id order) as text; null when a line break in an address
 * shifts the lines. As text, the parts hold no bytes (they stay on this thread).
 */
function decode(pieces: (Buffer | string)[], ids: Int32Array, blanks: Blanks, as: ReadAs): Read | null {
  const n = ids.length;
  let bytes: Buffer;
  let text: string | undefined;
  let ascii: boolean;
  if (as === 'text') {
    bytes = Buffer.alloc(0);
    text = pieces.map((p) => (typeof p === 'string' ? p : p.toString('utf8'))).join('\n');
    // Every character one byte in UTF-8: ASCII, whatever bytes the file held.
    ascii = Buffer.byteLength(text, 'utf8') === text.length;
  } else {
    bytes = pieces.length ? joinLines(pieces as Buffer[]) : Buffer.alloc(0);
    ascii = isAscii(bytes);
    if (!ascii) text = bytes.toString('utf8');
  }
  // Where each line starts, in the text's UTF-16 units: in ASCII bytes, the same places.
  const starts = text !== undefined ? lineStarts(n, (from) => text.indexOf('\n', from)) : lineStarts(n, (from) => bytes.indexOf(10, from));
  if (!starts) return null;
  return { parts: { bytes, ascii, starts, ids, blankIds: Int32Array.from(blanks, (b) => b[0]), blankCells: blanks.map((b) => b[1]) }, ...(text !== undefined ? { text } : {}) };
}

/** The starts of `n` lines found by `next` (the next line break at or after a place, or -1); null when the text holds more or fewer. */
function lineStarts(n: number, next: (from: number) => number): Int32Array | null {
  const starts = new Int32Array(n);
  if (n === 0) return starts;
  let lines = 1;
  for (let p = next(0); p >= 0; p = next(p + 1)) {
    if (lines === n) return null;
    starts[lines++] = p + 1;
  }
  return lines === n ? starts : null;
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
    /** Each row's normalised address in id order, one per line ('' for rows without one). */
    private readonly text: string,
    /** Where each line of `text` starts. */
    private readonly starts: Int32Array,
    /** The id of each line, ascending. */
    private readonly ids: Int32Array,
    /** Rows without a normalised address are found by their cell, lowercased (as SQL's lower()). */
    private readonly blanks: { readonly ids: Int32Array; readonly cells: readonly string[] },
    /** V8 keeps an ASCII string at a byte a character, others (here) at two. */
    private readonly charBytes: 1 | 2,
  ) {}

  /** Null when a stored address holds a line break: the caller searches in SQL then. */
  static load(db: Db): AddressIndex | null {
    // Read as text, the text is always there (its parts hold no bytes to decode instead).
    const r = read(db, {}, 'text');
    return r?.text !== undefined ? AddressIndex.of(r.parts, r.text) : null;
  }

  static from(p: AddressParts): AddressIndex {
    const bytes = Buffer.from(p.bytes.buffer, p.bytes.byteOffset, p.bytes.byteLength);
    return AddressIndex.of(p, p.ascii ? bytes.toString('latin1') : bytes.toString('utf8'));
  }

  private static of(p: AddressParts, text: string): AddressIndex {
    return new AddressIndex(text, p.starts, p.ids, { ids: p.blankIds, cells: p.blankCells }, p.ascii ? 1 : 2);
  }

  /** Rows with a line (every row the index covers). */
  get lines(): number {
    return this.ids.length;
  }

  /** Whether every address is ASCII (firstBy answers). */
  get ascii(): boolean {
    return this.charBytes === 1;
  }

  /** Bytes held (the string at one or two bytes a character, the id arrays). */
  get size(): number {
    let n = this.text.length * this.charBytes + this.starts.byteLength + this.ids.byteLength + this.blanks.ids.byteLength;
    for (const c of this.blanks.cells) n += c.length;
    return n;
  }

  /** The ids of the rows whose address contains `q` (trimmed, lowercased, without a line break), ascending. */
  match(q: string): Int32Array {
    const { text, starts, ids } = this;
    const n = starts.length;
    const found = scratchIds(n);
    let k = 0;
    let line = 0;
    for (let p = q ? text.indexOf(q) : -1; p >= 0;) {
      // The line holding p: usually the current one (dense matches), else a few lines ahead (a
      // short query matches most lines): galloping there, then a binary search between.
      if (line + 1 < n && starts[line + 1]! <= p) {
        let a = line + 1;
        let step = 1;
        while (a + step < n && starts[a + step]! <= p) { a += step; step *= 2; }
        let b = Math.min(n - 1, a + step - 1);
        while (a < b) {
          const mid = (a + b + 1) >> 1;
          if (starts[mid]! <= p) a = mid; else b = mid - 1;
        }
        line = a;
      }
      found[k++] = ids[line]!;
      if (++line >= n) break;
      p = text.indexOf(q, starts[line]!);
    }
    const blank = this.blanks.ids.filter((_, i) => !!q && this.blanks.cells[i]!.includes(q));
    return blank.length ? merge(found.subarray(0, k), blank) : found.slice(0, k);
  }

  /**
   * `match(q)` among `members` (ascending ids). The text is searched from a member's line only
   * when the last match found lies before it, so it is read once at most, and the matches on
   * other rows' lines cost nothing: "gmail" among the 52,000 removed rows of 1M, where it is on
   * 284,000 lines, no longer finds the line of each of those and intersects.
   */
  matchAmong(q: string, members: Int32Array): Int32Array {
    const { text, starts, ids, blanks } = this;
    const n = ids.length;
    const found = scratchIds(members.length);
    let k = 0;
    /** The next match at or after the current line; a query holds no line break, so a match is within one line. */
    let next = -1;
    for (let i = 0; q && i < members.length; i++) {
      const id = members[i]!;
      const line = this.lineOf(id);
      const s = line >= 0 ? starts[line]! : 0;
      const end = line < 0 ? 0 : line + 1 < n ? starts[line + 1]! - 1 : text.length;
      if (end > s) {
        if (next < s) next = text.indexOf(q, s) >>> 0; // none: past every line (2^32 - 1)
        if (next < end) found[k++] = id;
        continue;
      }
      // A row without an address is found by its cell.
      const b = blanks.ids.length ? indexOfId(blanks.ids, id) : -1;
      if (b >= 0 && blanks.cells[b]!.includes(q)) found[k++] = id;
    }
    return found.slice(0, k);
  }

  /** The line of a row's id, or -1; ids are usually gapless, so the guess is right. */
  private lineOf(id: number): number {
    const { ids } = this;
    const guess = id - (ids[0] ?? 0);
    return guess >= 0 && guess < ids.length && ids[guess] === id ? guess : indexOfId(ids, id);
  }

  /**
   * The first `k` of `members` (ascending ids) sorted by address or domain as SQL sorts them
   * (value, then id, both in the sort's direction; rows without one last, by id), picked in one
   * pass that keeps the best k: 10-45 ms at 1M rows, where reading the column's order takes
   * 120-150. Null for text that is not ASCII, whose UTF-16 order may differ from SQL's bytes.
   */
  firstBy(members: Int32Array, by: 'address' | 'domain', desc: boolean, k: number): number[] | null {
    const { text, starts, ids } = this;
    if (this.charBytes !== 1) return null;
    const n = ids.length;
    const keys: string[] = [];
    const best: number[] = [];
    const blanks: number[] = [];
    // Members in the sort's direction: a key equal to a kept one goes after it.
    const before = (a: string, b: string) => (desc ? a > b : a < b);
    /** text[from, to) against `key`, as `<` compares strings, without cutting a string from text. */
    const compare = (from: number, to: number, key: string): number => {
      const len = Math.min(to - from, key.length);
      for (let j = 0; j < len; j++) {
        const d = text.charCodeAt(from + j) - key.charCodeAt(j);
        if (d !== 0) return d;
      }
      return to - from - key.length;
    };
    for (let i = desc ? members.length - 1 : 0; desc ? i >= 0 : i < members.length; desc ? i-- : i++) {
      const id = members[i]!;
      const line = this.lineOf(id);
      let from = 0;
      let to = 0;
      if (line >= 0) {
        const s = starts[line]!;
        to = line + 1 < n ? starts[line + 1]! - 1 : text.length;
        const at = by === 'domain' ? text.indexOf('@', s) : -1;
        from = at >= s && at < to ? at + 1 : s;
      }
      if (to <= from) { if (blanks.length < k) blanks.push(id); continue; }
      // Most members lose to the k-th key kept: compared in place, they cost no string.
      if (keys.length === k) {
        const c = compare(from, to, keys[k - 1]!);
        if (desc ? c <= 0 : c >= 0) continue;
      }
      const key = text.slice(from, to);
      let a = 0;
      let b = keys.length;
      while (a < b) { const m = (a + b) >> 1; if (before(key, keys[m]!)) b = m; else a = m + 1; }
      keys.splice(a, 0, key);
      best.splice(a, 0, id);
      if (keys.length > k) { keys.pop(); best.pop(); }
    }
    return best.concat(blanks).slice(0, k);
  }

}

/** Two ascending id lists without common ids as one. */
function merge(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(a.length + b.length);
  // b is a few blank rows, a up to a million matches: a's runs between them go in one copy each.
  let i = 0;
  let k = 0;
  for (let j = 0; j < b.length; j++) {
    let hi = a.length;
    for (let lo = i; lo < hi;) { const m = (lo + hi) >> 1; if (a[m]! < b[j]!) lo = m + 1; else hi = m; }
    out.set(a.subarray(i, hi), k);
    k += hi - i;
    i = hi;
    out[k++] = b[j]!;
  }
  out.set(a.subarray(i), k);
  return out;
}
