/**
 * Nothing leaves the app: the fixture records (and refuses) every request to anywhere but the
 * app's own origin in every test; here the whole path runs with every kind of bounce file, and
 * a control shows the recorder does see a request that leaves.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAIL_BOUNCED, writeBounceKinds } from '../electron/services/cleanup/bounce-kinds.js';
import { expect, test } from './fixtures.js';

let dir = '';
test.beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'listsweep-e2e-offline-')); });
test.afterAll(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

test('the recorder sees a request that leaves the app', async ({ ls }) => {
  test.skip(ls.host !== 'chromium', 'the Chromium host records requests; Electron cancels them in its session');
  await ls.page.goto('https://listsweep.invalid/').catch(() => {});
  expect(ls.outbound).toEqual(['GET https://listsweep.invalid/']);
  (ls.outbound as string[]).length = 0; // seen; the fixture's own check is for the other tests
});

test('import contacts and bounce files of each kind, review and export: no request leaves', async ({ ls }) => {
  const { page } = ls;
  const contacts = join(dir, 'contacts.csv');
  writeFileSync(contacts, `email,name\n${MAIL_BOUNCED.map((e, i) => `${e},Person ${i}`).join('\n')}\nkeep@example.com,Keeper\n`);
  // Every kind of mail input and a generic sheet; the recognised ESP exports run the same
  // readers in the Node test (test/electron/services/cleanup/offline.test.ts).
  const bounces = writeBounceKinds(join(dir, 'bounces'), 'mail-and-generic');

  await page.getByRole('button', { name: 'New cleanup', exact: true }).click();
  await ls.queueOpen([contacts]);
  await page.getByRole('button', { name: 'Choose contact list…' }).click();
  await expect(page.getByTestId('contacts-preview')).toBeVisible();
  await page.getByTestId('import-contacts').click();
  await expect(page.getByTestId('contacts-card')).toContainText('5 rows');

  await ls.queueOpen(bounces);
  await page.getByRole('button', { name: 'Choose bounce files…' }).click();
  await expect.poll(() => page.getByTestId('bounce-file').count()).toBeGreaterThanOrEqual(bounces.length);
  await page.getByTestId('import-bounces').click();

  await expect(page.getByTestId('summary')).toBeVisible();
  await expect(page.getByTestId('count-total')).toHaveText('5');
  await expect(page.getByTestId('count-remove').locator('.stat-value')).toHaveText('4');
  await page.getByTestId('search').fill('maildir@example.org');
  await expect(page.getByTestId('review-row')).toHaveCount(1);

  await page.getByTestId('tab-export').click();
  for (const kind of ['cleaned', 'removed', 'suppression'] as const) {
    const out = join(dir, `${kind}.csv`);
    await ls.queueSave(out);
    await page.getByTestId(`export-${kind}-button`).click();
    await expect(page.getByTestId(`export-${kind}-done`)).toContainText(`${kind}.csv`);
    const text = readFileSync(out, 'utf8');
    for (const e of MAIL_BOUNCED) expect(text.includes(e)).toBe(kind !== 'cleaned');
  }
  expect(ls.outbound).toEqual([]);
});
