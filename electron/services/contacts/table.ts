/**
 * Low-level delimited-text table reader, shared by contact lists and bounce spreadsheets.
 *
 *   const sniff = await sniffTable(path);          // encoding, delimiter, line ends, header, sample
 *   for await (const batch of readTable(path, sniff, { signal, onProgress })) { ... }
 *
 * The file is never read whole: sniffing reads a head sample (and a small tail sample), reading
 * streams fixed-size byte chunks through a streaming TextDecoder into papaparse's Parser, which
 * is asked to leave the last (possibly partial) record for the next chunk. Each record keeps its
 * exact source text (`raw`, without its line ending) so an exporter can write untouched rows back
 * byte for byte.
 *
 * API stability: this module's exported names and fields are a seam (ESP reuses it); add
 * optional fields only.
 */
import { open, stat } from 'node:fs/promises';
import { readSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';
import { isUtf8 } from 'node:buffer';
import Papa from 'papaparse';
import { analyse } from 'chardet';
import { AppError, listForMessage } from '../../../shared/errors.js';

export type LineEnding = '\r\n' | '\n' | '\r';
export type EncodingConfidence = 'certain' | 'likely' | 'doubtful';

/** How a delimited text file is written: what an exporter needs to write it the same way. */
export interface TableFormat {
  /** WHATWG encoding name as TextDecoder reports it ("utf-8", "windows-1252", "utf-16le"…). */
  readonly encoding: string;
  readonly encodingConfidence: EncodingConfidence;
  /** The file starts with a byte order mark. */
  readonly bom: boolean;
  readonly delimiter: string;
  readonly lineEnding: LineEnding;
  readonly hasHeader: boolean;
}

export interface TableSniff extends TableFormat {
  readonly path: string;
  readonly totalBytes: number;
  /** Length in bytes of the BOM (0 when none). */
  readonly bomBytes: number;
  /** Records before the header that are not part of the table (LinkedIn's "Notes:" preamble). */
  readonly skipRecords: number;
  /** Exact text of those records including their line endings ("" when none). */
  readonly preambleRaw: string;
  /** Header cells, or "Column 1", "Column 2"… when the file has no header row. */
  readonly headers: string[];
  /** Exact text of the header record without its line ending; null when there is no header. */
  readonly headerRaw: string | null;
  /** Up to `sampleRows` first data records (blank records left out). */
  readonly sample: TableRecord[];
  /** True when the sample is the whole file. */
  readonly complete: boolean;
  /** The last record is followed by a line ending (so the exporter ends with one too). */
  readonly finalLineEnding: boolean;
  /** Other plausible encodings, best first (for the encoding picker); empty when certain. */
  readonly encodingCandidates: readonly { encoding: string; confidence: number }[];
  /** Plain-language notes about the sniff (mixed line endings, doubtful encoding…). */
  readonly warnings: string[];
}

export interface SniffOptions {
  /** Force an encoding (any WHATWG label); skips detection. */
  readonly encoding?: string;
  /** Force a delimiter. */
  readonly delimiter?: string;
  /** Force header present/absent. */
  readonly hasHeader?: boolean;
  /** Bytes read from the start for detection (default 1 MiB). */
  readonly sampleBytes?: number;
  /** Data records kept in `sample` (default 50). */
  readonly sampleRows?: number;
  /** Called with the data part of the sample to help header detection: does this cell look like a value (e.g. an email)? */
  readonly looksLikeValue?: (cell: string) => boolean;
}

export interface TableRecord {
  /** 1-based data record number (the header and preamble are not counted; blank records are). */
  readonly row: number;
  /**
   * The record's cells. Read with ReadTableOptions.cell, a record without quotes has only that
   * cell set (the others are empty slots; the length is still the record's cell count).
   */
  readonly fields: string[];
  /**
   * Exact source text of the record, without its line ending. Blank lines just before it are
   * not records but are part of the file: they lead its text, each with its line ending.
   */
  readonly raw: string;
}

export interface ReadTableOptions {
  readonly signal?: AbortSignal;
  /** Called after each chunk with bytes consumed from disk. */
  readonly onProgress?: (bytesRead: number, totalBytes: number) => void;
  /** Called once at the end with summarised warnings (ragged rows, blank rows, quoting problems). */
  readonly onWarning?: (message: string) => void;
  /** Records per yielded batch, at least (default 1000; big batches outlive young-generation GCs). */
  readonly batchSize?: number;
  /** Bytes read per chunk (default 32 KiB). */
  readonly chunkBytes?: number;
  /** A record longer than this (an unclosed quote swallowing the file) fails the read (default 16 Mi chars). */
  readonly maxRecordChars?: number;
  /** Stop after this many data records (for previews). */
  readonly maxRows?: number;
  /** Called at the end with the blank lines after the last record, exactly as in the file ("" when none). */
  readonly onTrailing?: (raw: string) => void;
  /**
   * The one cell the caller reads (0-based): the contact import of a list with one address
   * column, which keeps each record's raw text and needs only its address. Splitting every
   * cell cost 0.2 CPU-s per 1M rows more than finding the one.
   */
  readonly cell?: number;
}

export const DELIMITERS = [',', ';', '\t', '|'] as const;
const DEFAULT_SAMPLE = 1 << 20;
const TAIL_SAMPLE = 64 << 10;
/** A single record larger than this means an unclosed quote swallowed the file. */
const MAX_RECORD_CHARS = 16 << 20;

export function delimiterName(d: string): string {
  return d === ',' ? 'comma' : d === ';' ? 'semicolon' : d === '\t' ? 'tab' : d === '|' ? 'pipe' : `"${d}"`;
}

// ---------------------------------------------------------------- file type sniffing

/** Recognises binary formats by magic bytes; returns a plain description or null for text. */
export function describeBinary(head: Uint8Array): string | null {
  const b = (i: number): number => head[i] ?? -1;
  if (b(0) === 0x50 && b(1) === 0x4b && (b(2) === 3 || b(2) === 5 || b(2) === 7)) {
    const ascii = latin1(head.subarray(0, 4096));
    if (ascii.includes('xl/') || ascii.includes('[Content_Types].xml')) return 'an Excel workbook (.xlsx)';
    return 'a ZIP archive';
  }
  if (b(0) === 0xd0 && b(1) === 0xcf && b(2) === 0x11 && b(3) === 0xe0) return 'an old-style Excel (.xls) or Office file';
  if (b(0) === 0x25 && b(1) === 0x50 && b(2) === 0x44 && b(3) === 0x46) return 'a PDF document';
  if (b(0) === 0x89 && b(1) === 0x50 && b(2) === 0x4e && b(3) === 0x47) return 'a PNG image';
  if (b(0) === 0xff && b(1) === 0xd8 && b(2) === 0xff) return 'a JPEG image';
  if (b(0) === 0x47 && b(1) === 0x49 && b(2) === 0x46) return 'a GIF image';
  if (b(0) === 0x1f && b(1) === 0x8b) return 'a gzip-compressed file';
  if (b(0) === 0x53 && b(1) === 0x51 && b(2) === 0x4c && b(3) === 0x69) return 'an SQLite database';
  if (b(0) === 0x7f && b(1) === 0x45 && b(2) === 0x4c && b(3) === 0x46) return 'a program (ELF binary)';
  if (b(0) === 0x4d && b(1) === 0x5a) return 'a Windows program';
  return null;
}

function latin1(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]!);
  return s;
}

