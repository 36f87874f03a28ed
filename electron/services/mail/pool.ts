/**
 * A folder's message files parsed on helper threads: parsing is nearly all of a message's cost
 * (reading a 6 KB file is ~40 µs, parsing it ~900 µs), so one thread caps a folder at one
 * core's rate. The job's thread hands out runs of file paths and parses runs itself while it
 * waits; each helper reads (one open and read per file) and parses its runs, and the records
 * come back in the files' order, numbered within their file; the caller numbers them across
 * the folder as it does on one thread.
 */
import { availableParallelism, cpus } from 'node:os';
import type { MessagePort, Worker } from 'node:worker_threads';
import { startWorker } from '../jobs/spawn.js';
import { fileRecords, recordsOf, type FileRecords } from './file.js';
import { readAhead, readMessageFile, type FolderFile } from './sources.js';

/** A folder smaller than this is read on the caller's thread: starting the helpers costs more. */
export const POOL_MIN_FILES = 200;
/** Files per request: enough to outweigh a message round trip, few enough to spread the work. */
const RUN = 32;
/** Requests queued per helper, so none waits for the next while the caller collects. */
const QUEUED = 2;

/** What crosses to a helper and back. */
type Request = { readonly id: number; readonly files: readonly FolderFile[] };
type Answer = { readonly id: number; readonly results: readonly FileRecords[] } | { readonly id: number; readonly error: string };

/**
 * What the machine's cores did since a mark, this process's own work set apart: the gate for
 * helpers must not count the reader against itself. (The 1-minute load average did: after an
 * mbox read on one core, the bench's own load of ~1 kept the next folder off its idle core.)
 */
export interface LoadMark {
  readonly at: number;
  /** Busy milliseconds of all the cores together. */
  readonly busy: number;
  /** This process's CPU milliseconds (every thread). */
  readonly own: number;
}

function coreBusyMs(): number {
  let busy = 0;
  for (const { times: t } of cpus()) busy += t.user + t.nice + t.sys + t.irq;
  return busy;
}

function ownMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

export function loadMark(): LoadMark {
  return { at: performance.now(), busy: coreBusyMs(), own: ownMs() };
}

/** The load is measured over at least this long: the cores' times tick in 10 ms steps. */
export const MEASURE_MS = 250;

/**
 * Helpers worth starting: one per core that other processes left idle since the mark, beside
 * the job's own thread, which parses runs too; at most 3. A helper costs CPU of its own (start-up
 * and its own JIT warm-up, ~1 CPU-s) and pays back only on a core nobody else wants: at load 7-8
 * on 2 cores, one helper made a maildir of 5,000 messages take 1.5x the CPU and 1.4-1.9x the wall
 * time of one thread, where on an idle core it nearly halves the wall time.
 */
export function poolSize(since: LoadMark, now: LoadMark = loadMark(), cores = availableParallelism()): number {
  const wall = now.at - since.at;
  if (wall <= 0) return 0;
  // busy milliseconds of all cores per millisecond: how many cores the others kept busy
  const others = Math.max(0, now.busy - since.busy - (now.own - since.own)) / wall;
  return Math.max(0, Math.min(3, cores - 1, Math.round(cores - 1 - others)));
}

/** Runs in a helper thread (worker.ts dispatches here): answers requests until it is stopped. */
export function serveMailFiles(port: MessagePort): void {
  port.on('message', (r: Request) => {
    void (async () => {
      try {
        port.postMessage({ id: r.id, results: await runHere(r.files) } satisfies Answer);
      } catch (e) {
        port.postMessage({ id: r.id, error: (e as Error)?.message ?? String(e) } satisfies Answer);
      }
    })();
  });
}

/** A run of files read and parsed on a helper, where nothing else waits on the thread. */
async function runHere(files: readonly FolderFile[]): Promise<FileRecords[]> {
  const results: FileRecords[] = [];
  for (const f of files) results.push(await fileRecords(f.path, f.message));
  return results;
}

