/**
 * The search box under a slow answer: typing "ben", pausing past the debounce, then finishing
 * the word sends two searches; the first one's answer is held back until after the second's.
 * The table must keep showing the newer search, never the late rows of the older one.
 */
import { expect, generatedSample, importGenerated, test } from './fixtures.js';

const gen = generatedSample('search', { contacts: 400, bounces: 100, seed: 5 });

test('a late answer to an earlier search never replaces the newer one', async ({ ls }) => {
  test.skip(ls.host === 'electron', 'holds back answers on the test host’s socket, which the Electron app does not use');
  const { page } = ls;
  const first = 'e';
  const second = 'e.c';
  // Answers to the first search are released only once the second search's answer is in.
  const held: (() => void)[] = [];
  const asked = new Set<number>();
  const askedSecond = new Set<number>();
  let secondAnswered = false;
  await page.routeWebSocket(/\/__listsweep\/ws/, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((m) => {
      const msg = JSON.parse(String(m)) as { type: string; id: number; channel?: string; input?: { filter?: { search?: string } } };
      if (msg.type === 'invoke' && msg.channel === 'review/rows') {
        if (msg.input?.filter?.search === first) asked.add(msg.id);
        if (msg.input?.filter?.search === second) askedSecond.add(msg.id);
      }
      server.send(m);
    });
    server.onMessage((m) => {
      const msg = JSON.parse(String(m)) as { type: string; id: number };
      if (msg.type === 'result' && asked.has(msg.id) && !secondAnswered) { held.push(() => ws.send(m)); return; }
      ws.send(m);
      if (msg.type === 'result' && askedSecond.has(msg.id)) secondAnswered = true;
    });
  });
  // The bridge connects as the page loads: load it again through the route.
  await page.reload();
  await importGenerated(ls, gen(), 400);

  const search = page.getByTestId('search');
  const emails = page.getByTestId('review-row').locator('.c-email');
  await search.fill(first);
  await expect.poll(() => asked.size, { message: 'the first search was sent' }).toBeGreaterThan(0);
  await search.fill(second);
  await expect.poll(async () => (await emails.allInnerTexts()).length).toBeGreaterThan(0);
  await expect.poll(async () => (await emails.allInnerTexts()).every((e) => e.toLowerCase().includes(second))).toBe(true);
  expect(secondAnswered).toBe(true);
  expect(held.length).toBeGreaterThan(0);
  const shown = await emails.allInnerTexts();
  // Now the first search's rows arrive, late.
  for (const release of held.splice(0)) release();
  // Some rows hold "e" but not "e.c": had the late answer been taken, they would show.
  await page.waitForTimeout(500);
  expect(await emails.allInnerTexts()).toEqual(shown);
  await expect(page.getByTestId('shown-count')).toHaveText(/shown/);
});
