/**
 * Enhanced mail system status codes (RFC 3463 and the later registrations in the IANA
 * "SMTP Enhanced Status Codes" registry, RFC 5248), with the reason each one points at when
 * the diagnostic text says nothing more specific.
 *
 * The reason columns are a fallback, not the verdict: a code is often chosen loosely by the
 * server (5.7.1 is used for RBL blocks, spam, SPF and "not authorised" alike), so the classifier
 * only lets a code decide on its own when it is specific (5.1.1, 5.2.2, 5.7.25 …) and otherwise
 * reads the text first. Where the permanent (5.x) and transient (4.x) forms mean different things
 * for a mailing list the two columns differ (4.1.2 is a DNS hiccup, 5.1.2 a dead domain).
 */
import type { Reason } from '../reasons.js';

export interface StatusInfo {
  /** "X.1.1" form (class-independent). */
  readonly code: string;
  readonly title: string;
  /** One plain sentence (RFC wording shortened). */
  readonly meaning: string;
  readonly rfc: string;
  /** Reason for the permanent (5.x.x) form; null = the code alone is too vague to say. */
  readonly perm: Reason | null;
  /** Reason for the transient (4.x.x) form. */
  readonly temp: Reason | null;
}

type Row = readonly [code: string, title: string, meaning: string, rfc: string, perm: Reason | null, temp?: Reason | null];

