import { describe, expect, it } from 'vitest';
import { barLengths, bounceGroupLabel, decisionSegments, niceScale, stack, stackedColumns } from '../../shared/charts.js';

describe('stack (a 100% bar)', () => {
  it('splits the length in proportion, edge to edge, summing exactly to the length', () => {
    const s = stack([{ key: 'keep', value: 1 }, { key: 'watch', value: 1 }, { key: 'remove', value: 1 }], 100);
    expect(s.map((p) => [p.start, p.length])).toEqual([[0, 33], [33, 34], [67, 33]]);
    const many = stack(Array.from({ length: 7 }, (_, i) => ({ key: `k${i}`, value: i + 1 })), 333);
    expect(many.reduce((sum, p) => sum + p.length, 0)).toBe(333);
    for (let i = 1; i < many.length; i++) expect(many[i]!.start).toBe(many[i - 1]!.start + many[i - 1]!.length);
  });
  it('keeps zero parts (length 0) and draws nothing for empty or all-zero data', () => {
    expect(stack([{ key: 'a', value: 0 }, { key: 'b', value: 5 }], 50).map((p) => p.length)).toEqual([0, 50]);
    expect(stack([], 50)).toEqual([]);
    expect(stack([{ key: 'a', value: 0 }, { key: 'b', value: 0 }], 50).map((p) => p.length)).toEqual([0, 0]);
  });
  it('treats negative and non-finite counts as zero', () => {
    expect(stack([{ key: 'a', value: -3 }, { key: 'b', value: Number.NaN }, { key: 'c', value: 2 }], 10).map((p) => p.length)).toEqual([0, 0, 10]);
  });
  it('scales to a given total (a column on a shared axis)', () => {
    expect(stack([{ key: 'a', value: 10 }, { key: 'b', value: 10 }], 100, 40).map((p) => [p.start, p.length])).toEqual([[0, 25], [25, 25]]);
  });
});

describe('barLengths', () => {
  it('scales to the largest and keeps a small non-zero value visible', () => {
    expect(barLengths([{ key: 'a', value: 1000 }, { key: 'b', value: 500 }, { key: 'c', value: 1 }, { key: 'd', value: 0 }], 200).map((b) => b.length))
      .toEqual([200, 100, 2, 0]);
  });
  it('gives nothing for no data', () => {
    expect(barLengths([], 200)).toEqual([]);
    expect(barLengths([{ key: 'a', value: 0 }], 200).map((b) => b.length)).toEqual([0]);
  });
});

describe('niceScale', () => {
  it('ends the axis on a round number at or above the largest value', () => {
    expect(niceScale(7)).toEqual({ top: 8, ticks: [0, 2, 4, 6, 8] });
    expect(niceScale(95)).toEqual({ top: 100, ticks: [0, 50, 100] });
    expect(niceScale(1234).top).toBe(1500);
    expect(niceScale(3)).toEqual({ top: 3, ticks: [0, 1, 2, 3] });
    expect(niceScale(1_000_000).top).toBe(1_000_000);
  });
  it('has an axis for no data', () => {
    expect(niceScale(0)).toEqual({ top: 1, ticks: [0, 1] });
  });
});

