/**
 * Writers for CORE's export job: the cleaned list (the source's own encoding, BOM, delimiter,
 * quoting style and line ends; untouched rows written from their exact source text), the
 * removed list (original columns + listsweep_reason + listsweep_detail) and a suppression
 * list in the import shape of the user's email service (shared/suppression-formats.ts).
 *
 * Streamed: records are appended to a small text buffer that is encoded and written every
 * ~1 MiB, so a million rows never become one big string. Output goes to a temporary file
 * beside the target and is renamed into place on close(); abort() removes it, so a cancelled
 * or failed export never leaves half a file under the user's name.
 */
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { ContactFileFormat } from '../../../shared/contract.js';
import { AppError } from '../../../shared/errors.js';
import { suppressionFormat, suppressionKind, type SuppressionEntry, type SuppressionFormat } from '../../../shared/suppression-formats.js';
import type { DecisionCause } from '../../../shared/types.js';
import { bomFor, encodeWhole, encoderFor, type Encoder } from './encode.js';

export type ExportEncoding = 'source' | 'utf-8' | 'utf-8-bom';

export interface WriterFormat extends ContactFileFormat {
  /** Exact header text of the source (CSV), or null (no header row, or xlsx/vCard). */
  readonly headerRaw: string | null;
  readonly headers: readonly string[];
  /** Text before the header (LinkedIn "Notes:" preamble); written only for the cleaned list. */
  readonly preambleRaw?: string;
  /** The source ended with a line ending; default true. */
  readonly finalLineEnding?: boolean;
  /** Blank lines after the source's last record; written only for the cleaned list. */
  readonly trailingRaw?: string;
}

export interface WriterOptions {
  readonly encoding?: ExportEncoding;
  /** Extra columns appended to every row (e.g. ['listsweep_reason', 'listsweep_detail']). */
  readonly extraHeaders?: readonly string[];
  /** Force quoting every field; default: the source's style (inferred from its header). */
  readonly quoteAll?: boolean;
  /**
   * Neutralise cells a spreadsheet would run as a formula (see neutraliseFormula). A record
   * whose `fields` hold such a cell is then re-serialised instead of written from `raw`, so a
   * caller that passes empty `fields` for raw records must pass the cells of any that may.
   */
  readonly excelSafe?: boolean;
  /** Called after each flush. */
  readonly onProgress?: (rows: number, bytes: number) => void;
  /** Polled on close, before the file takes the user's name: throwing removes the partial file. */
  readonly checkCancelled?: () => void;
}

export interface WriterRecord {
  /** Exact source text of the record (no line ending), or null when it must be re-serialised. */
  readonly raw: string | null;
  readonly fields: readonly string[];
}

export interface ContactWriter {
  /** Appends one record; `extra` fills the extra columns (removed list). */
  writeRecord(rec: WriterRecord, extra?: readonly string[]): void;
  /** Flushes, closes and moves the file into place. */
  close(): Promise<void>;
  /** Stops and removes the partial output. */
  abort(): Promise<void>;
  /** Resolves when a writer that works in the background is ready for more (the xlsx writer's compressor). */
  drained?(): Promise<void>;
  readonly rows: number;
  readonly bytes: number;
}

export const REMOVED_COLUMNS = ['listsweep_reason', 'listsweep_detail'] as const;
/** Added to the removed list of a list with several addresses per row: the address that went. */
export const REMOVED_ADDRESS_COLUMN = 'listsweep_address';

/** The output buffer: a million UTF-16 units at 3 bytes each (UTF-8's most). */
const OUT_BYTES = 3 << 20;

/**
 * A cell Excel, LibreOffice or Google Sheets would read as a formula (OWASP "CSV injection"):
 * it starts with =, +, -, @, a tab or a carriage return.
 */
export function startsLikeFormula(cell: string): boolean {
  return isFormulaStart(cell.charCodeAt(0));
}

function isFormulaStart(c: number): boolean {
  return c === 61 || c === 43 || c === 45 || c === 64 || c === 9 || c === 13;
}

/**
 * How many cells of a CSV record's text start like a formula, without parsing it into cells:
 * a walk from one cell start to the next (RFC 4180 quotes). For counting and for choosing the
 * rows to parse; what is written always comes from the parsed cells.
 */
export function formulaCellsInRecord(raw: string, delimiter: string): number {
  let i = 0;
  // blank lines before a record travel with its text (TableRecord.raw)
  while (i < raw.length && (raw.charCodeAt(i) === 13 || raw.charCodeAt(i) === 10)) i++;
  let n = 0;
  for (;;) {
    if (raw.charCodeAt(i) === 34) {
      if (isFormulaStart(raw.charCodeAt(i + 1))) n++;
      for (i++; ;) {
        const q = raw.indexOf('"', i);
        if (q < 0) return n;
        i = q + 1;
        if (raw.charCodeAt(i) !== 34) break;
        i++;
      }
    } else if (isFormulaStart(raw.charCodeAt(i)) && !raw.startsWith(delimiter, i)) n++;
    const d = raw.indexOf(delimiter, i);
    if (d < 0) return n;
    i = d + delimiter.length;
  }
}

