import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openContacts, previewContacts, type ContactRecord } from '../../../../electron/services/contacts/index.js';
import { detectEmailColumn } from '../../../../electron/services/contacts/columns.js';
import { decodeQuotedPrintable } from '../../../../electron/services/contacts/vcard.js';
import { AppError } from '../../../../shared/errors.js';
import { makeXlsx, zip } from './make-xlsx.js';

const FIX = resolve(import.meta.dirname, '../../../fixtures/contacts');
const dir = mkdtempSync(join(tmpdir(), 'ls-contacts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const file = (bytes: Buffer | string, ext = 'csv'): string => {
  const p = join(dir, `f${n++}.${ext}`);
  writeFileSync(p, bytes);
  return p;
};
async function records(p: string, opts = {}): Promise<ContactRecord[]> {
  const r = await openContacts(p, opts);
  const out: ContactRecord[] = [];
  for await (const b of r.batches()) out.push(...b);
  return out;
}

describe('email column detection', () => {
  it.each([
    ['Email', 0], ['E-Mail', 0], ['e-mail address', 0], ['Courriel', 0], ['Correo electrónico', 0], ['E-posta', 0],
    ['メールアドレス', 0], ['邮箱', 0], ['Электронная почта', 0], ['이메일', 0], ['Adresse e-mail', 0], ['E-Mail-Adresse', 0],
  ])('header %j', (h, _c) => {
    const headers = ['Name', h, 'Phone'];
    expect(detectEmailColumn(headers, [['Anna', 'anna@example.com', '123']], true)).toBe(1);
  });

  it('prefers the address column over an "Email status" column', () => {
    expect(detectEmailColumn(['Email status', 'Name', 'Primary email'], [['subscribed', 'A', 'a@example.com']], true)).toBe(2);
  });

  it('falls back to values when no header names it', () => {
    expect(detectEmailColumn(['Name', 'Contact', 'City'], [['A', 'a@example.com', 'X'], ['B', 'b@example.com', 'Y']], true)).toBe(1);
  });

  it('header-less file: the column whose values look like addresses', async () => {
    const r = await previewContacts(file('Anna,anna@example.com,Paris\nBob,bob@example.com,Rome\n'));
    expect(r.format.hasHeader).toBe(false);
    expect(r.emailColumn).toBe(1);
    expect(r.rows).toHaveLength(2);
  });

  it('a user-chosen column wins', async () => {
    const r = await openContacts(file('a,b\nx@example.com,y@example.com\n'), { emailColumn: 1 });
    expect(r.emailColumn).toBe(1);
  });
});

describe('known exports', () => {
  it.each([
    ['mailchimp-subscribed.csv', 'Mailchimp audience', 'Email Address', 'anna@example.com'],
    ['google-contacts.csv', 'Google Contacts', 'E-mail 1 - Value', 'anna@example.com'],
    ['outlook-contacts.csv', 'Outlook contacts', 'E-mail Address', 'anna@example.com'],
    ['linkedin-connections.csv', 'LinkedIn connections', 'Email Address', 'anna@example.com'],
    ['hubspot-contacts.csv', 'HubSpot contacts', 'Email', 'anna@example.com'],
    ['klaviyo-profiles.csv', 'Klaviyo profiles', 'Email', 'anna@example.com'],
  ])('%s -> %s', async (name, known, column, first) => {
    const p = join(FIX, name);
    const preview = await previewContacts(p);
    expect(preview.knownExport).toBe(known);
    expect(preview.headers[preview.emailColumn!]).toBe(column);
    const reader = await openContacts(p);
    expect(reader.headers[reader.nameColumns.first!]).toBe('First Name');
    expect(reader.headers[reader.nameColumns.last!]).toBe('Last Name');
    const recs = await records(p);
    expect(recs[0]!.email).toBe(first);
  });

  it('Google Contacts: every address of a row, each " ::: "-joined one apart, the row as written', async () => {
    const recs = await records(join(FIX, 'google-contacts.csv'));
    expect(recs.map((r) => [r.row, r.email, r.at])).toEqual([
      [1, 'anna@example.com', { col: 18, part: 0 }], [1, 'anna@acme.example.com', { col: 20, part: 0 }],
      [2, 'bob@example.com', { col: 18, part: 0 }], [2, 'bob@work.example.com', { col: 18, part: 1 }],
    ]);
    expect(recs[3]!.raw).toContain('bob@example.com ::: bob@work.example.com');
  });

  it('iCloud vCard is recognised', async () => {
    expect((await previewContacts(join(FIX, 'icloud-3.0-multi-email.vcf'))).knownExport).toBe('iCloud vCard');
  });
});

describe('vCard', () => {
  it('2.1 (Outlook): quoted-printable with charsets and soft line breaks; contacts without email reported', async () => {
    const p = join(FIX, 'outlook-2.1-quoted-printable.vcf');
    const reader = await openContacts(p);
    const recs = await records(p);
    expect(recs.map((r) => r.email)).toEqual(['juergen@mueller.example.de', 'j.mueller@gmx.de']);
    expect(recs[0]!.fields.slice(1, 4)).toEqual(['Jürgen Müller, Geschäftsführer', 'Jürgen', 'Müller']);
    expect(reader.warnings.join(' ')).toMatch(/1 contact has no email address/);
  });

  it('3.0 (iCloud): one row per address, or the preferred one only', async () => {
    const p = join(FIX, 'icloud-3.0-multi-email.vcf');
    expect((await records(p)).map((r) => r.email)).toEqual(['ann.home@icloud.com', 'ann@acme.example.com', 'ann.other@gmail.com', 'hina@docomo.ne.jp']);
    expect((await records(p, { vcardMode: 'primary' })).map((r) => r.email)).toEqual(['ann@acme.example.com', 'hina@docomo.ne.jp']);
    const recs = await records(p);
    expect(recs[3]!.fields[1]).toBe('佐藤 陽菜');
    expect(recs[0]!.raw).toBeNull();
  });

  it('4.0 with PREF=1', async () => {
    expect((await records(join(FIX, 'rfc6350-4.0.vcf'), { vcardMode: 'primary' })).map((r) => r.email)).toEqual(['forrest@bubbagump.example.com']);
  });

  it('decodes quoted-printable in the declared charset', () => {
    expect(decodeQuotedPrintable('M=FCller', 'windows-1252')).toBe('Müller');
    expect(decodeQuotedPrintable('=E2=82=AC', 'utf-8')).toBe('€');
  });
});

describe('xlsx', () => {
  const book = makeXlsx([
    { name: 'Contacts', rows: [['Name', 'E-mail', 'Phone'], ['Anna', 'anna@example.com', '02095257564'], ['Bob', { f: 'LOWER("BOB@X.COM")', v: 'bob@x.com' }, 5]] },
    { name: 'Archive', rows: [['Email'], ['old@example.com']] },
  ]);

  it('first sheet by default, sheet list, text cells kept as text, formula results used', async () => {
    const p = file(book, 'xlsx');
    const preview = await previewContacts(p);
    expect(preview.format.kind).toBe('xlsx');
    expect(preview.sheets).toEqual(['Contacts', 'Archive']);
    expect(preview.headers).toEqual(['Name', 'E-mail', 'Phone']);
    expect(preview.emailColumn).toBe(1);
    expect(preview.rows).toEqual([['Anna', 'anna@example.com', '02095257564'], ['Bob', 'bob@x.com', '5']]);
    expect(preview.warnings.join(' ')).toMatch(/formula.*results Excel saved/);
  });

  it('another sheet by name; unknown sheet names the sheets', async () => {
    const p = file(book, 'xlsx');
    expect((await records(p, { sheet: 'Archive' })).map((r) => r.email)).toEqual(['old@example.com']);
    await expect(previewContacts(p, { sheet: 'Nope' })).rejects.toThrow(/Contacts, Archive/);
  });

  it('formulas without a saved value and merged cells get a clear message', async () => {
    const p = file(makeXlsx([{ name: 'S', rows: [['Email', 'Group'], ['a@example.com', 'VIP'], [{ f: 'CONCAT("b","@example.com")' }, null], ['c@example.com', 'X']], merges: ['B2:B3'] }]), 'xlsx');
    const w = (await previewContacts(p)).warnings.join(' ');
    expect(w).toMatch(/1 formula cell has no saved result \(A3\).*recalculate/);
    expect(w).toMatch(/merged cells spanning rows \(B2:B3\)/);
  });

  it('an .xlsx saved with a .csv name is read as a workbook', async () => {
    const p = file(book, 'csv');
    expect((await previewContacts(p)).format.kind).toBe('xlsx');
  });
});

describe('bad input: clear messages', () => {
  const expectError = async (p: string, code: string, msg: RegExp): Promise<void> => {
    const e = await openContacts(p).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe(code);
    expect((e as AppError).message).toMatch(msg);
  };
  it('binary file', () => expectError(file(Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 31) % 256))), 'wrong-file', /binary data.*CSV, Excel/));
  it('a zip renamed .csv', () => expectError(file(zip({ 'a.txt': 'hello' })), 'wrong-file', /ZIP archive, not a contact list/));
  it('an old .xls', () => expectError(file(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), 'xls'), 'wrong-file', /old-style Excel/));
  it('no email column: names the columns found', () => expectError(file('Name,City\nAnna,Paris\nBob,Rome\n'), 'wrong-file', /No column of email addresses.*"Name", "City"/));
  it('header-only file', () => expectError(file('Email,Name\r\n'), 'wrong-file', /only a header row \(Email, Name\) and no contacts/));
  it('a .vcf with no vCard inside', () => expectError(file('hello', 'vcf'), 'wrong-file', /no vCard/));
  it('a .xlsx that is not a workbook', () => expectError(file('email\na@b.com\n', 'xlsx'), 'wrong-file', /not an Excel workbook/));
  it('preview of a file without an email column warns instead of failing', async () => {
    const r = await previewContacts(file('Name,City\nAnna,Paris\n'));
    expect(r.emailColumn).toBeNull();
    expect(r.warnings.join(' ')).toMatch(/Choose the email column/);
  });
});

