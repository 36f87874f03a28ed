/**
 * The report as PDF: the same HTML page (report.ts), printed by a browser engine. The services
 * take the printer as an injected function (HtmlToPdf) so they stay plain Node: the app passes
 * one built on Electron's printToPDF (electron/main.ts), the command line and the test host pass
 * chromiumPdf below, which runs a Chromium or Chrome found on the machine as a subprocess.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AppError } from '../../../shared/errors.js';

/** Prints a self-contained HTML page to PDF bytes. */
export type HtmlToPdf = (html: string) => Promise<Uint8Array>;

/** What a user without a browser engine is told, wherever the PDF was asked for. */
export const PDF_NEEDS_BROWSER = 'The PDF report needs a browser engine (Chromium or Google Chrome), and none was found on this machine. '
  + 'Save the report as HTML instead (a .html name) and print it to PDF from any browser, or install Chromium '
  + '(or set LISTSWEEP_CHROMIUM to the path of a Chromium or Chrome program).';

/**
 * The page may fetch nothing: the report has no outside resources, and this says so to the
 * engine too, whatever a cell of the user's list holds.
 */
export const PDF_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

export function withPdfCsp(html: string): string {
  const meta = `<meta http-equiv="Content-Security-Policy" content="${PDF_PAGE_CSP}">`;
  return /<head>/i.test(html) ? html.replace(/<head>/i, (h) => `${h}${meta}`) : `${meta}${html}`;
}

const COMMON_PATHS: Record<string, readonly string[]> = {
  linux: ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/snap/bin/chromium'],
  darwin: ['/Applications/Google Chrome.app/Contents/MacOS/Google Chrome', '/Applications/Chromium.app/Contents/MacOS/Chromium'],
  win32: [
    `${process.env.PROGRAMFILES ?? 'C:\\Program Files'}\\Google\\Chrome\\Application\\chrome.exe`,
    `${process.env['PROGRAMFILES(X86)'] ?? 'C:\\Program Files (x86)'}\\Google\\Chrome\\Application\\chrome.exe`,
    `${process.env.LOCALAPPDATA ?? ''}\\Google\\Chrome\\Application\\chrome.exe`,
  ],
};

/**
 * The Chromium or Chrome program to print with: LISTSWEEP_CHROMIUM when set (and then only it:
 * a wrong setting is reported, not quietly replaced), else the first of the usual places.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string | null {
  const chosen = env.LISTSWEEP_CHROMIUM;
  if (chosen !== undefined && chosen !== '') return existsSync(chosen) ? chosen : null;
  return (COMMON_PATHS[platform] ?? []).find((p) => existsSync(p)) ?? null;
}

/** Long enough for a slow, loaded machine to start a browser; past it the engine is stuck. */
const PRINT_TIMEOUT_MS = 120_000;

/**
 * Chromium's own headless printer (`--print-to-pdf`), with a throwaway profile and every host
 * name resolving to nothing; the page's CSP (withPdfCsp) allows no script and no fetch. (Turning
 * scripts off with --blink-settings instead makes Chromium 156 exit without writing the PDF.)
 */
export function chromiumPdf(executable: string): HtmlToPdf {
  return async (html) => {
    const dir = mkdtempSync(join(tmpdir(), 'listsweep-pdf-'));
    try {
      const page = join(dir, 'report.html');
      const out = join(dir, 'report.pdf');
      writeFileSync(page, withPdfCsp(html));
      const args = [
        '--headless', '--disable-gpu', '--no-pdf-header-footer', `--print-to-pdf=${out}`,
        `--user-data-dir=${join(dir, 'profile')}`, '--no-first-run', '--no-default-browser-check',
        '--disable-extensions', '--disable-sync', '--disable-background-networking', '--disable-component-update',
        '--disable-default-apps', '--disable-domain-reliability', '--host-resolver-rules=MAP * ~NOTFOUND',
        // Chromium refuses to start its sandbox as root (containers, CI); elsewhere it keeps it.
        ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
        pathToFileURL(page).href,
      ];
      await new Promise<void>((resolve, reject) => {
        execFile(executable, args, { timeout: PRINT_TIMEOUT_MS, maxBuffer: 16 << 20, windowsHide: true }, (error, _stdout, stderr) => {
          if (error && !existsSync(out)) {
            const last = String(stderr).trim().split('\n').filter((l) => !/dbus|Fontconfig/i.test(l)).slice(-1)[0] ?? '';
            reject(new AppError('unavailable', `The browser engine at ${executable} could not print the report (${error.killed ? 'it took too long' : last || error.message}). Save the report as HTML instead.`));
          } else resolve();
        });
      });
      const pdf = existsSync(out) ? readFileSync(out) : Buffer.alloc(0);
      if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') {
        throw new AppError('unavailable', `The browser engine at ${executable} wrote no PDF. Save the report as HTML instead.`);
      }
      return pdf;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}
