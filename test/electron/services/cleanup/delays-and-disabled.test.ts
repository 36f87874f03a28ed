/**
 * Issue 11 through the services: delay notices are stored and shown but do not remove anyone;
 * the Rules options for delays and disabled accounts re-decide the stored rows.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, type Harness } from './helpers.js';

const CONTACTS = 'email\r\nslow@example.com\r\nclosed@example.com\r\nmixed@example.com\r\nsheet@example.com\r\n';
// A generic spreadsheet of bounces whose status column says the delivery was delayed.
const SHEET = 'Email,Status,Reason,Campaign\r\nsheet@example.com,Delivery delayed,421 4.4.1 Connection timed out,c1\r\nsheet@example.com,Deferred,421 4.4.1 Connection timed out,c2\r\nsheet@example.com,deferred,421 4.4.1 Connection timed out,c3\r\n';
// SendGrid's event webhook, one JSON object per line: three delays for slow@ in three campaigns;
// a disabled account for closed@; two delays and a full mailbox for mixed@.
const ev = (email: string, event: string, campaign: string, extra: Record<string, unknown>) =>
  JSON.stringify({ email, event, timestamp: 1733450000, sg_event_id: `${email}-${campaign}`, sg_message_id: `m-${campaign}`, marketing_campaign_name: campaign, ...extra });
const EVENTS = [
  ev('slow@example.com', 'deferred', 'c1', { response: '421 4.7.0 Try again later', attempt: '1' }),
  ev('slow@example.com', 'deferred', 'c2', { response: '421 4.7.0 Try again later', attempt: '1' }),
  ev('slow@example.com', 'deferred', 'c3', { response: '421 4.7.0 Try again later', attempt: '1' }),
  ev('closed@example.com', 'bounce', 'c1', { type: 'bounce', reason: '554 delivery error: dd This account has been disabled or discontinued [#102]. - mta1.mail.example', status: '5.0.0' }),
  ev('mixed@example.com', 'deferred', 'c1', { response: '451 4.3.0 Temporary failure', attempt: '1' }),
  ev('mixed@example.com', 'deferred', 'c2', { response: '451 4.3.0 Temporary failure', attempt: '1' }),
  ev('mixed@example.com', 'bounce', 'c3', { type: 'blocked', reason: '452 4.2.2 Mailbox full', status: '4.2.2' }),
].join('\n') + '\n';

let h: Harness;
const rows = async () => (await h.services['review/rows']({ filter: { decision: 'all', search: '' }, offset: 0, limit: 10 })).rows;

beforeAll(async () => {
  h = harness();
  const dir = mkdtempSync(join(tmpdir(), 'ls-delays-'));
  writeFileSync(join(dir, 'contacts.csv'), CONTACTS);
  writeFileSync(join(dir, 'events.ndjson'), EVENTS);
  writeFileSync(join(dir, 'sheet.csv'), SHEET);
  await h.services['cleanup/new']({ path: join(dir, 'delays') });
  expect(await h.run(h.services['contacts/import']({ path: join(dir, 'contacts.csv'), options: {} }))).toMatchObject({ status: 'done' });
  expect(await h.run(h.services['bounces/import']({ paths: [join(dir, 'events.ndjson'), join(dir, 'sheet.csv')], mappings: {} }))).toMatchObject({ status: 'done' });
});
afterAll(async () => { await h.services.dispose(); });

describe('delays and disabled accounts in a cleanup', () => {
  it('stores delays as marked soft evidence that does not remove; a disabled account is removed', async () => {
    const [slow, closed, mixed] = await rows();
    expect(slow).toMatchObject({ email: 'slow@example.com', decision: 'watch', cause: 'soft-bounce' });
    expect(closed).toMatchObject({ email: 'closed@example.com', decision: 'remove', cause: 'hard-bounce', reason: 'suspend' });
    expect(mixed).toMatchObject({ decision: 'watch' });
    const detail = await h.services['review/contact']({ id: slow!.id });
    expect(detail.bounces).toHaveLength(3);
    expect(detail.bounces.every((b) => b.delayed === true && b.verdict === 'soft')).toBe(true);
  });

  it('reads a generic sheet\'s "Deferred" / "Delivery delayed" rows as delay notices that do not remove', async () => {
    const sheet = (await rows())[3];
    expect(sheet).toMatchObject({ email: 'sheet@example.com', decision: 'watch', cause: 'soft-bounce' });
    const detail = await h.services['review/contact']({ id: sheet!.id });
    expect(detail.bounces).toHaveLength(3);
    expect(detail.bounces.every((b) => b.delayed === true && b.verdict === 'soft' && b.reason === 'expired')).toBe(true);
  });

  it('counting delays removes the address whose delays come with a real soft bounce, not the delays alone', async () => {
    await h.services['policy/set']({ policy: { countDelays: true } });
    const [slow, , mixed, sheet] = await rows();
    expect(slow).toMatchObject({ decision: 'watch' });
    expect(sheet).toMatchObject({ decision: 'watch' });
    expect(mixed).toMatchObject({ decision: 'remove', cause: 'repeated-soft' });
  });

  it('"treat disabled accounts as temporary" keeps the disabled account under watch', async () => {
    await h.services['policy/set']({ policy: { disabledAsTemporary: true } });
    expect((await rows())[1]).toMatchObject({ email: 'closed@example.com', decision: 'watch', cause: 'soft-bounce' });
  });
});
