/**
 * Transactional ESPs whose documented export is JSON (API pages, webhook events) — see
 * ../shared/reference/esp-exports.md for every vocabulary used below.
 */
import type { Reason, Verdict } from '../reasons.js';
import type { BounceDraft, MapResult } from './build.js';
import { bool, hasAll, hasAny, isObj, raw, replyCodeOf, statusOf, str, toIso } from './fields.js';
import type { ProviderSpec } from './provider.js';

const skip = (what: string): MapResult => ({ skip: what || 'unknown event' });

function complaint(email: string, fixedReason: Reason, extra: Partial<BounceDraft> = {}): BounceDraft {
  return { email, verdict: 'complaint', fixedReason, ...extra };
}

// ---------------------------------------------------------------- SendGrid

export const sendgrid: ProviderSpec = {
  id: 'sendgrid',
  name: 'SendGrid',
  // Event logs kept as CSV (a warehouse dump of the webhook) carry the same field names.
  fromHeaders(k) {
    return hasAll(k, 'email', 'event') && hasAny(k, 'sg_event_id', 'sg_message_id', 'smtp-id') ? 'event log' : null;
  },
  fromRecord(r, k) {
    if (hasAll(k, 'email', 'event') && hasAny(k, 'sg_event_id', 'sg_message_id', 'smtp-id')) return 'event log';
    // Suppressions API: bounces/blocks {created,email,reason,status}, spam reports {created,email,ip},
    // invalid emails {created,email,reason}, global unsubscribes {created,email}.
    if (typeof r.created === 'number' && typeof r.email === 'string' && [...k].every((x) => ['created', 'email', 'reason', 'status', 'ip'].includes(x))) return 'suppression list';
    return null;
  },
  map(r, format) {
    const email = str(r, 'email');
    const occurredAt = toIso(raw(r, 'timestamp') ?? raw(r, 'created'));
    if (format === 'suppression list') {
      if ('ip' in r) return [complaint(email, 'feedback', { occurredAt, providerType: 'spam report' })];
      if (!('reason' in r) && !('status' in r)) return [complaint(email, 'unsubscribed', { occurredAt, providerType: 'unsubscribe' })];
      return [{ email, occurredAt, diagnostic: str(r, 'reason'), status: statusOf(str(r, 'status')) }];
    }
    const event = str(r, 'event').toLowerCase();
    const base: BounceDraft = {
      email,
      occurredAt,
      diagnostic: str(r, 'reason', 'response'),
      status: statusOf(str(r, 'status')),
      messageId: str(r, 'sg_message_id', 'smtp-id') || undefined,
      campaign: str(r, 'singlesend_name', 'marketing_campaign_name', 'campaign') || undefined,
    };
    switch (event) {
      case 'bounce': {
        const type = str(r, 'type').toLowerCase();
        const cls = str(r, 'bounce_classification');
        // type=bounce: the server refused this recipient for good; type=blocked: refused for now
        // (IP, content) and SendGrid itself keeps sending to it.
        const verdict: Verdict = type === 'blocked' ? 'soft' : 'hard';
        const reason: Reason | undefined = cls === 'Invalid Address' ? 'userunknown' : cls === 'Reputation' ? 'badreputation' : cls === 'Content' ? 'spamdetected' : cls === 'Frequency or Volume' ? 'speeding' : cls === 'Mailbox Unavailable' ? 'mailboxfull' : type === 'blocked' ? 'blocked' : undefined;
        return [{ ...base, verdict, reason, providerType: `bounce/${type || 'bounce'}${cls ? ` (${cls})` : ''}`, replyCode: replyCodeOf(base.diagnostic ?? '') }];
      }
      case 'dropped': {
        const why = str(r, 'reason');
        const providerType = `dropped: ${why}`;
        if (/bounced address/i.test(why)) return [{ ...base, verdict: 'hard', fixedReason: 'suppressed', providerType }];
        if (/unsubscribed address/i.test(why)) return [complaint(email, 'unsubscribed', { ...base, providerType })];
        if (/spam reporting address/i.test(why)) return [complaint(email, 'feedback', { ...base, providerType })];
        if (/^invalid$/i.test(why)) return [{ ...base, verdict: 'hard', fixedReason: 'undefined', providerType }];
        if (/spam content/i.test(why)) return [{ ...base, verdict: 'soft', fixedReason: 'spamdetected', providerType }];
        // Header errors and quota drops are the sender's account, never the address.
        return skip(`dropped (${why || 'no reason'})`);
      }
      case 'spamreport':
        return [complaint(email, 'feedback', { ...base, diagnostic: '', providerType: 'spamreport', feedbackType: 'abuse' })];
      case 'unsubscribe':
      case 'group_unsubscribe':
        return [complaint(email, 'unsubscribed', { ...base, diagnostic: '', providerType: event })];
      case 'deferred':
        // Still retrying: a delay notice, soft evidence that never removes anyone on its own.
        return [{ ...base, verdict: 'soft', reason: 'expired', action: 'delayed', providerType: 'deferred', replyCode: replyCodeOf(base.diagnostic ?? '') }];
      default:
        return skip(event); // processed, delivered, open, click, group_resubscribe
    }
  },
};

