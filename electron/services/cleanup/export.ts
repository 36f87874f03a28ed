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
import { parseTags, reimportFormat, WATCH_TAG, type ReimportFormat } from '../../../shared/reimport-formats.js';
import type { ReviewFilter } from '../../../shared/contract.js';
import { normalizeFilter, whereOf } from './review.js';
import { createXlsxWriter, EXCEL_MAX_ROWS, tooManyRowsMessage } from '../export/xlsx.js';
import type { TaskContext, TaskResult } from '../jobs/protocol.js';
import { cellsOf, editAddresses, type AddressEdit } from './cells.js';
import { companionColumns, headerKey, MULTI_ADDRESS_SEPARATOR, nameColumns } from '../contacts/columns.js';
import { createContactWriter, createSuppressionWriter, formulaCellsInRecord, REMOVED_ADDRESS_COLUMN, REMOVED_COLUMNS, startsLikeFormula, type ExportEncoding, type WriterFormat, type WriterRecord } from '../export/index.js';

export interface ExportPayload {
  readonly kind: 'cleaned' | 'removed' | 'suppression' | 'segment' | 'reimport';
  readonly path: string;
  readonly encoding: ExportEncoding;
  /** Cleaned/removed only: this contact list's rows, in its own shape; otherwise every list, in the first one's. */
  readonly sourceId?: number;
  /** Cleaned list: neutralise cells that start like a formula (the removed and suppression lists always do). */
  readonly excelSafe?: boolean;
  /**
   * Suppression list: the service whose import shape it takes (shared/suppression-formats.ts);
   * default generic. Re-import file: the service whose contact import it is for (shared/reimport-formats.ts).
   */
  readonly format?: string;
  /** Segment: the rows of a review filter, or these row ids. */
  readonly segment?: { readonly filter?: ReviewFilter; readonly ids?: readonly number[] };
  /** Segment: in the list's own columns (default), or one line per row: address, decision, reason, detail. */
  readonly shape?: 'list' | 'reasons';
  /**
   * Cleaned list only: the removed list too, written in the same pass over the rows (the command
   * line's --out with --removed). Its rows lie on nearly every page of the table, so a pass of its
   * own read the whole table again: the two passes took 0.4 CPU-s more at 1M rows (6.73 against
   * 6.32, median of 7 alternated pairs). Each file is the same bytes as its own export.
   */
  readonly removed?: { readonly path: string; readonly encoding: ExportEncoding };
}

/** The columns of a segment written as address + reason. */
export const REASON_COLUMNS = ['email', 'decision', 'reason', 'detail'] as const;

interface SourceRow { id: number; name: string; format_json: string; headers: string; header_raw: string | null; email_column: number | null; email_columns: string | null }
interface Row {
  id: number; source_id: number; row: number; raw: string | null; fields: string | null; email_raw: string; email_norm: string; decision: string; cause: string; detail: string;
  /** The corrected address when the user accepted a typo suggestion. */
  email_fixed: string | null;
  /** Where the address sits in a row of several (migration 4); null for a one-column list. */
  email_col: number | null;
  email_part: number | null;
  /** Suppression list only: what the policy alone said (a removal by the user keeps its bounce or complaint). */
  policy_cause?: string | undefined;
}

const BATCH = 5000;
/** The cleaned list writes `raw` when there is one; the cells are not needed then. */
const EMPTY: readonly string[] = [];

type Selection = Pick<ExportPayload, 'kind' | 'sourceId' | 'segment' | 'removed'>;

const STAYS = "decision IN ('keep', 'watch')";
const REMOVED = "decision = 'remove' AND decision <> 'keep'";

/**
 * The rows an export writes, as SQL over `c` (contacts). The cleaned list also reads the removed
 * addresses of rows with several (email_col set): such a row stays when one of its addresses does,
 * with the others taken out.
 */
function whereFor(p: Selection): { sql: string; params: unknown[] } {
  if (p.kind === 'segment') {
    if (p.segment?.ids) return { sql: 'c.id IN (SELECT value FROM json_each(?))', params: [JSON.stringify(p.segment.ids)] };
    const w = whereOf(normalizeFilter(p.segment?.filter));
    return { sql: w.sql.replace(/^WHERE /, '') || '1', params: w.params };
  }
  const list = p.sourceId === undefined ? '' : ` AND source_id = ${Math.trunc(p.sourceId)}`;
  const which = p.kind === 'cleaned' ? (p.removed ? '1' : `(${STAYS} OR email_col IS NOT NULL)`) : p.kind === 'reimport' ? STAYS : REMOVED;
  return { sql: which + list, params: [] };
}

