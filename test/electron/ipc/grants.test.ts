import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createDispatch, type Dialogs, type ServiceHandlers } from '../../../electron/ipc/dispatch.js';
import { Grants } from '../../../electron/ipc/grants.js';

const root = mkdtempSync(join(tmpdir(), 'ls-grants-'));
const folder = join(root, 'bounces');
mkdirSync(join(folder, 'sub'), { recursive: true });
writeFileSync(join(folder, 'sub', 'a.eml'), 'x');
writeFileSync(join(root, 'contacts.csv'), 'email\n');

function setup(answers: { open?: string[]; save?: string | null } = {}) {
  const called: { channel: string; input: unknown }[] = [];
  const services = new Proxy({} as ServiceHandlers, {
    get: (_t, key: string) => async (input: unknown) => {
      called.push({ channel: key, input });
      return key === 'cleanup/recent' ? [{ path: join(root, 'old.listsweep'), name: 'old', openedAt: '', exists: true }] : null;
    },
  });
  const dialogs: Dialogs = { open: vi.fn(async () => answers.open ?? []), save: vi.fn(async () => answers.save ?? null) };
  const d = createDispatch({ services, dialogs, grants: new Grants() });
  return { d, called };
}

describe('paths from the renderer are checked against what the user chose', () => {
  it('refuses a path nobody granted, with a clear message, before any service runs', async () => {
    const { d, called } = setup();
    expect(await d('contacts/preview', { path: '/etc/passwd' })).toEqual({ ok: false, error: { code: 'forbidden', message: 'ListSweep only opens files you chose yourself (with Open, by dropping them, or from the recent list), and /etc/passwd is not one of them. Choose it again.' } });
    expect(await d('contacts/import', { path: '/etc/passwd' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await d('bounces/preview', { paths: ['/etc/passwd'] })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await d('cleanup/open', { path: '/etc/passwd' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await d('export/run', { kind: 'removed', path: '/home/u/.profile' })).toEqual({ ok: false, error: { code: 'forbidden', message: 'ListSweep only writes where you chose to save, and /home/u/.profile is not such a place. Export again and choose where to save.' } });
    expect(await d('cleanup/new', { path: '/home/u/x.listsweep' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(called).toEqual([]);
    // Channels without a path are untouched.
    expect(await d('cleanup/new', {})).toEqual({ ok: true, data: null });
  });

  it('lets through what the open dialog answered, for reading only', async () => {
    const csv = join(root, 'contacts.csv');
    const { d, called } = setup({ open: [csv] });
    await d('dialog/open', { purpose: 'contacts' });
    expect(await d('contacts/preview', { path: csv })).toEqual({ ok: true, data: null });
    expect(await d('contacts/import', { path: csv })).toEqual({ ok: true, data: null });
    expect(called.map((c) => c.channel)).toEqual(['contacts/preview', 'contacts/import']);
    expect(await d('export/run', { kind: 'cleaned', path: csv })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('a folder grant covers the files under it, not beside it, and not a way out with ..', async () => {
    const { d } = setup({ open: [folder] });
    await d('dialog/open', { purpose: 'bounce-folder' });
    expect(await d('bounces/preview', { paths: [folder] })).toMatchObject({ ok: true });
    expect(await d('bounces/import', { paths: [join(folder, 'sub', 'a.eml'), join(folder, 'sub')] })).toMatchObject({ ok: true });
    expect(await d('bounces/preview', { paths: [join(root, 'contacts.csv')] })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await d('bounces/preview', { paths: [`${folder}/../contacts.csv`] })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await d('bounces/preview', { paths: [`${folder}-other/x.csv`] })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // One ungranted path among granted ones refuses the whole request.
    expect(await d('bounces/preview', { paths: [folder, '/etc/passwd'] })).toMatchObject({ ok: false, error: { message: expect.stringContaining('/etc/passwd') } });
  });

  it('lets an export write where the save dialog answered, and a new cleanup where it was saved', async () => {
    const out = join(root, 'cleaned.csv');
    const { d } = setup({ save: out });
    await d('dialog/save', { purpose: 'cleaned', defaultName: 'cleaned.csv' });
    expect(await d('export/run', { kind: 'cleaned', path: out })).toEqual({ ok: true, data: null });
    expect(await d('contacts/preview', { path: out })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const s = setup({ save: join(root, 'Spring') });
    await s.d('dialog/save', { purpose: 'cleanup', defaultName: 'Spring' });
    expect(await s.d('cleanup/new', { path: join(root, 'Spring') })).toEqual({ ok: true, data: null });
    expect(await s.d('cleanup/new', { path: join(root, 'Spring.listsweep') })).toEqual({ ok: true, data: null });
  });

  it('opens a cleanup from the recent list the main process showed', async () => {
    const { d } = setup();
    const old = join(root, 'old.listsweep');
    expect(await d('cleanup/open', { path: old })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await d('cleanup/recent', {});
    expect(await d('cleanup/open', { path: old })).toEqual({ ok: true, data: null });
  });
});
