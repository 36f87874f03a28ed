import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describeFormat, oneCell, readTable, scanRecords, scanRecordsFast, sniffTable, type LineEnding, type TableRecord } from '../../../../electron/services/contacts/table.js';
import { AppError } from '../../../../shared/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'ls-table-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const file = (bytes: Buffer | string, ext = 'csv'): string => {
  const p = join(dir, `f${n++}.${ext}`);
  writeFileSync(p, bytes);
  return p;
};
async function all(p: string, opts: Parameters<typeof readTable>[2] = {}): Promise<{ rows: TableRecord[]; warnings: string[] }> {
  const s = await sniffTable(p);
  const rows: TableRecord[] = [];
  const warnings: string[] = [];
  for await (const b of readTable(p, s, { ...opts, onWarning: (w) => warnings.push(w) })) rows.push(...b);
  return { rows, warnings };
}

describe('encoding', () => {
  it('UTF-8 with BOM: certain, BOM kept out of the first header', async () => {
    const s = await sniffTable(file(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Email,Name\r\na@example.com,Zoë\r\n')])));
    expect(s).toMatchObject({ encoding: 'utf-8', encodingConfidence: 'certain', bom: true, bomBytes: 3, headers: ['Email', 'Name'] });
    expect(s.sample[0]!.fields).toEqual(['a@example.com', 'Zoë']);
  });

  it('UTF-16LE with BOM (Excel "Unicode text")', async () => {
    const s = await sniffTable(file(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Email\tName\r\nkim@example.kr\t김민준\r\n', 'utf16le')])));
    expect(s).toMatchObject({ encoding: 'utf-16le', encodingConfidence: 'certain', bom: true, delimiter: '\t' });
    expect(s.sample[0]!.fields).toEqual(['kim@example.kr', '김민준']);
  });

  it('UTF-16BE with BOM', async () => {
    const s = await sniffTable(file(Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('Email,Name\r\na@example.com,Ölund\r\n', 'utf16le').swap16()])));
    expect(s).toMatchObject({ encoding: 'utf-16be', bom: true });
    expect(s.sample[0]!.fields[1]).toBe('Ölund');
  });

  it('windows-1252 with é, ü and € is detected (not certain) and decoded right', async () => {
    const text = 'Email;Name;Note\r\n'
      + Array.from({ length: 20 }, (_, i) => `p${i}@example.fr;Ren\xe9 M\xfcller;Preis 5 \x80 f\xfcr Caf\xe9 und Cr\xe8me br\xfbl\xe9e\r\n`).join('');
    const s = await sniffTable(file(Buffer.from(text, 'latin1')));
    expect(s.encoding).toBe('windows-1252');
    expect(s.encodingConfidence).not.toBe('certain');
    expect(s.delimiter).toBe(';');
    expect(s.sample[0]!.fields).toEqual(['p0@example.fr', 'René Müller', 'Preis 5 € für Café und Crème brûlée']);
  });

  it('a user-chosen encoding wins and is certain', async () => {
    const s = await sniffTable(file(Buffer.from('email,name\na@b.com,Jos\xe9\n', 'latin1')), { encoding: 'latin1' });
    expect(s).toMatchObject({ encoding: 'windows-1252', encodingConfidence: 'certain' });
    expect(s.sample[0]!.fields[1]).toBe('José');
  });

  it('bytes that stop being UTF-8 after the sample fail with a clear message', async () => {
    const head = 'email,name\n' + 'a@example.com,Plain\n'.repeat(3000);
    const p = file(Buffer.concat([Buffer.from(head), Buffer.from('z@example.com,Jos\xe9\n', 'latin1'), Buffer.from('b@example.com,Plain\n'.repeat(5000))]));
    const s = await sniffTable(p, { sampleBytes: 4096 });
    // The tail sample is valid UTF-8 too, so detection says UTF-8; the read must then refuse.
    expect(s.encoding).toBe('utf-8');
    await expect(async () => { for await (const _ of readTable(p, s)) { /* drain */ } }).rejects.toThrow(/not valid UTF-8.*encoding/);
  });
});

describe('delimiters, quoting, line ends', () => {
  it.each([[',', 'comma'], [';', 'semicolon'], ['\t', 'tab'], ['|', 'pipe']])('detects %j', async (d, name) => {
    const s = await sniffTable(file(['email', 'first', 'last'].join(d) + '\n' + ['a@example.com', 'A', 'B'].join(d) + '\n' + ['c@example.com', 'C', 'D'].join(d) + '\n'));
    expect(s.delimiter).toBe(d);
    expect(describeFormat(s)).toContain(name);
  });

  it('quoted delimiters, doubled quotes and newlines inside fields; raw is exact', async () => {
    const body = 'a@example.com,"Acme, Inc.","say ""hi""","two\r\nlines"';
    const { rows } = await all(file(`email,company,note,addr\r\n${body}\r\nb@example.com,x,y,z\r\n`));
    expect(rows[0]).toEqual({ row: 1, fields: ['a@example.com', 'Acme, Inc.', 'say "hi"', 'two\r\nlines'], raw: body });
    expect(rows[1]!.row).toBe(2);
  });

  it.each([['\r\n', 'CRLF'], ['\n', 'LF'], ['\r', 'CR']])('line ending %j', async (le, name) => {
    const p = file(['email,name', 'a@example.com,A', 'b@example.com,"B\nmultiline"', 'c@example.com,C'].join(le) + le);
    const s = await sniffTable(p);
    expect(s.lineEnding).toBe(le);
    expect(describeFormat(s)).toContain(name);
    const { rows } = await all(p);
    expect(rows.map((r) => r.fields[0])).toEqual(['a@example.com', 'b@example.com', 'c@example.com']);
  });

  it('no header row: columns are named, first record is data', async () => {
    const s = await sniffTable(file('a@example.com,Anna\nb@example.com,Bob\n'));
    expect(s.hasHeader).toBe(false);
    expect(s.headers).toEqual(['Column 1', 'Column 2']);
    expect(s.headerRaw).toBeNull();
    expect(s.sample).toHaveLength(2);
  });

  it('blank and ragged rows are reported, not dropped silently', async () => {
    const { rows, warnings } = await all(file('email,name,city\na@example.com,A,X\n\nb@example.com,B\nc@example.com,C,Y,extra\n\n'));
    expect(rows.map((r) => r.fields[0])).toEqual(['a@example.com', 'b@example.com', 'c@example.com']);
    expect(warnings.join(' ')).toMatch(/2 blank rows are not contacts \(rows 2, 5\); the cleaned list keeps them where they were/);
    expect(warnings.join(' ')).toMatch(/2 rows have a different number of columns than the header \(rows 3, 4\)/);
  });

  it('streams across chunk boundaries (tiny chunks, multi-byte letters, CRLF split) with the same result', async () => {
    const lines = ['email,name,note'];
    for (let i = 0; i < 300; i++) lines.push(`p${i}@example.com,名前${i} Zoë,"multi\r\nline, ""q"" ${i}"`);
    const p = file(lines.join('\r\n') + '\r\n');
    const big = await all(p);
    const bytes: number[] = [];
    const small = await all(p, { chunkBytes: 7, onProgress: (b) => bytes.push(b) });
    expect(small.rows).toEqual(big.rows);
    expect(small.rows).toHaveLength(300);
    expect(bytes.length).toBeGreaterThan(100);
    expect(bytes[bytes.length - 1]).toBe((await sniffTable(p)).totalBytes);
    expect([...bytes].sort((a, b) => a - b)).toEqual(bytes);
  });

  it('LinkedIn-style preamble before the header is kept aside', async () => {
    const p = file('\ufeffNotes:\r\n"Some emails are missing, see settings."\r\n\r\nFirst Name,Last Name,Email Address\r\nAnna,Smith,anna@example.com\r\n');
    const s = await sniffTable(p);
    expect(s.skipRecords).toBe(3);
    expect(s.preambleRaw).toBe('Notes:\r\n"Some emails are missing, see settings."\r\n\r\n');
    expect(s.headers).toEqual(['First Name', 'Last Name', 'Email Address']);
    const { rows } = await all(p);
    expect(rows).toEqual([{ row: 1, fields: ['Anna', 'Smith', 'anna@example.com'], raw: 'Anna,Smith,anna@example.com' }]);
  });

  it('cancels through AbortSignal', async () => {
    const p = file('email\n' + 'a@example.com\n'.repeat(1000));
    const s = await sniffTable(p);
    const ac = new AbortController();
    ac.abort();
    await expect(async () => { for await (const _ of readTable(p, s, { signal: ac.signal })) { /* drain */ } }).rejects.toMatchObject({ code: 'cancelled' });
  });
});

describe('bad input', () => {
  it.each([
    ['a zip renamed .csv', Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(100, 1)]), /ZIP archive/],
    ['a PDF', Buffer.from('%PDF-1.7\n%\xe2\xe3\n1 0 obj', 'latin1'), /PDF document/],
    ['binary with NUL bytes', Buffer.from(Array.from({ length: 2000 }, (_, i) => (i * 7919) % 256)), /binary data/],
    ['an empty file', Buffer.alloc(0), /empty/],
  ])('%s -> wrong-file', async (_name, bytes, msg) => {
    const err = await sniffTable(file(bytes)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('wrong-file');
    expect((err as AppError).message).toMatch(msg);
  });

  it('a missing file -> not-found', async () => {
    await expect(sniffTable(join(dir, 'nope.csv'))).rejects.toMatchObject({ code: 'not-found' });
  });
});

describe('fast scanner agrees with papaparse', () => {
  type Rec = { fields: string[]; raw: string; end: number };
  const run = (fn: typeof scanRecords, text: string, d: string, le: LineEnding, final: boolean): { recs: Rec[]; consumed: number } => {
    const recs: Rec[] = [];
    const r = fn(text, d, le, final, (fields, raw, end) => { recs.push({ fields, raw, end }); });
    return { recs, consumed: r.consumed };
  };
  it('same records, raw text and consumed offset for any text (well-formed or not, whole or cut)', () => {
    const alphabet = fc.constantFrom('a', 'b', ' ', ',', ';', '"', '""', '\r', '\n', '\r\n', 'é', '@');
    fc.assert(fc.property(fc.array(alphabet, { maxLength: 60 }).map((xs) => xs.join('')), fc.constantFrom(',', ';'), fc.constantFrom<LineEnding>('\r\n', '\n', '\r'), fc.boolean(),
      (text, d, le, final) => {
        expect(run(scanRecordsFast, text, d, le, final)).toEqual(run(scanRecords, text, d, le, final));
      }), { numRuns: 20000 });
  });
  it('well-formed CSV of quoted and plain fields', () => {
    const field = fc.oneof(fc.stringMatching(/^[a-z@. ]{0,6}$/), fc.stringMatching(/^[a-z,;"\r\n ]{0,6}$/).map((s) => `"${s.replace(/"/g, '""')}"`));
    fc.assert(fc.property(fc.array(fc.array(field, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 6 }), fc.constantFrom<LineEnding>('\r\n', '\n'), fc.boolean(),
      (rows, le, final) => {
        const text = rows.map((r) => r.join(',')).join(le) + le;
        expect(run(scanRecordsFast, text, ',', le, final)).toEqual(run(scanRecords, text, ',', le, final));
      }), { numRuns: 5000 });
  });
});

describe('one cell of a record', () => {
  it('is the cell split() gives, in an array of the record\'s cell count (a one-cell record whole)', () => {
    const text = fc.array(fc.constantFrom('a', '@', ' ', ',', 'é', 'xy'), { maxLength: 30 }).map((xs) => xs.join(''));
    fc.assert(fc.property(text, fc.nat({ max: 8 }), (raw, cell) => {
      const all = raw.split(',');
      const one = oneCell(raw, ',', cell);
      expect(one).toHaveLength(all.length);
      expect(one[cell]).toBe(all[cell]);
      if (all.length === 1) expect(one).toEqual(all);
    }), { numRuns: 20000 });
  });

  it('reads the same address column, rows and raw text as the whole records', async () => {
    const p = file('name,email,phone\nAnn,ann@example.org,1\n"Bob, Jr",bob@example.org,2\n\ncid@example.org\nDee,"dee@example.org",4,extra\nEve,eve@example.org,5\n');
    const s = await sniffTable(p);
    const whole: TableRecord[] = [];
    const one: TableRecord[] = [];
    for await (const b of readTable(p, s)) whole.push(...b);
    for await (const b of readTable(p, s, { cell: 1 })) one.push(...b);
    expect(one.map((r) => [r.row, r.raw, r.fields.length, r.fields[1]])).toEqual(whole.map((r) => [r.row, r.raw, r.fields.length, r.fields[1]]));
    expect(one.map((r) => r.fields[1])).toEqual(['ann@example.org', 'bob@example.org', undefined, 'dee@example.org', 'eve@example.org']);
  });
});

describe('an unclosed quote', () => {
  it('fails with the row number instead of reading the rest of the file as one cell', async () => {
    const p = file('email,name\na@example.com,"Anna\n' + 'b@example.com,Bob\n'.repeat(5000));
    const s = await sniffTable(p, { sampleBytes: 1024 });
    const err = await (async () => { for await (const _ of readTable(p, s, { maxRecordChars: 20_000 })) { /* drain */ } })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('unreadable');
    expect((err as AppError).message).toMatch(/^Row 1 is longer than 20 KB: a quoted field in it \(starting with "\) is not closed/);
  });
});

describe('a row longer than the limit', () => {
  const drain = async (p: string, s: Awaited<ReturnType<typeof sniffTable>>, maxRecordChars?: number): Promise<unknown> =>
    (async () => { for await (const _ of readTable(p, s, maxRecordChars ? { maxRecordChars } : {})) { /* drain */ } })().then(() => null, (e: unknown) => e);

  it('with no quote in it, says the row is too long and which row, not that a quote is open', async () => {
    const p = file('email,name\n' + 'a@example.com,Ann\n'.repeat(3) + 'd@example.com,' + 'x'.repeat(100_000) + '\n' + 'e@example.com,Eve\n');
    const s = await sniffTable(p, { sampleBytes: 1024 });
    const err = await drain(p, s, 20_000);
    expect(err).toMatchObject({ code: 'unreadable' });
    expect((err as AppError).message).toMatch(/^Row 4 is longer than 20 KB with no line break/);
    expect((err as AppError).message).not.toMatch(/quote/);
  });

  it('a first data row over the 1 MiB sample is read, not taken for a header-only file', async () => {
    const long = 'x'.repeat(1_500_000);
    const p = file(`email,name\na@example.com,${long}\nb@example.com,Bob\n`);
    const s = await sniffTable(p);
    expect(s.headers).toEqual(['email', 'name']);
    expect(s.hasHeader).toBe(true);
    expect(s.sample[0]).toMatchObject({ row: 1, fields: ['a@example.com', long] });
    const { rows } = await all(p);
    expect(rows.map((r) => r.fields[0])).toEqual(['a@example.com', 'b@example.com']);
  });

  it('past 16 MB the sniff says the row is too long (a file of one endless line, or one after the header)', async () => {
    const line = 'y'.repeat(17 << 20);
    const alone = await sniffTable(file(line)).then(() => null, (e: unknown) => e);
    expect((alone as AppError).message).toMatch(/^Row 1 is longer than 16 MB with no line break/);
    const first = await sniffTable(file(`email,name\n${line}`)).then(() => null, (e: unknown) => e);
    expect((first as AppError).message).toMatch(/^Row 1 is longer than 16 MB with no line break/);
  });
});

describe('lossy legacy decoding is reported', () => {
  it('bytes a legacy encoding cannot map are counted in a warning', async () => {
    // 0x80 0x20 is not a valid Shift_JIS sequence.
    const p = file(Buffer.concat([Buffer.from('email,name\na@example.jp,'), Buffer.from([0x80, 0x20]), Buffer.from('\n')]));
    const s = await sniffTable(p, { encoding: 'shift_jis' });
    const warnings: string[] = [];
    for await (const _ of readTable(p, s, { onWarning: (w) => warnings.push(w) })) { /* drain */ }
    expect(warnings.join(' ')).toMatch(/1 character could not be read as SHIFT_JIS/);
  });
});
