import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { harness, type Harness } from './helpers.js';
import { API } from '../../../../shared/contract.js';
import { createDispatch, type ServiceHandlers } from '../../../../electron/ipc/dispatch.js';
import { Grants } from '../../../../electron/ipc/grants.js';

// Row 1 and 6 are typos; rows 2/3 are duplicates (3 has more cells); row 4 is a role account;
// row 5 is the address row 1 becomes once corrected, and that address hard-bounced; row 7 soft-bounced once.
const CONTACTS = [
  'email,first,last,city',
  'ann@gmial.com,Ann,Lee,Oslo',
  'bob@example.com,Bob,,',
  'BOB@example.com,Bob,Stone,"Paris, FR"',
  'info@example.com,,,',
  'ann@gmail.com,Ann,,',
  'carl@yaho.com,Carl,Ray,Rome',
  'dan@example.org,Dan,,',
].join('\r\n') + '\r\n';
const BOUNCES = 'email,status,diagnostic\r\nann@gmail.com,5.1.1,550 5.1.1 user unknown\r\ndan@example.org,4.2.2,452 4.2.2 Mailbox full\r\n';

let h: Harness;
let dir: string;
let cleanup: string;
const byRow = async () => {
  const page = await h.services['review/rows']({ filter: { decision: 'all', search: '' }, offset: 0, limit: 100 });
  return page.rows;
};

