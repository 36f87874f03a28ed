/**
 * An address on a top-level domain that does not exist, through the app's services: removed as
 * invalid with the problem in plain words, offered the corrected address, and once accepted it is
 * checked again, kept, and linked to the bounce history and duplicates of the corrected address.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, type Harness } from './helpers.js';

const CONTACTS = ['email,first', 'bob@northwind.com,Bob', 'ann@northwind.con,Ann', 'cat@startup.co,Cat', ''].join('\r\n');
const BOUNCES = 'email,status,diagnostic\r\nann@northwind.com,5.1.1,550 5.1.1 user unknown\r\n';

let h: Harness;
beforeAll(async () => {
  h = harness();
  const dir = mkdtempSync(join(tmpdir(), 'ls-tld-'));
  writeFileSync(join(dir, 'contacts.csv'), CONTACTS);
  writeFileSync(join(dir, 'bounces.csv'), BOUNCES);
  await h.services['cleanup/new']({ path: join(dir, 'tld') });
  expect(await h.run(h.services['contacts/import']({ path: join(dir, 'contacts.csv'), options: {} }))).toMatchObject({ status: 'done' });
  expect(await h.run(h.services['bounces/import']({ paths: [join(dir, 'bounces.csv')], mappings: {} }))).toMatchObject({ status: 'done' });
});
afterAll(async () => { await h.services.dispose(); });

const rows = async () => (await h.services['review/rows']({ filter: { decision: 'all', search: '' }, offset: 0, limit: 10 })).rows;

describe('an address on a TLD that does not exist', () => {
  it('is removed as invalid, says why, and offers the fix; a business on .co is left alone', async () => {
    const [, ann, cat] = await rows();
    expect(ann).toMatchObject({ email: 'ann@northwind.con', decision: 'remove', cause: 'invalid', suggestion: 'ann@northwind.com', label: 'Invalid address: top-level domain ".con" does not exist' });
    expect(cat).toMatchObject({ email: 'cat@startup.co', decision: 'keep', suggestion: '' });
    const detail = await h.services['review/contact']({ id: ann!.id });
    expect(detail.sentence).toContain('Did you mean ann@northwind.com?');
    expect(detail.check).toMatchObject({ valid: false, suggestion: 'ann@northwind.com' });
  });

  it('once accepted, is checked again and takes the corrected address\'s bounce history', async () => {
    const ann = (await rows())[1]!;
    expect((await h.services['review/accept-suggestion']({ ids: [ann.id] })).changed).toBe(1);
    expect((await rows())[1]).toMatchObject({ email: 'ann@northwind.com', originalEmail: 'ann@northwind.con', decision: 'remove', cause: 'hard-bounce' });
    expect((await h.services['review/contact']({ id: ann.id })).check).toMatchObject({ valid: true, problem: '' });
  });
});
