/**
 * The cleaning policy: turns what we know about one contact row (hygiene checks, bounce
 * history, the user's override) into keep / remove / watch, with the cause, a short detail
 * for the exported "removed" list and a plain-English sentence for the review.
 *
 * Pure: no I/O. The store feeds it SQL aggregates; the CLI and the app use the same code.
 */
import { REASON_INFO, type Reason, type Verdict } from './reasons.js';
import type { Decision, DecisionCause } from './types.js';

export interface Policy {
  /** Soft bounces in this many different campaigns (or days) remove the address. */
  readonly softRepeatThreshold: number;
  /** Optional: the counted soft bounces must also span at least this many days (0 = no minimum). */
  readonly softRepeatMinDays: number;
  /**
   * Whether sender-side soft bounces (blocks, spam filters, authentication, policy…) count
   * toward the repeat rule. Off by default: they say nothing about the address, and removing
   * every contact a blocklist listing touched would empty a list for the sender's mistake.
   */
  readonly countSenderSideSoft: boolean;
  /**
   * A disabled / discontinued account refused for good is a hard bounce by default (dead
   * accounts get recycled into spam traps). On: treat every such bounce as soft (temporary).
   */
  readonly disabledAsTemporary: boolean;
  /**
   * A report that only says delivery "failed permanently", naming no cause, is soft by default
   * (nothing says the address is at fault). On: count it as hard.
   */
  readonly noCauseAsHard: boolean;
  /**
   * Delivery delays (the sending service was still retrying: SendGrid/Brevo "deferred", Resend
   * "delivery_delayed", DSN "Action: delayed") are shown in the history but, by default, do not
   * count toward the repeat rule. On: they count, though delays alone never remove an address.
   */
  readonly countDelays: boolean;
  readonly role: 'keep' | 'remove';
  readonly disposable: 'keep' | 'remove';
  /**
   * Which row of a duplicate group is kept: the first imported, or the one with the most
   * non-empty cells (ties: the first).
   */
  readonly duplicates: 'first' | 'most-complete';
}

export const DEFAULT_POLICY: Policy = {
  softRepeatThreshold: 3,
  softRepeatMinDays: 0,
  countSenderSideSoft: false,
  disabledAsTemporary: false,
  noCauseAsHard: false,
  countDelays: false,
  role: 'keep',
  disposable: 'keep',
  duplicates: 'first',
};

/** One bounce in an address's history, as the policy needs it. */
export interface HistoryBounce {
  /** The stored bounce's id, so the event that decided can be pointed at. */
  readonly id?: number;
  readonly verdict: Verdict;
  readonly reason: Reason;
  readonly status: string;
  readonly replyCode: string;
  readonly diagnostic: string;
  readonly occurredAt?: string | null;
  readonly campaign?: string | null;
  /** Name of the file it came from. */
  readonly source: string;
  /** Row (spreadsheet) or message index (mail) in that file. */
  readonly sourceIndex?: number;
  readonly disagreement?: string | null;
  /** A delay notice (still retrying), not a failure: see Policy.countDelays. */
  readonly delayed?: boolean;
}

export interface ContactFacts {
  readonly valid: boolean;
  readonly problem: string;
  /** Set when an earlier row has the same normalised address: that row and its file. */
  readonly duplicateOf: { readonly row: number; readonly source: string } | null;
  readonly suggestion?: string;
  readonly role: boolean;
  readonly disposable: boolean;
  readonly override: Decision | null;
}

export interface Outcome {
  /** The effective decision: the override when there is one, else the policy's. */
  readonly decision: Decision;
  readonly cause: DecisionCause;
  /** What the policy alone decides (kept so clearing an override restores it). */
  readonly policyDecision: Decision;
  readonly policyCause: DecisionCause;
  /** The bounce reason behind the decision, when a bounce decided it. */
  readonly reason: Reason | null;
  /** One line for the removed list's listsweep_detail column. */
  readonly detail: string;
  /** The bounce that decided it, when one did. */
  readonly evidence: HistoryBounce | null;
  /** Distinct campaigns (or days) with a counted soft bounce. */
  readonly softEvents: number;
}

