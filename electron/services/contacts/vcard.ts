/**
 * vCard (.vcf) contacts: 2.1 (Outlook, with QUOTED-PRINTABLE and per-property CHARSET), 3.0
 * (iCloud, Google) and 4.0, parsed by the `vcf` package. It returns 2.1 values raw, so
 * quoted-printable soft line breaks are joined before parsing and values decoded here.
 */
import { readFile } from 'node:fs/promises';
import { isUtf8 } from 'node:buffer';
import vCard from 'vcf';
import { AppError } from '../../../shared/errors.js';
import { makeDecoder } from './table.js';

export const VCARD_HEADERS = ['Email', 'Full Name', 'First Name', 'Last Name', 'Organization', 'Phone', 'Email Type'];

export interface VcardTable {
  headers: string[];
  rows: string[][];
  encoding: string;
  knownExport: string | null;
  warnings: string[];
}

/** Joins quoted-printable soft line breaks ("=" at line end) so each property is one line for the parser. */
function joinSoftBreaks(text: string): string {
  const lines = text.split(/\r\n|\n|\r/);
  const out: string[] = [];
  let qp = false;
  for (const line of lines) {
    const prev = out.length - 1;
    if (qp && prev >= 0 && out[prev]!.endsWith('=')) {
      out[prev] = out[prev]!.slice(0, -1) + line;
    } else {
      out.push(line);
      qp = /^[^:]*;(ENCODING=)?QUOTED-PRINTABLE[;:]/i.test(line);
    }
  }
  return out.join('\r\n');
}

export function decodeQuotedPrintable(value: string, charset: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(value.slice(i + 1, i + 3))) {
      bytes.push(parseInt(value.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      const code = c.charCodeAt(0);
      if (code < 0x80) bytes.push(code);
      else for (const b of new TextEncoder().encode(c)) bytes.push(b);
    }
  }
  let label = 'utf-8';
  try {
    label = new TextDecoder(charset || 'utf-8').encoding;
  } catch {
    label = 'windows-1252';
  }
  return makeDecoder(label).decode(new Uint8Array(bytes));
}

interface Prop {
  valueOf(): unknown;
  type?: string | string[];
  pref?: string;
  charset?: string;
  encoding?: string;
  group?: string;
}

function props(card: { get(name: string): unknown }, name: string): Prop[] {
  const p = card.get(name) as Prop | Prop[] | undefined;
  return p === undefined ? [] : Array.isArray(p) ? p : [p];
}

function text(p: Prop | undefined): string {
  if (!p) return '';
  const v = p.valueOf();
  const raw = Array.isArray(v) ? v.join(';') : String(v ?? '');
  if (p.encoding && /quoted-printable/i.test(p.encoding)) return decodeQuotedPrintable(raw, p.charset ?? 'utf-8');
  return raw;
}

function types(p: Prop): string[] {
  const t = p.type === undefined ? [] : Array.isArray(p.type) ? p.type : [p.type];
  return t.flatMap((x) => String(x).toLowerCase().split(','));
}

function isPreferred(p: Prop): boolean {
  return types(p).includes('pref') || (p.pref !== undefined && p.pref !== '');
}

/** Reads a whole .vcf (contact files are small: a 50k-card iCloud export is a few tens of MB). */
export async function readVcard(path: string, mode: 'all' | 'primary'): Promise<VcardTable> {
  const bytes = await readFile(path);
  const encoding = isUtf8(bytes) ? 'utf-8' : 'windows-1252';
  let src = makeDecoder(encoding).decode(bytes);
  if (!/BEGIN:VCARD/i.test(src.slice(0, 4096))) {
    throw new AppError('wrong-file', 'This file has a .vcf name but no vCard in it (no BEGIN:VCARD line). Export the contacts again as vCard, or pick the CSV export.');
  }
  src = joinSoftBreaks(src);
  let cards: ReturnType<typeof vCard.parse>;
  try {
    cards = vCard.parse(src);
  } catch (e) {
    throw new AppError('unreadable', `The vCard file could not be read (${(e as Error).message}). Export it again from your address book.`);
  }
  const rows: string[][] = [];
  const warnings: string[] = [];
  let noEmail = 0;
  let apple = false;
  for (const card of cards) {
    const prodid = text(props(card, 'prodid')[0]);
    if (/apple|icloud/i.test(prodid)) apple = true;
    const fn = text(props(card, 'fn')[0]);
    const n = text(props(card, 'n')[0]).split(';');
    const org = text(props(card, 'org')[0]).replace(/;+$/, '').replace(/;/g, ', ');
    const tel = text(props(card, 'tel')[0]).replace(/^tel:/i, '');
    const emails = props(card, 'email').filter((p) => text(p).trim() !== '');
    if (emails.length === 0) { noEmail++; continue; }
    const chosen = mode === 'primary' ? [emails.find(isPreferred) ?? emails[0]!] : emails;
    for (const e of chosen) {
      const label = types(e).filter((t) => t !== 'internet' && t !== 'pref').join(', ');
      rows.push([text(e).trim(), fn, n[1] ?? '', n[0] ?? '', org, tel, label]);
    }
  }
  if (cards.length === 0) throw new AppError('wrong-file', 'The vCard file holds no contacts.');
  if (noEmail) warnings.push(`${noEmail} contact${noEmail === 1 ? ' has' : 's have'} no email address and ${noEmail === 1 ? 'was' : 'were'} left out.`);
  return { headers: VCARD_HEADERS, rows, encoding, knownExport: apple ? 'iCloud vCard' : null, warnings };
}
