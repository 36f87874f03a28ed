/**
 * The export job (runs in a worker, read-only on the cleanup): the cleaned list in a contact
 * list's own shape (one list, or every list in the first one's), the removed rows with listsweep_reason + listsweep_detail, or a
 * suppression list, through CONTACTS' writers (which write to a temporary file and rename it
 * into place on close, so a cancelled or failed export never leaves half a file).
 */
import { basename } from 'node:path';
import { openStore, type Db } from '../store/index.js';
import { AppError } from '../../../shared/errors.js';
import type { TaskContext, TaskResult } from '../jobs/protocol.js';
import { cellsOf, editAddresses, type AddressEdit } from './cells.js';
import { companionColumns, MULTI_ADDRESS_SEPARATOR } from '../contacts/columns.js';
import { createContactWriter, createSuppressionWriter, REMOVED_ADDRESS_COLUMN, REMOVED_COLUMNS, type ExportEncoding, type WriterFormat } from '../export/index.js';

export interface ExportPayload {
  readonly kind: 'cleaned' | 'removed' | 'suppression';
  readonly path: string;
  readonly encoding: ExportEncoding;
  /** Cleaned/removed only: this contact list's rows, in its own shape; otherwise every list, in the first one's. */
  readonly sourceId?: number;
}

interface SourceRow { id: number; name: string; format_json: string; headers: string; header_raw: string | null; email_column: number | null; email_columns: string | null }
interface Row {
  id: number; source_id: number; row: number; raw: string | null; fields: string | null; email_raw: string; email_norm: string; decision: string; cause: string; detail: string;
  /** The corrected address when the user accepted a typo suggestion. */
  email_fixed: string | null;
  /** Where the address sits in a row of several (migration 4); null for a one-column list. */
  email_col: number | null;
  email_part: number | null;
}

const BATCH = 5000;
/** The cleaned list writes `raw` when there is one; the cells are not needed then. */
const EMPTY: readonly string[] = [];

/**
 * The cleaned list also reads the removed addresses of rows with several (email_col set): such a
 * row stays when one of its addresses does, with the others taken out.
 */
function whereFor(kind: ExportPayload['kind'], sourceId?: number): string {
  const list = sourceId === undefined ? '' : ` AND source_id = ${Math.trunc(sourceId)}`;
  return (kind === 'cleaned' ? "(decision IN ('keep', 'watch') OR email_col IS NOT NULL)" : "decision = 'remove' AND decision <> 'keep'") + list;
}

function* pages(db: Db, kind: ExportPayload['kind'], sourceId?: number): Generator<Row[]> {
  const st = db.prepare(`SELECT id, source_id, row, raw, fields, email_raw, email_norm, decision, cause, detail, email_fixed, email_col, email_part FROM contacts
    WHERE id > ? AND ${whereFor(kind, sourceId)} ORDER BY id LIMIT ${BATCH}`);
  let after = 0;
  for (;;) {
    const rows = st.all(after) as Row[];
    if (rows.length === 0) return;
    yield rows;
    after = rows[rows.length - 1]!.id;
  }
}

