import { describe, expect, it } from 'vitest';
import { bool, inferDayFirst, replyCodeOf, statusOf, str, toIso } from '../../../shared/esp/fields.js';
import { labelReason } from '../../../shared/esp/labels.js';

describe('toIso', () => {
  it('reads the date shapes exports use', () => {
    expect(toIso(1738573200)).toBe('2025-02-03T09:00:00.000Z');
    expect(toIso('1738573200.5')).toBe('2025-02-03T09:00:00.500Z');
    expect(toIso(1738573200123)).toBe('2025-02-03T09:00:00.123Z');
    expect(toIso('2025-02-03T10:12:45.1234567-05:00')).toBe('2025-02-03T15:12:45.123Z');
    expect(toIso('2025-02-03 10:12:45')).toBe('2025-02-03T10:12:45.000Z');
    expect(toIso('Mon, 06 May 2024 18:11:58 UTC')).toBe('2024-05-06T18:11:58.000Z');
    expect(toIso('6 May 2024 18:11:58 +0200')).toBe('2024-05-06T16:11:58.000Z');
    expect(toIso('02/03/2025')).toBe('2025-02-03T00:00:00.000Z');
    expect(toIso('02/03/2025', { dayFirst: true })).toBe('2025-03-02T00:00:00.000Z');
    expect(toIso('13/02/2025 08:30')).toBe('2025-02-13T08:30:00.000Z');
    expect(toIso('03.02.2025')).toBe('2025-02-03T00:00:00.000Z');
    for (const bad of ['', 'soon', '550', '2025-13-45', null, {}]) expect(toIso(bad), String(bad)).toBeUndefined();
  });

  it('decides day-first from an unambiguous value, else from the delimiter', () => {
    expect(inferDayFirst(['01/02/2025', '25/02/2025'])).toBe(true);
    expect(inferDayFirst(['01/02/2025', '02/25/2025'], ';')).toBe(false);
    expect(inferDayFirst(['01/02/2025'], ';')).toBe(true);
    expect(inferDayFirst(['01/02/2025'], ',')).toBe(false);
  });
});

describe('field helpers', () => {
  it('reads fields whatever their casing or separators, numbers and booleans as text', () => {
    const r = { 'Bounce Type': 'Hard', bounce_class: 10, hard_bounce: 'TRUE', nested: { Inner: 'x' } };
    expect(str(r, 'bounce_type')).toBe('Hard');
    expect(str(r, 'BounceClass')).toBe('10');
    expect(str(r, 'missing', 'nested.inner')).toBe('x');
    expect(bool(r, 'hard_bounce')).toBe(true);
    expect(bool(r, 'missing')).toBeUndefined();
  });

  it('pulls codes out of fields', () => {
    expect(replyCodeOf('550')).toBe('550');
    expect(replyCodeOf('550 5.1.1 user unknown')).toBe('550');
    expect(replyCodeOf('605')).toBe('');
    expect(replyCodeOf('5501')).toBe('');
    expect(statusOf('#5.1.1')).toBe('5.1.1');
    expect(statusOf('smtp; 550 5.7.350 Remote server returned')).toBe('5.7.350');
    expect(statusOf('version 1.2.3')).toBe('');
  });

  it('names the reason of short provider labels, leaves SMTP text to the classifier', () => {
    expect(labelReason('Invalid Email Address')).toBe('userunknown');
    expect(labelReason('Soft Bounce - Mailbox Full')).toBe('mailboxfull');
    expect(labelReason('Unknown user')).toBe('userunknown');
    expect(labelReason('550 5.1.1 user unknown')).toBeUndefined();
    expect(labelReason('Other')).toBeUndefined();
  });
});
