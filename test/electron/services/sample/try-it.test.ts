/**
 * "Try it with a sample": the files are the generator's, split into the formats a new user
 * brings (a spreadsheet, an email service's export, delivery-report messages), nothing lost or
 * doubled in the split; the app's own channels, called as the renderer calls them, make a
 * cleanup of them in which the hard-bounced addresses are removed.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { previewBounces } from '../../../../electron/services/bounces/index.js';
import { TRY_BOUNCE_ROWS, TRY_CONTACTS, writeTrySample } from '../../../../electron/services/sample/try-it.js';
import { createDispatch } from '../../../../electron/ipc/dispatch.js';
import { Grants } from '../../../../electron/ipc/grants.js';
import type { ChannelOutput, Result } from '../../../../shared/contract.js';
import { harness } from '../cleanup/helpers.js';

const root = mkdtempSync(join(tmpdir(), 'ls-try-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('try-it sample files', () => {
  it('split the generated bounces over three formats, every row once', async () => {
    const files = writeTrySample(join(root, 'a'));
    expect(readdirSync(files.folder).sort()).toEqual(['bounces.csv', 'contacts.csv', 'postmark-bounces.json', 'returned-mail']);
    const previews = await previewBounces([...files.bounces]);
    expect(previews.map((p) => p.provider)).toEqual(['generic', 'postmark', ...files.bounces.slice(2).map(() => 'mail')]);
    expect(files.bounces.length).toBeGreaterThanOrEqual(3);
    expect(previews.reduce((n, p) => n + (p.records ?? 0), 0)).toBe(TRY_BOUNCE_ROWS);
    expect(files.truth.counts).toMatchObject({ rows: TRY_CONTACTS, bounceRows: TRY_BOUNCE_ROWS });
    // Each message reports one address the generator made bounce.
    for (const eml of files.bounces.slice(2)) {
      const rcpt = /Final-Recipient: rfc822; (\S+)/.exec(readFileSync(eml, 'utf8'))?.[1]?.toLowerCase();
      expect(rcpt && files.truth.bounced[rcpt]?.verdict).toMatch(/^(hard|soft)$/);
    }
  });

  it('writes the same sample every time', () => {
    const a = writeTrySample(join(root, 'b1'));
    const b = writeTrySample(join(root, 'b2'));
    for (const name of ['contacts.csv', 'bounces.csv', 'postmark-bounces.json']) {
      expect(readFileSync(join(b.folder, name), 'utf8')).toBe(readFileSync(join(a.folder, name), 'utf8'));
    }
  });
});

describe('sample/create through the dispatch', () => {
  it('grants its files, and the cleanup made of them removes every hard-bounced address', async () => {
    const h = harness({ inlineJobs: true });
    const d = createDispatch({ services: h.services, dialogs: { open: async () => [], save: async () => null }, grants: new Grants() });
    const ok = <T>(r: Result<unknown>): T => {
      if (!r.ok) throw new Error(r.error.message);
      return r.data as T;
    };
    const sample = ok<ChannelOutput<'sample/create'>>(await d('sample/create', {}));
    const second = ok<ChannelOutput<'sample/create'>>(await d('sample/create', {}));
    expect(second.folder).not.toBe(sample.folder);
    expect(dirname(sample.folder)).toBe(join(h.userDataDir, 'samples'));
    expect(basename(sample.cleanup)).toBe('Sample cleanup.listsweep');

    ok(await d('cleanup/new', { path: sample.cleanup }));
    const started = ok<{ jobId: string }>(await d('contacts/import', { path: sample.contacts }));
    expect((await h.services.waitForJob(started.jobId)).outcome.status).toBe('done');
    const bounces = ok<{ jobId: string }>(await d('bounces/import', { paths: sample.bounces }));
    expect((await h.services.waitForJob(bounces.jobId)).outcome.status).toBe('done');

    const info = ok<ChannelOutput<'cleanup/current'>>(await d('cleanup/current', {}));
    expect(info?.sources.filter((s) => s.kind === 'bounces').map((s) => s.provider)).toEqual(expect.arrayContaining(['generic', 'postmark']));
    expect(info?.bounces).toBe(TRY_BOUNCE_ROWS);

    const truth = writeTrySample(join(root, 'truth')).truth;
    const hard = Object.entries(truth.bounced).filter(([, t]) => t.verdict === 'hard').map(([e]) => e);
    expect(hard.length).toBeGreaterThan(5);
    const removed = ok<ChannelOutput<'review/rows'>>(await d('review/rows', { filter: { decision: 'remove' }, offset: 0, limit: 1000 }));
    const removedEmails = new Set(removed.rows.map((r) => r.email.toLowerCase()));
    for (const e of hard) expect(removedEmails, e).toContain(e);
    // The sample shows a typo correction on an address that hard-bounced.
    const typos = ok<ChannelOutput<'review/rows'>>(await d('review/rows', { filter: { flag: 'typo' }, offset: 0, limit: 100 }));
    expect(typos.rows.some((r) => r.decision === 'remove' && r.suggestion && truth.bounced[r.email.toLowerCase()]?.verdict === 'hard')).toBe(true);
        // A file the sample did not write stays out of reach.
    const refused = await d('contacts/import', { path: join(dirname(sample.folder), 'elsewhere.csv') });
    expect(refused.ok).toBe(false);
    await h.services.dispose();
  });
});
