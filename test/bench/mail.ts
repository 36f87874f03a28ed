/**
 * Mail reader speed and memory: messages/s over the labelled corpus (in memory, parse +
 * classify only) and over a synthetic ~200 MB mbox built from it (streamed from disk through
 * readMail, the path the app takes). Peak RSS is the process's high-water mark.
 * Wired into `npm run bench` by test/bench/run.ts; runnable alone: node --import tsx test/bench/mail.ts
 * [MB | containers [FILES]]
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readMessage } from '../../electron/services/mail/message.js';
import { readMail } from '../../electron/services/mail/index.js';
import { corpus as labelled, MAIL_FIXTURES } from '../corpus.js';
import { readBounces } from '../../electron/services/bounces/index.js';
import { POOL_MIN_FILES } from '../../electron/services/mail/pool.js';
import { builtWorker } from './gen.js';

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
      ...await benchContainers(),
      'mail.peakRssMB': peakRssMb(),
      'mail.targets': '>= 2000 msg/s on one core, peak RSS < 300 MB',
    };
  } finally {
    await rm(path, { force: true });
  }
}

/** The labelled corpus's messages, found as every corpus test finds them (test/corpus.ts), if present. */
function corpusBounces(): string | null {
  return labelled.dir && existsSync(join(labelled.dir, 'eml')) ? join(labelled.dir, 'eml') : null;
}

/** Without the corpus: DSNs of our own, a few kilobytes each like real ones. */
function ownMessages(n: number): Buffer[] {
  const pad = 'X-Padding: '.concat('x'.repeat(70), '\n').repeat(30);
  return Array.from({ length: n }, (_, i) => Buffer.from([
    'From: Mail Delivery System <MAILER-DAEMON@mx.example.net>', 'To: sender@example.com',
    'Subject: Undelivered Mail Returned to Sender', 'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="B"', '', '--B', 'Content-Type: text/plain', '',
    `<user${i}@example.org>: host mx.example.org[192.0.2.1] said: 550 5.1.1 User unknown (in reply to RCPT TO command)`, '',
    '--B', 'Content-Type: message/delivery-status', '', 'Reporting-MTA: dns; mx.example.net', '',
    `Final-Recipient: rfc822; user${i}@example.org`, 'Action: failed', 'Status: 5.1.1',
    `Diagnostic-Code: smtp; 550 5.1.1 <user${i}@example.org>: User unknown`, '',
    '--B', 'Content-Type: text/rfc822-headers', '', 'From: sender@example.com', `To: user${i}@example.org`, pad, '--B--', '',
  ].join('\n')));
}

/** An mbox holding the messages; a file that already is an mbox goes in as it is. */
function mboxOf(messages: readonly Buffer[]): Buffer {
  return Buffer.concat(messages.map((m) => {
    const raw = m.toString('latin1');
    const text = raw.startsWith('From ') ? raw : `From MAILER-DAEMON@example.net Thu Apr 29 23:34:45 2010\n${raw.replace(/^(>*From )/gm, '>$1')}`;
    return Buffer.from(`${text}${text.endsWith('\n') ? '' : '\n'}\n`, 'latin1');
  }));
}

/** What the folder containers aim at; the mbox is the rate they are measured against. */
const TARGET_MSG_PER_SEC = 2500;

const round1 = (x: number): number => Math.round(x * 10) / 10;
const round2 = (x: number): number => Math.round(x * 100) / 100;

/**
 * Sisimai on the same path, where a build of it is named (LISTSWEEP_SISIMAI: an executable
 * taking the path of an mbox or a folder of messages as its one argument and decoding every
 * message in it; its output is discarded). Wall time only: its CPU is not ours to measure.
 */
function sisimai(path: string, n: number, ours: number): Record<string, number | string> {
  const bin = process.env.LISTSWEEP_SISIMAI;
  if (!bin) return { sisimai: 'skipped: LISTSWEEP_SISIMAI is not set (no Sisimai build on this machine; npm has no Sisimai port)' };
  const t = performance.now();
  const r = spawnSync(bin, [path], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 64 << 20 });
  const s = (performance.now() - t) / 1000;
  if (r.error || r.status !== 0) return { sisimai: `failed: ${r.error?.message ?? (r.stderr.trim().split('\n').pop() || `exit ${r.status}`)}` };
  const theirs = n / s;
  return { 'sisimai.msgPerSec': Math.round(theirs), 'sisimai.oursOverTheirs': `${round2(ours / theirs)}x (aim >= 2x)` };
}

