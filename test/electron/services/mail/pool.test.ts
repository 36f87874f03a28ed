/**
 * The gate for a folder's helper threads (mail/pool.ts): helpers only on cores the rest of the
 * machine leaves idle, and the reader's own work never counted against itself.
 */
import { describe, expect, it } from 'vitest';
import { poolSize, type LoadMark } from '../../../../electron/services/mail/pool.js';

const mark = (at: number, busy: number, own: number): LoadMark => ({ at, busy, own });
const start = mark(0, 0, 0);

describe('poolSize', () => {
  it('does not count the reader\'s own thread as load: one busy core that is ours leaves the other for a helper', () => {
    expect(poolSize(start, mark(1000, 1000, 1000), 2)).toBe(1);
    // its helpers' work is its own too
    expect(poolSize(start, mark(1000, 4000, 4000), 4)).toBe(3);
  });

  it('starts none where other processes keep the other cores busy', () => {
    expect(poolSize(start, mark(1000, 2000, 1000), 2)).toBe(0);
    expect(poolSize(start, mark(1000, 2000, 0), 2)).toBe(0);
    expect(poolSize(start, mark(1000, 3600, 1000), 4)).toBe(0);
  });

  it('counts the cores the others leave, beside the job\'s own thread, at most 3', () => {
    expect(poolSize(start, mark(1000, 2000, 1000), 4)).toBe(2);
    expect(poolSize(start, mark(1000, 1000, 1000), 16)).toBe(3);
    expect(poolSize(start, mark(1000, 1000, 1000), 1)).toBe(0);
    // a core the others use a quarter of is worth a helper; three quarters is not
    expect(poolSize(start, mark(1000, 1250, 1000), 2)).toBe(1);
    expect(poolSize(start, mark(1000, 1750, 1000), 2)).toBe(0);
  });

  it('measures from the mark, not from zero', () => {
    const since = mark(5000, 90_000, 40_000);
    expect(poolSize(since, mark(6000, 91_000, 41_000), 2)).toBe(1);
    expect(poolSize(since, mark(6000, 92_000, 41_000), 2)).toBe(0);
    expect(poolSize(since, since, 2)).toBe(0);
  });
});
