/**
 * Address hygiene: checkEmail(raw) -> EmailCheck and normalizeEmail(raw). Pure TypeScript.
 *
 * Syntax is "what a sending service accepts": @hapi/address's isEmailValid (RFC 5321/5322
 * dot-atom local parts, length limits, domain labels) plus a policy layer on top (special-use
 * and one-letter TLDs, invisible/unsafe Unicode, IDN through the WHATWG URL parser's UTS-46
 * mapping). Problems are named in plain words. A fast ASCII path avoids the full analysis for
 * the common case; its regex accepts a strict subset of what isEmailValid accepts.
 */
import { analyzeEmail } from '@hapi/address';
import emailAddresses from 'email-addresses';
import spell from '@zootools/email-spell-checker';
import { disposableEmailBlocklistSet } from 'disposable-email-domains-js';
import type { EmailCheck } from '../types.js';
import { KNOWN_GOOD, ROLE_PREFIXES, ROLE_PREFIXES_BARE, SPECIAL_USE_TLDS, TYPO_TARGETS } from './lists.js';

export type { EmailCheck };

// atext per RFC 5322 (ASCII only); dot-atom local part, LDH domain labels, alphabetic or xn-- TLD.
// computeDomain() already holds the domain to LDH labels and an alphabetic or xn-- TLD.
const FAST_LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
/** Bidi controls, zero-width characters, BOM, soft hyphen, private use, unpaired surrogates, C0/C1 controls. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufeff\uffa0\ue000-\uf8ff\ufff0-\ufffb]|[\ud800-\udbff](?![\udc00-\udfff])|(?:^|[^\ud800-\udbff])[\udc00-\udfff]/;
const SPACE = /[\s\u00a0\u2000-\u200a\u3000]/;

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

function bad(problem: string): DomainInfo {
  return { ascii: '', problem, suggestion: '', disposable: false };
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
    if (!/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/.test(l)) return bad(l.includes('_') ? 'underscore in the domain' : 'domain part starts or ends with a hyphen or has invalid characters');
  }
  if (ascii.length > 253) return bad('domain is too long');
  const tld = labels[labels.length - 1]!;
  if (/^\d+$/.test(tld)) return bad('domain ends in a number');
  if (tld.length === 1) return bad('one-letter top-level domain');
  if (!/^(?:[a-z]{2,63}|xn--[a-z0-9-]+)$/.test(tld)) return bad('invalid top-level domain');
  if (SPECIAL_USE_TLDS.has(tld)) return bad(`reserved domain (.${tld}) that receives no mail`);
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

/** Optimal string alignment distance, capped. */
function distance(a: string, b: string, cap = 3): number {
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  const prev2: number[] = [], prev: number[] = [], cur: number[] = [];
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
    }
    prev2.splice(0, prev2.length, ...prev);
    prev.splice(0, prev.length, ...cur);
  }
  return prev[b.length]!;
}

/**
 * A likely typo of a big provider's domain, or "". The spell checker proposes; we accept only
 * big-provider targets, never for known real domains, and add the ".co" -> ".com" case it skips.
 */
function suggestDomain(ascii: string): string {
  if (KNOWN_GOOD.has(ascii)) return '';
  const proposed = spell.run({ email: `x@${ascii}` })?.domain;
  if (proposed && proposed !== ascii && TYPO_TARGETS.has(proposed)) {
    const d = distance(ascii, proposed);
    // Two edits only for long names in the same TLD ("hottmaill.com"); "acme.com" is not "me.com".
    const sameTld = ascii.slice(ascii.lastIndexOf('.')) === proposed.slice(proposed.lastIndexOf('.'));
    if (d === 1 || (d === 2 && sameTld && proposed.indexOf('.') >= 6)) return proposed;
  }
  let best = '', bestD = 2;
  for (const t of TYPO_TARGETS) {
    const d = distance(ascii, t, 1);
    if (d < bestD) { best = t; bestD = d; }
  }
  // One edit from a big provider, and the same registrable shape (no ".co" vs ".co.uk" jumps).
  return bestD === 1 && best.split('.').length === ascii.split('.').length ? best : '';
}

function isRole(lowerLocal: string): boolean {
  const plus = lowerLocal.indexOf('+');
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

export function checkEmail(raw: string): EmailCheck {
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
  if (dom.problem) return invalid(address, dom.problem);

  const nonAsciiLocal = /[^\x00-\x7f]/.test(local);
  if (!FAST_LOCAL.test(local)) {
    const candidate = `${local}@${dom.ascii}`;
    const hapi = analyzeEmail(candidate, { minDomainSegments: 2 });
    if (hapi) return invalid(address, localProblem(candidate, local) || hapi.error.toLowerCase());
  }
  if (local.length > 64) return invalid(address, 'name before @ is longer than 64 characters');
  if (local.length + dom.ascii.length > 83 && utf8.encode(`${local}@${dom.ascii}`).length > 254) return invalid(address, 'address is longer than 254 characters');

  // A fresh flat string: callers keep it (duplicate maps) long after the source chunk is gone.
  const lowerLocal = local.toLowerCase();
  const normalized = flatCopy(`${lowerLocal}@${dom.ascii}`);
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

/** The form used for duplicates and for matching bounces; "" when the address is unusable. */
export function normalizeEmail(raw: string): string {
  return checkEmail(raw).normalized;
}
