/**
 * MAIL seam: raw bounce mail (.eml, mbox of any size, maildir or any folder of messages) ->
 * BounceRecord batches. sourceIndex is the 1-based message index within the path given.
 */
import { stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import type { BounceRecord } from '../../../shared/types.js';
import { readMessage } from './message.js';
import { trimPadding } from './prescan.js';
import { MAX_KEEP_BYTES, mboxMessages, readHead, walkFiles } from './sources.js';

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

export async function* readMail(path: string, opts: ReadMailOptions = {}): AsyncGenerator<BounceRecord[]> {
  const { signal, onProgress, onWarning } = opts;
  const st = await stat(path);
  let index = 0;
  let batch: BounceRecord[] = [];
  const warnFor = (p: string) => (message: string): void => onWarning?.({ path: p, message });

  async function* oneFile(file: string, size: number): AsyncGenerator<BounceRecord[]> {
    const head = await readHead(file, MAX_KEEP_BYTES);
    if (/^From /.test(Buffer.from(trimPadding(head.bytes.subarray(0, 4096))).toString('latin1', 0, 5))) {
      for await (const m of mboxMessages(file)) {
        aborted(signal);
        index++;
        const warn = warnFor(file);
        if (m.size > m.bytes.length) warn(`message ${index}: ${m.size} bytes, only the first ${m.bytes.length} read (the report is at the start)`);
        const recs = await readMessage(m.bytes, { sourceIndex: index, warn });
        batch.push(...recs);
        if (st.isFile()) onProgress?.({ done: m.endOffset, total: size, unit: 'bytes' });
        if (batch.length >= BATCH) { yield batch; batch = []; }
      }
      return;
    }
    index++;
    const recs = await readMessage(head.bytes, { sourceIndex: index, warn: warnFor(file) });
    batch.push(...recs);
    if (batch.length >= BATCH) { yield batch; batch = []; }
  }

  if (st.isDirectory()) {
    const files: string[] = [];
    for await (const f of walkFiles(path)) files.push(f);
    let done = 0;
    for (const f of files) {
      aborted(signal);
      try {
        const head = await readHead(f, 8192);
        if (!isMailFile(f, head.bytes)) {
          onWarning?.({ path: f, message: 'not a mail message; skipped' });
        } else {
          yield* oneFile(f, head.size);
        }
      } catch (err) {
        if (signal?.aborted) throw err;
        onWarning?.({ path: f, message: `unreadable: ${(err as Error).message}` });
      }
      done++;
      onProgress?.({ done, total: files.length, unit: 'files' });
    }
  } else {
    yield* oneFile(path, st.size);
    onProgress?.({ done: st.size, total: st.size, unit: 'bytes' });
  }
  if (batch.length) yield batch;
}

export { readMessage } from './message.js';
export { splitMbox } from './sources.js';
