import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inspectCleanup, openStore, schemaVersion, SCHEMA_VERSION, MIGRATIONS, APPLICATION_ID } from '../../../../electron/services/store/index.js';
import { AppError } from '../../../../shared/errors.js';

let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'ls-store-')); });
afterEach(() => { rmSync(dir, { recursive: true, force: true }); });

function tables(db: Database.Database): string[] {
  return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
}

describe('openStore', () => {
  it('migrates an empty file to the current schema with STRICT tables in WAL mode', () => {
    const db = openStore(join(dir, 'a.listsweep'), { create: true });
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
    expect(tables(db)).toEqual(expect.arrayContaining(['contacts', 'bounces', 'sources', 'settings', 'undo_log', 'undo_items', 'schema_migrations']));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('page_size', { simple: true })).toBe(16384);
    const strict = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'contacts'").get() as { sql: string };
    expect(strict.sql).toMatch(/STRICT/);
    expect(() => db.prepare('INSERT INTO undo_items (undo_id, contact_id) VALUES (?, 1)').run('not a number')).toThrow(/cannot store TEXT value in INTEGER/);
    db.close();
  });

  it('gives a writer a 16 MB page cache unless asked otherwise (the review asks for less)', () => {
    const path = join(dir, 'cache.listsweep');
    openStore(path, { create: true }).close();
    for (const [opts, kib] of [[{}, 16 * 1024], [{ cacheMb: 2 }, 2 * 1024]] as const) {
      const db = openStore(path, opts);
      expect(db.pragma('cache_size', { simple: true })).toBe(-kib);
      db.close();
    }
  });

  it('opens and migrates a file made with the 4 KiB pages of earlier versions', () => {
    const path = join(dir, 'small-pages.listsweep');
    const old = new Database(path);
    old.pragma('page_size = 4096');
    old.pragma(`application_id = ${APPLICATION_ID}`);
    old.close();
    const db = openStore(path);
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
    expect(db.pragma('page_size', { simple: true })).toBe(4096);
    db.close();
  });

  it('reopens a file without re-running migrations and keeps its data', () => {
    const path = join(dir, 'b.listsweep');
    const db = openStore(path, { create: true });
    db.prepare("INSERT INTO settings (key, value) VALUES ('policy', '{}')").run();
    db.close();
    const again = openStore(path);
    expect((again.prepare('SELECT count(*) AS n FROM schema_migrations').get() as { n: number }).n).toBe(MIGRATIONS.length);
    expect(again.prepare("SELECT value FROM settings WHERE key = 'policy'").get()).toEqual({ value: '{}' });
    again.close();
  });

  it('applies only the missing migrations to an older file', () => {
    const path = join(dir, 'old.listsweep');
    const older = [MIGRATIONS[0]!];
    openStore(path, { create: true, migrations: older }).close();
    const extra = [...MIGRATIONS, { version: SCHEMA_VERSION + 1, name: 'test column', sql: 'ALTER TABLE settings ADD COLUMN note TEXT' }];
    const db = openStore(path, { migrations: extra });
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION + 1);
    db.close();
  });

  it('brings a version-7 cleanup with contacts and bounces to the sort indexes of version 8, its rows unchanged', () => {
    const path = join(dir, 'v7.listsweep');
    const v7 = openStore(path, { create: true, migrations: MIGRATIONS.filter((m) => m.version <= 7) });
    v7.prepare("INSERT INTO sources (id, kind, name, path, format, imported_at) VALUES (1, 'contacts', 'list.csv', '/x/list.csv', 'csv', '2026-01-01')").run();
    const contact = v7.prepare(`INSERT INTO contacts (id, source_id, row, email_raw, email_norm, valid, problem, suggestion, role, disposable, bounces,
      policy_decision, policy_cause, reason, detail, decision, cause) VALUES (?, 1, ?, ?, ?, 1, '', '', 0, 0, ?, ?, 'clean', ?, '', ?, 'clean')`);
    contact.run(1, 1, 'b@zeta.example', 'b@zeta.example', 0, 'keep', null, 'keep');
    contact.run(2, 2, 'a@alpha.example', 'a@alpha.example', 2, 'remove', 'userunknown', 'remove');
    contact.run(3, 3, 'not an address', '', 0, 'keep', null, 'keep');
    const bounce = v7.prepare(`INSERT INTO bounces (source_id, file, source_index, email, email_norm, domain, verdict, reason, status, reply_code, diagnostic, provider, occurred_at)
      VALUES (1, 'b.csv', ?, 'a@alpha.example', 'a@alpha.example', 'alpha.example', 'hard', 'userunknown', '5.1.1', '550', 'no such user', '', ?)`);
    bounce.run(0, '2025-01-02T00:00:00Z');
    bounce.run(1, '2025-03-04T00:00:00Z');
    expect(schemaVersion(v7)).toBe(7);
    v7.close();

    const db = openStore(path);
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
    const indexes = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index'").pluck().all();
    expect(indexes).toEqual(expect.arrayContaining(['contacts_bounced', 'bounces_addr']));
    // Version 8 added it for the sort by domain; 14 drops it (the order is grouped from the addresses).
    expect(indexes).not.toContain('contacts_domain');
    expect(indexes).not.toContain('bounces_summary');
    // One index by address on bounces: each stored record updates it, and every lookup by address reads bounces_addr.
    expect(indexes).not.toContain('bounces_norm');
    // The planner walks the new indexes, and they hold the rows the file already had.
    const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join('; ');
    const byDomain = "SELECT id FROM contacts c ORDER BY substr(c.email_norm, instr(c.email_norm, '@') + 1), c.id";
    expect(db.prepare(byDomain).pluck().all()).toEqual([3, 2, 1]);
    expect(db.prepare('SELECT id FROM contacts INDEXED BY contacts_bounced WHERE bounces > 0').pluck().all()).toEqual([2]);
    expect(db.prepare("SELECT max(occurred_at) FROM bounces INDEXED BY bounces_addr WHERE email_norm = 'a@alpha.example'").pluck().get()).toBe('2025-03-04T00:00:00Z');
    expect(plan("SELECT b.* FROM bounces b WHERE b.email_norm = 'a@alpha.example' ORDER BY b.id")).toMatch(/SEARCH b USING INDEX bounces_addr \(email_norm=\?\)/);
    db.close();
    // And the file is one this version recognises as its own.
    expect(inspectCleanup(path, { thorough: true }).version).toBe(SCHEMA_VERSION);
  });

  it('refuses a file written by a newer ListSweep', () => {
    const path = join(dir, 'new.listsweep');
    const future = [...MIGRATIONS, { version: SCHEMA_VERSION + 1, name: 'future', sql: 'CREATE TABLE future_thing (x INTEGER) STRICT' }];
    openStore(path, { create: true, migrations: future }).close();
    let err: unknown;
    try { openStore(path); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('wrong-file');
    expect((err as AppError).message).toMatch(/newer version of ListSweep/);
  });

  it('refuses a missing file, a text file and a foreign SQLite database with clear codes', () => {
    expect(() => openStore(join(dir, 'none.listsweep'))).toThrow(expect.objectContaining({ code: 'not-found' }));
    const text = join(dir, 'list.csv');
    writeFileSync(text, 'email,name\na@b.com,A\n'.repeat(200));
    expect(() => openStore(text)).toThrow(expect.objectContaining({ code: 'wrong-file' }));
    // Named as a cleanup, the same bytes are a damaged cleanup.
    writeFileSync(join(dir, 'text.listsweep'), 'email,name\na@b.com,A\n'.repeat(200));
    expect(() => openStore(join(dir, 'text.listsweep'))).toThrow(expect.objectContaining({ code: 'damaged' }));
    const foreign = join(dir, 'foreign.db');
    const f = new Database(foreign);
    f.exec('CREATE TABLE t (x)');
    f.close();
    expect(() => openStore(foreign)).toThrow(expect.objectContaining({ code: 'wrong-file' }));
  });

  it('a process killed in the middle of a transaction leaves the file as it was', () => {
    const path = join(dir, 'crash.listsweep');
    const db = openStore(path, { create: true });
    db.prepare("INSERT INTO settings (key, value) VALUES ('before', '1')").run();
    db.close();
    // The child writes thousands of rows inside one transaction, then dies without committing.
    const script = `
      const Database = require('better-sqlite3');
      const db = new Database(${JSON.stringify(path)});
      db.pragma('journal_mode = WAL');
      db.exec('BEGIN');
      const st = db.prepare("INSERT INTO settings (key, value) VALUES (?, 'x')");
      for (let i = 0; i < 20000; i++) st.run('k' + i);
      db.prepare("DELETE FROM settings WHERE key = 'before'").run();
      process.kill(process.pid, 'SIGKILL');
    `;
    const r = spawnSync(process.execPath, ['-e', script], { cwd: process.cwd() });
    expect(r.signal).toBe('SIGKILL');
    const after = openStore(path);
    expect(after.prepare('SELECT key, value FROM settings').all()).toEqual([{ key: 'before', value: '1' }]);
    expect(after.pragma('integrity_check', { simple: true })).toBe('ok');
    after.close();
  });
});