// ---------------------------------------------------------------- Mailgun

export const mailgun: ProviderSpec = {
  id: 'mailgun',
  name: 'Mailgun',
  fromHeaders(k) {
    // The documented bounce-list CSV (import format, also what the list API returns).
    if (hasAll(k, 'address', 'code', 'error', 'created_at')) return 'bounce list';
    return null;
  },
  fromRecord(r, k) {
    if (hasAll(k, 'event', 'recipient') && hasAny(k, 'delivery-status', 'log-level', 'severity', 'recipient-domain', 'envelope')) return 'event log';
    if (hasAll(k, 'address', 'code', 'error', 'created_at')) return 'bounce list';
    if (hasAll(k, 'address', 'created_at') && [...k].every((x) => ['address', 'createdat', 'tags'].includes(x))) return k.has('tags') ? 'unsubscribe list' : 'complaint list';
    return null;
  },
  map(r, format) {
    if (format === 'bounce list') {
      const code = str(r, 'code');
      const error = str(r, 'error');
      // Only "recipient does not exist" failures land on Mailgun's bounce list.
      return [{ email: str(r, 'address'), verdict: 'hard', diagnostic: error, replyCode: replyCodeOf(code) || replyCodeOf(error), status: statusOf(error), occurredAt: toIso(raw(r, 'created_at')), providerType: 'bounce list' }];
    }
    if (format === 'complaint list') return [complaint(str(r, 'address'), 'feedback', { occurredAt: toIso(raw(r, 'created_at')), providerType: 'complaint' })];
    if (format === 'unsubscribe list') return [complaint(str(r, 'address'), 'unsubscribed', { occurredAt: toIso(raw(r, 'created_at')), providerType: 'unsubscribe' })];

    const event = str(r, 'event').toLowerCase();
    const ds = isObj(r['delivery-status']) ? r['delivery-status'] : {};
    const message = isObj(r.message) && isObj(r.message.headers) ? r.message.headers : {};
    const diag = [str(ds, 'message'), str(ds, 'description')].filter(Boolean).join(' ');
    const tags = Array.isArray(r.tags) ? r.tags.filter((t): t is string => typeof t === 'string') : [];
    const base: BounceDraft = {
      email: str(r, 'recipient'),
      occurredAt: toIso(raw(r, 'timestamp')),
      diagnostic: diag,
      replyCode: replyCodeOf(str(ds, 'code')),
      status: statusOf(str(ds, 'enhanced-code')) || statusOf(diag),
      messageId: str(message, 'message-id') || undefined,
      campaign: tags[0],
    };
    if (event === 'failed') {
      const severity = str(r, 'severity').toLowerCase();
      const why = str(r, 'reason').toLowerCase();
      const providerType = `failed/${severity || '?'}${why ? `/${why}` : ''}`;
      // A temporary failure is a real refusal that Mailgun will retry: soft evidence, read by its diagnostic.
      if (severity === 'temporary') return [{ ...base, verdict: 'soft', providerType }];
      if (why === 'suppress-unsubscribe') return [complaint(base.email, 'unsubscribed', { ...base, providerType })];
      if (why === 'suppress-complaint') return [complaint(base.email, 'feedback', { ...base, providerType })];
      if (why === 'suppress-bounce') return [{ ...base, verdict: 'hard', fixedReason: 'suppressed', providerType }];
      if (why === 'old') return [{ ...base, verdict: 'soft', reason: 'expired', providerType }];
      if (why === 'espblock') return [{ ...base, verdict: 'soft', reason: 'blocked', providerType }];
      if (why === 'bounce' || why === 'hardfail') return [{ ...base, verdict: 'hard', providerType }];
      // Other permanent failures (generic 5xx, greylisting given up…) do not say the address is
      // dead: Mailgun's own bounce list skips them, so the diagnostic decides.
      return [{ ...base, providerType }];
    }
    if (event === 'complained') return [complaint(base.email, 'feedback', { ...base, diagnostic: '', providerType: 'complained' })];
    if (event === 'unsubscribed') return [complaint(base.email, 'unsubscribed', { ...base, diagnostic: '', providerType: 'unsubscribed' })];
    return skip(event); // accepted, rejected (never sent), delivered, opened, clicked, stored, list events
  },
};

