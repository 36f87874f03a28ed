/**
 * The review's charts: decisions (keep / watch / remove by cause), bounces per campaign over
 * time, reasons and worst domains. Each is one Tab stop whose items the arrow keys move through
 * and Enter or Space picks (as the table does); a pick filters the table. The geometry comes from
 * shared/charts.ts, which the HTML report draws with too.
 */
import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode, type RefObject } from 'react';
import type { BounceGroup, ReviewSummary } from '../../../shared/contract.js';
import { BOUNCE_KINDS, CHART_BOX, barLengths, bounceGroupLabel, decisionSegments, stack, stackedColumns, type DecisionSegment } from '../../../shared/charts.js';
import { REASON_INFO, type Reason } from '../../../shared/reasons.js';
import type { Decision, DecisionCause } from '../../../shared/types.js';

/** What a chart item filters the table to (with the words for the chip that shows it). */
export interface ChartPick {
  readonly key: string;
  readonly label: string;
  readonly decision?: Decision;
  readonly cause?: DecisionCause;
  readonly reason?: Reason;
  readonly bounced?: BounceGroup;
}

const n = (x: number) => x.toLocaleString('en-US');

/**
 * Roving focus over a list of items: one of them is in the Tab order; arrows, Home and End move;
 * Enter and Space pick. Returns the props for the container and for item i.
 */
function useRoving(count: number, onPick: (i: number) => void) {
  const [at, setAt] = useState(0);
  const items = useRef<(HTMLElement | SVGElement | null)[]>([]);
  const current = Math.min(at, Math.max(0, count - 1));
  const move = (i: number) => {
    const to = Math.max(0, Math.min(count - 1, i));
    setAt(to);
    items.current[to]?.focus();
  };
  return {
    container: {
      onKeyDown(e: KeyboardEvent) {
        const step: Record<string, number> = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 };
        if (e.key in step) move(current + step[e.key]!);
        else if (e.key === 'Home') move(0);
        else if (e.key === 'End') move(count - 1);
        else if (e.key === 'Enter' || e.key === ' ') onPick(current);
        else return;
        e.preventDefault();
        e.stopPropagation();
      },
    },
    item: (i: number) => ({
      ref: (el: HTMLElement | SVGElement | null) => { items.current[i] = el; },
      tabIndex: i === current ? 0 : -1,
      onFocus: () => setAt(i),
      onClick: () => { setAt(i); onPick(i); },
    }),
  };
}

/** The element's width in CSS pixels, kept up to date: the columns are laid out for it so text is never scaled. */
function useWidth<T extends Element>(fallback: number): [RefObject<T | null>, number] {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver(([entry]) => { if (entry) setWidth(Math.max(80, Math.floor(entry.contentRect.width))); });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, width];
}

/** Room at the left of the columns for the tick labels (11 px digits), at least 30 px. */
const axisRoom = (top: number) => Math.max(30, 8 + 7 * n(top).length);

function Block({ title, sub, testid, children }: { title: string; sub?: string; testid: string; children: ReactNode }) {
  return (
    <section className="summary-block chart-block" data-testid={testid} aria-label={title}>
      <h3>{title}{sub && <span className="muted small"> · {sub}</span>}</h3>
      {children}
    </section>
  );
}

const pct = (v: number, total: number) => (total > 0 ? `${Math.round((v / total) * 1000) / 10}%` : '0%');

