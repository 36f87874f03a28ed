/**
 * The user's path end to end: new cleanup → import gen-lists contacts and bounces → review the
 * counts → filter, search, open a contact → override rows → export the cleaned list → read the
 * file back. Plus: a bad file gets a clear message; a cancelled import changes nothing.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Papa from 'papaparse';
import { expect, repoRoot, test, type AppHandle } from './fixtures.js';

const GEN = resolve(repoRoot, '../shared/tools/gen-lists.mjs');

interface Truth {
  counts: { rows: number; hard: number; invalid: number };
  bounced: Record<string, { verdict: 'hard' | 'soft'; reason: string; rows: number }>;
}

let dir = '';
let truth: Truth;

test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'listsweep-e2e-data-'));
  execFileSync(process.execPath, [GEN, '--contacts', '2000', '--seed', '7', '--out', join(dir, 'gen')], { stdio: 'pipe' });
  truth = JSON.parse(readFileSync(join(dir, 'gen/truth.json'), 'utf8')) as Truth;
});

test.afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function count(ls: AppHandle, decision: 'keep' | 'remove' | 'watch' | 'total'): Promise<number> {
  const text = decision === 'total'
    ? await ls.page.getByTestId('count-total').innerText()
    : await ls.page.getByTestId(`count-${decision}`).locator('.stat-value').innerText();
  return Number(text.replace(/[^0-9]/g, ''));
}

/** The table row of an address (first occurrence; duplicates come after it). */
function rowFor(ls: AppHandle, email: string) {
  const escaped = email.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return ls.page.getByTestId('review-row').filter({ has: ls.page.locator('.c-email', { hasText: new RegExp(`^\\s*${escaped}\\s*$`, 'i') }) }).first();
}

/**
 * Types an address into the search box and waits until the table shows it (the search is
 * debounced: until then the previous rows are still on screen).
 */
async function searchFor(ls: AppHandle, email: string) {
  await ls.page.getByTestId('search').fill(email.trim());
  await expect(rowFor(ls, email)).toBeVisible();
}

async function newCleanupWithContacts(ls: AppHandle, contacts: string) {
  const { page } = ls;
  await page.getByRole('button', { name: 'New cleanup', exact: true }).click();
  await expect(page.getByTestId('import-overview')).toBeVisible();
  await ls.queueOpen([contacts]);
  await page.getByRole('button', { name: 'Choose contact list…' }).click();
  await expect(page.getByTestId('contacts-preview')).toBeVisible();
}

