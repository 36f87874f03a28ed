/**
 * Contact lists in: CSV/TSV (any delimiter/encoding, streamed), Excel .xlsx and vCard .vcf.
 * previewContacts() shows what was recognised; openContacts() streams records for import.
 * The file's content decides its kind (a ZIP with xl/ is a workbook whatever its name).
 */
import { basename, extname } from 'node:path';
import { open, stat } from 'node:fs/promises';
import type { ContactFileFormat, ContactImportOptions, ContactPreview } from '../../../shared/contract.js';
import { AppError, listForMessage } from '../../../shared/errors.js';
import { describeBinary, describeFormat, readTable, sniffTable, type TableSniff } from './table.js';
import { ADDRESS_LIKE, detectAddressColumns, detectEmailColumn, MULTI_ADDRESS_SEPARATOR, nameColumns, recognizeExport, splitsAddressCells } from './columns.js';

export interface ContactRecord {
  /** 1-based data row (for vCards: the n-th address row). */
  readonly row: number;
  /** The email cell as written (not normalised). */
  readonly email: string;
  /** The row's cells; from a CSV list read from one plain column only the address cell is sure to be set (the cells are in `raw`). */
  readonly fields: string[];
  /** Exact record text without its line ending (CSV); null for xlsx/vCard. */
  readonly raw: string | null;
  /**
   * Where the address sits, when the list is read from several columns or multi-address cells
   * (one record per address, all of a data row's records in a row): its column, and its place
   * among the cell's " ::: "-joined addresses. Absent for a list read from one plain column.
   */
  readonly at?: { readonly col: number; readonly part: number };
}

export interface ContactReader {
  readonly format: ContactFileFormat;
  readonly headers: string[];
  readonly emailColumn: number;
  /**
   * The columns addresses are read from, in column order, when records carry `at` (several
   * columns, or cells that may hold several addresses); null for one plain column.
   */
  readonly emailColumns: readonly number[] | null;
  /** Address cells may hold several addresses joined by " ::: " (Google Contacts). */
  readonly splitCells: boolean;
  readonly knownExport: string | null;
  /** Exact source text of the header record (CSV only), for byte-faithful export. */
  readonly headerRaw: string | null;
  /** Exact text before the header (LinkedIn's "Notes:" preamble), with line endings; "" when none. */
  readonly preambleRaw: string;
  /** The source ended with a line ending (CSV); the exporter does the same. */
  readonly finalLineEnding: boolean;
  /** Name columns of a recognised export (or guessed from headers), for display. */
  readonly nameColumns: { readonly first: number | null; readonly last: number | null };
  readonly totalBytes: number;
  bytesRead(): number;
  batches(signal?: AbortSignal): AsyncIterable<ContactRecord[]>;
  /** Grows while reading (ragged rows, blank rows…). */
  readonly warnings: string[];
  /** Blank lines after the last record, exactly as in the file (CSV); known once read to the end. */
  readonly trailingRaw: () => string;
}

type Kind = 'csv' | 'xlsx' | 'vcard';

