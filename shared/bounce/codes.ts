/**
 * SMTP reply codes (RFC 5321 and extensions) and enhanced status codes (RFC 3463) as they appear
 * in bounce text: normalising a given code, and finding codes in a diagnostic line that carries
 * them inline ("smtp; 550-5.1.1 The email account…", "#5.1.1", "452 4.2.2 …", multi-line replies).
 */
import type { Reason } from '../reasons.js';

/** "5.1.1" from "5.1.1", "#5.1.1", " 5.1.1.", "5.1.1 "; "" when not a valid class.subject.detail. */
export function normalizeStatus(raw: string | null | undefined): string {
  if (!raw) return '';
  const m = /(?<![\d.])([245])\.(\d{1,3})\.(\d{1,3})(?!\d|\.\d)/.exec(raw);
  if (!m) return '';
  const subject = Number(m[2]);
  if (subject > 7) return '';
  return `${m[1]}.${subject}.${Number(m[3])}`;
}

/** "550" from "550", " 550 ", "550-"; "" unless a 2xx–5xx three-digit reply code. */
export function normalizeReplyCode(raw: string | null | undefined): string {
  if (!raw) return '';
  const m = /^\s*([2-5][0-5]\d)(?![\d.])/.exec(raw);
  return m ? m[1]! : '';
}

// A reply code immediately followed by an enhanced code is the most reliable pair ("550 5.1.1",
// "550-5.1.1", "554 #5.7.1"). The class digit of the two may differ ("554 4.4.7 Message expired").
const PAIR = /(?<![\w.+\-:/])([2-5][0-5]\d)[ -]+#?([245]\.\d{1,3}\.\d{1,3})(?!\d|\.\d)/;
// A reply code alone: at a word start, followed by a space, dash or the end, never part of an IP
// address, a number, a time or a host name.
const REPLY = /(?<![\w.+\-:/])([2-5][0-5]\d)(?=[ -]|$)/m;
const FAILURE_STATUS = /(?<![\w.])#?([45])\.(\d{1,3})\.(\d{1,3})(?!\d|\.\d)/;
const SUCCESS_STATUS = /(?<![\w.])2\d\d[ -]+(2\.\d{1,3}\.\d{1,3})(?!\d|\.\d)/;

export interface FoundCodes {
  readonly status: string;
  readonly replyCode: string;
}

/** Codes written inside a diagnostic text; "" for what is not there. */
export function extractCodes(text: string): FoundCodes {
  if (!text) return { status: '', replyCode: '' };
  const pair = PAIR.exec(text);
  if (pair) {
    const status = normalizeStatus(pair[2]);
    if (status) {
      // Prefer a failure code found earlier in the text over a success pair later on.
      return { status: status.startsWith('2') ? firstFailureStatus(text) || status : status, replyCode: pair[1]! };
    }
  }
  const reply = REPLY.exec(text);
  let status = firstFailureStatus(text);
  if (!status) {
    const ok = SUCCESS_STATUS.exec(text);
    if (ok) status = normalizeStatus(ok[1]);
  }
  return { status, replyCode: reply ? reply[1]! : '' };
}

function firstFailureStatus(text: string): string {
  const m = FAILURE_STATUS.exec(text);
  if (!m) return '';
  return normalizeStatus(`${m[1]}.${m[2]}.${m[3]}`);
}

export interface ReplyCodeInfo {
  readonly meaning: string;
  readonly rfc: string;
}

/** RFC 5321 reply codes and those added by extensions (AUTH, STARTTLS, null MX, BURL). */
export const REPLY_CODES: ReadonlyMap<string, ReplyCodeInfo> = new Map(([
  ['211', 'System status or help reply', 'RFC 5321'],
  ['214', 'Help message', 'RFC 5321'],
  ['220', 'Service ready', 'RFC 5321'],
  ['221', 'Service closing transmission channel', 'RFC 5321'],
  ['235', 'Authentication succeeded', 'RFC 4954'],
  ['250', 'Requested mail action okay, completed', 'RFC 5321'],
  ['251', 'User not local; will forward', 'RFC 5321'],
  ['252', 'Cannot verify the user, but will accept the message and attempt delivery', 'RFC 5321'],
  ['334', 'Authentication challenge', 'RFC 4954'],
  ['354', 'Start mail input', 'RFC 5321'],
  ['421', 'Service not available, closing transmission channel', 'RFC 5321'],
  ['432', 'A password transition is needed', 'RFC 4954'],
  ['450', 'Mailbox unavailable (busy or temporarily blocked)', 'RFC 5321'],
  ['451', 'Local error in processing', 'RFC 5321'],
  ['452', 'Insufficient system storage', 'RFC 5321'],
  ['454', 'Temporary authentication failure / TLS not available', 'RFC 4954, RFC 3207'],
  ['455', 'Server unable to accommodate parameters', 'RFC 5321'],
  ['500', 'Syntax error, command unrecognised', 'RFC 5321'],
  ['501', 'Syntax error in parameters or arguments', 'RFC 5321'],
  ['502', 'Command not implemented', 'RFC 5321'],
  ['503', 'Bad sequence of commands', 'RFC 5321'],
  ['504', 'Command parameter not implemented', 'RFC 5321'],
  ['521', 'Host does not accept mail', 'RFC 7504'],
  ['523', 'Encryption needed', 'RFC 5248'],
  ['524', 'Encryption required for requested authentication mechanism', 'RFC 4954'],
  ['525', 'User account disabled', 'RFC 5248'],
  ['530', 'Authentication required', 'RFC 4954'],
  ['534', 'Authentication mechanism is too weak', 'RFC 4954'],
  ['535', 'Authentication credentials invalid', 'RFC 4954'],
  ['538', 'Encryption required for requested authentication mechanism', 'RFC 4954'],
  ['550', 'Mailbox unavailable or action not taken (policy, not found, no access)', 'RFC 5321'],
  ['551', 'User not local; please try another path', 'RFC 5321'],
  ['552', 'Exceeded storage allocation', 'RFC 5321'],
  ['553', 'Mailbox name not allowed', 'RFC 5321'],
  ['554', 'Transaction failed', 'RFC 5321'],
  ['555', 'MAIL FROM/RCPT TO parameters not recognised or not implemented', 'RFC 5321'],
  ['556', 'Domain does not accept mail', 'RFC 7504'],
] as const).map(([code, meaning, rfc]) => [code, { meaning, rfc }]));

/**
 * Reply codes whose meaning is specific enough to name a reason by themselves (RFC 7504 null-MX
 * style refusals, RFC 5248 disabled account, encryption required). Generic codes (550, 554, 421…)
 * say nothing about the reason and return null.
 */
export function reasonForReplyCode(code: string): Reason | null {
  switch (code) {
    case '521':
    case '556':
      return 'notaccept';
    case '525':
      return 'suspend';
    case '523':
    case '524':
    case '538':
      return 'failedstarttls';
    default:
      return null;
  }
}

/**
 * RFC 5321 command-level errors (bad syntax, sequence, unimplemented): used only as a last resort
 * because many servers answer 501/503 for policy refusals too.
 */
export function isSyntaxReplyCode(code: string): boolean {
  const n = Number(code);
  return (n > 500 && n < 508) || (n > 400 && n < 408) || n === 500;
}
