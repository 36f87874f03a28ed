/**
 * Receiving providers whose error texts carry their own codes, with the meanings they publish.
 * These run before the generic rules (like Sisimai's Rhost modules), because the provider's code
 * is more precise than the wording around it ("Service refused, please try later" is a block with
 * code 103, a system problem with code 505).
 *
 * Keyed on the code format or the provider's domain in the text, never on a single sample.
 */
import type { Reason } from '../reasons.js';

// Orange / Wanadoo / La Poste: "OFR005_505", "LPN007_416", "LPNAAA_101", "OFR_999 [999]".
// https://www.postmastery.com/orange-postmaster-smtp-error-codes-ofr/
const ORANGE_CODE = /\b(?:ofr|lpn|lpnaaa|ouk)\d*[_-](\d{3})\b/;
const ORANGE: Readonly<Record<string, Reason>> = {
  '101': 'blocked', '102': 'blocked', '103': 'blocked', '104': 'toomanyconn', '305': 'securityerror', '401': 'authfailure',
  '402': 'securityerror', '403': 'rejected', '405': 'rejected', '415': 'rejected', '416': 'userunknown', '417': 'mailboxfull',
  '418': 'userunknown', '420': 'suspend', '421': 'rejected', '426': 'suspend', '505': 'systemerror', '506': 'spamdetected',
  '510': 'blocked', '514': 'mesgtoobig', '517': 'authfailure', '630': 'policyviolation', '999': 'blocked',
};

// KDDI au (ezweb.ne.jp, au.com): "550 <addr>: User unknown" is a missing mailbox, while the
// address-less "550 : User unknown" is the recipient's own filter refusing the sender.
// https://www.au.com/support/service/internet/trouble/mail/01/
const AU_DOMAIN = /@(?:ezweb\.ne\.jp|au\.com|\w+\.ezweb\.ne\.jp)\b|\bezweb\.ne\.jp\b/;

// Microsoft Exchange names the failing component in its NDRs: "#550 5.1.1 RESOLVER.ADR.RecipNotFound;
// not found ##", "550 4.4.7 QUEUE.Expired; message expired". The name is more precise than the code.
const EXCHANGE_NDR = /\b((?:resolver|queue|smtpsend|storedrv)\.[a-z]+(?:\.[a-z]+)?)\b/;
const EXCHANGE: Readonly<Record<string, Reason>> = {
  'smtpsend.dns.nonexistentdomain': 'hostunknown', 'smtpsend.dns.mxloopback': 'networkerror',
  'resolver.adr.badprimary': 'systemerror', 'resolver.adr.recipnotfound': 'userunknown', 'resolver.adr.recipientnotfound': 'userunknown',
  'resolver.adr.exrecipnotfound': 'userunknown', 'resolver.adr.reciplimit': 'toomanyconn', 'resolver.adr.invalidinsmtp': 'systemerror',
  'resolver.adr.ambiguous': 'systemerror', 'resolver.rst.authrequired': 'securityerror', 'resolver.rst.notauthorized': 'rejected',
  'resolver.rst.recipsizelimit': 'exceedlimit', 'resolver.rst.sendsizelimit': 'mesgtoobig', 'resolver.rst.dlneedssenderrestrictions': 'rejected',
  'queue.expired': 'expired',
};

// Cox (AUP#CXBL, AUP#CDRBL, AUP#IPBL0001, AUP#URLBL011…) and Spectrum/Charter (AUP#I1260,
// AUP#O1350…): both publish the meaning of their "AUP#" codes.
// https://www.cox.com/residential/support/cox-postmaster-email-administration.html
// https://www.spectrumbusiness.net/support/internet/understanding-email-error-codes
const AUP_CODE = /\baup#([a-z]+\d*|[io]?\d{4})\b/;
const COX: Readonly<Record<string, Reason>> = {
  cxbl: 'blocked', cxdns: 'requireptr', cxsndr: 'authfailure', cxsmtp: 'rejected', cxcnct: 'toomanyconn', cxmxrt: 'toomanyconn',
  cdrbl: 'blocked', cxthrt: 'securityerror', cxmj: 'securityerror',
};
const SPECTRUM: readonly (readonly [number, number, Reason])[] = [
  [1000, 1000, 'blocked'], [1010, 1080, 'rejected'], [1090, 1090, 'systemerror'], [1100, 1150, 'requireptr'],
  [1160, 1190, 'policyviolation'], [1200, 1250, 'blocked'], [1260, 1260, 'networkerror'], [1300, 1340, 'toomanyconn'],
  [1350, 1490, 'speeding'], [1500, 1520, 'rejected'], [1530, 1530, 'mesgtoobig'], [1540, 1550, 'speeding'],
  [1560, 1560, 'policyviolation'], [1580, 1580, 'speeding'],
];

