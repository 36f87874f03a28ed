import { useEffect, useEffectEvent, useRef, useState } from 'react';
import type { JobStarted, ReviewFilter, ReviewSummary } from '../../../shared/contract.js';
import { SUPPRESSION_FORMATS, suppressionFormatFor } from '../../../shared/suppression-formats.js';
import { REIMPORT_FORMATS, reimportFormatFor } from '../../../shared/reimport-formats.js';
import { REASON_INFO, type Reason } from '../../../shared/reasons.js';
import { EXCEL_MAX_ROWS, tooManyRowsMessage } from '../../../shared/excel.js';
import { ApiFailure, call, messageOf, stem, useReviewSummary } from '../api.js';
import type { NoticeKind } from './notices.js';

export type ExportKind = 'cleaned' | 'removed' | 'suppression';
type Encoding = 'source' | 'utf-8' | 'utf-8-bom';

interface Props {
  cleanupName: string;
  /** The cleanup's contact lists, in import order (file names). */
  lists: readonly { id: number; name: string }[];
  /** The rows the review shows now, offered as a segment; null before the review was opened. */
  reviewFilter?: ReviewFilter | null;
  /** The rows picked in the review (ids), offered as a segment; empty or null when none are. */
  reviewPicked?: readonly number[] | null;
  /** The segment chosen when the panel opens ('picked' after "Export…" on picked rows). */
  preferSegment?: string | null;
  /** Provider ids of the bounce files, most bounces first: the suppression format preselected. */
  bounceProviders: readonly (string | null)[];
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
    text: 'Your list without the removed addresses: the same columns, order, encoding and line endings as the file you imported, ready to re-import into your email service. A row with several addresses stays while one of them does, with the removed ones taken out of their cells. Name it .xlsx for an Excel workbook.',
    suffix: 'cleaned',
  },
  {
    kind: 'removed',
    title: 'Removed addresses',
    text: 'The rows that were taken out, with their original columns plus listsweep_reason and listsweep_detail, for your records (one line per removed address; a list with several addresses per row also gets listsweep_address; CSV, or Excel with a .xlsx name). Cells that start like a spreadsheet formula get an apostrophe in front, so Excel shows them as text.',
    suffix: 'removed',
  },
  {
    kind: 'suppression',
    title: 'Suppression list',
    text: 'A file to upload to your email service’s suppression or do-not-mail list, in the format its import takes: one line per removed address, leaving out invalid addresses and duplicate rows. Cells that start like a spreadsheet formula get an apostrophe in front.',
    suffix: 'suppression',
  },
];

