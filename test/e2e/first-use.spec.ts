/**
 * First use, as a new user meets it, by keyboard and by mouse: "Try it with a sample" makes a
 * cleanup of a generated list and bounce files in three formats and opens the tour once; the
 * tour holds focus, Escape closes it, it never comes back unasked (Help ▸ Show the tour and the
 * shortcuts dialog bring it back); arrow keys move between the steps; the dashed drop zones open
 * the file dialog; decisions are explained where they appear; notices never cover a control, a
 * table row or a popover; dates are in the user's locale with the recorded value in the tooltip.
 * axe runs on the new states in both themes.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectAccessible } from './axe.js';
import type { Page } from '@playwright/test';
import { generateSample } from '../../electron/services/sample/generate.js';
import { expect, test } from './fixtures.js';

let dir = '';

test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'listsweep-e2e-first-'));
  generateSample({ contacts: 200, seed: 5, out: join(dir, 'gen') });
  // A mistyped address whose mail hard-bounced, and nothing for its correction.
  writeFileSync(join(dir, 'typo.csv'), 'email,name\r\ncarl@gmial.com,Carl\r\nann@example.org,Ann\r\n');
  writeFileSync(join(dir, 'typo-bounces.csv'), 'email,status,diagnostic\r\ncarl@gmial.com,5.1.2,550 5.1.2 Host or domain name not found\r\n');
});

test.afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const focusedTestId = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName ?? null);
const focusInTour = (page: Page) => page.evaluate(() => !!document.activeElement?.closest('[data-testid="tour"]'));

/** From the start screen, by keyboard: the sample is imported and the review shows its 300 contacts. */
async function trySampleByKeyboard(page: Page): Promise<void> {
  await page.getByTestId('try-sample').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('cleanup-name')).toHaveText(/^Sample cleanup/);
}

for (const scheme of ['light', 'dark'] as const) {
  test(`try it with a sample: the tour walks the three steps by keyboard, once (${scheme})`, async ({ ls }) => {
    const { page } = ls;
    await page.emulateMedia({ colorScheme: scheme });
    await expect(page.locator('html')).toHaveAttribute('data-theme', scheme);
    await expectAccessible(ls, 'start with the sample offer');

    await trySampleByKeyboard(page);
    const tour = page.getByTestId('tour');
    await expect(tour).toBeVisible();
    await expect(tour).toHaveAttribute('role', 'dialog');
    await expect(tour).toHaveAccessibleName('1 · Import');
    // Step one shows the import screen: the list and the bounce files in three formats.
    await expect(page.getByTestId('tab-import')).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId('contacts-card')).toContainText('300 rows');
    const bounceCard = page.getByTestId('bounces-card');
    await expect(bounceCard).toContainText('postmark-bounces.json');
    await expect(bounceCard).toContainText('bounces.csv');
    await expect(bounceCard).toContainText('undelivered-1.eml');
    await expect.poll(() => focusedTestId(page)).toBe('tour-next');
    await expectAccessible(ls, 'sample cleanup with the tour open');
    await page.screenshot({ path: join(dir, `tour-${scheme}.png`) });

    // Focus stays inside the tour.
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press('Tab');
      expect(await focusInTour(page)).toBe(true);
    }
    await page.keyboard.press('Shift+Tab');
    expect(await focusInTour(page)).toBe(true);

    await tour.getByTestId('tour-next').focus();
    await page.keyboard.press('Enter');
    await expect(tour).toHaveAccessibleName('2 · Review');
    await expect(page.getByTestId('tab-review')).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId('count-total')).toHaveText('300');
    await expect(tour).toContainText('Watch');
    await expect.poll(() => focusedTestId(page)).toBe('tour-next');
    await page.keyboard.press('Enter');
    await expect(tour).toHaveAccessibleName('3 · Export');
    await expect(page.getByTestId('tab-export')).toHaveAttribute('aria-selected', 'true');
    await expect.poll(() => focusedTestId(page)).toBe('tour-done');
    await expectAccessible(ls, 'tour on the export step');
    await page.keyboard.press('Escape');
    await expect(tour).toHaveCount(0);
    // Back to the review the sample opened on, focus on its step rather than on the page's body.
    await expect(page.getByTestId('tab-review')).toHaveAttribute('aria-selected', 'true');
    await expect.poll(() => focusedTestId(page)).toBe('tab-review');

    // Never again unasked: another sample opens without it.
    await page.getByRole('button', { name: 'Close', exact: true }).click();
    await page.getByTestId('try-sample').click();
    await expect(page.getByTestId('cleanup-name')).toHaveText('Sample cleanup (2)');
    await expect(page.getByTestId('count-total')).toHaveText('300');
    await page.waitForTimeout(300);
    await expect(tour).toHaveCount(0);
  });
}