test('a cleanup from import to export', async ({ ls }) => {
  const { page } = ls;
  const contacts = join(dir, 'gen/contacts.csv');
  const bounces = join(dir, 'gen/bounces.csv');
  let keep = 0;
  let remove = 0;
  let watch = 0;

  await test.step('start screen', async () => {
    await expect(page.getByRole('heading', { name: /Clean your email list/ })).toBeVisible();
    await expect(page.getByText('Cleanups you start or open appear here.')).toBeVisible();
    await ls.screenshot('start');
  });

  await test.step('import contacts: the preview finds the email column and the format', async () => {
    await newCleanupWithContacts(ls, contacts);
    const preview = page.getByTestId('contacts-preview');
    await expect(preview.locator('th.hl')).toHaveText('Email Address');
    await expect(page.getByTestId('email-column')).toHaveValue('0');
    await expect(page.getByTestId('delimiter')).toHaveValue(',');
    await expect(page.getByTestId('encoding')).toHaveValue('utf-8');
    // The delimiter can be changed: read with semicolons, the header is one column…
    await page.getByTestId('delimiter').selectOption(';');
    await expect(preview.locator('thead th').nth(1)).toContainText('Email Address,First Name,Last Name');
    // …and back.
    await page.getByTestId('delimiter').selectOption(',');
    await expect(preview.locator('thead th')).toHaveCount(8);
    await expect(preview.locator('th.hl')).toHaveText('Email Address');
    await ls.screenshot('import-preview');
    await page.getByTestId('import-contacts').click();
    await expect(page.getByTestId('contacts-card')).toContainText('contacts.csv');
    await expect(page.getByTestId('contacts-card')).toContainText('2,000 rows');
  });

  await test.step('import bounces: a spreadsheet with its columns mapped', async () => {
    await ls.queueOpen([bounces]);
    await page.getByRole('button', { name: 'Choose bounce files…' }).click();
    await expect(page.getByTestId('bounce-file')).toHaveCount(1);
    await expect(page.getByTestId('map-email')).toHaveValue('0');
    await ls.screenshot('import-bounces');
    await page.getByTestId('import-bounces').click();
  });

  await test.step('review: the counts add up; hard bounces and invalid addresses are removed', async () => {
    await expect(page.getByTestId('summary')).toBeVisible();
    await expect(page.getByTestId('count-total')).toHaveText('2,000');
    keep = await count(ls, 'keep');
    remove = await count(ls, 'remove');
    watch = await count(ls, 'watch');
    expect(keep + remove + watch).toBe(truth.counts.rows);
    expect(remove).toBeGreaterThanOrEqual(truth.counts.hard + truth.counts.invalid);
    await expect(page.getByTestId('review-row').first()).toBeVisible();
  });

  await test.step('filter: only removed rows', async () => {
    await page.getByTestId('filter-remove').click();
    await expect(page.getByTestId('review-table')).toContainText(`${remove.toLocaleString('en-US')} contact`);
    const badges = await page.getByTestId('review-row').locator('.badge').allInnerTexts();
    expect(badges.length).toBeGreaterThan(0);
    expect(new Set(badges.map((b) => b.toLowerCase()))).toEqual(new Set(['remove']));
    await ls.screenshot('review');
  });

  await test.step('detail: the longest bounce history, with its evidence', async () => {
    const [busiest] = Object.entries(truth.bounced).sort((a, b) => b[1].rows - a[1].rows)[0] ?? [];
    if (!busiest) throw new Error('gen-lists produced no bounces');
    await page.getByTestId('filter-all').click();
    await searchFor(ls, busiest);
    await rowFor(ls, busiest).click();
    await expect(page.getByTestId('detail-email')).toHaveText(busiest);
    await expect(page.getByTestId('detail-sentence')).not.toBeEmpty();
    await expect(page.getByTestId('history').locator('li')).toHaveCount(truth.bounced[busiest]?.rows ?? 0);
    await expect(page.getByTestId('history').locator('li').first()).toContainText('bounces.csv');
    await ls.screenshot('detail');
  });

  const hard = Object.entries(truth.bounced).filter(([, b]) => b.verdict === 'hard').map(([e]) => e);
  const [rescued, stillGone] = hard;
  if (!rescued || !stillGone) throw new Error('gen-lists produced fewer than two hard bounces');
  let dropped = '';

  await test.step('override: keep a hard-bounced address, remove a clean one, undo, redo', async () => {
    await searchFor(ls, rescued);
    await expect(rowFor(ls, rescued).locator('.badge')).toHaveText(/remove/i);
    await rowFor(ls, rescued).getByTestId('row-keep').click();
    await expect(rowFor(ls, rescued).locator('.badge')).toHaveText(/keep/i);
    await expect(rowFor(ls, rescued).locator('.overridden')).toBeVisible();
    await expect.poll(() => count(ls, 'remove')).toBe(remove - 1);

    await page.getByTestId('search').fill('');
    await expect(page.getByTestId('review-table')).toContainText('2,000 contacts');
    await page.getByTestId('filter-keep').click();
    await expect(page.getByTestId('review-table')).toContainText(`${(await count(ls, 'keep')).toLocaleString('en-US')} contacts`);
    const cleanRow = page.getByTestId('review-row').filter({ hasText: 'No problem found' }).first();
    dropped = (await cleanRow.getAttribute('data-email')) ?? '';
    expect(dropped).toContain('@');
    await cleanRow.getByTestId('row-remove').click();
    await expect.poll(() => count(ls, 'remove')).toBe(remove);

    await page.getByTestId('undo').click();
    await expect.poll(() => count(ls, 'remove')).toBe(remove - 1);
    await page.getByTestId('filter-all').click();
    await searchFor(ls, dropped);
    await rowFor(ls, dropped).getByTestId('row-remove').click();
    await expect.poll(() => count(ls, 'remove')).toBe(remove);
    keep = await count(ls, 'keep');
    watch = await count(ls, 'watch');
  });

  const original = readFileSync(contacts, 'utf8');
  const header = original.split('\r\n')[0] ?? '';
  const parse = (text: string) => Papa.parse<string[]>(text, { skipEmptyLines: true }).data;
  const rowsIn = parse(original).slice(1);

  await test.step('export the cleaned list and read it back', async () => {
    await page.getByTestId('tab-export').click();
    await expect(page.getByTestId('export-cleaned')).toBeVisible();
    await ls.screenshot('export');
    const out = join(dir, 'cleaned.csv');
    await ls.queueSave(out);
    await page.getByTestId('export-cleaned-button').click();
    await expect(page.getByTestId('export-cleaned-done')).toContainText('cleaned.csv');

    const exported = readFileSync(out, 'utf8');
    expect(exported.split('\r\n')[0]).toBe(header);
    const rowsOut = parse(exported).slice(1);
    expect(rowsOut.length).toBe(keep + watch);
    const emailsOut = new Set(rowsOut.map((r) => (r[0] ?? '').trim().toLowerCase()));
    expect(emailsOut.has(rescued)).toBe(true);
    expect(emailsOut.has(stillGone)).toBe(false);
    expect(emailsOut.has(dropped.trim().toLowerCase())).toBe(false);
    // Kept rows come back unchanged, in their original order.
    const inOrder = rowsIn.map((r) => JSON.stringify(r));
    let cursor = 0;
    for (const row of rowsOut) {
      const at = inOrder.indexOf(JSON.stringify(row), cursor);
      expect(at, `exported row not in the original (or out of order): ${JSON.stringify(row)}`).toBeGreaterThanOrEqual(cursor);
      cursor = at + 1;
    }
  });

  await test.step('export the removed addresses with their reasons', async () => {
    const out = join(dir, 'removed.csv');
    await ls.queueSave(out);
    await page.getByTestId('export-removed-button').click();
    await expect(page.getByTestId('export-removed-done')).toContainText('removed.csv');
    const rows = parse(readFileSync(out, 'utf8'));
    expect(rows[0]).toEqual([...(parse(header)[0] ?? []), 'listsweep_reason', 'listsweep_detail']);
    expect(rows.length - 1).toBe(remove);
    const byEmail = new Map(rows.slice(1).map((r) => [(r[0] ?? '').trim().toLowerCase(), r]));
    expect(byEmail.get(stillGone)?.at(-2)).toBe('hard-bounce');
    expect(byEmail.get(dropped.trim().toLowerCase())?.at(-2)).toBe('override');
    expect(byEmail.has(rescued)).toBe(false);
  });

  await test.step('close, reopen from the recent list: the overrides are still there', async () => {
    await page.getByRole('button', { name: 'Close', exact: true }).click();
    const recent = page.locator('.recent-item').first();
    await expect(recent).toBeVisible();
    await ls.screenshot('start-recent');
    await recent.click();
    await expect(page.getByTestId('summary')).toBeVisible();
    await expect.poll(() => count(ls, 'remove')).toBe(remove);
    await searchFor(ls, rescued);
    await expect(rowFor(ls, rescued).locator('.badge')).toHaveText(/keep/i);
    await expect(rowFor(ls, rescued).locator('.overridden')).toBeVisible();
  });
});

