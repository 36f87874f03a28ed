/**
 * A bulk review change (override, undo, redo, accepting suggestions, a rules change) run in a worker on
 * its own connection, so a change to hundreds of thousands of rows never blocks the main thread.
 * The same Review code runs it; the main thread's Review only drops its caches afterwards.
 */
import { userErrorOf } from '../../../shared/errors.js';
import type { ReviewFilter } from '../../../shared/contract.js';
import type { Decision } from '../../../shared/types.js';
import type { Policy } from '../../../shared/policy.js';
import { openStore } from '../store/index.js';
import { Review } from './review.js';

export type ReviewOp =
  | { readonly op: 'override'; readonly ids?: readonly number[]; readonly filter?: ReviewFilter; readonly decision: Decision | null }
  | { readonly op: 'undo' }
  | { readonly op: 'redo' }
  | { readonly op: 'accept'; readonly ids?: readonly number[]; readonly filter?: ReviewFilter }
  | { readonly op: 'policy'; readonly change: Partial<Policy> };

export type ReviewOpResult =
  | { readonly ok: true; readonly value: number | string | null | Policy }
  | { readonly ok: false; readonly app: boolean; readonly code: string; readonly message: string };

/** Applies one change to the cleanup at dbPath (one transaction, as on the main thread). */
export function applyReviewOp(review: Review, o: ReviewOp): number | string | null | Policy {
  switch (o.op) {
    case 'override': return review.override(o.ids, o.filter, o.decision);
    case 'undo': return review.undo();
    case 'redo': return review.redo();
    case 'accept': return review.acceptSuggestions(o.ids, o.filter);
    case 'policy': return review.setPolicy(o.change);
  }
}

/** Runs in the worker (worker.ts dispatches here). */
export function runReviewOp(dbPath: string, o: ReviewOp): ReviewOpResult {
  try {
    const db = openStore(dbPath, { noAutoCheckpoint: true });
    try {
      return { ok: true, value: applyReviewOp(new Review(db), o) };
    } finally {
      db.close();
    }
  } catch (e) {
    const user = userErrorOf(e);
    if (user) return { ok: false, app: true, code: user.code, message: user.message };
    return { ok: false, app: false, code: 'internal', message: (e as Error)?.message ?? String(e) };
  }
}