// Decisions that differ from a literal reading, and why:
// - X.1.0 / X.1.3 -> userunknown: a malformed or unusable destination address is as dead as a
//   missing one for list cleaning (Sisimai does the same).
// - 4.1.1 stays userunknown: Postfix answers 450 4.1.1 for unverified recipients and Sisimai's
//   hard rule keeps userunknown hard whatever the class.
// - 4.1.2 / 4.4.4 -> networkerror: a transient lookup failure must not condemn the address.
// - 5.2.1 -> filtered, 4.2.1 -> blocked, 5.7.1 -> securityerror: Sisimai's mapping; the
//   corpus labels were produced with it and the text rules usually decide these anyway.
// - X.7.27 is "Sender address has null MX" (RFC 7505 section 4.2): it is the sender's domain
//   that is refused, so it maps to rejected, not to notaccept (which would remove a good contact).
// - X.3.2 -> notaccept only in the permanent form ("host not accepting messages"); its
//   transient form is usually load shedding (systemerror-like), left to the text.
const ROWS: readonly Row[] = [
  ['X.0.0', 'Other undefined status', 'Only the class of the error is known.', 'RFC 3463', null, null],
  ['X.1.0', 'Other address status', 'Something about the address caused this report.', 'RFC 3463', 'userunknown', null],
  ['X.1.1', 'Bad destination mailbox address', 'The mailbox (the part left of the @) does not exist.', 'RFC 3463', 'userunknown', 'userunknown'],
  ['X.1.2', 'Bad destination system address', 'The destination domain does not exist or cannot accept mail.', 'RFC 3463', 'hostunknown', 'networkerror'],
  ['X.1.3', 'Bad destination mailbox address syntax', 'The destination address is syntactically invalid.', 'RFC 3463', 'userunknown', null],
  ['X.1.4', 'Destination mailbox address ambiguous', 'The address matches more than one recipient.', 'RFC 3463', 'filtered', null],
  ['X.1.5', 'Destination address valid', 'The address is valid (used in success reports).', 'RFC 3463', null, null],
  ['X.1.6', 'Destination mailbox has moved, no forwarding address', 'The mailbox was valid once but no longer accepts mail.', 'RFC 3463', 'hasmoved', 'hasmoved'],
  ['X.1.7', "Bad sender's mailbox address syntax", "The sender's address is syntactically invalid.", 'RFC 3463', 'rejected', 'rejected'],
  ['X.1.8', "Bad sender's system address", "The sender's domain does not exist or cannot take replies.", 'RFC 3463', 'rejected', 'rejected'],
  ['X.1.9', 'Message relayed to non-compliant mailer', 'The message went on to a system that cannot report further.', 'RFC 3886', 'systemerror', 'systemerror'],
  ['X.1.10', 'Recipient address has null MX', "The recipient's domain publishes a null MX: it takes no mail.", 'RFC 7505', 'notaccept', 'notaccept'],
  ['X.2.0', 'Other or undefined mailbox status', 'The mailbox exists but something about it caused this report.', 'RFC 3463', 'filtered', null],
  ['X.2.1', 'Mailbox disabled, not accepting messages', 'The mailbox exists but is not accepting messages.', 'RFC 3463', 'filtered', 'blocked'],
  ['X.2.2', 'Mailbox full', 'The mailbox is over its quota.', 'RFC 3463', 'mailboxfull', 'mailboxfull'],
  ['X.2.3', 'Message length exceeds administrative limit', "The message is larger than this mailbox's size limit.", 'RFC 3463', 'exceedlimit', 'exceedlimit'],
  ['X.2.4', 'Mailing list expansion problem', 'The address is a mailing list that could not be expanded.', 'RFC 3463', 'filtered', 'filtered'],
  ['X.3.0', 'Other or undefined mail system status', 'Something about the destination system caused this report.', 'RFC 3463', 'systemerror', null],
  ['X.3.1', 'Mail system full', "The destination system's storage is full.", 'RFC 3463', 'systemfull', 'systemfull'],
  ['X.3.2', 'System not accepting network messages', 'The destination host is not accepting messages (shutdown, load, maintenance).', 'RFC 3463', 'notaccept', 'notaccept'],
  ['X.3.3', 'System not capable of selected features', 'The destination does not support features the message needs.', 'RFC 3463', 'systemerror', 'systemerror'],
  ['X.3.4', 'Message too big for system', "The message is larger than the system's per-message limit.", 'RFC 3463', 'mesgtoobig', 'mesgtoobig'],
  ['X.3.5', 'System incorrectly configured', 'The destination system is misconfigured.', 'RFC 3463', 'systemerror', 'systemerror'],
  ['X.3.6', 'Requested priority was changed', 'The message was accepted at a different priority.', 'RFC 6710', null, null],
  ['X.4.0', 'Other or undefined network or routing status', 'Something went wrong with the network or routing.', 'RFC 3463', 'networkerror', null],
  ['X.4.1', 'No answer from host', 'The destination host did not answer.', 'RFC 3463', null, 'expired'],
  ['X.4.2', 'Bad connection', 'The connection broke or timed out before the message was taken.', 'RFC 3463', 'networkerror', 'networkerror'],
  ['X.4.3', 'Directory server failure', 'A directory server (such as DNS) was unavailable.', 'RFC 3463', 'systemerror', 'systemerror'],
  ['X.4.4', 'Unable to route', 'No route to the destination could be found (for example no MX or A record).', 'RFC 3463', 'hostunknown', 'networkerror'],
  ['X.4.5', 'Mail system congestion', 'The mail system was congested.', 'RFC 3463', null, 'systemfull'],
  ['X.4.6', 'Routing loop detected', 'The message was forwarded in a loop.', 'RFC 3463', 'networkerror', 'networkerror'],
  ['X.4.7', 'Delivery time expired', 'The message stayed in the queue too long and was given up.', 'RFC 3463', 'expired', 'expired'],
  ['X.4.8', 'Retry on IPv4 (not registered)', 'Used by some providers to ask for delivery over IPv4.', 'vendor', 'networkerror', 'networkerror'],
  ['X.5.0', 'Other or undefined protocol status', 'Something went wrong in the SMTP exchange.', 'RFC 3463', null, null],
  ['X.5.1', 'Invalid command', 'A command was out of sequence or not supported.', 'RFC 3463', 'syntaxerror', 'syntaxerror'],
  ['X.5.2', 'Syntax error', 'A command could not be interpreted.', 'RFC 3463', 'syntaxerror', 'syntaxerror'],
  ['X.5.3', 'Too many recipients', 'More recipients than the server takes in one message.', 'RFC 3463', 'toomanyconn', 'systemerror'],
  ['X.5.4', 'Invalid command arguments', 'A command had invalid arguments.', 'RFC 3463', 'systemerror', null],
  ['X.5.5', 'Wrong protocol version', 'The two servers could not agree on a protocol version.', 'RFC 3463', 'systemerror', 'systemerror'],
  ['X.5.6', 'Authentication exchange line is too long', 'An AUTH response exceeded the server buffer.', 'RFC 4954', 'syntaxerror', 'syntaxerror'],
  ['X.6.0', 'Other or undefined media error', 'Something about the content made it undeliverable.', 'RFC 3463', 'contenterror', 'contenterror'],
  ['X.6.1', 'Media not supported', 'The media type is not supported on the path.', 'RFC 3463', 'contenterror', 'contenterror'],
  ['X.6.2', 'Conversion required and prohibited', 'The content must be converted but conversion is not allowed.', 'RFC 3463', 'contenterror', 'contenterror'],
  ['X.6.3', 'Conversion required but not supported', 'The content must be converted but no host can do it.', 'RFC 3463', 'contenterror', 'contenterror'],
  ['X.6.4', 'Conversion with loss performed', 'Delivered, but a conversion lost some data.', 'RFC 3463', 'contenterror', 'contenterror'],
  ['X.6.5', 'Conversion failed', 'A required conversion failed.', 'RFC 3463', 'contenterror', 'contenterror'],
  ['X.6.6', 'Message content not available', 'The content could not be fetched from a remote system (BURL).', 'RFC 4468', 'contenterror', 'contenterror'],
  ['X.6.7', 'Non-ASCII addresses not permitted', 'Non-ASCII addresses are not permitted for this sender or recipient.', 'RFC 6531', 'contenterror', 'contenterror'],
  ['X.6.8', 'UTF-8 string reply required but not permitted', 'A UTF-8 reply is needed but the client does not allow it.', 'RFC 6531', 'contenterror', 'contenterror'],
  ['X.6.9', 'UTF-8 header cannot be transferred', 'A UTF-8 header message could not be passed on.', 'RFC 6531', 'contenterror', 'contenterror'],
  ['X.6.10', 'Duplicate of X.6.8 (deprecated)', 'Deprecated duplicate of X.6.8.', 'RFC 6531', 'contenterror', 'contenterror'],
  ['X.7.0', 'Other or undefined security status', 'A security or policy problem caused the return.', 'RFC 3463', 'securityerror', null],
  ['X.7.1', 'Delivery not authorized, message refused', 'The sender is not authorised to send here (per-host or per-recipient filtering).', 'RFC 3463', 'securityerror', 'blocked'],
  ['X.7.2', 'Mailing list expansion prohibited', 'The sender may not send to this mailing list.', 'RFC 3463', 'securityerror', 'blocked'],
  ['X.7.3', 'Security conversion required but not possible', 'A secure-messaging conversion was needed and impossible.', 'RFC 3463', 'securityerror', 'securityerror'],
  ['X.7.4', 'Security features not supported', 'The message used security features the path cannot support.', 'RFC 3463', 'securityerror', 'securityerror'],
  ['X.7.5', 'Cryptographic failure', 'A message could not be validated or decrypted in transit.', 'RFC 3463', 'securityerror', 'securityerror'],
  ['X.7.6', 'Cryptographic algorithm not supported', 'The cryptographic algorithm is not supported.', 'RFC 3463', 'securityerror', 'securityerror'],
  ['X.7.7', 'Message integrity failure', 'The message was corrupted or altered.', 'RFC 3463', 'securityerror', 'securityerror'],
  ['X.7.8', 'Authentication credentials invalid', 'SMTP AUTH failed: invalid credentials.', 'RFC 4954', 'securityerror', 'securityerror'],
  ['X.7.9', 'Authentication mechanism is too weak', 'The AUTH mechanism is weaker than the server allows.', 'RFC 4954', 'securityerror', 'securityerror'],
  ['X.7.10', 'Encryption needed', 'A strong privacy layer (TLS) is needed for this authentication.', 'RFC 5248', 'securityerror', 'securityerror'],
  ['X.7.11', 'Encryption required for requested authentication mechanism', 'The AUTH mechanism needs an encrypted connection.', 'RFC 4954', 'securityerror', 'securityerror'],
  ['X.7.12', 'A password transition is needed', 'The user must switch authentication mechanism.', 'RFC 4954', 'securityerror', 'securityerror'],
  ['X.7.13', 'User account disabled', 'The account has been disabled by its administrator.', 'RFC 5248', 'suspend', 'suspend'],
  ['X.7.14', 'Trust relationship required', 'A trust relationship with a third party is needed (BURL).', 'RFC 5248', 'securityerror', 'securityerror'],
  ['X.7.15', 'Priority level is too low', 'The message priority is below what the server accepts now.', 'RFC 6710', 'securityerror', 'securityerror'],
  ['X.7.16', 'Message is too big for the specified priority', 'Too big for its priority level.', 'RFC 6710', 'mesgtoobig', 'mesgtoobig'],
  ['X.7.17', 'Mailbox owner has changed', 'The mailbox changed owner since the date the sender required (RRVS).', 'RFC 7293', 'hasmoved', null],
  ['X.7.18', 'Domain owner has changed', 'The domain changed owner since the date the sender required (RRVS).', 'RFC 7293', 'hasmoved', null],
  ['X.7.19', 'RRVS test cannot be completed', 'The ownership-since check could not be completed.', 'RFC 7293', 'securityerror', 'securityerror'],
  ['X.7.20', 'No passing DKIM signature found', 'The message carried no passing DKIM signature.', 'RFC 7372', 'authfailure', 'authfailure'],
  ['X.7.21', 'No acceptable DKIM signature found', 'DKIM signatures passed but none was acceptable.', 'RFC 7372', 'authfailure', 'authfailure'],
  ['X.7.22', 'No valid author-matched DKIM signature found', "No passing DKIM signature matched the From domain.", 'RFC 7372', 'authfailure', 'authfailure'],
  ['X.7.23', 'SPF validation failed', 'The SPF check returned fail.', 'RFC 7372', 'authfailure', 'authfailure'],
  ['X.7.24', 'SPF validation error', 'The SPF check could not be evaluated (DNS or record error).', 'RFC 7372', 'authfailure', 'authfailure'],
  ['X.7.25', 'Reverse DNS validation failed', "The sending IP's reverse DNS (PTR) check failed.", 'RFC 7372', 'requireptr', 'requireptr'],
  ['X.7.26', 'Multiple authentication checks failed', 'More than one sender-authentication check failed.', 'RFC 7372', 'authfailure', 'authfailure'],
  ['X.7.27', 'Sender address has null MX', "The sender's domain publishes a null MX, so the receiver refuses it.", 'RFC 7505', 'rejected', 'rejected'],
  ['X.7.28', 'Mail flood detected', 'The message looks like part of a flood of similar abusive messages.', 'IANA registry', 'spamdetected', 'spamdetected'],
  ['X.7.29', 'ARC validation failure', 'The message failed ARC validation.', 'RFC 8617', 'authfailure', 'authfailure'],
  ['X.7.30', 'REQUIRETLS support required', 'The message requires TLS all the way and the path cannot provide it.', 'RFC 8689', 'failedstarttls', 'failedstarttls'],
];

