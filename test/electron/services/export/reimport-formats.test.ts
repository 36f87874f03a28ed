/**
 * The cleaned list as each service's contact import file, written by the export job and read
 * back: the headers each service documents (../shared/reference/esp-exports.md; SendGrid's
 * reserved fields), written out here rather than taken from the table under test, the list's
 * names under them, its other columns kept, and formulas neutralised.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import readXlsxFile from 'read-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupWith, harness, REPO, type Harness } from '../cleanup/helpers.js';
import { parseTags, REIMPORT_FORMATS, reimportFormatFor } from '../../../../shared/reimport-formats.js';

/** Each service's documented import headers for address, first name, last name (and Mailchimp's tags). */
const DOCUMENTED: Record<string, { headers: string[]; delimiter: string }> = {
  mailchimp: { headers: ['Email Address', 'First Name', 'Last Name', 'Tags'], delimiter: ',' },
  sendgrid: { headers: ['email', 'first_name', 'last_name'], delimiter: ',' },
  brevo: { headers: ['EMAIL', 'FIRSTNAME', 'LASTNAME'], delimiter: ';' },
  klaviyo: { headers: ['Email', 'First Name', 'Last Name'], delimiter: ',' },
  hubspot: { headers: ['Email', 'First Name', 'Last Name'], delimiter: ',' },
  constantcontact: { headers: ['Email address', 'First name', 'Last name'], delimiter: ',' },
  // Kit has no last-name field: the list's own column comes along under its own header.
  kit: { headers: ['email', 'first_name', 'Last Name'], delimiter: ',' },
};

let h: Harness;
beforeAll(async () => {
  h = harness();
  await cleanupWith(h, 'Email,First Name,Last Name,Company,Notes\r\n'
    + 'anna.schmidt@example.de,Anna,Schmidt,Acme,\r\nli.wei@example.cn,Li,Wei,Delta,-note\r\ngrumpy@example.net,G,Rumpy,Beta,\r\n'
    + 'keeper@example.com,Kim,Keeper,"Gamma, Inc.",=1+2\r\nfull@example.com,Fay,Full,Acme,\r\n', ['test/fixtures/esp/postmark-bounces.json']);
});
afterAll(async () => { await h.services.dispose(); });

async function exportAs(format: string, name = `reimport-${format}.csv`): Promise<string> {
  const path = join(h.userDataDir, name);
  expect(await h.run(h.services['export/run']({ kind: 'reimport', path, encoding: 'utf-8', format }))).toMatchObject({ status: 'done' });
  return path;
}

const read = (path: string, delimiter: string) => Papa.parse<string[]>(readFileSync(path, 'utf8').trimEnd(), { delimiter, newline: '\r\n' }).data;

describe('re-import files in each service’s import format', () => {
  it('the cleanup keeps one address and watches another (the rest bounced)', async () => {
    const rows = (await h.services['review/rows']({ filter: { decision: 'all', search: '' }, offset: 0, limit: 10 })).rows;
    expect(Object.fromEntries(rows.map((r) => [r.email, r.decision]))).toMatchObject({ 'keeper@example.com': 'keep', 'li.wei@example.cn': 'watch' });
    expect(rows.filter((r) => r.decision !== 'remove')).toHaveLength(2);
  });

  it('covers every service of the table with documented headers', () => {
    expect(REIMPORT_FORMATS.map((f) => f.id).sort()).toEqual(Object.keys(DOCUMENTED).sort());
    expect(REIMPORT_FORMATS.map((f) => f.id)).toEqual(expect.arrayContaining(['mailchimp', 'sendgrid', 'brevo', 'klaviyo', 'hubspot', 'constantcontact']));
  });

  for (const [id, doc] of Object.entries(DOCUMENTED)) {
    it(`${id}: ${doc.headers.join(doc.delimiter)} then the list's other columns, one line per address that stays`, async () => {
      const rows = read(await exportAs(id), doc.delimiter);
      expect(rows[0]).toEqual([...doc.headers, 'Company', 'Notes']);
      const tags = id === 'mailchimp';
      const byAddress = Object.fromEntries(rows.slice(1).map((r) => [r[0], r.slice(1)]));
      expect(Object.keys(byAddress).sort()).toEqual(['keeper@example.com', 'li.wei@example.cn']);
      // Formulas get the apostrophe, as in every new file; a comma inside a cell survives.
      expect(byAddress['keeper@example.com']).toEqual(['Kim', 'Keeper', ...(tags ? [''] : []), 'Gamma, Inc.', "'=1+2"]);
      expect(byAddress['li.wei@example.cn']).toEqual(['Li', 'Wei', ...(tags ? ['listsweep-watch'] : []), 'Delta', "'-note"]);
    });
  }

  it('a re-import file named .xlsx is a workbook with the same columns', async () => {
    const [sheet] = await readXlsxFile(await exportAs('hubspot', 'hubspot.xlsx'));
    expect(sheet!.data[0]).toEqual(['Email', 'First Name', 'Last Name', 'Company', 'Notes']);
    expect(sheet!.data).toHaveLength(3);
  });

  it('without a service it is refused', async () => {
    await expect(h.services['export/run']({ kind: 'reimport', path: join(h.userDataDir, 'x.csv'), encoding: 'utf-8' })).rejects.toMatchObject({ code: 'bad-input' });
  });

  it('preselects the service the bounces came from, Mailchimp otherwise', () => {
    expect(reimportFormatFor(['postmark', 'brevo']).id).toBe('brevo');
    expect(reimportFormatFor(['postfix', null]).id).toBe('mailchimp');
  });
});