describe('huge files', () => {
  it('a 3 GB CSV is previewed from samples, never read whole', async () => {
    const p = file('email,name\n' + 'a@example.com,Anna\n'.repeat(70_000)); // > the 1 MiB head sample
    truncateSync(p, 3 * 1024 ** 3); // sparse: no disk used
    const r = await previewContacts(p);
    expect(r.emailColumn).toBe(0);
    expect(r.rows.length).toBeGreaterThan(10);
    const reader = await openContacts(p);
    expect(reader.totalBytes).toBe(3 * 1024 ** 3);
  });

  it('a workbook too large to open in memory says to save it as CSV', async () => {
    const p = file(makeXlsx([{ name: 'S', rows: [['Email'], ['a@example.com']] }]), 'xlsx');
    truncateSync(p, 300 * 1024 ** 2);
    await expect(previewContacts(p)).rejects.toThrow(/too large to open whole.*CSV/);
  });
});

describe('encoding candidates in the preview', () => {
  it('a guessed encoding comes with the guesses, best first; a certain one with none', async () => {
    const text = 'Email;Name\r\n' + Array.from({ length: 20 }, (_, i) => `p${i}@example.fr;Ren\xe9 M\xfcller, Caf\xe9 \x80\r\n`).join('');
    const guessed = await previewContacts(file(Buffer.from(text, 'latin1')));
    expect(guessed.format.encodingConfidence).not.toBe('certain');
    expect(guessed.encodingCandidates.length).toBeGreaterThan(0);
    expect(guessed.encodingCandidates[0]!.encoding).toBe(guessed.format.encoding);
    const scores = guessed.encodingCandidates.map((c) => c.confidence);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const utf8 = await previewContacts(file('Email,Name\r\na@example.com,Zoë\r\n'));
    expect(utf8.format.encodingConfidence).toBe('certain');
    expect(utf8.encodingCandidates).toEqual([]);
  });
});