export const STATUS_TABLE: ReadonlyMap<string, StatusInfo> = new Map(
  ROWS.map(([code, title, meaning, rfc, perm, temp]) => [code, { code, title, meaning, rfc, perm, temp: temp === undefined ? perm : temp }]),
);

export const CLASS_MEANING: Readonly<Record<string, string>> = {
  '2': 'Success',
  '4': 'Persistent transient failure',
  '5': 'Permanent failure',
};

export const SUBJECT_MEANING: Readonly<Record<string, string>> = {
  '0': 'Other or undefined status',
  '1': 'Addressing status',
  '2': 'Mailbox status',
  '3': 'Mail system status',
  '4': 'Network and routing status',
  '5': 'Mail delivery protocol status',
  '6': 'Message content or media status',
  '7': 'Security or policy status',
};

/**
 * Vendor detail codes outside the IANA registry that are common enough to carry meaning on their
 * own. Exchange Online / Microsoft 365 publish hundreds (5.7.5xx–7xx); these are the ones about
 * a reason we distinguish. Keyed by the full code (class included).
 */
const VENDOR: ReadonlyMap<string, { title: string; reason: Reason }> = new Map([
  ['4.4.316', { title: 'Connection refused (Exchange Online)', reason: 'expired' }],
  ['5.4.300', { title: 'Message expired (Exchange Online)', reason: 'expired' }],
  ['5.4.316', { title: 'Message expired, connection refused (Exchange Online)', reason: 'expired' }],
  ['4.4.317', { title: 'STARTTLS required (Exchange Online)', reason: 'failedstarttls' }],
  ['5.4.317', { title: 'STARTTLS required (Exchange Online)', reason: 'failedstarttls' }],
  ['4.7.321', { title: 'STARTTLS not supported (Exchange Online)', reason: 'failedstarttls' }],
  ['5.7.321', { title: 'STARTTLS not supported (Exchange Online)', reason: 'failedstarttls' }],
  ['5.7.322', { title: 'Certificate expired (Exchange Online)', reason: 'failedstarttls' }],
  ['5.6.11', { title: 'Invalid characters / bare line feeds (Exchange Online)', reason: 'contenterror' }],
  ['5.7.509', { title: 'Sending domain does not pass DMARC (Exchange Online)', reason: 'authfailure' }],
  ['5.7.515', { title: 'Sending domain does not meet the required authentication level (Exchange Online)', reason: 'authfailure' }],
  ['5.7.506', { title: 'Bad HELO (Exchange Online)', reason: 'blocked' }],
  ['5.7.507', { title: 'Sending IP rejected by the recipient organisation (Exchange Online)', reason: 'blocked' }],
  ['5.7.510', { title: 'Recipient does not accept mail over IPv6 (Exchange Online)', reason: 'blocked' }],
  ['5.7.511', { title: 'Banned sender (Exchange Online)', reason: 'blocked' }],
  ['5.7.512', { title: 'Message not RFC 5322 compliant (Exchange Online)', reason: 'notcompliantrfc' }],
  ['5.7.513', { title: 'Sending IP on the customer block list (Exchange Online)', reason: 'blocked' }],
  ['4.7.650', { title: 'Rate limited due to IP reputation (Outlook.com)', reason: 'badreputation' }],
  ['5.7.350', { title: 'Remote server returned message detected as spam (Exchange Online)', reason: 'spamdetected' }],
]);

