/**
 * Counts on the sample generator's output must equal its truth.json: invalid, duplicates (among
 * usable addresses, first row kept), typos (a suggestion offered), role and throwaway addresses.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTable, sniffTable } from '../../../electron/services/contacts/table.js';
import { generateSample } from '../../../electron/services/sample/generate.js';
import { checkEmail } from '../../../shared/email/index.js';

describe('hygiene counts match the sample truth.json', () => {
  it.each([['1', 20000], ['7', 5000]])('seed %s, %i contacts', async (seed, n) => {
    const dir = mkdtempSync(join(tmpdir(), 'ls-truth-'));
    try {
      generateSample({ contacts: n, seed, out: dir });
      const truth = JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')).counts;
      const path = join(dir, 'contacts.csv');
      const sniff = await sniffTable(path);
      const col = sniff.headers.indexOf('Email Address');
      expect(col).toBe(0);
      const seen = new Set<string>();
      const c = { rows: 0, duplicates: 0, invalid: 0, typos: 0, roleAccounts: 0, disposable: 0 };
      for await (const batch of readTable(path, sniff)) {
        for (const r of batch) {
          c.rows++;
          const e = checkEmail(r.fields[col]!);
          if (!e.valid) { c.invalid++; continue; }
          if (seen.has(e.normalized)) { c.duplicates++; continue; }
          seen.add(e.normalized);
          if (e.suggestion) c.typos++;
          if (e.role) c.roleAccounts++;
          if (e.disposable) c.disposable++;
        }
      }
      expect(c).toEqual({ rows: truth.rows, duplicates: truth.duplicates, invalid: truth.invalid, typos: truth.typos, roleAccounts: truth.roleAccounts, disposable: truth.disposable });
      // Every kind of mess is there to be found.
      for (const k of ['duplicates', 'invalid', 'typos', 'roleAccounts', 'disposable', 'wrapped', 'embeddedNewlines'] as const) expect(truth[k], k).toBeGreaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
