/**
 * Reads an SMTP reply code, an RFC 3463 enhanced status code and diagnostic text into a
 * reason and a verdict. A 5xx alone is not a hard bounce: `550 5.7.1 blocked using
 * zen.spamhaus.org` is the sender's reputation (blocked, soft), `550 5.1.1 user unknown` is a
 * dead address (userunknown, hard).
 *
 * Pure TypeScript (no node:*): the mail reader, the spreadsheet importers, the CLI and the renderer
 * all call it, on millions of rows, so every pattern is precompiled and results are memoised.
 *
 * Order of decisions, and why:
 *  1. What the report format itself states (reasonHint from the mail reader: feedback report,
 *     auto-reply, delivery success; DSN action delivered; 2.x.x codes) is not a matter of wording.
 *     Auto-reply wording is read first only when there is no SMTP code at all.
 *  2. Receiving providers' own codes (providers.ts: Orange OFR/LPN numbers, Exchange RESOLVER.*
 *     names, KDDI au, MessageLabs, reports written by the mailbox host): more precise than the
 *     words around them, as Sisimai's Rhost modules are.
 *  3. A pass over the reasons in a fixed order (PRIMARY), where each reason may be claimed by its
 *     specific status code or by its text. The order follows Sisimai's, which was tuned on years
 *     of real bounces: an ESP's "suppressed" notice first (it quotes the old cause); reasons whose
 *     wording is unambiguous and which often arrive with a misleading code next (a full mailbox
 *     is often answered "550 5.1.1" or "552 5.7.1"; "message too big" with 5.3.4 or 5.2.3); the
 *     address-level reasons next; the broad sender-side reasons (spam, rate, blocked) last,
 *     because their vocabulary ("blocked", "rejected", "policy") also appears inside more
 *     specific messages.
 *     A specific status code wins over vague text, but the userunknown code (5.1.1) gives way to
 *     text that clearly names another cause (relaying, RBL block, quota, moved, sender refused,
 *     null MX, a failing delivery program): servers answer 5.1.1 for all of those.
 *     The SMTP step matters (Sisimai's session rule): a refusal at MAIL FROM is about the sender;
 *     in a raw bounce (origin 'mail') "no such user" not given at RCPT time and without a 5.1.x
 *     code is a content filter's answer (filtered), except for providers' directory phrasings.
 *  4. Reply codes that name a reason by themselves (521/556 null MX, 523/524/538 TLS).
 *  5. When the status code is vague or absent, a second pass over broader text rules (SECONDARY);
 *     only then a catch-all hint from the report (expired, networkerror…).
 *  6. The status code's own meaning (RFC 3463 table), then its subject (X.6 content, X.7
 *     security), then leftovers: mailer program, SMTP syntax codes, DSN "delayed" -> expired.
 *  7. Auto-reply wording, then `onhold` (there is error text but no recognisable cause) or
 *     `undefined` (nothing at all).
 *
 * Verdict: Sisimai's hard/soft rule (verdictForReason), except that a DSN "delayed" report is
 * never hard (the sender is still trying).
 */
import { REASONS, verdictForReason, type Reason, type Verdict } from '../reasons.js';
import { extractCodes, isSyntaxReplyCode, normalizeReplyCode, normalizeStatus, reasonForReplyCode } from './codes.js';
import { providerReason } from './providers.js';
import { isPseudoStatus, reasonForStatus } from './rfc3463.js';
import { DIRECTORY_MISS, normalizeDiagnostic, textSays } from './rules.js';

export interface BounceEvidence {
  readonly replyCode?: string;
  readonly status?: string;
  readonly diagnostic?: string;
  /** DSN Action field when known: failed, delayed, delivered, relayed, expanded. */
  readonly action?: string;
  /**
   * Reason the bounce format itself states (ARF -> feedback, RFC 3834 auto-reply -> vacation,
   * an MTA's own category such as Exim "retry timeout exceeded" -> expired). feedback, vacation,
   * delivered and unsubscribed always win; "retry-able" hints (userunknown, hostunknown, expired,
   * networkerror, systemerror, securityerror, onhold, undefined) are checked against the text.
   */
  readonly reasonHint?: Reason;
  /** Lowercase MTA/ESP id that wrote the bounce ("postfix", "exim", "gmail"…). */
  readonly provider?: string;
  /** Remote MTA host name when known. */
  readonly remoteMta?: string;
  /** ARF Feedback-Type when the message is a feedback report. */
  readonly feedbackType?: string;
  /** SMTP command the remote rejected: CONN, HELO, EHLO, MAIL, RCPT, DATA, STARTTLS… */
  readonly command?: string;
  /**
   * Where the evidence comes from. 'mail' = read from a raw bounce message, where the SMTP
   * session is visible: a "no such user" that was not given at RCPT time and carries no 5.1.x
   * code is taken as a content filter's answer after DATA (filtered), as Sisimai does (carriers
   * such as NTT docomo answer "550 Unknown user" when the recipient filters the sender).
   * 'export' (default) = a summary line from an ESP export or spreadsheet: the words are taken
   * at face value.
   */
  readonly origin?: 'mail' | 'export';
}

