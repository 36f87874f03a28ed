/**
 * Excel .xlsx output for the cleaned, removed and segment exports, streamed: the sheet's XML is
 * written row by row through fflate's streaming Zip into a temporary file beside the target,
 * which is renamed into place on close(). The sheet is compressed by Node's zlib on its thread
 * pool (fflate's own deflate, in JavaScript, was over half the CPU at a million rows), so the rows
 * are made on one core while the other compresses. A million rows never become one workbook in memory
 * (write-excel-file, which builds the whole sheet first, took 626 MB more at 193,000 rows here,
 * ~3 GB at a million; this writer ~110 MB more at 967,000 rows);
 * a cancelled or failed export leaves nothing behind.
 *
 * Text is written as inline strings (no shared-string table to hold in memory), so a cell that
 * looks like a formula is text to Excel whatever it holds; numbers and dates only where the
 * imported workbook had them (columnTypes).
 */
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { crc32, createDeflateRaw, type DeflateRaw } from 'node:zlib';
import { Zip, ZipDeflate, type AsyncFlateStreamHandler, type ZipInputFile } from 'fflate';
import { AppError } from '../../../shared/errors.js';
import { EXCEL_MAX_ROWS, tooManyRowsMessage } from '../../../shared/excel.js';
import { neutraliseFormula, type ContactWriter, type WriterRecord } from './index.js';
import { encodeWhole, encoderFor } from './encode.js';

export { EXCEL_MAX_ROWS, tooManyRowsMessage } from '../../../shared/excel.js';

export interface XlsxWriterOptions {
  /** The sheet's name (the imported workbook's sheet, or the list's name). */
  readonly sheet: string;
  readonly headers: readonly string[];
  readonly hasHeader: boolean;
  /** Extra columns after the list's own (the removed list's reason and detail). */
  readonly extraHeaders?: readonly string[];
  /** Apostrophe before text cells that start like a formula (see neutraliseFormula). */
  readonly excelSafe?: boolean;
  /**
   * The list came from a workbook: per column, what its cells were there. The reader turned
   * numbers and dates into text; in those columns they become numbers and dates again.
   */
  readonly columnTypes?: readonly ('number' | 'date' | 'text')[];
  readonly onProgress?: (rows: number, bytes: number) => void;
  /** Polled while the file is finished: throwing stops the export and removes the partial file. */
  readonly checkCancelled?: () => void;
}

const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?(e[+-]?\d+)?$/i;
// read-excel-file's dates as cellText writes them: a day, or an instant in UTC.
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/;
/** Style indexes in styles.xml below: 1 a day, 2 a day and time. */
const DAY_STYLE = 1;
const INSTANT_STYLE = 2;
/** Days from Excel's epoch (1899-12-30, as its 1900 date system counts) to 1970-01-01. */
const EPOCH_DAYS = 25569;

