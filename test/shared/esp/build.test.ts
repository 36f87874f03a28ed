import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildRecord } from '../../../shared/esp/build.js';
import { REASONS, VERDICTS } from '../../../shared/reasons.js';

describe('buildRecord', () => {
  it("keeps the provider's verdict, takes the reason from the diagnostic, and notes a disagreement", () => {
    const r = buildRecord({ email: ' a@x.com ', verdict: 'hard', diagnostic: '552 5.2.2 Mailbox full', providerType: 'HardBounce' }, 'postmark', 'Postmark', 3);
    expect(r).toMatchObject({ email: 'a@x.com', verdict: 'hard', reason: 'mailboxfull', status: '5.2.2', replyCode: '552', provider: 'postmark', sourceIndex: 3, providerType: 'HardBounce' });
    expect(r.disagreement).toMatch(/soft bounce .*"HardBounce"; kept Postmark's verdict/);
  });

  it('uses the reason the provider type implies when the diagnostic gives none', () => {
    const r = buildRecord({ email: 'a@x.com', verdict: 'soft', reason: 'mailboxfull', diagnostic: '' }, 'ses', 'Amazon SES', 1);
    expect(r).toMatchObject({ verdict: 'soft', reason: 'mailboxfull', diagnostic: '', status: '', replyCode: '' });
    expect(r.disagreement).toBeUndefined();
  });

  it('status-only records: cleaned is hard with reason undefined, unsubscribes and complaints are fixed', () => {
    expect(buildRecord({ email: 'a@x.com', verdict: 'hard', fixedReason: 'undefined' }, 'mailchimp', 'Mailchimp', 1)).toMatchObject({ verdict: 'hard', reason: 'undefined' });
    expect(buildRecord({ email: 'a@x.com', verdict: 'complaint', fixedReason: 'unsubscribed', diagnostic: '550 5.1.1 user unknown' }, 'x', 'X', 1)).toMatchObject({ verdict: 'complaint', reason: 'unsubscribed' });
  });

  it('without a provider type the classifier decides; without any evidence the verdict is unknown', () => {
    expect(buildRecord({ email: 'a@x.com', diagnostic: '550 5.1.1 user unknown' }, 'generic', 'the file', 1)).toMatchObject({ verdict: 'hard', reason: 'userunknown' });
    expect(buildRecord({ email: 'a@x.com', diagnostic: '550 5.7.1 Client host [192.0.2.1] blocked using zen.spamhaus.org' }, 'generic', 'the file', 1)).toMatchObject({ verdict: 'soft', reason: 'blocked' });
    expect(buildRecord({ email: 'a@x.com' }, 'generic', 'the file', 1)).toMatchObject({ verdict: 'unknown', reason: 'undefined' });
  });

  it('lets an auto-reply through only where the provider files them under a soft type', () => {
    const text = 'Out of Office: I am away until Monday with limited access to email.';
    expect(buildRecord({ email: 'a@x.com', verdict: 'soft', autoReplyOk: true, diagnostic: text }, 'ses', 'Amazon SES', 1).verdict).toBe('auto-reply');
    expect(buildRecord({ email: 'a@x.com', verdict: 'hard', autoReplyOk: true, diagnostic: text }, 'ses', 'Amazon SES', 1).verdict).toBe('hard');
  });

  it('always yields a known verdict and reason, and one-line diagnostics', () => {
    fc.assert(fc.property(fc.string(), fc.string({ maxLength: 6 }), fc.constantFrom(undefined, ...VERDICTS), (diag, code, verdict) => {
      const r = buildRecord({ email: 'a@x.com', diagnostic: diag, replyCode: code, verdict }, 'p', 'P', 1);
      expect(VERDICTS).toContain(r.verdict);
      expect(REASONS).toContain(r.reason);
      expect(r.diagnostic).not.toMatch(/[\r\n]/);
    }), { numRuns: 300 });
  });
});
