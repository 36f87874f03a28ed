import { useCallback, useEffect, useLayoutEffect, useRef, useState, useSyncExternalStore, type RefObject } from 'react';
import type { ReviewFilter, ReviewSummary } from '../../../shared/contract.js';
import type { Decision } from '../../../shared/types.js';
import { call, messageOf, useReviewSummary } from '../api.js';
import { correctionNote } from '../evidence.js';
import { DECISION_HELP, DecisionLegend, decisionHelpId } from './decision-legend.js';
import { NONE, ReviewTable, type Picked } from './review-table.js';
import { ContactDetailPane } from './contact-detail.js';
import { RulesPanel } from './rules-panel.js';
import { tabbables } from '../dialog-focus.js';
import type { NoticeKind } from './notices.js';
import { BounceChart, DecisionChart, DomainsChart, ReasonsChart, type ChartPick } from './charts.js';

type DecisionFilter = 'all' | Decision;

interface Props {
  dataVersion: number;
  findSeq: number;
  busy: boolean;
  notify(kind: NoticeKind, text: string): void;
  onChanged(): void;
  onUndo(): void;
  /** The rows shown (decision, search, typo view): the export panel offers them as a segment. */
  onFilter?(filter: ReviewFilter): void;
  /** The rows picked one by one (ids; empty when none or when "all" is picked): the export panel offers them. */
  onPicked?(ids: readonly number[]): void;
  /** "Export…" on the picked rows: to the export panel with them chosen. */
  onExportPicked?(): void;
  onRedo(): void;
}

export const DECISION_LABEL: Record<Decision, string> = { keep: 'Keep', remove: 'Remove', watch: 'Watch' };

