/**
 * The seams CORE consumes from CONTACTS and ESP (TEAM.md), in one place.
 *
 * INTERIM: until electron/services/contacts/index.ts, shared/email/index.ts and
 * electron/services/bounces/index.ts land, the bodies below adapt CONTACTS' published table
 * reader and the shared classifier to the seam signatures. They are replaced by re-exports.
 */
import { basename } from 'node:path';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { BounceColumnMapping, BounceFilePreview, ContactFileFormat, ContactImportOptions, ContactPreview } from '../../../shared/contract.js';
import type { BounceRecord, EmailCheck } from '../../../shared/types.js';
import { AppError } from '../../../shared/errors.js';
import { classifyBounce } from '../../../shared/bounce/classify.js';
import { readTable, sniffTable, describeFormat } from '../contacts/table.js';

export interface ContactRecord { row: number; email: string; fields: string[]; raw: string | null }
export interface ContactReader {
  format: ContactFileFormat; headers: string[]; emailColumn: number; knownExport: string | null;
  headerRaw: string | null; totalBytes: number; bytesRead(): number;
  batches(signal?: AbortSignal): AsyncIterable<ContactRecord[]>;
  warnings: string[];
}
export interface SourcedBounce { path: string; record: BounceRecord }
export interface ReadBouncesOptions {
  mappings?: Record<string, BounceColumnMapping>; signal?: AbortSignal;
  onProgress?: (p: { done: number; total: number; unit: 'bytes' | 'files' | 'messages' }) => void;
  onWarning?: (w: { path: string; message: string }) => void;
}

const EMAILISH = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

export function normalizeEmail(raw: string): string {
  const s = raw.trim().normalize('NFC').toLowerCase();
  return EMAILISH.test(s) ? s : '';
}

export function checkEmail(raw: string): EmailCheck {
  const n = normalizeEmail(raw);
  return { address: raw, valid: n !== '', normalized: n, suggestion: '', role: false, disposable: false, problem: n ? '' : 'not an address' };
}

function emailColumnOf(headers: string[], sample: string[][]): number {
  const byName = headers.findIndex((h) => /e-?mail/i.test(h));
  if (byName >= 0) return byName;
  const byValue = headers.findIndex((_h, i) => sample.some((r) => EMAILISH.test((r[i] ?? '').trim())));
  return byValue;
}

export async function previewContacts(path: string, options: ContactImportOptions): Promise<ContactPreview> {
  const s = await sniffTable(path, { ...options });
  const col = options.emailColumn ?? emailColumnOf(s.headers, s.sample.map((r) => r.fields));
  return {
    path, name: basename(path),
    format: { kind: 'csv', encoding: s.encoding, encodingConfidence: s.encodingConfidence, bom: s.bom, delimiter: s.delimiter, lineEnding: s.lineEnding, hasHeader: s.hasHeader },
    knownExport: null, headers: s.headers, rows: s.sample.slice(0, 20).map((r) => r.fields),
    emailColumn: col >= 0 ? col : null, sheets: [], warnings: s.warnings,
  };
}

export async function openContacts(path: string, options: ContactImportOptions): Promise<ContactReader> {
  const s = await sniffTable(path, { ...options });
  const col = options.emailColumn ?? emailColumnOf(s.headers, s.sample.map((r) => r.fields));
  if (col < 0) throw new AppError('wrong-file', `${basename(path)} has no column that looks like email addresses.`);
  let read = 0;
  const warnings = [...s.warnings];
  return {
    format: { kind: 'csv', encoding: s.encoding, encodingConfidence: s.encodingConfidence, bom: s.bom, delimiter: s.delimiter, lineEnding: s.lineEnding, hasHeader: s.hasHeader },
    headers: s.headers, emailColumn: col, knownExport: null, headerRaw: s.headerRaw, totalBytes: s.totalBytes,
    bytesRead: () => read, warnings,
    async *batches(signal?: AbortSignal) {
      for await (const batch of readTable(path, s, { signal, onProgress: (b) => { read = b; }, onWarning: (m) => warnings.push(m) })) {
        yield batch.map((r) => ({ row: r.row, email: r.fields[col] ?? '', fields: r.fields, raw: r.raw }));
      }
    },
  };
}

export function describeContactFormat(f: ContactFileFormat): string {
  return f.kind === 'csv' ? describeFormat(f) : f.kind === 'xlsx' ? 'Excel workbook' : 'vCard';
}

function expand(paths: string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    let st;
    try { st = statSync(p); } catch { throw new AppError('not-found', `${p} does not exist.`); }
    if (st.isDirectory()) out.push(...expand(readdirSync(p).sort().map((n) => join(p, n))));
    else out.push(p);
  }
  return out;
}

