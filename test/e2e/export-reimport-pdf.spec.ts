/**
 * From the export panel: the cleaned list as an email service's import file (the service the
 * bounces came from preselected, another chosen), and the report as PDF beside the HTML page.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, repoRoot, test } from './fixtures.js';
import { chromiumForTests, readPdfFirstPage, withBrowser } from '../pdf-page.js';

let dir = '';
test.beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'listsweep-e2e-reimport-')); });
test.afterAll(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

test('a re-import file for the chosen service and the report as PDF', async ({ ls }) => {
  const { page } = ls;
  const contacts = join(dir, 'list.csv');
  writeFileSync(contacts, 'email,first_name,last_name,city\r\ngone@example.com,Gone,Away,Rome\r\nangry@example.com,Angry,Ann,Oslo\r\nstays@example.com,Stella,Stays,=Lyon\r\n');
  await page.getByRole('button', { name: 'New cleanup', exact: true }).click();
  await ls.queueOpen([contacts]);
  await page.getByRole('button', { name: 'Choose contact list…' }).click();
  await expect(page.getByTestId('contacts-preview')).toBeVisible();
  await page.getByTestId('import-contacts').click();
  await expect(page.getByTestId('contacts-card')).toContainText('3 rows');
  await ls.queueOpen([resolve(repoRoot, 'test/fixtures/esp/postmark-suppressions.json')]);
  await page.getByRole('button', { name: 'Choose bounce files…' }).click();
  await expect(page.getByTestId('bounce-file')).toHaveCount(1);
  await page.getByTestId('import-bounces').click();
  await expect(page.getByTestId('count-total')).toHaveText('3');

  await page.getByTestId('tab-export').click();
  // Postmark keeps no contact lists: Mailchimp is offered first.
  const service = page.getByTestId('export-reimport-format');
  await expect(service).toHaveValue('mailchimp');
  await service.selectOption('sendgrid');
  await expect(page.getByTestId('export-reimport-howto')).toContainText('first_name');
  await page.getByTestId('export-reimport').scrollIntoViewIfNeeded();
  await ls.screenshot('export-reimport');
  const sendgrid = join(dir, 'sendgrid.csv');
  await ls.queueSave(sendgrid);
  await page.getByTestId('export-reimport-button').click();
  await expect(page.getByTestId('export-reimport-done')).toContainText('sendgrid.csv');
  expect(readFileSync(sendgrid, 'utf8')).toBe("email,first_name,last_name,city\r\nstays@example.com,Stella,Stays,'=Lyon\r\n");

  // Every other service from the same card: its documented headers first, only the address that stays.
  const documented: Record<string, string> = {
    mailchimp: 'Email Address,First Name,Last Name',
    brevo: 'EMAIL;FIRSTNAME;LASTNAME',
    klaviyo: 'Email,First Name,Last Name',
    hubspot: 'Email,First Name,Last Name',
    constantcontact: 'Email address,First name,Last name',
    kit: 'email,first_name',
  };
  for (const [id, header] of Object.entries(documented)) {
    await service.selectOption(id);
    const file = join(dir, `${id}.csv`);
    await ls.queueSave(file);
    await page.getByTestId('export-reimport-button').click();
    await expect(page.getByTestId('export-reimport-done')).toContainText(`${id}.csv`);
    const lines = readFileSync(file, 'utf8').split('\r\n').filter(Boolean);
    expect(lines[0]!.startsWith(header), `${id}: ${lines[0]}`).toBe(true);
    expect(lines.slice(1).map((l) => l.split(/[,;]/)[0])).toEqual(['stays@example.com']);
  }

  test.skip(ls.host === 'chromium' && !chromiumForTests.path, `the test host prints PDFs with Chromium: ${chromiumForTests.reason}`);
  const pdf = join(dir, 'report.pdf');
  await ls.queueSave(pdf);
  await page.getByTestId('export-report-pdf-button').click();
  await expect(page.getByTestId('export-report-done')).toContainText('report.pdf', { timeout: 120_000 });
  const bytes = readFileSync(pdf);
  expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  if (chromiumForTests.path) {
    const first = await withBrowser((b) => readPdfFirstPage(b, bytes));
    expect(first.text).toContain('List cleanup report');
    expect(first.ink).toBeGreaterThan(0.01);
  }
});
