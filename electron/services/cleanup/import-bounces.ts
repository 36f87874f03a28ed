/**
 * The bounce import job (runs in a worker). Reads files and folders through ESP's dispatcher,
 * stores every record with the file it came from, then re-decides only the contacts whose
 * address got new bounces. One transaction: cancel or failure leaves the cleanup untouched.
 */
import { basename, relative, sep } from 'node:path';
import { foldWal, openStore } from '../store/index.js';
import { AppError, listForMessage } from '../../../shared/errors.js';
import type { BounceColumnMapping } from '../../../shared/contract.js';
import type { TaskContext, TaskResult } from '../jobs/protocol.js';
// Not through deps.ts, which also brings the contact readers.
import { readBounces } from '../bounces/index.js';
import { normalizeEmail } from '../../../shared/email/index.js';
import { readPolicy, recomputeNorms, toHistory } from './recompute.js';
import type { HistoryBounce } from '../../../shared/policy.js';
import { storeReviewFigures } from './review-figures.js';
import { threadClock } from '../jobs/clock.js';

export interface ImportBouncesPayload {
  readonly paths: readonly string[];
  readonly mappings: Record<string, BounceColumnMapping>;
}

export interface ImportBouncesResult {
  readonly records: number;
  readonly addresses: number;
  /** How many of those addresses are on the cleanup's contact lists. */
  readonly onLists: number;
  readonly contactsAffected: number;
  readonly unreadable: number;
  /**
   * Where the time went, for the bench (LISTSWEEP_STATS): CPU ms (threadClock) reading and
   * classifying the files, storing the records, and re-deciding the contacts they touch (with
   * the commit).
   */
  readonly timings: { readonly readMs: number; readonly storeMs: number; readonly decideMs: number };
}

interface SourceAcc { id: number; path: string; records: number; providers: Map<string, number>; warnings: string[] }

export function domainOf(norm: string): string {
  const at = norm.lastIndexOf('@');
  return at >= 0 ? norm.slice(at + 1) : '';
}

