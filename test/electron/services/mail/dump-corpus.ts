/**
 * Dev script: one JSON line per labelled (or falsely reported) recipient of the corpus, for
 * tuning the classifier. Run: node --import tsx test/electron/services/mail/dump-corpus.ts [--misses]
 */
import { evaluate } from './corpus-eval.js';

const onlyMisses = process.argv.includes('--misses');
const e = await evaluate();
for (const r of e.rows) {
  const g = r.got;
  if (onlyMisses && g && g.reason === r.convention.reason && (g.verdict === 'hard') === r.convention.hardBounce) continue;
  process.stdout.write(JSON.stringify({
    file: r.file, engine: r.engine, recipient: r.expected.recipient ?? null,
    status: g?.status ?? null, replyCode: g?.replyCode ?? null, action: g?.providerType ?? null,
    diagnostic: g?.diagnostic ?? null, provider: g?.provider ?? null,
    expected: r.expected.reason, got: g?.reason ?? null,
    expectedStatus: r.expected.status, expectedReplyCode: r.expected.replyCode,
    expectedHard: r.expected.hardBounce, convention: r.convention.reason, conventionHard: r.convention.hardBounce, gotVerdict: g?.verdict ?? null,
  }) + '\n');
}
for (const f of e.falseRecipients) process.stdout.write(JSON.stringify({ file: f.file, falseRecipient: f.email }) + '\n');
