import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it, vi } from 'vitest';
import { createDispatch, type Dialogs, type ServiceHandlers } from '../../../electron/ipc/dispatch.js';
import { Grants } from '../../../electron/ipc/grants.js';
import { AppError } from '../../../shared/errors.js';

function fakeServices(overrides: Partial<Record<keyof ServiceHandlers, (a: unknown) => Promise<unknown>>> = {}): ServiceHandlers {
  const unexpected = () => Promise.reject(new Error('not expected in this test'));
  return new Proxy({} as ServiceHandlers, {
    get: (_t, key: string) => (overrides as Record<string, unknown>)[key] ?? unexpected,
  });
}

const dialogs: Dialogs = {
  open: async () => ['/tmp/a.csv'],
  save: async () => '/tmp/out.csv',
};

describe('dispatch', () => {
  it('refuses a channel that is not in the contract', async () => {
    const d = createDispatch({ services: fakeServices(), dialogs, grants: new Grants() });
    const r = await d('fs/readFile', { path: '/etc/passwd' });
    expect(r).toEqual({ ok: false, error: { code: 'bad-input', message: expect.stringContaining('Unknown request') } });
  });

  it('refuses prototype keys as channels', async () => {
    const d = createDispatch({ services: fakeServices(), dialogs, grants: new Grants() });
    expect((await d('constructor', {})).ok).toBe(false);
    expect((await d('__proto__', {})).ok).toBe(false);
  });

  it('validates input against the schema before calling the service', async () => {
    const open = vi.fn(async () => ({}));
    const d = createDispatch({ services: fakeServices({ 'cleanup/open': open }), dialogs, grants: new Grants() });
    const r = await d('cleanup/open', { path: 42 });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('bad-input');
      expect(r.error.message).toContain('path');
    }
    expect(open).not.toHaveBeenCalled();
  });

  it('hands the page\'s theme to the menu, never to the services, and refuses a theme it does not know', async () => {
    const showTheme = vi.fn();
    const d = createDispatch({ services: fakeServices(), dialogs, grants: new Grants(), menu: { showTheme } });
    expect(await d('menu/theme', { choice: 'dark' })).toEqual({ ok: true, data: null });
    expect(showTheme).toHaveBeenCalledWith('dark');
    expect(await d('menu/theme', { choice: 'sepia' })).toMatchObject({ ok: false, error: { code: 'bad-input' } });
    expect(showTheme).toHaveBeenCalledTimes(1);
    // Without a menu (the services' own tests) it is a no-op, not an error.
    expect(await createDispatch({ services: fakeServices(), dialogs, grants: new Grants() })('menu/theme', { choice: 'light' })).toEqual({ ok: true, data: null });
  });

  it('passes the parsed input (defaults applied) and wraps the result', async () => {
    const rows = vi.fn(async (a: unknown) => ({ total: 0, offset: 0, rows: [], got: a }));
    const d = createDispatch({ services: fakeServices({ 'review/rows': rows }), dialogs, grants: new Grants() });
    const r = await d('review/rows', { offset: 0, limit: 10 });
    expect(r.ok).toBe(true);
    expect(rows).toHaveBeenCalledWith({ filter: { decision: 'all', search: '' }, offset: 0, limit: 10 });
  });

  it('turns an AppError into its code and message', async () => {
    const d = createDispatch({
      services: fakeServices({ 'review/summary': async () => { throw new AppError('no-cleanup', 'Open or start a cleanup first.'); } }),
      dialogs,
      grants: new Grants(),
    });
    expect(await d('review/summary', {})).toEqual({ ok: false, error: { code: 'no-cleanup', message: 'Open or start a cleanup first.' } });
  });

  it('hides an unexpected error behind a safe message and logs it', async () => {
    const log = vi.fn();
    const d = createDispatch({
      services: fakeServices({ 'review/summary': async () => { throw new Error('SQLITE_CORRUPT at /home/me/secret.listsweep'); } }),
      dialogs,
      grants: new Grants(),
      log,
    });
    const r = await d('review/summary', {});
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('internal');
      expect(r.error.message).not.toContain('secret');
    }
    expect(log).toHaveBeenCalledOnce();
  });

  it('gives errors the user can cause (a vanished file, a damaged cleanup, a full disk) their own code and message', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ls-dispatch-'));
    const notDb = join(dir, 'notes.listsweep');
    writeFileSync(notDb, 'not a database at all, just text '.repeat(100));
    const raised: Record<string, () => unknown> = {
      missing: () => readFileSync(join(dir, 'gone.csv')),
      corrupt: () => new Database(notDb, { readonly: true }).prepare('SELECT 1 FROM sqlite_master').get(),
      // The shape Node gives these (they cannot be caused on demand here).
      full: () => { throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write' }); },
      denied: () => { throw Object.assign(new Error(`EACCES: permission denied, open '/srv/list.csv'`), { code: 'EACCES', path: '/srv/list.csv' }); },
    };
    const log = vi.fn();
    const results: Record<string, unknown> = {};
    for (const [name, raise] of Object.entries(raised)) {
      const d = createDispatch({ services: fakeServices({ 'review/summary': async () => raise() }), dialogs, grants: new Grants(), log });
      results[name] = await d('review/summary', {});
    }
    expect(results.missing).toEqual({ ok: false, error: { code: 'not-found', message: expect.stringContaining('gone.csv does not exist') } });
    expect(results.corrupt).toEqual({ ok: false, error: { code: 'damaged', message: expect.stringMatching(/^This cleanup file is damaged/) } });
    expect(results.full).toEqual({ ok: false, error: { code: 'cannot-write', message: expect.stringContaining('disk is full') } });
    expect(results.denied).toEqual({ ok: false, error: { code: 'unreadable', message: expect.stringContaining('not allowed to open /srv/list.csv') } });
    for (const r of Object.values(results)) expect(JSON.stringify(r)).not.toMatch(/Something went wrong/);
    expect(log).not.toHaveBeenCalled();
  });

  it('routes the dialog channels to the dialog implementation', async () => {
    const d = createDispatch({ services: fakeServices(), dialogs, grants: new Grants() });
    expect(await d('dialog/open', { purpose: 'contacts' })).toEqual({ ok: true, data: ['/tmp/a.csv'] });
    expect(await d('dialog/save', { purpose: 'cleaned', defaultName: 'x.csv' })).toEqual({ ok: true, data: '/tmp/out.csv' });
    expect((await d('dialog/open', { purpose: 'anything' })).ok).toBe(false);
  });
});