// ---------------------------------------------------------------- encoding

/** WHATWG windows-1252 for bytes 0x80-0x9F (the rest equals ISO-8859-1). */
const CP1252_HIGH = '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f'
  + '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

export interface TextDecoderLike {
  decode(bytes?: Uint8Array, options?: { stream?: boolean }): string;
}

/**
 * TextDecoder, except windows-1252 (and its aliases latin1/iso-8859-1): Node 20's decoder reads
 * it as ISO-8859-1, turning € “ ” – into invisible C1 controls. Single-byte, so no state needed.
 */
export function makeDecoder(encoding: string, options: { fatal?: boolean } = {}): TextDecoderLike {
  const d = new TextDecoder(encoding, { fatal: options.fatal ?? false, ignoreBOM: true });
  if (d.encoding !== 'windows-1252') return d;
  return {
    decode(bytes?: Uint8Array): string {
      if (!bytes || bytes.length === 0) return '';
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1')
        .replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]!);
    },
  };
}

export interface EncodingGuess {
  readonly encoding: string;
  readonly confidence: EncodingConfidence;
  readonly bomBytes: number;
  readonly candidates: readonly { encoding: string; confidence: number }[];
}

/** Maps chardet's names to WHATWG labels TextDecoder understands; ISO-8859-1 reads as windows-1252 (its superset). */
function whatwgName(chardetName: string): string | null {
  const n = chardetName.toLowerCase();
  const map: Record<string, string> = {
    'iso-8859-1': 'windows-1252', 'utf-8': 'utf-8', 'utf-16le': 'utf-16le', 'utf-16be': 'utf-16be',
    'shift_jis': 'shift_jis', 'euc-jp': 'euc-jp', 'iso-2022-jp': 'iso-2022-jp', 'euc-kr': 'euc-kr', 'big5': 'big5',
    'gb18030': 'gb18030', 'koi8-r': 'koi8-r',
  };
  const label = map[n] ?? n;
  try {
    return new TextDecoder(label).encoding;
  } catch {
    return null;
  }
}

/** Normalises a user-given label; throws AppError('bad-input') when unknown. */
export function canonicalEncoding(label: string): string {
  try {
    return new TextDecoder(label.trim()).encoding;
  } catch {
    throw new AppError('bad-input', `"${label}" is not an encoding this app knows. Pick one from the list (for example UTF-8 or Windows-1252).`);
  }
}

