/**
 * A folder's message files, or an mbox's messages, parsed on helper threads: parsing is nearly
 * all of a message's cost (reading a 6 KB file is ~40 µs, splitting it from an mbox ~15 µs,
 * parsing it ~500 µs), so one thread caps a container at one core's rate. The job's thread hands
 * out runs of file paths (or of messages it split) and parses runs itself while it waits; each
 * helper reads (one open and read per file) and parses its runs, and the records come back in
 * the container's order. A file's records are numbered within it, and the caller numbers them
 * across the folder as it does on one thread; an mbox's messages carry their numbers.
 */
import { availableParallelism, cpus } from 'node:os';
import type { MessagePort, Worker } from 'node:worker_threads';
import { startWorker } from '../jobs/spawn.js';
import type { BounceRecord } from '../../../shared/types.js';
import { fileRecords, recordsOf, type FileRecords } from './file.js';
import { readMessage } from './message.js';
import { readAhead, readMessageFile, type FolderFile } from './sources.js';

/** A folder smaller than this is read on the caller's thread: starting the helpers costs more. */
export const POOL_MIN_FILES = 200;
/** Files per request: enough to outweigh a message round trip, few enough to spread the work. */
const RUN = 32;
/** Requests queued per helper, so none waits for the next while the caller collects. */
const QUEUED = 2;

/** What crosses to a helper and back. */
type Request = { readonly id: number; readonly files: readonly FolderFile[] } | { readonly id: number; readonly messages: readonly SplitMessage[] };
type Answer = { readonly id: number; readonly results: readonly FileRecords[] | readonly MessageRecords[] } | { readonly id: number; readonly error: string };

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
 * time of one thread, where with an idle core the folders of 20,000 read at ~2,450 msg/s instead
 * of ~1,850.
 */
export function poolSize(since: LoadMark, now: LoadMark = loadMark(), cores = availableParallelism()): number {
  const wall = now.at - since.at;
  if (wall <= 0) return 0;
  // busy milliseconds of all cores per millisecond: how many cores the others kept busy
  const others = Math.max(0, now.busy - since.busy - (now.own - since.own)) / wall;
  return Math.max(0, Math.min(3, cores - 1, Math.round(cores - 1 - others)));
}

/** One mbox message as the job's thread split it: its number in the mbox and its first bytes. */
export interface SplitMessage {
  readonly index: number;
  readonly bytes: Uint8Array;
}

/** A message's records and the reader's notes about it ("message <index>: …"). */
export interface MessageRecords {
  readonly records: BounceRecord[];
  readonly warnings: readonly string[];
}