/** Characters XML cannot hold, and text that reads like Excel's own `_xHHHH_` escape. */
const NEEDS_ESCAPE = /[&<>\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|_x[0-9a-fA-F]{4}_/;
const ESCAPES = /[&<>\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|_(?=x[0-9a-fA-F]{4}_)/g;

/** Text as the content of an element: XML escapes, and ST_Xstring's `_xHHHH_` for what XML cannot carry. */
export function xmlText(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return s;
  return s.replace(ESCAPES, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`));
}

const attr = (s: string) => xmlText(s).replace(/"/g, '&quot;');

/** Excel refuses these in a sheet name, and names longer than 31 characters. */
function sheetName(name: string): string {
  return name.replace(/[[\]:*?/\\]/g, '_').replace(/^'+|'+$/g, '').slice(0, 31) || 'Sheet1';
}

/** A, B, … Z, AA, … for a zero-based column. */
function columnLetters(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** One cell's XML, or '' for an empty cell. */
function cellXml(ref: string, text: string, type: 'number' | 'date' | 'text' | undefined): string {
  if (text === '') return '';
  if (type === 'number' && NUMBER.test(text)) return `<c r="${ref}"><v>${Number(text)}</v></c>`;
  if (type === 'date' && (DAY.test(text) || INSTANT.test(text))) {
    const at = Date.parse(DAY.test(text) ? `${text}T00:00:00Z` : text);
    return `<c r="${ref}" s="${DAY.test(text) ? DAY_STYLE : INSTANT_STYLE}"><v>${at / 86_400_000 + EPOCH_DAYS}</v></c>`;
  }
  const space = /^\s|\s$/.test(text) ? ' xml:space="preserve"' : '';
  return `<c r="${ref}" t="inlineStr"><is><t${space}>${xmlText(text)}</t></is></c>`;
}

const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';

function parts(sheet: string): [string, string][] {
  return [
    ['[Content_Types].xml', `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`],
    ['_rels/.rels', `${XML}<Relationships xmlns="${PKG_REL}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`],
    ['xl/workbook.xml', `${XML}<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="${attr(sheetName(sheet))}" sheetId="1" r:id="rId1"/></sheets></workbook>`],
    ['xl/_rels/workbook.xml.rels', `${XML}<Relationships xmlns="${PKG_REL}"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${REL}/styles" Target="styles.xml"/></Relationships>`],
    ['xl/styles.xml', `${XML}<styleSheet xmlns="${MAIN}"><numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/><numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts><fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>`],
  ];
}

/**
 * A zip member compressed by zlib off the JavaScript thread, for fflate's Zip (which takes any
 * ZipInputFile: it reads crc and size when the last chunk is handed over).
 */
class NativeDeflateFile implements ZipInputFile {
  readonly compression = 8;
  readonly flag = 0;
  crc = 0;
  size = 0;
  ondata: AsyncFlateStreamHandler = () => {};
  private readonly z: DeflateRaw;
  private readonly finished: Promise<void>;

  constructor(readonly filename: string, level: number) {
    this.z = createDeflateRaw({ level, chunkSize: 1 << 20 });
    this.finished = new Promise((resolve, reject) => {
      this.z.on('data', (chunk: Buffer) => this.ondata(null, chunk as Uint8Array<ArrayBuffer>, false));
      this.z.on('end', () => { this.ondata(null, new Uint8Array(0), true); resolve(); });
      this.z.on('error', reject);
    });
    // Seen by end(); a writer dropped after an error must not leave an unhandled rejection.
    this.finished.catch(() => {});
  }

  /** False when zlib has more waiting than it wants: see drained(). `done` runs once zlib no longer needs `chunk`. */
  push(chunk: Buffer, done?: () => void): boolean {
    this.crc = crc32(chunk, this.crc);
    this.size += chunk.length;
    return this.z.write(chunk, done && ((err) => { if (!err) done(); }));
  }

  drained(): Promise<void> {
    return this.z.writableNeedDrain ? new Promise((r) => this.z.once('drain', () => r())) : Promise.resolve();
  }

  end(): Promise<void> {
    this.z.end();
    return this.finished;
  }

  terminate(): void {
    this.z.destroy();
  }
}

/**
 * Sheet XML is encoded straight into buffers of this size for the compressor, each reused once
 * zlib is done with it. Gathering the XML in a string and encoding each megabyte took 4.4 of a
 * 1M-row export's 9.5 s on a 2-vCPU VM: V8 flattened every row's many small pieces first, and
 * each megabyte became a new string and a new buffer.
 */
const CHUNK_BYTES = 3 << 20;
const UTF8 = encoderFor('utf-8');
/** fflate writes no ZIP64: a part's size must fit in 32 bits. */
const MAX_PART_BYTES = 0xffff_ffff;

export function createXlsxWriter(path: string, options: XlsxWriterOptions): ContactWriter {
  const extraHeaders = options.extraHeaders ?? [];
  const width = options.headers.length;
  const all = width + extraHeaders.length;
  const safe = options.excelSafe ?? false;
  const text = (s: string): string => (safe ? neutraliseFormula(s) : s);
  const types = options.columnTypes ?? [];
  const letters = Array.from({ length: all }, (_, i) => columnLetters(i));
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.partial`);
  let fd: number;
  try {
    fd = openSync(tmp, 'w');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new AppError(code === 'ENOENT' ? 'not-found' : 'unreadable', `Cannot write to ${dirname(path)} (${code ?? 'error'}). Pick another folder.`);
  }
  let bytes = 0;
  let failure: Error | null = null;
  const zip = new Zip((err, chunk) => {
    if (err) { failure ??= err; return; }
    let off = 0;
    while (off < chunk.length) off += writeSync(fd, chunk, off, chunk.length - off);
    bytes += chunk.length;
  });
  // Level 1: at a million rows the compressor is most of the time; level 6 saves ~15% of the size for twice it.
  const sheet = new NativeDeflateFile('xl/worksheets/sheet1.xml', 1);
  zip.add(sheet);
  /** Chunks zlib has finished with. */
  const free: Buffer[] = [];
  let chunk: Buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  let used = 0;
  let sheetBytes = 0;
  let lines = 0; // rows in the sheet, header included
  let rows = 0;
  /** The zip and its file are still open. */
  let open = true;

  const hand = (b: Buffer, done?: () => void) => {
    sheetBytes += b.length;
    if (sheetBytes > MAX_PART_BYTES) throw new AppError('bad-input', 'This list is too large for one Excel workbook (its sheet passes 4 GB). Export it as CSV instead: give the file a .csv name.');
    sheet.push(b, done);
    if (failure) throw new AppError('unreadable', `Cannot write ${basename(path)} (${failure.message}). Pick another folder.`);
  };
  const push = () => {
    if (used === 0) return;
    const full = chunk;
    const b = full.subarray(0, used);
    chunk = free.pop() ?? Buffer.allocUnsafe(CHUNK_BYTES);
    used = 0;
    hand(b, () => free.push(full));
  };
  /** Whole rows only: a surrogate pair is never split between two calls. */
  const put = (xml: string) => {
    const room = xml.length * UTF8.maxBytes;
    if (used + room > chunk.length) push();
    if (room > chunk.length) hand(encodeWhole(UTF8, xml));
    else used += UTF8.into(xml, chunk, used);
  };
  const line = (cells: readonly string[], typed: boolean) => {
    const n = ++lines;
    let xml = `<row r="${n}">`;
    for (let i = 0; i < cells.length; i++) xml += cellXml(letters[i]! + n, text(cells[i]!), typed ? types[i] : 'text');
    put(`${xml}</row>`);
  };
  put(`${XML}<worksheet xmlns="${MAIN}"><sheetData>`);
  const discard = () => {
    if (open) {
      open = false;
      sheet.terminate();
      zip.terminate();
      try { closeSync(fd); } catch { /* already closed */ }
    }
    rmSync(tmp, { force: true });
  };

  try {
    if (options.hasHeader) line([...options.headers, ...extraHeaders], false);
  } catch (e) {
    discard();
    throw e;
  }

  return {
    get rows() { return rows; },
    get bytes() { return bytes; },
    writeRecord(rec: WriterRecord, extra: readonly string[] = []) {
      if (lines >= EXCEL_MAX_ROWS) throw new AppError('bad-input', tooManyRowsMessage());
      const cells: string[] = new Array<string>(all);
      for (let i = 0; i < width; i++) cells[i] = rec.fields[i] ?? '';
      for (let i = 0; i < extraHeaders.length; i++) cells[width + i] = extra[i] ?? '';
      line(cells, true);
      rows++;
      if (rows % 50_000 === 0) options.onProgress?.(rows, bytes);
    },
    async close() {
      try {
        put('</sheetData></worksheet>');
        push();
        await sheet.end();
        for (const [name, xml] of parts(options.sheet)) {
          options.checkCancelled?.();
          const f = new ZipDeflate(name, { level: 6 });
          zip.add(f);
          f.push(Buffer.from(xml, 'utf8'), true);
        }
        zip.end();
        if (failure) throw new AppError('unreadable', `Cannot write ${basename(path)} (${(failure as Error).message}). Pick another folder.`);
        open = false;
        closeSync(fd);
        // The last moment a cancel can still leave the user's folder as it was.
        options.checkCancelled?.();
        renameSync(tmp, path);
      } catch (e) {
        discard();
        if (e instanceof AppError) throw e;
        throw new AppError('unreadable', `Cannot write ${basename(path)} (${(e as Error).message}). Pick another folder.`);
      }
      options.onProgress?.(rows, bytes);
    },
    /** Waits while zlib is behind, so the sheet's XML never piles up in memory. */
    drained: () => sheet.drained(),
    async abort() {
      discard();
    },
  };
}
