/**
 * Exports shaped for where they go: the suppression list in the import format of the service
 * the bounces came from (preselected), or another one chosen in the panel.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, repoRoot, test } from './fixtures.js';

let dir = '';
test.beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'listsweep-e2e-export-')); });
test.afterAll(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

test('the suppression list comes in the format of the service the bounces came from, or one you choose', async ({ ls }) => {
  const { page } = ls;
  const contacts = join(dir, 'list.csv');
  writeFileSync(contacts, 'email,name\r\ngone@example.com,Gone\r\nangry@example.com,Angry\r\noptout@example.com,Opt\r\nstays@example.com,Stays\r\n');
  await page.getByRole('button', { name: 'New cleanup', exact: true }).click();
  await ls.queueOpen([contacts]);
  await page.getByRole('button', { name: 'Choose contact list…' }).click();
  await expect(page.getByTestId('contacts-preview')).toBeVisible();
  await page.getByTestId('import-contacts').click();
  await expect(page.getByTestId('contacts-card')).toContainText('4 rows');
  await ls.queueOpen([resolve(repoRoot, 'test/fixtures/esp/postmark-suppressions.json')]);
  await page.getByRole('button', { name: 'Choose bounce files…' }).click();
  await expect(page.getByTestId('bounce-file')).toHaveCount(1);
  await page.getByTestId('import-bounces').click();
  await expect(page.getByTestId('count-total')).toHaveText('4');

  await page.getByTestId('tab-export').click();
  const format = page.getByTestId('export-suppression-format');
  await expect(format).toHaveValue('postmark');
  await expect(page.getByTestId('export-suppression-howto')).toContainText('Suppressions');
  await ls.screenshot('export-suppression-format');

  const postmark = join(dir, 'postmark.csv');
  await ls.queueSave(postmark);
  await page.getByTestId('export-suppression-button').click();
  await expect(page.getByTestId('export-suppression-done')).toContainText('postmark.csv');
  const lines = readFileSync(postmark, 'utf8').trimEnd().split('\r\n');
  expect(lines[0]).toBe('EmailAddress,SuppressionReason,Origin,CreatedAt');
  expect(lines.slice(1).map((l) => l.split(',').slice(0, 2).join(',')).sort()).toEqual(['angry@example.com,SpamComplaint', 'gone@example.com,HardBounce', 'optout@example.com,ManualSuppression']);

  await format.selectOption('ses');
  const ses = join(dir, 'ses.csv');
  await ls.queueSave(ses);
  await page.getByTestId('export-suppression-button').click();
  await expect(page.getByTestId('export-suppression-done')).toContainText('ses.csv');
  expect(readFileSync(ses, 'utf8').trimEnd().split('\r\n').sort()).toEqual(['angry@example.com,COMPLAINT', 'gone@example.com,BOUNCE', 'optout@example.com,COMPLAINT']);
});
