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
    // The decisions bar: one slice per decision and per cause inside remove, as wide as its share.
    const decisions = /data-chart="decisions">([\s\S]*?)<\/svg>/.exec(html)![1]!;
    const widths = [...decisions.matchAll(/<rect x="\d+" y="0" width="(\d+)"/g)].map((m) => Number(m[1]));
    const slices = [s.byDecision.keep, s.byDecision.watch, ...(s.decisionCauses ?? []).filter((r) => r.decision === 'remove').map((r) => r.contacts)].filter((v) => v > 0);
    expect(slices.length).toBeGreaterThan(2);
    expect(widths).toHaveLength(slices.length);
    expect(widths.reduce((a, b) => a + b, 0)).toBe(600);
    const want = slices.map((v) => (v / s.total) * 600).sort((a, b) => a - b);
    [...widths].sort((a, b) => a - b).forEach((w, i) => expect(Math.abs(w - want[i]!)).toBeLessThanOrEqual(1));
    expect(/aria-label="Contacts by decision: ([^"]+)"/.exec(html)![1]).toContain(`Keep ${s.byDecision.keep}`);
    const reasons = /data-chart="reasons">([\s\S]*?)<\/svg>/.exec(html)![1]!;
    expect(reasons.match(/<rect /g)).toHaveLength(s.byReason.length);
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
      removed: [{ email: '<script>alert(1)</script>@x.com', label: 'Hard bounce', detail: '550 & more' }], removedTotal: 300,
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

  it('draws bounces per campaign as the review does: stacked hard, soft and blocks on one scale, with the figures', () => {
    const groups = [
      { key: 'Spring sale', first: '2025-03-01T09:00:00Z', hard: 30, soft: 20, blocks: 10 },
      { key: 'Summer news', first: '2025-06-01T09:00:00Z', hard: 80, soft: 0, blocks: 20 },
      { key: 'Quiet', first: '2025-07-01T09:00:00Z', hard: 0, soft: 0, blocks: 0 },
    ];
    const html = renderReport({
      cleanupName: 'x', generatedAt: new Date(0), locale: 'en-US', sources: [], policy: DEFAULT_POLICY,
      summary: { total: 10, byDecision: { keep: 10, watch: 0, remove: 0 }, byCause: { clean: 10 }, byReason: [], worstDomains: [], reputationWarning: null, canUndo: false,
        bounceTimeline: { by: 'campaign', groups } },
      removed: [], removedTotal: 0,
    });
    const chart = /data-chart="bounces">([\s\S]*?)<\/svg>/.exec(html)![1]!;
    const rects = [...chart.matchAll(/<rect x="(\d+)" y="(\d+)" width="\d+" height="(\d+)" fill="([^"]+)"/g)].map((m) => ({ x: Number(m[1]), y: Number(m[2]), h: Number(m[3]), fill: m[4] }));
    // The axis tops at 100: 150 px tall, so 60 bounces stand 90 px and 100 stand the full height.
    const height = (x: number) => rects.filter((r) => r.x === x).reduce((s, r) => s + r.h, 0);
    const xs = [...new Set(rects.map((r) => r.x))];
    expect(xs).toHaveLength(2);
    expect(xs.map(height)).toEqual([90, 150]);
    expect(rects.filter((r) => r.x === xs[0]).map((r) => r.h)).toEqual([45, 30, 15]);
    expect(new Set(rects.map((r) => r.fill)).size).toBe(3);
    expect(chart).toContain('>100</text>');
    expect(/aria-label="Bounces per campaign, oldest first\. ([^"]+)"/.exec(html)![1]).toContain('Summer news: 80 hard, 0 soft, 20 blocks');
    expect(html).toMatch(/<tr><td>2<\/td><td>Summer news<\/td><td>80<\/td><td>0<\/td><td>20<\/td><\/tr>/);
  });
});
