/**
 * Every documented provider format, from a fixture written from esp-exports.md: the provider is
 * recognised, and each record gets the verdict and reason it should; non-bounce events are
 * skipped and counted.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { previewBounces, readBounces, type SourcedBounce } from '../../../../electron/services/bounces/index.js';

const FIX = fileURLToPath(new URL('../../../fixtures/esp/', import.meta.url));

async function readAll(path: string, warnings: string[] = []): Promise<SourcedBounce[]> {
  const out: SourcedBounce[] = [];
  for await (const b of readBounces([path], { onWarning: (w) => warnings.push(w.message) })) out.push(...b);
  return out;
}

type Row = [email: string, verdict: string, reason: string];

interface Case {
  file: string;
  provider: string;
  description: RegExp;
  rows: Row[];
  skipped?: number;
  /** Emails whose record must carry a disagreement note. */
  disagree?: string[];
  /** Delay notices (still retrying): recorded as soft evidence marked delayed. */
  delayed?: string[];
}

const CASES: Case[] = [
  {
    file: 'postmark-bounces.json', provider: 'postmark', description: /^Recognised: Postmark bounces export, 6 records, 1 non-bounce record skipped \(Subscribe 1\)$/,
    rows: [
      ['anna.schmidt@example.de', 'hard', 'userunknown'], ['li.wei@example.cn', 'soft', 'mailboxfull'], ['tom.baker@example.com', 'soft', 'expired'],
      ['grumpy@example.net', 'complaint', 'feedback'], ['maria.garcia@example.es', 'auto-reply', 'vacation'], ['full@example.com', 'hard', 'mailboxfull'],
    ],
    skipped: 1, disagree: ['full@example.com'],
  },
  {
    file: 'postmark-suppressions.json', provider: 'postmark', description: /^Recognised: Postmark suppressions, 4 records$/,
    rows: [['gone@example.com', 'hard', 'undefined'], ['angry@example.com', 'complaint', 'feedback'], ['optout@example.com', 'complaint', 'unsubscribed'], ['blocked-by-admin@example.com', 'hard', 'suppressed']],
  },
  {
    file: 'sendgrid-events.json', provider: 'sendgrid', description: /^Recognised: SendGrid event log, 6 records, 4 non-bounce records skipped/,
    rows: [
      ['nobody@example.org', 'hard', 'userunknown'], ['blocked@example.net', 'soft', 'blocked'], ['later@example.com', 'soft', 'expired'], ['old-bounce@example.com', 'hard', 'suppressed'],
      ['spammy@example.com', 'complaint', 'feedback'], ['leaver@example.com', 'complaint', 'unsubscribed'],
    ],
    skipped: 4,
    delayed: ['later@example.com'],
  },
  {
    file: 'sendgrid-events.csv', provider: 'sendgrid', description: /^Recognised: SendGrid event log, 3 records, 1 non-bounce record skipped \(delivered 1\)$/,
    rows: [['x1@example.com', 'hard', 'userunknown'], ['x2@example.com', 'soft', 'blocked'], ['x4@example.com', 'complaint', 'feedback']],
    skipped: 1,
  },
  {
    file: 'mailgun-events.json', provider: 'mailgun', description: /^Recognised: Mailgun event log, 6 records, 2 non-bounce records skipped \(delivered 1, opened 1\)$/,
    rows: [
      ['ghost@example.com', 'hard', 'userunknown'], ['busy@example.org', 'soft', 'blocked'], ['slowhost@example.org', 'soft', 'expired'], ['ghost2@example.com', 'hard', 'suppressed'],
      ['angry@example.net', 'complaint', 'feedback'], ['bye@example.net', 'complaint', 'unsubscribed'],
    ],
    skipped: 2,
  },
  {
    file: 'mailgun-bounce-list.csv', provider: 'mailgun', description: /^Recognised: Mailgun bounce list, 3 records$/,
    rows: [['alice.gone@example.com', 'hard', 'userunknown'], ['bob@nowhere.example', 'hard', 'hostunknown'], ['carol@example.org', 'hard', 'mailboxfull']],
    disagree: ['carol@example.org'],
  },
  { file: 'mailgun-webhook.json', provider: 'mailgun', description: /^Recognised: Mailgun event log, 1 record$/, rows: [['webhook-ghost@example.com', 'hard', 'userunknown']] },
  {
    file: 'ses-notifications.ndjson', provider: 'ses', description: /^Recognised: Amazon SES notifications, 7 records, 2 non-bounce records skipped/,
    rows: [
      ['jane.doe@example.com', 'hard', 'userunknown'], ['richard.roe@example.com', 'hard', 'userunknown'], ['full.box@example.org', 'soft', 'mailboxfull'],
      ['suppressed@example.com', 'hard', 'suppressed'], ['complainer@example.com', 'complaint', 'feedback'], ['noemail@example.com', 'hard', 'userunknown'],
      ['vacation@example.com', 'auto-reply', 'vacation'],
    ],
    skipped: 2,
  },
  { file: 'ses-suppressed-destinations.json', provider: 'ses', description: /^Recognised: Amazon SES suppression list, 2 records$/, rows: [['hard.gone@example.com', 'hard', 'undefined'], ['fbl@example.com', 'complaint', 'feedback']] },
  {
    file: 'ses-suppression-import.csv', provider: 'ses', description: /^Recognised: Amazon SES suppression list, 3 records$/,
    rows: [['bulk.one@example.com', 'hard', 'undefined'], ['bulk.two@example.com', 'complaint', 'feedback'], ['bulk.three@example.com', 'hard', 'undefined']],
  },
  {
    file: 'brevo-events.ndjson', provider: 'brevo', description: /^Recognised: Brevo event log, 7 records, 2 non-bounce records skipped \(delivered 1, opened 1\)$/,
    rows: [
      ['nobody@example.fr', 'hard', 'userunknown'], ['plein@example.fr', 'soft', 'mailboxfull'], ['blocked@example.fr', 'hard', 'suppressed'],
      ['plainte@example.fr', 'complaint', 'feedback'], ['depart@example.fr', 'complaint', 'unsubscribed'], ['retry@example.fr', 'soft', 'blocked'],
      ['pas-une-adresse@example', 'hard', 'undefined'],
    ],
    skipped: 2,
    delayed: ['retry@example.fr'],
  },
  {
    file: 'mailjet-events.json', provider: 'mailjet', description: /^Recognised: Mailjet event log, 5 records, 3 non-bounce records skipped/,
    rows: [
      ['unknown@example.com', 'hard', 'userunknown'], ['quota@example.com', 'soft', 'mailboxfull'], ['preblocked@example.com', 'hard', 'suppressed'],
      ['fbl@example.com', 'complaint', 'feedback'], ['leaving@example.com', 'complaint', 'unsubscribed'],
    ],
    skipped: 3,
  },
  {
    file: 'sparkpost-webhook.json', provider: 'sparkpost', description: /^Recognised: SparkPost message events, 8 records, 3 non-bounce records skipped \(delay 1, delivery 1, click 1\)$/,
    rows: [
      ['invalid@example.com', 'hard', 'userunknown'], ['fullbox@example.com', 'soft', 'mailboxfull'], ['listed@example.com', 'soft', 'blocked'],
      ['suppressed@example.com', 'hard', 'suppressed'], ['oob@example.com', 'hard', 'userunknown'], ['away@example.com', 'auto-reply', 'vacation'],
      ['complainer@example.com', 'complaint', 'feedback'], ['unsub@example.com', 'complaint', 'unsubscribed'],
    ],
    skipped: 3,
  },
  { file: 'sparkpost-suppression.csv', provider: 'sparkpost', description: /^Recognised: SparkPost suppression list, 2 records$/, rows: [['bounced@example.com', 'hard', 'userunknown'], ['banned@example.com', 'hard', 'undefined']] },
  {
    file: 'constantcontact-bounces.json', provider: 'constantcontact', description: /^Recognised: Constant Contact bounces report, 7 records$/,
    rows: [
      ['nonexistent@example.com', 'hard', 'userunknown'], ['undeliverable@example.com', 'soft', 'expired'], ['fullmailbox@example.com', 'soft', 'mailboxfull'],
      ['suspended@example.com', 'hard', 'userunknown'], ['vacation@example.com', 'auto-reply', 'vacation'], ['other@example.com', 'soft', 'undefined'],
      ['blocked@example.com', 'soft', 'blocked'],
    ],
  },
  {
    file: 'hubspot-crm-exports-all-contacts-2025-02-03.csv', provider: 'hubspot', description: /^Recognised: HubSpot contacts export, 4 records, 1 non-bounce record skipped/,
    // HubSpot files mailbox-full as a hard bounce; its verdict stands.
    rows: [['ada@example.com', 'hard', 'userunknown'], ['bo.full@example.com', 'hard', 'mailboxfull'], ['cy@example.com', 'soft', 'undefined'], ['di@example.com', 'complaint', 'unsubscribed']],
    skipped: 1,
  },
  {
    file: 'hubspot-contacts-export.xlsx', provider: 'hubspot', description: /^Recognised: HubSpot contacts export, 3 records, 1 non-bounce record skipped/,
    rows: [['ann.unknown@example.com', 'hard', 'userunknown'], ['ben.policy@example.com', 'hard', 'policyviolation'], ['cat@example.com', 'complaint', 'unsubscribed']],
    skipped: 1,
  },
  {
    file: 'klaviyo-list-export.csv', provider: 'klaviyo', description: /^Recognised: Klaviyo profile export, 5 records, 1 non-bounce record skipped/,
    rows: [
      ['hb@example.com', 'hard', 'undefined'], ['spam@example.com', 'complaint', 'feedback'], ['invalid@example.com', 'hard', 'undefined'],
      ['unsub@example.com', 'complaint', 'unsubscribed'], ['manual@example.com', 'hard', 'suppressed'],
    ],
    skipped: 1,
  },
  { file: 'klaviyo-profiles-api.json', provider: 'klaviyo', description: /^Recognised: Klaviyo profiles, 2 records, 1 non-bounce record skipped/, rows: [['hb@example.com', 'hard', 'undefined'], ['spam@example.com', 'complaint', 'feedback']], skipped: 1 },
  {
    file: 'campaignmonitor-bounces.json', provider: 'campaignmonitor', description: /^Recognised: Campaign Monitor bounces, 3 records$/,
    rows: [['invalid@example.com', 'hard', 'userunknown'], ['fullish@example.com', 'soft', 'mailboxfull'], ['mismatch@example.com', 'soft', 'userunknown']],
    disagree: ['mismatch@example.com'],
  },
  {
    file: 'mailchimp-cleaned_members_export_2c9f1a.csv', provider: 'mailchimp', description: /^Recognised: Mailchimp cleaned members export, 2 records$/,
    rows: [['old.address@example.com', 'hard', 'undefined'], ['gone@example.org', 'hard', 'undefined']],
  },
  {
    file: 'mailchimp-unsubscribed_members_export_2c9f1a.csv', provider: 'mailchimp', description: /^Recognised: Mailchimp unsubscribed members export, 3 records$/,
    rows: [['bye@example.com', 'complaint', 'unsubscribed'], ['admin-removed@example.com', 'complaint', 'unsubscribed'], ['spam-says@example.com', 'complaint', 'feedback']],
  },
  { file: 'zoho-bounce-webhook.json', provider: 'zoho', description: /^Recognised: Zoho Campaigns bounce events, 2 records$/, rows: [['hard@example.in', 'hard', 'userunknown'], ['soft@example.in', 'soft', 'mailboxfull']] },
  {
    file: 'kit-subscribers.json', provider: 'kit', description: /^Recognised: Kit subscribers, 3 records, 2 non-bounce records skipped/,
    rows: [['bob.bounced@example.com', 'hard', 'undefined'], ['cy.complained@example.com', 'complaint', 'feedback'], ['di.cancelled@example.com', 'complaint', 'unsubscribed']],
    skipped: 2,
  },
  {
    file: 'resend-webhooks.ndjson', provider: 'resend', description: /^Recognised: Resend webhook events, 5 records, 1 non-bounce record skipped/,
    rows: [['delivered-not@example.com', 'hard', 'suppressed'], ['no-such-user@example.com', 'hard', 'userunknown'], ['complainer@example.com', 'complaint', 'feedback'], ['slow@example.com', 'soft', 'expired'], ['on-list@example.com', 'hard', 'suppressed']],
    skipped: 1,
    delayed: ['slow@example.com'],
  },
];

