/**
 * Every bounce format the readers recognise, through the UI: for each row of format-rows.ts a
 * new cleanup imports a contact list holding the file's addresses (and two unrelated ones),
 * then the bounce file by the buttons a user clicks, and the decisions the review shows (per
 * address: keep/remove/watch and the reason) must equal what the command line's `clean` decided
 * on the same two files. Rows share one page per group, one cleanup per row.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { labelFor } from '../../shared/policy.js';
import type { Reason } from '../../shared/reasons.js';
import type { Decision, DecisionCause } from '../../shared/types.js';
import { expect, repoRoot, test, type AppHandle } from './fixtures.js';
import { FORMAT_ROWS, type FormatRow } from './format-rows.js';

const run = promisify(execFile);
const UNRELATED = ['unrelated.reader@example.net', 'another.customer@example.org'];
/** Rows per browser page: a fresh page per group keeps a failure local, one per row would be slow. */
const GROUP = 6;

let dir = '';

function filesOf(path: string): string[] {
  return statSync(path).isDirectory() ? readdirSync(path, { recursive: true, encoding: 'utf8' }).map((f) => join(path, f)).filter((f) => statSync(f).isFile()) : [path];
}

/** Every address written in the bounce file (recipients, and senders or ids that look like one: more contacts to agree on). */
function addressesIn(path: string): string[] {
  const text = filesOf(path).map((f) => readFileSync(f, 'utf8')).join('\n');
  const found = new Set((text.match(/[A-Za-z][\w.+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g) ?? []).map((a) => a.toLowerCase()));
  return [...found];
}

function contactsFor(row: FormatRow, i: number): string {
  const file = join(dir, `contacts-${i}.csv`);
  const emails = [...addressesIn(resolve(repoRoot, row.file)), ...UNRELATED];
  writeFileSync(file, ['Email,Name', ...emails.map((e, k) => `${e},Contact ${k + 1}`)].join('\n') + '\n');
  return file;
}

/** address -> "decision | label", as `clean` decided. */
async function cleanWithCli(row: FormatRow, i: number): Promise<Map<string, string>> {
  const out = mkdtempSync(join(dir, `cli-${i}-`));
  const db = join(out, 'cleanup.listsweep');
  await run(process.execPath, ['--import', 'tsx', 'electron/cli.ts', 'clean', '--contacts', join(dir, `contacts-${i}.csv`),
    '--bounces', resolve(repoRoot, row.file), '--out', join(out, 'cleaned.csv'), '--removed', join(out, 'removed.csv'), '--db', db], { cwd: repoRoot });
  const conn = new Database(db, { readonly: true });
  try {
    const rows = conn.prepare(`SELECT c.email_raw, c.decision, c.cause, c.policy_cause, c.reason, c.problem, d.row AS dup_row
      FROM contacts c LEFT JOIN contacts d ON d.id = c.duplicate_of`).all() as
      { email_raw: string; decision: Decision; cause: DecisionCause; policy_cause: DecisionCause; reason: Reason | null; problem: string; dup_row: number | null }[];
    return new Map(rows.map((r) => [r.email_raw.trim().toLowerCase(),
      `${r.decision} | ${labelFor({ cause: r.cause, decision: r.decision, reason: r.reason, problem: r.problem, duplicateRow: r.dup_row, policyCause: r.policy_cause })}`]));
  } finally {
    conn.close();
  }
}

test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'listsweep-e2e-formats-'));
  FORMAT_ROWS.forEach((row, i) => contactsFor(row, i));
});

test.afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Every row of the review as "decision | why", scrolling the virtual table through. */
async function reviewDecisions(ls: AppHandle): Promise<Map<string, string>> {
  const { page } = ls;
  const total = Number((await page.getByTestId('count-total').innerText()).replace(/[^0-9]/g, ''));
  await expect(page.getByTestId('review-row').first()).toBeVisible();
  const seen = new Map<string, string>();
  const scroller = page.locator('.table-scroll');
  await scroller.evaluate((el) => el.scrollTo({ top: 0 }));
  for (let step = 0; step < 100 && seen.size < total; step++) {
    const rows = await page.getByTestId('review-row').evaluateAll((els) => els.map((el) => [
      el.getAttribute('data-email') ?? '', el.querySelector('.badge')?.textContent ?? '', el.querySelector('.c-why')?.textContent ?? '',
    ] as const));
    for (const [email, decision, why] of rows) seen.set(email.trim().toLowerCase(), `${decision} | ${why}`);
    await scroller.evaluate((el) => { el.scrollTop += el.clientHeight / 2; });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  }
  expect(seen.size, 'every row of the review was read').toBe(total);
  return seen;
}

