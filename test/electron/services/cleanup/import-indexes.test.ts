/**
 * A big contact import (from 8 MB) drops the address and domain indexes, appends its rows and
 * builds them again with one sort each, all in its transaction: once done the cleanup has every
 * index its schema declares, and a cancelled one leaves the file with its indexes and no rows.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { openStore } from '../../../../electron/services/store/index.js';
import { genLists, harness, type Harness } from './helpers.js';

let h: Harness;
let list: string;
beforeAll(() => {
  h = harness();
  list = join(genLists(100_000), 'contacts.csv');
});
afterAll(async () => { await h.services.dispose(); });

/** The schema's own objects (name and SQL), as a fresh cleanup file has them. */
const schemaOf = (path: string) => {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare("SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY name").all();
  } finally {
    db.close();
  }
};

describe('a big contact import and the contacts indexes', () => {
  it('leaves every index of the schema in place, and they find the rows', async () => {
    expect(statSync(list).size).toBeGreaterThan(8 * 1024 * 1024);
    const fresh = join(h.userDataDir, 'fresh.listsweep');
    openStore(fresh, { create: true }).close();
    const info = await h.services['cleanup/new']({});
    expect(await h.run(h.services['contacts/import']({ path: list, options: {} }))).toMatchObject({ status: 'done' });
    expect(schemaOf(info.path)).toEqual(schemaOf(fresh));
    const db = new Database(info.path, { readonly: true });
    try {
      expect(db.prepare('PRAGMA integrity_check').pluck().all()).toEqual(['ok']);
      const some = db.prepare("SELECT email_norm FROM contacts WHERE email_norm <> '' AND id % 997 = 0").pluck().all() as string[];
      const byIndex = db.prepare('SELECT count(*) FROM contacts INDEXED BY contacts_norm WHERE email_norm = ?').pluck();
      const byScan = db.prepare('SELECT count(*) FROM contacts NOT INDEXED WHERE email_norm = ?').pluck();
      for (const a of some) expect(byIndex.get(a)).toBe(byScan.get(a));
    } finally {
      db.close();
    }
  });

  it('cancelled once rows are being written, leaves the cleanup empty with all its indexes', async () => {
    const info = await h.services['cleanup/new']({});
    const before = schemaOf(info.path);
    const started = await h.services['contacts/import']({ path: list, options: {} });
    await new Promise<void>((resolve) => {
      const t = setInterval(() => {
        // Or its end, so an import that fails before its first progress fails the test at once.
        if (h.events.some((e) => (e.event === 'job/progress' || e.event === 'job/done') && (e.payload as { jobId: string }).jobId === started.jobId)) { clearInterval(t); resolve(); }
      }, 5);
    });
    await h.services['jobs/cancel']({ jobId: started.jobId });
    expect((await h.services.waitForJob(started.jobId)).outcome).toEqual({ status: 'cancelled' });
    expect(schemaOf(info.path)).toEqual(before);
    expect(before.map((r) => (r as { name: string }).name)).toEqual(expect.arrayContaining(['contacts_norm']));
    const db = new Database(info.path, { readonly: true });
    try {
      expect(db.prepare('SELECT count(*) FROM contacts').pluck().get()).toBe(0);
      expect(db.prepare('SELECT count(*) FROM sources').pluck().get()).toBe(0);
    } finally {
      db.close();
    }
  });
});
