/**
 * Chart geometry from counts, shared by the review's React charts and the HTML report's SVG
 * strings so both draw the same picture from the same numbers. Pure: no DOM, no styling.
 *
 * Edges are placed by rounding the running total, not each part on its own: the parts of a
 * stack then always add up to exactly the stack's length, with no gap or overlap from rounding.
 */
import { CAUSE_LABEL } from './policy.js';
import type { Decision, DecisionCause } from './types.js';

/** The drawing boxes (SVG user units) of the app's and the report's charts; both scale to their width. */
export const CHART_BOX = {
  decisions: { width: 600, height: 18 },
  /** The app lays the columns out for the width it has (text stays its size); the report at 600. */
  columns: { width: 600, height: 150, appHeight: 84 },
} as const;

export interface Part<K extends string = string> {
  readonly key: K;
  readonly value: number;
}

export interface Span<K extends string = string> extends Part<K> {
  /** Offset along the axis (left for a horizontal bar, top for a column) and length, in pixels. */
  readonly start: number;
  readonly length: number;
}

/** Counts are whole and non-negative; anything else (NaN, negatives) draws as nothing. */
function count(v: number): number {
  return Number.isFinite(v) && v > 0 ? v : 0;
}

/**
 * Split `length` pixels among parts in proportion to their values (a 100% stacked bar). Every
 * part is returned, in order, zero-valued ones with length 0, so a legend can list them all.
 * An empty or all-zero input gives every part length 0.
 */
export function stack<K extends string>(parts: readonly Part<K>[], length: number, scaleTo?: number): Span<K>[] {
  const total = scaleTo ?? parts.reduce((s, p) => s + count(p.value), 0);
  let run = 0;
  let edge = 0;
  return parts.map((p) => {
    run += count(p.value);
    const next = total > 0 ? Math.round((Math.min(run, total) / total) * length) : 0;
    const span = { key: p.key, value: p.value, start: edge, length: next - edge };
    edge = next;
    return span;
  });
}

/**
 * Bars side by side, scaled so the largest is `length` long. A non-zero value is never drawn
 * shorter than `min` pixels: one bounce among thousands stays visible and clickable.
 */
export function barLengths<K extends string>(items: readonly Part<K>[], length: number, min = 2): (Part<K> & { readonly length: number })[] {
  const max = Math.max(0, ...items.map((i) => count(i.value)));
  return items.map((i) => {
    const v = count(i.value);
    return { key: i.key, value: i.value, length: v === 0 || max === 0 ? 0 : Math.max(min, Math.round((v / max) * length)) };
  });
}

/** The axis' top: the smallest 1, 2 or 5 × 10^k step count covering max in about `steps` steps. */
export function niceScale(max: number, steps = 4): { readonly top: number; readonly ticks: readonly number[] } {
  const m = count(max);
  if (m === 0) return { top: 1, ticks: [0, 1] };
  const raw = m / steps;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = Math.max(1, [1, 2, 5, 10].map((f) => f * mag).find((s) => s >= raw) ?? 10 * mag);
  const top = Math.ceil(m / step) * step;
  const ticks: number[] = [];
  for (let t = 0; t <= top + step / 2; t += step) ticks.push(Math.round(t));
  return { top, ticks };
}

export interface Column<K extends string, P extends string> {
  readonly key: K;
  readonly total: number;
  /** Left edge and width, in pixels. */
  readonly x: number;
  readonly width: number;
  /** Bottom-up stack: the first part sits on the baseline. y is the top edge (SVG coordinates). */
  readonly parts: readonly (Part<P> & { readonly y: number; readonly height: number })[];
}

export interface ColumnChart<K extends string, P extends string> {
  readonly top: number;
  /** Tick values with their y (SVG coordinates, baseline = height). */
  readonly ticks: readonly { readonly value: number; readonly y: number }[];
  readonly columns: readonly Column<K, P>[];
}

/**
 * Stacked columns (one per group, left to right) in a width × height box, on a shared nice
 * scale so every column reads against the same ticks. `gap` is the space between columns as a
 * share of each slot.
 */
