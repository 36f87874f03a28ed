/**
 * One message file's records, numbered from 1 within the file: the unit of work for a folder,
 * on the job's thread or on a helper (pool.ts). A file that is an mbox and was read whole is
 * split from those bytes; a larger one is left to the caller to stream.
 */
import { basename, extname } from 'node:path';
import type { BounceRecord } from '../../../shared/types.js';
import { readMessage } from './message.js';
import { trimPadding } from './prescan.js';
import { MAX_KEEP_BYTES, readMessageFileSync, splitMbox } from './sources.js';

export type FileRecords =
  | { readonly kind: 'read'; readonly messages: number; readonly records: BounceRecord[]; readonly warnings: readonly FileWarning[] }
  | { readonly kind: 'not-mail' }
  | { readonly kind: 'unreadable'; readonly error: string }
  /** An mbox larger than what was read of it: the caller streams it. */
  | { readonly kind: 'mbox-stream' };

/** A reader's note about the file's `index`-th message (its text says "message <index>: …"). */
export interface FileWarning {
  readonly index: number;
  readonly message: string;
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

/** An mbox starts with a "From " envelope line (after any blank-line or NUL padding, as a message may). */
export function isMboxStart(bytes: Buffer): boolean {
  const head = trimPadding(bytes.subarray(0, 4096));
  return head.length >= 5 && Buffer.from(head.buffer, head.byteOffset, 5).toString('latin1') === 'From ';
}

/** Reads and parses one file on a helper thread (see recordsOf); a file that cannot be read says why. */
export async function fileRecords(path: string, message: boolean): Promise<FileRecords> {
  let bytes: Buffer;
  try {
    bytes = readMessageFileSync(path);
  } catch (e) {
    return { kind: 'unreadable', error: (e as Error)?.message ?? String(e) };
  }
  return recordsOf(path, bytes, message);
}

/**
 * The records of a file's bytes (its first MAX_KEEP_BYTES). `message`: read as mail whatever it
 * holds (a maildir's file, a .eml); otherwise it must sniff as mail.
 */
export async function recordsOf(path: string, bytes: Buffer, message: boolean): Promise<FileRecords> {
  const records: BounceRecord[] = [];
  const warnings: FileWarning[] = [];
  const read = async (m: Uint8Array, index: number): Promise<void> => {
    records.push(...await readMessage(m, { sourceIndex: index, warn: (text) => warnings.push({ index, message: text }) }));
  };
  if (isMboxStart(bytes)) {
    if (bytes.length >= MAX_KEEP_BYTES) return { kind: 'mbox-stream' };
    let n = 0;
    for await (const m of splitMbox([bytes])) await read(m.bytes, ++n);
    return { kind: 'read', messages: n, records, warnings };
  }
  if (!message && !isMailFile(path, bytes)) return { kind: 'not-mail' };
  await read(bytes, 1);
  return { kind: 'read', messages: 1, records, warnings };
}