test('a file that is not a contact list or bounce report gets a clear message', async ({ ls }) => {
  const { page } = ls;
  const bad = join(dir, 'photo.csv');
  writeFileSync(bad, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 1, 0, 0xff, 0xfe, 0, 0]));
  await newCleanupWithContacts(ls, bad);
  const error = page.getByTestId('preview-error');
  await expect(error).toBeVisible();
  await expect(error).toContainText("can't be imported");
  // The message comes from the service, not the generic internal-error text.
  await expect(error).not.toContainText('Something went wrong inside ListSweep');
  await page.getByRole('button', { name: 'Choose another file' }).click();
  await expect(page.getByTestId('import-overview')).toBeVisible();

  // A spreadsheet without addresses is not a bounce report either, and the message says why.
  const noEmail = join(dir, 'campaign-stats.csv');
  writeFileSync(noEmail, 'campaign,opens,clicks\r\nSpring sale,120,14\r\n');
  await ls.queueOpen([noEmail]);
  await page.getByRole('button', { name: 'Choose bounce files…' }).click();
  await expect(page.getByTestId('preview-error')).toContainText("can't be imported as bounce reports");
  await expect(page.getByTestId('preview-error')).toContainText(/email column/i);
  await page.getByRole('button', { name: 'Choose other files' }).click();
  await expect(page.getByTestId('import-overview')).toBeVisible();
});

