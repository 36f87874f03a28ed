/**
 * The export job (runs in a worker, read-only on the cleanup): the cleaned list in a contact
 * list's own shape (one list, or every list in the first one's), the removed rows with listsweep_reason + listsweep_detail, or a
 * suppression list, through CONTACTS' writers (which write to a temporary file and rename it
 * into place on close, so a cancelled or failed export never leaves half a file).
 */
import { basename } from 'node:path';
import { openStore, type Db } from '../store/index.js';
import { AppError } from '../../../shared/errors.js';
import { suppressionFormat } from '../../../shared/suppression-formats.js';
import type { ReviewFilter } from '../../../shared/contract.js';
import { normalizeFilter, whereOf } from './review.js';
import { createXlsxWriter, EXCEL_MAX_ROWS } from '../export/xlsx.js';
import type { TaskContext, TaskResult } from '../jobs/protocol.js';
import { cellsOf, withAddress } from './cells.js';
import { createContactWriter, createSuppressionWriter, formulaCellsInRecord, REMOVED_COLUMNS, startsLikeFormula, type ExportEncoding, type WriterFormat, type WriterRecord } from '../export/index.js';

export interface ExportPayload {
  readonly kind: 'cleaned' | 'removed' | 'suppression' | 'segment';
  readonly path: string;
  readonly encoding: ExportEncoding;
  /** Cleaned/removed only: this contact list's rows, in its own shape; otherwise every list, in the first one's. */
  readonly sourceId?: number;
  /** Cleaned list: neutralise cells that start like a formula (the removed and suppression lists always do). */
  readonly excelSafe?: boolean;
  /** Suppression list: the service whose import shape it takes (shared/suppression-formats.ts); default generic. */
  readonly format?: string;
  /** Segment: the rows of a review filter, or these row ids. */
  readonly segment?: { readonly filter?: ReviewFilter; readonly ids?: readonly number[] };
  /** Segment: in the list's own columns (default), or one line per row: address, decision, reason, detail. */
  readonly shape?: 'list' | 'reasons';
}

/** The columns of a segment written as address + reason. */
export const REASON_COLUMNS = ['email', 'decision', 'reason', 'detail'] as const;

interface SourceRow { id: number; name: string; format_json: string; headers: string; header_raw: string | null; email_column: number | null }
interface Row {
  id: number; source_id: number; raw: string | null; fields: string | null; email_norm: string; cause: string; detail: string;
  /** The corrected address when the user accepted a typo suggestion. */
  email_fixed: string | null;
  /** Suppression list only: what the policy alone said (a removal by the user keeps its bounce or complaint). */
  policy_cause?: string;
  /** Segments as address + reason only. */
  decision?: string;
  email_raw?: string;
}

const BATCH = 5000;
/** The cleaned list writes `raw` when there is one; the cells are not needed then. */
const EMPTY: readonly string[] = [];

type Selection = Pick<ExportPayload, 'kind' | 'sourceId' | 'segment'>;

/** The rows an export writes, as SQL over `c` (contacts). */
function whereFor(p: Selection): { sql: string; params: unknown[] } {
  if (p.kind === 'segment') {
    if (p.segment?.ids) return { sql: 'c.id IN (SELECT value FROM json_each(?))', params: [JSON.stringify(p.segment.ids)] };
    const w = whereOf(normalizeFilter(p.segment?.filter));
    return { sql: w.sql.replace(/^WHERE /, '') || '1', params: w.params };
  }
  const list = p.sourceId === undefined ? '' : ` AND source_id = ${Math.trunc(p.sourceId)}`;
  return { sql: (p.kind === 'cleaned' ? "decision IN ('keep', 'watch')" : "decision = 'remove' AND decision <> 'keep'") + list, params: [] };
}

/** The count needs only the cells: leaving out detail (long text) halves the reading. */
const ALL_COLUMNS = 'id, source_id, raw, fields, email_norm, cause, detail, email_fixed';
const CELL_COLUMNS = "id, source_id, raw, fields, '' AS email_norm, '' AS cause, '' AS detail, email_fixed";

function* pages(db: Db, sel: Selection, columns = ALL_COLUMNS): Generator<Row[]> {
  const where = whereFor(sel);
  const st = db.prepare(`SELECT ${columns} FROM contacts c
    WHERE c.id > ? AND (${where.sql}) ORDER BY c.id LIMIT ${BATCH}`);
  let after = 0;
  for (;;) {
    const rows = st.all(after, ...where.params) as Row[];
    if (rows.length === 0) return;
    yield rows;
    after = rows[rows.length - 1]!.id;
  }
}

