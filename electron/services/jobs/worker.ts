/**
 * Job worker entry (built as out/main/job-worker.js; under tsx it is this file). Runs one
 * import or export off the main event loop, with its own database connection, and reports
 * progress at most ~10 times a second.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { AppError, isAppError } from '../../../shared/errors.js';
import type { TaskContext, TaskTable, WorkerInput, WorkerMessage } from './protocol.js';
import { TASKS } from '../cleanup/tasks.js';

const PROGRESS_INTERVAL_MS = 100;

async function main(): Promise<void> {
  const input = workerData as WorkerInput;
  const flag = new Int32Array(input.cancel);
  const abort = new AbortController();
  const post = (m: WorkerMessage) => parentPort!.postMessage(m);
  // Readers deep in a file get the AbortSignal; the flag is polled so they see it promptly.
  const poll = setInterval(() => { if (Atomics.load(flag, 0) === 1) abort.abort(); }, 50);
  let last = 0;
  const ctx: TaskContext = {
    jobId: input.jobId,
    dbPath: input.dbPath,
    signal: abort.signal,
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
  try {
    const tasks: TaskTable = input.tasksModule ? ((await import(input.tasksModule)) as { tasks: TaskTable }).tasks : TASKS;
    const task = tasks[input.kind];
    if (!task) throw new AppError('internal', `No task for ${input.kind}.`);
    const r = await task(ctx, input.payload);
    post({ type: 'done', outcome: { status: 'done', summary: r.summary, warnings: r.warnings }, result: r.result });
  } catch (e) {
    if (ctx.cancelled() || (isAppError(e) && e.code === 'cancelled')) post({ type: 'done', outcome: { status: 'cancelled' } });
    else if (isAppError(e)) post({ type: 'done', outcome: { status: 'failed', code: e.code, message: e.message } });
    else {
      const err = e as Error;
      post({ type: 'done', outcome: { status: 'failed', code: 'internal', message: `Something went wrong: ${err?.message ?? String(e)}` } });
    }
  } finally {
    clearInterval(poll);
  }
}

void main();
