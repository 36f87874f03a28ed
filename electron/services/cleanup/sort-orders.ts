/**
 * A filter's rows in a column's order, from memory. Walking a column's index in SQL tests every
 * entry against the filter and skips `offset` entries one by one: a kept list sorted by domain
 * took 120-150 ms of CPU in the middle of its million rows. Here a column's order is an array of
 * ids: the address and domain orders are read once in a worker when the review is quiet
 * (Review.readInBackground), and the few rows a sparse column's index holds (decision, reason,
 * bounces, last bounce) are read per change. A kept or clean list is every row but a few
 * percent, so its page is found by stepping over the places of those few; a small filter's rows
 * are sorted by their places; a search's rows are picked in one pass over the order.
 */
import type { Db } from '../store/index.js';
import { parseIds, readAddresses, span, type AddressParts } from './address-index.js';
import { indexOfId, memberOf, subtract, union, type IdSet } from './id-lists.js';
import { groupByDomain } from './domain-groups.js';

/** A run of a sorted list: its length and any slice of it. */
export interface Segment { readonly n: number; page(offset: number, limit: number): number[]; readonly bytes?: number }

export function pageOf(segments: readonly Segment[], offset: number, limit: number): number[] {
  const out: number[] = [];
  let at = offset;
  for (const seg of segments) {
    if (out.length >= limit) break;
    if (at >= seg.n) { at -= seg.n; continue; }
    out.push(...seg.page(at, Math.min(limit - out.length, seg.n - at)));
    at = 0;
  }
  return out;
}

/** A list, or the same list read from its end. */
export function listSegment(ids: Int32Array, reversed = false): Segment {
  return {
    n: ids.length,
    bytes: ids.byteLength,
    page: (offset, limit) => reversed
      ? Array.from(ids.subarray(Math.max(0, ids.length - offset - limit), ids.length - offset)).reverse()
      : Array.from(ids.subarray(offset, offset + limit)),
  };
}

/**
 * The integers from `min` to `max` that are not in `others` (sorted ascending), ascending or
 * reversed, each mapped through `at` (a place in an order to its id), as a segment: the
 * offset-th one is found by stepping over the others, no scan.
 */
export function complement(min: number, max: number, others: Int32Array, desc: boolean, at: (i: number) => number = (i) => i): Segment {
  return {
    n: max - min + 1 - others.length,
    bytes: others.byteLength,
    page(offset, limit) {
      const out: number[] = [];
      if (!desc) {
        let i = min + offset;
        let k = 0;
        for (; k < others.length && others[k]! <= i; k++) i++;
        for (; out.length < limit && i <= max; i++) {
          if (k < others.length && others[k] === i) { k++; continue; }
          out.push(at(i));
        }
      } else {
        let i = max - offset;
        let k = others.length - 1;
        for (; k >= 0 && others[k]! >= i; k--) i--;
        for (; out.length < limit && i >= min; i--) {
          if (k >= 0 && others[k] === i) { k--; continue; }
          out.push(at(i));
        }
      }
      return out;
    },
  };
}

/**
 * The rows of a filter or a search: their ids, ascending; or, for the whole list and the kept
 * and clean filters (ids are gapless), every id from `min` to `max` but a sorted few.
 */
export type Rows = { readonly ids: Int32Array } | { readonly min: number; readonly max: number; readonly but: Int32Array };

/** The ids a query's first column gives, as one string parsed here (~4x faster than a million rows fetched). */
export function idsOf(db: Db, sql: string, params: readonly unknown[] = []): Int32Array {
  const [ids, n] = db.prepare(`SELECT CAST(group_concat(id) AS BLOB), count(*) FROM (${sql})`).raw().get(...params) as [Buffer | null, number];
  return parseIds(ids, n);
}

export type Ordered = 'address' | 'domain';

/**
 * The domain of a normalised address column as SQL reads it: what follows its first '@' (the
 * whole address without one). The review's domain column and its sort both use it.
 */
export function domainSql(column = 'email_norm'): string {
  return `substr(${column}, instr(${column}, '@') + 1)`;
}
const DOMAIN = domainSql();

/** What a column's order is made of: plain arrays, so a worker can read them and hand them over. */
export interface OrderParts {
  /** The ids of the rows with a value, by value then id. */
  readonly ids: Int32Array;
  /** The ids of the rows without one, ascending. */
  readonly blanks: Int32Array;
  /** Each id's place in `ids` plus one (0: not there), from id `lo` on. */
  readonly places: Int32Array;
  readonly lo: number;
}

