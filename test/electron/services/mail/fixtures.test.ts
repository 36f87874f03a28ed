/**
 * The mail reader on the repository's own labelled samples (test/fixtures/mail: one message of
 * each common family, from the Sisimai corpus with its labels): every labelled recipient found,
 * no other, hard/not-hard and reason as labelled. Runs everywhere; the accuracy figures on the
 * whole corpus are corpus.test.ts's, where the corpus is present.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAIL_FIXTURES } from '../../../corpus.js';
import { evaluate } from './corpus-eval.js';

describe('mail reader on the repository samples', () => {
  it('finds and classifies every labelled recipient', async () => {
    const e = await evaluate({ labels: join(MAIL_FIXTURES, 'labels.json'), eml: MAIL_FIXTURES });
    expect(e.messages).toBe(13);
    expect(e.falseRecipients).toEqual([]);
    // Read under ListSweep's convention (corpus-eval.ts): a disabled account refused for good is hard.
    const wrong = e.rows.filter((r) => !r.got || (r.got.verdict === 'hard') !== r.convention.hardBounce || r.got.reason !== r.convention.reason)
      .map((r) => `${r.file}: expected ${r.convention.reason}${r.convention.hardBounce ? ' (hard)' : ''}, got ${r.got ? `${r.got.reason} ${r.got.verdict}` : 'nothing'}`);
    expect(wrong).toEqual([]);
    // The families a user's mailbox holds: MTA reports, a provider's, a complaint, an auto-reply.
    expect(e.rows.map((r) => r.expected.reason)).toEqual(expect.arrayContaining(['userunknown', 'feedback', 'vacation']));
  });
});
