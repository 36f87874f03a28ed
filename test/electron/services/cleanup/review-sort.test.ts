/**
 * Sorting the review table. A generated list (many rows share a domain, a reason or a bounce
 * count; invalid addresses have none) is read through `review/rows` page by page, in pages that
 * do not divide the row count, for every column, both directions and several filters; the result
 * must be exactly the filter's rows ordered by a comparator written here over the stored
 * columns (blanks last, then the value, then the id, value and id in the sort's direction).
 * The address and domain orders are read once into memory (sort-orders): the pages must be the
 * same from SQL while they are on their way, from memory once in, and after every kind of change.
 */
import Database from 'better-sqlite3';
import { copyFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ReviewFilter, ReviewSort } from '../../../../shared/contract.js';
import { openStore } from '../../../../electron/services/store/index.js';
import { Review, type BackgroundReaders } from '../../../../electron/services/cleanup/review.js';
import { addressesStored, readAddresses } from '../../../../electron/services/cleanup/address-index.js';
import { readOrder, type OrderParts, type Ordered } from '../../../../electron/services/cleanup/sort-orders.js';
import { JobRunner } from '../../../../electron/services/jobs/runner.js';
import { genLists, harness, type Harness } from './helpers.js';

interface Stored { id: number; email_norm: string; email_raw: string; decision: string; reason: string | null; bounces: number }
type By = ReviewSort['by'];
const COLUMNS: readonly By[] = ['address', 'domain', 'decision', 'reason', 'bounces', 'lastBounce'];
const RANK: Record<string, number> = { keep: 0, watch: 1, remove: 2 };

/** SQLite compares text as UTF-8 bytes. */
function bytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** Each column's value, null for a blank (those go last). */
function valueOf(by: By, r: Stored, last: ReadonlyMap<string, string>): string | number | null {
  switch (by) {
    case 'address': return r.email_norm || null;
    case 'domain': return r.email_norm.slice(r.email_norm.indexOf('@') + 1) || null;
    case 'decision': return RANK[r.decision]!;
    case 'reason': return r.reason;
    case 'bounces': return r.bounces || null;
    case 'lastBounce': return r.bounces > 0 ? last.get(r.email_norm) ?? null : null;
  }
}

function oracle(rows: readonly Stored[], by: By, desc: boolean, last: ReadonlyMap<string, string>): number[] {
  const sign = desc ? -1 : 1;
  return [...rows].sort((a, b) => {
    const x = valueOf(by, a, last);
    const y = valueOf(by, b, last);
    if ((x === null) !== (y === null)) return x === null ? 1 : -1;
    if (x !== null && y !== null && x !== y) return sign * (typeof x === 'string' ? bytes(x, y as string) : (x as number) - (y as number));
    return sign * (a.id - b.id);
  }).map((r) => r.id);
}

/** What a search looks in: the normalised address, or the cell lowercased as SQL's lower() does (ASCII only) where there is none. */
function searchedText(r: Stored): string {
  return r.email_norm || r.email_raw.replace(/[A-Z]+/g, (c) => c.toLowerCase());
}

let h: Harness;
let path: string;
let db: Database.Database;

function stored(): { byId: Map<number, Stored>; last: Map<string, string> } {
  const byId = new Map((db.prepare('SELECT id, email_norm, email_raw, decision, reason, bounces FROM contacts').all() as Stored[]).map((r) => [r.id, r]));
  const last = new Map<string, string>();
  for (const b of db.prepare("SELECT email_norm, occurred_at FROM bounces WHERE verdict <> 'delivered' AND occurred_at IS NOT NULL").all() as { email_norm: string; occurred_at: string }[]) {
    if ((last.get(b.email_norm) ?? '') < b.occurred_at) last.set(b.email_norm, b.occurred_at);
  }
  return { byId, last };
}

/** Every id of a filter, page after page (limit that does not divide the total). */
async function readAll(filter: ReviewFilter, sort?: { by: By; dir: 'asc' | 'desc' }, limit = 97): Promise<number[]> {
  const ids: number[] = [];
  const totals = new Set<number>();
  for (let offset = 0; ; offset += limit) {
    const page = await h.services['review/rows']({ filter: { decision: 'all', search: '', ...filter }, offset, limit, ...(sort ? { sort } : {}) });
    ids.push(...page.rows.map((r) => r.id));
    totals.add(page.total);
    if (page.rows.length < limit) {
      // Every page, full ones too (counted, not seen), gives the same total.
      expect([...totals]).toEqual([ids.length]);
      return ids;
    }
  }
}