/**
 * A column's order, and each id's place in it (a worker reads it for a big cleanup). The
 * addresses: one walk of their index (~80 ms of CPU at 1M rows). The domains have no index
 * (migration 14): the order a contact import kept (storedDomainOrder: one 4 MB read at 1M rows),
 * else grouped from every row's address (domainOrderOf), which the file keeps for the search
 * (~60 ms to read and ~120-160 ms to group at 1M rows), else sorted by SQL.
 */
export function readOrder(db: Db, by: Ordered): OrderParts {
  if (by === 'domain') {
    const stored = storedDomainOrder(db);
    if (stored) return stored;
    const parts = readAddresses(db);
    if (parts) return domainOrderOf(parts);
    const ids = idsOf(db, `SELECT id FROM contacts WHERE ${DOMAIN} > '' ORDER BY ${DOMAIN}, id`);
    return withPlaces(ids, idsOf(db, `SELECT id FROM contacts WHERE ${DOMAIN} = '' ORDER BY id`));
  }
  const ids = idsOf(db, "SELECT id FROM contacts INDEXED BY contacts_norm WHERE email_norm > '' ORDER BY email_norm, id");
  return withPlaces(ids, idsOf(db, "SELECT id FROM contacts INDEXED BY contacts_norm WHERE email_norm = ''").sort());
}

/** The rows by domain, from the addresses the file keeps for the search (groupByDomain). */
export function domainOrderOf(parts: AddressParts): OrderParts {
  return unpack(groupByDomain(parts.bytes, parts.ids.length, (i) => parts.ids[i]!)!);
}

/** An order as groupByDomain lays it out, with each id's place (views over `packed`, not copies). */
function unpack(packed: Int32Array): OrderParts {
  const blanks = packed[0]!;
  const split = packed.length - blanks;
  return withPlaces(packed.subarray(1, split), packed.subarray(split));
}

/** The first id of the one chunk whose domain order covers every row, if the file keeps one: a few index lookups, no blob read. */
export function keptDomainOrder(db: Db): number | null {
  const chunks = db.prepare('SELECT first_id, last_id, length(domains) FROM search_addresses LIMIT 2').raw().all() as [number, number, number | null][];
  if (chunks.length !== 1) return null;
  const [first, last, bytes] = chunks[0]!;
  if (bytes !== (last - first + 2) * 4) return null;
  const s = span(db);
  return s?.lo === first && s.hi === last ? first : null;
}

/**
 * The domain order a contact import kept beside its addresses (search_addresses.domains), when
 * its chunk holds every row: one 4 MB read at 1M rows (10-50 ms), where grouping every address
 * takes ~0.2 s. Null otherwise (several lists, an edited or older file), and the order is grouped.
 */
export function storedDomainOrder(db: Db): OrderParts | null {
  const first = keptDomainOrder(db);
  if (first === null) return null;
  const [last, blob] = db.prepare('SELECT last_id, domains FROM search_addresses WHERE first_id = ?').raw().get(first) as [number, Buffer];
  const n = last - first + 1;
  // A view over the blob's own bytes where they are aligned (better-sqlite3 gives each blob its own), else a copy.
  const packed = blob.byteOffset % 4 === 0 ? new Int32Array(blob.buffer, blob.byteOffset, n + 1) : new Int32Array(n + 1);
  if (packed.buffer !== blob.buffer) Buffer.from(packed.buffer).set(blob);
  return packed[0]! >= 0 && packed[0]! <= n ? unpack(packed) : null;
}

/** An order with each id's place in it. */
function withPlaces(ids: Int32Array, blanks: Int32Array): OrderParts {
  let lo = 0;
  let hi = -1;
  if (ids.length) {
    lo = ids[0]!;
    hi = lo;
    for (let i = 1; i < ids.length; i++) { const id = ids[i]!; if (id < lo) lo = id; else if (id > hi) hi = id; }
  }
  const places = new Int32Array(hi - lo + 1);
  for (let i = 0; i < ids.length; i++) places[ids[i]! - lo] = i + 1;
  return { ids, blanks, places, lo };
}

/** The buffers of the parts, to hand them to another thread without a copy. */
export function orderTransferList(p: OrderParts): ArrayBuffer[] {
  const own = (a: ArrayBufferView) => a.byteOffset === 0 && a.byteLength === a.buffer.byteLength && a.buffer instanceof ArrayBuffer;
  const views = [p.ids, p.blanks, p.places];
  return views.every(own) ? views.map((v) => v.buffer as ArrayBuffer) : [];
}

