/**
 * Runs one task with a TaskContext built on the shared cancel flag: the body of a job, used by
 * the worker entry and by the runner's inline mode (the CLI, where no UI needs the main loop).
 */
import { AppError, userErrorOf } from '../../../shared/errors.js';
import type { JobOutcome } from '../../../shared/types.js';
import type { TaskContext, TaskTable, WorkerInput, WorkerMessage } from './protocol.js';

const PROGRESS_INTERVAL_MS = 100;

/**
 * `upkeep` false: the task's `afterwards` is not run. The command line folds its file's log once,
 * when it closes it: a fold after each job cost it 0.5 s at 1M rows (250 MB copied, then synced).
 */
export async function execute(input: WorkerInput, tasks: TaskTable, post: (m: WorkerMessage) => void, { upkeep = true } = {}): Promise<void> {
  const flag = new Int32Array(input.cancel);
  const abort = new AbortController();
  // Readers deep in a file get the AbortSignal; the flag is polled so they see it promptly.
  const poll = setInterval(() => { if (Atomics.load(flag, 0) === 1) abort.abort(); }, 50);
  let last = 0;
  const ctx: TaskContext = {
    jobId: input.jobId,
    dbPath: input.dbPath,
    signal: abort.signal,
    ...(input.workerUrl ? { workerUrl: input.workerUrl } : {}),
    cancelled: () => Atomics.load(flag, 0) === 1 || abort.signal.aborted,
    checkCancelled() {
      if (this.cancelled()) throw new AppError('cancelled', 'Cancelled.');
    },
    progress(phase, done, total, unit) {
      const now = Date.now();
      if (now - last < PROGRESS_INTERVAL_MS && done < total) return;
      last = now;
      post({ type: 'progress', progress: { phase, done, total, unit } });
    },
  };
  let outcome: JobOutcome;
  let result: unknown;
  let afterwards: (() => void) | undefined;
  try {
    const task = tasks[input.kind];
    if (!task) throw new AppError('internal', `No task for ${input.kind}.`);
    const r = await task(ctx, input.payload);
    outcome = { status: 'done', summary: r.summary, warnings: r.warnings };
    result = r.result;
    afterwards = r.afterwards;
  } catch (e) {
    const user = userErrorOf(e);
    if (ctx.cancelled() || user?.code === 'cancelled') outcome = { status: 'cancelled' };
    else if (user) outcome = { status: 'failed', code: user.code, message: user.message };
    else outcome = { status: 'failed', code: 'internal', message: `Something went wrong: ${(e as Error)?.message ?? String(e)}` };
  } finally {
    clearInterval(poll);
  }
  post({ type: 'done', outcome, result });
  // Upkeep only: if it fails, SQLite does the same work at the next checkpoint.
  if (upkeep) try { afterwards?.(); } catch { /* see above */ }
}
