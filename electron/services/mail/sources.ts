/**
 * Where messages come from: an mbox streamed message by message, a folder (maildir cur/ new/
 * or any tree of .eml files) walked in name order, or one file.
 */
import fs, { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** The first bytes of a message are all we parse (bounce reports come first); the rest is skipped. */
export const MAX_KEEP_BYTES = 2 * 1024 * 1024;
/** A "line" longer than this is handed on in pieces, so one newline-free file cannot grow memory. */
const MAX_LINE_BYTES = 1024 * 1024;

export interface MboxMessage {
  /** 1-based position in the mbox. */
  index: number;
  bytes: Buffer;
  /** Whole size of the message in the file (it may be larger than bytes). */
  size: number;
  /** Byte offset just past this message. */
  endOffset: number;
}

/** mbox envelope line with an asctime date: a separator even without a blank line before it. */
const ENVELOPE = /^From \S+\s+(?:[A-Z][a-z]{2}\s+){2}[ \d]\d\s\d\d:\d\d/;

// Lines are byte ranges [s, e) of a chunk: a view per line cost more than the rest of the split.
function startsWithFrom(b: Buffer, s: number, e: number): boolean {
  return e - s >= 5 && b[s] === 0x46 && b[s + 1] === 0x72 && b[s + 2] === 0x6f && b[s + 3] === 0x6d && b[s + 4] === 0x20;
}

function isQuotedFrom(b: Buffer, s: number, e: number): boolean {
  let i = s;
  while (i < e && b[i] === 0x3e) i++;
  return i > s && startsWithFrom(b, i, e);
}

function isBlank(b: Buffer, s: number, e: number): boolean {
  const n = e - s;
  return n === 0 || (n === 1 && b[s] === 0x0a) || (n === 2 && b[s] === 0x0d && b[s + 1] === 0x0a);
}

/**
 * Splits an mbox (mboxo/mboxrd, LF or CRLF) into messages. A "From " line opens a message when
 * it follows a blank line (or looks like an envelope line); ">From " lines lose one ">".
 * Memory is bounded by maxKeep per message whatever the file size.
 */
export async function* splitMbox(chunks: AsyncIterable<Buffer | string> | Iterable<Buffer | string>, maxKeep = MAX_KEEP_BYTES): AsyncGenerator<MboxMessage> {
  let parts: Buffer[] = [];
  let kept = 0;
  let size = 0;
  let started = false;
  let prevBlank = true;
  let atLineStart = true;
  let offset = 0;
  let index = 0;
  let carry: Buffer | null = null;
  const pending: MboxMessage[] = [];
  // The kept bytes not yet in parts: one range of one chunk, grown while lines follow each other.
  let run: Buffer | null = null;
  let runStart = 0;
  let runEnd = 0;
  const closeRun = (): void => {
    if (run && runEnd > runStart) parts.push(run.subarray(runStart, runEnd)); // a view: at most maxKeep bytes of chunks stay referenced
    run = null;
  };

  const flush = (): void => {
    closeRun();
    if (started && size > 0) pending.push({ index: ++index, bytes: Buffer.concat(parts, kept), size, endOffset: offset });
    parts = [];
    kept = 0;
    size = 0;
  };
  const keep = (b: Buffer, s: number, e: number): void => {
    size += e - s;
    if (kept < maxKeep) {
      const end = Math.min(e, s + maxKeep - kept);
      if (run === b && runEnd === s) runEnd = end;
      else { closeRun(); run = b; runStart = s; runEnd = end; }
      kept += end - s;
    }
  };
  const line = (b: Buffer, s: number, e: number, complete: boolean): void => {
    const lineStart = atLineStart;
    atLineStart = complete;
    if (lineStart && startsWithFrom(b, s, e) && (prevBlank || !started || ENVELOPE.test(b.toString('latin1', s, Math.min(e, s + 80))))) {
      flush();
      started = true;
      prevBlank = false;
      offset += e - s;
      return;
    }
    started = true;
    offset += e - s;
    if (lineStart && isQuotedFrom(b, s, e)) keep(b, s + 1, e);
    else keep(b, s, e);
    if (complete) prevBlank = lineStart && isBlank(b, s, e);
    else prevBlank = false;
  };

  for await (const chunk of chunks) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk;
    const data: Buffer = carry ? Buffer.concat([carry, buf]) : buf;
    carry = null;
    let pos = 0;
    for (;;) {
      const nl = data.indexOf(0x0a, pos);
      if (nl < 0) {
        if (data.length - pos > MAX_LINE_BYTES) line(data, pos, data.length, false);
        else if (data.length > pos) carry = Buffer.from(data.subarray(pos));
        break;
      }
      line(data, pos, nl + 1, true);
      pos = nl + 1;
    }
    while (pending.length) yield pending.shift() as MboxMessage;
  }
  if (carry && carry.length) line(carry, 0, carry.length, true);
  flush();
  while (pending.length) yield pending.shift() as MboxMessage;
}

