/**
 * The window from its smallest (900×600, electron/main.ts) to 1920×1080: at each size the start,
 * import, review and export screens fit, the Rules and legend popovers stay inside the window,
 * and (with SCREENSHOTS=1) each is pictured in docs/screenshots/. At the smallest size the review
 * still shows a useful number of rows and the contact detail can be read and closed.
 */
import { join } from 'node:path';
import { expect, generatedSample, test, type AppHandle } from './fixtures.js';

const gen = generatedSample('sizes', { contacts: 400, seed: 5 });

/** Table rows whose whole height is inside the table's scroller. */
async function fullyVisibleRows(ls: AppHandle): Promise<number> {
  return ls.page.getByTestId('review-table').evaluate((table) => {
    const scroller = table.querySelector('.table-scroll')?.getBoundingClientRect();
    if (!scroller) return 0;
    const bottom = Math.min(scroller.bottom, window.innerHeight);
    return Array.from(table.querySelectorAll('[data-testid="review-row"]')).filter((r) => {
      const b = r.getBoundingClientRect();
      return b.top >= scroller.top - 0.5 && b.bottom <= bottom + 0.5;
    }).length;
  });
}

async function expectInsideWindow(ls: AppHandle, testId: string): Promise<void> {
  const box = await ls.page.getByTestId(testId).boundingBox();
  const size = ls.page.viewportSize();
  if (!box || !size) throw new Error(`${testId} has no box`);
  expect(box.x, `${testId} left edge`).toBeGreaterThanOrEqual(0);
  expect(box.y, `${testId} top edge`).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width, `${testId} right edge`).toBeLessThanOrEqual(size.width + 0.5);
  expect(box.y + box.height, `${testId} bottom edge`).toBeLessThanOrEqual(size.height + 0.5);
}

const SIZES = [
  { width: 900, height: 600 },
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
] as const;

for (const size of SIZES) {
  const name = `${size.width}x${size.height}`;
  test(`the screens fit a ${name} window`, async ({ ls }) => {
    const { page } = ls;
    await page.setViewportSize(size);
    // No horizontal scrolling anywhere: the page is exactly as wide as the window.
    const noSideScroll = async () => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(size.width);

    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await noSideScroll();
    await ls.screenshot(`start-${name}`);

    await page.getByRole('button', { name: 'New cleanup', exact: true }).click();
    await ls.queueOpen([join(gen(), 'contacts.csv')]);
    await page.getByRole('button', { name: 'Choose contact list…' }).click();
    await expect(page.getByTestId('contacts-preview')).toBeVisible();
    await noSideScroll();
    await ls.screenshot(`import-${name}`);
    await page.getByTestId('import-contacts').click();
    await expect(page.getByTestId('contacts-card')).toContainText('400 rows');
    await ls.queueOpen([join(gen(), 'bounces.csv')]);
    await page.getByRole('button', { name: 'Choose bounce files…' }).click();
    await expect(page.getByTestId('bounce-file')).toHaveCount(1);
    await page.getByTestId('import-bounces').click();

    await expect(page.getByTestId('count-total')).toHaveText('400');
    await expect(page.getByTestId('review-row').first()).toBeVisible();
    await noSideScroll();
    expect(await fullyVisibleRows(ls), 'table rows in view').toBeGreaterThanOrEqual(8);
    await ls.screenshot(`review-${name}`);

    await page.getByTestId('review-row').nth(2).click();
    await expect(page.getByTestId('detail-email')).toBeVisible();
    await expectInsideWindow(ls, 'detail');
    const detail = await page.getByTestId('detail').boundingBox();
    expect(detail?.height ?? 0, 'detail pane height').toBeGreaterThanOrEqual(300);
    await ls.screenshot(`review-detail-${name}`);

    await page.getByTestId('rules').click();
    await expect(page.getByTestId('rules-panel')).toBeVisible();
    await expectInsideWindow(ls, 'rules-panel');
    await ls.screenshot(`rules-${name}`);
    await page.keyboard.press('Escape');

    // The "What do Keep, Remove and Watch mean?" popover too.
    await page.getByTestId('legend').locator('summary').click();
    await expect(page.locator('.decision-legend-list')).toBeVisible();
    const legend = await page.locator('.decision-legend-list').boundingBox();
    expect(legend && legend.x >= 0 && legend.y >= 0 && legend.x + legend.width <= size.width + 0.5 && legend.y + legend.height <= size.height + 0.5, `legend inside the window: ${JSON.stringify(legend)}`).toBe(true);

    await page.getByTestId('tab-export').click();
    await expect(page.getByTestId('export-cleaned-button')).toBeVisible();
    await noSideScroll();
    await ls.screenshot(`export-${name}`);
  });
}

test('at 900×600 the contact detail is a drawer that closes and gives the table back', async ({ ls }) => {
  const { page } = ls;
  await page.setViewportSize({ width: 900, height: 600 });
  await page.getByRole('button', { name: 'New cleanup', exact: true }).click();
  await ls.queueOpen([join(gen(), 'contacts.csv')]);
  await page.getByRole('button', { name: 'Choose contact list…' }).click();
  await page.getByTestId('import-contacts').click();
  await expect(page.getByTestId('contacts-card')).toContainText('400 rows');
  await page.getByTestId('tab-review').click();

  // Nothing selected: the whole width is the table's.
  await expect(page.getByTestId('detail')).toBeHidden();
  const tableWidth = (await page.getByTestId('review-table').boundingBox())?.width ?? 0;
  expect(tableWidth).toBeGreaterThan(800);

  await page.getByTestId('review-row').first().click();
  await expect(page.getByTestId('detail-email')).toBeVisible();
  // Its buttons can be used where it is.
  await page.getByTestId('detail').getByRole('button', { name: 'Remove', exact: true }).click();
  await expect(page.getByTestId('detail').locator('.badge')).toHaveText(/remove/i);
  await page.getByTestId('detail-close').click();
  await expect(page.getByTestId('detail')).toBeHidden();
});
