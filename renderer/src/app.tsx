import { useCallback, useEffect, useState } from 'react';
import type { CleanupInfo, SampleFiles } from '../../shared/contract.js';
import { baseName, call, messageOf, pathForFile } from './api.js';
import { useCommandSources, useCommands } from './commands.js';
import { useJobRunner } from './jobs.js';
import { StartScreen } from './components/start-screen.js';
import { Workspace } from './components/workspace.js';
import { Notices, type Notice, type NoticeKind } from './components/notices.js';
import { useTheme } from './theme.js';
import { useFocusRescue } from './dialog-focus.js';

export interface Dropped {
  readonly paths: readonly string[];
  readonly seq: number;
  /** Chosen as a contact list (the start screen's zone, clicked); a drop is worked out from the files. */
  readonly kind?: 'contacts';
}

export function App() {
  const [cleanup, setCleanup] = useState<CleanupInfo | null>(null);
  const [booted, setBooted] = useState(false);
  const [notices, setNotices] = useState<Notice[]>([]);
  const [dropped, setDropped] = useState<Dropped | null>(null);
  const [sample, setSample] = useState<SampleFiles | null>(null);
  /** The cleanup being opened: a file from an earlier version is brought up to date first. */
  const [opening, setOpening] = useState<string | null>(null);
  const jobs = useJobRunner();
  const theme = useTheme();
  useCommandSources();
  useFocusRescue();

  const notify = useCallback((kind: NoticeKind, text: string, details?: readonly string[]) => {
    // The same message again replaces the one shown (its timer restarts) rather than stacking up.
    setNotices((list) => [...list.filter((n) => n.kind !== kind || n.text !== text).slice(-2), { id: Date.now() + Math.random(), kind, text, details: details ?? [] }]);
  }, []);
  const dismiss = useCallback((id: number) => setNotices((list) => list.filter((n) => n.id !== id)), []);
  const fail = useCallback((error: unknown) => notify('error', messageOf(error)), [notify]);
  const dropHandled = useCallback(() => setDropped(null), []);
  const sampleHandled = useCallback(() => setSample(null), []);

  useEffect(() => {
    call('cleanup/current', {})
      .then((c) => setCleanup(c))
      .catch(fail)
      .finally(() => setBooted(true));
  }, [fail]);

  const refresh = useCallback(async () => {
    try {
      setCleanup(await call('cleanup/current', {}));
    } catch (error) {
      fail(error);
    }
  }, [fail]);

  const newCleanup = useCallback(async (choosePlace = false) => {
    if (jobs.active) return;
    try {
      let path: string | undefined;
      if (choosePlace) {
        const chosen = await call('dialog/save', { purpose: 'cleanup', defaultName: 'Cleanup.listsweep' });
        if (!chosen) return;
        path = chosen;
      }
      setCleanup(await call('cleanup/new', path ? { path } : {}));
      return true;
    } catch (error) {
      fail(error);
      return false;
    }
  }, [fail, jobs.active]);

  const openCleanup = useCallback(async (path?: string) => {
    if (jobs.active) return;
    try {
      let target = path;
      if (!target) {
        const chosen = await call('dialog/open', { purpose: 'cleanup' });
        if (chosen.length === 0) return;
        target = chosen[0];
      }
      if (!target) return;
      setOpening(baseName(target));
      setCleanup(await call('cleanup/open', { path: target }));
    } catch (error) {
      fail(error);
    } finally {
      setOpening(null);
    }
  }, [fail, jobs.active]);

  /** "Try it with a sample": the Node side writes the files, the workspace imports them. */
  const trySample = useCallback(async () => {
    if (jobs.active) return;
    try {
      const files = await call('sample/create', {});
      setCleanup(await call('cleanup/new', { path: files.cleanup }));
      setSample(files);
    } catch (error) {
      fail(error);
    }
  }, [fail, jobs.active]);

  /** The start screen's drop zone, clicked: the files chosen go where dropped ones go. */
  const chooseToStart = useCallback(async () => {
    if (jobs.active) return;
    try {
      const paths = await call('dialog/open', { purpose: 'contacts' });
      if (paths.length === 0) return;
      if (!(await newCleanup())) return;
      setDropped({ paths, seq: Date.now(), kind: 'contacts' });
    } catch (error) {
      fail(error);
    }
  }, [fail, jobs.active, newCleanup]);

  const closeCleanup = useCallback(async () => {
    if (jobs.active) return;
    try {
      await call('cleanup/close', {});
      setCleanup(null);
    } catch (error) {
      fail(error);
    }
  }, [fail, jobs.active]);

  useCommands({
    'new-cleanup': () => void newCleanup(),
    'open-cleanup': () => void openCleanup(),
    'close-cleanup': () => void closeCleanup(),
    'theme-system': () => theme.setChoice('system'),
    'theme-light': () => theme.setChoice('light'),
    'theme-dark': () => theme.setChoice('dark'),
    // The workspace shows the tour; with none open there is nothing to point at yet.
    'show-tour': () => { if (!cleanup) notify('info', 'The tour walks through a cleanup: start one, or try it with a sample, then ask for the tour again.'); },
  });

  // Files dropped anywhere: a .listsweep opens; anything else goes to the import panel
  // (starting a cleanup first when none is open). The browser must never navigate to a file.
  useEffect(() => {
    const over = (e: DragEvent) => {
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const drop = (e: DragEvent) => {
      e.preventDefault();
      const files = Array.from(e.dataTransfer?.files ?? []);
      if (files.length === 0) return;
      const paths = files.map((f) => pathForFile(f));
      const usable = paths.filter((p): p is string => !!p);
      if (usable.length < paths.length) {
        notify('error', 'These files could not be read from a drop here. Use the "Choose…" buttons instead.');
        return;
      }
      const doc = usable.find((p) => p.toLowerCase().endsWith('.listsweep'));
      if (doc) {
        void openCleanup(doc);
        return;
      }
      void (async () => {
        if (!cleanup && !(await newCleanup())) return;
        setDropped({ paths: usable, seq: Date.now() });
      })();
    };
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
    };
  }, [cleanup, newCleanup, openCleanup, notify]);

  if (!booted) return <div className="boot">Loading…</div>;

  return (
    <div className="app">
      {cleanup ? (
        <Workspace
          key={cleanup.path}
          cleanup={cleanup}
          jobs={jobs}
          dropped={dropped}
          notify={notify}
          refresh={refresh}
          onDropHandled={dropHandled}
          onClose={() => void closeCleanup()}
          theme={theme}
          sample={sample}
          onSampleHandled={sampleHandled}
        />
      ) : (
        <StartScreen
          onNew={(choose) => void newCleanup(choose)}
          onOpen={(path) => void openCleanup(path)}
          onSample={() => void trySample()}
          onChoose={() => void chooseToStart()}
          notify={notify}
          theme={theme}
        />
      )}
      <Notices notices={notices} onDismiss={dismiss} />
      {opening && <div className="opening" role="status">Opening {opening}…</div>}
      <span hidden data-testid="cleanup-path">{cleanup ? baseName(cleanup.path) : ''}</span>
    </div>
  );
}