export function ExportPanel({ lists, reviewFilter = null, reviewPicked = null, preferSegment = null, bounceProviders, dataVersion, request, busy, notify, runExport }: Props) {
  const summary = useReviewSummary(dataVersion, notify);
  const [encoding, setEncoding] = useState<Encoding>('source');
  // With several lists: all of them (in the first one's columns) or one, in its own shape.
  const [listId, setListId] = useState<number | null>(null);
  const list = lists.find((l) => l.id === listId) ?? null;
  const sourceName = list?.name ?? lists[0]?.name ?? 'contacts.csv';
  const listCounts = useListCounts(list?.id ?? null, dataVersion, notify);
  const formulaCells = useFormulaCells(list?.id ?? null, dataVersion, notify);
  const [excelSafe, setExcelSafe] = useState(false);
  // The service the bounces came from until the user picks another.
  const [chosenFormat, setFormat] = useState<string | null>(null);
  const format = chosenFormat ?? suppressionFormatFor(bounceProviders).id;
  const formatInfo = SUPPRESSION_FORMATS.find((f) => f.id === format)!;
  const [chosenService, setService] = useState<string | null>(null);
  const service = REIMPORT_FORMATS.find((f) => f.id === chosenService) ?? reimportFormatFor(bounceProviders);
  const [done, setDone] = useState<Partial<Record<ExportKind | 'segment' | 'report' | 'reimport', string>>>({});
  const segments = segmentsOf(summary, reviewFilter, reviewPicked);
  const [segmentKey, setSegmentKey] = useState<string | null>(preferSegment);
  const segment = segments.find((x) => x.key === segmentKey) ?? segments[0] ?? null;
  const [shape, setShape] = useState<'list' | 'reasons'>('list');
  const seenSeq = useRef(0);
  // The button of the export last asked for (here or from the menu) is where the keyboard carries
  // on: focus waits there while the export runs and stays once it is saved, the next card one Tab away.
  const [asked, setAsked] = useState<string | null>(null);
  const carriesOn = (key: string) => ({ 'data-autofocus': asked === key || undefined });
  const buttons = useRef<Partial<Record<ExportKind, HTMLButtonElement | null>>>({});


  // One list chosen: its own counts; the suppression list is always the whole cleanup's.
  const all = summary ? { total: summary.total, watch: summary.byDecision.watch, kept: summary.byDecision.keep + summary.byDecision.watch, removed: summary.byDecision.remove } : null;
  const shown = list ? listCounts : all;
  const kept = shown?.kept ?? null;
  const removed = shown?.removed ?? null;
  const suppressed = all?.removed ?? null;
  const count = (kind: ExportKind) => (kind === 'cleaned' ? kept : kind === 'removed' ? removed : null);

  const exportKind = async (kind: ExportKind) => {
    if (busy) return;
    const meta = KINDS.find((k) => k.kind === kind);
    if (!meta) return;
    setAsked(kind);
    // A workbook comes back as a workbook (a .xlsx name is written as Excel); the suppression list is the service's CSV.
    // More rows than a sheet holds is offered as CSV (a .xlsx name typed anyway is refused, saying so).
    const fromExcel = /\.xlsx$/i.test(sourceName) && !overExcel(kind === 'cleaned' ? kept : kind === 'removed' ? removed : null);
    const ext = kind === 'suppression' ? '.csv' : fromExcel ? '.xlsx' : kind === 'cleaned' ? (sourceName.match(/\.(csv|tsv|txt)$/i)?.[0] ?? '.csv') : '.csv';
    try {
      const path = await call('dialog/save', { purpose: kind, defaultName: `${stem(sourceName)}-${meta.suffix}${kind === 'suppression' && format !== 'generic' ? `-${format}` : ''}${ext}` });
      if (!path) return;
      const one = list && kind !== 'suppression' ? { sourceId: list.id } : {};
      const ok = await runExport(`Exporting the ${meta.title.toLowerCase()}`, () => call('export/run', { kind, path, encoding: kind === 'cleaned' ? encoding : 'utf-8', ...(kind === 'cleaned' && excelSafe ? { excelSafe } : {}), ...(kind === 'suppression' ? { format } : {}), ...one }));
      if (ok) setDone((d) => ({ ...d, [kind]: path }));
    } catch (e) {
      notify('error', messageOf(e));
    }
  };

  const exportReimport = async () => {
    if (busy) return;
    setAsked('reimport');
    try {
      const path = await call('dialog/save', { purpose: 'cleaned', defaultName: `${stem(sourceName)}-${service.id}-import.csv` });
      if (!path) return;
      const ok = await runExport(`Exporting the ${service.label} import file`, () => call('export/run', { kind: 'reimport', path, encoding: 'utf-8', format: service.id, ...(list ? { sourceId: list.id } : {}) }));
      if (ok) setDone((d) => ({ ...d, reimport: path }));
    } catch (e) {
      notify('error', messageOf(e));
    }
  };

  const exportSegment = async () => {
    if (busy || !segment) return;
    setAsked('segment');
    const ext = shape === 'list' && /\.xlsx$/i.test(sourceName) && !overExcel(segment.count) ? '.xlsx' : '.csv';
    try {
      const path = await call('dialog/save', { purpose: 'segment', defaultName: `${stem(sourceName)}-${segment.slug}${ext}` });
      if (!path) return;
      const ok = await runExport(`Exporting ${segment.label.toLowerCase()}`, () => call('export/run', { kind: 'segment', path, encoding: 'source', segment: segment.seg, shape }));
      if (ok) setDone((d) => ({ ...d, segment: path }));
    } catch (e) {
      notify('error', messageOf(e));
    }
  };

  const exportReport = async (as: 'html' | 'pdf') => {
    if (busy) return;
    setAsked(`report-${as}`);
    try {
      const path = await call('dialog/save', { purpose: 'report', defaultName: `${stem(sourceName)}-report.${as}` });
      if (!path) return;
      await call('export/report', { path, locale: navigator.language || 'en-US' });
      setDone((d) => ({ ...d, report: path }));
    } catch (e) {
      notify('error', messageOf(e));
    }
  };

  // A menu command (File › Export…) asks for one export directly, with what the panel holds then.
  // The screen it opened on has gone, and focus with it: the requested export's button takes it.
  const onRequest = useEffectEvent((kind: ExportKind) => {
    buttons.current[kind]?.focus();
    void exportKind(kind);
  });
  useEffect(() => {
    if (request && request.seq !== seenSeq.current) {
      seenSeq.current = request.seq;
      onRequest(request.kind);
    }
  }, [request]);


  return (
    <div className="export" data-screen="export">
      <div className="export-intro">
        <h2>Export</h2>
        <p className="muted">
          {shown
            ? `${list ? `${list.name}: ` : ''}${shown.total.toLocaleString('en-US')} contacts: ${shown.kept.toLocaleString('en-US')} stay on the list (${shown.watch.toLocaleString('en-US')} of them to watch), ${shown.removed.toLocaleString('en-US')} come off.`
            : 'Loading…'}
        </p>
        {lists.length > 1 && (
          <label className="field" style={{ maxWidth: 520 }}>
            <span>Lists</span>
            <select value={listId ?? ''} onChange={(e) => setListId(e.target.value === '' ? null : Number(e.target.value))} data-testid="export-list">
              <option value="">All {lists.length} lists, in the columns of {lists[0]!.name}</option>
              {lists.map((l) => <option key={l.id} value={l.id}>Only {l.name}, in its own shape</option>)}
            </select>
          </label>
        )}
      </div>
      <div className="export-cards">
        {KINDS.map((k) => (
          <section key={k.kind} className="panel export-card" data-testid={`export-${k.kind}`}>
            <h3>{k.title}</h3>
            <div className="export-count">
              {k.kind === 'suppression' ? <span className="muted">up to {suppressed?.toLocaleString('en-US') ?? '—'} addresses{list ? ', from every list' : ''}</span> : <>{count(k.kind)?.toLocaleString('en-US') ?? '—'} <span className="muted">rows</span></>}
            </div>
            <p className="muted small">{k.text}</p>
            {k.kind !== 'suppression' && overExcel(count(k.kind)) && <p className="small" data-testid={`export-${k.kind}-excel-limit`}>{tooManyRowsMessage(count(k.kind)! + 1)}</p>}
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
            {k.kind === 'suppression' && (
              <>
                <label className="field">
                  <span>Format</span>
                  <select value={format} onChange={(e) => setFormat(e.target.value)} data-testid="export-suppression-format">
                    {SUPPRESSION_FORMATS.map((f) => <option key={f.id} value={f.id}>{f.label}</option>)}
                  </select>
                </label>
                <p className="muted small" data-testid="export-suppression-howto">{formatInfo.howTo}</p>
              </>
            )}
            {k.kind === 'cleaned' && formulaCells !== null && formulaCells > 0 && (
              <div className="formula-cells" data-testid="export-formula-cells">
                <p className="small">
                  {formulaCells.toLocaleString('en-US')} {formulaCells === 1 ? 'cell starts' : 'cells start'} like a spreadsheet formula (=, +, -, @). Excel may run {formulaCells === 1 ? 'it' : 'them'} when the file is opened.
                </p>
                <label className="small">
                  <input type="checkbox" checked={excelSafe} onChange={(e) => setExcelSafe(e.target.checked)} data-testid="export-excel-safe" />
                  {' '}Make safe for Excel (an apostrophe in front of {formulaCells === 1 ? 'that cell' : 'those cells'}; the other rows stay exactly as imported)
                </label>
              </div>
            )}
            <button className="btn btn-primary" disabled={busy || (k.kind === 'cleaned' ? kept : k.kind === 'removed' ? removed : suppressed) === 0} onClick={() => void exportKind(k.kind)} data-testid={`export-${k.kind}-button`} {...carriesOn(k.kind)}
              ref={(el) => { buttons.current[k.kind] = el; }}>
              Export {k.title.toLowerCase()}…
            </button>
            {done[k.kind] && <p className="saved small" data-testid={`export-${k.kind}-done`}>✓ Saved to {done[k.kind]}</p>}
          </section>
        ))}
        <section className="panel export-card" data-testid="export-reimport">
          <h3>Re-import file</h3>
          <div className="export-count">{kept?.toLocaleString('en-US') ?? '—'} <span className="muted">contacts</span></div>
          <p className="muted small">The addresses that stay, ready for your email service’s contact import: the address and first and last names under the column names it expects, your other columns kept beside them (one line per address). In Mailchimp, addresses to watch get the tag listsweep-watch. Cells that start like a spreadsheet formula get an apostrophe in front.</p>
          <label className="field">
            <span>Service</span>
            <select value={service.id} onChange={(e) => setService(e.target.value)} data-testid="export-reimport-format">
              {REIMPORT_FORMATS.map((f) => <option key={f.id} value={f.id}>{f.label}</option>)}
            </select>
          </label>
          <p className="muted small" data-testid="export-reimport-howto">{service.howTo}</p>
          <button className="btn btn-primary" disabled={busy || kept === 0} onClick={() => void exportReimport()} data-testid="export-reimport-button" {...carriesOn('reimport')}>
            Export for {service.label}…
          </button>
          {done.reimport && <p className="saved small" data-testid="export-reimport-done">✓ Saved to {done.reimport}</p>}
        </section>
        <section className="panel export-card" data-testid="export-segment">
          <h3>A segment</h3>
          <div className="export-count">{segment ? <>{segment.count?.toLocaleString('en-US') ?? '—'} <span className="muted">rows</span></> : '—'}</div>
          <p className="muted small">Some of the contacts: the watch list, one decision, one reason, what the review shows now, or the rows you selected there. In your list’s columns, or one line per contact with its decision and reason. Cells that start like a spreadsheet formula get an apostrophe in front.</p>
          <label className="field">
            <span>Which contacts</span>
            <select value={segment?.key ?? ''} onChange={(e) => setSegmentKey(e.target.value)} data-testid="export-segment-which">
              {segments.map((x) => <option key={x.key} value={x.key}>{x.label}{x.count !== null ? ` (${x.count.toLocaleString('en-US')})` : ''}</option>)}
            </select>
          </label>
          <label className="field">
            <span>As</span>
            <select value={shape} onChange={(e) => setShape(e.target.value as 'list' | 'reasons')} data-testid="export-segment-shape">
              <option value="list">Your list’s own columns</option>
              <option value="reasons">Address, decision, reason and detail</option>
            </select>
          </label>
          <button className="btn btn-primary" disabled={busy || !segment || segment.count === 0} onClick={() => void exportSegment()} data-testid="export-segment-button" {...carriesOn('segment')}>
            Export segment…
          </button>
          {done.segment && <p className="saved small" data-testid="export-segment-done">✓ Saved to {done.segment}</p>}
        </section>
        <section className="panel export-card" data-testid="export-report">
          <h3>A report to share</h3>
          <p className="muted small">One web page, no other files needed: what went in, the rules used, why contacts came off (with charts), the domains and campaigns that bounced most, and the first removed addresses. Or the same page as a PDF.</p>
          <div className="btn-row">
            <button className="btn" disabled={busy || !summary} onClick={() => void exportReport('html')} data-testid="export-report-button" {...carriesOn('report-html')}>Save report (HTML)…</button>
            <button className="btn" disabled={busy || !summary} onClick={() => void exportReport('pdf')} data-testid="export-report-pdf-button" {...carriesOn('report-pdf')}>Save report (PDF)…</button>
          </div>
          {done.report && <p className="saved small" data-testid="export-report-done">✓ Saved to {done.report}</p>}
        </section>
      </div>
    </div>
  );
}

