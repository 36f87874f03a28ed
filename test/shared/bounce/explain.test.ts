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

  it('has a sentence for every reason and verdict', () => {
    for (const reason of REASONS) {
      const s = explainBounce({ reason, verdict: 'soft', status: '', replyCode: '' });
      expect(s, reason).toMatch(/^[A-Z].+\.$/);
      expect(s).not.toContain('undefined:');
    }
  });
});
