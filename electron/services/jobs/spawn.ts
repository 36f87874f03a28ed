/**
 * Starting a worker thread on a job entry, compiled (.js, the app) or TypeScript (tsx, tests
 * and the CLI). Used by the runner for jobs and by a job for its helper thread.
 */
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export function startWorker(entry: string | URL, workerData: unknown, resourceLimits?: ResourceLimits): Worker {
  const href = String(entry);
  const path = href.startsWith('file:') ? fileURLToPath(href) : href;
  return path.endsWith('.ts') ? tsWorker(path, workerData, resourceLimits) : new Worker(path, { workerData, ...(resourceLimits ? { resourceLimits } : {}) });
}

/**
 * Under plain Node/tsx/vitest the worker is TypeScript. `execArgv: ['--import', 'tsx']` is
 * not enough on Node 20 (the loader hooks do not reach the worker's entry), so a tiny bootstrap
 * registers tsx inside the worker and then imports the entry.
 */
function tsWorker(path: string, workerData: unknown, resourceLimits?: ResourceLimits): Worker {
  // The ESM build of tsx's API, resolved from here (an eval worker resolves from the cwd).
  const pkg = createRequire(import.meta.url).resolve('tsx/package.json');
  const tsx = pathToFileURL(join(dirname(pkg), 'dist/esm/api/index.mjs')).href;
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(pathToFileURL(path).href)}); })
    .catch((e) => { process.nextTick(() => { throw e; }); });`;
  return new Worker(boot, { eval: true, workerData, ...(resourceLimits ? { resourceLimits } : {}) });
}
