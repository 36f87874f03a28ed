/**
 * Marketing platforms: audience/contact exports where the file (or a status column) is the
 * bounce information, plus their documented report APIs. See ../shared/reference/esp-exports.md.
 */
import type { Reason, Verdict } from '../reasons.js';
import type { BounceDraft, MapResult } from './build.js';
import { bool, hasAll, hasAny, isObj, raw, replyCodeOf, statusOf, str, toIso, type Obj } from './fields.js';
import { labelReason } from './labels.js';
import type { ProviderSpec } from './provider.js';

const skip = (what: string): MapResult => ({ skip: what || 'no bounce' });

// ---------------------------------------------------------------- Mailchimp

export const mailchimp: ProviderSpec = {
  id: 'mailchimp',
  name: 'Mailchimp',
  contactLists: ['subscribed members export'],
  fromHeaders(k) {
    if (!k.has('emailaddress')) return null;
    if (k.has('cleantime')) return 'cleaned members export';
    if (k.has('unsubtime')) return 'unsubscribed members export';
    if (hasAny(k, 'MEMBER_RATING', 'LEID', 'EUID') && hasAny(k, 'OPTIN_TIME', 'CONFIRM_TIME', 'LAST_CHANGED')) return 'subscribed members export';
    return null;
  },
  map(r, format) {
    const email = str(r, 'Email Address');
    if (format === 'cleaned members export') {
      // The file is the status: Mailchimp cleaned the address (a hard bounce, or 7/15 soft ones).
      return [{ email, verdict: 'hard', fixedReason: 'undefined', occurredAt: toIso(raw(r, 'CLEAN_TIME')), campaign: str(r, 'CLEAN_CAMPAIGN_TITLE', 'CLEAN_CAMPAIGN_ID') || undefined, providerType: 'cleaned' }];
    }
    if (format === 'unsubscribed members export') {
      const why = [str(r, 'UNSUB_REASON'), str(r, 'UNSUB_REASON_OTHER')].filter(Boolean).join(': ');
      const spam = /\bspam\b|abuse/i.test(why);
      return [{
        email,
        verdict: 'complaint',
        fixedReason: spam ? 'feedback' : 'unsubscribed',
        diagnostic: why,
        occurredAt: toIso(raw(r, 'UNSUB_TIME')),
        campaign: str(r, 'UNSUB_CAMPAIGN_TITLE', 'UNSUB_CAMPAIGN_ID') || undefined,
        providerType: 'unsubscribed',
      }];
    }
    return skip('subscribed member');
  },
};

// ---------------------------------------------------------------- Constant Contact

const CC_CODES: Record<string, { verdict: Verdict; reason: Reason; label: string }> = {
  B: { verdict: 'hard', reason: 'userunknown', label: 'Non-existent' },
  S: { verdict: 'hard', reason: 'userunknown', label: 'Suspended' },
  D: { verdict: 'soft', reason: 'expired', label: 'Undeliverable' },
  F: { verdict: 'soft', reason: 'mailboxfull', label: 'Mailbox Full' },
  V: { verdict: 'auto-reply', reason: 'vacation', label: 'Vacation/Auto-Reply' },
  X: { verdict: 'soft', reason: 'undefined', label: 'Other' },
  Z: { verdict: 'soft', reason: 'blocked', label: 'Blocked' },
};
const CC_LABELS: Record<string, string> = Object.fromEntries(Object.entries(CC_CODES).map(([c, v]) => [v.label.toLowerCase(), c]));
CC_LABELS['non existent'] = 'B';
CC_LABELS['vacation'] = 'V';
CC_LABELS['auto-reply'] = 'V';

export const constantContact: ProviderSpec = {
  id: 'constantcontact',
  name: 'Constant Contact',
  fromHeaders(k) {
    return hasAll(k, 'email_address', 'bounce_code') ? 'bounces report' : null;
  },
  fromRecord(r, k) {
    return hasAll(k, 'email_address', 'bounce_code') || str(r, 'tracking_activity_type') === 'em_bounces' ? 'bounces report' : null;
  },
  map(r) {
    const raw0 = str(r, 'bounce_code');
    const code = raw0.length === 1 ? raw0.toUpperCase() : (CC_LABELS[raw0.toLowerCase()] ?? '');
    const entry = CC_CODES[code];
    const email = str(r, 'email_address');
    const base: BounceDraft = { email, occurredAt: toIso(raw(r, 'created_time')), campaign: str(r, 'campaign_activity_id') || undefined, providerType: entry ? `${code} (${entry.label})` : raw0 };
    if (!entry) return [base];
    if (entry.verdict === 'auto-reply') return [{ ...base, verdict: 'auto-reply', fixedReason: 'vacation' }];
    return [{ ...base, verdict: entry.verdict, reason: entry.reason }];
  },
};

