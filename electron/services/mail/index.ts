/**
 * MAIL seam: raw bounce mail (.eml, mbox of any size, maildir or any folder of messages) ->
 * BounceRecord batches. sourceIndex is the 1-based message index within the path given.
 */
import { stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import type { BounceRecord } from '../../../shared/types.js';
import { readMessage } from './message.js';
import { trimPadding } from './prescan.js';
import { mboxMessages, readAhead, readMessageFile, walkFiles, type FolderFile } from './sources.js';

export interface ReadMailOptions {
  signal?: AbortSignal;
  onProgress?: (p: { done: number; total: number; unit: 'bytes' | 'files' | 'messages' }) => void;
  onWarning?: (w: { path: string; message: string }) => void;
}

const HEADER_NAMES = /^(?:Return-Path|Received|From|To|Subject|Date|Message-I[dD]|MIME-Version|Delivered-To|X-[A-Za-z0-9-]+|Content-Type|DKIM-Signature|Reply-To|Sender|Envelope-to|Authentication-Results|ARC-[A-Za-z-]+|Auto-Submitted|Precedence|In-Reply-To|References|X-Original-To):/i;

/** Sniff: an mbox ("From " envelope line) or an RFC 5322 message (a block of header fields). */
export function isMailFile(path: string, firstBytes: Buffer): boolean {
  const head = Buffer.from(trimPadding(firstBytes.subarray(0, 8192)));
  if (head.includes(0)) return false;
  const text = head.toString('latin1').replace(/^\uFEFF|^\xEF\xBB\xBF/, '');
  if (/^From \S/.test(text)) return true;
  const lines = text.split(/\r?\n/);
  let headers = 0;
  let known = 0;
  for (const l of lines) {
    if (l === '') break;
    if (/^[ \t]/.test(l)) continue;
    if (!/^[!-9;-~]+:/.test(l)) return false;
    headers++;
    if (HEADER_NAMES.test(l)) known++;
    if (known >= 2 && headers >= 2) return true;
  }
  return known >= 1 && /\.(?:eml|msg|mbox|mbx|txt)$/i.test(extname(basename(path))) && headers >= 1;
}

function aborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new DOMException('The read was cancelled', 'AbortError');
}

const BATCH = 500;

/** An mbox starts with a "From " envelope line (after any blank-line or NUL padding, as a message may). */
const isMboxStart = (bytes: Buffer): boolean => {
  const head = trimPadding(bytes.subarray(0, 4096));
  return head.length >= 5 && Buffer.from(head.buffer, head.byteOffset, 5).toString('latin1') === 'From ';
};

/**
 * Records of an mbox file, streamed message by message; `next` gives each message its
 * sourceIndex. Memory stays bounded whatever the file's size.
 */
async function* mboxRecords(file: string, next: () => number, opts: ReadMailOptions, onBytes?: (done: number) => void, whole?: Buffer): AsyncGenerator<BounceRecord[]> {
  const { signal, onWarning } = opts;
  const warn = (message: string): void => onWarning?.({ path: file, message });
  let batch: BounceRecord[] = [];
  for await (const m of mboxMessages(file, undefined, whole)) {
    aborted(signal);
    const index = next();
    if (m.size > m.bytes.length) warn(`message ${index}: ${m.size} bytes, only the first ${m.bytes.length} read (the report is at the start)`);
    batch.push(...await readMessage(m.bytes, { sourceIndex: index, warn }));
    onBytes?.(m.endOffset);
    if (batch.length >= BATCH) { yield batch; batch = []; }
  }
  if (batch.length) yield batch;
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

  // A folder: files read ahead concurrently, parsed in name order, as an mbox's messages are.
  const files: FolderFile[] = [];
  for await (const f of walkFiles(path)) files.push(f);
  let batch: BounceRecord[] = [];
  let done = 0;
  for await (const { item: f, value: bytes, error } of readAhead(files, (f) => readMessageFile(f.path))) {
    aborted(signal);
    if (error !== undefined || bytes === undefined) {
      onWarning?.({ path: f.path, message: `unreadable: ${(error as Error)?.message ?? String(error)}` });
    } else if (isMboxStart(bytes)) {
      if (batch.length) { yield batch; batch = []; }
      try {
        yield* mboxRecords(f.path, next, opts, undefined, bytes);
      } catch (err) {
        if (signal?.aborted) throw err;
        onWarning?.({ path: f.path, message: `unreadable: ${(err as Error).message}` });
      }
    } else if (!f.message && !isMailFile(f.path, bytes)) {
      onWarning?.({ path: f.path, message: 'not a mail message; skipped' });
    } else {
      batch.push(...await readMessage(bytes, { sourceIndex: next(), warn: (message) => onWarning?.({ path: f.path, message }) }));
      if (batch.length >= BATCH) { yield batch; batch = []; }
    }
    done++;
    onProgress?.({ done, total: files.length, unit: 'files' });
  }
  if (batch.length) yield batch;
}

/**
 * Loose message files (a dropped folder of .eml): each read as readMail reads it alone (its
 * messages numbered from 1), the files read ahead concurrently. An error is thrown at its file's
 * turn, after the records of the files before it.
 */
export async function* readMailFiles(files: readonly string[], opts: ReadMailOptions = {}): AsyncGenerator<{ file: string; records: BounceRecord[] }> {
  const { signal, onWarning } = opts;
  for await (const { item: file, value: bytes, error } of readAhead(files, (f) => readMessageFile(f))) {
    aborted(signal);
    if (error !== undefined || bytes === undefined) throw error;
    let index = 0;
    if (isMboxStart(bytes)) {
      for await (const records of mboxRecords(file, () => ++index, opts, undefined, bytes)) yield { file, records };
    } else {
      const records = await readMessage(bytes, { sourceIndex: ++index, warn: (message) => onWarning?.({ path: file, message }) });
      if (records.length) yield { file, records };
    }
  }
}

export { readMessage } from './message.js';
export { splitMbox } from './sources.js';
