/**
 * The CPU side of a contact import: read, decode, parse, check every address, find duplicates
 * and decide, producing rows ready for the `contacts` table. The import job runs it in a second
 * thread for big files, so on two cores this overlaps with the SQLite writer; small files (and
 * callers without a worker entry) run it in the job's own thread. Either way the rows cross as
 * packed batches: one string holding every text cell plus typed arrays of lengths and numbers,
 * so the hand-over costs a memcpy instead of cloning a million objects on the writing thread.
 */
import { openStore, type Db } from '../store/index.js';
import { AppError, isAppError, type AppErrorCode } from '../../../shared/errors.js';
import type { ContactFileFormat, ContactImportOptions } from '../../../shared/contract.js';
import { decide, type ContactFacts, type HistoryBounce } from '../../../shared/policy.js';
import { checkEmail, openContacts } from './deps.js';
import { historyStats, loadHistories, readPolicy } from './recompute.js';
import { hash30 } from './first-seen.js';

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
  readonly knownExport: string | null;
  readonly totalBytes: number;
}

/** Numbers per row: row, valid, duplicate_of (-1 = none), role, disposable, bounces. */
export const NUM_COLS = 6;
/**
 * Text cells per row, in this order: email_raw, email_norm, raw, fields, problem, suggestion,
 * last_diagnostic, policy_decision, policy_cause, reason, detail, decision, cause.
 */
export const TEXT_COLS = 13;

/**
 * A cell's entry in `lens` is its length in `text`, or one of these codes. Most cells repeat the
 * row above ("keep", "clean", "no problem found"…) or the raw address: sending a code instead of
 * the text keeps the joined string (and the writer's slicing) to about two cells per row.
 */
export const CELL_NULL = -1;
export const CELL_AS_ABOVE = -2;
export const CELL_AS_EMAIL = -3;

/** A piece of a batch's text is closed after the row that takes it past this many characters. */
const PIECE_CHARS = 16 * 1024;

export interface PackedBatch {
  readonly n: number;
  readonly nums: Float64Array;
  readonly lens: Int32Array;
  /**
   * The whole cells in order, in pieces cut at row boundaries. One string per batch would be a
   * large object to V8 (over ~128 KB): allocating one per batch cost a second at 1M rows.
   */
  readonly texts: string[];
  readonly bytesRead: number;
  readonly invalid: number;
  readonly duplicates: number;
}

export type ProducerMessage =
  | { readonly type: 'meta'; readonly meta: ReaderMeta }
  | { readonly type: 'batch'; readonly batch: PackedBatch }
  | { readonly type: 'end'; readonly warnings: string[] }
  | { readonly type: 'error'; readonly app: boolean; readonly code: string; readonly message: string };

/**
 * Normalised addresses of this import by index, as UTF-8 in fixed-size chunks: duplicate
 * detection confirms hash hits against them without keeping a million strings alive (and
 * without copying a growing buffer).
 */
class NormArena {
  private static readonly CHUNK = 4 * 1024 * 1024;
  private readonly chunks: Buffer[] = [];
  private used = NormArena.CHUNK;
  private where = new Int32Array(3 << 18); // (chunk, start, end) per entry
  private n = 0;

  push(s: string): void {
    if (this.n * 3 === this.where.length) {
      const next = new Int32Array(this.where.length * 2);
      next.set(this.where);
      this.where = next;
    }
    const max = s.length * 3;
    if (this.used + max > NormArena.CHUNK) {
      this.chunks.push(Buffer.allocUnsafe(Math.max(NormArena.CHUNK, max)));
      this.used = 0;
    }
    const c = this.chunks.length - 1;
    const start = this.used;
    this.used += this.chunks[c]!.write(s, start, 'utf8');
    const w = this.n++ * 3;
    this.where[w] = c;
    this.where[w + 1] = start;
    this.where[w + 2] = this.used;
  }

  get(i: number): string {
    const w = i * 3;
    return this.chunks[this.where[w]!]!.toString('utf8', this.where[w + 1]!, this.where[w + 2]!);
  }
}

/**
 * First id per normalised address: an open-addressing table of (30-bit hash, id) pairs in one
 * typed array (16 MB at a million addresses, no per-entry objects for the GC to walk; a probe
 * touches one cache line, not two). Every hash hit is confirmed against the stored address, so a
 * collision never merges two addresses.
 */
export class FirstIds {
  /** [hash, id] per slot; id 0 is an empty slot. */
  private slots: Int32Array;
  private count = 0;

  constructor(
    private readonly normOf: (id: number) => string | undefined,
    private readonly hash: (s: string) => number = hash30,
    /** Expected entries: sized once up front instead of rehashed while growing. */
    expected = 0,
  ) {
    let size = 1 << 16;
    while (size < expected * 2 && size < 1 << 26) size <<= 1;
    this.slots = new Int32Array(size * 2);
  }

  firstOrAdd(norm: string, id: number): number | undefined {
    const h = this.hash(norm);
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const at = slots[2 * i + 1]!;
      if (at === 0) {
        slots[2 * i] = h;
        slots[2 * i + 1] = id;
        if (++this.count * 4 > slots.length) this.grow();
        return undefined;
      }
      if (slots[2 * i] === h && this.normOf(at) === norm) return at;
    }
  }

  private grow(): void {
    const old = this.slots;
    const slots = (this.slots = new Int32Array(old.length * 2));
    const mask = (slots.length >> 1) - 1;
    for (let j = 0; j < old.length; j += 2) {
      const id = old[j + 1]!;
      if (id === 0) continue;
      let i = old[j]! & mask;
      while (slots[2 * i + 1] !== 0) i = (i + 1) & mask;
      slots[2 * i] = old[j]!;
      slots[2 * i + 1] = id;
    }
  }
}