const ALL_COLUMNS = 'id, source_id, row, raw, fields, email_raw, email_norm, decision, cause, detail, email_fixed, email_col, email_part';
/** A row read as an array (ALL_COLUMNS' order, then policy_cause when asked): better-sqlite3 builds arrays ~2x faster than objects. */
type RawRow = [number, number, number, string | null, string | null, string, string, string, string, string, string | null, number | null, number | null, string?];
const rowOf = (a: RawRow): Row => ({
  id: a[0], source_id: a[1], row: a[2], raw: a[3], fields: a[4], email_raw: a[5], email_norm: a[6], decision: a[7], cause: a[8], detail: a[9],
  email_fixed: a[10], email_col: a[11], email_part: a[12], policy_cause: a[13],
});

/**
 * The cleaned list and the formula count need only the cells and what shapes them. Most rows
 * are one address with no correction that stays: their source text (or cells) and list say it
 * all. The others (and the removed rows, for the removed list written in the same pass) bring
 * the rest as one JSON value. Each value handed to JavaScript costs about 0.1 µs, so 5 values
 * instead of 13 take ~0.6 s off a million-row cleaned list, measured; leaving out the long texts
 * (detail, the addresses) had already halved it.
 */
const CELL_COLUMNS = `id, source_id, raw, fields,
  CASE WHEN email_fixed IS NULL AND email_col IS NULL AND decision <> 'remove' THEN NULL
  ELSE json_array(row, decision, email_fixed, email_col, email_part, email_raw, cause, detail) END`;
type CellRow = [number, number, string | null, string | null, string | null];
/**
 * A plain row stays (keep or watch, which the cleaned list writes alike) and its `row` only
 * matters to rows of several addresses, which are never plain.
 */
const cellRowOf = (a: CellRow): Row => {
  if (a[4] === null) {
    return { id: a[0], source_id: a[1], row: 0, raw: a[2], fields: a[3], email_raw: '', email_norm: '', decision: 'keep', cause: '', detail: '', email_fixed: null, email_col: null, email_part: null };
  }
  const m = JSON.parse(a[4]) as [number, string, string | null, number | null, number | null, string, string, string];
  return {
    id: a[0], source_id: a[1], row: m[0], raw: a[2], fields: a[3], email_raw: m[5], email_norm: '', decision: m[1], cause: m[6], detail: m[7],
    email_fixed: m[2], email_col: m[3], email_part: m[4],
  };
};

function countOf(db: Db, sel: Selection): number {
  const w = whereFor(sel);
  return (db.prepare(`SELECT count(*) AS n FROM contacts c WHERE ${w.sql}`).get(...w.params) as { n: number }).n;
}

function* pages(db: Db, sel: Selection, columns = ALL_COLUMNS): Generator<Row[]> {
  const where = whereFor(sel);
  const st = db.prepare(`SELECT ${columns} FROM contacts c
    WHERE c.id > ? AND (${where.sql}) ORDER BY c.id LIMIT ${BATCH}`).raw(true);
  const of = columns === CELL_COLUMNS ? cellRowOf : rowOf;
  let after = 0;
  for (;;) {
    const rows = (st.all(after, ...where.params) as (RawRow & CellRow)[]).map(of);
    if (rows.length === 0) return;
    yield rows;
    after = rows[rows.length - 1]!.id;
  }
}

interface Plan {
  readonly format: WriterFormat;
  /** The (first) list's file name. */
  readonly name: string;
  readonly warnings: string[];
  /** Some list was read with several addresses per row. */
  readonly multi: boolean;
  /** The (first) list's address columns and their label/type columns. */
  readonly addressColumns: readonly number[];
  /** A corrected address: its row cannot be its source text any more, its cells are written in the source's style. */
  fixOf(r: Row): AddressEdit[];
  /** Record for a row with these address edits: `needCells` false lets a row with source text skip parsing its cells. */
  record(r: Row, edits: readonly AddressEdit[], needCells: boolean): WriterRecord;
  /** Cells of the row as written that start like a formula; the source text is parsed only when it has to be. */
  formulaCells(r: Row, edits: readonly AddressEdit[]): number;
}

