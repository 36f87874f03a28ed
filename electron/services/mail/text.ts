/**
 * Reads the human-readable part of a bounce: where the report ends and the returned message
 * begins, which addresses the report names as failed recipients, and the lines that say why.
 *
 * MTAs lay their reports out in a handful of ways (Postfix "<a>: host said: ...", Exim's
 * indented address + SMTP error, qmail "<a>:" + paragraph, Sendmail's "permanent fatal
 * errors" list + transcript, Gmail/Exchange "following recipient(s)" lists, sentences such as
 * "There was an error delivering your mail to <a>"). The scanner reads those layouts, not
 * any one sample.
 */
import { ADDR_RE_G, cleanAddress, isDaemonAddress } from './addr.js';

export interface TextHit {
  email: string;
  /** The report lines about this recipient (address line first). */
  lines: string[];
  /** The report from this recipient's first line up to the next recipient's (blank lines dropped). */
  span: string[];
}

export interface TextScan {
  /** Report lines only (the returned message cut off). */
  report: string[];
  /** Lines of the returned message's header block when it was inline in the text. */
  inlineHeaders: string[];
  hits: TextHit[];
}

/** Lines that announce the returned (original) message. */
/** Lines that announce the returned (original) message: after a run of dashes or stars… */
const DASHED_MARKER = new RegExp(String.raw`^[ \t]*(?:-+|\*+)[ \t]*(?:` + [
  String.raw`(?:the\s+)?original\s+message`,
  String.raw`this\s+is\s+a\s+copy\s+of\s+(?:the|your)\s+message`,
  String.raw`below\s+this\s+line\s+is\s+a\s+copy`,
  String.raw`(?:returned|undelivered|unsent)\s+(?:mail|message)`,
  String.raw`message\s+header`,
  String.raw`(?:begin|start)\s+(?:of\s+)?(?:original|returned|bounced)`,
  String.raw`(?:the\s+)?header\s+of\s+(?:the\s+)?original`,
  String.raw`(?:original\s+)?message\s+(?:text|body)\s+follows`,
  String.raw`Your\s+original\s+message`,
].join('|') + ')', 'i');
/** …or as a sentence of their own. */
const PLAIN_MARKER = new RegExp(String.raw`^[ \t]*(?:` + [
  String.raw`original\s+message\s+headers?:?\s*$`,
  String.raw`message\s+headers\s+follow`,
  String.raw`The\s+original\s+message\s+(?:was|is)\s+(?:attached|below|included)`,
  String.raw`Content-Type:\s*message/rfc822`,
  String.raw`Below\s+is\s+a\s+copy\s+of\s+the\s+original\s+message`,
  String.raw`Original\s+Message\s+Headers`,
  String.raw`Original\s+Message:?\s*$`,
  String.raw`Original\s+mail\s+as\s+follows`,
  String.raw`(?:Included\s+is\s+)?(?:a\s+)?copy\s+of\s+(?:the\s+)?(?:original\s+)?message(?:\s+header)?s?\s*:?\s*$`,
].join('|') + ')', 'i');

export function isMarker(line: string): boolean {
  if (line.length > 200) return false;
  let k = 0;
  while (k < line.length && (line[k] === ' ' || line[k] === '\t')) k++;
  const c = line[k];
  if (c === '-' || c === '*') return DASHED_MARKER.test(line);
  if (c === undefined || !/[OoMmTtCcBbIiAa]/.test(c)) return false;
  return PLAIN_MARKER.test(line);
}

const HEADER_LINE = /^(?:Return-Path|Received|Message-I[dD]|Date|From|To|Subject|Cc|Reply-To|MIME-Version|Content-Type|Content-Transfer-Encoding|DKIM-Signature|X-[A-Za-z0-9-]+|Delivered-To|In-Reply-To|References|Sender|Authentication-Results|Domainkey-Signature|User-Agent|Thread-[A-Za-z]+|Importance|Precedence|List-[A-Za-z-]+):/i;
const STRONG_HEADER = /^(?:Return-Path|Received|Message-I[dD]|DKIM-Signature|MIME-Version|From|Content-Type):/i;

