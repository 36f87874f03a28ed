/**
 * Where the review's table shows that it has the keyboard. In a narrow window the contact detail
 * is a drawer over the table: it opens when the user asks (Enter, a click), never because the
 * table took focus, while a wide window's side pane shows the active row as before. In either
 * theme, a row is marked (the accent bar at its left edge, the ring) only when it is the active
 * one: nothing accent-coloured shows at the edge of the others.
 */
import type { Page } from '@playwright/test';
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

/**
 * For each row shown whole, how far (0–255, the largest channel difference) the colour of its
 * left edge is from the colour a few pixels in, where only the row's own background is. Decoded
 * from a screenshot in a blank page (the app's CSP rightly refuses data: images).
 */
async function leftEdges(page: Page): Promise<{ email: string; active: boolean; diff: number }[]> {
  const scroller = page.getByTestId('review-grid');
  const box = (await scroller.boundingBox())!;
  const rows = await page.getByTestId('review-row').evaluateAll((els, top) => els.map((el) => {
    const r = el.getBoundingClientRect();
    return { email: el.getAttribute('data-email') ?? '', active: el.getAttribute('data-active') === 'true', y: r.top - top, h: r.height };
  }), box.y);
  const shown = rows.filter((r) => r.y >= 0 && r.y + r.h <= box.height);
  const png = (await scroller.screenshot()).toString('base64');
  const blank = await page.context().newPage();
  try {
    const pixels = await blank.evaluate(async ({ png, at }) => {
      const img = new Image();
      img.src = `data:image/png;base64,${png}`;
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = img.width;
      canvas.height = img.height;
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      const px = (x: number, y: number) => Array.from(ctx.getImageData(x, y, 1, 1).data.slice(0, 3));
      // A third of the way down each row: clear of its text and of its bottom border.
      return at.map((y) => {
        const edge = [0, 1, 2].map((x) => px(x, y));
        const inside = px(6, y);
        return Math.max(...edge.map((e) => Math.max(...e.map((c, i) => Math.abs(c - inside[i]!)))));
      });
    }, { png, at: shown.map((r) => Math.round(r.y + r.h / 3)) });
    return shown.map((r, i) => ({ email: r.email, active: r.active, diff: pixels[i]! }));
  } finally {
    await blank.close();
  }
}

for (const scheme of ['light', 'dark'] as const) {
  test(`in the ${scheme} theme only the active row is marked at its left edge`, async ({ ls }) => {
    const { page } = ls;
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.emulateMedia({ colorScheme: scheme });
    await expect(page.locator('html')).toHaveAttribute('data-theme', scheme);
    await importGenerated(ls, gen(), 400);
    await tabIntoTable(ls);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => activeEmail(ls)).toBe(await rowEmail(ls, 2));
    // Let the hover and focus transitions settle; the mouse is nowhere near the table.
    await page.mouse.move(0, 0);
    await page.waitForTimeout(200);

    const focused = await leftEdges(page);
    expect(focused.length).toBeGreaterThan(8);
    expect(focused.filter((r) => r.active).map((r) => r.diff > 40), 'the active row is marked').toEqual([true]);
    expect(focused.filter((r) => !r.active && r.diff > 6), 'rows marked that are not the active one (table focused)').toEqual([]);

    // With the keyboard elsewhere the active row keeps its bar, and still no other row has one.
    await page.getByTestId('search').focus();
    await page.waitForTimeout(200);
    const blurred = await leftEdges(page);
    expect(blurred.filter((r) => !r.active && r.diff > 6), 'rows marked that are not the active one (table not focused)').toEqual([]);

    // No active row at all (Escape lets go of it): no row is marked.
    await page.getByTestId('review-grid').focus();
    await page.keyboard.press('Escape');
    await expect(page.locator('[data-testid="review-row"][data-active="true"]')).toHaveCount(0);
    await page.waitForTimeout(200);
    const none = await leftEdges(page);
    expect(none.filter((r) => r.diff > 6), 'rows marked with no active row').toEqual([]);
    // The table shows it has the keyboard by its frame instead.
    const frame = () => page.getByTestId('review-table').evaluate((t) => getComputedStyle(t).borderColor);
    const focusedFrame = await frame();
    await page.getByTestId('search').focus();
    expect(focusedFrame, 'the frame of the focused table with no active row').not.toBe(await frame());
  });
}

for (const scheme of ['light', 'dark'] as const) {
  test(`in the ${scheme} theme the column headers look alike: none stands out as if it sorted the table`, async ({ ls }) => {
    const { page } = ls;
    await page.emulateMedia({ colorScheme: scheme });
    await expect(page.locator('html')).toHaveAttribute('data-theme', scheme);
    await importGenerated(ls, gen(), 400);
    await page.mouse.move(0, 0);
    const looks = () => page.locator('[role="columnheader"]').evaluateAll((els) => els.map((el) => {
      const s = getComputedStyle(el);
      return { name: el.textContent?.trim() ?? '', sorted: (el.getAttribute('aria-sort') ?? 'none') !== 'none', look: `${s.color} ${s.fontWeight} ${s.fontSize}` };
    }));
    // A header that stood out (Domain, Last bounce, Address) read as the table's order.
    const unsorted = (await looks()).filter((h) => !h.sorted);
    expect(unsorted.length).toBe(8);
    expect(unsorted.filter((h) => h.look !== unsorted[0]!.look).map((h) => `${h.name}: ${h.look}`), `headers unlike "${unsorted[0]!.name}" (${unsorted[0]!.look})`).toEqual([]);
  });
}

for (const scheme of ['light', 'dark'] as const) {
  test(`in the ${scheme} theme picked rows show as picked, odd or even, and the active row keeps its colour under the mouse`, async ({ ls }) => {
    const { page } = ls;
    await page.emulateMedia({ colorScheme: scheme });
    await expect(page.locator('html')).toHaveAttribute('data-theme', scheme);
    await importGenerated(ls, gen(), 400);
    const rows = page.getByTestId('review-row');
    await rows.nth(1).click();
    await rows.nth(4).click({ modifiers: ['Shift'] });
    await expect(page.getByTestId('picked-count')).toHaveText('4');
    await page.mouse.move(0, 0);
    const backgrounds = () => rows.evaluateAll((els) => els.slice(0, 8).map((el) => ({
      picked: el.getAttribute('aria-selected') === 'true', active: el.getAttribute('data-active') === 'true', bg: getComputedStyle(el).backgroundColor,
    })));
    const seen = await backgrounds();
    const picked = new Set(seen.filter((r) => r.picked).map((r) => r.bg));
    expect(picked.size, `picked rows' backgrounds: ${[...picked].join(', ')}`).toBe(1);
    expect(seen.filter((r) => !r.picked && picked.has(r.bg)), 'rows not picked that look picked').toEqual([]);

    // The mouse over the active row (picked or not) leaves its colour as it was.
    await page.getByTestId('picked-clear').click();
    await rows.nth(2).click();
    await page.mouse.move(0, 0);
    const still = (await backgrounds()).find((r) => r.active)!.bg;
    await rows.nth(2).hover();
    expect((await backgrounds()).find((r) => r.active)!.bg, 'the active row under the mouse').toBe(still);
  });
}
