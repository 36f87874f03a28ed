import { describe, expect, it } from 'vitest';
import { FirstIds } from '../../../../electron/services/cleanup/contact-rows.js';

function table(hash?: (s: string) => number) {
  const byId = new Map<number, string>();
  const ids = new FirstIds((id) => byId.get(id), hash);
  return (norm: string, id: number) => {
    byId.set(id, norm);
    return ids.firstOrAdd(norm, id);
  };
}

describe('FirstIds', () => {
  it('returns the first id of a repeated address and undefined for a new one', () => {
    const add = table();
    expect(add('a@x.com', 1)).toBeUndefined();
    expect(add('b@x.com', 2)).toBeUndefined();
    expect(add('a@x.com', 3)).toBe(1);
    expect(add('b@x.com', 4)).toBe(2);
    expect(add('a@x.com', 5)).toBe(1);
  });

  it('never merges different addresses whose hashes collide', () => {
    const add = table(() => 42);
    expect(add('a@x.com', 1)).toBeUndefined();
    expect(add('b@x.com', 2)).toBeUndefined();
    expect(add('c@x.com', 3)).toBeUndefined();
    expect(add('b@x.com', 4)).toBe(2);
    expect(add('c@x.com', 5)).toBe(3);
  });

  it('keeps every entry while the table grows', () => {
    const add = table();
    const n = 200_000;
    for (let i = 1; i <= n; i++) expect(add(`user${i}@example.com`, i)).toBeUndefined();
    for (let i = 1; i <= n; i += 997) expect(add(`user${i}@example.com`, n + i)).toBe(i);
  });
});
