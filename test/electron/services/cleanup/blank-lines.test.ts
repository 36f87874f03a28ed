import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { harness, type Harness } from './helpers.js';

// Blank lines after the header, between records, and two at the end; one duplicate row to remove.
const LIST = 'email,name\r\n\r\nann@example.com,Ann\r\nbob@example.com,Bob\r\n\r\n\r\ncarl@example.com,Carl\r\nann@example.com,Ann again\r\n\r\n\r\n';

let h: Harness;
let dir: string;
beforeAll(async () => {
  h = harness();
  dir = mkdtempSync(join(tmpdir(), 'ls-blank-'));
  writeFileSync(join(dir, 'list.csv'), LIST);
  await h.services['cleanup/new']({ path: join(dir, 'blank') });
  expect(await h.run(h.services['contacts/import']({ path: join(dir, 'list.csv'), options: {} }))).toMatchObject({ status: 'done' });
});
afterAll(async () => { await h.services.dispose(); });

it('a list with blank lines comes back with them where they were, minus the removed rows', async () => {
  const rows = (await h.services['review/rows']({ filter: { decision: 'all', search: '' }, offset: 0, limit: 10 })).rows;
  expect(rows.map((r) => r.email)).toEqual(['ann@example.com', 'bob@example.com', 'carl@example.com', 'ann@example.com']);
  // The row after two blank lines still shows its own cells.
  expect((await h.services['review/contact']({ id: rows[2]!.id })).fields.map((f) => f.value)).toEqual(['carl@example.com', 'Carl']);
  const out = join(dir, 'cleaned.csv');
  expect(await h.run(h.services['export/run']({ kind: 'cleaned', path: out, encoding: 'source' }))).toMatchObject({ status: 'done' });
  expect(readFileSync(out, 'utf8')).toBe('email,name\r\n\r\nann@example.com,Ann\r\nbob@example.com,Bob\r\n\r\n\r\ncarl@example.com,Carl\r\n\r\n\r\n');
  // Nothing removed: byte for byte the file.
  await h.services['review/override']({ filter: { decision: 'remove', search: '' }, decision: 'keep' });
  const all = join(dir, 'all.csv');
  expect(await h.run(h.services['export/run']({ kind: 'cleaned', path: all, encoding: 'source' }))).toMatchObject({ status: 'done' });
  expect(readFileSync(all, 'utf8')).toBe(LIST);
});
