/**
 * The contact import job (runs in a worker). Reads the file through CONTACTS' reader, checks
 * every address, finds duplicates (against every list already in the cleanup), applies the
 * policy with the bounce history already stored, and writes it all in ONE transaction: a
 * cancelled or failed import leaves the cleanup exactly as it was.
 */
import { basename } from 'node:path';
import { openStore, type Db } from '../store/index.js';
import { AppError } from '../../../shared/errors.js';
import type { ContactImportOptions } from '../../../shared/contract.js';
import { decide } from '../../../shared/policy.js';
import type { TaskContext, TaskResult } from '../jobs/protocol.js';
import { checkEmail, describeContactFormat, openContacts } from './deps.js';
import { historyStats, loadHistories, readPolicy } from './recompute.js';
import { FirstSeen } from './first-seen.js';

export interface ImportContactsPayload {
  readonly path: string;
  readonly options: ContactImportOptions;
}

export interface ImportContactsResult {
  readonly sourceId: number;
  readonly rows: number;
  readonly invalid: number;
  readonly duplicates: number;
}

/** From this file size on, the indexes are rebuilt once instead of updated per row. */
const REBUILD_INDEX_BYTES = 8 * 1024 * 1024;

export async function importContacts(ctx: TaskContext, payload: unknown): Promise<TaskResult> {
  const { path, options } = payload as ImportContactsPayload;
  const reader = await openContacts(path, options);
  ctx.checkCancelled();
  const db = openStore(ctx.dbPath, { cacheMb: 32 });
  try {
    return await importInto(db, ctx, path, reader);
  } finally {
    db.close();
  }
}

async function importInto(db: Db, ctx: TaskContext, path: string, reader: Awaited<ReturnType<typeof openContacts>>): Promise<TaskResult> {
  const policy = readPolicy(db);
  const histories = loadHistories(db);
  // First row of every normalised address already in the cleanup: duplicates span lists.
  const normOf = db.prepare('SELECT email_norm FROM contacts WHERE id = ?').pluck();
  const seen = new FirstSeen((id) => normOf.get(id) as string | undefined);
  const earlier = db.prepare("SELECT email_norm AS n, min(id) AS id FROM contacts WHERE email_norm <> '' GROUP BY email_norm").all() as { n: string; id: number }[];
  for (const r of earlier) seen.firstOrAdd(r.n, r.id);
  const firstOf = db.prepare('SELECT c.row, s.name FROM contacts c JOIN sources s ON s.id = c.source_id WHERE c.id = ?');
  const name = basename(path);

  db.exec('BEGIN IMMEDIATE');
  try {
    const sourceId = Number(db.prepare(`INSERT INTO sources (kind, name, path, format, format_json, header_raw, headers, email_column, known_export, imported_at)
      VALUES ('contacts', ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
      name, path, describeContactFormat(reader.format) + (reader.knownExport ? ` · ${reader.knownExport}` : ''),
      JSON.stringify({ ...reader.format, preambleRaw: reader.preambleRaw, finalLineEnding: reader.finalLineEnding }), reader.headerRaw, JSON.stringify(reader.headers), reader.emailColumn, reader.knownExport,
      new Date().toISOString(),
    ).lastInsertRowid);
    const firstId = ((db.prepare('SELECT max(id) AS m FROM contacts').get() as { m: number | null }).m ?? 0) + 1;
    // A big import rebuilds the indexes once at the end (a sort) instead of updating them per row.
    const rebuild = reader.totalBytes >= REBUILD_INDEX_BYTES;
    if (rebuild) db.exec('DROP INDEX contacts_norm; DROP INDEX contacts_decision; DROP INDEX contacts_cause; DROP INDEX contacts_reason;');

    const insert = db.prepare(`INSERT INTO contacts (id, source_id, row, email_raw, email_norm, raw, fields, valid, problem, duplicate_of,
      suggestion, role, disposable, bounces, last_diagnostic, policy_decision, policy_cause, reason, detail, decision, cause)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    // Rows of this import by id, so a duplicate can name the row it repeats without a query.
    const rowsHere: number[] = [];
    let id = firstId;
    let invalid = 0;
    let duplicates = 0;
    for await (const batch of reader.batches(ctx.signal)) {
      ctx.checkCancelled();
      for (const rec of batch) {
        const check = checkEmail(rec.email);
        const norm = check.normalized;
        let dup: number | undefined;
        if (norm) {
          dup = seen.firstOrAdd(norm, id);
        }
        let duplicateOf: { row: number; source: string } | null = null;
        if (dup !== undefined) {
          duplicates++;
          if (dup >= firstId) duplicateOf = { row: rowsHere[dup - firstId]!, source: name };
          else {
            const f = firstOf.get(dup) as { row: number; name: string };
            duplicateOf = { row: f.row, source: f.name };
          }
        }
        if (!check.valid) invalid++;
        const h = norm ? histories.get(norm) ?? [] : [];
        const o = decide({ valid: check.valid, problem: check.problem, suggestion: check.suggestion, duplicateOf, role: check.role, disposable: check.disposable, override: null }, h, policy);
        const s = h.length ? historyStats(h) : { bounces: 0, lastDiagnostic: '' };
        insert.run(id, sourceId, rec.row, rec.email, norm, rec.raw, rec.raw === null ? JSON.stringify(rec.fields) : null, check.valid ? 1 : 0, check.problem, dup ?? null,
          check.suggestion, check.role ? 1 : 0, check.disposable ? 1 : 0, s.bounces, s.lastDiagnostic,
          o.policyDecision, o.policyCause, o.reason, o.detail, o.decision, o.cause);
        rowsHere.push(rec.row);
        id++;
      }
      ctx.progress('Reading', reader.bytesRead(), reader.totalBytes, 'bytes');
    }
    ctx.checkCancelled();
    const rows = id - firstId;
    if (rows === 0) throw new AppError('wrong-file', `${name} has no data rows: only a header, or nothing at all.`);
    if (rebuild) {
      ctx.progress('Indexing', reader.totalBytes, reader.totalBytes, 'bytes');
      db.exec(`CREATE INDEX contacts_norm ON contacts (email_norm); CREATE INDEX contacts_decision ON contacts (decision);
        CREATE INDEX contacts_cause ON contacts (cause);
        CREATE INDEX contacts_reason ON contacts (reason, email_norm) WHERE reason IS NOT NULL;`);
    }
    db.prepare('UPDATE sources SET rows = ?, first_id = ?, last_id = ?, warnings = ? WHERE id = ?')
      .run(rows, firstId, id - 1, JSON.stringify(reader.warnings), sourceId);
    ctx.checkCancelled();
    db.exec('COMMIT');
    // Fold the write-ahead log into the file here, off the main thread; otherwise the app's
    // next small write would pay for copying hundreds of megabytes.
    db.pragma('wal_checkpoint(TRUNCATE)');
    const result: ImportContactsResult = { sourceId, rows, invalid, duplicates };
    return {
      summary: `Imported ${rows.toLocaleString('en-US')} contacts from ${name} (${invalid} invalid, ${duplicates} duplicates).`,
      warnings: reader.warnings,
      result,
    };
  } catch (e) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw e;
  }
}