/** Index of the first line of an inline header block (>= 3 header lines incl. a strong one). */
function headerBlockAt(lines: readonly string[], i: number): boolean {
  if (!HEADER_LINE.test(lines[i] ?? '')) return false;
  let headers = 0;
  let strong = 0;
  for (let j = i; j < lines.length && j < i + 40; j++) {
    const l = lines[j] ?? '';
    if (l.trim() === '') break;
    if (/^[ \t]/.test(l)) continue;
    if (!HEADER_LINE.test(l)) return false;
    headers++;
    if (STRONG_HEADER.test(l)) strong++;
    if (headers >= 3 && strong >= 1) return true;
  }
  return false;
}

/** Splits the report from the returned message. */
export function cutReport(lines: readonly string[]): { end: number; headerStart: number } {
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] ?? '';
    if (isMarker(l)) {
      let h = i + 1;
      while (h < lines.length && (lines[h] ?? '').trim() === '') h++;
      return { end: i, headerStart: headerBlockAt(lines, h) ? h : -1 };
    }
    if (i > 0 && l.includes(':') && /^\s*-*\s*$/.test(lines[i - 1] ?? '') && headerBlockAt(lines, i)) return { end: i, headerStart: i };
  }
  return { end: lines.length, headerStart: -1 };
}

