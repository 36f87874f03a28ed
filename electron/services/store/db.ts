/**
 * Opening a cleanup file: one SQLite database per cleanup (*.listsweep), WAL, numbered
 * migrations recorded in `schema_migrations`. An existing file is inspected first (inspect.ts):
 * a damaged or crafted file, or one written by a newer ListSweep, is refused before any write.
 */
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { AppError, userErrorOf } from '../../../shared/errors.js';
import { APPLICATION_ID, inspectCleanup, MIGRATIONS_TABLE_SQL, sqliteOptions, type CheckAnswer } from './inspect.js';
import { MIGRATIONS, SCHEMA_VERSION, type Migration } from './migrations.js';

export type Db = Database.Database;

export interface OpenOptions {
  /** Create the file when missing (a new cleanup). Without it a missing file is 'not-found'. */
  readonly create?: boolean;
  readonly readonly?: boolean;
  /** SQLite page cache in MB (default 16; a big import asks for more). */
  readonly cacheMb?: number;
  /**
   * A bulk writer turns SQLite's checkpoint-at-commit off: folding a 300 MB log into the file
   * would happen inside COMMIT. It calls foldWal once it has reported its result instead.
   */
  readonly noAutoCheckpoint?: boolean;
  /** For tests: the migrations to apply (defaults to all). */
  readonly migrations?: readonly Migration[];
}

export function openStore(path: string, opts: OpenOptions = {}): Db {
  const exists = existsSync(path);
  if (!exists && !opts.create) throw new AppError('not-found', `The cleanup file ${path} does not exist.`);
  // Read-only and before anything else: a file that is not exactly a cleanup is never written to.
  if (exists) inspectCleanup(path, opts.migrations ? { migrations: opts.migrations } : {});
  let db: Db;
  try {
    db = new Database(path, { readonly: opts.readonly ?? false, fileMustExist: !opts.create, ...sqliteOptions() });
  } catch (e) {
    throw new AppError('unreadable', `Could not open ${path}: ${(e as Error).message}`);
  }
  try {
    db.pragma('trusted_schema = OFF');
    db.pragma('busy_timeout = 5000');
    if (!exists) {
      // Set before the first write, so only on a new file. 16 KiB pages instead of 4 KiB: a
      // million-row import writes a quarter of the log frames (two system calls each) and builds
      // its address index faster — about a second less at 1M rows, measured.
      db.pragma(`page_size = ${PAGE_SIZE}`);
      db.pragma(`application_id = ${APPLICATION_ID}`);
    }
    if (!opts.readonly) {
      db.pragma('journal_mode = WAL');
      // WAL + NORMAL: a power cut can lose the last commit but never corrupts the file.
      db.pragma('synchronous = NORMAL');
      db.pragma(`cache_size = -${(opts.cacheMb ?? 16) * 1024}`);
      // Once folded into the file, a big import's log is cut back to this size on its next reuse.
      db.pragma(`journal_size_limit = ${WAL_KEEP_BYTES}`);
      if (opts.noAutoCheckpoint) db.pragma('wal_autocheckpoint = 0');
      migrate(db, opts.migrations ?? MIGRATIONS);
    }
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}

const WAL_KEEP_BYTES = 32 * 1024 * 1024;
export const PAGE_SIZE = 16384;

/**
 * Copies the write-ahead log into the cleanup file, PASSIVE: it neither waits for nor blocks the
 * app's own reads and writes, so it can run while the user is already looking at the result.
 */
export function foldWal(path: string): void {
  const db = openStore(path);
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } finally {
    db.close();
  }
}

function appliedVersions(db: Db): number[] {
  const has = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
  if (!has) return [];
  return (db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: number }[]).map((r) => r.version);
}

function migrate(db: Db, migrations: readonly Migration[]): void {
  db.exec(MIGRATIONS_TABLE_SQL);
  const applied = new Set(appliedVersions(db));
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const m of migrations) {
    if (applied.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.version, m.name, new Date().toISOString());
    })();
  }
}

/**
 * Brings an older cleanup file up to this version's schema, answering as the opening check does
 * (typed across the thread). It runs in a worker, not on the app's main thread: at a million rows
 * a migration can take seconds, and each runs in its own transaction, so a crash leaves the file
 * at the last version it fully reached.
 */
export function upgradeCleanupAnswer(path: string): CheckAnswer {
  try {
    const db = openStore(path);
    try {
      return { ok: true, version: schemaVersion(db) };
    } finally {
      db.close();
    }
  } catch (e) {
    const user = userErrorOf(e);
    return { ok: false, code: user?.code ?? 'internal', message: user?.message ?? `Could not bring ${path} up to date: ${(e as Error)?.message ?? String(e)}` };
  }
}

export function schemaVersion(db: Db): number {
  const v = appliedVersions(db);
  return v.length ? v[v.length - 1]! : 0;
}

export { SCHEMA_VERSION, APPLICATION_ID };
