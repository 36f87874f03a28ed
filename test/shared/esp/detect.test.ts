import { describe, expect, it } from 'vitest';
import { detectHeaders, detectRecord, detectRecords, unwrapRecords } from '../../../shared/esp/detect.js';

const id = (h: string[]) => {
  const d = detectHeaders(h);
  return d ? `${d.provider.id}: ${d.format}` : null;
};

describe('detectHeaders', () => {
  it('recognises documented header sets whatever their order and casing', () => {
    expect(id(['Email Address', 'First Name', 'Last Name', 'MEMBER_RATING', 'OPTIN_TIME', 'CLEAN_TIME', 'CLEAN_CAMPAIGN_TITLE', 'LEID', 'EUID'])).toBe('mailchimp: cleaned members export');
    expect(id(['Email Address', 'UNSUB_TIME', 'UNSUB_REASON', 'LEID'])).toBe('mailchimp: unsubscribed members export');
    expect(id(['Email Address', 'First Name', 'MEMBER_RATING', 'OPTIN_TIME', 'LAST_CHANGED', 'LEID'])).toBe('mailchimp: subscribed members export');
    expect(id(['created_at', 'error', 'code', 'address'])).toBe('mailgun: bounce list');
    expect(id(['Email', 'Type', 'TypeCode', 'Description', 'Details', 'BouncedAt'])).toBe('postmark: bounces export');
    expect(id(['EmailAddress', 'SuppressionReason', 'Origin', 'CreatedAt'])).toBe('postmark: suppressions');
    expect(id(['recipient', 'type', 'description'])).toBe('sparkpost: suppression list');
    expect(id(['EmailAddress', 'Reason', 'LastUpdateTime'])).toBe('ses: suppression list');
    expect(id(['email_address', 'bounce_code', 'created_time'])).toBe('constantcontact: bounces report');
    expect(id(['Record ID', 'First Name', 'Email', 'Email hard bounce reason'])).toBe('hubspot: contacts export');
    expect(id(['Record ID', 'First Name', 'Email', 'Phone Number'])).toBe('hubspot: contacts export (no bounce columns)');
    expect(id(['Email', 'Klaviyo ID', 'Email Suppressions'])).toBe('klaviyo: profile export');
    expect(id(['EmailAddress', 'ListID', 'BounceType', 'Date', 'Reason'])).toBe('campaignmonitor: bounces');
    expect(id(['contact_email', 'bounce_type', 'bounce_code', 'bounce_reason'])).toBe('zoho: bounce events');
    expect(id(['EMAIL ADDRESS', 'clean_time'])).toBe('mailchimp: cleaned members export');
    expect(id(['email', 'timestamp', 'event', 'reason', 'status', 'type', 'sg_event_id'])).toBe('sendgrid: event log');
    expect(id(['event', 'email', 'date', 'ts_event', 'message-id', 'reason'])).toBe('brevo: event log');
    expect(id(['event', 'email', 'time', 'Message_GUID', 'hard_bounce', 'error_related_to', 'error'])).toBe('mailjet: event log');
  });

  it('falls back (null) on headers that only resemble a provider', () => {
    for (const h of [
      ['email', 'event', 'reason'], // SendGrid/Brevo words, but no ids
      ['Email', 'Type'], // Postmark needs TypeCode or BouncedAt
      ['address', 'code'], // Mailgun's list has error and created_at too
      ['Email Address', 'First Name', 'Last Name'], // Mailchimp needs its system columns
      ['Email', 'First Name', 'Klaviyo'],
      ['email', 'bounce type', 'smtp code', 'diagnostic'],
      ['recipient', 'status', 'diagnostic'],
      ['Email', 'Status', 'Reason', 'Date'],
    ]) expect(id(h), h.join(',')).toBeNull();
  });
});

describe('detectRecord / detectRecords', () => {
  it('tells event logs apart by their own keys', () => {
    const d = (r: Record<string, unknown>) => detectRecord(r)?.provider.id ?? null;
    expect(d({ email: 'a@x.com', event: 'bounce', sg_event_id: '1', timestamp: 1 })).toBe('sendgrid');
    expect(d({ created: 1700000000, email: 'a@x.com', reason: '550 5.1.1', status: '5.1.1' })).toBe('sendgrid');
    expect(d({ event: 'bounce', email: 'a@x.com', MessageID: 1, hard_bounce: true, time: 1 })).toBe('mailjet');
    expect(d({ event: 'hard_bounce', email: 'a@x.com', ts_event: 1, 'message-id': '<x>' })).toBe('brevo');
    expect(d({ event: 'failed', recipient: 'a@x.com', severity: 'permanent' })).toBe('mailgun');
    expect(d({ notificationType: 'Bounce', bounce: {}, mail: {} })).toBe('ses');
    expect(d({ type: 'email.bounced', data: { to: ['a@x.com'] } })).toBe('resend');
    expect(d({ type: 'bounce', rcpt_to: 'a@x.com', bounce_class: '10', event_id: '1' })).toBe('sparkpost');
    expect(d({ Email: 'a@x.com', Type: 'HardBounce', TypeCode: 1 })).toBe('postmark');
    expect(d({ email_address: 'a@x.com', state: 'bounced', id: 1 })).toBe('kit');
    expect(d({ email: 'a@x.com', event: 'bounce' })).toBeNull();
    expect(d({ id: 1, name: 'Widget' })).toBeNull();
  });

  it('needs at least half the sample to agree', () => {
    const sg = { email: 'a@x.com', event: 'bounce', sg_event_id: '1' };
    expect(detectRecords([sg, sg, { x: 1 }])?.provider.id).toBe('sendgrid');
    expect(detectRecords([sg, { x: 1 }, { y: 2 }])).toBeNull();
    expect(detectRecords([])).toBeNull();
  });
});

describe('unwrapRecords', () => {
  it('opens pages, webhook envelopes and SNS messages', () => {
    const ev = { event: 'failed', recipient: 'a@x.com', severity: 'permanent' };
    expect(unwrapRecords({ items: [ev, ev], paging: {} })).toEqual([ev, ev]);
    expect(unwrapRecords({ signature: {}, 'event-data': ev })).toEqual([ev]);
    const sp = { type: 'bounce', rcpt_to: 'a@x.com', bounce_class: '10', event_id: '1' };
    expect(unwrapRecords([{ msys: { message_event: sp } }, { msys: { track_event: sp } }])).toEqual([sp, sp]);
    const ses = { notificationType: 'Bounce', bounce: { bouncedRecipients: [] }, mail: {} };
    expect(unwrapRecords({ Type: 'Notification', Message: JSON.stringify(ses) })).toEqual([ses]);
    expect(unwrapRecords({ Records: [{ EventSource: 'aws:sns', Sns: { Message: JSON.stringify(ses) } }] })).toEqual([ses]);
    const prof = { type: 'profile', attributes: { email: 'a@x.com' } };
    expect(unwrapRecords({ data: prof })).toEqual([prof]);
    expect(unwrapRecords({ data: [prof], links: {} })).toEqual([prof]);
  });

  it('keeps a record whose own fields look like a wrapper', () => {
    const zohoLike = { contact_email: 'a@x.com', bounce_type: 'hard', data: { note: 1 } };
    expect(unwrapRecords(zohoLike)).toEqual([zohoLike]);
    expect(unwrapRecords({ Type: 'Notification', Message: 'not json' })).toEqual([{ Type: 'Notification', Message: 'not json' }]);
    expect(unwrapRecords([1, 'x', null])).toEqual([]);
  });
});
