import { fileURLToPath } from 'node:url';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { JobRunner } from '../../../../electron/services/jobs/index.js';
import type { JobProgress } from '../../../../shared/types.js';
import { AppError } from '../../../../shared/errors.js';

const TASKS = new URL('./fake-tasks.ts', import.meta.url).href;
const WORKER = new URL('../../../../electron/services/jobs/worker.ts', import.meta.url);
let runner: JobRunner;
afterEach(async () => { await runner?.dispose(); });

describe.each([['worker thread', false], ['inline', true]] as const)('JobRunner (%s)', (_name, inline) => {
  function make(progress: JobProgress[] = []) {
    runner = new JobRunner({ workerUrl: WORKER, tasksModule: TASKS, inline, onProgress: (p) => progress.push(p) });
    return runner;
  }

  it('runs a task and reports its outcome and result', async () => {
    const progress: JobProgress[] = [];
    const h = make(progress).start('import-contacts', '/x.listsweep', { n: 5, batchMs: 1 }, { writes: true });
    expect(await h.done).toEqual({ outcome: { status: 'done', summary: 'counted to 5', warnings: ['w1'] }, result: { n: 5 } });
    expect(progress.at(-1)).toMatchObject({ jobId: h.jobId, kind: 'import-contacts', done: 5, total: 5 });
  });

  it('throttles progress to about ten a second', async () => {
    const progress: JobProgress[] = [];
    // 40 batches of 25 ms: unthrottled that is 40 messages; throttled to >= 100 ms apart it is
    // about 10 (more only if the machine stalls between batches, never 40 at this pace).
    const h = make(progress).start('import-contacts', '/x.listsweep', { n: 40, batchMs: 25 }, { writes: true });
    await h.done;
    expect(progress.length).toBeLessThan(30);
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress.at(-1)!.done).toBe(40);
  });

  it('cancels through the shared flag between batches', async () => {
    const h = make().start('import-contacts', '/x.listsweep', { n: 100000, batchMs: 1 }, { writes: true });
    setTimeout(() => runner.cancel(h.jobId), 200);
    expect((await h.done).outcome).toEqual({ status: 'cancelled' });
    expect(runner.isBusy('/x.listsweep')).toBe(false);
  });

  it('refuses a second writing job on the same cleanup, not a read-only one or another cleanup', async () => {
    const r = make();
    const h = r.start('import-contacts', '/x.listsweep', { n: 100000, batchMs: 1 }, { writes: true });
    expect(() => r.start('import-contacts', '/x.listsweep', { n: 1, batchMs: 0 }, { writes: true })).toThrow(expect.objectContaining({ code: 'busy' }));
    const other = r.start('import-contacts', '/y.listsweep', { n: 1, batchMs: 0 }, { writes: true });
    const ro = r.start('import-contacts', '/x.listsweep', { n: 1, batchMs: 0 }, { writes: false });
    expect((await other.done).outcome.status).toBe('done');
    expect((await ro.done).outcome.status).toBe('done');
    r.cancel(h.jobId);
    await h.done;
  });

  it("gives the job's outcome before its upkeep, lets the upkeep finish, and frees the cleanup for the next job (inline: no upkeep)", async () => {
    const r = make();
    const file = join(mkdtempSync(join(tmpdir(), 'ls-upkeep-')), 'upkeep');
    const h = r.start('import-contacts', '/x.listsweep', { n: 1, batchMs: 0, upkeepFile: file, upkeepMs: 1500 }, { writes: true });
    expect((await h.done).outcome.status).toBe('done');
    // A worker reports first and does its upkeep after; inline (the CLI, which folds once when it
    // closes the file) skips it.
    expect(existsSync(file)).toBe(false);
    expect(r.isBusy('/x.listsweep')).toBe(false);
    expect((await r.start('import-contacts', '/x.listsweep', { n: 1, batchMs: 0 }, { writes: true }).done).outcome.status).toBe('done');
    if (inline) {
      await new Promise((res) => setTimeout(res, 2000));
      expect(existsSync(file)).toBe(false);
    } else {
      await vi.waitFor(() => expect(existsSync(file)).toBe(true), { timeout: 10_000, interval: 50 });
    }
  });

  it('turns AppErrors into failed outcomes with their code, and anything else into internal', async () => {
    const r = make();
    expect((await r.start('import-bounces', '/x.listsweep', {}, { writes: true }).done).outcome).toEqual({ status: 'failed', code: 'wrong-file', message: 'not bounce data' });
    expect((await r.start('export', '/x.listsweep', {}, { writes: false }).done).outcome).toMatchObject({ status: 'failed', code: 'internal', message: expect.stringContaining('boom') });
  });
});

it('a worker that runs out of its memory is a plain failed outcome; the runner goes on', async () => {
  runner = new JobRunner({ workerUrl: WORKER, tasksModule: TASKS, memoryLimitMb: 64 });
  const h = runner.start('import-bounces', '/x.listsweep', { hog: true }, { writes: true });
  expect((await h.done).outcome).toEqual({ status: 'failed', code: 'internal', message: expect.stringMatching(/^The import needed more than the 64 MB of memory ListSweep allows it, so it was stopped\./) });
  expect(runner.isBusy('/x.listsweep')).toBe(false);
  const next = runner.start('import-contacts', '/x.listsweep', { n: 2, batchMs: 0 }, { writes: true });
  expect((await next.done).outcome).toMatchObject({ status: 'done' });
});

it('the default worker URL is the TypeScript entry, run through tsx under plain Node', () => {
  expect(fileURLToPath(WORKER)).toMatch(/electron\/services\/jobs\/worker\.ts$/);
});

it('a call with a time limit gives up on a worker that never answers, and the calling thread stays free', async () => {
  runner = new JobRunner({ workerUrl: new URL('./stuck-worker.ts', import.meta.url) });
  let ticks = 0;
  const tick = setInterval(() => { ticks++; }, 20);
  const t0 = Date.now();
  const err = await runner.call({ helper: 'anything' }, { limit: { ms: 1500, error: () => new AppError('damaged', 'took too long') } }).then(() => null, (e: unknown) => e);
  clearInterval(tick);
  expect(err).toMatchObject({ code: 'damaged', message: 'took too long' });
  expect(Date.now() - t0).toBeGreaterThanOrEqual(1500);
  expect(ticks).toBeGreaterThan(10);
});
