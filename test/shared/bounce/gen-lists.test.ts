/**
 * Every diagnostic the sample generator writes is classified as its truth says: the classifier
 * and the generator's expert labels agree on the verdict and the reason.
 */
import { describe, expect, it } from 'vitest';
import { BOUNCE_KINDS } from '../../../electron/services/sample/generate.js';
import { classifyBounce } from '../../../shared/bounce/classify.js';

const fill = (s: string) => s.replace(/\{(\w+)\}/g, (_, k: string) => ({ e: 'neko@example.org', d: 'example.org', id: 'a1b2c3', ip: '192.0.2.7', n: '432', host: 'AM4EUR03.prod.outlook.com', date: '2025-05-03' })[k] ?? k);

describe('sample bounce diagnostics are classified as its truth says', () => {
  const cases = BOUNCE_KINDS.flatMap((k) => k.templates.map((t) => [k.reason, k.verdict, ...t] as const));

  it('covers hard, soft, sender-side and auto-reply kinds', () => {
    expect(new Set(BOUNCE_KINDS.map((k) => k.verdict))).toEqual(new Set(['hard', 'soft', 'auto-reply']));
    expect(BOUNCE_KINDS.map((k) => k.reason)).toEqual(expect.arrayContaining(['userunknown', 'hostunknown', 'blocked', 'spamdetected', 'mailboxfull', 'vacation']));
  });

  it.each(cases)('%s (%s): %s %s %s', (reason, verdict, replyCode, status, diagnostic) => {
    expect(classifyBounce({ replyCode, status, diagnostic: fill(diagnostic) })).toMatchObject({ reason, verdict });
  });
});
