import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { expectedCleaned, genLists, harness, removedRows, splitRecords, type Harness } from './helpers.js';
import { defaultCleanupName } from '../../../../electron/services/cleanup/index.js';
import { Review, whereOf } from '../../../../electron/services/cleanup/review.js';
import { readPolicy, recomputeAll } from '../../../../electron/services/cleanup/recompute.js';
import { openStore } from '../../../../electron/services/store/index.js';
import { addressesStored, readAddresses } from '../../../../electron/services/cleanup/address-index.js';
import Database from 'better-sqlite3';
import { REASON_INFO, type Reason } from '../../../../shared/reasons.js';

let h: Harness;
let gen: string;
beforeAll(() => { h = harness(); gen = genLists(2000); });
afterAll(async () => { await h.services.dispose(); });

/** The search's addresses as the import stored them, and as the rows give them without the stored chunks. */
function storedSearch(path: string) {
  const db = openStore(path);
  const parts = () => {
    const p = readAddresses(db)!;
    return { lines: p.ids.length, text: Buffer.from(p.bytes).toString(), ids: [...p.ids], blanks: p.blankCells.map((c, i) => [p.blankIds[i], c]) };
  };
  try {
    expect(addressesStored(db)).toBe(true);
    const stored = parts();
    db.exec('BEGIN; DELETE FROM search_addresses');
    const fromRows = parts();
    db.exec('ROLLBACK');
    return { stored, fromRows };
  } finally {
    db.close();
  }
}

