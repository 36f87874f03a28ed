/**
 * Every figure of the review summary and of the bounce import's message counts the user's
 * contacts: a 2,000-contact list is imported with a bounce export that also holds many bounces
 * of addresses not on it (as a whole account's export does), and each figure must equal a count
 * written here in SQL over the stored tables, independently of the summary's own queries.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPUTATION_REASONS, reputationWarning } from '../../../../shared/policy.js';
import { REASON_INFO, type Reason } from '../../../../shared/reasons.js';
import type { ReviewSummary } from '../../../../shared/contract.js';
import { noMatch } from '../../../../renderer/src/components/review-panel.js';
import { harness, rng, type Harness } from './helpers.js';

const BOUNCES: readonly { type: string; status: string; diagnostic: string }[] = [
  { type: 'Hard', status: '5.1.1', diagnostic: '550 5.1.1 user unknown' },
  { type: 'Soft', status: '4.2.2', diagnostic: '452 4.2.2 Mailbox full' },
  { type: 'Soft', status: '5.7.1', diagnostic: '554 5.7.1 Service unavailable; client host blocked using Spamhaus' },
  { type: 'Hard', status: '5.7.1', diagnostic: '550 5.7.1 Message rejected as spam by content filter' },
  { type: 'Complaint', status: '', diagnostic: '' },
  { type: 'Unsubscribed', status: '', diagnostic: '' },
];

/** 2,000 contacts over a few domains (some duplicated, some invalid) and a bounce export mixing them with strangers. */
function generate(dir: string, seed: number): { contacts: string; bounces: string } {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const ours = ['shop.example.com', 'mail.example.org', 'post.example.net', 'inbox.example.de', 'corp.example.fr', 'gmail.com', 'yahoo.com'];
  const theirs = ['elsewhere.example.com', 'other-list.example.org', 'strangers.example.net', 'outlook.com'];
  const emails: string[] = [];
  for (let i = 0; emails.length < 2000; i++) {
    const roll = r();
    if (roll < 0.03 && emails.length) emails.push(pick(emails).toUpperCase());
    else if (roll < 0.05) emails.push(`broken${i}.example.com`);
    else emails.push(`person${i}@${pick(ours)}`);
  }
  const lines = ['Email,Type,Status,Diagnostic,Date'];
  const bounce = (email: string) => {
    const b = pick(BOUNCES);
    lines.push(`${email},${b.type},${b.status},"${b.diagnostic}",2025-01-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`);
  };
  for (const e of emails) if (e.includes('@') && r() < 0.2) { bounce(e); if (r() < 0.3) bounce(e); }
  // As many bounces again of addresses on no list, many of them refusals of the sender.
  for (let i = 0; i < 700; i++) bounce(`stranger${i}@${pick(theirs)}`);
  const contacts = join(dir, 'contacts.csv');
  const bounces = join(dir, 'bounces.csv');
  writeFileSync(contacts, ['Email,Name', ...emails.map((e, i) => `${e},Contact ${i + 1}`)].join('\n') + '\n');
  writeFileSync(bounces, lines.join('\n') + '\n');
  return { contacts, bounces };
}

let dir: string;
let h: Harness;
let summary: ReviewSummary;
let importMessage: string;
let db: Database.Database;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ls-counts-'));
  const files = generate(dir, 20251206);
  h = harness({ inlineJobs: true });
  await h.services['cleanup/new']({ path: join(dir, 'c.listsweep') });
  expect((await h.run(h.services['contacts/import']({ path: files.contacts, options: {} }))).status).toBe('done');
  const outcome = await h.run(h.services['bounces/import']({ paths: [files.bounces], mappings: {} }));
  if (outcome.status !== 'done') throw new Error(JSON.stringify(outcome));
  importMessage = outcome.summary;
  summary = await h.services['review/summary']({});
  db = new Database(join(dir, 'c.listsweep'), { readonly: true });
});

afterAll(async () => {
  db?.close();
  await h?.services.dispose();
  rmSync(dir, { recursive: true, force: true });
});

const one = (sql: string): number => (db.prepare(sql).get() as { n: number }).n;
/** Addresses on the lists that have bounces (a join, where the summary probes an index). */
const OURS = 'SELECT DISTINCT b.email_norm, b.domain, b.verdict, b.reason FROM bounces b JOIN contacts c ON c.email_norm = b.email_norm';
const REP = REPUTATION_REASONS.map((r) => `'${r}'`).join(', ');