test('the tour comes back when asked: Help ▸ Show the tour, and the shortcuts dialog; focus returns where it was', async ({ ls }) => {
  const { page } = ls;
  await trySampleByKeyboard(page);
  const tour = page.getByTestId('tour');
  await tour.getByTestId('tour-skip').click();
  await expect(tour).toHaveCount(0);
  await expect(page.getByTestId('tab-review')).toHaveAttribute('aria-selected', 'true');

  await page.getByTestId('search').focus();
  await ls.menu('show-tour');
  await expect(tour).toBeVisible();
  await expect(tour).toHaveAccessibleName('1 · Import');
  await page.keyboard.press('Escape');
  await expect(tour).toHaveCount(0);
  // Back on the review; the search box was redrawn meanwhile, so its step takes the focus.
  await expect(page.getByTestId('tab-review')).toHaveAttribute('aria-selected', 'true');
  await expect.poll(() => focusedTestId(page)).toBe('tab-review');

  await page.getByTestId('tab-review').focus();
  await page.keyboard.press('?');
  await expect(page.getByTestId('shortcuts')).toBeVisible();
  await page.getByTestId('shortcuts-tour').click();
  await expect(page.getByTestId('shortcuts')).toHaveCount(0);
  await expect(tour).toBeVisible();
  await tour.getByTestId('tour-next').click();
  await tour.getByTestId('tour-back').click();
  await expect(tour).toHaveAccessibleName('1 · Import');
  await tour.getByTestId('tour-skip').click();
  await expect(tour).toHaveCount(0);
  await expect.poll(() => focusedTestId(page)).toBe('tab-review');
});

/** Where the tour's arrow tip is (the top corner of its rotated square) and the box of the step it names. */
const arrowAndTarget = (page: Page, tab: string) => page.evaluate((id) => {
  const arrow = document.querySelector('[data-testid="tour"] .tour-arrow')!.getBoundingClientRect();
  const t = document.querySelector(`[data-testid="${id}"]`)!.getBoundingClientRect();
  return { tip: { x: arrow.left + arrow.width / 2, y: arrow.top }, target: { left: t.left, right: t.right, top: t.top, bottom: t.bottom } };
}, tab);

async function expectArrowOn(page: Page, tab: string, where: string): Promise<void> {
  // The box follows a resize on the next frame: poll rather than read once.
  await expect.poll(async () => {
    const { tip, target } = await arrowAndTarget(page, tab);
    return tip.x >= target.left && tip.x <= target.right && tip.y >= target.top && tip.y <= target.bottom
      ? 'inside'
      : `tip (${tip.x.toFixed(0)}, ${tip.y.toFixed(0)}) outside ${tab} [${target.left.toFixed(0)}–${target.right.toFixed(0)} × ${target.top.toFixed(0)}–${target.bottom.toFixed(0)}]`;
  }, { message: `${where}: the tour's arrow points at ${tab}` }).toBe('inside');
}

test('the tour\'s arrow points at the real step at 900×600, 1280×800 and 1920×1080, and follows a resize', async ({ ls }) => {
  const { page } = ls;
  await page.setViewportSize({ width: 1280, height: 800 });
  await trySampleByKeyboard(page);
  const tour = page.getByTestId('tour');
  await expect(tour).toHaveAccessibleName('1 · Import');
  for (const size of [{ width: 900, height: 600 }, { width: 1280, height: 800 }, { width: 1920, height: 1080 }]) {
    await page.setViewportSize(size);
    const at = `${size.width}×${size.height}`;
    await expectArrowOn(page, 'tab-import', at);
    await page.screenshot({ path: join(dir, `tour-arrow-${at}-import.png`) });
    await tour.getByTestId('tour-next').click();
    await expect(tour).toHaveAccessibleName('2 · Review');
    await expectArrowOn(page, 'tab-review', at);
    await tour.getByTestId('tour-next').click();
    await expect(tour).toHaveAccessibleName('3 · Export');
    await expectArrowOn(page, 'tab-export', at);
    await page.screenshot({ path: join(dir, `tour-arrow-${at}-export.png`) });
    // The whole tour stays inside the window.
    const box = (await tour.boundingBox())!;
    expect(box.x, at).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width, at).toBeLessThanOrEqual(size.width);
    expect(box.y + box.height, at).toBeLessThanOrEqual(size.height);
    await tour.getByTestId('tour-back').click();
    await tour.getByTestId('tour-back').click();
    await expect(tour).toHaveAccessibleName('1 · Import');
  }
  // Resized while open, on the last step: the arrow moves with its step.
  await tour.getByTestId('tour-next').click();
  await tour.getByTestId('tour-next').click();
  await page.setViewportSize({ width: 1000, height: 700 });
  await expectArrowOn(page, 'tab-export', 'resized to 1000×700');
});

