/**
 * The test host of DESIGN.md: serves the built renderer on 127.0.0.1 and implements the preload
 * bridge over a WebSocket, with the same dispatch and validation as the Electron main process
 * and the REAL services in a temporary user-data folder. Native dialogs are replaced by answers
 * the test queues through /__test/* (test-only control endpoints), or, for `npm run preview`,
 * by asking the person at the page.
 *
 * Only whoever was given this run's random token gets in: the page's address carries it once
 * (`/?token=…`, traded for a SameSite=Strict cookie), a test runner sends it as a header. With
 * the Origin check on the WebSocket, another site or another user of the machine can neither
 * drive the services nor read a file through them.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ChannelArgs, EventName, Events, ThemeChoice } from '../../shared/contract.js';
import { createDispatch, type Dialogs, type Dispatch, type MenuState, type ServiceHandlers } from '../ipc/dispatch.js';
import { CONTENT_SECURITY_POLICY, contentType, resolveAppFile } from '../ipc/app-files.js';
import { Grants } from '../ipc/grants.js';
import { BRIDGE_SCRIPT } from './bridge-script.js';

export type Emit = <E extends EventName>(event: E, payload: Events[E]) => void;
export type ServicesFactory = (opts: { userDataDir: string; emit: Emit }) => ServiceHandlers & { dispose(): Promise<void> };

export type DialogPurpose = ChannelArgs<'dialog/open'>['purpose'] | ChannelArgs<'dialog/save'>['purpose'];

export interface TestHostOptions {
  readonly rendererDir: string;
  readonly createServices: ServicesFactory;
  readonly port?: number;
  readonly log?: (message: string, error: unknown) => void;
  /** This run's secret (default: 32 random hex digits). */
  readonly token?: string;
  /**
   * Dialogs ask the person at the page (a prompt with a suggested path) instead of answering
   * from the queues, and the /__test/* endpoints are off: `npm run preview`.
   */
  readonly ask?: (kind: 'open' | 'save', purpose: DialogPurpose, defaultName?: string) => { message: string; suggestion: string };
}

export interface TestHost {
  /** The origin, http://127.0.0.1:port. */
  readonly url: string;
  /** The address to open in a browser: the origin with this run's token. */
  readonly openUrl: string;
  readonly token: string;
  close(): Promise<void>;
}

export const TOKEN_HEADER = 'x-listsweep-token';
const TOKEN_COOKIE = 'listsweep-token';

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
  // What the app's View ▸ Theme menu would show checked; /__test/menu-state reads it.
  let menuTheme: ThemeChoice = 'system';
  const menu: MenuState = { showTheme: (choice) => { menuTheme = choice; } };

  const token = opts.token ?? randomBytes(16).toString('hex');
  const asks = new Map<number, (answer: string | null) => void>();
  let nextAsk = 1;
  /** Asks the page that asked (the newest socket) for a path; null when cancelled or gone. */
  const askPage = (question: { message: string; suggestion: string }) => new Promise<string | null>((resolve) => {
    const ws = [...sockets].at(-1);
    if (!ws) return resolve(null);
    const id = nextAsk++;
    asks.set(id, resolve);
    ws.send(JSON.stringify({ type: 'ask', id, ...question }));
  });
  const ask = opts.ask;
  const dialogs: Dialogs = ask
    ? {
      open: async ({ purpose }) => {
        const answer = (await askPage(ask('open', purpose)))?.trim();
        return answer ? [answer] : [];
      },
      save: async ({ purpose, defaultName }) => (await askPage(ask('save', purpose, defaultName)))?.trim() || null,
    }
    : {
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
    menuTheme = 'system';
    services = opts.createServices({ userDataDir, emit });
    dispatch = createDispatch({ services, dialogs, grants, menu, log: opts.log });
  };
  await fresh();

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      opts.log?.('test host request failed', error);
      if (!res.headersSent) res.writeHead(500).end('internal error');
    });
  });
  // A test's request client keeps its connection open between calls. Node closes an idle one
  // after 5 s, and a call sent on it at that moment fails with ECONNRESET ("socket hang up": a
  // CI run lost summary-strip.spec.ts to it). The runner closes its connections itself.
  server.keepAliveTimeout = 10 * 60_000;

  let origin = '';

  const same = (given: string | undefined) => {
    const a = Buffer.from(given ?? ''), b = Buffer.from(token);
    return a.length === b.length && timingSafeEqual(a, b);
  };
  const cookieToken = (req: IncomingMessage) => {
    for (const part of (req.headers.cookie ?? '').split(';')) {
      const [k, ...v] = part.trim().split('=');
      if (k === TOKEN_COOKIE) return v.join('=');
    }
    return undefined;
  };
  const authorized = (req: IncomingMessage) => same(cookieToken(req)) || same(req.headers[TOKEN_HEADER] as string | undefined);

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', origin);
    // Health answers everyone (a runner waits on it) and says nothing.
    if (url.pathname === '/__test/health') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    const given = url.searchParams.get('token');
    if (given !== null && same(given) && req.method === 'GET') {
      url.searchParams.delete('token');
      return void res.writeHead(303, {
        location: url.pathname + url.search,
        'set-cookie': `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        'cache-control': 'no-store',
      }).end();
    }
    if (!authorized(req)) {
      return void res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' }).end('ListSweep: open the address this run printed (it carries a one-time token).\n');
    }
    if (url.pathname.startsWith('/__test/')) {
      if (ask) return void res.writeHead(404).end();
      return control(req, res, url.pathname);
    }
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
      case '/__test/menu-state':
        return json(200, { theme: menuTheme });
      default:
        return json(404, { error: 'unknown control endpoint' });
    }
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: 8 * 1024 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    // Mirror of the sender check in main.ts: only our own page, with this run's token, may connect.
    if (new URL(req.url ?? '/', origin).pathname !== WS_PATH || req.headers.origin !== origin || !authorized(req)) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.send(JSON.stringify({ type: 'drop-paths', paths: dropPaths }));
      ws.on('close', () => sockets.delete(ws));
      ws.on('message', (data) => {
        let msg: { type?: unknown; id?: unknown; channel?: unknown; input?: unknown; answer?: unknown };
        try {
          msg = JSON.parse(String(data)) as typeof msg;
        } catch {
          return;
        }
        if (msg.type === 'answer' && typeof msg.id === 'number') {
          asks.get(msg.id)?.(typeof msg.answer === 'string' ? msg.answer : null);
          asks.delete(msg.id);
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
    openUrl: `${origin}/?token=${token}`,
    token,
    async close() {
      for (const resolve of asks.values()) resolve(null);
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