test('a cancelled import leaves the cleanup as it was', async ({ ls }) => {
  const { page } = ls;
  execFileSync(process.execPath, [GEN, '--contacts', '300000', '--bounces', '0', '--seed', '3', '--out', join(dir, 'big')], { stdio: 'pipe' });
  await newCleanupWithContacts(ls, join(dir, 'big/contacts.csv'));
  await page.getByTestId('import-contacts').click();
  const bar = page.getByTestId('job-bar');
  await expect(bar).toBeVisible();
  await expect(bar).toContainText(/Reading|Indexing|Deciding|Saving|Writing/);
  await ls.screenshot('import-progress');
  await bar.getByRole('button', { name: 'Cancel' }).click({ timeout: 10_000 });
  await expect(page.getByText(/cancelled\. Nothing was changed/)).toBeVisible();
  await expect(bar).toBeHidden();
  // Nothing was imported: the contacts card still offers the drop zone, the review is empty.
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('contacts-card')).toContainText('Drop a contact list here');
  await expect(page.getByTestId('tab-review')).toContainText('0 contacts');
});

test('a list dropped on the start screen, then keyboard shortcuts and menu commands', async ({ ls }) => {
  const { page } = ls;
  const contacts = join(dir, 'gen/contacts.csv');
  await ls.drop([contacts]);
  // A drop with no cleanup open starts one and asks what the file is (a CSV can be either).
  await expect(page.getByTestId('import-choose')).toBeVisible();
  await page.getByRole('button', { name: 'A contact list' }).click();
  await expect(page.getByTestId('contacts-preview')).toBeVisible();
  await page.getByTestId('import-contacts').click();
  await expect(page.getByTestId('contacts-card')).toContainText('2,000 rows');

  // Ctrl+F goes to the review and focuses the search box.
  await page.keyboard.press('Control+f');
  await expect(page.getByTestId('search')).toBeFocused();
  await page.getByTestId('search').fill('@gmail.com');
  await page.getByTestId('filter-keep').click();
  await expect(page.getByTestId('review-row').first().locator('.badge')).toHaveText(/keep/i);
  await expect(page.getByTestId('review-table')).not.toContainText('2,000 contacts');

  // Keyboard in the table: down selects the first row, R removes it, Ctrl+Z undoes that.
  const before = await count(ls, 'remove');
  await page.getByTestId('review-table').locator('[role="grid"]').focus();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('detail-email')).toBeVisible();
  await page.keyboard.press('r');
  await expect.poll(() => count(ls, 'remove')).toBe(before + 1);
  await page.keyboard.press('Control+z');
  await expect.poll(() => count(ls, 'remove')).toBe(before);

  // Menu: Export Cleaned List opens the export screen and the save dialog (cancelled here:
  // nothing is written and nothing is reported as done).
  await ls.queueSave(null);
  await ls.menu('export-cleaned');
  await expect(page.getByTestId('export-cleaned')).toBeVisible();
  await expect(page.getByTestId('export-cleaned-done')).toHaveCount(0);

  // Menu: Close Cleanup goes back to the start screen, which now lists it.
  await ls.menu('close-cleanup');
  await expect(page.locator('.recent-item')).toHaveCount(1);
});