function isStrictUtf8(bytes: Uint8Array, atStart: boolean): boolean {
  let start = 0;
  // A tail sample may begin inside a multi-byte sequence: skip continuation bytes.
  if (!atStart) while (start < 4 && start < bytes.length && (bytes[start]! & 0xc0) === 0x80) start++;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(start), { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** Share of NUL bytes at even/odd offsets: UTF-16 text without a BOM shows one side full of NULs. */
function utf16WithoutBom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 8) return null;
  let even = 0, odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) even++;
    if (bytes[i + 1] === 0) odd++;
  }
  const half = n / 2;
  if (odd > half * 0.4 && even < half * 0.05) return 'utf-16le';
  if (even > half * 0.4 && odd < half * 0.05) return 'utf-16be';
  return null;
}

/**
 * BOM → certain; strict UTF-8 on head and tail samples → certain; else chardet's guess, which is
 * 'likely' when confident and the decoded text looks like text, 'doubtful' otherwise.
 */
export function guessEncoding(head: Uint8Array, tail: Uint8Array | null): EncodingGuess {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', confidence: 'certain', bomBytes: 3, candidates: [] };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', confidence: 'certain', bomBytes: 2, candidates: [] };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', confidence: 'certain', bomBytes: 2, candidates: [] };
  const u16 = utf16WithoutBom(head);
  if (u16) return { encoding: u16, confidence: 'likely', bomBytes: 0, candidates: [] };
  if (isStrictUtf8(head, true) && (!tail || isStrictUtf8(tail, false))) return { encoding: 'utf-8', confidence: 'certain', bomBytes: 0, candidates: [] };

  const seen = new Map<string, number>();
  const sample = tail ? concatBytes(head, tail) : head;
  for (const m of analyse(sample)) {
    const enc = whatwgName(m.name);
    if (!enc || enc === 'utf-8' || enc.startsWith('utf-16') || enc.startsWith('utf-32')) continue;
    if (!seen.has(enc)) seen.set(enc, m.confidence);
  }
  // windows-1252 is the usual truth for Western European text; ISO-8859-1 is mapped to it above.
  if (!seen.has('windows-1252')) seen.set('windows-1252', 1);
  const candidates = [...seen].map(([encoding, confidence]) => ({ encoding, confidence }));
  const best = candidates[0]!;
  const text = makeDecoder(best.encoding).decode(head);
  const controls = (text.match(/[\u0080-\u009f\ufffd]/g) ?? []).length;
  const confidence: EncodingConfidence = best.confidence >= 40 && controls === 0 ? 'likely' : 'doubtful';
  return { encoding: best.encoding, confidence, bomBytes: 0, candidates };
}

function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

// ---------------------------------------------------------------- delimiter, line ends, header

/** Counts line endings outside quoted fields. */
export function detectLineEnding(text: string): { lineEnding: LineEnding; mixed: boolean } {
  let crlf = 0, lf = 0, cr = 0, inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) inQuotes = !inQuotes;
    else if (inQuotes) continue;
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) { crlf++; i++; } else cr++;
    } else if (c === 10) lf++;
  }
  const max = Math.max(crlf, lf, cr);
  const lineEnding: LineEnding = max === 0 ? '\r\n' : crlf === max ? '\r\n' : lf === max ? '\n' : '\r';
  const kinds = (crlf > 0 ? 1 : 0) + (lf > 0 ? 1 : 0) + (cr > 0 ? 1 : 0);
  return { lineEnding, mixed: kinds > 1 };
}

interface ParsedSample {
  records: { fields: string[]; raw: string; end: number }[];
  errors: number;
}

/**
 * Parses complete records of `text` (the last one too when `final`), calling `onRecord` with the
 * fields, the exact record text without its line ending, and the offset after the line ending.
 * Returns the quoting errors papaparse reported and where the consumed text ends.
 */
export function scanRecords(text: string, delimiter: string, lineEnding: LineEnding, final: boolean,
  onRecord: (fields: string[], raw: string, end: number) => boolean | void): { errors: number; consumed: number } {
  let errors = 0, prev = 0;
  const leLen = lineEnding.length;
  const parser = new Papa.Parser({
    delimiter, newline: lineEnding, quoteChar: '"',
    // The bare Parser hands step() a one-row `data` array (ParserHandle would unwrap it).
    step: (r: { data: string[][]; errors: unknown[]; meta: { cursor: number } }) => {
      const end = r.meta.cursor;
      // papaparse reports an empty record after a final line ending; it is not data.
      if (final && prev === text.length) return;
      const rawEnd = end - prev >= leLen && text.startsWith(lineEnding, end - leLen) ? end - leLen : end;
      const raw = text.slice(prev, rawEnd);
      errors += r.errors.length;
      prev = end;
      if (onRecord(r.data[0] ?? [''], raw, end) === false) parser.abort();
    },
  } as unknown as Papa.ParseConfig);
  parser.parse(text, 0, !final);
  return { errors, consumed: prev };
}

type RecordSink = (fields: string[], raw: string, end: number) => boolean | void;

/**
 * A quote-free record's cells as `raw.split(delimiter)` has them, but with only `cell` set: the
 * others are empty slots. A record of one cell is whole (a blank record is told by it).
 */