const FILTERS: readonly ReviewFilter[] = [
  { decision: 'all', search: '' },
  { decision: 'keep', search: '' },
  { decision: 'remove', search: '' },
  { decision: 'watch', search: '' },
  { decision: 'all', search: '', cause: 'clean' },
  { decision: 'keep', search: '', cause: 'clean' },
  { decision: 'all', search: '', cause: 'duplicate' },
  { decision: 'all', search: 'gmail' },
  { decision: 'keep', search: 'yahoo' },
  { decision: 'all', search: '', reason: 'userunknown' },
];

beforeAll(async () => {
  h = harness();
  const dir = genLists(2500, { bounces: 900, seed: 7 });
  path = (await h.services['cleanup/new']({})).path;
  for (const start of [() => h.services['contacts/import']({ path: join(dir, 'contacts.csv'), options: {} }), () => h.services['bounces/import']({ paths: [join(dir, 'bounces.csv')], mappings: {} })]) {
    const outcome = await h.run(start());
    if (outcome.status !== 'done') throw new Error(JSON.stringify(outcome));
  }
  db = new Database(path, { readonly: true });
}, 60_000);

afterAll(async () => {
  db?.close();
  await h.services.dispose();
});

describe('review sort', () => {
  it('has the ties and blanks the comparisons need', () => {
    const { byId, last } = stored();
    const rows = [...byId.values()];
    // Blanks in every column but the decision, and ties in every column.
    for (const by of COLUMNS.filter((c) => c !== 'decision')) expect(rows.filter((r) => valueOf(by, r, last) === null).length, by).toBeGreaterThan(10);
    for (const by of COLUMNS) {
      const values = rows.map((r) => valueOf(by, r, last)).filter((v) => v !== null);
      expect(new Set(values).size, by).toBeLessThan(values.length);
    }
    expect(rows.filter((r) => r.bounces > 0 && !last.has(r.email_norm)).length).toBe(0);
  });

  it('orders every column both ways, with every filter, across page boundaries', async () => {
    const { byId, last } = stored();
    for (const filter of FILTERS) {
      const members = await readAll(filter);
      expect(new Set(members).size).toBe(members.length);
      const rows = members.map((id) => byId.get(id)!);
      for (const by of COLUMNS) {
        for (const dir of ['asc', 'desc'] as const) {
          const got = await readAll(filter, { by, dir });
          expect(got, `${JSON.stringify(filter)} ${by} ${dir}`).toEqual(oracle(rows, by, dir === 'desc', last));
        }
      }
    }
  }, 120_000);

  it('searches within every filter and sorts the matches by every column: the filter\'s rows whose address holds the text', async () => {
    const { byId, last } = stored();
    const rows = [...byId.values()];
    // A piece of an unusable address's cell: such rows are found by what was written.
    const odd = rows.find((r) => !r.email_norm && /^[a-z]{4,}/i.test(r.email_raw.trim()))!;
    const piece = odd.email_raw.trim().slice(1, 4).toLowerCase();
    const searches = ['gmail', 'a', '.co', piece, 'no such text'];
    const filters: ReviewFilter[] = [
      { decision: 'all', search: '' }, { decision: 'keep', search: '' }, { decision: 'remove', search: '' }, { decision: 'watch', search: '' },
      { decision: 'all', search: '', cause: 'clean' }, { decision: 'keep', search: '', cause: 'clean' }, { decision: 'all', search: '', cause: 'duplicate' },
      { decision: 'all', search: '', reason: 'userunknown' }, { decision: 'all', search: '', flag: 'typo' },
    ];
    let sorted = 0;
    for (const search of searches) {
      const found = new Set(rows.filter((r) => searchedText(r).includes(search)).map((r) => r.id));
      if (search === piece) expect(found.has(odd.id)).toBe(true);
      for (const filter of filters) {
        const expected = (await readAll(filter, undefined, 211)).filter((id) => found.has(id));
        const got = await readAll({ ...filter, search }, undefined, 211);
        expect(got, `${search} ${JSON.stringify(filter)}`).toEqual(expected);
        // Every column both ways for the searches that match many rows and few.
        if (search !== 'gmail' && search !== piece) continue;
        for (const by of COLUMNS) {
          for (const dir of ['asc', 'desc'] as const) {
            const order = await readAll({ ...filter, search }, { by, dir }, 53);
            expect(order, `${search} ${JSON.stringify(filter)} ${by} ${dir}`).toEqual(oracle(expected.map((id) => byId.get(id)!), by, dir === 'desc', last));
            sorted++;
          }
        }
      }
    }
    expect(sorted).toBe(2 * filters.length * COLUMNS.length * 2);
    // The same search typed in another case and with spaces around it.
    expect(await readAll({ decision: 'remove', search: '  GMAIL ' }, undefined, 211)).toEqual(await readAll({ decision: 'remove', search: 'gmail' }, undefined, 211));
  }, 120_000);

  it('gives the rows in the order asked, with their last bounce date', async () => {
    const { last } = stored();
    const page = await h.services['review/rows']({ filter: { decision: 'all', search: '' }, offset: 0, limit: 50, sort: { by: 'lastBounce', dir: 'desc' } });
    const dates = page.rows.map((r) => r.lastBounceAt);
    expect(dates.every((d) => d !== undefined)).toBe(true);
    expect([...dates].sort().reverse()).toEqual(dates);
    expect(dates[0]).toBe([...last.values()].sort().pop());
    const any = await h.services['review/rows']({ filter: { decision: 'all', search: '' }, offset: 0, limit: 1000 });
    expect(any.rows.filter((r) => r.bounces === 0).every((r) => r.lastBounceAt === undefined)).toBe(true);
  });

  it('follows an override: the decision sort moves the row, and pages stay whole', async () => {
    const sort = { by: 'decision', dir: 'desc' } as const;
    const before = await readAll({ decision: 'all', search: '' }, sort, 113);
    const kept = before[before.length - 1]!;
    await h.services['review/override']({ ids: [kept], decision: 'remove' });
    const after = await readAll({ decision: 'all', search: '' }, sort, 113);
    const { byId, last } = stored();
    expect(after).toEqual(oracle([...byId.values()], 'decision', true, last));
    // Last (a kept row) before, among the removed rows at the top now.
    expect(byId.get(kept)!.decision).toBe('remove');
    expect(after.indexOf(kept)).toBeLessThan([...byId.values()].filter((r) => r.decision === 'remove').length);
    await h.services['review/undo']({});
  });

  it('sorts by address in SQL while its order is on its way and reads the domain order here, then both from memory, and drops an order read before a change of addresses', async () => {
    const w = openStore(path);
    try {
      const review = new Review(w);
      const { byId, last } = stored();
      const release: Partial<Record<Ordered, (p: OrderParts) => void>> = {};
      const loads = (['address', 'domain'] as const).map((by) => review.loadOrder(by, () => new Promise((r) => { release[by] = r; })));
      const check = () => {
        for (const filter of [...FILTERS, { decision: 'all', search: '', flag: 'typo' } as const]) {
          const f = { ...filter, search: '' };
          const rows = oracle([...byId.values()], 'address', false, last).map((id) => byId.get(id)!);
          const members = new Set(review.rows(f, 0, 5000).rows.map((r) => r.id));
          for (const by of ['address', 'domain'] as const) {
            for (const desc of [false, true]) {
              const got: number[] = [];
              for (let offset = 0; offset < members.size; offset += 211) got.push(...review.rows(f, offset, 211, { by, dir: desc ? 'desc' : 'asc' }).rows.map((r) => r.id));
              expect(got, `${JSON.stringify(f)} ${by} ${desc}`).toEqual(oracle(rows.filter((r) => members.has(r.id)), by, desc, last));
            }
          }
        }
      };
      check();
      // The domains have no index to walk (migration 14): their order was read here, once.
      const domainOnly = review.sortMemory;
      expect(domainOnly).toBeGreaterThan(4 * byId.size);
      release.address!(readOrder(w, 'address'));
      release.domain!(readOrder(w, 'domain'));
      await Promise.all(loads);
      const held = review.sortMemory;
      expect(held).toBeGreaterThan(domainOnly + 4 * byId.size);
      check();
      // An order read before the addresses changed would put a corrected row where it was.
      const stale = readOrder(w, 'domain');
      review.addressesChanged();
      const late = review.loadOrder('domain', () => new Promise((r) => { release.domain = r; }));
      const typo = review.rows({ decision: 'all', search: '', flag: 'typo' }, 0, 1).rows[0]!;
      expect(review.acceptSuggestions([typo.id], undefined)).toBe(1);
      release.domain!(stale);
      await late;
      expect(review.sortMemory).toBe(0);
      const after = stored();
      const page = review.rows({ decision: 'all', search: '' }, 0, byId.size, { by: 'domain', dir: 'asc' }).rows.map((r) => r.id);
      expect(page).toEqual(oracle([...after.byId.values()], 'domain', false, after.last));
      expect(review.sortMemory).toBeGreaterThan(0);
      review.undo();
    } finally {
      w.close();
    }
  });

  it('gets the same orders from the worker as it reads itself', async () => {
    const runner = new JobRunner({ workerUrl: new URL('../../../../electron/services/jobs/worker.ts', import.meta.url) });
    const w = openStore(path, { readonly: true });
    try {
      for (const by of ['address', 'domain'] as const) {
        const parts = await runner.call<OrderParts>({ helper: 'sort-order', dbPath: path, by });
        expect(parts, by).toEqual(readOrder(w, by));
        expect(parts.ids.length + parts.blanks.length).toBe((w.prepare('SELECT count(*) FROM contacts').pluck().get() as number));
      }
    } finally {
      w.close();
      await runner.dispose();
    }
  });

  it('stays in order after every kind of change: overrides, rules, corrections, undo and redo, another import', async () => {
    const filters: ReviewFilter[] = [
      { decision: 'all', search: '' }, { decision: 'keep', search: '' }, { decision: 'remove', search: '' },
      { decision: 'all', search: '', cause: 'clean' }, { decision: 'all', search: '', reason: 'userunknown' }, { decision: 'watch', search: 'a' },
    ];
    // The pages the review keeps in memory before a change (the most recent sorted lists), checked first after it.
    const primed: [ReviewFilter, By, 'asc' | 'desc'][] = [
      [filters[0]!, 'decision', 'desc'], [filters[1]!, 'domain', 'asc'], [filters[0]!, 'address', 'asc'], [filters[1]!, 'lastBounce', 'desc'],
    ];
    const change = async (step: string, act: () => Promise<unknown>) => {
      for (const [filter, by, dir] of primed) await readAll(filter, { by, dir }, 499);
      await act();
      const { byId, last } = stored();
      const members = new Map<ReviewFilter, Stored[]>();
      for (const filter of filters) members.set(filter, (await readAll(filter, undefined, 499)).map((id) => byId.get(id)!));
      for (const [filter, by, dir] of primed) {
        expect(await readAll(filter, { by, dir }, 499), `${step}, kept: ${JSON.stringify(filter)} ${by} ${dir}`).toEqual(oracle(members.get(filter)!, by, dir === 'desc', last));
      }
      for (const filter of filters) {
        for (const by of COLUMNS) {
          for (const dir of ['asc', 'desc'] as const) {
            expect(await readAll(filter, { by, dir }, 499), `${step}: ${JSON.stringify(filter)} ${by} ${dir}`).toEqual(oracle(members.get(filter)!, by, dir === 'desc', last));
          }
        }
      }
    };
    const some = (await readAll({ decision: 'keep', search: '' })).filter((_, i) => i % 7 === 0);
    await change('override', () => h.services['review/override']({ ids: some, decision: 'watch' }));
    await change('override by filter', () => h.services['review/override']({ filter: { decision: 'all', search: 'yahoo' }, decision: 'remove' }));
    await change('rules', () => h.services['policy/set']({ policy: { role: 'remove', softRepeatThreshold: 2 } }));
    await change('corrections', async () => expect((await h.services['review/accept-suggestion']({ filter: { decision: 'all', search: '' } })).changed).toBeGreaterThan(0));
    await change('undo', () => h.services['review/undo']({}));
    await change('redo', () => h.services['review/redo']({}));
    const more = genLists(300, { seed: 11 });
    await change('another import', async () => expect(await h.run(h.services['contacts/import']({ path: join(more, 'contacts.csv'), options: {} }))).toMatchObject({ status: 'done' }));
  }, 120_000);

  it('pages a list whose ids have a gap the same way', async () => {
    await h.services.dispose();
    const w = openStore(path);
    try {
      const mid = (w.prepare('SELECT id FROM contacts ORDER BY id LIMIT 1 OFFSET 1000').pluck().get() as number);
      w.prepare('DELETE FROM contacts WHERE id = ?').run(mid);
      const review = new Review(w);
      const { byId, last } = stored();
      expect(byId.has(mid)).toBe(false);
      for (const search of ['', 'e']) {
        const rows = [...byId.values()].filter((r) => searchedText(r).includes(search));
        for (const by of COLUMNS) {
          for (const desc of [false, true]) {
            const got: number[] = [];
            for (let offset = 0; offset < byId.size; offset += 211) got.push(...review.rows({ decision: 'all', search }, offset, 211, { by, dir: desc ? 'desc' : 'asc' }).rows.map((r) => r.id));
            expect(got, `${search} ${by} ${desc}`).toEqual(oracle(rows, by, desc, last));
          }
        }
        expect(review.rows({ decision: 'all', search }, 0, 5000).rows.map((r) => r.id)).toEqual(rows.map((r) => r.id).sort((a, b) => a - b));
      }
    } finally {
      w.close();
    }
  });
});

