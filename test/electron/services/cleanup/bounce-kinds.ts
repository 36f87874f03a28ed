/**
 * One of every kind of bounce input ListSweep reads, for tests that run the whole path: a
 * raw bounce message (.eml), an mbox, a maildir, and the ESP exports of test/fixtures/esp
 * (CSV, TSV, JSON, NDJSON, an Excel workbook, a ZIP of CSVs).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ESP = resolve(import.meta.dirname, '../../../fixtures/esp');

/** A Postfix-style delivery status notification for `rcpt` (550 5.1.1). */
export function dsn(rcpt: string): string {
  return [
    'From: Mail Delivery System <MAILER-DAEMON@mx.example.net>',
    'To: sender@example.com',
    'Subject: Undelivered Mail Returned to Sender',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="B"',
    'MIME-Version: 1.0',
    '',
    '--B',
    'Content-Type: text/plain',
    '',
    `<${rcpt}>: host mx.example.org[192.0.2.1] said: 550 5.1.1 <${rcpt}>: Recipient address rejected: User unknown (in reply to RCPT TO command)`,
    '',
    '--B',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.example.net',
    '',
    `Final-Recipient: rfc822; ${rcpt}`,
    'Action: failed',
    'Status: 5.1.1',
    `Diagnostic-Code: smtp; 550 5.1.1 <${rcpt}>: Recipient address rejected: User unknown`,
    '',
    '--B--',
    '',
  ].join('\n');
}

/** The addresses the mail inputs below bounce (each 550 5.1.1). */
export const MAIL_BOUNCED = ['eml@example.org', 'mbox1@example.org', 'mbox2@example.org', 'maildir@example.org'];

/**
 * Writes the mail inputs into `dir` and returns every input's path, mail first, then the ESP
 * exports. `only: 'mail-and-generic'`: the mail inputs and a generic sheet with its columns
 * guessed (what the import screen lets through while it asks for a mapping on recognised
 * exports too).
 */
export function writeBounceKinds(dir: string, only?: 'mail-and-generic'): string[] {
  mkdirSync(dir, { recursive: true });
  const eml = join(dir, 'returned.eml');
  writeFileSync(eml, dsn('eml@example.org'));
  const mbox = join(dir, 'bounces.mbox');
  writeFileSync(mbox, `From MAILER-DAEMON Thu Apr 29 23:34:45 2010\n${dsn('mbox1@example.org')}\nFrom MAILER-DAEMON Thu Apr 29 23:35:45 2010\n${dsn('mbox2@example.org')}\n`);
  const maildir = join(dir, 'Maildir');
  for (const sub of ['cur', 'new', 'tmp']) mkdirSync(join(maildir, sub), { recursive: true });
  writeFileSync(join(maildir, 'cur', '1700000000.M1P1.host:2,S'), dsn('maildir@example.org'));
  const esp = [
    'mailchimp-audience-export.zip', 'hubspot-contacts-export.xlsx', 'generic-bounce-report.tsv', 'sendgrid-events.csv',
    'postmark-bounces.json', 'mailgun-events.json', 'ses-notifications.ndjson', 'brevo-events.ndjson', 'sparkpost-suppression.csv',
  ].map((n) => join(ESP, n));
  if (only === 'mail-and-generic') return [eml, mbox, maildir, join(ESP, 'generic-bounce-report.tsv')];
  return [eml, mbox, maildir, ...esp];
}
