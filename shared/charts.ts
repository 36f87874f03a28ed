/**
 * Chart geometry from counts, shared by the review's React charts and the HTML report's SVG
 * strings so both draw the same picture from the same numbers. Pure: no DOM, no styling.
 *
 * Edges are placed by rounding the running total, not each part on its own: the parts of a
 * stack then always add up to exactly the stack's length, with no gap or overlap from rounding.
 */

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
