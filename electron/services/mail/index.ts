/**
 * MAIL seam: raw bounce mail (.eml, mbox of any size, maildir or any folder of messages) ->
 * BounceRecord batches. sourceIndex is the 1-based message index within the path given.
 */
import { stat } from 'node:fs/promises';
import type { BounceRecord } from '../../../shared/types.js';
import { isMboxStart, recordsOf, type FileRecords, type FileWarning } from './file.js';
import { readMessage } from './message.js';
import { loadMark, pooledFileRecords, pooledMessageRecords, readMessages, POOL_MIN_FILES, type MessageRecords } from './pool.js';
import { mboxMessages, readAhead, readMessageFile, walkFiles, type FolderFile, type MboxMessage } from './sources.js';

export interface ReadMailOptions {
  signal?: AbortSignal;
  onProgress?: (p: { done: number; total: number; unit: 'bytes' | 'files' | 'messages' }) => void;
  onWarning?: (w: { path: string; message: string }) => void;
  /**
   * The job worker's entry: a folder of POOL_MIN_FILES message files or more is parsed on
   * helper threads started on it (see pool.ts). Without it, everything runs on this thread.
   */
  workerUrl?: string | URL;
  /**
   * How many helper threads; set, it uses them for a folder of any size and for an mbox. By
   * default an mbox, or a folder of POOL_MIN_FILES or more, starts one per core the rest of the
   * machine leaves idle, measured while this thread reads its first messages (see poolSize).
   */
  threads?: number;
  /** Told how many helper threads a folder or an mbox got (0 when the other cores were busy). */
  onHelpers?: (n: number) => void;
}

function aborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new DOMException('The read was cancelled', 'AbortError');
}

const BATCH = 500;

/**
 * Records of an mbox file, streamed message by message; `next` gives each message its
 * sourceIndex. Memory stays bounded whatever the file's size. Split here and, given the job
 * worker's entry, parsed on helper threads as a folder's files are.
 */
async function* mboxRecords(file: string, next: () => number, opts: ReadMailOptions, onBytes?: (done: number) => void): AsyncGenerator<BounceRecord[]> {
  const { signal, onWarning, workerUrl } = opts;
  const warn = (message: string): void => onWarning?.({ path: file, message });
  async function* split(): AsyncGenerator<MboxMessage> {
    for await (const m of mboxMessages(file)) yield { ...m, index: next() };
  }
  const threads = opts.threads ?? loadMark();
  const parsed = workerUrl && threads !== 0 ? pooledMessageRecords(workerUrl, split(), threads, signal, opts.onHelpers) : parsedHere(split());
  let batch: BounceRecord[] = [];
  for await (const { item: m, result } of parsed) {
    aborted(signal);
    if (m.size > m.bytes.length) warn(`message ${m.index}: ${m.size} bytes, only the first ${m.bytes.length} read (the report is at the start)`);
    for (const w of result.warnings) warn(w);
    batch.push(...result.records);
    onBytes?.(m.endOffset);
    if (batch.length >= BATCH) { yield batch; batch = []; }
  }
  aborted(signal);
  if (batch.length) yield batch;
}

async function* parsedHere(messages: AsyncIterable<MboxMessage>): AsyncGenerator<{ item: MboxMessage; result: MessageRecords }> {
  for await (const m of messages) yield { item: m, result: (await readMessages([m]))[0]! };
}