/** Runs in a helper thread (worker.ts dispatches here): answers requests until it is stopped. */
export function serveMailFiles(port: MessagePort): void {
  port.on('message', (r: Request) => {
    void (async () => {
      try {
        const results = 'files' in r ? await runHere(r.files) : await readMessages(r.messages);
        port.postMessage({ id: r.id, results } satisfies Answer);
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

/**
 * A run of files read and parsed on the job's thread, as without helpers: the reads go ahead on
 * the I/O threads while it parses, so a folder that is not in the page cache does not wait on
 * the disk file by file (synchronous reads saved ~0.05 CPU-s per 1,000 files when cached).
 */
async function runOnJobThread(files: readonly FolderFile[]): Promise<FileRecords[]> {
  const results: FileRecords[] = [];
  for await (const { item: f, value: bytes, error } of readAhead(files, (f) => readMessageFile(f.path))) {
    results.push(error !== undefined || bytes === undefined ? { kind: 'unreadable', error: (error as Error)?.message ?? String(error) } : await recordsOf(f.path, bytes, f.message));
  }
  return results;
}

/** A run of mbox messages parsed, on a helper or on the job's thread. */
export async function readMessages(messages: readonly SplitMessage[]): Promise<MessageRecords[]> {
  const results: MessageRecords[] = [];
  for (const m of messages) {
    const warnings: string[] = [];
    results.push({ records: await readMessage(m.bytes, { sourceIndex: m.index, warn: (w) => warnings.push(w) }), warnings });
  }
  return results;
}

/** How the pool hands out runs of one kind of item and parses them on this thread. */
interface RunKind<I, R> {
  request(id: number, run: readonly I[]): Request;
  here(run: readonly I[]): Promise<R[]>;
}

const FILES: RunKind<FolderFile, FileRecords> = {
  request: (id, files) => ({ id, files }),
  here: runOnJobThread,
};

/**
 * Each file's records, in the files' order, read and parsed by helpers started on the job
 * worker's entry and by this thread whenever the next run in order is not back yet. `threads`
 * helpers start at once; given a LoadMark instead, this thread parses alone for MEASURE_MS after
 * it and then starts as many as poolSize finds idle cores for. `onHelpers` is told that number.
 * Stopping the iteration (done, cancelled, an error) stops the helpers.
 */
export async function* pooledFileRecords(workerUrl: string | URL, files: readonly FolderFile[], threads: number | LoadMark, signal?: AbortSignal, onHelpers?: (n: number) => void): AsyncGenerator<{ file: FolderFile; result: FileRecords }> {
  function* runs(): Generator<FolderFile[]> {
    for (let i = 0; i < files.length; i += RUN) yield files.slice(i, i + RUN);
  }
  for await (const { item, result } of pooled(workerUrl, runs(), FILES, threads, signal, onHelpers)) yield { file: item, result };
}

/** A run of messages is cut at this many bytes too: runs in flight hold the messages' bytes. */
const RUN_BYTES = 1 << 20;

/** An mbox's messages (as split on this thread) parsed as a folder's files are: see pooledFileRecords. */
export async function* pooledMessageRecords<M extends SplitMessage>(workerUrl: string | URL, messages: AsyncIterable<M>, threads: number | LoadMark, signal?: AbortSignal, onHelpers?: (n: number) => void): AsyncGenerator<{ item: M; result: MessageRecords }> {
  async function* runs(): AsyncGenerator<M[]> {
    let run: M[] = [];
    let bytes = 0;
    for await (const m of messages) {
      run.push(m);
      bytes += m.bytes.length;
      if (run.length >= RUN || bytes >= RUN_BYTES) { yield run; run = []; bytes = 0; }
    }
    if (run.length) yield run;
  }
  const kind: RunKind<M, MessageRecords> = { request: (id, run) => ({ id, messages: run.map(({ index, bytes }) => ({ index, bytes })) }), here: readMessages };
  yield* pooled(workerUrl, runs(), kind, threads, signal, onHelpers);
}

async function* pooled<I, R>(workerUrl: string | URL, source: Iterator<I[]> | AsyncIterator<I[]>, kind: RunKind<I, R>, threads: number | LoadMark, signal?: AbortSignal, onHelpers?: (n: number) => void): AsyncGenerator<{ item: I; result: R }> {
  // Runs taken from the source and not yet yielded, by number; `taken` counts them all.
  const runs = new Map<number, readonly I[]>();
  let taken = 0;
  let exhausted = false;
  const done = new Map<number, readonly R[]>();
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  const notify = (): void => { const w = wake; wake = null; w?.(); };
  const helpers: Worker[] = [];
  const load = new Map<Worker, number>();
  let next = 0;
  let cursor = 0;
  // Runs are taken and handed out at most this far past the next one to yield: memory stays bounded.
  const window = (): number => cursor + (helpers.length + 1) * QUEUED * 2;
  const ahead = (): boolean => next < taken && next < window();
  const take = async (): Promise<void> => {
    while (!exhausted && taken < window()) {
      const r = await source.next();
      if (r.done) exhausted = true;
      else runs.set(taken++, r.value);
    }
  };
  const send = (w: Worker): void => {
    while ((load.get(w) ?? 0) < QUEUED && ahead()) {
      load.set(w, (load.get(w) ?? 0) + 1);
      w.postMessage(kind.request(next, runs.get(next)!));
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
        else done.set(a.id, a.results as readonly R[]);
        notify();
      });
      w.on('error', (e: Error) => { failure ??= e; notify(); });
      w.on('exit', () => { if (helpers.includes(w)) { failure ??= new Error('A mail reading thread stopped unexpectedly.'); notify(); } });
    }
  };
  let measuring = typeof threads === 'number' ? null : threads;
  try {
    await take();
    if (typeof threads === 'number') start(Math.min(threads, taken));
    for (;;) {
      if (measuring && performance.now() - measuring.at >= MEASURE_MS) {
        start(exhausted ? Math.min(poolSize(measuring), taken - next) : poolSize(measuring));
        measuring = null;
      }
      await take();
      for (const w of helpers) send(w);
      if (cursor >= taken && exhausted) break;
      const results = done.get(cursor);
      if (!results) {
        if (failure) throw failure;
        if (signal?.aborted) return;
        if (ahead()) {
          const id = next++;
          done.set(id, await kind.here(runs.get(id)!));
          continue;
        }
        await new Promise<void>((r) => { wake = r; });
        continue;
      }
      done.delete(cursor);
      const run = runs.get(cursor)!;
      runs.delete(cursor);
      cursor++;
      for (let i = 0; i < run.length; i++) yield { item: run[i]!, result: results[i]! };
    }
  } finally {
    if (measuring) onHelpers?.(0);
    await source.return?.();
    signal?.removeEventListener('abort', onAbort);
    const stopping = helpers.splice(0);
    await Promise.all(stopping.map((w) => w.terminate()));
  }
}
