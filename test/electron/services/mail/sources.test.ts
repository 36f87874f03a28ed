import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { readMessageFile, readMessageFileSync, splitMbox, walkFiles, type FolderFile } from '../../../../electron/services/mail/sources.js';
import { loadMark, MEASURE_MS, pooledFileRecords, type LoadMark } from '../../../../electron/services/mail/pool.js';
import { isMailFile, readMail } from '../../../../electron/services/mail/index.js';
import { recordsOf } from '../../../../electron/services/mail/file.js';
import { postfixDsn as DSN } from './postfix-dsn.js';

/** The job worker's entry, on which a folder's helper threads start. */
const WORKER = new URL('../../../../electron/services/jobs/worker.ts', import.meta.url);

async function split(text: string, chunkSize = 7, maxKeep?: number): Promise<{ texts: string[]; sizes: number[] }> {
  const buf = Buffer.from(text, 'latin1');
  async function* chunks(): AsyncGenerator<Buffer> {
    for (let i = 0; i < buf.length; i += chunkSize) yield buf.subarray(i, i + chunkSize);
  }
  const texts: string[] = [];
  const sizes: number[] = [];
  for await (const m of splitMbox(chunks(), maxKeep)) { texts.push(m.bytes.toString('latin1')); sizes.push(m.size); }
  return { texts, sizes };
}

const MBOX_LF = [
  'From MAILER-DAEMON Thu Apr 29 23:34:45 2010',
  'Subject: one',
  '',
  'first body',
  '>From the quoted line',
  '>>From twice quoted',
  'From the middle of a paragraph is not a separator',
  '',
  'From someone@example.org Fri Apr 30 01:02:03 2010',
  'Subject: two',
  '',
  'second body',
  '',
].join('\n');

describe('splitMbox', () => {
  it('splits on From_ lines and unquotes >From (LF)', async () => {
    const { texts } = await split(MBOX_LF);
    expect(texts).toHaveLength(2);
    expect(texts[0]).toContain('Subject: one');
    expect(texts[0]).toContain('\nFrom the quoted line\n');
    expect(texts[0]).toContain('\n>From twice quoted\n');
    expect(texts[0]).toContain('From the middle of a paragraph is not a separator');
    expect(texts[0]).not.toContain('MAILER-DAEMON Thu');
    expect(texts[1]).toMatch(/^Subject: two\n/);
  });

  it('handles CRLF files and any chunking', async () => {
    const crlf = MBOX_LF.replace(/\n/g, '\r\n');
    for (const size of [1, 3, 64, 100_000]) {
      const { texts } = await split(crlf, size);
      expect(texts).toHaveLength(2);
      expect(texts[0]).toContain('\r\nFrom the quoted line\r\n');
      expect(texts[1]).toMatch(/^Subject: two\r\n/);
    }
  });

  it('gives the same messages, sizes and offsets however the file is chunked, kept whole or cut at maxKeep', async () => {
    // Lines that open, quote or continue messages; no line end, a lone CR and a long line too.
    const piece = fc.constantFrom('From a@b Thu Apr 29 23:34:45 2010\n', 'From x\n', '>From y\n', '>>From z\r\n', '\n', '\r\n',
      'Subject: s\n', 'body\n', 'From ', 'abc', '\r', `${'x'.repeat(50)}\n`);
    const all = async (chunks: Buffer[], maxKeep: number): Promise<unknown[]> => {
      const out: unknown[] = [];
      for await (const m of splitMbox(chunks, maxKeep)) out.push({ ...m, bytes: m.bytes.toString('latin1') });
      return out;
    };
    await fc.assert(fc.asyncProperty(fc.array(piece, { minLength: 1, maxLength: 40 }), fc.array(fc.integer({ min: 1, max: 30 }), { minLength: 1 }), fc.integer({ min: 1, max: 80 }),
      async (pieces, cuts, maxKeep) => {
        const bytes = Buffer.from(pieces.join(''), 'latin1');
        const chunks: Buffer[] = [];
        for (let at = 0, k = 0; at < bytes.length; k++) { const n = cuts[k % cuts.length]!; chunks.push(bytes.subarray(at, at + n)); at += n; }
        const whole = await all([bytes], 1 << 20);
        expect(await all(chunks, 1 << 20)).toEqual(whole);
        const cut = await all(chunks, maxKeep);
        expect(cut).toEqual(whole.map((m) => { const w = m as { bytes: string }; return { ...w, bytes: w.bytes.slice(0, maxKeep) }; }));
      }), { numRuns: 2000 });
  });

  it('keeps at most maxKeep bytes of a message but reports its whole size', async () => {
    const big = 'From a@b Thu Apr 29 23:34:45 2010\nSubject: big\n\n' + 'x'.repeat(5000) + '\n';
    const { texts, sizes } = await split(big, 512, 100);
    expect(texts[0]?.length).toBe(100);
    expect(sizes[0]).toBeGreaterThan(5000);
  });

  it('reads a message file that is an mbox from the bytes already read, without opening it again', async () => {
    const bytes = Buffer.from(['a@example.org', 'b@example.org'].map((r) => `From MAILER-DAEMON Thu Apr 29 23:34:45 2010\n${DSN(r)}\n`).join(''), 'latin1');
    // The path does not exist: the bytes given are all there is to read.
    const got = await recordsOf(join(tmpdir(), 'ls-no-such-file.eml'), bytes, true);
    expect(got.kind).toBe('read');
    if (got.kind === 'read') expect([got.messages, got.records.map((r) => [r.email, r.sourceIndex])]).toEqual([2, [['a@example.org', 1], ['b@example.org', 2]]]);
  });

  it('treats a file without From_ line as one message', async () => {
    const { texts } = await split('Subject: lone\n\nbody\n');
    expect(texts).toEqual(['Subject: lone\n\nbody\n']);
  });
});

