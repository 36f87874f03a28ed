/**
 * npm run preview: the app's real services on 127.0.0.1 behind the test host's bridge (Origin
 * check, one random token per run), for trying and testing ListSweep in a browser without
 * Electron. The desktop app is the product: this has no native dialogs (a path is asked for
 * instead, a sample list suggested) and no drag and drop of files.
 *   LISTSWEEP_PREVIEW_PORT=8123 npm run preview     # a fixed port (default: any free one)
 *   LISTSWEEP_PREVIEW_NO_OPEN=1 npm run preview     # only print the address
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createServices } from '../services/cleanup/index.js';
import { chromiumPdf, findChromium } from '../services/export/pdf.js';
import { generateSample } from '../services/sample/generate.js';
import { startTestHost } from './server.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const rendererDir = join(root, 'out/renderer');
const workerPath = join(root, 'out/main/job-worker.js');
if (!existsSync(join(rendererDir, 'index.html'))) {
  console.error('preview: the app is not built (npm run preview builds it first; or run npx electron-vite build).');
  process.exit(1);
}

const work = mkdtempSync(join(tmpdir(), 'listsweep-preview-'));
const sample = join(work, 'sample');
generateSample({ contacts: 2000, seed: 'preview', out: sample });
const exportsDir = join(work, 'exports');

const port = Number(process.env.LISTSWEEP_PREVIEW_PORT ?? 0);
// The PDF report is printed by the machine's Chromium, as the CLI does (the app uses Electron's own).
const chromium = findChromium();
const host = await startTestHost({
  rendererDir,
  port,
  log: (message, error) => console.error(`[preview] ${message}`, error),
  createServices: ({ userDataDir, emit }) =>
    createServices({ userDataDir, emit, ...(existsSync(workerPath) ? { workerUrl: pathToFileURL(workerPath) } : {}), ...(chromium ? { htmlToPdf: chromiumPdf(chromium) } : {}) }),
  ask: (kind, purpose, defaultName) => {
    if (kind === 'save') return { message: `Save the ${purpose === 'cleanup' ? 'cleanup' : `${purpose} list`} as (full path):`, suggestion: join(exportsDir, defaultName ?? 'export.csv') };
    if (purpose === 'contacts') return { message: 'Contact list to open (full path; a sample list is filled in):', suggestion: join(sample, 'contacts.csv') };
    if (purpose === 'bounces' || purpose === 'bounce-folder') return { message: 'Bounce report or folder to open (full path; the sample\'s report is filled in):', suggestion: join(sample, 'bounces.csv') };
    return { message: 'Cleanup file (.listsweep) to open (full path):', suggestion: '' };
  },
}).catch((e: NodeJS.ErrnoException) => {
  rmSync(work, { recursive: true, force: true });
  console.error(e.code === 'EADDRINUSE' ? `preview: port ${port} is in use; set LISTSWEEP_PREVIEW_PORT to a free one, or leave it unset for any free port.` : `preview: could not start (${e.message}).`);
  process.exit(1);
});

console.log(`ListSweep preview, for trying and testing (the product is the desktop app: npm start).
  Open: ${host.openUrl}
  A sample list and its bounce report: ${sample}
  Ctrl+C stops it and deletes the sample and what you exported to ${exportsDir}.`);

if (process.env.LISTSWEEP_PREVIEW_NO_OPEN !== '1' && !process.env.CI) openBrowser(host.openUrl);

/** The system's browser where there is one; where there is none, the printed address will do. */
function openBrowser(url: string): void {
  const [cmd, args] = process.platform === 'darwin' ? ['open', [url]]
    : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]]
      : ['xdg-open', [url]];
  try {
    const child = spawn(cmd, args, { stdio: 'ignore', detached: true });
    child.on('error', () => {});
    child.unref();
  } catch {
    // No opener on this system.
  }
}

const stop = () => {
  setTimeout(() => process.exit(0), 5000).unref();
  void host.close().finally(() => {
    rmSync(work, { recursive: true, force: true });
    process.exit(0);
  });
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
