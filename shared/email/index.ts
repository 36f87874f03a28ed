/**
 * Address hygiene: checkEmail(raw) -> EmailCheck and normalizeEmail(raw). Pure TypeScript.
 *
 * Syntax is "what a sending service accepts": @hapi/address's isEmailValid (RFC 5321/5322
 * dot-atom local parts, length limits, domain labels) plus a policy layer on top (special-use
 * and one-letter TLDs, invisible/unsafe Unicode, IDN through the WHATWG URL parser's UTS-46
 * mapping, IDNA2008 label rules, IANA's list of top-level domains). Problems are named in plain
 * words. A fast ASCII path avoids the full analysis for the common case; its regex accepts a
 * strict subset of what isEmailValid accepts. Typo suggestions point only to big providers' domains
 * (or fix a TLD that does not exist), with rules held by test/fixtures/email/typo-cases.tsv.
 */
import { analyzeEmail } from '@hapi/address';
import emailAddresses from 'email-addresses';
import punycode from 'punycode/punycode.js';
import { disposableEmailBlocklistSet } from 'disposable-email-domains-js';
import type { EmailCheck } from '../types.js';
import { COMMON_TLDS, KNOWN_GOOD, ROLE_PREFIXES, ROLE_PREFIXES_BARE, SPECIAL_USE_TLDS, TLDS, TYPO_TARGETS } from './lists.js';

export type { EmailCheck };

// atext per RFC 5322 (ASCII only); dot-atom local part, LDH domain labels, alphabetic or xn-- TLD.
// computeDomain() already holds the domain to LDH labels and an alphabetic or xn-- TLD.
const FAST_LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
/** Bidi controls, zero-width characters, BOM, soft hyphen, unpaired surrogates, C0/C1 controls. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufeff\uffa0\ufff0-\ufffb]|[\ud800-\udbff](?![\udc00-\udfff])|(?:^|[^\ud800-\udbff])[\udc00-\udfff]/;
const SPACE = /[\s\u00a0\u2000-\u200a\u3000]/;
// Code points a mail server cannot know the meaning of, and marks with no letter to sit on.
const PRIVATE_USE = /\p{Co}/u;
const UNASSIGNED = /\p{Cn}/u;
const LEADING_MARK = /(?:^|\.)\p{M}/u;
const LDH_LABEL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
/**
 * RFC 5892's PVALID classes, approximated by general category (lower-case letters, other
 * letters, modifiers, marks, decimal digits, hyphen) plus the CONTEXTO punctuation that
 * real names use (Catalan middle dot, Greek keraia, Hebrew geresh, katakana middle dot).
 */
const U_LABEL = /^[\p{Ll}\p{Lo}\p{Lm}\p{Mn}\p{Mc}\p{Nd}\u00b7\u0375\u05f3\u05f4\u30fb-]+$/u;

interface DomainInfo {
  /** ASCII (A-label) lower-case form; "" when not a usable domain. */
  ascii: string;
  problem: string;
  suggestion: string;
  disposable: boolean;
}

const domainCache = new Map<string, DomainInfo>();
const utf8 = new TextEncoder();

/** Unwraps `Name <addr>`, `<addr>`, `mailto:addr?subject=…`; trims and NFC-normalises. */
const PLAIN_ASCII = /^[\x21-\x7e]+$/;

export function unwrapAddress(raw: string): string {
  let s = raw.trim();
  // NFC only matters outside ASCII; skipping it saves a copy per address on the common path.
  if (!PLAIN_ASCII.test(s)) s = s.normalize('NFC');
  else if (s.charCodeAt(0) !== 60 && s.charCodeAt(0) !== 109 && s.charCodeAt(0) !== 77 && !s.includes('<')) return s; // no <, no mailto:
  if (s.includes('<') && s.includes('>')) {
    const parsed = emailAddresses.parseOneAddress(s);
    if (parsed && parsed.type === 'mailbox') s = parsed.address;
    else {
      const m = /<([^<>]*)>\s*$/.exec(s);
      if (m) s = m[1]!;
    }
    s = s.trim();
  }
  if (/^mailto:/i.test(s)) {
    s = s.slice(7);
    const q = s.indexOf('?');
    if (q >= 0) s = s.slice(0, q);
    try {
      if (s.includes('%')) s = decodeURIComponent(s);
    } catch {
      // Leave a malformed percent sequence as written; the syntax check names it.
    }
    s = s.trim();
  }
  return s;
}

