/**
 * Runs imports and exports in worker threads so a million-row import never blocks the main
 * event loop. One writing job per cleanup file at a time; cancel flips a shared flag the
 * worker checks between batches; a cancelled or failed job rolls its one transaction back.
 */
import { randomUUID } from 'node:crypto';
import type { Worker } from 'node:worker_threads';
import { AppError } from '../../../shared/errors.js';
import type { JobKind, JobOutcome, JobProgress } from '../../../shared/types.js';
import type { TaskTable, WorkerInput, WorkerMessage } from './protocol.js';
import { startWorker } from './spawn.js';
import { removeStaleTemps } from '../archive/unzip.js';

export interface JobHandle {
  readonly jobId: string;
  readonly kind: JobKind;
  readonly dbPath: string;
  /** Resolves with the job's outcome (never rejects); its worker may still be doing upkeep. */
  readonly done: Promise<{ outcome: JobOutcome; result?: unknown }>;
}

export interface RunnerOptions {
  readonly workerUrl: string | URL;
  readonly onProgress?: (p: JobProgress) => void;
  /** Tests only: a module exporting `tasks` that replace the real ones. */
  readonly tasksModule?: string;
  /**
   * Run jobs on the calling thread instead of a worker (the CLI: no UI to keep responsive,
   * and no worker start-up per job). Same tasks, same cancel flag, same messages.
   */
  readonly inline?: boolean;
  /**
   * The JavaScript heap a worker may use (MB). A file that needs more stops its worker, which
   * is reported as a plain error; the app itself lives on.
   */
  readonly memoryLimitMb?: number;
}

interface Running {
  readonly handle: JobHandle;
  readonly worker: Worker | null;
  readonly flag: Int32Array;
  readonly writes: boolean;
}

/** How long a finished job's worker may spend on upkeep before it is stopped. */
const UPKEEP_LIMIT_MS = 60_000;

/** Far above the ~320 MB a 1M-row import peaks at; well under what kills the whole app. */
const WORKER_MEMORY_MB = 2048;

/** What the user reads when a worker ran out of its memory: the thing, not the machinery. */
function stoppedMessage(e: Error & { code?: string }, limitMb: number, what: string): string {
  if (e.code === 'ERR_WORKER_OUT_OF_MEMORY') {
    const reads = /^(The import|Reading)/.test(what);
    return `${what} needed more than the ${limitMb} MB of memory ListSweep allows it, so it was stopped.`
      + (reads ? ' If the file is a workbook, save the sheet as CSV and use that; CSV files of any size are read in a stream.' : '');
  }
  return `${what} stopped unexpectedly: ${e.message}`;
}

export class JobRunner {
  private readonly jobs = new Map<string, Running>();
  /** Every live worker, including finished jobs still doing their upkeep. */
  private readonly workers = new Set<Worker>();
  private readonly folding = new Map<string, { again: boolean }>();
  /** The long-lived worker previews run in (see preview), while it lives. */
  private previewer: { worker: Worker; pending: Map<number, { resolve(v: unknown): void; reject(e: Error): void; what: string }> } | null = null;
  private nextPreview = 1;
  private disposed = false;

  constructor(private readonly opts: RunnerOptions) {}

  /** Is a writing job running on this cleanup file? */
  isBusy(dbPath: string): boolean {
    for (const j of this.jobs.values()) if (j.writes && j.handle.dbPath === dbPath) return true;
    return false;
  }

  running(): JobHandle[] {
    return [...this.jobs.values()].map((j) => j.handle);
  }

