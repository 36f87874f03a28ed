import { describe, expect, it } from 'vitest';
import { FirstIds, HashBits, hash30 } from '../../../../electron/services/cleanup/first-seen.js';

function table(hash?: (s: string) => number, expected?: number) {
  const byId = new Map<number, string>();
  const ids = new FirstIds((id) => byId.get(id), hash, expected);
  return (norm: string, id: number) => {
    byId.set(id, norm);
    return ids.firstOrAdd(norm, id);
  };
}

describe('FirstIds', () => {
  it('returns the first id of a repeated address and nothing for a new one', () => {
    const add = table();
    expect(add('a@x.com', 1)).toBeUndefined();
    expect(add('b@x.com', 2)).toBeUndefined();
    expect(add('a@x.com', 3)).toBe(1);
    expect(add('a@x.com', 4)).toBe(1);
    expect(add('b@x.com', 5)).toBe(2);
    expect(add('a@x.com', 6)).toBe(1);
  });

  it('never merges different addresses whose hashes collide', () => {
    const add = table(() => 7); // every address collides
    expect(add('a@x.com', 1)).toBeUndefined();
    expect(add('b@x.com', 2)).toBeUndefined();
    expect(add('c@x.com', 3)).toBeUndefined();
    expect(add('b@x.com', 4)).toBe(2);
    expect(add('c@x.com', 5)).toBe(3);
    expect(add('a@x.com', 6)).toBe(1);
  });

  it('keeps every entry while the table grows, and when it was sized up front', () => {
    for (const expected of [0, 300_000]) {
      const add = table(undefined, expected);
      const n = 200_000;
      for (let i = 1; i <= n; i++) expect(add(`user${i}@example.com`, i)).toBeUndefined();
      for (let i = 1; i <= n; i += 997) expect(add(`user${i}@example.com`, n + i)).toBe(i);
    }
  });

  it('hashes to small integers', () => {
    for (const s of ['', 'a@x.com', 'ünïcode@exämple.com']) {
      const h = hash30(s);
      expect(Number.isInteger(h) && h >= 0 && h < 2 ** 30).toBe(true);
    }
  });
});

describe('HashBits', () => {
  const addresses = (n: number, at: string) => Array.from({ length: n }, (_, i) => `user${i}.${(i * 7919) % 1000}@${at}`);

  it('answers "maybe" for every hash it was given', () => {
    const given = addresses(50_000, 'bounced.example').map(hash30);
    const bits = new HashBits(given, given.length);
    expect(given.every((h) => bits.mayHave(h))).toBe(true);
  });

  it('answers "no" for nearly every other hash', () => {
    const given = addresses(30_000, 'bounced.example').map(hash30);
    const bits = new HashBits(given, given.length);
    const others = addresses(200_000, 'list.example').map(hash30);
    const maybe = others.filter((h) => bits.mayHave(h)).length;
    // 64 bits per entry: about 1.5% of absent hashes collide with a set bit.
    expect(maybe / others.length).toBeLessThan(0.03);
    expect(new HashBits([], 0).mayHave(hash30('a@b.example'))).toBe(false);
  });
});
