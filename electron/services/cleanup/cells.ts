/**
 * A contact row's cells. CSV rows are stored once, as their exact source text (for the
 * byte-faithful export), and parsed back with papaparse only when one row is shown or a row
 * must be re-shaped; xlsx/vCard rows have no source text and keep their cells as JSON.
 */
import Papa from 'papaparse';

export function cellsOf(raw: string | null, fields: string | null, delimiter: string): string[] {
  if (fields !== null) return JSON.parse(fields) as string[];
  if (raw === null) return [];
  const parsed = Papa.parse<string[]>(raw, { delimiter, header: false, skipEmptyLines: false });
  // A quoted field may hold line breaks: anything Papa split into several rows is one record here.
  const rows = parsed.data;
  if (rows.length <= 1) return rows[0] ?? [''];
  return rows[0]!;
}
