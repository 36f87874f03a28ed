/**
 * Opening a cleanup written by an earlier version: its migrations run in a worker (at a million
 * rows one takes seconds, which on the main thread would freeze the window), then the file opens
 * at this version with its rows.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { inspectCleanup, MIGRATIONS, openStore, SCHEMA_VERSION } from '../../../../electron/services/store/index.js';
import type * as Store from '../../../../electron/services/store/index.js';
import { harness, type Harness } from './helpers.js';

/** The schema version of each file the services open on this (the main) thread, as it was then. */
const openedAt = vi.hoisted(() => [] as number[]);
vi.mock('../../../../electron/services/store/index.js', async (importOriginal) => {
  const m = await importOriginal<typeof Store>();
  return {
    ...m,
    openStore: (path: string, opts?: Parameters<typeof m.openStore>[1]) => {
      if (!opts?.create) openedAt.push(m.inspectCleanup(path).version);
      return m.openStore(path, opts);
    },
  };
});

let dir: string;
let h: Harness;
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'ls-older-')); h = harness(); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A version-7 cleanup with one source and two contacts, one bounced: written as version 7 wrote them. */
function version7(name: string): string {
  const path = join(dir, name);
  const db = openStore(path, { create: true, migrations: MIGRATIONS.filter((m) => m.version <= 7) });
  db.prepare("INSERT INTO sources (id, kind, name, path, format, rows, imported_at) VALUES (1, 'contacts', 'list.csv', '/x/list.csv', 'csv', 2, '2026-01-01')").run();
  const contact = db.prepare(`INSERT INTO contacts (id, source_id, row, email_raw, email_norm, valid, problem, suggestion, role, disposable, bounces,
    policy_decision, policy_cause, reason, detail, decision, cause) VALUES (?, 1, ?, ?, ?, 1, '', '', 0, 0, ?, ?, ?, ?, '', ?, ?)`);
  contact.run(1, 1, 'kim@alpha.example', 'kim@alpha.example', 0, 'keep', 'clean', null, 'keep', 'clean');
  contact.run(2, 2, 'lee@beta.example', 'lee@beta.example', 1, 'remove', 'hard-bounce', 'userunknown', 'remove', 'hard-bounce');
  db.close();
  expect(inspectCleanup(path).version).toBe(7);
  return path;
}

describe('opening a cleanup from an earlier version', () => {
  it('brings it up to date in a worker, then opens it on this thread already current, rows intact', async () => {
    const path = version7('v7.listsweep');
    openedAt.length = 0;
    const info = await h.services['cleanup/open']({ path });
    expect(info.contacts).toBe(2);
    // The main thread's own connection found nothing left to migrate.
    expect(openedAt).toEqual([SCHEMA_VERSION]);
    expect(inspectCleanup(path, { thorough: true }).version).toBe(SCHEMA_VERSION);
    const page = await h.services['review/rows']({ filter: { decision: 'all', search: '' }, offset: 0, limit: 10 });
    expect(page.rows.map((r) => [r.email, r.decision])).toEqual([['kim@alpha.example', 'keep'], ['lee@beta.example', 'remove']]);
    await h.services['cleanup/close']({});
  });
});
