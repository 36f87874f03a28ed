/**
 * The bounces chart groups by what the bounce files say: by campaign when they name one (the
 * sample generator's export does), else by date (by day, by month over a longer span), else by
 * file. Each figure is checked against a count in SQL over the stored bounces.
 */
import Database from 'better-sqlite3';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REASON_INFO, type Reason } from '../../../../shared/reasons.js';
import { genLists, harness, type Harness } from './helpers.js';

const open: Harness[] = [];
const dirs: string[] = [];
afterAll(async () => {
  for (const h of open) await h.services.dispose();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function cleanup(contacts: string, bounces: { name: string; text: string }[] | string): Promise<{ h: Harness; db: Database.Database }> {
  const h = harness({ inlineJobs: true });
  open.push(h);
  const dir = h.userDataDir;
  await h.services['cleanup/new']({ path: join(dir, 'c.listsweep') });
  const paths = typeof bounces === 'string' ? [bounces] : bounces.map((b) => { writeFileSync(join(dir, b.name), b.text); return join(dir, b.name); });
  for (const start of [() => h.services['contacts/import']({ path: contacts, options: {} }), () => h.services['bounces/import']({ paths, mappings: {} })]) {
    const outcome = await h.run(start());
    if (outcome.status !== 'done') throw new Error(JSON.stringify(outcome));
  }
  return { h, db: new Database(join(dir, 'c.listsweep'), { readonly: true }) };
}

function contactsFile(dir: string, emails: readonly string[]): string {
  const path = join(dir, 'list.csv');
  writeFileSync(path, ['Email', ...emails].join('\n') + '\n');
  return path;
}

describe('bounces per campaign', () => {
  it('a year of campaigns: one column each, oldest first, hard / soft / blocks as stored', async () => {
    const gen = genLists(600, { seed: 3 });
    dirs.push(gen);
    const { h, db } = await cleanup(join(gen, 'contacts.csv'), join(gen, 'bounces.csv'));
    const t = (await h.services['review/summary']({})).bounceTimeline!;
    expect(t.by).toBe('campaign');
    const rows = db.prepare(`SELECT campaign, verdict, reason, min(occurred_at) AS first, count(*) AS n FROM bounces
      WHERE verdict IN ('hard', 'soft') GROUP BY 1, 2, 3`).all() as { campaign: string; verdict: 'hard' | 'soft'; reason: Reason; first: string; n: number }[];
    const want = new Map<string, { first: string; hard: number; soft: number; blocks: number }>();
    for (const r of rows) {
      const g = want.get(r.campaign) ?? { first: r.first, hard: 0, soft: 0, blocks: 0 };
      g[REASON_INFO[r.reason].side === 'sender' ? 'blocks' : r.verdict] += r.n;
      if (r.first < g.first) g.first = r.first;
      want.set(r.campaign, g);
    }
    expect(t.groups.length).toBe(want.size);
    expect(t.groups.length).toBeGreaterThan(5);
    const firsts = t.groups.map((g) => g.first!);
    expect(firsts).toEqual([...firsts].sort());
    for (const g of t.groups) expect(g, g.key).toEqual({ key: g.key, ...want.get(g.key) });
    db.close();
  });

  it('no campaign, dates over three months: one column per month; the month filters the table', async () => {
    const h0 = harness();
    open.push(h0);
    const dir = h0.userDataDir;
    const emails = Array.from({ length: 12 }, (_, i) => `p${i}@example.com`);
    const csv = ['Email,Type,Status,Diagnostic,Date',
      ...emails.map((e, i) => `${e},Hard,5.1.1,550 5.1.1 user unknown,2025-0${1 + (i % 3)}-${String(1 + i * 2).padStart(2, '0')}`)].join('\n') + '\n';
    const { h, db } = await cleanup(contactsFile(dir, emails), [{ name: 'b.csv', text: csv }]);
    const t = (await h.services['review/summary']({})).bounceTimeline!;
    expect(t.by).toBe('month');
    expect(t.groups.map((g) => [g.key, g.hard])).toEqual([['2025-01', 4], ['2025-02', 4], ['2025-03', 4]]);
    const feb = await h.services['review/rows']({ filter: { decision: 'all', search: '', bounced: { by: 'month', key: '2025-02' } }, offset: 0, limit: 50 });
    expect(feb.rows.map((r) => r.email)).toEqual(['p1@example.com', 'p4@example.com', 'p7@example.com', 'p10@example.com']);
    db.close();
  });

  it('no campaign and no dates: one column per file', async () => {
    const h0 = harness();
    open.push(h0);
    const dir = h0.userDataDir;
    const emails = ['a@example.com', 'b@example.com', 'c@example.com'];
    const file = (rows: string[]) => ['Email,Type,Status,Diagnostic', ...rows].join('\n') + '\n';
    const { h, db } = await cleanup(contactsFile(dir, emails), [
      { name: 'march.csv', text: file(['a@example.com,Hard,5.1.1,550 user unknown', 'b@example.com,Soft,4.2.2,452 mailbox full']) },
      { name: 'april.csv', text: file(['c@example.com,Soft,5.7.1,554 5.7.1 client host blocked using Spamhaus']) },
    ]);
    const t = (await h.services['review/summary']({})).bounceTimeline!;
    expect(t.by).toBe('file');
    expect(t.groups.map((g) => ({ key: g.key, hard: g.hard, soft: g.soft, blocks: g.blocks }))).toEqual([
      { key: 'april.csv', hard: 0, soft: 0, blocks: 1 },
      { key: 'march.csv', hard: 1, soft: 1, blocks: 0 },
    ]);
    const april = await h.services['review/rows']({ filter: { decision: 'all', search: '', bounced: { by: 'file', key: 'april.csv' } }, offset: 0, limit: 50 });
    expect(april.rows.map((r) => r.email)).toEqual(['c@example.com']);
    db.close();
  });
});
