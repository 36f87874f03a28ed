/**
 * ESP seam: any bounce path -> previews and streamed BounceRecords.
 *
 * Files and folders (any mix) are expanded; raw mail (.eml, mbox, maildir, or anything that
 * sniffs as mail) goes to MAIL's reader; spreadsheets (CSV/TSV/xlsx) and JSON/NDJSON go to the
 * provider readers or the generic column mapping. A file that cannot be used becomes a warning
 * and the rest goes on; only when nothing at all can be read is an AppError thrown. A file that
 * breaks halfway (truncated JSON, undecodable bytes) throws, so the caller's transaction rolls
 * back and nothing is half-imported.
 */
import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { BounceColumnMapping, BounceFilePreview } from '../../../shared/contract.js';
import { AppError, isAppError } from '../../../shared/errors.js';
import { readMail, readMailFiles } from '../mail/index.js';
import { entryKind, expandPaths, shownPath, type Entry } from './expand.js';
import { openSource, type FileSource, type SourcedBounce } from './sources.js';

export type { SourcedBounce } from './sources.js';
export { headerKey } from '../../../shared/esp/header-key.js';

export interface ReadBouncesOptions {
  /** Corrected (or remembered) generic mappings, keyed by the file path given in its preview. */
  mappings?: Record<string, BounceColumnMapping>;
  signal?: AbortSignal;
  onProgress?: (p: { done: number; total: number; unit: 'bytes' | 'files' | 'messages' }) => void;
  /**
   * Problems and notes, per file. `skippedFile` is set when a whole file was set aside (not bounce
   * data, unreadable); notes without it (non-bounce events skipped, mixed formats, MAIL's
   * per-message notes) leave the file imported.
   */
  onWarning?: (w: { path: string; message: string; skippedFile?: boolean }) => void;
  /** The job worker's entry: big folders of mail are parsed on helper threads started on it (see mail/pool.ts). */
  workerUrl?: string | URL;
  /** Helper threads for those folders (default: one per idle core, see mail/pool.ts). */
  threads?: number;
  /** Told how many helper threads a folder of mail got (see mail/pool.ts). */
  onHelpers?: (n: number) => void;
}

const BATCH = 2000;

function badPreview(e: Entry, message: string): BounceFilePreview {
  return { path: shownPath(e), name: basename(shownPath(e)), kind: entryKind(e), provider: 'none', description: `Not usable: ${message}`, records: 0, warnings: [message] };
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

function mailPreview(e: Entry & { type: 'mail-files' | 'mbox' | 'maildir' }): BounceFilePreview {
  const path = shownPath(e);
  const name = basename(path);
  if (e.type === 'mail-files') {
    return { path, name, kind: 'mail', provider: 'mail', description: `Bounce messages: ${plural(e.files.length, 'file')}`, records: e.files.length, warnings: [] };
  }
  if (e.type === 'maildir') {
    return { path, name, kind: 'maildir', provider: 'mail', description: `Bounce messages (maildir): ${plural(e.files, 'message')}`, records: e.files, warnings: [] };
  }
  return { path, name, kind: 'mbox', provider: 'mail', description: `Bounce messages (mbox): ${(e.bytes / 1024 / 1024).toFixed(e.bytes < 10 << 20 ? 1 : 0)} MB mailbox`, records: null, warnings: [] };
}

const MBOX_COUNT_LIMIT = 64 * 1024 * 1024;

/** Messages in an mbox ("From " at the start of a line), counted when the file is small enough to scan. */
async function countMbox(path: string, bytes: number): Promise<number | null> {
  if (bytes > MBOX_COUNT_LIMIT) return null;
  let n = 0;
  let prev = 0x0a;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    for (let i = chunk.indexOf('From ', 0, 'latin1'); i >= 0; i = chunk.indexOf('From ', i + 5, 'latin1')) {
      if ((i === 0 ? prev : chunk[i - 1]) === 0x0a) n++;
    }
    // A "From " cut across chunks is missed only when the cut falls inside those 5 bytes; the count is a preview figure.
    prev = chunk[chunk.length - 1] ?? prev;
  }
  return n;
}

