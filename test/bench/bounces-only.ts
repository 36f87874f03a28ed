/**
 * Only the bounce import into a 1M-contact cleanup, repeatable (issue 14 (b)):
 *   node --import tsx test/bench/bounces-only.ts [rows] [--runs N]
 * The contacts are imported once into a cleanup kept in the temp folder; each run imports the
 * generator's bounce report into a fresh copy of it, on this thread (run under node --cpu-prof to
 * profile the job), and prints wall and CPU seconds, the job's phase timings, the write-ahead
 * log's size at commit, and the stored bounce counts next to the generator's truth.json.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createServices } from '../../electron/services/cleanup/index.js';
import { importBounces, type ImportBouncesResult } from '../../electron/services/cleanup/import-bounces.js';
import type { TaskContext } from '../../electron/services/jobs/protocol.js';
import { builtWorker, gen } from './gen.js';
import { SCHEMA_VERSION } from '../../electron/services/store/migrations.js';

/** A cleanup holding the generator's contacts and no bounce, made once per size and schema. */
async function baseCleanup(dir: string, rows: number): Promise<string> {
  const keep = join(tmpdir(), `listsweep-bench-bounces-base-${rows}-v${SCHEMA_VERSION}`);
  const file = join(keep, 'contacts.listsweep');
  if (existsSync(file)) return file;
  mkdirSync(keep, { recursive: true });
  const ud = mkdtempSync(join(tmpdir(), 'listsweep-bench-bounces-ud-'));
  const built = builtWorker();
  const services = createServices({ userDataDir: ud, ...(built.workerUrl ? { workerUrl: built.workerUrl } : {}), emit: () => {} });
  try {
    const info = await services['cleanup/new']({});
    const { jobId } = await services['contacts/import']({ path: join(dir, 'contacts.csv'), options: {} });
    const done = await services.waitForJob(jobId);
    if (done.outcome.status !== 'done') throw new Error(JSON.stringify(done.outcome));
    await services['cleanup/close']({});
    const db = new Database(info.path);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    renameSync(info.path, `${file}.part`);
    renameSync(`${file}.part`, file);
  } finally {
    await services.dispose();
    rmSync(ud, { recursive: true, force: true });
  }
  return file;
}

function fakeContext(dbPath: string, workerUrl?: URL): TaskContext {
  const signal = new AbortController().signal;
  return {
    jobId: 'bench', dbPath, signal, ...(workerUrl ? { workerUrl: workerUrl.href } : {}),
    cancelled: () => false, checkCancelled() {}, progress() {},
  };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const runsAt = args.indexOf('--runs');
  const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 1;
  const rows = Number(args.find((a, i) => /^\d+$/.test(a) && i !== runsAt + 1) ?? 1_000_000);
  const dir = gen(rows);
  const truth = (JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')) as { counts: Record<string, number> }).counts;
  const base = await baseCleanup(dir, rows);
  const built = builtWorker();
  for (let i = 0; i < runs; i++) {
    const work = mkdtempSync(join(tmpdir(), 'listsweep-bench-bounces-'));
    const path = join(work, 'run.listsweep');
    copyFileSync(base, path);
    // A second connection keeps the log when the job closes its own, so its size can be read.
    const watcher = new Database(path, { readonly: true });
    watcher.prepare('SELECT count(*) FROM sources').get();
    try {
      const cpu = process.cpuUsage();
      const t0 = process.hrtime.bigint();
      const r = await importBounces(fakeContext(path, built.workerUrl), { paths: [join(dir, 'bounces.csv')], mappings: {} });
      const wall = Number(process.hrtime.bigint() - t0) / 1e9;
      const c = process.cpuUsage(cpu);
      const wal = existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0;
      watcher.close();
      const res = r.result as ImportBouncesResult;
      const db = new Database(path, { readonly: true });
      const q = (sql: string) => db.prepare(sql).pluck().get() as number;
      const got = {
        bounceRows: q('SELECT count(*) FROM bounces'),
        bouncedAddresses: q('SELECT count(DISTINCT email_norm) FROM contacts WHERE bounces > 0'),
      };
      db.close();
      const s = (v: number) => Math.round(v / 10) / 100;
      console.log(JSON.stringify({
        run: i + 1, wallSeconds: Math.round(wall * 100) / 100, cpuSeconds: s((c.user + c.system) / 1000),
        readCpu: s(res.timings.readMs), storeCpu: s(res.timings.storeMs), decideCpu: s(res.timings.decideMs),
        walMb: Math.round(wal / 1048576), contactsAffected: res.contactsAffected,
        ...Object.fromEntries(Object.entries(got).map(([k, v]) => [k, `${v}${v === truth[k] ? '' : ` MISMATCH (truth ${truth[k]})`}`])),
      }));
    } finally {
      if (watcher.open) watcher.close();
      rmSync(work, { recursive: true, force: true });
    }
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
