/**
 * A second bounce import re-decides only the addresses it names, from their whole history: the
 * bounces stored before it count with the new ones (the import keeps the new ones in memory and
 * reads only the earlier ones back). Imported in two steps, the cleanup ends exactly as when both
 * files are imported at once.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { harness, type Harness } from './helpers.js';

const CONTACTS = 'email,name\r\nann@example.org,Ann\r\nbob@example.org,Bob\r\ncid@example.org,Cid\r\ndee@example.org,Dee\r\n';
// Ann's mailbox is full in two campaigns, then in a third (the default policy removes at three);
// Bob hard-bounces in the first file only; Dee's auto-reply of the first file is followed by a full mailbox.
const FIRST = [
  'email,bounced_at,smtp_code,enhanced_status,diagnostic,campaign',
  'ann@example.org,2025-01-10T10:00:00Z,452,4.2.2,452 4.2.2 Mailbox full,January',
  'bob@example.org,2025-01-10T10:00:00Z,550,5.1.1,550 5.1.1 <bob@example.org>: user unknown,January',
  'ann@example.org,2025-02-10T10:00:00Z,452,4.2.2,452 4.2.2 Mailbox full,February',
  'dee@example.org,2025-02-10T10:00:00Z,,,Automatic reply: I am away,February',
].join('\r\n') + '\r\n';
const SECOND = [
  'email,bounced_at,smtp_code,enhanced_status,diagnostic,campaign',
  'ann@example.org,2025-03-10T10:00:00Z,452,4.2.2,452 4.2.2 Mailbox full,March',
  'dee@example.org,2025-03-10T10:00:00Z,452,4.2.2,452 4.2.2 Mailbox full for dee@example.org,March',
].join('\r\n') + '\r\n';

let opened: Harness[] = [];
afterEach(async () => {
  for (const h of opened) await h.services.dispose();
  opened = [];
});

async function cleanupOf(bounceSteps: readonly (readonly string[])[]): Promise<{ h: Harness; dir: string }> {
  const h = harness();
  opened.push(h);
  const dir = mkdtempSync(join(tmpdir(), 'ls-added-'));
  writeFileSync(join(dir, 'contacts.csv'), CONTACTS);
  writeFileSync(join(dir, 'first.csv'), FIRST);
  writeFileSync(join(dir, 'second.csv'), SECOND);
  await h.services['cleanup/new']({ path: join(dir, 'added') });
  expect(await h.run(h.services['contacts/import']({ path: join(dir, 'contacts.csv'), options: {} }))).toMatchObject({ status: 'done' });
  for (const files of bounceSteps) {
    expect(await h.run(h.services['bounces/import']({ paths: files.map((f) => join(dir, f)), mappings: {} }))).toMatchObject({ status: 'done' });
  }
  return { h, dir };
}

const rowsOf = async (h: Harness) => (await h.services['review/rows']({ filter: { decision: 'all', search: '' }, offset: 0, limit: 100 })).rows;
/** Each row's address, decision, cause and bounce count, in list order. */
const decisions = (rows: Awaited<ReturnType<typeof rowsOf>>) => rows.map((r) => [r.email, r.decision, r.cause, r.bounces]);

describe('bounces imported after others', () => {
  it('count the earlier bounces of the addresses they name, and leave the other contacts as they were', async () => {
    const { h, dir } = await cleanupOf([['first.csv']]);
    const before = await rowsOf(h);
    expect(decisions(before)).toEqual([
      ['ann@example.org', 'watch', 'soft-bounce', 2],
      ['bob@example.org', 'remove', 'hard-bounce', 1],
      ['cid@example.org', 'keep', 'clean', 0],
      ['dee@example.org', 'keep', 'clean', 1],
    ]);
    expect(await h.run(h.services['bounces/import']({ paths: [join(dir, 'second.csv')], mappings: {} }))).toMatchObject({ status: 'done' });
    const after = await rowsOf(h);
    expect(decisions(after)).toEqual([
      ['ann@example.org', 'remove', 'repeated-soft', 3],
      ['bob@example.org', 'remove', 'hard-bounce', 1],
      ['cid@example.org', 'keep', 'clean', 0],
      ['dee@example.org', 'watch', 'soft-bounce', 2],
    ]);
    // the evidence shown is the real line, with the real address
    expect(after[3]!.lastDiagnostic).toBe('452 4.2.2 Mailbox full for dee@example.org');
    const ann = await h.services['review/contact']({ id: after[0]!.id });
    expect(ann.bounces.map((b) => b.campaign).sort()).toEqual(['February', 'January', 'March']);
  });

  it('end as when every file is imported at once', async () => {
    const inSteps = (await cleanupOf([['first.csv'], ['second.csv']])).h;
    const atOnce = (await cleanupOf([['first.csv', 'second.csv']])).h;
    const strip = (rows: Awaited<ReturnType<typeof rowsOf>>) => rows.map(({ id: _id, source: _source, ...r }) => r);
    expect(strip(await rowsOf(inSteps))).toEqual(strip(await rowsOf(atOnce)));
  });
});
