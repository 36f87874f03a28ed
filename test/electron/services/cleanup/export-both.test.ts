/**
 * The cleaned and removed lists written in one pass over the rows (the command line's --out with
 * --removed): each file is the same bytes as its own export, whatever the rows hold (corrected
 * addresses, overrides, formula cells, rows of several addresses, lists of other columns).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import readXlsxFile from 'read-excel-file/node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { harness, type Harness } from './helpers.js';

const FIX = resolve(import.meta.dirname, '../../../fixtures');

// A typo to accept, a duplicate, a role account, a hard bounce, a soft one, a formula cell, and a
// row the user removes by hand.
const CONTACTS = [
  'email,first,last,city',
  'ann@gmial.com,Ann,Lee,Oslo',
  'bob@example.com,Bob,,',
  'BOB@example.com,Bob,Stone,"Paris, FR"',
  'info@example.com,=1+1,,',
  'gone@example.com,Gone,,',
  'carl@yaho.com,Carl,Ray,Rome',
  'dan@example.org,Dan,,',
  'eve@example.net,@Eve,,',
].join('\r\n') + '\r\n';
const BOUNCES = 'email,status,diagnostic\r\ngone@example.com,5.1.1,550 5.1.1 user unknown\r\ndan@example.org,4.2.2,452 4.2.2 Mailbox full\r\n';

let h: Harness;
let dir: string;
beforeEach(async () => {
  h = harness();
  dir = mkdtempSync(join(tmpdir(), 'ls-both-'));
  await h.services['cleanup/new']({});
});
afterEach(async () => {
  await h.services.dispose();
  rmSync(dir, { recursive: true, force: true });
});

async function imported(contacts: string[], bounces: string[]): Promise<void> {
  for (const p of contacts) expect(await h.run(h.services['contacts/import']({ path: p, options: {} }))).toMatchObject({ status: 'done' });
  expect(await h.run(h.services['bounces/import']({ paths: bounces, mappings: {} }))).toMatchObject({ status: 'done' });
}

type Cleaned = { readonly sourceId?: number; readonly excelSafe?: boolean };

/** The two files from one pass, then from two exports, as bytes. */
async function bothWays(opts: Cleaned, ext = 'csv', removedExt = ext): Promise<{ once: [Buffer, Buffer]; apart: [Buffer, Buffer]; summary: string }> {
  const at = (name: string) => join(dir, name);
  const cleaned = { kind: 'cleaned', encoding: 'source', ...opts } as const;
  const outcome = await h.run(h.services.exportCleanedAndRemoved({ ...cleaned, path: at(`once-cleaned.${ext}`) }, { path: at(`once-removed.${removedExt}`), encoding: 'source' }));
  expect(outcome).toMatchObject({ status: 'done' });
  expect(await h.run(h.services['export/run']({ ...cleaned, path: at(`apart-cleaned.${ext}`) }))).toMatchObject({ status: 'done' });
  const removed = { kind: 'removed', encoding: 'source', ...(opts.sourceId === undefined ? {} : { sourceId: opts.sourceId }) } as const;
  expect(await h.run(h.services['export/run']({ ...removed, path: at(`apart-removed.${removedExt}`) }))).toMatchObject({ status: 'done' });
  const read = (a: string, b: string): [Buffer, Buffer] => [readFileSync(at(a)), readFileSync(at(b))];
  return {
    once: read(`once-cleaned.${ext}`, `once-removed.${removedExt}`),
    apart: read(`apart-cleaned.${ext}`, `apart-removed.${removedExt}`),
    summary: outcome.status === 'done' ? outcome.summary : '',
  };
}

const lines = (b: Buffer) => b.toString('utf8').split('\r\n').filter(Boolean);

