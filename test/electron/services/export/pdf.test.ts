/**
 * The report as PDF: the services print the same page as the HTML report through the injected
 * printer; here that is Chromium's headless page-to-PDF (the CLI's printer), and the PDF is read
 * back as an image and as text with pdf.js in Chromium (test/pdf-page.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupWith, harness, type Harness } from '../cleanup/helpers.js';
import { chromiumPdf, findChromium, PDF_NEEDS_BROWSER, withPdfCsp, type HtmlToPdf } from '../../../../electron/services/export/pdf.js';
import { chromiumForTests, readPdfFirstPage, withBrowser } from '../../../pdf-page.js';

const CONTACTS = 'email,name\r\nanna.schmidt@example.de,Anna\r\nli.wei@example.cn,Li\r\ngrumpy@example.net,G\r\nkeeper@example.com,Kim\r\nfull@example.com,F\r\n';

describe('finding a browser engine', () => {
  it('takes LISTSWEEP_CHROMIUM when set, and only it: a wrong setting is none, not a quiet fallback', () => {
    const self = process.execPath; // any existing program stands in for one
    expect(findChromium({ LISTSWEEP_CHROMIUM: self }, 'linux')).toBe(self);
    expect(findChromium({ LISTSWEEP_CHROMIUM: '/nowhere/chromium' }, 'linux')).toBeNull();
    expect(findChromium({}, 'aix')).toBeNull();
  });

  it('tells the page it may fetch nothing', () => {
    expect(withPdfCsp('<!doctype html><html><head><title>x</title>')).toMatch(/^<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; [^"]*"><title>/);
  });
});

describe('the PDF report without a browser engine', () => {
  let h: Harness;
  beforeAll(async () => {
    h = harness();
    await cleanupWith(h, CONTACTS, ['test/fixtures/esp/postmark-bounces.json']);
  });
  afterAll(async () => { await h.services.dispose(); });

  it('is refused with the plain message and no file; the HTML report still works', async () => {
    const path = join(h.userDataDir, 'report.pdf');
    await expect(h.services['export/report']({ path })).rejects.toMatchObject({ code: 'unavailable', message: PDF_NEEDS_BROWSER });
    expect(existsSync(path)).toBe(false);
    await h.services['export/report']({ path: join(h.userDataDir, 'report.html') });
    expect(readFileSync(join(h.userDataDir, 'report.html'), 'utf8')).toMatch(/^<!doctype html>/);
  });
});

describe.skipIf(!chromiumForTests.path)(`the PDF report printed by Chromium${chromiumForTests.path ? '' : ` (skipped: ${chromiumForTests.reason})`}`, () => {
  let h: Harness;
  /** What the services handed the printer: the page to compare with the HTML report. */
  const printed: string[] = [];
  beforeAll(async () => {
    const chrome = chromiumPdf(chromiumForTests.path!);
    const htmlToPdf: HtmlToPdf = (html) => { printed.push(html); return chrome(html); };
    h = harness({ htmlToPdf });
    await cleanupWith(h, CONTACTS, ['test/fixtures/esp/postmark-bounces.json']);
  });
  afterAll(async () => { await h.services.dispose(); });

  it('is the HTML report’s page as a PDF whose first page shows the title, the counts and a chart', async () => {
    const dir = h.userDataDir;
    const s = await h.services['review/summary']({});
    expect(await h.services['export/report']({ path: join(dir, 'report.pdf'), removedRows: 2 })).toEqual({ removedListed: 2 });
    await h.services['export/report']({ path: join(dir, 'report.html'), removedRows: 2 });
    const pdf = readFileSync(join(dir, 'report.pdf'));
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // The same page (its time stamp aside) went to the printer.
    const stamp = (x: string) => x.replace(/List cleanup report, [^<]*/, '');
    expect(stamp(printed[0]!)).toBe(stamp(readFileSync(join(dir, 'report.html'), 'utf8')));
    // No partial file is left beside it.
    expect(existsSync(join(dir, `.report.pdf.${process.pid}.partial`))).toBe(false);

    const first = await withBrowser((b) => readPdfFirstPage(b, pdf));
    expect(first.pages).toBeGreaterThanOrEqual(1);
    const name = (await h.services['cleanup/current']({}))!.name;
    expect(first.text).toContain(name); // the report's heading
    expect(first.text).toContain('List cleanup report');
    expect(first.text).toContain('contacts in');
    expect(first.text).toContain(String(s.total));
    expect(first.ink).toBeGreaterThan(0.01);
    expect(first.ink).toBeLessThan(0.6);
    expect(first.chartColour).toBeGreaterThan(0.001);
  });
});
