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

  // Only a plain sheet needs its email column chosen: a recognised export is read by its own
  // reader, which knows where its addresses are.
  const needsEmail = (previews ?? []).filter((p) => p.provider === 'generic' && p.headers && p.headers.length > 0 && (mappings[p.path]?.email ?? -1) < 0);
  const readable = (previews ?? []).filter((p) => p.provider !== 'unreadable' && p.provider !== 'none');
  const canImport = !!previews && readable.length > 0 && needsEmail.length === 0 && !busy;
  const blocked = !previews || busy ? null
    : readable.length === 0 ? 'None of these files holds bounces.'
    : needsEmail.length > 0 ? `Choose the email column of ${needsEmail.map((p) => p.name).join(', ')}.`
    : null;

  // A plain sheet sends its (guessed or corrected) mapping. A recognised export sends one only
  // when the user chose another email column, and then only that column: its reader still gives
  // the verdicts (see openSource).
  const chosenMappings = () => {
    const out: Record<string, BounceColumnMapping> = {};
    for (const p of previews ?? []) {
      const m = mappings[p.path];
      if (!m) continue;
      if (p.provider === 'generic') out[p.path] = m;
      else if (handMapped(p, m)) out[p.path] = { email: m.email };
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
          <button className="btn btn-primary" disabled={!canImport} onClick={() => onImport(chosenMappings())} data-testid="import-bounces" data-autofocus>
            Import bounces
          </button>
        </div>
      </header>
      {blocked && <p className="warn-box" role="status" data-testid="import-blocked">{blocked}</p>}
      {!previews ? (
        <div className="loading">Reading…</div>
      ) : (
        <div className="bounce-files">
          {previews.map((p) => (
            <BounceFile
              key={p.path}
              preview={p}
              mapping={mappings[p.path]}
              onMapping={(m) => {
                setMappings((all) => ({ ...all, [p.path]: m }));
              }}
            />
          ))}
        </div>
      )}
    </section>
  );
}

/** The user picked an email column other than the one the provider's reader uses. */
function handMapped(p: BounceFilePreview, m: BounceColumnMapping | undefined): m is BounceColumnMapping {
  return p.provider !== 'generic' && !!m && m.email >= 0 && m.email !== p.emailColumn;
}

function BounceFile({ preview, mapping, onMapping }: { preview: BounceFilePreview; mapping: BounceColumnMapping | undefined; onMapping(m: BounceColumnMapping): void }) {
  const hasColumns = !!preview.headers && preview.headers.length > 0;
  const generic = preview.provider === 'generic';
  const [open, setOpen] = useState(generic);
  const headers = preview.headers ?? [];
  // A recognised export shows (and lets the user change) only where its addresses are.
  const fields = generic ? FIELDS : FIELDS.filter((f) => f.key === 'email');
  const shown: BounceColumnMapping | undefined = generic ? mapping : { email: mapping?.email ?? preview.emailColumn ?? -1 };
  const byHand = handMapped(preview, mapping);
  const tags: Record<number, string> = {};
  if (shown) for (const f of fields) { const c = shown[f.key]; if (c !== undefined && c >= 0) tags[c] = f.label; }

  return (
    <article className="bounce-file" data-testid="bounce-file">
      <div className="bounce-file-head">
        <span className="kind-badge">{KIND_LABEL[preview.kind]}</span>
        <span className="bounce-file-name" title={preview.path}>{preview.name}</span>
        <span className="bounce-file-desc" data-testid="bounce-description">{preview.description}</span>
        {preview.records !== null && !/record/i.test(preview.description) && <span className="muted">{preview.records.toLocaleString('en-US')} records</span>}
        {hasColumns && !generic && (
          <button className="btn btn-link btn-sm" onClick={() => setOpen(!open)} data-testid="adjust-columns">{open ? 'Hide columns' : 'Adjust columns'}</button>
        )}
      </div>
      {preview.warnings.length > 0 && (
        <ul className="warn-list">
          {preview.warnings.map((w, i) => <li key={i}>{w}</li>)}
        </ul>
      )}
      {byHand && (
        <div className="warn-box" role="status" data-testid="hand-mapped">
          Email column chosen by hand: “{headers[mapping.email] || `Column ${mapping.email + 1}`}”. The file is still read as {preview.description.replace(/^Recognised: /, '').split(',')[0]}: its
          verdicts, reasons and dates are kept; only the addresses come from the column you chose.{' '}
          {preview.emailColumn !== undefined && (
            <button className="btn btn-link btn-sm" onClick={() => onMapping({ email: preview.emailColumn ?? -1 })} data-testid="reset-email-column">
              Use “{headers[preview.emailColumn] || `Column ${preview.emailColumn + 1}`}” again
            </button>
          )}
        </div>
      )}
      {hasColumns && open && (
        <>
          {generic
            ? <p className="muted small">Not a format ListSweep knows by name: check which column holds what.</p>
            : <p className="muted small">Read by its own reader: the service’s verdicts and reasons are kept. You can only change where the addresses are.</p>}
          <div className="mapping-form" data-testid="mapping-form">
            {fields.map((f) => {
              const value = shown?.[f.key];
              return (
                <label key={f.key} className="field">
                  <span>{f.label} <em className="muted">{f.hint}</em></span>
                  <select
                    value={value === undefined || value < 0 ? '' : String(value)}
                    onChange={(e) => {
                      const next = { ...(shown ?? { email: -1 }) } as Record<string, number | undefined>;
                      if (e.target.value === '') {
                        if (f.key === 'email') next.email = -1; else delete next[f.key];
                      } else next[f.key] = Number(e.target.value);
                      onMapping(next as unknown as BounceColumnMapping);
                    }}
                    data-testid={`map-${f.key}`}
                  >
                    <option value="">{f.key === 'email' ? (generic ? '— choose —' : '— as the reader finds them —') : '— none —'}</option>
                    {headers.map((h, i) => <option key={i} value={i}>{h || `Column ${i + 1}`}</option>)}
                  </select>
                </label>
              );
            })}
          </div>
          {generic && (mapping?.email ?? -1) < 0 && <div className="warn-box" role="alert">Choose the column with the email addresses.</div>}
          {preview.rows && preview.rows.length > 0 && (
            <PreviewTable headers={headers} rows={preview.rows.slice(0, 8)} highlight={Object.keys(tags).map(Number)} tags={tags} />
          )}
        </>
      )}
    </article>
  );
}