async function importThroughUi(ls: AppHandle, row: FormatRow, i: number): Promise<void> {
  const { page } = ls;
  await ls.menu('new-cleanup');
  await expect(page.getByTestId('import-overview')).toBeVisible();
  await expect(page.getByTestId('contacts-card')).toContainText('Drop a contact list here');
  await ls.queueOpen([join(dir, `contacts-${i}.csv`)]);
  await page.getByRole('button', { name: 'Choose contact list…' }).click();
  await page.getByTestId('import-contacts').click();
  await expect(page.getByTestId('contacts-card')).toContainText(`contacts-${i}.csv`);

  await ls.queueOpen([resolve(repoRoot, row.file)]);
  await page.getByRole('button', { name: row.kind === 'maildir' ? 'Choose folder…' : 'Choose bounce files…' }).click();
  const file = page.getByTestId('bounce-file');
  await expect(file).toHaveCount(1);
  await expect(file.getByTestId('bounce-description')).toHaveText(row.provider === 'generic' ? /columns detected/ : row.provider === 'mail' ? /^Bounce messages/ : /^Recognised: /);
  // The blocker this spec was written for: a recognised export must be importable as it is.
  await expect(page.getByTestId('import-bounces')).toBeEnabled();
  await page.getByTestId('import-bounces').click();
  await expect(page.getByTestId('summary')).toBeVisible();
  // The message counts the user's contacts: every list here holds the file's addresses.
  await expect(page.locator('.notice-success .notice-text').last()).toHaveText(/^Imported [\d,]+ bounce records? for [\d,]+ address(es)?, (all|[\d,]+) of them on your contact lists\./);
}

for (let g = 0; g < FORMAT_ROWS.length; g += GROUP) {
  const rows = FORMAT_ROWS.slice(g, g + GROUP);
  test(`the review agrees with clean: ${rows.map((r) => basename(r.file)).join(', ')}`, async ({ ls }) => {
    test.setTimeout(60_000 + rows.length * 20_000);
    for (const [k, row] of rows.entries()) {
      await test.step(basename(row.file), async () => {
        // The command line works on the same files while the UI is driven.
        const cli = cleanWithCli(row, g + k);
        cli.catch(() => {});
        await importThroughUi(ls, row, g + k);
        const shown = await reviewDecisions(ls);
        const decided = await cli;
        expect.soft(Object.fromEntries([...shown].sort()), `${row.file}: the review and clean disagree`).toEqual(Object.fromEntries([...decided].sort()));
        // The file did something: at least one of its addresses is no longer a plain keep.
        expect.soft([...shown.values()].some((v) => !v.startsWith('keep | ')), `${row.file}: no address was flagged`).toBe(true);
      });
    }
  });
}

test('a recognised export mapped by hand keeps the provider reading, and the UI says so', async ({ ls }) => {
  const { page } = ls;
  const row = FORMAT_ROWS.findIndex((r) => r.file.endsWith('mailchimp-cleaned_members_export_2c9f1a.csv'));
  const file = resolve(repoRoot, FORMAT_ROWS[row]!.file);
  await ls.menu('new-cleanup');
  await ls.queueOpen([join(dir, `contacts-${row}.csv`)]);
  await page.getByRole('button', { name: 'Choose contact list…' }).click();
  await page.getByTestId('import-contacts').click();
  await expect(page.getByTestId('contacts-card')).toContainText(`contacts-${row}.csv`);

  await ls.queueOpen([file]);
  await page.getByRole('button', { name: 'Choose bounce files…' }).click();
  await expect(page.getByTestId('bounce-description')).toHaveText(/^Recognised: Mailchimp cleaned members export/);
  await expect(page.getByTestId('import-bounces')).toBeEnabled();
  await expect(page.getByTestId('import-blocked')).toHaveCount(0);
  // Only where the addresses are can be changed; the reader's own column is the one shown.
  await page.getByTestId('adjust-columns').click();
  await expect(page.getByTestId('mapping-form').locator('select')).toHaveCount(1);
  await expect(page.getByTestId('map-email').locator('option:checked')).toHaveText('Email Address');
  await page.getByTestId('map-email').selectOption({ label: 'NOTES' });
  await expect(page.getByTestId('hand-mapped')).toContainText('Email column chosen by hand: “NOTES”');
  await expect(page.getByTestId('hand-mapped')).toContainText('Mailchimp cleaned members export');
  await ls.screenshot('import-bounces-recognised');
  await page.getByTestId('reset-email-column').click();
  await expect(page.getByTestId('hand-mapped')).toHaveCount(0);
  await expect(page.getByTestId('map-email').locator('option:checked')).toHaveText('Email Address');
  await page.getByTestId('import-bounces').click();
  await expect(page.getByTestId('summary')).toBeVisible();
  // Every address of the cleaned export was removed as the CLI removes it.
  const shown = await reviewDecisions(ls);
  const decided = await cleanWithCli(FORMAT_ROWS[row]!, row);
  expect(Object.fromEntries([...shown].sort())).toEqual(Object.fromEntries([...decided].sort()));
  expect([...shown.values()].filter((v) => v.startsWith('remove | ')).length).toBeGreaterThan(0);
});
