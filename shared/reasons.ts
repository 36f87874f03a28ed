/**
 * The reason vocabulary (Sisimai 5.x, whose labelled samples test/fixtures/mail holds; see its README.md) plus
 * `unsubscribed`, and the verdicts a bounce can carry. Every importer maps into these;
 * the UI shows `label` and `explanation` so that every verdict can be explained in plain words.
 */

export const VERDICTS = ['hard', 'soft', 'complaint', 'auto-reply', 'delivered', 'unknown'] as const;
export type Verdict = (typeof VERDICTS)[number];

export const REASONS = [
  'userunknown', 'hostunknown', 'hasmoved', 'notaccept', 'mailboxfull', 'expired', 'filtered',
  'rejected', 'blocked', 'feedback', 'authfailure', 'networkerror', 'policyviolation',
  'requireptr', 'suspend', 'spamdetected', 'systemerror', 'securityerror', 'mailererror',
  'norelaying', 'notcompliantrfc', 'onhold', 'toomanyconn', 'vacation', 'delivered',
  'badreputation', 'exceedlimit', 'mesgtoobig', 'contenterror', 'syntaxerror', 'virusdetected',
  'speeding', 'undefined', 'failedstarttls', 'systemfull', 'suppressed', 'unsubscribed',
] as const;
export type Reason = (typeof REASONS)[number];

export interface ReasonInfo {
  readonly label: string;
  /** One sentence a marketer understands: what happened and whether the address is at fault. */
  readonly explanation: string;
  /** Whose problem it is: the recipient's address, the message/sender, or neither. */
  readonly side: 'address' | 'sender' | 'transient' | 'not-a-bounce';
}

export const REASON_INFO: Readonly<Record<Reason, ReasonInfo>> = {
  userunknown: { label: 'Mailbox does not exist', side: 'address', explanation: 'The receiving server says there is no such mailbox at this domain. Sending again will bounce again.' },
  hostunknown: { label: 'Domain does not exist', side: 'address', explanation: 'The domain has no mail server (or does not exist at all), so no address at it can receive mail.' },
  hasmoved: { label: 'Address has moved', side: 'address', explanation: 'The recipient moved to a new address and mail to the old one is not forwarded.' },
  notaccept: { label: 'Domain accepts no mail', side: 'address', explanation: 'The destination does not accept email at all (for example a "null MX" domain).' },
  mailboxfull: { label: 'Mailbox full', side: 'transient', explanation: 'The mailbox exists but is over its storage quota. Usually temporary; watch for repeats.' },
  expired: { label: 'Delivery timed out', side: 'transient', explanation: 'The sending server kept retrying and gave up after its queue lifetime. Often a temporary outage.' },
  filtered: { label: 'Filtered by recipient rules', side: 'sender', explanation: 'The address exists, but a rule on the receiving side refused this message.' },
  rejected: { label: 'Sender address refused', side: 'sender', explanation: 'The receiving server refused the sender (the From or return-path address or domain), not the recipient.' },
  blocked: { label: 'Sending server blocked', side: 'sender', explanation: "The receiving server refused the sending IP or host (for example a blocklist listing). It's about your sending reputation, not the address." },
  feedback: { label: 'Spam complaint', side: 'not-a-bounce', explanation: 'The recipient reported a delivered message as spam (a feedback report). Remove for consent.' },
  authfailure: { label: 'SPF/DKIM/DMARC failed', side: 'sender', explanation: "The message failed the receiver's sender-authentication checks. Fix your domain's SPF, DKIM or DMARC; the address is fine." },
  networkerror: { label: 'Network or DNS error', side: 'transient', explanation: 'A DNS lookup or network problem prevented delivery. Usually temporary.' },
  policyviolation: { label: 'Refused by policy', side: 'sender', explanation: "The receiver's local policy refused the message (for example a restricted list or content category)." },
  requireptr: { label: 'No reverse DNS for sender', side: 'sender', explanation: 'The sending IP has no matching reverse DNS record, so the receiver refused it. A sending-setup problem.' },
  suspend: { label: 'Mailbox disabled', side: 'address', explanation: 'The mailbox is disabled, deactivated or discontinued. A permanent refusal is removed (providers recycle dead accounts into spam traps); a temporary one is watched.' },
  spamdetected: { label: 'Rejected as spam', side: 'sender', explanation: "The receiver's filter judged this message to be spam. It's about the content or sender, not the address." },
  systemerror: { label: 'Receiving system error', side: 'transient', explanation: 'The receiving system had an internal error or misconfiguration.' },
  securityerror: { label: 'Security check failed', side: 'sender', explanation: 'The receiving host flagged a security problem with the sender (authentication required, suspicious sender).' },
  mailererror: { label: 'Local delivery program failed', side: 'transient', explanation: 'A delivery program on the receiving side (pipe, procmail…) failed.' },
  norelaying: { label: 'Relaying denied', side: 'sender', explanation: 'The server refused to relay mail for this destination; usually a routing or configuration problem.' },
  notcompliantrfc: { label: 'Message not standards-compliant', side: 'sender', explanation: 'The message broke the mail standards (for example duplicated or malformed headers).' },
  onhold: { label: 'Undetermined (on hold)', side: 'transient', explanation: 'The bounce carries error text, but its cause could not be identified yet.' },
  toomanyconn: { label: 'Too many connections', side: 'sender', explanation: 'The receiving host refused because the sender opened too many simultaneous connections. Try later.' },
  vacation: { label: 'Automatic reply', side: 'not-a-bounce', explanation: 'An out-of-office or other automatic reply. The message was delivered; this is not a bounce.' },
  delivered: { label: 'Delivered', side: 'not-a-bounce', explanation: 'A delivery report saying the message arrived. Not a bounce.' },
  badreputation: { label: 'Poor sender reputation', side: 'sender', explanation: "The receiver refused because of the sending IP's or domain's reputation score." },
  exceedlimit: { label: 'Over recipient size limit', side: 'transient', explanation: "The message exceeded a size limit set for the recipient's mailbox." },
  mesgtoobig: { label: 'Message too big', side: 'sender', explanation: 'The message is larger than the receiving server accepts.' },
  contenterror: { label: 'Invalid message format', side: 'sender', explanation: "The message's format or encoding was invalid (bad headers or MIME)." },
  syntaxerror: { label: 'SMTP syntax error', side: 'sender', explanation: 'The sending server made an SMTP command syntax or sequence error.' },
  virusdetected: { label: 'Virus detected', side: 'sender', explanation: 'The receiver found a virus or malware in the message.' },
  speeding: { label: 'Rate limited', side: 'sender', explanation: 'The sender sent too much too fast; the receiver asked to try again later.' },
  undefined: { label: 'Unknown reason', side: 'transient', explanation: 'No reason could be determined from the bounce.' },
  failedstarttls: { label: 'TLS failed', side: 'sender', explanation: 'A secure (STARTTLS) connection was required but could not be negotiated.' },
  systemfull: { label: 'Receiving server full', side: 'transient', explanation: "The receiving server's disk or storage is full." },
  suppressed: { label: 'On a suppression list', side: 'sender', explanation: 'The sending service refused to send because the address is on its suppression list.' },
  unsubscribed: { label: 'Unsubscribed', side: 'not-a-bounce', explanation: 'The contact unsubscribed. Remove for consent.' },
};

