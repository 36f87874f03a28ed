import { describe, expect, it } from 'vitest';
import { FirstIds, hash30 } from '../../../../electron/services/cleanup/first-seen.js';

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
