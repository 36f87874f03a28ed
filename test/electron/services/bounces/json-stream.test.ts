import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonSplitter, type JsonItem } from '../../../../electron/services/bounces/json-stream.js';

function split(text: string, cuts: number[] = []): JsonItem[] {
  const sp = new JsonSplitter();
  const out: JsonItem[] = [];
  let at = 0;
  for (const c of [...cuts.filter((c) => c > 0 && c < text.length)].sort((a, b) => a - b)) {
    out.push(...sp.push(text.slice(at, c)));
    at = c;
  }
  out.push(...sp.push(text.slice(at)));
  out.push(...sp.end());
  return out;
}

describe('JsonSplitter', () => {
  it('yields the elements of a top-level array, cut anywhere', () => {
    fc.assert(fc.property(fc.array(fc.jsonValue(), { maxLength: 12 }), fc.array(fc.nat(), { maxLength: 6 }), fc.boolean(), (arr, cuts, pretty) => {
      const text = JSON.stringify(arr, null, pretty ? 2 : undefined);
      const got = split(text, cuts.map((c) => c % (text.length + 1)));
      // JSON.parse turns -0 into 0 in both; compare through JSON.
      expect(JSON.stringify(got.map((g) => g.value))).toBe(JSON.stringify(JSON.parse(text)));
    }), { numRuns: 300 });
  });

  it('streams arrays of objects inside a top-level object and keeps an object without one whole', () => {
    expect(split('{"TotalCount":2,"Bounces":[{"a":1},{"b":"]}\\""}],"x":{"y":[1]}}', [5, 17, 30]))
      .toEqual([{ value: { a: 1 }, key: 'Bounces' }, { value: { b: ']}"' }, key: 'Bounces' }]);
    expect(split('{"type":"email.bounced","data":{"to":["a@x.com"]},"tags":[]}'))
      .toEqual([{ value: { type: 'email.bounced', data: { to: ['a@x.com'] }, tags: [] }, key: null }]);
    expect(split('{"a":1}\n{"b":2}\n[{"c":3}]').map((i) => i.value)).toEqual([{ a: 1 }, { b: 2 }, { c: 3 }]);
  });

  it('fails clearly on broken input', () => {
    expect(() => split('[{"a":1},{"b":')).toThrow(/ends in the middle of a value/);
    expect(() => split('[{"a":1},{"b":tru}]')).toThrow(/broken near character/);
    expect(() => split('[{"a":1]')).toThrow(/closing bracket does not match/);
  });
});
