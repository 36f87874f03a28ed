/**
 * Spreadsheet formula injection (OWASP "CSV injection"): a contact named =HYPERLINK(…) or an
 * address like =cmd|'/Ccalc'!A0@example.com (valid) must not reach Excel as a formula. Files
 * ListSweep creates (removed list, suppression list) always neutralise such cells; the cleaned
 * list stays byte for byte unless "Make safe for Excel" is asked for, and the count of such
 * cells is there for the export panel. Every file is read back with papaparse.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cellsOf } from '../../../../electron/services/cleanup/cells.js';
import { createContactWriter, createSuppressionWriter, formulaCellsInRecord, neutraliseFormula, serializeFields, startsLikeFormula } from '../../../../electron/services/export/index.js';
import { expectedCleaned, harness, removedRows, type Harness } from './helpers.js';

const EVIL = "=cmd|'/Ccalc'!A0@example.com";
// Row 1: a valid address that is a DDE payload (bounced); row 2: a formula name and a +phone
// (bounced); row 3: a negative number and a cell that starts with a tab (kept); row 4: an
// invalid address that starts with @ (removed); row 5: plain (kept); row 6: @mention name (kept).
const LIST = 'email,name,phone\r\n'
  + `${EVIL},Eve,1\r\n`
  + 'ann@example.com,"=HYPERLINK(""http://x"",""y"")",+44 20 7946 0000\r\n'
  + 'bob@example.com,Bob,-5\r\n'
  + '@carol@example.com,Carol,3\r\n'
  + 'dan@example.com,"\tDan",4\r\n'
  + 'erin@example.com,@erin,5\r\n';
const BOUNCES = `address,code,error,created_at\r\n${EVIL},550,"550 5.1.1 User unknown","Mon, 06 May 2024 18:11:58 UTC"\r\nann@example.com,550,"550 5.1.1 User unknown","Mon, 06 May 2024 18:11:58 UTC"\r\n`;

const cells = (text: string): string[][] => Papa.parse<string[]>(text, { skipEmptyLines: true }).data;
const risky = (rows: string[][]): string[] => rows.flat().filter(startsLikeFormula);

describe('the one neutraliser', () => {
  it('prefixes an apostrophe to cells that start with = + - @ tab or CR, and only those', () => {
    expect(['=1+1', '+44', '-5', '@x', '\tx', '\rx'].map(neutraliseFormula)).toEqual(["'=1+1", "'+44", "'-5", "'@x", "'\tx", "'\rx"]);
    expect(['a=1', 'x@y.com', '', ' =1', "'=1"].map(neutraliseFormula)).toEqual(['a=1', 'x@y.com', '', ' =1', "'=1"]);
  });

  it('counts the formula cells of a record\'s text as papaparse reads its cells', () => {
    const cell = fc.array(fc.constantFrom('a', '=', '+', '-', '@', '\t', '\r', '\n', '"', ',', ';', ' ', 'é'), { maxLength: 6 }).map((a) => a.join(''));
    fc.assert(fc.property(fc.array(cell, { minLength: 1, maxLength: 6 }), fc.constantFrom(',', ';', '\t'), fc.boolean(), (cells, d, quoteAll) => {
      const raw = serializeFields(cells, d, quoteAll);
      fc.pre(raw !== '');
      expect(formulaCellsInRecord(raw, d)).toBe(cellsOf(raw, null, d).filter(startsLikeFormula).length);
    }), { numRuns: 500 });
  });

  it('is used by the contact writer when asked (header, raw rows, extra columns) and always by the suppression writer', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ls-xls-'));
    const out = join(dir, 'out.csv');
    const w = createContactWriter(out, { kind: 'csv', encoding: 'utf-8', encodingConfidence: 'certain', bom: false, delimiter: ';', lineEnding: '\n', hasHeader: true, headers: ['=h', 'b'], headerRaw: '=h;b' },
      { excelSafe: true, extraHeaders: ['why'] });
    w.writeRecord({ raw: 'plain;row', fields: ['plain', 'row'] }, ['-reason']);
    w.writeRecord({ raw: '=1+1;"@a"', fields: ['=1+1', '@a'] }, ['ok']);
    await w.close();
    expect(readFileSync(out, 'utf8')).toBe("'=h;b;why\nplain;row;'-reason\n'=1+1;'@a;ok\n");

    const supp = join(dir, 'supp.csv');
    const s = createSuppressionWriter(supp);
    s.writeEntry(EVIL, 'hard-bounce', '2026-01-02');
    await s.close();
    expect(cells(readFileSync(supp, 'utf8'))).toEqual([['email', 'reason', 'date'], [`'${EVIL}`, 'hard-bounce', '2026-01-02']]);
  });
});

describe('exports of a list with formula cells', () => {
  let h: Harness;
  let dir: string;
  let db: string;
  beforeAll(async () => {
    h = harness({ inlineJobs: true });
    dir = mkdtempSync(join(tmpdir(), 'ls-formula-'));
    writeFileSync(join(dir, 'list.csv'), LIST);
    writeFileSync(join(dir, 'mailgun-bounces.csv'), BOUNCES);
    db = (await h.services['cleanup/new']({ path: join(dir, 'c.listsweep') })).path;
    // the export screen asks before a list is imported: nothing to count, no error
    expect(await h.services['export/formula-cells']({})).toEqual({ cells: 0 });
    expect(await h.run(h.services['contacts/import']({ path: join(dir, 'list.csv'), options: {} }))).toMatchObject({ status: 'done' });
    expect(await h.run(h.services['bounces/import']({ paths: [join(dir, 'mailgun-bounces.csv')], mappings: {} }))).toMatchObject({ status: 'done' });
    expect([...removedRows(db)].sort()).toEqual([1, 2, 4]);
  });
  afterAll(async () => { await h.services.dispose(); });

  const exportTo = async (name: string, args: { kind: 'cleaned' | 'removed' | 'suppression'; excelSafe?: boolean }): Promise<string> => {
    const path = join(dir, name);
    expect(await h.run(h.services['export/run']({ ...args, path, encoding: 'source' }))).toMatchObject({ status: 'done' });
    return readFileSync(path, 'utf8');
  };

  it('the removed list neutralises every formula cell and keeps the text after the apostrophe', async () => {
    const rows = cells(await exportTo('removed.csv', { kind: 'removed' }));
    expect(risky(rows)).toEqual([]);
    expect(rows.slice(1).map((r) => r.slice(0, 3))).toEqual([
      [`'${EVIL}`, 'Eve', '1'],
      ['ann@example.com', "'=HYPERLINK(\"http://x\",\"y\")", "'+44 20 7946 0000"],
      ["'@carol@example.com", 'Carol', '3'],
    ]);
  });

  it('the suppression list neutralises the DDE address', async () => {
    const rows = cells(await exportTo('suppression.csv', { kind: 'suppression' }));
    expect(risky(rows)).toEqual([]);
    expect(rows.slice(1).map((r) => r[0]).sort()).toEqual([`'${EVIL.toLowerCase()}`, 'ann@example.com']);
  });

  it('counts the cleaned list cells that start like a formula', async () => {
    // bob's -5, dan's tab, erin's @erin
    expect(await h.services['export/formula-cells']({})).toEqual({ cells: 3 });
  });

  it('the cleaned list stays byte for byte by default, and is safe when asked', async () => {
    const expected = expectedCleaned(LIST, removedRows(db));
    expect(await exportTo('cleaned.csv', { kind: 'cleaned' })).toBe(expected);
    const safe = await exportTo('cleaned-safe.csv', { kind: 'cleaned', excelSafe: true });
    expect(risky(cells(safe))).toEqual([]);
    expect(cells(safe)).toEqual(cells(expected).map((r) => r.map(neutraliseFormula)));
    // rows without such a cell are still their source text
    expect(safe.split('\r\n')).toContain('email,name,phone');
  });
});

describe('the formula count of a cleanup closed while it counts', () => {
  it('stops as cancelled, not as an internal failure, and the next cleanup counts afresh', async () => {
    const h = harness({ inlineJobs: true });
    const dir = mkdtempSync(join(tmpdir(), 'ls-formula-close-'));
    try {
      // Three pages of 5,000 rows: the count yields between them, and the cleanup closes there.
      const rows = Array.from({ length: 12_000 }, (_, i) => `p${i}@example.com,=${i}`);
      writeFileSync(join(dir, 'big.csv'), `email,note\r\n${rows.join('\r\n')}\r\n`);
      await h.services['cleanup/new']({ path: join(dir, 'a.listsweep') });
      expect(await h.run(h.services['contacts/import']({ path: join(dir, 'big.csv'), options: {} }))).toMatchObject({ status: 'done' });
      expect(await h.services['export/formula-cells']({})).toEqual({ cells: 12_000 });
      const counting = h.services['export/formula-cells']({});
      await h.services['cleanup/close']({});
      await expect(counting).rejects.toMatchObject({ code: 'cancelled' });
      await h.services['cleanup/open']({ path: join(dir, 'a.listsweep') });
      expect(await h.services['export/formula-cells']({})).toEqual({ cells: 12_000 });
    } finally {
      await h.services.dispose();
    }
  });
});
