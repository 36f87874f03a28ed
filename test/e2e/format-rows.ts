/**
 * One bounce file per format the readers recognise: every provider's spreadsheet and JSON
 * shapes (the provider table in shared/esp), raw mail as .eml, mbox and maildir, and a plain
 * sheet read by the generic mapping. formats.spec.ts imports each through the UI and compares
 * the review with `clean`; test/electron/services/bounces/format-rows.test.ts fails when a
 * provider of the table has no row here. A new provider is covered by adding its rows.
 */
export interface FormatRow {
  /** Repository-relative path of the bounce file (or maildir folder). */
  readonly file: string;
  /** What the preview must call it: a provider id, 'mail' or 'generic'. */
  readonly provider: string;
  readonly kind: 'spreadsheet' | 'json' | 'mail' | 'mbox' | 'maildir';
}

const esp = (file: string, provider: string, kind: 'spreadsheet' | 'json'): FormatRow => ({ file: `test/fixtures/esp/${file}`, provider, kind });

export const FORMAT_ROWS: readonly FormatRow[] = [
  esp('postmark-bounces.csv', 'postmark', 'spreadsheet'),
  esp('postmark-bounces.json', 'postmark', 'json'),
  esp('postmark-suppressions.json', 'postmark', 'json'),
  esp('sparkpost-suppression.csv', 'sparkpost', 'spreadsheet'),
  esp('sparkpost-webhook.json', 'sparkpost', 'json'),
  esp('ses-suppression-import.csv', 'ses', 'spreadsheet'),
  esp('ses-notifications.ndjson', 'ses', 'json'),
  esp('ses-suppressed-destinations.json', 'ses', 'json'),
  esp('resend-webhooks.ndjson', 'resend', 'json'),
  esp('sendgrid-events.csv', 'sendgrid', 'spreadsheet'),
  esp('sendgrid-events.json', 'sendgrid', 'json'),
  esp('mailjet-events.csv', 'mailjet', 'spreadsheet'),
  esp('mailjet-events.json', 'mailjet', 'json'),
  esp('mailgun-bounce-list.csv', 'mailgun', 'spreadsheet'),
  esp('mailgun-events.json', 'mailgun', 'json'),
  esp('brevo-events.csv', 'brevo', 'spreadsheet'),
  esp('brevo-events.ndjson', 'brevo', 'json'),
  esp('mailchimp-cleaned_members_export_2c9f1a.csv', 'mailchimp', 'spreadsheet'),
  esp('mailchimp-unsubscribed_members_export_2c9f1a.csv', 'mailchimp', 'spreadsheet'),
  esp('hubspot-crm-exports-all-contacts-2025-02-03.csv', 'hubspot', 'spreadsheet'),
  esp('klaviyo-list-export.csv', 'klaviyo', 'spreadsheet'),
  esp('klaviyo-profiles-api.json', 'klaviyo', 'json'),
  esp('constantcontact-bounces-report.csv', 'constantcontact', 'spreadsheet'),
  esp('constantcontact-bounces.json', 'constantcontact', 'json'),
  esp('campaignmonitor-bounces.csv', 'campaignmonitor', 'spreadsheet'),
  esp('campaignmonitor-bounces.json', 'campaignmonitor', 'json'),
  esp('zoho-bounce-report.csv', 'zoho', 'spreadsheet'),
  esp('zoho-bounce-webhook.json', 'zoho', 'json'),
  esp('kit-subscribers.csv', 'kit', 'spreadsheet'),
  esp('kit-subscribers.json', 'kit', 'json'),
  esp('generic-bounce-report.tsv', 'generic', 'spreadsheet'),
  { file: 'test/fixtures/mail/postfix-user-unknown.eml', provider: 'mail', kind: 'mail' },
  { file: 'test/fixtures/mail/bounces.mbox', provider: 'mail', kind: 'mbox' },
  { file: 'test/fixtures/mail/maildir', provider: 'mail', kind: 'maildir' },
];
