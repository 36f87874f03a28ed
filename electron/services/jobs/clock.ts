/**
 * The calling thread's CPU time in ms, for the phase timings a task returns (the bench prints
 * them): on a machine shared with other work, wall time says more about the neighbours than about
 * the code, and a process's CPU time mixes the threads of an import. Linux gives it per thread
 * (/proc/thread-self/schedstat, in ns, one read of 64 bytes); elsewhere the wall clock stands in.
 */
import { closeSync, openSync, readSync } from 'node:fs';

export interface ThreadClock {
  /** ms of this thread's CPU (or wall, see `cpu`) since an arbitrary start. */
  now(): number;
  /** Whether now() is CPU time. */
  readonly cpu: boolean;
  close(): void;
}

export function threadClock(): ThreadClock {
  let fd = -1;
  try { fd = openSync('/proc/thread-self/schedstat', 'r'); } catch { /* not Linux: wall time */ }
  if (fd < 0) return { now: () => performance.now(), cpu: false, close() {} };
  const buf = Buffer.alloc(64);
  return {
    now() {
      const n = readSync(fd, buf, 0, 64, 0);
      return Number(buf.toString('latin1', 0, n).split(' ', 1)[0]) / 1e6;
    },
    cpu: true,
    close() { closeSync(fd); },
  };
}
