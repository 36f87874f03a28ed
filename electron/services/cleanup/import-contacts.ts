/**
 * The contact import job (runs in a worker). Reads the file through CONTACTS' reader, checks
 * every address, finds duplicates (against every list already in the cleanup), applies the
 * policy with the bounce history already stored, and writes it all in ONE transaction: a
 * cancelled or failed import leaves the cleanup exactly as it was.
 */
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import { foldWal, openStore, type Db } from '../store/index.js';
import { AppError } from '../../../shared/errors.js';
import type { ContactImportOptions } from '../../../shared/contract.js';
import type { TaskContext, TaskResult } from '../jobs/protocol.js';
import { forEachRow, toError, type ImportAddresses, type PrepareInput, type ReaderMeta, type ReadTimings } from './contact-pack.js';
import { helperRows, inlineRows, type RowSource } from './contact-rows-thread.js';
import { threadClock } from '../jobs/clock.js';
import { storeReviewFigures } from './review-figures.js';
import { ContactInserter } from './contact-insert.js';
import { storeAddresses } from './address-index.js';

export interface ImportContactsPayload {
  readonly path: string;
  readonly options: ContactImportOptions;
}

export interface ImportContactsResult {
  readonly sourceId: number;
  /** Data rows of the list. */
  readonly rows: number;
  /** Addresses read (contacts rows stored): more than rows when rows hold several. */
  readonly addresses: number;
  readonly invalid: number;
  readonly duplicates: number;
  /**
   * Where the time went, for the bench (LISTSWEEP_STATS): CPU ms (threadClock) of the reading
   * thread reading and checking, and of this one storing rows, rebuilding the address index and
   * committing; and the wall ms from the job's start until the first rows reached this thread
   * (the reading thread's start, module loading and first parse).
   */
  readonly timings: ReadTimings & { readonly storeMs: number; readonly indexMs: number; readonly firstRowsMs: number };
}

/** From this file size on, the address index is rebuilt once instead of updated per row. */
const REBUILD_INDEX_BYTES = 8 * 1024 * 1024;

/** From this file size on, rows are read and checked in a helper thread while this one writes. */
const HELPER_THREAD_BYTES = 4 * 1024 * 1024;

/**
 * Two threads whenever there are two cores. (The load average is no guide: it still counts the
 * import the user ran a minute ago, and a VM's neighbours; choosing one thread on it made a 1M-row
 * import take 16 s instead of 7.)
 */
function spareCore(): boolean {
  // Tests pin the choice to prove both paths decide the same.
  const forced = process.env.LISTSWEEP_IMPORT_THREADS;
  if (forced === '1' || forced === '2') return forced === '2';
  return twoCores();
}

const twoCores = (): boolean => availableParallelism() >= 2;

export async function importContacts(ctx: TaskContext, payload: unknown): Promise<TaskResult> {
  const { path, options } = payload as ImportContactsPayload;
  let size = 0;
  try { size = statSync(path).size; } catch { /* the reader says what is wrong with the path */ }
  ctx.checkCancelled();
  // 16 MB of page cache is plenty for appending rows in id order (32 MB measured no faster)
  // and leaves room for the reading thread within the import's memory budget.
  const db = openStore(ctx.dbPath, { cacheMb: 16, noAutoCheckpoint: true });
  try {
    return await importInto(db, ctx, path, options, size >= HELPER_THREAD_BYTES && ctx.workerUrl && spareCore() ? ctx.workerUrl : null);
  } finally {
    db.close();
  }
}