// The same scenario with every change applied on the main thread, then with every change sent to
// a worker (as changes of 5,000 rows and more are in the app).
describe.each([['on the main thread', {}], ['in a worker', { bulkInWorkerFrom: 1 }]] as const)('rules and typos, changes %s', (_mode, extra) => {
beforeAll(async () => {
  h = harness(extra);
  dir = mkdtempSync(join(tmpdir(), 'ls-rules-'));
  writeFileSync(join(dir, 'contacts.csv'), CONTACTS);
  writeFileSync(join(dir, 'bounces.csv'), BOUNCES);
  cleanup = (await h.services['cleanup/new']({ path: join(dir, 'rules') })).path;
  expect(await h.run(h.services['contacts/import']({ path: join(dir, 'contacts.csv'), options: {} }))).toMatchObject({ status: 'done' });
  expect(await h.run(h.services['bounces/import']({ paths: [join(dir, 'bounces.csv')], mappings: {} }))).toMatchObject({ status: 'done' });
});
afterAll(async () => { await h.services.dispose(); });

describe('policy settings', () => {
  it('starts from the default policy', async () => {
    expect(await h.services['policy/get']({})).toMatchObject({ softRepeatThreshold: 3, role: 'keep', duplicates: 'first' });
  });

  it('re-decides rows when the policy changes, and keeps the change across reopening', async () => {
    const before = await h.services['review/summary']({});
    const r = await h.services['policy/set']({ policy: { role: 'remove' } });
    expect(r.policy.role).toBe('remove');
    expect(r.summary.byDecision.remove).toBe(before.byDecision.remove + 1);
    expect((await byRow())[3]).toMatchObject({ email: 'info@example.com', decision: 'remove', cause: 'role' });
    await h.services['cleanup/close']({});
    await h.services['cleanup/open']({ path: cleanup });
    expect((await h.services['policy/get']({})).role).toBe('remove');
    expect((await byRow())[3]).toMatchObject({ decision: 'remove', cause: 'role' });
  });

  it('removes after fewer soft bounces when the threshold is lowered', async () => {
    expect((await byRow())[6]).toMatchObject({ email: 'dan@example.org', decision: 'watch', cause: 'soft-bounce' });
    await h.services['policy/set']({ policy: { softRepeatThreshold: 1 } });
    expect((await byRow())[6]).toMatchObject({ decision: 'remove', cause: 'repeated-soft' });
    await h.services['review/undo']({});
    expect((await byRow())[6]).toMatchObject({ decision: 'watch', cause: 'soft-bounce' });
  });

  it('keeps the most complete duplicate when asked, and undo restores the previous rules', async () => {
    let rows = await byRow();
    expect(rows[1]).toMatchObject({ cause: 'clean' });
    expect(rows[2]).toMatchObject({ cause: 'duplicate', label: 'Duplicate of row 2' });
    await h.services['policy/set']({ policy: { duplicates: 'most-complete' } });
    rows = await byRow();
    expect(rows[1]).toMatchObject({ decision: 'remove', cause: 'duplicate', label: 'Duplicate of row 3' });
    expect(rows[2]).toMatchObject({ decision: 'keep', cause: 'clean' });
    expect((await h.services['review/summary']({})).canUndo).toBe(true);
    expect((await h.services['review/undo']({})).undone).toBe('Change the rules');
    expect((await h.services['policy/get']({})).duplicates).toBe('first');
    rows = await byRow();
    expect(rows[1]).toMatchObject({ cause: 'clean' });
    expect(rows[2]).toMatchObject({ cause: 'duplicate' });
    // An unchanged policy is not a step.
    await h.services['policy/set']({ policy: { role: 'remove' } });
    expect((await h.services['review/undo']({})).undone).toBe('Change the rules');
    expect((await h.services['policy/get']({})).role).toBe('keep');
  });
});

describe('typo suggestions', () => {
  it('finds the rows with a suggestion', async () => {
    expect((await h.services['review/summary']({})).suggestions).toBe(2);
    const typos = await h.services['review/rows']({ filter: { decision: 'all', search: '', flag: 'typo' }, offset: 0, limit: 10 });
    expect(typos.total).toBe(2);
    expect(typos.rows.map((r) => [r.email, r.suggestion])).toEqual([['ann@gmial.com', 'ann@gmail.com'], ['carl@yaho.com', 'carl@yahoo.com']]);
  });

  it('accepts one row: the corrected address takes its bounce history and duplicates', async () => {
    const ann = (await byRow())[0]!;
    expect(ann.decision).toBe('keep');
    expect((await h.services['review/accept-suggestion']({ ids: [ann.id] })).changed).toBe(1);
    const rows = await byRow();
    expect(rows[0]).toMatchObject({ email: 'ann@gmail.com', originalEmail: 'ann@gmial.com', decision: 'remove', cause: 'hard-bounce' });
    expect(rows[4]).toMatchObject({ decision: 'remove', cause: 'hard-bounce' });
    const detail = await h.services['review/contact']({ id: ann.id });
    expect(detail).toMatchObject({ email: 'ann@gmail.com', originalEmail: 'ann@gmial.com' });
    expect(detail.bounces).toHaveLength(1);
    // Accepting again changes nothing and adds no undo step.
    expect((await h.services['review/accept-suggestion']({ ids: [ann.id] })).changed).toBe(0);
    expect((await h.services['review/summary']({})).suggestions).toBe(1);
  });

  it('accepts every suggestion of a filter', async () => {
    expect((await h.services['review/accept-suggestion']({ filter: { decision: 'all', search: '', flag: 'typo' } })).changed).toBe(1);
    expect((await byRow())[5]).toMatchObject({ email: 'carl@yahoo.com', originalEmail: 'carl@yaho.com', decision: 'keep' });
    expect((await h.services['review/summary']({})).suggestions).toBe(0);
    expect((await h.services['review/rows']({ filter: { decision: 'all', search: 'yahoo' }, offset: 0, limit: 10 })).total).toBe(1);
  });

  it('exports corrected rows with the corrected address; other rows stay byte-identical', async () => {
    const out = join(dir, 'cleaned.csv');
    expect(await h.run(h.services['export/run']({ kind: 'cleaned', path: out, encoding: 'source' }))).toMatchObject({ status: 'done' });
    expect(readFileSync(out, 'utf8')).toBe([
      'email,first,last,city',
      'bob@example.com,Bob,,',
      'info@example.com,,,',
      'carl@yahoo.com,Carl,Ray,Rome',
      'dan@example.org,Dan,,',
    ].join('\r\n') + '\r\n');
    const removed = join(dir, 'removed.csv');
    expect(await h.run(h.services['export/run']({ kind: 'removed', path: removed, encoding: 'source' }))).toMatchObject({ status: 'done' });
    const lines = readFileSync(removed, 'utf8').split('\r\n');
    expect(lines[1]).toMatch(/^ann@gmail\.com,Ann,Lee,Oslo,hard-bounce,/);
    expect(lines[2]).toMatch(/^BOB@example\.com,Bob,Stone,"Paris, FR",duplicate,/);
  });

  it('undo puts the original addresses back, step by step', async () => {
    expect((await h.services['review/undo']({})).undone).toBe('Accept 1 suggested correction');
    expect((await byRow())[5]).toMatchObject({ email: 'carl@yaho.com', suggestion: 'carl@yahoo.com' });
    expect((await h.services['review/undo']({})).undone).toBe('Accept 1 suggested correction');
    const rows = await byRow();
    expect(rows[0]).toMatchObject({ email: 'ann@gmial.com', decision: 'keep', cause: 'clean' });
    expect(rows[0]!.originalEmail).toBeUndefined();
    expect(rows[4]).toMatchObject({ decision: 'remove', cause: 'hard-bounce' });
    expect((await h.services['review/summary']({})).suggestions).toBe(2);
  });
});

describe('a later import under "most complete"', () => {
  it('keeps the fuller duplicate from the new list', async () => {
    await h.services['policy/set']({ policy: { duplicates: 'most-complete' } });
    writeFileSync(join(dir, 'more.csv'), 'email,first,last,city\r\ndan@example.org,Dan,Day,Derby\r\n');
    expect(await h.run(h.services['contacts/import']({ path: join(dir, 'more.csv'), options: {} }))).toMatchObject({ status: 'done' });
    const rows = await byRow();
    expect(rows[7]).toMatchObject({ email: 'dan@example.org', cause: 'soft-bounce', source: 'more.csv' });
    expect(rows[6]).toMatchObject({ decision: 'remove', cause: 'duplicate' });
  });
});

});