  start(kind: JobKind, dbPath: string, payload: unknown, opts: { writes: boolean }): JobHandle {
    if (opts.writes && this.isBusy(dbPath)) {
      throw new AppError('busy', 'Another import is still running on this cleanup. Wait for it to finish or cancel it.');
    }
    const jobId = randomUUID();
    const cancel = new SharedArrayBuffer(4);
    const flag = new Int32Array(cancel);
    const input: WorkerInput = { jobId, kind, dbPath, payload, cancel, workerUrl: String(this.opts.workerUrl), ...(this.opts.tasksModule ? { tasksModule: this.opts.tasksModule } : {}) };
    let settle!: (v: { outcome: JobOutcome; result?: unknown }) => void;
    const done = new Promise<{ outcome: JobOutcome; result?: unknown }>((r) => { settle = r; });
    let finished: { outcome: JobOutcome; result?: unknown } | null = null;
    // The job is over for its caller at 'done' (the worker may still do upkeep, see TaskResult.afterwards);
    // an exit without 'done' is a crash or a cancel.
    const finish = (f: { outcome: JobOutcome; result?: unknown }) => {
      if (finished) return;
      finished = f;
      this.jobs.delete(jobId);
      settle(f);
    };
    const onMessage = (m: WorkerMessage) => {
      if (m.type === 'progress') this.opts.onProgress?.({ jobId, kind, ...m.progress });
      else if (m.type === 'done') finish({ outcome: m.outcome, result: m.result });
    };
    const onExit = () => {
      finish(Atomics.load(flag, 0) === 1
        ? { outcome: { status: 'cancelled' } }
        : { outcome: { status: 'failed', code: 'internal', message: 'The job stopped unexpectedly.' } });
    };
    let worker: Worker | null = null;
    if (this.opts.inline) {
      void inlineRun(input, this.opts.tasksModule, onMessage)
        .catch((e: Error) => { finish({ outcome: { status: 'failed', code: 'internal', message: `The job could not start: ${e.message}` } }); })
        .then(onExit);
    } else {
      const w = this.spawn(input);
      worker = w;
      w.on('message', onMessage);
      w.on('error', (e) => {
        finish({ outcome: { status: 'failed', code: 'internal', message: stoppedMessage(e, this.memoryLimitMb, kind === 'export' ? 'The export' : 'The import') } });
      });
      w.on('exit', onExit);
      // The worker exits by itself after its upkeep; terminate is the safety net.
      w.on('message', (m: WorkerMessage) => {
        if (m.type === 'done') setTimeout(() => void w.terminate(), UPKEEP_LIMIT_MS).unref();
      });
    }
    const handle: JobHandle = { jobId, kind, dbPath, done };
    this.jobs.set(jobId, { handle, worker, flag, writes: opts.writes });
    return handle;
  }

  /**
   * Folds a cleanup's write-ahead log into the file in a worker (see foldWal): the app's own
   * connection never checkpoints, so a bulk change on the main thread does not also copy its
   * pages into the file there. One fold per cleanup at a time; a request during one runs after it.
   */
  fold(dbPath: string): void {
    if (this.opts.inline) return; // the command line folds when it closes the file
    const state = this.folding.get(dbPath);
    if (state) { state.again = true; return; }
    const entry = { again: false };
    this.folding.set(dbPath, entry);
    const w = this.spawn({ helper: 'fold', dbPath });
    w.on('error', () => { /* upkeep only: the next fold or closing the file does the same */ });
    w.on('exit', () => {
      this.folding.delete(dbPath);
      if (entry.again && !this.disposed) this.fold(dbPath);
    });
  }

  /**
   * Runs `data` (a helper kind of worker.ts) in a worker and resolves with the first message it
   * posts. Not a job: no progress or done events; dispose still stops it. With `limit`, a worker
   * that has not answered in `limit.ms` is stopped and the call rejects with `limit.error()`.
   */
  call<T>(data: { readonly helper: string; readonly [k: string]: unknown }, options: { readonly what?: string; readonly limit?: { readonly ms: number; readonly error: () => AppError } } = {}): Promise<T> {
    const { what = 'The change', limit } = options;
    return new Promise<T>((resolve, reject) => {
      const w = this.spawn(data);
      let answered = false;
      const answer = (f: () => void) => { if (!answered) { answered = true; clearTimeout(timer); f(); } };
      // A worker stuck inside one native SQLite call only stops when that call returns; dispose
      // does not wait for it.
      const timer = limit ? setTimeout(() => answer(() => { this.workers.delete(w); void w.terminate(); reject(limit.error()); }), limit.ms) : undefined;
      w.on('message', (m: T) => answer(() => resolve(m)));
      w.on('error', (e) => answer(() => reject(new AppError('internal', stoppedMessage(e, this.memoryLimitMb, what)))));
      w.on('exit', () => {
        this.workers.delete(w);
        answer(() => reject(new AppError('internal', `${what} stopped before it finished; nothing was changed.`)));
      });
    });
  }