export interface Classification {
  readonly reason: Reason;
  readonly verdict: Verdict;
  /** Normalised codes found in the evidence ("" when none). */
  readonly status: string;
  readonly replyCode: string;
}

/** Hints Sisimai re-examines against the text because MTAs use them as catch-alls. */
const RETRYABLE: ReadonlySet<Reason> = new Set<Reason>([
  'undefined', 'onhold', 'systemerror', 'securityerror', 'expired', 'networkerror', 'hostunknown', 'userunknown',
]);

// 'suppressed' leads: a sending service saying it did not even try ("on the suppression list",
// "previously bounced address") often quotes the old cause ("invalid address") as well.
const PRIMARY: readonly Reason[] = [
  'suppressed', 'mailboxfull', 'mesgtoobig', 'exceedlimit', 'suspend', 'hasmoved', 'notaccept', 'norelaying', 'authfailure', 'userunknown',
  'filtered', 'requireptr', 'notcompliantrfc', 'badreputation', 'contenterror', 'rejected', 'hostunknown',
  'spamdetected', 'speeding', 'toomanyconn', 'blocked',
];

const SECONDARY: readonly Reason[] = [
  'mailboxfull', 'authfailure', 'badreputation', 'speeding', 'spamdetected', 'virusdetected', 'policyviolation',
  'norelaying', 'systemerror', 'networkerror', 'suspend', 'contenterror', 'systemfull', 'notaccept', 'expired',
  'failedstarttls', 'securityerror', 'suppressed', 'mailererror', 'syntaxerror',
];

/** Causes that a refusal at MAIL FROM may name other than the sender address itself. */
const SENDER_SIDE: readonly Reason[] = [
  'blocked', 'spamdetected', 'speeding', 'toomanyconn', 'securityerror', 'policyviolation', 'systemerror', 'systemfull',
  'mailboxfull', 'norelaying', 'failedstarttls', 'networkerror', 'expired',
];

/** Commands sent before the message itself: content-based reasons cannot apply to them. */
const BEFORE_DATA: ReadonlySet<string> = new Set(['CONN', 'HELO', 'EHLO', 'MAIL', 'RCPT', 'STARTTLS', 'AUTH']);

interface Ctx {
  readonly text: string;
  readonly status: string;
  readonly replyCode: string;
  /** Reason the status code alone points at (null when vague or absent). */
  readonly byStatus: Reason | null;
  readonly command: string;
  readonly hint: Reason | null;
  readonly mail: boolean;
  readonly remoteMta: string;
  /** Per-call memo of textSays results (0 unknown, 1 yes, 2 no): several probes ask about the same reason. */
  readonly seen: Uint8Array;
}

const REASON_INDEX = new Map<Reason, number>(REASONS.map((r, i) => [r, i]));

function says(c: Ctx, reason: Reason): boolean {
  const i = REASON_INDEX.get(reason)!;
  const v = c.seen[i];
  if (v) return v === 1;
  const yes = textSays(reason, c.text);
  c.seen[i] = yes ? 1 : 2;
  return yes;
}

// Where the refusal happened, as MTAs write it: Postfix "(in reply to RCPT TO command)", Exim
// "after RCPT TO:<…>" / "after end of data", Sendmail ">>> DATA", qmail "does not like recipient",
// GMX "for TEXT command", Exchange/X3 "SMTP:RCPT host", qmail-remote "Connected to … but sender was
// rejected" / "… failed on DATA command".
const COMMAND_IN_TEXT = /\b(?:in reply to|after|while sending|in response to|for) (?:the )?(rcpt to|rcpt|mail from|data|end of data|text|helo|ehlo|starttls|initial connection)\b(?: command)?|>>> ?(rcpt to|mail from|data|helo|ehlo|starttls)\b|(smtp:rcpt|\[rcpt_to\]|\brcpt to response|\bdoes not like recipient|\bdoes not like sender|\bbut sender was rejected|\bbut greeting failed|\bbut my name was rejected|\bfailed on data command|\bfailed after i sent the message)/;

