/**
 * What the review keeps on write (migration 10) must never disagree with the rows: after each
 * kind of change (bounces imported before the list, the list, more bounces, an accepted typo
 * correction, its undo and redo, an override, a rules change) the bounce figures kept in the file
 * equal a full recount, the summary a fresh connection shows equals one computed with nothing
 * kept, and every row's last-bounce date equals the newest dated report its count includes,
 * worked out here from the bounce rows.
 */
import type Database from 'better-sqlite3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../../electron/services/store/index.js';
import { Review } from '../../../../electron/services/cleanup/review.js';
import { computeBounceSide } from '../../../../electron/services/cleanup/review-figures.js';
import { harness, type Harness } from './helpers.js';

let dir: string;
let h: Harness;
let path: string;

const CONTACTS = ['Email,Name',
  'ann@gmial.com,Ann (a typo of an address that bounced)',
  'bob@shop.example.com,Bob',
  'cat@shop.example.com,Cat',
  'dan@mail.example.org,Dan',
  'eve@post.example.net,Eve',
  'fay@post.example.net,Fay (no bounce)',
].join('\n') + '\n';

const FIRST_BOUNCES = ['Email,Type,Status,Diagnostic,Date',
  'ann@gmail.com,Hard,5.1.1,"550 5.1.1 user unknown",2025-01-03',
  'ann@gmail.com,Soft,4.2.2,"452 4.2.2 Mailbox full",2025-02-11',
  'bob@shop.example.com,Soft,4.2.2,"452 4.2.2 Mailbox full",2025-01-05',
  'bob@shop.example.com,Soft,4.2.2,"452 4.2.2 Mailbox full",2025-03-07',
  'cat@shop.example.com,Soft,5.7.1,"554 5.7.1 client host blocked using Spamhaus",2025-01-09',
  'dan@mail.example.org,Hard,5.1.1,"550 5.1.1 user unknown",',
  'stranger@elsewhere.example.com,Hard,5.1.1,"550 5.1.1 user unknown",2025-04-01',
].join('\n') + '\n';

const MORE_BOUNCES = ['Email,Type,Status,Diagnostic,Date',
  'bob@shop.example.com,Soft,4.2.2,"452 4.2.2 Mailbox full",2025-05-20',
  'dan@mail.example.org,Soft,4.2.2,"452 4.2.2 Mailbox full",2025-05-21',
  'eve@post.example.net,Complaint,,,2025-05-22',
].join('\n') + '\n';

/** The newest dated report of each address that is not a delivery report, from the bounce rows. */
function lastBounces(db: Database.Database): Map<string, string> {
  const last = new Map<string, string>();
  for (const b of db.prepare("SELECT email_norm, occurred_at FROM bounces WHERE verdict <> 'delivered' AND occurred_at IS NOT NULL").all() as { email_norm: string; occurred_at: string }[]) {
    if ((last.get(b.email_norm) ?? '') < b.occurred_at) last.set(b.email_norm, b.occurred_at);
  }
  return last;
}

/** Every check of the file as it is now; `step` names the change in failures. */
function check(step: string): void {
  const db = openStore(path);
  try {
    const kept = db.prepare('SELECT figures FROM review_figures').pluck().all() as string[];
    expect(kept, `${step}: the figures are kept`).toHaveLength(1);
    expect(JSON.parse(kept[0]!), `${step}: kept figures = a recount`).toEqual(computeBounceSide(db));
    const fresh = new Review(db).summary(false);
    // The recount with nothing kept, rolled back so the file stays as the jobs left it.
    db.exec('BEGIN');
    db.exec('DELETE FROM review_figures');
    const recount = new Review(db).summary(false);
    db.exec('ROLLBACK');
    expect(fresh, `${step}: summary from the kept figures = one with nothing kept`).toEqual(recount);
    const last = lastBounces(db);
    const rows = db.prepare('SELECT email_norm, bounces, last_bounce_at FROM contacts').all() as { email_norm: string; bounces: number; last_bounce_at: string | null }[];
    for (const r of rows) {
      expect(r.last_bounce_at, `${step}: last bounce of ${r.email_norm}`).toBe(r.bounces > 0 ? last.get(r.email_norm) ?? null : null);
    }
  } finally {
    db.close();
  }
}