// ---------------------------------------------------------------- Amazon SES (and Resend, which reuses its vocabulary)

const SES_SUBTYPE_REASON: Record<string, Reason> = {
  noemail: 'userunknown',
  suppressed: 'suppressed',
  onaccountsuppressionlist: 'suppressed',
  mailboxfull: 'mailboxfull',
  messagetoolarge: 'mesgtoobig',
  contentrejected: 'filtered',
  attachmentrejected: 'policyviolation',
};

/** SES bounceType -> verdict: Permanent is hard; Transient and Undetermined are soft. */
function sesVerdict(type: string): Verdict | undefined {
  const t = type.toLowerCase();
  if (t === 'permanent') return 'hard';
  if (t === 'transient' || t === 'undetermined') return 'soft';
  return undefined;
}

function sesSubtype(type: string, sub: string): { reason?: Reason; fixedReason?: Reason; autoReplyOk?: boolean } {
  const s = sub.toLowerCase();
  if (s === 'onaccountsuppressionlist' || s === 'suppressed') return { fixedReason: 'suppressed' };
  // SES files auto-replies as Transient/General.
  return { reason: SES_SUBTYPE_REASON[s], ...(type.toLowerCase() === 'transient' && s === 'general' ? { autoReplyOk: true } : {}) };
}

export const ses: ProviderSpec = {
  id: 'ses',
  name: 'Amazon SES',
  fromHeaders(k, headers) {
    // Headerless suppression-list import lines: recipient@example.com,BOUNCE
    if (headers.length === 2 && /@/.test(headers[0] ?? '') && /^(BOUNCE|COMPLAINT)$/.test(headers[1]?.trim() ?? '')) return 'suppression list';
    if (hasAll(k, 'EmailAddress', 'Reason', 'LastUpdateTime')) return 'suppression list';
    return null;
  },
  fromRecord(r, k) {
    const t = str(r, 'notificationType', 'eventType');
    if (t && (isObj(r.mail) || isObj(r.bounce) || isObj(r.complaint) || isObj(r.delivery))) return 'notifications';
    if (hasAll(k, 'EmailAddress', 'Reason') && (k.has('lastupdatetime') || k.size === 2)) return 'suppression list';
    if (k.size === 2 && hasAll(k, 'emailAddress', 'reason') && /^(BOUNCE|COMPLAINT)$/i.test(str(r, 'reason'))) return 'suppression list';
    return null;
  },
  map(r, format) {
    if (format === 'suppression list') {
      const email = str(r, 'EmailAddress', 'emailAddress', '0');
      const reason = str(r, 'Reason', 'reason', '1').toUpperCase();
      const occurredAt = toIso(raw(r, 'LastUpdateTime'));
      if (reason === 'COMPLAINT') return [complaint(email, 'feedback', { occurredAt, providerType: 'COMPLAINT' })];
      if (reason === 'BOUNCE') return [{ email, verdict: 'hard', fixedReason: 'undefined', occurredAt, providerType: 'BOUNCE' }];
      return skip(reason.toLowerCase());
    }
    const type = str(r, 'notificationType', 'eventType');
    const mail = isObj(r.mail) ? r.mail : {};
    const messageId = str(mail, 'messageId') || undefined;
    const tags = isObj(mail.tags) ? mail.tags : {};
    const campaignTag = raw(tags, 'campaign');
    const campaign = Array.isArray(campaignTag) && typeof campaignTag[0] === 'string' ? campaignTag[0] : undefined;
    if (/^bounce$/i.test(type)) {
      const b = isObj(r.bounce) ? r.bounce : {};
      const bt = str(b, 'bounceType');
      const sub = str(b, 'bounceSubType');
      const verdict = sesVerdict(bt);
      const list = Array.isArray(b.bouncedRecipients) ? b.bouncedRecipients.filter(isObj) : [];
      const occurredAt = toIso(raw(b, 'timestamp')) ?? toIso(raw(mail, 'timestamp'));
      if (/^unsubscribedrecipient$/i.test(sub)) return list.map((x) => complaint(str(x, 'emailAddress'), 'unsubscribed', { occurredAt, messageId, providerType: `${bt}/${sub}` }));
      return list.map((x) => {
        const diagnostic = str(x, 'diagnosticCode');
        return {
          email: str(x, 'emailAddress'),
          verdict,
          ...sesSubtype(bt, sub),
          diagnostic,
          status: statusOf(str(x, 'status')),
          replyCode: replyCodeOf(diagnostic.replace(/^smtp;\s*/i, '')),
          action: str(x, 'action') || undefined,
          occurredAt,
          messageId,
          campaign,
          providerType: `${bt}/${sub}`,
        };
      });
    }
    if (/^complaint$/i.test(type)) {
      const c = isObj(r.complaint) ? r.complaint : {};
      const fb = str(c, 'complaintFeedbackType');
      if (fb.toLowerCase() === 'not-spam') return skip('not-spam report');
      const list = Array.isArray(c.complainedRecipients) ? c.complainedRecipients.filter(isObj) : [];
      const occurredAt = toIso(raw(c, 'timestamp')) ?? toIso(raw(mail, 'timestamp'));
      return list.map((x) => complaint(str(x, 'emailAddress'), 'feedback', { occurredAt, messageId, campaign, feedbackType: fb || undefined, providerType: `Complaint${fb ? `/${fb}` : ''}` }));
    }
    return skip(type.toLowerCase()); // Delivery, Send, DeliveryDelay (still retrying), Open, Click, Reject…
  },
};

