/**
 * The CPU side of a contact import: read, decode, parse, check every address, find duplicates
 * and decide, producing rows ready for the `contacts` table. The import job runs it in a second
 * thread for big files, so on two cores this overlaps with the SQLite writer; small files (and
 * callers without a worker entry) run it in the job's own thread. Either way the rows cross as
 * packed batches (contact-pack.ts).
 */
import { openStore, type Db } from '../store/index.js';
import { decide, type ContactFacts, type HistoryBounce } from '../../../shared/policy.js';
// Not through deps.ts, which also brings the bounce and mail readers: the reading thread starts
// ~100 ms sooner without loading them.
import { describeContactFormat, openContacts } from '../contacts/index.js';
import { checkEmail } from '../../../shared/email/index.js';
import { CELL_AS_ABOVE, CELL_AS_EMAIL, CELL_NULL, NUM_COLS, TEXT_COLS, type PrepareInput, type ProducerMessage } from './contact-pack.js';
import { historyStats, loadHistories, readPolicy } from './recompute.js';
import { FirstIds, HashBits, hash30 } from './first-seen.js';
import { threadClock } from '../jobs/clock.js';

/**
 * Normalised addresses of this import by index, as UTF-8 in fixed-size chunks: duplicate
 * detection confirms hash hits against them without keeping a million strings alive (and
 * without copying a growing buffer). Each is written with a line feed after it, so the chunks
 * joined are the search's address lines (`pieces`) without a pass over every entry.
 */
export class NormArena {
  private readonly chunks: Buffer[] = [];
  /** Bytes written into each full chunk (all but the last). */
  private readonly filled: number[] = [];
  private used: number;
  private where = new Int32Array(3 << 18); // (chunk, start, end) per entry
  private n = 0;

  /** `chunkBytes`: the size of a chunk (tests make it small to cross many). */
  constructor(private readonly chunkBytes = 4 * 1024 * 1024) {
    this.used = chunkBytes;
  }

  push(s: string): void {
    if (this.n * 3 === this.where.length) {
      const next = new Int32Array(this.where.length * 2);
      next.set(this.where);
      this.where = next;
    }
    const max = s.length * 3 + 1;
    // An empty first entry (an invalid address normalises to '') still needs a chunk to point into.
    if (this.used + max > this.chunkBytes || this.chunks.length === 0) {
      if (this.chunks.length) this.filled.push(this.used);
      // Never from Buffer's shared pool: each chunk's memory is handed to the writing thread.
      this.chunks.push(Buffer.allocUnsafeSlow(Math.max(this.chunkBytes, max)));
      this.used = 0;
    }
    const c = this.chunks.length - 1;
    const chunk = this.chunks[c]!;
    const start = this.used;
    let end = start;
    // Most addresses are a few dozen ASCII characters: a loop beats a native call per entry.
    for (let i = 0; i < s.length; i++) {
      const code = s.charCodeAt(i);
      if (code >= 0x80) { end = start + chunk.write(s, start, 'utf8'); break; }
      chunk[end++] = code;
    }
    chunk[end] = 10;
    this.used = end + 1;
    const w = this.n++ * 3;
    this.where[w] = c;
    this.where[w + 1] = start;
    this.where[w + 2] = end;
  }

  /**
   * Every entry in order, one per line (no line after the last), in pieces to be joined: views of
   * the chunks, each its own memory, not a copy. Joined here, the copy would be made while the
   * reading thread holds everything else it read with (24 MB more at the import's peak, 1M rows).
   */
  pieces(): Uint8Array[] {
    if (this.n === 0) return [];
    // Each chunk's entries with their line feeds, but for the very last line feed.
    return [...this.filled, this.used - 1].map((end, c) => this.chunks[c]!.subarray(0, end));
  }

  get(i: number): string {
    const w = i * 3;
    return this.chunks[this.where[w]!]!.toString('utf8', this.where[w + 1]!, this.where[w + 2]!);
  }
}

/** A piece of a batch's text is closed after the row that takes it past this many characters. */
const PIECE_CHARS = 16 * 1024;

const NO_HISTORY: readonly HistoryBounce[] = [];
const NO_STATS: ReturnType<typeof historyStats> = { bounces: 0, lastDiagnostic: '', lastBounceAt: null };

/** SQL's lower() without ICU: ASCII letters only, as the search's rows read from SQL have it. */
const asciiLower = (s: string): string => s.replace(/[A-Z]+/g, (m) => m.toLowerCase());