async function importFile(kind: 'contacts' | 'bounces', name: string, text: string): Promise<void> {
  const file = join(dir, name);
  writeFileSync(file, text);
  const outcome = await h.run(kind === 'contacts'
    ? h.services['contacts/import']({ path: file, options: {} })
    : h.services['bounces/import']({ paths: [file], mappings: {} }));
  if (outcome.status !== 'done') throw new Error(JSON.stringify(outcome));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ls-figures-'));
  path = join(dir, 'c.listsweep');
  h = harness({ inlineJobs: true });
  await h.services['cleanup/new']({ path });
});

afterAll(async () => {
  await h?.services.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('the figures kept on write', () => {
  it('agree with a recount after every kind of change', async () => {
    await importFile('bounces', 'first.csv', FIRST_BOUNCES);
    check('bounces before any list');
    await importFile('contacts', 'list.csv', CONTACTS);
    check('the list, after its bounces');
    const withBounce = (await h.services['review/rows']({ filter: { decision: 'all', search: '' }, offset: 0, limit: 10, sort: { by: 'lastBounce', dir: 'desc' } })).rows;
    expect(withBounce.map((r) => [r.email, r.lastBounceAt ?? null]).slice(0, 3)).toEqual([
      ['bob@shop.example.com', '2025-03-07T00:00:00.000Z'], ['cat@shop.example.com', '2025-01-09T00:00:00.000Z'], ['dan@mail.example.org', null]]);
    await importFile('bounces', 'more.csv', MORE_BOUNCES);
    check('more bounces');

    const ann = (await h.services['review/rows']({ filter: { decision: 'all', search: '', flag: 'typo' }, offset: 0, limit: 10 })).rows;
    expect(ann.map((r) => r.email)).toEqual(['ann@gmial.com']);
    const before = (await h.services['review/summary']({})).bounceAddresses;
    expect((await h.services['review/accept-suggestion']({ ids: [ann[0]!.id] })).changed).toBe(1);
    // The corrected address is the one that bounced: one more bounced address on the list.
    expect((await h.services['review/summary']({})).bounceAddresses?.onLists).toBe(before!.onLists + 1);
    check('an accepted correction');
    expect((await h.services['review/undo']({})).undone).toMatch(/^Accept 1 suggested correction/);
    check('its undo');
    expect((await h.services['review/redo']({})).redone).toMatch(/^Accept 1 suggested correction/);
    check('its redo');

    expect((await h.services['review/override']({ ids: [ann[0]!.id], decision: 'keep' })).changed).toBe(1);
    check('an override');
    await h.services['policy/set']({ policy: { softRepeatThreshold: 1 } });
    check('a rules change');
  });

  it('are not read when the rows changed without them, or when they are not figures', async () => {
    const db = openStore(path);
    try {
      const recount = new Review(db).summary(false);
      // A hard bounce of a listed address added behind the jobs' back: the kept figures are of other rows now.
      db.prepare(`INSERT INTO bounces (source_id, file, source_index, email, email_norm, domain, verdict, reason, status, reply_code, diagnostic, provider, occurred_at)
        SELECT source_id, file, source_index + 100, 'bob@shop.example.com', 'bob@shop.example.com', 'shop.example.com', 'hard', 'userunknown', '5.1.1', '550', 'user unknown', provider, '2025-06-01'
        FROM bounces LIMIT 1`).run();
      const stale = new Review(db).summary(false);
      expect(stale.worstDomains).toEqual(computeBounceSide(db).worstDomains);
      expect(stale.worstDomains).not.toEqual(recount.worstDomains);
      // Kept "figures" of the right stamp but the wrong shape, as a crafted file could hold.
      db.prepare("UPDATE review_figures SET stamp = (SELECT (SELECT max(id) FROM contacts) || ':' || (SELECT max(id) FROM bounces)), figures = '{\"worstDomains\":\"all of them\"}'").run();
      expect(new Review(db).summary(false).worstDomains).toEqual(computeBounceSide(db).worstDomains);
    } finally {
      db.close();
    }
  });
});
