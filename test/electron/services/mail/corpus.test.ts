/**
 * The reader against the labelled Sisimai corpus (../shared/corpus/bounces beside the repo).
 * Prints the table and writes it to /work/notes/mail-accuracy.txt when that folder exists.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, writeFileSync } from 'node:fs';
import { corpusAvailable, evaluate, score, table } from './corpus-eval.js';

describe.skipIf(!corpusAvailable)('mail reader on the bounce corpus', () => {
  it('finds the failed recipients and classifies them within the targets', async () => {
    const e = await evaluate();
    const s = score(e);
    const t = table(e, s);
    console.log(t);
    if (existsSync('/work/notes')) {
      try { writeFileSync('/work/notes/mail-accuracy.txt', `${new Date().toISOString()}\n${t}\n`); } catch { /* read-only outside dev */ }
    }
    expect(s.total).toBe(630);
    expect(s.foundPct).toBeGreaterThanOrEqual(98);
    expect(e.falseRecipients).toEqual([]);
    expect(s.hardPct).toBeGreaterThanOrEqual(98);
    expect(s.reasonPct).toBeGreaterThanOrEqual(92);
  });
});
