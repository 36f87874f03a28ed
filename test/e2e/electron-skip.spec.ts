/**
 * Where Electron cannot run (a fresh clone without its binary, no display), the Electron project
 * reports every spec skipped with the reason; a spec's beforeAll must not run first and fail it.
 */
import { electronUnavailable, expect, test } from './fixtures.js';

test.beforeAll(({}, info) => {
  if (info.project.name === 'electron' && electronUnavailable() !== null) throw new Error('a beforeAll ran in the Electron project where Electron cannot run');
});

test('the app opens on its start screen', async ({ ls }) => {
  await expect(ls.page.getByRole('heading', { name: /Clean your email list/ })).toBeVisible();
});
