/**
 * Reads a written PDF back the way a person would see it: pdf.js (pdfjs-dist) renders its first
 * page to a canvas inside Chromium, and gives the page's text. pdf.js is pure JavaScript from the
 * lockfile, so this needs no system package (poppler's pdftoppm would) and runs in the same
 * Chromium the end-to-end tests use; the files are served to the page from node_modules by
 * Playwright's router, so nothing leaves the machine.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { findChromium } from '../electron/services/export/pdf.js';

const PDFJS = resolve(import.meta.dirname, '../node_modules/pdfjs-dist/build');
const ORIGIN = 'http://pdf-check.invalid';

/** The Chromium the PDF tests print and look with, or why they are skipped. */
export const chromiumForTests: { path: string | null; reason: string } = (() => {
  const path = findChromium();
  return { path, reason: path ? '' : 'no Chromium or Chrome here (Debian: apt-get install chromium; or set LISTSWEEP_CHROMIUM)' };
})();

export interface PdfFirstPage {
  readonly pages: number;
  /** The page's text, items joined by spaces. */
  readonly text: string;
  readonly width: number;
  readonly height: number;
  /** Share of the page's pixels that are not white (0 = blank page). */
  readonly ink: number;
  /** Share of the page's pixels in the decisions chart's fills (keep green, watch amber, remove red), give or take anti-aliasing. */
  readonly chartColour: number;
}

export async function withBrowser<T>(fn: (browser: Browser) => Promise<T>): Promise<T> {
  const browser = await chromium.launch({ executablePath: chromiumForTests.path!, args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--no-first-run'] });
  try {
    return await fn(browser);
  } finally {
    await browser.close();
  }
}

/** Runs in the page: pdf.js renders page 1 to the canvas, then the pixels and the text are counted. */
const PAGE_SCRIPT = `
import * as pdfjs from '/pdf.mjs';
pdfjs.GlobalWorkerOptions.workerSrc = '/pdf.worker.mjs';
window.readFirstPage = async (b64) => {
  const data = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  const doc = await pdfjs.getDocument({ data }).promise;
  const first = await doc.getPage(1);
  const viewport = first.getViewport({ scale: 1 });
  const canvas = document.querySelector('canvas');
  canvas.width = Math.ceil(viewport.width);
  canvas.height = Math.ceil(viewport.height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  await first.render({ canvasContext: ctx, viewport, canvas }).promise;
  const px = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
  const fills = [[0x13, 0x6b, 0x33], [0x8f, 0x55, 0x00], [0xc8, 0x32, 0x2b]];
  let ink = 0, colour = 0;
  for (let i = 0; i < px.length; i += 4) {
    const r = px[i], g = px[i + 1], b = px[i + 2];
    if (r < 245 || g < 245 || b < 245) ink++;
    if (fills.some(([fr, fg, fb]) => Math.abs(r - fr) < 24 && Math.abs(g - fg) < 24 && Math.abs(b - fb) < 24)) colour++;
  }
  const n = px.length / 4;
  const text = (await first.getTextContent()).items.map((it) => it.str ?? '').join(' ');
  return { pages: doc.numPages, text, width: canvas.width, height: canvas.height, ink: ink / n, chartColour: colour / n };
};
window.pdfReady = true;
`;

export async function readPdfFirstPage(browser: Browser, pdf: Uint8Array): Promise<PdfFirstPage> {
  const page = await browser.newPage();
  try {
    await page.route(`${ORIGIN}/**`, (route) => {
      const path = new URL(route.request().url()).pathname;
      if (path === '/') return route.fulfill({ contentType: 'text/html', body: `<!doctype html><title>pdf check</title><canvas></canvas><script type="module">${PAGE_SCRIPT}</script>` });
      const file = path.replace(/^\/+/, '');
      if (!/^pdf(\.worker)?\.mjs$/.test(file)) return route.abort();
      return route.fulfill({ contentType: 'text/javascript', body: readFileSync(join(PDFJS, file)) });
    });
    await page.goto(`${ORIGIN}/`);
    await page.waitForFunction('window.pdfReady === true');
    return (await page.evaluate(`window.readFirstPage(${JSON.stringify(Buffer.from(pdf).toString('base64'))})`)) as PdfFirstPage;
  } finally {
    await page.close();
  }
}
