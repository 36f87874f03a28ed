/**
 * The sample generator's own promises: same arguments, same bytes; its files hold the rows its
 * truth says; every bounced address is on the list. (Its hygiene and bounce truth are checked
 * against the product in test/shared/email/gen-lists-truth.test.ts and the bounce tests.)
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BOUNCES_HEADER, CONTACTS_HEADER, generateSample } from '../../../../electron/services/sample/generate.js';
import { splitRecords } from '../cleanup/helpers.js';

const root = mkdtempSync(join(tmpdir(), 'ls-sample-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const digest = (dir: string) => ['contacts.csv', 'bounces.csv', 'truth.json'].map((f) => createHash('sha256').update(readFileSync(join(dir, f))).digest('hex'));

describe('sample generator', () => {
  it('writes the same bytes for the same arguments, other bytes for another seed', () => {
    generateSample({ contacts: 3000, seed: 'a', out: join(root, 'a1') });
    generateSample({ contacts: 3000, seed: 'a', out: join(root, 'a2') });
    generateSample({ contacts: 3000, seed: 'b', out: join(root, 'b') });
    expect(digest(join(root, 'a2'))).toEqual(digest(join(root, 'a1')));
    expect(digest(join(root, 'b'))[0]).not.toBe(digest(join(root, 'a1'))[0]);
  });

  it('holds the rows its truth says, and bounces only addresses on the list', () => {
    const out = join(root, 'c');
    const truth = generateSample({ contacts: 4000, bounces: 300, seed: 3, out, bom: true });
    const contacts = readFileSync(join(out, 'contacts.csv'), 'utf8');
    expect(contacts.startsWith('\ufeff')).toBe(true);
    const records = splitRecords(contacts.replace(/\r\n$/, ''));
    expect(records[0]).toBe(`\ufeff${CONTACTS_HEADER.join(',')}`);
    expect(records).toHaveLength(truth.counts.rows + 1);
    expect(records.filter((r) => r.includes('\n'))).toHaveLength(truth.counts.embeddedNewlines);
    const bounces = splitRecords(readFileSync(join(out, 'bounces.csv'), 'utf8').replace(/\r\n$/, ''));
    expect(bounces[0]).toBe(BOUNCES_HEADER.join(','));
    expect(bounces).toHaveLength(truth.counts.bounceRows + 1);
    expect(truth.counts.bounceRows).toBe(300);
    const onList = contacts.toLowerCase();
    for (const email of Object.keys(truth.bounced)) expect(onList.includes(email), email).toBe(true);
    expect(Object.values(truth.bounced).reduce((n, b) => n + b.rows, 0)).toBe(300);
    expect(JSON.parse(readFileSync(join(out, 'truth.json'), 'utf8'))).toEqual(JSON.parse(JSON.stringify(truth)));
  });

  it('asks for no more bounce rows than the list can give, and says how many it wrote', () => {
    const truth = generateSample({ contacts: 50, bounces: 10_000, out: join(root, 'd') });
    expect(truth.counts.bounceRows).toBeLessThan(10_000);
    expect(truth.counts.bounceRows).toBeGreaterThan(0);
  });
});