function asBad(e: Entry): { path: string; code: string; message: string } {
  if (e.type === 'bad') return e;
  return { path: shownPath(e), code: 'wrong-file', message: `${basename(shownPath(e))} could not be opened as an archive.` };
}

/** Throws when every entry failed: the message names each file and what was expected. */
function throwIfNothing(failures: { path: string; code: string; message: string }[], total: number): void {
  if (total > 0 && failures.length < total) return;
  if (total === 0) throw new AppError('wrong-file', 'Nothing to import: no files were given.');
  const code = failures.every((f) => f.code === 'not-found') ? 'not-found' : failures.some((f) => f.code === 'unreadable') && failures.every((f) => f.code !== 'wrong-file') ? 'unreadable' : 'wrong-file';
  const msg = failures.length === 1 ? failures[0]!.message : `None of the ${failures.length} files holds bounce data. ${failures.slice(0, 5).map((f) => `${basename(f.path)}: ${f.message}`).join(' ')}${failures.length > 5 ? ' …' : ''}`;
  throw new AppError(code as 'wrong-file', msg);
}

/** One preview per dropped file; a dropped folder gives one entry for its loose messages plus one per export inside. */
export async function previewBounces(paths: string[], opts: { mappings?: Record<string, BounceColumnMapping> } = {}): Promise<BounceFilePreview[]> {
  const temps: string[] = [];
  try {
    return await previewEntries(await expandPaths(paths, undefined, temps), opts);
  } finally {
    for (const t of temps) await rm(t, { recursive: true, force: true });
  }
}

async function previewEntries(entries: Entry[], opts: { mappings?: Record<string, BounceColumnMapping> }): Promise<BounceFilePreview[]> {
  const out: BounceFilePreview[] = [];
  const failures: { path: string; code: string; message: string }[] = [];
  for (const e of entries) {
    if (e.type === 'bad' || e.type === 'zip') {
      const bad = asBad(e);
      failures.push(bad);
      out.push(badPreview(e, bad.message));
      continue;
    }
    if (e.type === 'mail-files' || e.type === 'maildir') {
      out.push(mailPreview(e));
      continue;
    }
    if (e.type === 'mbox') {
      const n = await countMbox(e.path, e.bytes);
      const p = mailPreview(e);
      out.push(n === null ? p : { ...p, records: n, description: `Bounce messages (mbox): ${plural(n, 'message')}` });
      continue;
    }
    try {
      const src = await openSource(e, opts.mappings?.[shownPath(e)], true);
      out.push(src.preview);
    } catch (err) {
      if (!isAppError(err)) throw err;
      failures.push({ path: shownPath(e), code: err.code, message: err.message });
      out.push(badPreview(e, err.message));
    }
  }
  throwIfNothing(failures, entries.length);
  return out;
}

/**
 * Streams every bounce of every path, in batches of SourcedBounce. Sources are planned first
 * (provider or mapping decided, bad files set aside as warnings) before anything is yielded.
 */
export async function* readBounces(paths: string[], opts: ReadBouncesOptions = {}): AsyncGenerator<SourcedBounce[]> {
  const temps: string[] = [];
  try {
    yield* readEntries(paths, opts, temps);
  } finally {
    for (const t of temps) await rm(t, { recursive: true, force: true });
  }
}