export const resend: ProviderSpec = {
  id: 'resend',
  name: 'Resend',
  fromRecord(r) {
    return typeof r.type === 'string' && r.type.startsWith('email.') && isObj(r.data) ? 'webhook events' : null;
  },
  map(r) {
    const type = str(r, 'type');
    const d = isObj(r.data) ? r.data : {};
    const to = Array.isArray(d.to) ? d.to.filter((x): x is string => typeof x === 'string') : typeof d.to === 'string' ? [d.to] : [];
    const occurredAt = toIso(raw(r, 'created_at')) ?? toIso(raw(d, 'created_at'));
    const base = { occurredAt, messageId: str(d, 'email_id') || undefined, campaign: str(d, 'broadcast_id') || undefined };
    if (type === 'email.bounced') {
      const b = isObj(d.bounce) ? d.bounce : {};
      const bt = str(b, 'type');
      const sub = str(b, 'subType');
      // Resend fires email.bounced only for permanent rejections; the SES type says the rest.
      const verdict = sesVerdict(bt) ?? 'hard';
      return to.map((email) => ({ email, verdict, ...sesSubtype(bt, sub), diagnostic: str(b, 'message'), ...base, providerType: `${bt || 'bounce'}${sub ? `/${sub}` : ''}` }));
    }
    if (type === 'email.complained') return to.map((email) => complaint(email, 'feedback', { ...base, providerType: type }));
    if (type === 'email.suppressed') {
      const s = isObj(d.suppressed) ? d.suppressed : {};
      return to.map((email) => ({ email, verdict: 'hard' as const, fixedReason: 'suppressed' as const, diagnostic: str(s, 'message'), ...base, providerType: `suppressed/${str(s, 'type')}` }));
    }
    if (type === 'email.delivery_delayed') {
      // Still retrying: a delay notice, soft evidence that never removes anyone on its own.
      return to.map((email) => ({ email, verdict: 'soft' as const, reason: 'expired' as const, action: 'delayed', ...base, providerType: 'delivery_delayed' }));
    }
    return skip(type.replace(/^email\./, '')); // sent, delivered, opened, clicked
  },
};

// ---------------------------------------------------------------- Postmark