function commandFrom(e: BounceEvidence, text: string): string {
  if (e.command) return e.command.toUpperCase();
  const m = COMMAND_IN_TEXT.exec(text);
  if (!m) return '';
  const c = (m[1] ?? m[2] ?? m[3] ?? '').toLowerCase();
  if (c.includes('rcpt') || c === 'does not like recipient') return 'RCPT';
  if (c.startsWith('mail') || c === 'does not like sender' || c === 'but sender was rejected') return 'MAIL';
  if (c === 'data' || c === 'end of data' || c === 'text' || c === 'failed on data command' || c === 'failed after i sent the message') return 'DATA';
  if (c === 'initial connection' || c === 'but greeting failed') return 'CONN';
  if (c === 'but my name was rejected') return 'EHLO';
  return c.toUpperCase();
}

function probe(reason: Reason, c: Ctx): boolean {
  if (c.hint === reason) return true;
  const t = c.text;
  switch (reason) {
    case 'mailboxfull':
    case 'authfailure':
    case 'requireptr':
    case 'toomanyconn':
    case 'blocked':
    case 'exceedlimit':
    case 'hasmoved':
      return c.byStatus === reason || says(c, reason);
    case 'mesgtoobig':
      return c.byStatus === 'mesgtoobig' || (c.byStatus !== 'exceedlimit' && says(c, 'mesgtoobig'));
    case 'suspend':
      return c.replyCode === '525' || c.byStatus === 'suspend' || says(c, 'suspend');
    case 'norelaying':
      return c.command !== 'CONN' && c.command !== 'HELO' && c.command !== 'EHLO' && says(c, 'norelaying');
    case 'userunknown':
      if (c.byStatus === 'userunknown') {
        // Servers answer 5.1.1 for relaying refusals, blocks, full mailboxes, a failing local
        // delivery program ("procmail: … No such user")… let such text win.
        return c.command !== 'MAIL' && !(says(c, 'norelaying') || says(c, 'blocked') || says(c, 'mailboxfull')
          || says(c, 'hasmoved') || says(c, 'rejected') || says(c, 'notaccept') || says(c, 'suspend')
          || says(c, 'filtered') || says(c, 'speeding') || says(c, 'mailererror'));
      }
      // Wording that says the mailbox does not exist is userunknown at any SMTP step and with
      // any code. Sisimai reads "no such user" after DATA as a content filter's answer (filtered);
      // for list cleaning the question is whether mail to the address will keep failing, and a
      // server that says "unknown user" will say it again (GNU Mailman's expectations agree).
      if (c.command === 'MAIL') return false;
      return DIRECTORY_MISS.test(t) || says(c, 'userunknown');
    case 'filtered':
      // Only wording that names a filter or a policy; a 5.2.x code alone is not enough to
      // override words that name another cause (checked later in the pass).
      if (c.command === 'MAIL') return false;
      if (c.byStatus === 'filtered') return says(c, 'filtered');
      if (c.command !== '' && c.command !== 'DATA') return false;
      return says(c, 'filtered');
    case 'notcompliantrfc':
    case 'badreputation':
    case 'speeding':
      return says(c, reason);
    case 'contenterror':
      if (probe('spamdetected', c)) return false;
      return c.byStatus === 'contenterror' || says(c, 'contenterror');
    case 'rejected': {
      if (c.byStatus === 'rejected') return true;
      // Refused at MAIL FROM: the recipient was not even named yet, so it is the sender that was
      // refused, unless the text names a sending-host problem (checked after this).
      if (c.command === 'MAIL') {
        return says(c, 'rejected') || !SENDER_SIDE.some((r) => says(c, r));
      }
      if (c.command === 'DATA') return c.byStatus !== 'userunknown' && says(c, 'rejected');
      const b = c.byStatus;
      // X.1.0 ("other address status") does not say whose address: the text may name the sender.
      return (b === null || b === 'onhold' || b === 'undefined' || b === 'securityerror' || b === 'systemerror' || c.status.endsWith('.1.0'))
        && says(c, 'rejected');
    }
    case 'hostunknown':
      // A temporary (4.x.x) "domain not found" is a lookup that may work next time: networkerror.
      if (c.command === 'MAIL' || c.status.startsWith('4')) return false;
      // A permanent code with an NXDOMAIN answer (Gmail's "DNS Error: … responded with code NXDOMAIN")
      // is the lookup working and saying the domain does not exist, not a DNS fault.
      if (c.byStatus === 'hostunknown') return !says(c, 'networkerror') || /\bnxdomain\b/i.test(t);
      return says(c, 'hostunknown');
    case 'notaccept':
      // Exchange Online reuses X.1.10 for "recipient not found", so the code alone needs the text's consent.
      // (521/556 alone are decided after this pass: "521 … blocked using dnsbl" is a block.)
      if (c.status.endsWith('.1.2')) return false;
      return says(c, 'notaccept')
        || (/^[45]\.1\.10$/.test(c.status) && !DIRECTORY_MISS.test(t) && !says(c, 'userunknown'));
    case 'spamdetected':
      // X.7.28 ("mail flood") is also Gmail's code for an unusual sending rate from the host: blocked.
      if (c.byStatus === 'spamdetected') return !says(c, 'blocked');
      if (BEFORE_DATA.has(c.command)) return false;
      return says(c, 'spamdetected');
    default:
      return says(c, reason);
  }
}

