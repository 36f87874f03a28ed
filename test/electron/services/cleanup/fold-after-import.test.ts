/**
 * A contact import folds its own log as it ends (its worker's upkeep). The services fold again
 * only when they wrote after it: re-linking duplicates to their most complete row. A second fold
 * started while the first copies a big list's pages is only another worker competing with the
 * user's next import.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { JobRunner } from '../../../../electron/services/jobs/runner.js';
import { harness } from './helpers.js';

// The second row of each address has more cells filled: "most complete" keeps it instead.
const LIST = 'email,name,city\r\na@example.org,,\r\nb@example.org,B,\r\na@example.org,A,Oslo\r\nb@example.org,B,Bergen\r\n';

afterEach(() => { vi.restoreAllMocks(); });

async function foldsAfterImport(duplicates: 'first' | 'most-complete'): Promise<number> {
  const fold = vi.spyOn(JobRunner.prototype, 'fold');
  const h = harness();
  try {
    await h.services['cleanup/new']({});
    if (duplicates !== 'first') await h.services['policy/set']({ policy: { duplicates } });
    writeFileSync(join(h.userDataDir, 'list.csv'), LIST);
    const calls = fold.mock.calls.length;
    expect(await h.run(h.services['contacts/import']({ path: join(h.userDataDir, 'list.csv'), options: {} }))).toMatchObject({ status: 'done' });
    const kept = await h.services['review/rows']({ filter: { decision: 'keep', search: '' }, offset: 0, limit: 10 });
    expect(kept.rows.map((r) => r.row)).toEqual(duplicates === 'first' ? [1, 2] : [3, 4]);
    return fold.mock.calls.length - calls;
  } finally {
    await h.services.dispose();
  }
}

describe('after a contact import', () => {
  it('does not fold the log a second time when nothing was re-linked', async () => {
    expect(await foldsAfterImport('first')).toBe(0);
  });

  it('folds what re-linking the duplicates to their most complete row wrote', async () => {
    expect(await foldsAfterImport('most-complete')).toBe(1);
  });
});
