/**
 * Issue 11 through the services: a DSN about a forwarded alias is matched to the contact on its
 * Original-Recipient, and the Final-Recipient it failed at is stored and shown with it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupWith, harness, type Harness } from './helpers.js';

let h: Harness;
beforeAll(async () => {
  h = harness();
  await cleanupWith(h, 'email\r\nalias@example.com\r\nreal.box@example.org\r\n', ['test/fixtures/mail/postfix-original-vs-final.eml']);
});
afterAll(async () => { await h.services.dispose(); });

describe('Original-Recipient and Final-Recipient in a cleanup', () => {
  it('removes the alias on the list, not the mailbox it forwarded to, and keeps the final recipient in its history', async () => {
    const { rows } = await h.services['review/rows']({ filter: { decision: 'all', search: '' }, offset: 0, limit: 10 });
    expect(rows.map((r) => [r.email, r.decision])).toEqual([['alias@example.com', 'remove'], ['real.box@example.org', 'keep']]);
    const detail = await h.services['review/contact']({ id: rows[0]!.id });
    expect(detail.bounces).toMatchObject([{ email: 'alias@example.com', finalRecipient: 'real.box@example.org', reason: 'userunknown' }]);
    const other = await h.services['review/contact']({ id: rows[1]!.id });
    expect(other.bounces).toEqual([]);
  });
});