export async function importBounces(ctx: TaskContext, payload: unknown): Promise<TaskResult> {
  const { paths, mappings } = payload as ImportBouncesPayload;
  const db = openStore(ctx.dbPath, { cacheMb: 32, noAutoCheckpoint: true });
  const warnings: string[] = [];
  let unreadable = 0;
  const clock = threadClock();
  try {
    const policy = readPolicy(db);
    db.exec('BEGIN IMMEDIATE');
    try {
      const now = new Date().toISOString();
      const addSource = db.prepare("INSERT INTO sources (kind, name, path, format, imported_at) VALUES ('bounces', ?, ?, '', ?)");
      const sources: SourceAcc[] = paths.map((p) => ({ id: Number(addSource.run(basename(p), p, now).lastInsertRowid), path: p, records: 0, providers: new Map(), warnings: [] }));
      const sourceFor = (file: string): SourceAcc =>
        sources.find((s) => file === s.path || file.startsWith(s.path.endsWith(sep) ? s.path : s.path + sep)) ?? sources[0]!;
      const insert = db.prepare(`INSERT INTO bounces (source_id, file, source_index, email, email_norm, domain, verdict, reason, status, reply_code,
        diagnostic, provider, occurred_at, campaign, message_id, feedback_type, provider_type, disagreement, evidence, delayed, final_recipient)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
      // What recomputeNorms would otherwise read back: each stored record as history, by address.
      // Bounces imported before any list have no contact to re-decide: their addresses are kept
      // without histories (read when the list comes). 30 MB less at 50,000 rows.
      const hasContacts = db.prepare('SELECT 1 FROM contacts LIMIT 1').get() !== undefined;
      const fresh = new Map<string, HistoryBounce[]>();
      let fromId = 0;
      let records = 0;
      let lastProgress: { done: number; total: number; unit: 'bytes' | 'files' | 'messages' } = { done: 0, total: 0, unit: 'files' };
      const iter = readBounces([...paths], {
        mappings, signal: ctx.signal, ...(ctx.workerUrl ? { workerUrl: ctx.workerUrl } : {}),
        onProgress: (p) => { lastProgress = p; ctx.progress('Reading', p.done, p.total, p.unit); },
        onWarning: (w) => {
          // Notes ("12 non-bounce records skipped") are not unreadable files.
          if (w.skippedFile) unreadable++;
          const msg = `${basename(w.path)}: ${w.message}`;
          warnings.push(msg);
          sourceFor(w.path).warnings.push(msg);
        },
      });
      let readMs = 0;
      let storeMs = 0;
      let mark = clock.now();
      for await (const batch of iter) {
        const stored = clock.now();
        readMs += stored - mark;
        ctx.checkCancelled();
        for (const { path: file, record: r } of batch) {
          const s = sourceFor(file);
          const norm = normalizeEmail(r.email);
          const rel = file === s.path ? basename(file) : relative(s.path, file) || basename(file);
          const id = Number(insert.run(s.id, rel, r.sourceIndex, r.email, norm, domainOf(norm), r.verdict, r.reason, r.status, r.replyCode, r.diagnostic,
            r.provider, r.occurredAt ?? null, r.campaign ?? null, r.messageId ?? null, r.feedbackType ?? null, r.providerType ?? null,
            r.disagreement ?? null, r.evidence ?? null, r.delayed ? 1 : 0, r.finalRecipient ?? null).lastInsertRowid);
          if (records === 0) fromId = id;
          s.records++;
          s.providers.set(r.provider, (s.providers.get(r.provider) ?? 0) + 1);
          if (norm) {
            let list = fresh.get(norm);
            if (!list) fresh.set(norm, (list = []));
            if (hasContacts) list.push(toHistory({ id, email_norm: norm, verdict: r.verdict, reason: r.reason, status: r.status, reply_code: r.replyCode, diagnostic: r.diagnostic,
              occurred_at: r.occurredAt ?? null, campaign: r.campaign ?? null, source_index: r.sourceIndex, file: rel, disagreement: r.disagreement ?? null, delayed: r.delayed ? 1 : 0 }));
          }
          records++;
        }
        ctx.progress('Reading', lastProgress.done, lastProgress.total, lastProgress.unit);
        mark = clock.now();
        storeMs += mark - stored;
      }
      readMs += clock.now() - mark;
      ctx.checkCancelled();
      if (records === 0) {
        throw new AppError('wrong-file', `No bounce records found in ${listForMessage(paths.map((p) => basename(p)))}${warnings.length ? ` (${warnings[0]})` : ''}.`);
      }
      const update = db.prepare('UPDATE sources SET rows = ?, format = ?, provider = ?, warnings = ? WHERE id = ?');
      const drop = db.prepare('DELETE FROM sources WHERE id = ?');
      for (const s of sources) {
        if (s.records === 0) { drop.run(s.id); warnings.push(`${basename(s.path)}: no bounce records found.`); continue; }
        const provs = [...s.providers.entries()].sort((a, b) => b[1] - a[1]);
        const format = provs.map(([p, n]) => (provs.length > 1 ? `${p} (${n})` : p)).join(', ');
        update.run(s.records, format, provs[0]![0], JSON.stringify(s.warnings), s.id);
      }
      const deciding = clock.now();
      ctx.progress('Deciding', 0, fresh.size, 'rows');
      const { rows: contactsAffected, addresses: onLists } = hasContacts
        ? recomputeNorms(db, fresh.keys(), policy, { fromId, histories: fresh })
        : { rows: 0, addresses: 0 };
      ctx.checkCancelled();
      storeReviewFigures(db);
      db.exec('COMMIT');
      const timings = { readMs, storeMs, decideMs: clock.now() - deciding };
      const result: ImportBouncesResult = { records, addresses: fresh.size, onLists, contactsAffected, unreadable, timings };
      return {
        summary: importSummary(result, hasContacts),
        warnings,
        result,
        afterwards: () => foldWal(ctx.dbPath),
      };
    } catch (e) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw e;
    }
  } finally {
    db.close();
    clock.close();
  }
}

const count = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/**
 * "N records, M addresses, K of them on your lists", and when none is, why that may be: the
 * figures the user checks an import by are about their contacts, not the export's size.
 */
export function importSummary(r: Pick<ImportBouncesResult, 'records' | 'addresses' | 'onLists' | 'unreadable'>, hasContacts: boolean): string {
  const unreadable = r.unreadable ? ` ${count(r.unreadable, 'file')} could not be read.` : '';
  const head = `Imported ${count(r.records, 'bounce record')} for ${count(r.addresses, 'address', 'addresses')}`;
  if (!hasContacts) return `${head}. No contact list is imported yet: they will be matched against it when you import one.${unreadable}`;
  if (r.onLists === 0) {
    return `${head}, none of them on your contact lists: nothing changed. Were these bounces from a campaign sent to another list or account, ` +
      `or is this the export you meant? Compare a few addresses of the file with your list.${unreadable}`;
  }
  const all = r.onLists === r.addresses && r.addresses > 1 ? 'all' : r.onLists.toLocaleString('en-US');
  return `${head}, ${all} of them on your contact lists.${unreadable}`;
}
