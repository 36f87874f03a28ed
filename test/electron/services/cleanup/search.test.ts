/**
 * The review's search holds every address in memory after the first search: it must follow
 * every change of addresses (an accepted correction, its undo and redo, on the main thread and
 * in a worker, a second import) and every change of decisions its filters read, and give the
 * same rows as SQL when an address cannot be held line by line.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReviewFilter } from '../../../../shared/contract.js';
import { openStore } from '../../../../electron/services/store/index.js';
import { Review } from '../../../../electron/services/cleanup/review.js';
import { readAddresses, type AddressParts } from '../../../../electron/services/cleanup/address-index.js';
import { JobRunner } from '../../../../electron/services/jobs/runner.js';
import { harness, type Harness } from './helpers.js';

// Row 1 is a typo of row 4's address; row 5 has no usable address and is found by its cell.
const CONTACTS = [
  'email,first',
  'ann@gmial.com,Ann',
  'bob@example.com,Bob',
  'carl@yaho.com,Carl',
  'ann@gmail.com,Ann',
  'Not An Address,Eve',
].join('\r\n') + '\r\n';
const MORE = 'email,first\r\nzoe@gmial.com,Zoe\r\n';

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
