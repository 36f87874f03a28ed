/**
 * Issue 12: the history reads newest first with the event that decided on top, and the table's
 * "Last diagnostic" is that event's, not a later unrelated soft bounce's.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, type Harness } from './helpers.js';

const CONTACTS = 'email\r\nold@example.com\r\nfull@example.com\r\n';
// old@: a mailbox full in 2003, the hard bounce in 2017, another mailbox full in 2019 (after the
// hard bounce, so it is the newest but decides nothing). Rows are out of date order on purpose.
const BOUNCES = [
  'email,date,status,diagnostic',
  'old@example.com,2019-05-02,4.2.2,452 4.2.2 Mailbox full (2019)',
  'old@example.com,2003-01-10,4.2.2,452 4.2.2 Mailbox full (2003)',
  'old@example.com,2017-03-04,5.1.1,550 5.1.1 User unknown (2017)',
  'full@example.com,2020-01-01,4.2.2,452 4.2.2 Mailbox full (2020)',
  'full@example.com,2021-01-01,4.2.2,452 4.2.2 Mailbox full (2021)',
].join('\r\n') + '\r\n';

let h: Harness;
const rows = async () => (await h.services['review/rows']({ filter: { decision: 'all', search: '' }, offset: 0, limit: 10 })).rows;

beforeAll(async () => {
  h = harness();
  const dir = mkdtempSync(join(tmpdir(), 'ls-order-'));
  writeFileSync(join(dir, 'contacts.csv'), CONTACTS);
  writeFileSync(join(dir, 'bounces.csv'), BOUNCES);
  await h.services['cleanup/new']({ path: join(dir, 'order') });
  expect(await h.run(h.services['contacts/import']({ path: join(dir, 'contacts.csv'), options: {} }))).toMatchObject({ status: 'done' });
  expect(await h.run(h.services['bounces/import']({ paths: [join(dir, 'bounces.csv')], mappings: {} }))).toMatchObject({ status: 'done' });
});
afterAll(async () => { await h.services.dispose(); });

describe('evidence in order', () => {
  it('shows the deciding hard bounce as the last diagnostic, not the later mailbox full', async () => {
    const [old, full] = await rows();
    expect(old).toMatchObject({ decision: 'remove', cause: 'hard-bounce', bounces: 3 });
    expect(old!.lastDiagnostic).toContain('User unknown (2017)');
    // Nothing decided by a single event among equals: the newest soft bounce is the one shown.
    expect(full!.lastDiagnostic).toContain('(2021)');
  });

  it('lists the history newest first with the deciding event on top', async () => {
    const [old] = await rows();
    const d = await h.services['review/contact']({ id: old!.id });
    expect(d.bounces.map((b) => b.diagnostic.match(/\((\d{4})\)/)?.[1])).toEqual(['2017', '2019', '2003']);
    expect(d.decidingBounceId).toBe(d.bounces[0]!.id);
  });

  it('keeps the deciding event on top after the rules change which event decides', async () => {
    const [, full] = await rows();
    await h.services['policy/set']({ policy: { softRepeatThreshold: 2, softRepeatMinDays: 0 } });
    const d = await h.services['review/contact']({ id: full!.id });
    expect(d.decision).toBe('remove');
    expect(d.bounces[0]!.id).toBe(d.decidingBounceId);
    expect((await rows())[1]!.lastDiagnostic).toBe(d.bounces[0]!.diagnostic);
  });
});
