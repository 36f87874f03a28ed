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

  it('masks IPv6 addresses whole, as written in Gmail, Postfix and Exchange diagnostics, and leaves times alone', () => {
    expect(maskPerMessage('smtp; 550-5.7.1 [2401:2500:102:3032:192.0.2.222      13] Messages with multiple addresses'))
      .toBe('smtp; 550-5.7.1 [2001:db8::1      13] Messages with multiple addresses');
    expect(maskPerMessage('host gmail-smtp-in.l.google.com[2404:6800:4008:c05::1a] said: 421-4.7.0 [2607:f8b0:4864:20::b2f 15] Our system'))
      .toBe('host gmail-smtp-in.l.google.com[2001:db8::1] said: 421-4.7.0 [2001:db8::1 15] Our system');
    expect(maskPerMessage('from localhost [IPv6:::1] via [fe80::0000:0000:0000:ffff%22], then 2001:DB8:0:0:8:800:200C:417A.'))
      .toBe('from localhost [IPv6:2001:db8::1] via [2001:db8::1], then 2001:db8::1.');
    const kept = 'Perl::Mail failed :: retry at 14:30:41 (IPv6 not accepted)';
    expect(maskPerMessage(kept)).toBe('Perl::Mail failed :: retry at 00:00 (IPv6 not accepted)');
  });

  it('classifies a diagnostic with an IPv6 address as its real text, and gives one key per wording', () => {
    const hosts = ['2607:f8b0:4864:20::b2f', '2a00:1450:400c:c0a::1b', '2001:db8:10:20::5', '2404:6800:4008:c05::1a'];
    const lines = hosts.flatMap((ip) => [
      `smtp; 550-5.7.1 [${ip}] Our system has detected that this message is likely unsolicited mail. x - gsmtp`,
      `smtp; 550 5.7.1 Service unavailable; Client host [${ip}] blocked using zen.spamhaus.org`,
      `smtp; 421-4.7.0 [${ip} 15] Our system has detected an unusual rate of unsolicited mail originating from your IP address.`,
      `host mx.example.net[${ip}] said: 550 5.1.1 <neko@example.net>: Recipient address rejected: User unknown`,
      `Remote host said: 554 5.7.1 Spectrum does not accept IPv6 connections from ${ip}. AUP#I1260`,
    ]);
    for (const diagnostic of lines) {
      expect(classifyBounceUncached({ diagnostic: maskPerMessage(diagnostic) }), diagnostic).toEqual(classifyBounceUncached({ diagnostic }));
    }
    expect(new Set(lines.map(maskPerMessage)).size).toBe(lines.length / hosts.length);
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