/** A column's order of every row with a value (an address, a domain), ascending by value then id, and each id's place in it. */
export class ColumnOrder {
  constructor(private readonly p: OrderParts) {}

  get bytes(): number {
    return this.p.ids.byteLength + this.p.blanks.byteLength + this.p.places.byteLength;
  }

  /** The rows in this order (descending: the order backwards), then the rows without a value in id order (reversed when descending). */
  segments(rows: Rows, desc: boolean): Segment[] {
    const { ids, blanks, places, lo } = this.p;
    const place = (id: number) => (id >= lo && id - lo < places.length ? places[id - lo]! - 1 : -1);
    if (!('ids' in rows)) {
      // Every row but a few: step over the places of the few.
      const skip: number[] = [];
      for (const id of rows.but) { const p = place(id); if (p >= 0) skip.push(p); }
      return [complement(0, ids.length - 1, Int32Array.from(skip).sort(), desc, (p) => ids[p]!), listSegment(subtract(blanks, rows.but), desc)];
    }
    const m = rows.ids;
    if (m.length * 8 > ids.length) {
      const rest: number[] = [];
      let placed = 0;
      for (let i = 0; i < m.length; i++) if (place(m[i]!) >= 0) placed++; else rest.push(m[i]!);
      return [pickSegment(m, ids, placed, desc), listSegment(Int32Array.from(rest), desc)];
    }
    // A few rows: sorted by their places.
    const placed: number[] = [];
    const rest: number[] = [];
    for (const id of m) { const p = place(id); if (p >= 0) placed.push(p); else rest.push(id); }
    const sorted = Int32Array.from(placed).sort();
    for (let i = 0; i < sorted.length; i++) sorted[i] = ids[sorted[i]!]!;
    return [listSegment(sorted, desc), listSegment(Int32Array.from(rest), desc)];
  }
}

/**
 * The `placed` members (ascending ids) that `order` holds, in its order (walked backwards when
 * `backward`), as a segment that walks the order only as far as the pages asked for: a search's
 * first page sorted by address or domain walked all of a million-row order to sort every match
 * (~14 ms of the ~60 a first key in the kept rows took); it now stops after a few hundred
 * entries. What it has walked is kept for the next pages.
 */
export function pickSegment(members: Int32Array, order: Int32Array, placed: number, backward: boolean): Segment {
  // Which ids are members, until every one has been found in the order.
  let isMember: IdSet | null = memberOf(members);
  const sorted = new Int32Array(placed);
  let filled = 0;
  const step = backward ? -1 : 1;
  let at = backward ? order.length - 1 : 0;
  return {
    n: placed,
    get bytes() {
      return (isMember?.bytes ?? 0) + sorted.byteLength;
    },
    page(offset, limit) {
      if (isMember) {
        const upTo = Math.min(placed, offset + limit);
        for (; filled < upTo && at >= 0 && at < order.length; at += step) if (isMember.has(order[at]!)) sorted[filled++] = order[at]!;
        if (filled === placed) isMember = null;
      }
      return Array.from(sorted.subarray(offset, Math.min(filled, offset + limit)));
    },
  };
}

export type Sparse = 'decision' | 'reason' | 'bounces' | 'lastBounce';

/** The rows a sparse column's index holds, ascending by value then id, those without a value (ascending), and all of them by id. */
export interface SparseOrder { readonly sorted: Int32Array; readonly blank: Int32Array; readonly held: Int32Array }

/** Columns whose partial index orders by value (then address, not id): its runs of equal values are sorted by id here. */
const GROUPED: Record<'reason' | 'bounces', { readonly index: string; readonly where: string }> = {
  reason: { index: 'contacts_reason', where: 'reason IS NOT NULL' },
  bounces: { index: 'contacts_bounced', where: 'bounces > 0' },
};

