import { useCallback, useEffect, useRef, useState } from 'react';
import type { JobStarted } from '../../../shared/contract.js';
import { call, messageOf, stem, useReviewSummary } from '../api.js';
import type { NoticeKind } from './notices.js';

export type ExportKind = 'cleaned' | 'removed' | 'suppression';
type Encoding = 'source' | 'utf-8' | 'utf-8-bom';

interface Props {
  cleanupName: string;
  sourceName: string;
  dataVersion: number;
  request: { kind: ExportKind; seq: number } | null;
  busy: boolean;
  notify(kind: NoticeKind, text: string): void;
  runExport(title: string, start: () => Promise<JobStarted>): Promise<boolean>;
}

const KINDS: readonly { kind: ExportKind; title: string; text: string; suffix: string }[] = [
  {
    kind: 'cleaned',
    title: 'Cleaned list',
    text: 'Your list without the removed addresses: the same columns, order, encoding and line endings as the file you imported, ready to re-import into your email service.',
    suffix: 'cleaned',
  },
  {
    kind: 'removed',
    title: 'Removed addresses',
    text: 'The rows that were taken out, with their original columns plus listsweep_reason and listsweep_detail, for your records.',
    suffix: 'removed',
  },
  {
    kind: 'suppression',
    title: 'Suppression list',
    text: 'A two-column CSV (email, reason) to upload to your email service’s suppression or do-not-mail list: one line per removed address, leaving out invalid addresses and duplicate rows.',
    suffix: 'suppression',
  },
];

export function ExportPanel({ sourceName, dataVersion, request, busy, notify, runExport }: Props) {
  const summary = useReviewSummary(dataVersion, notify);
  const [encoding, setEncoding] = useState<Encoding>('source');
  const [done, setDone] = useState<Partial<Record<ExportKind, string>>>({});
  const seenSeq = useRef(0);


  const exportKind = useCallback(async (kind: ExportKind) => {
    if (busy) return;
    const meta = KINDS.find((k) => k.kind === kind);
    if (!meta) return;
    const ext = kind === 'cleaned' ? (sourceName.match(/\.(csv|tsv|txt)$/i)?.[0] ?? '.csv') : '.csv';
    try {
      const path = await call('dialog/save', { purpose: kind, defaultName: `${stem(sourceName)}-${meta.suffix}${ext}` });
      if (!path) return;
      const ok = await runExport(`Exporting the ${meta.title.toLowerCase()}`, () => call('export/run', { kind, path, encoding: kind === 'cleaned' ? encoding : 'utf-8' }));
      if (ok) setDone((d) => ({ ...d, [kind]: path }));
    } catch (e) {
      notify('error', messageOf(e));
    }
  }, [busy, sourceName, encoding, runExport, notify]);

  // A menu command (File › Export…) asks for one export directly.
  useEffect(() => {
    if (request && request.seq !== seenSeq.current) {
      seenSeq.current = request.seq;
      void exportKind(request.kind);
    }
  }, [request, exportKind]);

  const kept = summary ? summary.byDecision.keep + summary.byDecision.watch : null;
  const removed = summary ? summary.byDecision.remove : null;
  const count = (kind: ExportKind) => (kind === 'cleaned' ? kept : kind === 'removed' ? removed : null);

  return (
    <div className="export" data-screen="export">
      <div className="export-intro">
        <h2>Export</h2>
        <p className="muted">
          {summary
            ? `${summary.total.toLocaleString('en-US')} contacts: ${(kept ?? 0).toLocaleString('en-US')} stay on the list (${summary.byDecision.watch.toLocaleString('en-US')} of them to watch), ${(removed ?? 0).toLocaleString('en-US')} come off.`
            : 'Loading…'}
        </p>
      </div>
      <div className="export-cards">
        {KINDS.map((k) => (
          <section key={k.kind} className="panel export-card" data-testid={`export-${k.kind}`}>
            <h3>{k.title}</h3>
            <div className="export-count">
              {k.kind === 'suppression' ? <span className="muted">up to {removed?.toLocaleString('en-US') ?? '—'} addresses</span> : <>{count(k.kind)?.toLocaleString('en-US') ?? '—'} <span className="muted">rows</span></>}
            </div>
            <p className="muted small">{k.text}</p>
            {k.kind === 'cleaned' && (
              <label className="field">
                <span>Encoding</span>
                <select value={encoding} onChange={(e) => setEncoding(e.target.value as Encoding)}>
                  <option value="source">Same as the imported file</option>
                  <option value="utf-8">UTF-8</option>
                  <option value="utf-8-bom">UTF-8 with BOM (Excel)</option>
                </select>
              </label>
            )}
            <button className="btn btn-primary" disabled={busy || (k.kind === 'cleaned' ? kept : removed) === 0} onClick={() => void exportKind(k.kind)} data-testid={`export-${k.kind}-button`}>
              Export {k.title.toLowerCase()}…
            </button>
            {done[k.kind] && <p className="saved small" data-testid={`export-${k.kind}-done`}>✓ Saved to {done[k.kind]}</p>}
          </section>
        ))}
      </div>
    </div>
  );
}
