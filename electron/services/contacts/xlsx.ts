/**
 * Excel .xlsx contacts through read-excel-file (first sheet by default, any sheet by name).
 * The workbook is unpacked here, with the caps of archive/unzip (a workbook can be a
 * decompression bomb), and read-excel-file is given those parts repacked uncompressed: its own
 * unzip has no limit. It gives cell values (a formula's saved result) but says nothing about
 * merged cells or formulas without a saved result, so the sheet XML is also looked at directly
 * to warn about those where they matter.
 */
import { zipSync, type Zippable } from 'fflate';
// The universal build reads the ZIP from its central directory (fflate); the node build's
// streaming unzipper never settled on some damaged workbooks (fuzzing found one), hanging the import.
import readXlsxFile from 'read-excel-file/universal';
import { AppError, listForMessage } from '../../../shared/errors.js';
import { InflateLimitError, inflateLimits, readMembers, sizeText, type InflateLimits } from '../archive/unzip.js';

export interface XlsxTable {
  sheets: string[];
  sheet: string;
  rows: string[][];
  warnings: string[];
  /**
   * Per column, what its cells were in the workbook (empty cells aside): all numbers, all dates,
   * else text. `skipFirst` leaves out the header row. Rows are text; an Excel export uses this
   * to write numbers and dates back as such.
   */
  columnTypes(skipFirst: boolean): ColumnType[];
}

export type ColumnType = 'number' | 'date' | 'text';

function colIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** Merged ranges and formula cells without a saved value, from the sheet XML. */
function inspectSheet(files: Map<string, Buffer>, sheetName: string): { merged: { ref: string; r1: number; c1: number; r2: number; c2: number }[]; formulasWithoutValue: string[]; formulas: number } {
  const wb = files.get('xl/workbook.xml')?.toString('utf8') ?? '';
  const rels = files.get('xl/_rels/workbook.xml.rels')?.toString('utf8') ?? '';
  let target: string | null = null;
  for (const m of wb.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
    const name = /\bname="([^"]*)"/.exec(m[0])?.[1];
    const rid = /\br:id="([^"]*)"/.exec(m[0])?.[1] ?? /\bid="([^"]*)"/.exec(m[0])?.[1];
    if (name === undefined || unescapeXml(name) !== sheetName || !rid) continue;
    const rel = [...rels.matchAll(/<Relationship\b[^>]*>/g)].map((x) => x[0]).find((x) => x.includes(`Id="${rid}"`));
    const t = rel ? /Target="([^"]*)"/.exec(rel)?.[1] : undefined;
    if (t) target = t.startsWith('/') ? t.slice(1) : `xl/${t}`;
  }
  const xml = (target && files.get(target)?.toString('utf8')) ?? '';
  const merged = [...xml.matchAll(/<mergeCell\b[^>]*ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"/g)].map((m) => ({
    ref: `${m[1]}${m[2]}:${m[3]}${m[4]}`, c1: colIndex(m[1]!), r1: Number(m[2]) - 1, c2: colIndex(m[3]!), r2: Number(m[4]) - 1,
  }));
  const formulasWithoutValue: string[] = [];
  let formulas = 0;
  for (const m of xml.matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
    const body = m[2] ?? '';
    if (!/<f[\s>/]/.test(body)) continue;
    formulas++;
    if (!/<v>[^<]/.test(body) && !/<is>/.test(body)) formulasWithoutValue.push(/\br="([A-Z]+\d+)"/.exec(m[1] ?? '')?.[1] ?? '?');
  }
  return { merged, formulasWithoutValue, formulas };
}

function unescapeXml(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString().replace(/T00:00:00\.000Z$/, '').replace(/\.000Z$/, 'Z');
  return String(v);
}

