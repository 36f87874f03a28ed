import { describe, expect, it } from 'vitest';
import { indexOfId, intersect, memberOf, subtract, union } from '../../../../electron/services/cleanup/id-lists.js';

const ids = (...a: number[]) => Int32Array.from(a);

describe('ascending id lists', () => {
  it('find an id where it is, and -1 for ids before, between and after the list', () => {
    const list = ids(2, 3, 5, 8, 13, 21);
    list.forEach((id, i) => expect(indexOfId(list, id)).toBe(i));
    for (const missing of [0, 4, 9, 20, 22]) expect(indexOfId(list, missing)).toBe(-1);
    expect(indexOfId(ids(), 1)).toBe(-1);
  });

  it('join, keep and take away ids in order', () => {
    expect([...union(ids(1, 4, 6), ids(2, 4, 9))]).toEqual([1, 2, 4, 6, 9]);
    expect([...intersect(ids(1, 4, 6, 9), ids(4, 9, 10))]).toEqual([4, 9]);
    expect([...subtract(ids(1, 4, 6, 9), ids(4, 9, 10))]).toEqual([1, 6]);
  });

  it('give results of their own: a later operation through the shared buffer leaves them as they were', () => {
    const first = subtract(ids(1, 2, 3, 4, 5, 6), ids(2));
    const second = intersect(ids(7, 8, 9, 10, 11), ids(8, 10));
    expect([...first]).toEqual([1, 3, 4, 5, 6]);
    expect([...second]).toEqual([8, 10]);
  });
});

describe('membership of an ascending id list', () => {
  it('answers as a search of the list would, for short lists, long dense ones (by bits) and long sparse ones', () => {
    for (const [size, step] of [[0, 2], [10, 2], [5000, 2], [5000, 100]] as const) {
      const list = Int32Array.from({ length: size }, (_, i) => 3 + i * step + (i % 7 === 0 ? 1 : 0));
      const isMember = memberOf(list).has;
      const set = new Set(list);
      for (let id = -2; id <= (list.at(-1) ?? 0) + 3; id++) expect(isMember(id), `id ${id}, size ${size}`).toBe(set.has(id));
    }
  });
});