export function mboxMessages(path: string, maxKeep = MAX_KEEP_BYTES): AsyncGenerator<MboxMessage> {
  return splitMbox(createReadStream(path, { highWaterMark: 256 * 1024 }) as AsyncIterable<Buffer>, maxKeep);
}

const SCRATCH_BYTES = 64 * 1024;
/** Scratch buffers for readMessageFile, reused: a fresh 64 KB per file kept the GC busy. */
const scratch: Buffer[] = [];

const openFd = (path: string) => new Promise<number>((ok, no) => fs.open(path, 'r', (e, fd) => (e ? no(e) : ok(fd))));
const readFd = (fd: number, buf: Buffer, at: number) => new Promise<number>((ok, no) => fs.read(fd, buf, 0, buf.length, at, (e, n) => (e ? no(e) : ok(n))));

/**
 * The read loop of readMessageFile and readMessageFileSync, which differ only in how they read:
 * it asks for reads into `buf` (at most `len` bytes at offset `at`), is given the byte counts,
 * and returns the file's first maxBytes. A short read is the end of the file.
 */
function* readLoop(buf: Buffer, maxBytes: number): Generator<{ len: number; at: number }, Buffer, number> {
  const parts: Buffer[] = [];
  let got = 0;
  while (got < maxBytes) {
    const n: number = yield { len: Math.min(buf.length, maxBytes - got), at: got };
    if (n === 0) break;
    parts.push(Buffer.from(buf.subarray(0, n)));
    got += n;
    if (n < buf.length) break;
  }
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts, got);
}

/**
 * A message file's first maxBytes: one open and as many reads as it takes, no stat (a folder of
 * 20,000 messages paid for a stat, a second open and a second read on each). Plain descriptors:
 * a FileHandle's promise machinery and close cost more than the read of a small message.
 */
export async function readMessageFile(path: string, maxBytes = MAX_KEEP_BYTES): Promise<Buffer> {
  const fd = await openFd(path);
  const buf = scratch.pop() ?? Buffer.allocUnsafe(SCRATCH_BYTES);
  try {
    const loop = readLoop(buf, maxBytes);
    let step = loop.next();
    while (!step.done) step = loop.next(await readFd(fd, buf.subarray(0, step.value.len), step.value.at));
    return step.value;
  } finally {
    scratch.push(buf);
    fs.close(fd, () => {});
  }
}

/**
 * readMessageFile for a helper thread, where nothing else waits on the thread: synchronous
 * calls skip the thread-pool round trip each asynchronous one pays (open, read and close were
 * a third of a helper's time).
 */
export function readMessageFileSync(path: string, maxBytes = MAX_KEEP_BYTES): Buffer {
  const fd = fs.openSync(path, 'r');
  const buf = scratch.pop() ?? Buffer.allocUnsafe(SCRATCH_BYTES);
  try {
    const loop = readLoop(buf, maxBytes);
    let step = loop.next();
    while (!step.done) step = loop.next(fs.readSync(fd, buf, 0, step.value.len, step.value.at));
    return step.value;
  } finally {
    scratch.push(buf);
    fs.closeSync(fd);
  }
}

/**
 * Runs `read` on the items with up to `ahead` in flight, yielding results in the items' order:
 * the disk works on the next files while the caller parses this one.
 */
export async function* readAhead<I, T>(items: readonly I[], read: (item: I) => Promise<T>, ahead = 32): AsyncGenerator<{ item: I; value?: T; error?: unknown }> {
  const settle = (item: I) => read(item).then((value) => ({ item, value }), (error: unknown) => ({ item, error }));
  const inFlight: Promise<{ item: I; value?: T; error?: unknown }>[] = [];
  let next = 0;
  try {
    while (next < items.length && inFlight.length < ahead) inFlight.push(settle(items[next++]!));
    while (inFlight.length) {
      const done = await inFlight.shift()!;
      if (next < items.length) inFlight.push(settle(items[next++]!));
      yield done;
    }
  } finally {
    // Stopped early (cancelled): let the reads still running finish and close their files.
    await Promise.all(inFlight);
  }
}

export interface FolderFile {
  path: string;
  /**
   * A message by its container, not its bytes: a file in a maildir's cur/ or new/, or named
   * .eml/.msg. Such a file is read as mail whatever it holds, as a lone .eml is; other files
   * are sniffed.
   */
  message: boolean;
}

const MESSAGE_NAME = /\.(?:eml|msg)$/i;

/**
 * Files under a folder, recursively, in name order; dotfiles and dot-folders skipped, and a
 * maildir's tmp/ (deliveries still being written) too. Directory entries' types come with the
 * listing: no stat per file.
 */
export async function* walkFiles(dir: string, depth = 0, inMaildir = false): AsyncGenerator<FolderFile> {
  if (depth > 32) return;
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const names = new Set(entries.map((e) => e.name));
  const isMaildir = names.has('cur') && names.has('new');
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (isMaildir && e.name === 'tmp') continue;
      yield* walkFiles(p, depth + 1, isMaildir && (e.name === 'cur' || e.name === 'new'));
    } else if (e.isFile()) {
      yield { path: p, message: inMaildir || MESSAGE_NAME.test(e.name) };
    }
  }
}
