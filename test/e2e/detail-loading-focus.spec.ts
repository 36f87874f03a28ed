/**
 * A Tab pressed while the contact's details are still loading lands in the details: the
 * "Loading…" pane was no tab stop, so a Tab right after Enter went past it, back to the decision
 * filters. The contact's answer is held back at the page's socket to the test host, so the pane
 * stays "Loading…" for as long as the test needs, whatever the machine's speed.
 */
import { expect, generatedSample, importGenerated, test } from './fixtures.js';

const gen = generatedSample('detail-loading', { contacts: 400, seed: 12 });

for (const size of [{ width: 900, height: 600 }, { width: 1280, height: 800 }]) {
  test(`at ${size.width}×${size.height} a Tab while the details load lands in them, and stays there when they arrive`, async ({ ls }) => {
    test.skip(ls.host === 'electron', 'the contact is held back at the test host\'s WebSocket, which the Electron app does not use');
    const { page } = ls;
    await page.setViewportSize(size);

    // Answers to review/contact are kept back while `hold` is set, and let through by release().
    let hold = false;
    const heldIds = new Set<number>();
    const held: (() => void)[] = [];
    const release = () => { hold = false; for (const send of held.splice(0)) send(); };
    await page.routeWebSocket(/\/__listsweep\/ws$/, (ws) => {
      const server = ws.connectToServer();
      ws.onMessage((m) => {
        const msg = JSON.parse(String(m)) as { type?: string; id?: number; channel?: string };
        if (hold && msg.type === 'invoke' && msg.channel === 'review/contact' && msg.id !== undefined) heldIds.add(msg.id);
        server.send(m);
      });
      server.onMessage((m) => {
        const msg = JSON.parse(String(m)) as { type?: string; id?: number };
        if (msg.type === 'result' && msg.id !== undefined && heldIds.delete(msg.id)) held.push(() => ws.send(m));
        else ws.send(m);
      });
    });
    // The page's socket opened before the route: a reload opens it again, through the route.
    await page.reload();
    await importGenerated(ls, gen(), 400);

    const grid = page.getByTestId('review-grid');
    const detail = page.getByTestId('detail');
    await expect(grid).toBeFocused();
    await expect(page.getByTestId('review-row').first()).toBeVisible();

    hold = true;
    // A narrow window opens the drawer on Enter; a wide one shows the active row beside the table.
    await page.keyboard.press('ArrowDown');
    if (size.width < 1180) await page.keyboard.press('Enter');
    await expect(detail).toContainText('Loading…');
    expect(held.length + heldIds.size, 'the contact asked for and held back').toBeGreaterThan(0);
    await page.keyboard.press('Tab');
    await expect(detail).toBeFocused();

    // The contact arrives: the keyboard is still in its details, and goes on through them.
    release();
    const email = await page.getByTestId('review-row').nth(1).getAttribute('data-email');
    await expect(page.getByTestId('detail-email')).toHaveText(email!);
    await expect(detail).toBeFocused();
    await page.keyboard.press('Tab');
    expect(await detail.evaluate((d) => d !== document.activeElement && d.contains(document.activeElement)), 'the next Tab stays in the details').toBe(true);
  });
}