export function ReviewPanel({ dataVersion, findSeq, busy, notify, onChanged, onUndo, onRedo, onFilter, onPicked, onExportPicked }: Props) {
  const summary = useReviewSummary(dataVersion, notify);
  const [decision, setDecision] = useState<DecisionFilter>('all');
  const [searchInput, setSearchInput] = useState('');
  const [search, setSearch] = useState('');
  const [selected, setSelected] = useState<number | null>(null);
  // Where the details are a drawer over the table, they show only once asked for (Enter, a
  // click): the active row alone (the table taking focus lands on one) leaves the table uncovered.
  const narrow = useMediaQuery(DRAWER);
  const toolbarRef = useRef<HTMLDivElement>(null);
  const compact = useCompactToolbar(toolbarRef);
  const [opened, setOpened] = useState(false);
  if (selected === null && opened) setOpened(false);
  const [shown, setShown] = useState<number | null>(null);
  const [confirm, setConfirm] = useState<Decision | 'reset' | 'accept' | null>(null);
  // The bulk button that asked last: once answered, focus goes back to it (marked for useFocusRescue,
  // which waits while the change runs and the button is disabled), as a dialog gives focus back.
  const [askedBy, setAskedBy] = useState<string | null>(null);
  const ask = (what: 'keep' | 'remove' | 'reset' | 'accept') => { setAskedBy(`bulk-${what}`); setConfirm(what); };
  // Not when nothing is left to act on (the rows left the filter): the button stays off, the table takes focus.
  const asker = (what: string) => ({ 'data-testid': `bulk-${what}`, 'data-autofocus': (askedBy === `bulk-${what}` && !!shown) || undefined });
  const [typosWanted, setTypos] = useState(false);
  const [rulesOpen, setRulesOpen] = useState(false);
  // A bar, slice or row of the charts narrows the table further (decision and search still apply).
  const [pick, setPick] = useState<ChartPick | null>(null);
  const clearPick = () => {
    setSelected(null);
    setPick(null);
    if (pick?.decision) setDecision('all');
  };
  // Another decision from the toolbar or the counts ends a pick of the decisions chart.
  const chooseDecision = (d: DecisionFilter) => {
    setDecision(d);
    setSelected(null);
    if (pick?.decision) setPick(null);
  };
  const onPick = (p: ChartPick) => {
    setSelected(null);
    if (pick?.key === p.key) { clearPick(); return; }
    setPick(p);
    if (p.decision) setDecision(p.decision);
    else if (p.bounced || p.reason) setDecision('all');
  };
  const searchRef = useRef<HTMLInputElement>(null);
  const filtersRef = useRef<HTMLDivElement>(null);


  useEffect(() => {
    const t = setTimeout(() => setSearch(searchInput.trim()), 250);
    return () => clearTimeout(t);
  }, [searchInput]);

  useEffect(() => {
    if (findSeq > 0) {
      searchRef.current?.focus();
      searchRef.current?.select();
    }
  }, [findSeq]);

  const suggestions = summary?.suggestions ?? 0;
  // Nothing left to correct: the "Likely typos" view ends by itself.
  const typos = typosWanted && (!summary || suggestions > 0);
  const chartTerms = { ...(pick?.cause ? { cause: pick.cause } : {}), ...(pick?.reason ? { reason: pick.reason } : {}), ...(pick?.bounced ? { bounced: pick.bounced } : {}) };
  const filter: ReviewFilter = { decision, search, ...chartTerms, ...(typos ? { flag: 'typo' as const } : {}) };
  const filterJson = JSON.stringify(filter);
  useEffect(() => { onFilter?.(JSON.parse(filterJson) as ReviewFilter); }, [onFilter, filterJson]);

  // Picked rows belong to one filter: another filter starts with none.
  const [picked, setPicked] = useState<Picked>(NONE);
  const filterKey = JSON.stringify(filter);
  const [pickedFor, setPickedFor] = useState(filterKey);
  if (pickedFor !== filterKey) {
    setPickedFor(filterKey);
    setPicked(NONE);
  }
  useEffect(() => { onPicked?.(picked === 'all' ? [] : [...picked]); }, [onPicked, picked]);
  const actOnPicked = (to: Decision | null) => {
    if (picked === 'all') void override({ filter }, to);
    else if (picked.size) void override({ ids: [...picked] }, to);
    setPicked(NONE);
  };

  const accept = async (req: { ids?: number[]; filter?: ReviewFilter }) => {
    try {
      const { changed } = await call('review/accept-suggestion', req);
      // One address: say what became of its evidence (a hard bounce stays with the typo).
      const one = changed === 1 && req.ids?.length === 1 ? correctionNote(await call('review/contact', { id: req.ids[0]! })) : null;
      notify('success', one ?? (changed === 0 ? 'Nothing to correct there.' : `${changed.toLocaleString('en-US')} address${changed === 1 ? '' : 'es'} corrected. Undo puts ${changed === 1 ? 'it' : 'them'} back.`));
      onChanged();
    } catch (e) {
      notify('error', messageOf(e));
    }
  };

  const override = async (req: { ids?: number[]; filter?: ReviewFilter }, to: Decision | null) => {
    try {
      const { changed } = await call('review/override', { ...req, decision: to });
      if (req.filter) notify('success', `${changed.toLocaleString('en-US')} contact${changed === 1 ? '' : 's'} ${to ? `set to ${DECISION_LABEL[to].toLowerCase()}` : 'reset to the policy’s decision'}.`);
      onChanged();
    } catch (e) {
      notify('error', messageOf(e));
    }
  };

  if (summary && summary.total === 0) {
    return (
      <div className="panel empty" data-screen="review">
        <h2>No contacts yet</h2>
        <p className="muted">Import a contact list first; the review shows every address with its decision.</p>
      </div>
    );
  }

  return (
    <div className="review" data-screen="review">
      {summary && <SummaryBar summary={summary} decision={decision} onDecision={chooseDecision} active={pick?.key ?? null} onPick={onPick} />}

      <div className={compact ? 'review-toolbar compact' : 'review-toolbar'} data-testid="review-toolbar" ref={toolbarRef}>
        <div className="segmented" role="group" aria-label="Filter by decision" ref={filtersRef}>
          {(['all', 'keep', 'remove', 'watch'] as const).map((d) => (
            <button key={d} className={decision === d ? 'seg seg-on' : 'seg'} aria-pressed={decision === d} aria-describedby={d === 'all' ? undefined : decisionHelpId(d)} title={d === 'all' ? undefined : DECISION_HELP[d]} onClick={() => chooseDecision(d)} data-testid={`filter-${d}`}>
              {d === 'all' ? 'All' : DECISION_LABEL[d]}
              {summary && <span className="seg-count">{(d === 'all' ? summary.total : summary.byDecision[d]).toLocaleString('en-US')}</span>}
            </button>
          ))}
        </div>
        {pick && (
          <button className="btn btn-sm chip" onClick={clearPick} data-testid="chart-filter" aria-label={`Showing ${pick.label}. Show all again`} title="Show all again">
            {pick.label} <span aria-hidden="true">✕</span>
          </button>
        )}
        <DecisionLegend />
        {(suggestions > 0 || typos) && (
          <button
            className={typos ? 'btn btn-sm seg-on' : 'btn btn-sm'} aria-pressed={typos} data-testid="filter-typos"
            onClick={() => { setTypos(!typos); setSelected(null); setConfirm(null); }}
            title="Rows whose domain looks like a typo (gmial.com, yaho.com…), with a suggested correction"
          >
            <span className="tb-long">Likely typos</span><span className="tb-short">Typos</span> <span className="seg-count">{suggestions.toLocaleString('en-US')}</span>
          </button>
        )}
        <input
          ref={searchRef}
          className="search"
          type="search"
          placeholder={compact ? 'Search…' : 'Search addresses or domains…  (Ctrl+F)'}
          title="Search addresses or domains (Ctrl+F)"
          value={searchInput}
          onChange={(e) => setSearchInput(e.target.value)}
          aria-label="Search"
          data-testid="search"
        />
        <div className="bulk">
          {picked !== 'all' && picked.size > 0 ? (
            <span className="picked-bar" data-testid="picked-bar">
              <span className="small"><strong data-testid="picked-count">{picked.size.toLocaleString('en-US')}</strong> selected:</span>
              <span className="btn-group" role="group" aria-label="Set the selected rows to">
                <button className="btn btn-sm" disabled={busy} onClick={() => actOnPicked('keep')} data-testid="picked-keep">Keep</button>
                <button className="btn btn-sm" disabled={busy} onClick={() => actOnPicked('remove')} data-testid="picked-remove">Remove</button>
                <button className="btn btn-sm" disabled={busy} onClick={() => actOnPicked('watch')} data-testid="picked-watch">Watch</button>
              </span>
              <button className="btn btn-sm btn-ghost" disabled={busy} onClick={() => actOnPicked(null)} aria-label="Reset" title="Back to the policy's decision">
                <span className="tb-long">Reset</span><span className="tb-short" aria-hidden="true">↺</span>
              </button>
              {onExportPicked && <button className="btn btn-sm" onClick={onExportPicked} title="Save these rows to a file" data-testid="picked-export">Export…</button>}
              <button className="btn btn-sm btn-ghost" onClick={() => setPicked(NONE)} aria-label="Clear selection" title="Clear selection" data-testid="picked-clear">
                <span className="tb-long">Clear selection</span><span className="tb-short" aria-hidden="true">✕</span>
              </button>
            </span>
          ) : confirm ? (
            <span className="confirm">
              {confirm === 'accept'
                ? `Replace ${shown?.toLocaleString('en-US') ?? ''} address${shown === 1 ? '' : 'es'} with the suggested correction?`
                : `${confirm === 'reset' ? 'Reset' : `Mark as ${DECISION_LABEL[confirm].toLowerCase()}`} all ${shown?.toLocaleString('en-US') ?? ''} shown?`}
              <button className="btn btn-sm btn-primary" data-testid="bulk-confirm" data-autofocus onClick={() => {
                const to = confirm;
                setConfirm(null);
                if (to === 'accept') void accept({ filter });
                else void override({ filter }, to === 'reset' ? null : to);
              }}>Yes</button>
              <button className="btn btn-sm btn-ghost" onClick={() => setConfirm(null)}>No</button>
            </span>
          ) : (
            <>
              <span className="muted small" data-testid="shown-count">{shown === null ? '' : picked === 'all' ? `All ${shown.toLocaleString('en-US')} selected:` : `${shown.toLocaleString('en-US')} shown:`}</span>
              <button className="btn btn-sm" disabled={busy || !shown} onClick={() => ask('keep')} {...asker('keep')}>Keep all</button>
              <button className="btn btn-sm" disabled={busy || !shown} onClick={() => ask('remove')} {...asker('remove')}>Remove all</button>
              <button className="btn btn-sm btn-ghost" disabled={busy || !shown} onClick={() => ask('reset')} aria-label="Reset" title="Undo your overrides for the rows shown" {...asker('reset')}>
                <span className="tb-long">Reset</span><span className="tb-short" aria-hidden="true">↺</span>
              </button>
              {typos && (
                <button className="btn btn-sm" disabled={busy || !shown} onClick={() => ask('accept')} {...asker('accept')}>
                  Accept all {shown?.toLocaleString('en-US') ?? ''} suggestions
                </button>
              )}
            </>
          )}
          <button className="btn btn-sm" onClick={onUndo} disabled={busy || !summary?.canUndo} aria-label="Undo" title="Undo the last change (Ctrl+Z)" data-testid="undo">
            <span aria-hidden="true">↶</span><span className="tb-long"> Undo</span>
          </button>
          <button className="btn btn-sm" onClick={onRedo} disabled={busy || !summary?.canRedo} aria-label="Redo" title="Redo what was undone (Ctrl+Shift+Z or Ctrl+Y)" data-testid="redo">
            <span aria-hidden="true">↷</span><span className="tb-long"> Redo</span>
          </button>
          <span className="rules-anchor">
            <button className="btn btn-sm" onClick={() => setRulesOpen(!rulesOpen)} aria-expanded={rulesOpen} aria-label="Rules" data-testid="rules" title="The rules the decisions follow">
              <span aria-hidden="true">⚙</span><span className="tb-long"> Rules</span>
            </button>
            {rulesOpen && <RulesPanel dataVersion={dataVersion} busy={busy} notify={notify} onClose={() => setRulesOpen(false)} onApplied={onChanged} />}
          </span>
        </div>
      </div>

      <div
        className="review-main"
        // Tab runs table → contact details → filters: the filters come first on screen, so
        // leaving the last stop of the details goes back up to them instead of out of the review.
        onKeyDown={(e) => {
          if (e.key !== 'Tab' || e.shiftKey || e.defaultPrevented) return;
          const stops = tabbables(e.currentTarget);
          if (stops.length && document.activeElement !== stops[stops.length - 1]) return;
          const target = filtersRef.current?.querySelector<HTMLElement>('[aria-pressed="true"]');
          if (!target) return;
          e.preventDefault();
          target.focus();
        }}
      >
        <ReviewTable
          filter={filter}
          version={dataVersion}
          selectedId={selected}
          onSelect={setSelected}
          drawerOpen={narrow && opened}
          onOpen={setOpened}
          picked={picked}
          onPick={setPicked}
          onBulk={(to) => picked === 'all' ? setConfirm(to) : actOnPicked(to)}
          onTotal={setShown}
          onOverride={(id, to) => void override({ ids: [id] }, to)}
          notify={notify}
        />
        <ContactDetailPane id={narrow && !opened ? null : selected} version={dataVersion} busy={busy} onOverride={(id, to) => void override({ ids: [id] }, to)} onAccept={(id) => void accept({ ids: [id] })} notify={notify}
          // Closed with its ✕: the table takes focus back, on the row that was open.
          onClose={() => { document.querySelector<HTMLElement>('[data-testid="review-grid"]')?.focus(); setOpened(false); }} />
      </div>
    </div>
  );
}

