/**
 * Excel out: a workbook imported comes back as a workbook (its sheet name, header, column order,
 * numbers and dates), any list can be written as .xlsx, and a list too long for one sheet is
 * refused with the way out. Every file is read back with read-excel-file, the reader the import uses.
 */
import { copyFileSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import readXlsxFile from 'read-excel-file/node';
import writeXlsxFile from 'write-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, REPO, type Harness } from '../cleanup/helpers.js';
import { createXlsxWriter, EXCEL_MAX_ROWS } from '../../../../electron/services/export/xlsx.js';
import { createContactWriter } from '../../../../electron/services/export/index.js';
import { exportList } from '../../../../electron/services/cleanup/export.js';
import { AppError } from '../../../../shared/errors.js';
import type { TaskContext } from '../../../../electron/services/jobs/protocol.js';

let h: Harness;
let dir: string;
beforeAll(async () => {
  h = harness();
  dir = h.userDataDir;
  // SES's bulk-import shape: the one bounce that takes gone@example.com off every list below.
  writeFileSync(join(dir, 'ses-import.csv'), 'gone@example.com,BOUNCE\r\n');
});
afterAll(async () => { await h.services.dispose(); });

async function cleanupWith(contacts: string): Promise<void> {
  await h.services['cleanup/new']({});
  expect(await h.run(h.services['contacts/import']({ path: contacts, options: {} }))).toMatchObject({ status: 'done' });
  expect(await h.run(h.services['bounces/import']({ paths: [join(dir, 'ses-import.csv')], mappings: {} }))).toMatchObject({ status: 'done' });
}

async function exported(kind: 'cleaned' | 'removed', name: string) {
  const path = join(dir, name);
  const outcome = await h.run(h.services['export/run']({ kind, path, encoding: 'source' }));
  expect(outcome).toMatchObject({ status: 'done' });
  return readXlsxFile(path);
}

describe('Excel export', () => {
  it('a workbook comes back as a workbook: sheet name, header, order, numbers, dates and text that looks like a number', async () => {
    const src = join(dir, 'members.xlsx');
    const joined = new Date(Date.UTC(2024, 2, 5));
    await writeXlsxFile([
      ['Email', 'Name', 'Zip', 'Score', 'Joined'],
      ['ann@example.com', 'Ann', '02134', 7, { value: joined, type: Date, format: 'yyyy-mm-dd' }],
      ['gone@example.com', 'Gone', '10001', 3, { value: joined, type: Date, format: 'yyyy-mm-dd' }],
      ['bob@example.com', 'Bob', '', 12.5, null],
    ], { sheet: 'Members' }).toFile(src);
    await cleanupWith(src);
    const [sheet, ...more] = await exported('cleaned', 'members-cleaned.xlsx');
    expect(more).toHaveLength(0);
    expect(sheet!.sheet).toBe('Members');
    expect(sheet!.data).toEqual([
      ['Email', 'Name', 'Zip', 'Score', 'Joined'],
      ['ann@example.com', 'Ann', '02134', 7, joined],
      ['bob@example.com', 'Bob', null, 12.5, null],
    ]);
    // Nothing left beside it: the workbook was written to a temporary name and moved into place.
    expect(readdirSync(dir).filter((f) => f.includes('.partial'))).toEqual([]);
  });

  it('a real HubSpot workbook whose numbers are text keeps them as text', async () => {
    const src = join(dir, 'hubspot.xlsx');
    copyFileSync(resolve(REPO, 'test/fixtures/esp/hubspot-contacts-export.xlsx'), src);
    const before = (await readXlsxFile(src))[0]!;
    await cleanupWith(src);
    const after = (await exported('cleaned', 'hubspot-cleaned.xlsx'))[0]!;
    expect(after.sheet).toBe(before.sheet);
    expect(after.data).toEqual(before.data);
  });

  it('a CSV list can be written as .xlsx, and the removed list too, with its reasons and formulas made text', async () => {
    const src = join(dir, 'list.csv');
    writeFileSync(src, 'email,name,phone\r\nann@example.com,Ann,+44 20 7946 0000\r\ngone@example.com,"=HYPERLINK(""http://x"",""y"")",5\r\n');
    await cleanupWith(src);
    const cleaned = (await exported('cleaned', 'list-cleaned.xlsx'))[0]!;
    expect(cleaned.sheet).toBe('list');
    // A CSV has no cell types: its cells stay text, exactly as imported.
    expect(cleaned.data).toEqual([['email', 'name', 'phone'], ['ann@example.com', 'Ann', '+44 20 7946 0000']]);
    const removed = (await exported('removed', 'list-removed.xlsx'))[0]!;
    expect(removed.data[0]).toEqual(['email', 'name', 'phone', 'listsweep_reason', 'listsweep_detail']);
    expect(removed.data[1]!.slice(0, 4)).toEqual(['gone@example.com', `'=HYPERLINK("http://x","y")`, '5', 'hard-bounce']);
  });

  it('refuses more rows than an Excel sheet holds, says so, offers CSV and leaves no file', async () => {
    const out = join(dir, 'huge.xlsx');
    const w = createXlsxWriter(out, { sheet: 'Huge', headers: ['email'], hasHeader: true });
    const rec = { raw: null, fields: ['a@example.com'] };
    for (let i = 1; i < EXCEL_MAX_ROWS; i++) w.writeRecord(rec);
    expect(() => w.writeRecord(rec)).toThrow(/at most 1,048,576 rows.*as CSV/);
    await w.abort();
    expect(existsSync(out)).toBe(false);
  });

  it('text XML cannot carry, or that reads like Excel’s own escapes, comes back as written; a sheet name Excel refuses is made acceptable', async () => {
    const out = join(dir, 'awkward.xlsx');
    const cells = ['Tom & Jerry <tj@example.com>', 'bell\u0007 and form feed\u000c', 'literally _x0041_ here', '  padded  ', 'line\r\nbreak', '"quoted"', 'emoji 😀 ü'];
    const w = createXlsxWriter(out, { sheet: 'list [2025]: a/b?', headers: cells.map((_, i) => `c${i}`), hasHeader: true });
    w.writeRecord({ raw: null, fields: cells });
    await w.close();
    const [sheet] = await readXlsxFile(out, { trim: false });
    expect(sheet!.sheet).toBe('list _2025__ a_b_');
    expect(sheet!.data[1]).toEqual(cells);
  });

  it('writes a sheet of many rows in pieces: every row read back in order', async () => {
    const out = join(dir, 'many.xlsx');
    const w = createXlsxWriter(out, { sheet: 'Many', headers: ['email', 'n'], hasHeader: true, columnTypes: ['text', 'number'] });
    const n = 30_000; // past the ~1 MB of XML that goes to the compressor at a time
    for (let i = 0; i < n; i++) w.writeRecord({ raw: null, fields: [`user${i}@example.com`, String(i)] });
    await w.close();
    const data = (await readXlsxFile(out))[0]!.data;
    expect(data).toHaveLength(n + 1);
    expect(data[1]).toEqual(['user0@example.com', 0]);
    expect(data[n]).toEqual([`user${n - 1}@example.com`, n - 1]);
  });

  it('many-byte text across the compressor\'s buffers, and a row larger than one, come back whole', async () => {
    const out = join(dir, 'wide.xlsx');
    const width = 40;
    const w = createXlsxWriter(out, { sheet: 'Wide', headers: Array.from({ length: width }, (_, i) => `c${i}`), hasHeader: true });
    const note = (i: number) => ['お得意様', 'a😀b', 'é'.repeat(9), 'Tom & Jerry <x>'][i % 4]!;
    const n = 12_000; // about 6 MB of sheet XML: several buffers, filled with three- and four-byte characters
    const big = Array.from({ length: width }, (_, i) => `${i}${'€'.repeat(30_000)}`); // 3.6 MB in one row's XML: more than a buffer holds
    for (let i = 0; i < n; i++) {
      w.writeRecord({ raw: null, fields: Array.from({ length: width }, (_, c) => (c < 3 ? `${note(i + c)}${i}` : '')) });
      if (i === 7_000) w.writeRecord({ raw: null, fields: big });
      // No wait for drained(): buffers still queued in zlib must not be written over.
    }
    await w.close();
    const data = (await readXlsxFile(out, { trim: false }))[0]!.data;
    expect(data).toHaveLength(n + 2);
    for (const i of [0, 1, 6_999, 7_000, 9_999, n - 1]) {
      const row = data[i + 1 + (i > 7_000 ? 1 : 0)]!;
      expect(row.slice(0, 3)).toEqual([0, 1, 2].map((c) => `${note(i + c)}${i}`));
    }
    expect(data[7_002]).toEqual(big);
  });

  it('a cancel during the final write leaves no file, no partial file, and the cleanup unchanged', async () => {
    const src = join(dir, 'cancel.csv');
    writeFileSync(src, 'email,name\r\nann@example.com,Ann\r\nbob@example.com,Bob\r\ngone@example.com,Gone\r\n');
    await cleanupWith(src);
    const db = (await h.services['cleanup/current']({}))!.path;
    await h.services['cleanup/close']({});
    // What the file holds, every table row by row (the import's own upkeep may still fold its log
    // into the file meanwhile, which changes bytes, not content).
    const digest = () => {
      const conn = new Database(db, { readonly: true });
      try {
        const hash = createHash('sha256');
        for (const { name } of conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]) {
          hash.update(name).update((conn.prepare(`SELECT * FROM "${name}"`).raw(true).all() as unknown[][]).map((r) => JSON.stringify(r)).sort().join('\n'));
        }
        return hash.digest('hex');
      } finally {
        conn.close();
      }
    };
    const before = digest();
    for (const name of ['cancel-cleaned.csv', 'cancel-cleaned.xlsx']) {
      // Cancelled once every row is written: what is left is the writer's close.
      let cancelled = false;
      const ctx: TaskContext = {
        jobId: 't', dbPath: db, signal: new AbortController().signal,
        cancelled: () => cancelled,
        checkCancelled() { if (cancelled) throw new AppError('cancelled', 'Cancelled.'); },
        progress(_phase, done, total) { if (done === total) queueMicrotask(() => { cancelled = true; }); },
      };
      await expect(exportList(ctx, { kind: 'cleaned', path: join(dir, name), encoding: 'source' })).rejects.toMatchObject({ code: 'cancelled' });
      expect(existsSync(join(dir, name))).toBe(false);
    }
    expect(readdirSync(dir).filter((f) => f.includes('.partial'))).toEqual([]);
    expect(digest()).toBe(before);
  });

  it('the writers check for a cancel before the file takes its name (CSV and Excel)', async () => {
    const stop = () => { throw new AppError('cancelled', 'Cancelled.'); };
    const csv = createContactWriter(join(dir, 'late.csv'), { kind: 'csv', encoding: 'utf-8', encodingConfidence: 'certain', bom: false, delimiter: ',', lineEnding: '\r\n', hasHeader: true, headers: ['email'], headerRaw: 'email' }, { checkCancelled: stop });
    const xlsx = createXlsxWriter(join(dir, 'late.xlsx'), { sheet: 'Late', headers: ['email'], hasHeader: true, checkCancelled: stop });
    for (const w of [csv, xlsx]) {
      w.writeRecord({ raw: 'a@example.com', fields: ['a@example.com'] });
      await expect(w.close()).rejects.toMatchObject({ code: 'cancelled' });
    }
    expect(existsSync(join(dir, 'late.csv'))).toBe(false);
    expect(existsSync(join(dir, 'late.xlsx'))).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes('.partial'))).toEqual([]);
  });
});