describe('a Mailchimp audience export back to Mailchimp', () => {
  let m: Harness;
  beforeAll(async () => {
    m = harness();
    await cleanupWith(m, 'Email Address,First Name,Last Name,MEMBER_RATING,OPTIN_TIME,TAGS\r\n'
      + 'keeper@example.com,Kim,Keeper,2,2024-01-02 10:00:00,"""Member"",""VIP, gold"""\r\nli.wei@example.cn,Li,Wei,3,2024-01-03 10:00:00,\r\n'
      + 'anna.schmidt@example.de,Anna,Schmidt,1,2024-01-04 10:00:00,"""Member"""\r\n', ['test/fixtures/esp/postmark-bounces.json']);
  });
  afterAll(async () => { await m.services.dispose(); });

  it('keeps the list’s tags in Tags (ours added), and its own columns once', async () => {
    const path = join(m.userDataDir, 'mc.csv');
    expect(await m.run(m.services['export/run']({ kind: 'reimport', path, encoding: 'utf-8', format: 'mailchimp' }))).toMatchObject({ status: 'done' });
    const rows = read(path, ',');
    expect(rows[0]).toEqual(['Email Address', 'First Name', 'Last Name', 'Tags', 'MEMBER_RATING', 'OPTIN_TIME']);
    expect(rows.slice(1)).toEqual([
      ['keeper@example.com', 'Kim', 'Keeper', 'Member,VIP, gold', '2', '2024-01-02 10:00:00'],
      ['li.wei@example.cn', 'Li', 'Wei', 'listsweep-watch', '3', '2024-01-03 10:00:00'],
    ]);
  });

  it('reads a tags cell in Mailchimp’s quoted form or as plain commas', () => {
    expect(parseTags('"Member","2025 waiver"')).toEqual(['Member', '2025 waiver']);
    expect(parseTags('a, b ,,c')).toEqual(['a', 'b', 'c']);
    expect(parseTags('  ')).toEqual([]);
  });
});

describe('a list with several addresses per row (Outlook)', () => {
  let o: Harness;
  beforeAll(async () => {
    o = harness();
    const ses = join(o.userDataDir, 'ses.csv');
    writeFileSync(ses, 'ann@old-gone.example.com,BOUNCE\r\ncy@dead-gone.example.com,BOUNCE\r\ncy2@dead-gone.example.com,BOUNCE\r\n');
    await cleanupWith(o, readFileSync(join(REPO, 'test/fixtures/contacts/outlook-contacts-3-emails.csv'), 'utf8'), [ses]);
  });
  afterAll(async () => { await o.services.dispose(); });

  it('gives each address that stays its own line with the row’s names, without the other address columns', async () => {
    const path = join(o.userDataDir, 'hubspot.csv');
    expect(await o.run(o.services['export/run']({ kind: 'reimport', path, encoding: 'utf-8', format: 'hubspot' }))).toMatchObject({ status: 'done' });
    const rows = read(path, ',');
    expect(rows[0]).toEqual(['Email', 'First Name', 'Last Name', 'Middle Name', 'Title', 'Company']);
    expect(rows.slice(1)).toEqual([
      ['ann@example.com', 'Ann', 'Lee', '', '', 'Acme'],
      ['ann.lee@example.org', 'Ann', 'Lee', '', '', 'Acme'],
      ['ben@example.net', 'Ben', 'Ode', '', '', 'Widgets'],
      ['di@example.com', 'Di', 'Ng', '', '', ''],
    ]);
  });
});
