import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { openContacts } from '../../../../electron/services/contacts/index.js';
import { readTable, sniffTable } from '../../../../electron/services/contacts/table.js';
import { createContactWriter, createSuppressionWriter, REMOVED_COLUMNS, type ExportEncoding } from '../../../../electron/services/export/index.js';

const dir = mkdtempSync(join(tmpdir(), 'ls-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const file = (bytes: Buffer | string): string => {
  const p = join(dir, `in-${n++}.csv`);
  writeFileSync(p, bytes);
  return p;
};

/** Reads a file through openContacts and writes every record back from `raw`. */
async function roundTrip(input: string, encoding: ExportEncoding = 'source', opts: { encoding?: string } = {}): Promise<Buffer> {
  const reader = await openContacts(input, opts);
  const out = join(dir, `out-${n++}.csv`);
  const records = [];
  for await (const batch of reader.batches()) records.push(...batch);
  const w = createContactWriter(out, { ...reader.format, headerRaw: reader.headerRaw, headers: reader.headers, preambleRaw: reader.preambleRaw, finalLineEnding: reader.finalLineEnding, trailingRaw: reader.trailingRaw() }, { encoding });
  for (const r of records) w.writeRecord(r);
  await w.close();
  return readFileSync(out);
}

const RFC4180 = 'Email Address,First Name,Company,Notes\r\n'
  + 'anna@example.com,Anna,"Acme, Inc.","said ""hi"""\r\n'
  + 'bob@example.com,Bob,"Multi\r\nLine Co",\r\n'
  + '  carl@example.com ,Carl,,"tab\there"\r\n';

describe('cleaned list round trip is byte-identical', () => {
  it('RFC 4180 with quoted commas, quotes and CRLF inside fields', async () => {
    const p = file(RFC4180);
    expect((await roundTrip(p)).equals(readFileSync(p))).toBe(true);
  });

  it('UTF-8 with BOM keeps the BOM', async () => {
    const p = file(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('email;name\r\nzoë@example.com;Zoë\r\n')]));
    const out = await roundTrip(p);
    expect(out.equals(readFileSync(p))).toBe(true);
    expect([...out.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it('windows-1252 stays windows-1252 (é, ü, €)', async () => {
    const p = file(Buffer.from('email,name\r\nrene@example.fr,Ren\xe9 M\xfcller \x80\r\njose@example.es,Jos\xe9\r\n', 'latin1'));
    expect((await roundTrip(p)).equals(readFileSync(p))).toBe(true);
  });

  it('UTF-16 stays UTF-16, either byte order, characters beyond the basic plane included', async () => {
    const text = 'email,name\r\nrene@example.fr,René 😀 和\r\njose@example.es,José\r\n';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
    for (const bytes of [le, be]) {
      const p = file(bytes);
      expect((await roundTrip(p)).equals(bytes)).toBe(true);
    }
  });

  it('blank lines between records and after the last one stay where they were', async () => {
    for (const text of [
      'email,name\r\na@example.com,A\r\n\r\n\r\nb@example.com,B\r\n\r\n',
      'email,name\n\na@example.com,A\n   \nb@example.com,B\n\n\n',
      'email;name\ra@example.com;A\r\rb@example.com;B\r\r  ',
    ]) {
      const p = file(text);
      expect((await roundTrip(p)).toString('utf8')).toBe(text);
    }
  });

  it('CR line ends (old Mac) and no final line end', async () => {
    const p = file('email|name\ra@example.com|A\rb@example.com|B');
    expect((await roundTrip(p)).equals(readFileSync(p))).toBe(true);
  });

  it('UTF-16LE with BOM (Excel "Unicode text", tab separated)', async () => {
    const p = file(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Email\tName\r\nkim@example.kr\t김민준\r\n', 'utf16le')]));
    expect((await roundTrip(p)).equals(readFileSync(p))).toBe(true);
  });

  it('Outlook-style quote-all source: re-serialised rows keep quoting every field', async () => {
    const p = file('"E-mail Address","First Name"\r\n"a@example.com","A"\r\n');
    const reader = await openContacts(p);
    const out = join(dir, 'quoted.csv');
    const w = createContactWriter(out, { ...reader.format, headerRaw: reader.headerRaw, headers: reader.headers });
    w.writeRecord({ raw: null, fields: ['b@example.com', 'B'] });
    await w.close();
    expect(readFileSync(out, 'utf8')).toBe('"E-mail Address","First Name"\r\n"b@example.com","B"\r\n');
  });

  it('utf-8-bom option converts a windows-1252 source for Excel', async () => {
    const p = file(Buffer.from('email,name\r\nrene@example.fr,Ren\xe9\r\n', 'latin1'));
    const out = await roundTrip(p, 'utf-8-bom');
    expect(out.equals(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('email,name\r\nrene@example.fr,René\r\n')]))).toBe(true);
  });
});

describe('removed list and suppression list', () => {
  it('removed list = original columns + listsweep_reason + listsweep_detail', async () => {
    const p = file(RFC4180);
    const reader = await openContacts(p);
    const out = join(dir, 'removed.csv');
    const w = createContactWriter(out, { ...reader.format, headerRaw: reader.headerRaw, headers: reader.headers }, { extraHeaders: REMOVED_COLUMNS });
    for await (const batch of reader.batches()) for (const r of batch) if (r.row !== 2) w.writeRecord(r, ['hard-bounce', '550 5.1.1 user unknown, "no such"']);
    await w.close();
    const parsed = Papa.parse<string[]>(readFileSync(out, 'utf8').trimEnd(), { delimiter: ',', newline: '\r\n' }).data;
    expect(parsed[0]).toEqual(['Email Address', 'First Name', 'Company', 'Notes', 'listsweep_reason', 'listsweep_detail']);
    expect(parsed[1]).toEqual(['anna@example.com', 'Anna', 'Acme, Inc.', 'said "hi"', 'hard-bounce', '550 5.1.1 user unknown, "no such"']);
    expect(parsed).toHaveLength(3);
  });

  it('suppression list is email,reason,date CSV', async () => {
    const out = join(dir, 'suppress.csv');
    const w = createSuppressionWriter(out);
    w.writeEntry('a@example.com', 'hard-bounce', '2025-01-02');
    w.writeEntry('b,c@example.com', 'complaint', '2025-01-03');
    await w.close();
    expect(readFileSync(out, 'utf8')).toBe('email,reason,date\r\na@example.com,hard-bounce,2025-01-02\r\n"b,c@example.com",complaint,2025-01-03\r\n');
  });

  it('writes UTF-8 whole across its buffer: many-byte characters, surrogate pairs, and a record larger than the buffer', async () => {
    const format = { kind: 'csv', encoding: 'utf-8', encodingConfidence: 'certain', bom: true, delimiter: ',', lineEnding: '\r\n', hasHeader: true, headerRaw: 'email,note', headers: ['email', 'note'] } as const;
    const notes = ['plain', 'é', 'お得意様', 'a😀b', '€'.repeat(7), '"quoted, cell"'];
    const lines: string[] = [];
    const out = join(dir, `utf8-${n++}.csv`);
    const w = createContactWriter(out, format, { encoding: 'source' });
    // 4 MB of three-byte text, then a record of 1.7M two-byte characters (3.4 MB, more than the buffer holds) where it is part full.
    for (let i = 0; i < 160_000; i++) {
      const raw = `u${i}@example.com,${notes[i % notes.length]!.replace(/"/g, '')}お`;
      lines.push(raw);
      w.writeRecord({ raw, fields: raw.split(',') });
      if (i === 100_000) {
        const big = `big@example.com,${'é'.repeat(1_700_000)}`;
        lines.push(big);
        w.writeRecord({ raw: big, fields: big.split(',') });
      }
    }
    await w.close();
    const expected = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(['email,note', ...lines].join('\r\n') + '\r\n', 'utf8')]);
    const got = readFileSync(out);
    expect(got.length).toBe(expected.length);
    expect(got.equals(expected)).toBe(true);
    expect(w.bytes).toBe(expected.length);
  });

  it('abort leaves no file behind', async () => {
    const sub = mkdtempSync(join(dir, 'abort-'));
    const w = createContactWriter(join(sub, 'x.csv'), { kind: 'csv', encoding: 'utf-8', encodingConfidence: 'certain', bom: false, delimiter: ',', lineEnding: '\n', hasHeader: true, headerRaw: 'a', headers: ['a'] });
    w.writeRecord({ raw: 'x@example.com', fields: ['x@example.com'] });
    await w.abort();
    expect(readdirSync(sub)).toEqual([]);
  });
});

