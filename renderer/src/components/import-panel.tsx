import { useState } from 'react';
import type { BounceColumnMapping, CleanupInfo, ContactImportOptions, JobStarted, SourceInfo } from '../../../shared/contract.js';
import { baseName, call } from '../api.js';
import { When } from './when.js';
import { ContactsPreview } from './contacts-preview.js';
import { BouncesPreview } from './bounces-preview.js';
import type { NoticeKind } from './notices.js';

export interface ImportRequest {
  readonly kind: 'contacts' | 'bounces' | 'auto';
  readonly paths: readonly string[];
  readonly seq: number;
}

type Mode =
  | { readonly view: 'overview' }
  | { readonly view: 'contacts'; readonly path: string }
  | { readonly view: 'bounces'; readonly paths: readonly string[] }
  | { readonly view: 'choose'; readonly paths: readonly string[] };

interface Props {
  cleanup: CleanupInfo;
  request: ImportRequest | null;
  busy: boolean;
  onPick(purpose: 'contacts' | 'bounces' | 'bounce-folder'): void;
  onRequestDone(): void;
  notify(kind: NoticeKind, text: string): void;
  runImport(title: string, start: () => Promise<JobStarted>, kind: 'contacts' | 'bounces'): Promise<boolean>;
}

const MAIL_OR_JSON = /\.(eml|mbox|mbx|msg|json|ndjson|jsonl)$/i;
const HAS_EXTENSION = /\.[a-z0-9]{1,5}$/i;

/** What a set of dropped paths most likely is; null when the user has to say. */
export function guessKind(paths: readonly string[]): 'contacts' | 'bounces' | null {
  if (paths.length > 0 && paths.every((p) => MAIL_OR_JSON.test(p) || !HAS_EXTENSION.test(baseName(p)))) return 'bounces';
  if (paths.length === 1 && /\.vcf$/i.test(paths[0] ?? '')) return 'contacts';
  return null;
}

function modeFor(request: ImportRequest): Mode {
  const kind = request.kind === 'auto' ? guessKind(request.paths) : request.kind;
  if (kind === 'contacts' && request.paths[0]) return { view: 'contacts', path: request.paths[0] };
  if (kind === 'bounces') return { view: 'bounces', paths: request.paths };
  return { view: 'choose', paths: request.paths };
}