test('the rules can be changed from the review, and typo suggestions accepted in bulk', async ({ ls }) => {
  const { page } = ls;
  await newCleanupWithContacts(ls, join(dir, 'gen/contacts.csv'));
  await page.getByTestId('import-contacts').click();
  await expect(page.getByTestId('contacts-card')).toContainText('2,000 rows');
  await ls.queueOpen([join(dir, 'gen/bounces.csv')]);
  await page.getByRole('button', { name: 'Choose bounce files…' }).click();
  await expect(page.getByTestId('bounce-file')).toHaveCount(1);
  await page.getByTestId('import-bounces').click();
  await expect(page.getByTestId('count-total')).toHaveText('2,000');

  await test.step('rules: removing role accounts raises the remove count; undo restores it', async () => {
    const remove = await count(ls, 'remove');
    await page.getByTestId('rules').click();
    await expect(page.getByTestId('rules-panel')).toBeVisible();
    await page.getByTestId('rule-role').getByRole('button', { name: 'Remove' }).click();
    await ls.screenshot('rules');
    await page.getByTestId('rules-apply').click();
    await expect.poll(() => count(ls, 'remove')).toBeGreaterThan(remove);
    await page.getByTestId('undo').click();
    await expect.poll(() => count(ls, 'remove')).toBe(remove);
  });

  await test.step('rules: the soft-bounce rule can ask for a minimum span of days, and it is kept', async () => {
    // Still open, the panel shows the rules as they are now: the undo above put them back.
    if (!(await page.getByTestId('rules-panel').isVisible())) await page.getByTestId('rules').click();
    await expect(page.getByTestId('rule-role').getByRole('button', { name: 'Keep' })).toHaveAttribute('aria-pressed', 'true');
    const days = page.getByTestId('rule-min-days');
    await expect(days).toHaveValue('0');
    await days.fill('-1');
    await expect(page.getByTestId('rules-apply')).toBeDisabled();
    await days.fill('15');
    await page.getByTestId('rules-apply').click();
    await expect(page.getByText(/Rules applied/).last()).toBeVisible();
    await page.getByRole('button', { name: 'Close the rules' }).click();
    await page.getByTestId('rules').click();
    await expect(page.getByTestId('rule-min-days')).toHaveValue('15');
    await page.getByRole('button', { name: 'Close the rules' }).click();
    await page.getByTestId('undo').click();
  });

  await test.step('typos: filter, confirm, accept all', async () => {
    const button = page.getByTestId('filter-typos');
    await expect(button).toBeVisible();
    const n = Number((await button.locator('.seg-count').innerText()).replace(/[^0-9]/g, ''));
    expect(n).toBeGreaterThan(0);
    await button.click();
    await expect(page.getByTestId('review-table')).toContainText(`${n.toLocaleString('en-US')} contact`);
    await page.getByTestId('review-row').first().click();
    await expect(page.getByTestId('detail-suggestion')).toBeVisible();
    await expect(page.getByTestId('accept-suggestion')).toBeVisible();
    await page.getByTestId('bulk-accept').click();
    await page.getByTestId('bulk-confirm').click();
    await expect(page.getByTestId('filter-typos')).toBeHidden();
  });

  await test.step('a second list of another shape, exported on its own, byte for byte', async () => {
    const second = join(dir, 'second-list.csv');
    const text = 'E-mail;Name\nzed.one@example.org;Zed One\nzed.two@example.org;Zed Two\n';
    writeFileSync(second, text);
    await page.getByTestId('tab-import').click();
    await ls.queueOpen([second]);
    await page.getByRole('button', { name: 'Choose contact list…' }).click();
    await expect(page.getByTestId('contacts-preview')).toBeVisible();
    await page.getByTestId('import-contacts').click();
    await expect(page.getByTestId('contacts-card')).toContainText('second-list.csv');
    await page.getByTestId('tab-export').click();
    const lists = page.getByTestId('export-list');
    await expect(lists.locator('option')).toHaveCount(3);
    await lists.selectOption({ label: 'Only second-list.csv, in its own shape' });
    await expect(page.getByTestId('export-cleaned')).toContainText('2 rows');
    await expect(page.locator('.export-intro')).toContainText('second-list.csv: 2 contacts: 2 stay on the list');
    await expect(page.getByTestId('export-suppression')).toContainText('from every list');
    await ls.screenshot('export-lists');
    const out = join(dir, 'second-cleaned.csv');
    await ls.queueSave(out);
    await page.getByTestId('export-cleaned-button').click();
    await expect(page.getByTestId('export-cleaned-done')).toContainText('second-cleaned.csv');
    expect(readFileSync(out, 'utf8')).toBe(text);
  });
});

