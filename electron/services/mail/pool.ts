/**
 * A folder's message files parsed on helper threads: parsing is nearly all of a message's cost
 * (reading a 6 KB file is ~40 µs, parsing it ~900 µs), so one thread caps a folder at one
 * core's rate. The job's thread hands out runs of file paths and parses runs itself while it
 * waits; each helper reads (one open and read per file) and parses its runs, and the records
 * come back in the files' order, numbered within their file; the caller numbers them across
 * the folder as it does on one thread.
 */
import { availableParallelism, loadavg } from 'node:os';
import type { MessagePort, Worker } from 'node:worker_threads';
import { startWorker } from '../jobs/spawn.js';
import { fileRecords, type FileRecords } from './file.js';
import type { FolderFile } from './sources.js';

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
 * Helpers for a folder: one per idle core beside the job's own thread, which parses runs too;
 * at most 3. A helper costs CPU of its own (start-up, its own JIT warm-up: ~0.4 CPU-s) and pays
 * back only on a core nobody else wants: on a saturated machine (2 cores, load 20) helpers made
 * a maildir of 5,000 messages take 1.4x the CPU and 2x the wall time of one thread. Where the
 * load is not reported (Windows: 0), every core counts as idle.
 */
export function poolSize(): number {
  const cores = availableParallelism();
  return Math.max(0, Math.min(3, cores - 1, Math.floor(cores - loadavg()[0]!)));
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

/** A run of files read and parsed here, as a helper does it. */
async function runHere(files: readonly FolderFile[]): Promise<FileRecords[]> {
  const results: FileRecords[] = [];
  for (const f of files) results.push(await fileRecords(f.path, f.message));
  return results;
}

/**
 * Each file's records, in the files' order, read and parsed by `threads` helpers started on
 * the job worker's entry and by this thread whenever the next run in order is not back yet.
 * Stopping the iteration (done, cancelled, an error) stops the helpers.
 */
export async function* pooledFileRecords(workerUrl: string | URL, files: readonly FolderFile[], threads: number, signal?: AbortSignal): AsyncGenerator<{ file: FolderFile; result: FileRecords }> {
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
  const ahead = (): boolean => next < runs.length && next < cursor + (threads + 1) * QUEUED * 2;
  const send = (w: Worker): void => {
    while ((load.get(w) ?? 0) < QUEUED && ahead()) {
      load.set(w, (load.get(w) ?? 0) + 1);
      w.postMessage({ id: next, files: runs[next]! } satisfies Request);
      next++;
    }
  };
  const onAbort = (): void => notify();
  signal?.addEventListener('abort', onAbort);
  try {
    for (let k = 0; k < Math.min(threads, runs.length); k++) {
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
    while (cursor < runs.length) {
      const results = done.get(cursor);
      if (!results) {
        if (failure) throw failure;
        if (signal?.aborted) return;
        if (ahead()) {
          const id = next++;
          done.set(id, await runHere(runs[id]!));
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
    signal?.removeEventListener('abort', onAbort);
    const stopping = helpers.splice(0);
    await Promise.all(stopping.map((w) => w.terminate()));
  }
}