interface Segment { key: string; label: string; slug: string; seg: { filter: ReviewFilter } | { ids: number[] }; count: number | null }

/** A list of `rows` data rows plus its header would not fit in one Excel sheet. */
function overExcel(rows: number | null): boolean {
  return rows !== null && rows + 1 > EXCEL_MAX_ROWS;
}

const SEGMENT_CAUSE: Record<string, string> = {
  'hard-bounce': 'Hard bounces', complaint: 'Spam complaints', unsubscribed: 'Unsubscribes', 'repeated-soft': 'Repeated soft bounces',
  'soft-bounce': 'Soft bounces', invalid: 'Invalid addresses', duplicate: 'Duplicates', role: 'Role accounts', disposable: 'Disposable domains', override: 'Your choices',
};

/** The segments on offer: the watch list first, then each decision and each cause that has rows, then what the review shows and the rows picked there. */
function segmentsOf(summary: ReviewSummary | null, reviewFilter: ReviewFilter | null, picked: readonly number[] | null): Segment[] {
  const out: Segment[] = [];
  const all = { decision: 'all' as const, search: '' };
  const by = summary?.byDecision;
  out.push({ key: 'd:watch', label: 'The watch list', slug: 'watch', seg: { filter: { ...all, decision: 'watch' } }, count: by?.watch ?? null });
  out.push({ key: 'd:remove', label: 'Removed', slug: 'removed', seg: { filter: { ...all, decision: 'remove' } }, count: by?.remove ?? null });
  out.push({ key: 'd:keep', label: 'Kept (not watched)', slug: 'kept', seg: { filter: { ...all, decision: 'keep' } }, count: by?.keep ?? null });
  for (const [cause, n] of Object.entries(summary?.byCause ?? {})) {
    if (cause === 'clean' || !n) continue;
    out.push({ key: `c:${cause}`, label: `Reason: ${SEGMENT_CAUSE[cause] ?? cause}`, slug: cause, seg: { filter: { ...all, cause } }, count: n });
  }
  const f = reviewFilter;
  if (f && (f.decision !== 'all' || f.search || f.flag || f.cause || f.reason || f.bounced)) {
    // A pick from the review's charts (cause, reason, bounced in…) is part of what it shows.
    const what = [f.decision && f.decision !== 'all' ? f.decision : null, f.cause ? SEGMENT_CAUSE[f.cause] ?? f.cause : null,
      f.reason ? REASON_INFO[f.reason as Reason]?.label ?? f.reason : null, f.bounced ? `bounced: ${f.bounced.key || 'unnamed'}` : null,
      f.flag === 'typo' ? 'likely typos' : null, f.search ? `“${f.search}”` : null].filter(Boolean).join(', ');
    out.push({ key: 'review', label: `What the review shows (${what})`, slug: 'review', seg: { filter: f }, count: null });
  }
  if (picked?.length) {
    out.push({ key: 'picked', label: `The ${picked.length === 1 ? 'row' : `${picked.length.toLocaleString('en-US')} rows`} you selected in the review`, slug: 'selected', seg: { ids: [...picked] }, count: picked.length });
  }
  return out;
}

