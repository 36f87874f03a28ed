/**
 * One plain-English sentence per bounce for the review screen and the removed-list export:
 * what the receiving side said, the codes it said it with, and what that means for the address.
 *   "The receiving server said the mailbox does not exist (550 5.1.1): this address is dead."
 */
import { REASON_INFO, type Reason } from '../reasons.js';
import type { Classification } from './classify.js';

/** What the other side said, as a clause that follows "The receiving server said". */
const SAID: Partial<Record<Reason, string>> = {
  userunknown: 'the mailbox does not exist',
  hostunknown: 'the domain does not exist or has no mail server',
  hasmoved: 'the recipient has moved and mail is not forwarded',
  notaccept: 'the domain does not accept email at all',
  mailboxfull: 'the mailbox is full',
  expired: 'nobody could be reached in time, so the sending server gave up',
  filtered: "a rule on the recipient's side refused this message",
  rejected: 'it refuses the sender address or domain',
  blocked: 'it refuses mail from the sending server (IP address or host), for example because of a blocklist',
  authfailure: 'the message failed the SPF, DKIM or DMARC checks',
  networkerror: 'a DNS or network problem got in the way',
  policyviolation: 'its local policy does not allow this message',
  requireptr: 'the sending IP address has no matching reverse DNS name',
  suspend: 'the mailbox exists but is disabled or suspended',
  spamdetected: 'its filter judged the message to be spam',
  systemerror: 'it had an internal error',
  securityerror: 'a security check on the sender failed',
  mailererror: 'a local delivery program failed',
  norelaying: 'it does not relay mail for this destination',
  notcompliantrfc: 'the message breaks the mail standards (for example duplicated or malformed headers)',
  onhold: 'something went wrong, without saying clearly what',
  toomanyconn: 'the sender had too many connections open',
  badreputation: "the sending IP address or domain has a poor reputation",
  exceedlimit: "the message is larger than this mailbox's limit",
  mesgtoobig: 'the message is larger than it accepts',
  contenterror: "the message's format or encoding is invalid",
  syntaxerror: 'the sending server made an SMTP command error',
  virusdetected: 'it found a virus or malware in the message',
  speeding: 'the sender is sending too fast and must slow down',
  undefined: 'nothing that could be understood',
  failedstarttls: 'a secure (TLS) connection was required but could not be set up',
  systemfull: 'its storage is full',
  suppressed: 'the address is on the sending service\'s suppression list',
};

/** What to do about the address, keyed by who is at fault. */
function consequence(c: Classification): string {
  if (c.verdict === 'hard') return c.reason === 'notaccept' ? 'no address at this domain can receive mail' : 'this address is dead';
  switch (REASON_INFO[c.reason].side) {
    case 'transient':
      return 'usually temporary, so keep the address and watch for repeats';
    case 'sender':
      return 'the problem is on the sending side, not with this address';
    default:
      return 'keep the address and watch for repeats';
  }
}

function codes(c: Classification): string {
  const parts = [c.replyCode, c.status].filter(Boolean);
  return parts.length ? ` (${parts.join(' ')})` : '';
}

function quote(diagnostic: string | undefined, max = 140): string {
  const t = (diagnostic ?? '').replace(/\s+/g, ' ').trim();
  if (!t) return '';
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/**
 * A sentence a marketer understands. When the reason could not be identified, the server's own
 * words are quoted, since they are then the only information there is. `delayed` marks a delay
 * notice (the sender was still retrying; BounceRecord.delayed): not a bounce yet.
 */
export function explainBounce(c: Classification, diagnostic?: string, opts: { delayed?: boolean } = {}): string {
  if (opts.delayed) {
    // the cause a delay names, unless it is only the delay itself
    const why = c.reason !== 'expired' && c.reason !== 'undefined' && c.reason !== 'onhold' && SAID[c.reason] ? `; the receiving server said ${SAID[c.reason]}` : '';
    return `The message is delayed, not bounced: the sending server is still retrying${why}${codes(c)}. ListSweep keeps the address and watches it; a delay never removes an address on its own.`;
  }
  switch (c.reason) {
    case 'feedback':
      return 'The recipient reported a delivered message as spam (a feedback report): remove this address for consent.';
    case 'unsubscribed':
      return 'The contact unsubscribed: remove this address for consent.';
    case 'vacation':
      return 'This is an automatic reply (out of office or similar): the message was delivered and the address works.';
    case 'delivered':
      return `The receiving server confirmed delivery${codes(c)}: the address works.`;
    default:
      break;
  }
  const said = SAID[c.reason] ?? REASON_INFO[c.reason].label.toLowerCase();
  let sentence = `The receiving server said ${said}${codes(c)}: ${consequence(c)}.`;
  if (c.reason === 'expired') {
    sentence = `The sending server kept retrying until its time limit ran out, then gave up${codes(c)}: the message was not delivered, but nothing says the address is bad (often a temporary outage). ListSweep keeps the address and watches it; repeated failures in different campaigns or on different days remove it (the Rules set how many).`;
  }
  if (c.reason === 'suppressed') sentence = `The sending service did not send, because the address is on its suppression list${codes(c)}: ${consequence(c)}.`;
  if (c.reason === 'onhold' || c.reason === 'undefined') {
    const q = quote(diagnostic);
    if (q) sentence = `The bounce gave no recognisable cause${codes(c)}: "${q}". ${capitalise(consequence(c))}.`;
  }
  return sentence;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