/** The one neutraliser for every file ListSweep writes: a leading apostrophe, which spreadsheets show as text. */
export function neutraliseFormula(cell: string): string {
  return startsLikeFormula(cell) ? `'${cell}` : cell;
}

/** Quote every field, or only those that need it (delimiter, quote, CR/LF, edge spaces). */
export function serializeFields(fields: readonly string[], delimiter: string, quoteAll: boolean): string {
  let out = '';
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i] ?? '';
    if (i) out += delimiter;
    if (quoteAll || f.includes(delimiter) || f.includes('"') || f.includes('\n') || f.includes('\r') || /^\s|\s$/.test(f)) {
      out += `"${f.replace(/"/g, '""')}"`;
    } else out += f;
  }
  return out;
}

/** A header like `"First Name","Last Name"` says the source quotes every field (Outlook does). */
export function sourceQuotesAll(headerRaw: string | null, delimiter: string): boolean {
  if (!headerRaw || !headerRaw.startsWith('"')) return false;
  const parts = headerRaw.split(`"${delimiter}"`);
  return parts.length > 1 && headerRaw.endsWith('"');
}

/**
 * The output file, written whole or not at all (a partial file renamed into place on close).
 * Text is encoded straight into one reused buffer: gathering it in a string and encoding each
 * megabyte took a flattened copy of the string and a new buffer each time, 0.4 s more for a 1M-row
 * UTF-8 list (89 MB) on a 2-vCPU VM where new memory is dear.
 */
class Sink {
  private fd: number;
  private readonly encoder: Encoder;
  /** The bytes not written yet are `out[0, used)`. */
  private readonly out = Buffer.allocUnsafe(OUT_BYTES);
  private used = 0;
  private readonly tmp: string;
  bytes = 0;
  private closed = false;

  constructor(private readonly path: string, encoding: string, bom: Buffer) {
    this.encoder = encoderFor(encoding);
    this.tmp = join(dirname(path), `.${basename(path)}.${process.pid}.partial`);
    try {
      this.fd = openSync(this.tmp, 'w');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new AppError(code === 'ENOENT' ? 'not-found' : 'unreadable', `Cannot write to ${dirname(path)} (${code ?? 'error'}). Pick another folder.`);
    }
    if (bom.length) this.writeBytes(bom);
  }

  /** True when it wrote to the file. Callers pass whole records: a surrogate pair is never split between two writes. */
  write(s: string): boolean {
    const room = s.length * this.encoder.maxBytes;
    const flushed = this.used + room > this.out.length;
    if (flushed) this.flush();
    if (room > this.out.length) this.writeBytes(encodeWhole(this.encoder, s));
    else this.used += this.encoder.into(s, this.out, this.used);
    return flushed;
  }

  private writeBytes(b: Buffer, length = b.length): void {
    let off = 0;
    while (off < length) off += writeSync(this.fd, b, off, length - off);
    this.bytes += length;
  }

  flush(): void {
    this.writeBytes(this.out, this.used);
    this.used = 0;
  }

  close(checkCancelled?: () => void): void {
    if (this.closed) return;
    this.flush();
    closeSync(this.fd);
    this.closed = true;
    checkCancelled?.();
    renameSync(this.tmp, this.path);
  }

  abort(): void {
    if (!this.closed) {
      this.closed = true;
      try { closeSync(this.fd); } catch { /* already closed */ }
    }
    rmSync(this.tmp, { force: true });
  }
}

function resolveEncoding(format: ContactFileFormat, choice: ExportEncoding): { encoding: string; bom: boolean } {
  if (choice === 'utf-8') return { encoding: 'utf-8', bom: false };
  if (choice === 'utf-8-bom') return { encoding: 'utf-8', bom: true };
  if (format.kind !== 'csv') return { encoding: 'utf-8', bom: false };
  return { encoding: format.encoding, bom: format.bom };
}

/**
 * Writes a contact list in the source's shape. For a CSV source with `encoding: 'source'`,
 * writing every record from `raw` reproduces the file byte for byte (blank lines aside).
 * xlsx/vCard sources are written as UTF-8 CSV with comma and CRLF.
 */