function aupReason(code: string): Reason | null {
  if (COX[code]) return COX[code]!;
  if (code.startsWith('ipbl')) return 'blocked';
  if (code.startsWith('urlbl')) return 'spamdetected';
  const n = Number(code.replace(/^[io]/, ''));
  if (!Number.isInteger(n)) return null;
  for (const [lo, hi, r] of SPECTRUM) if (n >= lo && n <= hi) return r;
  return null;
}

// NTT docomo answers "550 Unknown user" both for a missing mailbox (at RCPT, or with 5.1.1) and,
// until March 2025, for a recipient's sender filter (after DATA, with 5.2.0 or 5.0.0).
const DOCOMO = /\bdocomo\.ne\.jp\b/;

// Symantec/Broadcom MessageLabs checks recipients against the customer's registered addresses
// before accepting anything: its "No such user" is a directory answer, not a content filter.
const MESSAGELABS = /messagelabs/;
const NO_SUCH_USER = /\b(?:no such user|user unknown|unknown user)\b/;

// Reports written by the system that hosts the mailbox itself (local delivery, no SMTP step in
// between): its "unknown user" is its own directory speaking, never a content filter's answer.
const MAILBOX_HOST = /^(?:imailserver|verizon|domino|notes|exchange2003)$/;
const UNKNOWN_USER = /\b(?:unknown user|user unknown|no such user|invalid user|user not found)\b/;

export interface ProviderContext {
  readonly remoteMta?: string;
  readonly provider?: string;
  readonly status?: string;
  readonly command?: string;
}

/** Reason named by a provider-specific code or phrasing, or null. `text` is normalised. */
export function providerReason(text: string, ctx: ProviderContext = {}): Reason | null {
  if (!text) return null;
  const remoteMta = ctx.remoteMta ?? '';
  const provider = ctx.provider ?? '';
  const orange = ORANGE_CODE.exec(text);
  if (orange) {
    const r = ORANGE[orange[1]!];
    if (r) return r;
  }
  // KDDI au and NTT docomo answer "User unknown" / "Unknown user" both for a dead address and,
  // after DATA, when the recipient's own filter refuses the sender; Sisimai calls the second
  // filtered. Both say the same thing to a list: mail to this address keeps failing (issue 11).
  if ((AU_DOMAIN.test(text) || /ezweb|kddi|\bau\.com/.test(remoteMta)) && text.includes('user unknown')) {
    if (/>: user unknown|\b550 : user unknown/.test(text)) return 'userunknown';
  }
  const ndr = EXCHANGE_NDR.exec(text);
  if (ndr) {
    const r = EXCHANGE[ndr[1]!];
    if (r) return r;
  }
  const aup = AUP_CODE.exec(text);
  if (aup) {
    const r = aupReason(aup[1]!);
    if (r) return r;
  }
  if ((DOCOMO.test(text) || DOCOMO.test(remoteMta)) && text.includes('550 unknown user')) {
    // Refused at DATA with 5.0.0: docomo refusing the sender's message, not the address.
    if (ctx.status === '5.0.0' && ctx.command === 'DATA') return 'rejected';
    return 'userunknown';
  }
  if (/\b542 .{0,80}\brejected\b/.test(text) && (MESSAGELABS.test(provider) || MESSAGELABS.test(remoteMta))) return 'userunknown';
  if (MAILBOX_HOST.test(provider) && UNKNOWN_USER.test(text)) return 'userunknown';
  if ((MESSAGELABS.test(provider) || MESSAGELABS.test(remoteMta)) && NO_SUCH_USER.test(text)) return 'userunknown';
  return null;
}
