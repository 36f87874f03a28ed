/**
 * The export job (runs in a worker, read-only on the cleanup): the cleaned list in the first
 * contact source's own shape, the removed rows with listsweep_reason + listsweep_detail, or a
 * suppression list. Written to a temporary file next to the target and renamed at the end,
 * so a cancelled or failed export never leaves half a file under the user's name.
 */
import { basename } from 'node:path';
import { renameSync, rmSync } from 'node:fs';
import { openStore, type Db } from '../store/index.js';
import { AppError } from '../../../shared/errors.js';
import type { ContactFileFormat } from '../../../shared/contract.js';
import type { TaskContext, TaskResult } from '../jobs/protocol.js';
import { writeCleaned, writeRemoved, writeSuppression, type ExportEncoding, type ExportRow, type ExportShape, type RemovedRow } from './deps.js';

export interface ExportPayload {
  readonly kind: 'cleaned' | 'removed' | 'suppression';
  readonly path: string;
  readonly encoding: ExportEncoding;
}

interface SourceRow { id: number; name: string; format_json: string; headers: string; header_raw: string | null }
interface Row { id: number; source_id: number; raw: string | null; fields: string; email_raw: string; email_norm: string; cause: string; policy_cause: string; decision: string; detail: string }

const BATCH = 5000;

export async function exportList(ctx: TaskContext, payload: unknown): Promise<TaskResult> {
  const p = payload as ExportPayload;
  const db = openStore(ctx.dbPath, { readonly: true });
  const tmp = `${p.path}.listsweep-part`;
  try {
    const sources = db.prepare("SELECT id, name, format_json, headers, header_raw FROM sources WHERE kind = 'contacts' ORDER BY id").all() as SourceRow[];
    if (sources.length === 0) throw new AppError('bad-input', 'There is no contact list in this cleanup yet: import one before exporting.');
    const first = sources[0]!;
    const shape: ExportShape = { format: JSON.parse(first.format_json) as ContactFileFormat, headers: JSON.parse(first.headers) as string[], headerRaw: first.header_raw };
    const warnings: string[] = [];
    // Rows of a list with other columns are re-shaped by header name into the first list's columns.
    const remap = new Map<number, number[] | null>();
    for (const s of sources) {
      const h = JSON.parse(s.headers) as string[];
      const same = h.length === shape.headers.length && h.every((x, i) => x === shape.headers[i]);
      remap.set(s.id, same ? null : shape.headers.map((x) => h.indexOf(x)));
      if (!same) warnings.push(`${s.name} has other columns than ${first.name}; its rows were written in ${first.name}'s columns (columns it lacks are empty).`);
    }
    const total = (db.prepare(`SELECT count(*) AS n FROM contacts WHERE ${whereFor(p.kind)}`).get() as { n: number }).n;
    const toExport = (r: Row): ExportRow => {
      const m = remap.get(r.source_id);
      const fields = JSON.parse(r.fields) as string[];
      return m ? { fields: m.map((i) => (i >= 0 ? fields[i] ?? '' : '')), raw: null } : { fields, raw: r.raw };
    };
    let done = 0;
    async function* batches<T>(map: (r: Row) => T): AsyncIterable<T[]> {
      for (const rows of pages(db, p.kind)) {
        ctx.checkCancelled();
        done += rows.length;
        ctx.progress('Writing', done, total, 'rows');
        yield rows.map(map);
      }
    }
    let written: number;
    if (p.kind === 'cleaned') written = await writeCleaned(tmp, shape, batches(toExport), p.encoding);
    else if (p.kind === 'removed') {
      written = await writeRemoved(tmp, shape, batches((r): RemovedRow => ({ ...toExport(r), reason: r.cause === 'override' ? 'override' : r.cause, detail: r.cause === 'override' ? `removed by you (policy: ${r.detail})` : r.detail })), p.encoding);
    } else {
      // One line per address: the suppression list is about addresses, not rows.
      const seen = new Set<string>();
      written = await writeSuppression(tmp, suppressionRows(batches((r) => r), seen), p.encoding);
    }
    ctx.checkCancelled();
    renameSync(tmp, p.path);
    return { summary: `Wrote ${written.toLocaleString('en-US')} ${p.kind === 'suppression' ? 'addresses' : 'rows'} to ${basename(p.path)}.`, warnings, result: { written } };
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  } finally {
    db.close();
  }
}

async function* suppressionRows(rows: AsyncIterable<Row[]>, seen: Set<string>): AsyncIterable<{ email: string; reason: string }[]> {
  for await (const batch of rows) {
    const out: { email: string; reason: string }[] = [];
    for (const r of batch) {
      // Invalid addresses cannot be suppressed (an ESP would reject the line); duplicates once.
      if (!r.email_norm || seen.has(r.email_norm) || r.cause === 'duplicate') continue;
      seen.add(r.email_norm);
      out.push({ email: r.email_norm, reason: r.cause });
    }
    if (out.length) yield out;
  }
}

function whereFor(kind: ExportPayload['kind']): string {
  return kind === 'cleaned' ? "decision IN ('keep', 'watch')" : "decision = 'remove'";
}

function* pages(db: Db, kind: ExportPayload['kind']): Generator<Row[]> {
  const st = db.prepare(`SELECT id, source_id, raw, fields, email_raw, email_norm, cause, policy_cause, decision, detail FROM contacts
    WHERE id > ? AND ${whereFor(kind)} ORDER BY id LIMIT ${BATCH}`);
  let after = 0;
  for (;;) {
    const rows = st.all(after) as Row[];
    if (rows.length === 0) return;
    yield rows;
    after = rows[rows.length - 1]!.id;
  }
}
