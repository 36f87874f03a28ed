/**
 * Contact import speed and memory on a sample list (default 1,000,000 rows):
 *  1. read + decode + parse + normalise + deduplicate (CONTACTS' reader and checkEmail, a Set for duplicates);
 *  2. end to end through CORE's import job into a new cleanup file (adds the SQLite store).
 * Reports wall and CPU seconds per phase, peak RSS, and the hygiene counts next to truth.json.
 * Generating the list is not timed. Wired into `npm run bench` by test/bench/run.ts; runnable alone:
 *   node --import tsx test/bench/contacts.ts [rows]
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openContacts } from '../../electron/services/contacts/index.js';
import { checkEmail } from '../../shared/email/index.js';
import { gen } from './gen.js';

function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}
function cpuSeconds(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since);
  return Math.round((d.user + d.system) / 1e4) / 100;
}
const secs = (t0: bigint): number => Math.round(Number(process.hrtime.bigint() - t0) / 1e7) / 100;

/**
 * Each phase runs in its own Node process so its peak RSS is its own (maxRSS is a process-wide
 * high-water mark); `inProcess` runs them here instead (for debugging).
 */
export async function benchContacts(opts: { rows?: number; inProcess?: boolean } = {}): Promise<Record<string, number | string>> {
  const rows = opts.rows ?? 1_000_000;
  if (!opts.inProcess) {
    await prepare(rows);
    const out: Record<string, number | string> = {};
    for (const phase of ['1', '2']) {
      const res = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), String(rows), phase], { encoding: 'utf8', maxBuffer: 1 << 20 });
      Object.assign(out, JSON.parse(res.trim().split('\n').pop() ?? '{}') as Record<string, number | string>);
    }
    return out;
  }
  return runPhases(rows, ['1', '2']);
}

async function prepare(rows: number): Promise<string> {
  return gen(rows, { bounces: 0 });
}

async function runPhases(rows: number, phases: string[]): Promise<Record<string, number | string>> {
  const dir = await prepare(rows);
  const csv = join(dir, 'contacts.csv');
  const truth = JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')).counts as Record<string, number>;
  const out: Record<string, number | string> = { rows };

  // Phase 1: reader + hygiene + duplicate detection, no store.
  if (phases.includes('1')) {
    const t0 = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    const reader = await openContacts(csv, {});
    const seen = new Set<string>();
    const c = { rows: 0, invalid: 0, duplicates: 0, typos: 0, roleAccounts: 0 };
    for await (const batch of reader.batches()) {
      for (const r of batch) {
        c.rows++;
        const e = checkEmail(r.email);
        if (!e.valid) { c.invalid++; continue; }
        // Copy the key: a sliced string would keep the whole decoded chunk alive.
        const key = (' ' + e.normalized).slice(1);
        if (seen.has(key)) { c.duplicates++; continue; }
        seen.add(key);
        if (e.suggestion) c.typos++;
        if (e.role) c.roleAccounts++;
      }
    }
    out.parseNormaliseSeconds = secs(t0);
    out.parseNormaliseCpuSeconds = cpuSeconds(cpu);
    out.parseNormalisePeakRssMb = peakRssMb();
    for (const k of ['invalid', 'duplicates', 'typos', 'roleAccounts'] as const) out[`${k}`] = `${c[k]} (truth ${truth[k]})${c[k] === truth[k] ? '' : ' MISMATCH'}`;
    out.countsMatchTruth = ['rows', 'invalid', 'duplicates', 'typos', 'roleAccounts'].every((k) => c[k as keyof typeof c] === truth[k]) ? 'yes' : 'NO';
  }

  // Phase 2: end to end through CORE's import job (store included), when it is there.
  if (!phases.includes('2')) return out;
  try {
    const { importContacts } = await import('../../electron/services/cleanup/import-contacts.js');
    const { openStore } = await import('../../electron/services/store/index.js');
    const dbPath = join(dir, 'bench.listsweep');
    rmSync(dbPath, { force: true });
    rmSync(`${dbPath}-wal`, { force: true });
    rmSync(`${dbPath}-shm`, { force: true });
    openStore(dbPath, { create: true }).close();
    const ac = new AbortController();
    let progressCalls = 0;
    // With the job worker's entry, as the app and the CLI run it: rows are read in a helper thread.
    const { builtWorker } = await import('./gen.js');
    const worker = builtWorker();
    const ctx = {
      jobId: 'bench', dbPath, signal: ac.signal, cancelled: () => false, checkCancelled: () => undefined,
      progress: () => { progressCalls++; },
      workerUrl: String(worker.workerUrl ?? new URL('../../electron/services/jobs/worker.ts', import.meta.url)),
    };
    out.worker = worker.worker;
    const t0 = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    const res = await importContacts(ctx, { path: csv, options: {} });
    out.endToEndSeconds = secs(t0);
    out.endToEndCpuSeconds = cpuSeconds(cpu);
    out.endToEndPeakRssMb = peakRssMb();
    out.progressEvents = progressCalls;
    out.importSummary = res.summary;
    rmSync(dbPath, { force: true });
    rmSync(`${dbPath}-wal`, { force: true });
    rmSync(`${dbPath}-shm`, { force: true });
  } catch (e) {
    out.endToEnd = `not measured: ${(e as Error).message}`;
  }
  out.targets = '≤ 7 s end to end, ≤ 400 MB peak RSS (issue 5)';
  return out;
}

// node --import tsx test/bench/contacts.ts [rows] [phase]: one phase prints one JSON line (used by the parent).
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const rows = process.argv[2] ? Number(process.argv[2]) : 1_000_000;
  const phase = process.argv[3];
  const run = phase ? runPhases(rows, [phase]).then((r) => JSON.stringify(r)) : benchContacts({ rows }).then((r) => JSON.stringify(r, null, 2));
  run.then((s) => console.log(s), (e) => { console.error(e); process.exit(1); });
}
