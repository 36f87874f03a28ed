/**
 * What the machine was like when a bench section started, printed at the head of every section:
 * on a shared VM, run-to-run changes of the machine are larger than most changes of the code.
 *
 * New memory is the cost this VM varies on most: a process touching memory for the first time
 * pays for every page the host maps in (on the 2-vCPU VM of the README, 100 MB took 250–265 ms
 * on one day, where a desktop takes a small fraction of that). A cold search, an import's peak,
 * an export's buffers all go through it, so a slow figure next to a slow fill reads as the machine.
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';

/** Milliseconds to fill 100 MB of new memory, each in a new process (3 runs). */
export function newMemoryMs(): number[] {
  const script = 'const t=process.hrtime.bigint();const b=Buffer.alloc(100*1048576,1);console.log(Number(process.hrtime.bigint()-t)/1e6,b[1])';
  return [0, 1, 2].map(() => Math.round(Number(spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' }).stdout.split(' ')[0])));
}

export const loadAverage = (): string => loadavg().map((l) => l.toFixed(1)).join(' / ');

export function machineLine(): string {
  return `${availableParallelism()} cores; load average ${loadAverage()} (1/5/15 min); 100 MB of new memory filled in ${newMemoryMs().join(', ')} ms (3 new processes)`;
}
