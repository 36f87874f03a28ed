/**
 * Segments: the watch list, one decision, one cause, the review's current filter or chosen rows,
 * written in the list's own columns or as address + reason, each read back.
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Papa from 'papaparse';
import readXlsxFile from 'read-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, REPO, type Harness } from '../cleanup/helpers.js';

let h: Harness;
let dir: string;
const LIST = 'email,name,city\r\nanna.schmidt@example.de,Anna,Berlin\r\nli.wei@example.cn,Li,Shanghai\r\ngrumpy@example.net,=2+3,Leeds\r\nkeeper@example.com,Kim,Oslo\r\nnot-an-address,Nobody,Nowhere\r\n';

beforeAll(async () => {
  h = harness();
  dir = h.userDataDir;
  await h.services['cleanup/new']({});
  writeFileSync(join(dir, 'list.csv'), LIST);
  copyFileSync(resolve(REPO, 'test/fixtures/esp/postmark-bounces.json'), join(dir, 'postmark-bounces.json'));
  expect(await h.run(h.services['contacts/import']({ path: join(dir, 'list.csv'), options: {} }))).toMatchObject({ status: 'done' });
  expect(await h.run(h.services['bounces/import']({ paths: [join(dir, 'postmark-bounces.json')], mappings: {} }))).toMatchObject({ status: 'done' });
});
afterAll(async () => { await h.services.dispose(); });

type Seg = NonNullable<Parameters<Harness['services']['export/run']>[0]['segment']>;
type Filter = NonNullable<Seg['filter']>;

async function segment(name: string, seg: Seg, shape?: 'list' | 'reasons'): Promise<string[][]> {
  const path = join(dir, name);
  const outcome = await h.run(h.services['export/run']({ kind: 'segment', path, encoding: 'source', segment: seg, ...(shape ? { shape } : {}) }));
  expect(outcome).toMatchObject({ status: 'done' });
  if (name.endsWith('.xlsx')) return (await readXlsxFile(path))[0]!.data as string[][];
  return Papa.parse<string[]>(readFileSync(path, 'utf8').trimEnd(), { newline: '\r\n' }).data;
}

async function emailsOf(filter: Filter): Promise<string[]> {
  return (await h.services['review/rows']({ filter, offset: 0, limit: 100 })).rows.map((r) => r.email).sort();
}

describe('segment exports', () => {
  it('the watch list, in the list’s own columns: exactly the rows the review shows as watch', async () => {
    const watch = await emailsOf({ decision: 'watch', search: '' });
    expect(watch).toContain('li.wei@example.cn');
    const rows = await segment('watch.csv', { filter: { decision: 'watch', search: '' } });
    expect(rows[0]).toEqual(['email', 'name', 'city']);
    expect(rows.slice(1).map((r) => r[0]).sort()).toEqual(watch);
    expect(rows.find((r) => r[0] === 'li.wei@example.cn')).toEqual(['li.wei@example.cn', 'Li', 'Shanghai']);
  });

  it('one decision as address + reason, a new file so formulas are text', async () => {
    const removed = await emailsOf({ decision: 'remove', search: '' });
    const rows = await segment('removed-reasons.csv', { filter: { decision: 'remove', search: '' } }, 'reasons');
    expect(rows[0]).toEqual(['email', 'decision', 'reason', 'detail']);
    expect(rows.slice(1).map((r) => r[0]).sort()).toEqual(removed.sort());
    expect(rows.find((r) => r[0] === 'anna.schmidt@example.de')!.slice(1, 3)).toEqual(['remove', 'hard-bounce']);
    expect(rows.find((r) => r[0] === 'grumpy@example.net')!.slice(1, 3)).toEqual(['remove', 'complaint']);
    // The invalid row has no normalised address: it is written as the cell said.
    expect(rows.some((r) => r[0] === 'not-an-address' && r[2] === 'invalid')).toBe(true);
    const own = await segment('removed-own.csv', { filter: { decision: 'remove', search: '' } });
    expect(own.find((r) => r[0] === 'grumpy@example.net')).toEqual(['grumpy@example.net', "'=2+3", 'Leeds']);
  });

  it('one cause, the current search, chosen rows, and Excel', async () => {
    expect((await segment('hard.csv', { filter: { decision: 'all', search: '', cause: 'hard-bounce' } })).slice(1).map((r) => r[0])).toEqual(['anna.schmidt@example.de']);
    expect((await segment('search.csv', { filter: { decision: 'all', search: 'example.com' } })).slice(1).map((r) => r[0])).toEqual(['keeper@example.com']);
    const page = await h.services['review/rows']({ filter: { decision: 'all', search: '' }, offset: 0, limit: 100 });
    const ids = page.rows.filter((r) => r.email === 'keeper@example.com' || r.email === 'li.wei@example.cn').map((r) => r.id);
    const chosen = await segment('chosen.xlsx', { ids }, 'reasons');
    expect(chosen[0]).toEqual(['email', 'decision', 'reason', 'detail']);
    expect(chosen.slice(1).map((r) => r[0]).sort()).toEqual(['keeper@example.com', 'li.wei@example.cn']);
  });
});
