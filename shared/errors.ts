/**
 * An error meant for the user: a stable code the UI can branch on and a message that says
 * what happened and what to do. Anything else that escapes a service is an internal error.
 */
export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
  ) {
    // Every message a user sees passes here: the cap keeps a file's contents (100,000 header
    // names, a megabyte-long cell) from becoming a megabyte-long error line.
    super(capMessage(message));
    this.name = 'AppError';
  }
}

export type AppErrorCode =
  | 'bad-input'      // the request itself is malformed (schema)
  | 'no-cleanup'     // no cleanup is open
  | 'not-found'      // a file or row does not exist
  | 'unreadable'     // a file exists but cannot be read as what it claims to be
  | 'wrong-file'     // readable, but not what was expected (no email column, not bounce data…)
  | 'damaged'        // a cleanup file that is corrupt or not exactly what ListSweep writes
  | 'exists'         // would replace a file the user did not ask to replace
  | 'cannot-write'   // the disk is full, read-only, or the folder may not be written
  | 'busy'           // another job holds the cleanup
  | 'cancelled'
  | 'forbidden'      // a path the user did not choose (see electron/ipc/grants.ts)
  | 'unavailable'    // needs a program this machine lacks (a browser engine for the PDF report)
  | 'internal';

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

export const DAMAGED_MESSAGE = 'This cleanup file is damaged; ListSweep opened nothing and changed nothing.';

/** Longest message an AppError carries; past it the middle is cut. */
export const MAX_MESSAGE_CHARS = 2000;

function capMessage(message: string): string {
  if (message.length <= MAX_MESSAGE_CHARS) return message;
  const keep = MAX_MESSAGE_CHARS - 40;
  return `${message.slice(0, keep * 0.75)} … [${(message.length - keep).toLocaleString('en-US')} characters left out] … ${message.slice(message.length - keep * 0.25)}`;
}

/**
 * Names listed in a message: the first `max`, each cut at `width` characters, then "and N more"
 * ("Email, Name, Phone and 99,997 more"). Every message that lists columns, files, sheets or
 * rows builds its list here.
 */
export function listForMessage(items: readonly (string | number)[], opts: { max?: number; width?: number; quote?: boolean; total?: number } = {}): string {
  const max = opts.max ?? 8;
  const width = opts.width ?? 40;
  const shown = items.slice(0, max).map((x) => {
    const s = String(x);
    const cut = s.length > width ? `${s.slice(0, width)}…` : s;
    return opts.quote ? `"${cut}"` : cut;
  });
  // `total`: how many there are when only the first few were kept (rows of a million-row file).
  const more = (opts.total ?? items.length) - shown.length;
  if (more > 0) return `${shown.join(', ')} and ${more.toLocaleString('en-US')} more`;
  return shown.join(', ');
}

/**
 * The errors a user can cause that arrive as system errors (a file that vanished, a folder they
 * may not write, a full disk, a cleanup SQLite finds corrupt): the same AppError the services
 * would have thrown. Anything else stays an internal error (null).
 */
export function userErrorOf(e: unknown): AppError | null {
  if (isAppError(e)) return e;
  if (!e || typeof e !== 'object') return null;
  const { code, path } = e as { code?: unknown; path?: unknown };
  if (typeof code !== 'string') return null;
  const file = typeof path === 'string' ? ` ${path}` : '';
  switch (code) {
    case 'ENOENT': return new AppError('not-found', `The file${file} does not exist (moved or deleted?).`);
    case 'EACCES': case 'EPERM': return new AppError('unreadable', `ListSweep is not allowed to open${file || ' the file'}. Check its permissions, or pick another place.`);
    case 'EISDIR': return new AppError('wrong-file', `${file ? file.trim() : 'That'} is a folder, not a file.`);
    case 'ENOTDIR': return new AppError('not-found', `The folder of${file || ' the file'} does not exist.`);
    case 'ENOSPC': case 'SQLITE_FULL': return new AppError('cannot-write', 'The disk is full. Free some space and try again.');
    case 'EROFS': case 'SQLITE_READONLY': return new AppError('cannot-write', `ListSweep cannot write there: the disk or folder is read-only${file ? ` (${file.trim()})` : ''}.`);
    case 'SQLITE_BUSY': case 'SQLITE_LOCKED': return new AppError('busy', 'The cleanup file is in use by another program or another ListSweep window. Close it there and try again.');
  }
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
    return new AppError('damaged', 'This cleanup file is damaged; ListSweep stopped and changed nothing. Open a copy saved earlier, or start a new cleanup.');
  }
  return null;
}
