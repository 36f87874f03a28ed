export { JobRunner, type JobHandle, type RunnerOptions } from './runner.js';
export type { Task, TaskContext, TaskResult, TaskTable } from './protocol.js';
