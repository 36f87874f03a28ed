/**
 * Each service's suppression file, written by the export job from a real Postmark suppressions
 * dump (a hard bounce, a spam complaint, a recipient's unsubscribe, an admin's block) and read
 * back: headers and words as each service documents them (../shared/reference/esp-exports.md),
 * written out here rather than taken from the table under test.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupWith, harness, type Harness } from '../cleanup/helpers.js';
import { SUPPRESSION_FORMATS, suppressionFormatFor, suppressionKind } from '../../../../shared/suppression-formats.js';

let h: Harness;
let dir: string;
beforeAll(async () => {
  h = harness();
  dir = h.userDataDir;
  await cleanupWith(h, 'email,name\r\ngone@example.com,Gone\r\nangry@example.com,Angry\r\noptout@example.com,Opt\r\nblocked-by-admin@example.com,Blocked\r\nstays@example.com,Stays\r\n', ['test/fixtures/esp/postmark-suppressions.json']);
});
afterAll(async () => { await h.services.dispose(); });

async function exportAs(format: string): Promise<{ text: string; rows: string[][] }> {
  const path = join(dir, `suppression-${format}.csv`);
  expect(await h.run(h.services['export/run']({ kind: 'suppression', path, encoding: 'utf-8', format }))).toMatchObject({ status: 'done' });
  const text = readFileSync(path, 'utf8');
  const rows = Papa.parse<string[]>(text.trimEnd(), { delimiter: format === 'brevo' ? ';' : ',', newline: '\r\n' }).data;
  return { text, rows };
}

/** Column `name` of the data rows, by address. */
function byAddress(rows: string[][], emailCol: number, col: number): Record<string, string> {
  return Object.fromEntries(rows.map((r) => [r[emailCol]!, r[col]!]));
}

const REMOVED = ['angry@example.com', 'blocked-by-admin@example.com', 'gone@example.com', 'optout@example.com'];

