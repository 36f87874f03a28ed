/**
 * Lists with several addresses per row (Google Contacts, Outlook): every address is checked,
 * matched against bounces and decided on its own, and the export keeps a row while one of its
 * addresses survives, taking only the removed ones out of its cells.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Papa from 'papaparse';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { harness, splitRecords, type Harness } from './helpers.js';

const FIX = resolve(import.meta.dirname, '../../../fixtures');
const GOOGLE = join(FIX, 'contacts/google-contacts-multi.csv');
const OUTLOOK = join(FIX, 'contacts/outlook-contacts-3-emails.csv');
const BOUNCES = join(FIX, 'esp/generic-bounces-multi-address.csv');

let h: Harness;
let out: string;
beforeEach(async () => {
  h = harness();
  out = mkdtempSync(join(tmpdir(), 'ls-multi-'));
  await h.services['cleanup/new']({});
});
afterEach(async () => { await h.services.dispose(); });

async function load(...lists: string[]): Promise<Map<string, number>> {
  for (const p of lists) expect(await h.run(h.services['contacts/import']({ path: p, options: {} }))).toMatchObject({ status: 'done' });
  expect(await h.run(h.services['bounces/import']({ paths: [BOUNCES], mappings: {} }))).toMatchObject({ status: 'done' });
  const info = (await h.services['cleanup/current']({}))!;
  return new Map(info.sources.filter((s) => s.kind === 'contacts').map((s) => [s.name, s.id]));
}

async function exported(kind: 'cleaned' | 'removed', sourceId: number, name = `${kind}.csv`): Promise<string> {
  const path = join(out, name);
  expect(await h.run(h.services['export/run']({ kind, path, encoding: 'source', sourceId }))).toMatchObject({ status: 'done' });
  return readFileSync(path, 'utf8');
}

/** Decision and cause of every address, by row. */
async function decisions(): Promise<[number, string, string, string][]> {
  const db = new Database((await h.services['cleanup/current']({}))!.path, { readonly: true });
  try {
    return (db.prepare('SELECT row, email_raw, decision, cause FROM contacts ORDER BY id').all() as { row: number; email_raw: string; decision: string; cause: string }[])
      .map((r) => [r.row, r.email_raw, r.decision, r.cause]);
  } finally {
    db.close();
  }
}

const idOf = async (email: string): Promise<number> => {
  const page = await h.services['review/rows']({ filter: { decision: 'all', search: email }, offset: 0, limit: 10 });
  const row = page.rows.find((r) => r.email === email);
  expect(row, email).toBeDefined();
  return row!.id;
};