const NO_HISTORY: readonly HistoryBounce[] = [];

/** The whole producer: a meta message, packed batches, then end (or throws). */
export async function* prepareContactRows(input: PrepareInput, signal?: AbortSignal): AsyncGenerator<ProducerMessage> {
  const reader = await openContacts(input.path, input.options);
  yield {
    type: 'meta',
    meta: {
      format: reader.format, headers: reader.headers, headerRaw: reader.headerRaw, preambleRaw: reader.preambleRaw,
      finalLineEnding: reader.finalLineEnding, emailColumn: reader.emailColumn, knownExport: reader.knownExport, totalBytes: reader.totalBytes,
    },
  };
  // A read-only connection sees the cleanup as committed before this import (WAL snapshot).
  const db: Db = openStore(input.dbPath, { readonly: true });
  try {
    const policy = readPolicy(db);
    const histories = loadHistories(db);
    const { firstId, name } = input;
    const arena = new NormArena();
    const normOf = db.prepare('SELECT email_norm FROM contacts WHERE id = ?').pluck();
    // About 100 bytes a row in a typical CSV export, plus the rows already in the cleanup.
    const existing = (db.prepare('SELECT count(*) AS n FROM contacts').get() as { n: number }).n;
    const seen = new FirstIds((id) => (id >= firstId ? arena.get(id - firstId) : normOf.get(id) as string | undefined), hash30, existing + Math.ceil(reader.totalBytes / 100));
    for (const r of db.prepare("SELECT email_norm AS n, min(id) AS id FROM contacts WHERE email_norm <> '' GROUP BY email_norm").iterate() as IterableIterator<{ n: string; id: number }>) {
      seen.firstOrAdd(r.n, r.id);
    }
    const firstOf = db.prepare('SELECT c.row, s.name FROM contacts c JOIN sources s ON s.id = c.source_id WHERE c.id = ?');
    let rowsHere = new Int32Array(1 << 20);
    let id = firstId;
    for await (const batch of reader.batches(signal)) {
      const n = batch.length;
      const nums = new Float64Array(n * NUM_COLS);
      const lens = new Int32Array(n * TEXT_COLS);
      const parts: string[] = [];
      const texts: string[] = [];
      let pieceChars = 0;
      let invalid = 0;
      let duplicates = 0;
      let ni = 0;
      let li = 0;
      // The previous row's cells of this batch (undefined: none yet, so the first row is whole).
      const above: (string | null | undefined)[] = new Array<undefined>(TEXT_COLS).fill(undefined);
      let col = 0;
      const text = (s: string | null) => {
        const c = col++;
        if (s === above[c]) { lens[li++] = CELL_AS_ABOVE; return; }
        above[c] = s;
        if (s === null) lens[li++] = CELL_NULL;
        else { lens[li++] = s.length; if (s.length) { parts.push(s); pieceChars += s.length; } }
      };
      for (const rec of batch) {
        const check = checkEmail(rec.email);
        const norm = check.normalized;
        // Stored for every row (also '') so arena index = id - firstId.
        arena.push(norm);
        const dup = norm ? seen.firstOrAdd(norm, id) : undefined;
        let duplicateOf: ContactFacts['duplicateOf'] = null;
        if (dup !== undefined) {
          duplicates++;
          if (dup >= firstId) duplicateOf = { row: rowsHere[dup - firstId]!, source: name };
          else {
            const f = firstOf.get(dup) as { row: number; name: string };
            duplicateOf = { row: f.row, source: f.name };
          }
        }
        if (!check.valid) invalid++;
        const h = norm ? histories.get(norm) ?? NO_HISTORY : NO_HISTORY;
        const o = decide({ valid: check.valid, problem: check.problem, suggestion: check.suggestion, duplicateOf, role: check.role, disposable: check.disposable, override: null }, h, policy);
        const s = h.length ? historyStats(h) : { bounces: 0, lastDiagnostic: '' };
        nums[ni++] = rec.row;
        nums[ni++] = check.valid ? 1 : 0;
        nums[ni++] = dup ?? -1;
        nums[ni++] = check.role ? 1 : 0;
        nums[ni++] = check.disposable ? 1 : 0;
        nums[ni++] = s.bounces;
        col = 0;
        text(rec.email);
        if (norm === rec.email && norm !== above[1]) { lens[li++] = CELL_AS_EMAIL; above[1] = norm; col++; } else text(norm);
        text(rec.raw);
        text(rec.raw === null ? JSON.stringify(rec.fields) : null);
        text(check.problem);
        text(check.suggestion);
        text(s.lastDiagnostic);
        text(o.policyDecision);
        text(o.policyCause);
        text(o.reason);
        text(o.detail);
        text(o.decision);
        text(o.cause);
        const k = id - firstId;
        if (k === rowsHere.length) {
          const next = new Int32Array(rowsHere.length * 2);
          next.set(rowsHere);
          rowsHere = next;
        }
        rowsHere[k] = rec.row;
        id++;
        if (pieceChars >= PIECE_CHARS) {
          texts.push(parts.join(''));
          parts.length = 0;
          pieceChars = 0;
        }
      }
      if (parts.length) texts.push(parts.join(''));
      yield { type: 'batch', batch: { n, nums, lens, texts, bytesRead: reader.bytesRead(), invalid, duplicates } };
    }
    yield { type: 'end', warnings: reader.warnings };
  } finally {
    db.close();
  }
}

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

