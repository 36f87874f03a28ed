import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, decide, explain, labelFor, reputationWarning, softEventCount, type ContactFacts, type HistoryBounce } from '../../shared/policy.js';
import { REASONS, verdictForReason, type Reason, type Verdict } from '../../shared/reasons.js';

const clean: ContactFacts = { valid: true, problem: '', duplicateOf: null, role: false, disposable: false, override: null };

function b(verdict: Verdict, reason: Reason, extra: Partial<HistoryBounce> = {}): HistoryBounce {
  return { verdict, reason, status: '', replyCode: '', diagnostic: '', source: 'bounces.csv', sourceIndex: 1, ...extra };
}
const hard = b('hard', 'userunknown', { replyCode: '550', status: '5.1.1', diagnostic: '550 5.1.1 <a@x.com>: user unknown', occurredAt: '2025-01-07T09:00:00Z' });
const full = (campaign: string | null, occurredAt: string | null = null) => b('soft', 'mailboxfull', { status: '4.2.2', replyCode: '452', diagnostic: 'mailbox full', campaign, occurredAt });
const rbl = (campaign: string) => b('soft', 'blocked', { replyCode: '550', status: '5.7.1', diagnostic: 'blocked using zen.spamhaus.org', campaign });

describe('decide: a table of histories', () => {
  const cases: [string, ContactFacts, HistoryBounce[], string, string][] = [
    ['no history', clean, [], 'keep', 'clean'],
    ['one hard bounce', clean, [hard], 'remove', 'hard-bounce'],
    ['spam complaint', clean, [b('complaint', 'feedback', { feedbackType: 'abuse' } as Partial<HistoryBounce>)], 'remove', 'complaint'],
    ['unsubscribed', clean, [b('complaint', 'unsubscribed')], 'remove', 'unsubscribed'],
    ['one soft bounce', clean, [full('c1')], 'watch', 'soft-bounce'],
    ['two soft bounces, two campaigns', clean, [full('c1'), full('c2')], 'watch', 'soft-bounce'],
    ['three soft bounces in one campaign', clean, [full('c1'), full('c1'), full('c1')], 'watch', 'soft-bounce'],
    ['soft bounces in three campaigns', clean, [full('c1'), full('c2'), full('c3')], 'remove', 'repeated-soft'],
    ['no campaign: three different days', clean, [full(null, '2025-01-01T10:00:00Z'), full(null, '2025-01-08T10:00:00Z'), full(null, '2025-01-15T10:00:00Z')], 'remove', 'repeated-soft'],
    ['no campaign: three bounces on two days', clean, [full(null, '2025-01-01T10:00:00Z'), full(null, '2025-01-01T18:00:00Z'), full(null, '2025-01-02T10:00:00Z')], 'watch', 'soft-bounce'],
    ['blocklist in three campaigns is the sender, not the address', clean, [rbl('c1'), rbl('c2'), rbl('c3')], 'watch', 'soft-bounce'],
    ['auto-replies never count', clean, [b('auto-reply', 'vacation', { campaign: 'c1' }), b('auto-reply', 'vacation', { campaign: 'c2' }), b('auto-reply', 'vacation', { campaign: 'c3' })], 'keep', 'clean'],
    ['delivered never counts', clean, [b('delivered', 'delivered')], 'keep', 'clean'],
    ['invalid address', { ...clean, valid: false, problem: 'two @' }, [], 'remove', 'invalid'],
    ['duplicate row', { ...clean, duplicateOf: { row: 12, source: 'contacts.csv' } }, [], 'remove', 'duplicate'],
    ['duplicate with a hard bounce says hard bounce', { ...clean, duplicateOf: { row: 12, source: 'contacts.csv' } }, [hard], 'remove', 'hard-bounce'],
    ['role account is kept (flagged)', { ...clean, role: true }, [], 'keep', 'role'],
    ['disposable is kept (flagged)', { ...clean, disposable: true }, [], 'keep', 'disposable'],
    ['override keep wins over a hard bounce', { ...clean, override: 'keep' }, [hard], 'keep', 'override'],
    ['override remove wins over clean', { ...clean, override: 'remove' }, [], 'remove', 'override'],
    ['complaint beats soft history', clean, [full('c1'), b('complaint', 'feedback')], 'remove', 'complaint'],
  ];
  it.each(cases)('%s', (_name, facts, history, decision, cause) => {
    const o = decide(facts, history);
    expect([o.decision, o.cause]).toEqual([decision, cause]);
  });

  it('keeps what the policy said under an override', () => {
    const o = decide({ ...clean, override: 'keep' }, [hard]);
    expect([o.policyDecision, o.policyCause, o.reason]).toEqual(['remove', 'hard-bounce', 'userunknown']);
  });

  it('role and disposable removal are settings', () => {
    const p = { ...DEFAULT_POLICY, role: 'remove' as const, disposable: 'remove' as const };
    expect(decide({ ...clean, role: true }, [], p).decision).toBe('remove');
    expect(decide({ ...clean, disposable: true }, [], p).decision).toBe('remove');
  });

  it('counting sender-side soft bounces and a minimum span are settings', () => {
    const counting = { ...DEFAULT_POLICY, countSenderSideSoft: true };
    expect(decide(clean, [rbl('c1'), rbl('c2'), rbl('c3')], counting).cause).toBe('repeated-soft');
    const span = { ...DEFAULT_POLICY, softRepeatMinDays: 15 };
    const close = [full('a', '2025-01-01'), full('b', '2025-01-05'), full('c', '2025-01-09')];
    expect(decide(clean, close, span).cause).toBe('soft-bounce');
    expect(decide(clean, [...close, full('d', '2025-01-20')], span).cause).toBe('repeated-soft');
  });

  it('counts campaign, else day, else record', () => {
    expect(softEventCount([full('x'), full('x', '2025-01-01'), full(null, '2025-01-01'), full(null, '2025-01-01T23:00:00Z')]).events).toBe(2);
    expect(softEventCount([{ ...full(null), sourceIndex: 1 }, { ...full(null), sourceIndex: 2 }]).events).toBe(2);
  });
});

