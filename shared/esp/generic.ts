/**
 * The generic path: any sheet with an email column and at least one of reply code, enhanced
 * status, diagnostic, bounce type, date or campaign. Columns are found by header name (several
 * languages) and by what their values look like; the user can correct the mapping, and the
 * corrected mapping is remembered per header (see headerKey).
 */
import type { BounceColumnMapping } from '../contract.js';
import type { Reason, Verdict } from '../reasons.js';
import type { BounceDraft, MapResult } from './build.js';
import { looksLikeEmail, replyCodeOf, squash, statusOf, toIso } from './fields.js';
import { labelReason } from './labels.js';

export type MappingField = keyof BounceColumnMapping;

/** Header names per field, squashed (lower case, no spaces/underscores/dashes/dots). */
const NAMES: Record<MappingField, string[]> = {
  email: ['email', 'e-mail', 'emailaddress', 'email address', 'mail', 'e-mail address', 'recipient', 'recipient email', 'rcpt', 'rcpt_to', 'address',
    'to', 'contact email', 'contact_email', 'subscriber', 'subscriber email', 'email_address', 'courriel', 'adresse e-mail', 'adresse email', 'adresse mail',
    'e-mail-adresse', 'emailadresse', 'mailadresse', 'correo', 'correo electrónico', 'correo electronico', 'email del destinatario', 'indirizzo email',
    'indirizzo e-mail', 'endereço de e-mail', 'endereço de email', 'e-posta', 'e-postadress', 'sähköposti', 'adres e-mail', 'emailadres',
    'почта', 'электронная почта', 'email адрес', 'メールアドレス', 'メール', '邮箱', '电子邮件', '電子郵件', '이메일', '이메일 주소', 'البريد الإلكتروني'],
  replyCode: ['smtp code', 'smtp_code', 'smtpcode', 'reply code', 'replycode', 'smtp reply code', 'response code', 'smtp response code', 'error code', 'code',
    'smtp', 'bounce code', 'smtp status', 'code smtp', 'smtp-code', 'código smtp', 'codice smtp', 'smtp-fehlercode'],
  status: ['enhanced status', 'enhanced_status', 'enhanced status code', 'enhanced code', 'enhanced-code', 'dsn', 'dsn status', 'dsn code', 'status code',
    'extended code', 'bounce extended code', 'statut dsn', 'status', 'état'],
  diagnostic: ['diagnostic', 'diagnostic code', 'diagnostic-code', 'diagnosticcode', 'reason', 'bounce reason', 'error', 'error message', 'message', 'description',
    'response', 'smtp response', 'details', 'detail', 'bounce message', 'bounce description', 'comment', 'raw reason', 'raison', 'motif', 'message d\'erreur',
    'motivo', 'razón', 'mensaje', 'grund', 'fehlermeldung', 'fehler', 'meldung', 'messaggio', 'errore', 'motivo do erro', 'причина', 'ошибка', '原因', 'エラー', '理由', '오류'],
  type: ['bounce type', 'bounce_type', 'bouncetype', 'type', 'bounce category', 'category', 'classification', 'bounce classification', 'kind', 'event',
    'event type', 'status', 'state', 'subscriber status', 'result', 'typ', 'type de rebond', 'type de bounce', 'tipo', 'tipo de rebote', 'bounce-typ',
    'art', 'тип', '種類', 'タイプ', '类型'],
  date: ['date', 'bounced at', 'bounced_at', 'bounce date', 'timestamp', 'time', 'created', 'created at', 'created_at', 'datetime', 'event date',
    'occurred at', 'sent at', 'date de rebond', 'datum', 'zeitpunkt', 'fecha', 'data', 'дата', '日付', '日期', '날짜'],
  campaign: ['campaign', 'campaign name', 'campaign title', 'campaign id', 'mailing', 'mailing name', 'newsletter', 'subject', 'message subject', 'broadcast',
    'campagne', 'kampagne', 'campaña', 'campanha', 'campagna', 'кампания', 'キャンペーン', '活动'],
};
const NAME_SETS = Object.fromEntries(Object.entries(NAMES).map(([f, ns]) => [f, new Set(ns.map(squash))])) as Record<MappingField, Set<string>>;

