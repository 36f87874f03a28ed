/**
 * Address and code helpers shared by the DSN reader and the MTA dialect scanners.
 */

/** An address as bounce texts write it: no display names, no quoted local parts with spaces. */
const ADDR_SRC = String.raw`[A-Za-z0-9\u00C0-\uFFFF.!#$%&'*+/=?^_\`{|}~-]+@[A-Za-z0-9\u00C0-\uFFFF-]+(?:\.[A-Za-z0-9\u00C0-\uFFFF-]+)+`;
export const ADDR_RE = new RegExp(ADDR_SRC);
export const ADDR_RE_G = new RegExp(ADDR_SRC, 'g');

/** Trims the punctuation texts put around an address and lower-cases the domain. */
export function cleanAddress(raw: string): string {
  let a = raw.trim().replace(/^[<("'[\s]+/, '').replace(/[>)"'\]\s.,;:]+$/, '');
  a = a.replace(/^mailto:/i, '');
  const at = a.lastIndexOf('@');
  if (at <= 0 || at === a.length - 1) return '';
  return a.slice(0, at) + '@' + a.slice(at + 1).toLowerCase();
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
  const m = STATUS_RE.exec(text);
  return m ? `${m[1]}.${m[2]}.${m[3]}` : '';
}

/** First SMTP reply code in a text ("550"), preferring one at a line start or after "said:". */
export function findReplyCode(text: string): string {
  const strong = /(?:^|\n|said:?|said\s*\(|reply:?|response:?|error:?|\bcode:?|<<<|#|\()\s*([245][0-7]\d)(?=[ -.]|$)/i.exec(text);
  if (strong) return strong[1] ?? '';
  const m = REPLY_RE.exec(text);
  return m ? (m[1] ?? '') : '';
}

export function collapse(s: string, max = 1000): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > max ? t.slice(0, max) : t;
}
