/**
 * Opening a cleanup file: one SQLite database per cleanup (*.listsweep), WAL, numbered
 * migrations recorded in `schema_migrations`, and a guard against files written by a newer
 * ListSweep (opening those would silently lose what the newer schema stores).
 */
import { existsSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { AppError } from '../../../shared/errors.js';
import { MIGRATIONS, SCHEMA_VERSION, type Migration } from './migrations.js';

export type Db = Database.Database;

/** "LSWP": marks the file as a ListSweep cleanup so a random SQLite file is refused. */
export const APPLICATION_ID = 0x4c535750;

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
  if (exists && statSync(path).isDirectory()) throw new AppError('wrong-file', `${path} is a folder, not a cleanup file.`);
  let db: Db;
  try {
    // Under `npm start` the Electron main process points at a better-sqlite3 built for Electron's
    // ABI (worker threads inherit the variable); unset under Node, tests and the CLI.
    const nativeBinding = process.env.LISTSWEEP_SQLITE_BINDING || undefined;
    db = new Database(path, { readonly: opts.readonly ?? false, fileMustExist: !opts.create, ...(nativeBinding ? { nativeBinding } : {}) });
  } catch (e) {
    throw new AppError('unreadable', `Could not open ${path}: ${(e as Error).message}`);
  }
  try {
    db.pragma('busy_timeout = 5000');
    // Set before the first write, so only on a new file. 16 KiB pages instead of 4 KiB: a
    // million-row import writes a quarter of the log frames (two system calls each) and builds
    // its address index faster — about a second less at 1M rows, measured.
    if (!exists) db.pragma(`page_size = ${PAGE_SIZE}`);
    checkIdentity(db, path);
    if (!opts.readonly) {
      db.pragma('journal_mode = WAL');
      // WAL + NORMAL: a power cut can lose the last commit but never corrupts the file.
      db.pragma('synchronous = NORMAL');
      db.pragma(`cache_size = -${(opts.cacheMb ?? 16) * 1024}`);
      // Once folded into the file, a big import's log is cut back to this size on its next reuse.
      db.pragma(`journal_size_limit = ${WAL_KEEP_BYTES}`);
      if (opts.noAutoCheckpoint) db.pragma('wal_autocheckpoint = 0');
      migrate(db, opts.migrations ?? MIGRATIONS);
    } else {
      guardVersion(db, path, opts.migrations ?? MIGRATIONS);
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

function checkIdentity(db: Db, path: string): void {
  let appId: number;
  let tables: number;
  try {
    appId = db.pragma('application_id', { simple: true }) as number;
    tables = (db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number }).n;
  } catch (e) {
    if (/not a database|file is encrypted/i.test((e as Error).message)) {
      throw new AppError('wrong-file', `${path} is not a ListSweep cleanup file.`);
    }
    throw e;
  }
  if (tables === 0 && appId === 0) {
    db.pragma(`application_id = ${APPLICATION_ID}`);
    return;
  }
  if (appId !== APPLICATION_ID) throw new AppError('wrong-file', `${path} is an SQLite database, but not a ListSweep cleanup.`);
}

function appliedVersions(db: Db): number[] {
  const has = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
  if (!has) return [];
  return (db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: number }[]).map((r) => r.version);
}

function guardVersion(db: Db, path: string, migrations: readonly Migration[]): number[] {
  const applied = appliedVersions(db);
  const known = migrations.length ? migrations[migrations.length - 1]!.version : 0;
  const newest = applied.length ? applied[applied.length - 1]! : 0;
  if (newest > known) {
    throw new AppError(
      'wrong-file',
      `${path} was saved by a newer version of ListSweep (schema ${newest}, this version knows ${known}). Update ListSweep to open it.`,
    );
  }
  return applied;
}

function migrate(db: Db, migrations: readonly Migration[]): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT`);
  const applied = new Set(guardVersion(db, db.name, migrations));
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const m of migrations) {
    if (applied.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.version, m.name, new Date().toISOString());
    })();
  }
}

export function schemaVersion(db: Db): number {
  const v = appliedVersions(db);
  return v.length ? v[v.length - 1]! : 0;
}

export { SCHEMA_VERSION };