/** Postmark Type -> verdict and implied reason (esp-exports.md table). null = not a bounce. */
const POSTMARK: Record<string, { verdict: Verdict; reason?: Reason; fixed?: Reason } | null> = {
  HardBounce: { verdict: 'hard', reason: 'userunknown' },
  Transient: { verdict: 'soft', reason: 'networkerror' },
  Unsubscribe: { verdict: 'complaint', fixed: 'unsubscribed' },
  Subscribe: null,
  AutoResponder: { verdict: 'auto-reply', fixed: 'vacation' },
  // A request to change address: the old one may still work, so it is flagged, not removed.
  AddressChange: { verdict: 'unknown', fixed: 'hasmoved' },
  DnsError: { verdict: 'soft', reason: 'networkerror' },
  SpamNotification: { verdict: 'soft', reason: 'spamdetected' },
  OpenRelayTest: null,
  Unknown: { verdict: 'soft', reason: 'undefined' },
  SoftBounce: { verdict: 'soft', reason: 'mailboxfull' },
  VirusNotification: { verdict: 'soft', reason: 'virusdetected' },
  ChallengeVerification: { verdict: 'soft', reason: 'filtered' },
  BadEmailAddress: { verdict: 'hard', reason: 'userunknown' },
  SpamComplaint: { verdict: 'complaint', fixed: 'feedback' },
  ManuallyDeactivated: { verdict: 'hard', fixed: 'suppressed' },
  Unconfirmed: null,
  Blocked: { verdict: 'soft', reason: 'blocked' },
  SMTPApiError: null,
  InboundError: null,
  DMARCPolicy: { verdict: 'soft', reason: 'authfailure' },
  TemplateRenderingFailed: null,
};
const POSTMARK_CODES: Record<string, string> = {
  '1': 'HardBounce', '2': 'Transient', '16': 'Unsubscribe', '32': 'Subscribe', '64': 'AutoResponder', '128': 'AddressChange',
  '256': 'DnsError', '512': 'SpamNotification', '1024': 'OpenRelayTest', '2048': 'Unknown', '4096': 'SoftBounce',
  '8192': 'VirusNotification', '16384': 'ChallengeVerification', '100000': 'BadEmailAddress', '100001': 'SpamComplaint',
  '100002': 'ManuallyDeactivated', '100003': 'Unconfirmed', '100006': 'Blocked', '100007': 'SMTPApiError',
  '100008': 'InboundError', '100009': 'DMARCPolicy', '100010': 'TemplateRenderingFailed',
};

export const postmark: ProviderSpec = {
  id: 'postmark',
  name: 'Postmark',
  fromHeaders(k) {
    if (hasAll(k, 'Email', 'Type') && hasAny(k, 'TypeCode', 'BouncedAt')) return 'bounces export';
    if (hasAll(k, 'EmailAddress', 'SuppressionReason')) return 'suppressions';
    return null;
  },
  fromRecord(r, k) {
    return postmark.fromHeaders!(k, Object.keys(r));
  },
  map(r, format) {
    if (format === 'suppressions') {
      const email = str(r, 'EmailAddress');
      const why = str(r, 'SuppressionReason');
      const origin = str(r, 'Origin');
      const occurredAt = toIso(raw(r, 'CreatedAt'));
      const providerType = `${why}${origin ? ` (${origin})` : ''}`;
      if (why === 'HardBounce') return [{ email, verdict: 'hard', fixedReason: 'undefined', occurredAt, providerType }];
      if (why === 'SpamComplaint') return [complaint(email, 'feedback', { occurredAt, providerType })];
      // A recipient unsubscribing from a broadcast stream shows as ManualSuppression + Recipient.
      if (origin === 'Recipient') return [complaint(email, 'unsubscribed', { occurredAt, providerType })];
      return [{ email, verdict: 'hard', fixedReason: 'suppressed', occurredAt, providerType }];
    }
    const code = str(r, 'TypeCode');
    const type = str(r, 'Type') || POSTMARK_CODES[code] || '';
    const entry = POSTMARK[type];
    if (entry === null) return skip(type);
    const details = str(r, 'Details');
    const draft: BounceDraft = {
      email: str(r, 'Email'),
      diagnostic: details || str(r, 'Description'),
      replyCode: replyCodeOf(details.replace(/^smtp;\s*/i, '')),
      status: statusOf(details),
      occurredAt: toIso(raw(r, 'BouncedAt')),
      messageId: str(r, 'MessageID') || undefined,
      campaign: str(r, 'Tag') || undefined,
      providerType: type || `TypeCode ${code}`,
    };
    if (!entry) return [draft]; // an unlisted type: the diagnostic decides
    if (entry.fixed) return [{ ...draft, verdict: entry.verdict, fixedReason: entry.fixed }];
    return [{ ...draft, verdict: entry.verdict, reason: entry.reason }];
  },
};

