/**
 * The domain order has no index since migration 14: it is grouped from the addresses the file
 * keeps for the search. It must be exactly the order SQL gives for the same expression (the
 * domain after the first '@', the whole address without one; byte order; id order within a
 * domain; rows without a domain apart), whatever the addresses hold.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { openStore, type Db } from '../../../../electron/services/store/index.js';
import { readAddresses } from '../../../../electron/services/cleanup/address-index.js';
import { domainOrderOf, domainSql, idsOf, readOrder } from '../../../../electron/services/cleanup/sort-orders.js';

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
