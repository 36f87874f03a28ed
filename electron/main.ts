/**
 * The Electron main process, kept thin: window hardening, the app:// protocol, native dialogs
 * and menu, and one ipcMain.handle per contract channel. All work happens in the plain-Node
 * services (electron/services/cleanup) behind the shared dispatch (electron/ipc/dispatch).
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session, type WebContents } from 'electron';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CHANNELS, DROP_GRANT_CHANNEL, type EventName, type Events, type MenuCommand, type ThemeChoice } from '../shared/contract.js';
import { createServices } from './services/cleanup/index.js';
import { withPdfCsp, type HtmlToPdf } from './services/export/pdf.js';
import { createDispatch, type Dialogs, type Dispatch, type MenuState } from './ipc/dispatch.js';
import { Grants } from './ipc/grants.js';
import { APP_HOST, APP_ORIGIN, APP_SCHEME, isTrustedSenderUrl } from './ipc/sender.js';
import { CONTENT_SECURITY_POLICY, contentType, resolveAppFile } from './ipc/app-files.js';
import { cleanupFileFromArgv, menuSpec, menuTemplate, openDialogSpec, saveDialogSpec } from './ipc/native.js';

const mainDir = dirname(fileURLToPath(import.meta.url)); // out/main
const rendererDir = resolve(mainDir, '../renderer');
const preloadPath = resolve(mainDir, '../preload/index.cjs');
const workerPath = join(mainDir, 'job-worker.js');

// Tests give each run its own profile and data.
if (process.env.LISTSWEEP_USER_DATA) app.setPath('userData', resolve(process.env.LISTSWEEP_USER_DATA));

// Unpackaged (npm start), node_modules holds better-sqlite3 built for Node (tests, CLI);
// electron/scripts/prepare-electron.mjs puts an Electron build beside it. The store (and its worker
// threads, which inherit the environment) load that one. Packaged apps are rebuilt for Electron.
if (!app.isPackaged && !process.env.LISTSWEEP_SQLITE_BINDING) {
  const binding = resolve(mainDir, '../../node_modules/.cache/listsweep-electron',
    `electron-${process.versions.electron}-${process.platform}-${process.arch}`, 'better_sqlite3.node');
  if (existsSync(binding)) process.env.LISTSWEEP_SQLITE_BINDING = binding;
}

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
]);

/**
 * The report page printed by Chromium inside Electron: a hidden, offscreen, sandboxed window with
 * no scripts, in its own in-memory session that lets through the one local file and nothing else.
 */
