import { describe, expect, it } from 'vitest';
import { cellsOf, withAddress } from '../../../../electron/services/cleanup/cells.js';

describe('withAddress', () => {
  it('replaces only the address of a cell, keeping a display name, angle brackets, mailto: and spaces', () => {
    expect(withAddress('ann@gmial.com', 'ann@gmail.com')).toBe('ann@gmail.com');
    expect(withAddress('Ann Lee <ann@gmial.com>', 'ann@gmail.com')).toBe('Ann Lee <ann@gmail.com>');
    expect(withAddress('"Lee, Ann" <Ann@Gmial.com>', 'Ann@gmail.com')).toBe('"Lee, Ann" <Ann@gmail.com>');
    expect(withAddress('mailto:ann@gmial.com', 'ann@gmail.com')).toBe('mailto:ann@gmail.com');
    expect(withAddress('  ann@gmial.com ', 'ann@gmail.com')).toBe('  ann@gmail.com ');
  });

  it('writes the bare address when the written form cannot be found', () => {
    expect(withAddress('mailto:ann%40gmial.com', 'ann@gmail.com')).toBe('ann@gmail.com');
    expect(withAddress('', 'ann@gmail.com')).toBe('ann@gmail.com');
  });
});

describe('cellsOf', () => {
  it('parses a stored record, quoted delimiters and line breaks included', () => {
    expect(cellsOf('a@x.com,"Lee, Ann","two\nlines"', null, ',')).toEqual(['a@x.com', 'Lee, Ann', 'two\nlines']);
    expect(cellsOf(null, '["a@x.com","Ann"]', ',')).toEqual(['a@x.com', 'Ann']);
  });
});

describe('cellsOf with blank lines before the record', () => {
  it('returns the record, not the blank lines that lead its text', () => {
    expect(cellsOf('\r\n\r\na@x.com,Ann', null, ',')).toEqual(['a@x.com', 'Ann']);
    expect(cellsOf('   \na@x.com;"Lee;\nAnn"', null, ';')).toEqual(['a@x.com', 'Lee;\nAnn']);
  });
});
