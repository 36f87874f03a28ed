import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, type Harness } from './helpers.js';

// Two lists of different shapes in one cleanup: comma + CRLF + UTF-8, and semicolon + LF + windows-1252.
const A = 'email,name\r\nann@example.com,Ann\r\nbob@example.com,Bob\r\n';
const B = Buffer.from('E-mail;Nom;Ville\ncarl@example.fr;Carl;S\xe8te\nann@example.com;Ann;Paris\ndora@example.fr;Dora;N\xeemes\n', 'latin1');

let h: Harness;
let dir: string;
let ids: { a: number; b: number };
beforeAll(async () => {
  h = harness();
  dir = mkdtempSync(join(tmpdir(), 'ls-lists-'));
  writeFileSync(join(dir, 'a.csv'), A);
  writeFileSync(join(dir, 'b.csv'), B);
  await h.services['cleanup/new']({ path: join(dir, 'two') });
  expect(await h.run(h.services['contacts/import']({ path: join(dir, 'a.csv'), options: {} }))).toMatchObject({ status: 'done' });
  expect(await h.run(h.services['contacts/import']({ path: join(dir, 'b.csv'), options: { encoding: 'windows-1252' } }))).toMatchObject({ status: 'done' });
  const sources = (await h.services['cleanup/current']({}))!.sources.filter((s) => s.kind === 'contacts');
  ids = { a: sources[0]!.id, b: sources[1]!.id };
});
afterAll(async () => { await h.services.dispose(); });

describe('exporting one list of several', () => {
  it('writes each list in its own shape: delimiter, line ends, encoding, header', async () => {
    const outA = join(dir, 'a-cleaned.csv');
    expect(await h.run(h.services['export/run']({ kind: 'cleaned', path: outA, encoding: 'source', sourceId: ids.a }))).toMatchObject({ status: 'done' });
    expect(readFileSync(outA, 'utf8')).toBe(A);
    const outB = join(dir, 'b-cleaned.csv');
    expect(await h.run(h.services['export/run']({ kind: 'cleaned', path: outB, encoding: 'source', sourceId: ids.b }))).toMatchObject({ status: 'done' });
    // ann@example.com is a duplicate of list A's first row: only list B's other rows stay, byte for byte.
    expect(readFileSync(outB)).toEqual(Buffer.from('E-mail;Nom;Ville\ncarl@example.fr;Carl;S\xe8te\ndora@example.fr;Dora;N\xeemes\n', 'latin1'));
    const removedB = join(dir, 'b-removed.csv');
    expect(await h.run(h.services['export/run']({ kind: 'removed', path: removedB, encoding: 'source', sourceId: ids.b }))).toMatchObject({ status: 'done' });
    expect(readFileSync(removedB, 'latin1')).toContain('ann@example.com;Ann;Paris;duplicate;');
  });

  it('without a list, writes every list in the first one\'s columns and says so', async () => {
    const out = join(dir, 'all.csv');
    const outcome = await h.run(h.services['export/run']({ kind: 'cleaned', path: out, encoding: 'source' }));
    expect(outcome).toMatchObject({ status: 'done' });
    expect(outcome.status === 'done' && outcome.warnings.join(' ')).toMatch(/b\.csv has other columns than a\.csv/);
    expect(readFileSync(out, 'utf8').split('\r\n').filter(Boolean)).toHaveLength(1 + 2 + 2);
  });

  it('refuses a list that is not in the cleanup', async () => {
    await expect(h.services['export/run']({ kind: 'cleaned', path: join(dir, 'x.csv'), encoding: 'source', sourceId: 999 })).rejects.toMatchObject({ code: 'not-found' });
  });
});
