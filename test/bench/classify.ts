/**
 * Classifier throughput, for `npm run bench` (CORE wires it into test/bench/run.ts).
 * Rows are generated from realistic diagnostic templates with varying addresses, IPs and ids, so
 * most rows are distinct strings and the memo cache does not flatter the number; the uncached
 * path is measured too.
 */
import { classifyBounce, classifyBounceUncached, type BounceEvidence } from '../../shared/bounce/classify.js';

const TEMPLATES: readonly [string, string, string][] = [
  ['550', '5.1.1', 'smtp; 550 5.1.1 <{e}>: Recipient address rejected: User unknown in virtual mailbox table'],
  ['550', '5.1.1', "smtp; 550-5.1.1 The email account that you tried to reach does not exist. Please try\n550-5.1.1 double-checking the recipient's email address for typos or\n550 5.1.1 unnecessary spaces. https://support.google.com/mail/?p=NoSuchUser {id} - gsmtp"],
  ['550', '5.5.0', 'smtp; 550 5.5.0 Requested action not taken: mailbox unavailable (S2017062302)'],
  ['554', '', "smtp; 554 delivery error: dd This user doesn't have a {d} account ({e}) [0] - mta{n}.mail.bf1"],
  ['', '5.1.2', 'DNS; Host or domain name not found. Name service error for name={d} type=MX: Host not found'],
  ['452', '4.2.2', 'smtp; 452-4.2.2 The email account that you tried to reach is over quota. Please direct\n452 4.2.2 the recipient to https://support.google.com/mail/?p=OverQuotaTemp {id} - gsmtp'],
  ['552', '5.2.2', 'smtp; 552 5.2.2 <{e}>: Recipient address rejected: Mailbox full'],
  ['550', '5.7.1', 'smtp; 550 5.7.1 Service unavailable; Client host [{ip}] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/{ip}'],
  ['550', '5.7.1', "smtp; 550 5.7.1 Unfortunately, messages from [{ip}] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150)."],
  ['554', '', 'smtp; 554 {ip} listed at bl.spamcop.net, see "https://www.spamcop.net/bl.shtml?{ip}"'],
  ['550', '5.7.1', 'smtp; 550-5.7.1 [{ip}] Our system has detected that this message is\n550-5.7.1 likely unsolicited mail. To reduce the amount of spam sent to Gmail,\n550 5.7.1 this message has been blocked. {id} - gsmtp'],
  ['554', '5.7.0', 'smtp; 554 5.7.0 Reject, id={n}-01 - spam'],
  ['451', '4.7.1', 'smtp; 451 4.7.1 Greylisting in action, please come back later'],
  ['450', '4.2.0', 'smtp; 450 4.2.0 <{e}>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/{d}.html'],
  ['', '4.4.7', 'smtp; 4.4.7 Delivery time expired; message could not be delivered within 72 hours'],
  ['', '4.4.1', 'smtp; 4.4.1 connect to mx.{d}[{ip}]:25: Connection timed out'],
  ['', '', 'Out of Office: I am currently away until {n} with limited access to email.'],
  ['', '', '421 4.7.0 [TSS04] Messages from {ip} temporarily deferred due to unexpected volume or user complaints'],
  ['', '', '550 5.7.606 Access denied, banned sending IP [{ip}]. To request removal from this list please visit https://sender.office.com/'],
  ['', '', 'Requested mail action aborted: {n} some unrecognised text from a server nobody knows'],
];

function rows(n: number): BounceEvidence[] {
  const out: BounceEvidence[] = [];
  let seed = 42;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  for (let i = 0; i < n; i++) {
    const [replyCode, status, tpl] = TEMPLATES[i % TEMPLATES.length]!;
    const v: Record<string, string> = {
      e: `user${Math.floor(rnd() * 1e6)}@example${i % 97}.com`, d: `example${i % 97}.com`, id: Math.floor(rnd() * 1e12).toString(36),
      ip: `198.51.100.${1 + Math.floor(rnd() * 254)}`, n: String(1000 + Math.floor(rnd() * 9000)),
    };
    out.push({ replyCode, status, diagnostic: tpl.replace(/\{(\w+)\}/g, (_, k: string) => v[k] ?? k) });
  }
  return out;
}

function cpuSeconds(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1e6;
}

export interface ClassifyBench { rowsPerSecond: number; uncachedRowsPerSecond: number; rows: number }

/** Rows per CPU-second through classifyBounce (memoised, as importers call it) and without the memo. */
export function benchClassify(n = 200_000): ClassifyBench {
  const data = rows(n);
  for (let i = 0; i < 2000; i++) classifyBounceUncached(data[i % data.length]!);     // warm up the JIT
  // CPU time, not wall time: the bench shares the machine with other work.
  let t = process.cpuUsage();
  for (const e of data) classifyBounce(e);
  const cached = n / (cpuSeconds(t));
  const m = Math.min(n, 50_000);
  t = process.cpuUsage();
  for (let i = 0; i < m; i++) classifyBounceUncached(data[i]!);
  const uncached = m / cpuSeconds(t);
  return { rowsPerSecond: Math.round(cached), uncachedRowsPerSecond: Math.round(uncached), rows: n };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = benchClassify();
  console.log(`classify: ${r.rowsPerSecond.toLocaleString('en')} rows/s (uncached ${r.uncachedRowsPerSecond.toLocaleString('en')} rows/s) over ${r.rows.toLocaleString('en')} rows`);
}
