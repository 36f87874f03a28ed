import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { CleanupInfo, ReviewFilter, SampleFiles } from '../../../shared/contract.js';
import type { JobOutcome } from '../../../shared/types.js';
import { baseName, call, messageOf } from '../api.js';
import type { Dropped } from '../app.js';
import { isEditable, useCommands } from '../commands.js';
import type { JobRunner } from '../jobs.js';
import { ImportPanel, type ImportRequest } from './import-panel.js';
import { JobBar } from './job-bar.js';
import type { NoticeKind } from './notices.js';
import { ReviewPanel } from './review-panel.js';
import { ExportPanel, type ExportKind } from './export-panel.js';
import { ThemePicker, type ThemeControl } from './theme-picker.js';
import { ShortcutsDialog } from './shortcuts-dialog.js';
import { Tour, TOUR_STEPS, tourSeen } from './tour.js';

type Tab = 'import' | 'review' | 'export';

interface Props {
  cleanup: CleanupInfo;
  jobs: JobRunner;
  dropped: Dropped | null;
  notify(kind: NoticeKind, text: string, details?: readonly string[]): void;
  refresh(): Promise<void>;
  onDropHandled(): void;
  onClose(): void;
  theme: ThemeControl;
  /** A sample the start screen made: imported here, through the same jobs as any file. */
  sample?: SampleFiles | null;
  onSampleHandled?(): void;
}

