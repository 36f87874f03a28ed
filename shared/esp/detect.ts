/**
 * Which provider wrote a file: decided from its header (spreadsheets) or from the keys and
 * values of its records (JSON). Specific signatures only; anything else falls back to the
 * generic path, never to a guessed provider.
 */
import { isObj, keySet, type Obj } from './fields.js';
import type { ProviderSpec } from './provider.js';
import { brevo, mailgun, mailjet, postmark, resend, sendgrid, ses, sparkpost } from './providers-transactional.js';
import { campaignMonitor, constantContact, hubspot, kit, klaviyo, mailchimp, zoho } from './providers-marketing.js';

/** Order matters only where signatures could overlap: the more specific ones come first. */
export const PROVIDERS: readonly ProviderSpec[] = [
  postmark, sparkpost, ses, resend, sendgrid, mailjet, mailgun, brevo,
  mailchimp, hubspot, klaviyo, constantContact, campaignMonitor, zoho, kit,
];

export interface Detection {
  readonly provider: ProviderSpec;
  /** The recognised format ("bounces export", "event log"…). */
  readonly format: string;
}

export function providerById(id: string): ProviderSpec | undefined {
  return PROVIDERS.find((p) => p.id === id);
}

export function detectHeaders(headers: readonly string[]): Detection | null {
  const keys = keySet(headers);
  for (const provider of PROVIDERS) {
    const format = provider.fromHeaders?.(keys, headers);
    if (format) return { provider, format };
  }
  return null;
}

export function detectRecord(r: Obj): Detection | null {
  const keys = keySet(Object.keys(r));
  for (const provider of PROVIDERS) {
    const format = provider.fromRecord?.(r, keys);
    if (format) return { provider, format };
  }
  return null;
}

/**
 * The provider of a sample of records: the most common detection, when it covers at least
 * half the sample. Mixed files are handled record by record by the reader.
 */
export function detectRecords(sample: readonly Obj[]): (Detection & { matched: number }) | null {
  const counts = new Map<string, { d: Detection; n: number }>();
  for (const r of sample) {
    const d = detectRecord(r);
    if (!d) continue;
    const k = `${d.provider.id}\u0000${d.format}`;
    const c = counts.get(k);
    if (c) c.n++;
    else counts.set(k, { d, n: 1 });
  }
  let best: { d: Detection; n: number } | undefined;
  for (const c of counts.values()) if (!best || c.n > best.n) best = c;
  if (!best || best.n * 2 < sample.length) return null;
  return { ...best.d, matched: best.n };
}

function looksWrapped(v: Obj): boolean {
  if ('msys' in v || 'event-data' in v || 'Sns' in v || typeof v.Message === 'string' || isObj(v.data)) return true;
  for (const w of WRAPPERS) if (Array.isArray(v[w])) return true;
  return false;
}

/** Keys that commonly wrap a page of records in API answers. */
const WRAPPERS = ['items', 'results', 'Results', 'Bounces', 'Suppressions', 'SuppressedDestinationSummaries', 'tracking_activities', 'subscribers', 'data', 'events', 'records', 'Records', 'bounces', 'suppressions'];

/**
 * Unwraps API pages and webhook envelopes into the records inside: arrays, `{"items":[…]}`-style
 * pages, SparkPost's `{"msys":{"message_event":{…}}}`, Mailgun's `{"event-data":{…}}`, SNS
 * envelopes whose `Message` is a JSON string, SQS/Lambda `Records[].Sns`.
 */
export function unwrapRecords(v: unknown, out: Obj[] = [], depth = 0): Obj[] {
  if (depth > 6) return out;
  if (Array.isArray(v)) {
    for (const x of v) unwrapRecords(x, out, depth + 1);
    return out;
  }
  if (!isObj(v)) return out;
  // Most records (one event per NDJSON line) carry none of the envelope keys: no detection needed.
  if (!looksWrapped(v) || detectRecord(v)) {
    out.push(v);
    return out;
  }
  if (isObj(v.msys)) {
    const inner = Object.values(v.msys).find(isObj);
    if (inner) return unwrapRecords(inner, out, depth + 1);
  }
  if (isObj(v['event-data'])) return unwrapRecords(v['event-data'], out, depth + 1);
  if (isObj(v.Sns)) return unwrapRecords(v.Sns, out, depth + 1);
  if (typeof v.Message === 'string' && /^\s*[[{]/.test(v.Message)) {
    try {
      return unwrapRecords(JSON.parse(v.Message), out, depth + 1);
    } catch {
      /* not JSON after all: keep the envelope as it is */
    }
  }
  for (const w of WRAPPERS) {
    const inner = v[w];
    if (Array.isArray(inner) && inner.some(isObj)) return unwrapRecords(inner, out, depth + 1);
  }
  if (isObj(v.data) && detectRecord(v.data)) return unwrapRecords(v.data, out, depth + 1);
  out.push(v);
  return out;
}
