/**
 * The review at a million contacts and 50,000 bounce rows (BENCH_ONLY=review; alone:
 * `node --import tsx test/bench/review.ts`): the summary's first load, the first page, each
 * filter, each sorted page (first and at offset 900,000), a few filtered sorts and substring
 * searches, each beside its target. Wall and CPU time (process.cpuUsage) for each, since the
 * machine is shared: the machine line (machine.ts) heads the section and the load average ends it.
 *
 * "cold" is the first call on a newly opened cleanup (SQLite's page cache empty, the operating
 * system's file cache as the import left it), after the summary as the app asks for it; "warm"
 * the same call again with the review's own result caches dropped. The cleanup file is built
 * once per size and schema version by the app's imports and kept in the temp folder.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';
import type { ReviewFilter, ReviewSort } from '../../shared/contract.js';
import { createServices } from '../../electron/services/cleanup/index.js';
import { Review, REVIEW_CACHE_MB } from '../../electron/services/cleanup/review.js';
import { MIGRATIONS, openStore, SCHEMA_VERSION } from '../../electron/services/store/index.js';
import { builtWorker, gen } from './gen.js';
import { loadAverage, machineLine } from './machine.js';
import { JobRunner } from '../../electron/services/jobs/runner.js';
import { threadClock } from '../../electron/services/jobs/clock.js';
import { addressesStored, type AddressParts } from '../../electron/services/cleanup/address-index.js';
import { readOrder, type OrderParts, type Ordered } from '../../electron/services/cleanup/sort-orders.js';

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

/** cpuMs: the process's (a worker's included); threadMs: this thread's alone. */
interface Timed { wallMs: number; cpuMs: number; threadMs: number }
const clock = threadClock();
function timed(f: () => unknown): Timed {
  const c = process.cpuUsage();
  const th = clock.now();
  const t = process.hrtime.bigint();
  f();
  const u = process.cpuUsage(c);
  return { wallMs: Number(process.hrtime.bigint() - t) / 1e6, cpuMs: (u.user + u.system) / 1e3, threadMs: clock.now() - th };
}
/** The same for a call that may wait (the process's CPU over the wait included). */
async function timedAsync(f: () => Promise<unknown>): Promise<Timed> {
  const c = process.cpuUsage();
  const th = clock.now();
  const t = process.hrtime.bigint();
  await f();
  const u = process.cpuUsage(c);
  return { wallMs: Number(process.hrtime.bigint() - t) / 1e6, cpuMs: (u.user + u.system) / 1e3, threadMs: clock.now() - th };
}
const fmt = (t: Timed) => `${t.wallMs.toFixed(1)} ms (cpu ${t.cpuMs.toFixed(1)})`;
/** For a call made while a worker runs: the process's CPU includes the worker's. */
const fmtBeside = (t: Timed) => `${t.wallMs.toFixed(1)} ms (cpu ${t.cpuMs.toFixed(1)}, this thread ${t.threadMs.toFixed(1)})`;
const verdict = (t: Timed, target: number) => `≤ ${target} ms: wall ${t.wallMs <= target ? 'met' : 'MISSED'}, cpu ${t.cpuMs <= target ? 'met' : 'MISSED'}`;

