/**
 * A recognised export mapped by hand keeps its provider's reading: only the addresses come from
 * the chosen column. (Read as a plain sheet instead, Mailchimp's cleaned file, which has no type
 * column, lost every verdict and its addresses stayed on the cleaned list.)
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { previewBounces, readBounces, type SourcedBounce } from '../../../../electron/services/bounces/index.js';
import type { BounceColumnMapping } from '../../../../shared/contract.js';

const FIX = fileURLToPath(new URL('../../../fixtures/esp/', import.meta.url));
const CLEANED = FIX + 'mailchimp-cleaned_members_export_2c9f1a.csv';

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'esp-hand-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function readAll(path: string, mapping?: BounceColumnMapping): Promise<SourcedBounce[]> {
  const got: SourcedBounce[] = [];
  for await (const b of readBounces([path], mapping ? { mappings: { [path]: mapping } } : {})) got.push(...b);
  return got;
}

const verdicts = (got: SourcedBounce[]) => got.map((s) => [s.record.verdict, s.record.reason, s.record.provider]);

describe('a recognised export with its email column chosen by hand', () => {
  it('the preview says which column the reader takes the addresses from', async () => {
    const [p] = await previewBounces([CLEANED]);
    expect(p!.provider).toBe('mailchimp');
    expect(p!.mapping).toBeUndefined();
    expect(p!.headers![p!.emailColumn!]).toBe('Email Address');
  });

  it('keeps the provider verdicts and reasons, with the addresses of the chosen column', async () => {
    // The same export with a second address column (a CRM's "Work Email") next to Mailchimp's.
    const text = readFileSync(CLEANED, 'utf8').split(/\r?\n/).filter(Boolean);
    const withWork = [`${text[0]},Work Email`, ...text.slice(1).map((l, i) => `${l},work${i}@example.net`)].join('\n') + '\n';
    const path = join(tmp, 'cleaned_members_export_work.csv');
    writeFileSync(path, withWork);
    const workColumn = text[0]!.split(',').length;

    const plain = await readAll(path);
    const hand = await readAll(path, { email: workColumn, type: 0, diagnostic: 1 });
    expect(plain.length).toBeGreaterThan(0);
    expect(hand.map((s) => s.record.email)).toEqual(plain.map((_, i) => `work${i}@example.net`));
    expect(verdicts(hand)).toEqual(verdicts(plain));
    expect(new Set(hand.map((s) => s.record.verdict))).toEqual(new Set(['hard']));

    const [p] = await previewBounces([path], { mappings: { [path]: { email: workColumn } } });
    expect(p!.provider).toBe('mailchimp');
    expect(p!.emailColumn).toBe(workColumn);
    expect(p!.description).toMatch(/Recognised: Mailchimp .*addresses from "Work Email" as you chose/);
  });

  it('a JSON export: the chosen field gives the addresses, the provider the verdicts', async () => {
    const path = FIX + 'postmark-suppressions.json';
    const [p] = await previewBounces([path]);
    expect(p!.provider).toBe('postmark');
    const origin = p!.headers!.indexOf('Origin');
    expect(origin).toBeGreaterThanOrEqual(0);
    expect(p!.headers![p!.emailColumn!]).toBe('EmailAddress');
    const plain = await readAll(path);
    // Whatever column is chosen gives the addresses (here a wrong one, to show it is obeyed) and never the verdicts.
    const other = await readAll(path, { email: origin });
    expect(other.map((s) => s.record.email)).toEqual(['Recipient', 'Recipient', 'Recipient', 'Customer']);
    expect(verdicts(other)).toEqual(verdicts(plain));
    const same = await readAll(path, { email: p!.emailColumn! });
    expect(same.map((s) => [s.record.email, ...verdicts([s])[0]!])).toEqual(plain.map((s) => [s.record.email, ...verdicts([s])[0]!]));
  });
});