interface Plan {
  format: WriterFormat;
  /** The (first) list's file name. */
  name: string;
  warnings: string[];
  /** Record for a row: `needCells` false lets a row with source text skip parsing its cells. */
  record(r: Row, needCells: boolean): WriterRecord;
  /** Cells of the row as written that start like a formula; the source text is parsed only when it has to be. */
  formulaCells(r: Row): number;
}

/** How the rows of the chosen lists are written: one list in its own shape, or every list in the first one's. */
function plan(db: Db, sourceId?: number): Plan {
  const all = db.prepare("SELECT id, name, format_json, headers, header_raw, email_column FROM sources WHERE kind = 'contacts' ORDER BY id").all() as SourceRow[];
  if (all.length === 0) throw new AppError('bad-input', 'There is no contact list in this cleanup yet: import one before exporting.');
  const sources = sourceId === undefined ? all : all.filter((s) => s.id === sourceId);
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
  for (const s of sources) {
    if (s.email_column !== null) emailColumns.set(s.id, s.email_column);
    const h = JSON.parse(s.headers) as string[];
    const delimiter = (JSON.parse(s.format_json) as { delimiter: string }).delimiter;
    delimiters.set(s.id, delimiter);
    const same = h.length === headers.length && h.every((x, i) => x === headers[i]);
    remap.set(s.id, same ? null : headers.map((x) => h.indexOf(x)));
    if (!same) warnings.push(`${s.name} has other columns than ${first.name}; its rows were written in ${first.name}'s columns (columns it lacks are empty).`);
  }
  return {
    format,
    name: first.name,
    warnings,
    record(r, needCells) {
      const m = remap.get(r.source_id);
      const cells = () => {
        const f = cellsOf(r.raw, r.fields, delimiters.get(r.source_id) ?? ',');
        // A corrected row cannot be its source text any more: its cells are written in the source's style.
        const col = emailColumns.get(r.source_id);
        if (r.email_fixed !== null && col !== undefined) f[col] = withAddress(f[col] ?? '', r.email_fixed);
        return f;
      };
      return m
        ? { raw: null, fields: ((f) => m.map((i) => (i >= 0 ? f[i] ?? '' : '')))(cells()) }
        : r.email_fixed !== null
          ? { raw: null, fields: cells() }
          : { raw: r.raw, fields: r.raw === null || needCells ? cells() : EMPTY };
    },
    formulaCells(r) {
      if (r.raw !== null && r.email_fixed === null && remap.get(r.source_id) === null) return formulaCellsInRecord(r.raw, delimiters.get(r.source_id) ?? ',');
      return this.record(r, true).fields.filter(startsLikeFormula).length;
    },
  };
}

/** A segment as one line per row: the address (as corrected, else as written), decision, reason, detail. */
function reasonsPlan(name: string): Plan {
  const format: WriterFormat = {
    kind: 'csv', encoding: 'utf-8', encodingConfidence: 'certain', bom: false, delimiter: ',', lineEnding: '\r\n', hasHeader: true,
    headers: REASON_COLUMNS, headerRaw: null,
  };
  const record = (r: Row): WriterRecord => ({ raw: null, fields: [r.email_norm || r.email_raw || '', r.decision ?? '', r.cause, r.detail] });
  return { format, name, warnings: [], record, formulaCells: (r) => record(r).fields.filter(startsLikeFormula).length };
}

/** An export is written as Excel when its file name says so (the save dialog and the CLI's --out alike). */
export function isExcelPath(path: string): boolean {
  return /\.xlsx$/i.test(path);
}

const stemOf = (name: string) => name.replace(/\.[^.]+$/, '');

