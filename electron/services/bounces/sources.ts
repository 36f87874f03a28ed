/**
 * Spreadsheet and JSON bounce files: recognise the provider (or fall back to the generic column
 * mapping), preview, and stream BounceRecords. Mail goes to MAIL's reader (see index.ts).
 */
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import type { BounceColumnMapping, BounceFilePreview } from '../../../shared/contract.js';
import { AppError, listForMessage } from '../../../shared/errors.js';
import {
  buildRecord, describeMapping, inferDayFirst, detectColumns, detectHeaders, detectRecord, detectRecords, hasBounceColumns, isObj, isSkip, keySet,
  mapGenericRow, mappingProblem, unwrapRecords, type Detection, type MapResult, type Obj,
} from '../../../shared/esp/index.js';
import { ses } from '../../../shared/esp/providers-transactional.js';
import type { BounceRecord } from '../../../shared/types.js';
import { chunkDecoder, looksLikeHeader, readTable, sniffTable, type TableSniff } from '../contacts/table.js';
import type { Entry } from './expand.js';
import { JsonSplitter } from './json-stream.js';

export interface SourcedBounce {
  path: string;
  record: BounceRecord;
}

/** Files up to this size are read whole at preview time so the record count is exact. */
export const COUNT_LIMIT = 16 * 1024 * 1024;
const SAMPLE_RECORDS = 200;
const PREVIEW_ROWS = 20;

// ---------------------------------------------------------------- tallies for descriptions and warnings

export class Tally {
  bounces = 0;
  records = 0;
  readonly skipped = new Map<string, number>();
  readonly others = new Map<string, number>();
  noAddress = 0;
  unrecognised = 0;
  badLines = 0;
  firstBadLines: number[] = [];

  skip(what: string): void {
    this.skipped.set(what, (this.skipped.get(what) ?? 0) + 1);
  }

  get skippedTotal(): number {
    let n = 0;
    for (const v of this.skipped.values()) n += v;
    return n;
  }

  /** "12 non-bounce events skipped (delivered 8, open 4)" or "". */
  describeSkips(): string {
    const n = this.skippedTotal;
    if (!n) return '';
    const top = [...this.skipped].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([k, v]) => `${k} ${v}`).join(', ');
    return `${n.toLocaleString('en-US')} non-bounce record${n === 1 ? '' : 's'} skipped (${top}${this.skipped.size > 5 ? ', …' : ''})`;
  }

  warnings(): string[] {
    const w: string[] = [];
    const s = this.describeSkips();
    if (s) w.push(`${s}: they never make an address bounce.`);
    if (this.noAddress) w.push(`${this.noAddress.toLocaleString('en-US')} record${this.noAddress === 1 ? '' : 's'} without an email address skipped.`);
    if (this.unrecognised) w.push(`${this.unrecognised.toLocaleString('en-US')} record${this.unrecognised === 1 ? ' is' : 's are'} in no known format and were skipped.`);
    for (const [name, n] of this.others) w.push(`${n.toLocaleString('en-US')} record${n === 1 ? '' : 's'} in ${name}'s format (mixed with the rest of the file) read as ${name}.`);
    if (this.badLines) w.push(`${this.badLines.toLocaleString('en-US')} line${this.badLines === 1 ? ' is' : 's are'} not valid JSON and were skipped (line ${this.firstBadLines.join(', ')}${this.badLines > this.firstBadLines.length ? ', …' : ''}).`);
    return w;
  }
}

/** Turns a mapper's result into records (or tallies the skip). */
function emit(res: MapResult, providerId: string, providerName: string, index: number, path: string, tally: Tally, out: SourcedBounce[]): void {
  tally.records++;
  if (isSkip(res)) {
    tally.skip(res.skip);
    return;
  }
  for (const d of res) {
    if (!d.email || !d.email.trim()) {
      tally.noAddress++;
      continue;
    }
    tally.bounces++;
    out.push({ path, record: buildRecord(d, providerId, providerName, index) });
  }
}

// ---------------------------------------------------------------- a plan: what a file is and how to read it

/**
 * A recognised export the user mapped by hand keeps its provider's reading (verdict, reason,
 * date…, which a plain column mapping cannot express: Mailchimp's cleaned file has no type
 * column, its verdict is the file itself); only the addresses come from the chosen column.
 */
export type Plan =
  | { how: 'provider'; detection: Detection; headerless?: boolean; email?: { column: number; key: string } }
  | { how: 'generic'; mapping: BounceColumnMapping; headers: string[]; dayFirst: boolean };