/**
 * The same messages in each container, read the way the app reads a dropped path (readBounces:
 * the folder walk, the sniffing, the reader, helper threads for a big folder, on the job
 * worker's bundle when built): a folder of .eml files, a maildir, one mbox. Per container:
 * messages/s by wall time and by CPU time, CPU-seconds per 1,000 messages (user and system,
 * every thread of the process), next to the target; and the machine's load while it ran (the
 * bench machine is shared: wall time is only as good as the load says).
 */
export async function benchContainers(opts: { files?: number } = {}): Promise<Record<string, number | string>> {
  const n = opts.files ?? 20_000;
  const dir = corpusBounces();
  const source = dir
    ? await Promise.all((await readdir(dir)).filter((f) => f.endsWith('.eml')).sort().map((f) => readFile(join(dir, f))))
    : ownMessages(591);
  const messages = Array.from({ length: n }, (_, i) => source[i % source.length]!);
  const root = await mkdtemp(join(tmpdir(), 'listsweep-bench-containers-'));
  const built = builtWorker();
  const workerUrl = built.workerUrl ?? new URL('../../electron/services/jobs/worker.ts', import.meta.url);
  try {
    const name = (i: number) => String(i).padStart(6, '0');
    await mkdir(join(root, 'eml'));
    await mkdir(join(root, 'maildir/cur'), { recursive: true });
    await mkdir(join(root, 'maildir/new'));
    await mkdir(join(root, 'maildir/tmp'));
    for (let i = 0; i < n; i += 256) {
      await Promise.all(messages.slice(i, i + 256).flatMap((m, k) => [
        writeFile(join(root, 'eml', `${name(i + k)}.eml`), m),
        writeFile(join(root, 'maildir/cur', `${1_700_000_000 + i + k}.M${i + k}P1.bench:2,S`), m),
      ]));
    }
    await writeFile(join(root, 'all.mbox'), mboxOf(messages));
    const out: Record<string, number | string> = {
      'containers.messages': n,
      'containers.from': dir ? `the corpus (${source.length} messages, repeated)` : `${source.length} generated DSNs (no corpus)`,
      'containers.machine': `${availableParallelism()} cores, load average ${loadavg().map(round1).join(' / ')} (1/5/15 min) before`,
    };
    for (const [label, path] of [['mbox', join(root, 'all.mbox')], ['maildir', join(root, 'maildir')], ['emlFolder', join(root, 'eml')]] as const) {
      let records = 0;
      const load = loadavg()[0]!;
      // As the reader decided it from the other cores' use while it read (see poolSize).
      const onHelpers = (h: number): void => { out[`containers.${label}.helperThreads`] = `${h} (an mbox, or a folder of ${POOL_MIN_FILES}+ files; job worker ${built.worker}; 1-min load ${round1(load)} before)`; };
      const c = process.cpuUsage();
      const t = performance.now();
      for await (const batch of readBounces([path], { workerUrl, onHelpers })) records += batch.length;
      const s = (performance.now() - t) / 1000;
      const cpu = process.cpuUsage(c);
      const rate = Math.round(n / s);
      out[`containers.${label}.records`] = records;
      out[`containers.${label}.msgPerSec`] = `${rate} (target >= ${TARGET_MSG_PER_SEC}: ${rate >= TARGET_MSG_PER_SEC ? 'met' : 'not met'}; load ${round1(loadavg()[0]!)} after)`;
      out[`containers.${label}.msgPerCpuSec`] = Math.round(n / ((cpu.user + cpu.system) / 1e6));
      out[`containers.${label}.cpuSecPer1000`] = `${round2((cpu.user + cpu.system) / 1e6 / (n / 1000))} (user ${round2(cpu.user / 1e6 / (n / 1000))}, system ${round2(cpu.system / 1e6 / (n / 1000))})`;
      for (const [k, v] of Object.entries(sisimai(path, n, rate))) out[`containers.${label}.${k}`] = v;
    }
    out['containers.target'] = `>= ${TARGET_MSG_PER_SEC} msg/s in every container, the same records in each`;
    return out;
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // `containers [FILES]` runs only the container comparison.
  if (process.argv[2] === 'containers') console.log(JSON.stringify(await benchContainers({ files: Number(process.argv[3] ?? 20_000) }), null, 2));
  else console.log(JSON.stringify(await benchMail({ mboxMb: Number(process.argv[2] ?? 200) }), null, 2));
}
