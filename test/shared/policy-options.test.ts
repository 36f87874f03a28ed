/** Issue 11: the Rules options for disabled accounts, causeless failures and delay notices. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, decide, explain, type ContactFacts, type HistoryBounce } from '../../shared/policy.js';
import type { Reason, Verdict } from '../../shared/reasons.js';

const clean: ContactFacts = { valid: true, problem: '', duplicateOf: null, role: false, disposable: false, override: null };
function b(verdict: Verdict, reason: Reason, extra: Partial<HistoryBounce> = {}): HistoryBounce {
  return { verdict, reason, status: '', replyCode: '', diagnostic: '', source: 'bounces.csv', sourceIndex: 1, ...extra };
}
const disabled = b('hard', 'suspend', { replyCode: '554', diagnostic: '554 delivery error: dd This account has been disabled or discontinued [#102].' });
const noCause = b('soft', 'undefined', { diagnostic: 'Delivery to the following recipients failed permanently: * neko@example.or.jp' });
const delay = (campaign: string) => b('soft', 'expired', { replyCode: '421', diagnostic: '421 try again later', campaign, delayed: true });
const full = (campaign: string) => b('soft', 'mailboxfull', { status: '4.2.2', diagnostic: 'mailbox full', campaign });

describe('disabled accounts', () => {
  it('are removed by default and watched when the Rules treat them as temporary', () => {
    expect(decide(clean, [disabled])).toMatchObject({ decision: 'remove', cause: 'hard-bounce', reason: 'suspend' });
    const p = { ...DEFAULT_POLICY, disabledAsTemporary: true };
    expect(decide(clean, [disabled], p)).toMatchObject({ decision: 'watch', cause: 'soft-bounce' });
  });
});

describe('permanent failures with no stated cause', () => {
  it('are soft by default and hard when the Rules say so', () => {
    expect(decide(clean, [noCause])).toMatchObject({ decision: 'watch', cause: 'soft-bounce' });
    const p = { ...DEFAULT_POLICY, noCauseAsHard: true };
    expect(decide(clean, [noCause], p)).toMatchObject({ decision: 'remove', cause: 'hard-bounce' });
    // an undefined soft bounce that does not say "permanent" stays soft
    expect(decide(clean, [b('soft', 'undefined', { diagnostic: 'could not be delivered' })], p).decision).toBe('watch');
  });
});

describe('delay notices', () => {
  it('are shown but never count toward the repeat rule by default', () => {
    const o = decide(clean, [delay('c1'), delay('c2'), delay('c3'), delay('c4')]);
    expect(o).toMatchObject({ decision: 'watch', cause: 'soft-bounce', softEvents: 0 });
    expect(explain('a@x.com', clean, [delay('c1')], decide(clean, [delay('c1')]))).toMatch(/delivery delay.*never remove/i);
  });

  it('count when the Rules say so, but delays alone never remove', () => {
    const p = { ...DEFAULT_POLICY, countDelays: true };
    expect(decide(clean, [delay('c1'), delay('c2'), delay('c3')], p)).toMatchObject({ decision: 'watch', softEvents: 3 });
    expect(decide(clean, [delay('c1'), delay('c2'), full('c3')], p)).toMatchObject({ decision: 'remove', cause: 'repeated-soft' });
    expect(decide(clean, [delay('c1'), delay('c2'), full('c3')])).toMatchObject({ decision: 'watch', softEvents: 1 });
  });
});