export function DecisionChart({ summary, active, onPick }: { summary: ReviewSummary; active: string | null; onPick(p: ChartPick): void }) {
  const segments = decisionSegments(summary.byDecision, summary.decisionCauses ?? []);
  const spans = stack(segments, CHART_BOX.decisions.width);
  const pickOf = (s: DecisionSegment): ChartPick => ({ key: `decision:${s.key}`, label: s.label, decision: s.decision, ...(s.cause ? { cause: s.cause } : {}) });
  const roving = useRoving(segments.length, (i) => onPick(pickOf(segments[i]!)));
  return (
    <Block title="Decisions" sub="contacts" testid="chart-decisions">
      {/* The bar is for the eye and the mouse; the list below says the same in words and takes the keyboard. */}
      <svg className="chart chart-decisions" viewBox={`0 0 ${CHART_BOX.decisions.width} ${CHART_BOX.decisions.height}`} preserveAspectRatio="none" aria-hidden="true">
        {spans.map((s, i) => s.length > 0 && (
          <rect key={s.key} x={s.start} y={0} width={s.length} height={CHART_BOX.decisions.height} className={`seg-fill ${fillOf(segments[i]!)} ${active === `decision:${s.key}` ? 'is-on' : ''}`}
            onClick={() => onPick(pickOf(segments[i]!))} data-testid={`decision-bar-${s.key}`}><title>{`${segments[i]!.label}: ${n(s.value)}`}</title></rect>
        ))}
      </svg>
      <ul className="chart-legend" role="list" aria-label={`Contacts by decision: ${segments.map((s) => `${s.label} ${n(s.value)}`).join(', ')}`} {...roving.container}>
        {segments.map((s, i) => (
          <li key={s.key}>
            <button type="button" className={`legend-item ${active === `decision:${s.key}` ? 'is-on' : ''}`} aria-pressed={active === `decision:${s.key}`}
              {...roving.item(i)} data-testid={`decision-item-${s.key}`}>
              <span className={`swatch ${fillOf(s)}`} aria-hidden="true" />
              <span className="legend-label">{s.label}</span>
              <span className="legend-value">{n(s.value)} <span className="muted">({pct(s.value, summary.total)})</span></span>
            </button>
          </li>
        ))}
      </ul>
    </Block>
  );
}

/** Colour class of a decision segment: the decision's, a shade per cause inside remove. */
function fillOf(s: DecisionSegment): string {
  return s.cause ? `fill-remove fill-cause-${s.cause}` : `fill-${s.decision}`;
}

export function BounceChart({ summary, active, onPick }: { summary: ReviewSummary; active: string | null; onPick(p: ChartPick): void }) {
  const t = summary.bounceTimeline;
  const groups = t?.groups ?? [];
  const [box, outer] = useWidth<HTMLDivElement>(CHART_BOX.columns.width);
  const height = CHART_BOX.columns.appHeight;
  const bars = groups.map((g) => ({ key: g.key, parts: BOUNCE_KINDS.map((k) => ({ key: k.key, value: g[k.key] })) }));
  const axis = axisRoom(stackedColumns(bars, { width: outer, height }).top);
  const width = outer - axis;
  const chart = stackedColumns(bars, { width, height });
  const by = t?.by ?? 'campaign';
  const label = (key: string) => bounceGroupLabel(by, key, navigator.language || 'en-US');
  const pickOf = (key: string): ChartPick => ({ key: `bounced:${key}`, label: `Bounced: ${label(key)}`, bounced: { by, key } });
  const roving = useRoving(groups.length, (i) => onPick(pickOf(groups[i]!.key)));
  const per = by === 'campaign' ? 'per campaign' : by === 'file' ? 'per file' : by === 'month' ? 'per month' : 'per day';
  return (
    <Block title={`Bounces ${per}`} testid="chart-bounces">
      {groups.length === 0 ? <p className="muted small">No hard or soft bounces of your contacts.</p> : (
        <div ref={box}>
          <svg className="chart chart-columns" width={outer} height={height + 12} viewBox={`${-axis} -6 ${outer} ${height + 12}`} role="group" aria-label={`Bounces ${per}, oldest first`} {...roving.container}>
            {chart.ticks.map((tk) => (
              <g key={tk.value} aria-hidden="true">
                <line x1={0} x2={width} y1={tk.y} y2={tk.y} className="chart-grid" />
                <text x={-6} y={tk.y + 4} className="chart-tick" textAnchor="end">{n(tk.value)}</text>
              </g>
            ))}
            {chart.columns.map((c, i) => {
              const on = active === `bounced:${c.key}`;
              const words = `${label(c.key)}: ${BOUNCE_KINDS.map((k, j) => `${n(c.parts[j]!.value)} ${k.label.toLowerCase()}`).join(', ')}`;
              return (
                <g key={c.key} role="button" aria-pressed={on} aria-label={words} className={`chart-col ${on ? 'is-on' : ''}`} {...roving.item(i)} data-testid={`bounce-col-${i}`}>
                  <title>{words}</title>
                  {/* The whole slot takes the click, so a short column is as easy to hit as a tall one. */}
                  <rect x={c.x} y={0} width={c.width} height={height} className="chart-hit" />
                  {c.parts.map((p) => p.height > 0 && <rect key={p.key} x={c.x} y={p.y} width={c.width} height={p.height} className={`fill-${p.key}`} />)}
                </g>
              );
            })}
          </svg>
          <div className="chart-axis small muted" aria-hidden="true" style={{ paddingLeft: axis }}>
            <span title={label(groups[0]!.key)}>{label(groups[0]!.key)}</span>
            {groups.length > 1 && <span title={label(groups[groups.length - 1]!.key)}>{label(groups[groups.length - 1]!.key)}</span>}
          </div>
          <div className="chart-key small" aria-hidden="true">
            {BOUNCE_KINDS.map((k) => <span key={k.key}><span className={`swatch fill-${k.key}`} />{k.label}</span>)}
          </div>
        </div>
      )}
    </Block>
  );
}

