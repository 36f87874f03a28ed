/**
 * Starts the test host from the command line (Playwright's webServer does this):
 *   node --import tsx electron/test-host/main.ts            # port from LISTSWEEP_TEST_PORT, else 47613
 * The token comes from LISTSWEEP_TEST_TOKEN (else a random one, printed with the address).
 * Serves out/renderer, so run `npx electron-vite build` first.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createServices } from '../services/cleanup/index.js';
import { chromiumPdf, findChromium } from '../services/export/pdf.js';
import { startTestHost } from './server.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const rendererDir = join(root, 'out/renderer');
const workerPath = join(root, 'out/main/job-worker.js');

if (!existsSync(join(rendererDir, 'index.html'))) {
  console.error(`test host: ${rendererDir}/index.html is missing; run \`npx electron-vite build\` first.`);
  process.exit(1);
}

const port = Number(process.env.LISTSWEEP_TEST_PORT ?? 47613);
// The PDF report is printed by the machine's Chromium, as the CLI does (the app uses Electron's own).
const chromium = findChromium();
const host = await startTestHost({
  rendererDir,
  port,
  // The runner that started this host knows the token (playwright.config.ts makes one per run).
  ...(process.env.LISTSWEEP_TEST_TOKEN ? { token: process.env.LISTSWEEP_TEST_TOKEN } : {}),
  log: (message, error) => console.error(`[test-host] ${message}`, error),
  createServices: ({ userDataDir, emit }) =>
    createServices({ userDataDir, emit, ...(existsSync(workerPath) ? { workerUrl: pathToFileURL(workerPath) } : {}), ...(chromium ? { htmlToPdf: chromiumPdf(chromium) } : {}) }),
});
console.log(`ListSweep test host on ${host.url} (open ${host.openUrl})`);

const stop = () => {
  // A job that will not stop must not keep the port busy for the next run.
  setTimeout(() => process.exit(0), 5000).unref();
  void host.close().finally(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