interface Sheet {
  headers: string[];
  hasHeader: boolean;
  sample: string[][];
  warnings: string[];
  format: string;
  delimiter?: string;
  batches(signal: AbortSignal | undefined, onBytes: (n: number) => void): AsyncGenerator<{ row: number; fields: string[] }[]>;
}

async function openSheet(entry: Entry & { type: 'table' | 'xlsx' }): Promise<Sheet> {
  if (entry.type === 'xlsx') {
    // Loaded only for a workbook: a CSV or mail import starts without the zip and sheet readers.
    const { readXlsx } = await import('../contacts/xlsx.js');
    const t = await readXlsx(entry.path);
    const rows = t.rows.filter((r) => r.some((c) => c.trim() !== ''));
    const first = rows[0] ?? [];
    const hasHeader = looksLikeHeader(first, rows.slice(1, 51));
    const data = hasHeader ? rows.slice(1) : rows;
    const headers = hasHeader ? first.map((h) => h.trim()) : first.map((_, i) => `Column ${i + 1}`);
    return {
      headers, hasHeader, sample: data.slice(0, 50), warnings: t.warnings, format: `Excel sheet "${t.sheet}"`,
      async *batches(_signal, onBytes) {
        for (let i = 0; i < data.length; i += 5000) yield data.slice(i, i + 5000).map((fields, k) => ({ row: i + k + 1, fields }));
        onBytes(entry.bytes);
      },
    };
  }
  const sniff: TableSniff = await sniffTable(entry.path, { sampleRows: 50 });
  const warnings = [...sniff.warnings];
  return {
    headers: sniff.headers, hasHeader: sniff.hasHeader, sample: sniff.sample.map((r) => r.fields), warnings,
    format: sniff.delimiter === '\t' ? 'TSV' : 'CSV',
    delimiter: sniff.delimiter,
    async *batches(signal, onBytes) {
      for await (const b of readTable(entry.path, sniff, { signal, onProgress: (n) => onBytes(n), onWarning: (m) => warnings.push(m) })) yield b;
    },
  };
}

function rowObject(headers: readonly string[], fields: readonly string[], headerless: boolean): Obj {
  const o: Obj = {};
  for (let i = 0; i < fields.length; i++) {
    const k = headerless ? String(i) : (headers[i] ?? String(i));
    if (!(k in o)) o[k] = fields[i];
  }
  return o;
}

const NO_EMAIL = 'No email column was found. A bounce spreadsheet needs a column of addresses (a header such as Email, E-mail, Recipient or Address, or cells that hold addresses) and at least one of: SMTP reply code, enhanced status code, diagnostic text, bounce type.';
const NO_BOUNCE = (cols: string) => `This sheet has an email column but nothing that says how the mail bounced (found: ${cols}). Expected at least one of: SMTP reply code (550), enhanced status (5.1.1), diagnostic text, or a bounce type/status column (hard, soft, complaint, unsubscribed…). If this is a contact list, import it as contacts instead.`;

function planSheet(sheet: Sheet, mapping: BounceColumnMapping | undefined, name: string): Plan {
  const recognised = sheet.hasHeader ? detectHeaders(sheet.headers) : null;
  if (mapping && recognised && !recognised.provider.contactLists?.includes(recognised.format)) {
    const problem = mappingProblem({ email: mapping.email }, sheet.headers.length);
    if (problem) throw new AppError('bad-input', `The email column chosen for ${name} does not fit the file: ${problem}.`);
    return { how: 'provider', detection: recognised, email: { column: mapping.email, key: sheet.headers[mapping.email] ?? '' } };
  }
  if (mapping) {
    const problem = mappingProblem(mapping, Math.max(sheet.headers.length, ...sheet.sample.map((r) => r.length)));
    if (problem) throw new AppError('bad-input', `The column mapping for ${name} does not fit the file: ${problem}.`);
    return { how: 'generic', mapping, headers: sheet.headers, dayFirst: dayFirstOf(sheet.sample, mapping, sheet.delimiter) };
  }
  if (!sheet.hasHeader && sheet.headers.length === 2 && sheet.sample.length && sheet.sample.every((r) => /^(BOUNCE|COMPLAINT)$/.test((r[1] ?? '').trim()))) {
    return { how: 'provider', detection: { provider: ses, format: 'suppression list' }, headerless: true };
  }
  if (recognised) {
    const d = recognised;
    if (d.provider.contactLists?.includes(d.format)) {
      throw new AppError('wrong-file', `${name} is a ${d.provider.name} ${d.format}: a contact list, not bounce data. Import it as contacts; for bounces use ${d.provider.id === 'mailchimp' ? "the cleaned and unsubscribed files of Mailchimp's export" : `a ${d.provider.name} export with its bounce or suppression columns`}.`);
    }
    return { how: 'provider', detection: d };
  }
  const m = detectColumns(sheet.headers, sheet.sample);
  if (!m && sheet.headers.length === 1 && sheet.sample.every((r) => r.length <= 1)) {
    throw new AppError('wrong-file', `${name} is plain text with one column, not a table of bounces. Expected a bounce export (CSV/TSV with an email column, Excel, JSON) or bounce messages (.eml, .mbox).`);
  }
  if (!m) throw new AppError('wrong-file', `${name}: ${NO_EMAIL}`);
  if (!hasBounceColumns(m)) throw new AppError('wrong-file', `${name}: ${NO_BOUNCE(listForMessage(sheet.headers))}`);
  return { how: 'generic', mapping: m, headers: sheet.headers, dayFirst: dayFirstOf(sheet.sample, m, sheet.delimiter) };
}

