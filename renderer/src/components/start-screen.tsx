import { useEffect, useState } from 'react';
import type { RecentCleanup } from '../../../shared/contract.js';
import { call, messageOf } from '../api.js';
import type { NoticeKind } from './notices.js';
import { When } from './when.js';
import { ThemePicker, type ThemeControl } from './theme-picker.js';

interface Props {
  onNew(choosePlace: boolean): void;
  onOpen(path?: string): void;
  /** Make a cleanup of a generated sample list and its bounces. */
  onSample(): void;
  /** Choose a contact list to start with (the drop zone, clicked). */
  onChoose(): void;
  notify(kind: NoticeKind, text: string): void;
  theme: ThemeControl;
}

export function StartScreen({ onNew, onOpen, onSample, onChoose, notify, theme }: Props) {
  const [recent, setRecent] = useState<readonly RecentCleanup[] | null>(null);

  useEffect(() => {
    call('cleanup/recent', {})
      .then(setRecent)
      .catch((e: unknown) => {
        setRecent([]);
        notify('error', messageOf(e));
      });
  }, [notify]);

  return (
    <main className="start" data-screen="start">
      <section className="start-hero">
        <div className="brand">
          <span className="brand-mark" aria-hidden>◆</span> ListSweep
          <ThemePicker theme={theme} />
        </div>
        <h1>Clean your email list with the bounces you already have.</h1>
        <p className="lede">
          Drop in a contact list and your bounce reports. ListSweep decides, address by address, what to keep, remove or
          watch — and tells you why. Everything stays on this computer.
        </p>
        <div className="start-actions">
          <button className="btn btn-primary btn-lg" onClick={() => onNew(false)} data-autofocus>
            New cleanup
          </button>
          <button className="btn btn-lg" onClick={() => onOpen()}>
            Open…
          </button>
          <button className="btn btn-link" onClick={() => onNew(true)}>
            New cleanup in a folder of my choice…
          </button>
        </div>
        <button type="button" className="drop-zone" onClick={onChoose} data-testid="start-drop">
          <span className="drop-zone-title">Drop a contact list here to start, or click to choose one</span>
          <span className="drop-zone-hint">CSV, TSV, Excel or vCard — or a .listsweep cleanup to reopen it</span>
        </button>
        <div className="try-sample">
          <button className="btn" onClick={onSample} data-testid="try-sample">Try it with a sample</button>
          <span className="muted small">A generated list of 300 contacts and its bounces, in three formats, with a short tour.</span>
        </div>
      </section>
      <section className="start-recent">
        <h2>Recent cleanups</h2>
        {recent === null ? (
          <p className="muted">Loading…</p>
        ) : recent.length === 0 ? (
          <p className="muted">Cleanups you start or open appear here.</p>
        ) : (
          <ul className="recent-list">
            {recent.map((r) => (
              <li key={r.path}>
                <button className="recent-item" disabled={!r.exists} onClick={() => onOpen(r.path)} title={r.path}>
                  <span className="recent-name">{r.name}</span>
                  <span className="recent-meta">
                    {r.exists ? <When value={r.openedAt} /> : 'File not found'} · <span className="recent-path">{r.path}</span>
                  </span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
    </main>
  );
}
