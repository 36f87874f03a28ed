/**
 * Hostile and damaged cleanup files, generated here from a real cleanup: each is refused with the
 * plain "damaged" message, nothing is opened, and the file's bytes are the same afterwards.
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, copyFileSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAGE_SIZE } from '../../../../electron/services/store/db.js';
import { inspectCleanup, openStore } from '../../../../electron/services/store/index.js';
import { DAMAGED_MESSAGE } from '../../../../shared/errors.js';
import { harness, type Harness } from '../cleanup/helpers.js';

let dir: string;
let good: string;
let h: Harness;

/** A cleanup of many pages: 3,000 settings rows of ~200 bytes, then folded into the file. */
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ls-damaged-'));
  good = join(dir, 'good.listsweep');
  const db = openStore(good, { create: true });
  const put = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)');
  db.transaction(() => { for (let i = 0; i < 3000; i++) put.run(`k${i}`, JSON.stringify('x'.repeat(200) + i)); })();
  db.close();
  expect(existsSync(`${good}-wal`)).toBe(false);
  h = harness();
});
afterAll(async () => {
  await h.services.dispose();
  rmSync(dir, { recursive: true, force: true });
});

const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');

function variant(name: string, make: (path: string) => void): string {
  const p = join(dir, `${name}.listsweep`);
  copyFileSync(good, p);
  make(p);
  return p;
}

function overwrite(path: string, at: number, bytes: Buffer): void {
  const fd = openSync(path, 'r+');
  try { writeSync(fd, bytes, 0, bytes.length, at); } finally { closeSync(fd); }
}

/** Edits the schema the way a hostile author would, with plain SQLite. */
function edit(path: string, sql: string): void {
  const db = new Database(path);
  // Off: SQLite's defensive mode, which stops a connection from writing sqlite_schema itself.
  db.unsafeMode(true);
  db.exec(sql);
  db.pragma('journal_mode = DELETE');
  db.close();
}

const CASES: [string, (p: string) => void][] = [
  ['truncated', (p) => truncateSync(p, Math.floor(statSync(p).size / 2))],
  ['garbage', (p) => writeFileSync(p, randomBytes(64 * 1024))],
  ['header-overwritten', (p) => overwrite(p, 0, randomBytes(100))],
  ['mid-file-corrupted', (p) => { const pages = statSync(p).size / PAGE_SIZE; overwrite(p, Math.floor(pages / 2) * PAGE_SIZE, randomBytes(PAGE_SIZE)); }],
  // open used to hang for ever on the first SELECT from sources (on the main thread).
  ['crafted-view', (p) => edit(p, `DROP TABLE sources;
    CREATE VIEW sources AS WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r)
      SELECT i AS id, 'contacts' AS kind, '' AS name, '' AS path, '' AS format, 0 AS rows, '[]' AS warnings, '' AS imported_at FROM r WHERE i < 0;`)],
  ['extra-trigger', (p) => edit(p, "CREATE TRIGGER wipe AFTER INSERT ON contacts BEGIN DELETE FROM settings; END;")],
  ['changed-column', (p) => edit(p, 'ALTER TABLE contacts ADD COLUMN evil TEXT')],
  ['empty', (p) => writeFileSync(p, '')],
];

describe('damaged and crafted cleanup files', () => {
  it('the undamaged original opens, so each case below fails for its damage alone', async () => {
    expect(inspectCleanup(good, { thorough: true }).version).toBeGreaterThan(0);
    const copy = variant('copy', () => {});
    const info = await h.services['cleanup/open']({ path: copy });
    expect(info.path).toBe(copy);
    await h.services['cleanup/close']({});
  });

  it.each(CASES)('%s: refused with the damaged message, nothing opened, the file unchanged', async (name, make) => {
    const p = variant(name, make);
    const before = sha(p);
    const t0 = performance.now();
    const err = await h.services['cleanup/open']({ path: p }).then(() => null, (e: unknown) => e);
    const ms = performance.now() - t0;
    if (name === 'crafted-view') console.log(`refused the crafted cleanup in ${ms.toFixed(0)} ms (worker start included)`);
    expect(err).toMatchObject({ code: 'damaged' });
    expect((err as Error).message.startsWith(DAMAGED_MESSAGE)).toBe(true);
    expect(await h.services['cleanup/current']({})).toBeNull();
    expect(sha(p)).toBe(before);
    expect(existsSync(`${p}-wal`) && statSync(`${p}-wal`).size > 0).toBe(false);
    // The lighter check every connection makes refuses all but page damage in the data itself.
    if (name !== 'mid-file-corrupted' && name !== 'truncated') expect(() => openStore(p)).toThrow(expect.objectContaining({ code: 'damaged' }));
    expect(sha(p)).toBe(before);
  });

  it("SQLite's own statistics tables (ANALYZE by another tool) are not damage, a look-alike is", async () => {
    const analysed = variant('analysed', (p) => edit(p, 'ANALYZE'));
    expect(inspectCleanup(analysed, { thorough: true }).version).toBeGreaterThan(0);
    const fake = variant('fake-stat', (p) => edit(p, `ANALYZE; PRAGMA writable_schema = ON;
      UPDATE sqlite_schema SET sql = 'CREATE TABLE sqlite_stat1(tbl,idx,stat,extra)' WHERE name = 'sqlite_stat1';`));
    expect(() => inspectCleanup(fake)).toThrow(expect.objectContaining({ code: 'damaged' }));
  });

  it('a refused file leaves the cleanup that was open, open', async () => {
    const ok = variant('still-open', () => {});
    await h.services['cleanup/open']({ path: ok });
    const bad = variant('view-again', CASES.find(([n]) => n === 'crafted-view')![1]);
    await expect(h.services['cleanup/open']({ path: bad })).rejects.toMatchObject({ code: 'damaged' });
    expect((await h.services['cleanup/current']({}))?.path).toBe(ok);
    await h.services['cleanup/close']({});
  });

  it('a new cleanup may replace an empty file but not a damaged one', async () => {
    const empty = join(dir, 'blank.listsweep');
    writeFileSync(empty, '');
    expect((await h.services['cleanup/new']({ path: empty })).path).toBe(empty);
    await h.services['cleanup/close']({});
    const bad = variant('replace-me', CASES.find(([n]) => n === 'extra-trigger')![1]);
    const before = sha(bad);
    await expect(h.services['cleanup/new']({ path: bad })).rejects.toMatchObject({ code: 'damaged' });
    expect(sha(bad)).toBe(before);
  });
});
