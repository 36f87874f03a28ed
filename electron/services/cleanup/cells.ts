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
  // Most records are one line of plain or well-quoted cells: split here, as papaparse would, at a
  // fraction of its per-call set-up (a million-row Excel export parses every row).
  if (!raw.includes('\n') && !raw.includes('\r')) {
    const cells = raw.includes('"') ? splitQuoted(raw, delimiter) : raw.split(delimiter);
    if (cells) return cells;
  }
  const parsed = Papa.parse<string[]>(raw, { delimiter, header: false, skipEmptyLines: false });
  // A quoted field may hold line breaks: anything Papa split into several rows is one record here.
  const rows = parsed.data;
  if (rows.length <= 1) return rows[0] ?? [''];
  // Blank lines before a record travel with its text (see TableRecord.raw): the record is the first real row.
  return rows.find((r) => !(r.length === 1 && r[0]!.trim() === '')) ?? rows[0]!;
}

/**
 * The cells of a one-line record whose quotes are all RFC 4180 (a quote opens a cell, two quotes
 * inside stand for one, a quote then the delimiter or the end closes it), or null for anything
 * else, which is left to papaparse.
 */
function splitQuoted(raw: string, delimiter: string): string[] | null {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    if (raw.charCodeAt(i) === 34) {
      let cell = '';
      for (let from = i + 1; ;) {
        const q = raw.indexOf('"', from);
        if (q < 0) return null;
        cell += raw.slice(from, q);
        if (raw.charCodeAt(q + 1) === 34) { cell += '"'; from = q + 2; continue; }
        i = q + 1;
        break;
      }
      out.push(cell);
      if (i === raw.length) return out;
      if (!raw.startsWith(delimiter, i)) return null;
      i += delimiter.length;
    } else {
      const next = raw.indexOf(delimiter, i);
      const cell = next < 0 ? raw.slice(i) : raw.slice(i, next);
      if (cell.includes('"')) return null;
      out.push(cell);
      if (next < 0) return out;
      i = next + delimiter.length;
    }
  }
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

/** One address of a row to take out (`to` null) or correct, at its column and place in the cell. */
export interface AddressEdit {
  readonly col: number;
  readonly part: number;
  readonly to: string | null;
}

/**
 * A row's cells with some of its addresses taken out or corrected. A cell of several addresses
 * (`split`: joined by `separator`) loses only the removed ones and keeps the others exactly as
 * written; a cell whose addresses all went is emptied. A removed address's part of its companion
 * columns (`companions`: its label, type or display name) goes with it when the parts line up.
 */
export function editAddresses(cells: string[], edits: readonly AddressEdit[], split: boolean, separator: string, companions?: (col: number) => readonly number[]): string[] {
  const byCol = new Map<number, AddressEdit[]>();
  for (const e of edits) byCol.set(e.col, [...(byCol.get(e.col) ?? []), e]);
  const cut = (cell: string): string[] => (split ? cell.split(separator) : [cell]);
  for (const [col, list] of byCol) {
    const parts: (string | null)[] = cut(cells[col] ?? '');
    const count = parts.length;
    const removed = new Set<number>();
    for (const e of list) {
      if (e.part >= count || parts[e.part] === null) continue;
      if (e.to === null) removed.add(e.part);
      parts[e.part] = e.to === null ? null : withAddress(parts[e.part]!, e.to);
    }
    cells[col] = parts.filter((x): x is string => x !== null).join(separator);
    if (!removed.size || !companions) continue;
    for (const c of companions(col)) {
      const theirs = cut(cells[c] ?? '');
      if (theirs.length === count) cells[c] = theirs.filter((_, i) => !removed.has(i)).join(separator);
    }
  }
  return cells;
}
