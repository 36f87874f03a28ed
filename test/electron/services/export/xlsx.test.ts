/**
 * Excel out: a workbook imported comes back as a workbook (its sheet name, header, column order,
 * numbers and dates), any list can be written as .xlsx, and a list too long for one sheet is
 * refused with the way out. Every file is read back with read-excel-file, the reader the import uses.
 */
import { copyFileSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import readXlsxFile from 'read-excel-file/node';
import writeXlsxFile from 'write-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, REPO, type Harness } from '../cleanup/helpers.js';
import { createXlsxWriter, EXCEL_MAX_ROWS } from '../../../../electron/services/export/xlsx.js';

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
});