describe('several addresses per row', () => {
  it('Google: every "E-mail N - Value" column and every address of a " ::: " cell; a row without one is still a record', async () => {
    const p = join(FIX, 'google-contacts-multi.csv');
    const preview = await previewContacts(p);
    expect(preview.emailColumns.map((c) => preview.headers[c])).toEqual(['E-mail 1 - Value', 'E-mail 2 - Value']);
    const reader = await openContacts(p);
    expect(reader.emailColumns).toEqual(preview.emailColumns);
    const recs = await records(p);
    const byRow = (row: number) => recs.filter((r) => r.row === row).map((r) => r.email);
    expect(byRow(2)).toEqual(['bob@example.com', 'bob@old-gone.example.com']);
    // The only address is in the second column: read, not dropped as "no email address".
    expect(byRow(3)).toEqual(['carol@example.org']);
    expect(recs.find((r) => r.row === 3)!.at).toEqual({ col: 20, part: 0 });
    expect(byRow(6)).toEqual(['frank@example.net', 'anna@example.com', 'frank@typo-gone.example.com']);
    expect(recs.filter((r) => r.row === 6).map((r) => r.at!.part)).toEqual([0, 1, 2]);
    expect(byRow(7)).toEqual(['']);
    expect(new Set(recs.map((r) => r.row)).size).toBe(9);
  });

  it('Outlook: "E-mail Address", "E-mail 2 Address", "E-mail 3 Address", not the display names', async () => {
    const p = join(FIX, 'outlook-contacts-3-emails.csv');
    const preview = await previewContacts(p);
    expect(preview.knownExport).toBe('Outlook contacts');
    expect(preview.emailColumns.map((c) => preview.headers[c])).toEqual(['E-mail Address', 'E-mail 2 Address', 'E-mail 3 Address']);
    const recs = await records(p);
    expect(recs.filter((r) => r.row === 1).map((r) => r.email)).toEqual(['ann@example.com', 'ann@old-gone.example.com', 'ann.lee@example.org']);
    expect(recs.filter((r) => r.row === 2).map((r) => [r.email, r.at])).toEqual([['ben@example.net', { col: 8, part: 0 }]]);
  });

  it('a plain list with a second address column named so, when its values are addresses', async () => {
    const p = file('Email,Name,Work Email,Email Status\r\na@example.com,A,a@work.example.com,ok\r\nb@example.com,B,,ok\r\n');
    expect((await previewContacts(p)).emailColumns).toEqual([0, 2]);
    expect((await records(p)).map((r) => r.email)).toEqual(['a@example.com', 'a@work.example.com', 'b@example.com']);
    // A column named like an address but holding none is not one.
    expect((await previewContacts(file('Email,Work Email\r\na@example.com,Building 4\r\n'))).emailColumns).toEqual([0]);
  });

  it('the chosen columns win; one chosen column is read alone, as before (no `at`)', async () => {
    const p = join(FIX, 'google-contacts-multi.csv');
    const second = await records(p, { emailColumns: [20] });
    expect(second.map((r) => r.email).filter(Boolean)).toEqual(['anna@acme-gone.example.com', 'carol@example.org', 'EVE@Example.com']);
    expect(second).toHaveLength(9);
    const plain = join(FIX, 'outlook-contacts-3-emails.csv');
    const one = await records(plain, { emailColumn: 4 });
    expect(one.map((r) => r.email)).toEqual(['ann@example.com', '', 'cy@dead-gone.example.com', 'di@example.com']);
    expect(one.every((r) => r.at === undefined)).toBe(true);
    expect((await openContacts(plain, { emailColumn: 4 })).emailColumns).toBeNull();
  });

  it('an Outlook sheet saved as .xlsx: every address column too', async () => {
    const p = file(makeXlsx([{ name: 'Contacts', rows: [
      ['First Name', 'E-mail Address', 'E-mail 2 Address', 'E-mail 3 Address'],
      ['Ann', 'ann@example.com', '', 'ann@home.example.org'],
      ['Ben', '', 'ben@example.net', ''],
    ] }]), 'xlsx');
    expect((await previewContacts(p)).emailColumns).toEqual([1, 2, 3]);
    expect((await records(p)).map((r) => [r.row, r.email, r.at!.col])).toEqual([[1, 'ann@example.com', 1], [1, 'ann@home.example.org', 3], [2, 'ben@example.net', 2]]);
  });

  it('a single-column list reads as before: one record per row, no `at`', async () => {
    const recs = await records(join(FIX, 'mailchimp-subscribed.csv'));
    expect(recs.every((r) => r.at === undefined)).toBe(true);
    expect((await openContacts(join(FIX, 'mailchimp-subscribed.csv'))).emailColumns).toBeNull();
  });
});

