/**
 * Migration 13 rebuilds the contacts table only to write its two CHECK constraints as comparisons
 * (an IN list is evaluated through a temporary index per inserted row: half of a big import's
 * insert time). A version-12 file must come through with every row, index and trigger as it was,
 * and the table must accept and refuse exactly the values it did.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inspectCleanup, MIGRATIONS, openStore, type Db } from '../../../../electron/services/store/index.js';

let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'ls-checks-')); });
afterEach(() => { rmSync(dir, { recursive: true, force: true }); });

const V12 = MIGRATIONS.filter((m) => m.version <= 12);

/** Every column of a contact, with each later column set on some row, so a shifted column would show. */
function fill(db: Db): void {
  db.prepare("INSERT INTO sources (id, kind, name, path, format, rows, imported_at) VALUES (1, 'contacts', 'list.csv', '/x/list.csv', 'csv', 3, '2026-01-01')").run();
  db.prepare("INSERT INTO review_figures (id, stamp, figures) VALUES (1, '3:0', '{}')").run();
  db.prepare("INSERT INTO search_addresses (first_id, last_id, blanks, text) VALUES (1, 3, '[]', x'61')").run();
  const add = db.prepare(`INSERT INTO contacts (id, source_id, row, email_raw, email_norm, raw, fields, valid, problem, duplicate_of, suggestion, role,
    disposable, bounces, last_diagnostic, policy_decision, policy_cause, reason, detail, override, decision, cause, email_fixed, email_col, email_part, last_bounce_at)
    VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  add.run(1, 2, 'Kim@Alpha.example', 'kim@alpha.example', 'Kim@Alpha.example,Kim', null, 1, '', null, '', 0, 0, 0, '', 'keep', 'clean', null, 'no problem found', null, 'keep', 'clean', null, null, null, null);
  add.run(2, 3, 'lee@gmial.com', 'lee@gmail.com', null, '["lee@gmial.com"]', 1, '', null, 'lee@gmail.com', 0, 0, 2, '550 5.1.1 unknown', 'remove', 'hard-bounce', 'userunknown', 'bounced twice', 'watch', 'watch', 'override', 'lee@gmail.com', 0, 1, '2026-02-03T04:05:06Z');
  add.run(3, 4, 'kim@alpha.example', 'kim@alpha.example', 'kim@alpha.example,K', null, 1, '', 1, '', 1, 1, 0, '', 'remove', 'duplicate', null, 'duplicate of row 2', 'remove', 'remove', 'override', null, 1, 0, null);
}

const rows = (db: Db) => db.prepare('SELECT * FROM contacts ORDER BY id').all();
/** Indexes and triggers of contacts (the table's own SQL is what the migration changes). */
const around = (db: Db) => (db.prepare("SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'contacts' AND type <> 'table' ORDER BY name").raw().all() as string[][])
  .map(([type, name, sql]) => `${type} ${name}: ${sql!.replace(/\s+/g, ' ')}`);

describe('migration 13: the contacts checks as comparisons', () => {
  it('keeps every row, index and trigger of a version-12 file', () => {
    const path = join(dir, 'v12.listsweep');
    const old = openStore(path, { create: true, migrations: V12 });
    fill(old);
    const before = { rows: rows(old), around: around(old) };
    old.close();
    expect(inspectCleanup(path).version).toBe(12);

    // Up to version 13 only: 14 drops the domain index.
    const db = openStore(path, { migrations: MIGRATIONS.filter((m) => m.version <= 13) });
    expect(inspectCleanup(path, { thorough: true }).version).toBe(13);
    expect(rows(db)).toEqual(before.rows);
    expect(around(db)).toEqual(before.around);
    expect(before.around).toHaveLength(11);
    // The triggers still act on the rebuilt table.
    db.prepare("UPDATE contacts SET email_norm = 'kim@beta.example' WHERE id = 1").run();
    expect(db.prepare('SELECT count(*) FROM review_figures').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM search_addresses').pluck().get()).toBe(0);
    db.close();
  });

  it('accepts and refuses the same decisions and overrides as before', () => {
    const answers = (db: Db) => {
      const row = db.prepare(`INSERT INTO contacts (id, source_id, row, email_raw, email_norm, valid, problem, suggestion, role, disposable,
        policy_decision, policy_cause, detail, override, decision, cause) VALUES (?, 1, 1, 'a@b.example', 'a@b.example', 1, '', '', 0, 0, 'keep', 'clean', '', ?, ?, 'clean')`);
      const out: string[] = [];
      let id = 1;
      for (const override of [null, 'keep', 'remove', 'watch', 'Keep', '', 'drop']) {
        for (const decision of ['keep', 'remove', 'watch', 'KEEP', '', 'keep ']) {
          try { row.run(id++, override, decision); out.push('ok'); } catch (e) { out.push((e as { code?: string }).code ?? 'error'); }
        }
      }
      return out;
    };
    const old = openStore(join(dir, 'old.listsweep'), { create: true, migrations: V12 });
    const now = openStore(join(dir, 'now.listsweep'), { create: true });
    const was = answers(old);
    expect(was.filter((a) => a === 'ok')).toHaveLength(12);
    expect(new Set(was.filter((a) => a !== 'ok'))).toEqual(new Set(['SQLITE_CONSTRAINT_CHECK']));
    expect(answers(now)).toEqual(was);
    old.close();
    now.close();
  });

  it('leaves no IN list in a check on contacts, which SQLite would evaluate through a temporary index per inserted row', () => {
    const db = openStore(join(dir, 'new.listsweep'), { create: true });
    const sql = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'contacts'").pluck().get() as string;
    expect(sql).toMatch(/CHECK/);
    expect(sql).not.toMatch(/CHECK\s*\([^)]*\bIN\s*\(/i);
    db.close();
  });
});