function dayFirstOf(rows: readonly (readonly string[])[], m: BounceColumnMapping, delimiter?: string): boolean {
  return m.date === undefined ? false : inferDayFirst(rows.map((r) => r[m.date!] ?? ''), delimiter);
}

function mapRow(plan: Plan, headers: readonly string[], fields: readonly string[], row: number, path: string, tally: Tally, out: SourcedBounce[]): void {
  if (plan.how === 'generic') {
    emit(mapGenericRow(fields, plan.mapping, plan), 'generic', 'the file', row, path, tally, out);
    return;
  }
  const { provider, format } = plan.detection;
  const res = provider.map(rowObject(headers, fields, plan.headerless ?? false), format);
  emit(plan.email ? withEmail(res, fields[plan.email.column] ?? '') : res, provider.id, provider.name, row, path, tally, out);
}

/** The provider's reading of a record, with the address from the column the user chose. */
function withEmail(res: MapResult, email: unknown): MapResult {
  return isSkip(res) ? res : res.map((d) => ({ ...d, email: typeof email === 'string' ? email : '' }));
}

// ---------------------------------------------------------------- JSON and NDJSON

async function* textChunks(path: string, signal: AbortSignal | undefined, onBytes: (n: number) => void): AsyncGenerator<string> {
  const decode = chunkDecoder('utf-8');
  const decodeAt = (bytes: Uint8Array, final: boolean, at: number): string => {
    try {
      return decode(bytes, final);
    } catch {
      throw new AppError('unreadable', `${basename(path)} is not valid UTF-8 near byte ${at}; JSON exports are UTF-8. Nothing from it was imported.`);
    }
  };
  let done = 0;
  let first = true;
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (signal?.aborted) throw new AppError('cancelled', 'The import was cancelled.');
      done += chunk.length;
      let text = decodeAt(chunk, false, done - chunk.length);
      if (first) {
        text = text.replace(/^\uFEFF/, '');
        first = false;
      }
      onBytes(done);
      if (text) yield text;
    }
    // The last bytes held back as the start of a sequence may be invalid too (a cut file).
    const rest = decodeAt(new Uint8Array(0), true, done);
    if (rest) yield rest;
  } finally {
    stream.destroy();
  }
}

/** Records (unwrapped from pages and envelopes) of a JSON or NDJSON file, in batches. */
async function* jsonRecords(entry: Entry & { type: 'json' | 'ndjson' }, tally: Tally, signal?: AbortSignal, onBytes: (n: number) => void = () => {}): AsyncGenerator<Obj[]> {
  if (entry.type === 'json') {
    const sp = new JsonSplitter();
    for await (const text of textChunks(entry.path, signal, onBytes)) {
      const items = sp.push(text);
      if (items.length) yield items.flatMap((it) => unwrapRecords(it.value));
    }
    const last = sp.end();
    if (last.length) yield last.flatMap((it) => unwrapRecords(it.value));
    return;
  }
  let carry = '';
  let line = 0;
  const parseLines = (text: string): Obj[] => {
    const out: Obj[] = [];
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) break;
      one(text.slice(start, nl), out);
      start = nl + 1;
    }
    carry = text.slice(start);
    return out;
  };
  const one = (l: string, out: Obj[]) => {
    line++;
    const t = l.trim();
    if (!t) return;
    try {
      unwrapRecords(JSON.parse(t), out);
    } catch {
      tally.badLines++;
      if (tally.firstBadLines.length < 3) tally.firstBadLines.push(line);
      // A file whose opening lines are all broken is not an event log that lost a line.
      if (line >= 20 && tally.badLines * 2 > line) throw new AppError('unreadable', `${basename(entry.shownAs ?? entry.path)} is not one JSON event per line: ${tally.badLines} of the first ${line} lines are not valid JSON. Nothing from it was imported.`);
    }
  };
  for await (const text of textChunks(entry.path, signal, onBytes)) {
    const recs = parseLines(carry + text);
    if (recs.length) yield recs;
  }
  const out: Obj[] = [];
  if (carry.trim()) one(carry, out);
  if (out.length) yield out;
}

