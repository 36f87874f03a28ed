/**
 * Triage by keyboard alone: the table is one tab stop, K/R/W keep the place in a filtered view,
 * Tab runs table → details → filters, undo and redo by shortcut, `?` and the Rules popover take
 * focus, keep it, and give it back on Escape.
 */
import { expect, generatedSample, importGenerated, test, type AppHandle } from './fixtures.js';

const gen = generatedSample('keys', { contacts: 400, seed: 12 });

async function removeCount(ls: AppHandle): Promise<number> {
  return Number((await ls.page.getByTestId('count-remove').locator('.stat-value').innerText()).replace(/[^0-9]/g, ''));
}

/** The address of the active row (the one aria-activedescendant points at). */
async function activeEmail(ls: AppHandle): Promise<string | null> {
  return ls.page.locator('[data-testid="review-row"][data-active="true"]').getAttribute('data-email');
}

const focusedTestId = (ls: AppHandle) => ls.page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName ?? null);

test('triage by keyboard', async ({ ls }) => {
  const { page } = ls;

  await test.step('a cleanup with contacts and bounces', () => importGenerated(ls, gen(), 400));

  const grid = page.getByTestId('review-grid');
  let removed = 0;
  let next = '';

  await test.step('the table is one tab stop and lands on a row', async () => {
    await page.getByTestId('filter-remove').click();
    removed = await removeCount(ls);
    expect(removed).toBeGreaterThan(4);
    await expect(page.getByTestId('review-row').first()).toBeVisible();
    await page.getByTestId('rules').focus();
    await page.keyboard.press('Tab');
    await expect(grid).toBeFocused();
    const first = await page.getByTestId('review-row').first().getAttribute('data-email');
    expect(await activeEmail(ls)).toBe(first);
    await expect(grid).toHaveAttribute('aria-activedescendant', /^review-row-\d+$/);
  });

  await test.step('K takes the row out of the removed view and the next row takes its place', async () => {
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const rows = page.getByTestId('review-row');
    const third = await rows.nth(2).getAttribute('data-email');
    next = (await rows.nth(3).getAttribute('data-email')) ?? '';
    expect(await activeEmail(ls)).toBe(third);
    await page.keyboard.press('k');
    await expect(page.getByTestId('count-remove').locator('.stat-value')).toHaveText((removed - 1).toLocaleString('en-US'));
    await expect(page.locator(`[data-testid="review-row"][data-email="${third}"]`)).toHaveCount(0);
    await expect.poll(() => activeEmail(ls)).toBe(next);
    await expect(grid).toBeFocused();
    // The place is the same: the active row is the third one shown.
    await expect(rows.nth(2)).toHaveAttribute('data-active', 'true');
    await expect(page.getByTestId('detail-email')).toHaveText(next);
  });

  await test.step('Tab runs table → contact details → filters, never through the rows', async () => {
    const seen: (string | null)[] = [];
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab');
      const where = await page.evaluate(() => {
        const el = document.activeElement;
        return { inDetail: !!el?.closest('[data-testid="detail"]'), inRow: !!el?.closest('[data-testid="review-row"]'), id: el?.getAttribute('data-testid') ?? null };
      });
      expect(where.inRow).toBe(false);
      if (i === 0) expect(where.inDetail).toBe(true);
      seen.push(where.id);
      if (where.id === 'filter-remove') break;
    }
    expect(seen[seen.length - 1]).toBe('filter-remove');
  });

  await test.step('undo and redo by shortcut, the redo button and the Edit menu', async () => {
    await page.keyboard.press('Control+z');
    await expect(page.getByTestId('count-remove').locator('.stat-value')).toHaveText(removed.toLocaleString('en-US'));
    await expect(page.getByTestId('redo')).toBeEnabled();
    await page.keyboard.press('Control+Shift+Z');
    await expect(page.getByTestId('count-remove').locator('.stat-value')).toHaveText((removed - 1).toLocaleString('en-US'));
    await expect(page.getByTestId('redo')).toBeDisabled();
    await page.keyboard.press('Control+z');
    await expect(page.getByTestId('count-remove').locator('.stat-value')).toHaveText(removed.toLocaleString('en-US'));
    await page.keyboard.press('Control+y');
    await expect(page.getByTestId('count-remove').locator('.stat-value')).toHaveText((removed - 1).toLocaleString('en-US'));
    // Edit ▸ Undo and Edit ▸ Redo do the same.
    await ls.menu('undo');
    await expect(page.getByTestId('count-remove').locator('.stat-value')).toHaveText(removed.toLocaleString('en-US'));
    await ls.menu('redo');
    await expect(page.getByTestId('count-remove').locator('.stat-value')).toHaveText((removed - 1).toLocaleString('en-US'));
  });

  await test.step('pick rows with Ctrl-click, Shift-click and Space, then act on the picked ones', async () => {
    await page.getByTestId('filter-remove').click();
    const rows = page.getByTestId('review-row');
    await expect(rows.first()).toBeVisible();
    const before = await removeCount(ls);
    const emails = await Promise.all([0, 1, 2, 3, 4].map((i) => rows.nth(i).getAttribute('data-email')));
    await rows.nth(0).click();
    await rows.nth(2).click({ modifiers: ['Shift'] });
    await expect(page.getByTestId('picked-count')).toHaveText('3');
    // The range is of rows, not of the page's text.
    expect(await page.evaluate(() => window.getSelection()?.toString() ?? ''), 'text selected by Shift-click').toBe('');
    await expect(grid).toBeFocused();
    await rows.nth(1).click({ modifiers: ['ControlOrMeta'] });
    await expect(page.getByTestId('picked-count')).toHaveText('2');
    await expect(rows.nth(1)).toHaveAttribute('aria-selected', 'false');
    // Space on the active row (the one just Ctrl-clicked) picks it again; moving down and Space adds the fifth.
    await grid.focus();
    await page.keyboard.press('Space');
    await expect(page.getByTestId('picked-count')).toHaveText('3');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Space');
    await expect(page.getByTestId('picked-count')).toHaveText('4');
    // W acts on all picked rows: rows 0, 1, 2 and 4 leave the removed view, row 3 stays.
    await page.keyboard.press('w');
    await expect(page.getByTestId('count-remove').locator('.stat-value')).toHaveText((before - 4).toLocaleString('en-US'));
    await expect(page.getByTestId('picked-bar')).toHaveCount(0);
    await expect(rows.first()).toHaveAttribute('data-email', emails[3]!);
    await page.keyboard.press('Control+z');
    await expect(page.getByTestId('count-remove').locator('.stat-value')).toHaveText(before.toLocaleString('en-US'));
    // A picks the whole filter; the bulk bar says so, and Escape lets go.
    await grid.focus();
    await page.keyboard.press('a');
    await expect(page.getByTestId('shown-count')).toHaveText(`All ${before.toLocaleString('en-US')} selected:`);
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('shown-count')).toHaveText(`${before.toLocaleString('en-US')} shown:`);
  });

  await test.step('? lists every shortcut in a dialog that keeps focus and gives it back', async () => {
    await page.getByTestId('filter-remove').focus();
    await page.keyboard.press('?');
    const dialog = page.getByTestId('shortcuts');
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('Ctrl+Shift+Z / Ctrl+Y');
    await expect(dialog).toContainText('Watch the contact');
    await expect(dialog).toContainText('Pick every contact of the filter');
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => !!document.activeElement?.closest('[data-testid="shortcuts"]'))).toBe(true);
    }
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    expect(await focusedTestId(ls)).toBe('filter-remove');
  });

  await test.step('the Rules popover takes focus, keeps it, closes on Escape and gives it back', async () => {
    await page.getByTestId('rules').focus();
    await page.keyboard.press('Enter');
    const panel = page.getByTestId('rules-panel');
    await expect(panel).toBeVisible();
    expect(await page.evaluate(() => !!document.activeElement?.closest('[data-testid="rules-panel"]'))).toBe(true);
    for (let i = 0; i < 15; i++) {
      await page.keyboard.press('Shift+Tab');
      expect(await page.evaluate(() => !!document.activeElement?.closest('[data-testid="rules-panel"]'))).toBe(true);
    }
    await page.keyboard.press('Escape');
    await expect(panel).toHaveCount(0);
    await expect(page.getByTestId('rules')).toBeFocused();
  });
});
