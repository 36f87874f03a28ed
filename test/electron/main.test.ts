/**
 * electron/main.ts cannot run here (no Electron binary), so it runs against a recording fake of
 * the Electron API: the test checks what the main process asks Electron for — the window's
 * webPreferences, the navigation/permission/webview refusals, the app:// protocol, one handler
 * per contract channel with the sender check — which is the security checklist in code.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { CHANNELS } from '../../shared/contract.js';

type Listener = (...args: unknown[]) => unknown;

const rec = vi.hoisted(() => ({
  windows: [] as { options: Record<string, unknown>; webContents: { send: ReturnType<typeof vi.fn> }; loaded: string[] }[],
  handlers: new Map<string, (event: unknown, input: unknown) => unknown>(),
  listeners: new Map<string, (event: { returnValue?: unknown }, ...args: unknown[]) => void>(),
  appEvents: new Map<string, Listener>(),
  privileged: [] as unknown[],
  protocolHandlers: new Map<string, (req: Request) => Promise<Response>>(),
  permissionRequest: null as null | ((wc: unknown, permission: string, cb: (ok: boolean) => void) => void),
  permissionCheck: null as null | ((...a: unknown[]) => boolean),
  blocked: null as null | { urls: string[] },
  menu: null as unknown,
  paths: new Map<string, string>(),
  ready: null as null | (() => void),
  dispatched: [] as { channel: string; input: unknown }[],
  servicesOptions: null as null | Record<string, unknown>,
  partitions: new Map<string, { permissionRequest: unknown; permissionCheck: unknown; beforeRequest: null | ((d: { url: string }, cb: (r: { cancel: boolean }) => void) => void) }>(),
}));

vi.mock('electron', () => {
  class BrowserWindow {
    webContents = { send: vi.fn(), reload: vi.fn(), printToPDF: vi.fn(async () => Buffer.from('%PDF-1.4 printed')) };
    destroyed = false;
    destroy() {
      this.destroyed = true;
    }
    loaded: string[] = [];
    constructor(public options: Record<string, unknown>) {
      rec.windows.push(this as never);
    }
    static getAllWindows() {
      return rec.windows;
    }
    once() {}
    on() {}
    show() {}
    isDestroyed() {
      return false;
    }
    async loadURL(url: string) {
      this.loaded.push(url);
    }
  }
  const whenReady = new Promise<void>((resolve) => {
    rec.ready = resolve;
  });
  return {
    app: {
      setPath: (k: string, v: string) => rec.paths.set(k, v),
      getPath: (k: string) => rec.paths.get(k) ?? `/tmp/fake-${k}`,
      requestSingleInstanceLock: () => true,
      isPackaged: false,
      isReady: () => true,
      on: (name: string, fn: Listener) => rec.appEvents.set(name, fn),
      whenReady: () => whenReady,
      quit: vi.fn(),
      exit: vi.fn(),
    },
    BrowserWindow,
    dialog: { showOpenDialog: vi.fn(async () => ({ canceled: false, filePaths: ['/home/u/picked.csv'] })), showSaveDialog: vi.fn(async () => ({ canceled: false, filePath: '/home/u/out.csv' })), showErrorBox: vi.fn() },
    ipcMain: {
      handle: (channel: string, fn: (e: unknown, i: unknown) => unknown) => rec.handlers.set(channel, fn),
      on: (channel: string, fn: (e: { returnValue?: unknown }, ...a: unknown[]) => void) => rec.listeners.set(channel, fn),
    },
    Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: (m: unknown) => { rec.menu = m; } },
    protocol: {
      registerSchemesAsPrivileged: (s: unknown[]) => rec.privileged.push(...s),
      handle: (scheme: string, fn: (req: Request) => Promise<Response>) => rec.protocolHandlers.set(scheme, fn),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: typeof rec.permissionRequest) => { rec.permissionRequest = fn; },
        setPermissionCheckHandler: (fn: typeof rec.permissionCheck) => { rec.permissionCheck = fn; },
        webRequest: { onBeforeRequest: (filter: { urls: string[] }) => { rec.blocked = filter; } },
      },
      fromPartition: (name: string) => {
        const p = rec.partitions.get(name) ?? { permissionRequest: null, permissionCheck: null, beforeRequest: null };
        rec.partitions.set(name, p);
        return {
          name,
          setPermissionRequestHandler: (fn: unknown) => { p.permissionRequest = fn; },
          setPermissionCheckHandler: (fn: unknown) => { p.permissionCheck = fn; },
          webRequest: { onBeforeRequest: (fn: typeof p.beforeRequest) => { p.beforeRequest = fn; } },
        };
      },
    },
  };
});

vi.mock('../../electron/services/cleanup/index.js', () => ({
  createServices: (options: Record<string, unknown>) => {
    rec.servicesOptions = options;
    return new Proxy({}, {
      get: (_t, key: string) => {
        if (key === 'dispose') return async () => {};
        return async (input: unknown) => {
          rec.dispatched.push({ channel: key, input });
          return key === 'cleanup/recent' ? [] : null;
        };
      },
    });
  },
}));

beforeAll(async () => {
  process.env.LISTSWEEP_USER_DATA = '/tmp/listsweep-main-test';
  await import('../../electron/main.js');
  rec.ready?.();
  await vi.waitFor(() => expect(rec.windows.length).toBe(1));
});

const win = () => rec.windows[0]!;
const prefs = () => win().options.webPreferences as Record<string, unknown>;

describe('the window', () => {
  it('sets the hardening options explicitly', () => {
    expect(prefs()).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
    });
    expect(prefs()).not.toHaveProperty('enableBlinkFeatures');
    expect(String(prefs().preload)).toMatch(/preload[\\/]index\.cjs$/);
  });

  it('loads the renderer from app://, never file://', () => {
    expect(win().loaded).toEqual(['app://listsweep/index.html']);
  });

  it('uses the user-data folder given by the tests', () => {
    expect(rec.paths.get('userData')).toBe('/tmp/listsweep-main-test');
  });
});

describe('navigation, windows, webviews, permissions', () => {
  const contents = () => {
    const events = new Map<string, Listener>();
    let openHandler: (() => unknown) | null = null;
    const wc = { on: (n: string, fn: Listener) => events.set(n, fn), setWindowOpenHandler: (fn: () => unknown) => { openHandler = fn; } };
    rec.appEvents.get('web-contents-created')?.({}, wc);
    return { events, open: () => openHandler?.() };
  };

  it('refuses navigation, redirects and webviews', () => {
    const { events } = contents();
    for (const name of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      const e = { preventDefault: vi.fn() };
      events.get(name)?.(e, 'https://example.com/');
      expect(e.preventDefault, name).toHaveBeenCalled();
    }
  });

  it('denies new windows', () => {
    expect(contents().open()).toEqual({ action: 'deny' });
  });

  it('denies every permission request and check', () => {
    const cb = vi.fn();
    rec.permissionRequest?.({}, 'media', cb);
    expect(cb).toHaveBeenCalledWith(false);
    expect(rec.permissionCheck?.({}, 'clipboard-read', 'app://listsweep', {})).toBe(false);
  });

  it('cancels any network request', () => {
    expect(rec.blocked?.urls).toEqual(expect.arrayContaining(['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*']));
  });
});

describe('the app:// protocol', () => {
  const get = (url: string) => rec.protocolHandlers.get('app')!(new Request(url));

  it('is registered as a standard, secure scheme', () => {
    expect(rec.privileged).toEqual([expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) })]);
  });

  it('serves the renderer with a CSP header that allows no remote origin', async () => {
    const res = await get('app://listsweep/index.html');
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/https?:|\*|unsafe-inline|unsafe-eval/);
  });

  it('serves nothing outside the renderer folder or for another host', async () => {
    expect((await get('app://listsweep/%2e%2e/%2e%2e/package.json')).status).toBe(404);
    expect((await get('app://other/index.html')).status).toBe(404);
  });
});

describe('IPC', () => {
  const trusted = () => ({ sender: win().webContents, senderFrame: { url: 'app://listsweep/index.html' } });

  it('registers exactly one handler per contract channel', () => {
    expect([...rec.handlers.keys()].sort()).toEqual([...CHANNELS].sort());
  });

  it('answers our own page through the validated dispatch', async () => {
    expect(await rec.handlers.get('cleanup/recent')!(trusted(), {})).toEqual({ ok: true, data: [] });
    expect(await rec.handlers.get('cleanup/open')!(trusted(), { path: 7 })).toMatchObject({ ok: false, error: { code: 'bad-input' } });
  });

  it('refuses a call from another frame origin or another webContents', async () => {
    const before = rec.dispatched.length;
    const fromFile = { sender: win().webContents, senderFrame: { url: 'file:///tmp/evil.html' } };
    const fromOther = { sender: { send: vi.fn() }, senderFrame: { url: 'app://listsweep/index.html' } };
    expect(await rec.handlers.get('cleanup/recent')!(fromFile, {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await rec.handlers.get('cleanup/recent')!(fromOther, {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await rec.handlers.get('cleanup/recent')!({ sender: win().webContents, senderFrame: null }, {})).toMatchObject({ ok: false });
    expect(rec.dispatched.length).toBe(before);
  });

  it('passes on only the paths the user chose: dialog answers and drops (granted by the preload alone)', async () => {
    const call = (channel: string, input: unknown) => rec.handlers.get(channel)!(trusted(), input);
    expect(await call('contacts/preview', { path: '/etc/passwd' })).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining('/etc/passwd is not one of them') } });
    expect(await call('export/run', { kind: 'cleaned', path: '/home/u/.bashrc' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(rec.dispatched.some((d) => d.channel === 'contacts/preview' || d.channel === 'export/run')).toBe(false);

    expect(await call('dialog/open', { purpose: 'contacts' })).toEqual({ ok: true, data: ['/home/u/picked.csv'] });
    expect(await call('contacts/preview', { path: '/home/u/picked.csv' })).toEqual({ ok: true, data: null });
    expect(await call('dialog/save', { purpose: 'cleaned', defaultName: 'out.csv' })).toEqual({ ok: true, data: '/home/u/out.csv' });
    expect(await call('export/run', { kind: 'cleaned', path: '/home/u/out.csv' })).toEqual({ ok: true, data: null });

    // A drop grant from another frame is ignored; from our page it lets the path through.
    const drop = rec.listeners.get('grant/dropped-path')!;
    drop({ sender: win().webContents, senderFrame: { url: 'file:///tmp/evil.html' } } as never, '/home/u/.ssh/id_rsa');
    expect(await call('bounces/preview', { paths: ['/home/u/.ssh/id_rsa'] })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const event: { returnValue?: unknown; sender: unknown; senderFrame: unknown } = trusted();
    drop(event, '/home/u/dropped.eml');
    expect(event).toHaveProperty('returnValue', null); // sendSync waits for it
    expect(await call('bounces/preview', { paths: ['/home/u/dropped.eml'] })).toEqual({ ok: true, data: null });
  });
});

describe('the menu', () => {
  it('sends menu commands to the renderer and leaves the keystrokes to it', () => {
    const items = (rec.menu as { submenu: { label?: string; click?: () => void; registerAccelerator?: boolean; accelerator?: string }[] }[]).flatMap((m) => m.submenu);
    const find = items.find((i) => i.label === 'Find');
    expect(find?.accelerator).toBe('CmdOrCtrl+F');
    expect(find?.registerAccelerator).toBe(false);
    find?.click?.();
    expect(win().webContents.send).toHaveBeenCalledWith('menu/command', { command: 'find' });
  });

  it('checks the theme the page reports in View ▸ Theme, rebuilding the menu when it changes', async () => {
    type Item = { label?: string; type?: string; checked?: boolean; submenu?: Item[] };
    const checked = () => ((rec.menu as Item[]).find((m) => m.label === 'View')?.submenu?.find((i) => i.label === 'Theme')?.submenu ?? [])
      .filter((i) => i.type === 'radio' && i.checked).map((i) => i.label);
    expect(checked()).toEqual(['Follow System']);
    const trusted = { sender: win().webContents, senderFrame: { url: 'app://listsweep/index.html' } };
    expect(await rec.handlers.get('menu/theme')!(trusted, { choice: 'dark' })).toEqual({ ok: true, data: null });
    expect(checked()).toEqual(['Dark']);
    // Another page may not move it.
    await rec.handlers.get('menu/theme')!({ sender: win().webContents, senderFrame: { url: 'file:///tmp/evil.html' } }, { choice: 'light' });
    expect(checked()).toEqual(['Dark']);
    await rec.handlers.get('menu/theme')!(trusted, { choice: 'system' });
    expect(checked()).toEqual(['Follow System']);
  });
});

describe('the report as PDF', () => {
  it('is printed by a hidden, offscreen, sandboxed window without scripts, whose session lets through only the page', async () => {
    const htmlToPdf = rec.servicesOptions!.htmlToPdf as (html: string) => Promise<Uint8Array>;
    const before = rec.windows.length;
    const pdf = await htmlToPdf('<!doctype html><html><head><title>r</title></head><body>report</body></html>');
    expect(Buffer.from(pdf).toString('latin1')).toBe('%PDF-1.4 printed');
    const printer = rec.windows[before] as unknown as { options: { show: boolean; webPreferences: Record<string, unknown> }; loaded: string[]; destroyed: boolean; webContents: { printToPDF: ReturnType<typeof vi.fn> } };
    expect(rec.windows).toHaveLength(before + 1);
    expect(printer.options.show).toBe(false);
    expect(printer.options.webPreferences).toMatchObject({ offscreen: true, sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false });
    expect(printer.options.webPreferences).not.toHaveProperty('preload');
    expect(printer.webContents.printToPDF).toHaveBeenCalledTimes(1);
    expect(printer.webContents.printToPDF).toHaveBeenCalledWith(expect.objectContaining({ printBackground: true }));
    expect(printer.destroyed).toBe(true);
    // The page is a file of its own, in a session of its own that refuses every other request.
    const [url] = printer.loaded;
    expect(url).toMatch(/^file:\/\/.*report\.html$/);
    expect(existsSync(fileURLToPath(url!))).toBe(false); // removed once printed
    const part = rec.partitions.get((printer.options.webPreferences.session as { name: string }).name)!;
    const cancel = (u: string) => { let r: boolean | undefined; part.beforeRequest!({ url: u }, (x) => { r = x.cancel; }); return r; };
    expect(cancel(url!)).toBe(false);
    expect(cancel('https://example.com/pixel.png')).toBe(true);
    expect(cancel('file:///etc/passwd')).toBe(true);
    const asked = vi.fn();
    (part.permissionRequest as (wc: unknown, p: string, cb: (ok: boolean) => void) => void)({}, 'media', asked);
    expect(asked).toHaveBeenCalledWith(false);
  });
});