async function sampleJson(entry: Entry & { type: 'json' | 'ndjson' }, max: number): Promise<{ sample: Obj[]; complete: boolean }> {
  const sample: Obj[] = [];
  const tally = new Tally();
  const it = jsonRecords(entry, tally);
  let complete = true;
  try {
    for await (const batch of it) {
      sample.push(...batch.filter(isObj));
      if (sample.length >= max) {
        complete = false;
        break;
      }
    }
  } finally {
    await it.return(undefined);
  }
  return { sample: sample.slice(0, max), complete };
}

/** A JSON sample as a table (keys of the first records as headers), for the generic path and the preview. */
function jsonAsTable(sample: readonly Obj[]): { headers: string[]; rows: string[][] } {
  const headers: string[] = [];
  const seen = new Set<string>();
  for (const r of sample.slice(0, 50)) for (const k of Object.keys(r)) if (!seen.has(k)) { seen.add(k); headers.push(k); }
  return { headers, rows: sample.map((r) => jsonCells(r, headers)) };
}

/** Preview cells stay short: a nested SES `mail` object is not worth kilobytes over IPC. */
function previewCells(rows: string[][]): string[][] {
  return rows.map((r) => r.map((c) => (c.length > 300 ? `${c.slice(0, 299)}…` : c)));
}

function jsonCells(r: Obj, headers: readonly string[]): string[] {
  return headers.map((h) => {
    const v = r[h];
    return v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  });
}

function planJson(sample: readonly Obj[], mapping: BounceColumnMapping | undefined, name: string): Plan {
  const table = jsonAsTable(sample);
  const recognised = sample.length ? detectRecords(sample) : null;
  if (mapping && recognised) {
    const problem = mappingProblem({ email: mapping.email }, table.headers.length);
    if (problem) throw new AppError('bad-input', `The email field chosen for ${name} does not fit the file: ${problem}.`);
    return { how: 'provider', detection: recognised, email: { column: mapping.email, key: table.headers[mapping.email] ?? '' } };
  }
  if (mapping) {
    const problem = mappingProblem(mapping, table.headers.length);
    if (problem) throw new AppError('bad-input', `The field mapping for ${name} does not fit the file: ${problem}.`);
    return { how: 'generic', mapping, headers: table.headers, dayFirst: dayFirstOf(table.rows, mapping) };
  }
  if (!sample.length) throw new AppError('wrong-file', `${name} holds no records. Expected a JSON array of bounce events, an API page such as {"items": […]}, or one event per line.`);
  if (recognised) return { how: 'provider', detection: recognised };
  const m = detectColumns(table.headers, table.rows);
  if (m && hasBounceColumns(m)) return { how: 'generic', mapping: m, headers: table.headers, dayFirst: dayFirstOf(table.rows, m) };
  const keys = listForMessage(table.headers, { max: 12 });
  throw new AppError('wrong-file', `${name} is JSON but not bounce data. Expected ESP bounce or suppression records (SendGrid, Mailgun, Amazon SES, Postmark, SparkPost, Mailjet, Brevo, Resend events; pages such as {"items": […]}) or records with an email field and a code, status, reason or bounce-type field. Its records have the fields: ${keys || '(none)'}.`);
}

