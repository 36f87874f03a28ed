/**
 * Turns what a provider said about one recipient into a BounceRecord. The provider's own type
 * decides the verdict (it saw the whole delivery attempt, retries included); the diagnostic text
 * decides the reason (through the shared classifier), and where the two disagree the record
 * keeps the provider's verdict and says so in `disagreement`.
 */
import { classifyBounce, type BounceEvidence } from '../bounce/classify.js';
import { REASON_INFO, VERDICT_INFO, type Reason, type Verdict } from '../reasons.js';
import type { BounceRecord } from '../types.js';

/** A bounce as a provider mapper reports it, before the classifier and the row number. */
export interface BounceDraft {
  email: string;
  /** The provider's verdict; undefined when the provider gives no type (classifier decides). */
  verdict?: Verdict;
  /** Reason the provider's type implies, used when the diagnostic gives none. */
  reason?: Reason;
  /** Reason that always wins (complaints, unsubscribes, auto-replies, status-only files). */
  fixedReason?: Reason;
  diagnostic?: string;
  status?: string;
  replyCode?: string;
  occurredAt?: string;
  campaign?: string;
  messageId?: string;
  feedbackType?: string;
  providerType?: string;
  /** DSN-style action when known ("failed", "delayed"). */
  action?: string;
  /** The provider files auto-replies under this soft type (SES Transient/General): let the diagnostic say so. */
  autoReplyOk?: boolean;
}

/** A non-bounce event the mapper skipped (delivered, open…), named for the preview's count. */
export interface Skip {
  skip: string;
}

export type MapResult = BounceDraft[] | Skip;

export function isSkip(r: MapResult): r is Skip {
  return !Array.isArray(r);
}

/** Reasons that carry no information of their own: the provider's implied reason beats them. */
const VAGUE: ReadonlySet<Reason> = new Set(['undefined', 'onhold']);

export function buildRecord(d: BounceDraft, provider: string, providerName: string, sourceIndex: number): BounceRecord {
  const diagnostic = oneLine(d.diagnostic ?? '');
  const evidence: BounceEvidence & { provider?: string } = {
    replyCode: d.replyCode ?? '',
    status: d.status ?? '',
    diagnostic,
    ...(d.action ? { action: d.action } : {}),
    provider,
  };
  const hasEvidence = Boolean(diagnostic || d.status || d.replyCode);
  const c = hasEvidence ? classifyBounce(evidence) : undefined;
  const status = d.status || c?.status || '';
  const replyCode = d.replyCode || c?.replyCode || '';

  let reason: Reason;
  let verdict: Verdict;
  let disagreement: string | undefined;
  if (d.fixedReason) {
    reason = d.fixedReason;
    verdict = d.verdict ?? c?.verdict ?? 'unknown';
  } else if (d.verdict === 'soft' && d.autoReplyOk && c?.verdict === 'auto-reply') {
    verdict = 'auto-reply';
    reason = c.reason;
  } else if (d.verdict) {
    verdict = d.verdict;
    const classified = c && !VAGUE.has(c.reason) ? c.reason : undefined;
    reason = classified ?? d.reason ?? c?.reason ?? 'undefined';
    // A typed auto-reply or the like needs no second opinion; hard vs soft is what matters.
    if (c && classified && (verdict === 'hard' || verdict === 'soft') && (c.verdict === 'hard' || c.verdict === 'soft' || c.verdict === 'auto-reply') && c.verdict !== verdict) {
      const v = VERDICT_INFO[c.verdict].label.toLowerCase();
      const r = REASON_INFO[c.reason].label.toLowerCase();
      disagreement = `The diagnostic reads as ${article(v)}${r === v ? '' : ` (${r})`}, but ${providerName} typed it ${d.providerType ? `"${d.providerType}"` : `a ${verdict} bounce`}; kept ${providerName}'s verdict.`;
    }
  } else if (c) {
    verdict = c.verdict;
    reason = !VAGUE.has(c.reason) ? c.reason : (d.reason ?? c.reason);
  } else {
    verdict = 'unknown';
    reason = d.reason ?? 'undefined';
  }

  const rec: BounceRecord = {
    email: d.email.trim(),
    verdict,
    reason,
    status,
    replyCode,
    diagnostic,
    provider,
    sourceIndex,
    ...(d.occurredAt ? { occurredAt: d.occurredAt } : {}),
    ...(d.campaign ? { campaign: d.campaign } : {}),
    ...(d.messageId ? { messageId: d.messageId } : {}),
    ...(d.feedbackType ? { feedbackType: d.feedbackType } : {}),
    ...(d.providerType ? { providerType: d.providerType } : {}),
    ...(disagreement ? { disagreement } : {}),
    ...(d.action === 'delayed' ? { delayed: true } : {}),
  };
  return rec;
}

function article(s: string): string {
  return /^[aeiou]/.test(s) ? `an ${s}` : `a ${s}`;
}

/** Diagnostics keep their words but not their line breaks (multi-line SMTP replies). */
function oneLine(s: string): string {
  return s.replace(/\s*[\r\n]+\s*/g, ' ').trim().slice(0, 2000);
}