export async function* readMail(path: string, opts: ReadMailOptions = {}): AsyncGenerator<BounceRecord[]> {
  const { signal, onProgress, onWarning } = opts;
  const st = await stat(path);
  let index = 0;
  const next = (): number => ++index;

  if (!st.isDirectory()) {
    const head = await readMessageFile(path);
    if (isMboxStart(head)) {
      yield* mboxRecords(path, next, opts, (done) => onProgress?.({ done, total: st.size, unit: 'bytes' }));
    } else {
      const recs = await readMessage(head, { sourceIndex: next(), warn: (message) => onWarning?.({ path, message }) });
      if (recs.length) yield recs;
    }
    onProgress?.({ done: st.size, total: st.size, unit: 'bytes' });
    return;
  }

  // A folder: files read and parsed ahead (on helper threads when there are many), taken in
  // name order and numbered across the folder, as an mbox's messages are.
  const files: FolderFile[] = [];
  for await (const f of walkFiles(path)) files.push(f);
  let batch: BounceRecord[] = [];
  let done = 0;
  for await (const { file: f, result } of filesRecords(files, opts)) {
    aborted(signal);
    if (result.kind === 'unreadable') {
      onWarning?.({ path: f.path, message: `unreadable: ${result.error}` });
    } else if (result.kind === 'mbox-stream') {
      if (batch.length) { yield batch; batch = []; }
      try {
        yield* mboxRecords(f.path, next, opts);
      } catch (err) {
        if (signal?.aborted) throw err;
        onWarning?.({ path: f.path, message: `unreadable: ${(err as Error).message}` });
      }
    } else if (result.kind === 'not-mail') {
      onWarning?.({ path: f.path, message: 'not a mail message; skipped' });
    } else {
      const base = index;
      index += result.messages;
      for (const r of result.records) batch.push(base ? { ...r, sourceIndex: base + r.sourceIndex } : r);
      for (const w of result.warnings) onWarning?.({ path: f.path, message: renumbered(w, base) });
      if (batch.length >= BATCH) { yield batch; batch = []; }
    }
    done++;
    onProgress?.({ done, total: files.length, unit: 'files' });
  }
  if (batch.length) yield batch;
}

/** A file's note with its message numbered across the folder (files number theirs from 1). */
function renumbered(w: FileWarning, base: number): string {
  return base ? w.message.replace(`message ${w.index}:`, `message ${base + w.index}:`) : w.message;
}

/** Each file's records in the files' order: on helper threads for a big folder, else here with reads ahead. */
async function* filesRecords(files: readonly FolderFile[], opts: ReadMailOptions): AsyncGenerator<{ file: FolderFile; result: FileRecords }> {
  const { workerUrl } = opts;
  const threads = opts.threads ?? (files.length >= POOL_MIN_FILES ? loadMark() : 0);
  if (workerUrl && files.length && threads !== 0) {
    yield* pooledFileRecords(workerUrl, files, threads, opts.signal, opts.onHelpers);
    return;
  }
  for await (const { item: file, value: bytes, error } of readAhead(files, (f) => readMessageFile(f.path))) {
    aborted(opts.signal);
    const result: FileRecords = error !== undefined || bytes === undefined
      ? { kind: 'unreadable', error: (error as Error)?.message ?? String(error) }
      : await recordsOf(file.path, bytes, file.message);
    yield { file, result };
  }
}

/**
 * Loose message files (a dropped folder of .eml): each read as readMail reads it alone (its
 * messages numbered from 1), the files read and parsed ahead. An error is thrown at its file's
 * turn, after the records of the files before it.
 */
export async function* readMailFiles(files: readonly string[], opts: ReadMailOptions = {}): AsyncGenerator<{ file: string; records: BounceRecord[] }> {
  const { signal, onWarning } = opts;
  for await (const { file: { path: file }, result } of filesRecords(files.map((path) => ({ path, message: true })), opts)) {
    aborted(signal);
    if (result.kind === 'unreadable') throw new Error(result.error);
    if (result.kind === 'mbox-stream') {
      let index = 0;
      for await (const records of mboxRecords(file, () => ++index, opts)) yield { file, records };
    } else if (result.kind === 'read') {
      for (const w of result.warnings) onWarning?.({ path: file, message: w.message });
      if (result.records.length) yield { file, records: result.records };
    }
  }
}

export { isMailFile } from './file.js';
export { readMessage } from './message.js';
export { splitMbox } from './sources.js';