function mapJson(plan: Plan, r: Obj, index: number, path: string, tally: Tally, out: SourcedBounce[], keyCache: Map<string, ReadonlySet<string>>): void {
  if (plan.how === 'generic') {
    emit(mapGenericRow(jsonCells(r, plan.headers), plan.mapping, plan), 'generic', 'the file', index, path, tally, out);
    return;
  }
  const { provider, format } = plan.detection;
  const sig = Object.keys(r).join('\u0001');
  let keys = keyCache.get(sig);
  if (!keys) {
    keys = keySet(Object.keys(r));
    if (keyCache.size < 1000) keyCache.set(sig, keys);
  }
  const pick = (res: MapResult): MapResult => (plan.email ? withEmail(res, r[plan.email.key]) : res);
  if (provider.fromRecord?.(r, keys) === format) {
    emit(pick(provider.map(r, format)), provider.id, provider.name, index, path, tally, out);
    return;
  }
  // A record of another shape: another provider's (mixed log) or nothing we know.
  const other = detectRecord(r);
  if (!other) {
    tally.records++;
    tally.unrecognised++;
    return;
  }
  if (other.provider !== provider) tally.others.set(other.provider.name, (tally.others.get(other.provider.name) ?? 0) + 1);
  emit(pick(other.provider.map(r, other.format)), other.provider.id, other.provider.name, index, path, tally, out);
}

// ---------------------------------------------------------------- the per-file source

export interface FileSource {
  preview: BounceFilePreview;
  read(opts: { signal?: AbortSignal; onBytes: (n: number) => void; onWarning: (m: string) => void; batchSize: number }): AsyncGenerator<SourcedBounce[]>;
}

function label(plan: Plan): { provider: string; what: string } {
  if (plan.how === 'generic') return { provider: 'generic', what: `columns detected (${describeMapping(plan.mapping)})` };
  return { provider: plan.detection.provider.id, what: `${plan.detection.provider.name} ${plan.detection.format}` };
}

function describe(kind: 'spreadsheet' | 'json', plan: Plan, records: number | null, tally: Tally | null, sampled: number): string {
  const l = label(plan);
  const head = plan.how === 'generic' ? `${kind === 'json' ? 'JSON' : 'Spreadsheet'}: ${l.what}`
    : `Recognised: ${l.what}${plan.email ? `, addresses from "${plan.email.key || `column ${plan.email.column + 1}`}" as you chose` : ''}`;
  const parts = [head];
  if (records !== null) parts.push(`${records.toLocaleString('en-US')} record${records === 1 ? '' : 's'}`);
  const skips = tally?.describeSkips();
  if (skips) parts.push(records === null ? `${skips} in the first ${sampled} records` : skips);
  return parts.join(', ');
}

