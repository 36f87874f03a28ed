/**
 * Suppression (do-not-mail) files in the import shape of each email service. One row per
 * service: adding a service is adding a row. The columns and words come from
 * ../shared/reference/esp-exports.md (each service's documented import or suppression-list
 * fields); where a service tells bounces from complaints from unsubscribes, ours are mapped onto
 * its words. Shared with the renderer, which lists the formats and preselects one.
 */
import type { DecisionCause } from './types.js';

/** What a removed address is to a suppression list: the distinction services make. */
export type SuppressionKind = 'bounce' | 'complaint' | 'unsubscribe' | 'manual';

export interface SuppressionEntry {
  readonly email: string;
  readonly kind: SuppressionKind;
  /** Our words for why (the removed list's reason, e.g. "hard-bounce"). */
  readonly cause: DecisionCause;
  /** One line of detail (bounce diagnostic or policy detail). */
  readonly detail: string;
  /** When the entry is written (export time): services want a creation date. */
  readonly at: Date;
}

export interface SuppressionFormat {
  readonly id: string;
  /** The service's name as users know it. */
  readonly label: string;
  /** Where to upload it, in the service's words. */
  readonly howTo: string;
  readonly delimiter: ',' | ';';
  /** null: the service's import takes no header line. */
  readonly header: readonly string[] | null;
  row(e: SuppressionEntry): readonly string[];
  /** Bounce-file provider ids (shared/esp) whose bounces this service sent: preselects the format. */
  readonly providers: readonly string[];
}

/** Our cause (and, for a removal by the user, what the policy alone said) as a suppression kind. */
export function suppressionKind(cause: DecisionCause, policyCause?: DecisionCause): SuppressionKind {
  switch (cause) {
    case 'hard-bounce': case 'repeated-soft': case 'soft-bounce': case 'invalid':
      return 'bounce';
    case 'complaint':
      return 'complaint';
    case 'unsubscribed':
      return 'unsubscribe';
    case 'override':
      return policyCause && policyCause !== 'override' && policyCause !== 'clean' ? suppressionKind(policyCause) : 'manual';
    default:
      return 'manual';
  }
}

const day = (d: Date) => d.toISOString().slice(0, 10);
const by = <T>(map: Record<SuppressionKind, T>) => (e: SuppressionEntry) => map[e.kind];

