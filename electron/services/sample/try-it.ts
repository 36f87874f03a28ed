/**
 * "Try it with a sample": a small list and its bounces as a new user would bring them, in the
 * formats they come in: an email service's export (Postmark JSON), a few bounce messages
 * (.eml, the delivery reports a mail server returns) and a plain spreadsheet of the rest. All of
 * it comes from the project's generator (generate.ts), split by campaign, so the bounces the app
 * reads are exactly those the generator's truth holds. Plain Node: the app, the test host and
 * the tests share it.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { BOUNCES_HEADER, generateSample, type SampleTruth } from './generate.js';

export interface TrySampleFiles {
  readonly folder: string;
  readonly contacts: string;
  /** The bounce files, one per format: CSV, Postmark JSON, then the .eml messages. */
  readonly bounces: readonly string[];
}

/** Small enough to import in a moment, big enough that every decision shows up. */
export const TRY_CONTACTS = 300;
export const TRY_BOUNCE_ROWS = 60;
/** Delivery reports written as messages (the newest hard bounces with a one-line diagnostic). */
const MESSAGES = 4;

type Row = Record<(typeof BOUNCES_HEADER)[number], string>;

/** The seed whose list holds a mistyped address that hard-bounced, so the sample shows a correction and its evidence. */
const TRY_SEED = 2;

/** Writes the sample into `folder` (created; replaced when it holds an earlier sample). */
export function writeTrySample(folder: string, seed: string | number = TRY_SEED): TrySampleFiles & { truth: SampleTruth } {
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  const truth = generateSample({ contacts: TRY_CONTACTS, bounces: TRY_BOUNCE_ROWS, seed, out: folder });
  // The truth is for tests; a new user would only wonder what it is.
  rmSync(join(folder, 'truth.json'), { force: true });

  const csvPath = join(folder, 'bounces.csv');
  const parsed = Papa.parse<Row>(readFileSync(csvPath, 'utf8'), { header: true, skipEmptyLines: true });
  const rows = parsed.data;
  const campaigns = [...new Set(rows.map((r) => r.campaign))].sort();
  // The oldest third of the campaigns went out through an email service; its export holds them.
  const early = new Set(campaigns.slice(0, Math.ceil(campaigns.length / 3)));
  const viaService = rows.filter((r) => early.has(r.campaign));
  let rest = rows.filter((r) => !early.has(r.campaign));
  const asMessages = rest
    .filter((r) => r.enhanced_status.startsWith('5.') && !r.diagnostic.includes('\n'))
    .sort((a, b) => b.bounced_at.localeCompare(a.bounced_at))
    .slice(0, MESSAGES);
  rest = rest.filter((r) => !asMessages.includes(r));

  writeFileSync(csvPath, `${Papa.unparse({ fields: [...BOUNCES_HEADER], data: rest.map((r) => BOUNCES_HEADER.map((h) => r[h])) }, { newline: '\r\n' })}\r\n`);
  const postmarkPath = join(folder, 'postmark-bounces.json');
  writeFileSync(postmarkPath, JSON.stringify({ TotalCount: viaService.length, Bounces: viaService.map(postmarkBounce) }, null, 2));
  const mailDir = join(folder, 'returned-mail');
  mkdirSync(mailDir);
  const messages = asMessages.map((r, i) => {
    const p = join(mailDir, `undelivered-${i + 1}.eml`);
    writeFileSync(p, deliveryReport(r));
    return p;
  });
  return { folder, contacts: join(folder, 'contacts.csv'), bounces: [csvPath, postmarkPath, ...messages], truth };
}

/** A row of Postmark's bounces export (GET /bounces), typed as Postmark types them. */
function postmarkBounce(r: Row, i: number) {
  const status = r.enhanced_status;
  const diag = r.diagnostic.replace(/\s*\n\s*/g, ' ');
  const type = !status && !r.smtp_code ? 'AutoResponder'
    : /blocked|block list|listed in/i.test(diag) ? 'Blocked'
      : /spam|unsolicited/i.test(diag) ? 'SpamNotification'
        : status.startsWith('5.') || r.smtp_code.startsWith('5') ? 'HardBounce' : 'SoftBounce';
  const code = { AutoResponder: 64, Blocked: 100006, SpamNotification: 512, HardBounce: 1, SoftBounce: 4096 }[type];
  return {
    RecordType: 'Bounce', ID: 4_000_000 + i, Type: type, TypeCode: code, Tag: r.campaign, MessageID: `sample-${i + 1}`,
    MessageStream: 'broadcast', Details: diag, Email: r.email, From: 'news@shop.example', BouncedAt: r.bounced_at, Inactive: type === 'HardBounce',
  };
}

/** An RFC 3464 delivery status notification, as Postfix returns it. */
function deliveryReport(r: Row): string {
  const rcpt = r.email.trim();
  const date = new Date(r.bounced_at).toUTCString().replace('GMT', '+0000');
  return [
    'From: Mail Delivery System <MAILER-DAEMON@mail.shop.example>',
    'To: news@shop.example',
    `Date: ${date}`,
    'Subject: Undelivered Mail Returned to Sender',
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="sample-boundary"',
    '',
    '--sample-boundary',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'I\'m sorry to have to inform you that your message could not be delivered to one or more recipients.',
    '',
    `<${rcpt}>: ${r.diagnostic.replace(/^smtp;\s*/i, '')}`,
    '',
    '--sample-boundary',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mail.shop.example',
    `Arrival-Date: ${date}`,
    '',
    `Final-Recipient: rfc822; ${rcpt}`,
    'Action: failed',
    `Status: ${r.enhanced_status}`,
    `Diagnostic-Code: ${r.diagnostic}`,
    '',
    '--sample-boundary',
    'Content-Type: text/rfc822-headers',
    '',
    'From: news@shop.example',
    `To: ${rcpt}`,
    `Subject: ${r.campaign.replace(/^\S+\s/, '')}`,
    '',
    '--sample-boundary--',
    '',
  ].join('\r\n');
}