async function sniffKind(path: string): Promise<Kind> {
  let head: Buffer;
  try {
    const fh = await open(path, 'r');
    try {
      const buf = Buffer.alloc(4096);
      const { bytesRead } = await fh.read(buf, 0, 4096, 0);
      head = buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new AppError('not-found', `The file ${path} does not exist (moved or deleted?). Pick it again.`);
    if (code === 'EISDIR') throw new AppError('wrong-file', `${path} is a folder. Pick a CSV, Excel (.xlsx) or vCard (.vcf) file.`);
    throw new AppError('unreadable', `The file ${path} cannot be opened (${code ?? 'error'}). Check that you have permission to read it.`);
  }
  const bin = describeBinary(head);
  if (bin === 'an Excel workbook (.xlsx)') return 'xlsx';
  if (bin) throw new AppError('wrong-file', `This file is ${bin}, not a contact list. Export your contacts as CSV, Excel (.xlsx) or vCard (.vcf) and pick that file.`);
  const text = head.toString('latin1').replace(/^\xef\xbb\xbf/, '').replace(/\x00/g, '').trimStart();
  if (/^BEGIN:VCARD/i.test(text)) return 'vcard';
  const ext = extname(path).toLowerCase();
  if (ext === '.xlsx' || ext === '.xlsm') {
    throw new AppError('wrong-file', 'This file has an Excel name but is not an Excel workbook inside. Open it in Excel and save it as .xlsx or CSV.');
  }
  if (ext === '.vcf' || ext === '.vcard') {
    throw new AppError('wrong-file', 'This file has a .vcf name but no vCard in it (no BEGIN:VCARD line). Export the contacts again as vCard, or pick the CSV export.');
  }
  if (ext === '.xls') throw new AppError('wrong-file', 'This is an old Excel .xls file. Open it in Excel and save it as .xlsx or CSV, then pick that file.');
  return 'csv';
}

const looksLikeAddress = (c: string): boolean => ADDRESS_LIKE.test(c);

/** The email column the caller chose, directly or as the first of its address columns. */
function chosenEmailColumn(options: ContactImportOptions): number | undefined {
  return options.emailColumn ?? (options.emailColumns?.length ? Math.min(...options.emailColumns) : undefined);
}

/**
 * The address columns to read: the caller's set, or the email column alone when only it was
 * chosen, or the detected set. Sorted, within the table, the email column among them.
 */
function addressColumns(options: ContactImportOptions, primary: number, width: number, detect: () => number[]): number[] {
  const chosen = options.emailColumns?.length ? options.emailColumns : options.emailColumn !== undefined ? [primary] : detect();
  return [...new Set([primary, ...chosen])].filter((c) => c < width).sort((a, b) => a - b);
}

/**
 * The records of one data row read from several columns (or multi-address cells): one per
 * address, in column order; a row without any address is one record with an empty address in
 * the email column (so it is still reported, as "no email address").
 */
function addressRecords(out: ContactRecord[], row: number, fields: string[], raw: string | null, cols: readonly number[], split: boolean, primary: number): void {
  const before = out.length;
  for (const col of cols) {
    const cell = fields[col] ?? '';
    if (cell.trim() === '') continue;
    const parts = split ? cell.split(MULTI_ADDRESS_SEPARATOR) : [cell];
    for (let part = 0; part < parts.length; part++) {
      if (parts[part]!.trim() !== '') out.push({ row, email: parts[part]!, fields, raw, at: { col, part } });
    }
  }
  if (out.length === before) out.push({ row, email: '', fields, raw, at: { col: primary, part: 0 } });
}

function noEmailColumn(headers: readonly string[], hasHeader: boolean, firstRow?: readonly string[]): AppError {
  const list = (xs: readonly string[]): string => listForMessage(xs, { quote: true });
  const found = hasHeader ? ` (the columns are ${list(headers)})` : firstRow ? ` (${headers.length} column${headers.length === 1 ? '' : 's'} without a header row; the first row reads ${list(firstRow)})` : '';
  return new AppError('wrong-file', `No column of email addresses was found${found}. `
    + 'If the addresses are there, choose their column in the import preview; otherwise this is not a contact list.');
}

// ---------------------------------------------------------------- CSV

interface CsvOpen {
  sniff: TableSniff;
  emailColumn: number | null;
  emailColumns: number[];
  knownExport: ReturnType<typeof recognizeExport>;
}

async function openCsv(path: string, options: ContactImportOptions): Promise<CsvOpen> {
  const sniff = await sniffTable(path, {
    encoding: options.encoding, delimiter: options.delimiter, hasHeader: options.hasHeader, looksLikeValue: looksLikeAddress,
  });
  const knownExport = sniff.hasHeader ? recognizeExport(sniff.headers) : null;
  const sampleRows = sniff.sample.map((r) => r.fields);
  let emailColumn: number | null = chosenEmailColumn(options) ?? knownExport?.emailColumn ?? detectEmailColumn(sniff.headers, sampleRows, sniff.hasHeader);
  if (emailColumn !== null && emailColumn >= sniff.headers.length) emailColumn = null;
  const primary = emailColumn;
  const emailColumns = primary === null ? []
    : addressColumns(options, primary, sniff.headers.length, () => detectAddressColumns(sniff.headers, sampleRows, sniff.hasHeader, primary, knownExport?.name ?? null));
  return { sniff, emailColumn, emailColumns, knownExport };
}

function csvFormat(s: TableSniff): ContactFileFormat {
  return { kind: 'csv', encoding: s.encoding, encodingConfidence: s.encodingConfidence, bom: s.bom, delimiter: s.delimiter, lineEnding: s.lineEnding, hasHeader: s.hasHeader };
}

function memoryFormat(kind: 'xlsx' | 'vcard', encoding: string): ContactFileFormat {
  return { kind, encoding, encodingConfidence: 'certain', bom: false, delimiter: ',', lineEnding: '\r\n', hasHeader: true };
}

// ---------------------------------------------------------------- in-memory tables (xlsx, vCard)

interface MemoryTable {
  format: ContactFileFormat;
  headers: string[];
  rows: string[][];
  emailColumn: number | null;
  /** Every address column (see ContactReader.emailColumns); [] when there is no email column. */
  emailColumns: number[];
  splitCells: boolean;
  knownExport: string | null;
  nameColumns: { first: number | null; last: number | null };
  sheets: string[];
  warnings: string[];
}

/** Workbooks and vCards are parsed in memory; beyond this they must come as CSV, which streams. */
export const MAX_IN_MEMORY_BYTES = 256 << 20;

async function openMemory(path: string, kind: 'xlsx' | 'vcard', options: ContactImportOptions): Promise<MemoryTable> {
  const size = (await stat(path)).size;
  if (size > MAX_IN_MEMORY_BYTES) {
    throw new AppError('wrong-file', `This ${kind === 'xlsx' ? 'Excel workbook' : 'vCard file'} is ${Math.round(size / (1 << 20))} MB, too large to open whole. `
      + (kind === 'xlsx' ? 'Save the sheet as CSV (File → Save As → CSV UTF-8) and import that; CSV files of any size are read in a stream.' : 'Export the contacts as CSV instead; CSV files of any size are read in a stream.'));
  }
  if (kind === 'vcard') {
    // Loaded only for such a file: a CSV import's reading thread starts ~60 ms sooner without them.
    const { readVcard } = await import('./vcard.js');
    const v = await readVcard(path, options.vcardMode ?? 'all');
    return {
      format: memoryFormat('vcard', v.encoding), headers: v.headers, rows: v.rows, emailColumn: chosenEmailColumn(options) ?? 0,
      emailColumns: [chosenEmailColumn(options) ?? 0], splitCells: false, knownExport: v.knownExport, nameColumns: { first: 2, last: 3 }, sheets: [], warnings: v.warnings,
    };
  }
  const { readXlsx } = await import('./xlsx.js');
  const x = await readXlsx(path, options.sheet);
  const first = x.rows[0] ?? [];
  const hasHeader = options.hasHeader ?? (first.length > 0 && !first.some(looksLikeAddress) && first.some((c) => c.trim() !== ''));
  const width = Math.max(0, ...x.rows.map((r) => r.length));
  const headers = hasHeader ? first.map((h) => h.trim()) : Array.from({ length: width }, (_, i) => `Column ${i + 1}`);
  const rows = hasHeader ? x.rows.slice(1) : x.rows;
  const known = hasHeader ? recognizeExport(headers) : null;
  const emailColumn = chosenEmailColumn(options) ?? known?.emailColumn ?? detectEmailColumn(headers, rows.slice(0, 200), hasHeader);
  const emailColumns = emailColumn === null ? []
    : addressColumns(options, emailColumn, headers.length, () => detectAddressColumns(headers, rows.slice(0, 200), hasHeader, emailColumn, known?.name ?? null));
  return {
    format: { ...memoryFormat('xlsx', 'utf-8'), hasHeader, sheet: x.sheet, columnTypes: x.columnTypes(hasHeader) }, headers, rows, emailColumn, emailColumns, splitCells: splitsAddressCells(known?.name ?? null), knownExport: known?.name ?? null,
    nameColumns: nameColumns(headers, known), sheets: x.sheets, warnings: x.warnings,
  };
}

// ---------------------------------------------------------------- public API

export async function previewContacts(path: string, options: ContactImportOptions = {}): Promise<ContactPreview> {
  const kind = await sniffKind(path);
  const name = basename(path);
  if (kind === 'csv') {
    const { sniff, emailColumn, emailColumns, knownExport } = await openCsv(path, options);
    const warnings = [...sniff.warnings];
    if (sniff.sample.length === 0) warnings.push(sniff.hasHeader ? 'The file has a header row but no contacts under it.' : 'The file has no rows.');
    if (emailColumn === null) warnings.push('No column of email addresses was found. Choose the email column.');
    return {
      path, name, format: csvFormat(sniff), knownExport: knownExport?.name ?? null, headers: sniff.headers,
      rows: sniff.sample.slice(0, 20).map((r) => r.fields), emailColumn, emailColumns, sheets: [], warnings,
      encodingCandidates: sniff.encodingConfidence === 'certain' ? [] : sniff.encodingCandidates,
    };
  }
  const m = await openMemory(path, kind, options);
  const warnings = [...m.warnings];
  if (m.rows.length === 0) warnings.push('The file has no contacts.');
  if (m.emailColumn === null) warnings.push('No column of email addresses was found. Choose the email column.');
  return { path, name, format: m.format, knownExport: m.knownExport, headers: m.headers, rows: m.rows.slice(0, 20), emailColumn: m.emailColumn, emailColumns: m.emailColumns, sheets: m.sheets, warnings, encodingCandidates: [] };
}

export async function openContacts(path: string, options: ContactImportOptions = {}): Promise<ContactReader> {
  const kind = await sniffKind(path);
  if (kind !== 'csv') {
    const m = await openMemory(path, kind, options);
    if (m.rows.length === 0) throw new AppError('wrong-file', m.headers.length && m.format.hasHeader ? 'The file has a header row but no contacts under it. Export the list again with its contacts.' : 'The file holds no contacts.');
    if (m.emailColumn === null || m.emailColumn >= m.headers.length) throw noEmailColumn(m.headers, m.format.hasHeader, m.rows[0]);
    const col = m.emailColumn;
    const multi = m.emailColumns.length > 1 || m.splitCells;
    let read = 0;
    const total = m.rows.length;
    return {
      format: m.format, headers: m.headers, emailColumn: col, emailColumns: multi ? m.emailColumns : null, splitCells: m.splitCells, knownExport: m.knownExport, headerRaw: null, preambleRaw: '',
      finalLineEnding: true, nameColumns: m.nameColumns, totalBytes: total, bytesRead: () => read, warnings: m.warnings,
      trailingRaw: () => '',
      async *batches(signal?: AbortSignal) {
        for (let i = 0; i < m.rows.length; i += 5000) {
          if (signal?.aborted) throw new AppError('cancelled', 'The import was cancelled.');
          const rows = m.rows.slice(i, i + 5000);
          let batch: ContactRecord[];
          if (multi) {
            batch = [];
            for (let j = 0; j < rows.length; j++) addressRecords(batch, i + j + 1, rows[j]!, null, m.emailColumns, m.splitCells, col);
          } else batch = rows.map((fields, j) => ({ row: i + j + 1, email: fields[col] ?? '', fields, raw: null }));
          read = Math.min(total, i + 5000);
          yield batch;
        }
      },
    };
  }

  const { sniff, emailColumn, emailColumns, knownExport } = await openCsv(path, options);
  if (sniff.sample.length === 0) {
    throw new AppError('wrong-file', sniff.hasHeader
      ? `The file has only a header row (${listForMessage(sniff.headers, { max: 6 })}) and no contacts. Export the list again with its contacts.`
      : 'The file has no rows of data.');
  }
  if (emailColumn === null) throw noEmailColumn(sniff.headers, sniff.hasHeader, sniff.sample[0]?.fields);
  const warnings = [...sniff.warnings];
  let read = 0;
  let trailing = '';
  const split = splitsAddressCells(knownExport?.name ?? null);
  // One plain column is the fast path of a million-row list: one record per row, no `at`.
  const multi = emailColumns.length > 1 || split;
  return {
    format: csvFormat(sniff), headers: sniff.headers, emailColumn, emailColumns: multi ? emailColumns : null, splitCells: split, knownExport: knownExport?.name ?? null,
    headerRaw: sniff.headerRaw, preambleRaw: sniff.preambleRaw, finalLineEnding: sniff.finalLineEnding,
    nameColumns: nameColumns(sniff.headers, knownExport), totalBytes: sniff.totalBytes, bytesRead: () => read, warnings,
    trailingRaw: () => trailing,
    async *batches(signal?: AbortSignal) {
      const onTrailing = (t: string) => { trailing = t; };
      const cell = multi ? {} : { cell: emailColumn };
      for await (const batch of readTable(path, sniff, { signal, onProgress: (b) => { read = b; }, onWarning: (w) => warnings.push(w), onTrailing, ...cell })) {
        if (multi) {
          const out: ContactRecord[] = [];
          for (const r of batch) addressRecords(out, r.row, r.fields, r.raw, emailColumns, split, emailColumn);
          yield out;
          continue;
        }
        const out: ContactRecord[] = new Array(batch.length);
        for (let i = 0; i < batch.length; i++) {
          const r = batch[i]!;
          out[i] = { row: r.row, email: r.fields[emailColumn] ?? '', fields: r.fields, raw: r.raw };
        }
        yield out;
      }
    },
  };
}

export { sniffTable, readTable, describeFormat } from './table.js';
export type { TableSniff, TableRecord, TableFormat } from './table.js';
export { detectEmailColumn, recognizeExport } from './columns.js';

/** The format as the sources list shows it: "CSV · UTF-8 · comma · CRLF", "Excel workbook", "vCard". */
export function describeContactFormat(f: ContactFileFormat): string {
  return f.kind === 'csv' ? describeFormat(f) : f.kind === 'xlsx' ? 'Excel workbook' : 'vCard';
}