/** Sender-side reasons that, across many domains, point at reputation rather than the list. */
export const REPUTATION_REASONS: readonly Reason[] = ['blocked', 'spamdetected', 'badreputation', 'authfailure'];

function isCountedSoft(b: HistoryBounce, policy: Policy): boolean {
  if (b.verdict !== 'soft') return false;
  if (b.delayed && !policy.countDelays) return false;
  return policy.countSenderSideSoft || REASON_INFO[b.reason].side !== 'sender';
}

/** Words that say a failure was final, for a report that names no cause. */
const PERMANENT = /\bfailed permanently\b|\bpermanent (?:failure|error|fatal)|\bpermanent(?:ly)? (?:undeliverable|rejected)\b/i;

/** The verdict under the Rules' options (the stored verdict follows the default convention). */
export function verdictUnder(b: HistoryBounce, policy: Policy): Verdict {
  if (b.verdict === 'hard' && b.reason === 'suspend' && policy.disabledAsTemporary) return 'soft';
  if (b.verdict === 'soft' && b.reason === 'undefined' && policy.noCauseAsHard && !b.delayed
    && (b.status.startsWith('5') || b.replyCode.startsWith('5') || PERMANENT.test(b.diagnostic))) return 'hard';
  return b.verdict;
}

function underPolicy(history: readonly HistoryBounce[], policy: Policy): readonly HistoryBounce[] {
  if (!policy.disabledAsTemporary && !policy.noCauseAsHard) return history;
  return history.map((b) => {
    const v = verdictUnder(b, policy);
    return v === b.verdict ? b : { ...b, verdict: v };
  });
}

function day(iso: string | null | undefined): string | null {
  return iso && /^\d{4}-\d{2}-\d{2}/.test(iso) ? iso.slice(0, 10) : null;
}

/** Newest first by date; records without a date keep their order after the dated ones. */
function latest(list: readonly HistoryBounce[]): HistoryBounce | null {
  let best: HistoryBounce | null = null;
  for (const b of list) {
    if (!best) best = b;
    else if ((b.occurredAt ?? '') >= (best.occurredAt ?? '')) best = b;
  }
  return best;
}

/**
 * Distinct events among the counted soft bounces: a campaign when the source names one, else
 * the day it happened, else the record itself (several undated, uncampaigned bounces are
 * assumed to be separate sends).
 */
export function softEventCount(history: readonly HistoryBounce[], policy: Policy = DEFAULT_POLICY): { events: number; spanDays: number } {
  const keys = new Set<string>();
  let min: string | null = null;
  let max: string | null = null;
  history.forEach((b, i) => {
    if (!isCountedSoft(b, policy)) return;
    const d = day(b.occurredAt);
    keys.add(b.campaign ? `c:${b.campaign}` : d ? `d:${d}` : `r:${b.source}:${b.sourceIndex ?? i}`);
    if (d) {
      if (min === null || d < min) min = d;
      if (max === null || d > max) max = d;
    }
  });
  const spanDays = min && max ? Math.round((Date.parse(max) - Date.parse(min)) / 86_400_000) : 0;
  return { events: keys.size, spanDays };
}

function codes(b: HistoryBounce): string {
  return [b.replyCode, b.status].filter(Boolean).join(' ');
}

function clip(s: string, n: number): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > n ? `${one.slice(0, n - 1)}…` : one;
}

function where(b: HistoryBounce): string {
  return b.sourceIndex ? `${b.source}, #${b.sourceIndex}` : b.source;
}

function bounceDetail(prefix: string, b: HistoryBounce): string {
  const c = codes(b);
  const diag = clip(b.diagnostic, 160);
  // Diagnostics often start with their own codes; do not repeat them.
  const what = diag && (!c || diag.includes(b.status || b.replyCode)) ? diag : [c, diag].filter(Boolean).join(' ');
  return `${prefix}: ${REASON_INFO[b.reason].label}${what ? ` (${what})` : ''} — ${where(b)}`;
}