export function oneCell(raw: string, delimiter: string, cell: number): string[] {
  let count = 1;
  let start = 0;
  let stop = raw.length;
  for (let i = raw.indexOf(delimiter); i >= 0; i = raw.indexOf(delimiter, i + 1)) {
    if (count === cell) start = i + 1;
    else if (count === cell + 1) stop = i;
    count++;
  }
  if (count === 1) return [raw];
  const fields = new Array<string>(count);
  if (cell < count) fields[cell] = raw.slice(start, stop);
  return fields;
}

/**
 * The streaming hot path: a strict RFC 4180 scanner (indexOf + split for records without a
 * quote, a small state machine for quoted ones) that hands over to papaparse the moment the
 * text is anything but well-formed (a closing quote not followed by a delimiter or line end),
 * so odd files get papaparse's lenient reading. For well-formed text both give the same fields
 * and raw text (a property test holds them together); this one allocates far less per row.
 */
export function scanRecordsFast(text: string, delimiter: string, lineEnding: LineEnding, final: boolean, onRecord: RecordSink, cell = -1): { errors: number; consumed: number } {
  if (delimiter.length !== 1) return scanRecords(text, delimiter, lineEnding, final, onRecord);
  const n = text.length;
  const leLen = lineEnding.length;
  const le0 = lineEnding.charCodeAt(0);
  const d = delimiter.charCodeAt(0);
  let pos = 0;
  let q = text.indexOf('"');
  if (q < 0) q = n;
  outer: while (pos < n) {
    let nl = text.indexOf(lineEnding, pos);
    if (nl < 0) {
      if (!final) break;
      nl = n;
    }
    if (q < pos) {
      q = text.indexOf('"', pos);
      if (q < 0) q = n;
    }
    if (q >= nl) {
      const raw = text.slice(pos, nl);
      const end = nl === n ? n : nl + leLen;
      pos = end;
      if (onRecord(cell < 0 ? raw.split(delimiter) : oneCell(raw, delimiter, cell), raw, end) === false) return { errors: 0, consumed: pos };
      continue;
    }
    // A quote before the line end: walk the fields of this record.
    const fields: string[] = [];
    let i = pos;
    for (;;) {
      if (text.charCodeAt(i) === 34) {
        let j = i + 1;
        let close: number;
        let escaped = false;
        for (;;) {
          close = text.indexOf('"', j);
          if (close < 0) {
            if (!final) break outer;            // the record continues in the next chunk
            return fallback(pos);               // never closed: papaparse reports it
          }
          if (text.charCodeAt(close + 1) === 34) { escaped = true; j = close + 2; continue; }
          break;
        }
        const value = escaped ? text.slice(i + 1, close).replace(/""/g, '"') : text.slice(i + 1, close);
        const after = close + 1;
        if (after === n) {
          if (!final) break outer;               // a line end may follow in the next chunk
          fields.push(value);
          const raw = text.slice(pos, n);
          pos = n;
          if (onRecord(fields, raw, n) === false) return { errors: 0, consumed: pos };
          continue outer;
        }
        const c = text.charCodeAt(after);
        if (c === d) { fields.push(value); i = after + 1; continue; }
        if (c === le0 && text.startsWith(lineEnding, after)) {
          fields.push(value);
          const raw = text.slice(pos, after);
          pos = after + leLen;
          if (onRecord(fields, raw, pos) === false) return { errors: 0, consumed: pos };
          continue outer;
        }
        if (c === le0 && !final && after + leLen > n) break outer; // "\r" now, "\n" in the next chunk
        return fallback(pos);                     // malformed quoting: papaparse decides
      }
      // Unquoted field: up to the next delimiter or line end (a quote inside it is literal).
      let nd = text.indexOf(delimiter, i);
      let ne = text.indexOf(lineEnding, i);
      if (ne < 0) {
        if (!final) break outer;
        ne = n;
      }
      if (nd >= 0 && nd < ne) { fields.push(text.slice(i, nd)); i = nd + 1; continue; }
      nd = ne;
      fields.push(text.slice(i, nd));
      const raw = text.slice(pos, nd);
      pos = nd === n ? n : nd + leLen;
      if (onRecord(fields, raw, pos) === false) return { errors: 0, consumed: pos };
      continue outer;
    }
  }
  return { errors: 0, consumed: pos };

  function fallback(from: number): { errors: number; consumed: number } {
    const rest = text.slice(from);
    const r = scanRecords(rest, delimiter, lineEnding, final, (fields, raw, end) => onRecord(fields, raw, from + end));
    return { errors: r.errors, consumed: from + r.consumed };
  }
}

function parseRecords(text: string, delimiter: string, lineEnding: LineEnding, final: boolean, limit = Infinity): ParsedSample {
  const records: ParsedSample['records'] = [];
  const { errors } = scanRecords(text, delimiter, lineEnding, final, (fields, raw, end) => {
    records.push({ fields, raw, end });
    return records.length < limit;
  });
  return { records, errors };
}

