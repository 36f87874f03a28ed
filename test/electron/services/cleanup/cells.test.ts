import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { cellsOf, editAddresses, withAddress } from '../../../../electron/services/cleanup/cells.js';
import { companionColumns } from '../../../../electron/services/contacts/columns.js';

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

describe('cellsOf on one-line records', () => {
  it('finds the cells papaparse finds, well-formed quotes or not', () => {
    const records: [string, string][] = [
      ['a@x.com,Ann,Lee', ','], ['a@x.com,,', ','], ['', ','], [',', ','], ['a@x.com,"Lee, Ann",x', ','], ['"a@x.com","Ann"', ','],
      ['a,"say ""hi""",b', ','], ['a,"",b', ','], ['a,""""', ','], ['a;"b;c";d', ';'], ['a\t"b\tc"', '\t'], ['a|"b"|', '|'],
      ['a,b"c,d', ','], ['a,"b"c,d', ','], ['a,"b" ,c', ','], ['a, "b",c', ','], ['a,"unclosed', ','], ['"a"', ','], ['a,"b"', ','],
      ['trade-show,"vip, frühbucher",顧客', ','], ['a::"b::c"::d', '::'],
    ];
    for (const [raw, d] of records) {
      const papa = Papa.parse<string[]>(raw, { delimiter: d, header: false, skipEmptyLines: false }).data[0] ?? [''];
      expect(cellsOf(raw, null, d), raw).toEqual(papa);
    }
  });
});

describe('cellsOf with blank lines before the record', () => {
  it('returns the record, not the blank lines that lead its text', () => {
    expect(cellsOf('\r\n\r\na@x.com,Ann', null, ',')).toEqual(['a@x.com', 'Ann']);
    expect(cellsOf('   \na@x.com;"Lee;\nAnn"', null, ';')).toEqual(['a@x.com', 'Lee;\nAnn']);
  });
});

describe('editAddresses', () => {
  const SEP = ' ::: ';
  it('takes one address out of a " ::: " cell, the others exactly as written, and its label with it', () => {
    const cells = ['Bob', '* Home ::: Work ::: Other', 'Bob <bob@x.com> ::: bob@old.com :::  bob@y.com ', ''];
    expect(editAddresses(cells.slice(), [{ col: 2, part: 1, to: null }], true, SEP, () => [1]))
      .toEqual(['Bob', '* Home ::: Other', 'Bob <bob@x.com> :::  bob@y.com ', '']);
    // All of them: the cell and its label are emptied.
    expect(editAddresses(cells.slice(), [0, 1, 2].map((part) => ({ col: 2, part, to: null })), true, SEP, () => [1])).toEqual(['Bob', '', '', '']);
    // Labels that do not line up with the addresses are left alone.
    expect(editAddresses(['* Home', 'a@x.com ::: b@x.com'], [{ col: 1, part: 0, to: null }], true, SEP, () => [0])).toEqual(['* Home', 'b@x.com']);
  });

  it('corrects one address in place and empties a removed one\'s whole cell when cells are not split', () => {
    expect(editAddresses(['a@x.com ::: b@gmial.com'], [{ col: 0, part: 1, to: 'b@gmail.com' }], true, SEP)).toEqual(['a@x.com ::: b@gmail.com']);
    expect(editAddresses(['Ann', 'a ::: b@x.com', 'Ann (old)'], [{ col: 1, part: 0, to: null }], false, SEP, () => [2])).toEqual(['Ann', '', '']);
  });
});

describe('companionColumns', () => {
  it('finds Google\'s label and Outlook\'s display name and type of an address column, and nothing for a plain one', () => {
    const google = ['E-mail 1 - Label', 'E-mail 1 - Value', 'E-mail 2 - Label', 'E-mail 2 - Value'];
    expect(companionColumns(google, 1)).toEqual([0]);
    expect(companionColumns(google, 3)).toEqual([2]);
    const outlook = ['E-mail Address', 'E-mail Type', 'E-mail Display Name', 'E-mail 2 Address', 'E-mail 2 Type', 'E-mail 2 Display Name'];
    expect(companionColumns(outlook, 0)).toEqual([2, 1]);
    expect(companionColumns(outlook, 3)).toEqual([5, 4]);
    expect(companionColumns(['Email', 'Work Email', 'Type'], 1)).toEqual([]);
  });
});