/** Windows shorter than this show the summary as a strip of counts, the charts folded away. */
const SHORT = '(max-height: 820px)';
/** Windows narrower than this show the contact details as a drawer (styles.css, the same query). */
const DRAWER = '(max-width: 1180px)';

/**
 * The review's toolbar in its compact form (styles.css, .review-toolbar.compact: Undo, Redo, Rules,
 * Reset and Clear selection as icons, a shorter search, no counts on the decision filters, which
 * the summary above shows) whenever its full form would not fit on one line. That depends on the
 * counts and on what is picked, not on the window alone: at a fixed 1440 px breakpoint a
 * million-row cleanup's full toolbar took two lines at 1536 px, and at 1680 px with rows picked.
 */
function useCompactToolbar(bar: RefObject<HTMLElement | null>): boolean {
  const [compact, setCompact] = useState(false);
  // The full form's one-line width, as last measured: the compact form goes back to it when the bar is that wide.
  const fullWidth = useRef(0);
  // What was last measured: the panel renders on every move in the table, the toolbar's words and
  // form change far less often (counts, rows picked, a chart's filter chip, the form itself).
  const measured = useRef('');
  // After a render that changed them, before the browser paints it; a resize is the observer's.
  // It settles: it switches to the full form only where that form's measured width fits.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useLayoutEffect(() => {
    const el = bar.current;
    const now = el ? `${el.className}\n${el.textContent}` : '';
    if (now === measured.current) return;
    measured.current = now;
    fitToolbar(el, fullWidth, setCompact);
  });
  useEffect(() => {
    const el = bar.current;
    if (!el || typeof ResizeObserver === 'undefined') return undefined;
    const resized = new ResizeObserver(() => fitToolbar(el, fullWidth, setCompact));
    resized.observe(el);
    return () => resized.disconnect();
  }, [bar]);
  return compact;
}

