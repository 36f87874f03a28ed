/**
 * Bounces imported before the list decide each contact as it is stored; imported after it they
 * re-decide the stored contacts. `clean` takes the first way (each contact decided once), the app
 * either: both must end with the same rows, the same evidence and the same exported lists.
 */
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { genLists, harness, type Harness } from './helpers.js';

const opened: Harness[] = [];
afterAll(async () => {
  for (const h of opened) await h.services.dispose();
});

const COLUMNS = `id, row, email_norm, valid, duplicate_of, bounces, last_diagnostic, last_bounce_at, policy_decision, policy_cause,
  reason, detail, decision, cause`;

async function cleanup(dir: string, order: readonly ('contacts' | 'bounces')[]): Promise<{ rows: unknown[][]; cleaned: string; removed: string; bounceSummary: string }> {
  const h = harness();
  opened.push(h);
  const path = join(h.userDataDir, 'order.listsweep');
  await h.services['cleanup/new']({ path });
  let bounceSummary = '';
  for (const step of order) {
    const started = step === 'contacts'
      ? h.services['contacts/import']({ path: join(dir, 'contacts.csv'), options: {} })
      : h.services['bounces/import']({ paths: [join(dir, 'bounces.csv')], mappings: {} });
    const outcome = await h.run(started);
    expect(outcome).toMatchObject({ status: 'done' });
    if (step === 'bounces' && outcome.status === 'done') bounceSummary = outcome.summary;
  }
  const out = (name: string) => join(h.userDataDir, name);
  expect(await h.run(h.services['export/run']({ kind: 'cleaned', path: out('cleaned.csv'), encoding: 'source' }))).toMatchObject({ status: 'done' });
  expect(await h.run(h.services['export/run']({ kind: 'removed', path: out('removed.csv'), encoding: 'source' }))).toMatchObject({ status: 'done' });
  const db = new Database(path, { readonly: true });
  try {
    const rows = db.prepare(`SELECT ${COLUMNS} FROM contacts ORDER BY id`).raw().all() as unknown[][];
    return { rows, cleaned: readFileSync(out('cleaned.csv'), 'utf8'), removed: readFileSync(out('removed.csv'), 'utf8'), bounceSummary };
  } finally {
    db.close();
  }
}

describe('bounces and list in either order', () => {
  it('end with the same decisions, evidence and exported lists', async () => {
    const dir = genLists(3000);
    const after = await cleanup(dir, ['contacts', 'bounces']);
    const before = await cleanup(dir, ['bounces', 'contacts']);
    // The sample has what can differ between the two ways: hard and soft bounces, repeated soft
    // bounces, bounced duplicates, undated reports.
    const bounced = after.rows.filter((r) => (r[5] as number) > 0);
    expect(bounced.length).toBeGreaterThan(50);
    expect(new Set(bounced.map((r) => r[13])).size).toBeGreaterThanOrEqual(3);
    expect(bounced.some((r) => r[7] !== null)).toBe(true);
    expect(before.rows).toEqual(after.rows);
    expect(before.cleaned).toBe(after.cleaned);
    expect(before.removed).toBe(after.removed);
    // Before the list, the import counts the same records and addresses, and says the list is to come.
    const counted = (s: string) => /^Imported ([\d,]+) bounce records for ([\d,]+) addresses/.exec(s)?.slice(1);
    expect(counted(after.bounceSummary)).toBeDefined();
    expect(counted(before.bounceSummary)).toEqual(counted(after.bounceSummary));
    expect(before.bounceSummary).toMatch(/No contact list is imported yet/);
  });
});