export const VERDICT_INFO: Readonly<Record<Verdict, { label: string; explanation: string }>> = {
  hard: { label: 'Hard bounce', explanation: 'The address itself is permanently bad.' },
  soft: { label: 'Soft bounce', explanation: "A temporary problem, or one on the sender's side; the address may be fine." },
  complaint: { label: 'Complaint / unsubscribe', explanation: 'The contact complained or unsubscribed: remove for consent.' },
  'auto-reply': { label: 'Automatic reply', explanation: 'An automatic reply, not a bounce.' },
  delivered: { label: 'Delivered', explanation: 'The message was delivered.' },
  unknown: { label: 'Unknown', explanation: 'Could not tell what this report means.' },
};

export function isReason(s: string): s is Reason {
  return (REASONS as readonly string[]).includes(s);
}

/**
 * Sisimai's hard/soft rule (corpus README): userunknown, hostunknown and hasmoved are always
 * hard; notaccept is hard unless the code is temporary (4xx); every other failure is soft;
 * feedback, vacation and delivered are not failures.
 * One deliberate departure, because the question here is whether mail to the address will keep
 * failing: a disabled / discontinued account (suspend) refused with a permanent code or with no
 * code is hard, as Sisimai keeps it soft. Mailing dead accounts hurts the sender, and providers
 * recycle them into spam traps. A 4xx suspension stays soft (the Rules can make all of them soft).
 */
export function verdictForReason(reason: Reason, code?: { status?: string; replyCode?: string }): Verdict {
  switch (reason) {
    case 'userunknown':
    case 'hostunknown':
    case 'hasmoved':
      return 'hard';
    case 'notaccept':
    case 'suspend': {
      const first = (code?.status || code?.replyCode || '').charAt(0);
      return first === '4' ? 'soft' : 'hard';
    }
    case 'feedback':
    case 'unsubscribed':
      return 'complaint';
    case 'vacation':
      return 'auto-reply';
    case 'delivered':
      return 'delivered';
    default:
      return 'soft';
  }
}
