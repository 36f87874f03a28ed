import { describe, expect, it } from 'vitest';
import { FirstSeen, hash30 } from '../../../../electron/services/cleanup/first-seen.js';

describe('FirstSeen', () => {
  it('returns the first id of a repeated address and nothing for a new one', () => {
    const stored = new Map<number, string>();
    const seen = new FirstSeen((id) => stored.get(id));
    const add = (norm: string, id: number) => { const r = seen.firstOrAdd(norm, id); stored.set(id, norm); return r; };
    expect(add('a@x.com', 1)).toBeUndefined();
    expect(add('b@x.com', 2)).toBeUndefined();
    expect(add('a@x.com', 3)).toBe(1);
    expect(add('a@x.com', 4)).toBe(1);
  });

  it('never merges different addresses whose hashes collide', () => {
    const stored = new Map<number, string>();
    const seen = new FirstSeen((id) => stored.get(id), () => 7); // every address collides
    const add = (norm: string, id: number) => { const r = seen.firstOrAdd(norm, id); stored.set(id, norm); return r; };
    expect(add('a@x.com', 1)).toBeUndefined();
    expect(add('b@x.com', 2)).toBeUndefined();
    expect(add('c@x.com', 3)).toBeUndefined();
    expect(add('b@x.com', 4)).toBe(2);
    expect(add('c@x.com', 5)).toBe(3);
    expect(add('a@x.com', 6)).toBe(1);
  });

  it('hashes to small integers', () => {
    for (const s of ['', 'a@x.com', 'ünïcode@exämple.com']) {
      const h = hash30(s);
      expect(Number.isInteger(h) && h >= 0 && h < 2 ** 30).toBe(true);
    }
  });
});
