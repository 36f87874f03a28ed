/**
 * Checking a cleanup file before ListSweep trusts it. A `.listsweep` is a document that can come
 * from anyone: its schema is SQL that SQLite runs when a query touches it (a view over an endless
 * recursive query hangs the first SELECT, a trigger fires on the first write). So the file is first
 * opened read-only, with trusted_schema off, and its schema must be exactly what this version's
 * migrations create for the version the file says it has; only then does anything query a table.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import Database from 'better-sqlite3';
import { AppError, DAMAGED_MESSAGE, userErrorOf, type AppErrorCode } from '../../../shared/errors.js';
import { MIGRATIONS, type Migration } from './migrations.js';

/** "LSWP": marks the file as a ListSweep cleanup so a random SQLite file is refused. */
export const APPLICATION_ID = 0x4c535750;

const SQLITE_MAGIC = 'SQLite format 3\0';

export const MIGRATIONS_TABLE_SQL = `CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT`;

/** Under `npm start` the main process points at a better-sqlite3 built for Electron's ABI. */
export function sqliteOptions(): { nativeBinding?: string } {
  const nativeBinding = process.env.LISTSWEEP_SQLITE_BINDING || undefined;
  return nativeBinding ? { nativeBinding } : {};
}

export interface InspectOptions {
  /** Also run `PRAGMA quick_check` (reads every page: linear in the file's size). */
  readonly thorough?: boolean;
  readonly migrations?: readonly Migration[];
}

export interface Inspection {
  /** The schema version the file is at (0 for a file with no tables yet). */
  readonly version: number;
}

function damaged(path: string, why: string): AppError {
  return new AppError('damaged', `${DAMAGED_MESSAGE} (${basename(path)}: ${why})`);
}

/**
 * Throws AppError 'damaged', 'wrong-file', 'unreadable' or 'not-found' unless `path` is a cleanup
 * this version can open. Never writes to the file (SQLite may create its `-shm` side file).
 */