/** What an address is preceded by decides whether it is a sender (never reported). */
// Exim's "an undisclosed address (generated from a@b)" names the recipient a pipe or file was
// generated from: that "from" is not a sender.
const SENDER_CONTEXT = /(?:mail\s+from:?|from:|sender:?|envelope-from|return-path:?|reply-to:?|by\s+|originator:?|x-postfix-sender:?|(?<!generated\s)\bfrom\s+|<<<\s*\d{3}[ -]\S*|sent\s+by|\bcc:|received[- ]from)\s*<?$/i;
/** Phrases that put a failed recipient right after them. */
const RECIPIENT_CONTEXT = /(?:(?<!^\s*)\bto|\bfor|recipient(?:\(s\))?|addresse?(?:\(es\))?|adresse|mailbox|user|rcpt\s+to|mailing\s+list|\bin|final-recipient|original-recipient|rfc822|destinataire|empfänger|Empfaenger|delivering\s+(?:your\s+)?(?:mail|message)\s+to)\s*[:;]?\s*(?:rfc822;\s*)?["']?<?$/i;

/** An instruction to write somewhere, at a sentence start or after "please", "or", "you can". */
const HELP_CONTEXT = /(?:^|[.!?;:]\s+|\bplease\s+|\b(?:or|and|you\s+(?:can|may|should|could))\s+)(?:send|write|e-?mail|reply|forward|contact|reach)\b[^.<>@]{0,40}?\s*<?$/i;

/** How an address sits in its line: the shape of a recipient line, or mentioned in passing. */
function recipientShape(line: string, start: number, end: number): 'line' | 'phrase' | 'none' {
  // what decides the shape sits right around the address; bounded so long lines stay cheap
  const before = line.slice(Math.max(0, start - 160), start);
  const after = line.slice(end, end + 160);
  if (SENDER_CONTEXT.test(before)) return 'none';
  // "-- a" (Mimecast lists the address under "addressed to email address :")
  const lead = before.replace(/^\s*(?:--?|[*•]|>+)?\s*/, '').replace(/^[245]\d\d[ -](?:[245]\.\d{1,3}\.\d{1,3}\s+)?/, '');
  // the address opens the line: "<a>:", "  a", "a (expanded from b):", "a on <date>", "a ... User unknown"
  if (/^["'<(]?(?:mailto:)?$/.test(lead) || /^(?:RCPT\s+TO:?\s*<?|Recipient:\s*(?:<|\[SMTP:)?|Recipient address:\s*<?|\(generated from\s*<?|Original-Recipient:\s*(?:rfc822;\s*)?<?|Final-Recipient:\s*(?:rfc822;\s*)?<?)$/i.test(lead)) {
    if (/^>?\.\.\.\s*(?:Sent|Queued)\b/i.test(after)) return 'none';
    // "550 5.1.1 <a>... User unknown" (Sendmail transcripts) — a code-led line names a recipient only so
    if (/^\s*(?:[-*•]|>+)?\s*[245]\d\d[ -]/.test(before) && !/^>?\.\.\./.test(after)) return 'none';
    return 'line';
  }
  // "Name <mailto:a>" / "Name <a>" alone on a line (Exchange lists)
  if (/^["']?[\p{L}\p{M}\s'".-]{1,60}["']?\s*<(?:mailto:)?$/u.test(lead) && !/[\u3000-\u303F\u4E00-\u9FFF]/.test(lead) && lead.trim().split(/\s+/).length <= 4 && !/\b(?:contact|to|mail|send|write|at|from|list)\s*<?(?:mailto:)?$/i.test(lead) && /^>?\s*$/.test(after)) return 'line';
  // help text: "please send mail to a", "or write to a", "contact a" gives an address to write to
  if (HELP_CONTEXT.test(lead)) return 'none';
  if (RECIPIENT_CONTEXT.test(lead)) return 'phrase';
  // "User mailbox exceeds allowed size: a", "permanent errors: a." — an error sentence naming its address last
  if (/[a-z]{3,}\s[^:]*:\s*<?$/i.test(lead) && !/^[A-Za-z-]+:/.test(lead) && /^[>.\s]*$/.test(after)) return 'phrase';
  return 'none';
}

function prevNonBlank(lines: readonly string[], i: number): string {
  for (let j = i - 1; j >= 0 && j >= i - 3; j--) if ((lines[j] ?? '').trim()) return lines[j] ?? '';
  return '';
}

/** The lines after a recipient line that describe it: until a blank line or the next recipient. */
/**
 * Sendmail's transcript puts a local delivery program's own output ("mail.local: unknown user:
 * kim") right above the reply it made from the program's exit status (sysexits EX_UNAVAILABLE
 * becomes "554 <kim@…>... Service unavailable"): that output, which names the recipient by its
 * local part only, is the cause.
 */
function mailerOutputAbove(lines: readonly string[], i: number, email: string): string[] {
  if (!/^\s*[45]\d\d[ -]/.test(lines[i] ?? '')) return [];
  const local = email.slice(0, email.lastIndexOf('@')).toLowerCase();
  const out: string[] = [];
  for (let j = i - 1; j >= 0 && j >= i - 3; j--) {
    const l = lines[j] ?? '';
    const m = /^\s*[\w./-]+:\s+(.*)$/.exec(l);
    if (!m || l.includes('@') || !wordsOf(m[1] ?? '').includes(local)) break;
    out.unshift(l);
  }
  return out;
}

function wordsOf(text: string): string[] {
  return text.toLowerCase().split(/[\s:;,"'<>()]+/);
}

function blockAfter(lines: readonly string[], i: number, end: number, isRecipientLine: (j: number) => boolean): string[] {
  const out = [lines[i] ?? ''];
  // a Sendmail transcript line ("554 <a>... reason") is complete; the next lines are other recipients'
  if (/^\s*[245]\d\d[ -]/.test(lines[i] ?? '')) {
    for (let j = i + 1; j < end && j < i + 10; j++) {
      const l = lines[j] ?? '';
      if (l.trim() === '' || /^\s*(?:[245]\d\d[ -]|>>>|<<<|\.\.\.|While talking)/i.test(l) || isRecipientLine(j)) break;
      out.push(l);
    }
    return out;
  }
  let j = i + 1;
  // Gmail/Exchange put a blank line between the address and its explanation; Exim/qmail don't.
  for (; j < end && j < i + 40; j++) {
    const l = lines[j] ?? '';
    if (l.trim() === '') break;
    if (isRecipientLine(j)) break;
    out.push(l);
  }
  return out;
}

export interface ScanOptions {
  /** Addresses that are the sender side (bounce To, original From, envelope sender). */
  exclude: ReadonlySet<string>;
  /** Also skip the From/Return-Path of a returned message found inline in the text. */
  excludeInlineSenders?: boolean;
  maxRecipients?: number;
}

export function scanText(text: string, opts: ScanOptions): TextScan {
  const normal = text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
  const all = normal.split('\n');
  const { end, headerStart } = cutReport(all);
  const report = all.slice(0, end);
  const inlineHeaders: string[] = [];
  if (headerStart >= 0) {
    for (let i = headerStart; i < all.length && i < headerStart + 200; i++) {
      const l = all[i] ?? '';
      if (l.trim() === '') break;
      inlineHeaders.push(l);
    }
  }
  const max = opts.maxRecipients ?? 10_000;
  const exclude = new Set(opts.exclude);
  if (opts.excludeInlineSenders) {
    for (const l of inlineHeaders) {
      const m = /^(?:From|Return-Path|Sender):(.*)$/i.exec(l);
      if (m) for (const a of (m[1] ?? '').match(ADDR_RE_G) ?? []) exclude.add(cleanAddress(a).toLowerCase());
    }
  }
  const shapes = new Map<number, { email: string; shape: 'line' | 'phrase' }[]>();
  // a report lists at most a few thousand recipients; past that budget the text is not a report
  let budget = 4 * max + 1000;
  for (let i = 0; i < report.length && budget > 0; i++) {
    const line = report[i] ?? '';
    if (line.length > 4000 || !line.includes('@')) continue;
    ADDR_RE_G.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = ADDR_RE_G.exec(line)) !== null && budget-- > 0) {
      let email = cleanAddress(m[0]);
      let at = m.index;
      // X.400 recipient of Exchange 5.5: "c=US;a= ;p=Org;o=Site;dda:SMTP=a@b;" — a recipient line
      const dda = /^smtp=/i.test(email) && /dda:$/i.test(line.slice(Math.max(0, m.index - 4), m.index));
      if (dda) { email = email.slice(5); at += 5; }
      if (!email || exclude.has(email.toLowerCase()) || /^mailer-daemon@/i.test(email)) continue;
      // "a@x <b@y>: malformed address" (Exim): the bracketed address is the one that failed
      if (/^\s+<[^>]*@[^>]*>/.test(line.slice(m.index + m[0].length)) && line.slice(0, m.index).trim() === '') continue;
      let shape = dda ? 'line' : recipientShape(line, at, m.index + m[0].length);
      // an address on its own line after "send mail to the address" is an instruction, not a failure
      if (shape === 'line' && /(?:to the address|send (?:a )?(?:mail|message) to|contact|write to|mail to)\s*:?\s*$/i.test(prevNonBlank(report, i))) shape = 'none';
      if (shape === 'none' || (shape === 'phrase' && isDaemonAddress(email))) continue;
      const list = shapes.get(i) ?? [];
      list.push({ email, shape });
      shapes.set(i, list);
    }
  }
  const isRecipientLine = (j: number): boolean => (shapes.get(j) ?? []).some((s) => s.shape === 'line');
  const byEmail = new Map<string, TextHit>();
  const hits: TextHit[] = [];
  const hitLines = [...shapes.keys()].sort((a, b) => a - b);
  const spanOf = (i: number): string[] => {
    const next = hitLines.find((k) => k > i && (shapes.get(k) ?? []).some((x) => x.shape === 'line')) ?? report.length;
    return report.slice(i, Math.min(next, i + 40)).filter((l) => l.trim() !== '');
  };
  for (const [i, list] of shapes) {
    for (const { email, shape } of list) {
      const key = email.toLowerCase();
      const block = [...mailerOutputAbove(report, i, email), ...(shape === 'line' ? blockAfter(report, i, report.length, isRecipientLine) : [report[i] ?? ''])];
      let hit = byEmail.get(key);
      if (!hit) {
        if (hits.length >= max) continue;
        hit = { email, lines: [], span: spanOf(i) };
        byEmail.set(key, hit);
        hits.push(hit);
      }
      for (const l of block) if (!hit.lines.includes(l)) hit.lines.push(l);
    }
  }
  return { report, inlineHeaders, hits };
}

/** Lines of the report that read like an SMTP error or a reason (used when a recipient's own block says nothing). */
export function errorLines(report: readonly string[]): string[] {
  const out: string[] = [];
  for (const l of report) {
    const t = l.trim();
    if (!t) continue;
    if (/\b[245]\d\d\b|\b[245]\.\d{1,3}\.\d{1,3}\b|unknown|not\s+found|does\s+not\s+exist|no\s+such|invalid|rejected|refused|denied|blocked|full|quota|exceeded|expired|timed?\s*out|too\s+many|spam|virus|policy|unavailable|disabled|suspended|inactive|relay|deferred|giving\s+up|gave\s+up|not\s+allowed|failed|failure|error/i.test(t)) out.push(t);
    if (out.length >= 30) break;
  }
  return out;
}