/** Every cause but the user's override. */
export type PolicyCause = Exclude<DecisionCause, 'override'>;

/**
 * The decision a cause always carries under a policy: a cause names the rule that decided, and
 * each rule has one outcome. The summary splits the decision counts by cause with it.
 */
export function decisionOfCause(cause: PolicyCause, policy: Policy): Decision {
  switch (cause) {
    case 'clean': return 'keep';
    case 'soft-bounce': return 'watch';
    case 'role': return policy.role;
    case 'disposable': return policy.disposable;
    default: return 'remove';
  }
}

export function decide(facts: ContactFacts, history: readonly HistoryBounce[], policy: Policy = DEFAULT_POLICY): Outcome {
  const base = decideByPolicy(facts, history, policy);
  if (facts.override) {
    const verb = facts.override === 'keep' ? 'Kept' : facts.override === 'remove' ? 'Removed' : 'Watched';
    return { ...base, decision: facts.override, cause: 'override', detail: `${verb} by you (policy said ${base.policyDecision}: ${base.detail})` };
  }
  return base;
}

/** Outcomes of rows with no bounce history, shared: a million-row import allocates none. */
const HYGIENE_ONLY = new Map<string, Outcome>();

function hygieneOnly(facts: ContactFacts, policy: Policy): Outcome | null {
  if (!facts.valid || facts.duplicateOf) return null;
  // Most rows are neither: one constant key instead of a new string per row.
  const key = facts.disposable || facts.role ? `${facts.disposable ? policy.disposable : '-'}${facts.role ? policy.role : '-'}` : '';
  let o = HYGIENE_ONLY.get(key);
  if (!o) HYGIENE_ONLY.set(key, (o = decideByPolicy(facts, [], policy, true)));
  return o;
}

function decideByPolicy(facts: ContactFacts, given: readonly HistoryBounce[], policy: Policy, slow = false): Outcome {
  if (given.length === 0 && !slow) {
    const fast = hygieneOnly(facts, policy);
    if (fast) return fast;
  }
  const history = underPolicy(given, policy);
  const soft = softEventCount(history, policy);
  const make = (cause: PolicyCause, detail: string, evidence: HistoryBounce | null = null): Outcome => {
    const decision = decisionOfCause(cause, policy);
    return { decision, cause, policyDecision: decision, policyCause: cause, reason: evidence ? evidence.reason : null, detail, evidence, softEvents: soft.events };
  };

  if (!facts.valid) return make('invalid', `invalid address${facts.problem ? `: ${facts.problem}` : ''}`);

  const complaint = latest(history.filter((b) => b.verdict === 'complaint'));
  if (complaint) {
    const cause = complaint.reason === 'unsubscribed' ? 'unsubscribed' : 'complaint';
    return make(cause, bounceDetail(cause === 'unsubscribed' ? 'unsubscribed' : 'complaint', complaint), complaint);
  }
  const hard = latest(history.filter((b) => b.verdict === 'hard'));
  if (hard) return make('hard-bounce', bounceDetail('hard bounce', hard), hard);

  const counted = history.filter((b) => isCountedSoft(b, policy));
  const lastSoft = latest(counted);
  // Delays alone never remove an address: at least one counted bounce must be a real failure.
  if (lastSoft && soft.events >= policy.softRepeatThreshold && soft.spanDays >= policy.softRepeatMinDays && counted.some((b) => !b.delayed)) {
    return make('repeated-soft', bounceDetail(`soft bounces in ${soft.events} different campaigns or days; last`, lastSoft), lastSoft);
  }
  if (facts.duplicateOf) return make('duplicate', `duplicate of row ${facts.duplicateOf.row} in ${facts.duplicateOf.source}`);

  const anySoft = latest(history.filter((b) => b.verdict === 'soft'));
  if (anySoft) return make('soft-bounce', bounceDetail('soft bounce', anySoft), anySoft);
  if (facts.disposable) return make('disposable', 'disposable (throwaway) domain');
  if (facts.role) return make('role', 'role account (a shared mailbox, not a person)');
  return make('clean', 'no problem found');
}

