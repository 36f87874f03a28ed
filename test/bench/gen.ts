/** gen-lists output for benchmarks, generated once per size and kept in the temp folder. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const GEN = resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/tools/gen-lists.mjs');

export function gen(contacts: number): string {
  const dir = join(tmpdir(), `listsweep-bench-gen-${contacts}`);
  if (!existsSync(join(dir, 'truth.json'))) {
    mkdirSync(dir, { recursive: true });
    execFileSync(process.execPath, [GEN, '--contacts', String(contacts), '--out', dir], { stdio: 'ignore' });
  }
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