/**
 * Sisimai's own pseudo codes (`5.0.9NN`, `4.0.9NN`): not real SMTP codes, but exports produced
 * with Sisimai carry them, and they name the reason exactly.
 */
const PSEUDO: Readonly<Record<string, Reason>> = {
  '900': 'undefined', '901': 'onhold', '902': 'syntaxerror', '903': 'suppressed', '909': 'norelaying',
  '910': 'filtered', '911': 'userunknown', '912': 'hostunknown', '916': 'hasmoved', '918': 'rejected',
  '921': 'suspend', '922': 'mailboxfull', '923': 'exceedlimit', '924': 'filtered', '926': 'authfailure',
  '930': 'systemerror', '931': 'systemfull', '932': 'notaccept', '934': 'mesgtoobig', '939': 'mailererror',
  '944': 'networkerror', '945': 'toomanyconn', '946': 'speeding', '947': 'expired', '960': 'contenterror',
  '970': 'securityerror', '971': 'blocked', '972': 'policyviolation', '973': 'requireptr',
  '974': 'notcompliantrfc', '975': 'badreputation', '976': 'failedstarttls', '980': 'spamdetected', '981': 'virusdetected',
};

/** True for a Sisimai pseudo code such as 5.0.911 (inferred, not said by any server). */
export function isPseudoStatus(status: string): boolean {
  return /^[45]\.0\.9\d\d$/.test(status);
}

