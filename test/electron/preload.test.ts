/**
 * electron/preload.ts against a fake 'electron': what the page gets as window.listsweep is the
 * contract's Bridge and nothing more — invoke only for contract channels, events without the
 * IpcRendererEvent, a working unsubscribe.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Bridge } from '../../shared/contract.js';

const rec = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  invoked: [] as { channel: string; input: unknown }[],
  sentSync: [] as { channel: string; args: unknown[] }[],
  listeners: new Map<string, Set<(...a: unknown[]) => void>>(),
}));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (name: string, api: unknown) => rec.exposed.set(name, api) },
  ipcRenderer: {
    invoke: async (channel: string, input: unknown) => {
      rec.invoked.push({ channel, input });
      return { ok: true, data: null };
    },
    on: (channel: string, fn: (...a: unknown[]) => void) => {
      if (!rec.listeners.has(channel)) rec.listeners.set(channel, new Set());
      rec.listeners.get(channel)!.add(fn);
    },
    removeListener: (channel: string, fn: (...a: unknown[]) => void) => rec.listeners.get(channel)?.delete(fn),
    sendSync: (channel: string, ...args: unknown[]) => { rec.sentSync.push({ channel, args }); return null; },
  },
  webUtils: { getPathForFile: (f: { name: string }) => (f.name === 'real.csv' ? '/home/u/real.csv' : '') },
}));

let bridge: Bridge;
beforeAll(async () => {
  await import('../../electron/preload.js');
  bridge = rec.exposed.get('listsweep') as Bridge;
});

describe('preload bridge', () => {
  it('exposes exactly invoke, on and pathForFile', () => {
    expect([...rec.exposed.keys()]).toEqual(['listsweep']);
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on', 'pathForFile']);
  });

  it('forwards contract channels and refuses others without reaching IPC', async () => {
    expect(await bridge.invoke('cleanup/recent', {})).toEqual({ ok: true, data: null });
    const r = await (bridge.invoke as (c: string, i: unknown) => Promise<unknown>)('fs/read', { path: '/etc/passwd' });
    expect(r).toMatchObject({ ok: false, error: { code: 'bad-input' } });
    expect(rec.invoked.map((i) => i.channel)).toEqual(['cleanup/recent']);
  });

  it('delivers event payloads without the IpcRendererEvent, and unsubscribes', () => {
    const got: unknown[][] = [];
    const off = bridge.on('job/progress', (...args: unknown[]) => got.push(args));
    const fakeEvent = { sender: { send: () => {} }, ports: [] };
    for (const fn of rec.listeners.get('job/progress') ?? []) fn(fakeEvent, { jobId: 'j1' });
    expect(got).toEqual([[{ jobId: 'j1' }]]);
    off();
    expect(rec.listeners.get('job/progress')?.size).toBe(0);
  });

  it('ignores events outside the contract', () => {
    (bridge.on as (e: string, l: () => void) => () => void)('some/internal', () => {});
    expect(rec.listeners.has('some/internal')).toBe(false);
  });

  it('gives a dropped file its path, or null, and has the main process grant only a real one', () => {
    expect(bridge.pathForFile({ name: 'real.csv' } as File)).toBe('/home/u/real.csv');
    expect(bridge.pathForFile({ name: 'synthetic.csv' } as File)).toBeNull();
    expect(rec.sentSync).toEqual([{ channel: 'grant/dropped-path', args: ['/home/u/real.csv'] }]);
    // The grant is the preload's own message, never a channel the page can invoke.
    expect((bridge.invoke as (c: string, i: unknown) => Promise<unknown>)('grant/dropped-path', '/etc/passwd')).resolves.toMatchObject({ ok: false });
  });
});
