/** The sample generator's output for benchmarks, generated once per size and kept in the temp folder. */
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSample, type SampleOptions } from '../../electron/services/sample/generate.js';

/** The generator's version is in the truth: an older sample left in the temp folder is rebuilt. */
export function gen(contacts: number, extra: Omit<SampleOptions, 'contacts' | 'out'> = {}): string {
  const dir = join(tmpdir(), `listsweep-bench-sample-${contacts}${extra.bounces === undefined ? '' : `-b${extra.bounces}`}`);
  const truth = join(dir, 'truth.json');
  const current = existsSync(truth) && readFileSync(truth, 'utf8').includes('"generator": "listsweep sample 1"');
  if (!current) generateSample({ contacts, out: dir, ...extra });
  return dir;
}

/**
 * The job worker as the app ships it (out/main/job-worker.js, from `electron-vite build`), so the
 * import benches measure the bundled code rather than tsx compiling TypeScript in each thread.
 * Without a build they fall back to the TypeScript entry and say so.
 */
export function builtWorker(): { workerUrl?: URL; worker: 'built' | 'tsx' } {
  const url = new URL('../../out/main/job-worker.js', import.meta.url);
  return existsSync(url) ? { workerUrl: url, worker: 'built' } : { worker: 'tsx' };
}