/** Cells of the cleaned list (one list, or all: `sourceId` null) that start like a spreadsheet formula. */
function useFormulaCells(sourceId: number | null, dataVersion: number, notify: Props['notify']): number | null {
  const [counted, setCounted] = useState<{ key: string; cells: number } | null>(null);
  const key = `${sourceId}:${dataVersion}`;
  useEffect(() => {
    let live = true;
    call('export/formula-cells', sourceId === null ? {} : { sourceId })
      .then((r) => { if (live) setCounted({ key: `${sourceId}:${dataVersion}`, cells: r.cells }); })
      // Cancelled: the cleanup closed while it counted; there is nothing to tell.
      .catch((e: unknown) => live && !(e instanceof ApiFailure && e.code === 'cancelled') && notify('error', messageOf(e)));
    return () => { live = false; };
  }, [sourceId, dataVersion, notify]);
  return counted?.key === key ? counted.cells : null;
}

/** Rows that stay and rows that come off in one list (the summary counts every list). */
function useListCounts(sourceId: number | null, dataVersion: number, notify: Props['notify']): { total: number; watch: number; kept: number; removed: number } | null {
  // Kept with the list and data version they were counted for: stale counts are never shown.
  const [counts, setCounts] = useState<{ key: string; total: number; watch: number; kept: number; removed: number } | null>(null);
  const key = `${sourceId}:${dataVersion}`;
  useEffect(() => {
    if (sourceId === null) return;
    let live = true;
    const total = (decision: 'keep' | 'watch' | 'remove') =>
      call('review/rows', { filter: { decision, search: '', sourceId }, offset: 0, limit: 1 }).then((p) => p.total);
    Promise.all([total('keep'), total('watch'), total('remove')])
      .then(([k, w, r]) => { if (live) setCounts({ key: `${sourceId}:${dataVersion}`, total: k + w + r, watch: w, kept: k + w, removed: r }); })
      .catch((e: unknown) => live && notify('error', messageOf(e)));
    return () => { live = false; };
  }, [sourceId, dataVersion, notify]);
  return counts?.key === key ? counts : null;
}
