/**
 * Dev script for tuning the classifier on the labelled Sisimai corpus (not a test: the corpus test
 * that enforces the targets is MAIL-READ's test/electron/services/mail/corpus.test.ts).
 *   node --import tsx test/shared/bounce/tune-corpus.ts            # figures + confusion
 *   node --import tsx test/shared/bounce/tune-corpus.ts --misses   # + every miss with its evidence
 * Reads with MAIL-READ's reader, so the numbers are the product's numbers.
 */
import { corpus } from '../../corpus.js';
import { evaluate, score } from '../../electron/services/mail/corpus-eval.js';

if (!corpus.dir) {
  console.error(`tune-corpus: ${corpus.reason}`);
  process.exit(1);
}
const e = await evaluate();
const s = score(e);
console.log(`reason ${s.reasonPct.toFixed(1)}%  hard/not-hard ${s.hardPct.toFixed(1)}%  found ${s.found}/${s.total}`);
for (const [k, n] of s.confusion) console.log(`  ${String(n).padStart(3)}  ${k}`);
if (process.argv.includes('--misses')) {
  for (const r of e.rows) {
    if (r.got && r.got.reason === r.expected.reason) continue;
    const g = r.got;
    console.log(`\n${r.file} expected ${r.expected.reason} (${r.expected.status ?? ''} ${r.expected.replyCode ?? ''}) got ${g ? `${g.reason}/${g.verdict} (${g.status} ${g.replyCode})` : 'nothing'}`);
    if (g) console.log(`  ${g.diagnostic.slice(0, 300)}`);
  }
}
