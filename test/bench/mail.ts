/**
 * Mail reader speed and memory: messages/s over the labelled corpus (in memory, parse +
 * classify only) and over a synthetic ~200 MB mbox built from it (streamed from disk through
 * readMail, the path the app takes). Peak RSS is the process's high-water mark.
 * Wired into `npm run bench` by test/bench/run.ts; runnable alone: node --import tsx test/bench/mail.ts
 */
import { createWriteStream } from 'node:fs';
import { readFile, readdir, rm, stat } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readMessage } from '../../electron/services/mail/message.js';
import { readMail } from '../../electron/services/mail/index.js';
import { corpus as labelled, MAIL_FIXTURES } from '../corpus.js';

// The labelled corpus where it is present (LISTSWEEP_CORPUS), else the repository's samples of it.
const corpusEml = labelled.dir ? join(labelled.dir, 'eml') : MAIL_FIXTURES;

/** CPU seconds (user + system) since a mark: a rate that holds on a loaded machine, where wall time doesn't. */
function cpuSeconds(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1e6;
}

function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

async function loadCorpus(): Promise<Buffer[]> {
  const files = (await readdir(corpusEml)).filter((f) => f.endsWith('.eml')).sort();
  return Promise.all(files.map((f) => readFile(join(corpusEml, f))));
}

/** mboxrd framing: a From_ line before each message, body lines that start with (>*)From quoted. */
function toMboxEntry(msg: Buffer, n: number): Buffer {
  const text = msg.toString('latin1').replace(/\r\n/g, '\n').replace(/^(>*From )/gm, '>$1');
  return Buffer.from(`From MAILER-DAEMON@example.net Thu Apr 29 23:34:45 2010\nX-Bench-Seq: ${n}\n${text}${text.endsWith('\n') ? '' : '\n'}\n`, 'latin1');
}

export async function benchMail(opts: { mboxMb?: number } = {}): Promise<Record<string, number | string>> {
  const corpus = await loadCorpus();
  const warn = (): void => {};

  // First pass, cold: what one small import costs (JIT and RegExp tier-up not done, the
  // classifier's memo empty). Reported on its own; the rounds after it are the steady state.
  const cf = process.cpuUsage();
  const tf = performance.now();
  for (const m of corpus) await readMessage(m, { sourceIndex: 0, warn });
  const firstMs = performance.now() - tf;
  const firstCpu = cpuSeconds(cf);
  for (const m of corpus) await readMessage(m, { sourceIndex: 0, warn });
  const rounds = 3;
  let recs = 0;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let r = 0; r < rounds; r++) for (const m of corpus) recs += (await readMessage(m, { sourceIndex: 0, warn })).length;
  const corpusMs = performance.now() - t0;
  const corpusCpu = cpuSeconds(c0);
  const corpusRate = Math.round((rounds * corpus.length) / (corpusMs / 1000));

  const target = (opts.mboxMb ?? 200) * 1024 * 1024;
  const path = join(tmpdir(), `listsweep-bench-${process.pid}.mbox`);
  let written = 0;
  let messages = 0;
  const out = createWriteStream(path);
  while (written < target) {
    const entry = toMboxEntry(corpus[messages % corpus.length] as Buffer, messages);
    if (!out.write(entry)) await once(out, 'drain');
    written += entry.length;
    messages++;
  }
  out.end();
  await once(out, 'finish');
  const size = (await stat(path)).size;
  try {
    let read = 0;
    let maxIndex = 0;
    const c1 = process.cpuUsage();
    const t1 = performance.now();
    for await (const batch of readMail(path)) {
      read += batch.length;
      for (const r of batch) if (r.sourceIndex > maxIndex) maxIndex = r.sourceIndex;
    }
    const mboxMs = performance.now() - t1;
    const mboxCpu = cpuSeconds(c1);
    return {
      'mail.corpus.firstPass.msgPerSec': Math.round(corpus.length / (firstMs / 1000)),
      'mail.corpus.firstPass.msgPerCpuSec': Math.round(corpus.length / firstCpu),
      'mail.corpus.messages': corpus.length * rounds,
      'mail.corpus.msgPerSec': corpusRate,
      'mail.corpus.msgPerCpuSec': Math.round((rounds * corpus.length) / corpusCpu),
      'mail.corpus.recordsPerRound': Math.round(recs / rounds),
      'mail.mbox.sizeMB': Math.round(size / 1024 / 1024),
      'mail.mbox.messages': messages,
      'mail.mbox.messagesSeen': maxIndex,
      'mail.mbox.records': read,
      'mail.mbox.seconds': Math.round(mboxMs / 100) / 10,
      'mail.mbox.msgPerSec': Math.round(messages / (mboxMs / 1000)),
      'mail.mbox.msgPerCpuSec': Math.round(messages / mboxCpu),
      'mail.mbox.MBPerSec': Math.round((size / 1024 / 1024 / (mboxMs / 1000)) * 10) / 10,
      'mail.peakRssMB': peakRssMb(),
      'mail.targets': '>= 2000 msg/s on one core, peak RSS < 300 MB',
    };
  } finally {
    await rm(path, { force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const mb = Number(process.argv[2] ?? 200);
  console.log(JSON.stringify(await benchMail({ mboxMb: mb }), null, 2));
}
