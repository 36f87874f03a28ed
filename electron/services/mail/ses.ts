/**
 * Amazon SES notifications mailed through SNS: the body is JSON (sometimes wrapped in an SNS
 * envelope whose "Message" is the JSON again as a string). Bounce, Complaint and Delivery types.
 */
import { cleanAddress, collapse, findReplyCode, findStatus } from './addr.js';
import type { Found } from './message.js';

type Json = Record<string, unknown>;

function obj(v: unknown): Json | null {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : null;
}
function arr(v: unknown): Json[] {
  return Array.isArray(v) ? v.map(obj).filter((x): x is Json => x !== null) : [];
}
function str(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
}

function parseLoose(text: string): Json | null {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end <= start) return null;
  const body = text.slice(start, end + 1);
  for (const candidate of [body, body.replace(/!?\r?\n\s*/g, '')]) {
    try {
      return obj(JSON.parse(candidate));
    } catch {
      // mail line-wrapping can break the JSON; the unwrapped form is tried next
    }
  }
  return null;
}

export function readSesNotification(text: string): Found[] | null {
  if (!/"(?:notificationType|eventType)\\?"/.test(text)) return null;
  let j = parseLoose(text);
  if (j && typeof j.Message === 'string') j = parseLoose(j.Message);
  if (!j) return null;
  const type = str(j.notificationType) || str(j.eventType);
  const out: Found[] = [];
  const base = (email: string): Found => ({ email, status: '', replyCode: '', diagnostic: '', action: '', remoteMta: '', date: '', evidence: [] });
  if (type === 'Bounce') {
    const b = obj(j.bounce);
    const label = `${str(b?.bounceType)}/${str(b?.bounceSubType)}`;
    for (const r of arr(b?.bouncedRecipients)) {
      const f = base(cleanAddress(str(r.emailAddress)));
      const diag = str(r.diagnosticCode).replace(/^smtp;\s*/i, '');
      f.diagnostic = collapse(diag || label);
      f.status = findStatus(str(r.status)) || findStatus(diag);
      f.replyCode = findReplyCode(diag);
      f.action = str(r.action).toLowerCase() || 'failed';
      f.date = str(b?.timestamp);
      f.remoteMta = str(b?.remoteMtaIp);
      f.evidence = [`bounceType: ${label}`, `diagnosticCode: ${str(r.diagnosticCode)}`];
      if (!diag && /Suppressed|OnAccountSuppressionList/i.test(label)) f.hint = 'suppressed';
      out.push(f);
    }
  } else if (type === 'Complaint') {
    const c = obj(j.complaint);
    for (const r of arr(c?.complainedRecipients)) {
      const f = base(cleanAddress(str(r.emailAddress)));
      f.hint = 'feedback';
      f.feedbackType = str(c?.complaintFeedbackType) || 'abuse';
      f.date = str(c?.timestamp);
      f.evidence = [`complaintFeedbackType: ${f.feedbackType}`, `userAgent: ${str(c?.userAgent)}`];
      out.push(f);
    }
  } else if (type === 'Delivery') {
    const d = obj(j.delivery);
    for (const r of Array.isArray(d?.recipients) ? (d?.recipients as unknown[]) : []) {
      const f = base(cleanAddress(str(r)));
      const resp = str(d?.smtpResponse);
      f.diagnostic = collapse(resp);
      f.status = findStatus(resp);
      f.replyCode = findReplyCode(resp);
      f.action = 'delivered';
      f.hint = 'delivered';
      f.date = str(d?.timestamp);
      f.remoteMta = str(d?.reportingMTA);
      f.evidence = [`smtpResponse: ${resp}`];
      out.push(f);
    }
  }
  return out.filter((f) => f.email);
}
