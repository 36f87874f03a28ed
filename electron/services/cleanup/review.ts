/**
 * Review queries on the main thread: summary, pages of rows, one contact's detail, bulk
 * overrides with undo. Everything is an indexed lookup or a cached aggregate so the table
 * stays fast at a million rows; caches are keyed by a generation bumped on every write.
 */
import type { Db } from '../store/index.js';
import { AppError } from '../../../shared/errors.js';
import type { BounceGroup, ContactDetail, ReviewFilter, ReviewPage, ReviewRow, ReviewSort, ReviewSummary } from '../../../shared/contract.js';
import { decide, decisionOfCause, explain, labelFor } from '../../../shared/policy.js';
import type { Reason, Verdict } from '../../../shared/reasons.js';
import type { Decision, DecisionCause, StoredBounce } from '../../../shared/types.js';
import { loadFacts, loadHistories, readPolicy, recomputeAll, recomputeNorms, relinkDuplicates } from './recompute.js';
import { checkEmail } from '../../../shared/email/index.js';
import type { Policy } from '../../../shared/policy.js';
import { setSetting } from '../store/index.js';
import { cellsOf } from './cells.js';
import { computeBounceSide, storeReviewFigures } from './review-figures.js';
import { storedBounceSide } from './stored-figures.js';
import { intersect, subtract, union } from './id-lists.js';
import { AddressIndex, addressesStored, type AddressParts } from './address-index.js';
import { ColumnOrder, domainSql, idsOf, keptDomainOrder, Loadable, pageOf, readOrder, readSparseOrder, Recent, sparseSegments, type OrderParts, type Ordered, type Rows, type Segment, type Sparse } from './sort-orders.js';

/** How to re-apply an undone step (redo_log.op). */
type RedoOp =
  | { readonly op: 'override'; readonly ids: readonly number[]; readonly decision: Decision | null }
  | { readonly op: 'policy'; readonly policy: Policy }
  | { readonly op: 'accept'; readonly ids: readonly number[] };

interface Counts { total: number; byDecision: Record<Decision, number>; byCause: Partial<Record<DecisionCause, number>> }

type Filter = { decision: 'all' | Decision; search: string; cause?: string; reason?: string; sourceId?: number; bounced?: BounceGroup; flag?: 'typo' };

/**
 * The review connection's SQLite page cache, in MB: SQLite's own default, not the jobs' 16. Its
 * reads are a page of rows or a scan of a narrow index (the summary's count, a search), and a
 * scan fills the whole cache with pages it never reads again. At 16 MB the summary's first load
 * at 1M rows spent about 45 ms of its 76-80 touching new memory; at 2 MB it took 33-40 ms, and
 * the pages, filters and sorts did not change (the review bench, alternate runs).
 */
export const REVIEW_CACHE_MB = 2;

/** Rows with a typo suggestion the user has not accepted. */
const TYPO_SQL = "c.suggestion <> '' AND c.email_fixed IS NULL";

export function normalizeFilter(f: ReviewFilter | undefined): Filter {
  return {
    decision: f?.decision ?? 'all',
    search: (f?.search ?? '').trim().normalize('NFC').toLowerCase(),
    ...(f?.cause ? { cause: f.cause } : {}),
    ...(f?.reason ? { reason: f.reason } : {}),
    ...(f?.sourceId !== undefined ? { sourceId: f.sourceId } : {}),
    ...(f?.bounced ? { bounced: { by: f.bounced.by, key: f.bounced.key } } : {}),
    ...(f?.flag ? { flag: f.flag } : {}),
  };
}

/**
 * The terms of a filter over `c` (contacts), all but the search. A flagged decision or cause also
 * gets the literal term of its partial index (`decision <> 'keep'`, `cause <> 'clean'`): the
 * planner only uses a partial index when the query's own text implies the index's condition.
 */
function filterTerms(f: Filter): { parts: string[]; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (f.decision !== 'all') {
    parts.push(f.decision === 'keep' ? "c.decision = 'keep'" : "c.decision = ? AND c.decision <> 'keep'");
    if (f.decision !== 'keep') params.push(f.decision);
  }
  if (f.cause) {
    parts.push(f.cause === 'clean' ? "c.cause = 'clean'" : "c.cause = ? AND c.cause <> 'clean'");
    if (f.cause !== 'clean') params.push(f.cause);
  }
  if (f.reason) { parts.push('c.reason = ?'); params.push(f.reason); }
  if (f.sourceId !== undefined) { parts.push('c.source_id = ?'); params.push(f.sourceId); }
  if (f.bounced) {
    const g = bounceGroupTerm(f.bounced);
    parts.push(`c.email_norm IN (SELECT b.email_norm FROM bounces b WHERE b.verdict IN ('hard', 'soft') AND ${g.sql})`);
    params.push(...g.params);
  }
  if (f.flag === 'typo') parts.push(TYPO_SQL);
  return { parts, params };
}

/** The bounces (alias `b`) of one bar of the charts: a campaign, a date, a file or a domain. */
function bounceGroupTerm(g: BounceGroup): { sql: string; params: unknown[] } {
  switch (g.by) {
    case 'campaign': return g.key ? { sql: 'b.campaign = ?', params: [g.key] } : { sql: "(b.campaign IS NULL OR b.campaign = '')", params: [] };
    case 'day':
    case 'month': return g.key ? { sql: 'substr(b.occurred_at, 1, ?) = ?', params: [g.key.length, g.key] } : { sql: 'b.occurred_at IS NULL', params: [] };
    case 'file': return { sql: 'b.file = ?', params: [g.key] };
    case 'domain': return { sql: 'b.domain = ?', params: [g.key] };
  }
}