export const CAUSE_LABEL: Readonly<Record<DecisionCause, string>> = {
  clean: 'No problem found',
  'hard-bounce': 'Hard bounce',
  complaint: 'Spam complaint',
  unsubscribed: 'Unsubscribed',
  'repeated-soft': 'Repeated soft bounces',
  'soft-bounce': 'Soft bounce',
  invalid: 'Invalid address',
  duplicate: 'Duplicate',
  role: 'Role account',
  disposable: 'Disposable domain',
  override: 'Your choice',
};

/** The short label of the review table's "why" column. */
export function labelFor(row: {
  cause: DecisionCause; decision: Decision; reason: Reason | null; problem?: string;
  duplicateRow?: number | null; softEvents?: number; policyCause?: DecisionCause;
}): string {
  switch (row.cause) {
    case 'override': {
      const verb = row.decision === 'keep' ? 'Kept by you' : row.decision === 'remove' ? 'Removed by you' : 'Watched by you';
      return row.policyCause ? `${verb} (was: ${labelFor({ ...row, cause: row.policyCause })})` : verb;
    }
    case 'hard-bounce':
    case 'complaint':
    case 'soft-bounce':
      return row.reason ? REASON_INFO[row.reason].label : CAUSE_LABEL[row.cause];
    case 'unsubscribed':
      return 'Unsubscribed';
    case 'repeated-soft':
      return `Soft bounces, repeated${row.reason ? `: ${REASON_INFO[row.reason].label}` : ''}`;
    case 'invalid':
      return row.problem ? `Invalid address: ${row.problem}` : 'Invalid address';
    case 'duplicate':
      return row.duplicateRow ? `Duplicate of row ${row.duplicateRow}` : 'Duplicate';
    default:
      return CAUSE_LABEL[row.cause];
  }
}

function quote(b: HistoryBounce): string {
  const c = codes(b);
  const diag = clip(b.diagnostic, 240);
  const on = day(b.occurredAt);
  const said = c && diag && !diag.includes(b.status || b.replyCode) ? `${c} "${diag}"` : diag ? `"${diag}"` : c || 'no code or diagnostic';
  const camp = b.campaign ? ` for "${b.campaign}"` : '';
  return `${on ? `On ${on} the` : 'The'} bounce${camp} in ${where(b)} said ${said}`;
}