/** The parts read-excel-file reads (its own filter: XML and relationships), within the caps. */
async function unpackWorkbook(path: string, limits: InflateLimits): Promise<Map<string, Buffer>> {
  try {
    return await readMembers(path, (n) => n.endsWith('.xml') || n.endsWith('.xml.rels') || n.endsWith('.rels'), limits);
  } catch (e) {
    if (e instanceof InflateLimitError) {
      throw new AppError('wrong-file', e.reason === 'ratio'
        ? `This workbook expands to more than ${e.limits.maxRatio} times its size when unpacked (${e.member}), which real spreadsheets do not do; ListSweep did not open it. If it came from someone you trust, save the sheet as CSV (File → Save As → CSV UTF-8) and import that.`
        : e.reason === 'size'
          ? `This workbook expands to more than ${sizeText(e.limits.maxBytes)} when unpacked, more than ListSweep reads from a workbook. Save the sheet as CSV (File → Save As → CSV UTF-8) and import that; CSV files of any size are read in a stream.`
          : `This workbook holds more than ${e.limits.maxMembers} parts; ListSweep did not open it. Save the sheet as CSV (File → Save As → CSV UTF-8) and import that.`);
    }
    throw new AppError('unreadable', `This Excel file could not be read (${(e as Error).message}). Open it in Excel and save it again, or export the sheet as CSV.`);
  }
}

export async function readXlsx(path: string, sheet?: string, limits: InflateLimits = inflateLimits('workbook')): Promise<XlsxTable> {
  const parts = await unpackWorkbook(path, limits);
  const zippable: Zippable = {};
  for (const [name, bytes] of parts) zippable[name] = [bytes, { level: 0 }];
  let sheets: Awaited<ReturnType<typeof readXlsxFile>>;
  try {
    const zip = zipSync(zippable);
    sheets = await readXlsxFile(zip.buffer.slice(zip.byteOffset, zip.byteOffset + zip.byteLength) as ArrayBuffer);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'XLS_FILE_NOT_SUPPORTED') throw new AppError('wrong-file', 'This is an old Excel .xls file. Open it in Excel and save it as .xlsx or CSV, then pick that file.');
    throw new AppError('unreadable', `This Excel file could not be read (${(e as Error).message}). Open it in Excel and save it again, or export the sheet as CSV.`);
  }
  const names = sheets.map((s) => s.sheet);
  if (names.length === 0) throw new AppError('wrong-file', 'This Excel file has no sheets.');
  const chosen = sheet === undefined ? sheets[0]! : sheets.find((s) => s.sheet === sheet);
  if (!chosen) throw new AppError('bad-input', `The workbook has no sheet named "${sheet}". Its sheets are: ${listForMessage(names)}.`);
  const rows = chosen.data.map((r) => r.map(cellText));
  // Rows of different lengths: pad to the widest so columns line up.
  const width = Math.max(0, ...rows.map((r) => r.length));
  for (const r of rows) while (r.length < width) r.push('');
  const warnings: string[] = [];
  const info = inspectSheet(parts, chosen.sheet);
  const multiRow = info.merged.filter((m) => m.r2 > m.r1);
  if (multiRow.length) {
    const refs = multiRow.slice(0, 3).map((m) => m.ref).join(', ');
    warnings.push(`The sheet has merged cells spanning rows (${refs}${multiRow.length > 3 ? ', …' : ''}): only the first row of each merged block holds the value, the other rows are imported with that cell empty. Unmerge them in Excel (Merge & Center → Unmerge, then fill down) if those rows need the value.`);
  }
  if (info.formulasWithoutValue.length) {
    const refs = info.formulasWithoutValue.slice(0, 3).join(', ');
    warnings.push(`${info.formulasWithoutValue.length} formula cell${info.formulasWithoutValue.length === 1 ? ' has' : 's have'} no saved result (${refs}${info.formulasWithoutValue.length > 3 ? ', …' : ''}), so ${info.formulasWithoutValue.length === 1 ? 'it is' : 'they are'} imported empty. Open the file in Excel, let it recalculate and save it, then import it again.`);
  } else if (info.formulas) {
    warnings.push(`${info.formulas} cell${info.formulas === 1 ? ' is a formula' : 's are formulas'}; the results Excel saved are imported.`);
  }
  const columnTypes = (skipFirst: boolean): ColumnType[] => Array.from({ length: width }, (_, c) => {
    let type: ColumnType | null = null;
    for (let r = skipFirst ? 1 : 0; r < chosen.data.length; r++) {
      const v = chosen.data[r]![c];
      if (v === null || v === undefined || v === '') continue;
      const t: ColumnType = typeof v === 'number' ? 'number' : v instanceof Date ? 'date' : 'text';
      if (type !== null && t !== type) return 'text';
      type = t;
    }
    return type ?? 'text';
  });
  return { sheets: names, sheet: chosen.sheet, rows, warnings, columnTypes };
}
