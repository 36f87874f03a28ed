/**
 * The seams CORE consumes from CONTACTS and ESP (TEAM.md), in one place, so the rest of the
 * cleanup code names one module. Readers and hygiene are theirs; CORE adds nothing here.
 */
import { createWriteStream } from 'node:fs';
import Papa from 'papaparse';
import { describeFormat } from '../contacts/table.js';
import type { ContactFileFormat } from '../../../shared/contract.js';

export { previewContacts, openContacts, type ContactReader, type ContactRecord } from '../contacts/index.js';
export { checkEmail, normalizeEmail } from '../../../shared/email/index.js';
export { previewBounces, readBounces, headerKey, type SourcedBounce, type ReadBouncesOptions } from '../bounces/index.js';

export function describeContactFormat(f: ContactFileFormat): string {
  return f.kind === 'csv' ? describeFormat(f) : f.kind === 'xlsx' ? 'Excel workbook' : 'vCard';
}

// ---------------------------------------------------------------- writers (INTERIM until CONTACTS' export lands; UTF-8 only)

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
