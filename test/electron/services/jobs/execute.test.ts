/**
 * A task's upkeep (folding the log after an import) runs after its result is posted in a job
 * worker, and not at all inline: the command line folds once, when it closes the file.
 */
import { describe, expect, it } from 'vitest';
import { execute } from '../../../../electron/services/jobs/execute.js';
import type { TaskTable, WorkerInput, WorkerMessage } from '../../../../electron/services/jobs/protocol.js';

function setup() {
  const events: string[] = [];
  const tasks: TaskTable = {
    'import-contacts': async () => ({ summary: 'ok', warnings: [], afterwards: () => { events.push('upkeep'); } }),
  };
  const input: WorkerInput = { jobId: 'j', kind: 'import-contacts', dbPath: '/nowhere', payload: {}, cancel: new SharedArrayBuffer(4) };
  const post = (m: WorkerMessage) => { events.push(m.type); };
  return { events, tasks, input, post };
}

describe('execute', () => {
  it('runs the upkeep after posting the result', async () => {
    const { events, tasks, input, post } = setup();
    await execute(input, tasks, post);
    expect(events).toEqual(['done', 'upkeep']);
  });

  it('skips the upkeep when told (inline jobs)', async () => {
    const { events, tasks, input, post } = setup();
    await execute(input, tasks, post, false);
    expect(events).toEqual(['done']);
  });
});
