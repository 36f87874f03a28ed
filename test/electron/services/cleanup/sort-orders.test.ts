/**
 * The domain order has no index since migration 14: a contact import groups its rows by domain
 * as it checks them and keeps the order beside their addresses (migration 15); otherwise it is
 * grouped from the addresses the file keeps for the search. Either way it must be exactly the
 * order SQL gives for the same expression (the domain after the first '@', the whole address
 * without one; byte order; id order within a domain; rows without a domain apart), whatever the
 * addresses hold.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MIGRATIONS, openStore, schemaVersion, SCHEMA_VERSION, type Db } from '../../../../electron/services/store/index.js';
import { readAddresses } from '../../../../electron/services/cleanup/address-index.js';
import { groupByDomain } from '../../../../electron/services/cleanup/domain-groups.js';
import { domainOrderOf, domainSql, idsOf, keptDomainOrder, pageOf, pickSegment, readOrder, storedDomainOrder } from '../../../../electron/services/cleanup/sort-orders.js';
import { harness } from './helpers.js';

let dir: string;
let db: Db;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ls-domain-order-'));
  db = openStore(join(dir, 'c.listsweep'), { create: true });
  db.prepare("INSERT INTO sources (id, kind, name, path, format, imported_at) VALUES (1, 'contacts', 'list.csv', '/x/list.csv', 'csv', '2026-01-01')").run();
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function fill(norms: readonly string[]): void {
  db.exec('DELETE FROM contacts');
  const add = db.prepare(`INSERT INTO contacts (id, source_id, row, email_raw, email_norm, valid, problem, suggestion, role, disposable,
    policy_decision, policy_cause, detail, decision, cause) VALUES (?, 1, ?, ?, ?, 1, '', '', 0, 0, 'keep', 'clean', '', 'keep', 'clean')`);
  db.transaction(() => norms.forEach((n, i) => add.run(i + 1, i + 2, n, n)))();
}

/** SQL's order of the same expression, and its rows without a domain. */
function sqlOrder(): { ids: number[]; blanks: number[] } {
  const DOMAIN_OF_NORM = domainSql();
  return {
    ids: Array.from(idsOf(db, `SELECT id FROM contacts WHERE ${DOMAIN_OF_NORM} > '' ORDER BY ${DOMAIN_OF_NORM}, id`)),
    blanks: Array.from(idsOf(db, `SELECT id FROM contacts WHERE ${DOMAIN_OF_NORM} = '' ORDER BY id`)),
  };
}

function grouped(): { ids: number[]; blanks: number[] } {
  const parts = readAddresses(db);
  if (!parts) throw new Error('no addresses');
  const o = domainOrderOf(parts);
  return { ids: Array.from(o.ids), blanks: Array.from(o.blanks) };
}

const AWKWARD = [
  'b@zeta.example', 'a@alpha.example', '', 'c@alpha.example', 'no-at-sign', 'two@at@signs.example', 'ends-with-at@',
  'ü@bücher.de', 'x@buecher.de', 'y@例え.jp', 'z@😀.example', 'w@\uffff.example', 'v@é.example', 'a@alpha.example',
  '@leading.example', 'q@ALPHA.example', 'r@alpha.exampl', 'r@alpha.example.', 'r@alpha-example',
];

describe('the domain order without an index', () => {
  it('is the order SQL gives, for ASCII, accented, CJK and astral domains, no @, two @, a trailing @ and blank addresses', () => {
    fill(AWKWARD);
    const got = grouped();
    expect(got).toEqual(sqlOrder());
    // A trailing @ and a blank address have no domain; no @ at all makes the address its own domain.
    expect(got.blanks).toEqual([3, 7]);
    expect(got.ids).toContain(5);
    // readOrder groups it the same way, with each id's place.
    const o = readOrder(db, 'domain');
    expect(Array.from(o.ids)).toEqual(got.ids);
    expect(o.places[got.ids[0]! - o.lo]).toBe(1);
  });

  it('is the order SQL gives for any addresses without a line break', () => {
    const part = fc.stringMatching(/^[a-zA-Z0-9.é😀ü@-]{0,6}$/);
    fc.assert(fc.property(fc.array(fc.oneof(part, fc.tuple(part, part).map(([a, b]) => `${a}@${b}`)), { maxLength: 40 }), (norms) => {
      fill(norms);
      expect(grouped()).toEqual(sqlOrder());
    }), { numRuns: 150 });
  });

  it('reads the rows where the file keeps no addresses (a file from before version 11, or an address with a line break)', () => {
    fill(['b@two.example', 'a@one.example', 'line\nbreak@one.example', 'c@one.example']);
    db.exec('DELETE FROM search_addresses');
    expect(readAddresses(db)).toBeNull();
    const o = readOrder(db, 'domain');
    expect({ ids: Array.from(o.ids), blanks: Array.from(o.blanks) }).toEqual(sqlOrder());
    expect(Array.from(o.ids)).toEqual([2, 3, 4, 1]);
  });
});

