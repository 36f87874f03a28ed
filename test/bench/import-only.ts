/**
 * Only the 1M contacts import, as the app runs it (job runner + worker thread), repeatable:
 *   node --import tsx test/bench/import-only.ts [rows] [--inline] [--keep] [--reference]
 * Prints wall and CPU seconds, peak RSS of the process (worker included), progress events, the
 * main loop's worst delay, the job's CPU per phase (read, check, store, index), and the stored hygiene counts next to the generator's truth.json.
 * --inline runs the job on this thread (the CLI's mode; handy with node --cpu-prof). BENCH_TRACE=1 logs
 * each phase with its start time and RSS, and the sampled RSS high-water mark.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { createServices } from '../../electron/services/cleanup/index.js';
import { builtWorker, gen } from './gen.js';
import { referenceImport } from './reference.js';



async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const rows = Number(args.find((a) => /^\d+$/.test(a)) ?? 1_000_000);
  const inline = args.includes('--inline');
  const dir = gen(rows);
  const built = builtWorker();
  const truth = (JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')) as { counts: Record<string, number> }).counts;
  const ud = mkdtempSync(join(tmpdir(), 'listsweep-bench-import-'));
  let progress = 0;
  let lastPhase = '';
  let firstProgressMs = 0;
  const services = createServices({
    userDataDir: ud, inlineJobs: inline, workerUrl: built.workerUrl,
    emit: (e, pl) => { if (e === 'job/progress') { const ph = (pl as { phase: string }).phase; if (process.env.BENCH_TRACE && ph !== lastPhase) { lastPhase = ph; console.error(`phase ${ph} at ${Math.round(Number(process.hrtime.bigint() - t0) / 1e6)}ms rss ${Math.round(process.memoryUsage().rss / 1048576)}`); } progress++; if (!firstProgressMs) firstProgressMs = Number(process.hrtime.bigint() - t0) / 1e6; } },
  });
  let t0 = process.hrtime.bigint();
  const out: Record<string, unknown> = { rows, mode: inline ? 'inline' : `${built.worker} worker` };
  try {
    const info = await services['cleanup/new']({});
    const lag = monitorEventLoopDelay({ resolution: 10 });
    lag.enable();
    const cpu = process.cpuUsage();
    t0 = process.hrtime.bigint();
    let maxRss = 0; let maxAt = '';
    const sampler = process.env.BENCH_TRACE ? setInterval(() => { const r = process.memoryUsage().rss; if (r > maxRss) { maxRss = r; maxAt = `${Math.round(Number(process.hrtime.bigint() - t0) / 1e6)}ms p${progress}`; } }, 50) : null;
    const { jobId } = await services['contacts/import']({ path: join(dir, 'contacts.csv'), options: {} });
    const done = await services.waitForJob(jobId);
    if (sampler) { clearInterval(sampler); out.sampledMaxRss = `${Math.round(maxRss / 1048576)} MB at ${maxAt}`; }
    out.wallSeconds = Math.round(Number(process.hrtime.bigint() - t0) / 1e7) / 100;
    lag.disable();
    const c = process.cpuUsage(cpu);
    out.cpuSeconds = Math.round((c.user + c.system) / 1e4) / 100;
    out.peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
    out.firstProgressMs = Math.round(firstProgressMs);
    out.progressEvents = progress;
    out.mainLoopMaxDelayMs = Math.round(lag.max / 1e6);
    out.status = done.outcome.status === 'done' ? done.outcome.summary : JSON.stringify(done.outcome);
    // Each thread's CPU per phase, as the job measured it: the writer's share shows apart from the reader's.
    const t = (done.result as { timings?: Record<string, number> } | undefined)?.timings;
    if (t) out.phasesCpuSeconds = Object.fromEntries(Object.entries(t).map(([k, v]) => [k, Math.round(v / 10) / 100]));
    const db = new Database(info.path, { readonly: true });
    const q = (sql: string) => (db.prepare(sql).pluck().get() as number);
    const got: Record<string, number> = {
      rows: q('SELECT count(*) FROM contacts'),
      invalid: q('SELECT count(*) FROM contacts WHERE valid = 0'),
      duplicates: q('SELECT count(*) FROM contacts WHERE valid = 1 AND duplicate_of IS NOT NULL'),
      typos: q("SELECT count(*) FROM contacts WHERE valid = 1 AND duplicate_of IS NULL AND suggestion <> ''"),
      roleAccounts: q('SELECT count(*) FROM contacts WHERE valid = 1 AND duplicate_of IS NULL AND role = 1'),
    };
    db.close();
    for (const k of Object.keys(got)) out[k] = `${got[k]} (truth ${truth[k]})${got[k] === truth[k] ? '' : ' MISMATCH'}`;
    // --reference: the yardstick right after, to say how fast the machine is just now.
    if (args.includes('--reference')) Object.assign(out, await referenceImport(join(dir, 'contacts.csv')));
  } finally {
    await services.dispose();
    if (!args.includes('--keep')) rmSync(ud, { recursive: true, force: true });
    else out.kept = ud;
  }
  console.log(JSON.stringify(out, null, 1));
}

main().catch((e) => { console.error(e); process.exit(1); });