export async function exportList(ctx: TaskContext, payload: unknown): Promise<TaskResult> {
  const p = payload as ExportPayload;
  const db = openStore(ctx.dbPath, { readonly: true });
  try {
    const where = whereFor(p);
    const total = (db.prepare(`SELECT count(*) AS n FROM contacts c WHERE ${where.sql}`).get(...where.params) as { n: number }).n;
    let done = 0;
    const step = (n: number) => {
      ctx.checkCancelled();
      done += n;
      ctx.progress('Writing', done, total, 'rows');
    };
    if (p.kind === 'suppression') return await suppression(db, p, step);

    const reasons = p.kind === 'segment' && p.shape === 'reasons';
    const listPlan = plan(db, p.kind === 'segment' ? p.segment?.filter?.sourceId : p.sourceId);
    const pl = reasons ? reasonsPlan(listPlan.name) : listPlan;
    const { format, warnings } = pl;
    // New files (the removed list, a segment) are always safe; the cleaned list only when asked,
    // so that by default it stays the imported file minus the removed rows, byte for byte.
    const safe = p.kind !== 'cleaned' || p.excelSafe === true;
    const excel = isExcelPath(p.path);
    if (excel && total + (format.hasHeader ? 1 : 0) > EXCEL_MAX_ROWS) {
      throw new AppError('bad-input', `Excel holds at most ${EXCEL_MAX_ROWS.toLocaleString('en-US')} rows in a sheet; this list has ${total.toLocaleString('en-US')}. Export it as CSV instead (a .csv name).`);
    }
    const extra = p.kind === 'removed' ? { extraHeaders: REMOVED_COLUMNS } : {};
    const writer = excel
      ? createXlsxWriter(p.path, { sheet: format.sheet ?? stemOf(pl.name), headers: format.headers, hasHeader: format.hasHeader, excelSafe: safe, ...(format.columnTypes ? { columnTypes: format.columnTypes } : {}), ...extra })
      : createContactWriter(p.path, format, { encoding: reasons ? 'utf-8' : p.encoding, excelSafe: safe, ...extra });
    try {
      for (const rows of pages(db, p, reasons ? `${ALL_COLUMNS}, decision, email_raw` : ALL_COLUMNS)) {
        step(rows.length);
        for (const r of rows) {
          const rec = pl.record(r, excel || p.kind !== 'cleaned' || (safe && pl.formulaCells(r) > 0));
          if (p.kind === 'removed') writer.writeRecord(rec, [r.cause, r.cause === 'override' ? `removed by you (policy: ${r.detail})` : r.detail]);
          else writer.writeRecord(rec);
        }
        // Yield so the cancel flag poll and progress messages get their turn.
        await new Promise((r) => setImmediate(r));
      }
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

/**
 * Cells of the cleaned list (header included) that start like a spreadsheet formula: what
 * "Make safe for Excel" would change. Runs on the caller's thread a page at a time, yielding
 * between pages: about 0.9 s for 200,000 rows here, in slices of ~20 ms.
 */
export async function countFormulaCells(db: Db, sourceId?: number): Promise<number> {
  const pl = plan(db, sourceId);
  let n = pl.format.hasHeader ? pl.format.headers.filter(startsLikeFormula).length : 0;
  for (const rows of pages(db, { kind: 'cleaned', sourceId }, CELL_COLUMNS)) {
    for (const r of rows) n += pl.formulaCells(r);
    await new Promise((r) => setImmediate(r));
  }
  return n;
}

/** One line per removed address (not per row): invalid addresses cannot be suppressed, and a
 *  duplicate row's address is still on the list through its first row. */
async function suppression(db: Db, p: ExportPayload, step: (n: number) => void): Promise<TaskResult> {
  const format = suppressionFormat(p.format ?? 'generic');
  if (!format) throw new AppError('bad-input', `There is no suppression format "${p.format}".`);
  const writer = createSuppressionWriter(p.path, { format });
  const seen = new Set<string>();
  try {
    for (const rows of pages(db, { kind: 'suppression' }, `${ALL_COLUMNS}, policy_cause`)) {
      step(rows.length);
      for (const r of rows) {
        if (!r.email_norm || r.cause === 'duplicate' || seen.has(r.email_norm)) continue;
        seen.add(r.email_norm);
        writer.writeEntry(r.email_norm, r.cause, undefined, { detail: r.detail, ...(r.policy_cause ? { policyCause: r.policy_cause } : {}) });
      }
      await new Promise((r) => setImmediate(r));
    }
    await writer.close();
  } catch (e) {
    await writer.abort();
    throw e;
  }
  return { summary: `Wrote ${writer.rows.toLocaleString('en-US')} addresses to ${basename(p.path)}${format.id === 'generic' ? '' : ` in ${format.label}’s import format`}.`, warnings: [], result: { written: writer.rows } };
}
