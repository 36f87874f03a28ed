/**
 * Bad input never throws and never hangs: mutated corpus messages (fast-check), binary
 * garbage, thousands of recipients, MIME nested past any sane depth.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readMessage } from '../../../../electron/services/mail/message.js';
import { corpus, MAIL_FIXTURES } from '../../../corpus.js';

/** A generous per-message budget: it only catches a hang, it measures nothing. */
const BUDGET_MS = 10_000;

async function readWithin(bytes: Uint8Array): Promise<{ count: number; warnings: string[] }> {
  const warnings: string[] = [];
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error('message read did not finish')), BUDGET_MS); });
  try {
    const recs = await Promise.race([readMessage(bytes, { sourceIndex: 1, warn: (m) => warnings.push(m) }), hang]);
    for (const r of recs) {
      expect(typeof r.email).toBe('string');
      expect(r.email).toContain('@');
    }
    return { count: recs.length, warnings };
  } finally {
    clearTimeout(timer);
  }
}

// Every 7th corpus message where the corpus is present, else the repository's own samples of it.
const samples: Buffer[] = corpus.dir
  ? readdirSync(join(corpus.dir, 'eml')).filter((f) => f.endsWith('.eml')).sort().filter((_, i) => i % 7 === 0).map((f) => readFileSync(join(corpus.dir!, 'eml', f)))
  : readdirSync(MAIL_FIXTURES).filter((f) => f.endsWith('.eml')).sort().map((f) => readFileSync(join(MAIL_FIXTURES, f)));

type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'flip'; positions: number[]; value: number }
  | { kind: 'drop-header'; n: number }
  | { kind: 'charset'; label: string }
  | { kind: 'splice-garbage'; at: number; bytes: number[] };

function mutate(src: Buffer, m: Mutation): Buffer {
  switch (m.kind) {
    case 'truncate': return src.subarray(0, Math.floor(m.at * src.length));
    case 'flip': {
      const b = Buffer.from(src);
      for (const p of m.positions) if (b.length) b[Math.floor(p * b.length) % b.length] = m.value;
      return b;
    }
    case 'drop-header': {
      const text = src.toString('latin1');
      const end = text.search(/\r?\n\r?\n/);
      const head = (end >= 0 ? text.slice(0, end) : text).split(/\r?\n(?![ \t])/);
      head.splice(m.n % Math.max(1, head.length), 1);
      return Buffer.from(head.join('\n') + (end >= 0 ? text.slice(end) : ''), 'latin1');
    }
    case 'charset': return Buffer.from(src.toString('latin1').replace(/charset="?[\w-]+"?/gi, `charset=${m.label}`), 'latin1');
    case 'splice-garbage': {
      const at = Math.floor(m.at * src.length);
      return Buffer.concat([src.subarray(0, at), Buffer.from(m.bytes), src.subarray(at)]);
    }
  }
}

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant('flip' as const), positions: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 40 }), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('drop-header' as const), n: fc.nat(60) }),
  fc.record({ kind: fc.constant('charset' as const), label: fc.constantFrom('iso-2022-jp', 'shift_jis', 'windows-1251', 'koi8-r', 'utf-16', 'x-unknown-charset', '', '"', 'utf-8;;') }),
  fc.record({ kind: fc.constant('splice-garbage' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), bytes: fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 400 }) }),
);

describe('mail reader on bad input', () => {
  it('never throws or hangs on mutated corpus messages', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(samples.length - 1), fc.array(mutation, { minLength: 1, maxLength: 3 }), async (i, muts) => {
        let b = samples[i] as Buffer;
        for (const m of muts) b = mutate(b, m);
        await readWithin(b);
      }),
      { numRuns: 300, seed: 20261127 },
    );
  });

  it('survives binary garbage and empty input', async () => {
    const garbage = Buffer.alloc(200_000);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 2654435761) >>> 24;
    await readWithin(garbage);
    await readWithin(Buffer.alloc(0));
    await readWithin(Buffer.from('\r\n\r\n\r\n'));
  });

  it('stays within budget on pathological text (address-like runs, thousands of addresses per line)', async () => {
    const head = 'From: MAILER-DAEMON@example.net\nTo: s@example.com\nSubject: Undelivered\n\n';
    await readWithin(Buffer.from(head + ('a'.repeat(3990) + '@' + 'b'.repeat(8) + '\n').repeat(300)));
    await readWithin(Buffer.from(head + (('word '.repeat(700)) + 'x@y.example\n').repeat(300)));
    await readWithin(Buffer.from(head + ('<a@b.example> '.repeat(280) + '\n').repeat(300)));
  });

  it('reads a report with 5,000 recipients', async () => {
    const blocks = Array.from({ length: 5000 }, (_, i) => `Final-Recipient: rfc822; user${i}@example.org\nAction: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 user unknown\n`);
    const msg = `From: MAILER-DAEMON@example.net\nTo: s@example.com\nSubject: Undelivered\nContent-Type: multipart/report; report-type=delivery-status; boundary="B"\n\n--B\nContent-Type: text/plain\n\nmany failed\n\n--B\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; example.net\n\n${blocks.join('\n')}\n--B--\n`;
    const { count } = await readWithin(Buffer.from(msg));
    expect(count).toBe(5000);
  });

  it('gives a warning or a partial result for MIME nested past the limit', async () => {
    let body = 'Content-Type: text/plain\n\n<x@example.org>: 550 5.1.1 User unknown\n';
    for (let d = 0; d < 300; d++) body = `Content-Type: multipart/mixed; boundary="b${d}"\n\n--b${d}\n${body}\n--b${d}--\n`;
    const { count, warnings } = await readWithin(Buffer.from(`From: MAILER-DAEMON@example.net\nTo: s@example.com\nSubject: Undelivered\n${body}`));
    expect(warnings.length).toBeGreaterThan(0);
    // the text report inside is still read
    expect(count).toBe(1);
  });
});
