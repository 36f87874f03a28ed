/**
 * Every screen with six-digit counts, from the smallest window (900×600, electron/main.ts) to
 * 1920×1080: text an element cuts (an ellipsis, a clipped box) must be readable whole where it is,
 * from its tooltip. Checked with 100,000 rows because a 400-row sample never fills a line: the
 * short window's reputation warning was cut after its first sentence ("That poin…"), with its
 * advice out of reach, and the campaign chart's axis names had no tooltip.
 */
import type { Page } from '@playwright/test';
import { expect, generatedSample, importGenerated, test } from './fixtures.js';

const big = generatedSample('cut-text', { contacts: 100_000, seed: 5 });

/**
 * Visible text that an ancestor with `overflow: hidden` or `clip` cuts, and that no tooltip
 * (a `title` on it or around it) holds whole. Text scrolled out of a scroller is not cut: the
 * user scrolls to it; text wholly outside its clipping box is out of sight, not cut.
 */
async function cutWithoutTooltip(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
    const out: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = squash(n.textContent ?? '');
      const el = n.parentElement;
      if (!text || !el) continue;
      const range = document.createRange();
      range.selectNodeContents(n);
      const rects = Array.from(range.getClientRects()).filter((r) => r.width > 0 && r.height > 0);
      if (!rects.length) continue;
      for (let a: HTMLElement | null = el; a && a !== document.body; a = a.parentElement) {
        const cs = getComputedStyle(a);
        const hides = (v: string) => v === 'hidden' || v === 'clip';
        // Text at a scroller's edge is scrolled to, not cut.
        if (/auto|scroll/.test(`${cs.overflowX} ${cs.overflowY}`)) break;
        if (!hides(cs.overflowX) && !hides(cs.overflowY)) continue;
        const b = a.getBoundingClientRect();
        const left = b.left + a.clientLeft;
        const top = b.top + a.clientTop;
        const right = left + a.clientWidth;
        const bottom = top + a.clientHeight;
        const outX = (r: DOMRect) => hides(cs.overflowX) && (r.left < left - 0.5 || r.right > right + 0.5);
        const outY = (r: DOMRect) => hides(cs.overflowY) && (r.top < top - 0.5 || r.bottom > bottom + 0.5);
        const unseen = rects.every((r) => r.right <= left || r.left >= right || r.bottom <= top || r.top >= bottom);
        if (rects.some((r) => outX(r) || outY(r)) && !unseen) {
          const tip = squash(el.closest('[title]')?.getAttribute('title') ?? '');
          if (!tip.includes(text)) out.push(`"${text.slice(0, 80)}" (${el.tagName.toLowerCase()}.${el.className || '-'} in ${a.tagName.toLowerCase()}.${a.className || '-'})`);
          break;
        }
      }
    }
    return out;
  });
}

for (const size of [{ width: 900, height: 600 }, { width: 1280, height: 800 }, { width: 1920, height: 1080 }]) {
  test(`at ${size.width}×${size.height} with six-digit counts no screen cuts text it does not show whole in a tooltip`, async ({ ls }) => {
    const { page } = ls;
    await page.setViewportSize(size);
    await importGenerated(ls, big(), 100_000);
    await expect(page.getByTestId('review-row').first()).toBeVisible();
    // The sample's refusals include blocks aimed at the sender: the warning is there to check.
    await expect(page.getByTestId('reputation-warning')).toBeVisible();
    const check = async (where: string) => expect(await cutWithoutTooltip(page), `${where} at ${size.width}×${size.height}`).toEqual([]);
    await check('the review');
    await page.getByTestId('review-row').nth(2).click();
    await expect(page.getByTestId('detail-email')).toBeVisible();
    await check('the review with a contact open');
    // A tall window shows the charts from the start; a short one folds them away.
    const charts = page.getByTestId('charts-toggle');
    if ((await charts.getAttribute('aria-expanded')) !== 'true') await charts.click();
    await expect(page.getByTestId('chart-bounces')).toBeVisible();
    await check('the review with its charts');
    await page.getByTestId('rules').click();
    await expect(page.getByTestId('rules-panel')).toBeVisible();
    await check('the Rules');
    await page.keyboard.press('Escape');
    // Rows picked as a user does (a click, a Shift-click), then A for the whole list: the
    // toolbar's widest form, its counts six digits.
    await page.getByTestId('review-row').nth(1).click();
    await page.getByTestId('review-row').nth(4).click({ modifiers: ['Shift'] });
    await expect(page.getByTestId('picked-count')).toHaveText('4');
    await page.getByTestId('review-table').press('a');
    await expect(page.getByTestId('shown-count')).toHaveText('All 100,000 selected:');
    await check('the review with every row picked');
    await page.getByTestId('tab-import').click();
    await expect(page.getByTestId('bounces-card')).toBeVisible();
    await check('the import screen');
    await page.getByTestId('tab-export').click();
    await expect(page.getByTestId('export-cleaned-button')).toBeVisible();
    await check('the export screen');
  });
}

test('on a short window the reputation warning is one line that unfolds to its whole advice and folds back', async ({ ls }) => {
  const { page } = ls;
  await page.setViewportSize({ width: 1280, height: 800 });
  await importGenerated(ls, big(), 100_000);
  const warning = page.getByTestId('reputation-warning');
  const text = warning.locator('p');
  const cut = () => text.evaluate((p) => p.scrollWidth > p.clientWidth + 0.5 || p.scrollHeight > p.clientHeight + 0.5);
  await expect(warning).toBeVisible();
  expect(await cut(), 'folded: one line, cut').toBe(true);
  const oneLine = (await warning.boundingBox())!.height;
  const more = page.getByTestId('reputation-more');
  await expect(more).toHaveAttribute('aria-expanded', 'false');
  await ls.screenshot('reputation-folded-1280x800');
  await more.click();
  await expect(more).toHaveAttribute('aria-expanded', 'true');
  await ls.screenshot('reputation-open-1280x800');
  expect(await cut(), 'unfolded: nothing cut').toBe(false);
  await expect(text).toContainText('Check blocklists, SPF/DKIM/DMARC');
  expect((await warning.boundingBox())!.height).toBeGreaterThan(oneLine);
  await more.click();
  expect(await cut(), 'folded again').toBe(true);
  expect((await warning.boundingBox())!.height).toBe(oneLine);
});