describe('review sort with the orders read in a worker', () => {
  let w: Harness;
  let wPath: string;
  beforeAll(async () => {
    w = harness({ bulkInWorkerFrom: 1, addressesInWorkerFrom: 1 });
    const dir = genLists(400, { bounces: 150, seed: 5 });
    wPath = (await w.services['cleanup/new']({})).path;
    for (const start of [() => w.services['contacts/import']({ path: join(dir, 'contacts.csv'), options: {} }), () => w.services['bounces/import']({ paths: [join(dir, 'bounces.csv')], mappings: {} })]) {
      expect(await w.run(start())).toMatchObject({ status: 'done' });
    }
  }, 60_000);
  afterAll(async () => { await w.services.dispose(); });

  it('pages by address and domain in order as the orders load, and after corrections and their undo (each a worker)', async () => {
    const check = async (step: string) => {
      const r = new Database(wPath, { readonly: true });
      try {
        const rows = r.prepare('SELECT id, email_norm, email_raw, decision, reason, bounces FROM contacts').all() as Stored[];
        for (const decision of ['all', 'keep'] as const) {
          const members = rows.filter((x) => decision === 'all' || x.decision === 'keep');
          for (const by of ['address', 'domain'] as const) {
            for (const dir of ['asc', 'desc'] as const) {
              const got: number[] = [];
              for (let offset = 0; offset < members.length; offset += 97) {
                got.push(...(await w.services['review/rows']({ filter: { decision, search: '' }, offset, limit: 97, sort: { by, dir } })).rows.map((x) => x.id));
              }
              expect(got, `${step}: ${decision} ${by} ${dir}`).toEqual(oracle(members, by, dir === 'desc', new Map()));
            }
          }
        }
      } finally {
        r.close();
      }
    };
    await check('as the review opens');
    await new Promise((r) => setTimeout(r, 1500));
    await check('orders in');
    expect((await w.services['review/accept-suggestion']({ filter: { decision: 'all', search: '' } })).changed).toBeGreaterThan(0);
    await check('after corrections');
    await new Promise((r) => setTimeout(r, 1500));
    await check('after corrections, orders read again');
    await w.services['review/undo']({});
    await new Promise((r) => setTimeout(r, 1500));
    await check('after their undo');
  }, 60_000);
});