describe('the domain order a contact import keeps', () => {
  /** The import's reading thread groups its addresses as UTF-8 lines, ids from 1. */
  const asTheImportGroups = (norms: readonly string[]) => {
    const p = groupByDomain(Buffer.from(norms.join('\n')), norms.length, (i) => i + 1);
    if (!p) return null;
    const split = p.length - p[0]!;
    return { ids: Array.from(p.subarray(1, split)), blanks: Array.from(p.subarray(split)) };
  };
  const domainOf = (norm: string) => norm.slice(norm.indexOf('@') + 1);

  it('groups the lines in the order SQL gives, for the awkward addresses and any others', () => {
    fill(AWKWARD);
    expect(asTheImportGroups(AWKWARD)).toEqual(sqlOrder());
    const part = fc.stringMatching(/^[a-zA-Z0-9.é😀ü\uffff@-]{0,6}$/u);
    fc.assert(fc.property(fc.array(fc.oneof(part, fc.tuple(part, part).map(([a, b]) => `${a}@${b}`)), { maxLength: 40 }), (norms) => {
      fill(norms);
      expect(asTheImportGroups(norms)).toEqual(sqlOrder());
    }), { numRuns: 150 });
  });

  it('holds more domains than two bytes a row can number (65,535), in the same order', () => {
    // 70,000 domains, most of them once, some many times, and blanks among them.
    const norms = Array.from({ length: 90_000 }, (_, i) => (i % 997 === 0 ? '' : `u${i}@d${(i * 7919) % 70_000}.example`));
    fill(norms);
    expect(new Set(norms.filter(Boolean).map(domainOf)).size).toBeGreaterThan(65_535);
    expect(asTheImportGroups(norms)).toEqual(sqlOrder());
  });

  it('gives no order when the lines are not one per row (an address holding a line break), and an empty one for no rows', () => {
    expect(groupByDomain(Buffer.from('a@x\nb@y'), 3, (i) => i + 1)).toBeNull();
    expect(groupByDomain(Buffer.from('a@x\nb@y\nc@z'), 2, (i) => i + 1)).toBeNull();
    expect(Array.from(groupByDomain(Buffer.alloc(0), 0, (i) => i + 1)!)).toEqual([0]);
    // One row with no address: one empty line.
    expect(Array.from(groupByDomain(Buffer.alloc(0), 1, (i) => i + 7)!)).toEqual([1, 7]);
  });

  it('is kept by an import into an empty cleanup and read from the file; another list, an address edit or a wrong length make it grouped again', async () => {
    const h = harness();
    try {
      const path = (await h.services['cleanup/new']({})).path;
      const list = join(h.userDataDir, 'awkward.csv');
      // Every awkward address, a few times over, so groups hold several rows.
      writeFileSync(list, `email,name\n${[...AWKWARD, ...AWKWARD.slice(0, 9), ...AWKWARD].map((e, i) => `"${e}",n${i}`).join('\n')}\n`);
      expect(await h.run(h.services['contacts/import']({ path: list, options: {} }))).toMatchObject({ status: 'done' });
      const file = openStore(path, { readonly: true });
      try {
        const sql = () => {
          const D = domainSql();
          return {
            ids: Array.from(idsOf(file, `SELECT id FROM contacts WHERE ${D} > '' ORDER BY ${D}, id`)),
            blanks: Array.from(idsOf(file, `SELECT id FROM contacts WHERE ${D} = '' ORDER BY id`)),
          };
        };
        expect(keptDomainOrder(file)).toBe(1);
        const kept = storedDomainOrder(file)!;
        expect({ ids: Array.from(kept.ids), blanks: Array.from(kept.blanks) }).toEqual(sql());
        expect(sql().blanks.length).toBeGreaterThan(0);
        const grouped = domainOrderOf(readAddresses(file)!);
        expect(kept).toEqual(grouped);
        expect(readOrder(file, 'domain')).toEqual(grouped);

        // A second list: the file keeps each list's chunk, and the order is grouped from both.
        const more = join(h.userDataDir, 'more.csv');
        writeFileSync(more, 'email\nzz@alpha.example\nb@aaa.example\n');
        expect(await h.run(h.services['contacts/import']({ path: more, options: {} }))).toMatchObject({ status: 'done' });
        expect(keptDomainOrder(file)).toBeNull();
        const both = readOrder(file, 'domain');
        expect({ ids: Array.from(both.ids), blanks: Array.from(both.blanks) }).toEqual(sql());
      } finally {
        file.close();
      }

      const edit = openStore(path);
      try {
        edit.exec('DELETE FROM search_addresses WHERE first_id > 1');
        edit.exec('DELETE FROM contacts WHERE id > (SELECT last_id FROM search_addresses)');
        expect(keptDomainOrder(edit)).toBe(1);
        // A blob that does not hold one id per row is not an order.
        const blob = edit.prepare('SELECT domains FROM search_addresses').pluck().get() as Buffer;
        edit.prepare('UPDATE search_addresses SET domains = ?').run(blob.subarray(4));
        expect(keptDomainOrder(edit)).toBeNull();
        expect(storedDomainOrder(edit)).toBeNull();
        edit.prepare('UPDATE search_addresses SET domains = ?').run(blob);
        expect(keptDomainOrder(edit)).toBe(1);
        // An address edit removes its chunk, and the order with it (migration 11's trigger).
        edit.prepare("UPDATE contacts SET email_norm = 'moved@zzz.example' WHERE id = 2").run();
        expect(keptDomainOrder(edit)).toBeNull();
        expect(Array.from(readOrder(edit, 'domain').ids).at(-1)).toBe(2);
        // The review's worker reads the addresses from the rows and stores them again, with their order.
        expect(readAddresses(edit, { store: true })).not.toBeNull();
        expect(keptDomainOrder(edit)).toBe(1);
        const again = storedDomainOrder(edit)!;
        const D = domainSql();
        expect({ ids: Array.from(again.ids), blanks: Array.from(again.blanks) }).toEqual({
          ids: Array.from(idsOf(edit, `SELECT id FROM contacts WHERE ${D} > '' ORDER BY ${D}, id`)),
          blanks: Array.from(idsOf(edit, `SELECT id FROM contacts WHERE ${D} = '' ORDER BY id`)),
        });
        expect(Array.from(again.ids).at(-1)).toBe(2);
      } finally {
        edit.close();
      }
    } finally {
      await h.services.dispose();
    }
  });
});

