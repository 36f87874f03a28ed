import { useCallback, useEffect, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { ReviewFilter, ReviewRow, ReviewSort } from '../../../shared/contract.js';
import type { Decision } from '../../../shared/types.js';
import { call, messageOf } from '../api.js';
import type { NoticeKind } from './notices.js';
import { DECISION_HELP } from './decision-legend.js';
import { When } from './when.js';

/** Rows are fetched in pages as they scroll into view: the table never holds the whole list. */
const PAGE = 200;
// 32px keeps a million rows under Chromium's ~33.5M px limit on an element's height.
const ROW_HEIGHT = 32;

interface Props {
  filter: ReviewFilter;
  version: number;
  selectedId: number | null;
  onSelect(id: number | null): void;
  /** The active row's details are open as a drawer over the table (narrow windows only). */
  drawerOpen: boolean;
  /** Asks for the active row's details (Enter, a click) or shuts the drawer (Escape). */
  onOpen(open: boolean): void;
  /** Rows picked for a bulk action: ids, or every row of the filter. */
  picked: Picked;
  onPick(p: Picked): void;
  onTotal(total: number | null): void;
  onOverride(id: number, decision: Decision | null): void;
  /** A decision for the picked rows. */
  onBulk(decision: Decision): void;
  notify(kind: NoticeKind, text: string): void;
}

type Sort = { readonly by: ReviewSort['by']; readonly dir: 'asc' | 'desc' };

/**
 * The sortable columns and the direction of a first click: names A to Z, counts, dates and
 * decisions with the most (or the newest, or the most severe) first.
 */
const SORTABLE: readonly { by: Sort['by']; label: string; className: string; first: Sort['dir']; title: string }[] = [
  { by: 'address', label: 'Address', className: 'c-email', first: 'asc', title: 'Sort by address' },
  { by: 'domain', label: 'Domain', className: 'c-domain', first: 'asc', title: 'Sort by domain' },
  { by: 'decision', label: 'Decision', className: 'c-decision', first: 'desc', title: 'Sort by decision (remove, watch, keep)' },
  { by: 'reason', label: 'Why', className: 'c-why', first: 'asc', title: 'Sort by bounce reason' },
  { by: 'bounces', label: 'Bounces', className: 'c-bounces', first: 'desc', title: 'Sort by bounce reports for this address' },
  { by: 'lastBounce', label: 'Last bounce', className: 'c-last', first: 'desc', title: 'Sort by the date of the last bounce' },
];

/** A header's next sort: its first direction, then the other, then back to list order. */
export function nextSort(current: Sort | null, by: Sort['by']): Sort | null {
  const first = SORTABLE.find((c) => c.by === by)!.first;
  if (!current || current.by !== by) return { by, dir: first };
  return current.dir === first ? { by, dir: first === 'asc' ? 'desc' : 'asc' } : null;
}

export type Picked = ReadonlySet<number> | 'all';
export const NONE: Picked = new Set<number>();

interface Pages {
  readonly filterKey: string;
  readonly key: string;
  readonly total: number;
  readonly pages: ReadonlyMap<number, readonly ReviewRow[]>;
  /** Pages loaded since the last change (the others still show the rows from before it). */
  readonly fresh: ReadonlySet<number>;
}

export function ReviewTable({ filter, version, selectedId, onSelect, drawerOpen, onOpen, picked, onPick, onTotal, onOverride, onBulk, notify }: Props) {
  const [sort, setSort] = useState<Sort | null>(null);
  // A new filter or order starts from nothing; the same ones after a change keep their rows on screen.
  const filterKey = JSON.stringify([filter, sort]);
  const key = `${filterKey}|${version}`;
  const [data, setData] = useState<Pages | null>(null);
  const requested = useRef(new Set<string>());
  const scrollRef = useRef<HTMLDivElement>(null);

  // Pages asked for the current filter, order and version only: going back to an earlier order
  // or filter asks again (its rows were dropped), and a late answer for an old one is ignored.
  const latest = useRef(key);
  const load = useCallback((page: number) => {
    if (latest.current !== key) {
      latest.current = key;
      requested.current.clear();
    }
    const id = `${key}#${page}`;
    if (requested.current.has(id)) return;
    requested.current.add(id);
    const [f, order] = JSON.parse(filterKey) as [ReviewFilter, Sort | null];
    call('review/rows', { filter: f, ...(order ? { sort: order } : {}), offset: page * PAGE, limit: PAGE })
      .then((res) => {
        if (latest.current !== key) return;
        setData((d) => {
          // After an override (same filter, new version) the old rows stay on screen until
          // their fresh page arrives; a new filter starts from nothing.
          const base = d && d.filterKey === filterKey ? d.pages : new Map<number, readonly ReviewRow[]>();
          const pages = new Map(base);
          pages.set(page, res.rows);
          const fresh = new Set(d && d.key === key ? d.fresh : []);
          fresh.add(page);
          return { filterKey, key, total: res.total, pages, fresh };
        });
      })
      .catch((e: unknown) => {
        requested.current.delete(id);
        notify('error', messageOf(e));
      });
  }, [key, filterKey, notify]);

  const current = data && data.filterKey === filterKey ? data : null;
  const total = current?.total ?? 0;

  useEffect(() => {
    onTotal(current ? current.total : null);
  }, [current, onTotal]);

  // The virtualizer is a mutable object by design; the compiler's memoisation is not needed here.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;

  useEffect(() => {
    load(0);
    for (let p = Math.floor(first / PAGE); p <= Math.floor(last / PAGE); p++) load(p);
  }, [first, last, load]);

  // A new filter starts at the top.
  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
  }, [filterKey]);

  const rowAt = (i: number): ReviewRow | undefined => current?.pages.get(Math.floor(i / PAGE))?.[i % PAGE];

  const selectedIndex = (() => {
    if (selectedId === null || !current) return -1;
    for (const [p, rows] of current.pages) {
      const i = rows.findIndex((r) => r.id === selectedId);
      if (i >= 0) return p * PAGE + i;
    }
    return -1;
  })();

  // Where the selection was: when a change takes the selected row out of the filter, the row
  // that moves into its place is selected, so triage goes on down the list instead of jumping back.
  const anchor = useRef(-1);
  useEffect(() => {
    if (selectedIndex >= 0) anchor.current = selectedIndex;
  }, [selectedIndex]);
  useEffect(() => {
    if (selectedId === null || !current || current.key !== key || anchor.current < 0) return;
    const page = Math.floor(anchor.current / PAGE);
    if (!current.fresh.has(page)) return;
    for (const p of current.fresh) if (current.pages.get(p)?.some((r) => r.id === selectedId)) return;
    if (current.total === 0) {
      onSelect(null);
      return;
    }
    const at = Math.min(anchor.current, current.total - 1);
    const row = current.pages.get(Math.floor(at / PAGE))?.[at % PAGE];
    if (row) onSelect(row.id);
    else load(Math.floor(at / PAGE));
  }, [current, key, selectedId, onSelect, load]);

  // Arriving in the table by keyboard lands on its first row, also when the rows come in after the
  // focus did (the review opening with the table focused), so the keyboard is never on nothing.
  const landing = useRef(false);
  const land = () => {
    const row = rowAt(0);
    if (row) onSelect(row.id);
    landing.current = !row;
  };
  useEffect(() => {
    if (!landing.current || selectedId !== null || document.activeElement !== scrollRef.current) return;
    const row = current?.pages.get(0)?.[0];
    if (!row) return;
    landing.current = false;
    onSelect(row.id);
  }, [current, selectedId, onSelect]);

  const moveTo = (index: number) => {
    const next = Math.max(0, Math.min(total - 1, index));
    const row = rowAt(next);
    virtualizer.scrollToIndex(next);
    if (row) onSelect(row.id);
  };
  const pageRows = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? ROW_HEIGHT * 10) / ROW_HEIGHT) - 1);

  const isPicked = (id: number) => picked === 'all' || picked.has(id);
  const toggle = (id: number) => {
    const next = new Set(picked === 'all' ? [] : picked);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    onPick(next);
  };
  // Shift-click picks from the last clicked row: rows not loaded yet are fetched as they scroll in,
  // so a range covers the rows loaded between the two (the table never holds the whole list).
  const rangeFrom = useRef(-1);
  const onRowClick = (e: React.MouseEvent, index: number, row: ReviewRow) => {
    if (e.shiftKey && rangeFrom.current >= 0) {
      const next = new Set(picked === 'all' ? [] : picked);
      for (let i = Math.min(rangeFrom.current, index); i <= Math.max(rangeFrom.current, index); i++) {
        const r = rowAt(i);
        if (r) next.add(r.id);
      }
      onPick(next);
    } else if (e.ctrlKey || e.metaKey) {
      toggle(row.id);
      rangeFrom.current = index;
    } else {
      if (picked === 'all' || picked.size) onPick(NONE);
      rangeFrom.current = index;
      onOpen(true);
    }
    onSelect(row.id);
  };

  const [headFocus, setHeadFocus] = useState(0);
  const onHeadKey = (e: React.KeyboardEvent<HTMLDivElement>) => {
    const cells = [...e.currentTarget.querySelectorAll<HTMLElement>('.th-sort')];
    const at = cells.indexOf(e.target as HTMLElement);
    if (at < 0) return;
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      setSort((cur) => nextSort(cur, SORTABLE[at]!.by));
    } else if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
      e.preventDefault();
      const next = (at + (e.key === 'ArrowRight' ? 1 : -1) + cells.length) % cells.length;
      setHeadFocus(next);
      cells[next]!.focus();
    } else if (e.key === 'ArrowDown' || e.key === 'Escape') {
      e.preventDefault();
      scrollRef.current?.focus();
    }
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const step: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: pageRows, PageUp: -pageRows };
    if (e.key === 'ArrowUp' && selectedIndex <= 0) {
      // Above the first row: the column headers, to sort by keyboard.
      e.preventDefault();
      document.querySelectorAll<HTMLElement>('#review-head .th-sort')[headFocus]?.focus();
    } else if (e.key in step) {
      e.preventDefault();
      moveTo(selectedIndex < 0 ? 0 : selectedIndex + step[e.key]!);
    } else if (e.key === 'Enter' && selectedId !== null) {
      e.preventDefault();
      onOpen(true);
    } else if (e.key === ' ' && selectedId !== null) {
      e.preventDefault();
      toggle(selectedId);
    } else if (e.key === 'a' && !e.shiftKey) {
      // Ctrl/Cmd+A are ignored above (the edit menu's select all); plain A picks the whole filter.
      e.preventDefault();
      onPick(picked === 'all' ? NONE : 'all');
    } else if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      moveTo(e.key === 'Home' ? 0 : total - 1);
    } else if (selectedId !== null && (e.key === 'k' || e.key === 'r' || e.key === 'w')) {
      // With rows picked, the keys act on them (as the bulk buttons do); else on the active row.
      const to = e.key === 'k' ? 'keep' : e.key === 'r' ? 'remove' : 'watch';
      if (picked === 'all' || picked.size) onBulk(to);
      else onOverride(selectedId, to);
    } else if (e.key === 'Escape') {
      // The drawer first, as it covers the table; then the picked rows, then the active one.
      if (drawerOpen) onOpen(false);
      else if (picked === 'all' || picked.size) onPick(NONE);
      else onSelect(null);
    }
  };

  return (
    <div className="table" data-testid="review-table">
      {/* The header stays put while the rows scroll, so it sits outside the scroller; aria-owns
          makes it the grid's first row all the same. */}
      <div className="table-head" role="row" id="review-head" aria-rowindex={1} onKeyDown={onHeadKey} data-testid="review-head">
        {SORTABLE.map((c, i) => (
          <div
            key={c.by} className={`${c.className} th-sort`} role="columnheader" title={c.title}
            aria-sort={sort?.by === c.by ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
            // Not a tab stop of its own (the table is one): ↑ from the first row reaches it, as in a grid.
            tabIndex={-1} onFocus={() => setHeadFocus(i)}
            onClick={() => setSort((cur) => nextSort(cur, c.by))} data-testid={`sort-${c.by}`}
          >
            {c.label}<span className="sort-mark" aria-hidden="true">{sort?.by === c.by ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}</span>
          </div>
        ))}
        <div className="c-diag" role="columnheader">Last diagnostic</div>
        <div className="c-actions" role="columnheader">Override</div>
      </div>
      <div
        className="table-scroll" ref={scrollRef} tabIndex={0} onKeyDown={onKeyDown} role="grid" aria-owns="review-head" aria-multiselectable="true" aria-rowcount={total + 1} aria-label="Contacts"
        aria-activedescendant={selectedIndex >= 0 ? `review-row-${selectedId}` : undefined}
        onFocus={(e) => { if (e.target === e.currentTarget && selectedId === null) land(); }}
        onBlur={() => { landing.current = false; }}
        data-testid="review-grid"
      >
        {current && total === 0 && <div className="table-empty" role="row"><div role="gridcell">No contacts match.</div></div>}
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }} role="presentation">
          {items.map((item) => {
            const row = rowAt(item.index);
            return (
              <div
                key={item.key}
                className={`trow ${row && row.id === selectedId ? 'trow-selected' : ''} ${row && isPicked(row.id) ? 'trow-picked' : ''} ${item.index % 2 ? 'trow-odd' : ''}`}
                style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                role="row"
                id={row ? `review-row-${row.id}` : undefined}
                aria-selected={row ? isPicked(row.id) : undefined}
                data-active={row && row.id === selectedId ? 'true' : undefined}
                aria-rowindex={item.index + 2}
                data-testid={row ? 'review-row' : undefined}
                data-email={row?.email}
                // Shift-click picks a range of rows: the browser would also select the text between the two clicks.
                onMouseDown={(e) => { if (e.shiftKey) { e.preventDefault(); scrollRef.current?.focus({ preventScroll: true }); } }}
                onClick={(e) => row && onRowClick(e, item.index, row)}
              >
                {row ? (
                  <>
                    <div className="c-email" role="gridcell" title={row.originalEmail ? `${row.email} (corrected from ${row.originalEmail})` : row.suggestion ? `${row.email} (did you mean ${row.suggestion}?)` : row.email}>
                      {row.email || <em className="muted">(empty)</em>}
                      {row.column && <span className="addr-place" title={`One of the addresses of row ${row.row} (${row.column})`} data-testid="addr-place">row {row.row} · {row.column}</span>}
                    </div>
                    <div className="c-domain" role="gridcell" title={row.domain}>{row.domain}</div>
                    <div className="c-decision" role="gridcell">
                      <span className={`badge badge-${row.decision}`} title={DECISION_HELP[row.decision]}>{row.decision}</span>
                      {row.overridden && <span className="overridden" title="You changed this decision">✎</span>}
                    </div>
                    <div className="c-why" role="gridcell" title={row.label}>{row.label}</div>
                    <div className="c-bounces" role="gridcell">{row.bounces || ''}</div>
                    <div className="c-last" role="gridcell">{row.lastBounceAt ? <When value={row.lastBounceAt} dayOnly /> : ''}</div>
                    <div className="c-diag" role="gridcell" title={row.lastDiagnostic}>{row.lastDiagnostic}</div>
                    <div className="c-actions" role="gridcell" onClick={(e) => e.stopPropagation()}>
                      <button className={`mini ${row.decision === 'keep' && row.overridden ? 'mini-on' : ''}`} tabIndex={-1} title="Keep this address" onClick={() => onOverride(row.id, 'keep')} data-testid="row-keep">Keep</button>
                      <button className={`mini ${row.decision === 'remove' && row.overridden ? 'mini-on' : ''}`} tabIndex={-1} title="Remove this address" onClick={() => onOverride(row.id, 'remove')} data-testid="row-remove">Remove</button>
                      {row.overridden && <button className="mini mini-ghost" tabIndex={-1} title="Back to the policy's decision" onClick={() => onOverride(row.id, null)}>↺</button>}
                    </div>
                  </>
                ) : (
                  <div className="c-loading" role="gridcell">…</div>
                )}
              </div>
            );
          })}
        </div>
      </div>
      <div className="table-foot muted small">
        {current ? `${total.toLocaleString('en-US')} contact${total === 1 ? '' : 's'}` : 'Loading…'} · ↑↓ to move · Enter details · K keep · R remove · W watch · Space pick · A pick all · ? all shortcuts
      </div>
    </div>
  );
}