// ---------------------------------------------------------------- Brevo

export const brevo: ProviderSpec = {
  id: 'brevo',
  name: 'Brevo',
  fromHeaders(k, headers) {
    return hasAll(k, 'event', 'email') && headers.some((h) => ['ts_event', 'ts_epoch', 'message-id'].includes(h.trim())) && !hasAny(k, 'sg_event_id', 'mj_campaign_id', 'Message_GUID') ? 'event log' : null;
  },
  fromRecord(r, k) {
    if (hasAll(k, 'event', 'email') && ('ts_event' in r || 'ts_epoch' in r || 'ts' in r || 'message-id' in r) && !hasAny(k, 'sg_event_id', 'mj_campaign_id', 'Message_GUID')) return 'event log';
    return null;
  },
  map(r) {
    const event = str(r, 'event').toLowerCase();
    const email = str(r, 'email');
    const diagnostic = str(r, 'reason');
    const base: BounceDraft = {
      email,
      diagnostic,
      replyCode: replyCodeOf(diagnostic),
      status: statusOf(diagnostic),
      // ts_event/ts_epoch are UTC; `date` is Paris local time, so it comes last.
      occurredAt: toIso(raw(r, 'ts_epoch')) ?? toIso(raw(r, 'ts_event')) ?? toIso(raw(r, 'ts')) ?? toIso(raw(r, 'date')),
      messageId: str(r, 'message-id') || undefined,
      campaign: str(r, 'tag', 'camp_id', 'campaign name') || undefined,
      providerType: event,
    };
    switch (event) {
      case 'hard_bounce':
      case 'hardbounce':
        return [{ ...base, verdict: 'hard' }];
      case 'soft_bounce':
      case 'softbounce':
        return [{ ...base, verdict: 'soft' }]; // logged only after 36 h of retries
      case 'blocked':
        // Not sent because the contact is already blocklisted (an earlier hard bounce, complaint or unsubscribe).
        return [{ ...base, verdict: 'hard', fixedReason: 'suppressed' }];
      case 'invalid_email':
      case 'invalid':
        return [{ ...base, verdict: 'hard', fixedReason: 'undefined' }];
      case 'spam':
      case 'complaint':
        return [complaint(email, 'feedback', base)];
      case 'unsubscribed':
      case 'unsubscribe':
        return [complaint(email, 'unsubscribed', base)];
      case 'deferred':
        // Still retrying: a delay notice, soft evidence that never removes anyone on its own.
        return [{ ...base, verdict: 'soft', reason: 'expired', action: 'delayed' }];
      default:
        return skip(event); // request/sent, delivered, opened, click, proxy_open, error
    }
  },
};

// ---------------------------------------------------------------- Mailjet

/** Mailjet's error table: (error_related_to, error) -> implied reason, or a fixed outcome. */
function mailjetError(related: string, error: string): { reason?: Reason; fixed?: Reason; verdict?: Verdict; skip?: true } {
  const e = error.toLowerCase();
  switch (e) {
    case 'user unknown': return { reason: 'userunknown' };
    case 'mailbox inactive': return { reason: 'suspend' };
    case 'quota exceeded': return { reason: 'mailboxfull' };
    case 'blacklisted': return { verdict: 'complaint', fixed: 'suppressed' };
    case 'spam reporter': return { verdict: 'complaint', fixed: 'feedback' };
    case 'invalid domain': return { reason: 'hostunknown' };
    case 'no mail host': return { reason: 'hostunknown' };
    case 'relay/access denied': return { reason: 'norelaying' };
    case 'greylisted': return { reason: 'expired' };
    case 'typofix': return { reason: 'hostunknown' };
    case 'bad or empty template':
    case 'error in template language': return { reason: 'contenterror' };
    case 'sender blocked': return { reason: 'blocked' };
    case 'content blocked': return { reason: 'spamdetected' };
    case 'policy issue': return { reason: 'policyviolation' };
    case 'system issue': return { reason: 'systemerror' };
    case 'protocol issue': return { reason: 'syntaxerror' };
    case 'connection issue': return { reason: 'networkerror' };
    case 'preblocked': return { verdict: 'hard', fixed: 'suppressed' };
    case 'duplicate in campaign': return { skip: true };
    default: return related.toLowerCase() === 'spam' ? { reason: 'spamdetected' } : {};
  }
}