/** SQL WHERE for a filter over table alias `c` (contacts). */
export function whereOf(f: Filter): { sql: string; params: unknown[] } {
  const { parts, params } = filterTerms(f);
  if (f.search) {
    // Substring match on the normalised address (and on the raw cell for rows that have none).
    parts.push("(instr(c.email_norm, ?) > 0 OR (c.email_norm = '' AND instr(lower(c.email_raw), ?) > 0))");
    params.push(f.search, f.search);
  }
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

type SortBy = ReviewSort['by'];

const DOMAIN_SQL = domainSql('c.email_norm');

/**
 * The sorts that order the few rows their index holds by their value (sort-orders) in front of,
 * or behind, the rest of the list, which keeps id order: flagged decisions before or after the
 * kept rows, bounced rows before the others. The value is which direction puts the rest first.
 */
const SPARSE: Partial<Record<SortBy, 'asc' | 'desc' | null>> = { decision: 'asc', reason: null, bounces: null, lastBounce: null };

/**
 * How long readInBackground waits. The sort orders wait for a quiet review: idleMs without a
 * request before any search, afterSearchMs once a search was answered (a little longer than the
 * search box's 250 ms debounce, so the reads never meet the keys of an address being typed). The
 * addresses the file keeps are read addressesMs after the review opens (absent: at once).
 */
export interface BackgroundDelay { readonly idleMs: number; readonly afterSearchMs: number; readonly addressesMs?: number }
const BACKGROUND_DELAY: BackgroundDelay = { idleMs: 2000, afterSearchMs: 600, addressesMs: 300 };

/** Rows from the top of a search sorted by address or domain that are picked from its addresses while the order is not in. */
const FIRST_PAGES_ROWS = 1000;
/**
 * A search within a filter of at most 1/4 of the rows matches among its rows only
 * (AddressIndex.matchAmong). Measured at 1M rows: at 1/4, "gmail" 21 ms against 46 for matching
 * every address and intersecting, "a" 11 against 53, a rare "zq" 8 against 5; at 1/2 the rare
 * queries lose by more (14 against 5).
 */
const MATCH_AMONG_RATIO = 4;

/** What readInBackground reads elsewhere: in the app, a worker. */
export interface BackgroundReaders {
  addresses(): Promise<AddressParts | null>;
  order(by: Ordered): Promise<OrderParts>;
}

interface RowSql {
  id: number; email_raw: string; email_fixed: string | null; suggestion: string; decision: Decision; cause: DecisionCause; policy_cause: DecisionCause; reason: Reason | null;
  problem: string; dup_row: number | null; bounces: number; last_diagnostic: string; override: string | null; source: string;
  row: number; email_col: number | null; headers: string; last_bounce_at: string | null; domain: string;
}


export class Review {
  private generation = 0;
  private readonly cache = new Map<string, unknown>();

  constructor(private readonly db: Db) {}

  /** Call after anything wrote to the cleanup. */
  invalidate(): void {
    this.generation++;
    this.cache.clear();
    this.countsCache = null;
    this.lastSearch = null;
    this.sortedLists.clear();
  }

  /**
   * Every address in memory for the search (null: a cell holds a line break, so the search runs
   * in SQL). Only a change of addresses drops it, not invalidate().
   */
  private readonly addresses = new Loadable<AddressIndex | null>();

  /** Whether the file keeps every address (asked once per load of them: it reads the kept chunks' layout). */
  private stored: boolean | undefined;

  /** Whether the file keeps the rows' domain order (asked once per load of the addresses). */
  private domainsKept: boolean | undefined;

  /** Call after the addresses changed: an import, accepted corrections, their undo or redo. */
  addressesChanged(): void {
    this.addresses.drop();
    this.stored = undefined;
    this.domainsKept = undefined;
    this.orders.address.drop();
    this.orders.domain.drop();
    this.invalidate();
  }

  /**
   * Loads the addresses elsewhere (a worker) unless they are in or on their way, so the first
   * search need not; resolves when they are in. A load that fails leaves it to the next search.
   */
  loadAddresses(read: () => Promise<AddressParts | null>): Promise<void> {
    return this.addresses.load(async () => {
      const parts = await read();
      return parts && AddressIndex.from(parts);
    });
  }

  /** The address and domain sorts' orders of every row (sort-orders); dropped with the addresses. */
  private readonly orders: Record<Ordered, Loadable<ColumnOrder>> = { address: new Loadable(), domain: new Loadable() };

  /** Reads a column's order elsewhere (a worker), so the first sort by it need not; resolves when it is in. */
  loadOrder(by: Ordered, read: () => Promise<OrderParts>): Promise<void> {
    return this.orders[by].load(async () => new ColumnOrder(await read()));
  }

  /** The readers of readInBackground and the timer that starts the orders. */
  private background: {
    readonly readers: BackgroundReaders; readonly delay: BackgroundDelay; timer: ReturnType<typeof setTimeout> | null; searched: boolean;
    /** The addresses' delayed read (see readInBackground): its timer, and the promise callers wait on. */
    addressesSoon: { readonly timer: ReturnType<typeof setTimeout>; readonly done: Promise<void>; readonly settle: () => void } | null;
  } | null = null;

  /**
   * Reads the addresses elsewhere soon (resolves when they are in), and the address and domain
   * orders once the review is quiet (BackgroundDelay). Started with the addresses, the orders' reads
   * landed on the second core in the very second the user typed (the first key 124 ms, sorted
   * by domain 270 ms, at 1M rows). A sort by either column asks for its order at once (SQL
   * answers meanwhile), and a search sorted by one waits for it (orderFor).
   */
  readInBackground(readers: BackgroundReaders, delay: BackgroundDelay = BACKGROUND_DELAY): Promise<void> {
    const bg = (this.background ??= { readers, delay, timer: null, searched: false, addressesSoon: null });
    if (!bg.timer) this.requested(false);
    // Where the file keeps every address, their read waits a moment: a search made meanwhile reads
    // them here alone (~60-130 ms at 1M rows by the clock), where the worker reading the same
    // blob at the same time took it to 80-156 ms. Else the worker reads the rows (and keeps them)
    // at once, and a search meanwhile runs in SQL.
    this.stored ??= addressesStored(this.db);
    if (bg.addressesSoon) return bg.addressesSoon.done;
    if (!bg.delay.addressesMs || !this.stored || this.addresses.asked) return this.loadAddresses(bg.readers.addresses);
    let settle = () => {};
    const done = new Promise<void>((resolve) => { settle = resolve; });
    const timer = setTimeout(() => {
      bg.addressesSoon = null;
      void this.loadAddresses(bg.readers.addresses).then(settle);
    }, bg.delay.addressesMs); // not unref'd: callers wait on it
    bg.addressesSoon = { timer, done, settle };
    return done;
  }

  /** Stops starting reads (the cleanup is closing); a delayed read of the addresses that has not begun resolves unread. */
  stopBackground(): void {
    const bg = this.background;
    if (bg?.timer) clearTimeout(bg.timer);
    if (bg?.addressesSoon) { clearTimeout(bg.addressesSoon.timer); bg.addressesSoon.settle(); }
    this.background = null;
  }

  /** A request was answered: the orders wait for the review to be quiet (see readInBackground). */
  private requested(searched: boolean): void {
    const bg = this.background;
    if (!bg || (this.orders.address.asked && this.orders.domain.asked)) return;
    if (bg.timer) clearTimeout(bg.timer);
    bg.searched ||= searched;
    bg.timer = setTimeout(() => {
      bg.timer = null;
      void this.readOrders('address');
    }, bg.searched ? bg.delay.afterSearchMs : bg.delay.idleMs);
    bg.timer.unref?.();
  }

  /** Reads both orders elsewhere, `first` first, one at a time after the addresses; resolves when `first` is in. */
  private readOrders(first: Ordered): Promise<void> {
    const bg = this.background;
    if (!bg) return Promise.resolve();
    if (bg.timer) { clearTimeout(bg.timer); bg.timer = null; }
    const addresses = this.addresses.asked ? this.loadAddresses(bg.readers.addresses) : Promise.resolve();
    const one = this.loadOrder(first, () => addresses.then(() => bg.readers.order(first)));
    const second: Ordered = first === 'address' ? 'domain' : 'address';
    void this.loadOrder(second, () => one.then(() => bg.readers.order(second)));
    return one;
  }

  /**
   * Resolves when a page sorted by domain, or a search's page sorted by address past the first
   * ones, can be answered from memory: the order is read elsewhere (started now if need be), for
   * the caller to wait on instead of rows() reading it on this thread (~120-150 ms of CPU at 1M
   * rows for the addresses, ~200 ms for the domains). Null when nothing needs waiting for: the
   * address order has an index SQL walks meanwhile; the domains have none (migration 14), but
   * the order a contact import kept with its addresses (migration 15) is read here, one 4 MB
   * read at 1M rows.
   */
  orderFor(filter: ReviewFilter | undefined, sort: ReviewSort | undefined, offset: number, limit: number): Promise<void> | null {
    if (!this.background || (sort?.by !== 'address' && sort?.by !== 'domain') || this.orders[sort.by].current !== undefined) return null;
    const f = normalizeFilter(filter);
    const searching = !!f.search && !f.search.includes('\n') && this.addresses.current !== null;
    // A first page is picked from the search's own addresses (searchFirstPages) where they are ASCII.
    if (searching && offset + limit <= FIRST_PAGES_ROWS && this.addresses.current?.ascii !== false) return null;
    if (!searching && sort.by === 'address') return null;
    // The order a contact import kept is read here: one 4 MB read at 1M rows (sort-orders.storedDomainOrder).
    if (sort.by === 'domain' && (this.domainsKept ??= keptDomainOrder(this.db) !== null)) return null;
    return this.readOrders(sort.by);
  }

  /** Rows in the cleanup (a cached count). */
  get rowCount(): number {
    return this.counts().total;
  }

  /** Bytes the search's addresses hold in memory (0 before the first search). */
  get searchMemory(): number {
    return this.addresses.current?.size ?? 0;
  }

  /** Bytes the sorts hold in memory: the domain order and the sorted lists kept. */
  get sortMemory(): number {
    let n = (this.orders.address.current?.bytes ?? 0) + (this.orders.domain.current?.bytes ?? 0);
    for (const segs of this.sortedLists.values()) for (const s of segs) n += s.bytes ?? 0;
    return n;
  }

  /**
   * The in-memory addresses when this filter searches and they can answer it. While a worker is
   * still reading them, the search reads them itself where the file keeps them all (~60 ms of
   * CPU at 1M rows, less than waiting), else runs in SQL rather than read every row twice.
   */
  private searchIndex(f: Filter): AddressIndex | null {
    if (!f.search || f.search.includes('\n')) return null;
    const here = () => AddressIndex.load(this.db);
    if (this.addresses.current !== undefined || !this.addresses.asked) return this.addresses.get(here, true) ?? null;
    this.stored ??= addressesStored(this.db);
    return this.addresses.get(here, this.stored) ?? null;
  }

  /**
   * The last search's rows (the filter's other terms applied), ascending. One search only: each
   * keystroke is a new one, and a million ids are 4 MB.
   */
  private lastSearch: { key: string; ids: Int32Array } | null = null;

  /** A filter's or a search's rows sorted by a column: the few most recent, until the next change. */
  private readonly sortedLists = new Recent<Segment[]>(4);

  private searched(f: Filter, index: AddressIndex): { ids: Int32Array } {
    const key = JSON.stringify(f);
    if (this.lastSearch?.key === key) return this.lastSearch;
    const rest: Filter = { ...f, search: '' };
    const dense = Review.denseTerms(rest);
    let ids: Int32Array;
    if (dense) {
      ids = index.match(f.search);
      if (dense.length) ids = subtract(ids, this.flaggedIds(dense));
    } else {
      // The other terms' rows through their indexes, once per change (every keystroke reuses them).
      const { parts, params } = filterTerms(rest);
      const within = this.cached(`filter-ids:${JSON.stringify(rest)}`, () => idsOf(this.db, `SELECT c.id FROM contacts c WHERE ${parts.join(' AND ')}`, params).sort());
      // A few rows: their own addresses only. Many: every address once, then the rows in both.
      ids = within.length * MATCH_AMONG_RATIO <= index.lines ? index.matchAmong(f.search, within) : intersect(index.match(f.search), within);
    }
    this.lastSearch = { key, ids };
    return this.lastSearch;
  }

  /**
   * A filter's (or a search's) rows in a column's order from memory, or null while a worker
   * still reads the address order (SQL walks its index meanwhile; `wait`, and every sort by
   * domain, read it here instead). Kept for the next pages until the next change (the few most
   * recent only: a search's list may hold a million ids).
   */
  private memorySegments(key: string, rows: () => Rows, by: SortBy, desc: boolean, wait: boolean): Segment[] | null {
    const sparse = SPARSE[by];
    if (sparse !== undefined) {
      return this.sortedLists.get(`${key}:${by}:${desc}`, () => {
        // The few rows the column's index holds, once per change.
        const held = this.cached(`sparse:${by}`, () => readSparseOrder(this.db, by as Sparse));
        return sparseSegments(rows(), held, desc, sparse === (desc ? 'desc' : 'asc'));
      });
    }
    const column = by as Ordered;
    // Read elsewhere where a worker can (meanwhile SQL walks the address index), here otherwise.
    if (!wait && !this.orders[column].asked) void this.readOrders(column);
    const order = this.orders[column].get(() => new ColumnOrder(readOrder(this.db, column)), wait);
    return order ? this.sortedLists.get(`${key}:${by}:${desc}`, () => order.segments(rows(), desc)) : null;
  }

  /**
   * A first page of a search sorted by address or domain before that order is in, from the
   * search's own addresses (AddressIndex.firstBy): the first key typed in a list sorted by domain
   * took 270 ms at 1M rows reading the order here. Null for deeper pages, which use the order.
   */
  private searchFirstPages(f: Filter, sort: ReviewSort, offset: number, limit: number): number[] | null {
    if ((sort.by !== 'address' && sort.by !== 'domain') || this.orders[sort.by].current !== undefined || offset + limit > FIRST_PAGES_ROWS) return null;
    const index = this.searchIndex(f);
    return index?.firstBy(this.searched(f, index).ids, sort.by, sort.dir === 'desc', offset + limit)?.slice(offset) ?? null;
  }

  /** The rows of a filter without a search: every id but the flagged ones for the whole list and the kept and clean filters. */
  private rowsOf(f: Filter): Rows {
    const dense = Review.denseTerms(f);
    const g = dense ? this.gapless() : null;
    if (dense && g) return { min: g.min, max: g.min + this.counts().total - 1, but: dense.length ? this.flaggedIds(dense) : new Int32Array(0) };
    return { ids: this.filterIds(f) };
  }

  private cached<T>(key: string, make: () => T): T {
    if (this.cache.has(key)) return this.cache.get(key) as T;
    const v = make();
    this.cache.set(key, v);
    return v;
  }

  /** Row counts by decision and cause: scanned once, then kept up to date by overrides' deltas. */
  private countsCache: Counts | null = null;

  private counts(): Counts {
    if (this.countsCache) return this.countsCache;
    // Only flagged rows are indexed (migration 3): kept and clean are what is left of the total.
    const total = (this.db.prepare('SELECT count(*) AS n FROM contacts').get() as { n: number }).n;
    const byDecision: Record<Decision, number> = { keep: 0, remove: 0, watch: 0 };
    let flagged = 0;
    for (const r of this.db.prepare("SELECT decision, count(*) AS n FROM contacts WHERE decision <> 'keep' GROUP BY decision").all() as { decision: Decision; n: number }[]) {
      byDecision[r.decision] = r.n;
      flagged += r.n;
    }
    byDecision.keep = total - flagged;
    const byCause: Partial<Record<DecisionCause, number>> = {};
    let other = 0;
    for (const r of this.db.prepare("SELECT cause, count(*) AS n FROM contacts WHERE cause <> 'clean' GROUP BY cause").all() as { cause: DecisionCause; n: number }[]) {
      byCause[r.cause] = r.n;
      other += r.n;
    }
    if (total > other) byCause.clean = total - other;
    return (this.countsCache = { total, byDecision, byCause });
  }

  /** decision/cause counts of the rows of one undo step (before or after it is applied). */
  private stepCounts(undoId: number): { decision: Decision; cause: DecisionCause; n: number }[] {
    return this.db.prepare(`SELECT c.decision, c.cause, count(*) AS n FROM undo_items u JOIN contacts c ON c.id = u.contact_id
      WHERE u.undo_id = ? GROUP BY c.decision, c.cause`).all(undoId) as { decision: Decision; cause: DecisionCause; n: number }[];
  }

  private applyDelta(sign: 1 | -1, rows: { decision: Decision; cause: DecisionCause; n: number }[]): void {
    const c = this.countsCache;
    if (!c) return;
    for (const r of rows) {
      c.byDecision[r.decision] += sign * r.n;
      c.byCause[r.cause] = (c.byCause[r.cause] ?? 0) + sign * r.n;
      if (c.byCause[r.cause] === 0) delete c.byCause[r.cause];
    }
  }

  /** A write whose transaction rolls back must not leave adjusted counts behind. */
  private guarded<T>(f: () => T): T {
    try {
      return f();
    } catch (e) {
      this.invalidate();
      throw e;
    }
  }

  /** After an override or undo: the counts were adjusted; everything else derived is dropped. */
  private afterOverride(): void {
    const keep = this.countsCache;
    this.afterBulkChange();
    this.countsCache = keep;
  }

  total(f: Filter): number {
    const index = this.searchIndex(f);
    if (index) return this.searched(f, index).ids.length;
    const c = this.counts();
    if (!f.search && !f.cause && !f.reason && f.sourceId === undefined && !f.bounced && !f.flag) return f.decision === 'all' ? c.total : c.byDecision[f.decision];
    if (!f.search && !f.reason && f.sourceId === undefined && !f.bounced && !f.flag && f.decision === 'all' && f.cause) return c.byCause[f.cause as DecisionCause] ?? 0;
    // Kept and clean together: every row but the flagged ones (counting them would read every wide row).
    const dense = Review.denseTerms(f);
    if (dense?.length) return c.total - this.flaggedIds(dense).length;
    // The rows themselves, kept for the sorts, which need them too (a bounce filter's query is ~25 ms at 1M).
    if (!f.search) return this.filterIds(f).length;
    return this.cached(`total:${JSON.stringify(f)}`, () => {
      const q = this.idQuery(f);
      return (this.db.prepare(`SELECT count(*) AS n FROM (${q.sql})`).get(...q.params) as { n: number }).n;
    });
  }

  summary(canUndo: boolean): ReviewSummary {
    this.requested(false);
    const c = this.counts();
    const contactSide = this.cached('contact-summary', () => ({
      byReason: this.db.prepare(`SELECT reason, count(DISTINCT email_norm) AS addresses FROM contacts INDEXED BY contacts_reason
        WHERE reason IS NOT NULL GROUP BY reason ORDER BY addresses DESC`).all() as { reason: Reason; addresses: number }[],
      suggestions: (this.db.prepare(`SELECT count(*) AS n FROM contacts c INDEXED BY contacts_suggestion WHERE ${TYPO_SQL}`).get() as { n: number }).n,
    }));
    // Bounce figures count the addresses on the user's lists, never bounce records of other
    // addresses: a bounce export usually covers a whole account. They change only with an
    // import (bounces, or contacts that match bounces already in), not with overrides.
    const bounceSide = this.cached('bounce-summary', () => storedBounceSide(this.db) ?? computeBounceSide(this.db));
    return {
      total: c.total, byDecision: { ...c.byDecision }, byCause: { ...c.byCause }, byReason: contactSide.byReason,
      worstDomains: bounceSide.worstDomains, reputationWarning: bounceSide.reputationWarning, bounceAddresses: bounceSide.bounceAddresses, canUndo, canRedo: this.canRedo(),
      suggestions: contactSide.suggestions, decisionCauses: splitByCause(c, readPolicy(this.db)), bounceTimeline: bounceSide.bounceTimeline,
    };
  }

  /** Ids are assigned 1, 2, 3… per import and never deleted, so an offset is an id. Checked, not assumed. */
  private gapless(): { min: number } | null {
    return this.cached('gapless', () => {
      // Two subqueries: SQLite reads a lone min() or max() off the end of the table, but a query
      // asking both scans every row (~50 ms at 1M).
      const r = this.db.prepare('SELECT (SELECT min(id) FROM contacts) AS lo, (SELECT max(id) FROM contacts) AS hi').get() as { lo: number | null; hi: number | null };
      if (r.lo === null || r.hi === null) return null;
      return r.hi - r.lo + 1 === this.counts().total ? { min: r.lo } : null;
    });
  }

  /**
   * The ids matching a filter, as narrow queries: a search scans the small email index (not
   * the wide rows), a decision or cause filter walks its index in id order.
   */
  private idQuery(f: Filter): { sql: string; params: unknown[] } {
    const { parts: rest, params } = filterTerms(f);
    const and = rest.map((r) => ` AND ${r}`).join('');
    if (!f.search) return { sql: `SELECT c.id FROM contacts c${rest.length ? ` WHERE ${rest.join(' AND ')}` : ''}`, params };
    // Search within a small decision or cause: walk that index and read those rows. Otherwise
    // scan the narrow email index and read only the matching rows.
    const c = this.counts();
    const subset = f.decision !== 'all' ? c.byDecision[f.decision] : f.cause ? c.byCause[f.cause as DecisionCause] ?? 0 : c.total;
    const hint = subset < c.total * 0.3 ? '' : 'INDEXED BY contacts_norm';
    return {
      sql: `SELECT c.id FROM contacts c ${hint} WHERE instr(c.email_norm, ?) > 0${and}
        UNION ALL SELECT c.id FROM contacts c ${hint} WHERE c.email_norm = '' AND instr(lower(c.email_raw), ?) > 0${and}`,
      params: [f.search, ...params, f.search, ...params],
    };
  }

  /**
   * The kept and clean filters (alone or together) match most rows and have no index (migration
   * 3): their rows are every id but the flagged ones. The terms that pick the flagged rows, or
   * null when the filter is anything else.
   */
  private static denseTerms(f: Filter): string[] | null {
    if (f.search || f.reason || f.sourceId !== undefined || f.bounced || f.flag) return null;
    const keep = f.decision === 'keep';
    const clean = f.cause === 'clean';
    if ((f.decision !== 'all' && !keep) || (f.cause && !clean)) return null;
    return [...(keep ? ["decision <> 'keep'"] : []), ...(clean ? ["cause <> 'clean'"] : [])];
  }

  /** The ids a filter picks, sorted, once per change. */
  private filterIds(f: Filter): Int32Array {
    return this.cached(`ids:${JSON.stringify(f)}`, () => {
      const q = this.idQuery(f);
      return idsOf(this.db, q.sql, q.params).sort();
    });
  }

  /** The ids the terms pick (each a partial index), sorted, once per change. */
  private flaggedIds(terms: readonly string[]): Int32Array {
    // Whole lists and a typed sort: row by row through a Set took ~3x longer at 60-70k flagged rows.
    return this.cached(`others:${terms.join()}`, () => terms
      .map((t) => idsOf(this.db, `SELECT id FROM contacts WHERE ${t}`).sort())
      .reduce<Int32Array>((a, b) => union(a, b), new Int32Array(0)));
  }

  /**
   * With gapless ids the offset-th row of a kept or clean filter is found by stepping over the
   * flagged ids (a few percent of the rows, sorted once per change), so any page is one short
   * id-range read instead of a scan past `offset` rows.
   */
  private denseStart(f: Filter, offset: number): { start: number; where: string } | null {
    const terms = Review.denseTerms(f);
    if (!terms?.length) return null;
    const g = this.gapless();
    if (!g) return null;
    let start = g.min + offset;
    for (const id of this.flaggedIds(terms)) {
      if (id > start) break;
      start++;
    }
    return { start, where: terms.map((t) => t.replace('<>', '=')).join(' AND ') };
  }

  /**
   * A sort as segments, from memory (sort-orders) once the column's order is in; until then,
   * for the address, a walk of its index (blank addresses after, in id order), the filter an
   * `IN` (or `NOT IN`) over its own id query. The domain has no index (migration 14): its order
   * is read here when it is not in (the order an import kept, in one read; otherwise the app's
   * services wait for the worker's: orderFor).
   */
  private sortSegments(f: Filter, by: SortBy, desc: boolean): Segment[] {
    const index = this.searchIndex(f);
    if (index) return this.memorySegments(`search:${JSON.stringify(f)}`, () => ({ ids: this.searched(f, index).ids }), by, desc, true)!;
    const inMemory = this.memorySegments(`filter:${JSON.stringify(f)}`, () => this.rowsOf(f), by, desc, by === 'domain');
    if (inMemory) return inMemory;
    const terms = Review.denseTerms(f);
    const g = terms ? this.gapless() : null;
    const n = this.total(f);
    const dir = desc ? 'DESC' : 'ASC';
    const fk = JSON.stringify(f);
    // The filter as a term on `c` read by id alone (never the wide row).
    let within: string;
    let params: unknown[] = [];
    if (terms && g) {
      within = terms.map((t) => ` AND c.id NOT IN (SELECT id FROM contacts WHERE ${t})`).join('');
    } else {
      const q = this.idQuery(f);
      within = ` AND c.id IN (${q.sql})`;
      params = q.params;
    }
    const key = 'c.email_norm';
    const blank = `${key} = ''`;
    const blanks = this.cached(`blanks:${by}:${fk}`, () => (this.db.prepare(`SELECT count(*) FROM contacts c WHERE ${blank}${within}`).pluck().get(...params) as number));
    /**
     * An index walk skips `offset` entries one by one (and tests each against the filter), so a
     * page past the middle is read from the other end: the last page of a kept list sorted by
     * address walks 200 entries, not 800,000.
     */
    const walk = (where: string, keyed: boolean, segN: number): Segment => {
      const st = (d: string) => this.db.prepare(`SELECT c.id FROM contacts c INDEXED BY contacts_norm
        WHERE ${where}${within} ORDER BY ${keyed ? `${key} ${d}, ` : ''}c.id ${d} LIMIT ? OFFSET ?`).pluck();
      const forward = st(dir);
      const backward = st(desc ? 'ASC' : 'DESC');
      return {
        n: segN,
        page: (offset, limit) => {
          const end = Math.min(segN, offset + limit);
          if (offset <= segN - end) return forward.all(...params, limit, offset) as number[];
          return (backward.all(...params, end - offset, segN - end) as number[]).reverse();
        },
      };
    };
    return [walk(`${key} > ''`, true, n - blanks), walk(blank, false, blanks)];
  }

  rows(filter: ReviewFilter | undefined, offset: number, limit: number, sort?: ReviewSort): ReviewPage {
    const f = normalizeFilter(filter);
    const plain = !f.search && f.decision === 'all' && !f.cause && !f.reason && f.sourceId === undefined && !f.bounced && !f.flag;
    const g = plain && !sort ? this.gapless() : null;
    const dense = plain || sort ? null : this.denseStart(f, offset);
    let ids: number[];
    const index = sort ? null : this.searchIndex(f);
    if (sort) {
      ids = this.searchFirstPages(f, sort, offset, limit) ?? pageOf(this.sortSegments(f, sort.by, sort.dir === 'desc'), offset, limit);
    } else if (index) {
      ids = Array.from(this.searched(f, index).ids.subarray(offset, offset + limit));
    } else if (g) {
      ids = (this.db.prepare('SELECT id FROM contacts WHERE id >= ? ORDER BY id LIMIT ?').all(g.min + offset, limit) as { id: number }[]).map((r) => r.id);
    } else if (dense) {
      ids = this.db.prepare(`SELECT id FROM contacts WHERE id >= ? AND ${dense.where} ORDER BY id LIMIT ?`).pluck().all(dense.start, limit) as number[];
    } else {
      const q = this.idQuery(f);
      ids = (this.db.prepare(`SELECT id FROM (${q.sql}) ORDER BY id LIMIT ? OFFSET ?`).all(...q.params, limit, offset) as { id: number }[]).map((r) => r.id);
    }
    const rows = ids.length
      ? (this.db.prepare(`SELECT c.id, c.email_raw, c.email_fixed, c.suggestion, c.decision, c.cause, c.policy_cause, c.reason, c.problem, d.row AS dup_row,
          c.bounces, c.last_diagnostic, c.override, s.name AS source, c.row, c.email_col, CASE WHEN c.email_col IS NULL THEN '' ELSE s.headers END AS headers,
          c.last_bounce_at, ${DOMAIN_SQL} AS domain
        FROM json_each(?) j JOIN contacts c ON c.id = j.value LEFT JOIN contacts d ON d.id = c.duplicate_of JOIN sources s ON s.id = c.source_id
        ORDER BY j.key`).all(JSON.stringify(ids)) as RowSql[])
      : [];
    const total = rows.length < limit && (offset === 0 || rows.length > 0) ? offset + rows.length : this.total(f);
    this.requested(f.search !== '');
    return { total, offset, rows: rows.map(toReviewRow) };
  }

  contact(id: number): ContactDetail {
    const facts = loadFacts(this.db, id);
    const row = this.db.prepare(`SELECT c.id, c.email_raw, c.email_fixed, c.email_norm, c.raw, c.fields, c.row, c.decision, c.cause, c.valid, c.problem, c.suggestion,
        c.role, c.disposable, c.email_col, s.name AS source, s.headers, s.format_json FROM contacts c JOIN sources s ON s.id = c.source_id WHERE c.id = ?`).get(id) as
      | { id: number; email_col: number | null; email_raw: string; email_fixed: string | null; email_norm: string; raw: string | null; fields: string | null; format_json: string; row: number; decision: Decision; cause: DecisionCause; valid: number; problem: string; suggestion: string; role: number; disposable: number; source: string; headers: string }
      | undefined;
    if (!row || !facts) throw new AppError('not-found', `There is no contact with id ${id} in this cleanup.`);
    const policy = readPolicy(this.db);
    const history = row.email_norm ? loadHistories(this.db, 'WHERE b.email_norm = ?', row.email_norm).get(row.email_norm) ?? [] : [];
    const outcome = decide(facts, history, policy);
    const headers = JSON.parse(row.headers) as string[];
    const fields = cellsOf(row.raw, row.fields, (JSON.parse(row.format_json) as { delimiter: string }).delimiter);
    const deciding = outcome.evidence?.id;
    // Newest first (undated last), the deciding event on top: a long history
    // never buries the hard bounce that decided under years of "mailbox full".
    const bounces = row.email_norm
      ? (this.db.prepare(`SELECT b.*, s.name AS source_name FROM bounces b JOIN sources s ON s.id = b.source_id WHERE b.email_norm = ?
          ORDER BY b.id = ? DESC, b.occurred_at IS NULL, b.occurred_at DESC, b.id DESC`).all(row.email_norm, deciding ?? -1) as BounceSql[]).map(toStoredBounce)
      : [];
    const email = row.email_fixed ?? row.email_raw;
    return {
      id: row.id, email,
      fields: fields.map((value, i) => ({ header: headers[i] ?? `Column ${i + 1}`, value })),
      decision: row.decision, cause: row.cause,
      sentence: explain(email.trim(), facts, history, outcome, policy),
      overridden: facts.override !== null,
      ...(row.email_fixed !== null ? { originalEmail: row.email_raw, originalBounces: this.bouncesOf(row.email_raw) } : {}),
      check: { address: email, valid: row.valid === 1, normalized: row.email_norm, suggestion: row.suggestion, role: row.role === 1, disposable: row.disposable === 1, problem: row.problem },
      bounces, ...(deciding !== undefined ? { decidingBounceId: deciding } : {}), source: row.source, row: row.row,
      ...(row.email_col !== null && headers[row.email_col] !== undefined ? { column: headers[row.email_col] } : {}),
    };
  }

  /** What the imported reports hold for an address (as typed; normalised here). */
  private bouncesOf(address: string): { total: number; hard: number } {
    const norm = checkEmail(address).normalized;
    const r = this.db.prepare("SELECT count(*) AS total, coalesce(sum(verdict = 'hard'), 0) AS hard FROM bounces WHERE email_norm = ?").get(norm) as { total: number; hard: number };
    return { total: r.total, hard: r.hard };
  }

  /** Rows the next undo touches (a rules change re-decides every row). */
  undoSize(): number {
    const r = this.db.prepare(`SELECT l.id,
        (SELECT count(*) FROM undo_items WHERE undo_id = l.id) + (SELECT count(*) FROM undo_edits WHERE undo_id = l.id) AS n,
        EXISTS (SELECT 1 FROM undo_policy WHERE undo_id = l.id) AS policy
      FROM undo_log l ORDER BY l.id DESC LIMIT 1`).get() as { n: number; policy: number } | undefined;
    if (!r) return 0;
    return r.policy ? this.counts().total : r.n;
  }

  /**
   * After decisions changed in another connection (a worker): everything derived goes but the
   * bounce figures, which only a bounce import changes (not overrides, edits or rules), and the
   * search's addresses unless the change may have edited some.
   */
  afterBulkChange(addresses = false): void {
    const bounceSide = this.cache.get('bounce-summary');
    if (addresses) this.addressesChanged(); else this.invalidate();
    if (bounceSide !== undefined) this.cache.set('bounce-summary', bounceSide);
  }

  canUndo(): boolean {
    return this.db.prepare('SELECT 1 FROM undo_log LIMIT 1').get() !== undefined;
  }

  canRedo(): boolean {
    return this.db.prepare('SELECT 1 FROM redo_log LIMIT 1').get() !== undefined;
  }

  /** Rows the next redo touches. */
  redoSize(): number {
    const r = this.db.prepare('SELECT op FROM redo_log ORDER BY id DESC LIMIT 1').pluck().get() as string | undefined;
    if (r === undefined) return 0;
    const op = JSON.parse(r) as RedoOp;
    return op.op === 'policy' ? this.counts().total : op.ids.length;
  }

  /** Set while a redo re-applies a step, which must not forget the steps after it. */
  private replaying = false;

  /** A new change (not a redo) makes the undone steps unreachable, as in every editor. */
  private forgetRedo(): void {
    if (!this.replaying) this.db.exec('DELETE FROM redo_log');
  }

  /** Keeps how to re-apply the newest undo step, before undo removes it (same transaction). */
  private rememberRedo(undoId: number, label: string): void {
    const db = this.db;
    let op: RedoOp;
    if (db.prepare('SELECT 1 FROM undo_policy WHERE undo_id = ?').get(undoId)) {
      op = { op: 'policy', policy: readPolicy(db) };
    } else if (db.prepare('SELECT 1 FROM undo_edits WHERE undo_id = ?').get(undoId)) {
      op = { op: 'accept', ids: db.prepare('SELECT contact_id FROM undo_edits WHERE undo_id = ? ORDER BY contact_id').pluck().all(undoId) as number[] };
    } else {
      // One step sets one override on all its rows: the value any of them now has.
      const ids = db.prepare('SELECT contact_id FROM undo_items WHERE undo_id = ? ORDER BY contact_id').pluck().all(undoId) as number[];
      const decision = ids.length ? db.prepare('SELECT override FROM contacts WHERE id = ?').pluck().get(ids[0]) as Decision | null : null;
      op = { op: 'override', ids, decision };
    }
    db.prepare('INSERT INTO redo_log (label, op) VALUES (?, ?)').run(label, JSON.stringify(op));
  }

  /** Re-applies the newest undone step; returns its label, null when there is nothing to redo. */
  redo(): string | null {
    const db = this.db;
    const last = db.prepare('SELECT id, label, op FROM redo_log ORDER BY id DESC LIMIT 1').get() as { id: number; label: string; op: string } | undefined;
    if (!last) return null;
    const op = JSON.parse(last.op) as RedoOp;
    this.replaying = true;
    try {
      // The change adds its undo step; the redo entry goes in the same transaction.
      db.transaction(() => {
        if (op.op === 'policy') this.setPolicy(op.policy);
        else if (op.op === 'accept') this.acceptSuggestions(op.ids, undefined);
        else this.override(op.ids, undefined, op.decision);
        db.prepare('DELETE FROM redo_log WHERE id = ?').run(last.id);
      })();
    } finally {
      this.replaying = false;
    }
    return last.label;
  }

  override(ids: readonly number[] | undefined, filter: ReviewFilter | undefined, decision: Decision | null): number {
    if (!ids && !filter) throw new AppError('bad-input', 'Say which rows to change: a list of ids or a filter.');
    const db = this.db;
    const changed = this.guarded(() => db.transaction(() => {
      let target: string;
      const params: unknown[] = [];
      if (ids) {
        db.exec('CREATE TEMP TABLE IF NOT EXISTS picked (id INTEGER PRIMARY KEY) STRICT; DELETE FROM temp.picked;');
        const ins = db.prepare('INSERT OR IGNORE INTO temp.picked (id) VALUES (?)');
        for (const id of ids) ins.run(id);
        target = 'c.id IN (SELECT id FROM temp.picked)';
        if (filter) {
          const w = whereOf(normalizeFilter(filter));
          if (w.sql) { target += ` AND ${w.sql.slice(6)}`; params.push(...w.params); }
        }
      } else {
        const w = whereOf(normalizeFilter(filter));
        target = w.sql ? w.sql.slice(6) : '1';
        params.push(...w.params);
      }
      const label = `${decision === null ? 'Clear the override of' : decision === 'keep' ? 'Keep' : decision === 'remove' ? 'Remove' : 'Watch'}`;
      const undoId = Number(db.prepare('INSERT INTO undo_log (label, at) VALUES (?, ?)').run(label, new Date().toISOString()).lastInsertRowid);
      const n = db.prepare(`INSERT INTO undo_items (undo_id, contact_id, prev_override)
        SELECT ?, c.id, c.override FROM contacts c WHERE ${target} AND c.override IS NOT ?`).run(undoId, ...params, decision).changes;
      if (n === 0) {
        db.prepare('DELETE FROM undo_log WHERE id = ?').run(undoId);
      } else {
        this.forgetRedo();
        this.applyDelta(-1, this.stepCounts(undoId));
        db.prepare(`UPDATE contacts SET override = ?, decision = COALESCE(?, policy_decision),
          cause = CASE WHEN ? IS NULL THEN policy_cause ELSE 'override' END
          WHERE id IN (SELECT contact_id FROM undo_items WHERE undo_id = ?)`).run(decision, decision, decision, undoId);
        this.applyDelta(1, this.stepCounts(undoId));
        db.prepare('UPDATE undo_log SET label = ? WHERE id = ?').run(`${label} ${n.toLocaleString('en-US')} row${n === 1 ? '' : 's'}`, undoId);
      }
      if (ids) db.exec('DELETE FROM temp.picked');
      return n;
    })());
    this.afterOverride();
    return changed;
  }

  policy(): Policy {
    return readPolicy(this.db);
  }

  /**
   * Changes the policy (any subset of its fields), re-links duplicates when that choice
   * changed and re-decides every row, in one transaction that is one undo step.
   */
  setPolicy(change: Partial<Policy>): Policy {
    const db = this.db;
    const prev = readPolicy(db);
    const next: Policy = { ...prev, ...change };
    if (JSON.stringify(next) === JSON.stringify(prev)) return prev;
    this.guarded(() => db.transaction(() => {
      this.forgetRedo();
      const undoId = Number(db.prepare('INSERT INTO undo_log (label, at) VALUES (?, ?)').run('Change the rules', new Date().toISOString()).lastInsertRowid);
      db.prepare('INSERT INTO undo_policy (undo_id, prev_policy) VALUES (?, ?)').run(undoId, JSON.stringify(prev));
      this.applyPolicy(prev, next);
    })());
    this.invalidate();
    return next;
  }

  /**
   * After a contact import: the import links duplicates to the first row; re-pick by the user's
   * choice. Says whether it wrote anything (then the log has something to fold).
   */
  afterContactImport(): boolean {
    const policy = readPolicy(this.db);
    if (policy.duplicates === 'first') return false;
    return this.db.transaction(() => {
      const changed = relinkDuplicates(this.db, policy.duplicates);
      recomputeNorms(this.db, changed, policy);
      return changed.size > 0;
    })();
  }

  /** Stores the policy and re-decides only the rows its changed fields can affect. */
  private applyPolicy(prev: Policy, next: Policy): void {
    setSetting(this.db, 'policy', next);
    if (prev.duplicates !== next.duplicates) recomputeNorms(this.db, relinkDuplicates(this.db, next.duplicates), next);
    const parts: string[] = [];
    if (prev.role !== next.role) parts.push('c.role = 1');
    if (prev.disposable !== next.disposable) parts.push('c.disposable = 1');
    if (prev.softRepeatThreshold !== next.softRepeatThreshold || prev.softRepeatMinDays !== next.softRepeatMinDays || prev.countSenderSideSoft !== next.countSenderSideSoft
      || prev.disabledAsTemporary !== next.disabledAsTemporary || prev.noCauseAsHard !== next.noCauseAsHard || prev.countDelays !== next.countDelays) {
      parts.push('c.email_norm IN (SELECT email_norm FROM bounces)');
    }
    if (parts.length) recomputeAll(this.db, next, parts.join(' OR '));
  }

  /**
   * Replaces the address of the chosen rows that carry a typo suggestion with that suggestion:
   * the original cell stays in email_raw, the corrected one goes to email_fixed and becomes the
   * normalised address, so bounce history and duplicates follow it. One undo step.
   */
  acceptSuggestions(ids: readonly number[] | undefined, filter: ReviewFilter | undefined): number {
    if (!ids && !filter) throw new AppError('bad-input', 'Say which rows to correct: a list of ids or a filter.');
    const db = this.db;
    const changed = this.guarded(() => db.transaction(() => {
      let target = TYPO_SQL;
      const params: unknown[] = [];
      if (ids) {
        db.exec('CREATE TEMP TABLE IF NOT EXISTS picked (id INTEGER PRIMARY KEY) STRICT; DELETE FROM temp.picked;');
        const ins = db.prepare('INSERT OR IGNORE INTO temp.picked (id) VALUES (?)');
        for (const id of ids) ins.run(id);
        target += ' AND c.id IN (SELECT id FROM temp.picked)';
      }
      if (filter) {
        const w = whereOf(normalizeFilter(filter));
        if (w.sql) { target += ` AND ${w.sql.slice(6)}`; params.push(...w.params); }
      }
      const rows = db.prepare(`SELECT c.id, c.email_norm, c.suggestion FROM contacts c WHERE ${target} ORDER BY c.id`).all(...params) as
        { id: number; email_norm: string; suggestion: string }[];
      if (ids) db.exec('DELETE FROM temp.picked');
      if (rows.length === 0) return 0;
      this.forgetRedo();
      const n = rows.length;
      const undoId = Number(db.prepare('INSERT INTO undo_log (label, at) VALUES (?, ?)')
        .run(`Accept ${n.toLocaleString('en-US')} suggested correction${n === 1 ? '' : 's'}`, new Date().toISOString()).lastInsertRowid);
      const save = db.prepare(`INSERT INTO undo_edits (undo_id, contact_id, email_fixed, email_norm, valid, problem, suggestion, role, disposable)
        SELECT ?, id, email_fixed, email_norm, valid, problem, suggestion, role, disposable FROM contacts WHERE id = ?`);
      const edit = db.prepare('UPDATE contacts SET email_fixed = ?, email_norm = ?, valid = ?, problem = ?, suggestion = ?, role = ?, disposable = ? WHERE id = ?');
      const norms = new Set<string>();
      for (const r of rows) {
        save.run(undoId, r.id);
        const check = checkEmail(r.suggestion);
        edit.run(r.suggestion, check.normalized, check.valid ? 1 : 0, check.problem, check.suggestion, check.role ? 1 : 0, check.disposable ? 1 : 0, r.id);
        norms.add(r.email_norm);
        norms.add(check.normalized);
      }
      this.redecide(norms, rows.map((r) => r.id));
      storeReviewFigures(db);
      return n;
    })());
    this.addressesChanged();
    return changed;
  }

  /** After address edits: re-link the duplicate groups of these addresses and re-decide their rows (and the edited rows). */
  private redecide(norms: Set<string>, ids: readonly number[]): void {
    const policy = readPolicy(this.db);
    relinkDuplicates(this.db, policy.duplicates, norms);
    recomputeNorms(this.db, norms, policy);
    // Rows whose address became unusable have no normalised address to be found by.
    const lone = this.db.prepare("SELECT id FROM contacts WHERE id = ? AND email_norm = ''");
    const unusable = ids.filter((id) => lone.get(id) !== undefined);
    if (unusable.length) recomputeAll(this.db, policy, `c.id IN (${unusable.map((id) => Math.trunc(id)).join(', ')})`);
  }

  /** Undoes the newest step when it changed the policy or edited addresses. */
  private undoEdit(): string | null {
    const db = this.db;
    const last = db.prepare('SELECT id, label FROM undo_log ORDER BY id DESC LIMIT 1').get() as { id: number; label: string } | undefined;
    if (!last) return null;
    this.rememberRedo(last.id, last.label);
    const pol = db.prepare('SELECT prev_policy FROM undo_policy WHERE undo_id = ?').get(last.id) as { prev_policy: string } | undefined;
    if (pol) {
      this.applyPolicy(readPolicy(db), { ...readPolicy(db), ...(JSON.parse(pol.prev_policy) as Partial<Policy>) });
      db.prepare('DELETE FROM undo_policy WHERE undo_id = ?').run(last.id);
    } else {
      const items = db.prepare(`SELECT u.*, c.email_norm AS now_norm FROM undo_edits u JOIN contacts c ON c.id = u.contact_id WHERE u.undo_id = ?`).all(last.id) as
        { contact_id: number; email_fixed: string | null; email_norm: string; valid: number; problem: string; suggestion: string; role: number; disposable: number; now_norm: string }[];
      const put = db.prepare('UPDATE contacts SET email_fixed = ?, email_norm = ?, valid = ?, problem = ?, suggestion = ?, role = ?, disposable = ? WHERE id = ?');
      const norms = new Set<string>();
      for (const r of items) {
        put.run(r.email_fixed, r.email_norm, r.valid, r.problem, r.suggestion, r.role, r.disposable, r.contact_id);
        norms.add(r.email_norm);
        norms.add(r.now_norm);
      }
      db.prepare('DELETE FROM undo_edits WHERE undo_id = ?').run(last.id);
      this.redecide(norms, items.map((r) => r.contact_id));
      storeReviewFigures(db);
    }
    db.prepare('DELETE FROM undo_log WHERE id = ?').run(last.id);
    return last.label;
  }

  undo(): string | null {
    const db = this.db;
    const edited = db.prepare('SELECT EXISTS (SELECT 1 FROM undo_log l WHERE l.id = (SELECT max(id) FROM undo_log) AND (EXISTS (SELECT 1 FROM undo_edits WHERE undo_id = l.id) OR EXISTS (SELECT 1 FROM undo_policy WHERE undo_id = l.id))) AS e').get() as { e: number };
    if (edited.e) {
      const label = this.guarded(() => db.transaction(() => this.undoEdit())());
      this.addressesChanged();
      return label;
    }
    const label = this.guarded(() => db.transaction(() => {
      const last = db.prepare('SELECT id, label FROM undo_log ORDER BY id DESC LIMIT 1').get() as { id: number; label: string } | undefined;
      if (!last) return null;
      this.rememberRedo(last.id, last.label);
      this.applyDelta(-1, this.stepCounts(last.id));
      db.prepare(`UPDATE contacts SET override = (SELECT prev_override FROM undo_items u WHERE u.undo_id = ? AND u.contact_id = contacts.id)
        WHERE id IN (SELECT contact_id FROM undo_items WHERE undo_id = ?)`).run(last.id, last.id);
      db.prepare(`UPDATE contacts SET decision = COALESCE(override, policy_decision), cause = CASE WHEN override IS NULL THEN policy_cause ELSE 'override' END
        WHERE id IN (SELECT contact_id FROM undo_items WHERE undo_id = ?)`).run(last.id);
      this.applyDelta(1, this.stepCounts(last.id));
      db.prepare('DELETE FROM undo_items WHERE undo_id = ?').run(last.id);
      db.prepare('DELETE FROM undo_log WHERE id = ?').run(last.id);
      return last.label;
    })());
    this.afterOverride();
    return label;
  }
}

/**
 * Contacts by decision and cause, from the two counts the summary keeps: every policy cause
 * carries one decision (decisionOfCause), so what a decision holds beyond its causes' rows is
 * the user's overrides to it. No query: a million rows are never read for the chart.
 */
export function splitByCause(c: Pick<Counts, 'byDecision' | 'byCause'>, policy: Policy): NonNullable<ReviewSummary['decisionCauses']> {
  const out: { decision: Decision; cause: DecisionCause; contacts: number }[] = [];
  const placed: Record<Decision, number> = { keep: 0, remove: 0, watch: 0 };
  for (const [cause, n] of Object.entries(c.byCause) as [DecisionCause, number][]) {
    if (cause === 'override' || !n) continue;
    const decision = decisionOfCause(cause, policy);
    placed[decision] += n;
    out.push({ decision, cause, contacts: n });
  }
  for (const decision of ['keep', 'watch', 'remove'] as const) {
    const overridden = c.byDecision[decision] - placed[decision];
    if (overridden > 0) out.push({ decision, cause: 'override', contacts: overridden });
  }
  return out.sort((a, b) => b.contacts - a.contacts);
}

function toReviewRow(r: RowSql): ReviewRow {
  const column = r.email_col === null ? undefined : (JSON.parse(r.headers) as string[])[r.email_col];
  return {
    row: r.row, ...(column !== undefined ? { column } : {}),
    id: r.id, email: r.email_fixed ?? r.email_raw, suggestion: r.email_fixed === null ? r.suggestion : '',
    ...(r.email_fixed !== null ? { originalEmail: r.email_raw } : {}), decision: r.decision, cause: r.cause, reason: r.reason,
    label: labelFor({ cause: r.cause, decision: r.decision, reason: r.reason, problem: r.problem, duplicateRow: r.dup_row, policyCause: r.policy_cause }),
    bounces: r.bounces, lastDiagnostic: r.last_diagnostic, overridden: r.override !== null, source: r.source,
    domain: r.domain, ...(r.last_bounce_at ? { lastBounceAt: r.last_bounce_at } : {}),
  };
}

interface BounceSql {
  id: number; source_id: number; source_name: string; file: string; source_index: number; email: string; verdict: string; reason: string;
  status: string; reply_code: string; diagnostic: string; provider: string; occurred_at: string | null; campaign: string | null;
  message_id: string | null; feedback_type: string | null; provider_type: string | null; disagreement: string | null; evidence: string | null;
  delayed: number; final_recipient: string | null;
}

function toStoredBounce(b: BounceSql): StoredBounce {
  const opt = <K extends string>(k: K, v: string | null) => (v === null ? {} : ({ [k]: v } as Record<K, string>));
  return {
    id: b.id, sourceId: b.source_id, sourceName: b.file === b.source_name ? b.source_name : `${b.source_name}/${b.file}`,
    email: b.email, verdict: b.verdict as Verdict, reason: b.reason as Reason, status: b.status, replyCode: b.reply_code,
    diagnostic: b.diagnostic, provider: b.provider, sourceIndex: b.source_index,
    ...opt('occurredAt', b.occurred_at), ...opt('campaign', b.campaign), ...opt('messageId', b.message_id),
    ...opt('feedbackType', b.feedback_type), ...opt('providerType', b.provider_type), ...opt('disagreement', b.disagreement),
    ...opt('evidence', b.evidence), ...(b.delayed ? { delayed: true } : {}), ...opt('finalRecipient', b.final_recipient),
  };
}
