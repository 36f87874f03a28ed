/**
 * Sorting the review table by its headers, with the mouse and by keyboard: each click or
 * Enter/Space sets aria-sort and the rows on screen follow that order, in a filter too; K still
 * acts on the active row of a sorted view.
 */
import { expect, generatedSample, importGenerated, test, type AppHandle } from './fixtures.js';

const gen = generatedSample('sort', { contacts: 400, bounces: 200, seed: 21 });

/** The text of one column in the rows on screen, top to bottom. */
async function column(ls: AppHandle, cls: string): Promise<string[]> {
  const rows = ls.page.getByTestId('review-row');
  await expect(rows.first()).toBeVisible();
  return rows.locator(`.${cls}`).allInnerTexts();
}

/** Non-blank values in order (blanks come last, and only after every value). */
function ordered<T>(values: readonly string[], parse: (s: string) => T, desc: boolean): boolean {
  const firstBlank = values.findIndex((v) => v.trim() === '');
  if (firstBlank >= 0 && values.slice(firstBlank).some((v) => v.trim() !== '')) return false;
  const xs = values.filter((v) => v.trim() !== '').map(parse);
  return xs.every((x, i) => i === 0 || (desc ? xs[i - 1]! >= x : xs[i - 1]! <= x));
}

test('sort the review by clicking and by keyboard', async ({ ls }) => {
  const { page } = ls;

  await test.step('a cleanup with contacts and bounces', () => importGenerated(ls, gen(), 400));

  const header = (by: string) => page.getByTestId(`sort-${by}`);

  await test.step('a click on Domain sorts A to Z, a second Z to A, a third back to list order', async () => {
    const listOrder = (await column(ls, 'c-email')).slice(0, 10);
    await expect(header('domain')).toHaveAttribute('aria-sort', 'none');
    await header('domain').click();
    await expect(header('domain')).toHaveAttribute('aria-sort', 'ascending');
    await expect.poll(async () => ordered(await column(ls, 'c-domain'), (s) => s, false)).toBe(true);
    const az = await column(ls, 'c-domain');
    expect(new Set(az).size).toBeGreaterThan(3);
    await header('domain').click();
    await expect(header('domain')).toHaveAttribute('aria-sort', 'descending');
    await expect.poll(async () => (await column(ls, 'c-domain'))[0]).not.toBe(az[0]);
    expect(ordered(await column(ls, 'c-domain'), (s) => s, true)).toBe(true);
    await header('domain').click();
    await expect(header('domain')).toHaveAttribute('aria-sort', 'none');
    await expect.poll(async () => (await column(ls, 'c-email')).slice(0, 10)).toEqual(listOrder);
  });

  await test.step('by keyboard: ↑ from the first row to the headers, ← / → to Bounces, Enter and Space', async () => {
    const grid = page.getByTestId('review-grid');
    await page.getByTestId('rules').focus();
    await page.keyboard.press('Tab');
    await expect(grid).toBeFocused();
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowUp');
    // The header used last (Domain, clicked above).
    await expect(header('domain')).toBeFocused();
    await page.keyboard.press('ArrowLeft');
    await expect(header('address')).toBeFocused();
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
    await expect(header('bounces')).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(header('bounces')).toHaveAttribute('aria-sort', 'descending');
    await expect(header('address')).toHaveAttribute('aria-sort', 'none');
    await expect.poll(async () => Number((await column(ls, 'c-bounces'))[0])).toBeGreaterThan(1);
    expect(ordered(await column(ls, 'c-bounces'), Number, true)).toBe(true);
    await page.keyboard.press(' ');
    await expect(header('bounces')).toHaveAttribute('aria-sort', 'ascending');
    await expect.poll(async () => (await column(ls, 'c-bounces'))[0]).toBe('1');
    expect(ordered(await column(ls, 'c-bounces'), Number, false)).toBe(true);
    await page.keyboard.press('ArrowDown');
    await expect(grid).toBeFocused();
  });

  await test.step('K keeps the active row of the sorted view', async () => {
    const first = page.getByTestId('review-row').first();
    await first.click();
    const email = await first.getAttribute('data-email');
    await page.getByTestId('review-grid').focus();
    await page.keyboard.press('k');
    const row = page.locator(`[data-testid="review-row"][data-email="${email}"]`).first();
    await expect(row.locator('.badge')).toHaveText('keep');
    await expect(row.locator('.overridden')).toBeVisible();
    await expect(header('bounces')).toHaveAttribute('aria-sort', 'ascending');
  });

  await test.step('in a filter: the removed rows by last bounce, newest first', async () => {
    await page.getByTestId('filter-remove').click();
    await header('lastBounce').click();
    await expect(header('lastBounce')).toHaveAttribute('aria-sort', 'descending');
    // Each date as every date is shown (dates.ts): a <time> whose datetime is the recorded instant.
    const dates = page.getByTestId('review-row').locator('.c-last time');
    await expect.poll(async () => (await dates.first().getAttribute('datetime')) ?? '').not.toBe('');
    const iso = await dates.evaluateAll((els) => els.map((e) => e.getAttribute('datetime') ?? ''));
    expect(ordered(iso, (s) => s, true)).toBe(true);
    await expect(page.getByTestId('review-row').locator('.badge').first()).toHaveText('remove');
  });
});