describe('a cleanup from import to export', () => {
  it('refuses review calls before a cleanup is open', async () => {
    await expect(h.services['review/summary']({})).rejects.toMatchObject({ code: 'no-cleanup' });
    expect(await h.services['cleanup/current']({})).toBeNull();
  });

  it('creates a cleanup in the user-data folder with a dated name and lists it as recent', async () => {
    const info = await h.services['cleanup/new']({});
    expect(info.path.startsWith(join(h.userDataDir, 'cleanups'))).toBe(true);
    expect(info.name).toMatch(/^Cleanup \d{4}-\d{2}-\d{2} \d{2}\.\d{2}/);
    expect(defaultCleanupName(new Date(2026, 0, 2, 3, 4))).toBe('Cleanup 2026-01-02 03.04');
    const recent = await h.services['cleanup/recent']({});
    expect(recent[0]).toMatchObject({ path: info.path, exists: true });
  });

  it('imports contacts in a worker with progress and a done event', async () => {
    const outcome = await h.run(h.services['contacts/import']({ path: join(gen, 'contacts.csv'), options: {} }));
    expect(outcome).toMatchObject({ status: 'done' });
    const info = await h.services['cleanup/current']({});
    expect(info?.contacts).toBe(2000);
    expect(info?.sources[0]).toMatchObject({ kind: 'contacts', name: 'contacts.csv', rows: 2000 });
    expect(h.events.some((e) => e.event === 'job/progress')).toBe(true);
    expect(h.events.at(-1)?.event).toBe('job/done');
    const truth = JSON.parse(readFileSync(join(gen, 'truth.json'), 'utf8'));
    const s = await h.services['review/summary']({});
    expect(s.total).toBe(2000);
    expect(s.byCause.duplicate).toBe(truth.counts.duplicates);
  });

  it('imports bounces and re-decides the bounced addresses', async () => {
    const outcome = await h.run(h.services['bounces/import']({ paths: [join(gen, 'bounces.csv')], mappings: {} }));
    expect(outcome).toMatchObject({ status: 'done' });
    const s = await h.services['review/summary']({});
    expect(s.byDecision.keep + s.byDecision.remove + s.byDecision.watch).toBe(2000);
    const removed = await h.services['review/rows']({ filter: { decision: 'remove', search: '' }, offset: 0, limit: 1000 });
    expect(removed.total).toBe(s.byDecision.remove);
    expect(removed.rows.every((r) => r.decision === 'remove')).toBe(true);
  });

  it('decides every bounced address of the generator as its truth says', async () => {
    const truth = JSON.parse(readFileSync(join(gen, 'truth.json'), 'utf8')) as { bounced: Record<string, { verdict: string; reason: string }> };
    const db = new Database((await h.services['cleanup/current']({}))!.path, { readonly: true });
    const causes = new Map<string, string[]>();
    for (const r of db.prepare('SELECT email_norm AS n, cause FROM contacts WHERE bounces > 0').all() as { n: string; cause: string }[]) {
      causes.set(r.n, [...(causes.get(r.n) ?? []), r.cause]);
    }
    db.close();
    let checked = 0;
    for (const [email, t] of Object.entries(truth.bounced)) {
      const got = causes.get(email.trim().toLowerCase());
      if (t.verdict === 'auto-reply') { expect(got ?? ['clean']).not.toContain('hard-bounce'); continue; }
      expect(got, email).toBeDefined();
      for (const cause of got!) {
        if (t.verdict === 'hard') expect(cause, `${email} ${t.reason}`).toBe('hard-bounce');
        // Blocks and spam rejections are about the sender: they never count toward the repeat rule.
        else if (REASON_INFO[t.reason as Reason].side === 'sender') expect(cause, `${email} ${t.reason}`).toBe('soft-bounce');
        else expect(['soft-bounce', 'repeated-soft'], `${email} ${t.reason}`).toContain(cause);
      }
      checked++;
    }
    expect(checked).toBeGreaterThan(40);
  });

  it('re-decides every row after a policy change (role accounts removed)', async () => {
    const path = (await h.services['cleanup/current']({}))!.path;
    const db = openStore(path);
    try {
      const roles = (db.prepare("SELECT count(*) AS n FROM contacts WHERE cause = 'role'").get() as { n: number }).n;
      expect(roles).toBeGreaterThan(0);
      const policy = { ...readPolicy(db), role: 'remove' as const };
      db.transaction(() => recomputeAll(db, policy))();
      expect((db.prepare("SELECT count(*) AS n FROM contacts WHERE cause = 'role' AND decision = 'remove'").get() as { n: number }).n).toBe(roles);
      db.transaction(() => recomputeAll(db, readPolicy(db)))();
      expect((db.prepare("SELECT count(*) AS n FROM contacts WHERE cause = 'role' AND decision = 'keep'").get() as { n: number }).n).toBe(roles);
    } finally {
      db.close();
    }
  });

  it('searches by substring and pages', async () => {
    const page = await h.services['review/rows']({ filter: { decision: 'all', search: 'GMAIL.com' }, offset: 0, limit: 10 });
    expect(page.rows.length).toBe(10);
    expect(page.rows.every((r) => r.email.toLowerCase().includes('gmail.com'))).toBe(true);
    expect(page.total).toBeGreaterThan(10);
    const next = await h.services['review/rows']({ filter: { decision: 'all', search: 'gmail.com' }, offset: 10, limit: 10 });
    expect(next.rows[0]!.id).toBeGreaterThan(page.rows[9]!.id);
  });

  it('counts and pages every decision and cause as a plain scan of the table would, flagged ones through their partial index', async () => {
    const db = new Database((await h.services['cleanup/current']({}))!.path, { readonly: true });
    try {
      const summary = await h.services['review/summary']({});
      const plain = (col: string) => Object.fromEntries((db.prepare(`SELECT ${col} AS k, count(*) AS n FROM contacts NOT INDEXED GROUP BY ${col}`).all() as { k: string; n: number }[]).map((r) => [r.k, r.n]));
      expect(summary.byDecision).toEqual({ keep: 0, remove: 0, watch: 0, ...plain('decision') });
      expect(summary.byCause).toEqual(plain('cause'));
      for (const filter of [{ decision: 'keep' as const }, { decision: 'remove' as const }, { decision: 'all' as const, cause: 'clean' }, { decision: 'all' as const, cause: 'invalid' }]) {
        for (const offset of [0, 5, 1500]) {
          const page = await h.services['review/rows']({ filter: { search: '', ...filter }, offset, limit: 20 });
          const col = 'cause' in filter ? 'cause' : 'decision';
          const want = (db.prepare(`SELECT id FROM contacts NOT INDEXED WHERE ${col} = ? ORDER BY id LIMIT 20 OFFSET ?`).pluck().all(filter.cause ?? filter.decision, offset) as number[]);
          if (offset < 1000) expect(want.length).toBeGreaterThan(0);
          expect(page.rows.map((r) => r.id)).toEqual(want);
        }
      }
      const plan = (f: Parameters<typeof whereOf>[0]) => {
        const q = whereOf(f);
        return (db.prepare(`EXPLAIN QUERY PLAN SELECT c.id FROM contacts c ${q.sql} ORDER BY c.id`).all(...q.params) as { detail: string }[]).map((r) => r.detail).join(' ');
      };
      expect(plan({ decision: 'remove', search: '' })).toContain('contacts_flagged_decision');
      expect(plan({ decision: 'all', cause: 'duplicate', search: '' })).toContain('contacts_flagged_cause');
    } finally {
      db.close();
    }
  });

  it('folds a bulk change into the cleanup file in a worker, not in the main thread\'s commit', async () => {
    const path = (await h.services['cleanup/current']({}))!.path;
    const before = (await h.services['review/summary']({})).byCause.override ?? 0;
    const watch = await h.services['review/rows']({ filter: { decision: 'watch', search: '' }, offset: 0, limit: 5 });
    expect(watch.rows.length).toBeGreaterThan(0);
    const ids = watch.rows.map((r) => r.id);
    await h.services['review/override']({ ids, decision: 'remove' });
    // The file alone (without its -wal log) holds the change once the fold has run.
    const copy = join(mkdtempSync(join(tmpdir(), 'ls-fold-')), 'copy.listsweep');
    await vi.waitFor(() => {
      copyFileSync(path, copy);
      const db = new Database(copy, { readonly: true });
      try {
        expect(db.prepare("SELECT count(*) FROM contacts WHERE cause = 'override'").pluck().get()).toBe(before + ids.length);
      } finally {
        db.close();
      }
    }, { timeout: 20_000, interval: 200 });
    await h.services['review/undo']({});
  });

  it('shows one contact with its bounce history and a sentence', async () => {
    const hard = await h.services['review/rows']({ filter: { decision: 'remove', search: '', cause: 'hard-bounce' }, offset: 0, limit: 1 });
    const d = await h.services['review/contact']({ id: hard.rows[0]!.id });
    expect(d.bounces.length).toBeGreaterThan(0);
    expect(d.sentence).toMatch(/^Remove:/);
    expect(d.sentence).toContain('bounces.csv');
    expect(d.fields[0]).toMatchObject({ header: 'Email Address' });
    await expect(h.services['review/contact']({ id: 999999 })).rejects.toMatchObject({ code: 'not-found' });
  });

  it('overrides in bulk, survives reopening, and undoes', async () => {
    const before = await h.services['review/summary']({});
    const hard = await h.services['review/rows']({ filter: { decision: 'remove', search: '', cause: 'hard-bounce' }, offset: 0, limit: 3 });
    const ids = hard.rows.map((r) => r.id);
    expect(await h.services['review/override']({ ids, decision: 'keep' })).toEqual({ changed: 3 });
    const after = await h.services['review/summary']({});
    expect(after.byDecision.keep).toBe(before.byDecision.keep + 3);
    expect(after.byCause.override).toBe(3);
    // counts kept up to date by deltas equal a fresh count
    const fresh = new Review(new Database((await h.services['cleanup/current']({}))!.path, { readonly: true })).summary(true);
    expect(after).toEqual(fresh);
    expect(after.canUndo).toBe(true);
    const path = (await h.services['cleanup/current']({}))!.path;
    await h.services['cleanup/close']({});
    await h.services['cleanup/open']({ path });
    const row = await h.services['review/rows']({ filter: { decision: 'keep', search: '', cause: 'override' }, offset: 0, limit: 10 });
    expect(row.rows.map((r) => r.id)).toEqual(ids);
    expect(row.rows[0]!.label).toMatch(/^Kept by you \(was: /);
    // a filter override of every watched row, then two undos restore the start
    const watch = before.byDecision.watch;
    expect((await h.services['review/override']({ filter: { decision: 'watch', search: '' }, decision: 'remove' })).changed).toBe(watch);
    expect((await h.services['review/undo']({})).undone).toMatch(/^Remove \d+ rows?$/);
    expect((await h.services['review/undo']({})).undone).toBe('Keep 3 rows');
    expect((await h.services['review/undo']({})).undone).toBeNull();
    expect(await h.services['review/summary']({})).toMatchObject({ byDecision: before.byDecision, canUndo: false });
  });

  it('exports the cleaned list (input minus removed rows, byte for byte), the removed list and a suppression list', async () => {
    const dir = h.userDataDir;
    const s = await h.services['review/summary']({});
    expect(await h.run(h.services['export/run']({ kind: 'cleaned', path: join(dir, 'cleaned.csv'), encoding: 'source' }))).toMatchObject({ status: 'done' });
    expect(await h.run(h.services['export/run']({ kind: 'removed', path: join(dir, 'removed.csv'), encoding: 'source' }))).toMatchObject({ status: 'done' });
    expect(await h.run(h.services['export/run']({ kind: 'suppression', path: join(dir, 'suppression.csv'), encoding: 'source' }))).toMatchObject({ status: 'done' });
    const cleaned = readFileSync(join(dir, 'cleaned.csv'), 'utf8');
    const input = readFileSync(join(gen, 'contacts.csv'), 'utf8');
    const gone = removedRows((await h.services['cleanup/current']({}))!.path);
    expect(gone.size).toBe(s.byDecision.remove);
    expect(cleaned).toBe(expectedCleaned(input, gone));
    const removed = splitRecords(readFileSync(join(dir, 'removed.csv'), 'utf8'));
    expect(removed[0]).toBe('Email Address,First Name,Last Name,Company,Phone,Tags,Signup Date,listsweep_reason,listsweep_detail');
    expect(removed.length - 1).toBe(s.byDecision.remove);
    const supp = readFileSync(join(dir, 'suppression.csv'), 'utf8');
    expect(supp.startsWith('email,reason,date\r\n')).toBe(true);
    expect(supp).not.toMatch(/,duplicate,/);
    await expect(h.services['export/run']({ kind: 'cleaned', path: join(gen, 'contacts.csv'), encoding: 'source' })).rejects.toMatchObject({ code: 'bad-input' });
  });

  it('remembers a corrected bounce column mapping for the next file with the same header', async () => {
    const dir = h.userDataDir;
    const sheet = 'Recipient,Result Code,Message,Note\r\nsomeone@example.com,550,5.1.1 user unknown,campaign A\r\n';
    writeFileSync(join(dir, 'one.csv'), sheet);
    writeFileSync(join(dir, 'two.csv'), sheet);
    const [first] = await h.services['bounces/preview']({ paths: [join(dir, 'one.csv')] });
    expect(first!.mapping).toEqual({ email: 0, replyCode: 1, diagnostic: 2 });
    const corrected = { email: 0, replyCode: 1, diagnostic: 2, campaign: 3 };
    expect(await h.run(h.services['bounces/import']({ paths: [join(dir, 'one.csv')], mappings: { [join(dir, 'one.csv')]: corrected } }))).toMatchObject({ status: 'done' });
    const [second] = await h.services['bounces/preview']({ paths: [join(dir, 'two.csv')] });
    expect(second!.mapping).toEqual(corrected);
    expect(second!.description).toMatch(/as you chose last time/);
  });

  it('refuses a second writing job while one runs, and a cancelled import changes nothing', async () => {
    const big = genLists(60000);
    const before = await h.services['review/summary']({});
    const sourcesBefore = (await h.services['cleanup/current']({}))!.sources.length;
    const started = await h.services['contacts/import']({ path: join(big, 'contacts.csv'), options: {} });
    await expect(h.services['bounces/import']({ paths: [join(gen, 'bounces.csv')], mappings: {} })).rejects.toMatchObject({ code: 'busy' });
    await expect(h.services['review/override']({ ids: [1], decision: 'keep' })).rejects.toMatchObject({ code: 'busy' });
    // cancel once the worker has reported progress, i.e. in the middle of the transaction
    await new Promise<void>((resolve) => {
      const t = setInterval(() => {
        if (h.events.some((e) => e.event === 'job/progress' && (e.payload as { jobId: string }).jobId === started.jobId)) { clearInterval(t); resolve(); }
      }, 5);
    });
    await h.services['jobs/cancel']({ jobId: started.jobId });
    expect((await h.services.waitForJob(started.jobId)).outcome).toEqual({ status: 'cancelled' });
    const after = await h.services['review/summary']({});
    expect(after.total).toBe(before.total);
    expect((await h.services['cleanup/current']({}))!.sources.length).toBe(sourcesBefore);
  });

  it('decides the same whether rows are read in a helper thread or in the writing thread', async () => {
    const big = genLists(60000); // over the helper-thread size threshold
    const truth = JSON.parse(readFileSync(join(big, 'truth.json'), 'utf8'));
    const summaries = [];
    for (const threads of ['2', '1']) {
      process.env.LISTSWEEP_IMPORT_THREADS = threads;
      try {
        await h.services['cleanup/new']({});
        expect(await h.run(h.services['contacts/import']({ path: join(big, 'contacts.csv'), options: {} }))).toMatchObject({ status: 'done' });
        const rows = await h.services['review/rows']({ filter: { decision: 'remove', search: '' }, offset: 0, limit: 1000 });
        summaries.push({ summary: await h.services['review/summary']({}), removed: rows.rows.map((r) => [r.email, r.cause, r.label]), search: storedSearch((await h.services['cleanup/current']({}))!.path) });
      } finally {
        delete process.env.LISTSWEEP_IMPORT_THREADS;
      }
    }
    expect(summaries[0]!.summary.total).toBe(60000);
    expect(summaries[0]!.summary.byCause.duplicate).toBe(truth.counts.duplicates);
    expect(summaries[0]!.summary.byCause.invalid).toBe(truth.counts.invalid);
    expect(summaries[0]!.summary.byDecision).toEqual(summaries[1]!.summary.byDecision);
    expect(summaries[0]!.summary.byCause).toEqual(summaries[1]!.summary.byCause);
    expect(summaries[0]!.removed).toEqual(summaries[1]!.removed);
    // The reader makes the search's addresses; either way they are what the stored rows give.
    for (const s of summaries) {
      expect(s.search.stored).toEqual(s.search.fromRows);
      expect(s.search.stored.lines).toBe(60000);
      expect(s.search.stored.blanks.length).toBeGreaterThan(0);
    }
  });

  it('fails an import of a file with no data and leaves the cleanup as it was', async () => {
    const empty = join(h.userDataDir, 'header-only.csv');
    writeFileSync(empty, 'email,name\r\n');
    const sourcesBefore = (await h.services['cleanup/current']({}))!.sources.length;
    const outcome = await h.run(h.services['contacts/import']({ path: empty, options: {} }));
    expect(outcome).toMatchObject({ status: 'failed', code: 'wrong-file' });
    expect((await h.services['cleanup/current']({}))!.sources.length).toBe(sourcesBefore);
    await expect(h.services['contacts/import']({ path: join(h.userDataDir, 'nope.csv'), options: {} })).rejects.toMatchObject({ code: 'not-found' });
  });
});
