/**
 * The review's toolbar (decision filters, search, the shown or picked rows' bulk actions, Undo,
 * Redo, Rules) stays one line from the smallest window (900×600, electron/main.ts) up, with rows
 * picked or not: a second line took two rows of the table's height away at 900×600. Every action
 * stays on screen, whole, with its name.
 */
import type { Page } from '@playwright/test';
import { expect, generatedSample, importGenerated, test, type AppHandle } from './fixtures.js';

const gen = generatedSample('toolbar', { contacts: 400, seed: 5 });
const big = generatedSample('toolbar-big', { contacts: 100_000, seed: 5 });

/** Table rows whose whole height is inside the table's scroller. */
async function fullyVisibleRows(ls: AppHandle): Promise<number> {
  return ls.page.getByTestId('review-table').evaluate((table) => {
    const scroller = table.querySelector('.table-scroll')!.getBoundingClientRect();
    const bottom = Math.min(scroller.bottom, window.innerHeight);
    return Array.from(table.querySelectorAll('[data-testid="review-row"]')).filter((r) => {
      const b = r.getBoundingClientRect();
      return b.top >= scroller.top - 0.5 && b.bottom <= bottom + 0.5;
    }).length;
  });
}

/**
 * The toolbar's height against its tallest item's, and every control's box: one line when the
 * toolbar is no taller than its tallest item.
 */
async function toolbarLayout(page: Page) {
  return page.getByTestId('review-toolbar').evaluate((bar) => {
    const box = bar.getBoundingClientRect();
    const controls = Array.from(bar.querySelectorAll<HTMLElement>('button, input, summary'))
      .filter((el) => el.offsetParent !== null && !el.closest('.rules-popover, .decision-legend-list'))
      .map((el) => {
        const r = el.getBoundingClientRect();
        return { name: el.getAttribute('aria-label') || el.textContent?.trim() || el.getAttribute('placeholder') || el.tagName, top: r.top, bottom: r.bottom, left: r.left, right: r.right, height: r.height };
      });
    // The filters' group is taller than a button by its own padding.
    const items = Array.from(bar.children).map((el) => el.getBoundingClientRect().height);
    return { height: box.height, left: box.left, right: box.right, tallest: Math.max(...items, ...controls.map((c) => c.height)), controls };
  });
}

async function expectOneLine(page: Page, what: string): Promise<number> {
  const layout = await toolbarLayout(page);
  expect(layout.height, `${what}: toolbar height ${layout.height} against its tallest control ${layout.tallest}`).toBeLessThanOrEqual(layout.tallest + 1);
  // Whole and inside the window: nothing pushed out at the right or clipped to a sliver.
  const outside = layout.controls.filter((c) => c.left < layout.left - 0.5 || c.right > layout.right + 0.5 || c.right - c.left < 16);
  expect(outside, `${what}: controls outside the toolbar`).toEqual([]);
  return layout.height;
}

for (const size of [{ width: 900, height: 600 }, { width: 1280, height: 800 }, { width: 1920, height: 1080 }]) {
  test(`at ${size.width}×${size.height} the review's toolbar is one line with rows picked or not, and the table keeps its rows`, async ({ ls }) => {
    const { page } = ls;
    await page.setViewportSize(size);
    await importGenerated(ls, gen(), 400);
    await expect(page.getByTestId('review-row').first()).toBeVisible();
    await expect(page.getByTestId('shown-count')).toHaveText('400 shown:');

    const unpicked = await expectOneLine(page, 'nothing picked');
    const rows = await fullyVisibleRows(ls);
    expect(rows, 'rows in view').toBeGreaterThanOrEqual(size.height > 600 ? 8 : 6);

    // Pick four rows as a user does: a click, then a Shift-click.
    const row = page.getByTestId('review-row');
    await row.nth(1).click();
    await row.nth(4).click({ modifiers: ['Shift'] });
    await expect(page.getByTestId('picked-count')).toHaveText('4');
    // Every action on the picked rows is there, with its name.
    for (const name of ['Keep', 'Remove', 'Watch', 'Reset', 'Export…', 'Clear selection']) {
      await expect(page.getByTestId('picked-bar').getByRole('button', { name, exact: true }), name).toBeVisible();
    }
    for (const name of ['Undo', 'Redo', 'Rules']) {
      await expect(page.getByTestId('review-toolbar').getByRole('button', { name, exact: true }), name).toBeVisible();
    }
    const picked = await expectOneLine(page, 'rows picked');
    expect(picked, 'toolbar height with rows picked against none').toBeLessThanOrEqual(unpicked + 1);
    expect(await fullyVisibleRows(ls), 'rows in view with rows picked').toBe(rows);

    // The picked rows' actions work from there.
    await page.getByTestId('picked-watch').click();
    await expect(page.getByTestId('shown-count')).toHaveText('400 shown:');
    await expect(page.locator('[data-testid="review-row"] .badge-watch')).toHaveCount(4);
  });
}

// Found on a million-row cleanup: the full toolbar took two lines at 1536 px, and at 1680 px with
// rows picked, where a fixed 1440 px breakpoint still chose the full form. Six-digit counts
// showed it too. The compact form is chosen by what fits, and the full one comes back where it does.
test('with six-digit counts the toolbar is one line at every width, its full form where that fits', async ({ ls }) => {
  const { page } = ls;
  await importGenerated(ls, big(), 100_000);
  await expect(page.getByTestId('review-row').first()).toBeVisible();
  const undoLabel = page.getByTestId('review-toolbar').getByRole('button', { name: 'Undo', exact: true }).locator('.tb-long');
  for (const width of [1280, 1536, 1680, 1920, 2400]) {
    await page.setViewportSize({ width, height: 900 });
    await expectOneLine(page, `${width} px, nothing picked`);
    if (width === 2400) await expect(undoLabel, 'the full form where it fits').toBeVisible();
    const row = page.getByTestId('review-row');
    await row.nth(1).click();
    await row.nth(4).click({ modifiers: ['Shift'] });
    await expect(page.getByTestId('picked-count')).toHaveText('4');
    await expectOneLine(page, `${width} px, four rows picked`);
    // A picks the whole filter.
    await page.getByTestId('review-table').press('a');
    await expectOneLine(page, `${width} px, every row picked`);
    await page.getByTestId('review-table').press('a');
    await page.getByTestId('review-table').press('Escape');
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  await expect(undoLabel, 'the compact form where the full one does not fit').toBeHidden();
});