/** A reason's tooltip: its name first, whole (a narrow chart cuts it to "Mailbox does not…"), then what it means. */
function reasonTip(reason: Reason): string {
  const info = REASON_INFO[reason];
  return info ? `${info.label}: ${info.explanation}` : reason;
}

export function ReasonsChart({ summary, active, onPick, empty }: { summary: ReviewSummary; active: string | null; onPick(p: ChartPick): void; empty: string }) {
  const reasons = summary.byReason.slice(0, 8);
  const bars = barLengths(reasons.map((r) => ({ key: r.reason, value: r.addresses })), 100, 1);
  const pickOf = (r: Reason): ChartPick => ({ key: `reason:${r}`, label: REASON_INFO[r]?.label ?? r, reason: r });
  const roving = useRoving(reasons.length, (i) => onPick(pickOf(reasons[i]!.reason)));
  return (
    <Block title="Reasons" sub="contacts" testid="chart-reasons">
      {reasons.length === 0 ? <p className="muted small" data-testid="no-bounce-match">{empty}</p> : (
        <ul className="bars" role="list" aria-label="Contacts by bounce reason" {...roving.container}>
          {reasons.map((r, i) => {
            const on = active === `reason:${r.reason}`;
            return (
              <li key={r.reason}>
                <button type="button" className={`bar-row ${on ? 'is-on' : ''}`} aria-pressed={on} title={reasonTip(r.reason)} {...roving.item(i)} data-testid={`reason-${r.reason}`}>
                  <span className="bar-label">{REASON_INFO[r.reason]?.label ?? r.reason}</span>
                  <span className="bar" aria-hidden="true"><span className={`bar-fill side-${REASON_INFO[r.reason]?.side ?? 'transient'}`} style={{ width: `${bars[i]!.length}%` }} /></span>
                  <span className="bar-value">{n(r.addresses)}</span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </Block>
  );
}

export function DomainsChart({ summary, active, onPick }: { summary: ReviewSummary; active: string | null; onPick(p: ChartPick): void }) {
  const domains = summary.worstDomains.slice(0, 6);
  const pickOf = (d: string): ChartPick => ({ key: `domain:${d}`, label: `Bounced at ${d}`, bounced: { by: 'domain', key: d } });
  const roving = useRoving(domains.length, (i) => onPick(pickOf(domains[i]!.domain)));
  return (
    <Block title="Worst domains" sub="contacts" testid="chart-domains">
      {domains.length === 0 ? <p className="muted small">None.</p> : (
        <table className="mini-table" data-testid="worst-domains">
          <thead><tr><th>Domain</th><th title="Contacts with a hard bounce">Hard</th><th title="Contacts with a soft bounce">Soft</th></tr></thead>
          <tbody {...roving.container}>
            {domains.map((d, i) => {
              const on = active === `domain:${d.domain}`;
              return (
                <tr key={d.domain} className={on ? 'is-on' : ''} onClick={(e) => { if (!(e.target as HTMLElement).closest('button')) onPick(pickOf(d.domain)); }}>
                  <td><button type="button" className="link-button" aria-pressed={on} {...roving.item(i)} data-testid={`domain-${d.domain}`}>{d.domain}</button></td>
                  <td>{n(d.hard)}</td><td>{n(d.soft)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </Block>
  );
}