describe('provider exports', () => {
  for (const c of CASES) {
    it(`${c.file}: recognised as ${c.provider}, every record's verdict and reason`, async () => {
      const [p, ...more] = await previewBounces([FIX + c.file]);
      expect(more).toHaveLength(0);
      expect(p!.provider).toBe(c.provider);
      expect(p!.description).toMatch(c.description);
      expect(p!.records).toBe(c.rows.length);
      expect(p!.mapping).toBeUndefined();

      const warnings: string[] = [];
      const got = await readAll(FIX + c.file, warnings);
      expect(got.map((s) => [s.record.email, s.record.verdict, s.record.reason])).toEqual(c.rows);
      for (const s of got) {
        expect(s.record.provider).toBe(c.provider);
        expect(s.path).toBe(FIX + c.file);
        expect(s.record.sourceIndex).toBeGreaterThan(0);
        expect(s.record.providerType, `${s.record.email} keeps the provider's own type label`).toBeTruthy();
        expect(Boolean(s.record.disagreement), `${s.record.email} disagreement`).toBe((c.disagree ?? []).includes(s.record.email));
        expect(Boolean(s.record.delayed), `${s.record.email} delayed`).toBe((c.delayed ?? []).includes(s.record.email));
      }
      if (c.skipped) expect(warnings.join(' ')).toContain(`${c.skipped} non-bounce record${c.skipped === 1 ? '' : 's'} skipped`);
      else expect(warnings.join(' ')).not.toMatch(/non-bounce/);
    });
  }

  it('keeps dates, campaigns, codes and message ids where the export has them', async () => {
    const pm = await readAll(FIX + 'postmark-bounces.json');
    expect(pm[0]!.record).toMatchObject({ status: '5.1.1', replyCode: '550', occurredAt: '2025-02-03T15:12:45.123Z', campaign: 'Invitation', messageId: '2c1b63fe-43f2-4db5-91b0-8bdfa44a9316', providerType: 'HardBounce' });
    const ses = await readAll(FIX + 'ses-notifications.ndjson');
    expect(ses[0]!.record).toMatchObject({ campaign: 'feb-sale', occurredAt: '2025-02-03T10:00:05.000Z', diagnostic: 'smtp; 550 5.1.1 user unknown' });
    // one notification, two recipients: both carry the notification's index
    expect(ses[1]!.record.sourceIndex).toBe(ses[0]!.record.sourceIndex);
    const sp = await readAll(FIX + 'sparkpost-webhook.json');
    expect(sp[0]!.record).toMatchObject({ replyCode: '550', status: '5.1.1', campaign: 'Feb Newsletter', providerType: 'bounce class 10 (Invalid Recipient)' });
    const mc = await readAll(FIX + 'mailchimp-cleaned_members_export_2c9f1a.csv');
    expect(mc[1]!.record).toMatchObject({ campaign: 'January Sale, 20% off', occurredAt: '2025-01-14T08:00:00.000Z' });
    const fb = await readAll(FIX + 'ses-notifications.ndjson');
    expect(fb.find((s) => s.record.verdict === 'complaint')!.record.feedbackType).toBe('abuse');
  });

  it('says in plain words where the provider and its diagnostic disagree', async () => {
    const pm = await readAll(FIX + 'postmark-bounces.json');
    const full = pm.find((s) => s.record.email === 'full@example.com')!.record;
    expect(full.verdict).toBe('hard');
    expect(full.disagreement).toMatch(/^The diagnostic reads as a soft bounce \(mailbox full\), but Postmark typed it "HardBounce"; kept Postmark's verdict\.$/);
  });
});