/** Row of the registry for a status code, or undefined for an unregistered detail. */
export function statusInfo(status: string): StatusInfo | undefined {
  const dot = status.indexOf('.');
  if (dot !== 1) return undefined;
  return STATUS_TABLE.get(`X${status.slice(1)}`);
}

/**
 * The reason a status code points at on its own, or null when it is too vague (X.0.0, 5.5.0,
 * an unregistered detail of a vague subject). Pseudo codes and known vendor codes count.
 */
export function reasonForStatus(status: string): Reason | null {
  if (status.length < 5) return null;
  const cls = status.charAt(0);
  if (cls === '2') return 'delivered';
  if (cls !== '4' && cls !== '5') return null;
  if (isPseudoStatus(status)) return PSEUDO[status.slice(4)] ?? null;
  const vendor = VENDOR.get(status);
  if (vendor) return vendor.reason;
  const info = statusInfo(status);
  if (info) return cls === '5' ? info.perm : info.temp;
  // Exchange Online's ranges: 5.7.606-649 banned sending IP, 5.7.7xx tenant sending blocked.
  const m = /^[45]\.7\.(\d{3})$/.exec(status);
  if (m) {
    const n = Number(m[1]);
    if (n >= 606 && n <= 649) return 'blocked';
    if (n >= 500 && n <= 899 && cls === '4') return 'blocked';
  }
  return null;
}

/** "5.1.1 Bad destination mailbox address (permanent failure)". */
export function describeStatus(status: string): string {
  if (!status) return '';
  const vendor = VENDOR.get(status);
  const info = statusInfo(status);
  const cls = CLASS_MEANING[status.charAt(0)] ?? 'Unknown class';
  if (isPseudoStatus(status)) return `${status} (inferred code, not sent by a server)`;
  if (vendor) return `${status} ${vendor.title}`;
  if (info) return `${status} ${info.title} (${cls.toLowerCase()})`;
  const subject = SUBJECT_MEANING[status.split('.')[1] ?? ''];
  return subject ? `${status} ${subject} (${cls.toLowerCase()})` : status;
}
