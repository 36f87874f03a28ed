import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../../electron/services/store/index.js';
import { ContactInserter } from '../../../../electron/services/cleanup/contact-insert.js';
import { decide } from '../../../../shared/policy.js';

const CLEAN = decide({ valid: true, problem: '', suggestion: '', duplicateOf: null, role: false, disposable: false, override: null }, []);

/** A row in ContactInserter's order: id, row, email_raw, email_norm, raw, fields, valid, problem, duplicate_of, suggestion, role, disposable, bounces, last_diagnostic, policy_decision, policy_cause, reason, detail, decision, cause, last_bounce_at. */
function cleanRow(id: number): unknown[] {
  const a = `u${id}@example.com`;
  return [id, id + 1, a, a, `${a},Name ${id}`, null, 1, '', null, '', 0, 0, 0, '', CLEAN.policyDecision, CLEAN.policyCause, null, CLEAN.detail, CLEAN.decision, CLEAN.cause, null];
}

/**
 * Each differs from a clean row in one cell (every cell a clean row shares is changed by one of
 * them), or as a whole invalid row: it must be stored with its own cells, not the clean row's.
 */
const VARIANTS: ((r: unknown[]) => void)[] = [
  (r) => { r[6] = 0; r[7] = 'no @'; r[14] = 'remove'; r[15] = 'invalid'; r[17] = 'invalid address: no @'; r[18] = 'remove'; r[19] = 'invalid'; },
  (r) => { r[6] = 0; },
  (r) => { r[7] = 'no @'; },
  (r) => { r[8] = 1; },
  (r) => { r[9] = 'u@example.com'; },
  (r) => { r[10] = 1; },
  (r) => { r[11] = 1; },
  (r) => { r[12] = 2; },
  (r) => { r[13] = '550 unknown user'; },
  (r) => { r[14] = 'watch'; },
  (r) => { r[15] = 'role'; },
  (r) => { r[16] = 'hasmoved'; },
  (r) => { r[17] = `${CLEAN.detail}.`; },
  (r) => { r[18] = 'remove'; },
  (r) => { r[19] = 'override'; },
  (r) => { r[12] = 1; r[20] = '2025-03-07T00:00:00.000Z'; },
  (r) => { r[20] = '2025-03-07T00:00:00.000Z'; },
  (r) => { r[4] = null; r[5] = '["x"]'; },
  (r) => { r[3] = 'other@example.com'; },
];

const COLUMNS = 'id, row, email_raw, email_norm, raw, fields, valid, problem, duplicate_of, suggestion, role, disposable, bounces, last_diagnostic, policy_decision, policy_cause, reason, detail, decision, cause, last_bounce_at';

describe('ContactInserter', () => {
  it('stores clean and other rows mixed in any order exactly as given, in id order, each cell its own', () => {
    const db = openStore(join(mkdtempSync(join(tmpdir(), 'ls-insert-')), 'c.listsweep'), { create: true });
    try {
      db.prepare("INSERT INTO sources (id, kind, name, path, format, imported_at) VALUES (7, 'contacts', 'l.csv', 'l.csv', 'csv', 'now')").run();
      const store = new ContactInserter(db, 7, false);
      const want: unknown[][] = [];
      // Runs of every length around the statement size (32), split by single and paired other rows.
      let id = 1;
      let v = 0;
      for (const run of [1, 0, 31, 32, 33, 64, 5, 0, 0, 40, 2, 0, 1, 3, 0, 7, 0, 0, 1, 2]) {
        for (let k = 0; k < run; k++) want.push(cleanRow(id++));
        for (let k = 0; k < (run % 2) + 1; k++) {
          const r = cleanRow(id++);
          VARIANTS[v++ % VARIANTS.length]!(r);
          want.push(r);
        }
      }
      for (const r of want) {
        store.row.splice(0, r.length, ...r);
        store.add();
      }
      store.flush();
      expect(v).toBeGreaterThanOrEqual(VARIANTS.length);
      const got = db.prepare(`SELECT ${COLUMNS} FROM contacts ORDER BY id`).raw().all();
      expect(got).toEqual(want);
      expect(db.prepare('SELECT DISTINCT source_id FROM contacts').pluck().all()).toEqual([7]);
    } finally {
      db.close();
    }
  });

  it('stores the address place of lists read from several columns, on clean and other rows', () => {
    const db = openStore(join(mkdtempSync(join(tmpdir(), 'ls-insert-')), 'c.listsweep'), { create: true });
    try {
      const store = new ContactInserter(db, 1, true);
      const want: unknown[][] = [];
      for (let id = 1; id <= 40; id++) {
        const r = [...cleanRow(id), id % 3, id % 2];
        if (id % 7 === 0) VARIANTS[1]!(r);
        want.push(r);
        store.row.splice(0, r.length, ...r);
        store.add();
      }
      store.flush();
      expect(db.prepare(`SELECT ${COLUMNS}, email_col, email_part FROM contacts ORDER BY id`).raw().all()).toEqual(want);
    } finally {
      db.close();
    }
  });
});