/** The whole producer: a meta message, packed batches, then end (or throws). */
export async function* prepareContactRows(input: PrepareInput, signal?: AbortSignal): AsyncGenerator<ProducerMessage> {
  const clock = threadClock();
  const began = clock.now();
  const reader = await openContacts(input.path, input.options);
  // Sniffing the format is reading; loading what the cleanup holds already is checking.
  let readMs = clock.now() - began;
  yield {
    type: 'meta',
    meta: {
      format: reader.format, headers: reader.headers, headerRaw: reader.headerRaw, preambleRaw: reader.preambleRaw,
      finalLineEnding: reader.finalLineEnding, emailColumn: reader.emailColumn, emailColumns: reader.emailColumns, splitCells: reader.splitCells, knownExport: reader.knownExport, totalBytes: reader.totalBytes,
      formatLabel: describeContactFormat(reader.format) + (reader.knownExport ? ` · ${reader.knownExport}` : ''),
    },
  };
  // A read-only connection sees the cleanup as committed before this import (WAL snapshot).
  let mark = clock.now();
  const db: Db = openStore(input.dbPath, { readonly: true });
  try {
    const policy = readPolicy(db);
    // The bounced addresses only; their histories are read a batch of rows at a time. Reading
    // every history first (50,000 bounce rows as objects) held the first rows back 0.5 s, and the
    // histories held 30 MB to the end of the import.
    const bouncedNorms = new Set(db.prepare("SELECT DISTINCT email_norm FROM bounces WHERE email_norm <> ''").pluck().all() as string[]);
    const bounced = new HashBits([...bouncedNorms].map(hash30), bouncedNorms.size);
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
    // Each as its JSON text at once: a cell kept as a string would hold on to the whole file's text it was sliced from.
    const blanks: string[] = [];
    let id = firstId;
    let checkMs = clock.now() - mark;
    // The time between asking for a batch and getting it is reading; the loop body is checking.
    mark = clock.now();
    for await (const batch of reader.batches(signal)) {
      const started = clock.now();
      readMs += started - mark;
      const n = batch.length;
      const nums = new Float64Array(n * NUM_COLS);
      const lens = new Int32Array(n * TEXT_COLS);
      const at = reader.emailColumns ? new Int32Array(n * 2) : undefined;
      if (at) for (let i = 0; i < n; i++) { at[2 * i] = batch[i]!.at!.col; at[2 * i + 1] = batch[i]!.at!.part; }
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
      // The batch's addresses checked first, so that its bounced ones' histories are read at once.
      const checks = batch.map((rec) => checkEmail(rec.email, false));
      const hashes = new Int32Array(n);
      let bouncedHere: string[] | null = null;
      for (let i = 0; i < n; i++) {
        const norm = checks[i]!.normalized;
        if (!norm) continue;
        const hash = (hashes[i] = hash30(norm));
        if (bounced.mayHave(hash) && bouncedNorms.has(norm)) (bouncedHere ??= []).push(norm);
      }
      const histories = bouncedHere ? loadHistories(db, 'WHERE b.email_norm IN (SELECT value FROM json_each(?))', JSON.stringify(bouncedHere)) : null;
      for (let i = 0; i < n; i++) {
        const rec = batch[i]!;
        // The normal form is copied into the arena and the packed cells, never kept as it is.
        const check = checks[i]!;
        const norm = check.normalized;
        // Stored for every row (also '') so arena index = id - firstId.
        arena.push(norm);
        if (!norm) blanks.push(JSON.stringify([id, asciiLower(rec.email)]));
        const hash = hashes[i]!;
        const dup = norm ? seen.firstOrAdd(norm, id, hash) : undefined;
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
        const h = histories && norm && bounced.mayHave(hash) ? histories.get(norm) ?? NO_HISTORY : NO_HISTORY;
        const o = decide({ valid: check.valid, problem: check.problem, suggestion: check.suggestion, duplicateOf, role: check.role, disposable: check.disposable, override: null }, h, policy);
        const s = h.length ? historyStats(h, o.evidence) : NO_STATS;
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
        text(s.lastBounceAt);
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
      checkMs += clock.now() - started;
      yield { type: 'batch', batch: { n, nums, lens, texts, ...(at ? { at } : {}), bytesRead: reader.bytesRead(), invalid, duplicates } };
      mark = clock.now();
    }
    readMs += clock.now() - mark;
    mark = clock.now();
    const addresses = { pieces: arena.pieces(), blanks: `[${blanks.join(',')}]`, n: id - firstId };
    checkMs += clock.now() - mark;
    yield { type: 'end', warnings: reader.warnings, trailingRaw: reader.trailingRaw(), timings: { readMs, checkMs }, addresses };
  } finally {
    db.close();
    clock.close();
  }
}
