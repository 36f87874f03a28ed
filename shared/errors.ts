/**
 * An error meant for the user: a stable code the UI can branch on and a message that says
 * what happened and what to do. Anything else that escapes a service is an internal error.
 */
export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export type AppErrorCode =
  | 'bad-input'      // the request itself is malformed (schema)
  | 'no-cleanup'     // no cleanup is open
  | 'not-found'      // a file or row does not exist
  | 'unreadable'     // a file exists but cannot be read as what it claims to be
  | 'wrong-file'     // readable, but not what was expected (no email column, not bounce data…)
  | 'busy'           // another job holds the cleanup
  | 'cancelled'
  | 'forbidden'      // a path the user did not choose (see electron/ipc/grants.ts)
  | 'internal';

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
