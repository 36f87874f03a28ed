/**
 * The review's charts filter the table: a click on a slice of the decisions bar, a column of the
 * bounces chart, a reason or a domain shows just those contacts, by mouse and by keyboard, and
 * the chip beside the filters takes it off. On a short window the charts fold away and unfold
 * on demand. axe finds nothing critical or serious with the charts open, in both themes.
 */
import { join } from 'node:path';
import { expectAccessible } from './axe.js';
import { expect, generatedSample, importGenerated, test, type AppHandle } from './fixtures.js';

const gen = generatedSample('charts', { contacts: 400, seed: 5 });

const openReview = (ls: AppHandle) => importGenerated(ls, gen(), 400);

const shown = async (ls: AppHandle): Promise<number> => {
  const text = await ls.page.getByTestId('shown-count').textContent();
  return Number((text ?? '').replace(/[^\d]/g, ''));
};

/** The count a legend entry shows ("1,234 (3.1%)" → 1234). */
const legendCount = async (ls: AppHandle, key: string): Promise<number> =>
  Number(((await ls.page.getByTestId(`decision-item-${key}`).locator('.legend-value').textContent()) ?? '').split(' ')[0]!.replace(/,/g, ''));

test('a click on a chart filters the table, and the chip shows all again', async ({ ls }) => {
  const { page } = ls;
  await openReview(ls);
  await expect(page.getByTestId('chart-decisions')).toBeVisible();
  const all = await shown(ls);
  expect(all).toBe(400);
  if (process.env.CHART_SHOTS) await page.screenshot({ path: join(process.env.CHART_SHOTS, 'charts-1440x960.png') });

  // A slice of the decisions bar: the removed hard bounces.
  const hard = await legendCount(ls, 'remove:hard-bounce');
  expect(hard).toBeGreaterThan(0);
  await page.getByTestId('decision-bar-remove:hard-bounce').click();
  await expect(page.getByTestId('chart-filter')).toHaveText(/Remove: hard bounce/);
  await expect.poll(() => shown(ls)).toBe(hard);
  await expect(page.getByTestId('filter-remove')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('review-row').first().locator('.badge')).toHaveText('remove');

  // The chip takes the pick off, decision included.
  await page.getByTestId('chart-filter').click();
  await expect(page.getByTestId('chart-filter')).toHaveCount(0);
  await expect.poll(() => shown(ls)).toBe(all);
  await expect(page.getByTestId('filter-all')).toHaveAttribute('aria-pressed', 'true');

  // A column of the bounces chart: the contacts that bounced in that campaign.
  const column = page.getByTestId('bounce-col-0');
  const words = (await column.getAttribute('aria-label')) ?? '';
  const campaign = words.split(':')[0]!;
  const bounces = [...words.matchAll(/([\d,]+) (hard|soft|blocks)/g)].reduce((s, m) => s + Number(m[1]!.replace(/,/g, '')), 0);
  expect(bounces).toBeGreaterThan(0);
  await column.click();
  await expect(page.getByTestId('chart-filter')).toHaveText(new RegExp(`Bounced: ${campaign.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  await expect.poll(() => shown(ls)).toBeGreaterThan(0);
  expect(await shown(ls)).toBeLessThanOrEqual(bounces);
  await expect(column).toHaveAttribute('aria-pressed', 'true');
  // The same column again takes the pick off.
  await column.click();
  await expect.poll(() => shown(ls)).toBe(all);

  // A row of the worst domains: every contact shown is at that domain.
  const domain = (await page.getByTestId('worst-domains').locator('tbody tr').first().locator('button').textContent())!;
  await page.getByTestId('worst-domains').locator('tbody tr').first().locator('td').nth(1).click();
  await expect(page.getByTestId('chart-filter')).toHaveText(new RegExp(`Bounced at ${domain.replace(/\./g, '\\.')}`));
  await expect.poll(() => shown(ls)).toBeLessThan(all);
  const emails = await page.getByTestId('review-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-email') ?? ''));
  expect(emails.length).toBeGreaterThan(0);
  for (const e of emails) expect(e.toLowerCase().endsWith(`@${domain}`), e).toBe(true);

  // The export offers what the review shows, the pick included.
  await page.getByTestId('tab-export').click();
  await expect(page.getByTestId('export-segment-which').locator('option', { hasText: `What the review shows (bounced: ${domain})` })).toHaveCount(1);
});

test('the charts work by keyboard: one Tab stop each, arrows move, Enter picks', async ({ ls }) => {
  const { page } = ls;
  await openReview(ls);
  const reasons = page.getByTestId('chart-reasons').getByRole('button');
  const count = await reasons.count();
  expect(count).toBeGreaterThan(1);
  // Only the first reason is in the Tab order.
  expect(await reasons.evaluateAll((bs) => bs.map((b) => (b as HTMLElement).tabIndex))).toEqual([0, ...Array(count - 1).fill(-1)]);
  await reasons.first().focus();
  await page.keyboard.press('ArrowDown');
  await expect(reasons.nth(1)).toBeFocused();
  const label = (await reasons.nth(1).locator('.bar-label').textContent())!;
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('chart-filter')).toHaveText(new RegExp(label));
  await expect(reasons.nth(1)).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(() => shown(ls)).toBeLessThan(400);

  // The bounces chart: End goes to the newest campaign, Space picks it.
  const first = page.getByTestId('bounce-col-0');
  await first.focus();
  await page.keyboard.press('End');
  const columns = page.getByTestId('chart-bounces').locator('[role="button"]');
  const last = columns.nth((await columns.count()) - 1);
  await expect(last).toBeFocused();
  await page.keyboard.press(' ');
  await expect(last).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('chart-filter')).toHaveText(new RegExp(`Bounced: ${((await last.getAttribute('aria-label')) ?? '').split(':')[0]!.slice(0, 10)}`));

  // The decisions legend: Home is keep.
  await page.getByTestId('decision-item-watch').focus();
  await page.keyboard.press('Home');
  await expect(page.getByTestId('decision-item-keep')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('filter-keep')).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(() => shown(ls)).toBe(await legendCount(ls, 'keep'));
});

test('on a 900×600 window the charts fold away and unfold, reasons and worst domains included', async ({ ls }) => {
  const { page } = ls;
  await page.setViewportSize({ width: 900, height: 600 });
  await openReview(ls);
  await expect(page.getByTestId('review-row').first()).toBeVisible();
  await expect(page.getByTestId('chart-reasons')).toHaveCount(0);
  const toggle = page.getByTestId('charts-toggle');
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByTestId('chart-reasons')).toBeVisible();
  // Each decision's name keeps clear of its count ("repeated soft bounces1 (0.3%)" read as 11).
  const touching = await page.locator('.chart-legend .legend-item').evaluateAll((items) => items.flatMap((item) => {
    const label = item.querySelector('.legend-label')!;
    const value = item.querySelector('.legend-value')!.getBoundingClientRect();
    const range = document.createRange();
    range.selectNodeContents(label);
    const textRight = Math.min(range.getBoundingClientRect().right, label.getBoundingClientRect().right);
    return textRight + 4 > value.left ? [item.textContent ?? ''] : [];
  }));
  expect(touching, 'decision names touching their counts').toEqual([]);
  // The row of charts scrolls sideways; the worst domains come into view when reached.
  const domain = page.getByTestId('worst-domains').locator('tbody button').first();
  await domain.focus();
  await expect(domain).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('chart-filter')).toBeVisible();
  // The table keeps some rows in view below the open charts.
  await expect(page.getByTestId('review-row').first()).toBeInViewport();
  if (process.env.CHART_SHOTS) await page.screenshot({ path: join(process.env.CHART_SHOTS, 'charts-900x600.png') });
  await toggle.click();
  await expect(page.getByTestId('chart-reasons')).toHaveCount(0);
});

for (const scheme of ['light', 'dark'] as const) {
  test(`the review with charts and a pick passes axe in the ${scheme} theme`, async ({ ls }) => {
    const { page } = ls;
    await page.emulateMedia({ colorScheme: scheme });
    await page.setViewportSize({ width: 1280, height: 800 });
    await openReview(ls);
    await page.getByTestId('charts-toggle').click();
    await page.getByTestId('bounce-col-1').click();
    await expect(page.getByTestId('chart-filter')).toBeVisible();
    if (process.env.CHART_SHOTS) await page.screenshot({ path: join(process.env.CHART_SHOTS, `charts-1280x800-${scheme}.png`) });
    await expectAccessible(ls, `the review with charts and a pick, ${scheme}`);
  });
}