/** A run of files read and parsed on the job's thread, as without helpers: the reads go ahead on the I/O threads while it parses. */
async function runOnJobThread(files: readonly FolderFile[]): Promise<FileRecords[]> {
  const results: FileRecords[] = [];
  for await (const { item: f, value: bytes, error } of readAhead(files, (f) => readMessageFile(f.path))) {
    results.push(error !== undefined || bytes === undefined ? { kind: 'unreadable', error: (error as Error)?.message ?? String(error) } : await recordsOf(f.path, bytes, f.message));
  }
  return results;
}

/**
 * Each file's records, in the files' order, read and parsed by helpers started on the job
 * worker's entry and by this thread whenever the next run in order is not back yet. `threads`
 * helpers start at once; given a LoadMark instead, this thread parses alone for MEASURE_MS after
 * it and then starts as many as poolSize finds idle cores for. `onHelpers` is told that number.
 * Stopping the iteration (done, cancelled, an error) stops the helpers.
 */
export async function* pooledFileRecords(workerUrl: string | URL, files: readonly FolderFile[], threads: number | LoadMark, signal?: AbortSignal, onHelpers?: (n: number) => void): AsyncGenerator<{ file: FolderFile; result: FileRecords }> {
  const runs: FolderFile[][] = [];
  for (let i = 0; i < files.length; i += RUN) runs.push(files.slice(i, i + RUN));
  const done = new Map<number, readonly FileRecords[]>();
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  const notify = (): void => { const w = wake; wake = null; w?.(); };
  const helpers: Worker[] = [];
  const load = new Map<Worker, number>();
  let next = 0;
  let cursor = 0;
  // Runs are handed out at most this far past the next one to yield: memory stays bounded.
  const ahead = (): boolean => next < runs.length && next < cursor + (helpers.length + 1) * QUEUED * 2;
  const send = (w: Worker): void => {
    while ((load.get(w) ?? 0) < QUEUED && ahead()) {
      load.set(w, (load.get(w) ?? 0) + 1);
      w.postMessage({ id: next, files: runs[next]! } satisfies Request);
      next++;
    }
  };
  const onAbort = (): void => notify();
  signal?.addEventListener('abort', onAbort);
  const start = (n: number): void => {
    onHelpers?.(n);
    for (let k = 0; k < n; k++) {
      const w = startWorker(workerUrl, { helper: 'mail-files' });
      helpers.push(w);
      w.on('message', (a: Answer) => {
        load.set(w, (load.get(w) ?? 1) - 1);
        if ('error' in a) failure ??= new Error(a.error);
        else done.set(a.id, a.results);
        notify();
      });
      w.on('error', (e: Error) => { failure ??= e; notify(); });
      w.on('exit', () => { if (helpers.includes(w)) { failure ??= new Error('A mail reading thread stopped unexpectedly.'); notify(); } });
      send(w);
    }
  };
  let measuring = typeof threads === 'number' ? null : threads;
  try {
    if (typeof threads === 'number') start(Math.min(threads, runs.length));
    while (cursor < runs.length) {
      if (measuring && performance.now() - measuring.at >= MEASURE_MS) {
        start(Math.min(poolSize(measuring), runs.length - next));
        measuring = null;
      }
      const results = done.get(cursor);
      if (!results) {
        if (failure) throw failure;
        if (signal?.aborted) return;
        if (ahead()) {
          const id = next++;
          done.set(id, await runOnJobThread(runs[id]!));
          continue;
        }
        await new Promise<void>((r) => { wake = r; });
        continue;
      }
      done.delete(cursor);
      const run = runs[cursor]!;
      cursor++;
      for (const w of helpers) send(w);
      for (let i = 0; i < run.length; i++) yield { file: run[i]!, result: results[i]! };
    }
  } finally {
    if (measuring) onHelpers?.(0);
    signal?.removeEventListener('abort', onAbort);
    const stopping = helpers.splice(0);
    await Promise.all(stopping.map((w) => w.terminate()));
  }
}