/** Causes a delay report mentions as why the queue was not emptied (see decide). */
const QUEUE_CAUSES: ReadonlySet<Reason> = new Set<Reason>(['networkerror', 'systemerror', 'onhold', 'undefined']);

function decide(e: BounceEvidence, c: Ctx): Reason {
  const r = decideCause(e, c);
  // A delay warning, or a report that the message sat in the queue too long, is about time: the
  // network, DNS or server trouble it mentions is why the queue was not emptied, not the outcome.
  // A cause that names the address or the sender (full mailbox, reputation) is kept.
  if (QUEUE_CAUSES.has(r) && ((e.action ?? '').toLowerCase() === 'delayed' || QUEUED_TOO_LONG.test(c.text))) return 'expired';
  return r;
}

function decideCause(e: BounceEvidence, c: Ctx): Reason {
  const hint = c.hint;
  if (hint && !RETRYABLE.has(hint)) return hint;
  if (e.feedbackType) return 'feedback';
  const action = (e.action ?? '').toLowerCase();
  if (action === 'delivered' || action === 'relayed' || action === 'expanded' || c.status.startsWith('2.')) return 'delivered';
  // Automatic replies carry no SMTP codes; read them before any failure wording.
  if (!c.status && !c.replyCode && says(c, 'vacation')) return 'vacation';
  const byProvider = providerReason(c.text, { remoteMta: c.remoteMta, provider: (e.provider ?? '').toLowerCase(), status: c.status, command: c.command });
  if (byProvider) return byProvider;

  for (const r of PRIMARY) if (probe(r, c)) return r;

  const byReply = reasonForReplyCode(c.replyCode);
  if (byReply) return byReply;
  if (c.command === 'STARTTLS') return 'failedstarttls';

  const b = c.byStatus;
  if (b === null || RETRYABLE.has(b) || c.text.startsWith('x-')) {
    for (const r of SECONDARY) if (says(c, r)) return r;
  }
  // A catch-all hint from the report format (e.g. "gave up" -> expired) is used only when the
  // text names no more specific cause.
  if (hint === 'expired' || hint === 'networkerror' || hint === 'systemerror' || hint === 'securityerror') return hint;
  if (b) return b;
  const subject = c.status.slice(0, 3);
  if (subject === '5.6' || subject === '4.6') return 'contenterror';
  if (subject === '5.7' || subject === '4.7') return 'securityerror';
  if (c.text.startsWith('x-unix')) return 'mailererror';
  if (c.replyCode && isSyntaxReplyCode(c.replyCode)) return 'syntaxerror';
  if (action === 'delayed' || action === 'expired') return 'expired';
  if (c.command === 'HELO' || c.command === 'EHLO') return 'blocked';
  if (says(c, 'vacation')) return 'vacation';
  if (hint === 'userunknown' || hint === 'hostunknown') return hint;
  // A report that names the address and says only that delivery failed ("failed permanently",
  // "could not be delivered") states no cause: undefined. onhold is for error text whose cause
  // could not be recognised.
  if (!c.status && !c.replyCode && (!c.text || NO_CAUSE.test(c.text))) return 'undefined';
  return c.text || c.status || c.replyCode ? 'onhold' : 'undefined';
}

