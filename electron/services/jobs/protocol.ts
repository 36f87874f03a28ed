/** Messages between the job runner (main thread) and a job worker. */
import type { JobKind, JobOutcome, JobProgress } from '../../../shared/types.js';

export interface WorkerInput {
  readonly jobId: string;
  readonly kind: JobKind;
  readonly dbPath: string;
  readonly payload: unknown;
  /** Int32Array view: [0] becomes 1 when the job is cancelled. */
  readonly cancel: SharedArrayBuffer;
  /** Tests only: a module whose `tasks` replace the real ones. */
  readonly tasksModule?: string;
  /** The job worker's entry, so a task can start a helper thread on it (see worker.ts). */
  readonly workerUrl?: string;
}

export type WorkerMessage =
  | { readonly type: 'progress'; readonly progress: Omit<JobProgress, 'jobId' | 'kind'> }
  | { readonly type: 'done'; readonly outcome: JobOutcome; readonly result?: unknown };

/** What a task sees: cancellation, progress and warnings. */
export interface TaskContext {
  readonly jobId: string;
  readonly dbPath: string;
  readonly signal: AbortSignal;
  /** The job worker's entry (absent in tests' fake contexts): a task may start a helper thread on it. */
  readonly workerUrl?: string;
  /** True once cancel was requested; tasks check it between batches. */
  cancelled(): boolean;
  /** Throws the cancel error when cancelled: a quick exit between batches. */
  checkCancelled(): void;
  progress(phase: string, done: number, total: number, unit: JobProgress['unit']): void;
}

export interface TaskResult {
  readonly summary: string;
  readonly warnings: readonly string[];
  /** Extra data the caller of the job may use (counts for the CLI…). */
  readonly result?: unknown;
  /**
   * Upkeep run after the result is reported, before the worker exits (folding a big import's
   * write-ahead log into the file): the user has their result while it runs.
   */
  readonly afterwards?: () => void;
}

export type Task = (ctx: TaskContext, payload: unknown) => Promise<TaskResult>;
export type TaskTable = Partial<Record<JobKind, Task>>;