describe('the cleaned and removed lists in one pass', () => {
  it('writes each list as its own export does: corrections, overrides, duplicates, bounces and formula cells', async () => {
    writeFileSync(join(dir, 'list.csv'), CONTACTS);
    writeFileSync(join(dir, 'bounces.csv'), BOUNCES);
    await imported([join(dir, 'list.csv')], [join(dir, 'bounces.csv')]);
    expect((await h.services['review/accept-suggestion']({ filter: { decision: 'all', search: '', flag: 'typo' } })).changed).toBe(2);
    const eve = (await h.services['review/rows']({ filter: { decision: 'all', search: 'eve@' }, offset: 0, limit: 1 })).rows[0]!;
    expect((await h.services['review/override']({ ids: [eve.id], decision: 'remove' })).changed).toBe(1);

    for (const excelSafe of [false, true]) {
      const { once, apart, summary } = await bothWays({ excelSafe });
      expect(once[0].equals(apart[0]), `cleaned, excelSafe ${excelSafe}`).toBe(true);
      expect(once[1].equals(apart[1]), `removed, excelSafe ${excelSafe}`).toBe(true);
      // What the lists hold, so that two equally wrong files would not pass.
      expect(lines(once[0])).toEqual(excelSafe
        ? ['email,first,last,city', 'ann@gmail.com,Ann,Lee,Oslo', 'bob@example.com,Bob,,', "info@example.com,'=1+1,,", 'carl@yahoo.com,Carl,Ray,Rome', 'dan@example.org,Dan,,']
        : ['email,first,last,city', 'ann@gmail.com,Ann,Lee,Oslo', 'bob@example.com,Bob,,', 'info@example.com,=1+1,,', 'carl@yahoo.com,Carl,Ray,Rome', 'dan@example.org,Dan,,']);
      const removed = lines(once[1]);
      expect(removed[0]).toBe('email,first,last,city,listsweep_reason,listsweep_detail');
      expect(removed.slice(1).map((l) => l.split(',').slice(0, 2).join(',') + ',' + /,(duplicate|hard-bounce|override),/.exec(l)?.[1])).toEqual([
        'BOB@example.com,Bob,duplicate', 'gone@example.com,Gone,hard-bounce', "eve@example.net,'@Eve,override",
      ]);
      expect(removed[3]).toContain('removed by you (policy: ');
      expect(summary).toBe('Wrote 5 rows to once-cleaned.csv and 3 rows to once-removed.csv.');
    }
  });

  it('writes rows of several addresses once each, and lists of other columns in the first one’s, per list and all together', async () => {
    await imported([join(FIX, 'contacts/google-contacts-multi.csv'), join(FIX, 'contacts/outlook-contacts-3-emails.csv')], [join(FIX, 'esp/generic-bounces-multi-address.csv')]);
    const info = (await h.services['cleanup/current']({}))!;
    const ids = info.sources.filter((s) => s.kind === 'contacts').map((s) => s.id);
    expect(ids).toHaveLength(2);
    for (const sourceId of [undefined, ...ids]) {
      const { once, apart } = await bothWays(sourceId === undefined ? {} : { sourceId });
      expect(once[0].equals(apart[0]), `cleaned of ${sourceId ?? 'all'}`).toBe(true);
      expect(once[1].equals(apart[1]), `removed of ${sourceId ?? 'all'}`).toBe(true);
      // The removed list names the address that went (Outlook's list quotes every header).
      expect(lines(once[1])[0]).toMatch(/,"?listsweep_reason"?,"?listsweep_detail"?,"?listsweep_address"?$/);
      expect(lines(once[1]).length).toBeGreaterThan(1);
    }
  });

  it('writes a removed list as Excel beside a cleaned CSV, as its own export does', async () => {
    writeFileSync(join(dir, 'list.csv'), CONTACTS);
    writeFileSync(join(dir, 'bounces.csv'), BOUNCES);
    await imported([join(dir, 'list.csv')], [join(dir, 'bounces.csv')]);
    const { once, apart } = await bothWays({}, 'csv', 'xlsx');
    expect(once[0].equals(apart[0])).toBe(true);
    // A workbook's zip entries carry the time they were written: compare the sheets, read back
    // with the reader the import uses.
    const sheets = await readXlsxFile(once[1]);
    expect(sheets).toEqual(await readXlsxFile(apart[1]));
    expect(sheets[0]!.data.map((r) => `${String(r[0])} ${String(r[4])}`)).toEqual(['email listsweep_reason', 'BOB@example.com duplicate', 'gone@example.com hard-bounce']);
  });

  it('refuses the same file for both lists, an imported list, or a missing folder, and writes nothing', async () => {
    writeFileSync(join(dir, 'list.csv'), CONTACTS);
    writeFileSync(join(dir, 'bounces.csv'), BOUNCES);
    await imported([join(dir, 'list.csv')], [join(dir, 'bounces.csv')]);
    const before = readdirSync(dir).sort();
    const cleaned = { kind: 'cleaned', encoding: 'source', path: join(dir, 'out.csv') } as const;
    await expect(h.services.exportCleanedAndRemoved(cleaned, { path: join(dir, 'out.csv'), encoding: 'source' })).rejects.toMatchObject({ code: 'bad-input' });
    await expect(h.services.exportCleanedAndRemoved(cleaned, { path: join(dir, 'list.csv'), encoding: 'source' })).rejects.toMatchObject({ code: 'bad-input' });
    await expect(h.services.exportCleanedAndRemoved(cleaned, { path: join(dir, 'no-such-folder', 'removed.csv'), encoding: 'source' })).rejects.toMatchObject({ code: 'not-found' });
    expect(readdirSync(dir).sort()).toEqual(before);
    expect(readFileSync(join(dir, 'list.csv'), 'utf8')).toBe(CONTACTS);
    expect(existsSync(join(dir, 'out.csv'))).toBe(false);
  });
});
