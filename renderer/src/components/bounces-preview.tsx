import { useEffect, useState } from 'react';
import type { BounceColumnMapping, BounceFilePreview } from '../../../shared/contract.js';
import { baseName, call, messageOf } from '../api.js';
import { PreviewTable } from './preview-table.js';

const FIELDS: readonly { key: keyof BounceColumnMapping; label: string; hint: string }[] = [
  { key: 'email', label: 'Email address', hint: 'required' },
  { key: 'replyCode', label: 'SMTP reply code', hint: 'e.g. 550' },
  { key: 'status', label: 'Enhanced status', hint: 'e.g. 5.1.1' },
  { key: 'diagnostic', label: 'Diagnostic / reason text', hint: 'the server’s message' },
  { key: 'type', label: 'Bounce type', hint: 'hard / soft' },
  { key: 'date', label: 'Date', hint: 'when it bounced' },
  { key: 'campaign', label: 'Campaign', hint: 'to count repeats' },
];

const KIND_LABEL: Record<BounceFilePreview['kind'], string> = {
  mail: 'Bounce message',
  mbox: 'Mailbox file',
  maildir: 'Mail folder',
  spreadsheet: 'Spreadsheet',
  json: 'JSON export',
};

interface Props {
  paths: readonly string[];
  busy: boolean;
  onCancel(): void;
  onImport(mappings: Record<string, BounceColumnMapping>): void;
}

export function BouncesPreview({ paths, busy, onCancel, onImport }: Props) {
  const [previews, setPreviews] = useState<readonly BounceFilePreview[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [mappings, setMappings] = useState<Record<string, BounceColumnMapping>>({});
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());

  useEffect(() => {
    let live = true;
    call('bounces/preview', { paths: [...paths] })
      .then((list) => {
        if (!live) return;
        setPreviews(list);
        const initial: Record<string, BounceColumnMapping> = {};
        for (const p of list) if (p.mapping) initial[p.path] = p.mapping;
        setMappings(initial);
      })
      .catch((e: unknown) => live && setError(messageOf(e)));
    return () => {
      live = false;
    };
  }, [paths]);

  const title = paths.length === 1 ? baseName(paths[0] ?? '') : `${paths.length} bounce files`;

  if (error) {
    return (
      <section className="panel preview" data-testid="bounces-preview">
        <h2>{title}</h2>
        <div className="error-box" role="alert" data-testid="preview-error">
          <strong>These files can't be imported as bounce reports.</strong>
          <p>{error}</p>
        </div>
        <button className="btn" onClick={onCancel}>Choose other files</button>
      </section>
    );
  }

  // A recognised export is read by its own reader: only a guessed (or changed) mapping needs an email column.
  const needsEmail = (previews ?? []).filter((p) => (p.provider === 'generic' || touched.has(p.path)) && p.headers && p.headers.length > 0 && (mappings[p.path]?.email ?? -1) < 0);
  const readable = (previews ?? []).filter((p) => p.provider !== 'unreadable');
  const canImport = !!previews && readable.length > 0 && needsEmail.length === 0 && !busy;

  // Only send a mapping where the columns were guessed (generic) or the user changed them:
  // a recognised ESP export is read by its own reader.
  const chosenMappings = () => {
    const out: Record<string, BounceColumnMapping> = {};
    for (const p of previews ?? []) {
      const m = mappings[p.path];
      if (m && (p.provider === 'generic' || touched.has(p.path))) out[p.path] = m;
    }
    return out;
  };

  return (
    <section className="panel preview" data-testid="bounces-preview">
      <header className="card-head">
        <div>
          <h2>{title}</h2>
          <p className="muted">{previews ? `${previews.length} file${previews.length === 1 ? '' : 's'} looked at` : 'Looking at the files…'}</p>
        </div>
        <div className="btn-row">
          <button className="btn btn-ghost" onClick={onCancel} disabled={busy}>Cancel</button>
          <button className="btn btn-primary" disabled={!canImport} onClick={() => onImport(chosenMappings())} data-testid="import-bounces">
            Import bounces
          </button>
        </div>
      </header>
      {!previews ? (
        <div className="loading">Reading…</div>
      ) : (
        <div className="bounce-files">
          {previews.map((p) => (
            <BounceFile
              key={p.path}
              preview={p}
              mapping={mappings[p.path]}
              single={previews.length === 1}
              onMapping={(m) => {
                setMappings((all) => ({ ...all, [p.path]: m }));
                setTouched((t) => new Set(t).add(p.path));
              }}
            />
          ))}
        </div>
      )}
    </section>
  );
}

function BounceFile({ preview, mapping, single, onMapping }: { preview: BounceFilePreview; mapping: BounceColumnMapping | undefined; single: boolean; onMapping(m: BounceColumnMapping): void }) {
  const hasColumns = !!preview.headers && preview.headers.length > 0;
  const generic = preview.provider === 'generic';
  const [open, setOpen] = useState(generic || (single && hasColumns));
  const headers = preview.headers ?? [];
  const tags: Record<number, string> = {};
  if (mapping) for (const f of FIELDS) { const c = mapping[f.key]; if (c !== undefined && c >= 0) tags[c] = f.label; }

  return (
    <article className="bounce-file" data-testid="bounce-file">
      <div className="bounce-file-head">
        <span className="kind-badge">{KIND_LABEL[preview.kind]}</span>
        <span className="bounce-file-name" title={preview.path}>{preview.name}</span>
        <span className="bounce-file-desc" data-testid="bounce-description">{preview.description}</span>
        {preview.records !== null && !/record/i.test(preview.description) && <span className="muted">{preview.records.toLocaleString('en-US')} records</span>}
        {hasColumns && !generic && (
          <button className="btn btn-link btn-sm" onClick={() => setOpen(!open)}>{open ? 'Hide columns' : 'Adjust columns'}</button>
        )}
      </div>
      {preview.warnings.length > 0 && (
        <ul className="warn-list">
          {preview.warnings.map((w, i) => <li key={i}>{w}</li>)}
        </ul>
      )}
      {hasColumns && open && (
        <>
          {generic && <p className="muted small">Not a format ListSweep knows by name: check which column holds what.</p>}
          <div className="mapping-form" data-testid="mapping-form">
            {FIELDS.map((f) => {
              const value = mapping?.[f.key];
              return (
                <label key={f.key} className="field">
                  <span>{f.label} <em className="muted">{f.hint}</em></span>
                  <select
                    value={value === undefined ? '' : String(value)}
                    onChange={(e) => {
                      const next = { ...(mapping ?? { email: -1 }) } as Record<string, number | undefined>;
                      if (e.target.value === '') {
                        if (f.key === 'email') next.email = -1; else delete next[f.key];
                      } else next[f.key] = Number(e.target.value);
                      onMapping(next as unknown as BounceColumnMapping);
                    }}
                    data-testid={`map-${f.key}`}
                  >
                    <option value="">{f.key === 'email' ? '— choose —' : '— none —'}</option>
                    {headers.map((h, i) => <option key={i} value={i}>{h || `Column ${i + 1}`}</option>)}
                  </select>
                </label>
              );
            })}
          </div>
          {(mapping?.email ?? -1) < 0 && <div className="warn-box" role="alert">Choose the column with the email addresses.</div>}
          {preview.rows && preview.rows.length > 0 && (
            <PreviewTable headers={headers} rows={preview.rows.slice(0, 8)} highlight={Object.keys(tags).map(Number)} tags={tags} />
          )}
        </>
      )}
    </article>
  );
}
