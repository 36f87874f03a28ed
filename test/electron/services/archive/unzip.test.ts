import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { zipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { inflateLimits, readMembers, removeStaleTemps } from '../../../../electron/services/archive/unzip.js';
import { previewBounces, readBounces } from '../../../../electron/services/bounces/index.js';
import { readXlsx } from '../../../../electron/services/contacts/xlsx.js';
import { makeXlsx } from '../contacts/make-xlsx.js';
import { writeBomb, writeCsvZipBomb, writeWorkbookBomb } from './make-bomb.js';

const dir = mkdtempSync(join(tmpdir(), 'ls-bomb-'));
const GB = 1 << 30;

/** This thread's unpacked-member folders: a preview or import must leave none behind. */
function myTemps(): string[] {
  return readdirSync(tmpdir()).filter((n) => n.startsWith(`listsweep-zip-${process.pid}-${threadId}-`));
}

afterEach(() => { expect(myTemps()).toEqual([]); });

describe('workbooks', () => {
  it('refuses a 6 MB workbook that declares a 3 GB sheet, with the CSV advice, inflating nothing', async () => {
    const p = join(dir, 'honest-3gb.xlsx');
    const [, , , , sheet] = writeWorkbookBomb(p, 3000);
    expect(sheet).toBeGreaterThan(3 * 1e9);
    await expect(readXlsx(p)).rejects.toMatchObject({ code: 'wrong-file', message: expect.stringMatching(/^This workbook expands to more than 256 MB when unpacked.*save the sheet as CSV/i) });
  });

  it('stops a workbook whose headers lie about its size by counting what comes out', async () => {
    const p = join(dir, 'lying-3gb.xlsx');
    writeWorkbookBomb(p, 3000, 5000);
    await expect(readXlsx(p)).rejects.toMatchObject({ code: 'wrong-file', message: expect.stringMatching(/more than 100 times its size when unpacked \(xl\/worksheets\/sheet1\.xml\)/) });
  });

  it('caps the inflated bytes too, and both caps can be changed', async () => {
    const p = join(dir, 'padded-3mb.xlsx');
    writeWorkbookBomb(p, 3);
    // Read through 1 MB of padding, not 3: on 3 MB of whitespace read-excel-file's XML parser
    // twice spent 49 s and then overflowed its stack (once in a CI run, once in 9 runs of this
    // file alone), a cost of that parser, not of the caps this test is about.
    const read = join(dir, 'padded-1mb.xlsx');
    writeWorkbookBomb(read, 1);
    const roomy = { ...inflateLimits('workbook'), maxRatio: 10_000 };
    await expect(readXlsx(read)).rejects.toThrow(/more than 100 times/);
    expect((await readXlsx(read, undefined, roomy)).rows).toEqual([['Email'], ['ann@example.com']]);
    await expect(readXlsx(p, undefined, { ...roomy, maxBytes: 2 << 20 })).rejects.toThrow(/expands to more than 2 MB/);
    await expect(readXlsx(p)).rejects.toThrow(/more than 100 times/);
  });

  it('reads an ordinary deflated workbook through the capped unzip', async () => {
    const stored = join(dir, 'stored.xlsx');
    writeFileSync(stored, makeXlsx([{ name: 'People', rows: [['Email', 'Name'], ['ann@example.com', 'Ann'], ['bob@example.com', 'Bob']], merges: ['B2:B3'] }]));
    const parts = await readMembers(stored, () => true, inflateLimits('workbook'));
    const deflated = join(dir, 'deflated.xlsx');
    writeFileSync(deflated, zipSync(Object.fromEntries([...parts].map(([k, v]) => [k, [v, { level: 9 }]]))));
    const t = await readXlsx(deflated);
    expect(t.rows).toEqual([['Email', 'Name'], ['ann@example.com', 'Ann'], ['bob@example.com', 'Bob']]);
    expect(t.warnings.join(' ')).toMatch(/merged cells spanning rows \(B2:B3\)/);
  });

  it('takes its caps from the environment', () => {
    process.env.LISTSWEEP_MAX_INFLATE_RATIO = '250';
    process.env.LISTSWEEP_MAX_INFLATE_MB = '64';
    try {
      expect(inflateLimits('workbook')).toMatchObject({ maxRatio: 250, maxBytes: 64 << 20 });
      expect(inflateLimits('bounce-zip')).toMatchObject({ maxRatio: 250, maxBytes: 2 * GB });
    } finally {
      delete process.env.LISTSWEEP_MAX_INFLATE_RATIO;
      delete process.env.LISTSWEEP_MAX_INFLATE_MB;
    }
  });
});

describe('ZIPs given as bounces', () => {
  it('refuses a 7 MB ZIP whose CSV declares 4 GB and leaves no temporary files', async () => {
    const p = join(dir, 'honest.zip');
    writeCsvZipBomb(p, 100_000_000);
    await expect(previewBounces([p])).rejects.toMatchObject({ code: 'wrong-file', message: expect.stringMatching(/^honest\.zip expands to more than 2 GB when unzipped/) });
  });

  it('stops a ZIP that lies about its size, after unpacking part of it, and removes what it unpacked', async () => {
    const p = join(dir, 'lying.zip');
    writeBomb(p, [
      { name: 'a-good.csv', parts: [{ text: 'email,code,status\nann@example.com,550,5.1.1\n' }] },
      { name: 'b-bomb.csv', parts: [{ text: 'email,code\n' }, { text: 'bob@example.com,550\n'.repeat(4096), times: 50_000 }], declared: 100 },
    ]);
    await expect(previewBounces([p])).rejects.toThrow(/lying\.zip expands to more than 100 times its size when unzipped \(b-bomb\.csv\)/);
    // The import reads the same way: nothing from the archive, the refusal as the reason.
    await expect(async () => { for await (const batch of readBounces([p])) void batch; }).rejects.toThrow(/expands to more than 100 times/);
  });

  it('still unpacks an ordinary ZIP of exports', async () => {
    const p = join(dir, 'ordinary.zip');
    writeCsvZipBomb(p, 2000);
    const [preview] = await previewBounces([p]);
    expect(preview).toMatchObject({ path: join(p, 'export/bounces.csv'), records: 2048 });
  });
});

describe('leftovers', () => {
  it('removes the unpacked folders of processes that no longer run, and of a stopped thread of this one', async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'ls-temps-'));
    const gone = spawnSync(process.execPath, ['-e', '0']).pid!;
    const make = (name: string) => { mkdirSync(join(scratch, name)); writeFileSync(join(scratch, name, '0-big.csv'), 'x'); return join(scratch, name); };
    const dead = make(`listsweep-zip-${gone}-0-abc123`);
    const live = make(`listsweep-zip-${process.ppid}-0-abc123`);
    const mine = make(`listsweep-zip-${process.pid}-${threadId}-abc123`);
    const stopped = make(`listsweep-zip-${process.pid}-99999-abc123`);
    const other = make('listsweep-host-abc123');
    expect(await removeStaleTemps(undefined, scratch)).toEqual([dead]);
    expect(await removeStaleTemps(99999, scratch)).toEqual([stopped]);
    for (const kept of [live, mine, other]) expect(existsSync(kept)).toBe(true);
  });
});
