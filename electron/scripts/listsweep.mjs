/**
 * `npm run listsweep`: runs the built command line (out/main/cli.js), building it first when it
 * is missing or older than a source file. Compiling the TypeScript at every start (tsx) cost
 * ~0.3 s; the bundle starts about as fast as Node itself.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const bundle = join(root, 'out/main/cli.js');

function mtimeMs(path) {
  try { return statSync(path).mtimeMs; } catch { return -1; }
}

/** The newest source the main build reads from (a hundred-odd files: a few milliseconds). */
function newestSource(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (/\.[cm]?[jt]s$/.test(e.name)) newest = Math.max(newest, mtimeMs(p));
  }
  return newest;
}

const built = mtimeMs(bundle);
const stale = built < 0 || ['electron', 'shared'].some((d) => newestSource(join(root, d)) > built)
  || mtimeMs(join(root, 'electron.vite.config.ts')) > built;
if (stale) {
  process.stderr.write(`listsweep: ${built < 0 ? 'building' : 'rebuilding'} the command line (npm run build)…\n`);
  // Output is captured, so a --json run's stdout holds only its records; shown only on failure.
  const r = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '--silent', 'build'], { cwd: root, encoding: 'utf8', shell: process.platform === 'win32' });
  if (r.status !== 0) {
    process.stderr.write(`${r.stdout ?? ''}${r.stderr ?? ''}listsweep: the build failed (exit ${r.status ?? r.signal})\n`);
    process.exit(70);
  }
}
await import(pathToFileURL(bundle).href);
