/** Tasks for the runner tests: controllable, no files. */
import { writeFileSync } from 'node:fs';
import type { TaskTable } from '../../../../electron/services/jobs/protocol.js';
import { AppError } from '../../../../shared/errors.js';

export const tasks: TaskTable = {
  // Counts to payload.n in batches, reporting progress after each, until cancelled.
  'import-contacts': async (ctx, payload) => {
    const { n, batchMs, upkeepFile, upkeepMs = 0 } = payload as { n: number; batchMs: number; upkeepFile?: string; upkeepMs?: number };
    for (let i = 1; i <= n; i++) {
      ctx.checkCancelled();
      const end = Date.now() + batchMs;
      while (Date.now() < end) { /* busy: a batch of synchronous SQLite work */ }
      ctx.progress('Reading', i, n, 'rows');
      await new Promise((r) => setImmediate(r));
    }
    return {
      summary: `counted to ${n}`, warnings: ['w1'], result: { n },
      // Upkeep after the result: busy for upkeepMs, then leaves a file to show it ran to the end.
      ...(upkeepFile ? { afterwards: () => { const end = Date.now() + upkeepMs; while (Date.now() < end) { /* busy */ } writeFileSync(upkeepFile, 'done'); } } : {}),
    };
  },
  'import-bounces': async (_ctx, payload) => {
    // { hog: true }: holds ever more memory, as a decompression bomb read whole would.
    if ((payload as { hog?: boolean } | undefined)?.hog) {
      const held: string[][] = [];
      for (;;) { held.push(Array.from({ length: 1 << 16 }, (_, i) => `row ${i} of ${held.length}`)); await new Promise((r) => setImmediate(r)); }
    }
    throw new AppError('wrong-file', 'not bounce data');
  },
  export: async () => {
    throw new Error('boom');
  },
};
