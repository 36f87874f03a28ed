/**
 * The reader against the labelled Sisimai corpus (LISTSWEEP_CORPUS, see test/corpus.ts); skipped,
 * saying why, where it is absent.
 * Prints the table and writes it to /work/notes/mail-accuracy.txt when that folder exists.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { evaluate, score, table } from './corpus-eval.js';
import { skippedWithoutCorpus } from '../../../corpus.js';

describe.skipIf(skippedWithoutCorpus('mail reader accuracy on the bounce corpus'))('mail reader on the bounce corpus', () => {
  it('finds the failed recipients and classifies them within the targets', async () => {
    const e = await evaluate();
    const s = score(e);
    const t = table(e, s);
    console.log(t);
    const notes = '/work/notes/mail-accuracy.txt';
    if (existsSync('/work/notes')) {
      try {
        // the latest table on top, one line per run below it, so the team sees the trend
        const old = existsSync(notes) ? readFileSync(notes, 'utf8') : '';
        const history = old.includes('\nHistory\n') ? old.slice(old.indexOf('\nHistory\n') + 9).trim() : '';
        const line = `${new Date().toISOString()}  found ${s.foundPct}%  false ${s.falseCount}  hard ${s.hardPct}%  reason ${s.reasonPct}%`;
        writeFileSync(notes, `${t}\n\nHistory\n${history ? history + '\n' : ''}${line}\n`);
      } catch { /* read-only outside development */ }
    }
    expect(s.total).toBe(630);
    // Floors just under the measured figures (issue 11: found 99.7, hard 99.2, reason 97.1 under
    // ListSweep's convention), so that a regression fails here.
    expect(s.foundPct).toBeGreaterThanOrEqual(99.5);
    expect(e.falseRecipients).toEqual([]);
    expect(s.hardPct).toBeGreaterThanOrEqual(99);
    expect(s.reasonPct).toBeGreaterThanOrEqual(96.5);
  });
});
