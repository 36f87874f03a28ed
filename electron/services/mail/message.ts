/**
 * One raw message -> the bounce records it carries (one per failed, delayed, delivered or
 * reported recipient). MIME is postal-mime's job; this module reads what the parts say.
 */
import PostalMime from 'postal-mime';
import type { Email, Attachment } from 'postal-mime';
import { classifyBounce, type BounceEvidence } from '../../../shared/bounce/classify.js';
import type { Reason } from '../../../shared/reasons.js';
import type { BounceRecord } from '../../../shared/types.js';
import { ADDR_RE_G, cleanAddress, collapse, findCommand, findReplyCode, findStatus, firstAddress, isDaemonAddress } from './addr.js';
import { parseDeliveryStatus, parseFeedbackReport, readFields, type DsnRecipient } from './dsn.js';
import { detectProvider } from './detect.js';
import { errorLines, scanText, type TextHit } from './text.js';
import { dialectHint } from './dialects.js';
import { readSesNotification } from './ses.js';
import { slimMessage, trimPadding } from './prescan.js';

/** Bounce reports sit at the top; what is past this is the returned message and its attachments. */
export const MAX_PARSE_BYTES = 2 * 1024 * 1024;
const MAX_RECIPIENTS = 10_000;

export interface Found {
  email: string;
  status: string;
  replyCode: string;
  diagnostic: string;
  action: string;
  remoteMta: string;
  date: string;
  hint?: Reason;
  feedbackType?: string;
  /** Final-Recipient when the record is about the Original-Recipient (a forwarded alias). */
  finalRecipient?: string;
  /** SMTP command the remote rejected ("RCPT", "DATA"…), "" when not told. */
  command?: string;
  evidence: string[];
}

export interface MessageContext {
  sourceIndex: number;
  warn: (message: string) => void;
  /** How many forwarded reports deep this message is (a bounce returned inside a bounce). */
  depth?: number;
}

const utf8 = new TextDecoder('utf-8');

function partText(a: Attachment): string {
  const c = a.content;
  if (typeof c === 'string') return c;
  const bytes = c instanceof ArrayBuffer ? new Uint8Array(c) : c;
  return utf8.decode(bytes.length > MAX_PARSE_BYTES ? bytes.subarray(0, MAX_PARSE_BYTES) : bytes);
}

export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, '')
    .replace(/<br\s*\/?>|<\/(?:p|div|tr|li|h\d|pre|table)>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&nbsp;/g, ' ')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Math.min(Number(n), 0x10ffff)))
    .replace(/&amp;/g, '&');
}

function headerMap(email: Email): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const h of email.headers) {
    const list = m.get(h.key) ?? [];
    list.push(h.value);
    m.set(h.key, list);
  }
  return m;
}

/** A header block (returned message or rfc822-headers part) as name -> first value. */
function readHeaderBlock(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const end = text.search(/\r?\n\r?\n/);
  for (const f of readFields(end >= 0 ? text.slice(0, end) : text)) {
    if (f && !out.has(f.name)) out.set(f.name, f.value);
  }
  return out;
}

function addressesIn(v: string | undefined): string[] {
  if (!v) return [];
  const out: string[] = [];
  for (const m of v.matchAll(ADDR_RE_G)) {
    const a = cleanAddress(m[0]);
    if (a) out.push(a);
  }
  return out;
}

function isoDate(v: string | undefined): string | undefined {
  if (!v) return undefined;
  const d = new Date(v.replace(/\s*\([^)]*\)\s*$/, ''));
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

function emptyFound(email: string): Found {
  return { email, status: '', replyCode: '', diagnostic: '', action: '', remoteMta: '', date: '', evidence: [] };
}