test('arrow keys, Home and End move between the Import, Review and Export steps', async ({ ls }) => {
  const { page } = ls;
  await trySampleByKeyboard(page);
  await page.getByTestId('tour-skip').click();
  const tablist = page.getByRole('tablist', { name: 'Steps' });
  await expect(tablist.getByRole('tab')).toHaveCount(3);
  const selected = () => page.locator('[role="tab"][aria-selected="true"]').getAttribute('data-testid');

  await page.getByTestId('tab-review').click();
  await expect(page.getByRole('tabpanel')).toHaveAttribute('aria-labelledby', 'tab-review');
  // One tab stop: only the selected step is in the Tab order.
  await expect(page.getByTestId('tab-import')).toHaveAttribute('tabindex', '-1');
  await expect(page.getByTestId('tab-review')).toHaveAttribute('tabindex', '0');
  await page.getByTestId('tab-review').focus();
  for (const [key, want] of [['ArrowRight', 'tab-export'], ['ArrowRight', 'tab-import'], ['ArrowLeft', 'tab-export'], ['Home', 'tab-import'], ['End', 'tab-export'], ['ArrowLeft', 'tab-review']] as const) {
    await page.keyboard.press(key);
    expect(await selected(), `${key} selects`).toBe(want);
    expect(await focusedTestId(page), `${key} focuses`).toBe(want);
  }
  await expect(page.getByTestId('tab-review')).toHaveAttribute('aria-controls', 'panel-review');
  await expect(page.locator('#panel-review')).toHaveAttribute('role', 'tabpanel');
});

test('the dashed drop zones open the file dialog on click, Enter and Space', async ({ ls }) => {
  const { page } = ls;
  const startDrop = page.getByTestId('start-drop');
  await expect(startDrop).toHaveAccessibleName(/Drop a contact list here to start, or click to choose one/);
  await ls.queueOpen([join(dir, 'gen/contacts.csv')]);
  await startDrop.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('contacts-preview')).toBeVisible();

  // A new cleanup's import screen: Space on the contacts zone, a click on the bounces zone.
  await page.getByRole('button', { name: 'Close', exact: true }).click();
  await page.getByRole('button', { name: 'New cleanup', exact: true }).click();
  await ls.queueOpen([join(dir, 'gen/contacts.csv')]);
  await page.getByTestId('contacts-drop').focus();
  await page.keyboard.press('Space');
  await expect(page.getByTestId('contacts-preview')).toBeVisible();
  await page.getByTestId('import-contacts').click();
  await expect(page.getByTestId('contacts-card')).toContainText('200 rows');
  await ls.queueOpen([join(dir, 'gen/bounces.csv')]);
  await page.getByTestId('bounces-drop').click();
  await expect(page.getByTestId('bounce-file')).toHaveCount(1);
  // A cancelled dialog leaves the screen as it was.
  await page.getByRole('button', { name: 'Cancel' }).first().click();
  await page.getByTestId('bounces-drop').click();
  await expect(page.getByTestId('import-overview')).toBeVisible();
});

test('dates are shown in the user\'s locale, the recorded value in the tooltip', async ({ ls }) => {
  const { page } = ls;
  await trySampleByKeyboard(page);
  await page.getByTestId('tour-skip').click();
  await page.getByTestId('filter-remove').click();
  await page.getByTestId('review-row').first().click();
  const when = page.getByTestId('history').locator('time').first();
  await expect(when).toBeVisible();
  const shown = await when.evaluate((el) => ({
    text: el.textContent,
    title: el.getAttribute('title'),
    dateTime: el.getAttribute('datetime') ?? '',
    expected: new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(el.getAttribute('datetime') ?? '')),
  }));
  expect(shown.text).toBe(shown.expected);
  expect(shown.title).toContain(shown.dateTime);
  expect(shown.dateTime).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  // The import screen's "imported …" uses the same helper.
  await page.getByTestId('tab-import').click();
  const imported = page.getByTestId('contacts-card').locator('time');
  await expect(imported).toHaveAttribute('title', /shown in .+ time/);
});

