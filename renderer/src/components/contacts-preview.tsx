import { useEffect, useState } from 'react';
import type { ContactImportOptions, ContactPreview } from '../../../shared/contract.js';
import { baseName, call, messageOf } from '../api.js';
import { PreviewTable } from './preview-table.js';

/**
 * The encoding picker's entries: the detected encoding, then the sniffer's other guesses with
 * their confidence (the likely alternatives for a doubtful file), then the common encodings.
 */
export function encodingChoices(detected: string | undefined, candidates: readonly { encoding: string; confidence: number }[]): { encoding: string; label: string }[] {
  const out: { encoding: string; label: string }[] = [];
  const seen = new Set<string>();
  const add = (encoding: string, label: string) => { if (!seen.has(encoding)) { seen.add(encoding); out.push({ encoding, label }); } };
  const score = new Map(candidates.map((c) => [c.encoding, c.confidence]));
  if (detected) add(detected, score.has(detected) ? `${detected} (detected, ${score.get(detected)}%)` : detected);
  for (const c of candidates) add(c.encoding, `${c.encoding} (${c.confidence}%)`);
  for (const e of ENCODINGS) add(e, e);
  return out;
}

const ENCODINGS = ['utf-8', 'windows-1252', 'iso-8859-1', 'iso-8859-15', 'utf-16le', 'utf-16be', 'windows-1250', 'windows-1251', 'koi8-r', 'macintosh', 'shift_jis', 'euc-jp', 'gb18030', 'big5', 'euc-kr'];
const DELIMITERS: readonly [string, string][] = [[',', 'Comma ( , )'], [';', 'Semicolon ( ; )'], ['\t', 'Tab'], ['|', 'Pipe ( | )']];
const LINE_ENDINGS: Record<string, string> = { '\r\n': 'CRLF (Windows)', '\n': 'LF (Unix)', '\r': 'CR (old Mac)' };

interface Props {
  path: string;
  busy: boolean;
  onCancel(): void;
  onImport(options: ContactImportOptions): void;
}

type Loaded = { readonly key: string; readonly preview: ContactPreview | null; readonly error: string | null };

