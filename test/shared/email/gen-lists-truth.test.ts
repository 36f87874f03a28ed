/**
 * Counts on gen-lists output must equal its truth.json: invalid, duplicates (among usable
 * addresses, first row kept), typos (a suggestion offered) and role accounts (distinct rows).
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readTable, sniffTable } from '../../../electron/services/contacts/table.js';
import { checkEmail } from '../../../shared/email/index.js';

const GEN = resolve(import.meta.dirname, '../../../../shared/tools/gen-lists.mjs');

describe('hygiene counts match gen-lists truth.json', () => {
  it.each([['1', 20000], ['7', 5000]])('seed %s, %i contacts', async (seed, n) => {
    const dir = mkdtempSync(join(tmpdir(), 'ls-truth-'));
    try {
      execFileSync(process.execPath, [GEN, '--contacts', String(n), '--seed', seed, '--out', dir], { stdio: 'ignore' });
      const truth = JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')).counts;
      const path = join(dir, 'contacts.csv');
      const sniff = await sniffTable(path);
      const col = sniff.headers.indexOf('Email Address');
      expect(col).toBe(0);
      const seen = new Set<string>();
      const c = { rows: 0, duplicates: 0, invalid: 0, typos: 0, roleAccounts: 0 };
      for await (const batch of readTable(path, sniff)) {
        for (const r of batch) {
          c.rows++;
          const e = checkEmail(r.fields[col]!);
          if (!e.valid) { c.invalid++; continue; }
          if (seen.has(e.normalized)) { c.duplicates++; continue; }
          seen.add(e.normalized);
          if (e.suggestion) c.typos++;
          if (e.role) c.roleAccounts++;
        }
      }
      expect(c).toEqual({ rows: truth.rows, duplicates: truth.duplicates, invalid: truth.invalid, typos: truth.typos, roleAccounts: truth.roleAccounts });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
