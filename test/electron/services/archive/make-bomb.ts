/**
 * Builds decompression bombs for tests without holding what they expand to: a deflate stream can
 * be a run of independent segments (each compressed with a full flush), so one segment of
 * repeated text, written N times, inflates to N times that text. The archive is written in
 * pieces; the test process never holds more than one segment.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { constants, deflateRawSync } from 'node:zlib';

export interface BombMember {
  readonly name: string;
  /** Inflated content: each text repeated `times` (a header once, a row a million times...). */
  readonly parts: readonly { readonly text: string; readonly times?: number }[];
  /** The size the headers declare; by default the true one (a bomb that lies declares little). */
  readonly declared?: number;
}

/** Writes a ZIP of deflated members to `path`; returns each member's true inflated size. */
export function writeBomb(path: string, members: readonly BombMember[]): number[] {
  const fd = openSync(path, 'w');
  const centrals: Buffer[] = [];
  const sizes: number[] = [];
  let offset = 0;
  const write = (b: Buffer) => { writeSync(fd, b); offset += b.length; };
  try {
    for (const m of members) {
      const segments = m.parts.map((p) => ({ bytes: deflateRawSync(Buffer.from(p.text, 'utf8'), { finishFlush: constants.Z_FULL_FLUSH, level: 9 }), times: p.times ?? 1, size: Buffer.byteLength(p.text) * (p.times ?? 1) }));
      const end = Buffer.from([0x03, 0x00]); // an empty final block
      const packed = segments.reduce((a, s) => a + s.bytes.length * s.times, 0) + end.length;
      const size = segments.reduce((a, s) => a + s.size, 0);
      sizes.push(size);
      const declared = Math.min(m.declared ?? size, 0xffffffff);
      const name = Buffer.from(m.name, 'utf8');
      const local = Buffer.alloc(30);
      local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(8, 8);
      local.writeUInt32LE(packed, 18); local.writeUInt32LE(declared, 22); local.writeUInt16LE(name.length, 26);
      const central = Buffer.alloc(46);
      central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4); central.writeUInt16LE(20, 6); central.writeUInt16LE(8, 10);
      central.writeUInt32LE(packed, 20); central.writeUInt32LE(declared, 24); central.writeUInt16LE(name.length, 28);
      central.writeUInt32LE(offset, 42);
      centrals.push(central, name);
      write(local); write(name);
      for (const s of segments) for (let i = 0; i < s.times; i++) write(s.bytes);
      write(end);
    }
    const cd = Buffer.concat(centrals);
    const eocd = Buffer.alloc(22);
    eocd.writeUInt32LE(0x06054b50, 0); eocd.writeUInt16LE(members.length, 8); eocd.writeUInt16LE(members.length, 10);
    eocd.writeUInt32LE(cd.length, 12); eocd.writeUInt32LE(offset, 16);
    write(cd); write(eocd);
  } finally {
    closeSync(fd);
  }
  return sizes;
}

/**
 * A valid two-row workbook (Email / ann@example.com) whose sheet is padded with `mb` MiB of
 * blank lines between its rows: XML a parser accepts, that inflates as far as asked.
 */
export function writeWorkbookBomb(path: string, mb: number, declared?: number): number[] {
  const block = `${' '.repeat(1023)}\n`.repeat(1024);
  return writeBomb(path, [
    { name: '[Content_Types].xml', parts: [{ text: '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>' }] },
    { name: '_rels/.rels', parts: [{ text: '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>' }] },
    { name: 'xl/workbook.xml', parts: [{ text: '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Contacts" sheetId="1" r:id="rId1"/></sheets></workbook>' }] },
    { name: 'xl/_rels/workbook.xml.rels', parts: [{ text: '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>' }] },
    {
      name: 'xl/worksheets/sheet1.xml',
      parts: [
        { text: '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Email</t></is></c></row>' },
        { text: block, times: mb },
        { text: '<row r="2"><c r="A2" t="inlineStr"><is><t>ann@example.com</t></is></c></row></sheetData></worksheet>' },
      ],
      ...(declared !== undefined ? { declared } : {}),
    },
  ]);
}

/** A ZIP of one bounce CSV: a header, then `rows` copies of one bounce line. */
export function writeCsvZipBomb(path: string, rows: number, declared?: number): number[] {
  const line = 'ann@example.com,550,5.1.1,user unknown\n';
  return writeBomb(path, [{
    name: 'export/bounces.csv',
    parts: [{ text: 'email,code,status,diagnostic\n' }, { text: line.repeat(1024), times: Math.ceil(rows / 1024) }],
    ...(declared !== undefined ? { declared } : {}),
  }]);
}