test('accepting a typo correction for an address that hard-bounced says what became of the evidence', async ({ ls }) => {
  const { page } = ls;
  await page.getByRole('button', { name: 'New cleanup', exact: true }).click();
  await ls.queueOpen([join(dir, 'typo.csv')]);
  await page.getByRole('button', { name: 'Choose contact list…' }).click();
  await page.getByTestId('import-contacts').click();
  await expect(page.getByTestId('contacts-card')).toContainText('2 rows');
  await ls.queueOpen([join(dir, 'typo-bounces.csv')]);
  await page.getByRole('button', { name: 'Choose bounce files…' }).click();
  await page.getByTestId('import-bounces').click();
  await expect(page.getByTestId('count-total')).toHaveText('2');
  await page.getByTestId('search').fill('carl');
  await page.getByTestId('review-row').first().click();
  await expect(page.getByTestId('detail-suggestion')).toContainText('carl@gmail.com');
  await page.getByTestId('accept-suggestion').click();
  const note = 'Corrected by you from carl@gmial.com, which hard-bounced. That evidence stays with carl@gmial.com, which is no longer on your list; the corrected address has no bounce history of its own.';
  await expect(page.locator('.notice').filter({ hasText: note })).toBeVisible();
  await page.getByTestId('search').fill('carl@gmail');
  await page.getByTestId('review-row').first().click();
  await expect(page.getByTestId('detail-corrected')).toContainText(note);
});

/**
 * What the notices cover: every control, table row and popover whose visible part (its box cut
 * by the scrolling panels it sits in, and by the window) shares more than a pixel with a notice's
 * box where the notice is on top, named by test id or text.
 */
const coveredByNotices = (page: Page) => page.evaluate(() => {
  const notices = Array.from(document.querySelectorAll('.notice')).map((n) => n.getBoundingClientRect());
  const shown = (el: Element): DOMRect | null => {
    let { left, top, right, bottom } = el.getBoundingClientRect();
    // A panel that scrolls cuts what it holds; a fixed element is cut by the window alone.
    for (let p: Element | null = el; p && getComputedStyle(p).position !== 'fixed'; p = p.parentElement) {
      const up = p.parentElement;
      if (!up || getComputedStyle(up).overflow === 'visible') continue;
      const r = up.getBoundingClientRect();
      left = Math.max(left, r.left); top = Math.max(top, r.top); right = Math.min(right, r.right); bottom = Math.min(bottom, r.bottom);
    }
    left = Math.max(left, 0); top = Math.max(top, 0); right = Math.min(right, window.innerWidth); bottom = Math.min(bottom, window.innerHeight);
    return right - left > 1 && bottom - top > 1 ? new DOMRect(left, top, right - left, bottom - top) : null;
  };
  // Where the boxes meet, is a notice the top element at any of nine points?
  const overlaps = (a: DOMRect, b: DOMRect) => {
    const left = Math.max(a.left, b.left), right = Math.min(a.right, b.right), top = Math.max(a.top, b.top), bottom = Math.min(a.bottom, b.bottom);
    if (right - left <= 1 || bottom - top <= 1) return false;
    return [0.1, 0.5, 0.9].some((x) => [0.1, 0.5, 0.9].some((y) => !!document.elementFromPoint(left + (right - left) * x, top + (bottom - top) * y)?.closest('.notice')));
  };
  const what = 'button, input, select, textarea, a[href], summary, [role="tab"], [role="row"], [role="columnheader"], [tabindex]:not([tabindex="-1"]), .rules-popover, .decision-legend-list, .kb-dialog, .tour';
  return Array.from(document.querySelectorAll<HTMLElement>(what))
    .filter((el) => !el.closest('.notices') && getComputedStyle(el).visibility !== 'hidden')
    .filter((el) => { const r = shown(el); return r !== null && notices.some((n) => overlaps(n, r)); })
    .map((el) => el.dataset.testid ?? `${el.className || el.tagName}: ${el.textContent?.trim().slice(0, 30) ?? ''}`);
});

