import { describe, expect, it } from 'vitest';
import { indexOfId, intersect, subtract, union } from '../../../../electron/services/cleanup/id-lists.js';

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
});