export function Workspace({ cleanup, jobs, dropped, notify, refresh, onDropHandled, onClose, theme, sample = null, onSampleHandled }: Props) {
  const [tab, setTab] = useState<Tab>(cleanup.contacts > 0 ? 'review' : 'import');
  const [request, setRequest] = useState<ImportRequest | null>(null);
  const [exportRequest, setExportRequest] = useState<{ kind: ExportKind; seq: number } | null>(null);
  const [dataVersion, setDataVersion] = useState(0);
  const [findSeq, setFindSeq] = useState(0);
  const [reviewFilter, setReviewFilter] = useState<ReviewFilter | null>(null);
  const [reviewPicked, setReviewPicked] = useState<readonly number[]>([]);
  // "Export…" on picked rows opens the export panel with them as the segment.
  const [preferSegment, setPreferSegment] = useState<string | null>(null);
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  const [tourStep, setTourStep] = useState<number | null>(null);
  /** The step on screen when the tour opened: closing the tour goes back to it. */
  const [tourFrom, setTourFrom] = useState<Tab>('import');
  const busy = jobs.active !== null;

  // Dropped files become an import request; the import panel works out what they are. The
  // app forgets a drop once handled, so a later cleanup never replays it.
  const [seenDrop, setSeenDrop] = useState(0);
  if (dropped && dropped.seq !== seenDrop) {
    setSeenDrop(dropped.seq);
    setRequest({ kind: dropped.kind ?? 'auto', paths: dropped.paths, seq: dropped.seq });
    setTab('import');
  }
  useEffect(() => {
    if (dropped) onDropHandled();
  }, [dropped, onDropHandled]);

  const pick = useCallback(async (purpose: 'contacts' | 'bounces' | 'bounce-folder') => {
    if (busy) return;
    try {
      const paths = await call('dialog/open', { purpose });
      if (paths.length === 0) return;
      setRequest({ kind: purpose === 'contacts' ? 'contacts' : 'bounces', paths, seq: Date.now() });
      setTab('import');
    } catch (error) {
      notify('error', messageOf(error));
    }
  }, [busy, notify]);

  const undo = useCallback(async () => {
    if (busy) return;
    try {
      const { undone } = await call('review/undo', {});
      notify('info', undone ? `Undone: ${undone}` : 'Nothing to undo.');
      setDataVersion((v) => v + 1);
    } catch (error) {
      notify('error', messageOf(error));
    }
  }, [busy, notify]);

  const redo = useCallback(async () => {
    if (busy) return;
    try {
      const { redone } = await call('review/redo', {});
      notify('info', redone ? `Redone: ${redone}` : 'Nothing to redo.');
      setDataVersion((v) => v + 1);
    } catch (error) {
      notify('error', messageOf(error));
    }
  }, [busy, notify]);

  useCommands({
    'import-contacts': () => void pick('contacts'),
    'import-bounces': () => void pick('bounces'),
    'import-bounce-folder': () => void pick('bounce-folder'),
    'export-cleaned': () => { setTab('export'); setExportRequest({ kind: 'cleaned', seq: Date.now() }); },
    'export-removed': () => { setTab('export'); setExportRequest({ kind: 'removed', seq: Date.now() }); },
    'export-suppression': () => { setTab('export'); setExportRequest({ kind: 'suppression', seq: Date.now() }); },
    undo: () => void undo(),
    redo: () => void redo(),
    find: () => { setTab('review'); setFindSeq((s) => s + 1); },
    'show-tour': () => showTour(0),
  });

  /** Reports a finished job and refreshes what the store now holds. */
  const finish = useCallback(async (what: string, outcome: JobOutcome): Promise<boolean> => {
    if (outcome.status === 'done') {
      notify('success', outcome.summary || `${what} finished.`, outcome.warnings);
    } else if (outcome.status === 'cancelled') {
      notify('info', `${what} cancelled. Nothing was changed.`);
    } else {
      notify('error', outcome.message || `${what} failed.`);
    }
    await refresh();
    setDataVersion((v) => v + 1);
    return outcome.status === 'done';
  }, [notify, refresh]);

  const showTour = (step: number) => {
    setShortcutsOpen(false);
    const s = TOUR_STEPS[step];
    if (!s) return;
    if (tourStep === null) setTourFrom(tab);
    setTourStep(step);
    // The tour walks the steps; one not reachable yet (no contacts) keeps the current screen.
    if (s.tab === 'import' || cleanup.contacts > 0) setTab(s.tab);
  };

  const closeTour = () => {
    setTourStep(null);
    setTab(tourFrom);
    // What had focus before the tour may be gone (the start screen, a step's screen): the step shown takes it.
    requestAnimationFrame(() => {
      if (document.activeElement === document.body || !document.activeElement) document.querySelector<HTMLElement>('[role="tab"][aria-selected="true"]')?.focus();
    });
  };

  // The sample goes in as the user's files would: the contact list, then every bounce file.
  const sampleTaken = useRef(false);
  useEffect(() => {
    if (!sample || sampleTaken.current) return;
    sampleTaken.current = true;
    onSampleHandled?.();
    void (async () => {
      try {
        const contacts = await jobs.run('Importing the sample contact list', () => call('contacts/import', { path: sample.contacts }));
        if (!(await finish('Import', contacts))) return;
        const bounces = await jobs.run(`Reading ${sample.bounces.length} sample bounce files`, () => call('bounces/import', { paths: [...sample.bounces] }));
        if (!(await finish('Bounce import', bounces))) return;
        setTab('review');
        if (!tourSeen()) { setTourFrom('review'); setTourStep(0); setTab('import'); }
      } catch (error) {
        notify('error', messageOf(error));
      }
    })();
    // Once per sample: the ref keeps a re-render from importing it twice.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [sample]);

  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key === '?' && !e.ctrlKey && !e.metaKey && !e.altKey && !isEditable(document.activeElement)) {
        e.preventDefault();
        setShortcutsOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    document.title = `${cleanup.name} — ListSweep`;
    return () => {
      document.title = 'ListSweep';
    };
  }, [cleanup.name]);

  const contactsSources = cleanup.sources.filter((s) => s.kind === 'contacts');
  const onTabKey = (e: KeyboardEvent<HTMLElement>) => {
    const to = nextTab([{ id: 'import', disabled: false }, { id: 'review', disabled: cleanup.contacts === 0 }, { id: 'export', disabled: cleanup.contacts === 0 }], tab, e.key);
    if (!to || e.altKey || e.ctrlKey || e.metaKey) return;
    e.preventDefault();
    setTab(to);
    document.getElementById(`tab-${to}`)?.focus();
  };

  return (
    <div className="workspace" data-screen="workspace">
      <header className="topbar">
        <div className="topbar-title">
          <span className="brand-mark" aria-hidden>◆</span>
          <div>
            <h1 className="cleanup-name" data-testid="cleanup-name">{cleanup.name}</h1>
            <div className="cleanup-path" title={cleanup.path}>{cleanup.path}</div>
          </div>
        </div>
        <nav className="tabs" role="tablist" aria-label="Steps" onKeyDown={onTabKey}>
          <TabButton id="import" tab={tab} setTab={setTab} label="1 · Import" count={`${cleanup.sources.length} file${cleanup.sources.length === 1 ? '' : 's'}`} />
          <TabButton id="review" tab={tab} setTab={setTab} label="2 · Review" count={`${cleanup.contacts.toLocaleString('en-US')} contacts`} disabled={cleanup.contacts === 0} />
          <TabButton id="export" tab={tab} setTab={setTab} label="3 · Export" disabled={cleanup.contacts === 0} />
        </nav>
        <div className="topbar-actions">
          <ThemePicker theme={theme} />
          <button className="btn btn-ghost" onClick={() => setShortcutsOpen(true)} title="Keyboard shortcuts (?)" aria-label="Keyboard shortcuts" data-testid="shortcuts-open">
            ⌨
          </button>
          <button className="btn btn-ghost" onClick={onClose} disabled={busy} title="Close this cleanup (Ctrl+W)">
            Close
          </button>
        </div>
      </header>

      {shortcutsOpen && <ShortcutsDialog onClose={() => setShortcutsOpen(false)} onTour={() => showTour(0)} />}
      {tourStep !== null && <Tour step={tourStep} onStep={showTour} onClose={closeTour} />}
      {jobs.active && <JobBar job={jobs.active} onCancel={jobs.cancel} />}

      <main className="workspace-body">
        <div className="tabpanel" id={`panel-${tab}`} role="tabpanel" aria-labelledby={`tab-${tab}`}>
        {tab === 'import' && (
          <ImportPanel
            cleanup={cleanup}
            request={request}
            busy={busy}
            onPick={(p) => void pick(p)}
            onRequestDone={() => setRequest(null)}
            notify={notify}
            runImport={async (title, start, kind) => {
              try {
                const outcome = await jobs.run(title, start);
                const ok = await finish(kind === 'contacts' ? 'Import' : 'Bounce import', outcome);
                if (ok && kind === 'bounces') setTab('review');
                return ok;
              } catch (error) {
                notify('error', messageOf(error));
                return false;
              }
            }}
          />
        )}
        {tab === 'review' && (
          <ReviewPanel
            key={cleanup.path}
            dataVersion={dataVersion}
            findSeq={findSeq}
            busy={busy}
            notify={notify}
            onChanged={() => setDataVersion((v) => v + 1)}
            onUndo={() => void undo()}
            onFilter={setReviewFilter}
            onPicked={setReviewPicked}
            onExportPicked={() => { setPreferSegment('picked'); setTab('export'); }}
            onRedo={() => void redo()}
          />
        )}
        {tab === 'export' && (
          <ExportPanel
            cleanupName={cleanup.name}
            lists={contactsSources.map((s) => ({ id: s.id, name: baseName(s.name) }))}
            reviewFilter={reviewFilter}
            reviewPicked={reviewPicked}
            preferSegment={preferSegment}
            bounceProviders={cleanup.sources.filter((s) => s.kind === 'bounces').sort((a, b) => b.rows - a.rows).map((s) => s.provider)}
            dataVersion={dataVersion}
            request={exportRequest}
            busy={busy}
            notify={notify}
            runExport={async (title, start) => {
              try {
                const outcome = await jobs.run(title, start);
                return await finish('Export', outcome);
              } catch (error) {
                notify('error', messageOf(error));
                return false;
              }
            }}
          />
        )}
        </div>
      </main>
    </div>
  );
}

