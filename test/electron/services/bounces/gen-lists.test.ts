/**
 * The sample's bounces.csv through the generic path: columns detected without help, and every
 * row's verdict and reason match truth.json.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { previewBounces, readBounces, type SourcedBounce } from '../../../../electron/services/bounces/index.js';
import { generateSample, type SampleTruth } from '../../../../electron/services/sample/generate.js';

let dir: string;
let truth: SampleTruth;
const got: SourcedBounce[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'esp-genlists-'));
  generateSample({ contacts: 5000, out: dir });
  truth = JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')) as SampleTruth;
  for await (const b of readBounces([join(dir, 'bounces.csv')])) got.push(...b);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the sample bounces.csv through the generic path', () => {
  it('detects every column', async () => {
    const [p] = await previewBounces([join(dir, 'bounces.csv')]);
    expect(p!.provider).toBe('generic');
    expect(p!.mapping).toEqual({ email: 0, date: 1, replyCode: 2, status: 3, diagnostic: 4, campaign: 5 });
    expect(p!.records).toBe(truth.counts.bounceRows);
    expect(p!.description).toBe(`Spreadsheet: columns detected (email, code, status, diagnostic, date, campaign), ${truth.counts.bounceRows} records`);
  });

  it('reads every row, with its date and campaign', () => {
    expect(got).toHaveLength(truth.counts.bounceRows);
    for (const s of got) {
      expect(s.record.occurredAt).toMatch(/^20\d\d-\d\d-\d\dT/);
      expect(s.record.campaign).toMatch(/^20\d\d-\d\d-\d\d /);
      expect(s.record.provider).toBe('generic');
    }
  });

  it("every address's verdict matches truth.json", () => {
    const wrong: string[] = [];
    const seen = new Map<string, number>();
    for (const s of got) {
      const email = s.record.email.trim().toLowerCase();
      const t = truth.bounced[email];
      expect(t, `${email} is in truth.json`).toBeDefined();
      seen.set(email, (seen.get(email) ?? 0) + 1);
      if (s.record.verdict !== t!.verdict || s.record.reason !== t!.reason) wrong.push(`${email} (${t!.verdict}/${t!.reason}): got ${s.record.verdict}/${s.record.reason} from "${s.record.diagnostic.slice(0, 80)}"`);
    }
    expect(wrong).toEqual([]);
    expect(seen.size).toBe(truth.counts.bouncedAddresses);
    for (const [email, n] of seen) expect(n, email).toBe(truth.bounced[email]!.rows);
  });

  it('auto-replies never become hard bounces', () => {
    const autos = got.filter((s) => truth.bounced[s.record.email.trim().toLowerCase()]!.reason === 'vacation');
    expect(autos.length).toBeGreaterThan(0);
    for (const s of autos) expect(s.record.verdict).not.toBe('hard');
  });
});
