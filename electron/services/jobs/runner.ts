/**
 * Runs imports and exports in worker threads so a million-row import never blocks the main
 * event loop. One writing job per cleanup file at a time; cancel flips a shared flag the
 * worker checks between batches; a cancelled or failed job rolls its one transaction back.
 */
import { randomUUID } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { AppError } from '../../../shared/errors.js';
import type { JobKind, JobOutcome, JobProgress } from '../../../shared/types.js';
import type { WorkerInput, WorkerMessage } from './protocol.js';

export interface JobHandle {
  readonly jobId: string;
  readonly kind: JobKind;
  readonly dbPath: string;
  /** Resolves when the worker has finished (never rejects). */
  readonly done: Promise<{ outcome: JobOutcome; result?: unknown }>;
}

export interface RunnerOptions {
  readonly workerUrl: string | URL;
  readonly onProgress?: (p: JobProgress) => void;
  /** Tests only: a module exporting `tasks` that replace the real ones. */
  readonly tasksModule?: string;
}

interface Running {
  readonly handle: JobHandle;
  readonly worker: Worker;
  readonly flag: Int32Array;
  readonly writes: boolean;
}

export class JobRunner {
  private readonly jobs = new Map<string, Running>();

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
    const input: WorkerInput = { jobId, kind, dbPath, payload, cancel, ...(this.opts.tasksModule ? { tasksModule: this.opts.tasksModule } : {}) };
    const url = this.opts.workerUrl;
    const href = String(url);
    const path = href.startsWith('file:') ? fileURLToPath(href) : href;
    const worker = path.endsWith('.ts') ? tsWorker(path, input) : new Worker(path, { workerData: input });
    let settle!: (v: { outcome: JobOutcome; result?: unknown }) => void;
    const done = new Promise<{ outcome: JobOutcome; result?: unknown }>((r) => { settle = r; });
    let finished: { outcome: JobOutcome; result?: unknown } | null = null;
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'progress') this.opts.onProgress?.({ jobId, kind, ...m.progress });
      else if (m.type === 'done') finished = { outcome: m.outcome, result: m.result };
    });
    worker.on('error', (e) => {
      finished ??= { outcome: { status: 'failed', code: 'internal', message: `The job stopped unexpectedly: ${e.message}` } };
    });
    worker.on('exit', () => {
      this.jobs.delete(jobId);
      const r = finished ?? (Atomics.load(flag, 0) === 1
        ? { outcome: { status: 'cancelled' } as const }
        : { outcome: { status: 'failed', code: 'internal', message: 'The job stopped unexpectedly.' } as const });
      settle(r);
    });
    // The worker stays alive until it posts 'done'; exit once it has, so nothing lingers.
    worker.on('message', (m: WorkerMessage) => { if (m.type === 'done') void worker.terminate(); });
    const handle: JobHandle = { jobId, kind, dbPath, done };
    this.jobs.set(jobId, { handle, worker, flag, writes: opts.writes });
    return handle;
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
    await Promise.all([...this.jobs.values()].map((j) => j.worker.terminate()));
  }
}

/**
 * Under plain Node/tsx/vitest the worker is TypeScript. `execArgv: ['--import', 'tsx']` is
 * not enough on Node 20 (the loader hooks do not reach the worker's entry), so a tiny bootstrap
 * registers tsx inside the worker and then imports the entry.
 */
function tsWorker(path: string, input: WorkerInput): Worker {
  // The ESM build of tsx's API, resolved from here (an eval worker resolves from the cwd).
  const pkg = createRequire(import.meta.url).resolve('tsx/package.json');
  const tsx = pathToFileURL(join(dirname(pkg), 'dist/esm/api/index.mjs')).href;
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(pathToFileURL(path).href)}); })
    .catch((e) => { process.nextTick(() => { throw e; }); });`;
  return new Worker(boot, { eval: true, workerData: input });
}
