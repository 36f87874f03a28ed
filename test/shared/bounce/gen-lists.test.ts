import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { classifyBounce } from '../../../shared/bounce/classify.js';

// The synthetic bounce generator the end-to-end tests and the benchmark use. Its REASONS table is
// not exported (the script writes files when imported), so the object literal is read from source.
const GEN = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../shared/tools/gen-lists.mjs');
const available = existsSync(GEN);

type Template = [code: string, status: string, diagnostic: string];
function templates(): Record<string, { verdict: string; t: Template[] }> {
  const src = readFileSync(GEN, 'utf8');
  const m = /const REASONS = (\{[\s\S]*?\n\});/.exec(src);
  if (!m) throw new Error('REASONS table not found in gen-lists.mjs');
  return new Function(`return ${m[1]}`)() as Record<string, { verdict: string; t: Template[] }>;
}
const fill = (s: string) => s.replace(/\{(\w+)\}/g, (_, k: string) => ({ e: 'neko@example.org', d: 'example.org', id: 'a1b2c3', ip: '192.0.2.7', n: '4321', date: '2024-05-03' })[k] ?? k);

describe.skipIf(!available)('gen-lists templates are classified as its truth says', () => {
  const table = available ? templates() : {};
  const cases = Object.entries(table).flatMap(([kind, r]) => r.t.map((t) => [kind, r.verdict, ...t] as const));

  it('covers the generator kinds', () => {
    expect(Object.keys(table).sort()).toEqual(['auto_reply', 'blocked_rbl', 'domain_not_found', 'greylisting', 'mailbox_full', 'spam_content', 'timeout', 'user_unknown']);
  });

  it.each(cases)('%s (%s): %s %s %s', (kind, verdict, replyCode, status, diagnostic) => {
    const c = classifyBounce({ replyCode, status, diagnostic: fill(diagnostic) });
    if (kind === 'auto_reply') {
      // The generator files auto-replies with the soft rows; they are not bounces at all.
      expect(c).toMatchObject({ reason: 'vacation', verdict: 'auto-reply' });
      return;
    }
    expect(c.verdict).toBe(verdict);
    const reason = { user_unknown: 'userunknown', domain_not_found: 'hostunknown', mailbox_full: 'mailboxfull', blocked_rbl: 'blocked', spam_content: 'spamdetected' }[kind];
    if (reason) expect(c.reason).toBe(reason);
  });
});