function delimiterScore(text: string, delimiter: string, lineEnding: LineEnding, final: boolean): { score: number; width: number } {
  const { records } = parseRecords(text, delimiter, lineEnding, final, 200);
  const counts = new Map<number, number>();
  for (const r of records) if (r.raw !== '') counts.set(r.fields.length, (counts.get(r.fields.length) ?? 0) + 1);
  let width = 1, freq = 0;
  for (const [w, f] of counts) if (f > freq || (f === freq && w > width)) { width = w; freq = f; }
  if (width < 2) return { score: 0, width };
  return { score: freq + Math.min(width, 20) / 100, width };
}

const EMAILISH = /^\s*(mailto:)?[^\s@]+@[^\s@]+\.[^\s@]+\s*$/i;
const NUMBERISH = /^\s*[-+]?[\d.,:/ ()-]+\s*$/;

// ---------------------------------------------------------------- sniff

async function readRange(path: string, position: number, length: number): Promise<Uint8Array> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(length);
    const { bytesRead } = await fh.read(buf, 0, length, position);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

async function fileSize(path: string): Promise<number> {
  try {
    const s = await stat(path);
    if (s.isDirectory()) throw new AppError('wrong-file', `${path} is a folder, not a file. Pick a CSV, Excel or vCard file.`);
    return s.size;
  } catch (e) {
    if (e instanceof AppError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new AppError('not-found', `The file ${path} does not exist (moved or deleted?). Pick it again.`);
    throw new AppError('unreadable', `The file ${path} cannot be opened (${code ?? 'error'}). Check that you have permission to read it.`);
  }
}

/** Sniffs encoding, delimiter, line endings, preamble and header from the start of the file. */
export async function sniffTable(path: string, opts: SniffOptions = {}): Promise<TableSniff> {
  const totalBytes = await fileSize(path);
  if (totalBytes === 0) throw new AppError('wrong-file', 'The file is empty (0 bytes). Export the list again and pick the new file.');
  let sampleBytes = Math.min(totalBytes, opts.sampleBytes ?? DEFAULT_SAMPLE);
  for (;;) {
    const sniff = await sniffSample(path, opts, totalBytes, sampleBytes);
    if (sniff.complete || sniff.sample.length > 0) return sniff;
    // Not one whole data row in the sample: the header or the first row is longer than it. Read
    // more, up to the longest row readTable accepts, rather than call the file header-only.
    if (sampleBytes > MAX_RECORD_CHARS) {
      // Past the limit: reading the first row fails saying which row is too long, and why.
      for await (const batch of readTable(path, sniff, { maxRows: 1 })) void batch;
      return sniff;
    }
    sampleBytes = Math.min(totalBytes, sampleBytes * 4, MAX_RECORD_CHARS + TAIL_SAMPLE);
  }
}

function megabytes(chars: number): string {
  const mb = chars / (1 << 20);
  return mb >= 1 ? `${Math.round(mb)} MB` : `${Math.round(chars / 1024)} KB`;
}

/**
 * A record past the length limit. Row 0 is the header. With a quote that opens a field, the
 * likely cause is that quote; without one, the file is not a list of short rows at all.
 */
function rowTooLong(row: number, maxChars: number, start: string, delimiter: string): AppError {
  const which = row === 0 ? 'The first row (the header)' : `Row ${row.toLocaleString('en-US')}`;
  const quoted = start.startsWith('"') || start.includes(`${delimiter}"`);
  return new AppError('unreadable', quoted
    ? `${which} is longer than ${megabytes(maxChars)}: a quoted field in it (starting with ") is not closed, so the rest of the file would be one cell. Fix the quote in that row, or save the file again from the spreadsheet app.`
    : `${which} is longer than ${megabytes(maxChars)} with no line break, and ListSweep reads rows up to ${megabytes(maxChars)}. A contact list's rows are short: this is probably not a contact list, or its line breaks were lost. Export the list again as CSV.`);
}

async function sniffSample(path: string, opts: SniffOptions, totalBytes: number, sampleBytes: number): Promise<TableSniff> {
  const head = await readRange(path, 0, sampleBytes);
  const complete = sampleBytes >= totalBytes;
  const tail = complete ? null : await readRange(path, Math.max(sampleBytes, totalBytes - TAIL_SAMPLE), Math.min(TAIL_SAMPLE, totalBytes - sampleBytes));

  const binary = describeBinary(head);
  if (binary) {
    throw new AppError('wrong-file', `This file is ${binary}, not a text table (CSV/TSV). `
      + (binary.includes('.xlsx') ? 'Give it the .xlsx extension, or save it from Excel as CSV.' : 'Export your contacts as CSV, Excel (.xlsx) or vCard and pick that file.'));
  }

  const warnings: string[] = [];
  let guess: EncodingGuess;
  if (opts.encoding) {
    const encoding = canonicalEncoding(opts.encoding);
    const auto = guessEncoding(head, tail);
    const bomBytes = auto.bomBytes > 0 && auto.encoding === encoding ? auto.bomBytes : 0;
    guess = { encoding, confidence: 'certain', bomBytes, candidates: [] };
  } else {
    guess = guessEncoding(head, tail);
    if (guess.confidence === 'doubtful') {
      warnings.push(`The text encoding could not be recognised for sure; it is read as ${guess.encoding}. Check accented letters in the preview and pick another encoding if they look wrong.`);
    }
  }
  if (!guess.encoding.startsWith('utf-16') && !opts.encoding && hasNulBytes(head)) {
    throw new AppError('wrong-file', 'This file contains binary data (NUL bytes), not text. Export your contacts as CSV, Excel (.xlsx) or vCard and pick that file.');
  }

  const decoder = makeDecoder(guess.encoding);
  let text = decoder.decode(head.subarray(guess.bomBytes), { stream: !complete });
  if (complete) text += decoder.decode();
  if (!complete) {
    // Leave out the last, possibly cut, line so a partial record does not skew detection.
    const cut = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r'));
    if (cut > 0) text = text.slice(0, cut + 1);
  }
  if (/[\u0000-\u0008\u000e-\u001f]/.test(text.slice(0, 65536).replace(/\u001a$/, ''))) {
    const controls = (text.slice(0, 65536).match(/[\u0000-\u0008\u000e-\u001f]/g) ?? []).length;
    if (controls > 8) throw new AppError('wrong-file', 'This file contains binary data, not text. Export your contacts as CSV, Excel (.xlsx) or vCard and pick that file.');
  }

  const lost = guess.encoding === 'utf-8' || guess.encoding.startsWith('utf-16') ? 0 : (text.match(/\ufffd/g) ?? []).length;
  if (lost) warnings.push(`${lost} character${lost === 1 ? '' : 's'} in the first part of the file could not be read as ${guess.encoding.toUpperCase()} and show as �. Pick the file's real encoding.`);

  const le = detectLineEnding(text);
  if (le.mixed) warnings.push(`The file mixes line endings; rows are split at ${le.lineEnding === '\r\n' ? 'CRLF (Windows)' : le.lineEnding === '\n' ? 'LF (Mac/Linux)' : 'CR (old Mac)'} line ends.`);

  let delimiter = opts.delimiter;
  if (delimiter === undefined) {
    let best = { d: ',', score: -1 };
    for (const d of DELIMITERS) {
      const s = delimiterScore(text, d, le.lineEnding, complete);
      if (s.score > best.score) best = { d, score: s.score };
    }
    delimiter = best.d;
  }
  if (delimiter.length === 0 || /[\r\n"]/.test(delimiter)) throw new AppError('bad-input', `"${delimiter}" cannot be used as a column separator.`);

  const parsed = parseRecords(text, delimiter, le.lineEnding, complete);
  const records = parsed.records;

  // Preamble: leading one-cell records (LinkedIn's "Notes:" lines) before a wider table.
  const widths = records.slice(0, 200).filter((r) => r.raw !== '').map((r) => r.fields.length);
  const modal = mode(widths);
  let skip = 0;
  if (modal > 1) {
    while (skip < Math.min(records.length, 10) && (records[skip]!.fields.length === 1 || records[skip]!.raw === '')) skip++;
    if (skip >= records.length || skip === 10) skip = 0;
  }
  const preambleEnd = skip > 0 ? records[skip - 1]!.end : 0;
  const preambleRaw = text.slice(0, preambleEnd);
  const first = records[skip];
  const rest = records.slice(skip + 1).filter((r) => r.raw !== '');

  let hasHeader = opts.hasHeader;
  if (hasHeader === undefined) hasHeader = first ? looksLikeHeader(first.fields, rest.map((r) => r.fields), opts.looksLikeValue) : false;

  const sampleRows = opts.sampleRows ?? 50;
  const dataStart = hasHeader ? skip + 1 : skip;
  const width = Math.max(modal, first?.fields.length ?? 0);
  const headers = hasHeader && first ? first.fields.map((h) => h.trim()) : Array.from({ length: width }, (_, i) => `Column ${i + 1}`);
  const sample: TableRecord[] = [];
  for (let i = dataStart; i < records.length && sample.length < sampleRows; i++) {
    const r = records[i]!;
    if (r.raw === '') continue;
    sample.push({ row: i - dataStart + 1, fields: r.fields, raw: r.raw });
  }

  const lastBytes = tail ?? head;
  const lb = lastBytes[lastBytes.length - 1];
  const lb2 = lastBytes[lastBytes.length - 2];
  // UTF-16 ends with a two-byte unit: 0x0A 0x00 (LE) or 0x00 0x0A (BE).
  const finalLineEnding = guess.encoding === 'utf-16le' ? (lb2 === 10 || lb2 === 13) && lb === 0
    : guess.encoding === 'utf-16be' ? lb2 === 0 && (lb === 10 || lb === 13)
      : lb === 10 || lb === 13;

  return {
    path, totalBytes, encoding: guess.encoding, encodingConfidence: guess.confidence, bom: guess.bomBytes > 0, bomBytes: guess.bomBytes,
    delimiter, lineEnding: le.lineEnding, hasHeader, skipRecords: skip, preambleRaw,
    headers, headerRaw: hasHeader && first ? first.raw : null, sample, complete, finalLineEnding,
    encodingCandidates: guess.candidates, warnings,
  };
}

function hasNulBytes(b: Uint8Array): boolean {
  const n = Math.min(b.length, 65536);
  for (let i = 0; i < n; i++) if (b[i] === 0) return true;
  return false;
}

function mode(xs: number[]): number {
  const m = new Map<number, number>();
  let best = 0, bestF = 0;
  for (const x of xs) {
    const f = (m.get(x) ?? 0) + 1;
    m.set(x, f);
    if (f > bestF || (f === bestF && x > best)) { best = x; bestF = f; }
  }
  return best;
}

/**
 * A first record is a header when none of its cells looks like a value the data rows hold
 * (an address, a number), and either the data rows have such values under it or every cell is
 * distinct non-empty text.
 */
export function looksLikeHeader(first: string[], rest: string[][], looksLikeValue?: (cell: string) => boolean): boolean {
  const isValue = (c: string): boolean => EMAILISH.test(c) || (looksLikeValue?.(c) ?? false);
  if (first.some(isValue)) return false;
  if (first.some((c) => NUMBERISH.test(c) && /\d/.test(c))) return false;
  for (let col = 0; col < first.length; col++) {
    let values = 0;
    for (const r of rest.slice(0, 50)) if (isValue(r[col] ?? '')) values++;
    if (values > 0 && values >= Math.min(rest.length, 50) / 2) return true;
  }
  const nonEmpty = first.filter((c) => c.trim() !== '');
  if (nonEmpty.length === 0) return false;
  if (rest.length === 0) return nonEmpty.length === first.length;
  return nonEmpty.length === first.length && new Set(first.map((c) => c.trim().toLowerCase())).size === first.length;
}

// ---------------------------------------------------------------- streaming read

/**
 * Streams the data records of a sniffed table in batches. Blank records are skipped and
 * reported; ragged records are kept and reported. Throws AppError('cancelled') on abort and
 * AppError('unreadable') when the bytes do not decode in the sniffed encoding.
 */
export async function* readTable(path: string, sniff: TableSniff, opts: ReadTableOptions = {}): AsyncGenerator<TableRecord[]> {
  // 32 KiB chunks decode to strings that stay in V8's young generation; 1 MiB ones go to
  // large-object space and made reading ~2x slower in CPU time (measured at 1M rows).
  const chunkBytes = opts.chunkBytes ?? 32 << 10;
  const batchSize = opts.batchSize ?? 1000;
  const decode = chunkDecoder(sniff.encoding);
  const width = sniff.headers.length;
  const { delimiter, lineEnding } = sniff;
  const maxRows = opts.maxRows ?? Infinity;

  let recordIndex = 0;       // all records, including preamble and header
  let row = 0;               // data records
  let carry = '';
  let position = sniff.bomBytes;
  const blank: number[] = [];
  const ragged: number[] = [];
  const quoteProblems: number[] = [];
  let blankCount = 0, raggedCount = 0, quoteCount = 0;
  let done = false;
  let batch: TableRecord[] = [];
  const lossy = sniff.encoding !== 'utf-8' && !sniff.encoding.startsWith('utf-16');
  let replaced = 0;
  let carryLength = 0;
  let lead = '';

  const fh = await open(path, 'r');
  try {
    let buf = Buffer.alloc(chunkBytes);
    while (!done) {
      if (opts.signal?.aborted) throw new AppError('cancelled', 'The import was cancelled.');
      // A record longer than a chunk is re-scanned with every chunk; reading at least as much
      // as is carried keeps that linear overall instead of quadratic.
      const want = Math.max(chunkBytes, Math.min(carry.length * 2, 64 << 20));
      if (buf.length < want) buf = Buffer.alloc(want);
      // In a worker nothing else waits on this thread's event loop: a blocking read from the page
      // cache takes microseconds where an async one is a thread-pool round trip (~0.35 s of idle
      // time per 1M rows, measured). The app's main thread keeps the async read.
      const bytesRead = isMainThread ? (await fh.read(buf, 0, want, position)).bytesRead : readSync(fh.fd, buf, 0, want, position);
      const final = bytesRead === 0;
      position += bytesRead;
      let text: string;
      try {
        text = carry + decode(buf.subarray(0, bytesRead), final);
      } catch {
        throw new AppError('unreadable', `The file is not valid ${sniff.encoding.toUpperCase()} near byte ${position - bytesRead}: `
          + `it was detected from its start, but later bytes do not match. Pick the file's real encoding (often Windows-1252) in the import preview and try again.`);
      }
      if (lossy) {
        // Legacy decoders replace bytes they cannot map with U+FFFD; count them so it is said, not silent.
        for (let k = text.indexOf('\ufffd', carryLength); k >= 0; k = text.indexOf('\ufffd', k + 1)) replaced++;
      }
      let stop = false;
      const scanned = scanRecordsFast(text, delimiter, lineEnding, final, (fields, raw) => {
        const idx = recordIndex++;
        if (idx < sniff.skipRecords || (sniff.hasHeader && idx === sniff.skipRecords)) return;
        row++;
        if (raw === '' || (fields.length === 1 && fields[0]!.trim() === '')) {
          blankCount++;
          if (blank.length < 5) blank.push(row);
          // Not a contact, but part of the file: it goes back out in front of the next record.
          lead += raw + lineEnding;
          return;
        }
        if (fields.length !== width) {
          raggedCount++;
          if (ragged.length < 5) ragged.push(row);
        }
        batch.push({ row, fields, raw: lead ? lead + raw : raw });
        lead = '';
        if (row >= maxRows) { stop = true; return false; }
      }, opts.cell);
      if (stop) done = true;
      if (scanned.errors > 0) {
        quoteCount += scanned.errors;
        if (quoteProblems.length < 5) quoteProblems.push(row);
      }
      carry = final ? '' : text.slice(scanned.consumed);
      carryLength = carry.length;
      if (carry.length > (opts.maxRecordChars ?? MAX_RECORD_CHARS)) {
        const headerPending = sniff.hasHeader && recordIndex <= sniff.skipRecords;
        throw rowTooLong(headerPending ? 0 : row + 1, opts.maxRecordChars ?? MAX_RECORD_CHARS, carry, delimiter);
      }
      if (final) done = true;
      opts.onProgress?.(Math.min(position, sniff.totalBytes), sniff.totalBytes);
      if (batch.length >= batchSize || done) {
        yield batch;
        batch = [];
      }
    }
  } finally {
    await fh.close();
  }
  // Blank lines at the very end: the last one has a line ending only if the file does.
  opts.onTrailing?.(lead && !sniff.finalLineEnding ? lead.slice(0, -lineEnding.length) : lead);
  const list = (rows: number[], count: number): string => `row${count === 1 ? '' : 's'} ${listForMessage(rows, { total: count })}`;
  if (blankCount) opts.onWarning?.(`${blankCount} blank row${blankCount === 1 ? ' is' : 's are'} not ${blankCount === 1 ? 'a contact' : 'contacts'} (${list(blank, blankCount)}); the cleaned list keeps ${blankCount === 1 ? 'it' : 'them'} where ${blankCount === 1 ? 'it was' : 'they were'}.`);
  if (raggedCount) opts.onWarning?.(`${raggedCount} row${raggedCount === 1 ? ' has' : 's have'} a different number of columns than the header (${list(ragged, raggedCount)}); ${raggedCount === 1 ? 'it was' : 'they were'} kept as they are.`);
  if (replaced) opts.onWarning?.(`${replaced} character${replaced === 1 ? '' : 's'} could not be read as ${sniff.encoding.toUpperCase()} and show as �. The file may be in another encoding: pick it in the import preview.`);
  if (quoteCount) opts.onWarning?.(`${quoteCount} quoting problem${quoteCount === 1 ? '' : 's'} (a quote inside a quoted cell that is not doubled) near ${list(quoteProblems, quoteCount)}; check those rows.`);
}

/**
 * Streaming decoder: decode(bytes, final) -> text, throwing on invalid bytes for UTF-8/UTF-16.
 * UTF-8 goes through Buffer.isUtf8 + toString, several times faster than a fatal TextDecoder;
 * an incomplete trailing sequence is carried into the next chunk.
 */
export function chunkDecoder(encoding: string): (bytes: Uint8Array, final: boolean) => string {
  if (encoding === 'utf-8') {
    let pending: Buffer = Buffer.alloc(0);
    return (bytes, final) => {
      const all = pending.length ? Buffer.concat([pending, bytes]) : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
      let cut = all.length;
      if (!final) {
        // Back up to the start of a possibly incomplete last sequence.
        let i = all.length - 1, k = 0;
        while (i >= 0 && k < 3 && (all[i]! & 0xc0) === 0x80) { i--; k++; }
        if (i >= 0 && all[i]! >= 0xc0) {
          const need = all[i]! >= 0xf0 ? 4 : all[i]! >= 0xe0 ? 3 : 2;
          if (all.length - i < need) cut = i;
        }
      }
      const body = all.subarray(0, cut);
      pending = Buffer.from(all.subarray(cut));
      if (!isUtf8(body)) throw new Error('invalid utf-8');
      return body.toString('utf8');
    };
  }
  const decoder = makeDecoder(encoding, { fatal: encoding.startsWith('utf-16') });
  return (bytes, final) => (final ? decoder.decode(bytes) : decoder.decode(bytes, { stream: true }));
}

/** Human summary of a format: "CSV · UTF-8 · comma · CRLF". */
export function describeFormat(f: TableFormat): string {
  const enc = f.encoding.toUpperCase() + (f.bom ? ' with BOM' : '') + (f.encodingConfidence === 'certain' ? '' : f.encodingConfidence === 'likely' ? ' (detected)' : ' (uncertain)');
  const le = f.lineEnding === '\r\n' ? 'CRLF' : f.lineEnding === '\n' ? 'LF' : 'CR';
  return `${f.delimiter === '\t' ? 'TSV' : 'CSV'} · ${enc} · ${delimiterName(f.delimiter)} · ${le}${f.hasHeader ? '' : ' · no header row'}`;
}
