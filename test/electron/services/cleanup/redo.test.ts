import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, type Harness } from './helpers.js';

// Row 1 is a typo whose correction (row 5) hard-bounced; row 4 is a role account; row 6 soft-bounced once.
const CONTACTS = [
  'email,first',
  'ann@gmial.com,Ann',
  'bob@example.com,Bob',
  'BOB@example.com,Bob',
  'info@example.com,',
  'ann@gmail.com,Ann',
  'dan@example.org,Dan',
].join('\r\n') + '\r\n';
const BOUNCES = 'email,status,diagnostic\r\nann@gmail.com,5.1.1,550 5.1.1 user unknown\r\ndan@example.org,4.2.2,452 4.2.2 Mailbox full\r\n';

// Redo must be exact for every kind of step, whether the change runs here or in a worker.
describe.each([['on the main thread', {}], ['in a worker', { bulkInWorkerFrom: 1 }]] as const)('redo, changes %s', (_mode, extra) => {
  let h: Harness;
  /** Everything the review shows: every row and the summary. */
  const state = async () => {
    const page = await h.services['review/rows']({ filter: { decision: 'all', search: '' }, offset: 0, limit: 100 });
    const { canUndo: _u, canRedo: _r, ...summary } = await h.services['review/summary']({});
    return { rows: page.rows, summary, policy: await h.services['policy/get']({}) };
  };

  beforeAll(async () => {
    h = harness(extra);
    const dir = mkdtempSync(join(tmpdir(), 'ls-redo-'));
    writeFileSync(join(dir, 'contacts.csv'), CONTACTS);
    writeFileSync(join(dir, 'bounces.csv'), BOUNCES);
    await h.services['cleanup/new']({ path: join(dir, 'redo') });
    expect(await h.run(h.services['contacts/import']({ path: join(dir, 'contacts.csv'), options: {} }))).toMatchObject({ status: 'done' });
    expect(await h.run(h.services['bounces/import']({ paths: [join(dir, 'bounces.csv')], mappings: {} }))).toMatchObject({ status: 'done' });
  });
  afterAll(async () => { await h.services.dispose(); });

  it('has nothing to redo before anything was undone', async () => {
    expect(await h.services['review/redo']({})).toEqual({ redone: null });
    expect((await h.services['review/summary']({})).canRedo).toBe(false);
  });

  it('re-applies overrides, rules changes and accepted corrections exactly, in order', async () => {
    const s0 = await state();
    const rows = s0.rows;
    // Row 6 already had an override before the step redo must replay (its previous value differs per row).
    await h.services['review/override']({ ids: [rows[5]!.id], decision: 'keep' });
    const s1 = await state();
    await h.services['review/override']({ ids: [rows[1]!.id, rows[5]!.id], decision: 'remove' });
    const s2 = await state();
    await h.services['policy/set']({ policy: { role: 'remove' } });
    const s3 = await state();
    await h.services['review/accept-suggestion']({ ids: [rows[0]!.id] });
    const s4 = await state();

    expect((await h.services['review/undo']({})).undone).toBe('Accept 1 suggested correction');
    expect(await state()).toEqual(s3);
    expect((await h.services['review/undo']({})).undone).toBe('Change the rules');
    expect(await state()).toEqual(s2);
    expect((await h.services['review/undo']({})).undone).toBe('Remove 2 rows');
    expect(await state()).toEqual(s1);
    expect((await h.services['review/summary']({})).canRedo).toBe(true);

    expect(await h.services['review/redo']({})).toEqual({ redone: 'Remove 2 rows' });
    expect(await state()).toEqual(s2);
    expect(await h.services['review/redo']({})).toEqual({ redone: 'Change the rules' });
    expect(await state()).toEqual(s3);
    expect(await h.services['review/redo']({})).toEqual({ redone: 'Accept 1 suggested correction' });
    expect(await state()).toEqual(s4);
    expect(await h.services['review/redo']({})).toEqual({ redone: null });

    // Redone steps are undo steps again.
    expect((await h.services['review/undo']({})).undone).toBe('Accept 1 suggested correction');
    expect(await state()).toEqual(s3);
  });

  it('forgets what was undone once a new change is made, but not for a change that changes nothing', async () => {
    const rows = (await state()).rows;
    await h.services['review/undo']({});
    expect((await h.services['review/summary']({})).canRedo).toBe(true);
    // Removing a row the user already removed is no step: the redo stays.
    await h.services['review/override']({ ids: [rows[5]!.id], decision: 'remove' });
    expect((await h.services['review/summary']({})).canRedo).toBe(true);
    await h.services['review/override']({ ids: [rows[2]!.id], decision: 'watch' });
    expect((await h.services['review/summary']({})).canRedo).toBe(false);
    expect(await h.services['review/redo']({})).toEqual({ redone: null });
  });
});
