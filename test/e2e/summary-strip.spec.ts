/**
 * On a short window (900×600, the smallest, electron/main.ts) the review's summary is a strip of
 * counts on one line. With six-digit counts the decisions' shares were cut to "5.…" in equal
 * columns and the contacts' first cause to "21,554 dup": each decision now takes its count's
 * width, and the causes show whole or not at all (the card's tooltip has them all).
 */
import { expect, generatedSample, importGenerated, test } from './fixtures.js';

const big = generatedSample('strip', { contacts: 100_000, seed: 5 });

test('with six-digit counts the summary strip shows every share whole and no cause cut', async ({ ls }) => {
  const { page } = ls;
  await page.setViewportSize({ width: 900, height: 600 });
  await importGenerated(ls, big(), 100_000);
  const summary = page.getByTestId('summary');
  await expect(summary).toBeVisible();
  const strip = await summary.evaluate((el) => {
    const cards = Array.from(el.querySelectorAll<HTMLElement>('.stat'));
    const shares = Array.from(el.querySelectorAll<HTMLElement>('.stat-pct:not(.stat-causes)')).map((p) => ({ text: p.textContent, cut: p.scrollWidth > p.clientWidth + 0.5 }));
    const causes = el.querySelector<HTMLElement>('.stat-causes');
    const box = causes?.getBoundingClientRect();
    // A part on the line that shows must be there whole; the others are below it, out of sight.
    const parts = Array.from(causes?.children ?? []).map((s) => s.getBoundingClientRect())
      .filter((r) => box && r.top < box.bottom - 1)
      .map((r) => ({ whole: !!box && r.left >= box.left - 0.5 && r.right <= box.right + 0.5 }));
    return { heights: cards.map((c) => Math.round(c.getBoundingClientRect().height)), shares, parts };
  });
  expect(strip.shares.length).toBe(3);
  for (const s of strip.shares) expect(s.cut, `share ${s.text} cut`).toBe(false);
  expect(strip.parts.every((p) => p.whole), 'a cause cut').toBe(true);
  expect(new Set(strip.heights).size, `card heights ${strip.heights.join(', ')}`).toBe(1);
});
