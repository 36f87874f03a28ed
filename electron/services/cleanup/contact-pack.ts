/**
 * How a contact import's rows cross from the reading thread to the writing one: the messages,
 * and packed batches (text cells as a few strings plus typed arrays of lengths and numbers, so
 * the hand-over costs a memcpy instead of cloning a million objects). Kept apart from the
 * producer so the writing thread loads none of the readers and checks.
 */
import { AppError, isAppError, type AppErrorCode } from '../../../shared/errors.js';
import type { ContactFileFormat, ContactImportOptions } from '../../../shared/contract.js';

export interface PrepareInput {
  readonly path: string;
  readonly options: ContactImportOptions;
  readonly dbPath: string;
  /** Id the first row of this import gets (the writer holds the write lock, so it is stable). */
  readonly firstId: number;
  /** File name shown in "Duplicate of row N in NAME". */
  readonly name: string;
}

export interface ReaderMeta {
  readonly format: ContactFileFormat;
  readonly headers: string[];
  readonly headerRaw: string | null;
  readonly preambleRaw: string;
  readonly finalLineEnding: boolean;
  readonly emailColumn: number;
  /** ContactReader.emailColumns: set when batches carry `at`. */
  readonly emailColumns: readonly number[] | null;
  /** ContactReader.splitCells. */
  readonly splitCells: boolean;
  readonly knownExport: string | null;
  readonly totalBytes: number;
  /** How the file was read, in words ("CSV, comma, UTF-8…"), for the sources list. */
  readonly formatLabel: string;
}

/** Numbers per row: row, valid, duplicate_of (-1 = none), role, disposable, bounces. */
export const NUM_COLS = 6;
/**
 * Text cells per row, in this order: email_raw, email_norm, raw, fields, problem, suggestion,
 * last_diagnostic, policy_decision, policy_cause, reason, detail, decision, cause, last_bounce_at.
 */
export const TEXT_COLS = 14;

/**
 * A cell's entry in `lens` is its length in `text`, or one of these codes. Most cells repeat the
 * row above ("keep", "clean", "no problem found"…) or the raw address: sending a code instead of
 * the text keeps the joined string (and the writer's slicing) to about two cells per row.
 */
export const CELL_NULL = -1;
export const CELL_AS_ABOVE = -2;
export const CELL_AS_EMAIL = -3;

/**
 * CPU ms (threadClock) the producing thread spent reading (decoding and parsing the file) and
 * checking (addresses, duplicates, policy, packing): the bench reports them so the slow phase of
 * an import shows.
 */
export interface ReadTimings { readonly readMs: number; readonly checkMs: number }

/**
 * The import's rows as the search keeps them (migration 11, address-index.ts): each row's
 * email_norm in id order, one per line, UTF-8; and the rows without one as JSON [[id, their
 * email_raw lowercased as SQL's lower() does, ASCII only], ...]. The reader has every address at
 * hand, so the writer no longer walks the rows it just wrote to make them (~0.2 CPU-s at 1M rows,
 * after the last row, when nothing else runs).
 */
export interface ImportAddresses {
  /** The text in pieces that join into it (NormArena.pieces), each on memory of its own, handed over. */
  readonly pieces: Uint8Array[];
  readonly blanks: string;
  /** Rows (lines) they hold. */
  readonly n: number;
}

export interface PackedBatch {
  readonly n: number;
  readonly nums: Float64Array;
  readonly lens: Int32Array;
  /**
   * The whole cells in order, in pieces cut at row boundaries. One string per batch would be a
   * large object to V8 (over ~128 KB): allocating one per batch cost a second at 1M rows.
   */
  readonly texts: string[];
  /** (column, part) per row when the list is read from several address columns (ContactRecord.at). */
  readonly at?: Int32Array;
  readonly bytesRead: number;
  readonly invalid: number;
  readonly duplicates: number;
}

export type ProducerMessage =
  | { readonly type: 'meta'; readonly meta: ReaderMeta }
  | { readonly type: 'batch'; readonly batch: PackedBatch }
  | { readonly type: 'end'; readonly warnings: string[]; readonly trailingRaw: string; readonly timings: ReadTimings; readonly addresses: ImportAddresses }
  | { readonly type: 'error'; readonly app: boolean; readonly code: string; readonly message: string };

/** Turns a thrown error into the message that crosses threads (AppError code kept). */
export function errorMessage(e: unknown): ProducerMessage {
  if (isAppError(e)) return { type: 'error', app: true, code: e.code, message: e.message };
  return { type: 'error', app: false, code: 'internal', message: (e as Error)?.message ?? String(e) };
}

/** The inverse of errorMessage, on the writing side. */
export function toError(m: { app: boolean; code: string; message: string }): Error {
  return m.app ? new AppError(m.code as AppErrorCode, m.message) : new Error(m.message);
}

/**
 * Unpacks a batch into `row(values)` calls; `values` is one reused array in the column order
 * of the contacts INSERT after (id, source_id).
 */
export function forEachRow(b: PackedBatch, row: (i: number, nums: Float64Array, at: number, cells: (string | null)[]) => void): void {
  const cells: (string | null)[] = new Array<string | null>(TEXT_COLS).fill(null);
  let k = 0;
  let text = b.texts[0] ?? '';
  let p = 0;
  let li = 0;
  for (let i = 0; i < b.n; i++) {
    // Pieces end at row boundaries: a row starts in the next piece once this one is used up.
    while (p === text.length && k + 1 < b.texts.length) { text = b.texts[++k]!; p = 0; }
    for (let c = 0; c < TEXT_COLS; c++) {
      const len = b.lens[li++]!;
      if (len >= 0) { cells[c] = len === 0 ? '' : text.slice(p, p + len); p += len; }
      else if (len === CELL_NULL) cells[c] = null;
      else if (len === CELL_AS_EMAIL) cells[c] = cells[0]!;
      // CELL_AS_ABOVE: the cell still holds the row above's value.
    }
    row(i, b.nums, i * NUM_COLS, cells);
  }
}