export async function benchReview(): Promise<Section> {
  const rows = Number(process.env.BENCH_ROWS ?? 1_000_000);
  // Named by the schema's text, not only its version: a version renumbered at a merge (or a
  // branch's own) must not open a file another schema built under the same number.
  const schema = createHash('sha256').update(JSON.stringify(MIGRATIONS)).digest('hex').slice(0, 8);
  const path = join(tmpdir(), `listsweep-bench-review-${rows}-schema${SCHEMA_VERSION}-${schema}.listsweep`);
  const out: Section = { rows };
  if (!existsSync(path)) {
    // In a process of its own: the import's garbage and heap would otherwise be collected (on
    // other threads, counted in this process's CPU) during the measurements.
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--build', String(rows), path], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`building the ${rows}-row cleanup failed (exit ${r.status})`);
    out.buildSeconds = `${(Number(process.hrtime.bigint() - t0) / 1e9).toFixed(1)} (imports, once per size and schema)`;
  }

  /**
   * A fresh connection and review, its summary loaded as the app does first. The address and
   * domain sorts' orders are on their way (the app reads them in a worker after the addresses,
   * ~0.5-1 s after the review opens; a sort by address walks its index meanwhile, one by domain
   * reads its order here, where the app's services wait for the worker's), or in
   * (`orders`: read here before the clock starts, the same arrays the worker hands over).
   */
  const open = async (orders = false): Promise<{ review: Review; close(): void; summary: Timed }> => {
    const db = openStore(path, { cacheMb: REVIEW_CACHE_MB });
    const review = new Review(db);
    const summary = timed(() => review.summary(false));
    for (const by of ['address', 'domain'] as Ordered[]) {
      if (orders) await review.loadOrder(by, async () => readOrder(db, by));
      else void review.loadOrder(by, () => new Promise(() => {}));
    }
    return { review, summary, close: () => db.close() };
  };
  const all: ReviewFilter = { decision: 'all', search: '' };
  /**
   * Cold on a fresh connection, then warm with the review's result caches dropped (as after a
   * change). A sorted page is measured so while the sort orders are on their way, then again on
   * a fresh connection once they are in, first and after a change.
   */
  const measure = async (name: string, target: number, call: (r: Review) => unknown, sorted = false) => {
    const twice = async (orders: boolean) => {
      const o = await open(orders);
      try {
        const cold = timed(() => call(o.review));
        o.review.invalidate();
        const warm = timed(() => call(o.review));
        return { cold, warm };
      } finally {
        o.close();
      }
    };
    const sql = await twice(false);
    if (!sorted) {
      out[name] = `cold ${fmt(sql.cold)}, warm ${fmt(sql.warm)}  ${verdict(sql.cold, target)}`;
      return;
    }
    const mem = await twice(true);
    out[name] = `orders in: first ${fmt(mem.cold)}, after a change ${fmt(mem.warm)}  ${verdict(mem.cold, target)}; orders loading: cold ${fmt(sql.cold)}, warm ${fmt(sql.warm)}`;
  };

  // BENCH_REVIEW=search: the search figures alone; BENCH_REVIEW=sorts: the sorted pages alone.
  if (process.env.BENCH_REVIEW !== 'search') {
    const only = process.env.BENCH_REVIEW === 'sorts';
    const first = await open();
    out.summaryFirstLoad = `${fmt(first.summary)}  ${verdict(first.summary, 100)}`;
    const counts = first.review.summary(false);
    first.close();
    out.bounceAddressesOnLists = counts.bounceAddresses?.onLists ?? 0;

    if (!only) {
      await measure('firstPage', 50, (r) => r.rows(all, 0, 200));
      await measure('page900k', 50, (r) => r.rows(all, Math.floor(rows * 0.9), 200));
    }
    const filters: [string, ReviewFilter][] = [
      ['keep', { decision: 'keep', search: '' }], ['remove', { decision: 'remove', search: '' }], ['watch', { decision: 'watch', search: '' }],
      ['causeClean', { decision: 'all', search: '', cause: 'clean' }], ['causeHardBounce', { decision: 'all', search: '', cause: 'hard-bounce' }],
      ['reasonUserunknown', { decision: 'all', search: '', reason: 'userunknown' }], ['typos', { decision: 'all', search: '', flag: 'typo' }],
    ];
    if (!only) for (const [name, f] of filters) await measure(`filter ${name}`, 50, (r) => r.rows(f, 0, 200));
    const columns: ReviewSort['by'][] = ['address', 'domain', 'decision', 'reason', 'bounces', 'lastBounce'];
    for (const by of columns) {
      for (const dir of ['asc', 'desc'] as const) {
        await measure(`sort ${by} ${dir} first`, 50, (r) => r.rows(all, 0, 200, { by, dir }), true);
        await measure(`sort ${by} ${dir} 900k`, 50, (r) => r.rows(all, Math.floor(rows * 0.9), 200, { by, dir }), true);
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
    const sizes = await open(true);
    const offsets = within.map(([, f, , at]) => Math.floor(at > 1 ? at : sizes.review.rows(f, 0, 1).total * at));
    const orderBytes = sizes.review.sortMemory;
    sizes.close();
    for (const [i, [name, f, sort]] of within.entries()) await measure(name, 50, (r) => r.rows(f, offsets[i]!, 200, sort), true);
    out.sortOrders = `${(orderBytes / 1e6).toFixed(1)} MB held for the address and domain orders; a sorted list kept per filter and column, the 4 most recent, ${((rows * 4) / 1e6).toFixed(0)} MB at most each`;
    if (only) {
      out.loadAfter = loadAverage();
      return out;
    }
  }
  // Search, as the app runs it: the import kept every address in the file, which the first
  // search reads (where the file keeps none, opening the review reads them from the rows in a
  // worker, and a search made before they are in runs in SQL). Cold: the first search on a newly
  // opened cleanup right after its summary and first page; "at open" a search the moment the
  // file opens. The CPU of either includes a worker's over the same time. Warm: the same search
  // again, the addresses in, with the review's result caches dropped, so it searches every
  // address again (they stay loaded until one changes).
  const runner = new JobRunner({ workerUrl: builtWorker().workerUrl ?? new URL('../../electron/services/jobs/worker.ts', import.meta.url) });
  const searchOpen = (firstPage = true) => {
    const db = openStore(path, { cacheMb: REVIEW_CACHE_MB });
    const review = new Review(db);
    const t0 = process.hrtime.bigint();
    let loadMs = 0;
    // Then the sorts' orders, once the review is quiet, as the app reads them.
    const ready = review.readInBackground({
      addresses: () => runner.call<AddressParts | null>({ helper: 'addresses', dbPath: path }),
      order: (by) => runner.call<OrderParts>({ helper: 'sort-order', dbPath: path, by }),
    }).then(() => { loadMs = Number(process.hrtime.bigint() - t0) / 1e6; });
    const stored = addressesStored(db);
    if (firstPage) {
      review.summary(false);
      review.rows(all, 0, 200);
    }
    return { review, ready, stored, loadMs: () => loadMs, close: () => { review.stopBackground(); db.close(); } };
  };
  /** A page as review/rows asks for it: a search sorted by address or domain first waits for that order (read in the worker). */
  const asApp = (review: Review, f: ReviewFilter, offset: number, sort?: ReviewSort) => timedAsync(async () => {
    await review.orderFor(f, sort, offset, 200);
    return review.rows(f, offset, 200, sort);
  });
  /** Whether a search made now is answered from memory, from the file or in SQL. */
  const how = (o: { stored: boolean; review: Review }) => (o.review.searchMemory ? 'from memory'
    : o.stored ? 'reading the addresses the file keeps, through about 56 MB of new memory (see machine)' : 'in SQL: addresses not in yet');
  try {
    for (const q of ['bennett', 'gmail', 'zq', 'a']) {
      const o = searchOpen();
      try {
        let total = 0;
        const rss = process.memoryUsage().rss;
        const coldHow = how(o);
        const cold = timed(() => { total = o.review.rows({ decision: 'all', search: q }, 0, 200).total; });
        await o.ready;
        const added = process.memoryUsage().rss - rss;
        o.review.invalidate();
        const warm = timed(() => o.review.rows({ decision: 'all', search: q }, 0, 200));
        out[`search "${q}" (${total} rows)`] = `cold ${fmtBeside(cold)} ${coldHow} ${verdict(cold, 150)}; warm ${fmt(warm)} ${verdict(warm, 50)}`;
        if (q === 'bennett') {
          const from = o.stored ? 'kept in the file, read by the first search' : `read in a worker in ${o.loadMs().toFixed(0)} ms from the review opening`;
          out.searchAddresses = `${from}; ${(o.review.searchMemory / 1e6).toFixed(1)} MB held, RSS +${(added / 1e6).toFixed(0)} MB`;
        }
      } finally {
        o.close();
      }
    }
    /** "gmail" searched once, on a review opened with or without its first page, after a wait. */
    const searchSoon = async (label: string, firstPage: boolean, waitMs: number) => {
      const o = searchOpen(firstPage);
      try {
        if (waitMs) await new Promise((r) => setTimeout(r, waitMs));
        const soonHow = how(o);
        const soon = timed(() => o.review.rows({ decision: 'all', search: 'gmail' }, 0, 200));
        await o.ready;
        out[`search "gmail" ${label}`] = `${fmtBeside(soon)} ${soonHow} ${verdict(soon, 150)}`;
      } finally {
        o.close();
      }
    };
    await searchSoon('at open', false, 0);
    // The search box sends its first search 250 ms after the first keystroke (its debounce),
    // so that is the soonest a search can follow the first page.
    await searchSoon('250 ms after the first page', true, 250);
    // Typing an address one letter at a time, a search per keystroke 250 ms apart (the search
    // box's debounce, so the background reads may run between keys), also with a filter and a
    // sort: the first keystroke of that may wait for the domain order.
    const typed = await (async () => {
      const o = await open();
      try {
        return o.review.rows({ decision: 'all', search: 'bennett' }, 0, 1).rows[0]?.email.toLowerCase() ?? 'bennett@example.com';
      } finally {
        o.close();
      }
    })();
    for (const [name, f, sort] of [['', {}, undefined], [' in keep, by domain', { decision: 'keep' }, { by: 'domain', dir: 'asc' }]] as [string, Partial<ReviewFilter>, ReviewSort | undefined][]) {
      const o = searchOpen();
      try {
        await o.ready;
        const keys = [...typed].map((_, i) => typed.slice(0, i + 1));
        const times: Timed[] = [];
        for (const q of keys) {
          times.push(await asApp(o.review, { decision: 'all', search: q, ...f }, 0, sort));
          await new Promise((r) => setTimeout(r, 250));
        }
        const slowest = times.reduce((a, b) => (b.wallMs > a.wallMs ? b : a));
        const cpu = times.reduce((a, b) => (b.cpuMs > a.cpuMs ? b : a));
        out[`typing "${typed}"${name}`] = `slowest key "${keys[times.indexOf(slowest)]}" ${fmt(slowest)}, most CPU ${cpu.cpuMs.toFixed(1)} ms (key "${keys[times.indexOf(cpu)]}"), all ${keys.length} ${times.reduce((a, b) => a + b.wallMs, 0).toFixed(0)} ms  ${verdict(slowest, 50)}`;
      } finally {
        o.close();
      }
    }
    // Searches with a filter, a chart pick and a sort. First: the filter's own rows not read yet
    // (the addresses loaded); again: with the review's result caches dropped.
    const combined: [string, ReviewFilter, number, ReviewSort | undefined][] = [
      ['"gmail" in remove, by domain', { decision: 'remove', search: 'gmail' }, 0, { by: 'domain', dir: 'asc' }],
      ['"a" in keep, by address, page 500,000', { decision: 'keep', search: 'a' }, Math.floor(rows * 0.5), { by: 'address', dir: 'asc' }],
      ['"a", by last bounce', { decision: 'all', search: 'a' }, 0, { by: 'lastBounce', dir: 'desc' }],
      ['"e" in hard bounces, by bounces', { decision: 'all', search: 'e', cause: 'hard-bounce' }, 0, { by: 'bounces', dir: 'desc' }],
      ['"a", reason userunknown, page 2', { decision: 'all', search: 'a', reason: 'userunknown' }, 200, undefined],
    ];
    for (const [name, f, offset, sort] of combined) {
      const o = searchOpen();
      try {
        await o.ready;
        const first = await asApp(o.review, f, offset, sort);
        o.review.invalidate();
        const again = await asApp(o.review, f, offset, sort);
        out[`search ${name}`] = `first ${fmt(first)}; again ${fmt(again)}  ${verdict(first, 50)}`;
      } finally {
        o.close();
      }
    }
  } finally {
    await runner.dispose();
  }
  out.loadAfter = loadAverage();
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href && process.argv[2] === '--build') {
  await build(Number(process.argv[3]), process.argv[4]!);
} else if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = { machine: machineLine(), ...(await benchReview()) };
  const w = Math.max(...Object.keys(r).map((k) => k.length));
  console.log(Object.entries(r).map(([k, v]) => `  ${k.padEnd(w)}  ${v}`).join('\n'));
}