export const mailjet: ProviderSpec = {
  id: 'mailjet',
  name: 'Mailjet',
  fromRecord(r, k) {
    if (hasAll(k, 'event', 'email') && ('MessageID' in r || 'Message_GUID' in r || 'mj_campaign_id' in r || 'mj_contact_id' in r || 'hard_bounce' in r || 'error_related_to' in r)) return 'event log';
    return null;
  },
  fromHeaders(k) {
    if (hasAll(k, 'event', 'email') && hasAny(k, 'Message_GUID', 'mj_campaign_id', 'mj_contact_id', 'hard_bounce', 'error_related_to')) return 'event log';
    return null;
  },
  map(r) {
    const event = str(r, 'event').toLowerCase();
    const email = str(r, 'email');
    const comment = str(r, 'comment');
    const related = str(r, 'error_related_to');
    const error = str(r, 'error');
    const base: BounceDraft = {
      email,
      diagnostic: comment || [related, error].filter(Boolean).join(': '),
      replyCode: replyCodeOf(comment),
      status: statusOf(comment),
      occurredAt: toIso(raw(r, 'time')),
      messageId: str(r, 'MessageID', 'Message_GUID') || undefined,
      campaign: str(r, 'customcampaign', 'mj_campaign_id') || undefined,
      providerType: [event, related, error].filter(Boolean).join('/'),
    };
    if (event === 'bounce' || event === 'blocked') {
      const m = mailjetError(related, error);
      if (m.skip) return skip(`${event} (${error})`);
      if (m.fixed) return [{ ...base, verdict: m.verdict ?? 'hard', fixedReason: m.fixed }];
      const hard = bool(r, 'hard_bounce');
      // `blocked` events were never sent (Mailjet's own decision): soft unless the cause is the
      // address itself (user unknown, a domain typo), which will not work on the next send either.
      const deadAddress = m.reason === 'userunknown' || m.reason === 'hostunknown';
      const verdict: Verdict = event === 'bounce' ? (hard === undefined ? (deadAddress ? 'hard' : 'soft') : hard ? 'hard' : 'soft') : deadAddress ? 'hard' : 'soft';
      return [{ ...base, verdict, reason: m.reason }];
    }
    if (event === 'spam') return [complaint(email, 'feedback', { ...base, diagnostic: '', providerType: `spam${str(r, 'source') ? `/${str(r, 'source')}` : ''}` })];
    if (event === 'unsub') return [complaint(email, 'unsubscribed', { ...base, diagnostic: '' })];
    return skip(event); // sent, open, click
  },
};

// ---------------------------------------------------------------- SparkPost

/** bounce_class -> verdict and implied reason (SparkPost's classification table). */
const SPARKPOST: Record<string, { verdict: Verdict; reason?: Reason; fixed?: Reason; name: string } | null> = {
  '1': { verdict: 'soft', name: 'Undetermined' },
  '10': { verdict: 'hard', reason: 'userunknown', name: 'Invalid Recipient' },
  '20': { verdict: 'soft', name: 'Soft Bounce' },
  '21': { verdict: 'soft', reason: 'networkerror', name: 'DNS Failure' },
  '22': { verdict: 'soft', reason: 'mailboxfull', name: 'Mailbox Full' },
  '23': { verdict: 'soft', reason: 'mesgtoobig', name: 'Too Large' },
  '24': { verdict: 'soft', reason: 'expired', name: 'Timeout' },
  '25': { verdict: 'hard', fixed: 'suppressed', name: 'Admin Failure' },
  '26': { verdict: 'hard', fixed: 'suppressed', name: 'Smart Send Suppression' },
  '30': { verdict: 'hard', name: 'Generic Bounce: No RCPT' },
  '40': { verdict: 'soft', name: 'Generic Bounce' },
  '50': { verdict: 'soft', reason: 'blocked', name: 'Mail Block' },
  '51': { verdict: 'soft', reason: 'blocked', name: 'Spam Block' },
  '52': { verdict: 'soft', reason: 'spamdetected', name: 'Spam Content' },
  '53': { verdict: 'soft', reason: 'policyviolation', name: 'Prohibited Attachment' },
  '54': { verdict: 'soft', reason: 'norelaying', name: 'Relaying Denied' },
  '60': { verdict: 'auto-reply', fixed: 'vacation', name: 'Auto-Reply' },
  '70': { verdict: 'soft', name: 'Transient Failure' },
  '80': null,
  '90': { verdict: 'complaint', fixed: 'unsubscribed', name: 'Unsubscribe' },
  '100': { verdict: 'soft', reason: 'filtered', name: 'Challenge-Response' },
};