describe('sort orders read in the background', () => {
  /** Readers that record which order was asked for, and hold each read until released. */
  const held = (w: ReturnType<typeof openStore>) => {
    const asked: Ordered[] = [];
    const release: Partial<Record<Ordered, () => void>> = {};
    const readers: BackgroundReaders = {
      addresses: async () => readAddresses(w),
      order: (by) => {
        asked.push(by);
        return new Promise((r) => { release[by] = () => r(readOrder(w, by)); });
      },
    };
    return { asked, release, readers };
  };
  const all: ReviewFilter = { decision: 'all', search: '' };
  /** A new cleanup holding one generated list of 2,500 rows, as its import left it; its path. */
  const oneList = async (seed: number): Promise<string> => {
    const own = harness();
    try {
      const fresh = (await own.services['cleanup/new']({})).path;
      const outcome = await own.run(own.services['contacts/import']({ path: join(genLists(2500, { seed }), 'contacts.csv'), options: {} }));
      expect(outcome.status).toBe('done');
      return fresh;
    } finally {
      await own.services.dispose();
    }
  };

  it('are asked for only once the review is quiet: shortly after a search, or after a longer idle delay; a sort by them asks at once', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const w = openStore(path);
    try {
      // No search: every request restarts the wait.
      const idle = held(w);
      const a = new Review(w);
      await a.readInBackground(idle.readers, { idleMs: 1000, afterSearchMs: 300 });
      a.summary(false);
      a.rows(all, 0, 50);
      await vi.advanceTimersByTimeAsync(900);
      a.rows(all, 50, 50);
      await vi.advanceTimersByTimeAsync(900);
      expect(idle.asked).toEqual([]);
      await vi.advanceTimersByTimeAsync(200);
      expect(idle.asked).toEqual(['address']);
      idle.release.address!();
      await vi.advanceTimersByTimeAsync(0);
      expect(idle.asked).toEqual(['address', 'domain']);
      a.stopBackground();

      // A search: asked for once it is answered, never during it.
      const searched = held(w);
      const b = new Review(w);
      await b.readInBackground(searched.readers, { idleMs: 60_000, afterSearchMs: 300 });
      expect(b.rows({ decision: 'all', search: 'gmail' }, 0, 50).total).toBeGreaterThan(0);
      expect(searched.asked).toEqual([]);
      // The next key of the address being typed comes first; then the review is quiet.
      await vi.advanceTimersByTimeAsync(250);
      b.rows({ decision: 'all', search: 'gmail.' }, 0, 50);
      await vi.advanceTimersByTimeAsync(250);
      expect(searched.asked).toEqual([]);
      await vi.advanceTimersByTimeAsync(50);
      expect(searched.asked).toEqual(['address']);
      b.stopBackground();

      // A sort by address: its order first, the page from SQL (the address index) meanwhile.
      const sorted = held(w);
      const c = new Review(w);
      await c.readInBackground(sorted.readers, { idleMs: 60_000, afterSearchMs: 60_000 });
      const { byId, last } = stored();
      const byAddress = { by: 'address', dir: 'desc' } as const;
      expect(c.orderFor(all, byAddress, 0, byId.size)).toBeNull();
      expect(c.rows(all, 0, byId.size, byAddress).rows.map((r) => r.id)).toEqual(oracle([...byId.values()], 'address', true, last));
      await vi.advanceTimersByTimeAsync(0);
      expect(sorted.asked).toEqual(['address']);
      expect(c.sortMemory).toBe(0);
      c.stopBackground();

      // A sort by domain, which has no index (migration 14): the services wait for its order from
      // the worker (orderFor), and the page comes from memory.
      const byDomain = held(w);
      const d = new Review(w);
      await d.readInBackground(byDomain.readers, { idleMs: 60_000, afterSearchMs: 60_000 });
      const domainSort = { by: 'domain', dir: 'desc' } as const;
      const waiting = d.orderFor(all, domainSort, 0, 50);
      expect(waiting).not.toBeNull();
      await vi.advanceTimersByTimeAsync(0);
      expect(byDomain.asked).toEqual(['domain']);
      byDomain.release.domain!();
      await waiting;
      expect(d.sortMemory).toBeGreaterThan(0);
      expect(d.orderFor(all, domainSort, 0, 50)).toBeNull();
      expect(d.rows(all, 0, byId.size, domainSort).rows.map((r) => r.id)).toEqual(oracle([...byId.values()], 'domain', true, last));
      d.stopBackground();
    } finally {
      vi.useRealTimers();
      w.close();
    }
  });

  it('read the addresses the file keeps a moment after the review opens, so a search meanwhile reads them alone, and at once where the file keeps none', async () => {
    // A cleanup of its own: the one above has had corrections and imports that dropped its kept addresses.
    const fresh = await oneList(7);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const w = openStore(fresh);
    try {
      let reads = 0;
      const readers: BackgroundReaders = { addresses: async () => { reads++; return readAddresses(w); }, order: async (by) => readOrder(w, by) };
      const delay = { idleMs: 60_000, afterSearchMs: 60_000, addressesMs: 300 };
      expect(addressesStored(w)).toBe(true);

      // Nothing asked: the worker reads them once the delay is over.
      const quiet = new Review(w);
      let inQuiet = false;
      void quiet.readInBackground(readers, delay).then(() => { inQuiet = true; });
      void quiet.readInBackground(readers, delay);
      await vi.advanceTimersByTimeAsync(290);
      expect([reads, inQuiet]).toEqual([0, false]);
      await vi.advanceTimersByTimeAsync(10);
      expect([reads, inQuiet]).toEqual([1, true]);
      expect(quiet.searchMemory).toBeGreaterThan(0);
      quiet.stopBackground();

      // A search before then reads them here, and the worker is never asked.
      reads = 0;
      const soon = new Review(w);
      const done = soon.readInBackground(readers, delay);
      expect(soon.rows({ decision: 'all', search: 'gmail' }, 0, 50).total).toBeGreaterThan(0);
      expect(soon.searchMemory).toBeGreaterThan(0);
      await vi.advanceTimersByTimeAsync(300);
      await done;
      expect(reads).toBe(0);
      soon.stopBackground();

      // Closed before the delay: the read never starts, and whoever waits on it is let go.
      const closed = new Review(w);
      const gone = closed.readInBackground(readers, delay);
      closed.stopBackground();
      await gone;
      await vi.advanceTimersByTimeAsync(300);
      expect(reads).toBe(0);
    } finally {
      vi.useRealTimers();
      w.close();
    }
    // A file that keeps no addresses (its chunks gone): the worker reads the rows at once.
    const copy = join(dirname(fresh), 'no-stored-addresses.listsweep');
    copyFileSync(fresh, copy);
    const v = openStore(copy);
    try {
      v.exec('DELETE FROM search_addresses');
      expect(addressesStored(v)).toBe(false);
      let asked = 0;
      const review = new Review(v);
      void review.readInBackground({ addresses: async () => { asked++; return readAddresses(v); }, order: async (by) => readOrder(v, by) }, { idleMs: 60_000, afterSearchMs: 60_000, addressesMs: 300 });
      expect(asked).toBe(1);
      review.stopBackground();
    } finally {
      v.close();
    }
  });

  it('need not be waited for by a sort by domain in a cleanup of one list: its import kept the order, read here (migration 15)', async () => {
    const w = openStore(await oneList(11));
    try {
      const { asked, readers } = held(w);
      const review = new Review(w);
      await review.readInBackground(readers, { idleMs: 60_000, afterSearchMs: 60_000, addressesMs: 0 });
      const rows = [...(w.prepare('SELECT id, email_norm, email_raw, decision, reason, bounces FROM contacts').all() as Stored[])];
      for (const desc of [false, true]) {
        const sort = { by: 'domain', dir: desc ? 'desc' : 'asc' } as const;
        expect(review.orderFor(all, sort, 0, 50)).toBeNull();
        expect(review.rows(all, 0, rows.length, sort).rows.map((r) => r.id)).toEqual(oracle(rows, 'domain', desc, new Map()));
        // Deep pages of a search too.
        const filter = { decision: 'all', search: 'e' } as const;
        expect(review.orderFor(filter, sort, 1000, 200)).toBeNull();
      }
      expect(asked).toEqual([]);
      expect(review.sortMemory).toBeGreaterThan(0);
      review.stopBackground();
      // Where it is not kept (here: its chunk removed, as an address edit does), the sort waits for the worker.
      w.exec('DELETE FROM search_addresses');
      const other = new Review(w);
      await other.readInBackground(readers, { idleMs: 60_000, afterSearchMs: 60_000, addressesMs: 0 });
      expect(other.orderFor(all, { by: 'domain', dir: 'asc' }, 0, 50)).not.toBeNull();
      other.stopBackground();
    } finally {
      w.close();
    }
  });

  it('answer the first pages of a search sorted by address or domain from its addresses, and wait for the order for deeper pages, with the rows of the comparator', async () => {
    const w = openStore(path);
    try {
      const { asked, release, readers } = held(w);
      const review = new Review(w);
      await review.readInBackground(readers, { idleMs: 60_000, afterSearchMs: 60_000 });
      const { byId, last } = stored();
      const searches = [{ decision: 'all', search: 'gmail' }, { decision: 'keep', search: 'a' }, { decision: 'all', search: 'e' }] as const;
      const expected = (filter: (typeof searches)[number], by: 'address' | 'domain', desc: boolean) => oracle(
        [...byId.values()].filter((r) => (filter.decision === 'all' || r.decision === filter.decision) && searchedText(r).includes(filter.search)), by, desc, last);
      // Rows without an address (found by their cell) are among the matches of "e", last in either direction.
      expect(expected(searches[2], 'domain', true).slice(-3).every((id) => byId.get(id)!.email_norm === '')).toBe(true);
      for (const filter of searches) {
        for (const by of ['address', 'domain'] as const) {
          for (const desc of [false, true]) {
            const sort = { by, dir: desc ? 'desc' : 'asc' } as const;
            expect(review.orderFor(filter, sort, 800, 200)).toBeNull();
            const want = expected(filter, by, desc);
            expect(want.length, JSON.stringify(filter)).toBeGreaterThan(300);
            const got = [0, 97, 194, 291].flatMap((offset) => review.rows(filter, offset, 97, sort).rows.map((r) => r.id));
            expect(got, `${JSON.stringify(filter)} ${by} ${desc}`).toEqual(want.slice(0, 388));
            expect(review.rows(filter, 0, 1000, sort).rows.map((r) => r.id)).toEqual(want.slice(0, 1000));
          }
        }
      }
      expect(asked).toEqual([]);
      expect(review.sortMemory).toBe(0);
      // Past the first pages: the order is read elsewhere and waited for, not read here.
      for (const by of ['domain', 'address'] as const) {
        const filter = searches[2];
        const sort = { by, dir: 'asc' } as const;
        const before = review.sortMemory;
        const wait = review.orderFor(filter, sort, 1000, 200);
        expect(wait, by).not.toBeNull();
        await new Promise((r) => setImmediate(r));
        expect(asked.at(-1)).toBe(by);
        expect(review.sortMemory).toBe(before);
        release[by]!();
        await wait;
        expect(review.rows(filter, 1000, 200, sort).rows.map((r) => r.id), by).toEqual(expected(filter, by, false).slice(1000, 1200));
        expect(review.orderFor(filter, sort, 1000, 200)).toBeNull();
      }
      // Nothing to wait for without a search, or for another column.
      expect(review.orderFor(all, { by: 'domain', dir: 'asc' }, 1000, 200)).toBeNull();
      expect(review.orderFor({ decision: 'all', search: 'a' }, { by: 'bounces', dir: 'asc' }, 1000, 200)).toBeNull();
      review.stopBackground();
    } finally {
      w.close();
    }
  });

  it('are waited for by review/rows in the app, read in its worker', async () => {
    const app = harness({ addressesInWorkerFrom: 1, backgroundDelay: { idleMs: 60_000, afterSearchMs: 60_000 } });
    try {
      await app.services['cleanup/open']({ path });
      const { byId, last } = stored();
      const filter = { decision: 'all', search: 'yahoo' } as const;
      const members = [...byId.values()].filter((r) => searchedText(r).includes('yahoo'));
      const page = await app.services['review/rows']({ filter, offset: 0, limit: byId.size, sort: { by: 'domain', dir: 'desc' } });
      expect(page.rows.map((r) => r.id)).toEqual(oracle(members, 'domain', true, last));
    } finally {
      await app.services.dispose();
    }
  }, 30_000);
});