describe('on a 2,000-contact list with bounces of other addresses mixed in', () => {
  it('the data is what the test needs: strangers bounced too, and often', () => {
    expect(one('SELECT count(*) AS n FROM contacts')).toBe(2000);
    const strangers = one('SELECT count(DISTINCT email_norm) AS n FROM bounces WHERE email_norm NOT IN (SELECT email_norm FROM contacts)');
    expect(strangers).toBeGreaterThan(500);
    expect(one(`SELECT count(DISTINCT email_norm) AS n FROM (${OURS})`)).toBeGreaterThan(300);
  });

  it('the import says: N records, M addresses, K of them on your lists', () => {
    const n = one('SELECT count(*) AS n FROM bounces');
    const m = one("SELECT count(DISTINCT email_norm) AS n FROM bounces WHERE email_norm <> ''");
    const k = one(`SELECT count(DISTINCT email_norm) AS n FROM (${OURS})`);
    expect(summary.bounceAddresses).toEqual({ imported: m, onLists: k });
    expect(importMessage).toBe(`Imported ${n.toLocaleString('en-US')} bounce records for ${m.toLocaleString('en-US')} addresses, ${k.toLocaleString('en-US')} of them on your contact lists.`);
  });

  it('contacts by decision and by cause', () => {
    expect(summary.total).toBe(one('SELECT count(*) AS n FROM contacts'));
    for (const d of ['keep', 'remove', 'watch'] as const) expect(summary.byDecision[d], d).toBe(one(`SELECT count(*) AS n FROM contacts WHERE decision = '${d}'`));
    const causes = Object.fromEntries((db.prepare('SELECT cause, count(*) AS n FROM contacts GROUP BY cause').all() as { cause: string; n: number }[]).map((r) => [r.cause, r.n]));
    expect(summary.byCause).toEqual(causes);
  });

  it('reasons: contacts (addresses on the lists) per reason', () => {
    const byReason = db.prepare('SELECT reason, count(DISTINCT email_norm) AS addresses FROM contacts WHERE reason IS NOT NULL GROUP BY reason').all() as { reason: Reason; addresses: number }[];
    expect([...summary.byReason].sort((a, b) => a.reason.localeCompare(b.reason))).toEqual(byReason.sort((a, b) => a.reason.localeCompare(b.reason)));
    expect(summary.byReason.length).toBeGreaterThan(2);
  });

  it('worst domains: only domains of contacts, counting contacts that bounced hard or soft', () => {
    const expected = db.prepare(`SELECT domain, count(DISTINCT CASE WHEN verdict = 'hard' THEN email_norm END) AS hard,
      count(DISTINCT CASE WHEN verdict = 'soft' THEN email_norm END) AS soft FROM (${OURS}) WHERE domain <> ''
      GROUP BY domain HAVING hard + soft > 0 ORDER BY hard + soft DESC, domain LIMIT 10`).all();
    expect(summary.worstDomains).toEqual(expected);
    const listDomains = new Set((db.prepare("SELECT DISTINCT substr(email_norm, instr(email_norm, '@') + 1) AS d FROM contacts WHERE email_norm <> ''").all() as { d: string }[]).map((r) => r.d));
    for (const d of summary.worstDomains) expect(listDomains.has(d.domain), d.domain).toBe(true);
  });

  it('the reputation banner counts contacts refused for the sender’s reputation', () => {
    const rep = db.prepare(`SELECT count(DISTINCT email_norm) AS addresses, count(DISTINCT domain) AS domains FROM (${OURS}) WHERE reason IN (${REP})`).get() as { addresses: number; domains: number };
    const reasons = db.prepare(`SELECT reason, count(DISTINCT email_norm) AS addresses FROM (${OURS}) WHERE reason IN (${REP}) GROUP BY reason ORDER BY addresses DESC, reason`).all() as { reason: Reason; addresses: number }[];
    const bounced = one(`SELECT count(DISTINCT email_norm) AS n FROM (${OURS}) WHERE verdict IN ('hard', 'soft', 'complaint', 'unknown')`);
    const expected = reputationWarning({ bouncedAddresses: bounced, reputationAddresses: rep.addresses, reputationDomains: rep.domains, reasons });
    expect(expected).not.toBeNull();
    expect(summary.reputationWarning).toBe(expected);
    expect(summary.reputationWarning).toContain(`${rep.addresses.toLocaleString('en-US')} addresses at ${rep.domains.toLocaleString('en-US')} different domains`);
  });
});

