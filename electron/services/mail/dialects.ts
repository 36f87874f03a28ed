/**
 * Reasons a bounce format states by itself, passed to the classifier as a hint. Only what the
 * report's structure or the MTA's own error category says outright belongs here; reading the
 * wording of remote servers' replies is the classifier's job.
 */
import type { Reason } from '../../../shared/reasons.js';
import type { Found } from './message.js';

/** The sending MTA gave up after its queue lifetime (not a remote server's verdict). */
const GAVE_UP = /retry timeout exceeded|retry time not reached for any host after a long failure period|delivery time expired|message expired|could not be delivered (?:with)?in \d+ (?:days|hours)|has been in the queue too long|was not delivered within|Unable to deliver message after multiple retries|message (?:has been )?(?:queued|undeliverable) (?:for|since) (?:more than )?\d+ (?:days|hours)|timeout while waiting for|Cannot deliver (?:the )?message (?:after|within)|giving up after|Delivery expired|expired after \d+/i;

export function dialectHint(provider: string, f: Found, report: string): Reason | undefined {
  if (f.action === 'delivered' || f.action === 'deliverable') return 'delivered';
  if (f.action === 'expanded' || f.action === 'relayed') return 'delivered';
  const text = `${f.diagnostic}\n${provider === 'rfc3464' ? '' : report}`;
  if (f.action !== 'delayed' && GAVE_UP.test(f.diagnostic + '\n' + report.slice(0, 3000))) return 'expired';
  void text;
  return undefined;
}
