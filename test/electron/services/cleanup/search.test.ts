/**
 * The review's search holds every address in memory after the first search: it must follow
 * every change of addresses (an accepted correction, its undo and redo, on the main thread and
 * in a worker, a second import) and every change of decisions its filters read, and give the
 * same rows as SQL when an address cannot be held line by line.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReviewFilter } from '../../../../shared/contract.js';
import { MIGRATIONS, openStore, type Db } from '../../../../electron/services/store/index.js';
import { normalizeFilter, Review, whereOf } from '../../../../electron/services/cleanup/review.js';
import { AddressIndex, addressesStored, readAddresses, type AddressParts } from '../../../../electron/services/cleanup/address-index.js';
import { JobRunner } from '../../../../electron/services/jobs/runner.js';
import { genLists, harness, type Harness } from './helpers.js';

// Row 1 is a typo of row 4's address; row 5 has no usable address and is found by its cell.
const CONTACTS = [
  'email,first',
  'ann@gmial.com,Ann',
  'bob@example.com,Bob',
  'carl@yaho.com,Carl',
  'ann@gmail.com,Ann',
  'Not An Address,Eve',
].join('\r\n') + '\r\n';
// Its second row has no address either, and letters SQL's lower() leaves alone.
const MORE = 'email,first\r\nzoe@gmial.com,Zoe\r\nÉLODIE SANS Adresse,Élodie\r\n';

const emails = async (h: Harness, search: string, decision: ReviewFilter['decision'] = 'all') =>
  (await h.services['review/rows']({ filter: { decision, search }, offset: 0, limit: 50 })).rows.map((r) => r.email);

describe.each([['on the main thread', {}], ['in a worker', { bulkInWorkerFrom: 1, addressesInWorkerFrom: 1 }]] as const)('search after changes %s', (_mode, extra) => {
  let h: Harness;
  let dir: string;
  beforeAll(async () => {
    h = harness(extra);
    dir = mkdtempSync(join(tmpdir(), 'ls-search-'));
    writeFileSync(join(dir, 'contacts.csv'), CONTACTS);
    writeFileSync(join(dir, 'more.csv'), MORE);
    await h.services['cleanup/new']({ path: join(dir, 'search') });
    expect(await h.run(h.services['contacts/import']({ path: join(dir, 'contacts.csv'), options: {} }))).toMatchObject({ status: 'done' });
  });
  afterAll(async () => { await h.services.dispose(); });

  it('finds a correction, loses it on undo, finds it again on redo', async () => {
    expect(await emails(h, 'gmial')).toEqual(['ann@gmial.com']);
    expect(await emails(h, 'ann@')).toEqual(['ann@gmial.com', 'ann@gmail.com']);
    const ann = (await h.services['review/rows']({ filter: { decision: 'all', search: 'gmial' }, offset: 0, limit: 1 })).rows[0]!;
    expect((await h.services['review/accept-suggestion']({ ids: [ann.id] })).changed).toBe(1);
    expect(await emails(h, 'gmial')).toEqual([]);
    expect(await emails(h, 'gmail')).toEqual(['ann@gmail.com', 'ann@gmail.com']);
    await h.services['review/undo']({});
    expect(await emails(h, 'gmial')).toEqual(['ann@gmial.com']);
    await h.services['review/redo']({});
    expect(await emails(h, 'gmial')).toEqual([]);
  });

  it('follows an override within a decision filter', async () => {
    expect(await emails(h, 'carl', 'remove')).toEqual([]);
    const carl = (await h.services['review/rows']({ filter: { decision: 'all', search: 'carl' }, offset: 0, limit: 1 })).rows[0]!;
    await h.services['review/override']({ ids: [carl.id], decision: 'remove' });
    expect(await emails(h, 'carl', 'remove')).toEqual(['carl@yaho.com']);
    expect(await emails(h, 'carl', 'keep')).toEqual([]);
  });

  it('finds a row without a usable address by its cell, and the rows of a later import', async () => {
    expect(await emails(h, 'an add')).toEqual(['Not An Address']);
    expect(await emails(h, 'zoe')).toEqual([]);
    expect(await h.run(h.services['contacts/import']({ path: join(dir, 'more.csv'), options: {} }))).toMatchObject({ status: 'done' });
    expect(await emails(h, 'zoe')).toEqual(['zoe@gmial.com']);
  });
});

describe('search where an address holds a line break', () => {
  it('gives the same rows as SQL', async () => {
    const h = harness();
    const dir = mkdtempSync(join(tmpdir(), 'ls-search-'));
    writeFileSync(join(dir, 'contacts.csv'), CONTACTS);
    const path = (await h.services['cleanup/new']({ path: join(dir, 'search') })).path;
    expect(await h.run(h.services['contacts/import']({ path: join(dir, 'contacts.csv'), options: {} }))).toMatchObject({ status: 'done' });
    await h.services.dispose();
    // Not something the import writes; a cleanup file can come from anyone.
    const db = openStore(path);
    try {
      db.prepare("UPDATE contacts SET email_norm = 'bob@exa' || char(10) || 'mple.com' WHERE email_norm = 'bob@example.com'").run();
      const review = new Review(db);
      const find = (search: string) => review.rows({ decision: 'all', search }, 0, 50).rows.map((r) => r.email);
      expect(find('mple.com')).toEqual(['bob@example.com']);
      expect(find('@exa')).toEqual(['bob@example.com']);
      expect(find('ann')).toEqual(['ann@gmial.com', 'ann@gmail.com']);
      expect(review.searchMemory).toBe(0);
    } finally {
      db.close();
    }
  });
});

describe('addresses read elsewhere', () => {
  let path: string;
  beforeAll(async () => {
    const h = harness();
    const dir = mkdtempSync(join(tmpdir(), 'ls-search-'));
    writeFileSync(join(dir, 'contacts.csv'), CONTACTS);
    path = (await h.services['cleanup/new']({ path: join(dir, 'search') })).path;
    expect(await h.run(h.services['contacts/import']({ path: join(dir, 'contacts.csv'), options: {} }))).toMatchObject({ status: 'done' });
    await h.services.dispose();
  });

  it('come from the worker as the review reads them itself', async () => {
    const runner = new JobRunner({ workerUrl: new URL('../../../../electron/services/jobs/worker.ts', import.meta.url) });
    const db = openStore(path, { readonly: true });
    try {
      const parts = await runner.call<AddressParts | null>({ helper: 'addresses', dbPath: path });
      const own = readAddresses(db)!;
      expect(parts).not.toBeNull();
      expect(Buffer.from(parts!.bytes).toString()).toBe(own.bytes.toString());
      expect([...parts!.ids]).toEqual([...own.ids]);
      expect([...parts!.starts]).toEqual([...own.starts]);
      expect(parts!.blankCells).toEqual(['not an address']);
    } finally {
      db.close();
      await runner.dispose();
    }
  });

  it('are searched in SQL until they are in, and a load begun before a change of addresses is dropped', async () => {
    const db = openStore(path);
    try {
      // As a file from before version 11 is: no address kept, so the review reads them from the rows.
      db.exec('DELETE FROM search_addresses');
      const review = new Review(db);
      const find = (search: string) => review.rows({ decision: 'all', search }, 0, 50).rows.map((r) => r.email);
      let release: (p: AddressParts | null) => void = () => {};
      const loaded = review.loadAddresses(() => new Promise((r) => { release = r; }));
      expect(find('ann@')).toEqual(['ann@gmial.com', 'ann@gmail.com']);
      expect(review.searchMemory).toBe(0);
      release(readAddresses(db));
      await loaded;
      expect(review.searchMemory).toBeGreaterThan(0);
      expect(find('ann@')).toEqual(['ann@gmial.com', 'ann@gmail.com']);
      // A load from before a correction would bring the old address back.
      const stale = readAddresses(db);
      const again = review.loadAddresses(() => new Promise((r) => { release = r; }));
      expect(review.searchMemory).toBeGreaterThan(0);
      await again;
      review.addressesChanged();
      const late = review.loadAddresses(() => new Promise((r) => { release = r; }));
      const ann = review.rows({ decision: 'all', search: 'gmial' }, 0, 1).rows[0]!;
      expect(review.acceptSuggestions([ann.id], undefined)).toBe(1);
      release(stale);
      await late;
      expect(review.searchMemory).toBe(0);
      expect(find('gmial')).toEqual([]);
      expect(review.searchMemory).toBeGreaterThan(0);
    } finally {
      db.close();
    }
  });
});

describe('addresses kept in the cleanup file', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ls-search-'));
    writeFileSync(join(dir, 'contacts.csv'), CONTACTS);
    writeFileSync(join(dir, 'more.csv'), MORE);
  });
  const chunks = (db: Db) => db.prepare('SELECT first_id, last_id, blanks, CAST(text AS TEXT) AS text FROM search_addresses ORDER BY first_id').all();
  /** What the rows hold, read without the kept chunks. */
  const fromRows = (db: Db) => {
    db.exec('SAVEPOINT rows');
    try {
      db.exec('DELETE FROM search_addresses');
      return readAddresses(db);
    } finally {
      db.exec('ROLLBACK TO rows; RELEASE rows');
    }
  };
  const imported = async (name: string, files: string[]): Promise<string> => {
    const h = harness();
    const path = (await h.services['cleanup/new']({ path: join(dir, name) })).path;
    for (const f of files) expect(await h.run(h.services['contacts/import']({ path: join(dir, f), options: {} }))).toMatchObject({ status: 'done' });
    await h.services.dispose();
    return path;
  };

  it('are written by each import, one chunk per list, and searched without reading a row', async () => {
    const db = openStore(await imported('kept', ['contacts.csv', 'more.csv']));
    try {
      expect(chunks(db)).toEqual([
        { first_id: 1, last_id: 5, blanks: '[[5,"not an address"]]', text: 'ann@gmial.com\nbob@example.com\ncarl@yaho.com\nann@gmail.com\n' },
        { first_id: 6, last_id: 7, blanks: '[[7,"Élodie sans adresse"]]', text: 'zoe@gmial.com\n' },
      ]);
      expect(addressesStored(db)).toBe(true);
      const kept = readAddresses(db)!;
      const rows = fromRows(db)!;
      expect(Buffer.from(kept.bytes).toString()).toBe(Buffer.from(rows.bytes).toString());
      expect([...kept.ids]).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expect([...kept.blankIds]).toEqual([...rows.blankIds]);
      expect(kept.blankCells).toEqual(rows.blankCells);
      // A search made while the worker is still reading them reads them itself, not in SQL.
      const review = new Review(db);
      let release: (p: AddressParts | null) => void = () => {};
      const loaded = review.loadAddresses(() => new Promise((r) => { release = r; }));
      expect(review.rows({ decision: 'all', search: 'gmial' }, 0, 50).rows.map((r) => r.email)).toEqual(['ann@gmial.com', 'zoe@gmial.com']);
      expect(review.searchMemory).toBeGreaterThan(0);
      expect(review.rows({ decision: 'all', search: 'an add' }, 0, 50).rows.map((r) => r.email)).toEqual(['Not An Address']);
      expect(review.rows({ decision: 'all', search: 'lodie sans' }, 0, 50).rows.map((r) => r.email)).toEqual(['ÉLODIE SANS Adresse']);
      release(null);
      await loaded;
      expect(review.searchMemory).toBeGreaterThan(0);
      // A load that fails leaves the addresses to the next search, which reads them itself.
      review.addressesChanged();
      await review.loadAddresses(() => Promise.reject(new Error('the worker stopped')));
      expect(review.searchMemory).toBe(0);
      expect(review.rows({ decision: 'all', search: 'gmial' }, 0, 50).rows.map((r) => r.email)).toEqual(['ann@gmial.com', 'zoe@gmial.com']);
      expect(review.searchMemory).toBeGreaterThan(0);
    } finally {
      db.close();
    }
  });

  it('make the same index read here as text as read in a worker as bytes: kept chunks, rows without one, addresses that are not ASCII', async () => {
    writeFileSync(join(dir, 'accents.csv'), 'email,first\r\nmüller@bücher.de,Jörg\r\nδοκιμή@example.com,Eleni\r\nNo Address ü,Uwe\r\n');
    const path = await imported('as-text', ['contacts.csv', 'accents.csv', 'more.csv']);
    const db = openStore(path);
    try {
      const same = (note: string, ascii: boolean) => {
        const here = AddressIndex.load(db)!;
        const there = AddressIndex.from(readAddresses(db)!);
        expect(here.ascii, note).toBe(ascii);
        expect(there.ascii, note).toBe(ascii);
        expect(here.lines, note).toBe(there.lines);
        expect(here.size, note).toBe(there.size);
        for (const q of ['@', 'ü', 'xn--', 'δοκ', 'ann@', 'gmial', 'no address ü', 'lodie', '.de\nzoe', 'zz']) {
          expect(Array.from(here.match(q)), `${note}: "${q}"`).toEqual(Array.from(there.match(q)));
        }
        return here;
      };
      expect(Array.from(same('three kept chunks', false).match('ü'))).toEqual([6, 8]);
      // A chunk gone (as after an address edit): its rows are read from the table, the others kept.
      db.prepare('DELETE FROM search_addresses WHERE first_id = 6').run();
      expect(addressesStored(db)).toBe(false);
      expect(Array.from(same('the accented list read from its rows', false).match('δοκ'))).toEqual([7]);
      // Only ASCII left: each character one byte, as the ASCII list's chunk alone holds.
      db.exec('DELETE FROM search_addresses WHERE first_id <> 1; DELETE FROM contacts WHERE id > 5');
      expect(Array.from(same('one ASCII list', true).match('ann@'))).toEqual([1, 4]);
    } finally {
      db.close();
    }
  });

  it('lose the chunk of an edited address, which the review reads from the rows and stores again', async () => {
    const path = await imported('edited', ['contacts.csv', 'more.csv']);
    const db = openStore(path);
    const runner = new JobRunner({ workerUrl: new URL('../../../../electron/services/jobs/worker.ts', import.meta.url) });
    try {
      const review = new Review(db);
      const ann = review.rows({ decision: 'all', search: 'gmial' }, 0, 1).rows[0]!;
      expect(review.acceptSuggestions([ann.id], undefined)).toBe(1);
      // Only the first list's chunk held the row; the second list's stays.
      expect(chunks(db)).toEqual([{ first_id: 6, last_id: 7, blanks: '[[7,"Élodie sans adresse"]]', text: 'zoe@gmial.com\n' }]);
      expect(addressesStored(db)).toBe(false);
      const fresh = new Review(db);
      expect(fresh.rows({ decision: 'all', search: 'gmial' }, 0, 50).rows.map((r) => r.email)).toEqual(['zoe@gmial.com']);
      // The worker the review starts as it opens reads the missing rows and keeps them.
      const parts = await runner.call<AddressParts | null>({ helper: 'addresses', dbPath: path });
      expect(Buffer.from(parts!.bytes).toString()).toBe('ann@gmail.com\nbob@example.com\ncarl@yaho.com\nann@gmail.com\n\nzoe@gmial.com\n');
      expect(chunks(db)).toEqual([
        { first_id: 1, last_id: 5, blanks: '[[5,"not an address"]]', text: 'ann@gmail.com\nbob@example.com\ncarl@yaho.com\nann@gmail.com\n' },
        { first_id: 6, last_id: 7, blanks: '[[7,"Élodie sans adresse"]]', text: 'zoe@gmial.com\n' },
      ]);
      // The undo edits the address back: stale again, and read from the rows.
      review.undo();
      expect(addressesStored(db)).toBe(false);
      expect(new Review(db).rows({ decision: 'all', search: 'gmial' }, 0, 50).rows.map((r) => r.email)).toEqual(['ann@gmial.com', 'zoe@gmial.com']);
    } finally {
      db.close();
      await runner.dispose();
    }
  });

  it('are read from the rows, then kept, in a cleanup from version 10', async () => {
    const current = await imported('older-source', ['contacts.csv']);
    // The file as version 10 left it: its schema, made by migrations 1 to 10, holding the rows of
    // the import (migrations 11 to 13 add no column any table of version 10 has).
    const path = join(dir, 'older.listsweep');
    const old = openStore(path, { create: true, migrations: MIGRATIONS.filter((m) => m.version <= 10) });
    old.prepare('ATTACH ? AS cur').run(current);
    for (const t of ['sources', 'contacts', 'bounces', 'settings', 'review_figures']) old.exec(`INSERT INTO main.${t} SELECT * FROM cur.${t}`);
    old.exec('DETACH cur');
    old.close();
    const db = openStore(path);
    try {
      expect(chunks(db)).toEqual([]);
      expect(new Review(db).rows({ decision: 'all', search: 'ann@' }, 0, 50).rows.map((r) => r.email)).toEqual(['ann@gmial.com', 'ann@gmail.com']);
      expect(readAddresses(db, { store: true })).not.toBeNull();
      expect(chunks(db)).toEqual([{ first_id: 1, last_id: 5, blanks: '[[5,"not an address"]]', text: 'ann@gmial.com\nbob@example.com\ncarl@yaho.com\nann@gmail.com\n' }]);
      expect(addressesStored(db)).toBe(true);
    } finally {
      db.close();
    }
  });
});

