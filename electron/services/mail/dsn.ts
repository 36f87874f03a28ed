/**
 * RFC 3464 delivery-status fields (and the RFC 5965 feedback-report fields, which share the
 * "Name: value" layout). postal-mime hands us the part's text; the fields are ours to read.
 */
import { cleanAddress, wholeAddress } from './addr.js';

export interface DsnRecipient {
  finalRecipient: string;
  originalRecipient: string;
  action: string;
  status: string;
  diagnosticType: string;
  diagnostic: string;
  remoteMta: string;
  lastAttempt: string;
  /** The raw field lines, shown as evidence. */
  lines: string[];
}

export interface DsnReport {
  reportingMta: string;
  arrivalDate: string;
  perMessage: Map<string, string>;
  recipients: DsnRecipient[];
}

interface Field { name: string; value: string; line: string }

/** Unfolds "Name: value" lines; a blank line is returned as a null separator. */
export function readFields(text: string): (Field | null)[] {
  const out: (Field | null)[] = [];
  let cur: Field | null = null;
  for (const raw of text.split(/\r?\n/)) {
    if (raw.trim() === '') {
      if (cur) out.push(cur);
      cur = null;
      out.push(null);
      continue;
    }
    if (/^[ \t]/.test(raw) && cur) {
      cur.value += ' ' + raw.trim();
      cur.line += '\n' + raw;
      continue;
    }
    const m = /^([A-Za-z][A-Za-z0-9-]*)\s*:\s?(.*)$/.exec(raw);
    if (cur) out.push(cur);
    cur = m ? { name: (m[1] ?? '').toLowerCase(), value: (m[2] ?? '').trim(), line: raw } : null;
  }
  if (cur) out.push(cur);
  return out;
}

/** "rfc822; a@b" -> "a@b" (the address type is dropped). */
function typedValue(v: string): { type: string; value: string } {
  const m = /^([A-Za-z0-9-]+)\s*;\s*(.*)$/.exec(v);
  return m ? { type: (m[1] ?? '').toLowerCase(), value: (m[2] ?? '').trim() } : { type: '', value: v.trim() };
}

/**
 * A DSN recipient value as an address: source routes dropped; a value that is one address is taken
 * whole (a/b@x and a|b@x are addresses), a pipe or file target is reduced to the address in it.
 */
function recipientAddress(v: string): string {
  const t = typedValue(v).value.replace(/^<?(?:@[^:,]+[,:])+/, '');
  let a = wholeAddress(t.startsWith('<') || !t.endsWith('>') ? t : t.slice(0, -1));
  if (!a) {
    // "|/usr/bin/procmail -f- #user@x", "/var/mail/user": a delivery target, not an address
    const m = /[A-Za-z0-9.!#$%&'*+=?^_`{}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/.exec(t);
    a = /[\s|/]/.test(t.replace(/^<|>$/g, '')) ? (m ? cleanAddress(m[0]) : '') : cleanAddress(t);
  }
  // "user@server" without a dot is a local routing name, not a deliverable address
  return /@[^.]+$/.test(a) ? '' : a;
}

function emptyRecipient(): DsnRecipient {
  return { finalRecipient: '', originalRecipient: '', action: '', status: '', diagnosticType: '', diagnostic: '', remoteMta: '', lastAttempt: '', lines: [] };
}

const RECIPIENT_FIELDS = new Set([
  'final-recipient', 'original-recipient', 'action', 'status', 'diagnostic-code', 'remote-mta',
  'last-attempt-date', 'will-retry-until', 'final-log-id', 'x-actual-recipient', 'x-display-name',
]);

export function parseDeliveryStatus(text: string, maxRecipients = 10_000): DsnReport {
  const report: DsnReport = { reportingMta: '', arrivalDate: '', perMessage: new Map(), recipients: [] };
  let cur: DsnRecipient | null = null;
  const flush = (): void => {
    if (cur && (cur.finalRecipient || cur.originalRecipient) && report.recipients.length < maxRecipients) report.recipients.push(cur);
    cur = null;
  };
  for (const f of readFields(text)) {
    if (f === null) { flush(); continue; }
    if (!RECIPIENT_FIELDS.has(f.name)) {
      if (!cur) {
        report.perMessage.set(f.name, f.value);
        if (f.name === 'reporting-mta') report.reportingMta = typedValue(f.value).value;
        if (f.name === 'arrival-date') report.arrivalDate = f.value;
      }
      continue;
    }
    if (f.name === 'final-recipient' || f.name === 'original-recipient') {
      const c = cur as DsnRecipient | null;
      if (c && ((f.name === 'final-recipient' && c.lines.some((l) => /^final-recipient/i.test(l))) || (f.name === 'original-recipient' && c.lines.some((l) => /^original-recipient/i.test(l))))) flush();
    }
    if (!cur) cur = emptyRecipient();
    const r: DsnRecipient = cur;
    r.lines.push(f.line);
    switch (f.name) {
      case 'final-recipient': r.finalRecipient = recipientAddress(f.value); break;
      case 'original-recipient': r.originalRecipient = recipientAddress(f.value); break;
      case 'x-actual-recipient': if (!r.finalRecipient) r.finalRecipient = recipientAddress(f.value); break;
      case 'action': r.action = f.value.toLowerCase().replace(/\s.*$/, ''); break;
      case 'status': r.status = f.value.trim(); break;
      case 'diagnostic-code': {
        const t = typedValue(f.value);
        r.diagnosticType = t.type;
        r.diagnostic = t.value;
        break;
      }
      case 'remote-mta': r.remoteMta = typedValue(f.value).value; break;
      case 'last-attempt-date': r.lastAttempt = f.value; break;
      default: break;
    }
  }
  flush();
  return report;
}

/** RFC 5965 feedback report fields, lower-cased names, multi-valued. */
export function parseFeedbackReport(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const f of readFields(text)) {
    if (!f) continue;
    const list = out.get(f.name) ?? [];
    list.push(f.value);
    out.set(f.name, list);
  }
  return out;
}