describe('suppression files in each service’s import format', () => {
  it('the cleanup holds what the dump says: a bounce, a complaint, an unsubscribe, a removal', async () => {
    const rows = (await h.services['review/rows']({ filter: { decision: 'remove', search: '' }, offset: 0, limit: 10 })).rows;
    expect(rows.map((r) => r.email).sort()).toEqual(REMOVED);
    const info = await h.services['cleanup/current']({});
    expect(info!.sources.find((s) => s.kind === 'bounces')!.provider).toBe('postmark');
    // The panel preselects the service the bounces came from.
    expect(suppressionFormatFor(['postmark']).id).toBe('postmark');
    expect(suppressionFormatFor(['mail', 'ses']).id).toBe('ses');
    expect(suppressionFormatFor(['postfix', null]).id).toBe('generic');
  });

  it('Mailchimp: "Email Address" and TAGS, cleaned for bounces and unsubscribed for the rest', async () => {
    const { rows } = await exportAs('mailchimp');
    expect(rows[0]).toEqual(['Email Address', 'TAGS']);
    const tags = byAddress(rows.slice(1), 0, 1);
    expect(Object.keys(tags).sort()).toEqual(REMOVED);
    expect(tags['gone@example.com']).toBe('cleaned');
    expect(tags['angry@example.com']).toBe('unsubscribed');
    expect(tags['optout@example.com']).toBe('unsubscribed');
  });

  it('SendGrid: the suppression API fields, reasons in SendGrid’s words, created in Unix seconds', async () => {
    const { rows } = await exportAs('sendgrid');
    expect(rows[0]).toEqual(['email', 'created', 'reason']);
    const reason = byAddress(rows.slice(1), 0, 2);
    expect(reason['gone@example.com']).toBe('Bounced Address');
    expect(reason['angry@example.com']).toBe('Spam Reporting Address');
    expect(reason['optout@example.com']).toBe('Unsubscribed Address');
    for (const r of rows.slice(1)) expect(Math.abs(Number(r[1]) - Date.now() / 1000)).toBeLessThan(600);
  });

  it('Mailgun: address,code,error,created_at with an RFC 2822 date, and the app reads it back as a Mailgun bounce list', async () => {
    const { rows } = await exportAs('mailgun');
    expect(rows[0]).toEqual(['address', 'code', 'error', 'created_at']);
    for (const r of rows.slice(1)) {
      expect(r[1]).toBe('550');
      expect(r[2]).not.toBe('');
      expect(r[3]).toMatch(/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} UTC$/);
    }
    const [back] = await h.services['bounces/preview']({ paths: [join(dir, 'suppression-mailgun.csv')] });
    expect(back!.provider).toBe('mailgun');
    expect(back!.records).toBe(4);
  });

  it('Amazon SES: no header, BOUNCE or COMPLAINT, and the app reads it back as an SES suppression import', async () => {
    const { text, rows } = await exportAs('ses');
    expect(text.startsWith('email')).toBe(false);
    const reason = byAddress(rows, 0, 1);
    expect(Object.keys(reason).sort()).toEqual(REMOVED);
    expect(reason['gone@example.com']).toBe('BOUNCE');
    expect(reason['angry@example.com']).toBe('COMPLAINT');
    expect(reason['optout@example.com']).toBe('COMPLAINT');
    for (const r of rows) expect(['BOUNCE', 'COMPLAINT']).toContain(r[1]);
    const [back] = await h.services['bounces/preview']({ paths: [join(dir, 'suppression-ses.csv')] });
    expect(back!.provider).toBe('ses');
  });

  it('Postmark: the suppressions fields, reasons and origins as Postmark records them', async () => {
    const { rows } = await exportAs('postmark');
    expect(rows[0]).toEqual(['EmailAddress', 'SuppressionReason', 'Origin', 'CreatedAt']);
    const data = rows.slice(1);
    expect(byAddress(data, 0, 1)).toMatchObject({ 'gone@example.com': 'HardBounce', 'angry@example.com': 'SpamComplaint', 'optout@example.com': 'ManualSuppression' });
    expect(byAddress(data, 0, 2)).toMatchObject({ 'gone@example.com': 'Recipient', 'optout@example.com': 'Recipient' });
    for (const r of data) {
      expect(['HardBounce', 'SpamComplaint', 'ManualSuppression']).toContain(r[1]);
      expect(['Recipient', 'Customer', 'Admin']).toContain(r[2]);
      expect(Number.isNaN(Date.parse(r[3]!))).toBe(false);
    }
  });

  it.each([
    ['brevo', 'EMAIL;'],
    ['klaviyo', 'Email,'],
    ['hubspot', 'Email,'],
    ['constantcontact', 'Email address,'],
  ])('%s: one email column under the header its import asks for', async (format, head) => {
    const { text, rows } = await exportAs(format);
    expect(rows[0]).toEqual([head.slice(0, -1)]);
    expect(rows.slice(1).map((r) => r[0]).sort()).toEqual(REMOVED);
    expect(rows.every((r) => r.length === 1)).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
  });

  it('generic: email,reason,date with our reasons', async () => {
    const { rows } = await exportAs('generic');
    expect(rows[0]).toEqual(['email', 'reason', 'date']);
    expect(byAddress(rows.slice(1), 0, 1)).toMatchObject({ 'gone@example.com': 'hard-bounce', 'angry@example.com': 'complaint', 'optout@example.com': 'unsubscribed' });
  });

  it('a formula-looking address stays text in every format', async () => {
    const evil = "=cmd|'/Ccalc'!A0@example.com";
    for (const f of SUPPRESSION_FORMATS) {
      const line = f.row({ email: evil, kind: 'bounce', cause: 'hard-bounce', detail: '', at: new Date() });
      expect(line[0]).toBe(evil); // the table gives the address; the writer neutralises every cell
    }
    const { createSuppressionWriter } = await import('../../../../electron/services/export/index.js');
    for (const f of SUPPRESSION_FORMATS) {
      const out = join(dir, `evil-${f.id}.csv`);
      const w = createSuppressionWriter(out, { format: f });
      w.writeEntry(evil, 'hard-bounce');
      await w.close();
      expect(readFileSync(out, 'utf8')).toContain(`'${evil}`);
    }
  });

  it('maps our causes onto bounce, complaint, unsubscribe or a removal of yours', () => {
    expect(suppressionKind('hard-bounce')).toBe('bounce');
    expect(suppressionKind('repeated-soft')).toBe('bounce');
    expect(suppressionKind('complaint')).toBe('complaint');
    expect(suppressionKind('unsubscribed')).toBe('unsubscribe');
    expect(suppressionKind('role')).toBe('manual');
    // Removed by the user: what the policy saw still says which list it belongs on.
    expect(suppressionKind('override', 'complaint')).toBe('complaint');
    expect(suppressionKind('override', 'clean')).toBe('manual');
  });

  it('offers the services users bring bounces from, and a generic file', () => {
    expect(SUPPRESSION_FORMATS.map((f) => f.id)).toEqual(['mailchimp', 'sendgrid', 'mailgun', 'ses', 'postmark', 'brevo', 'klaviyo', 'hubspot', 'constantcontact', 'generic']);
  });
});