/**
 * The steps are a tablist (WAI-ARIA tabs, automatic activation): one tab stop, Left/Right move
 * to the previous/next step that is open, Home/End to the first/last, wrapping around.
 */
export function nextTab(tabs: readonly { id: Tab; disabled: boolean }[], current: Tab, key: string): Tab | null {
  const open = tabs.filter((t) => !t.disabled).map((t) => t.id);
  const i = open.indexOf(current);
  if (open.length === 0) return null;
  switch (key) {
    case 'ArrowRight': return open[(i + 1) % open.length]!;
    case 'ArrowLeft': return open[(i - 1 + open.length) % open.length]!;
    case 'Home': return open[0]!;
    case 'End': return open[open.length - 1]!;
    default: return null;
  }
}

function TabButton(props: { id: Tab; tab: Tab; setTab(t: Tab): void; label: string; count?: string; disabled?: boolean }) {
  const selected = props.tab === props.id;
  return (
    <button
      role="tab"
      id={`tab-${props.id}`}
      aria-selected={selected}
      aria-controls={selected ? `panel-${props.id}` : undefined}
      tabIndex={selected ? 0 : -1}
      className={`tab ${selected ? 'tab-selected' : ''}`}
      disabled={props.disabled}
      onClick={() => props.setTab(props.id)}
      data-testid={`tab-${props.id}`}
    >
      <span className="tab-label">{props.label}</span>
      {props.count && <span className="tab-count">{props.count}</span>}
    </button>
  );
}
