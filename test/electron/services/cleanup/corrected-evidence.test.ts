/**
 * Accepting a typo correction for an address that hard-bounced: the bounces stay with the
 * mistyped address (they were recorded for it), the contact detail says how many there were,
 * and the corrected address starts from its own, empty, history.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { harness } from './helpers.js';

const h = harness();
afterAll(async () => { await h.services.dispose(); });

it('reports the original address’s bounces after its correction is accepted, and none before', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ls-corrected-'));
  writeFileSync(join(dir, 'contacts.csv'), 'email,name\r\ncarl@gmial.com,Carl\r\nann@example.org,Ann\r\n');
  writeFileSync(join(dir, 'bounces.csv'), 'email,status,diagnostic\r\ncarl@gmial.com,5.1.2,550 5.1.2 Host unknown\r\nCARL@gmial.com,4.2.2,452 4.2.2 Mailbox full\r\n');
  await h.services['cleanup/new']({ path: join(dir, 'c') });
  expect(await h.run(h.services['contacts/import']({ path: join(dir, 'contacts.csv'), options: {} }))).toMatchObject({ status: 'done' });
  expect(await h.run(h.services['bounces/import']({ paths: [join(dir, 'bounces.csv')], mappings: {} }))).toMatchObject({ status: 'done' });
  const carl = (await h.services['review/rows']({ filter: { decision: 'all', search: 'carl' }, offset: 0, limit: 10 })).rows[0]!;
  expect(carl).toMatchObject({ decision: 'remove', suggestion: 'carl@gmail.com' });
  expect((await h.services['review/contact']({ id: carl.id })).originalBounces).toBeUndefined();

  expect(await h.services['review/accept-suggestion']({ ids: [carl.id] })).toEqual({ changed: 1 });
  const detail = await h.services['review/contact']({ id: carl.id });
  expect(detail).toMatchObject({ email: 'carl@gmail.com', originalEmail: 'carl@gmial.com', originalBounces: { total: 2, hard: 1 }, bounces: [] });
  expect(detail.decision).not.toBe('remove');
});