export const sparkpost: ProviderSpec = {
  id: 'sparkpost',
  name: 'SparkPost',
  fromHeaders(k) {
    if (hasAll(k, 'recipient', 'type', 'description') && k.size <= 8 && hasAny(k, 'source', 'non_transactional', 'transactional', 'description')) return 'suppression list';
    if (hasAll(k, 'type', 'rcpt_to') && hasAny(k, 'bounce_class', 'event_id', 'raw_reason')) return 'message events';
    return null;
  },
  fromRecord(r, k) {
    if (hasAll(k, 'type') && hasAny(k, 'rcpt_to', 'raw_rcpt_to') && hasAny(k, 'event_id', 'bounce_class', 'message_id', 'transmission_id')) return 'message events';
    if (typeof r.recipient === 'string' && hasAny(k, 'source', 'non_transactional', 'transactional') && hasAny(k, 'type', 'description', 'created')) return 'suppression list';
    return null;
  },
  map(r, format) {
    if (format === 'suppression list') {
      const email = str(r, 'recipient');
      const source = str(r, 'source');
      const description = str(r, 'description');
      const occurredAt = toIso(raw(r, 'updated') ?? raw(r, 'created'));
      const providerType = source || 'suppression';
      if (/spam complaint/i.test(source)) return [complaint(email, 'feedback', { occurredAt, providerType, diagnostic: description })];
      if (/unsubscribe/i.test(source)) return [complaint(email, 'unsubscribed', { occurredAt, providerType, diagnostic: description })];
      // Bounce rule, manual or compliance entries: suppressed; the description may name the cause.
      return [{ email, verdict: 'hard', reason: 'undefined', diagnostic: description, occurredAt, providerType }];
    }
    const type = str(r, 'type').toLowerCase();
    const email = str(r, 'rcpt_to', 'raw_rcpt_to');
    const rawReason = str(r, 'raw_reason', 'reason');
    const base: BounceDraft = {
      email,
      diagnostic: rawReason,
      replyCode: replyCodeOf(str(r, 'error_code')) || replyCodeOf(rawReason),
      status: statusOf(rawReason),
      occurredAt: toIso(raw(r, 'timestamp')),
      messageId: str(r, 'message_id') || undefined,
      campaign: str(r, 'campaign_id') || undefined,
    };
    if (type === 'bounce' || type === 'out_of_band' || type === 'policy_rejection') {
      const cls = String(Number(str(r, 'bounce_class')) || str(r, 'bounce_class'));
      const entry = SPARKPOST[cls];
      const providerType = `${type} class ${cls}${entry ? ` (${entry.name})` : ''}`;
      if (entry === null) return skip(`${type} class ${cls}`);
      if (!entry) return [{ ...base, providerType }];
      if (entry.fixed) return [{ ...base, verdict: entry.verdict, fixedReason: entry.fixed, providerType }];
      return [{ ...base, verdict: entry.verdict, reason: entry.reason, providerType }];
    }
    if (type === 'spam_complaint') return [complaint(email, 'feedback', { ...base, diagnostic: '', feedbackType: str(r, 'fbtype') || undefined, providerType: type })];
    if (type === 'list_unsubscribe' || type === 'link_unsubscribe') return [complaint(email, 'unsubscribed', { ...base, diagnostic: '', providerType: type })];
    return skip(type); // injection, delivery, delay (retrying), open, click, generation_* …
  },
};