function concat(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/**
 * The few rows a sparse column's index holds in its order, read in index order rather than
 * sorted by SQLite (a sort of 60,000 rows by a computed key took 20-25 ms of CPU, index order
 * 3-6 ms): the decision as two ranges of its index (watch, then remove: by consequence), the
 * last bounce as its index (dated, then undated), the reason and bounce count as runs of equal
 * values, each run's ids sorted here.
 */
export function readSparseOrder(db: Db, by: Sparse): SparseOrder {
  const none = new Int32Array(0);
  if (by === 'decision') {
    const range = (d: string) => idsOf(db, `SELECT id FROM contacts INDEXED BY contacts_flagged_decision WHERE decision = ? AND decision <> 'keep' ORDER BY id`, [d]);
    const watch = range('watch');
    const remove = range('remove');
    return { sorted: concat(watch, remove), blank: none, held: union(watch, remove) };
  }
  if (by === 'lastBounce') {
    const from = 'FROM contacts INDEXED BY contacts_last_bounce WHERE bounces > 0 AND last_bounce_at';
    const sorted = idsOf(db, `SELECT id ${from} IS NOT NULL ORDER BY last_bounce_at, id`);
    const blank = idsOf(db, `SELECT id ${from} IS NULL ORDER BY id`);
    return { sorted, blank, held: union(sorted.slice().sort(), blank) };
  }
  const { index, where } = GROUPED[by];
  const sorted = idsOf(db, `SELECT id FROM contacts INDEXED BY ${index} WHERE ${where} ORDER BY ${by}`);
  let at = 0;
  for (const n of db.prepare(`SELECT count(*) FROM contacts INDEXED BY ${index} WHERE ${where} GROUP BY ${by} ORDER BY ${by}`).pluck().all() as number[]) {
    sorted.subarray(at, at + n).sort();
    at += n;
  }
  if (at !== sorted.length) throw new Error(`the ${by} order changed while it was read`);
  return { sorted, blank: none, held: sorted.slice().sort() };
}

/**
 * A sparse column's order: the few rows its index holds (in the sort's direction, those
 * without a value last), then the rest of the rows in id order (reversed when descending), or
 * the rest first (`restFirst`: the kept rows before the flagged ones in the decision sort).
 */
export function sparseSegments(rows: Rows, order: SparseOrder, desc: boolean, restFirst: boolean): Segment[] {
  // A search's rows can be a million: a bitmap, not a binary search per id of the order (~8 ms of a search sorted by last bounce).
  const inRows = 'ids' in rows ? memberOf(rows.ids).has : (id: number) => id >= rows.min && id <= rows.max && indexOfId(rows.but, id) < 0;
  const inOrder = (ids: Int32Array) => (desc ? ids.slice().reverse() : ids).filter(inRows);
  const sorted = concat(inOrder(order.sorted), inOrder(order.blank));
  const rest = 'ids' in rows ? listSegment(subtract(rows.ids, order.held), desc) : complement(rows.min, rows.max, union(rows.but, order.held), desc);
  return restFirst ? [rest, listSegment(sorted)] : [listSegment(sorted), rest];
}

/**
 * A value read elsewhere (a worker) in the background, or here when nothing is reading it; a
 * change drops it, and a read begun before the change is then ignored.
 */
export class Loadable<T> {
  private value: T | undefined;
  private epoch = 0;
  private loading: Promise<void> | null = null;

  drop(): void {
    this.epoch++;
    this.value = undefined;
    this.loading = null;
  }

  /** Starts reading it elsewhere unless it is in or on its way; resolves when it is in. A failed read leaves it to the next use. */
  load(read: () => Promise<T>): Promise<void> {
    if (this.value !== undefined) return Promise.resolve();
    if (!this.loading) {
      const epoch = this.epoch;
      const p: Promise<void> = read().then((v) => {
        if (epoch === this.epoch && this.value === undefined) this.value = v;
      }, () => undefined).finally(() => { if (this.loading === p) this.loading = null; });
      this.loading = p;
    }
    return this.loading;
  }

  /** The value; read here when it is not in, unless a read elsewhere is on its way and `wait` is false (undefined then). */
  get(readHere: () => T, wait: boolean): T | undefined {
    if (this.value === undefined && (wait || !this.loading)) this.value = readHere();
    return this.value;
  }

  get current(): T | undefined {
    return this.value;
  }

  /** Whether it is in or a read elsewhere is on its way. */
  get asked(): boolean {
    return this.value !== undefined || this.loading !== null;
  }
}

/** A map that keeps only its few most recently used entries (each may hold megabytes). */
export class Recent<V> {
  private readonly map = new Map<string, V>();

  constructor(private readonly max: number) {}

  get(key: string, make: () => V): V {
    let v = this.map.get(key);
    if (v !== undefined) this.map.delete(key);
    else v = make();
    this.map.set(key, v);
    while (this.map.size > this.max) this.map.delete(this.map.keys().next().value!);
    return v;
  }

  clear(): void {
    this.map.clear();
  }

  values(): IterableIterator<V> {
    return this.map.values();
  }
}