export function inspectCleanup(path: string, opts: InspectOptions = {}): Inspection {
  let size: number;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new AppError('wrong-file', `${path} is a folder, not a cleanup file.`);
    size = st.size;
  } catch (e) {
    if (e instanceof AppError) throw e;
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new AppError('not-found', `The cleanup file ${path} does not exist.`);
    throw new AppError('unreadable', `ListSweep may not read ${path} (${(e as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
  // SQLite would take an empty file for a new database and ListSweep would make it a new cleanup.
  if (size === 0) throw damaged(path, 'the file is empty, 0 bytes');
  if (readHead(path) !== SQLITE_MAGIC) {
    if (/\.listsweep$/i.test(path)) throw damaged(path, 'it does not start like a cleanup file');
    throw new AppError('wrong-file', `${path} is not a ListSweep cleanup file.`);
  }
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true, ...sqliteOptions() });
  } catch (e) {
    throw new AppError('unreadable', `Could not open ${path}: ${(e as Error).message}`);
  }
  try {
    return check(db, path, opts.migrations ?? MIGRATIONS, opts.thorough ?? false);
  } catch (e) {
    if (e instanceof AppError) throw e;
    const user = userErrorOf(e);
    if (user && user.code !== 'damaged') throw user; // busy, permissions: the file may be fine
    // SQLITE_CORRUPT, SQLITE_NOTADB, a short read…: whatever else SQLite cannot read is damage.
    throw damaged(path, (e as Error).message);
  } finally {
    db.close();
  }
}

function readHead(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(16);
    const n = readSync(fd, buf, 0, 16, 0);
    return buf.subarray(0, n).toString('latin1');
  } finally {
    closeSync(fd);
  }
}

function check(db: Database.Database, path: string, migrations: readonly Migration[], thorough: boolean): Inspection {
  // Functions a view or trigger calls must be innocuous; nothing of the file's own SQL is trusted.
  db.pragma('trusted_schema = OFF');
  const appId = db.pragma('application_id', { simple: true }) as number;
  if (appId !== APPLICATION_ID) throw new AppError('wrong-file', `${path} is an SQLite database, but not a ListSweep cleanup.`);
  // Reading sqlite_schema parses the schema but runs none of it.
  const actual = signature(db);
  const version = expectedSchemas(migrations).get(actual);
  if (version === undefined) {
    const newest = declaredNewest(db);
    const known = migrations.length ? migrations[migrations.length - 1]!.version : 0;
    if (newest !== null && newest > known) {
      throw new AppError('wrong-file',
        `${path} was saved by a newer version of ListSweep (schema ${newest}, this version knows ${known}). Update ListSweep to open it.`);
    }
    throw damaged(path, 'its tables are not the ones ListSweep makes');
  }
  // The schema is ours, so this is a plain table: its rows must be the migrations that built it.
  const hasLog = actual.includes('table|schema_migrations|');
  const applied = hasLog ? (db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: number }[]).map((r) => r.version) : [];
  const want = migrations.filter((m) => m.version <= version).map((m) => m.version);
  if (applied.join(',') !== want.join(',')) throw damaged(path, 'its list of schema versions does not match its tables');
  if (thorough) {
    const problems = db.prepare('PRAGMA quick_check(3)').pluck().all() as string[];
    if (problems.length !== 1 || problems[0] !== 'ok') throw damaged(path, problems.join('; ').slice(0, 300));
  }
  return { version };
}

/** The newest version a file claims, when its migrations table is the one ListSweep makes. */
function declaredNewest(db: Database.Database): number | null {
  const row = db.prepare("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'").get() as { sql: string } | undefined;
  if (!row || normalise(row.sql) !== normalise(MIGRATIONS_TABLE_SQL.replace(' IF NOT EXISTS', ''))) return null;
  const v = db.prepare('SELECT max(version) FROM schema_migrations').pluck().get();
  return typeof v === 'number' ? v : null;
}

function normalise(sql: string | null): string {
  return (sql ?? '').replace(/\s+/g, ' ').replace(/ ?([(),]) ?/g, '$1').trim();
}

/**
 * SQLite's own statistics tables, made by ANALYZE (a user's SQLite tool may have run it): plain
 * data the query planner reads, with this exact SQL. Left out of the comparison.
 */
const STAT_TABLES = new Set([
  'table|sqlite_stat1|sqlite_stat1|CREATE TABLE sqlite_stat1(tbl,idx,stat)',
  'table|sqlite_stat4|sqlite_stat4|CREATE TABLE sqlite_stat4(tbl,idx,neq,nlt,ndlt,sample)',
]);

function signature(db: Database.Database): string {
  const rows = db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_schema').all() as { type: string; name: string; tbl_name: string; sql: string | null }[];
  return rows.map((r) => `${r.type}|${r.name}|${r.tbl_name}|${normalise(r.sql)}`).filter((x) => !STAT_TABLES.has(x)).sort().join('\n');
}

const expectedCache = new WeakMap<readonly Migration[], Map<string, number>>();

/**
 * The schema after each prefix of the migrations, built on an in-memory database exactly as
 * `migrate` builds a file: signature -> version. Version 0 is both the empty file and one whose
 * first migration did not commit (the migrations table alone).
 */
export function expectedSchemas(migrations: readonly Migration[]): Map<string, number> {
  const cached = expectedCache.get(migrations);
  if (cached) return cached;
  const out = new Map<string, number>();
  const mem = new Database(':memory:', sqliteOptions());
  try {
    out.set(signature(mem), 0);
    mem.exec(MIGRATIONS_TABLE_SQL);
    out.set(signature(mem), 0);
    for (const m of migrations) {
      mem.exec(m.sql);
      out.set(signature(mem), m.version);
    }
  } finally {
    mem.close();
  }
  expectedCache.set(migrations, out);
  return out;
}

/** What the worker that checks a file before it is opened answers (typed across the thread). */
export type CheckAnswer =
  | { readonly ok: true; readonly version: number }
  | { readonly ok: false; readonly code: AppErrorCode; readonly message: string };

/** The thorough inspection, as a message a worker can post back. */
export function checkCleanupAnswer(path: string): CheckAnswer {
  try {
    return { ok: true, version: inspectCleanup(path, { thorough: true }).version };
  } catch (e) {
    const user = userErrorOf(e);
    return user ? { ok: false, code: user.code, message: user.message } : { ok: false, code: 'damaged', message: damaged(path, (e as Error)?.message ?? String(e)).message };
  }
}
