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

test('the suppression list in the format of the bounces’ service or one you choose, segments (one reason, what the review shows) and the report', async ({ ls }) => {
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

  // A segment: one reason, as address + reason.
  await page.getByTestId('export-segment-which').selectOption({ label: 'Reason: Hard bounces (1)' });
  await page.getByTestId('export-segment-shape').selectOption('reasons');
  const hard = join(dir, 'hard.csv');
  await ls.queueSave(hard);
  await page.getByTestId('export-segment-button').click();
  await expect(page.getByTestId('export-segment-done')).toContainText('hard.csv');
  expect(readFileSync(hard, 'utf8').split('\r\n').slice(0, 2).map((l) => l.split(',').slice(0, 3).join(','))).toEqual(['email,decision,reason', 'gone@example.com,remove,hard-bounce']);

  // What the review shows now, in the list's own columns.
  await page.getByTestId('tab-review').click();
  await page.getByTestId('search').fill('angry');
  await expect(page.getByTestId('review-row')).toHaveCount(1);
  await page.getByTestId('tab-export').click();
  await page.getByTestId('export-segment-which').selectOption('review');
  await page.getByTestId('export-segment-shape').selectOption('list');
  const shown = join(dir, 'shown.csv');
  await ls.queueSave(shown);
  await page.getByTestId('export-segment-button').click();
  await expect(page.getByTestId('export-segment-done')).toContainText('shown.csv');
  expect(readFileSync(shown, 'utf8')).toBe('email,name\r\nangry@example.com,Angry\r\n');

  // The report: saved from the panel, then opened in the browser with its charts drawn.
  const report = join(dir, 'report.html');
  await ls.queueSave(report);
  await page.getByTestId('export-report-button').click();
  await expect(page.getByTestId('export-report-done')).toContainText('report.html');
  const viewer = await page.context().newPage();
  await viewer.setContent(readFileSync(report, 'utf8'));
  await expect(viewer.getByRole('img', { name: /^Contacts by decision/ })).toBeVisible();
  await expect(viewer.locator('svg[data-chart="decisions"] rect')).not.toHaveCount(0);
  await expect(viewer.getByRole('img', { name: /^Contacts by bounce reason/ })).toBeVisible();
  await expect(viewer.getByTestId('r-removed-list')).toContainText('gone@example.com');
  await viewer.close();
});
