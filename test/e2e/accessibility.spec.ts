/**
 * axe-core on every screen and state the test host reaches, in the light and the dark theme:
 * start, the contacts and bounces previews, the review with a contact open, the Rules popover,
 * a bulk confirmation, the shortcuts dialog, the export screen and a notice. Critical and serious violations fail the test; the message
 * names each rule and the elements it found, so a failure says what to fix.
 */
import { join } from 'node:path';
import { expectAccessible } from './axe.js';
import { expect, generatedSample, test } from './fixtures.js';

const gen = generatedSample('a11y', { contacts: 300, seed: 11 });

for (const scheme of ['light', 'dark'] as const) {
  test(`every screen passes axe in the ${scheme} theme`, async ({ ls }) => {
    const { page } = ls;
    await page.emulateMedia({ colorScheme: scheme });
    await expect(page.locator('html')).toHaveAttribute('data-theme', scheme);

    await expectAccessible(ls, 'start');

    await page.getByRole('button', { name: 'New cleanup', exact: true }).click();
    await expect(page.getByTestId('import-overview')).toBeVisible();
    await expectAccessible(ls, 'import overview');

    await ls.queueOpen([join(gen(), 'contacts.csv')]);
    await page.getByRole('button', { name: 'Choose contact list…' }).click();
    await expect(page.getByTestId('contacts-preview')).toBeVisible();
    await expectAccessible(ls, 'contacts preview');
    await page.getByTestId('import-contacts').click();
    await expect(page.getByTestId('contacts-card')).toContainText('300 rows');
    // The "import finished" notice is on screen now.
    await expect(page.locator('.notice').first()).toBeVisible();
    await expectAccessible(ls, 'import with a notice');

    await ls.queueOpen([join(gen(), 'bounces.csv')]);
    await page.getByRole('button', { name: 'Choose bounce files…' }).click();
    await expect(page.getByTestId('bounce-file')).toHaveCount(1);
    await expectAccessible(ls, 'bounces preview');
    await page.getByTestId('import-bounces').click();

    await expect(page.getByTestId('count-total')).toHaveText('300');
    await expect(page.getByTestId('review-row').first()).toBeVisible();
    await expectAccessible(ls, 'review');

    await page.getByTestId('filter-remove').click();
    await page.getByTestId('review-row').first().click();
    await expect(page.getByTestId('detail-email')).toBeVisible();
    await expectAccessible(ls, 'review with a contact open');
    await ls.screenshot(`review-detail-${scheme}`);

    await page.getByTestId('rules').click();
    await expect(page.getByTestId('rules-panel')).toBeVisible();
    await expectAccessible(ls, 'rules popover');
    await page.getByTestId('rules').click();

    await page.getByTestId('bulk-remove').click();
    await expect(page.getByTestId('bulk-confirm')).toBeVisible();
    await expectAccessible(ls, 'bulk confirmation');

    await page.getByTestId('shortcuts-open').click();
    await expect(page.getByTestId('shortcuts')).toBeVisible();
    await expectAccessible(ls, 'shortcuts dialog');
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('shortcuts')).toHaveCount(0);

    await page.getByTestId('tab-export').click();
    await expect(page.getByTestId('export-cleaned')).toBeVisible();
    await expectAccessible(ls, 'export');
  });
}

test('the theme follows the system until a choice is made in the menu or the picker, and the choice is remembered; View ▸ Theme checks it', async ({ ls }) => {
  const { page } = ls;
  const html = page.locator('html');
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(html).toHaveAttribute('data-theme', 'dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(html).toHaveAttribute('data-theme', 'light');
  await expect.poll(() => ls.menuTheme()).toBe('system');

  await ls.menu('theme-dark');
  await expect(html).toHaveAttribute('data-theme', 'dark');
  await expect(page.getByTestId('theme-picker')).toHaveValue('dark');
  await expect.poll(() => ls.menuTheme()).toBe('dark');
  await page.reload();
  await expect(html).toHaveAttribute('data-theme', 'dark');

  // A choice made in the page moves the menu's check too.
  await page.getByTestId('theme-picker').selectOption('light');
  await expect.poll(() => ls.menuTheme()).toBe('light');
  await page.getByTestId('theme-picker').selectOption('system');
  await expect(html).toHaveAttribute('data-theme', 'light');
  await expect.poll(() => ls.menuTheme()).toBe('system');
  await page.reload();
  await expect(page.getByTestId('theme-picker')).toHaveValue('system');
  await expect(html).toHaveAttribute('data-theme', 'light');
});

test('a remembered theme is checked in View ▸ Theme as soon as the app starts', async ({ ls }) => {
  const { page } = ls;
  await page.getByTestId('theme-picker').selectOption('dark');
  await expect.poll(() => ls.menuTheme()).toBe('dark');
  // A new start of the shell: its menu begins at the default until the page says otherwise.
  if (ls.host === 'chromium') {
    await page.request.post('/__test/reset', { data: {} });
    expect(await ls.menuTheme()).toBe('system');
  }
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect.poll(() => ls.menuTheme()).toBe('dark');
});