describe('search within a filter', () => {
  it('gives the rows SQL gives, for filters of a few rows (their own addresses searched), of most rows (every address), and the kept and clean rows', async () => {
    const gen = genLists(3000);
    const h = harness();
    const path = (await h.services['cleanup/new']({ path: join(gen, 'within') })).path;
    expect(await h.run(h.services['contacts/import']({ path: join(gen, 'contacts.csv'), options: {} }))).toMatchObject({ status: 'done' });
    expect(await h.run(h.services['bounces/import']({ paths: [join(gen, 'bounces.csv')], mappings: {} }))).toMatchObject({ status: 'done' });
    await h.services.dispose();
    const db = openStore(path);
    try {
      const review = new Review(db);
      const total = review.rows({ decision: 'all', search: '' }, 0, 1).total;
      const sourceId = db.prepare("SELECT id FROM sources WHERE kind = 'contacts'").pluck().get() as number;
      // Filters read through their indexes: a few rows match among their own addresses, the list's
      // every row (more than a quarter) matches every address and keeps its rows.
      const indexed: Omit<ReviewFilter, 'search'>[] = [
        { decision: 'remove' }, { decision: 'watch' }, { decision: 'all', cause: 'hard-bounce' }, { decision: 'all', cause: 'invalid' },
        { decision: 'all', reason: 'userunknown' }, { decision: 'remove', cause: 'duplicate' }, { decision: 'all', sourceId },
      ];
      const sizes = indexed.map((f) => review.rows({ ...f, search: '' }, 0, 1).total);
      expect(sizes.filter((n) => n > 0 && n * 4 <= total).length).toBeGreaterThanOrEqual(5);
      expect(sizes.at(-1)).toBe(total);
      // The kept and clean rows take a third way: every address, less the flagged rows.
      for (const f of [...indexed, { decision: 'keep' }, { decision: 'all', cause: 'clean' }] as Omit<ReviewFilter, 'search'>[]) {
        for (const search of ['a', 'gmail', 'e.c', '@', 'zq', 'not']) {
          const w = whereOf(normalizeFilter({ ...f, search }));
          const want = db.prepare(`SELECT c.id FROM contacts c ${w.sql} ORDER BY c.id`).pluck().all(...w.params);
          const page = review.rows({ ...f, search }, 0, total);
          expect(page.rows.map((r) => r.id), `${JSON.stringify(f)} "${search}"`).toEqual(want);
        }
      }
      expect(review.searchMemory).toBeGreaterThan(0);
    } finally {
      db.close();
      rmSync(gen, { recursive: true, force: true });
    }
  });
});
