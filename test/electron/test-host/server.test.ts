import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { startTestHost, TOKEN_HEADER, type Emit, type TestHost, type TestHostOptions } from '../../../electron/test-host/server.js';
import type { ServiceHandlers } from '../../../electron/ipc/dispatch.js';

let host: TestHost;
let emitted: Emit | null = null;
const dirs: string[] = [];
let renderer = '';

beforeAll(async () => {
  renderer = mkdtempSync(join(tmpdir(), 'ls-renderer-'));
  mkdirSync(join(renderer, 'assets'));
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><html><head><meta charset="utf-8"><script type="module" src="/assets/app.js"></script></head><body></body></html>');
  writeFileSync(join(renderer, 'assets/app.js'), 'console.log(1)');
  host = await startTestHost({
    rendererDir: renderer,
    createServices: fakeServices,
  });
});
afterAll(async () => host.close());

const fakeServices: TestHostOptions['createServices'] = ({ userDataDir, emit }) => {
  dirs.push(userDataDir);
  emitted = emit;
  return new Proxy({} as ServiceHandlers & { dispose(): Promise<void> }, {
    get: (_t, key) => {
      if (key === 'dispose') return async () => {};
      if (key === 'cleanup/recent') return async () => [{ path: '/x.listsweep', name: 'x', openedAt: '', exists: false }];
      return async () => { throw new Error('not in this test'); };
    },
  });
};

/** What a runner given this run's token sends. */
const auth = (): Record<string, string> => ({ [TOKEN_HEADER]: host.token });
const get = (path: string, h = host) => fetch(`${h.url}${path}`, { headers: { [TOKEN_HEADER]: h.token }, redirect: 'manual' });
const control = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${host.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...auth(), ...headers }, body: JSON.stringify(body) });

function connect(origin: string, headers: Record<string, string> = auth(), h = host): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${h.url.replace('http', 'ws')}/__listsweep/ws`, { origin, headers });
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
    const res = await get('/');
    const html = await res.text();
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(html.indexOf('/__listsweep/bridge.js')).toBeGreaterThan(0);
    expect(html.indexOf('/__listsweep/bridge.js')).toBeLessThan(html.indexOf('/assets/app.js'));
    expect((await get('/__listsweep/bridge.js')).status).toBe(200);
  });

  it('does not serve files outside the renderer folder', async () => {
    expect((await get('/..%2F..%2Fetc%2Fpasswd')).status).toBe(404);
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
    await control('/__test/dialog/open', { paths: ['/tmp/c.csv'] });
    const ws = await connect(host.url);
    const first = next(ws, 'result');
    ws.send(JSON.stringify({ type: 'invoke', id: 1, channel: 'dialog/open', input: { purpose: 'contacts' } }));
    expect((await first).result).toEqual({ ok: true, data: ['/tmp/c.csv'] });
    const second = next(ws, 'result');
    ws.send(JSON.stringify({ type: 'invoke', id: 2, channel: 'dialog/open', input: { purpose: 'contacts' } }));
    expect((await second).result).toEqual({ ok: true, data: [] });
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
    const res = await fetch(`${host.url}/__test/reset`, { method: 'POST', headers: { 'content-type': 'text/plain', ...auth() }, body: '{}' });
    expect(res.status).toBe(415);
  });

  it('refuses sockets from another origin', async () => {
    await expect(connect('http://evil.example')).rejects.toBeTruthy();
  });

  it("lets in only whoever has this run's token", async () => {
    expect(host.token).toMatch(/^[0-9a-f]{32}$/);
    for (const path of ['/', '/__listsweep/bridge.js', '/assets/app.js']) expect((await fetch(`${host.url}${path}`)).status, path).toBe(403);
    expect((await control('/__test/dialog/open', { paths: ['/etc/passwd'] }, { [TOKEN_HEADER]: 'f'.repeat(32) })).status).toBe(403);
    expect((await fetch(`${host.url}/?token=${'0'.repeat(32)}`, { redirect: 'manual' })).status).toBe(403);
    await expect(connect(host.url, {})).rejects.toBeTruthy();
    // The printed address trades the token for a same-site cookie, and the page then loads with it.
    const entry = await fetch(host.openUrl, { redirect: 'manual' });
    expect(entry.status).toBe(303);
    expect(entry.headers.get('location')).toBe('/');
    const cookie = entry.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const page = await fetch(`${host.url}/`, { headers: { cookie: cookie.split(';')[0]! } });
    expect(page.status).toBe(200);
    (await connect(host.url, { cookie: cookie.split(';')[0]! })).close();
    // Health tells a waiting runner the host is up, and nothing else.
    expect(await (await fetch(`${host.url}/__test/health`)).json()).toEqual({ ok: true });
  });

  it('starts over with a new user-data folder on reset', async () => {
    const before = dirs.length;
    await control('/__test/reset', {});
    expect(dirs.length).toBe(before + 1);
    expect(dirs.at(-1)).not.toBe(dirs.at(-2));
  });

  it('in preview, dialogs ask the person at the page, and the test endpoints are off', async () => {
    const asked: unknown[] = [];
    const preview = await startTestHost({
      rendererDir: renderer, createServices: fakeServices,
      ask: (kind, purpose, defaultName) => { asked.push([kind, purpose, defaultName]); return { message: `Path for ${purpose}`, suggestion: `/sample/${purpose}.csv` }; },
    });
    try {
      expect((await fetch(`${preview.url}/__test/reset`, { method: 'POST', headers: { 'content-type': 'application/json', [TOKEN_HEADER]: preview.token }, body: '{}' })).status).toBe(404);
      const ws = await connect(preview.url, { [TOKEN_HEADER]: preview.token }, preview);
      const question = next(ws, 'ask');
      const result = next(ws, 'result');
      ws.send(JSON.stringify({ type: 'invoke', id: 1, channel: 'dialog/open', input: { purpose: 'contacts' } }));
      const q = await question;
      expect(q).toMatchObject({ message: 'Path for contacts', suggestion: '/sample/contacts.csv' });
      ws.send(JSON.stringify({ type: 'answer', id: q.id, answer: ' /home/me/list.csv ' }));
      expect((await result).result).toEqual({ ok: true, data: ['/home/me/list.csv'] });
      const cancelled = next(ws, 'result');
      const q2 = next(ws, 'ask');
      ws.send(JSON.stringify({ type: 'invoke', id: 2, channel: 'dialog/save', input: { purpose: 'cleaned', defaultName: 'list-cleaned.csv' } }));
      ws.send(JSON.stringify({ type: 'answer', id: (await q2).id, answer: null }));
      expect((await cancelled).result).toEqual({ ok: true, data: null });
      expect(asked).toEqual([['open', 'contacts', undefined], ['save', 'cleaned', 'list-cleaned.csv']]);
      ws.close();
    } finally {
      await preview.close();
    }
  });
});
