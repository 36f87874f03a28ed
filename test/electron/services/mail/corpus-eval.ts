/**
 * Runs the mail reader over the labelled Sisimai corpus and scores it. Shared by the corpus
 * test (which enforces the targets) and the dump script (which MAIL-CLASSIFY tunes with).
 */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { BounceRecord } from '../../../../shared/types.js';
import { readMail } from '../../../../electron/services/mail/index.js';
import { corpus } from '../../../corpus.js';
import { normalizeDiagnostic, textSays } from '../../../../shared/bounce/rules.js';

export interface LabelRow { index: number; recipient?: string; status: string | null; replyCode: string | null; reason: string; hardBounce: boolean; feedbackType: string | null }
export interface Label { file: string; engine: string; recipients: LabelRow[] }

/** The external corpus (test/corpus.ts says where it is looked for); '' when absent. */
export const corpusDir = corpus.dir ?? '';
export const corpusAvailable = corpus.dir !== null;

/** Where labels.json and the messages are: the corpus by default, or the repository's fixtures. */
export interface LabelledSet { labels: string; eml: string }
const CORPUS: LabelledSet = { labels: join(corpusDir, 'labels.json'), eml: join(corpusDir, 'eml') };

/**
 * `expected` is Sisimai's label; `convention` is the same label read under ListSweep's verdict
 * convention, where issue 11 parts ways with Sisimai on purpose (see shared/reasons.ts
 * verdictForReason and shared/bounce/classify.ts): a disabled account refused with a permanent
 * code or none is hard; "no such user" wording is userunknown at any SMTP step (Sisimai files it
 * under filtered after DATA); a delay or queue-too-long report whose mentioned cause is network
 * or server trouble is expired. Both scores are printed.
 */
export interface Row { file: string; engine: string; expected: LabelRow; convention: LabelRow; got: BounceRecord | null }
export interface Evaluation {
  rows: Row[];
  falseRecipients: { file: string; email: string }[];
  warnings: string[];
  messages: number;
}

export async function loadLabels(set: LabelledSet = CORPUS): Promise<Label[]> {
  return JSON.parse(await readFile(set.labels, 'utf8')) as Label[];
}

export async function readCorpusFile(file: string, set: LabelledSet = CORPUS): Promise<{ records: BounceRecord[]; warnings: string[]; text: string }> {
  const path = join(set.eml, file);
  const bytes = await readFile(path);
  const warnings: string[] = [];
  // through the app's entry point: some samples are mboxes holding more than one report
  const records: BounceRecord[] = [];
  for await (const batch of readMail(path, { onWarning: (w) => warnings.push(`${file}: ${w.message}`) })) records.push(...batch);
  return { records, warnings, text: bytes.toString('latin1').toLowerCase() };
}

