/**
 * Issue 11: service exports' temporary failures are soft evidence, delays are marked as such,
 * Mailjet `blocked` with a dead-address cause is hard, and unsubscribe wording in generic sheets.
 * Events are modelled on each service's documented webhook / event-log payloads.
 */
import { describe, expect, it } from 'vitest';
import { buildRecord, isSkip, mapGenericRow, type BounceDraft, type MapResult } from '../../../shared/esp/index.js';
import { brevo, mailgun, mailjet, resend, sendgrid } from '../../../shared/esp/providers-transactional.js';

function records(r: MapResult, provider: string) {
  if (isSkip(r)) return [];
  return r.map((d: BounceDraft, i) => buildRecord(d, provider, provider, i + 1));
}

describe('temporary failures and delays', () => {
  it('Mailgun failed/temporary is a soft bounce read from its diagnostic', () => {
    const ev = {
      event: 'failed', severity: 'temporary', reason: 'generic', recipient: 'busy@example.org', timestamp: 1733450000,
      'delivery-status': { code: 452, message: '4.2.2 The email account that you tried to reach is over quota.', 'enhanced-code': '4.2.2' },
      message: { headers: { 'message-id': 'x@mg.example.com' } },
    };
    const [rec] = records(mailgun.map(ev, 'event log'), 'mailgun');
    expect(rec).toMatchObject({ email: 'busy@example.org', verdict: 'soft', reason: 'mailboxfull' });
    expect(rec!.delayed).toBeUndefined();
  });

  it('SendGrid deferred, Brevo deferred and Resend delivery_delayed are delay notices', () => {
    const sg = { email: 'later@example.com', event: 'deferred', response: '421 4.7.0 Try again later, closing connection.', attempt: '3', timestamp: 1733450000, sg_event_id: 'e1' };
    const br = { event: 'deferred', email: 'retry@example.fr', reason: '421 4.4.2 Connection timed out', ts_event: 1733450000, 'message-id': '<m@brevo>' };
    const rs = { type: 'email.delivery_delayed', created_at: '2024-12-06T01:00:00.000Z', data: { email_id: 'r1', to: ['slow@example.com'] } };
    for (const [rec, email] of [
      [records(sendgrid.map(sg, 'event log'), 'sendgrid')[0], 'later@example.com'],
      [records(brevo.map(br, 'event log'), 'brevo')[0], 'retry@example.fr'],
      [records(resend.map(rs, 'webhook events'), 'resend')[0], 'slow@example.com'],
    ] as const) {
      expect(rec).toMatchObject({ email, verdict: 'soft', delayed: true });
    }
  });
});

describe('"421 4.7.0 Try again later"', () => {
  it('Brevo\'s deferred row is a temporary block of the sending server, not a security check', () => {
    const br = { event: 'deferred', email: 'retry@example.fr', reason: '421 4.7.0 Try again later', ts_event: 1733450000, 'message-id': '<m@brevo>' };
    expect(records(brevo.map(br, 'event log'), 'brevo')[0]).toMatchObject({ verdict: 'soft', reason: 'blocked', delayed: true });
  });
  it('a 4.7.0 that names a cause keeps it', () => {
    const sg = { email: 'x@example.com', event: 'deferred', response: '421 4.7.0 [TSS04] Messages temporarily deferred due to unexpected volume or user complaints', attempt: '1', timestamp: 1733450000, sg_event_id: 'e2' };
    expect(records(sendgrid.map(sg, 'event log'), 'sendgrid')[0]).toMatchObject({ verdict: 'soft', reason: 'badreputation' });
  });
});

describe('generic sheets: deferred and delayed rows are delay notices', () => {
  const m = { email: 0, diagnostic: 1, type: 2 };
  it.each(['Deferred', 'delayed', 'Delivery delayed', 'delivery_delayed', 'Soft bounce (deferred)', 'Verzögert'])('type "%s"', (type) => {
    const [rec] = records(mapGenericRow(['slow@example.com', '421 4.4.1 Connection timed out', type], m), 'generic');
    expect(rec).toMatchObject({ email: 'slow@example.com', verdict: 'soft', reason: 'expired', delayed: true });
  });
  it('a delay that names a cause keeps it, and is still never hard', () => {
    const [full] = records(mapGenericRow(['full@example.com', '452 4.2.2 Mailbox full', 'deferred'], m), 'generic');
    expect(full).toMatchObject({ verdict: 'soft', reason: 'mailboxfull', delayed: true });
    const [gone] = records(mapGenericRow(['gone@example.com', '550 5.1.1 user unknown', 'Delayed'], m), 'generic');
    expect(gone).toMatchObject({ verdict: 'soft', delayed: true });
  });
  it('a bare "Deferred" in a reason column (no type column) is a delay too', () => {
    const [rec] = records(mapGenericRow(['later@example.com', 'Deferred'], { email: 0, diagnostic: 1 }), 'generic');
    expect(rec).toMatchObject({ verdict: 'soft', reason: 'expired', delayed: true });
  });
});

describe('Mailjet blocked', () => {
  const ev = (error: string) => ({ event: 'blocked', email: 'x@example.com', error_related_to: 'recipient', error, time: 1733450000, MessageID: 1 });
  it('is hard when the cause is the address itself', () => {
    expect(records(mailjet.map(ev('user unknown'), 'event log'), 'mailjet')[0]).toMatchObject({ verdict: 'hard', reason: 'userunknown' });
    expect(records(mailjet.map(ev('invalid domain'), 'event log'), 'mailjet')[0]).toMatchObject({ verdict: 'hard', reason: 'hostunknown' });
  });
  it('stays soft for other causes', () => {
    expect(records(mailjet.map(ev('quota exceeded'), 'event log'), 'mailjet')[0]).toMatchObject({ verdict: 'soft' });
  });
});

describe('generic sheets: unsubscribe wording', () => {
  const m = { email: 0, diagnostic: 1 };
  it.each(['Asked to be removed', 'Opted out via phone call', 'Unsubscribe request 2024-03-02', 'Removal requested by customer', 'Do not email'])('%s', (note) => {
    const [rec] = records(mapGenericRow(['a@example.com', note], m), 'generic');
    expect(rec).toMatchObject({ verdict: 'complaint', reason: 'unsubscribed' });
  });
  it('a bounce text that mentions removal is still a bounce', () => {
    const [rec] = records(mapGenericRow(['a@example.com', '550 5.1.1 user unknown; please remove me from your list'], m), 'generic');
    expect(rec).toMatchObject({ verdict: 'hard', reason: 'userunknown' });
  });
});
