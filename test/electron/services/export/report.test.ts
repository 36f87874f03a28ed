/**
 * The shareable report: one self-contained HTML page, read back as text. Built from a real
 * Postmark bounce export so the causes, reasons and removed addresses are the app's own.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupWith, harness, type Harness } from '../cleanup/helpers.js';
import { renderReport } from '../../../../electron/services/export/report.js';
import { DEFAULT_POLICY } from '../../../../shared/policy.js';

let h: Harness;
let dir: string;
beforeAll(async () => {
  h = harness();
  dir = h.userDataDir;
  await cleanupWith(h, 'email,name\r\nanna.schmidt@example.de,Anna\r\nli.wei@example.cn,Li\r\ngrumpy@example.net,G\r\nkeeper@example.com,Kim\r\nfull@example.com,F\r\n', ['test/fixtures/esp/postmark-bounces.json']);
});
afterAll(async () => { await h.services.dispose(); });

describe('the report', () => {
  it('is one page with nothing outside it: files in, policy, causes and reasons as SVG charts, the removed addresses', async () => {
    const path = join(dir, 'report.html');
    const s = await h.services['review/summary']({});
    expect(await h.services['export/report']({ path, removedRows: 2 })).toEqual({ removedListed: 2 });
    const html = readFileSync(path, 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    // Self-contained: no scripts, no linked files, no URLs to fetch.
    expect(html).not.toMatch(/<script|<link|<img|\bsrc=|url\(|https?:\/\//i);
    expect(html).toContain('@media print');
    expect(html).toMatch(/<h2>What went in<\/h2>[\s\S]*list\.csv[\s\S]*postmark-bounces\.json/);
    expect(html).toContain('removed after 3 different campaigns or days');
    const charts = html.match(/<svg [^>]*aria-label="([^"]+)"/g) ?? [];
    expect(charts.map((c) => /aria-label="([^"]+)"/.exec(c)![1])).toEqual(expect.arrayContaining(['Contacts by cause', 'Addresses by bounce reason']));
    const causeChart = /aria-label="Contacts by cause"[^>]*>([\s\S]*?)<\/svg>/.exec(html)![1]!;
    const causes = Object.entries(s.byCause).filter(([c, n]) => c !== 'clean' && (n ?? 0) > 0);
    expect(causeChart.match(/<rect /g)).toHaveLength(causes.length);
    expect(html).toContain(`data-testid="r-removed">${s.byDecision.remove}<`);
    const listed = /data-testid="r-removed-list">([\s\S]*?)<\/table>/.exec(html)![1]!;
    expect(listed.match(/<tr>/g)).toHaveLength(3); // header + the 2 asked for
    expect(html).toContain(`and ${s.byDecision.remove - 2} more`);
  });

  it('escapes what came from the files and writes numbers and dates in the user’s locale', () => {
    const html = renderReport({
      cleanupName: 'Q1 <b>list</b>', generatedAt: new Date(Date.UTC(2026, 11, 6, 12)), locale: 'de-DE',
      sources: [{ id: 1, kind: 'contacts', name: 'a"<x>.csv', path: '/x', rows: 12345, format: 'CSV', provider: null, importedAt: '', warnings: [] }],
      policy: DEFAULT_POLICY,
      summary: { total: 12345, byDecision: { keep: 12000, watch: 45, remove: 300 }, byCause: { 'hard-bounce': 300 }, byReason: [], worstDomains: [], reputationWarning: null, canUndo: false },
      campaigns: [], removed: [{ email: '<script>alert(1)</script>@x.com', label: 'Hard bounce', detail: '550 & more' }], removedTotal: 300,
    });
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;@x.com');
    expect(html).toContain('Q1 &lt;b&gt;list&lt;/b&gt;');
    expect(html).toContain('a&quot;&lt;x&gt;.csv');
    expect(html).toContain('550 &amp; more');
    expect(html).toContain('>12.345<');
    expect(html).toContain('Dezember 2026');
    expect(html).toContain('and 299 more');
  });
});
