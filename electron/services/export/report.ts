/**
 * A report to share: one self-contained HTML page (no external resources, inline SVG charts,
 * print styles) saying what went in, the policy, what was decided and why, and which addresses
 * came off. Pure: the service gathers the data, this turns it into text. Every value is
 * HTML-escaped; numbers and dates are in the given locale.
 */
import type { ReviewSummary, SourceInfo } from '../../../shared/contract.js';
import type { Policy } from '../../../shared/policy.js';
import { REASON_INFO } from '../../../shared/reasons.js';
import { BOUNCE_KINDS, CHART_BOX, barLengths, bounceGroupLabel, decisionSegments, stack, stackedColumns } from '../../../shared/charts.js';

export interface ReportData {
  readonly cleanupName: string;
  readonly generatedAt: Date;
  readonly locale: string;
  readonly sources: readonly SourceInfo[];
  readonly policy: Policy;
  /** Its decisionCauses and bounceTimeline draw the charts the review shows. */
  readonly summary: ReviewSummary;
  /** The first removed addresses, with the words the review shows. */
  readonly removed: readonly { readonly email: string; readonly label: string; readonly detail: string }[];
  readonly removedTotal: number;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

type Num = (x: number) => string;

/** Fills by class, so the print style can keep them: the app's colours, light theme. */
const FILL: Record<string, string> = {
  keep: '#136b33', watch: '#8f5500', remove: '#c8322b', hard: '#c8322b', soft: '#8f5500', blocks: '#7c5cd6',
  address: '#c8322b', sender: '#7c5cd6', transient: '#8f5500', 'not-a-bounce': '#8a93a6',
};
/** Causes inside remove: the remove colour in steps, as in the app (styles.css .fill-cause-*). */
const CAUSE_OPACITY: Record<string, number> = { invalid: 0.8, complaint: 0.8, duplicate: 0.62, unsubscribed: 0.62, 'repeated-soft': 0.48, role: 0.48, disposable: 0.36, override: 0.36 };

function figure(label: string, svg: string, table: string): string {
  return `<figure>${svg}<figcaption>${escapeHtml(label)}</figcaption>${table}</figure>`;
}

function swatch(fill: string, opacity = 1): string {
  return `<svg class="sw" width="10" height="10" aria-hidden="true"><rect width="10" height="10" rx="2" fill="${fill}" fill-opacity="${opacity}"/></svg>`;
}

/** Keep, watch and remove by cause: the review's decisions bar and its legend, with the figures. */
function decisionsChart(s: ReviewSummary, n: Num): string {
  const segments = decisionSegments(s.byDecision, s.decisionCauses ?? []);
  const { width, height } = CHART_BOX.decisions;
  const spans = stack(segments, width);
  const pct = (v: number) => (s.total > 0 ? `${Math.round((v / s.total) * 1000) / 10}%` : '0%');
  const words = segments.map((x) => `${x.label} ${n(x.value)}`).join(', ');
  const rects = spans.map((sp, i) => {
    const seg = segments[i]!;
    return sp.length > 0 ? `<rect x="${sp.start}" y="0" width="${sp.length}" height="${height}" fill="${FILL[seg.decision]}" fill-opacity="${seg.cause ? CAUSE_OPACITY[seg.cause] ?? 1 : 1}" stroke="#fff"/>` : '';
  }).join('');
  const svg = `<svg role="img" aria-label="${escapeHtml(`Contacts by decision: ${words}`)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" data-chart="decisions">${rects}</svg>`;
  const legend = `<table class="legend">${segments.map((x) => `<tr><td>${swatch(FILL[x.decision]!, x.cause ? CAUSE_OPACITY[x.cause] ?? 1 : 1)} ${escapeHtml(x.label)}</td><td>${n(x.value)}</td><td>${pct(x.value)}</td></tr>`).join('')}</table>`;
  return figure('Contacts by decision, and why they come off', svg, legend);
}

/** Horizontal bars scaled to the largest, the review's reasons list. */
function reasonsChart(s: ReviewSummary, n: Num): string {
  if (s.byReason.length === 0) return '<p class="muted">No bounce changed a decision.</p>';
  const row = 22;
  const labelW = 220;
  const barW = 300;
  const bars = barLengths(s.byReason.map((r) => ({ key: r.reason, value: r.addresses })), barW, 1);
  const h = bars.length * row;
  const body = bars.map((b, i) => {
    const info = REASON_INFO[b.key as keyof typeof REASON_INFO];
    const y = i * row;
    return `<text x="0" y="${y + 15}">${escapeHtml(info?.label ?? b.key)}</text><rect x="${labelW}" y="${y + 4}" width="${b.length}" height="14" rx="2" fill="${FILL[info?.side ?? 'transient']}"/><text x="${labelW + b.length + 6}" y="${y + 15}">${n(b.value)}</text>`;
  }).join('');
  const words = bars.map((b) => `${REASON_INFO[b.key as keyof typeof REASON_INFO]?.label ?? b.key} ${n(b.value)}`).join(', ');
  return figure('Contacts by bounce reason', `<svg role="img" aria-label="${escapeHtml(`Contacts by bounce reason: ${words}`)}" viewBox="0 0 600 ${h}" width="600" height="${h}" data-chart="reasons">${body}</svg>`, '');
}

/** Hard, soft and blocked bounces per campaign (or date, or file), stacked, oldest first, numbered to the table under it. */
function bouncesChart(s: ReviewSummary, n: Num, locale: string): string {
  const t = s.bounceTimeline;
  if (!t || t.groups.length === 0) return '';
  const { width, height } = CHART_BOX.columns;
  const axis = 40;
  const chart = stackedColumns(t.groups.map((g) => ({ key: g.key, parts: BOUNCE_KINDS.map((k) => ({ key: k.key, value: g[k.key] })) })), { width, height });
  const ticks = chart.ticks.map((tk) => `<line x1="0" x2="${width}" y1="${tk.y}" y2="${tk.y}" stroke="#dde2e8"/><text x="-6" y="${tk.y + 4}" text-anchor="end">${n(tk.value)}</text>`).join('');
  const cols = chart.columns.map((c, i) => c.parts.map((p) => (p.height > 0 ? `<rect x="${c.x}" y="${p.y}" width="${c.width}" height="${p.height}" fill="${FILL[p.key]}"/>` : '')).join('') +
    `<text x="${c.x + c.width / 2}" y="${height + 14}" text-anchor="middle">${i + 1}</text>`).join('');
  const per = t.by === 'campaign' ? 'campaign' : t.by === 'file' ? 'file' : t.by === 'month' ? 'month' : 'day';
  const label = (key: string) => bounceGroupLabel(t.by, key, locale);
  const words = t.groups.map((g) => `${label(g.key)}: ${BOUNCE_KINDS.map((k) => `${n(g[k.key])} ${k.label.toLowerCase()}`).join(', ')}`).join('; ');
  const svg = `<svg role="img" aria-label="${escapeHtml(`Bounces per ${per}, oldest first. ${words}`)}" viewBox="${-axis} -6 ${width + axis} ${height + 24}" width="${width + axis}" height="${height + 24}" data-chart="bounces">${ticks}${cols}</svg>`;
  const key = `<p class="key">${BOUNCE_KINDS.map((k) => `${swatch(FILL[k.key]!)} ${k.label}`).join(' &nbsp; ')}</p>`;
  const head = `<tr><th>#</th><th>${per === 'campaign' ? 'Campaign' : per === 'file' ? 'File' : 'Date'}</th>${BOUNCE_KINDS.map((k) => `<th>${k.label}</th>`).join('')}</tr>`;
  const rows = t.groups.map((g, i) => `<tr><td>${i + 1}</td><td>${escapeHtml(label(g.key))}</td>${BOUNCE_KINDS.map((k) => `<td>${n(g[k.key])}</td>`).join('')}</tr>`).join('');
  return figure(`Bounces of your contacts per ${per}: hard, soft, and blocks (the sender refused)`, svg, `${key}<table class="figures">${head}${rows}</table>`);
}

export function renderReport(d: ReportData): string {
  const nf = new Intl.NumberFormat(d.locale);
  const n = (x: number) => nf.format(x);
  const when = new Intl.DateTimeFormat(d.locale, { dateStyle: 'long', timeStyle: 'short' }).format(d.generatedAt);
  const s = d.summary;
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
svg text{font-size:12px;fill:#1d232b}figure{margin:8px 0}figcaption{font-size:12px;color:#5b6673;margin:4px 0}
svg{max-width:100%;height:auto}svg.sw{vertical-align:-1px}.legend,.figures{width:auto;font-size:13px}.legend td:not(:first-child),.figures td:not(:nth-child(2)){text-align:right;font-variant-numeric:tabular-nums}.key{font-size:12px;margin:4px 0}
@media print{body{margin:0;max-width:none;-webkit-print-color-adjust:exact;print-color-adjust:exact}h2{break-after:avoid}table,figure,.warn{break-inside:avoid}}
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
${decisionsChart(s, n)}
<h2>Bounce reasons</h2>
${reasonsChart(s, n)}
${s.worstDomains.length ? `<h2>Domains with the most bounces</h2><table><tr><th>Domain</th><th>Hard</th><th>Soft</th></tr>${rows(s.worstDomains.slice(0, 10).map((w) => [escapeHtml(w.domain), n(w.hard), n(w.soft)]))}</table>` : ''}
${s.bounceTimeline?.groups.length ? `<h2>Bounces per ${s.bounceTimeline.by === 'campaign' ? 'campaign' : s.bounceTimeline.by === 'file' ? 'file' : 'date'}</h2>${bouncesChart(s, n, d.locale)}` : ''}
<h2>Removed addresses</h2>
<table data-testid="r-removed-list"><tr><th>Address</th><th>Why</th><th>Detail</th></tr>${rows(d.removed.map((r) => [escapeHtml(r.email), escapeHtml(r.label), escapeHtml(r.detail)]))}</table>
${d.removedTotal > d.removed.length ? `<p class="muted">… and ${n(d.removedTotal - d.removed.length)} more (the removed-list export has them all).</p>` : ''}
</body></html>
`;
}