export async function exportList(ctx: TaskContext, payload: unknown): Promise<TaskResult> {
  const p = payload as ExportPayload;
  const db = openStore(ctx.dbPath, { readonly: true });
  try {
    const total = (db.prepare(`SELECT count(*) AS n FROM contacts WHERE ${whereFor(p.kind, p.sourceId)}`).get() as { n: number }).n;
    let done = 0;
    const step = (n: number) => {
      ctx.checkCancelled();
      done += n;
      ctx.progress('Writing', done, total, 'rows');
    };
    if (p.kind === 'suppression') return await suppression(db, p, step);

    const all = db.prepare("SELECT id, name, format_json, headers, header_raw, email_column, email_columns FROM sources WHERE kind = 'contacts' ORDER BY id").all() as SourceRow[];
    if (all.length === 0) throw new AppError('bad-input', 'There is no contact list in this cleanup yet: import one before exporting.');
    const sources = p.sourceId === undefined ? all : all.filter((s) => s.id === p.sourceId);
    if (sources.length === 0) throw new AppError('not-found', 'That contact list is not in this cleanup any more.');
    const first = sources[0]!;
    const headers = JSON.parse(first.headers) as string[];
    const own = JSON.parse(first.format_json) as Omit<WriterFormat, 'headers' | 'headerRaw'>;
    // Several lists in one file: the first one's trailing blank lines do not belong at its end.
    const format: WriterFormat = { ...own, headers, headerRaw: first.header_raw, ...(sources.length > 1 ? { trailingRaw: '' } : {}) };
    const warnings: string[] = [];
    // Rows of a list with other columns are re-shaped by header name into the first list's columns.
    const remap = new Map<number, number[] | null>();
    const delimiters = new Map<number, string>();
    const emailColumns = new Map<number, number>();
    /** Lists read with several addresses per row: whether their cells join addresses with " ::: ". */
    const splits = new Map<number, boolean>();
    /** Their address columns' label/type/display-name columns. */
    const companions = new Map<number, (col: number) => readonly number[]>();
    for (const s of sources) {
      if (s.email_column !== null) emailColumns.set(s.id, s.email_column);
      const h = JSON.parse(s.headers) as string[];
      if (s.email_columns !== null) {
        splits.set(s.id, (JSON.parse(s.email_columns) as { split: boolean }).split);
        const memo = new Map<number, readonly number[]>();
        companions.set(s.id, (col) => memo.get(col) ?? (memo.set(col, companionColumns(h, col)), memo.get(col)!));
      }
      delimiters.set(s.id, (JSON.parse(s.format_json) as { delimiter: string }).delimiter);
      const same = h.length === headers.length && h.every((x, i) => x === headers[i]);
      remap.set(s.id, same ? null : headers.map((x) => h.indexOf(x)));
      if (!same) warnings.push(`${s.name} has other columns than ${first.name}; its rows were written in ${first.name}'s columns (columns it lacks are empty).`);
    }
    // A row of several addresses may lose one and stay: the removed list then says which address went.
    const extraHeaders = p.kind !== 'removed' ? null : splits.size ? [...REMOVED_COLUMNS, REMOVED_ADDRESS_COLUMN] : REMOVED_COLUMNS;
    const writer = createContactWriter(p.path, format, { encoding: p.encoding, ...(extraHeaders ? { extraHeaders } : {}) });
    /** A corrected address: its row cannot be its source text any more, its cells are written in the source's style. */
    const fixOf = (r: Row): AddressEdit[] => {
      const col = r.email_col ?? emailColumns.get(r.source_id);
      return r.email_fixed === null || col === undefined ? [] : [{ col, part: r.email_part ?? 0, to: r.email_fixed }];
    };
    const write = (r: Row, edits: readonly AddressEdit[], extra?: readonly string[]) => {
      const m = remap.get(r.source_id);
      const cells = () => editAddresses(cellsOf(r.raw, r.fields, delimiters.get(r.source_id) ?? ','), edits, splits.get(r.source_id) ?? false, MULTI_ADDRESS_SEPARATOR, companions.get(r.source_id));
      const rec = m
        ? { raw: null, fields: ((f) => m.map((i) => (i >= 0 ? f[i] ?? '' : '')))(cells()) }
        : edits.length
          ? { raw: null, fields: cells() }
          : { raw: r.raw, fields: r.raw === null || p.kind === 'removed' ? cells() : EMPTY };
      writer.writeRecord(rec, extra);
    };
    // The addresses of one data row of several (consecutive ids): written once, without the removed ones.
    let group: Row[] = [];
    const flushGroup = () => {
      if (group.some((x) => x.decision !== 'remove')) {
        write(group[0]!, group.flatMap((x) => (x.decision === 'remove' ? [{ col: x.email_col!, part: x.email_part ?? 0, to: null }] : fixOf(x))));
      }
      group = [];
    };
    try {
      for (const rows of pages(db, p.kind, p.sourceId)) {
        step(rows.length);
        for (const r of rows) {
          if (p.kind === 'removed') {
            const detail = r.cause === 'override' ? `removed by you (policy: ${r.detail})` : r.detail;
            write(r, fixOf(r), splits.size ? [r.cause, detail, (r.email_fixed ?? r.email_raw).trim()] : [r.cause, detail]);
          } else if (r.email_col === null) {
            write(r, fixOf(r));
          } else {
            if (group.length && (group[0]!.source_id !== r.source_id || group[0]!.row !== r.row)) flushGroup();
            group.push(r);
          }
        }
        // Yield so the cancel flag poll and progress messages get their turn.
        await new Promise((r) => setImmediate(r));
      }
      flushGroup();
      ctx.checkCancelled();
      await writer.close();
    } catch (e) {
      await writer.abort();
      throw e;
    }
    return { summary: `Wrote ${writer.rows.toLocaleString('en-US')} rows to ${basename(p.path)}.`, warnings, result: { written: writer.rows } };
  } finally {
    db.close();
  }
}

/** One line per removed address (not per row): invalid addresses cannot be suppressed, and a
 *  duplicate row's address is still on the list through its first row. */
async function suppression(db: Db, p: ExportPayload, step: (n: number) => void): Promise<TaskResult> {
  const writer = createSuppressionWriter(p.path);
  const seen = new Set<string>();
  try {
    for (const rows of pages(db, 'suppression')) {
      step(rows.length);
      for (const r of rows) {
        if (!r.email_norm || r.cause === 'duplicate' || seen.has(r.email_norm)) continue;
        seen.add(r.email_norm);
        writer.writeEntry(r.email_norm, r.cause);
      }
      await new Promise((r) => setImmediate(r));
    }
    await writer.close();
  } catch (e) {
    await writer.abort();
    throw e;
  }
  return { summary: `Wrote ${writer.rows.toLocaleString('en-US')} addresses to ${basename(p.path)}.`, warnings: [], result: { written: writer.rows } };
}
