/**
 * Address and code helpers shared by the DSN reader and the MTA dialect scanners.
 */
import emailAddresses from 'email-addresses';

/**
 * An address as bounce texts write it: an RFC 5322 dot-atom local part (every atext character,
 * `/`, `|`, `=`, `'` included) or a quoted one, and a domain; no display names.
 */
// Letters beyond ASCII are allowed (EAI, IDN) but not CJK punctuation, ideographs or full-width
// forms, which in Japanese/Chinese reports run straight on from an address ("a@b.jp您好").
const U = String.raw`\u00C0-\u2FFF\uA000-\uD7FF`;
const ATEXT = String.raw`A-Za-z0-9${U}.!#$%&'*+/=?^_\`{|}~-`;
const DOMAIN = String.raw`[A-Za-z0-9${U}-]+(?:\.[A-Za-z0-9${U}-]+)+`;
// A match starts only where a run of address characters starts, so a long run without a valid
// address costs linear time, not quadratic. The one exception is an apostrophe used as a quote
// mark ('a@b.com'): it is atext, so the address starts after it, but only when the same mark
// closes the address; 'a@b.com without one is an address that starts with an apostrophe.
const START = String.raw`(?:(?<![${ATEXT}])(?!'[${ATEXT.replace("'", '')}]{1,64}@${DOMAIN}')|(?<=(?<![${ATEXT}])'))`;
// Quoted local parts may hold spaces, @ and escaped quotes ("john doe"@example.com), not line breaks.
const ADDR_SRC = String.raw`${START}(?:"(?:[^"\\\r\n]|\\[^\r\n]){1,64}"|[${ATEXT}]+)@${DOMAIN}`;
export const ADDR_RE = new RegExp(ADDR_SRC);
export const ADDR_RE_G = new RegExp(ADDR_SRC, 'g');