// ---------------------------------------------------------------- bounce-type vocabulary

export interface TypeMeaning {
  verdict?: Verdict;
  reason?: Reason;
  /** A reason that holds whatever the diagnostic says (complaints, unsubscribes, auto-replies). */
  fixed?: Reason;
  /** Not a bounce at all (delivered, opened…). */
  skip?: true;
  /** A delay notice: the sender was still retrying (soft evidence that never removes on its own). */
  delay?: true;
}

const H = (reason?: Reason): TypeMeaning => ({ verdict: 'hard', reason });
const S = (reason?: Reason): TypeMeaning => ({ verdict: 'soft', reason });
const C = (fixed: Reason): TypeMeaning => ({ verdict: 'complaint', fixed });
const SKIP: TypeMeaning = { skip: true };
// what SendGrid ("deferred"), Brevo and Resend ("delivery_delayed") export as a delay, as the
// service importers read them: expired unless the diagnostic names a cause of its own
const DELAY: TypeMeaning = { verdict: 'soft', reason: 'expired', delay: true };

/**
 * Values seen in bounce-type and status columns across ESPs and languages (squashed keys).
 * Includes the statuses of exports whose headers are not documented (MailerLite, Kit, AWeber,
 * GetResponse, Elastic Email, Moosend, Omnisend, Customer.io) so those files work generically.
 */
const TYPE_WORDS: Record<string, TypeMeaning> = {
  hard: H(), hardbounce: H(), h: H(), permanent: H(), permanentfailure: H(), permanentfail: H(), perm: H(), bounced: H(), bounce: H(),
  cleaned: H(), invalid: H(), invalidemail: H(), invalidaddress: H('userunknown'), undeliverable: H(), nomailbox: H('userunknown'),
  nonexistent: H('userunknown'), addressdoesntexist: H('userunknown'), addressdoesnotexist: H('userunknown'), addressrecycled: H('userunknown'),
  userunknown: H('userunknown'), unknownuser: H('userunknown'), suppressed: { verdict: 'hard', fixed: 'suppressed' }, suppression: { verdict: 'hard', fixed: 'suppressed' },
  blocklisted: { verdict: 'hard', fixed: 'suppressed' }, failed: {}, rebonddur: H(), rebondpermanent: H(), harterbounce: H(), hart: H(), dauerhaft: H(),
  rebotepermanente: H(), reboteduro: H(), duro: H(), permanente: H(), 'ハードバウンス': H(), '硬退信': H(), '하드바운스': H(),
  soft: S(), softbounce: S(), s: S(), transient: S(), temporary: S(), temporaryfailure: S(), tempfail: S(), temp: S(), undetermined: S(),
  blocked: S('blocked'), block: S('blocked'), blacklisted: S('blocked'), accountproblem: S('mailboxfull'), mailboxfull: S('mailboxfull'),
  fullmailbox: S('mailboxfull'), quotaexceeded: S('mailboxfull'), dnsproblem: S('networkerror'), throttled: S('speeding'), greylisted: S(), greylisting: S(),
  spfproblem: S('authfailure'), timeout: S('expired'), inboxtimeout: S('expired'), connectionproblem: S('networkerror'), inboxnotanswering: S('networkerror'),
  faileddmarcauthentication: S('authfailure'), issuewithsenderauthentication: S('authfailure'), blockedcontent: S('spamdetected'), contentrejected: S('filtered'),
  notdelivered: S(), rebondtemporaire: S(), rebonddoux: S(), softbounces: S(), weicherbounce: S(), weich: S(), temporär: S(), rebotetemporal: S(),
  rebotesuave: S(), temporal: S(), temporaire: S(), 'ソフトバウンス': S(), '软退信': S(), '소프트바운스': S(),
  complaint: C('feedback'), complained: C('feedback'), spam: C('feedback'), spamcomplaint: C('feedback'), spamreport: C('feedback'), junk: C('feedback'),
  abuse: C('feedback'), fbl: C('feedback'), markedasspam: C('feedback'), plainte: C('feedback'), beschwerde: C('feedback'), queja: C('feedback'),
  unsubscribed: C('unsubscribed'), unsubscribe: C('unsubscribed'), unsub: C('unsubscribed'), optout: C('unsubscribed'), optedout: C('unsubscribed'),
  cancelled: C('unsubscribed'), canceled: C('unsubscribed'), désabonné: C('unsubscribed'), desabonne: C('unsubscribed'), désinscrit: C('unsubscribed'),
  abgemeldet: C('unsubscribed'), baja: C('unsubscribed'), 'dadodebaja': C('unsubscribed'), cancelado: C('unsubscribed'),
  autoreply: { verdict: 'auto-reply', fixed: 'vacation' }, autoresponder: { verdict: 'auto-reply', fixed: 'vacation' }, vacation: { verdict: 'auto-reply', fixed: 'vacation' },
  outofoffice: { verdict: 'auto-reply', fixed: 'vacation' }, abwesenheit: { verdict: 'auto-reply', fixed: 'vacation' },
  delivered: SKIP, sent: SKIP, open: SKIP, opened: SKIP, click: SKIP, clicked: SKIP, processed: SKIP, active: SKIP, subscribed: SKIP,
  confirmed: SKIP, unconfirmed: SKIP, engaged: SKIP, transactional: SKIP, pending: SKIP, accepted: SKIP,
  ok: SKIP, success: SKIP, nonsubscribed: SKIP, inactive: SKIP, cold: SKIP, zugestellt: SKIP, délivré: SKIP, entregado: SKIP,
  deferred: DELAY, delayed: DELAY, deferral: DELAY, delay: DELAY, deliverydelayed: DELAY, delayeddelivery: DELAY, deliverydeferred: DELAY,
  verzögert: DELAY, zurückgestellt: DELAY, différé: DELAY, retardé: DELAY, diferido: DELAY, retrasado: DELAY, '遅延': DELAY, '延迟': DELAY,
};