describe('folders and maildirs', () => {
  it('walks recursively in name order, skipping dotfiles and a maildir tmp/', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ls-maildir-'));
    try {
      await mkdir(join(dir, 'cur'));
      await mkdir(join(dir, 'new'));
      await mkdir(join(dir, 'tmp'));
      await mkdir(join(dir, '.Trash', 'cur'), { recursive: true });
      await writeFile(join(dir, 'cur', '1700000000.M1P1.host:2,S'), DSN('a@example.org'));
      await writeFile(join(dir, 'new', '1700000001.M2P2.host'), DSN('b@example.org'));
      await writeFile(join(dir, 'tmp', 'partial'), DSN('c@example.org'));
      await writeFile(join(dir, '.Trash', 'cur', 'x'), DSN('d@example.org'));
      await writeFile(join(dir, '.hidden'), DSN('e@example.org'));
      await writeFile(join(dir, 'notes.txt'), 'just some text, not a message\n');
      const files: [string, boolean][] = [];
      for await (const f of walkFiles(dir)) files.push([f.path.slice(dir.length + 1), f.message]);
      // The maildir's own files are messages by their place; a loose file is sniffed.
      expect(files).toEqual([['cur/1700000000.M1P1.host:2,S', true], ['new/1700000001.M2P2.host', true], ['notes.txt', false]]);

      const warnings: string[] = [];
      const got: { email: string; sourceIndex: number; reason: string }[] = [];
      for await (const batch of readMail(dir, { onWarning: (w) => warnings.push(w.message) })) got.push(...batch);
      expect(got.map((r) => [r.email, r.sourceIndex])).toEqual([['a@example.org', 1], ['b@example.org', 2]]);
      expect(warnings.some((w) => /not a mail message/.test(w))).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('gives the same records, numbers and notes when helper threads parse the folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ls-pool-'));
    try {
      await mkdir(join(dir, 'cur'), { recursive: true });
      await mkdir(join(dir, 'new'));
      // Nested past postal-mime's limit: a note naming the message's number in the folder.
      let deep = 'Content-Type: text/plain\n\n<deep@example.org>: 550 5.1.1 User unknown\n';
      for (let d = 0; d < 300; d++) deep = `Content-Type: multipart/mixed; boundary="b${d}"\n\n--b${d}\n${deep}\n--b${d}--\n`;
      const files: [string, string][] = [];
      for (let i = 0; i < 70; i++) files.push([`cur/${1_700_000_000 + i}.M${i}P1.host:2,S`, DSN(`u${i}@example.org`)]);
      // A file holding two messages (an mbox), then the deep one: later files' numbers shift by one.
      files.push(['cur/1700000100.M1P1.host:2,S', ['x1@example.org', 'x2@example.org'].map((r) => `From MAILER-DAEMON Thu Apr 29 23:34:45 2010\n${DSN(r)}\n`).join('')]);
      files.push(['cur/1700000101.M1P1.host:2,S', `From: MAILER-DAEMON@example.net\nTo: s@example.com\nSubject: Undelivered\n${deep}`]);
      for (let i = 0; i < 10; i++) files.push([`new/${1_700_000_200 + i}.M${i}P1.host`, DSN(`n${i}@example.org`)]);
      for (const [name, text] of files) await writeFile(join(dir, name), text);
      await writeFile(join(dir, 'notes.txt'), 'just some text, not a message\n');
      const read = async (opts: { workerUrl?: URL; threads?: number }) => {
        const warnings: string[] = [];
        const got: unknown[] = [];
        for await (const batch of readMail(dir, { ...opts, onWarning: (w) => warnings.push(`${w.path.slice(dir.length)} ${w.message}`) })) got.push(...batch);
        return { got, warnings };
      };
      const alone = await read({});
      const pooled = await read({ workerUrl: WORKER, threads: 3 });
      expect(alone.got).toHaveLength(83);
      expect(alone.warnings.some((w) => /message 73: MIME structure not readable/.test(w))).toBe(true);
      expect(pooled).toEqual(alone);

      // Gated by the load: this thread reads alone until the window has passed, then starts the
      // helpers the idle cores allow (none on a busy machine); the records are the same either way.
      const files2: FolderFile[] = [];
      for await (const f of walkFiles(dir)) files2.push(f);
      const gated = async (since: LoadMark) => {
        const told: number[] = [];
        const got: unknown[] = [];
        for await (const { result } of pooledFileRecords(WORKER, files2, since, undefined, (n) => told.push(n))) got.push(result);
        return { got, told };
      };
      const now = loadMark();
      const idle = await gated({ at: now.at - MEASURE_MS, busy: now.busy, own: now.own - 1e9 });
      const busy = await gated({ at: now.at - MEASURE_MS, busy: now.busy - 1e9, own: now.own });
      expect(idle.told).toEqual([Math.min(3, availableParallelism() - 1)]);
      expect(busy.told).toEqual([0]);
      expect(busy.got).toHaveLength(files2.length);
      expect(idle.got).toEqual(busy.got);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('gives the same records, numbers and notes when helper threads parse an mbox', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ls-pool-mbox-'));
    try {
      let deep = 'Content-Type: text/plain\n\n<deep@example.org>: 550 5.1.1 User unknown\n';
      for (let d = 0; d < 300; d++) deep = `Content-Type: multipart/mixed; boundary="b${d}"\n\n--b${d}\n${deep}\n--b${d}--\n`;
      const messages: string[] = [];
      for (let i = 0; i < 80; i++) messages.push(DSN(`u${i}@example.org`));
      // Notes about messages 41 (past what is kept) and 61 (past postal-mime's nesting limit).
      messages[40] = DSN('big@example.org') + `X-Pad: ${'x'.repeat(2.2 * 1024 * 1024)}\n`;
      messages[60] = `From: MAILER-DAEMON@example.net\nTo: s@example.com\nSubject: Undelivered\n${deep}`;
      const p = join(dir, 'bounces.mbox');
      await writeFile(p, messages.map((m) => `From MAILER-DAEMON Thu Apr 29 23:34:45 2010\n${m}\n`).join(''));
      const helpers: number[] = [];
      const read = async (opts: { workerUrl?: URL; threads?: number }) => {
        const warnings: string[] = [];
        const got: unknown[] = [];
        for await (const batch of readMail(p, { ...opts, onWarning: (w) => warnings.push(w.message), onHelpers: (n) => helpers.push(n) })) got.push(...batch);
        return { got, warnings };
      };
      const alone = await read({});
      const pooled = await read({ workerUrl: WORKER, threads: 2 });
      expect(helpers).toEqual([2]);
      expect(alone.got).toHaveLength(80);
      expect(alone.warnings.some((w) => /^message 41: \d+ bytes, only the first/.test(w))).toBe(true);
      expect(alone.warnings.some((w) => /^message 61: MIME structure not readable/.test(w))).toBe(true);
      expect(pooled).toEqual(alone);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('reads an mbox file message by message with 1-based indexes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ls-mbox-'));
    try {
      const mbox = ['a@example.org', 'b@example.org', 'c@example.org']
        .map((r) => `From MAILER-DAEMON Thu Apr 29 23:34:45 2010\n${DSN(r)}\n`).join('');
      const p = join(dir, 'bounces.mbox');
      await writeFile(p, mbox);
      const progress: number[] = [];
      const got = [];
      for await (const batch of readMail(p, { onProgress: (x) => progress.push(x.done) })) got.push(...batch);
      expect(got.map((r) => [r.email, r.sourceIndex, r.status])).toEqual([
        ['a@example.org', 1, '5.1.1'], ['b@example.org', 2, '5.1.1'], ['c@example.org', 3, '5.1.1'],
      ]);
      expect(progress.at(-1)).toBe(Buffer.byteLength(mbox));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('stops when the signal is aborted', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ls-abort-'));
    try {
      const p = join(dir, 'x.mbox');
      await writeFile(p, `From a Thu Apr 29 23:34:45 2010\n${DSN('a@example.org')}\nFrom b Thu Apr 29 23:34:45 2010\n${DSN('b@example.org')}`);
      const ac = new AbortController();
      ac.abort();
      await expect((async () => { for await (const _ of readMail(p, { signal: ac.signal })) void _; })()).rejects.toThrow();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('isMailFile', () => {
  it('knows messages and mboxes from other files', () => {
    expect(isMailFile('x', Buffer.from('From MAILER-DAEMON Thu Apr 29 23:34:45 2010\nSubject: a\n'))).toBe(true);
    expect(isMailFile('x.eml', Buffer.from('Return-Path: <>\nReceived: from a by b\nSubject: x\n\nbody'))).toBe(true);
    expect(isMailFile('1700000000.M1P1.host:2,S', Buffer.from(DSN('a@example.org')))).toBe(true);
    expect(isMailFile('list.csv', Buffer.from('email,name\na@example.org,A\n'))).toBe(false);
    expect(isMailFile('data.json', Buffer.from('{"a": 1}'))).toBe(false);
    expect(isMailFile('x.eml', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]))).toBe(false);
  });
});

describe('readMessageFile', () => {
  it('reads a file\'s first maxBytes the same way on and off the thread pool, across the 64 KB scratch buffer', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'listsweep-readfile-'));
    try {
      const data = Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 31 + (i >> 8)) & 0xff));
      await writeFile(join(dir, 'big.eml'), data);
      await writeFile(join(dir, 'empty.eml'), '');
      for (const max of [10, 65_536, 65_537, 131_072, 199_999, 200_000, 1e9]) {
        const want = data.subarray(0, Math.min(max, data.length));
        expect((await readMessageFile(join(dir, 'big.eml'), max)).equals(want), `async, ${max}`).toBe(true);
        expect(readMessageFileSync(join(dir, 'big.eml'), max).equals(want), `sync, ${max}`).toBe(true);
      }
      expect((await readMessageFile(join(dir, 'empty.eml'))).length).toBe(0);
      expect(readMessageFileSync(join(dir, 'empty.eml')).length).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