// ---------------------------------------------------------------- HubSpot

/** HubSpot hard-bounce reason labels (and the enum spelling of its API) -> reason. */
function hubspotReason(v: string): Reason {
  const s = v.toLowerCase().replace(/_/g, ' ');
  if (/policy/.test(s)) return 'policyviolation';
  return labelReason(s) ?? 'undefined';
}

const HUBSPOT_BOUNCE = ['Email hard bounce reason', 'hs_email_hard_bounce_reason_enum', 'Email hard bounce reason (enum)'];
const HUBSPOT_FLAGS = ['Marketing emails bounced', 'hs_email_bounce', 'Unsubscribed from all email', 'hs_email_optout', 'Invalid email address', 'hs_email_bad_address'];

export const hubspot: ProviderSpec = {
  id: 'hubspot',
  name: 'HubSpot',
  contactLists: ['contacts export (no bounce columns)'],
  fromHeaders(k) {
    if (!hasAny(k, 'Record ID', 'hs_object_id') || !hasAny(k, 'Email', 'email')) return null;
    return hasAny(k, ...HUBSPOT_BOUNCE, ...HUBSPOT_FLAGS) ? 'contacts export' : 'contacts export (no bounce columns)';
  },
  map(r) {
    const email = str(r, 'Email');
    const hard = str(r, ...HUBSPOT_BOUNCE);
    if (hard) {
      // HubSpot files mailbox-full, spam and policy rejections as hard bounces too; its verdict stands.
      return [{ email, verdict: 'hard', fixedReason: hubspotReason(hard), providerType: `hard bounce: ${hard}` }];
    }
    if (bool(r, 'Unsubscribed from all email') || bool(r, 'hs_email_optout')) return [{ email, verdict: 'complaint', fixedReason: 'unsubscribed', providerType: 'unsubscribed from all email' }];
    if (bool(r, 'Invalid email address') || bool(r, 'hs_email_bad_address')) return [{ email, verdict: 'hard', fixedReason: 'undefined', providerType: 'invalid email address' }];
    const bounced = Number(str(r, 'Marketing emails bounced', 'hs_email_bounce'));
    if (bounced > 0) return [{ email, verdict: 'soft', fixedReason: 'undefined', providerType: `${bounced} marketing email(s) bounced` }];
    return skip('contact without bounce');
  },
};

// ---------------------------------------------------------------- Klaviyo

function klaviyoSuppression(email: string, cell: string, occurredAt?: string): BounceDraft | null {
  const s = cell.toUpperCase();
  if (/HARD_BOUNCE|HARD BOUNCE/.test(s)) return { email, verdict: 'hard', fixedReason: 'undefined', occurredAt, providerType: 'HARD_BOUNCE' };
  if (/INVALID_EMAIL|INVALID EMAIL/.test(s)) return { email, verdict: 'hard', fixedReason: 'undefined', occurredAt, providerType: 'INVALID_EMAIL' };
  if (/SPAM_COMPLAINT|SPAM COMPLAINT|MARKED AS SPAM/.test(s)) return { email, verdict: 'complaint', fixedReason: 'feedback', occurredAt, providerType: 'SPAM_COMPLAINT' };
  if (/UNSUBSCRIBE/.test(s)) return { email, verdict: 'complaint', fixedReason: 'unsubscribed', occurredAt, providerType: 'UNSUBSCRIBE' };
  if (/USER_SUPPRESSED|USER SUPPRESSED|MANUAL/.test(s)) return { email, verdict: 'hard', fixedReason: 'suppressed', occurredAt, providerType: 'USER_SUPPRESSED' };
  return null;
}

