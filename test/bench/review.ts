/**
 * The review at a million contacts and 50,000 bounce rows (BENCH_ONLY=review; alone:
 * `node --import tsx test/bench/review.ts`): the summary's first load, the first page, each
 * filter, each sorted page (first and at offset 900,000), a few filtered sorts and substring
 * searches, each beside its target. Wall and CPU time (process.cpuUsage) for each, since the
 * machine is shared: the load average is printed before and after.
 *
 * "cold" is the first call on a newly opened cleanup (SQLite's page cache empty, the operating
 * system's file cache as the import left it), after the summary as the app asks for it; "warm"
 * the same call again with the review's own result caches dropped. The cleanup file is built
 * once per size and schema version by the app's imports and kept in the temp folder.
 */
import { existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';
import type { ReviewFilter, ReviewSort } from '../../shared/contract.js';
import { createServices } from '../../electron/services/cleanup/index.js';
import { Review } from '../../electron/services/cleanup/review.js';
import { openStore, SCHEMA_VERSION } from '../../electron/services/store/index.js';
import { gen } from './gen.js';

type Section = Record<string, number | string>;

async function build(rows: number, path: string): Promise<void> {
  const dir = gen(rows);
  const ud = mkdtempSync(join(tmpdir(), 'listsweep-bench-review-ud-'));
  // Setup, not measured: the jobs run on this thread (run.ts starts this section with --input-type,
  // which worker threads would inherit and refuse).
  const services = createServices({ userDataDir: ud, inlineJobs: true, emit: () => {} });
  const part = `${path}.part`;
  try {
    await services['cleanup/new']({ path: part });
    for (const start of [() => services['contacts/import']({ path: join(dir, 'contacts.csv'), options: {} }), () => services['bounces/import']({ paths: [join(dir, 'bounces.csv')], mappings: {} })]) {
      const done = await services.waitForJob((await start()).jobId);
      if (done.outcome.status !== 'done') throw new Error(`import ${JSON.stringify(done.outcome)}`);
    }
  } finally {
    await services.dispose();
    rmSync(ud, { recursive: true, force: true });
  }
  // The log folded into the file (closing the last connection removes it): a whole file or none is kept.
  const db = openStore(`${part}.listsweep`);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  renameSync(`${part}.listsweep`, path);
}

interface Timed { wallMs: number; cpuMs: number }
function timed(f: () => unknown): Timed {
  const c = process.cpuUsage();
  const t = process.hrtime.bigint();
  f();
  const u = process.cpuUsage(c);
  return { wallMs: Number(process.hrtime.bigint() - t) / 1e6, cpuMs: (u.user + u.system) / 1e3 };
}
const fmt = (t: Timed) => `${t.wallMs.toFixed(1)} ms (cpu ${t.cpuMs.toFixed(1)})`;
const verdict = (t: Timed, target: number) => `≤ ${target} ms: wall ${t.wallMs <= target ? 'met' : 'MISSED'}, cpu ${t.cpuMs <= target ? 'met' : 'MISSED'}`;

export async function benchReview(): Promise<Section> {
  const rows = Number(process.env.BENCH_ROWS ?? 1_000_000);
  const path = join(tmpdir(), `listsweep-bench-review-${rows}-schema${SCHEMA_VERSION}.listsweep`);
  const out: Section = { rows, cores: cpus().length, loadBefore: loadavg().map((l) => l.toFixed(1)).join(' ') };
  if (!existsSync(path)) {
    // In a process of its own: the import's garbage and heap would otherwise be collected (on
    // other threads, counted in this process's CPU) during the measurements.
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--build', String(rows), path], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`building the ${rows}-row cleanup failed (exit ${r.status})`);
    out.buildSeconds = `${(Number(process.hrtime.bigint() - t0) / 1e9).toFixed(1)} (imports, once per size and schema)`;
  }

  /** A fresh connection and review, its summary loaded as the app does first. */
  const open = (): { review: Review; close(): void; summary: Timed } => {
    const db = openStore(path);
    const review = new Review(db);
    const summary = timed(() => review.summary(false));
    return { review, summary, close: () => db.close() };
  };
  const all: ReviewFilter = { decision: 'all', search: '' };
  /** Cold on a fresh connection, then warm with the review's result caches dropped. */
  const measure = (name: string, target: number, call: (r: Review) => unknown) => {
    const o = open();
    try {
      const cold = timed(() => call(o.review));
      o.review.invalidate();
      const warm = timed(() => call(o.review));
      out[name] = `cold ${fmt(cold)}, warm ${fmt(warm)}  ${verdict(cold, target)}`;
    } finally {
      o.close();
    }
  };

  const first = open();
  out.summaryFirstLoad = `${fmt(first.summary)}  ${verdict(first.summary, 100)}`;
  const counts = first.review.summary(false);
  first.close();
  out.bounceAddressesOnLists = counts.bounceAddresses?.onLists ?? 0;

  measure('firstPage', 50, (r) => r.rows(all, 0, 200));
  measure('page900k', 50, (r) => r.rows(all, Math.floor(rows * 0.9), 200));
  const filters: [string, ReviewFilter][] = [
    ['keep', { decision: 'keep', search: '' }], ['remove', { decision: 'remove', search: '' }], ['watch', { decision: 'watch', search: '' }],
    ['causeClean', { decision: 'all', search: '', cause: 'clean' }], ['causeHardBounce', { decision: 'all', search: '', cause: 'hard-bounce' }],
    ['reasonUserunknown', { decision: 'all', search: '', reason: 'userunknown' }], ['typos', { decision: 'all', search: '', flag: 'typo' }],
  ];
  for (const [name, f] of filters) measure(`filter ${name}`, 50, (r) => r.rows(f, 0, 200));
  const columns: ReviewSort['by'][] = ['address', 'domain', 'decision', 'reason', 'bounces', 'lastBounce'];
  for (const by of columns) {
    for (const dir of ['asc', 'desc'] as const) {
      measure(`sort ${by} ${dir} first`, 50, (r) => r.rows(all, 0, 200, { by, dir }));
      measure(`sort ${by} ${dir} 900k`, 50, (r) => r.rows(all, Math.floor(rows * 0.9), 200, { by, dir }));
    }
  }
  // A sort within a filter: the slowest pairs found by trying every filter with every sort, first
  // and deep pages (a deep page is at 90% of the filter's rows, "middle" at half).
  const worst = counts.worstDomains[0]?.domain ?? '';
  const within: [string, ReviewFilter, ReviewSort, number][] = [
    ['remove+domain first', { decision: 'remove', search: '' }, { by: 'domain', dir: 'asc' }, 0],
    ['keep+domain first', { decision: 'keep', search: '' }, { by: 'domain', dir: 'asc' }, 0],
    ['keep+domain 800k', { decision: 'keep', search: '' }, { by: 'domain', dir: 'asc' }, 0.8 * rows],
    ['keep+address deep', { decision: 'keep', search: '' }, { by: 'address', dir: 'desc' }, 0.9],
    ['keep+domain middle', { decision: 'keep', search: '' }, { by: 'domain', dir: 'asc' }, 0.5],
    ['causeClean+domain deep', { decision: 'all', search: '', cause: 'clean' }, { by: 'domain', dir: 'desc' }, 0.9],
    ['causeClean+lastBounce first', { decision: 'all', search: '', cause: 'clean' }, { by: 'lastBounce', dir: 'desc' }, 0],
    ['keep+decision first', { decision: 'keep', search: '' }, { by: 'decision', dir: 'asc' }, 0],
    ['remove+lastBounce first', { decision: 'remove', search: '' }, { by: 'lastBounce', dir: 'desc' }, 0],
    ['remove+lastBounce deep', { decision: 'remove', search: '' }, { by: 'lastBounce', dir: 'desc' }, 0.9],
    ['remove+reason deep', { decision: 'remove', search: '' }, { by: 'reason', dir: 'asc' }, 0.9],
    ['remove+domain deep', { decision: 'remove', search: '' }, { by: 'domain', dir: 'asc' }, 0.9],
    ['watch+address deep', { decision: 'watch', search: '' }, { by: 'address', dir: 'asc' }, 0.9],
    ['causeHardBounce+address deep', { decision: 'all', search: '', cause: 'hard-bounce' }, { by: 'address', dir: 'desc' }, 0.9],
    ['reasonUserunknown+domain deep', { decision: 'all', search: '', reason: 'userunknown' }, { by: 'domain', dir: 'desc' }, 0.9],
    ['typos+domain deep', { decision: 'all', search: '', flag: 'typo' }, { by: 'domain', dir: 'asc' }, 0.9],
    [`bounced@${worst}+domain deep`, { decision: 'all', search: '', bounced: { by: 'domain', key: worst } }, { by: 'domain', dir: 'desc' }, 0.9],
    [`bounced@${worst}+lastBounce deep`, { decision: 'all', search: '', bounced: { by: 'domain', key: worst } }, { by: 'lastBounce', dir: 'desc' }, 0.9],
  ];
  const sizes = open();
  const offsets = within.map(([, f, , at]) => Math.floor(at > 1 ? at : sizes.review.rows(f, 0, 1).total * at));
  sizes.close();
  within.forEach(([name, f, sort], i) => measure(name, 50, (r) => r.rows(f, offsets[i]!, 200, sort)));
  for (const q of ['bennett', 'gmail', 'zq', 'a']) {
    const o = open();
    try {
      let total = 0;
      const cold = timed(() => { total = o.review.rows({ decision: 'all', search: q }, 0, 200).total; });
      o.review.invalidate();
      const warm = timed(() => o.review.rows({ decision: 'all', search: q }, 0, 200));
      out[`search "${q}" (${total} rows)`] = `cold ${fmt(cold)} ${verdict(cold, 150)}; warm ${fmt(warm)} ${verdict(warm, 50)}`;
    } finally {
      o.close();
    }
  }
  out.loadAfter = loadavg().map((l) => l.toFixed(1)).join(' ');
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href && process.argv[2] === '--build') {
  await build(Number(process.argv[3]), process.argv[4]!);
} else if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await benchReview();
  const w = Math.max(...Object.keys(r).map((k) => k.length));
  console.log(Object.entries(r).map(([k, v]) => `  ${k.padEnd(w)}  ${v}`).join('\n'));
}
