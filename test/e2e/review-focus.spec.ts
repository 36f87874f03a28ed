/**
 * Where the review's table shows that it has the keyboard. In a narrow window the contact detail
 * is a drawer over the table: it opens when the user asks (Enter, a click), never because the
 * table took focus, while a wide window's side pane shows the active row as before. In either
 * theme, a row is marked (the accent bar at its left edge, the ring) only when it is the active
 * one: nothing accent-coloured shows at the edge of the others.
 */
import { expect, generatedSample, importGenerated, test, type AppHandle } from './fixtures.js';

const gen = generatedSample('review-focus', { contacts: 400, seed: 12 });

const activeEmail = (ls: AppHandle) => ls.page.locator('[data-testid="review-row"][data-active="true"]').getAttribute('data-email');
const rowEmail = (ls: AppHandle, n: number) => ls.page.getByTestId('review-row').nth(n).getAttribute('data-email');

/** Tab into the table from the control before it (the Rules button), as a keyboard user arrives. */
async function tabIntoTable(ls: AppHandle): Promise<void> {
  await ls.page.getByTestId('rules').focus();
  await ls.page.keyboard.press('Tab');
  await expect(ls.page.getByTestId('review-grid')).toBeFocused();
}

test('at 900×600 the detail drawer opens only when asked, never because the table took focus', async ({ ls }) => {
  const { page } = ls;
  await page.setViewportSize({ width: 900, height: 600 });
  await importGenerated(ls, gen(), 400);
  const grid = page.getByTestId('review-grid');
  const drawer = page.getByTestId('detail');

  // The review opens with the keyboard in the table, on its first row, and the drawer shut.
  await expect(grid).toBeFocused();
  await expect.poll(() => activeEmail(ls)).toBe(await rowEmail(ls, 0));
  await expect(drawer).toBeHidden();

  // Arriving by Tab once the rows are in: still on the first row, still shut.
  await page.keyboard.press('Escape');
  await tabIntoTable(ls);
  await expect.poll(() => activeEmail(ls)).toBe(await rowEmail(ls, 0));
  await page.waitForTimeout(300);
  await expect(drawer).toBeHidden();

  // ↓ moves the active row without opening anything; Enter opens it.
  await page.keyboard.press('ArrowDown');
  const second = await rowEmail(ls, 1);
  await expect.poll(() => activeEmail(ls)).toBe(second);
  await expect(drawer).toBeHidden();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('detail-email')).toHaveText(second!);
  await expect(grid).toBeFocused();

  // Open, it follows the active row; Escape shuts it and the place in the table stays.
  await page.keyboard.press('ArrowDown');
  const third = await rowEmail(ls, 2);
  await expect(page.getByTestId('detail-email')).toHaveText(third!);
  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();
  await expect(grid).toBeFocused();
  expect(await activeEmail(ls)).toBe(third);

  // A click opens the row clicked; the drawer's ✕ shuts it and gives the table back, on that row.
  await page.getByTestId('review-row').nth(4).click();
  const fifth = await rowEmail(ls, 4);
  await expect(page.getByTestId('detail-email')).toHaveText(fifth!);
  await page.getByTestId('detail-close').click();
  await expect(drawer).toBeHidden();
  await expect(grid).toBeFocused();
  expect(await activeEmail(ls)).toBe(fifth);

  // The shortcuts list says how to open it.
  await page.keyboard.press('?');
  await expect(page.getByTestId('shortcuts')).toContainText('Open the contact');
});

for (const size of [{ width: 1280, height: 800 }, { width: 1920, height: 1080 }]) {
  test(`at ${size.width}×${size.height} the side pane shows the row the table lands on`, async ({ ls }) => {
    const { page } = ls;
    await page.setViewportSize(size);
    await importGenerated(ls, gen(), 400);
    await expect(page.getByTestId('review-grid')).toBeFocused();
    await expect(page.getByTestId('detail-email')).toHaveText((await rowEmail(ls, 0))!);
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('detail-email')).toHaveCount(0);
    await tabIntoTable(ls);
    await expect(page.getByTestId('detail-email')).toHaveText((await rowEmail(ls, 0))!);
    await page.keyboard.press('ArrowDown');
    await expect(page.getByTestId('detail-email')).toHaveText((await rowEmail(ls, 1))!);
  });
}
