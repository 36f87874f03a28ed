/**
 * A report to share: one self-contained HTML page (no external resources, inline SVG charts,
 * print styles) saying what went in, the policy, what was decided and why, and which addresses
 * came off. Pure: the service gathers the data, this turns it into text. Every value is
 * HTML-escaped; numbers and dates are in the given locale.
 */
import type { ReviewSummary, SourceInfo } from '../../../shared/contract.js';
import type { Policy } from '../../../shared/policy.js';
import { REASON_INFO } from '../../../shared/reasons.js';

export interface ReportData {
  readonly cleanupName: string;
  readonly generatedAt: Date;
  readonly locale: string;
  readonly sources: readonly SourceInfo[];
  readonly policy: Policy;
  readonly summary: ReviewSummary;
  readonly campaigns: readonly { readonly campaign: string; readonly bounces: number }[];
  /** The first removed addresses, with the words the review shows. */
  readonly removed: readonly { readonly email: string; readonly label: string; readonly detail: string }[];
  readonly removedTotal: number;
}

const CAUSE: Record<string, string> = {
  'hard-bounce': 'Hard bounce', complaint: 'Spam complaint', unsubscribed: 'Unsubscribed', 'repeated-soft': 'Repeated soft bounces',
  'soft-bounce': 'Soft bounce', invalid: 'Invalid address', duplicate: 'Duplicate', role: 'Role account', disposable: 'Disposable domain',
  override: 'Your choice', clean: 'No problem found',
};

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A horizontal bar chart as inline SVG: one bar per item, labelled, scaled to the largest. */
function bars(title: string, items: readonly { label: string; value: number }[], n: (x: number) => string): string {
  if (items.length === 0) return '';
  const max = Math.max(1, ...items.map((i) => i.value));
  const row = 24;
  const h = items.length * row + 8;
  const body = items.map((it, i) => {
    const w = Math.max(1, Math.round((it.value / max) * 300));
    const y = i * row + 4;
    return `<text x="0" y="${y + 15}" class="l">${escapeHtml(it.label)}</text><rect x="220" y="${y + 3}" width="${w}" height="16" rx="3"/><text x="${226 + w}" y="${y + 15}">${n(it.value)}</text>`;
  }).join('');
  return `<figure><svg role="img" aria-label="${escapeHtml(title)}" viewBox="0 0 600 ${h}" width="600" height="${h}">${body}</svg><figcaption>${escapeHtml(title)}</figcaption></figure>`;
}

export function renderReport(d: ReportData): string {
  const nf = new Intl.NumberFormat(d.locale);
  const n = (x: number) => nf.format(x);
  const when = new Intl.DateTimeFormat(d.locale, { dateStyle: 'long', timeStyle: 'short' }).format(d.generatedAt);
  const s = d.summary;
  const causes = Object.entries(s.byCause).filter(([c, v]) => c !== 'clean' && (v ?? 0) > 0).sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))
    .map(([c, v]) => ({ label: CAUSE[c] ?? c, value: v ?? 0 }));
  const reasons = s.byReason.map((r) => ({ label: REASON_INFO[r.reason]?.label ?? r.reason, value: r.addresses }));
  const p = d.policy;
  const rows = (cells: readonly string[][]) => cells.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('');
  return `<!doctype html>
<html lang="${escapeHtml(d.locale)}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(d.cleanupName)}: list cleanup report</title>
<style>
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d232b;max-width:860px;margin:24px auto;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:16px;margin:28px 0 8px;border-bottom:1px solid #dde2e8;padding-bottom:4px}
.muted{color:#5b6673}.cards{display:flex;gap:12px;flex-wrap:wrap}.card{border:1px solid #dde2e8;border-radius:8px;padding:10px 14px;min-width:120px}
.card b{display:block;font-size:20px}table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:4px 8px;border-bottom:1px solid #eef1f4;vertical-align:top}
th{font-weight:600}.warn{border:1px solid #e0a800;background:#fff8e1;border-radius:8px;padding:10px 14px}
svg rect{fill:#3563c9}svg text{font-size:12px;fill:#1d232b}figure{margin:8px 0}figcaption{font-size:12px;color:#5b6673}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}table,figure,.warn{break-inside:avoid}}
</style></head><body>
<h1>${escapeHtml(d.cleanupName)}</h1>
<p class="muted">List cleanup report, ${escapeHtml(when)}</p>
<div class="cards">
<div class="card"><b data-testid="r-total">${n(s.total)}</b>contacts in</div>
<div class="card"><b>${n(s.byDecision.keep + s.byDecision.watch)}</b>stay (${n(s.byDecision.watch)} to watch)</div>
<div class="card"><b data-testid="r-removed">${n(s.byDecision.remove)}</b>come off</div>
</div>
${s.reputationWarning ? `<h2>Sending reputation</h2><div class="warn">${escapeHtml(s.reputationWarning)}</div>` : ''}
<h2>What went in</h2>
<table><tr><th>File</th><th>Kind</th><th>Format</th><th>Rows</th></tr>${rows(d.sources.map((x) => [escapeHtml(x.name), x.kind === 'contacts' ? 'Contact list' : 'Bounces', escapeHtml(x.format), n(x.rows)]))}</table>
<h2>Policy</h2>
<table>${rows([
    ['Soft bounces', `removed after ${n(p.softRepeatThreshold)} different campaigns or days${p.softRepeatMinDays ? `, over at least ${n(p.softRepeatMinDays)} days` : ''}; sender-side soft bounces ${p.countSenderSideSoft ? 'count' : 'do not count'}`],
    ['Role accounts', p.role === 'remove' ? 'removed' : 'kept'],
    ['Disposable domains', p.disposable === 'remove' ? 'removed' : 'kept'],
    ['Duplicates', p.duplicates === 'first' ? 'the first row is kept' : 'the most complete row is kept'],
  ])}</table>
<h2>Why addresses came off or are watched</h2>
${bars('Contacts by cause', causes, n)}
<h2>Bounce reasons</h2>
${bars('Addresses by bounce reason', reasons, n)}
${s.worstDomains.length ? `<h2>Domains with the most bounces</h2><table><tr><th>Domain</th><th>Hard</th><th>Soft</th></tr>${rows(s.worstDomains.slice(0, 10).map((w) => [escapeHtml(w.domain), n(w.hard), n(w.soft)]))}</table>` : ''}
${d.campaigns.length ? `<h2>Bounces per campaign</h2>${bars('Bounces per campaign', d.campaigns.map((c) => ({ label: c.campaign, value: c.bounces })), n)}` : ''}
<h2>Removed addresses</h2>
<table data-testid="r-removed-list"><tr><th>Address</th><th>Why</th><th>Detail</th></tr>${rows(d.removed.map((r) => [escapeHtml(r.email), escapeHtml(r.label), escapeHtml(r.detail)]))}</table>
${d.removedTotal > d.removed.length ? `<p class="muted">… and ${n(d.removedTotal - d.removed.length)} more (the removed-list export has them all).</p>` : ''}
</body></html>
`;
}