  /**
   * Runs a preview (a `previews` request of worker.ts) in one long-lived worker: a preview is
   * asked again at every change of delimiter or encoding, and starting a worker and loading the
   * readers each time cost most of a second. If the worker dies (out of memory on a hostile
   * file), the previews waiting on it fail with a plain message and the next one starts afresh.
   */
  preview<T>(request: { readonly what: 'contacts' | 'bounces'; readonly [k: string]: unknown }, what: string): Promise<T> {
    let p = this.previewer;
    if (!p) {
      const w = this.spawn({ helper: 'previews' });
      const q: NonNullable<JobRunner['previewer']> = { worker: w, pending: new Map() };
      w.on('message', (m: { id: number; result: unknown }) => {
        const waiting = q.pending.get(m.id);
        q.pending.delete(m.id);
        if (q.pending.size === 0) w.unref(); // idle, it must not keep a process alive
        waiting?.resolve(m.result);
      });
      const fail = (e?: Error & { code?: string }) => {
        if (this.previewer === q) this.previewer = null;
        for (const waiting of q.pending.values()) {
          waiting.reject(new AppError('internal', e ? stoppedMessage(e, this.memoryLimitMb, waiting.what) : `${waiting.what} stopped before it finished.`));
        }
        q.pending.clear();
      };
      w.on('error', fail);
      w.on('exit', () => fail());
      this.previewer = p = q;
    }
    const id = this.nextPreview++;
    const target = p;
    return new Promise<T>((resolve, reject) => {
      target.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, what });
      target.worker.ref();
      target.worker.postMessage({ id, ...request });
    });
  }

  private get memoryLimitMb(): number {
    return this.opts.memoryLimitMb ?? WORKER_MEMORY_MB;
  }

  /**
   * Every worker starts here: with the memory limit, tracked for dispose, and once it exits
   * (however it ended) the files it unpacked and could not remove itself are removed.
   */
  private spawn(data: unknown): Worker {
    const w = startWorker(this.opts.workerUrl, data, { maxOldGenerationSizeMb: this.memoryLimitMb });
    this.workers.add(w);
    const thread = w.threadId;
    w.on('exit', () => {
      this.workers.delete(w);
      void removeStaleTemps(thread);
    });
    return w;
  }

  /** Asks a job to stop; its transaction is rolled back. Unknown ids are ignored (it may have just finished). */
  cancel(jobId: string): boolean {
    const j = this.jobs.get(jobId);
    if (!j) return false;
    Atomics.store(j.flag, 0, 1);
    return true;
  }

  /** Cancels everything and waits for the workers to exit. */
  async dispose(): Promise<void> {
    this.disposed = true;
    const all = [...this.jobs.values()];
    for (const j of all) Atomics.store(j.flag, 0, 1);
    if (all.length) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.all(all.map((j) => j.handle.done)),
        new Promise((r) => { timer = setTimeout(r, 5000); }),
      ]);
      clearTimeout(timer);
    }
    // Finished jobs' upkeep (a checkpoint) is safe to interrupt: SQLite finishes it at the next one.
    await Promise.all([...this.workers].map((w) => w.terminate()));
  }
}

async function inlineRun(input: WorkerInput, tasksModule: string | undefined, post: (m: WorkerMessage) => void): Promise<void> {
  // Loaded on first use so the app's main process never loads the importers it runs in workers.
  const { execute } = await import('./execute.js');
  const tasks = tasksModule
    ? ((await import(tasksModule)) as { tasks: TaskTable }).tasks
    : (await import('../cleanup/tasks.js')).TASKS;
  await new Promise((r) => setImmediate(r)); // the channel returns its jobId first
  await execute(input, tasks, post, { upkeep: false });
}
