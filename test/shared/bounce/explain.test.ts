import { describe, expect, it } from 'vitest';
import { classifyBounce } from '../../../shared/bounce/classify.js';
import { explainBounce } from '../../../shared/bounce/explain.js';
import { REASONS } from '../../../shared/reasons.js';

describe('explainBounce', () => {
  it('says what the server said, the codes, and what it means for the address', () => {
    const d = '550 5.1.1 <neko@example.org>: Recipient address rejected: User unknown';
    expect(explainBounce(classifyBounce({ diagnostic: d }), d)).toBe('The receiving server said the mailbox does not exist (550 5.1.1): this address is dead.');
    const b = '550 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org';
    expect(explainBounce(classifyBounce({ diagnostic: b }), b)).toMatch(/refuses mail from the sending server .*\(550 5\.7\.1\): the problem is on the sending side, not with this address\.$/);
    expect(explainBounce(classifyBounce({ status: '4.2.2', diagnostic: 'Mailbox full' }))).toBe('The receiving server said the mailbox is full (4.2.2): usually temporary, so keep the address and watch for repeats.');
  });

  it('quotes the server when the cause could not be recognised', () => {
    const d = '550 Requested action not taken';
    expect(explainBounce(classifyBounce({ diagnostic: d }), d)).toBe('The bounce gave no recognisable cause (550): "550 Requested action not taken". Usually temporary, so keep the address and watch for repeats.');
  });

  it('a delay notice says the message is only delayed and that ListSweep keeps and watches the address', () => {
    const d = '421 4.4.1 Connection timed out';
    const c = classifyBounce({ diagnostic: d, action: 'delayed' });
    expect(explainBounce(c, d, { delayed: true })).toBe('The message is delayed, not bounced: the sending server is still retrying (421 4.4.1). ListSweep keeps the address and watches it; a delay never removes an address on its own.');
    const full = '452 4.2.2 Mailbox full';
    expect(explainBounce(classifyBounce({ diagnostic: full, action: 'delayed' }), full, { delayed: true }))
      .toBe('The message is delayed, not bounced: the sending server is still retrying; the receiving server said the mailbox is full (452 4.2.2). ListSweep keeps the address and watches it; a delay never removes an address on its own.');
  });

  it('an expired message says the sender gave up, that the address is not known to be bad, and that it is kept and watched', () => {
    const d = 'retry timeout exceeded';
    const s = explainBounce(classifyBounce({ diagnostic: d, reasonHint: 'expired' }), d);
    expect(s).toMatch(/^The sending server kept retrying until its time limit ran out, then gave up: the message was not delivered, but nothing says the address is bad/);
    expect(s).toMatch(/ListSweep keeps the address and watches it; repeated failures in different campaigns or on different days remove it \(the Rules set how many\)\.$/);
  });

  it('has a sentence for every reason and verdict', () => {
    for (const reason of REASONS) {
      const s = explainBounce({ reason, verdict: 'soft', status: '', replyCode: '' });
      expect(s, reason).toMatch(/^[A-Z].+\.$/);
      expect(s).not.toContain('undefined:');
      expect(explainBounce({ reason, verdict: 'soft', status: '', replyCode: '' }, '', { delayed: true }), reason).toMatch(/^The message is delayed, not bounced: .+ a delay never removes an address on its own\.$/);
    }
  });
});
