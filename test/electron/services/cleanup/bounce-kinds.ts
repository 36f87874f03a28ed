/**
 * One of every kind of bounce input ListSweep reads, for tests that run the whole path: a
 * raw bounce message (.eml), an mbox, a maildir, and the ESP exports of test/fixtures/esp
 * (CSV, TSV, JSON, NDJSON, an Excel workbook, a ZIP of CSVs).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { postfixDsn as dsn } from '../mail/postfix-dsn.js';

const ESP = resolve(import.meta.dirname, '../../../fixtures/esp');

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
