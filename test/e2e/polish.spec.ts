/**
 * The whole app walked as a new user would, at the smallest window (900×600) and a large screen
 * (1920×1080), in both themes: from the start screen through both previews to the review, its
 * detail, a bulk confirmation, undo, an export from the menu and one from its button, and back.
 * On the way: the keyboard carries on where the work goes after each action (focus is never
 * dropped on the page's body), text that is meant to be read whole is not cut off, and axe finds
 * nothing critical or serious.
 */
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expectAccessible } from './axe.js';
import { expect, generatedSample, test } from './fixtures.js';

const gen = generatedSample('polish', { contacts: 300, seed: 11 });

/** Elements matching `selector` (and shown) whose text is cut off: wider or taller than their box. */
const clipped = (page: Page, selector: string) => page.evaluate((sel) => Array.from(document.querySelectorAll<HTMLElement>(sel))
  .filter((el) => el.getClientRects().length > 0 && (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1))
  .map((el) => `${el.className}: "${el.textContent?.trim().slice(0, 40)}" (${el.scrollWidth}/${el.clientWidth} px)`), selector);

/**
 * The contacts count's causes: each part is either shown whole on the strip's line or not at all
 * (it wrapped out of sight); returns the parts cut off, and how many are shown.
 */
const causesShown = (page: Page) => page.evaluate(() => {
  const box = document.querySelector<HTMLElement>('.stat-causes')!.getBoundingClientRect();
  const parts = Array.from(document.querySelectorAll<HTMLElement>('.stat-causes > span')).map((p) => ({ text: p.textContent ?? '', r: p.getBoundingClientRect() }));
  const shown = parts.filter((p) => p.r.top < box.bottom - 1);
  return { shown: shown.length, cut: shown.filter((p) => p.r.right > box.right + 1 || p.r.bottom > box.bottom + 1).map((p) => p.text) };
});

/** Elements matching `selector` whose text runs over more than one line. */
const wrapped = (page: Page, selector: string) => page.evaluate((sel) => Array.from(document.querySelectorAll<HTMLElement>(sel)).filter((el) => {
  const range = document.createRange();
  range.selectNodeContents(el);
  return new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top))).size > 1;
}).map((el) => el.textContent?.trim() ?? ''), selector);

const SIZES = [{ width: 900, height: 600 }, { width: 1920, height: 1080 }] as const;

