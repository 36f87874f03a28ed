/**
 * Closing a cleanup folds its write-ahead log into the file; the command line's scratch cleanup,
 * deleted right after, is closed without that copy (`discard`).
 */
import Database from 'better-sqlite3';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { harness } from './helpers.js';

const CONTACTS = 'email,name\r\n' + Array.from({ length: 300 }, (_, i) => `user${i}@example.org,User ${i}\r\n`).join('');

async function importedThenClosed(discard: boolean): Promise<string> {
  const h = harness({ inlineJobs: true });
  const path = join(h.userDataDir, 'c.listsweep');
  await h.services['cleanup/new']({ path });
  writeFileSync(join(h.userDataDir, 'list.csv'), CONTACTS);
  expect(await h.run(h.services['contacts/import']({ path: join(h.userDataDir, 'list.csv'), options: {} }))).toMatchObject({ status: 'done' });
  // The command line's jobs leave their log to the close.
  expect(statSync(`${path}-wal`).size).toBeGreaterThan(0);
  await h.services.dispose(discard ? { discard } : {});
  return path;
}

describe('closing a cleanup', () => {
  it('folds the log into the file, which then holds every row alone', async () => {
    const path = await importedThenClosed(false);
    expect(existsSync(`${path}-wal`)).toBe(false);
    const db = new Database(path, { readonly: true });
    try {
      expect(db.prepare('SELECT count(*) FROM contacts').pluck().get()).toBe(300);
    } finally {
      db.close();
    }
  });

  it('leaves the log as it is when the file is to be deleted', async () => {
    const path = await importedThenClosed(true);
    expect(statSync(`${path}-wal`).size).toBeGreaterThan(0);
  });
});
