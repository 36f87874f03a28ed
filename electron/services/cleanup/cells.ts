/**
 * A contact row's cells. CSV rows are stored once, as their exact source text (for the
 * byte-faithful export), and parsed back with papaparse only when one row is shown or a row
 * must be re-shaped; xlsx/vCard rows have no source text and keep their cells as JSON.
 */
import Papa from 'papaparse';
import { unwrapAddress } from '../../../shared/email/index.js';

export function cellsOf(raw: string | null, fields: string | null, delimiter: string): string[] {
  if (fields !== null) return JSON.parse(fields) as string[];
  if (raw === null) return [];
  const parsed = Papa.parse<string[]>(raw, { delimiter, header: false, skipEmptyLines: false });
  // A quoted field may hold line breaks: anything Papa split into several rows is one record here.
  const rows = parsed.data;
  if (rows.length <= 1) return rows[0] ?? [''];
  // Blank lines before a record travel with its text (see TableRecord.raw): the record is the first real row.
  return rows.find((r) => !(r.length === 1 && r[0]!.trim() === '')) ?? rows[0]!;
}

/**
 * The email cell with its address replaced by a corrected one, keeping what was around it
 * ("Ann Lee <ann@gmial.com>" becomes "Ann Lee <ann@gmail.com>"). When the address cannot be found
 * as written (a percent-encoded mailto:, a different Unicode form), the cell becomes the address.
 */
export function withAddress(cell: string, address: string): string {
  const inner = unwrapAddress(cell);
  const at = inner ? cell.indexOf(inner) : -1;
  return at >= 0 ? cell.slice(0, at) + address + cell.slice(at + inner.length) : address;
}