// Postfix/qmail/Exim "in the queue too long", Sendmail "Cannot send message for 5 days", Exchange
// "could not be delivered … message expired" are handled by the expired rules; these say it first.
const QUEUED_TOO_LONG = /\b(?:(?:been |sat |sitting |stayed )?in (?:the |my |our )?(?:mail )?queue (?:for )?too long|too long in (?:the )?queue|queued too long)\b/;

/**
 * Only the fact of failure, no cause: the generic opening sentences of Postfix, Google's
 * "Delivery to the following recipients failed permanently", Exchange/Notes "could not be
 * delivered", qmail "I'm afraid I wasn't able to deliver". Tested on text that matched no cause.
 */
const NO_CAUSE = /\b(?:failed permanently|could not be delivered|couldn't be delivered|cannot be delivered|can't be delivered|was not delivered|undeliverable|delivery (?:has )?failed|delivery to the following recipients? failed|unable to deliver|wasn't able to deliver|not able to deliver|returned to sender)\b/;

/**
 * The most informative status: the given one unless it is vague (X.0.0, X.1.0, unregistered, a
 * pseudo code) and the text carries a specific one ("Status: 5.0.0" + "550 5.1.1 user unknown").
 */
function bestStatus(given: string, inText: string): string {
  if (!given) return inText;
  if (!inText || inText === given) return given;
  if (reasonForStatus(given) !== null && !isPseudoStatus(given) && !given.endsWith('.1.0')) return given;
  return reasonForStatus(inText) !== null && !isPseudoStatus(inText) ? inText : given;
}

function classifyUncached(e: BounceEvidence): Classification {
  // Bounce texts that matter are short; a pasted message body must not cost more than a line.
  const raw = (e.diagnostic ?? '').slice(0, 8000);
  const found = raw ? extractCodes(raw) : { status: '', replyCode: '' };
  const status = bestStatus(normalizeStatus(e.status), found.status);
  const replyCode = normalizeReplyCode(e.replyCode) || found.replyCode;
  const text = normalizeDiagnostic(raw);
  const ctx: Ctx = {
    text,
    status,
    replyCode,
    byStatus: status ? reasonForStatus(status) : null,
    command: commandFrom(e, text),
    hint: e.reasonHint ?? null,
    seen: new Uint8Array(REASONS.length),
    remoteMta: (e.remoteMta ?? '').toLowerCase(),
    // Only an explicit 'mail': ESP importers pass `provider` too, and their lines have no session.
    mail: e.origin === 'mail',
  };
  const reason = decide(e, ctx);
  let verdict = verdictForReason(reason, { status, replyCode });
  // A delay warning means the sender is still trying: whatever the wording, not final yet.
  if ((e.action ?? '').toLowerCase() === 'delayed' && verdict === 'hard') verdict = 'soft';
  // Sisimai: notaccept without any code is hard unless the text itself reads as temporary.
  if (reason === 'notaccept' && verdict === 'hard' && !status && !replyCode && TEMPORARY.test(text)) verdict = 'soft';
  // A disabled account is hard with a permanent code or none, but "temporarily locked, try again
  // later" is a lock that lifts, whatever code came with it.
  if (reason === 'suspend' && verdict === 'hard' && TEMPORARY.test(text)) verdict = 'soft';
  // Frozen: the memo hands the same object to every caller with the same evidence.
  return Object.freeze({ reason, verdict, status, replyCode });
}

const TEMPORARY = /\b(?:temporar(?:y|ily)|try again|retry|later)\b/;

/**
 * The diagnostic with what changes from one message to the next replaced by fixed stand-ins: the
 * local part of every address (its domain is kept: some rules name providers' domains), IPv4 and
 * IPv6 addresses, Gmail's queue id before "- gsmtp", the digits of a host name's label (mta1234.mail…),
 * dates and times. Exports write the recipient into the text, so without this nearly every row of
 * a 50,000-row report is a new diagnostic and the memo never hits; with it, a few thousand
 * remain. The rules name none of these tokens: the tests check that the masked and the real
 * text give the same verdict and codes on every case and on the labelled corpus. Only the
 * classification is memoised; the record keeps the real text.
 */
export function maskPerMessage(raw: string): string {
  let s = raw;
  // Addresses and the queue id by indexOf: a regex that may start at any letter is tried at
  // every position of the text, which cost more than the classifications it saved.
  let at = s.indexOf('@');
  while (at > 0) {
    let from = at;
    while (from > 0 && LOCAL_PART[s.charCodeAt(from - 1)]) from--;
    if (from < at && DOMAIN_AHEAD.test(s.slice(at + 1, at + 66))) {
      s = `${s.slice(0, from)}x${s.slice(at)}`;
      at = from + 1;
    }
    at = s.indexOf('@', at + 1);
  }
  const gsmtp = s.indexOf(' - gsmtp');
  if (gsmtp > 0) {
    let from = gsmtp;
    while (from > 0 && QUEUE_ID[s.charCodeAt(from - 1)]) from--;
    if (from < gsmtp) s = `${s.slice(0, from)}x${s.slice(gsmtp)}`;
  }
  // IPv6 before the digit tokens, whose time pattern would otherwise mask some of its groups and
  // leave the rest. Tested for by a literal scan first: most diagnostics hold no IPv6 address.
  if (s.includes('::') || IPV6_HINT.test(s)) s = s.replace(IPV6, (m: string, prefix = '') => (isIpv6(m) ? `${prefix}2001:db8::1` : m));
  return s.replace(DIGIT_TOKENS, (m, ip?: string, date?: string, time?: string) =>
    ip !== undefined ? '192.0.2.1' : date !== undefined ? '2000-01-01' : time !== undefined ? '00:00' : '0');
}

const charSet = (chars: string): Uint8Array => {
  const t = new Uint8Array(128);
  for (const c of chars) t[c.charCodeAt(0)] = 1;
  return t;
};
const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const LOCAL_PART = charSet(`${ALNUM}_!#$%&*+?^{}~.-`);
const QUEUE_ID = charSet(`${ALNUM}_-`);
const DOMAIN_AHEAD = /^[A-Za-z0-9-]+\.[A-Za-z0-9-]/;
// IPv4 addresses, dates, times, and the digits of a host name's label (mta1234.mail.…); each
// alternative starts at a digit, so the scan skips the words.
const DIGIT_TOKENS = /(?=\d)(?:(?<![\w.])(\d{1,3}(?:\.\d{1,3}){3})(?!\w|\.\d)|\b(\d{4}-\d\d-\d\d)\b|\b(\d{1,2}:\d\d(?::\d\d)?)\b|(?<=[A-Za-z])\d+(?=\.[A-Za-z0-9-]+\.[A-Za-z]))/g;

// IPv6 addresses: compressed (::), or at least three colons (a time has two), with an embedded IPv4
// tail (Gmail writes [2401:2500:102:3032:192.0.2.222  13]) or a zone id (fe80::1%22), and the
// IPv6: prefix of an address literal kept.
const IPV6_HINT = /:[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{0,4}:/;
const IPV6 = /(?<![\w.:])(IPv6:)?(?:[0-9A-Fa-f]{1,4})?(?::[0-9A-Fa-f]{0,4}){2,7}(?:\.\d{1,3}){0,3}(?:%\w+)?(?![\w:]|\.\d)/g;

const isIpv6 = (m: string): boolean => /\d/.test(m) && (m.includes('::') || m.split(':').length > 3);

// Bounce exports repeat the same few hundred diagnostics across millions of rows, once the
// per-message tokens are masked (maskPerMessage).
const CACHE_LIMIT = 20_000;
let cache = new Map<string, Classification>();

export function classifyBounce(e: BounceEvidence): Classification {
  const diagnostic = e.diagnostic ? maskPerMessage(e.diagnostic.slice(0, 8000)) : e.diagnostic;
  const key = `${e.status ?? ''}\u0001${e.replyCode ?? ''}\u0001${e.action ?? ''}\u0001${e.reasonHint ?? ''}\u0001${e.command ?? ''}\u0001${e.feedbackType ?? ''}\u0001${e.remoteMta ?? ''}\u0001${e.provider ?? ''}\u0001${e.origin ?? ''}\u0001${diagnostic ?? ''}`;
  const hit = cache.get(key);
  if (hit) return hit;
  // The masked text is classified, not the first real one seen: the result is a function of the key.
  const result = classifyUncached(diagnostic === e.diagnostic ? e : { ...e, diagnostic });
  if (cache.size >= CACHE_LIMIT) cache = new Map();
  cache.set(key, result);
  return result;
}

/** Same as classifyBounce without the memo or the masking (for benchmarks and tests of the rules themselves). */
export function classifyBounceUncached(e: BounceEvidence): Classification {
  return classifyUncached(e);
}
