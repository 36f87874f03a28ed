/**
 * A helper worker's answer: a thrown error cannot cross postMessage with its code, so it
 * crosses as data and is thrown again, as the same AppError, on the caller's side.
 */
import { AppError, isAppError, type AppErrorCode } from '../../../shared/errors.js';

export type Settled<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly app: boolean; readonly code: string; readonly message: string };

export async function settle<T>(f: () => Promise<T> | T): Promise<Settled<T>> {
  try {
    return { ok: true, value: await f() };
  } catch (e) {
    if (isAppError(e)) return { ok: false, app: true, code: e.code, message: e.message };
    return { ok: false, app: false, code: 'internal', message: (e as Error)?.message ?? String(e) };
  }
}

export function unsettle<T>(r: Settled<T>): T {
  if (r.ok) return r.value;
  if (r.app) throw new AppError(r.code as AppErrorCode, r.message);
  throw new Error(r.message);
}