describe('the charts’ figures', () => {
  it('contacts by decision and cause, overrides under the decision chosen', async () => {
    const exact = () => (db.prepare(`SELECT decision, cause, count(*) AS contacts FROM contacts GROUP BY decision, cause`).all() as { decision: string; cause: string; contacts: number }[])
      .sort((a, b) => `${a.decision}${a.cause}`.localeCompare(`${b.decision}${b.cause}`));
    const split = (s: ReviewSummary) => [...s.decisionCauses ?? []].sort((a, b) => `${a.decision}${a.cause}`.localeCompare(`${b.decision}${b.cause}`));
    expect(split(summary)).toEqual(exact());
    expect(split(summary).filter((r) => r.decision === 'remove').length).toBeGreaterThan(2);
    // Some removed rows kept and some kept rows removed by hand: each lands under its new decision.
    const removed = (await h.services['review/rows']({ filter: { decision: 'remove', search: '' }, offset: 0, limit: 3 })).rows.map((r) => r.id);
    const kept = (await h.services['review/rows']({ filter: { decision: 'keep', search: '' }, offset: 0, limit: 2 })).rows.map((r) => r.id);
    await h.services['review/override']({ ids: removed, decision: 'keep' });
    await h.services['review/override']({ ids: kept, decision: 'remove' });
    try {
      const after = await h.services['review/summary']({});
      expect(split(after)).toEqual(exact());
      expect(after.decisionCauses).toContainEqual({ decision: 'keep', cause: 'override', contacts: 3 });
      expect(after.decisionCauses).toContainEqual({ decision: 'remove', cause: 'override', contacts: 2 });
    } finally {
      await h.services['review/undo']({});
      await h.services['review/undo']({});
    }
    expect(split(await h.services['review/summary']({}))).toEqual(exact());
  });

  it('bounces per date of the listed addresses only, hard / soft / blocks, oldest first', () => {
    const t = summary.bounceTimeline!;
    // The export names no campaign and spans 28 days.
    expect(t.by).toBe('day');
    const rows = db.prepare(`SELECT substr(b.occurred_at, 1, 10) AS day, b.verdict, b.reason, count(*) AS n FROM bounces b
      WHERE b.verdict IN ('hard', 'soft') AND b.email_norm IN (SELECT email_norm FROM contacts) GROUP BY 1, 2, 3`).all() as { day: string; verdict: string; reason: string; n: number }[];
    const want = new Map<string, { hard: number; soft: number; blocks: number }>();
    for (const r of rows) {
      const g = want.get(r.day) ?? { hard: 0, soft: 0, blocks: 0 };
      g[REASON_INFO[r.reason as Reason].side === 'sender' ? 'blocks' : r.verdict as 'hard' | 'soft'] += r.n;
      want.set(r.day, g);
    }
    expect(t.groups.map((g) => g.key)).toEqual([...want.keys()].sort());
    for (const g of t.groups) expect({ hard: g.hard, soft: g.soft, blocks: g.blocks }, g.key).toEqual(want.get(g.key));
    const sum = (k: 'hard' | 'soft' | 'blocks') => t.groups.reduce((s, g) => s + g[k], 0);
    expect(sum('blocks')).toBeGreaterThan(0);
    expect(sum('hard') + sum('soft') + sum('blocks')).toBe(rows.reduce((s, r) => s + r.n, 0));
  });

  it('a bar of the charts filters the table to the contacts that bounced there', async () => {
    const day = summary.bounceTimeline!.groups[3]!.key;
    const ids = (db.prepare(`SELECT c.id FROM contacts c WHERE c.email_norm IN (SELECT email_norm FROM bounces WHERE verdict IN ('hard', 'soft')
      AND substr(occurred_at, 1, 10) = ?) ORDER BY c.id`).all(day) as { id: number }[]).map((r) => r.id);
    expect(ids.length).toBeGreaterThan(0);
    const page = await h.services['review/rows']({ filter: { decision: 'all', search: '', bounced: { by: 'day', key: day } }, offset: 0, limit: 1000 });
    expect(page.rows.map((r) => r.id)).toEqual(ids);
    expect(page.total).toBe(ids.length);
    const month = await h.services['review/rows']({ filter: { decision: 'remove', search: '', bounced: { by: 'month', key: day.slice(0, 7) } }, offset: 0, limit: 5 });
    expect(month.rows.every((r) => r.decision === 'remove')).toBe(true);

    const domain = summary.worstDomains[0]!;
    const byDomain = await h.services['review/rows']({ filter: { decision: 'all', search: '', bounced: { by: 'domain', key: domain.domain } }, offset: 0, limit: 1000 });
    expect(new Set(byDomain.rows.map((r) => r.email.toLowerCase().split('@')[1]))).toEqual(new Set([domain.domain]));
    // The row counts contacts with a hard or a soft bounce; a contact with both is one row (a list may hold it twice).
    expect(byDomain.total).toBeGreaterThanOrEqual(Math.max(domain.hard, domain.soft));
  });
});

describe('bounces that match no contact', () => {
  it('say so plainly and suggest why', async () => {
    const other = harness({ inlineJobs: true });
    try {
      const files = generate(dir, 7);
      await other.services['cleanup/new']({ path: join(dir, 'other.listsweep') });
      writeFileSync(join(dir, 'mine.csv'), 'Email\nme@shop.example.com\nyou@shop.example.com\n');
      await other.run(other.services['contacts/import']({ path: join(dir, 'mine.csv'), options: {} }));
      const outcome = await other.run(other.services['bounces/import']({ paths: [files.bounces], mappings: {} }));
      expect(outcome.status).toBe('done');
      if (outcome.status !== 'done') return;
      expect(outcome.summary).toMatch(/^Imported [\d,]+ bounce records for [\d,]+ addresses, none of them on your contact lists: nothing changed\. .*another list/);
      const s = await other.services['review/summary']({});
      expect(s.byDecision).toEqual({ keep: 2, remove: 0, watch: 0 });
      expect(s.worstDomains).toEqual([]);
      expect(s.reputationWarning).toBeNull();
      expect(s.bounceAddresses?.onLists).toBe(0);
      expect(s.bounceAddresses?.imported).toBeGreaterThan(500);
      expect(noMatch(s)).toMatch(/^None of the [\d,]+ bounced addresses are on your contact lists\. .*another list or account/);
    } finally {
      await other.services.dispose();
    }
  });
});