function occursIn(text: string, address: string): boolean {
  const a = address.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?:^|[^a-z0-9._%+=-])${a}`).test(text);
}

export async function evaluate(set: LabelledSet = CORPUS): Promise<Evaluation> {
  const labels = await loadLabels(set);
  const rows: Row[] = [];
  const falseRecipients: { file: string; email: string }[] = [];
  const warnings: string[] = [];
  for (const label of labels) {
    const { records, warnings: w, text } = await readCorpusFile(label.file, set);
    warnings.push(...w);
    const used = new Set<number>();
    const matchOf: (number | -1)[] = label.recipients.map((r) => {
      if (!r.recipient) return -1;
      // Sisimai labels the Final-Recipient; the reader reports the Original-Recipient of a
      // forwarded alias (the list's address) and keeps the final one beside it.
      const i = records.findIndex((rec, k) => !used.has(k) && [rec.email, rec.finalRecipient].some((a) => a?.toLowerCase() === r.recipient?.toLowerCase()));
      if (i >= 0) used.add(i);
      return i;
    });
    label.recipients.forEach((r, n) => {
      let i = matchOf[n] ?? -1;
      // No address in the label, or one that occurs nowhere in the message (the collectors
      // anonymised the text and the expectation differently, or Sisimai made up a placeholder):
      // match by position.
      if (i < 0 && (!r.recipient || !occursIn(text, r.recipient))) {
        const k = r.index - 1;
        if (k < records.length && !used.has(k)) { i = k; used.add(k); }
      }
      rows.push({ file: label.file, engine: label.engine, expected: r, convention: byConvention(r, text), got: i >= 0 ? (records[i] ?? null) : null });
    });
    records.forEach((rec, k) => { if (!used.has(k)) falseRecipients.push({ file: label.file, email: rec.email }); });
  }
  return { rows, falseRecipients, warnings, messages: labels.length };
}

const DELAYED = /^action:\s*delayed/m;
const QUEUE_TOO_LONG = /in the queue too long/;

/** Sisimai's label under ListSweep's convention (see Row); reads only the label and the raw message. */
export function byConvention(r: LabelRow, text: string): LabelRow {
  const code = `${r.status ?? ''}${r.replyCode ?? ''}`;
  if (r.reason === 'suspend') return { ...r, hardBounce: !code.startsWith('4') && !/\btemporar/.test(text) };
  if (r.reason === 'filtered') {
    // the whole message (normalizeDiagnostic keeps only a diagnostic's first 4000 characters)
    const t = normalizeDiagnostic(text.slice(0, 3000)) + ' ' + text.replace(/\s+/g, ' ');
    if (textSays('userunknown', t) && !textSays('filtered', t)) return { ...r, reason: 'userunknown', hardBounce: true };
  }
  if ((r.reason === 'networkerror' || r.reason === 'systemerror') && (DELAYED.test(text) || QUEUE_TOO_LONG.test(text))) return { ...r, reason: 'expired' };
  return r;
}

export interface Scores { total: number; found: number; foundPct: number; falseCount: number; hardPct: number; reasonPct: number; confusion: [string, number][]; sisimaiHardPct: number; sisimaiReasonPct: number; departures: number }

export function score(e: Evaluation): Scores {
  const total = e.rows.length;
  let found = 0, hard = 0, reason = 0, sHard = 0, sReason = 0, departures = 0;
  const confusion = new Map<string, number>();
  for (const r of e.rows) {
    if (r.got) found++;
    const gotHard = r.got?.verdict === 'hard';
    if (r.convention !== r.expected) departures++;
    if (r.got && gotHard === r.expected.hardBounce) sHard++;
    if (r.got && r.got.reason === r.expected.reason) sReason++;
    if (r.got && gotHard === r.convention.hardBounce) hard++;
    if (r.got && r.got.reason === r.convention.reason) reason++;
    else {
      const k = `${r.convention.reason} -> ${r.got ? r.got.reason : '(missing)'}`;
      confusion.set(k, (confusion.get(k) ?? 0) + 1);
    }
  }
  const pct = (n: number): number => Math.round((1000 * n) / Math.max(1, total)) / 10;
  return { total, found, foundPct: pct(found), falseCount: e.falseRecipients.length, hardPct: pct(hard), reasonPct: pct(reason), sisimaiHardPct: pct(sHard), sisimaiReasonPct: pct(sReason), departures, confusion: [...confusion].sort((a, b) => b[1] - a[1]) };
}

export function table(e: Evaluation, s: Scores): string {
  const byEngine = new Map<string, { n: number; found: number; reason: number }>();
  for (const r of e.rows) {
    const x = byEngine.get(r.engine) ?? { n: 0, found: 0, reason: 0 };
    x.n++;
    if (r.got) x.found++;
    if (r.got?.reason === r.convention.reason) x.reason++;
    byEngine.set(r.engine, x);
  }
  const lines = [
    `Mail reader on the Sisimai corpus (${e.messages} messages, ${s.total} labelled recipients)`,
    `  recipients found     ${s.found}/${s.total} = ${s.foundPct}%   (target >= 99.5%)`,
    `  false recipients     ${s.falseCount}   (target 0)`,
    `  hard vs not-hard     ${s.hardPct}%   (target >= 99%)`,
    `  reason agreement     ${s.reasonPct}%   (target >= 96%)`,
    `  (${s.departures} labels read under ListSweep's convention; against Sisimai's labels as they are: hard ${s.sisimaiHardPct}%, reason ${s.sisimaiReasonPct}%)`,
    '',
    'Confusion of misses (expected -> got: rows)',
    ...s.confusion.map(([k, n]) => `  ${k}: ${n}`),
    '',
    'False recipients (file: address)',
    ...e.falseRecipients.map((f) => `  ${f.file}: ${f.email}`),
    '',
    'Per engine (rows, found, reason ok) where not perfect',
    ...[...byEngine].filter(([, x]) => x.found < x.n || x.reason < x.n).sort((a, b) => (b[1].n - b[1].reason) - (a[1].n - a[1].reason)).map(([k, x]) => `  ${k.padEnd(18)} ${x.n}\t${x.found}\t${x.reason}`),
  ];
  return lines.join('\n');
}

export async function listEml(): Promise<string[]> {
  return (await readdir(join(corpusDir, 'eml'))).filter((f) => f.endsWith('.eml')).sort();
}