describe('Google Contacts with several addresses per row', () => {
  it('reads, decides and shows every address with its row', async () => {
    await load(GOOGLE);
    const info = (await h.services['cleanup/current']({}))!;
    expect(info.sources[0]).toMatchObject({ name: 'google-contacts-multi.csv', rows: 9 });
    expect(await decisions()).toEqual([
      [1, 'anna@example.com', 'keep', 'clean'], [1, 'anna@acme-gone.example.com', 'remove', 'hard-bounce'],
      [2, 'bob@example.com', 'keep', 'clean'], [2, 'bob@old-gone.example.com', 'remove', 'hard-bounce'],
      // Carol's only address is in the second column: read, not "no email address".
      [3, 'carol@example.org', 'keep', 'clean'],
      [4, 'dan@dead-gone.example.com', 'remove', 'hard-bounce'],
      // The same address twice in one row, and an address of an earlier row: duplicates.
      [5, 'eve@example.com', 'keep', 'clean'], [5, 'EVE@Example.com', 'remove', 'duplicate'],
      [6, 'frank@example.net', 'keep', 'clean'], [6, 'anna@example.com', 'remove', 'duplicate'], [6, 'frank@typo-gone.example.com', 'remove', 'hard-bounce'],
      [7, '', 'remove', 'invalid'],
      [8, 'heidi@example.com', 'keep', 'clean'],
      [9, 'ivan@example.com', 'keep', 'clean'], [9, 'ivan@gmial.com', 'keep', 'clean'],
    ]);
    const page = await h.services['review/rows']({ filter: { decision: 'all', search: 'bob@' }, offset: 0, limit: 10 });
    expect(page.rows.map((r) => [r.email, r.row, r.column])).toEqual([
      ['bob@example.com', 2, 'E-mail 1 - Value'], ['bob@old-gone.example.com', 2, 'E-mail 1 - Value'],
    ]);
    const detail = await h.services['review/contact']({ id: page.rows[1]!.id });
    expect(detail).toMatchObject({ row: 2, column: 'E-mail 1 - Value', email: 'bob@old-gone.example.com', decision: 'remove' });
    expect(detail.fields.find((f) => f.header === 'E-mail 1 - Value')!.value).toBe('bob@example.com ::: bob@old-gone.example.com');
  });

  it('exports each row once: removed cells emptied, " ::: " cells trimmed, untouched rows byte for byte, a row gone only when all its addresses are', async () => {
    const ids = await load(GOOGLE);
    const input = readFileSync(GOOGLE, 'utf8');
    const rec = splitRecords(input);
    const cleaned = splitRecords(await exported('cleaned', ids.get('google-contacts-multi.csv')!));
    expect(cleaned).toEqual([
      rec[0],
      'Anna,,Smith,,,,,,,,,,,,,,* myContacts,* Home,anna@example.com,,,Mobile,+1 555 0100',
      'Bob,,Jones,,,,,,,,,,,,,,* myContacts,* Home,bob@example.com,,,,',
      rec[3], // Carol, untouched
      // Dan: his only address bounced, the row is gone.
      'Eve,,Black,,,,,,,,,,,,,,* myContacts,* Home,eve@example.com,,,,',
      'Frank,,Green,,,,,,,,,,,,,,* myContacts,* Home,frank@example.net,,,,',
      // Grace: no address at all, gone as before.
      rec[8], // Heidi, quoted name, untouched
      rec[9], // Ivan, untouched
    ]);
  });

  it('the removed list names every address that went and why, each with its original row', async () => {
    const ids = await load(GOOGLE);
    const removed = Papa.parse<string[]>((await exported('removed', ids.get('google-contacts-multi.csv')!)).replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
    const head = removed[0]!;
    expect(head.slice(-3)).toEqual(['listsweep_reason', 'listsweep_detail', 'listsweep_address']);
    const at = (h: string) => head.indexOf(h);
    expect(removed.slice(1).map((r) => [r[0], r[at('listsweep_address')], r[at('listsweep_reason')]])).toEqual([
      ['Anna', 'anna@acme-gone.example.com', 'hard-bounce'],
      ['Bob', 'bob@old-gone.example.com', 'hard-bounce'],
      ['Dan', 'dan@dead-gone.example.com', 'hard-bounce'],
      ['Eve', 'EVE@Example.com', 'duplicate'],
      ['Frank', 'anna@example.com', 'duplicate'],
      ['Frank', 'frank@typo-gone.example.com', 'hard-bounce'],
      ['Grace', '', 'invalid'],
    ]);
    // The row as it was: the removed list is the record of what went.
    expect(removed[2]![at('E-mail 1 - Value')]).toBe('bob@example.com ::: bob@old-gone.example.com');
    expect(removed[1]![at('listsweep_detail')]).toMatch(/Mailbox does not exist/);
  });

  it('overrides, accepted corrections and undo act on one address of a row', async () => {
    const ids = await load(GOOGLE);
    const source = ids.get('google-contacts-multi.csv')!;
    const line = async (first: string) => splitRecords(await exported('cleaned', source)).find((r) => r.startsWith(`${first},`));

    // Keep the within-row duplicate: its cell comes back.
    await h.services['review/override']({ ids: [(await decisions()).findIndex((d) => d[1] === 'EVE@Example.com') + 1], decision: 'keep' });
    expect(await line('Eve')).toBe('Eve,,Black,,,,,,,,,,,,,,* myContacts,* Home,eve@example.com,Other,EVE@Example.com,,');
    // Remove Dan's… nothing to keep: keeping his bounced address brings his row back.
    await h.services['review/override']({ ids: [await idOf('dan@dead-gone.example.com')], decision: 'keep' });
    expect(await line('Dan')).toBe(splitRecords(readFileSync(GOOGLE, 'utf8'))[4]);
    await h.services['review/undo']({});
    expect(await line('Dan')).toBeUndefined();
    await h.services['review/undo']({});
    expect(await line('Eve')).toBe('Eve,,Black,,,,,,,,,,,,,,* myContacts,* Home,eve@example.com,,,,');

    // A typo in the second address of a " ::: " cell: corrected in place, the first one as written.
    const ivan = await idOf('ivan@gmial.com');
    const row = (await h.services['review/rows']({ filter: { decision: 'all', search: 'ivan@gmial.com' }, offset: 0, limit: 5 })).rows[0]!;
    expect(row.suggestion).toBe('ivan@gmail.com');
    await h.services['review/accept-suggestion']({ ids: [ivan] });
    expect(await line('Ivan')).toBe('Ivan,,Petrov,,,,,,,,,,,,,,* myContacts,* Home ::: Work,ivan@example.com ::: ivan@gmail.com,,,,');
    // Removing Ivan's first address leaves the corrected one alone in the cell.
    await h.services['review/override']({ ids: [await idOf('ivan@example.com')], decision: 'remove' });
    expect(await line('Ivan')).toBe('Ivan,,Petrov,,,,,,,,,,,,,,* myContacts,Work,ivan@gmail.com,,,,');
  });
});

describe('Outlook with three address columns', () => {
  it('empties the removed address columns, keeps the quoting style, removes a row whose addresses all went', async () => {
    const ids = await load(OUTLOOK);
    const rec = splitRecords(readFileSync(OUTLOOK, 'utf8'));
    const cleaned = splitRecords(await exported('cleaned', ids.get('outlook-contacts-3-emails.csv')!));
    expect(cleaned).toEqual([
      rec[0],
      '"Ann","","Lee","","ann@example.com","Ann Lee (ann@example.com)","","","ann.lee@example.org","","Acme"',
      rec[2], // Ben: his only address is in "E-mail 3 Address"
      // Cy: both addresses bounced.
      rec[4],
    ]);
    const removed = Papa.parse<string[]>(await exported('removed', ids.get('outlook-contacts-3-emails.csv')!), { skipEmptyLines: true }).data;
    expect(removed.slice(1).map((r) => [r[0], r.at(-1)])).toEqual([['Ann', 'ann@old-gone.example.com'], ['Cy', 'cy@dead-gone.example.com'], ['Cy', 'cy2@dead-gone.example.com']]);
  });

});

describe('an address already on another list', () => {
  it('is a duplicate there too: a row goes when its other addresses went as well, and stays for the one left', async () => {
    const plain = join(out, 'plain.csv');
    writeFileSync(plain, 'Email\r\ncarol@example.org\r\nbob@example.com\r\nheidi@example.com\r\n');
    const ids = await load(plain, GOOGLE);
    const d = await decisions();
    expect(d.filter((x) => ['carol@example.org', 'bob@example.com', 'heidi@example.com'].includes(x[1])).map((x) => x[3])).toEqual(['clean', 'clean', 'clean', 'duplicate', 'duplicate', 'duplicate']);
    const firsts = splitRecords(await exported('cleaned', ids.get('google-contacts-multi.csv')!)).slice(1).map((r) => r.split(',')[0]);
    // Bob's other address bounced, Carol and Heidi had no other: their rows go. Anna, Eve, Frank, Ivan stay.
    expect(firsts).toEqual(['Anna', 'Eve', 'Frank', 'Ivan']);
  });
});

describe('a big list with two address columns', () => {
  it('stores the same addresses and places whether read in a helper thread or in the writing thread', async () => {
    // Over the helper thread's size threshold (4 MB): ~75,000 rows of ~70 bytes.
    const lines = ['Email,Name,Work Email,Notes'];
    for (let i = 0; i < 75000; i++) lines.push(`p${i}@example.com,Person ${i},${i % 3 ? `w${i}@work.example.com` : ''},${'x'.repeat(i % 40)}`);
    const big = join(out, 'big.csv');
    writeFileSync(big, lines.join('\r\n') + '\r\n');
    const stored: unknown[] = [];
    for (const threads of ['2', '1']) {
      process.env.LISTSWEEP_IMPORT_THREADS = threads;
      try {
        await h.services['cleanup/new']({});
        expect(await h.run(h.services['contacts/import']({ path: big, options: {} }))).toMatchObject({ status: 'done' });
        const db = new Database((await h.services['cleanup/current']({}))!.path, { readonly: true });
        stored.push(db.prepare('SELECT count(*) AS n, count(DISTINCT row) AS rows, sum(email_col) AS cols, sum(id * email_col) AS placed, group_concat(email_raw) FILTER (WHERE row % 9999 = 0) AS sample FROM contacts').get());
        db.close();
      } finally {
        delete process.env.LISTSWEEP_IMPORT_THREADS;
      }
    }
    expect(stored[0]).toMatchObject({ n: 75000 + 50000, rows: 75000, cols: 50000 * 2 });
    expect(stored[1]).toEqual(stored[0]);
  }, 120_000);
});