export function ContactsPreview({ path, busy, onCancel, onImport }: Props) {
  const [options, setOptions] = useState<ContactImportOptions>({});
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  // The columns addresses are read from (Google and Outlook exports have several); the first is the email column.
  const [emailColumns, setEmailColumns] = useState<readonly number[]>([]);
  const emailColumn = emailColumns.length ? Math.min(...emailColumns) : null;
  const setEmailColumn = (c: number | null) => setEmailColumns(c === null ? [] : [c]);
  const toggleColumn = (c: number) => setEmailColumns((cols) => (cols.includes(c) ? (cols.length > 1 ? cols.filter((x) => x !== c) : cols) : [...cols, c].sort((a, b) => a - b)));
  const key = JSON.stringify(options);

  useEffect(() => {
    let live = true;
    call('contacts/preview', { path, options })
      .then((preview) => {
        if (!live) return;
        setLoaded({ key, preview, error: null });
        setEmailColumns(options.emailColumn !== undefined ? [options.emailColumn] : preview.emailColumns);
      })
      .catch((e: unknown) => live && setLoaded({ key, preview: null, error: messageOf(e) }));
    return () => {
      live = false;
    };
    // `key` is the serialised options: re-preview whenever they change.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [path, key]);

  const loading = !loaded || loaded.key !== key;
  const preview = loaded?.preview ?? null;
  const set = (patch: ContactImportOptions) => setOptions((o) => ({ ...o, ...patch }));

  if (loaded?.error && !loading) {
    return (
      <section className="panel preview" data-testid="contacts-preview">
        <h2>{baseName(path)}</h2>
        <div className="error-box" role="alert" data-testid="preview-error">
          <strong>This file can't be imported as a contact list.</strong>
          <p>{loaded.error}</p>
        </div>
        <div className="btn-row">
          {Object.keys(options).length > 0 && <button className="btn" onClick={() => setOptions({})}>Reset the settings</button>}
          <button className="btn" onClick={onCancel}>Choose another file</button>
        </div>
      </section>
    );
  }

  const format = preview?.format;
  const encodings = encodingChoices(format?.encoding, preview?.encodingCandidates ?? []);
  const canImport = !!preview && emailColumn !== null && !busy && !loading;

  return (
    <section className="panel preview" data-testid="contacts-preview">
      <header className="card-head">
        <div>
          <h2>{baseName(path)}</h2>
          <p className="muted">
            {preview?.knownExport ? <>Recognised: <strong>{preview.knownExport}</strong> · </> : null}
            {format ? describeFormat(format.kind) : 'Reading…'}
            {format && format.kind === 'csv' && <> · {LINE_ENDINGS[format.lineEnding] ?? ''}{format.bom ? ' · with BOM' : ''}</>}
          </p>
        </div>
        <div className="btn-row">
          <button className="btn btn-ghost" onClick={onCancel} disabled={busy}>Cancel</button>
          <button className="btn btn-primary" disabled={!canImport} data-testid="import-contacts" data-autofocus
            onClick={() => emailColumn !== null && onImport({ ...options, emailColumn, emailColumns: [...emailColumns] })}>
            Import contacts
          </button>
        </div>
      </header>

      {format && (
        <div className="settings-row">
          {format.kind === 'csv' && (
            <>
              <label className="field">
                <span>Encoding {format.encodingConfidence !== 'certain' && <em className={`confidence confidence-${format.encodingConfidence}`}>({format.encodingConfidence})</em>}</span>
                <select value={options.encoding ?? format.encoding} onChange={(e) => set({ encoding: e.target.value })} data-testid="encoding">
                  {encodings.map((c) => <option key={c.encoding} value={c.encoding}>{c.label}</option>)}
                </select>
              </label>
              <label className="field">
                <span>Delimiter</span>
                <select value={options.delimiter ?? format.delimiter} onChange={(e) => set({ delimiter: e.target.value, emailColumn: undefined })} data-testid="delimiter">
                  {DELIMITERS.some(([d]) => d === format.delimiter) ? null : <option value={format.delimiter}>{JSON.stringify(format.delimiter)}</option>}
                  {DELIMITERS.map(([d, label]) => <option key={d} value={d}>{label}</option>)}
                </select>
              </label>
            </>
          )}
          {preview && preview.sheets.length > 1 && (
            <label className="field">
              <span>Sheet</span>
              <select value={options.sheet ?? preview.sheets[0]} onChange={(e) => set({ sheet: e.target.value, emailColumn: undefined })}>
                {preview.sheets.map((s) => <option key={s} value={s}>{s}</option>)}
              </select>
            </label>
          )}
          {format.kind !== 'vcard' && (
            <label className="field field-check">
              <input type="checkbox" checked={options.hasHeader ?? format.hasHeader} onChange={(e) => set({ hasHeader: e.target.checked, emailColumn: undefined })} />
              <span>First row is a header</span>
            </label>
          )}
          {format.kind === 'vcard' && (
            <label className="field">
              <span>Cards with several addresses</span>
              <select value={options.vcardMode ?? 'all'} onChange={(e) => set({ vcardMode: e.target.value as 'all' | 'primary' })}>
                <option value="all">One row per address</option>
                <option value="primary">Preferred address only</option>
              </select>
            </label>
          )}
          {preview && (
            <label className="field">
              <span>Email column</span>
              <select value={emailColumn ?? ''} onChange={(e) => setEmailColumn(e.target.value === '' ? null : Number(e.target.value))} data-testid="email-column">
                {emailColumn === null && <option value="">— choose —</option>}
                {preview.headers.map((h, i) => <option key={i} value={i}>{h || `Column ${i + 1}`}</option>)}
              </select>
            </label>
          )}
        </div>
      )}

      {preview && emailColumn === null && (
        <div className="warn-box" role="alert">No column looks like email addresses. Click the header of the column that holds them.</div>
      )}
      {preview && preview.warnings.length > 0 && (
        <ul className="warn-list">
          {preview.warnings.map((w, i) => <li key={i}>{w}</li>)}
        </ul>
      )}

      {loading && !preview ? (
        <div className="loading">Reading the file…</div>
      ) : preview ? (
        <>
          <p className="muted small" data-testid="address-columns">
            First {preview.rows.length} rows · {emailColumns.length > 1
              ? <>addresses are read from {emailColumns.length} columns: {emailColumns.map((c) => preview.headers[c] || `Column ${c + 1}`).join(', ')}; each one is checked and decided on its own</>
              : 'the highlighted column is used as the address'} · click a header to add or remove a column of addresses
          </p>
          <PreviewTable headers={preview.headers} rows={preview.rows} highlight={emailColumns}
            tags={emailColumns.length > 1 ? Object.fromEntries(emailColumns.map((c, i) => [c, `Address ${i + 1}`])) : undefined}
            onHeaderClick={(c) => (emailColumn === null ? setEmailColumn(c) : toggleColumn(c))} clickTitle="Read addresses from this column (click again to stop)" dim={loading} />
        </>
      ) : null}
    </section>
  );
}

function describeFormat(kind: 'csv' | 'xlsx' | 'vcard'): string {
  return kind === 'csv' ? 'Delimited text' : kind === 'xlsx' ? 'Excel workbook' : 'vCard contacts';
}
