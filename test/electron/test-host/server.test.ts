import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { startTestHost, type Emit, type TestHost } from '../../../electron/test-host/server.js';
import type { ServiceHandlers } from '../../../electron/ipc/dispatch.js';

let host: TestHost;
let emitted: Emit | null = null;
const dirs: string[] = [];

beforeAll(async () => {
  const renderer = mkdtempSync(join(tmpdir(), 'ls-renderer-'));
  mkdirSync(join(renderer, 'assets'));
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><html><head><meta charset="utf-8"><script type="module" src="/assets/app.js"></script></head><body></body></html>');
  writeFileSync(join(renderer, 'assets/app.js'), 'console.log(1)');
  host = await startTestHost({
    rendererDir: renderer,
    createServices: ({ userDataDir, emit }) => {
      dirs.push(userDataDir);
      emitted = emit;
      const services = new Proxy({} as ServiceHandlers & { dispose(): Promise<void> }, {
        get: (_t, key) => {
          if (key === 'dispose') return async () => {};
          if (key === 'cleanup/recent') return async () => [{ path: '/x.listsweep', name: 'x', openedAt: '', exists: false }];
          if (key === 'contacts/preview') return async ({ path }: { path: string }) => ({ previewed: path });
          return async () => { throw new Error('not in this test'); };
        },
      });
      return services;
    },
  });
});
afterAll(async () => host.close());

function connect(origin: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${host.url.replace('http', 'ws')}/__listsweep/ws`, { origin });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

function next(ws: WebSocket, type: string): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const on = (data: unknown) => {
      const msg = JSON.parse(String(data)) as Record<string, unknown>;
      if (msg.type === type) { ws.off('message', on); resolve(msg); }
    };
    ws.on('message', on);
  });
}

describe('test host', () => {
  it('serves index.html with the bridge injected before the app and a CSP header', async () => {
    const res = await fetch(`${host.url}/`);
    const html = await res.text();
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(html.indexOf('/__listsweep/bridge.js')).toBeGreaterThan(0);
    expect(html.indexOf('/__listsweep/bridge.js')).toBeLessThan(html.indexOf('/assets/app.js'));
    expect((await fetch(`${host.url}/__listsweep/bridge.js`)).status).toBe(200);
  });

  it('does not serve files outside the renderer folder', async () => {
    expect((await fetch(`${host.url}/..%2F..%2Fetc%2Fpasswd`)).status).toBe(404);
  });

  it('answers invokes over the socket with the same envelope and validation', async () => {
    const ws = await connect(host.url);
    const got = next(ws, 'result');
    ws.send(JSON.stringify({ type: 'invoke', id: 1, channel: 'cleanup/recent', input: {} }));
    expect((await got).result).toEqual({ ok: true, data: [{ path: '/x.listsweep', name: 'x', openedAt: '', exists: false }] });
    const bad = next(ws, 'result');
    ws.send(JSON.stringify({ type: 'invoke', id: 2, channel: 'shell/exec', input: {} }));
    expect(((await bad).result as { ok: boolean }).ok).toBe(false);
    ws.close();
  });

  it('answers dialogs from the queue, and like a cancel when it is empty', async () => {
    await fetch(`${host.url}/__test/dialog/open`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ paths: ['/tmp/c.csv'] }) });
    const ws = await connect(host.url);
    const first = next(ws, 'result');
    ws.send(JSON.stringify({ type: 'invoke', id: 1, channel: 'dialog/open', input: { purpose: 'contacts' } }));
    expect((await first).result).toEqual({ ok: true, data: ['/tmp/c.csv'] });
    const second = next(ws, 'result');
    ws.send(JSON.stringify({ type: 'invoke', id: 2, channel: 'dialog/open', input: { purpose: 'contacts' } }));
    expect((await second).result).toEqual({ ok: true, data: [] });
    ws.close();
  });

  it('grants what its file-picking stand-ins hand out, and refuses any other path', async () => {
    const ws = await connect(host.url);
    const ask = async (id: number, channel: string, input: unknown) => {
      const r = next(ws, 'result');
      ws.send(JSON.stringify({ type: 'invoke', id, channel, input }));
      return (await r).result;
    };
    expect(await ask(1, 'contacts/preview', { path: '/etc/passwd' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await fetch(`${host.url}/__test/dialog/open`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ paths: ['/tmp/picked.csv'] }) });
    await ask(2, 'dialog/open', { purpose: 'contacts' });
    expect(await ask(3, 'contacts/preview', { path: '/tmp/picked.csv' })).toEqual({ ok: true, data: { previewed: '/tmp/picked.csv' } });
    await fetch(`${host.url}/__test/drop-paths`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ paths: { 'dropped.csv': '/tmp/dropped.csv' } }) });
    expect(await ask(4, 'contacts/preview', { path: '/tmp/dropped.csv' })).toEqual({ ok: true, data: { previewed: '/tmp/dropped.csv' } });
    expect(await ask(5, 'contacts/preview', { path: '/tmp/other.csv' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    ws.close();
  });

  it('pushes service events to the page', async () => {
    const ws = await connect(host.url);
    const ev = next(ws, 'event');
    emitted?.('menu/command', { command: 'find' });
    expect(await ev).toMatchObject({ event: 'menu/command', payload: { command: 'find' } });
    ws.close();
  });

  it('takes control requests only as JSON (no cross-site form posts)', async () => {
    const res = await fetch(`${host.url}/__test/reset`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' });
    expect(res.status).toBe(415);
  });

  it('refuses sockets from another origin', async () => {
    await expect(connect('http://evil.example')).rejects.toBeTruthy();
  });

  it('starts over with a new user-data folder on reset', async () => {
    const before = dirs.length;
    await fetch(`${host.url}/__test/reset`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(dirs.length).toBe(before + 1);
    expect(dirs.at(-1)).not.toBe(dirs.at(-2));
  });
});