export function ImportPanel({ cleanup, request, busy, onPick, onRequestDone, notify, runImport }: Props) {
  const [mode, setMode] = useState<Mode>(() => (request ? modeFor(request) : { view: 'overview' }));
  const [seenSeq, setSeenSeq] = useState(request?.seq ?? 0);
  if (request && request.seq !== seenSeq) {
    setSeenSeq(request.seq);
    setMode(modeFor(request));
  }

  const back = () => {
    setMode({ view: 'overview' });
    onRequestDone();
  };

  const importContacts = async (path: string, options: ContactImportOptions) => {
    const ok = await runImport(`Importing ${baseName(path)}`, () => call('contacts/import', { path, options }), 'contacts');
    if (ok) back();
  };

  const importBounces = async (paths: readonly string[], mappings: Record<string, BounceColumnMapping>) => {
    const title = paths.length === 1 ? `Importing bounces from ${baseName(paths[0] ?? '')}` : `Importing bounces from ${paths.length} files`;
    const ok = await runImport(title, () => call('bounces/import', { paths: [...paths], mappings }), 'bounces');
    if (ok) back();
  };

  if (mode.view === 'contacts') {
    return <ContactsPreview key={mode.path} path={mode.path} busy={busy} onCancel={back} onImport={(o) => void importContacts(mode.path, o)} />;
  }
  if (mode.view === 'bounces') {
    return <BouncesPreview key={mode.paths.join('\n')} paths={mode.paths} busy={busy} onCancel={back} onImport={(m) => void importBounces(mode.paths, m)} />;
  }
  if (mode.view === 'choose') {
    const names = mode.paths.map(baseName);
    return (
      <section className="panel choose" data-testid="import-choose">
        <h2>What is in {names.length === 1 ? names[0] : `these ${names.length} files`}?</h2>
        <p className="muted">ListSweep imports contact lists and bounce reports differently.</p>
        <div className="choose-actions">
          <button
            className="btn btn-primary"
            disabled={mode.paths.length !== 1}
            title={mode.paths.length !== 1 ? 'Import contact lists one at a time' : undefined}
            onClick={() => mode.paths[0] && setMode({ view: 'contacts', path: mode.paths[0] })}
          >
            A contact list
          </button>
          <button className="btn btn-primary" onClick={() => setMode({ view: 'bounces', paths: mode.paths })}>
            Bounce report{mode.paths.length > 1 ? 's' : ''}
          </button>
          <button className="btn btn-ghost" onClick={back}>Cancel</button>
        </div>
      </section>
    );
  }

  const contacts = cleanup.sources.filter((s) => s.kind === 'contacts');
  const bounces = cleanup.sources.filter((s) => s.kind === 'bounces');
  const dropOn = (kind: 'contacts' | 'bounces') => (e: React.DragEvent) => {
    e.preventDefault();
    e.stopPropagation();
    const paths = Array.from(e.dataTransfer.files).map((f) => window.listsweep.pathForFile(f));
    const usable = paths.filter((p): p is string => !!p);
    if (usable.length === 0 || usable.length < paths.length) {
      notify('error', 'These files could not be read from a drop here. Use the "Choose…" buttons instead.');
      return;
    }
    setMode(kind === 'contacts' ? { view: 'contacts', path: usable[0] ?? '' } : { view: 'bounces', paths: usable });
  };

  return (
    <div className="import-overview" data-testid="import-overview">
      <section className="panel import-card" onDragOver={(e) => e.preventDefault()} onDrop={dropOn('contacts')} data-testid="contacts-card">
        <header className="card-head">
          <div>
            <h2>Contact list</h2>
            <p className="muted">CSV, TSV, Excel (.xlsx) or vCard. Every column is kept for the export.</p>
          </div>
          <button className="btn btn-primary" onClick={() => onPick('contacts')} disabled={busy} data-autofocus={contacts.length === 0 || undefined}>
            Choose contact list…
          </button>
        </header>
        {contacts.length === 0 ? (
          <button type="button" className="drop-zone drop-zone-sm" onClick={() => onPick('contacts')} disabled={busy} data-testid="contacts-drop">
            Drop a contact list here, or click to choose one
          </button>
        ) : <SourceList sources={contacts} />}
      </section>
      <section className="panel import-card" onDragOver={(e) => e.preventDefault()} onDrop={dropOn('bounces')} data-testid="bounces-card">
        <header className="card-head">
          <div>
            <h2>Bounce reports</h2>
            <p className="muted">
              Exports from your email service (Mailchimp, SendGrid, Mailgun, SES, Postmark, Brevo…), any spreadsheet with an
              email and a code or reason column, or the bounce messages themselves (.eml, .mbox, a mail folder).
            </p>
          </div>
          <div className="btn-row">
            <button className="btn btn-primary" onClick={() => onPick('bounces')} disabled={busy} data-autofocus={contacts.length > 0 || undefined}>
              Choose bounce files…
            </button>
            <button className="btn" onClick={() => onPick('bounce-folder')} disabled={busy}>
              Choose folder…
            </button>
          </div>
        </header>
        {bounces.length === 0 ? (
          <button type="button" className="drop-zone drop-zone-sm" onClick={() => onPick('bounces')} disabled={busy} data-testid="bounces-drop">
            Drop bounce files or a folder here, or click to choose files
          </button>
        ) : <SourceList sources={bounces} />}
      </section>
    </div>
  );
}

function SourceList({ sources }: { sources: readonly SourceInfo[] }) {
  return (
    <ul className="source-list">
      {sources.map((s) => (
        <li key={s.id} className="source-item">
          <div className="source-main">
            <span className="source-name" title={s.path}>{s.name}</span>
            <span className="source-rows">{s.rows.toLocaleString('en-US')} {s.kind === 'contacts' ? (s.rows === 1 ? 'row' : 'rows') : (s.rows === 1 ? 'record' : 'records')}</span>
          </div>
          <div className="source-meta muted">
            {s.format} · imported <When value={s.importedAt} />
          </div>
          {s.warnings.length > 0 && (
            <details className="source-warnings">
              <summary>{s.warnings.length} warning{s.warnings.length > 1 ? 's' : ''}</summary>
              <ul>
                {s.warnings.slice(0, 20).map((w, i) => <li key={i}>{w}</li>)}
              </ul>
            </details>
          )}
        </li>
      ))}
    </ul>
  );
}