/** Compact when the full form does not fit; full again once the bar is as wide as the full form last needed. */
function fitToolbar(el: HTMLElement | null, fullWidth: { current: number }, setCompact: (compact: boolean) => void): void {
  if (!el) return;
  if (el.classList.contains('compact')) {
    if (el.clientWidth >= fullWidth.current) setCompact(false);
    return;
  }
  fullWidth.current = oneLineWidth(el);
  if (fullWidth.current > el.clientWidth || wraps(el)) {
    fullWidth.current = Math.max(fullWidth.current, el.clientWidth + 1);
    setCompact(true);
  }
}

/** The width the toolbar's items need side by side: each one's (the search box at its smallest) and the gaps. */
function oneLineWidth(bar: HTMLElement): number {
  const items = Array.from(bar.children) as HTMLElement[];
  let width = (parseFloat(getComputedStyle(bar).columnGap) || 0) * Math.max(0, items.length - 1);
  for (const item of items) {
    const min = item.classList.contains('search') ? parseFloat(getComputedStyle(item).minWidth) : NaN;
    width += Number.isNaN(min) ? item.getBoundingClientRect().width : min;
  }
  return Math.ceil(width);
}

/** An item starts below the first one's line. */
function wraps(bar: HTMLElement): boolean {
  const items = Array.from(bar.children);
  const first = items[0]?.getBoundingClientRect();
  return !!first && items.some((item) => item.getBoundingClientRect().top >= first.bottom - 1);
}