/**
 * How people and CRMs write an unsubscribe in a free-text column: "Unsubscribe request",
 * "Opted out", "Asked to be removed", "Removal requested", "Do not email" (CRM consent flags).
 */
const UNSUBSCRIBE_WORDING = /unsubscri|opt(?:ed|s)?[ -]?out|asked (?:us )?to be (?:removed|taken off)|(?:removal|remove) request|request(?:ed)? (?:to be )?remov|remove me\b|do not (?:e-?mail|contact|mail)\b|no longer wishes to receive/i;

/** What a bounce-type/status cell means, or undefined when the word is not known. */
export function typeMeaning(value: string): TypeMeaning | undefined {
  const v = value.trim();
  if (!v) return undefined;
  const key = squash(v).replace(/['’]/g, '');
  const exact = TYPE_WORDS[key];
  if (exact) return exact;
  const s = v.toLowerCase();
  if (/\bhard\b|permanent|\bhart\b|\bdur\b/.test(s)) return H();
  // "Delivery delayed", "Soft bounce (deferred)": still retrying, whatever else the word says
  if (/\bdefer(?:red|ral)?\b|\bdelay(?:ed)?\b/.test(s)) return DELAY;
  if (/\bsoft\b|transient|temporar|\bweich\b/.test(s)) return S();
  if (UNSUBSCRIBE_WORDING.test(s)) return C('unsubscribed');
  if (/complain|spam report/.test(s)) return C('feedback');
  if (/auto.?reply|out of office|vacation/.test(s)) return { verdict: 'auto-reply', fixed: 'vacation' };
  return undefined;
}

// ---------------------------------------------------------------- column detection

interface ColumnStats {
  nonEmpty: number;
  email: number;
  reply: number;
  status: number;
  type: number;
  date: number;
  avgLen: number;
}

function statsOf(values: readonly string[]): ColumnStats {
  let nonEmpty = 0, email = 0, reply = 0, status = 0, type = 0, date = 0, len = 0;
  for (const raw of values) {
    const v = raw.trim();
    if (!v) continue;
    nonEmpty++;
    len += v.length;
    if (looksLikeEmail(v)) email++;
    if (/^[245]\d\d$/.test(v)) reply++;
    if (/^#?[245]\.\d{1,3}\.\d{1,3}$/.test(v)) status++;
    if (typeMeaning(v) && v.length < 40) type++;
    if (!/^[245]\d\d$/.test(v) && toIso(v)) date++;
  }
  return { nonEmpty, email, reply, status, type, date, avgLen: nonEmpty ? len / nonEmpty : 0 };
}

const frac = (n: number, s: ColumnStats) => (s.nonEmpty ? n / s.nonEmpty : 0);

/**
 * Detects the columns of a bounce sheet. Returns null when no email column can be found.
 * `rows` is a sample of data rows (the first 50 or so).
 */
export function detectColumns(headers: readonly string[], rows: readonly (readonly string[])[]): BounceColumnMapping | null {
  const keys = headers.map(squash);
  const stats = headers.map((_, i) => statsOf(rows.map((r) => r[i] ?? '')));
  const used = new Set<number>();
  const named = (f: MappingField, i: number) => NAME_SETS[f].has(keys[i] ?? '');
  // A column named for one field is not taken for another on the strength of its values alone.
  const namedOther = (f: MappingField, i: number) => (Object.keys(NAME_SETS) as MappingField[]).some((g) => g !== f && named(g, i));
  const pick = (score: (i: number) => number): number | undefined => {
    let best: number | undefined, bestScore = 0;
    for (let i = 0; i < headers.length; i++) {
      if (used.has(i)) continue;
      const s = score(i);
      if (s > bestScore) { best = i; bestScore = s; }
    }
    if (best !== undefined) used.add(best);
    return best;
  };
  const noSample = (i: number) => stats[i]!.nonEmpty === 0;

  const email = pick((i) => {
    const s = stats[i]!, f = frac(s.email, s);
    if (named('email', i)) return noSample(i) || f >= 0.3 ? 3 + f : 0;
    return f >= 0.6 ? 1 + f : 0;
  });
  if (email === undefined) return null;

  const status = pick((i) => {
    const s = stats[i]!, f = frac(s.status, s);
    if (f >= 0.6) return 2 + f + (named('status', i) ? 1 : 0);
    return named('status', i) && noSample(i) && keys[i] !== 'status' ? 1 : 0;
  });
  const replyCode = pick((i) => {
    const s = stats[i]!, f = frac(s.reply, s);
    if (named('replyCode', i)) return f >= 0.5 || noSample(i) ? 2 + f : 0;
    return f >= 0.9 && !namedOther('replyCode', i) ? 1 + f : 0;
  });
  const type = pick((i) => {
    const s = stats[i]!, f = frac(s.type, s);
    if (named('type', i)) return f >= 0.5 || (noSample(i) && keys[i] !== 'status') ? 2 + f : 0;
    return f >= 0.8 && s.avgLen < 25 && !namedOther('type', i) ? 1 + f : 0;
  });
  const date = pick((i) => {
    const s = stats[i]!, f = frac(s.date, s);
    if (named('date', i)) return f >= 0.5 || noSample(i) ? 2 + f : 0;
    return f >= 0.9 && !namedOther('date', i) ? 1 + f : 0;
  });
  const campaign = pick((i) => (named('campaign', i) ? 2 : 0));
  const diagnostic = pick((i) => {
    const s = stats[i]!;
    if (s.email && frac(s.email, s) > 0.5) return 0;
    if (named('diagnostic', i)) return 2 + Math.min(1, s.avgLen / 100);
    // An unnamed column of long text next to the address is most likely the bounce message.
    return s.avgLen >= 25 && frac(s.date, s) < 0.5 ? 1 + Math.min(1, s.avgLen / 200) : 0;
  });

  const m: { -readonly [K in MappingField]?: number } = { email };
  if (replyCode !== undefined) m.replyCode = replyCode;
  if (status !== undefined) m.status = status;
  if (diagnostic !== undefined) m.diagnostic = diagnostic;
  if (type !== undefined) m.type = type;
  if (date !== undefined) m.date = date;
  if (campaign !== undefined) m.campaign = campaign;
  return m as BounceColumnMapping;
}

/** True when the mapping carries something besides the address (else there is no bounce information). */
export function hasBounceColumns(m: BounceColumnMapping): boolean {
  return m.replyCode !== undefined || m.status !== undefined || m.diagnostic !== undefined || m.type !== undefined;
}

/** Names of the mapped fields, in the order the preview describes them ("email, code, diagnostic"). */
export function describeMapping(m: BounceColumnMapping): string {
  const parts: string[] = ['email'];
  if (m.replyCode !== undefined) parts.push('code');
  if (m.status !== undefined) parts.push('status');
  if (m.diagnostic !== undefined) parts.push('diagnostic');
  if (m.type !== undefined) parts.push('type');
  if (m.date !== undefined) parts.push('date');
  if (m.campaign !== undefined) parts.push('campaign');
  return parts.join(', ');
}

/** Checks a (user-supplied) mapping against the header; returns a problem in plain words, or null. */
export function mappingProblem(m: BounceColumnMapping, columns: number): string | null {
  for (const [field, i] of Object.entries(m)) {
    if (i === undefined) continue;
    if (!Number.isInteger(i) || i < 0 || i >= columns) return `the ${field} column (${Number(i) + 1}) is beyond the ${columns} columns of this file`;
  }
  return null;
}

/** Maps one data row through a column mapping. */
export function mapGenericRow(cells: readonly string[], m: BounceColumnMapping, opts: { dayFirst?: boolean } = {}): MapResult {
  const cell = (i: number | undefined) => (i === undefined ? '' : (cells[i] ?? '').trim());
  const email = cell(m.email);
  if (!email) return { skip: 'row without an address' };
  const typeCell = cell(m.type);
  const diagnostic = cell(m.diagnostic);
  const codeCell = cell(m.replyCode);
  const statusCell = cell(m.status);
  // Suppression lists often put their status word in a "reason" column ("Hard bounce",
  // "Spam complaint"): with no type column, such a bare word is the type.
  const label = !typeCell && diagnostic.length <= 40 && !codeCell && !statusCell ? TYPE_WORDS[squash(diagnostic).replace(/['’]/g, '')] : undefined;
  // A note column saying the person asked to leave ("Asked to be removed 3/4") is an unsubscribe,
  // unless it carries SMTP codes (then it is a bounce text that happens to mention removal).
  const meaning = typeCell ? typeMeaning(typeCell)
    : label ?? (!codeCell && !statusCell && UNSUBSCRIBE_WORDING.test(diagnostic) && !/\b[245]\d\d\b|\b[245]\.\d/.test(diagnostic) ? C('unsubscribed') : undefined);
  if (meaning?.skip) return { skip: (typeCell || diagnostic).toLowerCase() };
  const draft: BounceDraft = {
    email,
    diagnostic,
    replyCode: replyCodeOf(codeCell),
    // A "code" column sometimes holds the enhanced status instead ("5.1.1").
    status: statusOf(statusCell) || statusOf(codeCell),
    occurredAt: toIso(cell(m.date), opts),
    campaign: cell(m.campaign) || undefined,
    providerType: typeCell || (label ? diagnostic : undefined),
    verdict: meaning?.verdict,
    // A short label the classifier cannot place ("Address recycled") may still name the reason.
    reason: meaning?.reason ?? labelReason(diagnostic),
    // The word was the whole evidence: it names no cause beyond its own.
    fixedReason: meaning?.fixed ?? (label && !label.delay ? (label.reason ?? 'undefined') : undefined),
    ...(meaning?.delay ? { action: 'delayed' } : {}),
  };
  return [draft];
}