describe('contract', () => {
  it('validates policy and suggestion input', () => {
    const set = API['policy/set'].input;
    expect(set.safeParse({ policy: { softRepeatThreshold: 5, duplicates: 'most-complete' } }).success).toBe(true);
    expect(set.safeParse({ policy: { softRepeatThreshold: 0 } }).success).toBe(false);
    expect(set.safeParse({ policy: { role: 'maybe' } }).success).toBe(false);
    expect(set.safeParse({ policy: { colour: 'red' } }).success).toBe(false);
    const accept = API['review/accept-suggestion'].input;
    expect(accept.safeParse({}).success).toBe(false);
    expect(accept.safeParse({ ids: [1, 2] }).success).toBe(true);
    expect(accept.safeParse({ filter: { flag: 'typo' } }).success).toBe(true);
    expect(accept.safeParse({ filter: { flag: 'other' } }).success).toBe(false);
  });

  it('dispatches the new channels and refuses bad input before the service', async () => {
    const set = vi.fn(async () => ({ ok: 1 }));
    const services = new Proxy({} as ServiceHandlers, { get: (_t, k) => (k === 'policy/set' ? set : () => Promise.reject(new Error(String(k)))) });
    const d = createDispatch({ services, dialogs: { open: async () => [], save: async () => null }, grants: new Grants() });
    expect(await d('policy/set', { policy: { countSenderSideSoft: 'yes' } })).toMatchObject({ ok: false, error: { code: 'bad-input' } });
    expect(set).not.toHaveBeenCalled();
    expect(await d('policy/set', { policy: { countSenderSideSoft: true } })).toEqual({ ok: true, data: { ok: 1 } });
    expect(set).toHaveBeenCalledWith({ policy: { countSenderSideSoft: true } });
  });
});
