import { describe, expect, it } from 'vitest';
import { AppError, listForMessage, MAX_MESSAGE_CHARS } from '../../shared/errors.js';

describe('listForMessage', () => {
  it('names the first few, then says how many more', () => {
    const headers = Array.from({ length: 100_000 }, (_, i) => `h${i + 1}`);
    expect(listForMessage(headers)).toBe('h1, h2, h3, h4, h5, h6, h7, h8 and 99,992 more');
    expect(listForMessage(['Email', 'Name'])).toBe('Email, Name');
    expect(listForMessage(['Email', 'Name'], { quote: true })).toBe('"Email", "Name"');
  });

  it('cuts each long name, and counts items that were never kept', () => {
    expect(listForMessage(['x'.repeat(100)], { width: 10 })).toBe(`${'x'.repeat(10)}…`);
    expect(listForMessage([3, 9, 12], { total: 40_000 })).toBe('3, 9, 12 and 39,997 more');
  });
});

describe('AppError', () => {
  it('caps its message, keeping the start and the end', () => {
    const long = `Start. ${'column, '.repeat(100_000)}End.`;
    const e = new AppError('wrong-file', long);
    expect(e.message.length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS + 60);
    expect(e.message.startsWith('Start. column')).toBe(true);
    expect(e.message.endsWith('End.')).toBe(true);
    expect(e.message).toMatch(/\[[\d,]+ characters left out\]/);
    expect(new AppError('wrong-file', 'short').message).toBe('short');
  });
});
