/**
 * The phase timings the bench prints are the thread's CPU time: a thread that waits (for the
 * writer, for the disk, for a busy machine) is not charged for it, and a busy one is.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { threadClock } from '../../../../electron/services/jobs/clock.js';

const perThread = existsSync('/proc/thread-self/schedstat');

describe('threadClock', () => {
  it.skipIf(!perThread)('counts CPU time, not time spent waiting', async () => {
    const clock = threadClock();
    try {
      expect(clock.cpu).toBe(true);
      const t0 = clock.now();
      await new Promise((r) => setTimeout(r, 200));
      const idle = clock.now() - t0;
      const t1 = clock.now();
      const until = performance.now() + 100;
      let x = 0;
      while (performance.now() < until) x += Math.sqrt(x + 1);
      const busy = clock.now() - t1;
      expect(x).toBeGreaterThan(0);
      expect(idle).toBeLessThan(50);
      // 100 ms of wall spent computing; a loaded machine may give the thread less of it.
      expect(busy).toBeGreaterThan(5);
      expect(busy).toBeLessThan(150);
    } finally {
      clock.close();
    }
  });

  it.skipIf(perThread)('falls back to the wall clock where the system has no per-thread figure', () => {
    const clock = threadClock();
    expect(clock.cpu).toBe(false);
    expect(Math.abs(clock.now() - performance.now())).toBeLessThan(50);
  });
});