/** Plans a spreadsheet or JSON file (throws AppError when it is not bounce data) and returns its source. */
export async function openSource(entry: Entry & { type: 'table' | 'xlsx' | 'json' | 'ndjson' }, mapping: BounceColumnMapping | undefined, full: boolean): Promise<FileSource> {
  const shown = entry.shownAs ?? entry.path;
  const name = basename(shown);
  if (entry.type === 'json' || entry.type === 'ndjson') {
    const { sample, complete } = await sampleJson(entry, SAMPLE_RECORDS);
    const plan = planJson(sample, mapping, name);
    // Count by mapping: whole file when small (exact), else the sample.
    const tally = new Tally();
    const sink: SourcedBounce[] = [];
    const cache = new Map<string, ReadonlySet<string>>();
    const { read, keep } = addressSample();
    let index = 0;
    if (full && (complete || entry.bytes <= COUNT_LIMIT)) {
      for await (const batch of jsonRecords(entry, tally)) for (const r of batch) { index++; if (isObj(r)) mapJson(plan, r, index, shown, tally, sink, cache); keep(sink); }
    } else for (const r of sample) { index++; mapJson(plan, r, index, shown, tally, sink, cache); keep(sink); }
    const exact = full && (complete || entry.bytes <= COUNT_LIMIT);
    const table = jsonAsTable(sample.slice(0, PREVIEW_ROWS));
    const emailColumn = plan.how === 'provider' ? plan.email?.column ?? columnHolding(jsonAsTable(sample).rows, read) : undefined;
    if (exact && tally.bounces === 0) throw noBouncesError(name, plan, tally);
    const preview: BounceFilePreview = {
      path: shown, name, kind: 'json', provider: label(plan).provider,
      description: describe('json', plan, exact ? tally.bounces : null, tally, sample.length),
      records: exact ? tally.bounces : null,
      ...(plan.how === 'generic' ? { headers: plan.headers, rows: previewCells(table.rows.map((r) => r.slice(0, plan.headers.length))), mapping: plan.mapping } : { headers: table.headers, rows: previewCells(table.rows) }),
      ...(emailColumn !== undefined ? { emailColumn } : {}),
      warnings: exact ? tally.warnings() : [],
    };
    return {
      preview,
      async *read({ signal, onBytes, onWarning, batchSize }) {
        const t = new Tally();
        const c = new Map<string, ReadonlySet<string>>();
        let out: SourcedBounce[] = [];
        let i = 0;
        for await (const batch of jsonRecords(entry, t, signal, onBytes)) {
          for (const r of batch) {
            i++;
            if (isObj(r)) mapJson(plan, r, i, shown, t, out, c);
            if (out.length >= batchSize) { yield out; out = []; }
          }
        }
        if (out.length) yield out;
        if (t.bounces === 0) throw noBouncesError(name, plan, t);
        for (const w of t.warnings()) onWarning(w);
      },
    };
  }

  const sheet = await openSheet(entry);
  const plan = planSheet(sheet, mapping, name);
  const tally = new Tally();
  const sink: SourcedBounce[] = [];
  const headers = sheet.headers;
  const exact = full && entry.bytes <= COUNT_LIMIT;
  const { read, keep } = addressSample();
  if (exact) {
    for await (const b of sheet.batches(undefined, () => {})) for (const r of b) { mapRow(plan, headers, r.fields, r.row, shown, tally, sink); keep(sink); }
    if (tally.bounces === 0) throw noBouncesError(name, plan, tally);
  } else {
    sheet.sample.forEach((f, i) => { mapRow(plan, headers, f, i + 1, shown, tally, sink); keep(sink); });
  }
  const emailColumn = plan.how === 'provider' ? plan.email?.column ?? columnHolding(sheet.sample, read) : undefined;
  const preview: BounceFilePreview = {
    path: shown, name, kind: 'spreadsheet', provider: label(plan).provider,
    description: describe('spreadsheet', plan, exact ? tally.bounces : null, tally, sheet.sample.length),
    records: exact ? tally.bounces : null,
    headers, rows: previewCells(sheet.sample.slice(0, PREVIEW_ROWS)),
    ...(plan.how === 'generic' ? { mapping: plan.mapping } : {}),
    ...(emailColumn !== undefined ? { emailColumn } : {}),
    warnings: [...sheet.warnings, ...(exact ? tally.warnings() : [])],
  };
  return {
    preview,
    async *read({ signal, onBytes, onWarning, batchSize }) {
      const t = new Tally();
      let out: SourcedBounce[] = [];
      for await (const b of sheet.batches(signal, onBytes)) {
        for (const r of b) {
          mapRow(plan, headers, r.fields, r.row, shown, t, out);
          if (out.length >= batchSize) { yield out; out = []; }
        }
      }
      if (out.length) yield out;
      if (t.bounces === 0) throw noBouncesError(name, plan, t);
      for (const w of [...sheet.warnings, ...t.warnings()]) onWarning(w);
    },
  };
}

/** The first addresses a preview read (then the sink is emptied: a preview only counts). */
function addressSample(): { read: string[]; keep: (sink: SourcedBounce[]) => void } {
  const read: string[] = [];
  return {
    read,
    keep(sink) {
      for (const b of sink) if (read.length < 50) read.push(b.record.email.toLowerCase());
      sink.length = 0;
    },
  };
}

/** The column whose cells are the addresses a reader took, so the preview can show it; undefined when none is. */
function columnHolding(rows: readonly (readonly string[])[], emails: readonly string[]): number | undefined {
  const want = new Set(emails);
  if (!want.size) return undefined;
  const width = Math.max(0, ...rows.map((r) => r.length));
  let best: { col: number; hits: number } | undefined;
  for (let c = 0; c < width; c++) {
    let hits = 0;
    for (const r of rows) if (want.has((r[c] ?? '').trim().toLowerCase())) hits++;
    if (hits && (!best || hits > best.hits)) best = { col: c, hits };
  }
  return best?.col;
}

function noBouncesError(name: string, plan: Plan, t: Tally): AppError {
  const l = label(plan);
  const why = t.records === 0 ? 'it has no data rows' : t.describeSkips() || (t.noAddress ? `none of its ${t.records} records has an email address` : `none of its ${t.records} records is a bounce`);
  return new AppError('wrong-file', `${name} (${plan.how === 'generic' ? 'generic sheet' : l.what}) holds no bounces: ${why}. Expected bounce, complaint or unsubscribe records.`);
}
