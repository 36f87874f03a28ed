/**
 * Fuzzing the bounce-file readers: the JSON tokenizer on any text, and whole ESP exports
 * (JSON, NDJSON, CSV, xlsx) with bytes flipped, cut or repeated, through readBounces (detection,
 * mapping, the generic column path): records or a clear AppError, nothing else.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBounces } from '../../../../electron/services/bounces/index.js';
import { JsonSplitter } from '../../../../electron/services/bounces/json-stream.js';
import { mutated, recordsOrClearError, recordsOrClearErrorSync, RUNS, scratch, textOf } from '../fuzz-helpers.js';

const FIX = resolve(import.meta.dirname, '../../../fixtures/esp');
const file = scratch('ls-fuzz-bounces-');

async function readAll(path: string): Promise<number | null> {
  return recordsOrClearError(async () => {
    let n = 0;
    for await (const batch of readBounces([path])) {
      for (const b of batch) expect(typeof b.record.email).toBe('string');
      n += batch.length;
    }
    return n;
  });
}

describe('bounce-file readers under fuzzing', () => {
  it('the JSON tokenizer: any text, fed in any pieces, gives items or a clear error', () => {
    const text = fc.oneof(textOf('{}[]",:\\ \n0123456789.-+eEtruefalsn"ab@'), fc.jsonValue().map((v) => JSON.stringify(v)).chain((t) => fc.nat(t.length).map((cut) => t.slice(0, cut))));
    fc.assert(fc.property(text, fc.array(fc.nat(), { maxLength: 5 }), (t, cuts) => {
      const sp = new JsonSplitter();
      const parts: string[] = [];
      let at = 0;
      for (const c of cuts.map((c) => c % (t.length + 1)).sort((a, b) => a - b)) { parts.push(t.slice(at, c)); at = c; }
      parts.push(t.slice(at));
      const items = recordsOrClearErrorSync(() => [...parts.flatMap((p) => sp.push(p)), ...sp.end()]);
      if (items) expect(items.length).toBeLessThanOrEqual(t.length);
    }), { numRuns: RUNS * 4 });
  });

  for (const name of ['postmark-bounces.json', 'mailgun-events.json', 'ses-notifications.ndjson', 'sendgrid-events.csv', 'mailgun-bounce-list.csv', 'generic-suppression-reasons.csv', 'hubspot-contacts-export.xlsx']) {
    it(`${name} with bytes flipped, cut or repeated`, async () => {
      const sample = readFileSync(join(FIX, name));
      const ext = name.slice(name.lastIndexOf('.') + 1);
      await fc.assert(fc.asyncProperty(mutated(sample), async (bytes) => {
        const n = await readAll(file(bytes, ext));
        if (n !== null) expect(n).toBeLessThanOrEqual(bytes.length);
      }), { numRuns: Math.ceil(RUNS / 3) });
    });
  }

  it('any bytes named .json, .ndjson or .csv', async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 1024 }), fc.constantFrom('json', 'ndjson', 'csv'), async (bytes, ext) => {
      await readAll(file(bytes, ext));
    }), { numRuns: RUNS });
  });
});


describe('inputs the fuzzers found', () => {
  // The decoder held back a lone lead byte at the end of the file and threw a bare Error at the
  // end of the stream, outside the "not valid UTF-8" message (seeds 1928042409 and 698460781).
  it.each([
    ['a file that ends inside a UTF-8 sequence', Uint8Array.from([123, 192])],
    ['a Mailgun log cut after an invalid lead byte', Uint8Array.from([123, 34, 105, 116, 101, 109, 115, 34, 58, 91, 10, 32, 123, 192])],
  ])('%s is refused as not UTF-8', async (_what, bytes) => {
    await expect(readAll(file(bytes, 'json'))).resolves.toBeNull();
    await expect(collect(readBounces([file(bytes, 'json')]))).rejects.toThrow(/not valid UTF-8/);
  });

  // JSON.stringify in the preview overflowed the stack: a RangeError instead of a message.
  it('a record nested 100,000 levels deep is refused with a clear message', async () => {
    const deep = '[{"email":"a@example.com","status":"5.1.1","x":' + '['.repeat(100_000) + ']'.repeat(100_000) + '}]';
    await expect(readAll(file(deep, 'json'))).resolves.toBeNull();
    await expect(collect(readBounces([file(deep, 'json')]))).rejects.toThrow(/nested more than 200 levels deep/);
  });

  it('a record nested a few levels, as webhooks are, is read', async () => {
    const nested = '[{"email":"a@example.com","status":"5.1.1","reason":"bounce","x":' + '['.repeat(50) + ']'.repeat(50) + '}]';
    expect(await readAll(file(nested, 'json'))).toBe(1);
  });
});

async function collect<T>(it: AsyncIterable<T[]>): Promise<T[]> {
  const out: T[] = [];
  for await (const b of it) out.push(...b);
  return out;
}