/** Trims the punctuation texts put around an address and lower-cases the domain. */
export function cleanAddress(raw: string): string {
  let a = raw.trim().replace(/^[<([\s]+/, '').replace(/[>)"\]\s.,;:]+$/, '');
  // an apostrophe is a quote mark only when it closes too ('a@b.com'); alone it is part of the name
  if (/^'[^']*'$/.test(a)) a = a.slice(1, -1);
  else a = a.replace(/(@[^@']*)'+$/, '$1');
  // a quoted local part keeps its quotes ("a..b"@example.org); a stray leading quote does not
  if (a.startsWith('"') && !/^"(?:[^"\\]|\\.)+"@/.test(a)) a = a.replace(/^"+/, '');
  a = a.replace(/^mailto:/i, '');
  const at = a.lastIndexOf('@');
  if (at <= 0 || at === a.length - 1) return '';
  return a.slice(0, at) + '@' + a.slice(at + 1).toLowerCase();
}

const ATOM = String.raw`[A-Za-z0-9!#$%&'*+/=?^_\`{|}~-]+`;
const DOT_ATOM_ADDR = new RegExp(`^${ATOM}(?:\\.${ATOM})*@${ATOM}(?:\\.${ATOM})*$`);

function lowerDomain(address: string): string {
  const at = address.lastIndexOf('@');
  return address.slice(0, at) + '@' + address.slice(at + 1).toLowerCase();
}

/**
 * The text as one address when it is exactly one RFC 5322/6531 addr-spec (optionally in angle
 * brackets), as written, domain lower-cased; "" otherwise. For whole field values (a DSN's
 * Final-Recipient), where nothing around the address needs guessing.
 */
export function wholeAddress(text: string): string {
  const s = text.trim().replace(/^<(.*)>$/s, '$1');
  if (!/^(?:"(?:[^"\\\r\n]|\\[^\r\n])+"|[^\s"(),:;<>@[\]\\]+)@[^\s"(),:;<>@[\]\\]+$/.test(s)) return '';
  // An ASCII dot-atom on both sides is an addr-spec by RFC 5322's grammar itself: the full
  // parser (a tenth of the reader's time, one call per DSN recipient field) can only agree.
  if (DOT_ATOM_ADDR.test(s)) return lowerDomain(s);
  const p = emailAddresses.parseOneAddress({ input: s, rfc6532: true, rejectTLD: false });
  if (!p || p.type !== 'mailbox' || p.name) return '';
  return lowerDomain(s);
}

export function sameAddress(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** The first address in a text, cleaned; "" when none. */
export function firstAddress(text: string): string {
  const m = ADDR_RE.exec(text);
  return m ? cleanAddress(m[0]) : '';
}

/** Mailbox names that are never a campaign's recipient: the bounce machinery's own. */
export function isDaemonAddress(a: string): boolean {
  return /^(mailer-daemon|postmaster|mail-daemon|maildaemon|mailerdaemon|double-bounce|bounce|bounces|nobody|root|noreply|no-reply|mdaemon)@/i.test(a);
}

const STATUS_RE = /(?:^|[^\d.])([245])\.(\d{1,3})\.(\d{1,3})(?![\d.]*\d)/;
const REPLY_RE = /(?:^|[^\d.#:-])([245][0-7]\d)(?:[ -]|$)(?![\d.]*\s*(?:ms|bytes|KB|MB)\b)/;

/** First RFC 3463 enhanced status in a text ("5.1.1"), "" when none. */
export function findStatus(text: string): string {
  // a transcript can hold "250 2.1.5 Ok" before the failure: the first 4xx/5xx status wins
  let first = '';
  const re = new RegExp(STATUS_RE.source, 'g');
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const s = `${m[1]}.${m[2]}.${m[3]}`;
    if (m[1] !== '2') return s;
    if (!first) first = s;
    re.lastIndex = m.index + 1;
  }
  return first;
}

/** First SMTP reply code in a text ("550"), preferring one at a line start or after "said:". */
export function findReplyCode(text: string): string {
  const strongRe = /(?:^|\n|said:?|said\s*\(|reply:?|response:?|error:?|\bcode:?|<<<|Out:|#|\()\s*([245][0-7]\d)(?=[ -.:]|$)/gi;
  let first = '';
  let m: RegExpExecArray | null;
  while ((m = strongRe.exec(text)) !== null) {
    const c = m[1] ?? '';
    if (!c.startsWith('2')) return c;
    if (!first) first = c;
  }
  if (first) return first;
  // loose matches only for failures: "Size (in bytes): 222" is not a reply
  const looseRe = new RegExp(REPLY_RE.source, 'g');
  while ((m = looseRe.exec(text)) !== null) {
    if (!(m[1] ?? '').startsWith('2')) return m[1] ?? '';
    looseRe.lastIndex = m.index + 1;
  }
  return '';
}

export function collapse(s: string, max = 1000): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > max ? t.slice(0, max) : t;
}

/** The SMTP command a remote server rejected, when the report says which ("" when it doesn't). */
export function findCommand(text: string): string {
  const t = text.slice(0, 4000);
  const m = /in reply to (?:the )?(RCPT TO|MAIL FROM|DATA|end of DATA|HELO|EHLO|STARTTLS|RSET|QUIT|XFORW|CONNECT|BDAT)\b/i.exec(t)
    ?? /\bafter (RCPT TO|MAIL FROM|RCPT|MAIL|end of data|DATA|initial connection|HELO|EHLO|STARTTLS|pipelined RCPT TO|pipelined MAIL FROM|sending data block)\b/i.exec(t)
    ?? /did not like our (RCPT TO|MAIL FROM|final DATA|DATA|greeting|EHLO|HELO)\b/i.exec(t)
    ?? />>> (RCPT TO|MAIL FROM|DATA|EHLO|HELO|STARTTLS|QUIT)\b[^\n]*\n\s*<<< [45]/i.exec(t)
    ?? /SMTP error from remote (?:mail )?server (?:after|for) (RCPT TO|MAIL FROM|DATA|TEXT|end of data)/i.exec(t);
  if (m) {
    const c = (m[1] ?? '').toUpperCase();
    if (c.startsWith('RCPT') || c.includes('PIPELINED RCPT')) return 'RCPT';
    if (c.startsWith('MAIL') || c.includes('PIPELINED MAIL')) return 'MAIL';
    if (c.includes('DATA') || c === 'TEXT' || c.includes('SENDING DATA')) return 'DATA';
    if (c.startsWith('INITIAL') || c === 'CONNECT' || c === 'GREETING') return 'CONN';
    return c;
  }
  if (/does not like recipient|didn't like (?:the )?recipient|\[RCPT_TO\]/i.test(t)) return 'RCPT';
  if (/\[MAIL_FROM\]/.test(t)) return 'MAIL';
  if (/sender (?:was|is) rejected|didn't like (?:the )?sender|does not like sender/i.test(t)) return 'MAIL';
  if (/failed after I sent the message/i.test(t)) return 'DATA';
  return '';
}