function useMediaQuery(query: string): boolean {
  const subscribe = useCallback((onChange: () => void) => {
    const list = window.matchMedia(query);
    list.addEventListener('change', onChange);
    return () => list.removeEventListener('change', onChange);
  }, [query]);
  return useSyncExternalStore(subscribe, () => window.matchMedia(query).matches);
}

function SummaryBar({ summary, decision, onDecision, active, onPick }: {
  summary: ReviewSummary; decision: DecisionFilter; onDecision(d: DecisionFilter): void; active: string | null; onPick(p: ChartPick): void;
}) {
  const pct = (n: number) => (summary.total > 0 ? `${Math.round((n / summary.total) * 1000) / 10}%` : '');
  // Unfolded by default where there is room; the user's choice holds while the review is open.
  const [open, setOpen] = useState<boolean | null>(null);
  const shown = open ?? !window.matchMedia(SHORT).matches;
  return (
    <section className={`summary ${shown ? 'charts-open' : 'charts-closed'}`} data-testid="summary">
      <div className="summary-cards">
        {(['keep', 'remove', 'watch'] as const).map((d) => (
          <button key={d} className={`stat stat-${d} ${decision === d ? 'stat-on' : ''}`} aria-describedby={decisionHelpId(d)} title={DECISION_HELP[d]} onClick={() => onDecision(decision === d ? 'all' : d)} data-testid={`count-${d}`}>
            <span className="stat-label">{DECISION_LABEL[d]}</span>
            <span className="stat-value">{summary.byDecision[d].toLocaleString('en-US')}</span>
            <span className="stat-pct">{pct(summary.byDecision[d])}</span>
          </button>
        ))}
        <div className="stat stat-total">
          <span className="stat-label">Contacts</span>
          <span className="stat-value" data-testid="count-total">{summary.total.toLocaleString('en-US')}</span>
          <span className="stat-pct stat-causes" title={causeParts(summary).join(' · ')}>
            {causeParts(summary).map((part) => <span key={part}>{part}</span>)}
          </span>
        </div>
        <button className="btn btn-sm charts-toggle" aria-expanded={shown} aria-controls="summary-charts" onClick={() => setOpen(!shown)} data-testid="charts-toggle">
          {shown ? 'Hide charts' : 'Charts'}
        </button>
      </div>
      {shown && (
        <div className="summary-details" id="summary-charts">
          <DecisionChart summary={summary} active={active} onPick={onPick} />
          <BounceChart summary={summary} active={active} onPick={onPick} />
          <ReasonsChart summary={summary} active={active} onPick={onPick} empty={noMatch(summary)} />
          <DomainsChart summary={summary} active={active} onPick={onPick} />
        </div>
      )}
      {summary.reputationWarning && <ReputationWarning text={summary.reputationWarning} />}
    </section>
  );
}

