/**
 * maskPerMessage: what it masks, and that masking never changes a classification. The memo in
 * classifyBounce is keyed by the masked text and classifies it, so a mask that touched a word a
 * rule reads would change verdicts; here every evidence the mail reader builds from the labelled
 * corpus is classified both ways (classify.test.ts does the same for its real lines).
 */
import { describe, expect, it, vi } from 'vitest';
import type * as classify from '../../../shared/bounce/classify.js';
import { classifyBounceUncached, maskPerMessage, type BounceEvidence } from '../../../shared/bounce/classify.js';
import { skippedWithoutCorpus } from '../../corpus.js';

const seen: BounceEvidence[] = [];
vi.mock('../../../shared/bounce/classify.js', async (original) => {
  const m = await original<typeof classify>();
  return { ...m, classifyBounce: (e: BounceEvidence) => { seen.push(e); return m.classifyBounce(e); } };
});

describe('maskPerMessage', () => {
  it('masks the tokens that change per message and keeps codes, domains and words', () => {
    expect(maskPerMessage('smtp; 550 diego.delavega70@terra.com.br: unknown user: "diego.delavega70@terra.com.br"'))
      .toBe('smtp; 550 x@terra.com.br: unknown user: "x@terra.com.br"');
    expect(maskPerMessage('554 5.7.1 Client host [198.51.100.60] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/198.51.100.60'))
      .toBe('554 5.7.1 Client host [192.0.2.1] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/192.0.2.1');
    expect(maskPerMessage('550 5.2.1 The email account that you tried to reach is disabled. jr4tlj1dsh8q - gsmtp'))
      .toBe('550 5.2.1 The email account that you tried to reach is disabled. x - gsmtp');
    expect(maskPerMessage("554 delivery error: dd This user doesn't have a sky.com account (ann@sky.com) [0] - mta633.mail.gq1.yahoo.com"))
      .toBe("554 delivery error: dd This user doesn't have a sky.com account (x@sky.com) [0] - mta0.mail.gq0.yahoo.com");
    expect(maskPerMessage('I am on annual leave, returning on 2025-02-11 at 14:30.')).toBe('I am on annual leave, returning on 2000-01-01 at 00:00.');
    // status codes, reply codes and provider codes are not per-message tokens
    const kept = '550-5.1.1 user unknown (S3140) OFR005_505 [505] #5.1.10 AUP#I1310 retry in 4.16.55 (dyn:t1)';
    expect(maskPerMessage(kept)).toBe(kept);
  });

  it('turns a report of distinct lines into few keys (why the memo pays)', () => {
    const lines = Array.from({ length: 100 }, (_, i) => `smtp; 550 5.1.1 <user${i}@example.org>: Recipient address rejected: User unknown; from [192.0.2.${i}]`);
    expect(new Set(lines.map(maskPerMessage)).size).toBe(1);
  });
});

describe.skipIf(skippedWithoutCorpus('masked and real diagnostics on the bounce corpus'))('masking on the labelled corpus', () => {
  it('gives the same reason, verdict and codes as the real text for every evidence the reader builds', async () => {
    const { loadLabels, readCorpusFile } = await import('../../electron/services/mail/corpus-eval.js');
    for (const label of await loadLabels()) await readCorpusFile(label.file);
    expect(seen.length).toBeGreaterThan(600);
    const differ = seen.filter((e) => {
      const a = classifyBounceUncached(e);
      const b = classifyBounceUncached({ ...e, diagnostic: maskPerMessage((e.diagnostic ?? '').slice(0, 8000)) });
      return JSON.stringify(a) !== JSON.stringify(b);
    }).map((e) => e.diagnostic);
    expect(differ).toEqual([]);
    // the mask did act on the corpus: it is not a no-op that passes trivially
    expect(seen.filter((e) => e.diagnostic && maskPerMessage(e.diagnostic) !== e.diagnostic).length).toBeGreaterThan(100);
  }, 120_000);
});