describe('stackedColumns', () => {
  const box = { width: 300, height: 100 };
  it('stacks each column from the baseline and its parts add up to its total’s height', () => {
    const c = stackedColumns([
      { key: 'jan', parts: [{ key: 'hard', value: 30 }, { key: 'soft', value: 20 }, { key: 'blocks', value: 10 }] },
      { key: 'feb', parts: [{ key: 'hard', value: 80 }, { key: 'soft', value: 0 }, { key: 'blocks', value: 20 }] },
      { key: 'mar', parts: [{ key: 'hard', value: 0 }, { key: 'soft', value: 0 }, { key: 'blocks', value: 0 }] },
    ], box);
    expect(c.top).toBe(100);
    const [jan, feb, mar] = c.columns;
    expect(jan!.total).toBe(60);
    expect(jan!.parts.map((p) => [p.y, p.height])).toEqual([[70, 30], [50, 20], [40, 10]]);
    expect(feb!.parts.map((p) => [p.y, p.height])).toEqual([[20, 80], [20, 0], [0, 20]]);
    expect(mar!.parts.every((p) => p.height === 0 && p.y === 100)).toBe(true);
    // Each part starts where the one below it ends.
    for (const col of c.columns) for (let i = 1; i < col.parts.length; i++) expect(col.parts[i]!.y + col.parts[i]!.height).toBe(col.parts[i - 1]!.y);
  });
  it('lays the columns out left to right in equal slots with a gap', () => {
    const c = stackedColumns([{ key: 'a', parts: [{ key: 'x', value: 1 }] }, { key: 'b', parts: [{ key: 'x', value: 1 }] }], { ...box, gap: 0.5 });
    expect(c.columns.map((col) => [col.x, col.width])).toEqual([[38, 75], [188, 75]]);
  });
  it('puts the ticks on the same scale as the columns', () => {
    const c = stackedColumns([{ key: 'a', parts: [{ key: 'x', value: 7 }] }], box);
    expect(c.ticks).toEqual([{ value: 0, y: 100 }, { value: 2, y: 75 }, { value: 4, y: 50 }, { value: 6, y: 25 }, { value: 8, y: 0 }]);
    expect(c.columns[0]!.parts[0]).toMatchObject({ y: 12, height: 88 });
  });
  it('no groups: no columns, a unit axis', () => {
    expect(stackedColumns([], box)).toEqual({ top: 1, ticks: [{ value: 0, y: 100 }, { value: 1, y: 0 }], columns: [] });
  });
});

describe('decisionSegments', () => {
  const byDecision = { keep: 900, watch: 40, remove: 60 };
  it('keep, watch, then remove split by cause, largest first, overrides included', () => {
    const s = decisionSegments(byDecision, [
      { decision: 'keep', cause: 'clean', contacts: 890 }, { decision: 'keep', cause: 'override', contacts: 10 },
      { decision: 'watch', cause: 'soft-bounce', contacts: 40 },
      { decision: 'remove', cause: 'invalid', contacts: 15 }, { decision: 'remove', cause: 'hard-bounce', contacts: 40 }, { decision: 'remove', cause: 'override', contacts: 5 },
    ]);
    expect(s.map((x) => [x.key, x.value])).toEqual([['keep', 900], ['watch', 40], ['remove:hard-bounce', 40], ['remove:invalid', 15], ['remove:override', 5]]);
    expect(s[2]).toMatchObject({ decision: 'remove', cause: 'hard-bounce', label: 'Remove: hard bounce' });
    expect(s[0]).toMatchObject({ decision: 'keep', cause: null });
  });
  it('one remove segment when the split is missing or does not add up', () => {
    expect(decisionSegments(byDecision, []).map((x) => x.key)).toEqual(['keep', 'watch', 'remove']);
    expect(decisionSegments(byDecision, [{ decision: 'remove', cause: 'invalid', contacts: 15 }]).map((x) => x.key)).toEqual(['keep', 'watch', 'remove']);
  });
});

describe('bounceGroupLabel', () => {
  it('names campaigns and files as they are, dates in the locale without shifting the UTC day', () => {
    expect(bounceGroupLabel('campaign', 'Spring sale', 'en-US')).toBe('Spring sale');
    expect(bounceGroupLabel('day', '2025-03-01', 'en-US')).toBe('Mar 1, 2025');
    expect(bounceGroupLabel('day', '2025-03-01', 'de-DE')).toBe('01.03.2025');
    expect(bounceGroupLabel('month', '2025-12', 'en-US')).toBe('Dec 2025');
  });
  it('says what is missing for the bounces without one', () => {
    expect(bounceGroupLabel('campaign', '', 'en-US')).toBe('No campaign');
    expect(bounceGroupLabel('day', '', 'en-US')).toBe('No date');
  });
});
