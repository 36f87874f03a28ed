/**
 * Excel .xlsx output for the cleaned and removed lists, through write-excel-file (same author
 * as the reader, read-excel-file; one small dependency, fflate). It takes the whole sheet at
 * once, so rows are collected and written on close(); the workbook goes to a temporary file
 * beside the target and is renamed into place, so a cancelled export leaves nothing behind.
 */
import { renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import writeXlsxFile, { type Cell, type Row } from 'write-excel-file/node';
import { AppError } from '../../../shared/errors.js';
import { neutraliseFormula, type ContactWriter, type WriterRecord } from './index.js';

/** Rows in one Excel sheet, header included. */
export const EXCEL_MAX_ROWS = 1_048_576;

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
}

const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?(e[+-]?\d+)?$/i;
// read-excel-file's dates as cellText writes them: a day, or an instant in UTC.
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/;

/** A cell as Excel should hold it; text is never a formula (write-excel-file writes it as a string). */
function typedCell(text: string, type: 'number' | 'date' | 'text' | undefined): Cell {
  if (text === '') return null;
  if (type === 'number' && NUMBER.test(text)) return Number(text);
  if (type === 'date' && DAY.test(text)) return { value: new Date(`${text}T00:00:00Z`), type: Date, format: 'yyyy-mm-dd' };
  if (type === 'date' && INSTANT.test(text)) return { value: new Date(text), type: Date, format: 'yyyy-mm-dd hh:mm:ss' };
  return text;
}

export function createXlsxWriter(path: string, options: XlsxWriterOptions): ContactWriter {
  const extraHeaders = options.extraHeaders ?? [];
  const width = options.headers.length;
  const safe = options.excelSafe ?? false;
  const text = (s: string): string => (safe ? neutraliseFormula(s) : s);
  const types = options.columnTypes ?? [];
  const data: Row[] = [];
  if (options.hasHeader) data.push([...options.headers, ...extraHeaders].map((h) => text(h)));
  let rows = 0;
  let bytes = 0;
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.partial`);

  return {
    get rows() { return rows; },
    get bytes() { return bytes; },
    writeRecord(rec: WriterRecord, extra: readonly string[] = []) {
      if (data.length >= EXCEL_MAX_ROWS) {
        throw new AppError('bad-input', `Excel holds at most ${EXCEL_MAX_ROWS.toLocaleString('en-US')} rows in a sheet and this list has more. Export it as CSV instead (a .csv name).`);
      }
      const fields = rec.fields;
      const row: Row = [];
      for (let i = 0; i < width; i++) row.push(typedCell(text(fields[i] ?? ''), types[i]));
      for (let i = 0; i < extraHeaders.length; i++) row.push(text(extra[i] ?? '') || null);
      data.push(row);
      rows++;
      if (rows % 50_000 === 0) options.onProgress?.(rows, 0);
    },
    async close() {
      try {
        await writeXlsxFile(data, { sheet: options.sheet.slice(0, 31) || 'Sheet1' }).toFile(tmp);
        bytes = statSync(tmp).size;
        renameSync(tmp, path);
      } catch (e) {
        rmSync(tmp, { force: true });
        if (e instanceof AppError) throw e;
        throw new AppError('unreadable', `Cannot write ${basename(path)} (${(e as Error).message}). Pick another folder.`);
      }
      data.length = 0;
      options.onProgress?.(rows, bytes);
    },
    async abort() {
      data.length = 0;
      rmSync(tmp, { force: true });
    },
  };
}