for (const size of [{ width: 900, height: 600 }, { width: 1280, height: 800 }, { width: 1920, height: 1080 }]) {
  test(`notices never cover a control, a table row or a popover at ${size.width}×${size.height}`, async ({ ls }) => {
    const { page } = ls;
    // Notices fade after a few seconds: raise two right before each look (the same one twice shows once).
    const raise = async () => {
      await page.keyboard.press('Control+z');
      await page.keyboard.press('Control+z');
      await page.keyboard.press('Control+y');
      await expect(page.locator('.notice').filter({ hasText: /Nothing to (undo|redo)\./ })).toHaveCount(2);
    };
    await page.setViewportSize(size);
    // On the start screen, Help ▸ Show the tour says why there is nothing to tour yet.
    await ls.menu('show-tour');
    await expect(page.locator('.notice')).toHaveCount(1);
    expect(await coveredByNotices(page), 'start').toEqual([]);
    await page.getByTestId('try-sample').click();
    await page.getByTestId('tour-skip').click();
    await expect(page.getByTestId('count-total')).toHaveText('300');
    await expect(page.getByTestId('review-row').first()).toBeVisible();
    await raise();
    expect(await coveredByNotices(page), 'review').toEqual([]);
    // The last rows, scrolled into view, are not under the notices either.
    await page.getByTestId('review-grid').focus();
    await page.keyboard.press('End');
    await raise();
    expect(await coveredByNotices(page), 'review scrolled to its end').toEqual([]);
    await page.getByTestId('review-row').first().click();
    await raise();
    expect(await coveredByNotices(page), 'review with a contact open').toEqual([]);
    await page.getByTestId('rules').click();
    await expect(page.getByTestId('rules-panel')).toBeVisible();
    await raise();
    expect(await coveredByNotices(page), 'rules popover').toEqual([]);
    // It ends above the notices, whole, rather than run on under them, cut off by the screen's edge.
    expect(await page.getByTestId('rules-panel').evaluate((el) => el.getBoundingClientRect().bottom - el.closest('.workspace-body')!.getBoundingClientRect().bottom), 'rules popover cut off (px)').toBeLessThanOrEqual(0.5);
    await page.keyboard.press('Escape');
    await page.keyboard.press('?');
    await expect(page.getByTestId('shortcuts')).toBeVisible();
    await raise();
    expect(await coveredByNotices(page), 'shortcuts dialog').toEqual([]);
    await page.keyboard.press('Escape');
    await page.getByTestId('legend').locator('summary').click();
    await raise();
    expect(await coveredByNotices(page), 'decision legend').toEqual([]);
    await page.getByTestId('tab-export').click();
    await raise();
    expect(await coveredByNotices(page), 'export').toEqual([]);
    await page.getByTestId('tab-import').click();
    await raise();
    expect(await coveredByNotices(page), 'import').toEqual([]);
  });
}

test('Keep, Remove and Watch are explained where they appear: a legend opened by keyboard, and each filter and count described by it', async ({ ls }) => {
  const { page } = ls;
  await trySampleByKeyboard(page);
  await page.getByTestId('tour-skip').click();
  const watchHelp = /^Watch: stays on the list for now, flagged\. It soft-bounced/;
  await expect(page.getByTestId('filter-watch')).toHaveAccessibleDescription(watchHelp);
  await expect(page.getByTestId('count-watch')).toHaveAccessibleDescription(watchHelp);
  await expect(page.getByTestId('filter-remove')).toHaveAccessibleDescription(/^Remove: comes off the list\./);
  await expect(page.getByTestId('count-keep')).toHaveAccessibleDescription(/^Keep: stays on the list\./);
  const legend = page.getByTestId('legend');
  await expect(legend.getByText(watchHelp)).toBeHidden();
  await legend.locator('summary').focus();
  await page.keyboard.press('Enter');
  await expect(legend.getByText(watchHelp)).toBeVisible();
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await expect(page.locator('html')).toHaveAttribute('data-theme', scheme);
    await expectAccessible(ls, `review with the legend open (${scheme})`);
  }
  // A popover like the others: Escape closes it and leaves the keyboard on its summary; so does a
  // click anywhere else (it floats over the table's rows).
  await page.keyboard.press('Escape');
  await expect(legend.getByText(watchHelp)).toBeHidden();
  await expect(legend.locator('summary')).toBeFocused();
  await legend.locator('summary').click();
  await expect(legend.getByText(watchHelp)).toBeVisible();
  await page.getByTestId('search').click();
  await expect(legend.getByText(watchHelp)).toBeHidden();
  // The table's badges carry the same words as a tooltip.
  await expect(page.getByTestId('review-row').first().locator('.badge')).toHaveAttribute('title', /^(Keep|Remove|Watch): /);
});
