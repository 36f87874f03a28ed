/**
 * The same bounce messages give the same records whatever holds them: loose .eml files, one
 * mbox, a maildir. Small messages of our own that stress the containers (CRLF, a NUL byte, a
 * body line starting "From "), then the labelled corpus when LISTSWEEP_CORPUS points at it,
 * its folders read on one thread and on helper threads.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readBounces } from '../../../../electron/services/bounces/index.js';
import type { BounceRecord } from '../../../../shared/types.js';
import { corpus, skippedWithoutCorpus } from '../../../corpus.js';
import { postfixDsn } from '../mail/postfix-dsn.js';

/** The job worker's entry, on which a folder's helper threads start. */
const WORKER = new URL('../../../../electron/services/jobs/worker.ts', import.meta.url);

/** Every message here carries the returned headers, and `extra` after them. */
const DSN = (rcpt: string, extra = ''): string => postfixDsn(rcpt, { body: extra });

const OWN: Buffer[] = [
  Buffer.from(DSN('plain@example.org')),
  Buffer.from(DSN('crlf@example.org').replace(/\n/g, '\r\n')),
  // A NUL in the first bytes (a broken MTA's padding): a maildir copy was skipped as "not a
  // mail message" while the same .eml was read.
  Buffer.from(DSN('nul@example.org').replace('Subject: Undelivered', 'Subject: \0Undelivered')),
  // A body line that an mbox must quote (">From ") and its reader unquote.
  Buffer.from(DSN('fromline@example.org', '\nFrom the desk of the sender: hello\n>From quoted already\n')),
  Buffer.from(DSN('last@example.org')),
];

/**
 * mboxrd, as mail clients write it: an envelope line per message, (>*)From  body lines quoted.
 * A file that already is an mbox (two of the corpus's .eml files hold two messages each) goes in
 * as it is: quoting its envelope lines would merge its messages, the "2 records lost" of the
 * issue, which was the conversion's doing, not the reader's.
 */
function mbox(messages: readonly Buffer[]): Buffer {
  return Buffer.concat(messages.map((m) => {
    const raw = m.toString('latin1');
    const text = raw.startsWith('From ') ? raw : `From MAILER-DAEMON Thu Apr 29 23:34:45 2010\n${raw.replace(/^(>*From )/gm, '>$1')}`;
    return Buffer.from(`${text}${text.endsWith('\n') ? '' : '\n'}\n`, 'latin1');
  }));
}

const dirs: string[] = [];
afterAll(async () => { for (const d of dirs) await rm(d, { recursive: true, force: true }); });

/** The records of each container, without what rightly differs (the path, the message's position). */
async function recordsByContainer(messages: readonly Buffer[]): Promise<Record<'eml' | 'mbox' | 'maildir' | 'emlPooled' | 'maildirPooled', string[]>> {
  const root = await mkdtemp(join(tmpdir(), 'ls-containers-'));
  dirs.push(root);
  const name = (i: number) => String(i).padStart(6, '0');
  await mkdir(join(root, 'eml'));
  await mkdir(join(root, 'maildir', 'cur'), { recursive: true });
  await mkdir(join(root, 'maildir', 'new'));
  await mkdir(join(root, 'maildir', 'tmp'));
  for (const [i, m] of messages.entries()) {
    await writeFile(join(root, 'eml', `${name(i)}.eml`), m);
    await writeFile(join(root, 'maildir', 'cur', `${name(i)}.M${i}P1.host:2,S`), m);
  }
  await writeFile(join(root, 'all.mbox'), mbox(messages));
  const read = async (path: string, opts: { workerUrl?: URL; threads?: number } = {}): Promise<string[]> => {
    const out: string[] = [];
    const key = ({ sourceIndex: _, ...r }: BounceRecord) => JSON.stringify(r);
    for await (const batch of readBounces([path], opts)) for (const b of batch) out.push(key(b.record));
    return out.sort();
  };
  // Pooled: parsed on two helper threads and this one, as the app does with idle cores.
  const pooled = { workerUrl: WORKER, threads: 2 };
  return {
    eml: await read(join(root, 'eml')), mbox: await read(join(root, 'all.mbox')), maildir: await read(join(root, 'maildir')),
    emlPooled: await read(join(root, 'eml'), pooled), maildirPooled: await read(join(root, 'maildir'), pooled),
  };
}

describe('the same messages in every container', () => {
  it('give the same records from .eml files, an mbox and a maildir', async () => {
    const got = await recordsByContainer(OWN);
    // Every message is read, the NUL and "From " ones included, in each container.
    for (const rcpt of ['plain', 'crlf', 'nul', 'fromline', 'last']) expect(got.eml.some((r) => r.includes(`"${rcpt}@example.org"`))).toBe(true);
    expect(got.mbox).toEqual(got.eml);
    expect(got.maildir).toEqual(got.eml);
  });

  it.skipIf(skippedWithoutCorpus('the same records in every container, on the labelled corpus'))('give the same records on the labelled corpus', async () => {
    const dir = join(corpus.dir!, 'eml');
    const files = (await readdir(dir)).filter((f) => f.endsWith('.eml')).sort();
    const got = await recordsByContainer(await Promise.all(files.map((f) => readFile(join(dir, f)))));
    // The labels count 630 recipients; what is read of them is the accuracy test's business.
    expect(got.eml.length).toBeGreaterThan(files.length);
    expect(got.mbox).toEqual(got.eml);
    expect(got.maildir).toEqual(got.eml);
    expect(got.emlPooled).toEqual(got.eml);
    expect(got.maildirPooled).toEqual(got.eml);
  }, 180_000);
});