export const klaviyo: ProviderSpec = {
  id: 'klaviyo',
  name: 'Klaviyo',
  contactLists: ['profile export (no suppression columns)'],
  fromHeaders(k) {
    if (!hasAll(k, 'Email', 'Klaviyo ID')) return null;
    return hasAny(k, 'Email Suppressions', 'Email Marketing Consent') ? 'profile export' : 'profile export (no suppression columns)';
  },
  fromRecord(r) {
    return r.type === 'profile' && isObj(r.attributes) ? 'profiles' : null;
  },
  map(r, format) {
    if (format === 'profiles') {
      const a = isObj(r.attributes) ? r.attributes : {};
      const email = str(a, 'email');
      const marketing = raw(a, 'subscriptions.email.marketing');
      const m = isObj(marketing) ? marketing : {};
      const list = Array.isArray(m.suppression) ? m.suppression.filter(isObj) : [];
      const out: BounceDraft[] = [];
      for (const s of list) {
        const d = klaviyoSuppression(email, str(s, 'reason'), toIso(raw(s, 'timestamp')));
        if (d) out.push(d);
      }
      if (!out.length && str(m, 'consent').toUpperCase() === 'UNSUBSCRIBED') out.push({ email, verdict: 'complaint', fixedReason: 'unsubscribed', providerType: 'UNSUBSCRIBED', occurredAt: toIso(raw(m, 'consent_timestamp')) });
      return out.length ? out : skip('profile without suppression');
    }
    const email = str(r, 'Email');
    const d = klaviyoSuppression(email, str(r, 'Email Suppressions'));
    if (d) return [d];
    if (str(r, 'Email Marketing Consent').toUpperCase() === 'UNSUBSCRIBED') return [{ email, verdict: 'complaint', fixedReason: 'unsubscribed', providerType: 'UNSUBSCRIBED', occurredAt: toIso(raw(r, 'Email Marketing Consent Timestamp')) }];
    return skip('profile without suppression');
  },
};

// ---------------------------------------------------------------- Campaign Monitor

export const campaignMonitor: ProviderSpec = {
  id: 'campaignmonitor',
  name: 'Campaign Monitor',
  fromHeaders(k) {
    return hasAll(k, 'EmailAddress', 'BounceType') ? 'bounces' : null;
  },
  fromRecord(_r, k) {
    return hasAll(k, 'EmailAddress', 'BounceType') ? 'bounces' : null;
  },
  map(r) {
    const type = str(r, 'BounceType');
    const t = type.toLowerCase();
    const verdict: Verdict | undefined = t === 'hard' || t === 'h' ? 'hard' : t === 'soft' || t === 's' ? 'soft' : undefined;
    const reasonText = str(r, 'Reason');
    return [{ email: str(r, 'EmailAddress'), verdict, fixedReason: labelReason(reasonText), diagnostic: reasonText, replyCode: replyCodeOf(reasonText), status: statusOf(reasonText), occurredAt: toIso(raw(r, 'Date')), campaign: str(r, 'CampaignID', 'Campaign') || undefined, providerType: type }];
  },
};

// ---------------------------------------------------------------- Kit (ConvertKit)

export const kit: ProviderSpec = {
  id: 'kit',
  name: 'Kit',
  fromRecord(_r, k) {
    return hasAll(k, 'email_address', 'state') && hasAny(k, 'first_name', 'id', 'created_at', 'fields') ? 'subscribers' : null;
  },
  fromHeaders(k) {
    return hasAll(k, 'email_address', 'state') && hasAny(k, 'first_name', 'id', 'created_at') ? 'subscribers' : null;
  },
  map(r) {
    const email = str(r, 'email_address');
    const state = str(r, 'state').toLowerCase();
    // Only hard bounces make Kit mark a subscriber bounced.
    if (state === 'bounced') return [{ email, verdict: 'hard', fixedReason: 'undefined', providerType: state }];
    if (state === 'complained') return [{ email, verdict: 'complaint', fixedReason: 'feedback', providerType: state }];
    if (state === 'cancelled') return [{ email, verdict: 'complaint', fixedReason: 'unsubscribed', providerType: state }];
    return skip(`${state || 'unknown'} subscriber`);
  },
};

// ---------------------------------------------------------------- Zoho Campaigns

export const zoho: ProviderSpec = {
  id: 'zoho',
  name: 'Zoho Campaigns',
  fromHeaders(k) {
    return hasAll(k, 'contact_email', 'bounce_type') ? 'bounce events' : null;
  },
  fromRecord(_r, k) {
    return hasAll(k, 'contact_email', 'bounce_type') ? 'bounce events' : null;
  },
  map(r: Obj) {
    const type = str(r, 'bounce_type');
    const t = type.toLowerCase();
    const verdict: Verdict | undefined = /hard/.test(t) ? 'hard' : /soft/.test(t) ? 'soft' : undefined;
    const reasonText = str(r, 'bounce_reason');
    const code = str(r, 'bounce_code');
    return [{
      email: str(r, 'contact_email'),
      verdict,
      diagnostic: reasonText,
      replyCode: replyCodeOf(code) || replyCodeOf(reasonText),
      status: statusOf(str(r, 'bounce_extended_code')) || statusOf(reasonText),
      occurredAt: toIso(raw(r, 'action_time')),
      campaign: str(r, 'campaign_name', 'campaign_key') || undefined,
      providerType: type,
    }];
  },
};
