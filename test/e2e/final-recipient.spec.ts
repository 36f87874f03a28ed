/**
 * A bounce about a forwarded alias, through the UI: the contact on the list is the alias
 * (Original-Recipient), and its history names the mailbox the message failed at (Final-Recipient).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, repoRoot, test } from './fixtures.js';

const BOUNCE = join(repoRoot, 'test/fixtures/mail/postfix-original-vs-final.eml');

let dir = '';
test.beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'listsweep-e2e-final-')); });
test.afterAll(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

test('the history of a forwarded alias shows both recipients', async ({ ls }) => {
  const { page } = ls;
  const list = join(dir, 'list.csv');
  writeFileSync(list, 'email\r\nalias@example.com\r\nsomeone@example.net\r\n');
  await page.getByRole('button', { name: 'New cleanup', exact: true }).click();
  await expect(page.getByTestId('import-overview')).toBeVisible();
  await ls.queueOpen([list]);
  await page.getByRole('button', { name: 'Choose contact list…' }).click();
  await page.getByTestId('import-contacts').click();
  await expect(page.getByTestId('contacts-card')).toContainText('2 rows');
  await ls.queueOpen([BOUNCE]);
  await page.getByRole('button', { name: 'Choose bounce files…' }).click();
  await page.getByTestId('import-bounces').click();
  await expect(page.getByTestId('summary')).toBeVisible();

  await page.getByTestId('search').fill('alias@');
  const rows = page.getByTestId('review-row');
  await expect(rows).toHaveCount(1);
  await expect(rows.nth(0).locator('.badge')).toHaveText(/remove/i);
  await rows.nth(0).click();
  await expect(page.getByTestId('final-recipient')).toHaveText('Sent to alias@example.com (Original-Recipient), which forwarded it to real.box@example.org (Final-Recipient), where it failed');
});