for (const size of SIZES) {
  for (const scheme of ['light', 'dark'] as const) {
    const at = `${size.width}×${size.height}, ${scheme}`;
    test(`a new user's walk at ${at}: focus carries on after every action, nothing meant to be read is cut off`, async ({ ls }) => {
      const { page } = ls;
      await page.setViewportSize(size);
      await page.emulateMedia({ colorScheme: scheme });
      await expect(page.locator('html')).toHaveAttribute('data-theme', scheme);
      await expectAccessible(ls, `start (${at})`);

      // By keyboard from the start: each step's button hands focus to the next step's.
      await page.getByRole('button', { name: 'New cleanup', exact: true }).focus();
      await page.keyboard.press('Enter');
      const chooseContacts = page.getByRole('button', { name: 'Choose contact list…' });
      await expect(chooseContacts).toBeFocused();
      await ls.queueOpen([join(gen(), 'contacts.csv')]);
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('contacts-preview')).toBeVisible();
      // The preview reads its file first; its Import button takes focus once it can be used.
      await expect(page.getByTestId('import-contacts')).toBeFocused();
      await expectAccessible(ls, `contacts preview (${at})`);
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('contacts-card')).toContainText('300 rows');
      await expect(page.getByRole('button', { name: 'Choose bounce files…' })).toBeFocused();
      await ls.queueOpen([join(gen(), 'bounces.csv')]);
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('bounce-file')).toHaveCount(1);
      await expect(page.getByTestId('import-bounces')).toBeFocused();
      await expectAccessible(ls, `bounces preview (${at})`);
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('count-total')).toHaveText('300');
      await expect(page.getByTestId('review-grid')).toBeFocused();

      // The steps read "1 · Import", never "1 ·" over "Import"; the table's headers, its dates
      // and the summary's counts are whole.
      expect(await wrapped(page, '.tab-label, .tab-count'), 'steps on one line').toEqual([]);
      // The top bar's theme, shortcuts and Close sit on one row (Close never drops under the others).
      const middles = await page.locator('.topbar-actions > *').evaluateAll((els) => els.map((e) => { const r = e.getBoundingClientRect(); return r.top + r.height / 2; }));
      expect(Math.max(...middles) - Math.min(...middles), 'top bar actions on one row').toBeLessThan(4);
      expect(await clipped(page, '.table-head > div'), 'column headers').toEqual([]);
      await page.getByTestId('filter-remove').click();
      await page.getByTestId('review-row').first().click();
      await expect(page.getByTestId('detail-email')).toBeVisible();
      await expect(page.locator('.trow .c-last time').first()).toBeVisible();
      expect(await clipped(page, '.trow .c-last'), 'last-bounce dates').toEqual([]);
      const causes = await causesShown(page);
      expect(causes.cut, 'the contacts count\'s causes').toEqual([]);
      expect(causes.shown, 'causes shown').toBeGreaterThan(0);
      await expectAccessible(ls, `review with a contact open (${at})`);

      if (size.width < 1180) {
        // The detail is a drawer here: closing it gives the table back its focus.
        await page.getByTestId('detail-close').click();
        await expect(page.getByTestId('detail-email')).toHaveCount(0);
        await expect(page.getByTestId('review-grid')).toBeFocused();
      }

      // A bulk change asks first, with the answer under the keyboard; either answer gives focus
      // back to the button that asked, once the change is made.
      await page.getByTestId('bulk-remove').click();
      await expect(page.getByTestId('bulk-confirm')).toBeFocused();
      await expectAccessible(ls, `bulk confirmation (${at})`);
      await page.getByRole('button', { name: 'No', exact: true }).click();
      await expect(page.getByTestId('bulk-remove')).toBeFocused();
      await page.getByTestId('filter-all').click();
      await page.getByTestId('bulk-keep').click();
      await expect(page.getByTestId('bulk-confirm')).toBeFocused();
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('count-keep')).toContainText('300');
      await expect(page.getByTestId('bulk-keep')).toBeFocused();
      // Undo with nothing left to undo turns itself off: focus moves to Redo beside it.
      await page.getByTestId('undo').click();
      await expect(page.getByTestId('count-keep')).toContainText('277');
      await expect(page.getByTestId('undo')).toBeDisabled();
      await expect(page.getByTestId('redo')).toBeFocused();

      // File ▸ Export removed addresses… from the review: the export screen opens with the
      // keyboard on that export's button, through the save dialog, the export and after.
      await ls.queueSave(join(gen(), `removed-${size.width}-${scheme}.csv`));
      await ls.menu('export-removed');
      await expect(page.getByTestId('export-removed-done')).toBeVisible();
      await expect(page.getByTestId('export-removed-button')).toBeFocused();
      await page.getByTestId('tab-export').click();
      await expect(page.getByTestId('export-cleaned')).toBeVisible();
      expect(await wrapped(page, '.tab-label, .tab-count'), 'steps on one line (export)').toEqual([]);
      await expectAccessible(ls, `export (${at})`);
      // "Export cleaned list…" by keyboard: its button is off while the export runs, then has the
      // keyboard again (not the encoding or the Excel option beside it); the next export is one Tab on.
      await page.getByTestId('export-cleaned-button').focus();
      await ls.queueSave(join(gen(), `cleaned-${size.width}-${scheme}.csv`));
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('export-cleaned-done')).toBeVisible();
      await expect(page.getByTestId('export-cleaned-button')).toBeFocused();
      await page.keyboard.press('Tab');
      await expect(page.getByTestId('export-removed-button')).toBeFocused();

      // Closing the cleanup lands on the start screen's first action.
      await page.getByRole('button', { name: 'Close', exact: true }).click();
      await expect(page.getByRole('button', { name: 'New cleanup', exact: true })).toBeFocused();
    });
  }
}

const longer = generatedSample('polish-export', { contacts: 20000, bounces: 0, seed: 4 });

test('an export that takes a while keeps the keyboard on its button, not on the encoding or Excel option beside it', async ({ ls }) => {
  const { page } = ls;
  await page.getByRole('button', { name: 'New cleanup', exact: true }).click();
  await ls.queueOpen([join(longer(), 'contacts.csv')]);
  await page.getByRole('button', { name: 'Choose contact list…' }).click();
  await page.getByTestId('import-contacts').click();
  await expect(page.getByTestId('contacts-card')).toContainText('20,000 rows', { timeout: 60_000 });
  await page.getByTestId('tab-export').click();
  // Every control that takes focus on the way, from the Enter to the export saved.
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { focusSeen: string[] }).focusSeen = seen;
    document.addEventListener('focusin', (e) => { const el = e.target as HTMLElement; seen.push(el.dataset.testid ?? el.tagName.toLowerCase()); });
  });
  const button = page.getByTestId('export-cleaned-button');
  await button.focus();
  await ls.queueSave(join(longer(), 'cleaned.csv'));
  await page.keyboard.press('Enter');
  // The button is off while the export runs (longer than the page takes to settle): focus waits for it.
  await expect(page.getByTestId('export-cleaned-done')).toBeVisible({ timeout: 60_000 });
  await expect(button).toBeFocused();
  // It may leave for the page's body while the button is off, never for another control.
  expect(new Set(await page.evaluate(() => (window as unknown as { focusSeen: string[] }).focusSeen)), 'focus on the way').toEqual(new Set(['export-cleaned-button']));
});
