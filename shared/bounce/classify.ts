/**
 * Reads an SMTP reply code, an RFC 3463 enhanced status code and diagnostic text into a
 * reason and a verdict. A 5xx alone is not a hard bounce: `550 5.7.1 blocked using
 * zen.spamhaus.org` is the sender's reputation (blocked, soft), `550 5.1.1 user unknown` is a
 * dead address (userunknown, hard).
 *
 * PLACEHOLDER: the real rules are being written (issue 3); this signature is the contract.
 */
import { verdictForReason, type Reason, type Verdict } from '../reasons.js';

export interface BounceEvidence {
  readonly replyCode?: string;
  readonly status?: string;
  readonly diagnostic?: string;
  /** DSN Action field when known: failed, delayed, delivered, relayed, expanded. */
  readonly action?: string;
}

export interface Classification {
  readonly reason: Reason;
  readonly verdict: Verdict;
  /** Normalised codes found in the evidence ("" when none). */
  readonly status: string;
  readonly replyCode: string;
}

export function classifyBounce(e: BounceEvidence): Classification {
  const status = e.status ?? '';
  const replyCode = e.replyCode ?? '';
  const reason: Reason = status.startsWith('5.1.1') ? 'userunknown' : 'undefined';
  return { reason, verdict: verdictForReason(reason, { status, replyCode }), status, replyCode };
}
