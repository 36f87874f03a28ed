/**
 * Short reason labels that providers write instead of SMTP text ("Invalid Email Address",
 * "Unknown user", "Soft Bounce - Mailbox Full"). They are the provider's own categorisation,
 * so they name the reason directly; free SMTP text still goes through the classifier.
 */
import type { Reason } from '../reasons.js';

const LABELS: readonly [RegExp, Reason][] = [
  [/invalid (e-?mail )?address|unknown user|user unknown|no such (user|mailbox)|(address|mailbox|account) (does not|doesn't) exist|non-?existent|bad e-?mail address|address recycled/i, 'userunknown'],
  [/invalid domain|domain (does not|doesn't) exist|no mail ?host|dns (error|failure|problem)/i, 'hostunknown'],
  [/not answering|connection (problem|failed|refused)/i, 'networkerror'],
  [/mailbox (is )?full|full mailbox|over quota|quota exceeded/i, 'mailboxfull'],
  [/mailbox (disabled|inactive|suspended)|account (disabled|inactive|suspended)/i, 'suspend'],
  [/time ?out|timed out|expired/i, 'expired'],
  [/spam|junk|blocked content/i, 'spamdetected'],
  [/dmarc|dkim|spf|authenticat/i, 'authfailure'],
  [/policy/i, 'policyviolation'],
  [/block|blacklist|blocklist|reputation/i, 'blocked'],
  [/content|attachment/i, 'filtered'],
  [/too (large|big)|message size|message length/i, 'mesgtoobig'],
  [/vacation|auto.?reply|out of office/i, 'vacation'],
];

/** The reason a short provider label names, or undefined (SMTP text and unknown labels). */
export function labelReason(label: string): Reason | undefined {
  const t = label.trim();
  // Anything carrying SMTP codes is a diagnostic, not a label: the classifier reads it.
  if (!t || t.length > 80 || /\b[245]\d\d\b|\b[245]\.\d{1,3}\.\d{1,3}\b/.test(t)) return undefined;
  for (const [re, reason] of LABELS) if (re.test(t)) return reason;
  return undefined;
}