it('a cleanup from version 14 keeps its addresses with no domain order, and its rows are grouped from them', () => {
  const path = join(dir, 'v14.listsweep');
  const v14 = openStore(path, { create: true, migrations: MIGRATIONS.filter((m) => m.version <= 14) });
  v14.prepare("INSERT INTO sources (id, kind, name, path, format, imported_at) VALUES (1, 'contacts', 'list.csv', '/x/list.csv', 'csv', '2026-01-01')").run();
  const add = v14.prepare(`INSERT INTO contacts (id, source_id, row, email_raw, email_norm, valid, problem, suggestion, role, disposable,
    policy_decision, policy_cause, detail, decision, cause) VALUES (?, 1, ?, ?, ?, 1, '', '', 0, 0, 'keep', 'clean', '', 'keep', 'clean')`);
  ['b@zeta.example', 'a@alpha.example', 'c@alpha.example'].forEach((n, i) => add.run(i + 1, i + 2, n, n));
  v14.prepare("INSERT INTO search_addresses (first_id, last_id, blanks, text) VALUES (1, 3, '[]', ?)").run(Buffer.from('b@zeta.example\na@alpha.example\nc@alpha.example'));
  expect(schemaVersion(v14)).toBe(14);
  v14.close();
  const db15 = openStore(path);
  try {
    expect(schemaVersion(db15)).toBe(SCHEMA_VERSION);
    expect(db15.prepare('SELECT domains FROM search_addresses').pluck().get()).toBeNull();
    expect(keptDomainOrder(db15)).toBeNull();
    expect(Array.from(readOrder(db15, 'domain').ids)).toEqual([2, 3, 1]);
  } finally {
    db15.close();
  }
});

describe("a search's rows picked from an order as far as the pages asked for", () => {
  /** An order of some of the ids 1..size (shuffled), and members among 1..size, some of them outside the order. */
  const cases = fc.integer({ min: 0, max: 300 }).chain((size) => fc.record({
    order: fc.shuffledSubarray(Array.from({ length: size }, (_, i) => i + 1)),
    members: fc.subarray(Array.from({ length: size }, (_, i) => i + 1)),
    backward: fc.boolean(),
    // Pages asked for in any order: a deep page first must not make an earlier one wrong.
    pages: fc.array(fc.record({ offset: fc.integer({ min: 0, max: 320 }), limit: fc.integer({ min: 1, max: 60 }) }), { maxLength: 6 }),
  }));

  it('gives every page as the whole order filtered to the members would, in either direction', () => {
    fc.assert(fc.property(cases, ({ order, members, backward, pages }) => {
      const inOrder = new Set(order);
      const expected = (backward ? [...order].reverse() : order).filter((id) => members.includes(id));
      const seg = pickSegment(Int32Array.from(members), Int32Array.from(order), members.filter((id) => inOrder.has(id)).length, backward);
      expect(seg.n).toBe(expected.length);
      for (const { offset, limit } of [...pages, { offset: 0, limit: expected.length + 1 }]) {
        expect(pageOf([seg], offset, limit)).toEqual(expected.slice(offset, offset + limit));
      }
    }), { numRuns: 300 });
  });
});
