/**
 * Reasons a bounce format states by itself, passed to the classifier as a hint. Only what the
 * report's structure or the MTA's own error category says outright belongs here; reading the
 * wording of remote servers' replies is the classifier's job.
 */
import type { Reason } from '../../../shared/reasons.js';
import type { Found } from './message.js';

/** The sending MTA gave up after its queue lifetime (not a remote server's verdict). */
const GAVE_UP = /retry timeout exceeded|retry time not reached for any host after a long failure period|delivery time expired|message expired|could not be delivered (?:with)?in \d+ (?:days|hours)|was not delivered within|message (?:has been )?(?:queued|undeliverable) (?:for|since) (?:more than )?\d+ (?:days|hours)|Cannot deliver (?:the )?message (?:after|within)|Delivery expired|expired after \d+|Could not deliver for the last \d+ seconds|Envelope expired/i;

/**
 * Categories some MTAs and providers state in their own words (their report layout, not a
 * remote server's reply): Google Groups refuses posts, EZweb/KDDI filters, Exim pipe failures.
 */
const OWN_CATEGORIES: Record<string, [RegExp, Reason][]> = {
  googlegroups: [[/./, 'rejected']],
  exim: [[/^\s*pipe to \||\bpipe to \|/m, 'mailererror']],
  ezweb: [
    [/rejected by a remote mail server|domain filter|address filter/i, 'filtered'],
    [/The user\(s\) account is disabled/i, 'suspend'],
  ],
};

export function dialectHint(provider: string, f: Found, report: string): Reason | undefined {
  if (f.action === 'delivered' || f.action === 'deliverable') return 'delivered';
  if (f.action === 'expanded' || f.action === 'relayed') return 'delivered';
  if (f.action !== 'delayed' && GAVE_UP.test(f.diagnostic + '\n' + report.slice(0, 3000))) return 'expired';
  const own = OWN_CATEGORIES[provider];
  if (own) for (const [re, reason] of own) if (re.test(f.diagnostic) || re.test(report.slice(0, 3000))) return reason;
  return undefined;
}