async function* readEntries(paths: string[], opts: ReadBouncesOptions, temps: string[]): AsyncGenerator<SourcedBounce[]> {
  const { signal, onProgress, onWarning } = opts;
  const checkAbort = () => {
    if (signal?.aborted) throw new AppError('cancelled', 'The import was cancelled.');
  };
  const entries = await expandPaths(paths, signal, temps);
  checkAbort();
  const failures: { path: string; code: string; message: string }[] = [];
  const planned: { entry: Entry; source?: FileSource }[] = [];
  for (const e of entries) {
    checkAbort();
    if (e.type === 'bad' || e.type === 'zip') {
      failures.push(asBad(e));
      continue;
    }
    if (e.type === 'mail-files' || e.type === 'mbox' || e.type === 'maildir') {
      planned.push({ entry: e });
      continue;
    }
    try {
      planned.push({ entry: e, source: await openSource(e, opts.mappings?.[shownPath(e)], false) });
    } catch (err) {
      if (!isAppError(err) || err.code === 'bad-input') throw err;
      failures.push({ path: shownPath(e), code: err.code, message: err.message });
    }
  }
  throwIfNothing(failures, entries.length);
  for (const f of failures) onWarning?.({ path: f.path, message: f.message, skippedFile: true });

  const total = planned.reduce((s, p) => s + ('bytes' in p.entry ? p.entry.bytes : 0), 0);
  let before = 0;
  const progress = (inFile: number) => onProgress?.({ done: Math.min(total, before + inFile), total, unit: 'bytes' });
  let yielded = 0;
  let lateFailures = 0;

  for (const { entry, source } of planned) {
    checkAbort();
    const size = 'bytes' in entry ? entry.bytes : 0;
    const shown = shownPath(entry);
    // Mail extracted from a ZIP is named inside the archive, not by its temporary copy.
    const inZip = entry.type === 'bad' ? undefined : entry.shownAs;
    const show = (f: string) => (inZip ? join(inZip, basename(f).replace(/^\d+-/, '')) : f);
    let fromThis = 0;
    try {
      if (source) {
        for await (const batch of source.read({ signal, onBytes: progress, onWarning: (message) => onWarning?.({ path: shown, message }), batchSize: BATCH })) {
          checkAbort();
          fromThis += batch.length;
          yield batch;
        }
      } else {
        const mailOpts = { signal, onWarning: (w: { path: string; message: string }) => onWarning?.({ ...w, path: show(w.path) }), ...(opts.workerUrl ? { workerUrl: opts.workerUrl } : {}), ...(opts.threads !== undefined ? { threads: opts.threads } : {}), ...(opts.onHelpers ? { onHelpers: opts.onHelpers } : {}) };
        if (entry.type === 'mail-files' && entry.files.length > 1) {
          // Loose messages: read ahead concurrently by MAIL, one file's records at a time.
          let file = '';
          let filesDone = 0;
          for await (const { file: f, records } of readMailFiles(entry.files, mailOpts)) {
            checkAbort();
            if (f !== file) { file = f; progress((size * filesDone++) / entry.files.length); }
            fromThis += records.length;
            for (let i = 0; i < records.length; i += BATCH) yield records.slice(i, i + BATCH).map((record) => ({ path: show(f), record }));
          }
        } else {
          const f = entry.type === 'mail-files' ? entry.files[0]! : entry.path;
          for await (const recs of readMail(f, { ...mailOpts, onProgress: (p) => { if (p.unit === 'bytes') progress(p.done); } })) {
            checkAbort();
            if (!recs.length) continue;
            fromThis += recs.length;
            for (let i = 0; i < recs.length; i += BATCH) yield recs.slice(i, i + BATCH).map((record) => ({ path: show(f), record }));
          }
        }
        if (fromThis === 0) onWarning?.({ path: shown, message: entry.type === 'mail-files' && entry.files.length > 1 ? `No bounce was found in the ${entry.files.length} messages.` : 'No bounce was found in this mail.', skippedFile: true });
      }
    } catch (err) {
      if (signal?.aborted) throw new AppError('cancelled', 'The import was cancelled.');
      // Nothing of this file reached the caller yet: set it aside and go on. Otherwise it is fatal.
      if (fromThis === 0 && isAppError(err) && err.code !== 'cancelled') {
        lateFailures++;
        onWarning?.({ path: shown, message: err.message, skippedFile: true });
      } else if (isAppError(err)) {
        throw err;
      } else {
        throw new AppError('unreadable', `${basename(shown)} could not be read to the end (${(err as Error).message}). Nothing was imported.`);
      }
    }
    yielded += fromThis;
    before += size;
    progress(0);
  }
  if (yielded === 0 && lateFailures + failures.length > 0 && planned.length === lateFailures) {
    throw new AppError('wrong-file', `No bounces could be read from ${paths.length === 1 ? basename(paths[0]!) : `the ${paths.length} paths`}: every file was set aside (see the warnings).`);
  }
}