describe('property: writer(parse(x)) == x for generated CSVs', () => {
  const cell = fc.oneof(
    fc.stringMatching(/^[a-zA-Z0-9 .@éüß€-]{0,12}$/),
    fc.constantFrom('a@example.com', 'x,y', 'say "hi"', 'two\nlines', 'cr\r\nlf', ';', '|', '\t', ''),
  );
  it('round-trips through sniff + readTable + writer', async () => {
    await fc.assert(fc.asyncProperty(
      fc.constantFrom(',', ';', '\t', '|'), fc.constantFrom('\r\n', '\n', '\r'), fc.constantFrom('utf-8', 'utf-8-bom', 'windows-1252', 'utf-16le'),
      fc.array(fc.array(cell, { minLength: 2, maxLength: 5 }), { minLength: 1, maxLength: 12 }), fc.boolean(),
      async (delim, le, enc, rows, finalLe) => {
        const lines = [['email', 'name'], ...rows].map((r) => r.map((c) => (c.includes(delim) || /["\r\n]/.test(c) || c === '' ? `"${c.replace(/"/g, '""')}"` : c)).join(delim));
        const text = lines.join(le) + (finalLe ? le : '');
        const bytes = enc === 'utf-16le' ? Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])
          : enc === 'windows-1252' ? Buffer.from(text.replace(/€/g, '\x80'), 'latin1')
            : enc === 'utf-8-bom' ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]) : Buffer.from(text);
        const p = file(bytes);
        const sniff = await sniffTable(p, enc === 'windows-1252' ? { encoding: 'windows-1252' } : {});
        const out = join(dir, `prop-${n++}.csv`);
        const w = createContactWriter(out, { kind: 'csv', encoding: sniff.encoding, encodingConfidence: sniff.encodingConfidence, bom: sniff.bom, delimiter: sniff.delimiter, lineEnding: sniff.lineEnding, hasHeader: sniff.hasHeader, headerRaw: sniff.headerRaw, headers: sniff.headers, preambleRaw: sniff.preambleRaw, finalLineEnding: sniff.finalLineEnding });
        for await (const batch of readTable(p, sniff)) for (const r of batch) w.writeRecord(r);
        await w.close();
        expect(readFileSync(out).equals(bytes)).toBe(true);
      }), { numRuns: 150 });
  });
});
