/**
 * axe-core on the page as it is now: no critical or serious violation. A soft assertion, so one
 * screen's findings do not hide the next screen's; each finding names its rule, impact and the
 * first nodes it was found on.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect } from '@playwright/test';
import type { Page } from '@playwright/test';

export async function expectAccessible({ page }: { page: Page }, state: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'critical' || v.impact === 'serious')
    .map((v) => `${v.id} (${v.impact}, ${v.nodes.length}×): ${v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')} ${n.failureSummary?.split('\n')[1] ?? ''}`).join(' | ')}`);
  expect.soft(serious, `axe on ${state}`).toEqual([]);
}
