/**
 * The test host of DESIGN.md: serves the built renderer on 127.0.0.1 and implements the preload
 * bridge over a WebSocket, with the same dispatch and validation as the Electron main process
 * and the REAL services in a temporary user-data folder. Native dialogs are replaced by answers
 * the test queues through /__test/* (test-only control endpoints).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { EventName, Events } from '../../shared/contract.js';
import { createDispatch, type Dialogs, type Dispatch, type ServiceHandlers } from '../ipc/dispatch.js';
import { CONTENT_SECURITY_POLICY, contentType, resolveAppFile } from '../ipc/app-files.js';
import { Grants } from '../ipc/grants.js';
import { BRIDGE_SCRIPT } from './bridge-script.js';

export type Emit = <E extends EventName>(event: E, payload: Events[E]) => void;
export type ServicesFactory = (opts: { userDataDir: string; emit: Emit }) => ServiceHandlers & { dispose(): Promise<void> };

export interface TestHostOptions {
  readonly rendererDir: string;
  readonly createServices: ServicesFactory;
  readonly port?: number;
  readonly log?: (message: string, error: unknown) => void;
}

export interface TestHost {
  readonly url: string;
  close(): Promise<void>;
}

interface DialogQueues {
  open: (readonly string[])[];
  save: (string | null)[];
}

const BRIDGE_PATH = '/__listsweep/bridge.js';
/** LISTSWEEP_TEST_HOST_TRACE=1 logs every call with its duration (finding slow channels). */
const trace = process.env.LISTSWEEP_TEST_HOST_TRACE === '1';
const WS_PATH = '/__listsweep/ws';

export async function startTestHost(opts: TestHostOptions): Promise<TestHost> {
  const sockets = new Set<WebSocket>();
  const emit: Emit = (event, payload) => {
    const text = JSON.stringify({ type: 'event', event, payload });
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(text);
  };

  let userDataDir = '';
  let services: (ServiceHandlers & { dispose(): Promise<void> }) | null = null;
  let queues: DialogQueues = { open: [], save: [] };
  let dropPaths: Record<string, string> = {};
  let grants = new Grants();
  let dispatch: Dispatch;

  const dialogs: Dialogs = {
    // An empty queue answers like a cancelled dialog, as the native one would.
    open: async () => queues.open.shift() ?? [],
    save: async () => queues.save.shift() ?? null,
  };

  const fresh = async () => {
    if (services) await services.dispose().catch(() => {});
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
    userDataDir = mkdtempSync(join(tmpdir(), 'listsweep-host-'));
    queues = { open: [], save: [] };
    dropPaths = {};
    grants = new Grants();
    services = opts.createServices({ userDataDir, emit });
    dispatch = createDispatch({ services, dialogs, grants, log: opts.log });
  };
  await fresh();

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      opts.log?.('test host request failed', error);
      if (!res.headersSent) res.writeHead(500).end('internal error');
    });
  });

  let origin = '';

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname.startsWith('/__test/')) return control(req, res, url.pathname);
    if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405).end();
    const headers = { 'content-security-policy': CONTENT_SECURITY_POLICY, 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' };
    if (url.pathname === BRIDGE_PATH) {
      return void res.writeHead(200, { ...headers, 'content-type': 'text/javascript; charset=utf-8' }).end(BRIDGE_SCRIPT);
    }
    const file = resolveAppFile(opts.rendererDir, url.pathname);
    const info = file ? await stat(file).catch(() => null) : null;
    if (!file || !info?.isFile()) return void res.writeHead(404, headers).end('Not found');
    let body: Buffer | string = await readFile(file);
    if (file.endsWith('.html')) {
      // A classic script runs before the page's module scripts: the bridge exists before the app.
      body = body.toString('utf8').replace(/<head([^>]*)>/i, `<head$1>\n    <script src="${BRIDGE_PATH}"></script>`);
    }
    res.writeHead(200, { ...headers, 'content-type': contentType(file) }).end(body);
  }

  async function control(req: IncomingMessage, res: ServerResponse, path: string) {
    const json = (status: number, data: unknown) => void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(data));
    if (path === '/__test/health') return json(200, { ok: true, userDataDir });
    if (req.method !== 'POST') return json(405, { error: 'POST only' });
    // JSON only: a page on another origin cannot send that without a CORS preflight, which
    // this host never answers, so only the test runner drives these endpoints.
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) return json(415, { error: 'JSON body required' });
    const body = await readBody(req);
    switch (path) {
      case '/__test/reset':
        await fresh();
        return json(200, { ok: true, userDataDir });
      case '/__test/dialog/open':
        queues.open.push(Array.isArray(body.paths) ? body.paths.map(String) : []);
        return json(200, { queued: queues.open.length });
      case '/__test/dialog/save':
        queues.save.push(typeof body.path === 'string' ? body.path : null);
        return json(200, { queued: queues.save.length });
      case '/__test/drop-paths':
        dropPaths = { ...dropPaths, ...(body.paths as Record<string, string>) };
        // The stand-in for the user's drop: what the bridge will hand out is granted, as the
        // preload's drop grant does in the app.
        for (const p of Object.values(dropPaths)) if (typeof p === 'string') grants.grant(p, 'read');
        for (const ws of sockets) ws.send(JSON.stringify({ type: 'drop-paths', paths: dropPaths }));
        return json(200, { ok: true });
      case '/__test/menu':
        emit('menu/command', { command: body.command as Events['menu/command']['command'] });
        return json(200, { ok: true });
      default:
        return json(404, { error: 'unknown control endpoint' });
    }
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: 8 * 1024 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    // Mirror of the sender check in main.ts: only our own page may connect.
    if (new URL(req.url ?? '/', origin).pathname !== WS_PATH || req.headers.origin !== origin) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.send(JSON.stringify({ type: 'drop-paths', paths: dropPaths }));
      ws.on('close', () => sockets.delete(ws));
      ws.on('message', (data) => {
        let msg: { type?: unknown; id?: unknown; channel?: unknown; input?: unknown };
        try {
          msg = JSON.parse(String(data)) as typeof msg;
        } catch {
          return;
        }
        if (msg.type !== 'invoke' || typeof msg.id !== 'number') return;
        const id = msg.id;
        const started = performance.now();
        void dispatch(String(msg.channel), msg.input).then((result) => {
          if (trace) console.log(`[test-host] ${String(msg.channel)} ${Math.round(performance.now() - started)} ms${result.ok ? '' : ` ${result.error.code}`}`);
          if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ type: 'result', id, result }));
        });
      });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  origin = `http://127.0.0.1:${port}`;

  return {
    url: origin,
    async close() {
      for (const ws of sockets) ws.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (services) await services.dispose().catch(() => {});
      if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  if (chunks.length === 0) return {};
  try {
    const value: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
