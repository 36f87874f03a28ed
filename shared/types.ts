/**
 * The records that cross between importers, the store, the policy and the UI.
 * Importers produce these; nothing downstream knows which file format they came from.
 */
import type { Reason, Verdict } from './reasons.js';

/** One bounce (or complaint, unsubscribe, auto-reply…) for one recipient, as read from one source. */
export interface BounceRecord {
  /** The recipient address as it appeared in the source (not normalised). */
  readonly email: string;
  readonly verdict: Verdict;
  readonly reason: Reason;
  /** Enhanced status code (RFC 3463), e.g. "5.1.1"; "" when unknown. */
  readonly status: string;
  /** SMTP reply code, e.g. "550"; "" when unknown. */
  readonly replyCode: string;
  /** The diagnostic text the verdict was read from ("" when none). */
  readonly diagnostic: string;
  /** MTA or ESP format recognised ("postfix", "sendgrid", …); "generic" when none. */
  readonly provider: string;
  /** 1-based row number in a spreadsheet, or message index in an mbox/folder. */
  readonly sourceIndex: number;
  /** ISO 8601 when known. */
  readonly occurredAt?: string;
  readonly campaign?: string;
  readonly messageId?: string;
  /** ARF Feedback-Type for complaints ("abuse", "opt-out"…). */
  readonly feedbackType?: string;
  /** The provider's own type label as written in the source ("HardBounce", "Permanent/General"…). */
  readonly providerType?: string;
  /** Set when the provider's type and its own diagnostic disagree: what the diagnostic alone says. */
  readonly disagreement?: string;
  /** The lines the reason was read from, for the review's "why". */
  readonly evidence?: string;
  /**
   * A delay notice: the sender was still retrying (DSN Action: delayed, SendGrid/Brevo
   * "deferred", Resend "delivery_delayed"). Soft evidence shown in the history; see Policy.countDelays.
   */
  readonly delayed?: boolean;
  /**
   * The DSN's Final-Recipient when it differs from `email` (the Original-Recipient: a forwarded
   * alias or list address, which is what the contact list holds). Both stay in `evidence`.
   */
  readonly finalRecipient?: string;
}

/** A bounce as stored: the record plus where it came from. */
export interface StoredBounce extends BounceRecord {
  readonly id: number;
  readonly sourceId: number;
  readonly sourceName: string;
}

/** Result of checking one address (hygiene). Also the `check-email` CLI line. */
export interface EmailCheck {
  readonly address: string;
  readonly valid: boolean;
  /** Normalised form used for duplicate detection and matching bounces; "" when unusable. */
  readonly normalized: string;
  /** A suggested correction of a likely domain typo ("" when none). Never applied silently. */
  readonly suggestion: string;
  readonly role: boolean;
  readonly disposable: boolean;
  /** Human-readable problem ("two @", "space in address"…), "" when none. */
  readonly problem: string;
}

export const DECISIONS = ['keep', 'remove', 'watch'] as const;
export type Decision = (typeof DECISIONS)[number];

/** Why the policy decided what it did, one code per rule. */
export type DecisionCause =
  | 'clean'          // nothing against it
  | 'hard-bounce'
  | 'complaint'
  | 'unsubscribed'
  | 'repeated-soft'
  | 'soft-bounce'    // soft bounces below the threshold: keep, watch
  | 'invalid'
  | 'duplicate'
  | 'role'
  | 'disposable'
  | 'override';

export interface JobProgress {
  readonly jobId: string;
  readonly kind: JobKind;
  /** Short phase name shown in the progress bar ("Reading", "Saving"…). */
  readonly phase: string;
  readonly done: number;
  /** 0 when unknown. */
  readonly total: number;
  readonly unit: 'bytes' | 'rows' | 'files' | 'messages';
}

export type JobKind = 'import-contacts' | 'import-bounces' | 'export';

export type JobOutcome =
  | { readonly status: 'done'; readonly summary: string; readonly warnings: readonly string[] }
  | { readonly status: 'cancelled' }
  | { readonly status: 'failed'; readonly code: string; readonly message: string };