test('an address on a top-level domain that does not exist is invalid, said in words, and its fix can be accepted', async ({ ls }) => {
  const { page } = ls;
  const file = join(dir, 'tld-list.csv');
  writeFileSync(file, 'email,name\nbob@northwind.com,Bob\nperson@site.con,Pat\ncat@startup.co,Cat\n');
  await newCleanupWithContacts(ls, file);
  await page.getByTestId('import-contacts').click();
  await expect(page.getByTestId('contacts-card')).toContainText('3 rows');
  await page.getByTestId('tab-review').click();
  const row = page.locator('[data-testid="review-row"][data-email="person@site.con"]');
  await expect(row).toContainText('Invalid address: top-level domain ".con" does not exist');
  // A business on .co is someone's real domain: no suggestion, kept.
  await expect(page.locator('[data-testid="review-row"][data-email="cat@startup.co"]')).toContainText('No problem found');
  await row.click();
  await expect(page.getByTestId('detail-suggestion')).toContainText('person@site.com');
  await page.getByTestId('accept-suggestion').click();
  await expect(page.locator('[data-testid="review-row"][data-email="person@site.com"]')).toContainText('No problem found');
});

test('cells that start like a spreadsheet formula: counted, kept as they are by default, made safe when asked', async ({ ls }) => {
  const { page } = ls;
  const list = join(dir, 'formulas.csv');
  const text = 'email,name,phone\r\nann@example.com,"=HYPERLINK(""http://x"",""y"")",+44 20 7946 0000\r\nbob@example.com,Bob,-5\r\n@carol@example.com,Carol,3\r\ndan@example.com,Dan,4\r\n';
  writeFileSync(list, text);
  await newCleanupWithContacts(ls, list);
  await page.getByTestId('import-contacts').click();
  await expect(page.getByTestId('contacts-card')).toContainText('formulas.csv');
  await page.getByTestId('tab-export').click();
  await expect(page.getByTestId('export-formula-cells')).toContainText('3 cells start like a spreadsheet formula');
  const option = page.getByTestId('export-excel-safe');
  await expect(option).not.toBeChecked();
  await ls.screenshot('export-formulas');

  const plain = join(dir, 'formulas-plain.csv');
  await ls.queueSave(plain);
  await page.getByTestId('export-cleaned-button').click();
  await expect(page.getByTestId('export-cleaned-done')).toContainText('formulas-plain.csv');
  expect(readFileSync(plain, 'utf8')).toBe(text.replace('@carol@example.com,Carol,3\r\n', ''));

  await option.check();
  const safe = join(dir, 'formulas-safe.csv');
  await ls.queueSave(safe);
  await page.getByTestId('export-cleaned-button').click();
  await expect(page.getByTestId('export-cleaned-done')).toContainText('formulas-safe.csv');
  expect(readFileSync(safe, 'utf8')).toBe('email,name,phone\r\nann@example.com,"\'=HYPERLINK(""http://x"",""y"")",\'+44 20 7946 0000\r\nbob@example.com,Bob,\'-5\r\ndan@example.com,Dan,4\r\n');

  const removed = join(dir, 'formulas-removed.csv');
  await ls.queueSave(removed);
  await page.getByTestId('export-removed-button').click();
  await expect(page.getByTestId('export-removed-done')).toContainText('formulas-removed.csv');
  expect((Papa.parse<string[]>(readFileSync(removed, 'utf8'), { skipEmptyLines: true }).data[1] ?? []).slice(0, 3)).toEqual(["'@carol@example.com", 'Carol', '3']);
});
