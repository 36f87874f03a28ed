import { describe, expect, it } from 'vitest';
import { guessKind } from '../../renderer/src/components/import-panel.js';
import { formatAmount } from '../../renderer/src/jobs.js';

describe('guessKind', () => {
  it('knows bounce messages, JSON exports and folders', () => {
    expect(guessKind(['/x/a.eml', '/x/b.EML'])).toBe('bounces');
    expect(guessKind(['/x/Bounces.mbox'])).toBe('bounces');
    expect(guessKind(['/x/ses-events.ndjson'])).toBe('bounces');
    expect(guessKind(['/home/me/Maildir'])).toBe('bounces');
  });
  it('knows a vCard is contacts', () => {
    expect(guessKind(['/x/contacts.vcf'])).toBe('contacts');
  });
  it('asks about spreadsheets, which can be either', () => {
    expect(guessKind(['/x/list.csv'])).toBeNull();
    expect(guessKind(['/x/list.xlsx'])).toBeNull();
    expect(guessKind(['/x/a.csv', '/x/b.eml'])).toBeNull();
  });
});

describe('formatAmount', () => {
  it('shows bytes in readable units and counts with separators', () => {
    expect(formatAmount(512, 'bytes')).toBe('512 B');
    expect(formatAmount(2048, 'bytes')).toBe('2 KB');
    expect(formatAmount(5 * 1024 * 1024, 'bytes')).toBe('5.0 MB');
    expect(formatAmount(1234567, 'rows')).toBe('1,234,567 rows');
  });
});