describe('explain', () => {
  it('cites the code, the diagnostic and the file for a hard bounce', () => {
    const o = decide(clean, [hard]);
    const s = explain('a@x.com', clean, [hard], o);
    expect(s).toMatch(/^Remove: mailbox does not exist/);
    expect(s).toContain('550 5.1.1');
    expect(s).toContain('user unknown');
    expect(s).toContain('bounces.csv');
    expect(s).toContain('2025-01-07');
    expect(o.detail).toBe('hard bounce: Mailbox does not exist (550 5.1.1 <a@x.com>: user unknown) — bounces.csv, #1');
  });

  it('says why a blocklist bounce does not count', () => {
    const h = [rbl('c1')];
    expect(explain('a@x.com', clean, h, decide(clean, h))).toMatch(/about the sender, so it does not count/);
  });

  it('an invalid address with a suggestion names the problem and offers the fix', () => {
    const f = { ...clean, valid: false, problem: 'top-level domain ".con" does not exist', suggestion: 'anna@site.com' };
    const s = explain('anna@site.con', f, [], decide(f, []));
    expect(s).toBe('Remove: "anna@site.con" is not a usable email address (top-level domain ".con" does not exist); no sending service would accept it. Did you mean anna@site.com? Accepting it checks the address again.');
    expect(labelFor({ cause: 'invalid', decision: 'remove', reason: null, problem: f.problem })).toBe('Invalid address: top-level domain ".con" does not exist');
  });

  it('explains overrides with what the policy would have done', () => {
    const f = { ...clean, override: 'keep' as const };
    const s = explain('a@x.com', f, [hard], decide(f, [hard]));
    expect(s).toMatch(/^Keep: you overrode the policy/);
    expect(s).toContain('Remove: mailbox does not exist');
  });

  it('labels rows for the table', () => {
    expect(labelFor({ cause: 'hard-bounce', decision: 'remove', reason: 'userunknown' })).toBe('Mailbox does not exist');
    expect(labelFor({ cause: 'duplicate', decision: 'remove', reason: null, duplicateRow: 12 })).toBe('Duplicate of row 12');
    expect(labelFor({ cause: 'override', decision: 'keep', reason: 'userunknown', policyCause: 'hard-bounce' })).toBe('Kept by you (was: Mailbox does not exist)');
  });
});

describe('reputationWarning', () => {
  const reasons = [{ reason: 'blocked' as const, addresses: 30 }, { reason: 'spamdetected' as const, addresses: 10 }];
  it('warns when blocks and spam rejections span many domains', () => {
    const w = reputationWarning({ bouncedAddresses: 100, reputationAddresses: 40, reputationDomains: 12, reasons });
    expect(w).toMatch(/your sending reputation, not your list/);
    expect(w).toContain('40 addresses at 12 different domains');
  });
  it('groups its counts as the rest of the app does (a million-row list said "4794 addresses")', () => {
    const big = [{ reason: 'blocked' as const, addresses: 2578 }, { reason: 'spamdetected' as const, addresses: 2216 }];
    const w = reputationWarning({ bouncedAddresses: 31_734, reputationAddresses: 4794, reputationDomains: 1480, reasons: big });
    expect(w).toContain('4,794 addresses at 1,480 different domains');
    expect(w).toContain('(2,578), rejected as spam (2,216)');
  });
  it('stays quiet for a few blocks, one domain, or a small share', () => {
    expect(reputationWarning({ bouncedAddresses: 100, reputationAddresses: 4, reputationDomains: 4, reasons })).toBeNull();
    expect(reputationWarning({ bouncedAddresses: 100, reputationAddresses: 40, reputationDomains: 1, reasons })).toBeNull();
    expect(reputationWarning({ bouncedAddresses: 10000, reputationAddresses: 40, reputationDomains: 12, reasons })).toBeNull();
  });
});

describe('explain: the one sentence per contact (what the review and the report show)', () => {
  it('has a sentence naming the evidence for every reason, failed or delayed', () => {
    for (const reason of REASONS) {
      for (const delayed of [false, true]) {
        const h = [b(verdictForReason(reason, { status: '', replyCode: '' }), reason, { diagnostic: `550 something about ${reason}`, ...(delayed ? { delayed } : {}) })];
        const o = decide(clean, h);
        const s = explain('a@x.com', clean, h, o);
        const what = `${reason}${delayed ? ' (delayed)' : ''}`;
        expect(s, what).toMatch(/^[A-Z][^]*[.)]$/);
        expect(s, what).not.toMatch(/\[object|\bnull\b(?! mx)/i);
        if (o.evidence) expect(s, what).toContain(`something about ${reason}`);
      }
    }
  });
});