/** How the rows of the chosen lists are written: one list in its own shape, or every list in the first one's. */
function plan(db: Db, sourceId?: number): Plan {
  const all = db.prepare("SELECT id, name, format_json, headers, header_raw, email_column, email_columns FROM sources WHERE kind = 'contacts' ORDER BY id").all() as SourceRow[];
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
  const many = first.email_columns === null ? null : (JSON.parse(first.email_columns) as { columns: number[] }).columns;
  const addressColumns = many ? [...many, ...many.flatMap((c) => companionColumns(headers, c))] : first.email_column === null ? [] : [first.email_column];
  return {
    format,
    name: first.name,
    warnings,
    multi: splits.size > 0,
    addressColumns,
    fixOf(r) {
      const col = r.email_col ?? emailColumns.get(r.source_id);
      return r.email_fixed === null || col === undefined ? [] : [{ col, part: r.email_part ?? 0, to: r.email_fixed }];
    },
    record(r, edits, needCells) {
      const m = remap.get(r.source_id);
      const cells = () => editAddresses(cellsOf(r.raw, r.fields, delimiters.get(r.source_id) ?? ','), edits, splits.get(r.source_id) ?? false, MULTI_ADDRESS_SEPARATOR, companions.get(r.source_id));
      return m
        ? { raw: null, fields: ((f) => m.map((i) => (i >= 0 ? f[i] ?? '' : '')))(cells()) }
        : edits.length
          ? { raw: null, fields: cells() }
          : { raw: r.raw, fields: r.raw === null || needCells ? cells() : EMPTY };
    },
    formulaCells(r, edits) {
      if (r.raw !== null && edits.length === 0 && remap.get(r.source_id) === null) return formulaCellsInRecord(r.raw, delimiters.get(r.source_id) ?? ',');
      return this.record(r, edits, true).fields.filter(startsLikeFormula).length;
    },
  };
}

/** A segment as one line per row: the address (as corrected, else as written), decision, reason, detail. */
function reasonsPlan(name: string): Plan {
  const format: WriterFormat = {
    kind: 'csv', encoding: 'utf-8', encodingConfidence: 'certain', bom: false, delimiter: ',', lineEnding: '\r\n', hasHeader: true,
    headers: REASON_COLUMNS, headerRaw: null,
  };
  const record = (r: Row): WriterRecord => ({ raw: null, fields: [r.email_fixed ?? (r.email_norm || r.email_raw), r.decision, r.cause, r.detail] });
  return { format, name, warnings: [], multi: false, addressColumns: [], fixOf: () => [], record, formulaCells: (r) => record(r).fields.filter(startsLikeFormula).length };
}

/**
 * The cleaned list as a service's import file: one line per address that stays, the address and
 * the name columns (found as the import found them) under the service's headers, the list's tags
 * and a watch tag where it takes tags, then the list's other columns under their own headers.
 * A row of several addresses gives a line for each that stays, without the other address columns.
 */
function reimportPlan(list: Plan, service: ReimportFormat): Plan {
  const headers = list.format.hasHeader ? list.format.headers : list.format.headers.map((_, i) => `Column ${i + 1}`);
  const names = list.format.hasHeader ? nameColumns(headers) : { first: null, last: null };
  const tagsCol = service.tags ? headers.findIndex((h) => headerKey(h) === 'tags') : -1;
  const mapped = new Set<number>([...list.addressColumns, ...(tagsCol >= 0 ? [tagsCol] : [])]);
  if (service.firstName && names.first !== null) mapped.add(names.first);
  if (service.lastName && names.last !== null) mapped.add(names.last);
  const others = headers.map((_, i) => i).filter((i) => !mapped.has(i));
  const format: WriterFormat = {
    kind: 'csv', encoding: 'utf-8', encodingConfidence: 'certain', bom: false, delimiter: service.delimiter, lineEnding: '\r\n', hasHeader: true,
    headers: [service.email, ...(service.firstName ? [service.firstName] : []), ...(service.lastName ? [service.lastName] : []), ...(service.tags ? [service.tags] : []), ...others.map((i) => headers[i]!)],
    headerRaw: null,
  };
  const cell = (f: readonly string[], i: number | null) => (i === null ? '' : f[i] ?? '');
  const record = (r: Row): WriterRecord => {
    const f = list.record(r, [], true).fields;
    const tags = service.tags ? [[...(tagsCol >= 0 ? parseTags(f[tagsCol] ?? '') : []), ...(r.decision === 'watch' ? [WATCH_TAG] : [])].join(',')] : [];
    return {
      raw: null,
      fields: [
        r.email_fixed ?? (r.email_norm || r.email_raw.trim()),
        ...(service.firstName ? [cell(f, names.first)] : []), ...(service.lastName ? [cell(f, names.last)] : []), ...tags,
        ...others.map((i) => f[i] ?? ''),
      ],
    };
  };
  return { ...list, format, multi: false, addressColumns: [], fixOf: () => [], record, formulaCells: (r) => record(r).fields.filter(startsLikeFormula).length };
}