function analyzeDomain(domain: string): DomainInfo {
  const cached = domainCache.get(domain);
  if (cached) return cached;
  const info = computeDomain(domain);
  if (domainCache.size > 50_000) domainCache.clear();
  // Keys are often slices of a 1 MB decoded chunk; a flat copy keeps the chunk collectable.
  domainCache.set(flatCopy(domain), info);
  return info;
}

function flatCopy(s: string): string {
  return (' ' + s).slice(1);
}

function bad(problem: string, suggestion = ''): DomainInfo {
  return { ascii: '', problem, suggestion, disposable: false };
}

function computeDomain(domain: string): DomainInfo {
  if (domain === '') return bad('missing domain');
  if (domain.startsWith('[') || /^\d{1,3}(\.\d{1,3}){3}$/.test(domain)) return bad('IP address instead of a domain');
  if (/[,;]/.test(domain)) return bad(`"${/[,;]/.exec(domain)![0]}" in the domain`);
  if (/[/\\?#%:[\]<>"()]/.test(domain)) return bad(`invalid character "${/[/\\?#%:[\]<>"()]/.exec(domain)![0]}" in the domain`);
  if (domain.includes('..')) return bad('two dots in a row');
  if (domain.startsWith('.') || domain.endsWith('.')) return bad('domain starts or ends with a dot');
  if (!domain.includes('.')) return bad('domain has no dot');
  let ascii: string;
  try {
    ascii = new URL(`http://${domain}`).hostname;
  } catch {
    return bad('domain is not a valid name');
  }
  if (ascii === '' || ascii.includes('..')) return bad('domain is not a valid name');
  const labels = ascii.split('.');
  for (const l of labels) {
    if (l.length > 63) return bad('a part of the domain is longer than 63 characters');
    if (!LDH_LABEL.test(l)) return bad(l.includes('_') ? 'underscore in the domain' : 'domain part starts or ends with a hyphen or has invalid characters');
    // IDNA2008 reserves "--" in 3rd and 4th place for encoded names; the URL parser lets any through.
    if (l.charCodeAt(2) === 45 && l.charCodeAt(3) === 45) {
      if (!l.startsWith('xn--')) return bad('"--" in the 3rd and 4th place of a domain part (reserved for encoded names)');
      if (!isULabel(l)) return bad('a part of the domain is not a valid internationalised name');
    }
  }
  if (ascii.length > 253) return bad('domain is too long');
  const tld = labels[labels.length - 1]!;
  if (/^\d+$/.test(tld)) return bad('domain ends in a number');
  if (tld.length === 1) return bad('one-letter top-level domain');
  if (!/^(?:[a-z]{2,63}|xn--[a-z0-9-]+)$/.test(tld)) return bad('invalid top-level domain', suggestForUnknownTld(ascii));
  if (SPECIAL_USE_TLDS.has(tld)) return bad(`reserved domain (.${tld}) that receives no mail`);
  if (!TLDS.has(tld)) return bad(`top-level domain ".${tld.startsWith('xn--') ? punycode.toUnicode(tld) : tld}" does not exist`, suggestForUnknownTld(ascii));
  const suggestion = suggestDomain(ascii);
  // Typo-squatting domains (gmial.com…) are on the disposable list; the typo is the real finding.
  return { ascii, problem: '', suggestion, disposable: suggestion === '' && isDisposable(ascii) };
}

// The package's isDisposableEmailDomain() builds a new Set per call; build it once, lazily.
let disposableSet: Set<string> | null = null;

function isDisposable(ascii: string): boolean {
  disposableSet ??= disposableEmailBlocklistSet();
  // The list holds registrable domains; mail.foo.disposable.tld counts too.
  const labels = ascii.split('.');
  for (let i = 0; i < labels.length - 1; i++) if (disposableSet.has(labels.slice(i).join('.'))) return true;
  return false;
}

/**
 * Whether an xn-- label is the one encoding of a valid U-label (RFC 5890/5891): it decodes, holds
 * something beyond ASCII, re-encodes to itself, is stable under NFKC and lower-casing (RFC 5892
 * "Unstable" code points are DISALLOWED), does not start with a mark, and uses PVALID classes only.
 */
function isULabel(label: string): boolean {
  const encoded = label.slice(4);
  let u: string;
  try {
    u = punycode.decode(encoded);
  } catch {
    return false;
  }
  if (!/[^\x00-\x7f]/.test(u) || punycode.encode(u) !== encoded) return false;
  if (u.normalize('NFKC') !== u || u.toLowerCase() !== u) return false;
  if (/^\p{M}/u.test(u) || u.startsWith('-') || u.endsWith('-') || (u.charCodeAt(2) === 45 && u.charCodeAt(3) === 45)) return false;
  return U_LABEL.test(u);
}

// Three rows reused by every call: the import checks a million rows, one distance per provider each.
const ROW_A = new Int32Array(256), ROW_B = new Int32Array(256), ROW_C = new Int32Array(256);

/** Optimal string alignment distance (a swap of two neighbours is one edit), or cap + 1 when above cap. */
function distance(a: string, b: string, cap: number): number {
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  if (a.length > 255 || b.length > 255) return cap + 1;
  let prev2 = ROW_A, prev = ROW_B, cur = ROW_C;
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  let lastMin = 0;
  for (let i = 1; i <= a.length; i++) {
    const ai = a.charCodeAt(i - 1);
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const bj = b.charCodeAt(j - 1);
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (ai === bj ? 0 : 1));
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    // A swap reaches back two rows, so stop only when both of the last two rows are above cap.
    if (rowMin > cap && lastMin > cap) return cap + 1;
    lastMin = rowMin;
    const t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  return Math.min(prev[b.length]!, cap + 1);
}

interface Provider { domain: string; name: string; suffix: string; dots: number }

/** Each typo target split once into its name and its suffix ("yahoo" + "co.uk"). */
const PROVIDERS: readonly Provider[] = [...TYPO_TARGETS].map((domain) => {
  const dot = domain.indexOf('.');
  return { domain, name: domain.slice(0, dot), suffix: domain.slice(dot + 1), dots: domain.split('.').length - 1 };
});
/** Suffixes a bare TLD slip lands on (".co", ".cm", ".om" for ".com"); a regional one is a real choice. */
const GENERIC_SUFFIXES: ReadonlySet<string> = new Set(['com', 'net']);

// QWERTY rows and their stagger: two keys are neighbours when they touch on the keyboard.
const KEY_AT = new Map<number, { row: number; x: number }>();
['qwertyuiop', 'asdfghjkl', 'zxcvbnm'].forEach((keys, row) => {
  for (let i = 0; i < keys.length; i++) KEY_AT.set(keys.charCodeAt(i), { row, x: i + [0, 0.25, 0.75][row]! });
});

function neighbours(a: number, b: number): boolean {
  const p = KEY_AT.get(a), q = KEY_AT.get(b);
  if (!p || !q) return false;
  const dy = Math.abs(p.row - q.row), dx = Math.abs(p.x - q.x);
  return dy === 0 ? dx === 1 : dy === 1 && dx < 1;
}

/**
 * Whether a name one edit from a provider's got there the way fingers slip: two letters
 * swapped, a neighbouring key, or a letter doubled or dropped after the first. Other single
 * edits are more often another real name: "wahoo" is not "yahoo", "cloud" is not "icloud".
 */
function isTypingSlip(typed: string, target: string): boolean {
  let i = 0;
  while (i < typed.length && typed.charCodeAt(i) === target.charCodeAt(i)) i++;
  if (typed.length !== target.length) return i > 0;
  if (typed.charCodeAt(i) === target.charCodeAt(i + 1) && typed.charCodeAt(i + 1) === target.charCodeAt(i)) return true;
  return neighbours(typed.charCodeAt(i), target.charCodeAt(i));
}

function isSubsequence(short: string, long: string): boolean {
  let i = 0;
  for (let j = 0; j < long.length && i < short.length; j++) if (long.charCodeAt(j) === short.charCodeAt(i)) i++;
  return i === short.length;
}

/**
 * Whether `name.suffix` is a slip of the provider, given the edits in each part. The lines are
 * drawn by the case table in test/fixtures/email/typo-cases.tsv: short provider names (mac, live,
 * web) sit one letter from other real names (max, love, wen), one odd letter turns yahoo into
 * wahoo, and two substitutions turn hotmail into hotmart and verizon into horizon.
 */
function isSlip(name: string, p: Provider, dn: number, ds: number): boolean {
  if (dn === 0) return ds === 1 && GENERIC_SUFFIXES.has(p.suffix);
  if (p.name.length < 5) return false;
  if (dn === 1) return (ds === 0 || GENERIC_SUFFIXES.has(p.suffix)) && isTypingSlip(name, p.name);
  // Two edits: only letters doubled or dropped after the first in a long name ("hottmaill"),
  // same suffix; "online" is not "t-online".
  return ds === 0 && p.name.length >= 6 && Math.abs(name.length - p.name.length) === 2 && name.charCodeAt(0) === p.name.charCodeAt(0)
    && (name.length < p.name.length ? isSubsequence(name, p.name) : isSubsequence(p.name, name));
}

/** The big provider this domain is most likely a slip of, or "". */
function nearProvider(ascii: string): string {
  const dot = ascii.indexOf('.');
  const name = ascii.slice(0, dot), suffix = ascii.slice(dot + 1);
  let dots = 0;
  for (let i = dot; i >= 0; i = ascii.indexOf('.', i + 1)) dots++;
  let best = '', bestCost = 3;
  for (const p of PROVIDERS) {
    // Same shape only: "yahoo.co" is not a slip of "yahoo.co.uk", nor "mail.gmail.com" of anything.
    if (p.dots !== dots) continue;
    const dn = name === p.name ? 0 : distance(name, p.name, 2);
    if (dn > 2) continue;
    const ds = suffix === p.suffix ? 0 : distance(suffix, p.suffix, 1);
    if (ds > 1 || dn + ds >= bestCost || !isSlip(name, p, dn, ds)) continue;
    best = p.domain;
    bestCost = dn + ds;
  }
  return best;
}

/** The common TLD one edit from a TLD that does not exist (".con", ".cmo", ".nte"), or "". */
function nearTld(tld: string): string {
  for (const t of COMMON_TLDS) if (distance(tld, t, 1) <= 1) return t;
  return '';
}

/** For a domain whose TLD does not exist: the TLD fixed, then the name too if that is a provider slip. */
function suggestForUnknownTld(ascii: string): string {
  const cut = ascii.lastIndexOf('.');
  const tld = nearTld(ascii.slice(cut + 1));
  if (!tld) return '';
  const fixed = ascii.slice(0, cut + 1) + tld;
  if (KNOWN_GOOD.has(fixed)) return fixed;
  return nearProvider(fixed) || fixed;
}

/**
 * A likely typo of a big provider's domain, or "". A domain whose TLD exists and whose name is
 * not close to a provider is someone's real domain (a business on ".co") and is left alone.
 */
function suggestDomain(ascii: string): string {
  return KNOWN_GOOD.has(ascii) ? '' : nearProvider(ascii);
}

/**
 * Length and first letter of every role prefix with its separators removed. Every role prefix's
 * bare form is in ROLE_PREFIXES_BARE, so a name whose bare shape is not here is no role, decided
 * without a copy or a set lookup: almost every name in a real list.
 */
const ROLE_SHAPES: ReadonlySet<number> = new Set([...ROLE_PREFIXES_BARE].map((r) => r.length * 65536 + r.charCodeAt(0)));

function isRole(lowerLocal: string): boolean {
  const plus = lowerLocal.indexOf('+');
  const end = plus >= 0 ? plus : lowerLocal.length;
  let bare = 0;
  let first = 0;
  for (let i = 0; i < end; i++) {
    const c = lowerLocal.charCodeAt(i);
    if (c === 46 || c === 95 || c === 45) continue; // . _ -
    if (bare++ === 0) first = c;
  }
  if (!ROLE_SHAPES.has(bare * 65536 + first)) return false;
  const base = plus >= 0 ? lowerLocal.slice(0, plus) : lowerLocal;
  if (ROLE_PREFIXES.has(base)) return true;
  return /[._-]/.test(base) && ROLE_PREFIXES_BARE.has(base.replace(/[._-]/g, ''));
}

function invalid(address: string, problem: string): EmailCheck {
  return { address, valid: false, normalized: '', suggestion: '', role: false, disposable: false, problem };
}

/** Names the problem of an address that failed, in plain words. */
function localProblem(s: string, local: string): string {
  if (local === '') return 'nothing before the @';
  if (local.includes('..')) return 'two dots in a row';
  if (local.startsWith('.') || local.endsWith('.')) return 'dot at the start or end of the name before @';
  if (/^".*"$/.test(local)) return 'quoted name before @ (most services refuse it)';
  const ch = /[^A-Za-z0-9!#$%&'*+/=?^_`{|}~.\u0080-\uffff-]/.exec(local);
  if (ch) return ch[0] === ',' || ch[0] === ';' ? `"${ch[0]}" in the address` : `invalid character "${ch[0]}" before the @`;
  const hapi = analyzeEmail(s);
  if (hapi?.code === 'LOCAL_TOO_LONG') return 'name before @ is longer than 64 characters';
  if (hapi?.code === 'ADDRESS_TOO_LONG') return 'address is longer than 254 characters';
  return hapi ? hapi.error.replace(/^Address /, '').toLowerCase() : '';
}

/** Code points in the local part that no server can be expected to accept (RFC 6531 leaves them undefined). */
function unicodeLocalProblem(local: string): string {
  if (PRIVATE_USE.test(local)) return 'private-use character before the @ (it has no agreed meaning)';
  if (UNASSIGNED.test(local)) return 'character not assigned in Unicode before the @';
  if (LEADING_MARK.test(local)) return 'accent or combining mark with no letter under it before the @';
  return '';
}

/** RFC 5322 atext (ASCII) by char code: the plain-address pass's name characters. */
const ATEXT = new Uint8Array(128);
for (const ch of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$%&'*+/=?^_`{|}~-") ATEXT[ch.charCodeAt(0)] = 1;
/** Letters, digits, hyphen and dot: what the plain pass lets through after the @. */
const LDH_DOT = new Uint8Array(128);
for (const ch of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-.') LDH_DOT[ch.charCodeAt(0)] = 1;

/**
 * Checks an address, or answers null when it is not plain: one pass over `name@domain` where the
 * name is an ASCII dot-atom of at most 64 characters and the domain holds only letters, digits,
 * hyphens and dots. For such an address every step of checkEmailFully before the domain's
 * analysis is known to pass (nothing to trim or unwrap, no invisible character or space, one @,
 * no dot out of place, the name's syntax), so it goes straight to the domain and the lengths;
 * a property test holds the two to the same answers. Almost every row of a real list is plain.
 */
function checkPlain(raw: string, copy: boolean): EmailCheck | null {
  const n = raw.length;
  let at = -1;
  // A dot may not open the name, follow a dot, or end the name.
  let afterDot = true;
  let upper = false;
  for (let i = 0; i < n; i++) {
    const c = raw.charCodeAt(i);
    if (at >= 0) {
      if (c >= 128 || LDH_DOT[c] === 0) return null;
    } else if (c === 64) {
      if (afterDot) return null;
      at = i;
    } else if (c === 46) {
      if (afterDot) return null;
      afterDot = true;
    } else {
      if (c >= 128 || ATEXT[c] === 0) return null;
      if (c >= 65 && c <= 90) upper = true;
      afterDot = false;
    }
  }
  if (at < 0 || at > 64 || at === n - 1) return null;
  const local = raw.slice(0, at);
  const domainRaw = raw.slice(at + 1);
  const dom = analyzeDomain(domainRaw);
  if (dom.problem) return domainProblem(raw, local, dom);
  // Nothing to lower-case or encode: the address is its own normal form (copied, see checked()).
  return checked(raw, local, dom, false, upper || dom.ascii !== domainRaw ? null : copy ? flatCopy(raw) : raw);
}

function domainProblem(address: string, local: string, dom: DomainInfo): EmailCheck {
  return { ...invalid(address, dom.problem), suggestion: dom.suggestion ? `${local}@${dom.suggestion}` : '' };
}

/** The end of every check whose name and domain passed: the lengths, then the verdict. */
function checked(address: string, local: string, dom: DomainInfo, nonAsciiLocal: boolean, normal: string | null): EmailCheck {
  if (local.length > 64) return invalid(address, 'name before @ is longer than 64 characters');
  if (local.length + dom.ascii.length > 83 && utf8.encode(`${local}@${dom.ascii}`).length > 254) return invalid(address, 'address is longer than 254 characters');

  // A fresh flat string: callers keep it (duplicate maps) long after the source chunk is gone.
  const lowerLocal = local.toLowerCase();
  const normalized = normal ?? flatCopy(`${lowerLocal}@${dom.ascii}`);
  return {
    address,
    valid: true,
    normalized,
    suggestion: dom.suggestion ? `${local}@${dom.suggestion}` : '',
    role: isRole(lowerLocal),
    disposable: dom.disposable,
    // Valid, but a caution worth showing: not every server accepts SMTPUTF8 local parts.
    problem: nonAsciiLocal ? 'non-ASCII letters before the @ (some mail servers refuse these)' : '',
  };
}

/**
 * `copy` false: the caller keeps nothing of the answer past the address's row (the contact import
 * writes the normal form into its own buffer), so a plain lower-case address is given back as its
 * own normal form instead of a copy that outlives the text it was read from (0.09 CPU-s per 1M).
 */
export function checkEmail(raw: string, copy = true): EmailCheck {
  return (typeof raw === 'string' ? checkPlain(raw, copy) : null) ?? checkEmailFully(raw);
}

/** The whole analysis of any address; checkEmail takes a shortcut for plain ones (checkPlain). */
export function checkEmailFully(raw: string): EmailCheck {
  const address = raw;
  if (typeof raw !== 'string' || raw.trim() === '') return invalid(address, 'empty');
  const s = unwrapAddress(raw);
  if (s === '') return invalid(address, 'empty');
  const ascii = PLAIN_ASCII.test(s);
  if (!ascii && UNSAFE.test(s)) return invalid(address, 'invisible or control characters in the address');

  const first = s.indexOf('@');
  const ats = first < 0 ? 0 : s.indexOf('@', first + 1) < 0 ? 1 : 2;
  if (ats === 0) return invalid(address, SPACE.test(s) ? 'not an address (no @)' : 'no @');
  if (ats > 1) {
    if (/[\s,;]/.test(s) && /[^\s,;@]+@[^\s,;@]+[\s,;]+[^\s,;@]+@[^\s,;@]+/.test(s)) return invalid(address, 'two addresses in one cell');
    return invalid(address, 'two @');
  }
  if (!ascii && SPACE.test(s)) return invalid(address, 'space in address');
  const at = first;
  const local = s.slice(0, at);
  const domainRaw = s.slice(at + 1);
  if (domainRaw === '') return invalid(address, 'missing domain');

  const dom = analyzeDomain(domainRaw);
  const lp = local === '' || local.includes('..') || local.startsWith('.') || local.endsWith('.') ? localProblem(s, local) : '';
  if (lp) return invalid(address, lp);
  if (!ascii) {
    const up = unicodeLocalProblem(local);
    if (up) return invalid(address, up);
  }
  if (dom.problem) return domainProblem(address, local, dom);

  const nonAsciiLocal = /[^\x00-\x7f]/.test(local);
  if (!FAST_LOCAL.test(local)) {
    const candidate = `${local}@${dom.ascii}`;
    const hapi = analyzeEmail(candidate, { minDomainSegments: 2 });
    if (hapi) return invalid(address, localProblem(candidate, local) || hapi.error.toLowerCase());
  }
  return checked(address, local, dom, nonAsciiLocal, null);
}

/** The form used for duplicates and for matching bounces; "" when the address is unusable. */
export function normalizeEmail(raw: string): string {
  return checkEmail(raw).normalized;
}
