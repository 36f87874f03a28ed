import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyBounceUncached } from '../../../shared/bounce/classify.js';
import { decide, explain, type ContactFacts } from '../../../shared/policy.js';
import { isReason, VERDICTS } from '../../../shared/reasons.js';

const pieces = ['550', '5.1.1', '452 4.2.2', 'user unknown', 'mailbox full', 'blocked using', 'spam', '\n550-5.7.1 ', '#5.0.0', 'in reply to RCPT TO command', 'ä', '自動返信', '((((', '.*+?', '\u0000', ' '];

describe('classifyBounce on arbitrary input', () => {
  it('always answers with a known reason and verdict, and codes in canonical form', () => {
    fc.assert(fc.property(
      fc.record({
        diagnostic: fc.oneof(fc.string({ maxLength: 300 }), fc.array(fc.constantFrom(...pieces), { maxLength: 30 }).map((a) => a.join(' '))),
        status: fc.oneof(fc.constant(''), fc.string({ maxLength: 12 }), fc.constantFrom('5.1.1', '4.7.1', '2.0.0', '5.0.911', '9.9.9')),
        replyCode: fc.oneof(fc.constant(''), fc.string({ maxLength: 5 }), fc.constantFrom('550', '421', '250', '999')),
        action: fc.constantFrom(undefined, 'failed', 'delayed', 'delivered', 'FAILED', 'weird'),
        command: fc.constantFrom(undefined, '', 'RCPT', 'DATA', 'MAIL', 'rcpt'),
        origin: fc.constantFrom(undefined, 'mail' as const, 'export' as const),
      }),
      (e) => {
        const c = classifyBounceUncached(e);
        expect(isReason(c.reason)).toBe(true);
        expect(VERDICTS).toContain(c.verdict);
        expect(c.status).toMatch(/^(?:[245]\.\d{1,3}\.\d{1,3})?$/);
        expect(c.replyCode).toMatch(/^(?:[2-5][0-5]\d)?$/);
        // and the sentence the review shows for a contact with that one bounce
        const facts: ContactFacts = { valid: true, problem: '', duplicateOf: null, role: false, disposable: false, override: null };
        const h = [{ ...c, diagnostic: e.diagnostic, source: 'bounces.csv', sourceIndex: 1, ...(e.action === 'delayed' ? { delayed: true } : {}) }];
        expect(explain('a@example.org', facts, h, decide(facts, h))).toMatch(/^[A-Z].{10,}/s);
      },
    ), { numRuns: 2000 });
  });

  it('handles a very long diagnostic', () => {
    const long = `550 5.1.1 user unknown ${'x'.repeat(1_000_000)}`;
    expect(classifyBounceUncached({ diagnostic: long }).reason).toBe('userunknown');
  });
});
