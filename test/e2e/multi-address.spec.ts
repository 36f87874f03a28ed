/**
 * A Google Contacts export with several addresses per contact, through the UI: the preview
 * highlights every address column (scrolled into view, changeable), the review shows each
 * address with its row, and the cleaned list keeps a row while one of its addresses survives.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, repoRoot, test } from './fixtures.js';

const GOOGLE = join(repoRoot, 'test/fixtures/contacts/google-contacts-multi.csv');
const BOUNCES = join(repoRoot, 'test/fixtures/esp/generic-bounces-multi-address.csv');

let dir = '';
test.beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'listsweep-e2e-multi-')); });
test.afterAll(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

test('a Google Contacts export with several addresses per row', async ({ ls }) => {
  const { page } = ls;
  const preview = page.getByTestId('contacts-preview');

  await test.step('the preview highlights both address columns, scrolled into view, and the set can change', async () => {
    await page.getByRole('button', { name: 'New cleanup', exact: true }).click();
    await expect(page.getByTestId('import-overview')).toBeVisible();
    await ls.queueOpen([GOOGLE]);
    await page.getByRole('button', { name: 'Choose contact list…' }).click();
    await expect(preview).toBeVisible();
    await expect(preview.locator('th.hl')).toHaveCount(2);
    await expect(preview.locator('th.hl').nth(0)).toContainText('E-mail 1 - Value');
    await expect(preview.locator('th.hl').nth(1)).toContainText('E-mail 2 - Value');
    await expect(page.getByTestId('address-columns')).toContainText('2 columns: E-mail 1 - Value, E-mail 2 - Value');
    await ls.screenshot('import-preview-multi');
    await expect(preview.locator('th.hl').nth(0)).toBeInViewport();
    await expect.poll(() => page.getByTestId('preview-scroll').evaluate((e) => e.scrollLeft)).toBeGreaterThan(0);
    // Click a highlighted header: that column is no longer read; click again: it is.
    await preview.locator('th.hl').nth(1).click();
    await expect(preview.locator('th.hl')).toHaveCount(1);
    await preview.locator('th[data-col="20"]').click();
    await expect(preview.locator('th.hl')).toHaveCount(2);
    await page.getByTestId('import-contacts').click();
    await expect(page.getByTestId('contacts-card')).toContainText('9 rows');
  });

  await test.step('bounces', async () => {
    await ls.queueOpen([BOUNCES]);
    await page.getByRole('button', { name: 'Choose bounce files…' }).click();
    await expect(page.getByTestId('bounce-file')).toHaveCount(1);
    await page.getByTestId('import-bounces').click();
    await expect(page.getByTestId('summary')).toBeVisible();
  });

  await test.step('the review shows both addresses of a row, each decided', async () => {
    await page.getByTestId('search').fill('bob@');
    const rows = page.getByTestId('review-row');
    await expect(rows).toHaveCount(2);
    await expect(rows.nth(0).locator('.c-email')).toContainText('bob@example.com');
    await expect(rows.nth(0).locator('.badge')).toHaveText(/keep/i);
    await expect(rows.nth(1).locator('.c-email')).toContainText('bob@old-gone.example.com');
    await expect(rows.nth(1).locator('.badge')).toHaveText(/remove/i);
    await expect(rows.nth(1).getByTestId('addr-place')).toHaveText('row 2 · E-mail 1 - Value');
    // Carol's only address is in the second column: there, and kept.
    await page.getByTestId('search').fill('carol@');
    await expect(rows).toHaveCount(1);
    await expect(rows.nth(0).locator('.badge')).toHaveText(/keep/i);
    await expect(rows.nth(0).getByTestId('addr-place')).toHaveText('row 3 · E-mail 2 - Value');
    await rows.nth(0).click();
    await expect(page.getByTestId('detail-email')).toHaveText('carol@example.org');
    await expect(page.getByTestId('detail')).toContainText('row 3 · this address is from E-mail 2 - Value');
    await ls.screenshot('review-multi-address');
  });

  await test.step('export: the bounced address is taken out of its row, the row stays', async () => {
    await page.getByTestId('tab-export').click();
    const out = join(dir, 'cleaned.csv');
    await ls.queueSave(out);
    await page.getByTestId('export-cleaned-button').click();
    await expect(page.getByTestId('export-cleaned-done')).toContainText('cleaned.csv');
    const lines = readFileSync(out, 'utf8').split('\r\n');
    expect(lines).toContain('Bob,,Jones,,,,,,,,,,,,,,* myContacts,* Home,bob@example.com,,,,');
    expect(lines).toContain('Anna,,Smith,,,,,,,,,,,,,,* myContacts,* Home,anna@example.com,,,Mobile,+1 555 0100');
    expect(lines.some((l) => l.startsWith('Dan,'))).toBe(false);
    expect(lines).toContain('Carol,,White,,,,,,,,,,,,,,* myContacts,,,Work,carol@example.org,,');
  });
});