export async function previewBounces(paths: string[]): Promise<BounceFilePreview[]> {
  const out: BounceFilePreview[] = [];
  for (const p of expand(paths)) {
    const s = await sniffTable(p);
    out.push({ path: p, name: basename(p), kind: 'spreadsheet', provider: 'generic', description: 'Spreadsheet', records: null, headers: s.headers, rows: s.sample.slice(0, 10).map((r) => r.fields), warnings: s.warnings });
  }
  return out;
}

export async function* readBounces(paths: string[], opts: ReadBouncesOptions): AsyncIterable<SourcedBounce[]> {
  for (const p of expand(paths)) {
    const s = await sniffTable(p);
    const find = (re: RegExp) => s.headers.findIndex((h) => re.test(h));
    const ci = { email: find(/e-?mail/i), code: find(/smtp|reply|code/i), status: find(/status/i), diag: find(/diag|reason|message/i), date: find(/date|_at$|time/i), camp: find(/campaign/i) };
    if (ci.email < 0) { opts.onWarning?.({ path: p, message: 'no email column' }); continue; }
    for await (const batch of readTable(p, s, { signal: opts.signal })) {
      yield batch.map((r) => {
        const f = (i: number) => (i >= 0 ? (r.fields[i] ?? '').trim() : '');
        const c = classifyBounce({ replyCode: f(ci.code), status: f(ci.status), diagnostic: f(ci.diag) });
        const record: BounceRecord = { email: f(ci.email), verdict: c.verdict, reason: c.reason, status: c.status, replyCode: c.replyCode, diagnostic: f(ci.diag), provider: 'generic', sourceIndex: r.row, occurredAt: f(ci.date) || undefined, campaign: f(ci.camp) || undefined };
        return { path: p, record };
      });
    }
  }
}

// ---------------------------------------------------------------- writers (INTERIM, UTF-8 only)
import { createWriteStream } from 'node:fs';
import Papa from 'papaparse';

export interface ExportShape {
  readonly format: ContactFileFormat;
  readonly headers: readonly string[];
  readonly headerRaw: string | null;
}
export interface ExportRow { readonly fields: readonly string[]; readonly raw: string | null }
export interface RemovedRow extends ExportRow { readonly reason: string; readonly detail: string }
export type ExportEncoding = 'source' | 'utf-8' | 'utf-8-bom';

async function writeLines(path: string, bom: boolean, lines: AsyncIterable<string[]>): Promise<number> {
  const out = createWriteStream(path);
  let n = 0;
  if (bom) out.write('\uFEFF');
  for await (const chunk of lines) {
    if (!out.write(chunk.join(''))) await new Promise<void>((r) => out.once('drain', () => r()));
    n += chunk.length;
  }
  await new Promise<void>((res, rej) => out.end((e?: Error | null) => (e ? rej(e) : res())));
  return n;
}

function csvLine(fields: readonly string[], shape: ExportShape): string {
  return Papa.unparse([fields as string[]], { delimiter: shape.format.delimiter, newline: shape.format.lineEnding, header: false });
}

export async function writeCleaned(path: string, shape: ExportShape, rows: AsyncIterable<ExportRow[]>, encoding: ExportEncoding): Promise<number> {
  const eol = shape.format.lineEnding;
  async function* lines() {
    yield [(shape.headerRaw ?? csvLine(shape.headers, shape)) + eol];
    for await (const batch of rows) yield batch.map((r) => (r.raw ?? csvLine(r.fields, shape)) + eol);
  }
  return (await writeLines(path, encoding === 'utf-8-bom' || (encoding === 'source' && shape.format.bom), lines())) - 1;
}

export async function writeRemoved(path: string, shape: ExportShape, rows: AsyncIterable<RemovedRow[]>, encoding: ExportEncoding): Promise<number> {
  const eol = shape.format.lineEnding;
  async function* lines() {
    yield [csvLine([...shape.headers, 'listsweep_reason', 'listsweep_detail'], shape) + eol];
    for await (const batch of rows) yield batch.map((r) => csvLine([...r.fields, r.reason, r.detail], shape) + eol);
  }
  return (await writeLines(path, encoding === 'utf-8-bom' || (encoding === 'source' && shape.format.bom), lines())) - 1;
}

export async function writeSuppression(path: string, rows: AsyncIterable<{ email: string; reason: string }[]>, encoding: ExportEncoding): Promise<number> {
  const shape: ExportShape = { format: { kind: 'csv', encoding: 'utf-8', encodingConfidence: 'certain', bom: false, delimiter: ',', lineEnding: '\r\n', hasHeader: true }, headers: [], headerRaw: null };
  async function* lines() {
    yield ['email,reason\r\n'];
    for await (const batch of rows) yield batch.map((r) => csvLine([r.email, r.reason], shape) + '\r\n');
  }
  return (await writeLines(path, encoding === 'utf-8-bom', lines())) - 1;
}
