/**
 * Fuzzing the ESP detectors and mappers: for any header row or JSON value, detection returns a
 * provider or null and mapping returns records or a skip; nothing throws. Records are built
 * from the field names the providers look for, so most inputs get past detection.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildRecord, detectColumns, detectHeaders, detectRecord, detectRecords, isSkip, mapGenericRow, PROVIDERS, unwrapRecords, type Obj } from '../../../shared/esp/index.js';

const RUNS = Number(process.env.LISTSWEEP_FUZZ_RUNS ?? 150);

// Field names and values the providers' recognisers and mappers read.
const NAMES = ['email', 'Email', 'address', 'recipient', 'event', 'type', 'Type', 'bounce', 'bounceType', 'bounceSubType', 'bouncedRecipients', 'emailAddress',
  'status', 'reason', 'code', 'error', 'description', 'Details', 'diagnosticCode', 'smtp-id', 'timestamp', 'created_at', 'BouncedAt', 'event-data', 'severity',
  'delivery-status', 'message', 'headers', 'mail', 'notificationType', 'eventType', 'RecordType', 'msys', 'message_event', 'bounce_class', 'raw_reason',
  'recipients', 'data', 'items', 'Bounces', 'to', 'tags', 'campaign', 'MessageID', 'Inactive', 'hard_bounce', 'soft_bounce', 'blocked', 'spam'];
const VALUES = ['bounce', 'Bounce', 'HardBounce', 'Permanent', 'Transient', 'dropped', 'failed', 'permanent', 'temporary', 'delivered', 'complaint', 'unsubscribe',
  'ann@example.com', '<ann@example.com>', '550 5.1.1 User unknown', '5.1.1', '550', '2024-05-06T18:11:58Z', '1715018000', '', ' ', '-1', 'true', 'null', '=1+1', '@'];

const value: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof({ depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...VALUES), fc.string({ maxLength: 12 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null),
    fc.array(tie('v'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.constantFrom(...NAMES), fc.string({ maxLength: 8 })), tie('v'), { maxKeys: 6 })),
})).v;
const record = fc.dictionary(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...NAMES) }, { weight: 1, arbitrary: fc.string({ maxLength: 8 }) }), value, { maxKeys: 8 }) as fc.Arbitrary<Obj>;

describe('ESP detectors under fuzzing', () => {
  it('header rows: detection and the generic column mapping never throw', () => {
    const cell = fc.oneof(fc.constantFrom(...NAMES, ...VALUES), fc.string({ maxLength: 12 }));
    fc.assert(fc.property(fc.array(cell, { maxLength: 10 }), fc.array(fc.array(cell, { maxLength: 10 }), { maxLength: 5 }), (headers, rows) => {
      const d = detectHeaders(headers);
      if (d) expect(PROVIDERS.some((p) => p.id === d.provider.id)).toBe(true);
      const m = detectColumns(headers, rows);
      if (m) for (const r of rows) expect(() => mapGenericRow(r, m)).not.toThrow();
    }), { numRuns: RUNS * 4 });
  });

  it('JSON values: unwrapping, detection and every provider\'s mapping give records or a skip', () => {
    fc.assert(fc.property(fc.oneof(value, fc.array(record, { maxLength: 4 }), record), (v) => {
      const recs = unwrapRecords(v);
      detectRecords(recs);
      for (const r of recs) {
        const d = detectRecord(r);
        for (const p of PROVIDERS) {
          // the format the detector named for its provider; others map the record as their first try would
          const out = p.map(r, d?.provider.id === p.id ? d.format : 'fuzz');
          if (isSkip(out)) continue;
          for (const d of out) expect(typeof buildRecord(d, p.id, p.name, 0).email).toBe('string');
        }
      }
    }), { numRuns: RUNS * 4 });
  });
});