export const SUPPRESSION_FORMATS: readonly SuppressionFormat[] = [
  {
    // Mailchimp imports set one status for the whole file; its own exports split cleaned
    // (bounced) from unsubscribed, so each address is tagged with the status it belongs to.
    id: 'mailchimp', label: 'Mailchimp', providers: ['mailchimp'], delimiter: ',',
    howTo: 'Audience › Import contacts › Upload a file, status "Unsubscribed"; the TAGS column tags each address cleaned or unsubscribed.',
    header: ['Email Address', 'TAGS'],
    row: (e) => [e.email, by({ bounce: 'cleaned', complaint: 'unsubscribed', unsubscribe: 'unsubscribed', manual: 'unsubscribed' })(e)],
  },
  {
    // The suppression API's fields ({created, email, reason}); reason in the words SendGrid's
    // dropped events use for each of its suppression lists.
    id: 'sendgrid', label: 'SendGrid', providers: ['sendgrid'], delimiter: ',',
    howTo: 'Suppressions › Global Unsubscribes (or Bounces / Spam Reports) › Add; created is in Unix seconds.',
    header: ['email', 'created', 'reason'],
    row: (e) => [e.email, String(Math.floor(e.at.getTime() / 1000)), by({ bounce: 'Bounced Address', complaint: 'Spam Reporting Address', unsubscribe: 'Unsubscribed Address', manual: 'Unsubscribed Address' })(e)],
  },
  {
    // Mailgun's documented bounce-list import; 550 is its default code, created_at RFC 2822.
    id: 'mailgun', label: 'Mailgun', providers: ['mailgun'], delimiter: ',',
    howTo: 'Sending › Suppressions › Bounces › Import (CSV with address, code, error, created_at).',
    header: ['address', 'code', 'error', 'created_at'],
    row: (e) => [e.email, '550', e.detail || e.cause, e.at.toUTCString().replace(/GMT$/, 'UTC')],
  },
  {
    // SES bulk import: header-less `address,BOUNCE|COMPLAINT`; an unsubscribe is a consent
    // matter like a complaint, anything else suppresses like a bounce.
    id: 'ses', label: 'Amazon SES', providers: ['ses'], delimiter: ',',
    howTo: 'Account-level suppression list › Bulk import (CSV, one address and reason a line, no header).',
    header: null,
    row: (e) => [e.email, by({ bounce: 'BOUNCE', complaint: 'COMPLAINT', unsubscribe: 'COMPLAINT', manual: 'BOUNCE' })(e)],
  },
  {
    // The suppressions dump's fields; a recipient's unsubscribe is ManualSuppression + Recipient.
    id: 'postmark', label: 'Postmark', providers: ['postmark'], delimiter: ',',
    howTo: 'Message stream › Suppressions: Postmark adds them as manual suppressions; reason and origin say why.',
    header: ['EmailAddress', 'SuppressionReason', 'Origin', 'CreatedAt'],
    row: (e) => [
      e.email,
      by({ bounce: 'HardBounce', complaint: 'SpamComplaint', unsubscribe: 'ManualSuppression', manual: 'ManualSuppression' })(e),
      e.kind === 'manual' ? 'Customer' : 'Recipient',
      e.at.toISOString(),
    ],
  },
  {
    // Brevo's contact import takes `;` and the EMAIL attribute; blocklisting is the import's option.
    id: 'brevo', label: 'Brevo', providers: ['brevo'], delimiter: ';',
    howTo: 'Contacts › Import contacts, with "Blocklist these contacts" ticked (the file is semicolon-separated).',
    header: ['EMAIL'],
    row: (e) => [e.email],
  },
  {
    id: 'klaviyo', label: 'Klaviyo', providers: ['klaviyo'], delimiter: ',',
    howTo: 'Profiles › Suppressed profiles › Upload suppressed profiles (one Email column).',
    header: ['Email'],
    row: (e) => [e.email],
  },
  {
    id: 'hubspot', label: 'HubSpot', providers: ['hubspot'], delimiter: ',',
    howTo: 'Settings › Marketing › Email › Subscriptions › Import opt-out list (one Email column).',
    header: ['Email'],
    row: (e) => [e.email],
  },
  {
    id: 'constantcontact', label: 'Constant Contact', providers: ['constantcontact'], delimiter: ',',
    howTo: 'Contacts › Import › Unsubscribe contacts (one Email address column).',
    header: ['Email address'],
    row: (e) => [e.email],
  },
  {
    // ListSweep's own shape for any other service: address, our reason, date.
    id: 'generic', label: 'Any other service (email, reason, date)', providers: [], delimiter: ',',
    howTo: 'Upload to your service’s suppression or do-not-mail list; most take the first column.',
    header: ['email', 'reason', 'date'],
    row: (e) => [e.email, e.cause, day(e.at)],
  },
];

export const SUPPRESSION_FORMAT_IDS: readonly string[] = SUPPRESSION_FORMATS.map((f) => f.id);

export function suppressionFormat(id: string): SuppressionFormat | undefined {
  return SUPPRESSION_FORMATS.find((f) => f.id === id);
}

/** The format for the service most of the bounces came from (provider ids, most bounces first). */
export function suppressionFormatFor(providers: readonly (string | null)[]): SuppressionFormat {
  for (const p of providers) {
    const f = SUPPRESSION_FORMATS.find((x) => p !== null && x.providers.includes(p));
    if (f) return f;
  }
  return suppressionFormat('generic')!;
}
