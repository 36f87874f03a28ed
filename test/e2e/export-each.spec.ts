/**
 * Every export the panel offers, taken from the UI and read back: the cleaned list as CSV (the
 * imported bytes less the removed rows) and as Excel, the removed list both ways, the suppression
 * list in each service's format (its documented header, one line per removed address), and the
 * rows selected in the review, in the list's own columns and as address + reason.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Papa from 'papaparse';
import readXlsxFile from 'read-excel-file/node';
import { SUPPRESSION_FORMATS } from '../../shared/suppression-formats.js';
import { expect, repoRoot, test, type AppHandle } from './fixtures.js';

let dir = '';
test.beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'listsweep-e2e-export-each-')); });
test.afterAll(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

const LIST = 'email,name\r\ngone@example.com,Gone\r\nangry@example.com,Angry\r\noptout@example.com,Opt\r\nstays@example.com,Stays\r\nalso@example.com,Also\r\n';
const REMOVED = ['angry@example.com', 'gone@example.com', 'optout@example.com'];

async function cleanup(ls: AppHandle): Promise<void> {
  const { page } = ls;
  const contacts = join(dir, 'list.csv');
  writeFileSync(contacts, LIST);
  await page.getByRole('button', { name: 'New cleanup', exact: true }).click();
  await ls.queueOpen([contacts]);
  await page.getByRole('button', { name: 'Choose contact list…' }).click();
  await expect(page.getByTestId('contacts-preview')).toBeVisible();
  await page.getByTestId('import-contacts').click();
  await expect(page.getByTestId('contacts-card')).toContainText('5 rows');
  await ls.queueOpen([resolve(repoRoot, 'test/fixtures/esp/postmark-suppressions.json')]);
  await page.getByRole('button', { name: 'Choose bounce files…' }).click();
  await expect(page.getByTestId('bounce-file')).toHaveCount(1);
  await page.getByTestId('import-bounces').click();
  await expect(page.getByTestId('count-total')).toHaveText('5');
}

/** Saves through the card's button (the save dialog answering `name`) and waits for the card to say where. */
async function save(ls: AppHandle, card: 'cleaned' | 'removed' | 'suppression' | 'segment', name: string): Promise<string> {
  const path = join(dir, name);
  await ls.queueSave(path);
  await ls.page.getByTestId(`export-${card}-button`).click();
  await expect(ls.page.getByTestId(`export-${card}-done`)).toContainText(name);
  return path;
}

const csvRows = (path: string, delimiter = ',') => Papa.parse<string[]>(readFileSync(path, 'utf8').trimEnd(), { delimiter, newline: '\r\n' }).data;

test('each export format from the panel, read back', async ({ ls }) => {
  const { page } = ls;
  await cleanup(ls);
  await page.getByTestId('tab-export').click();

  const lists: { card: 'cleaned' | 'removed'; name: string; check(path: string): Promise<void> }[] = [
    { card: 'cleaned', name: 'cleaned.csv', check: async (p) => { expect(readFileSync(p, 'utf8')).toBe('email,name\r\nstays@example.com,Stays\r\nalso@example.com,Also\r\n'); } },
    { card: 'cleaned', name: 'cleaned.xlsx', check: async (p) => {
      const [sheet] = await readXlsxFile(p);
      expect(sheet!.data).toEqual([['email', 'name'], ['stays@example.com', 'Stays'], ['also@example.com', 'Also']]);
    } },
    { card: 'removed', name: 'removed.csv', check: async (p) => {
      const rows = csvRows(p);
      expect(rows[0]).toEqual(['email', 'name', 'listsweep_reason', 'listsweep_detail']);
      expect(rows.slice(1).map((r) => r[0]).sort()).toEqual(REMOVED);
      expect(rows.slice(1).every((r) => r[2] !== '' && r[3] !== '')).toBe(true);
    } },
    { card: 'removed', name: 'removed.xlsx', check: async (p) => {
      const data = (await readXlsxFile(p))[0]!.data as string[][];
      expect(data[0]).toEqual(['email', 'name', 'listsweep_reason', 'listsweep_detail']);
      expect(data.slice(1).map((r) => r[0]).sort()).toEqual(REMOVED);
    } },
  ];
  for (const c of lists) {
    await test.step(`${c.card} as ${c.name}`, async () => { await c.check(await save(ls, c.card, c.name)); });
  }

  for (const f of SUPPRESSION_FORMATS) {
    await test.step(`suppression list for ${f.label}`, async () => {
      await page.getByTestId('export-suppression-format').selectOption(f.id);
      const rows = csvRows(await save(ls, 'suppression', `suppression-${f.id}.csv`), f.delimiter);
      const data = f.header ? rows.slice(1) : rows;
      if (f.header) expect(rows[0]).toEqual([...f.header]);
      expect(data.map((r) => r[0]).sort()).toEqual(REMOVED);
      expect(data.every((r) => r.length === (f.header?.length ?? r.length))).toBe(true);
    });
  }
});

test('the rows selected in the review, exported from the selection bar', async ({ ls }) => {
  const { page } = ls;
  await cleanup(ls);
  await page.getByTestId('tab-review').click();
  const rows = page.getByTestId('review-row');
  await expect(rows).toHaveCount(5);
  const first = (await rows.nth(0).textContent()) ?? '';
  const third = (await rows.nth(2).textContent()) ?? '';
  await rows.nth(0).click({ modifiers: ['ControlOrMeta'] });
  await rows.nth(2).click({ modifiers: ['ControlOrMeta'] });
  await expect(page.getByTestId('picked-count')).toHaveText('2');
  await page.getByTestId('picked-export').click();

  await expect(page.getByTestId('export-segment-which')).toHaveValue('picked');
  await expect(page.getByTestId('export-segment')).toContainText('2 rows');
  const chosen = ['gone@example.com', 'angry@example.com', 'optout@example.com', 'stays@example.com', 'also@example.com'].filter((e) => first.includes(e) || third.includes(e)).sort();
  expect(chosen).toHaveLength(2);

  const own = csvRows(await save(ls, 'segment', 'selected.csv'));
  expect(own[0]).toEqual(['email', 'name']);
  expect(own.slice(1).map((r) => r[0]).sort()).toEqual(chosen);

  await page.getByTestId('export-segment-shape').selectOption('reasons');
  const reasons = csvRows(await save(ls, 'segment', 'selected-reasons.csv'));
  expect(reasons[0]).toEqual(['email', 'decision', 'reason', 'detail']);
  expect(reasons.slice(1).map((r) => r[0]).sort()).toEqual(chosen);
});