const AUTO_REPLY_SUBJECT = /^(?:auto(?:matic)?[ -]?(?:reply|response|antwort|réponse|risposta|respuesta)|auto:|autoreply|out of (?:the )?office|away\b|on vacation|vacation|abwesen|absence|abwesenheitsnotiz|réponse automatique|risposta automatica|respuesta automática|不在|自動応答|自动回复|automatisch antwoord|fuera de la oficina|i am out|i'm out|out of office)/i;
const AUTO_REPLY_BODY = /out of (?:the )?office|on vacation|on holiday|away from (?:the|my) office|I am away|I'm away|will be back|limited access to (?:my )?e-?mail|abwesend|nicht im büro|en vacances|absent du bureau|fuera de la oficina|de vacaciones|in ferie|fuori ufficio|不在にしております|休暇|自動返信/i;

export async function readMessage(raw: Uint8Array, ctx: MessageContext): Promise<BounceRecord[]> {
  let input = trimPadding(raw);
  if (input.length > MAX_PARSE_BYTES) {
    input = input.subarray(0, MAX_PARSE_BYTES);
    ctx.warn(`message ${ctx.sourceIndex}: larger than ${MAX_PARSE_BYTES >> 20} MB; only its start was read`);
  }
  let email: Email;
  try {
    email = await PostalMime.parse(slimMessage(input), { forceRfc822Attachments: true, attachmentEncoding: 'arraybuffer', maxNestingDepth: 64 });
  } catch (err) {
    // Past postal-mime's limits (nesting, header size): read the headers alone and the body as
    // plain text, which still finds what a text report names.
    ctx.warn(`message ${ctx.sourceIndex}: MIME structure not readable (${(err as Error).message}); read as plain text`);
    try {
      const text = Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString('latin1');
      const end = /\r?\n\r?\n/.exec(text);
      const head = end ? text.slice(0, end.index) : text.slice(0, 64 * 1024);
      email = await PostalMime.parse(head.replace(/^Content-Type:.*(?:\r?\n[ \t].*)*/gim, 'Content-Type: text/plain') + '\r\n\r\n');
      email.text = rawBody(input);
    } catch {
      return [];
    }
  }
  const headers = headerMap(email);
  const h = (n: string): string => headers.get(n)?.[0] ?? '';
  const fromAddr = firstAddress(h('from'));
  const subject = email.subject ?? '';
  const contentType = h('content-type').toLowerCase();

  const dsnTexts: string[] = [];
  const feedbackTexts: string[] = [];
  const originalTexts: string[] = [];
  const extraTexts: string[] = [];
  for (const a of email.attachments) {
    // a folded Content-Type without its ";" comes back as "text/plain   charset=..."
    const t = (/^[\w.+-]+\/[\w.+-]+/.exec(a.mimeType)?.[0] ?? a.mimeType).toLowerCase();
    if (t === 'message/delivery-status' || t === 'message/global-delivery-status') dsnTexts.push(partText(a));
    else if (t === 'message/feedback-report') feedbackTexts.push(partText(a));
    else if (t === 'message/rfc822' || t === 'message/global' || t === 'text/rfc822-headers' || t === 'text/rfc822-header' || t === 'message/rfc822-headers' || t === 'message/global-headers' || t === 'message/partial') originalTexts.push(partText(a));
    else if (t === 'text/plain') extraTexts.push(partText(a));
    else if (t === 'text/html') extraTexts.push(htmlToText(partText(a)));
  }
  let body = email.text ?? '';
  if (!body.trim() && email.html) body = htmlToText(email.html);
  if (extraTexts.length) body += '\n\n' + extraTexts.join('\n\n');
  // A multipart whose boundaries never occur (broken or hand-edited reports) leaves postal-mime
  // nothing but a preamble; the raw body is then the only text there is.
  if (!body.trim() && dsnTexts.length === 0 && feedbackTexts.length === 0) body = rawBody(input);

  // The sender side: never a failed recipient.
  const exclude = new Set<string>();
  for (const v of [h('to'), h('delivered-to')]) for (const a of addressesIn(v)) exclude.add(a.toLowerCase());

  const attached = originalTexts[0] !== undefined ? readHeaderBlock(originalTexts[0]) : null;
  const originalSenders = new Set<string>();
  if (attached) {
    for (const a of addressesIn(attached.get('from'))) originalSenders.add(a.toLowerCase());
    for (const a of addressesIn(attached.get('return-path'))) originalSenders.add(a.toLowerCase());
  }
  for (const a of originalSenders) exclude.add(a);
  const scan = scanText(body, { exclude, excludeInlineSenders: true, maxRecipients: MAX_RECIPIENTS });
  const original = attached ?? readHeaderBlock(scan.inlineHeaders.join('\n'));
  for (const a of addressesIn(original.get('from'))) originalSenders.add(a.toLowerCase());
  for (const a of addressesIn(original.get('return-path'))) originalSenders.add(a.toLowerCase());
  const hits = scan.hits;
  // Anonymised or self-addressed tests can make the failed recipient the bounce's own To; when
  // nothing else is named, a recipient-shaped line about that address still counts.
  // A self-test (the recipient sent to itself) puts the failed address on the sender side too.
  const relaxed = (): TextHit[] => scanText(body, { exclude: new Set(), maxRecipients: MAX_RECIPIENTS }).hits
    .filter((x) => x.lines.length > 1 && /\b[245]\d\d\b|error|fail|reject|unknown|invalid/i.test(x.lines.join(' ').split(x.email).join('')));

  const reports = dsnTexts.map((t) => parseDeliveryStatus(t, MAX_RECIPIENTS));
  // Some MTAs write the DSN fields into the text body instead of their own part.
  const reportText = scan.report.join('\n');
  if (reports.length === 0 && /^(?:Final|Original)-Recipient:/im.test(reportText)) {
    const rep = parseDeliveryStatus(reportText, MAX_RECIPIENTS);
    if (rep.recipients.length) reports.push(rep);
  }
  const reportingMta = reports[0]?.reportingMta ?? '';
  // an MTA names itself near the top of its report; the rest is per-recipient detail
  const provider = detectProvider({ headers, from: h('from'), subject, report: reportText.slice(0, 2500), hasDsn: reports.length > 0, reportingMta });
  const bounceDate = isoDate(h('date'));
  const messageId = (email.messageId ?? '').replace(/^<|>$/g, '') || undefined;

  const found: Found[] = [];
  let kind: 'arf' | 'autoreply' | 'bounce' = 'bounce';
  let sesProvider = false;

  // --- ARF (RFC 5965) and provider unsubscribe notices --------------------------------
  const isArf = feedbackTexts.length > 0 || /report-type="?feedback-report/i.test(contentType);
  if (isArf || /^true$/i.test(h('x-apple-unsubscribe'))) {
    kind = 'arf';
    const fb = parseFeedbackReport(feedbackTexts.join('\n'));
    const ftype = isArf ? (fb.get('feedback-type')?.[0] ?? 'abuse').toLowerCase().trim() : 'opt-out';
    // Original-Rcpt-To may carry a display name ("Name <a@b>"): the address is what matters.
    let rcpts = [...(fb.get('original-rcpt-to') ?? []), ...(fb.get('removal-recipient') ?? [])]
      .flatMap((v) => { const a = addressesIn(v); return a.length ? a : [cleanAddress(v)]; }).filter(Boolean);
    // Hotmail/Outlook.com complaint reports name the complainer only in the returned message's
    // X-HmXmrOriginalRecipient header (its To is often undisclosed-recipients).
    if (!rcpts.length && isArf) rcpts = addressesIn(original.get('x-hmxmroriginalrecipient'));
    if (!rcpts.length && isArf) rcpts = addressesIn(original.get('to'));
    if (!rcpts.length && !isArf && fromAddr) rcpts = [fromAddr];
    const ev = feedbackTexts.length ? feedbackTexts.join('\n').split(/\r?\n/).filter((l) => /^(?:Feedback-Type|User-Agent|Source-IP|Original-Rcpt-To|Removal-Recipient|Arrival-Date|Reported-Domain):/i.test(l)) : [`X-Apple-Unsubscribe: ${h('x-apple-unsubscribe')}`];
    const date = isoDate(fb.get('arrival-date')?.[0] ?? fb.get('received-date')?.[0]) ?? bounceDate ?? '';
    for (const r of dedupe(rcpts)) found.push({ ...emptyFound(r), hint: 'feedback', feedbackType: ftype, evidence: ev, date, diagnostic: collapse(reportText, 400) });
  }

  // --- Amazon SES notifications (JSON through SNS) ---------------------------------------------
  if (kind === 'bounce' && reports.length === 0) {
    const ses = readSesNotification(body);
    if (ses && ses.length) {
      kind = ses.some((f) => f.hint === 'feedback') ? 'arf' : 'bounce';
      sesProvider = true;
      found.push(...ses);
    }
  }

  // --- RFC 3834 automatic replies ---------------------------------------------------------
  if (kind === 'bounce' && reports.length === 0 && !found.length) {
    const auto = h('auto-submitted').toLowerCase();
    const daemonFrom = isDaemonAddress(fromAddr) || /mailer-daemon|postmaster|mail delivery/i.test(h('from'));
    const bounceSubject = /undeliver|delivery (?:status|fail|notif)|returned mail|failure notice|mail delivery|non[- ]?delivery|could not be delivered|delivery has failed/i.test(subject);
    const headerSays = /^auto-replied/.test(auto) || h('x-autoreply') !== '' || h('x-autorespond') !== '' || /auto_reply|auto-reply/i.test(h('precedence')) || /vacation/i.test(h('x-apple-action')) || /^(?:OOF|AutoReply)/i.test(h('x-auto-response-suppress') && h('x-ms-exchange-inbox-rules-loop') ? 'OOF' : '');
    const textSays = AUTO_REPLY_SUBJECT.test(subject.trim()) || AUTO_REPLY_BODY.test(reportText.slice(0, 2000));
    if (!bounceSubject && !(daemonFrom && scan.hits.length > 0) && ((headerSays && (textSays || !daemonFrom)) || (AUTO_REPLY_SUBJECT.test(subject.trim()) && !daemonFrom))) {
      if (fromAddr && !(daemonFrom && hits.length)) {
        kind = 'autoreply';
        const ev = [`Subject: ${subject}`, ...['auto-submitted', 'x-autoreply', 'x-autorespond', 'precedence', 'x-apple-action'].filter((n) => h(n)).map((n) => `${n}: ${h(n)}`)];
        found.push({ ...emptyFound(fromAddr), hint: 'vacation', evidence: ev, date: bounceDate ?? '', diagnostic: collapse(reportText, 400) });
      }
    }
  }

  // --- delivery reports -----------------------------------------------------------------------
  if (kind === 'bounce' && !sesProvider) {
    const textByEmail = new Map<string, TextHit>();
    for (const x of hits) textByEmail.set(x.email.toLowerCase(), x);
    const globalErrors = errorLines(scan.report);
    const dsnRcpts: DsnRecipient[] = reports.flatMap((r) => r.recipients);
    if (dsnRcpts.length) {
      const seen = new Set<string>();
      for (const r of dsnRcpts) {
        // A forwarded alias: the address on the user's list is the original one (the evidence
        // keeps both fields). An Original-Recipient that is not an address (a local name) is not used.
        const original = r.originalRecipient && r.originalRecipient.includes('@') ? r.originalRecipient : '';
        const email = original || r.finalRecipient;
        const finalRecipient = original && r.finalRecipient && r.finalRecipient.toLowerCase() !== original.toLowerCase() ? r.finalRecipient : '';
        if (!email || isDaemonAddress(email) && exclude.has(email.toLowerCase())) continue;
        const key = `${email.toLowerCase()}|${r.action}`;
        // the same recipient twice in one report is two attempts; once per block, as written
        if (seen.has(key + '|' + r.lines.join('\n'))) continue;
        seen.add(key + '|' + r.lines.join('\n'));
        const f = emptyFound(email);
        if (finalRecipient) f.finalRecipient = finalRecipient;
        f.action = r.action;
        f.remoteMta = r.remoteMta;
        f.date = isoDate(r.lastAttempt) ?? isoDate(reports[0]?.arrivalDate) ?? bounceDate ?? '';
        f.evidence = [...r.lines];
        const textHit = textByEmail.get(email.toLowerCase()) ?? (r.originalRecipient ? textByEmail.get(r.originalRecipient.toLowerCase()) : undefined);
        let diag = unwrapRelayed(r.diagnostic);
        // The MTA's own paragraph about this recipient says which SMTP step failed
        // (Postfix "(in reply to RCPT TO command)"); the DSN fields don't.
        if (textHit) f.command = findCommand(textHit.lines.join('\n'));
        // A DSN whose diagnostic is only a code (or nothing) says less than the MTA's own text.
        if (placeholder(diag) && r.supplementary) diag = collapse(`${diag} ${r.supplementary}`.trim());
        if (placeholder(diag)) {
          const extra = textHit ? explain(textHit, scan.report, dsnRcpts.length === 1) : (dsnRcpts.length === 1 ? globalErrors : []);
          if (extra.length) { diag = collapse((diag + ' ' + extra.join(' ')).trim()); f.evidence.push(...extra.slice(0, 8)); }
        }
        f.diagnostic = collapse(diag);
        // a relayed reply ("5.1.0 - … 550-'5.7.1 … Access denied'") carries the remote status inside
        f.status = (diag !== r.diagnostic ? findStatus(diag) : '') || findStatus(r.status) || findStatus(diag);
        f.replyCode = findReplyCode(diag);
        // a local delivery program's failure, unless its output names a cause of its own
        if (r.diagnosticType === 'x-unix' && !/quota|disk|full|space|permission/i.test(diag)) f.hint = 'mailererror';
        found.push(f);
        if (found.length >= MAX_RECIPIENTS) break;
      }
    }
    if (!found.length) {
      let list = hits;
      const originalTo = dedupe([...addressesIn(original.get('to')), ...addressesIn(original.get('cc'))]).filter((a) => !originalSenders.has(a.toLowerCase()) && !exclude.has(a.toLowerCase()));
      if (!list.length) {
        const xf = addressesIn(headers.get('x-failed-recipients')?.join(','));
        // X-Failed-Recipients may hold an alias or group the message was expanded to; when the
        // report names nobody and the returned message went to one address, that address is
        // the contact the bounce is about.
        const single = originalTo.length === 1 && !xf.some((a) => reportText.toLowerCase().includes(a.toLowerCase())) ? originalTo : [];
        list = (single.length && xf.length === 1 ? single : xf).map((email) => ({ email, lines: [], span: [] }));
      }
      if (!list.length) list = relaxed();
      if (!list.length) list = bareNames(scan.report, fromAddr).map((email) => ({ email, lines: [], span: [] }));
      // A report that only forwards another report (a gateway bouncing a bounce): read the inner one.
      if (!list.length && attached && (ctx.depth ?? 0) < 2 && /multipart\/report|delivery-status/i.test(attached.get('content-type') ?? '')) {
        const inner = await innerMessage(input);
        if (inner) {
          const recs = await readMessage(inner, { ...ctx, depth: (ctx.depth ?? 0) + 1 });
          if (recs.length) return recs;
        }
      }
      if (!list.length && looksLikeBounce(h('from'), subject, reportText)) {
        // Reports that name nobody (Sendmail v5 "Deferred" transcripts, Google's "Message not delivered"):
        // the returned message's recipient is the one it failed for.
        if (originalTo.length === 1) list = originalTo.map((email) => ({ email, lines: [], span: [] }));
      }
      for (const x of list.slice(0, MAX_RECIPIENTS)) {
        const f = emptyFound(x.email);
        const lines = explain(x, scan.report, list.length === 1);
        f.diagnostic = collapse(dropLeadingAddress(lines.join(' '), x.email));
        f.status = findStatus(f.diagnostic);
        f.replyCode = findReplyCode(f.diagnostic);
        f.evidence = lines.slice(0, 12);
        f.date = bounceDate ?? '';
        found.push(f);
      }
    }
    for (const f of found) {
      const hint = dialectHint(provider, f, reportText);
      if (hint && !f.hint) f.hint = hint;
    }
  }

  const out: BounceRecord[] = [];
  // read only when some recipient's outer report states no cause (rare): the returned message is parsed again
  let nested: Map<string, NestedCause> | null = null;
  const prov = sesProvider ? 'amazonses' : kind === 'arf' ? 'arf' : kind === 'autoreply' ? 'rfc3834' : provider;
  for (const f of found) {
    const evidence: BounceEvidence = {
      replyCode: f.replyCode, status: f.status, diagnostic: f.diagnostic, action: f.action,
      reasonHint: f.hint, provider: prov, remoteMta: f.remoteMta, feedbackType: f.feedbackType,
      command: f.command || findCommand(f.evidence.join('\n') + '\n' + f.diagnostic) || (found.length === 1 ? findCommand(reportText) : ''), origin: 'mail',
    };
    let c = classifyBounce(evidence);
    // A gateway that only says "unable to deliver to <a>" (or gives a bare 5.0.0) often returns the
    // next hop's own report (a DSN or an SMTP transcript) inside the message it sends back: that
    // one says why.
    if ((c.reason === 'undefined' || c.reason === 'onhold') && kind === 'bounce' && !sesProvider && (ctx.depth ?? 0) < 2) {
      nested ??= await nestedCauses(input);
      const n = nested.get(f.email.toLowerCase()) ?? (f.finalRecipient ? nested.get(f.finalRecipient.toLowerCase()) : undefined);
      if (n) {
        const diagnostic = collapse(`${f.diagnostic} ${n.diagnostic}`.trim());
        const inner = classifyBounce({ ...evidence, diagnostic, status: n.status || evidence.status, replyCode: findReplyCode(n.diagnostic) || evidence.replyCode, command: findCommand(n.lines.join('\n')) || evidence.command });
        if (inner.reason !== 'undefined' && inner.reason !== 'onhold') {
          c = inner;
          f.diagnostic = diagnostic;
          f.evidence.push('In the returned message:', ...n.lines);
        }
      }
    }
    const rec: BounceRecord = {
      email: f.email,
      verdict: c.verdict,
      reason: c.reason,
      status: c.status || f.status,
      replyCode: c.replyCode || f.replyCode,
      diagnostic: f.diagnostic,
      provider: prov,
      sourceIndex: ctx.sourceIndex,
      ...(f.date ? { occurredAt: f.date } : {}),
      ...(messageId ? { messageId } : {}),
      ...(f.feedbackType ? { feedbackType: f.feedbackType } : {}),
      ...(f.action ? { providerType: f.action } : {}),
      ...(f.action?.toLowerCase() === 'delayed' ? { delayed: true } : {}),
      ...(f.finalRecipient ? { finalRecipient: f.finalRecipient } : {}),
      evidence: f.evidence.map((l) => l.trimEnd()).filter(Boolean).slice(0, 16).join('\n'),
    };
    out.push(rec);
  }
  return out;
}

/**
 * Sendmail at AOL (and other hosts of screen names) listed the failed recipient as a bare name
 * under "The following addresses had permanent fatal errors": the reporting host's own domain
 * is implied. Read only when the report names no address at all and a mailer daemon wrote it.
 */
export function bareNames(report: readonly string[], from: string): string[] {
  const domain = isDaemonAddress(from) ? from.slice(from.lastIndexOf('@') + 1).toLowerCase() : '';
  if (!domain || !domain.includes('.')) return [];
  const out: string[] = [];
  const at = report.findIndex((l) => /following addresses? had permanent fatal errors/i.test(l));
  if (at < 0) return [];
  for (let i = at + 1; i < report.length && i < at + 20; i++) {
    const l = (report[i] ?? '').trim();
    if (!l) { if (out.length) break; continue; }
    const m = /^<?([A-Za-z0-9][A-Za-z0-9._+-]{0,63})>?(?:\s+\(.*\))?$/.exec(l);
    if (!m) break;
    out.push(`${m[1]}@${domain}`);
  }
  return out;
}

/**
 * The lines that explain one recipient: its own block; when that only names the address, the
 * report down to the next recipient; then the report's error lines (when it is the only one).
 */
function explain(x: TextHit, report: readonly string[], only: boolean): string[] {
  if (saysWhy(x.lines, x.email)) return x.lines;
  if (x.span.length && saysWhy(x.span, x.email)) return x.span;
  if (!only) return x.lines;
  const errs = errorLines(report);
  if (errs.length && saysWhy(errs, x.email)) return [...x.lines, ...errs];
  return [...x.lines, ...report.filter((l) => l.trim()).slice(0, 40)];
}

/** Whether lines carry an error statement beyond naming the address. */
function saysWhy(lines: readonly string[], email: string): boolean {
  // section headings ("------- Failure Reasons -------") announce an explanation, they aren't one
  const t = lines.filter((l) => !/^\s*[-=*_]{3,}.*[-=*_]{3,}\s*$/.test(l)).join(' ').split(email).join(' ');
  return findReplyCode(t) !== '' || findStatus(t) !== '' || /unknown|not found|no such|does not exist|doesn't exist|invalid|rejected|refused|denied|blocked|full|quota|exceeded|expired|timed? ?out|too many|spam|virus|policy|unavailable|disabled|suspended|inactive|relay|not allowed|not permitted|problem|error|fail/i.test(t.replace(/error delivering|could not be delivered|following (?:recipient|address)[^:]*:|permanent(?:ly)? (?:error|fail)[^.]*/gi, ''));
}

function looksLikeBounce(from: string, subject: string, report: string): boolean {
  return /mailer-daemon|postmaster|mail delivery|MAILER_DAEMON|Mail Administrator|mailer@/i.test(from)
    || /undeliver|delivery (?:status|fail|notif|problem)|returned mail|failure notice|mail delivery|non[- ]?delivery|could not be delivered|delivery has failed|not delivered|error|fail/i.test(subject)
    || /could not be delivered|not delivered|delivery (?:has )?failed|permanent(?:ly)? (?:error|fail)/i.test(report.slice(0, 3000));
}

/**
 * Amazon SES (and relays built like it) wrap the remote server's reply:
 * "5.1.0 - Unknown address error 550-'5.7.1 <x>... Access denied' (delivery attempts: 0)".
 * The inner reply is the evidence.
 */
export function unwrapRelayed(diag: string): string {
  const m = /^\s*\d\.\d{1,3}\.\d{1,3}\s+-\s+[^']*?\b([245]\d\d)[- ]'([^']+)'\s*(?:\(delivery attempts: \d+\))?\s*$/.exec(diag);
  return m ? `${m[1]} ${m[2]}` : diag;
}

/** A DSN diagnostic that is only a code or a type ("smtp; 550", "X400; 1") states no cause. */
function placeholder(d: string): boolean {
  return !/[A-Za-z]{3,}/.test(d.replace(/\b(?:smtp|x-[a-z-]+|x400)\b/gi, ''));
}

interface NestedCause { diagnostic: string; status: string; lines: string[] }

/**
 * What a report returned inside this message says about each recipient (lowercase address):
 * its DSN diagnostic, or its SMTP transcript lines. A transcript line only counts with an SMTP
 * reply code or status beside the address, so a newsletter that merely mentions the address
 * and the word "error" states nothing.
 */
async function nestedCauses(raw: Uint8Array): Promise<Map<string, NestedCause>> {
  const out = new Map<string, NestedCause>();
  const inner = await innerMessage(raw);
  if (!inner) return out;
  let email: Email;
  try {
    email = await PostalMime.parse(inner, { forceRfc822Attachments: true, attachmentEncoding: 'arraybuffer', maxNestingDepth: 64 });
  } catch {
    return out;
  }
  const texts: string[] = [email.text?.trim() ? email.text : email.html ? htmlToText(email.html) : ''];
  for (const a of email.attachments) {
    const t = (/^[\w.+-]+\/[\w.+-]+/.exec(a.mimeType)?.[0] ?? a.mimeType).toLowerCase();
    if (t === 'message/delivery-status' || t === 'message/global-delivery-status') {
      for (const r of parseDeliveryStatus(partText(a), MAX_RECIPIENTS).recipients) {
        const diag = unwrapRelayed(r.diagnostic);
        const key = (r.finalRecipient || r.originalRecipient).toLowerCase();
        if (!key || placeholder(diag) || out.has(key)) continue;
        out.set(key, { diagnostic: collapse(diag), status: findStatus(r.status) || findStatus(diag), lines: r.lines });
        if (r.originalRecipient && !out.has(r.originalRecipient.toLowerCase())) out.set(r.originalRecipient.toLowerCase(), out.get(key)!);
      }
    } else if (t === 'text/plain') texts.push(partText(a));
  }
  const scan = scanText(texts.join('\n\n'), { exclude: new Set(), maxRecipients: MAX_RECIPIENTS });
  for (const x of scan.hits) {
    const key = x.email.toLowerCase();
    if (out.has(key)) continue;
    const lines = explain(x, scan.report, scan.hits.length === 1);
    const diagnostic = collapse(dropLeadingAddress(lines.join(' '), x.email));
    const said = diagnostic.split(x.email).join(' ');
    if (!findReplyCode(said) && !findStatus(said)) continue;
    out.set(key, { diagnostic, status: findStatus(said), lines: lines.slice(0, 12) });
  }
  return out;
}

/** The returned message of a report, whole (the pre-scan keeps only its headers). */
async function innerMessage(raw: Uint8Array): Promise<Uint8Array | null> {
  try {
    const full = await PostalMime.parse(raw, { forceRfc822Attachments: true, attachmentEncoding: 'arraybuffer', maxNestingDepth: 64 });
    const part = full.attachments.find((a) => /^message\/(?:rfc822|global)/i.test(a.mimeType));
    if (!part || typeof part.content === 'string') return null;
    return part.content instanceof ArrayBuffer ? new Uint8Array(part.content) : part.content;
  } catch {
    return null;
  }
}

function rawBody(bytes: Uint8Array): string {
  const text = utf8.decode(bytes);
  const m = /\r?\n\r?\n/.exec(text);
  return m ? text.slice(m.index + m[0].length) : '';
}

function dedupe(list: string[]): string[] {
  const seen = new Set<string>();
  return list.filter((a) => (seen.has(a.toLowerCase()) ? false : (seen.add(a.toLowerCase()), true)));
}

/**
 * The text without the address it starts with ("<x@y>: host said …" -> "host said …").
 * Plain string steps: a RegExp built per recipient cost more than the rest of the line work.
 */
export function dropLeadingAddress(text: string, email: string): string {
  // non-ASCII case folding is the RegExp engine's business
  if (!/^[\x00-\x7f]*$/.test(email)) return text.replace(new RegExp(`^\\s*<?${escapeRe(email)}>?:?\\s*`, 'i'), '');
  let i = 0;
  while (i < text.length && /\s/.test(text[i] as string)) i++;
  if (text[i] === '<') i++;
  for (let k = 0; k < email.length; k++, i++) {
    // ASCII case folding only, as /i does for an ASCII pattern
    if (!sameAsciiFold(text.charCodeAt(i), email.charCodeAt(k))) return text;
  }
  if (text[i] === '>') i++;
  if (text[i] === ':') i++;
  while (i < text.length && /\s/.test(text[i] as string)) i++;
  return text.slice(i);
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function sameAsciiFold(a: number, b: number): boolean {
  if (a === b) return true;
  return (a >= 65 && a <= 90 ? a + 32 : a) === (b >= 65 && b <= 90 ? b + 32 : b);
}