export function createContactWriter(path: string, format: WriterFormat, options: WriterOptions = {}): ContactWriter {
  const { encoding, bom } = resolveEncoding(format, options.encoding ?? 'source');
  const csv = format.kind === 'csv';
  const delimiter = csv ? format.delimiter : ',';
  const lineEnding = csv ? format.lineEnding : '\r\n';
  const extraHeaders = options.extraHeaders ?? [];
  const quoteAll = options.quoteAll ?? (csv && sourceQuotesAll(format.headerRaw, delimiter));
  const safe = options.excelSafe ?? false;
  const cellsOut = (fields: readonly string[]): readonly string[] => (safe ? fields.map(neutraliseFormula) : fields);
  const sink = new Sink(path, encoding, bom ? bomFor(encoding) : Buffer.alloc(0));
  const width = format.headers.length;
  let rows = 0;
  let needSeparator = false;

  const extraText = (extra: readonly string[]): string => {
    const cells = extraHeaders.map((_, i) => extra[i] ?? '');
    return cells.length ? delimiter + serializeFields(cellsOut(cells), delimiter, quoteAll) : '';
  };

  try {
    if (csv && format.preambleRaw && extraHeaders.length === 0) sink.write(format.preambleRaw);
    if (format.hasHeader) {
      const asWritten = csv && format.headerRaw !== null && !(safe && format.headers.some(startsLikeFormula));
      const header = asWritten ? format.headerRaw! : serializeFields(cellsOut(format.headers), delimiter, quoteAll);
      sink.write(header + extraText(extraHeaders));
      needSeparator = true;
    }
  } catch (e) {
    sink.abort();
    throw e;
  }

  return {
    get rows() { return rows; },
    get bytes() { return sink.bytes; },
    writeRecord(rec, extra = []) {
      // A ragged raw row would push the extra columns out of line: re-serialise it padded.
      const useRaw = rec.raw !== null && csv && (extraHeaders.length === 0 || rec.fields.length === width) && !(safe && rec.fields.some(startsLikeFormula));
      let line = useRaw ? rec.raw! : serializeFields(cellsOut(padTo(rec.fields, width)), delimiter, quoteAll);
      if (extraHeaders.length) line += extraText(extra);
      // Two writes, not one joined string, which the sink would have to flatten to encode.
      const wrote = needSeparator && sink.write(lineEnding);
      if (sink.write(line) || wrote) options.onProgress?.(rows + 1, sink.bytes);
      needSeparator = true;
      rows++;
    },
    async close() {
      try {
        if (csv && format.trailingRaw && extraHeaders.length === 0) {
          // The last record's own line ending, then the blank lines that followed it.
          sink.write((needSeparator ? lineEnding : '') + format.trailingRaw);
        } else if (needSeparator && (format.finalLineEnding ?? true)) sink.write(lineEnding);
        sink.close(options.checkCancelled);
        options.onProgress?.(rows, sink.bytes);
      } catch (e) {
        sink.abort();
        throw e;
      }
    },
    async abort() {
      sink.abort();
    },
  };
}

function padTo(fields: readonly string[], width: number): readonly string[] {
  if (fields.length >= width) return fields;
  return [...fields, ...Array.from({ length: width - fields.length }, () => '')];
}

export interface SuppressionWriter {
  /**
   * One address. `cause` is our reason (the removed list's); `date` as YYYY-MM-DD (default:
   * now); `policyCause` tells what a removal by the user was about, `detail` is the one-line why.
   */
  writeEntry(email: string, cause: string, date?: string, more?: { readonly policyCause?: string; readonly detail?: string }): void;
  close(): Promise<void>;
  abort(): Promise<void>;
  readonly rows: number;
}

/**
 * A suppression list in one service's import shape (shared/suppression-formats.ts; default
 * `email,reason,date`): UTF-8 (no BOM), CRLF. Always safe for spreadsheets:
 * `=cmd|'/Ccalc'!A0@example.com` is a valid address.
 */
export function createSuppressionWriter(path: string, options: { format?: SuppressionFormat; onProgress?: (rows: number, bytes: number) => void } = {}): SuppressionWriter {
  const format = options.format ?? suppressionFormat('generic')!;
  const sink = new Sink(path, 'utf-8', Buffer.alloc(0));
  const now = new Date();
  const line = (cells: readonly string[]) => `${serializeFields(cells.map(neutraliseFormula), format.delimiter, false)}\r\n`;
  let rows = 0;
  if (format.header) sink.write(line(format.header));
  return {
    get rows() { return rows; },
    writeEntry(email, cause, date, more = {}) {
      const c = cause as DecisionCause;
      const entry: SuppressionEntry = {
        email, cause: c, kind: suppressionKind(c, more.policyCause as DecisionCause | undefined), detail: more.detail ?? '',
        at: date ? new Date(`${date}T00:00:00Z`) : now,
      };
      if (sink.write(line(format.row(entry)))) options.onProgress?.(rows + 1, sink.bytes);
      rows++;
    },
    async close() {
      sink.close();
      options.onProgress?.(rows, sink.bytes);
    },
    async abort() {
      sink.abort();
    },
  };
}