/**
 * The warning that the refusals point at the sender, not the list. A short window gives it one
 * line (styles.css): its advice was cut after the first sentence with no way to read it there,
 * so it unfolds in place (the button shows only on that one line) and hovering shows it whole.
 */
function ReputationWarning({ text }: { text: string }) {
  const [open, setOpen] = useState(false);
  return (
    <div className={`summary-block reputation${open ? ' is-open' : ''}`} role="alert" data-testid="reputation-warning">
      <h3>⚠ Check your sending reputation</h3>
      <p id="reputation-text" title={text}>{text}</p>
      <button type="button" className="btn btn-sm reputation-more" aria-expanded={open} aria-controls="reputation-text" onClick={() => setOpen(!open)} data-testid="reputation-more">
        {open ? 'Less' : 'More'}
      </button>
    </div>
  );
}

/** Why the reasons are empty: no bounces yet, or bounces of addresses that are on no list. */
export function noMatch(summary: Pick<ReviewSummary, 'bounceAddresses'>): string {
  const b = summary.bounceAddresses;
  if (!b || b.imported === 0) return 'No bounces imported yet.';
  if (b.onLists === 0) {
    return `None of the ${b.imported.toLocaleString('en-US')} bounced address${b.imported === 1 ? ' is' : 'es are'} on your contact lists. ` +
      'Were those bounces from a campaign sent to another list or account, or is it the export you meant?';
  }
  return 'No bounce changed a decision.';
}

const CAUSE_LABEL: Record<string, string> = {
  'hard-bounce': 'hard bounces', complaint: 'complaints', unsubscribed: 'unsubscribes', 'repeated-soft': 'repeated soft bounces',
  'soft-bounce': 'soft bounces', invalid: 'invalid', duplicate: 'duplicates', role: 'role accounts', disposable: 'disposable', override: 'overridden',
};

function causeParts(summary: ReviewSummary): string[] {
  return Object.entries(summary.byCause)
    .filter(([cause, n]) => cause !== 'clean' && (n ?? 0) > 0)
    .sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))
    .slice(0, 3)
    .map(([cause, n]) => `${(n ?? 0).toLocaleString('en-US')} ${CAUSE_LABEL[cause] ?? cause}`);
}