/** The sentence shown with a contact's decision: what was decided, why, and the evidence. */
export function explain(email: string, facts: ContactFacts, history: readonly HistoryBounce[], outcome: Outcome, policy: Policy = DEFAULT_POLICY): string {
  const addr = email || 'This row';
  const verb = (d: Decision) => (d === 'keep' ? 'Keep' : d === 'remove' ? 'Remove' : 'Keep, but watch');
  const policyPart = policySentence(addr, facts, underPolicy(history, policy), outcome, policy);
  if (outcome.cause === 'override') {
    return `${verb(outcome.decision)}: you overrode the policy for ${addr}. Without your choice: ${policyPart}`;
  }
  return policyPart;

  function policySentence(a: string, f: ContactFacts, h: readonly HistoryBounce[], o: Outcome, p: Policy): string {
    const e = o.evidence;
    const why = e ? ` ${REASON_INFO[e.reason].explanation}` : '';
    switch (o.policyCause) {
      case 'invalid':
        return `Remove: "${a}" is not a usable email address${f.problem ? ` (${f.problem})` : ''}; no sending service would accept it.${f.suggestion ? ` Did you mean ${f.suggestion}? Accepting it checks the address again.` : ''}`;
      case 'complaint':
        return `Remove: ${a} reported your mail as spam. ${e ? quote(e) : ''}. Keep them off your list for consent.`.replace(' . ', ' ');
      case 'unsubscribed':
        return `Remove: ${a} unsubscribed. ${e ? `${quote(e)}.` : ''} Sending again would ignore their choice.`.replace(/\s+/g, ' ');
      case 'hard-bounce':
        return `Remove: ${e ? REASON_INFO[e.reason].label.toLowerCase() : 'hard bounce'} (a hard bounce). ${e ? `${quote(e)}.` : ''}${why}`;
      case 'repeated-soft':
        return `Remove: ${a} soft-bounced in ${o.softEvents} different campaigns or days (the policy removes at ${p.softRepeatThreshold}). Last: ${e ? `${quote(e)}.` : ''}${why}`;
      case 'duplicate':
        return `Remove: the same address as row ${f.duplicateOf?.row} in ${f.duplicateOf?.source}, which is kept; sending twice annoys the contact.`;
      case 'soft-bounce': {
        const counted = softEventCount(h, p).events;
        const senderSide = e && REASON_INFO[e.reason].side === 'sender' && !p.countSenderSideSoft;
        const note = e?.delayed
          ? ` A delivery delay: the sending service was still retrying. Delays never remove an address on their own${p.countDelays ? '' : ' and, under the current Rules, do not count toward removal'}.`
          : senderSide
          ? ' This kind of bounce is about the sender, so it does not count toward removal.'
          : ` ${counted} of the ${p.softRepeatThreshold} different campaigns or days that would remove it.`;
        return `Keep, but watch: ${e ? `${quote(e)}.` : 'a soft bounce.'}${why}${note}`;
      }
      case 'disposable':
        return `${verb(o.policyDecision)}: ${a} is at a disposable (throwaway) email domain; such addresses rarely read mail.`;
      case 'role':
        return `${verb(o.policyDecision)}: ${a} is a role account (a shared mailbox such as info@ or sales@), not a person.`;
      default: {
        const typo = f.suggestion ? ` Did you mean ${f.suggestion}? (not changed unless you accept it)` : '';
        const other = h.filter((b) => b.verdict === 'auto-reply' || b.verdict === 'delivered').length;
        const note = other ? ` ${other} automatic repl${other === 1 ? 'y or delivery report does' : 'ies or delivery reports do'} not count as bounces.` : '';
        return `Keep: no bounce, complaint or address problem found for ${a}.${note}${typo}`;
      }
    }
  }
}

export interface ReputationStats {
  /** Distinct addresses with any bounce. */
  readonly bouncedAddresses: number;
  /** Distinct addresses with a REPUTATION_REASONS bounce. */
  readonly reputationAddresses: number;
  /** Distinct recipient domains among those. */
  readonly reputationDomains: number;
  /** Those reasons with their address counts, most first. */
  readonly reasons: readonly { readonly reason: Reason; readonly addresses: number }[];
}

export const REPUTATION_THRESHOLD = { addresses: 10, domains: 3, share: 0.1 } as const;

/** Many blocks and spam rejections across many domains: the sender's reputation, not the list. */
export function reputationWarning(s: ReputationStats): string | null {
  const t = REPUTATION_THRESHOLD;
  if (s.reputationAddresses < t.addresses || s.reputationDomains < t.domains) return null;
  if (s.bouncedAddresses > 0 && s.reputationAddresses / s.bouncedAddresses < t.share) return null;
  // Grouped as every other count the user reads ("4,794", not "4794").
  const n = (v: number) => v.toLocaleString('en-US');
  const top = s.reasons.slice(0, 3).map((r) => `${REASON_INFO[r.reason].label.toLowerCase()} (${n(r.addresses)})`).join(', ');
  return (
    `${n(s.reputationAddresses)} addresses at ${n(s.reputationDomains)} different domains were refused because of your sending ` +
    `reputation or setup${top ? ` — ${top}` : ''}. That points at your sending reputation, not your list: these contacts are kept. ` +
    `Check blocklists, SPF/DKIM/DMARC and your sending volume before removing anyone.`
  );
}