/** An export is written as Excel when its file name says so (the save dialog and the CLI's --out alike). */
export function isExcelPath(path: string): boolean {
  return /\.xlsx$/i.test(path);
}

const stemOf = (name: string) => name.replace(/\.[^.]+$/, '');

/**
 * The rows of the cleaned list, each once with its address edits: a row of several addresses
 * (consecutive ids) is written once while one of its addresses stays, without the removed ones.
 */
function cleanedRows(pl: Plan, emit: (r: Row, edits: readonly AddressEdit[]) => void): { push(r: Row): void; flush(): void } {
  let group: Row[] = [];
  const flush = () => {
    if (group.some((x) => x.decision !== 'remove')) {
      emit(group[0]!, group.flatMap((x) => (x.decision === 'remove' ? [{ col: x.email_col!, part: x.email_part ?? 0, to: null }] : pl.fixOf(x))));
    }
    group = [];
  };
  return {
    push(r) {
      if (r.email_col === null) { flush(); emit(r, pl.fixOf(r)); return; }
      if (group.length && (group[0]!.source_id !== r.source_id || group[0]!.row !== r.row)) flush();
      group.push(r);
    },
    flush,
  };
}

export async function exportList(ctx: TaskContext, payload: unknown): Promise<TaskResult> {
  const p = payload as ExportPayload;
  const db = openStore(ctx.dbPath, { readonly: true });
  try {
    const total = countOf(db, p);
    let done = 0;
    const step = (n: number) => {
      ctx.checkCancelled();
      done += n;
      ctx.progress('Writing', done, total, 'rows');
    };
    if (p.kind === 'suppression') return await suppression(db, p, step);

    const reasons = p.kind === 'segment' && p.shape === 'reasons';
    const service = p.kind === 'reimport' ? reimportFormat(p.format ?? '') : undefined;
    if (p.kind === 'reimport' && !service) throw new AppError('bad-input', `There is no re-import format "${p.format ?? ''}".`);
    const listPlan = plan(db, p.kind === 'segment' ? p.segment?.filter?.sourceId : p.sourceId);
    const pl = reasons ? reasonsPlan(listPlan.name) : service ? reimportPlan(listPlan, service) : listPlan;
    const { format } = pl;
    // Cancel is honoured up to the rename that puts the file under the user's name.
    const checkCancelled = () => ctx.checkCancelled();
    /** A list's writer, and how a row goes into it. */
    const open = (kind: ExportPayload['kind'], path: string, encoding: ExportEncoding, rowsOf: () => number) => {
      // New files (the removed list, a segment) are always safe; the cleaned list only when asked,
      // so that by default it stays the imported file minus the removed rows, byte for byte.
      const safe = kind !== 'cleaned' || p.excelSafe === true;
      const excel = isExcelPath(path);
      const rows = excel ? rowsOf() + (format.hasHeader ? 1 : 0) : 0;
      if (rows > EXCEL_MAX_ROWS) throw new AppError('bad-input', tooManyRowsMessage(rows));
      // A row of several addresses may lose one and stay: the removed list then says which address went.
      const extraHeaders = kind !== 'removed' ? null : pl.multi ? [...REMOVED_COLUMNS, REMOVED_ADDRESS_COLUMN] : REMOVED_COLUMNS;
      const extra = extraHeaders ? { extraHeaders } : {};
      const writer = excel
        ? createXlsxWriter(path, { sheet: format.sheet ?? stemOf(pl.name), headers: format.headers, hasHeader: format.hasHeader, excelSafe: safe, ...(format.columnTypes ? { columnTypes: format.columnTypes } : {}), ...extra, checkCancelled })
        : createContactWriter(path, format, { encoding: reasons || service ? 'utf-8' : encoding, excelSafe: safe, ...extra, checkCancelled });
      const write = (r: Row, edits: readonly AddressEdit[], more?: readonly string[]) =>
        writer.writeRecord(pl.record(r, edits, excel || kind !== 'cleaned' || (safe && pl.formulaCells(r, edits) > 0)), more);
      return { writer, write };
    };
    const main = open(p.kind, p.path, p.encoding, () => (p.removed ? countOf(db, { ...p, removed: undefined }) : total));
    const writers = [main.writer];
    let removedList: ReturnType<typeof open> | undefined;
    try {
      removedList = p.kind === 'removed' ? main : p.removed ? open('removed', p.removed.path, p.removed.encoding, () => countOf(db, { kind: 'removed', sourceId: p.sourceId })) : undefined;
      if (removedList && removedList !== main) writers.push(removedList.writer);
      const writeRemoved = (r: Row) => {
        const detail = r.cause === 'override' ? `removed by you (policy: ${r.detail})` : r.detail;
        removedList!.write(r, pl.fixOf(r), pl.multi ? [r.cause, detail, (r.email_fixed ?? r.email_raw).trim()] : [r.cause, detail]);
      };
      const cleaned = cleanedRows(pl, (r, edits) => main.write(r, edits));
      /** A service keeps one contact per address: a second row of one (duplicates kept by the policy's choice) is left out. */
      const written = new Set<string>();
      for (const rows of pages(db, p, p.kind === 'cleaned' ? CELL_COLUMNS : ALL_COLUMNS)) {
        step(rows.length);
        for (const r of rows) {
          if (p.kind === 'removed') writeRemoved(r);
          else if (p.kind === 'segment') main.write(r, pl.fixOf(r));
          else if (service) {
            const key = r.email_fixed ?? (r.email_norm || r.email_raw.trim());
            if (key && !written.has(key)) { written.add(key); main.write(r, []); }
          } else {
            // Both lists in one pass: a removed address of a row of several is in both.
            if (removedList && r.decision === 'remove') writeRemoved(r);
            if (!removedList || r.decision !== 'remove' || r.email_col !== null) cleaned.push(r);
          }
        }
        // Yield so the cancel flag poll and progress messages get their turn.
        await new Promise((r) => setImmediate(r));
        for (const w of writers) await w.drained?.();
      }
      cleaned.flush();
      ctx.checkCancelled();
      for (const w of writers) await w.close();
    } catch (e) {
      for (const w of writers) await w.abort();
      throw e;
    }
    const writer = main.writer;
    const what = service ? `contacts to ${basename(p.path)} in ${service.label}’s import format` : `rows to ${basename(p.path)}`;
    const also = removedList && removedList !== main ? ` and ${removedList.writer.rows.toLocaleString('en-US')} rows to ${basename(p.removed!.path)}` : '';
    return {
      summary: `Wrote ${writer.rows.toLocaleString('en-US')} ${what}${also}.`, warnings: pl.warnings,
      result: { written: writer.rows, ...(also ? { removedWritten: removedList!.writer.rows } : {}) },
    };
  } finally {
    db.close();
  }
}

/**
 * Cells of the cleaned list (header included) that start like a spreadsheet formula: what
 * "Make safe for Excel" would change. Runs on the caller's thread a page at a time, yielding
 * between pages: about 0.9 s for 200,000 rows here, in slices of ~20 ms. Cancelled when the
 * cleanup closes meanwhile.
 */
export async function countFormulaCells(db: Db, sourceId?: number): Promise<number> {
  // the export screen asks before any list is imported too
  if (!db.prepare("SELECT 1 FROM sources WHERE kind = 'contacts'").get()) return 0;
  const pl = plan(db, sourceId);
  let n = pl.format.hasHeader ? pl.format.headers.filter(startsLikeFormula).length : 0;
  const cleaned = cleanedRows(pl, (r, edits) => { n += pl.formulaCells(r, edits); });
  for (const rows of pages(db, { kind: 'cleaned', sourceId }, CELL_COLUMNS)) {
    for (const r of rows) cleaned.push(r);
    await new Promise((r) => setImmediate(r));
    // Closed between two pages (the user closed the cleanup or opened another): the next page
    // threw "The database connection is not open", reported as an internal failure.
    if (!db.open) throw new AppError('cancelled', 'The cleanup was closed before its cells were counted.');
  }
  cleaned.flush();
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
