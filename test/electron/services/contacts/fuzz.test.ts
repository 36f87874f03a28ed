/**
 * Fuzzing the contact readers (CSV sniffer and parser, vCard, xlsx): any bytes in, either
 * records or a clear AppError out, and never more records than the input has lines.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openContacts, type ContactRecord } from '../../../../electron/services/contacts/index.js';
import { mutated, recordsOrClearError, RUNS, scratch, textOf } from '../fuzz-helpers.js';
import { makeXlsx, zip } from './make-xlsx.js';

const file = scratch('ls-fuzz-contacts-');

async function readAll(path: string): Promise<ContactRecord[] | null> {
  return recordsOrClearError(async () => {
    const r = await openContacts(path, {});
    const out: ContactRecord[] = [];
    for await (const b of r.batches()) out.push(...b);
    return out;
  });
}

/** Records never outnumber the line breaks (plus one): a reader does not invent rows. */
function boundedBy(records: ContactRecord[] | null, bytes: Uint8Array | string): void {
  if (!records) return;
  const text = typeof bytes === 'string' ? bytes : Buffer.from(bytes).toString('latin1');
  expect(records.length).toBeLessThanOrEqual((text.match(/\r\n|\r|\n/g)?.length ?? 0) + 1);
}

const CSV = 'email,name;\t|"\r\n @.aé=\'';
const VCARD_LINES = ['BEGIN:VCARD', 'VERSION:3.0', 'VERSION:2.1', 'FN:Ann', 'N:Lee;Ann;;;', 'EMAIL:ann@example.com', 'EMAIL;TYPE=work:b@x.org',
  'EMAIL;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:=C3=A9@x.org', 'ORG:Acme', 'TEL:+1 555', ' folded', 'END:VCARD', '=', ':', ';', ''];

const FIX = resolve(import.meta.dirname, '../../../fixtures/contacts');

describe('inputs the fuzzers found', () => {
  // A workbook with a few bytes flipped: read-excel-file's streaming unzipper (its node build)
  // never settled, so the import hung for good. The universal build reads it.
  it('a damaged workbook the streaming unzipper hung on is read', async () => {
    const records = await readAll(file(readFileSync(join(FIX, 'damaged-unzip-never-settled.xlsx')), 'xlsx'));
    expect(records?.map((r) => r.email)).toEqual(['ann@example.com', 'bob@example.com']);
  }, 10_000);
});

describe('contact readers under fuzzing', () => {
  it('CSV: any text with a list\'s structure characters', async () => {
    await fc.assert(fc.asyncProperty(fc.oneof(textOf(CSV), textOf(CSV).map((t) => `email,name\r\n${t}`)), async (t) => {
      boundedBy(await readAll(file(t, 'csv')), t);
    }), { numRuns: RUNS });
  });

  it('CSV: any bytes (encodings, BOMs, NULs, binary)', async () => {
    const bom = fc.constantFrom(new Uint8Array(), new Uint8Array([0xef, 0xbb, 0xbf]), new Uint8Array([0xff, 0xfe]), new Uint8Array([0xfe, 0xff]));
    await fc.assert(fc.asyncProperty(bom, fc.uint8Array({ maxLength: 2048 }), async (b, body) => {
      const bytes = Buffer.concat([b, Buffer.from('email\n'), body]);
      boundedBy(await readAll(file(bytes, 'csv')), bytes);
    }), { numRuns: RUNS });
  });

  it('vCard: shuffled, cut and corrupted cards', async () => {
    const card = fc.array(fc.oneof(fc.constantFrom(...VCARD_LINES), textOf(';:=,\\ aé@.', 40)), { maxLength: 30 });
    await fc.assert(fc.asyncProperty(card, fc.constantFrom('\r\n', '\n'), async (lines, eol) => {
      const t = ['BEGIN:VCARD', ...lines].join(eol);
      await readAll(file(t, 'vcf'));
    }), { numRuns: RUNS });
  });

  it('xlsx: random bytes behind a ZIP signature', async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 2048 }), async (body) => {
      await readAll(file(Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), body]), 'xlsx'));
    }), { numRuns: RUNS });
  });

  it('xlsx: a real workbook with bytes flipped, cut or repeated', async () => {
    const book = makeXlsx([{ name: 'Contacts', rows: [['Email', 'Name'], ['ann@example.com', 'Ann'], ['bob@example.com', { f: 'A1', v: 'x' }]], merges: ['B2:B3'] }]);
    await fc.assert(fc.asyncProperty(mutated(book), async (bytes) => {
      await readAll(file(bytes, 'xlsx'));
    }), { numRuns: RUNS });
  });

  it('xlsx: well-formed ZIPs whose parts hold random XML', async () => {
    const xml = textOf('<>/="\' ?!-[]&;#xrcvtsiheetworkbookRelationshipTargetsharedStrings', 300);
    const parts = fc.record({ workbook: xml, rels: xml, sheet: xml, strings: xml });
    await fc.assert(fc.asyncProperty(parts, fc.boolean(), async (p, realShell) => {
      const files: Record<string, string> = {
        '[Content_Types].xml': '<Types/>',
        'xl/workbook.xml': realShell ? '<workbook><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>' : p.workbook,
        'xl/_rels/workbook.xml.rels': realShell ? '<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>' : p.rels,
        'xl/worksheets/sheet1.xml': p.sheet,
        'xl/sharedStrings.xml': p.strings,
      };
      await readAll(file(zip(files), 'xlsx'));
    }), { numRuns: RUNS });
  });
});