async function importInto(db: Db, ctx: TaskContext, path: string, options: ContactImportOptions, helperUrl: string | null): Promise<TaskResult> {
  const name = basename(path);
  const clock = threadClock();
  const started = performance.now();
  let firstRowsMs = 0;
  db.exec('BEGIN IMMEDIATE');
  let source: RowSource | null = null;
  try {
    const firstId = ((db.prepare('SELECT max(id) AS m FROM contacts').get() as { m: number | null }).m ?? 0) + 1;
    const input: PrepareInput = { path, options, dbPath: ctx.dbPath, firstId, name };
    source = helperUrl ? helperRows(helperUrl, input, ctx.signal) : inlineRows(input, ctx.signal);
    let meta: ReaderMeta | null = null;
    let sourceId = 0;
    let rebuild = false;
    let warnings: string[] | null = null;
    let trailingRaw = '';
    let searchText: ImportAddresses | null = null;
    let readTimings: ReadTimings = { readMs: 0, checkMs: 0 };
    let storeMs = 0;
    let id = firstId;
    let invalid = 0;
    let duplicates = 0;
    // Made once the reader says whether rows carry an address's place (several address columns).
    let store: ContactInserter | null = null;
    for await (const m of source) {
      ctx.checkCancelled();
      if (m.type === 'error') throw toError(m);
      if (m.type === 'batch' && firstRowsMs === 0) firstRowsMs = performance.now() - started;
      if (m.type === 'end') { warnings = m.warnings; trailingRaw = m.trailingRaw; readTimings = m.timings; searchText = m.addresses; break; }
      if (m.type === 'meta') {
        meta = m.meta;
        sourceId = Number(db.prepare(`INSERT INTO sources (kind, name, path, format, format_json, header_raw, headers, email_column, email_columns, known_export, imported_at)
          VALUES ('contacts', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
          name, path, meta.formatLabel,
          JSON.stringify({ ...meta.format, preambleRaw: meta.preambleRaw, finalLineEnding: meta.finalLineEnding }), meta.headerRaw, JSON.stringify(meta.headers), meta.emailColumn,
          meta.emailColumns ? JSON.stringify({ columns: meta.emailColumns, split: meta.splitCells }) : null, meta.knownExport, new Date().toISOString(),
        ).lastInsertRowid);
        store = new ContactInserter(db, sourceId, meta.emailColumns !== null);
        // A big import rebuilds the address index once at the end (a sort) instead of updating
        // it per row at random places. The partial indexes take few rows and are updated as rows come.
        rebuild = meta.totalBytes >= REBUILD_INDEX_BYTES;
        if (rebuild) db.exec('DROP INDEX contacts_norm;');
        continue;
      }
      const stored = clock.now();
      const b = m.batch;
      const place = b.at;
      const r = store!.row;
      forEachRow(b, (i, nums, at, cells) => {
        r[0] = id++;
        r[1] = nums[at]!;
        r[2] = cells[0];
        r[3] = cells[1];
        r[4] = cells[2];
        r[5] = cells[3];
        r[6] = nums[at + 1]!;
        r[7] = cells[4];
        r[8] = nums[at + 2]! < 0 ? null : nums[at + 2]!;
        r[9] = cells[5];
        r[10] = nums[at + 3]!;
        r[11] = nums[at + 4]!;
        r[12] = nums[at + 5]!;
        r[13] = cells[6];
        r[14] = cells[7];
        r[15] = cells[8];
        r[16] = cells[9];
        r[17] = cells[10];
        r[18] = cells[11];
        r[19] = cells[12];
        r[20] = cells[13];
        if (place !== undefined) {
          r[21] = place[2 * i]!;
          r[22] = place[2 * i + 1]!;
        }
        store!.add();
      });
      invalid += b.invalid;
      duplicates += b.duplicates;
      storeMs += clock.now() - stored;
      source.written();
      ctx.progress('Reading', b.bytesRead, meta!.totalBytes, 'bytes');
    }
    const rest = clock.now();
    store?.flush();
    storeMs += clock.now() - rest;
    // The reading thread is done: let its memory go before the index sorts need theirs.
    await source.stop();
    ctx.checkCancelled();
    if (!meta || !warnings || !searchText) throw new AppError('internal', 'The contact reader stopped before the end of the file.');
    const addresses = id - firstId;
    // Several addresses per row: the list's rows are fewer than its addresses.
    const rows = meta.emailColumns && addresses
      ? (db.prepare('SELECT count(DISTINCT row) AS n FROM contacts WHERE id >= ?').get(firstId) as { n: number }).n
      : addresses;
    if (rows === 0) throw new AppError('wrong-file', `${name} has no data rows: only a header, or nothing at all.`);
    const indexing = clock.now();
    if (rebuild) {
      ctx.progress('Indexing', meta.totalBytes, meta.totalBytes, 'bytes');
      // The reading thread is gone, so its core can help sort; small sorted runs (4 MB) merge
      // faster than big ones (0.7 s instead of 1.3 s at 1M rows, measured with the domain index
      // there was then).
      db.pragma('cache_size = -4096');
      if (twoCores()) db.pragma('threads = 2');
      db.exec('CREATE INDEX contacts_norm ON contacts (email_norm);');
    }
    storeAddresses(db, firstId, id - 1, searchText);
    storeReviewFigures(db);
    // trailingRaw (blank lines after the last record) is known only once the file was read to its end.
    db.prepare("UPDATE sources SET rows = ?, first_id = ?, last_id = ?, warnings = ?, format_json = json_set(format_json, '$.trailingRaw', ?) WHERE id = ?")
      .run(rows, firstId, id - 1, JSON.stringify(warnings), trailingRaw, sourceId);
    ctx.checkCancelled();
    db.exec('COMMIT');
    const timings = { ...readTimings, storeMs, indexMs: clock.now() - indexing, firstRowsMs: Math.round(firstRowsMs) };
    const result: ImportContactsResult = { sourceId, rows, addresses, invalid, duplicates, timings };
    const several = addresses !== rows ? ` with ${addresses.toLocaleString('en-US')} addresses` : '';
    return {
      summary: `Imported ${rows.toLocaleString('en-US')} contacts${several} from ${name} (${invalid.toLocaleString('en-US')} invalid, ${duplicates.toLocaleString('en-US')} duplicates).`,
      warnings,
      result,
      // Folded here, off the main thread; otherwise the app's next small write would pay for
      // copying hundreds of megabytes into the file.
      afterwards: () => foldWal(ctx.dbPath),
    };
  } catch (e) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw e;
  } finally {
    clock.close();
    await source?.stop();
  }
}