export function stackedColumns<K extends string, P extends string>(
  groups: readonly { readonly key: K; readonly parts: readonly Part<P>[] }[],
  box: { readonly width: number; readonly height: number; readonly gap?: number },
): ColumnChart<K, P> {
  const totals = groups.map((g) => g.parts.reduce((s, p) => s + count(p.value), 0));
  const { top, ticks } = niceScale(Math.max(0, ...totals));
  const slot = groups.length ? box.width / groups.length : 0;
  const gap = slot * (box.gap ?? 0.25);
  const columns = groups.map((g, i) => {
    const spans = stack(g.parts, box.height, top);
    return {
      key: g.key, total: totals[i]!, x: Math.round(i * slot + gap / 2), width: Math.max(1, Math.round(slot - gap)),
      // stack() measures from the baseline up; SVG's y grows downwards.
      parts: spans.map((s) => ({ key: s.key, value: s.value, height: s.length, y: box.height - s.start - s.length })),
    };
  });
  return { top, ticks: ticks.map((value) => ({ value, y: box.height - Math.round((value / top) * box.height) })), columns };
}

/** The words for one group of the bounce chart: the campaign or file as named, a date in the locale. */
export function bounceGroupLabel(by: 'campaign' | 'day' | 'month' | 'file', key: string, locale: string): string {
  if (!key) return by === 'campaign' ? 'No campaign' : by === 'file' ? 'No file' : 'No date';
  if (by === 'day' || by === 'month') {
    // The keys are UTC dates (the bounces' own timestamps): shown as such, never shifted a day.
    const d = new Date(`${by === 'month' ? `${key}-01` : key}T00:00:00Z`);
    if (Number.isNaN(d.getTime())) return key;
    return new Intl.DateTimeFormat(locale, by === 'month' ? { month: 'short', year: 'numeric', timeZone: 'UTC' } : { dateStyle: 'medium', timeZone: 'UTC' }).format(d);
  }
  return key;
}

/** The three kinds the bounce chart stacks, bottom up, with the words the app and the report use. */
export const BOUNCE_KINDS = [
  { key: 'hard', label: 'Hard' },
  { key: 'soft', label: 'Soft' },
  { key: 'blocks', label: 'Blocks' },
] as const;
export type BounceKindKey = (typeof BOUNCE_KINDS)[number]['key'];

export interface DecisionSegment {
  /** 'keep', 'watch', or 'remove:<cause>'. */
  readonly key: string;
  readonly decision: Decision;
  /** Set for the parts of remove: the rule (or the user) that removed them. */
  readonly cause: DecisionCause | null;
  readonly label: string;
  readonly value: number;
}

/**
 * The decisions bar: keep, watch, then remove split by cause (largest first). Both the review's
 * chart and the report draw these segments.
 */
export function decisionSegments(
  byDecision: Readonly<Record<Decision, number>>,
  decisionCauses: readonly { readonly decision: Decision; readonly cause: DecisionCause; readonly contacts: number }[],
): DecisionSegment[] {
  const removed = decisionCauses.filter((r) => r.decision === 'remove' && r.contacts > 0).sort((a, b) => b.contacts - a.contacts);
  const split = removed.reduce((s, r) => s + r.contacts, 0);
  return [
    { key: 'keep', decision: 'keep', cause: null, label: 'Keep', value: byDecision.keep },
    { key: 'watch', decision: 'watch', cause: null, label: 'Watch', value: byDecision.watch },
    // Without the split (an older summary) remove is one segment.
    ...(split === byDecision.remove && removed.length
      ? removed.map((r) => ({ key: `remove:${r.cause}`, decision: 'remove' as const, cause: r.cause, label: `Remove: ${CAUSE_LABEL[r.cause].toLowerCase()}`, value: r.contacts }))
      : [{ key: 'remove', decision: 'remove' as const, cause: null, label: 'Remove', value: byDecision.remove }]),
  ];
}