const printReportToPdf: HtmlToPdf = async (html) => {
  const dir = await mkdtemp(join(tmpdir(), 'listsweep-pdf-'));
  const file = join(dir, 'report.html');
  await writeFile(file, withPdfCsp(html));
  const url = pathToFileURL(file).href;
  const printSession = session.fromPartition('listsweep-pdf');
  printSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  printSession.setPermissionCheckHandler(() => false);
  printSession.webRequest.onBeforeRequest((details, callback) => callback({ cancel: details.url !== url }));
  const printer = new BrowserWindow({
    show: false,
    webPreferences: {
      offscreen: true, sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false,
      webSecurity: true, spellcheck: false, session: printSession,
    },
  });
  try {
    await printer.loadURL(url);
    // The report's shaded cells and warning boxes are backgrounds, which printToPDF leaves out by default.
    return await printer.webContents.printToPDF({ printBackground: true });
  } finally {
    printer.destroy();
    await rm(dir, { recursive: true, force: true });
  }
};

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let win: BrowserWindow | null = null;
  let pendingFile = cleanupFileFromArgv(process.argv);

  const services = createServices({
    userDataDir: app.getPath('userData'),
    workerUrl: pathToFileURL(workerPath),
    htmlToPdf: printReportToPdf,
    emit: <E extends EventName>(event: E, payload: Events[E]) => {
      if (win && !win.isDestroyed()) win.webContents.send(event, payload);
    },
  });

  const dialogs: Dialogs = {
    async open({ purpose }) {
      const spec = openDialogSpec(purpose);
      const options = { title: spec.title, properties: spec.properties, filters: spec.filters };
      const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      return r.canceled ? [] : r.filePaths;
    },
    async save(args) {
      const spec = saveDialogSpec(args, app.getPath('documents'));
      const options = { title: spec.title, defaultPath: spec.defaultPath, filters: spec.filters };
      const r = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      return r.canceled || !r.filePath ? null : r.filePath;
    },
  };

  const sendCommand = (command: MenuCommand) => {
    if (win && !win.isDestroyed()) win.webContents.send('menu/command', { command } satisfies Events['menu/command']);
  };

  // The page owns the theme choice and reports it (menu/theme); until it does, the default.
  let theme: ThemeChoice = 'system';
  const buildMenu = () => {
    Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(menuSpec(process.platform, { devTools: !app.isPackaged, theme }), sendCommand)));
  };
  const menu: MenuState = {
    showTheme(choice: ThemeChoice) {
      if (choice === theme) return;
      theme = choice;
      buildMenu();
    },
  };

  // Paths the renderer may name: the dialogs' answers and the recent list (recorded by the
  // dispatch), dropped files (below) and files the OS asked us to open.
  const grants = new Grants();
  const dispatch: Dispatch = createDispatch({ services, dialogs, grants, menu });

  // Only our own page, served from app://listsweep, may call in (checklist item 17).
  const trusted = (event: Electron.IpcMainEvent | Electron.IpcMainInvokeEvent) =>
    !!win && event.sender === win.webContents && isTrustedSenderUrl(event.senderFrame?.url);

  for (const channel of CHANNELS) {
    ipcMain.handle(channel, (event, input: unknown) => {
      if (!trusted(event)) {
        return { ok: false, error: { code: 'forbidden', message: 'This request did not come from ListSweep.' } };
      }
      return dispatch(channel, input);
    });
  }

  // Sent by the preload alone (not on the page's bridge), with the path Electron gives for a
  // File the user dropped: a page cannot make a File that has a path of its choosing.
  ipcMain.on(DROP_GRANT_CHANNEL, (event, path: unknown) => {
    if (trusted(event) && typeof path === 'string' && path.length > 0 && path.length <= 4096) grants.grant(path, 'read');
    event.returnValue = null;
  });

  const openCleanupFile = async (path: string) => {
    grants.grant(path, 'read'); // the OS handed it to us: a double-click, the command line
    const r = await dispatch('cleanup/open', { path });
    if (!r.ok) dialog.showErrorBox('Could not open the cleanup', r.error.message);
    return r.ok;
  };

  const hardenContents = (contents: WebContents) => {
    // The UI is a single page: any navigation (a dropped file, a link, a redirect) is refused,
    // as are new windows and <webview>s (checklist items 12-14).
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  };
  app.on('web-contents-created', (_event, contents) => hardenContents(contents));

  const createWindow = async () => {
    win = new BrowserWindow({
      width: 1280,
      height: 820,
      minWidth: 900,
      minHeight: 600,
      title: 'ListSweep',
      show: false,
      backgroundColor: '#f6f7f9',
      webPreferences: {
        preload: preloadPath,
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        experimentalFeatures: false,
        webviewTag: false,
        spellcheck: false,
        disableBlinkFeatures: 'Auxclick',
        navigateOnDragDrop: false,
      },
    });
    win.once('ready-to-show', () => win?.show());
    win.on('closed', () => { win = null; });
    await win.loadURL(`${APP_ORIGIN}/index.html`);
  };

  app.on('second-instance', (_event, argv) => {
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
    const file = cleanupFileFromArgv(argv);
    // The renderer asks for the current cleanup when it loads, so a reload shows the new one.
    if (file) void openCleanupFile(file).then((ok) => ok && win?.webContents.reload());
  });

  // macOS delivers double-clicked documents as an event, before or after ready.
  app.on('open-file', (event, path) => {
    event.preventDefault();
    if (!app.isReady()) { pendingFile = path; return; }
    void openCleanupFile(path).then((ok) => ok && win?.webContents.reload());
  });

  app.whenReady().then(async () => {
    // Checklist item 5: grant nothing. Item 18: serve only out/renderer, never file://.
    session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
    session.defaultSession.setPermissionCheckHandler(() => false);
    session.defaultSession.webRequest.onBeforeRequest({ urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*'] }, (_details, callback) => callback({ cancel: true }));
    protocol.handle(APP_SCHEME, async (request) => {
      const url = new URL(request.url);
      const file = url.host === APP_HOST ? resolveAppFile(rendererDir, url.pathname) : null;
      if (!file || !existsSync(file)) return new Response('Not found', { status: 404 });
      const body = await readFile(file);
      return new Response(body, {
        headers: {
          'content-type': contentType(file),
          'content-security-policy': CONTENT_SECURITY_POLICY,
          'x-content-type-options': 'nosniff',
        },
      });
    });

    buildMenu();
    if (pendingFile) { await openCleanupFile(pendingFile); pendingFile = null; }
    await createWindow();

    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) void createWindow();
    });
  }).catch((error: unknown) => {
    console.error('[listsweep] failed to start', error);
    app.exit(1);
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  let disposed = false;
  app.on('will-quit', (event) => {
    if (disposed) return;
    event.preventDefault();
    disposed = true;
    services.dispose().finally(() => app.quit());
  });
}
