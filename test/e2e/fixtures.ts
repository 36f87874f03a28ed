/**
 * One fixture, two hosts. `ls` gives a spec the app's page and the stand-ins for the native
 * dialogs: in Chromium they are queued on the test host; in Electron they are stubbed in the
 * main process. The specs never know which host they drive.
 */
import { test as base, expect, type Page, type ElectronApplication, type TestInfo } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MenuCommand, ThemeChoice } from '../../shared/contract.js';
import { generateSample, type SampleOptions } from '../../electron/services/sample/generate.js';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface AppHandle {
  readonly page: Page;
  readonly host: 'chromium' | 'electron';
  /** The next "open" dialog answers with these paths ([] = cancelled). */
  queueOpen(paths: readonly string[]): Promise<void>;
  /** The next "save" dialog answers with this path (null = cancelled). */
  queueSave(path: string | null): Promise<void>;
  /** docs/screenshots/NAME.png, only when SCREENSHOTS=1 (so CI never rewrites them). */
  screenshot(name: string): Promise<void>;
  /** What the application menu would send. */
  menu(command: MenuCommand): Promise<void>;
  /** The theme View ▸ Theme shows checked (Electron: the real menu; Chromium: what the host was told). */
  menuTheme(): Promise<ThemeChoice | null>;
  /**
   * Chromium only: every request that left the app's own origin so far (each was also
   * refused). The fixture checks it is empty after every test; a spec may look sooner.
   */
  readonly outbound: readonly string[];
  /**
   * Drops files on the window. Only the test host can give a synthetic File a path (a real OS
   * drop is needed in Electron), so there the calling test is skipped.
   */
  drop(paths: readonly string[]): Promise<void>;
}

/** Why the Electron project cannot run here, or null when it can. Never requires 'electron'. */
export function electronUnavailable(): string | null {
  const pkg = join(repoRoot, 'node_modules/electron');
  if (!existsSync(pkg)) return 'the electron package is not installed';
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  let binary: string;
  if (override) {
    binary = join(override, readPathTxt(pkg) ?? 'electron');
  } else {
    const rel = readPathTxt(pkg);
    if (!rel) return 'the Electron binary is not installed (node_modules/electron/path.txt is missing; `npm start` fetches it once, with internet and Node >= 22.12)';
    binary = join(pkg, 'dist', rel);
  }
  if (!existsSync(binary)) return `the Electron binary is missing (${binary})`;
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return 'no display for Electron (run under xvfb-run)';
  if (!existsSync(join(repoRoot, 'out/main/index.js'))) return 'the app is not built (run npx electron-vite build)';
  return null;
}

function readPathTxt(pkg: string): string | null {
  const file = join(pkg, 'path.txt');
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : null;
}

export const test = base.extend<{ ls: AppHandle }>({
  ls: async ({ playwright, request, baseURL, viewport, launchOptions }, use, testInfo) => {
    const screenshotsOn = process.env.SCREENSHOTS === '1';

    if (testInfo.project.name === 'electron') {
      const reason = electronUnavailable();
      testInfo.skip(reason !== null, `Electron e2e skipped: ${reason}`);
      const userData = mkdtempSync(join(tmpdir(), 'listsweep-e2e-'));
      let app: ElectronApplication | null = null;
      try {
        app = await playwright._electron.launch({ args: [repoRoot], env: { ...process.env, LISTSWEEP_USER_DATA: userData } as Record<string, string> });
        const electronApp = app;
        const page = await electronApp.firstWindow();
        await page.waitForLoadState('domcontentloaded');
        await electronApp.evaluate(({ dialog }) => {
          const g = globalThis as unknown as { __open: string[][]; __save: (string | null)[] };
          g.__open = [];
          g.__save = [];
          dialog.showOpenDialog = (async () => {
            const paths = g.__open.shift() ?? [];
            return { canceled: paths.length === 0, filePaths: paths };
          }) as typeof dialog.showOpenDialog;
          dialog.showSaveDialog = (async () => {
            const path = g.__save.shift() ?? null;
            return { canceled: path === null, filePath: path ?? '' };
          }) as typeof dialog.showSaveDialog;
        });
        await use({
          page,
          host: 'electron',
          // Electron's own session cancels every http(s)/ws request (main.ts, webRequest).
          outbound: [],
          queueOpen: (paths) => electronApp.evaluate((_e, p) => { (globalThis as unknown as { __open: string[][] }).__open.push([...p]); }, paths),
          queueSave: (path) => electronApp.evaluate((_e, p) => { (globalThis as unknown as { __save: (string | null)[] }).__save.push(p); }, path),
          screenshot: async () => {},
          menu: async (command) => {
            await electronApp.evaluate(({ BrowserWindow }, c) => {
              BrowserWindow.getAllWindows()[0]?.webContents.send('menu/command', { command: c });
            }, command);
          },
          menuTheme: () => electronApp.evaluate(({ Menu }) => {
            const theme = Menu.getApplicationMenu()?.items.find((m) => m.label === 'View')?.submenu?.items.find((i) => i.label === 'Theme');
            const label = theme?.submenu?.items.find((i) => i.type === 'radio' && i.checked)?.label;
            return ({ 'Follow System': 'system', Light: 'light', Dark: 'dark' } as const)[label as 'Light'] ?? null;
          }),
          drop: async () => {
            testInfo.skip(true, 'a synthetic drop carries no file path in Electron; needs a real OS drag');
          },
        });
      } finally {
        await app?.close().catch(() => {});
        rmSync(userData, { recursive: true, force: true });
      }
      return;
    }

    // Chromium against the test host: a fresh user-data folder for every test.
    const reset = await request.post('/__test/reset', { data: {} });
    expect(reset.ok()).toBe(true);
    const browser = await playwright.chromium.launch(launchOptions);
    const context = await browser.newContext({ viewport, baseURL });
    // Nothing may leave the app: every request to anywhere but the host's own origin (page,
    // workers, prefetches) is recorded and refused. data: and blob: URLs never leave the page.
    const origin = new URL(baseURL ?? 'http://127.0.0.1').origin;
    const outbound: string[] = [];
    const leaves = (url: string) => !/^(data|blob):/.test(url) && new URL(url).origin !== origin;
    context.on('request', (r) => { if (leaves(r.url())) outbound.push(`${r.method()} ${r.url()}`); });
    await context.route((url) => leaves(url.href), (route) => route.abort('blockedbyclient'));
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    // The page gets in with this run's token, as `npm run preview`'s printed address does.
    await page.goto(`/?token=${process.env.LISTSWEEP_TEST_TOKEN ?? ''}`);
    try {
      await use({
        page,
        host: 'chromium',
        outbound,
        queueOpen: async (paths) => { expect((await request.post('/__test/dialog/open', { data: { paths } })).ok()).toBe(true); },
        queueSave: async (path) => { expect((await request.post('/__test/dialog/save', { data: { path } })).ok()).toBe(true); },
        screenshot: async (name) => {
          if (!screenshotsOn) return;
          // Toasts would cover the screen; close them (Playwright's `style` option would inject
          // an inline style, which the CSP rightly refuses).
          for (const close of await page.locator('.notice-close').all()) await close.click({ timeout: 2000 }).catch(() => {});
          await page.screenshot({ path: join(repoRoot, 'docs/screenshots', `${name}.png`) });
        },
        menu: async (command) => {
          expect((await request.post('/__test/menu', { data: { command } })).ok()).toBe(true);
        },
        menuTheme: async () => {
          const r = await request.post('/__test/menu-state', { data: {} });
          expect(r.ok()).toBe(true);
          return ((await r.json()) as { theme: ThemeChoice }).theme;
        },
        drop: async (paths) => {
          const byName = Object.fromEntries(paths.map((p) => [p.split(/[\\/]/).pop() ?? p, p]));
          expect((await request.post('/__test/drop-paths', { data: { paths: byName } })).ok()).toBe(true);
          // The bridge learns the names over its socket; wait until it knows them.
          await expect.poll(() => page.evaluate((names) => names.every((n) => (window as unknown as { listsweep: { pathForFile(f: File): string | null } }).listsweep.pathForFile(new File([], n)) !== null), Object.keys(byName))).toBe(true);
          const data = await page.evaluateHandle((names) => {
            const dt = new DataTransfer();
            for (const n of names) dt.items.add(new File(['x'], n));
            return dt;
          }, Object.keys(byName));
          await page.dispatchEvent('body', 'dragover', { dataTransfer: data });
          await page.dispatchEvent('body', 'drop', { dataTransfer: data });
        },
      });
      // The renderer must not hit a CSP violation or a script error on the way.
      expect(errors.filter((e) => !/Failed to load resource/.test(e)), 'page errors').toEqual([]);
      expect(outbound, 'requests that left the app').toEqual([]);
    } finally {
      await browser.close();
    }
  },
});

/**
 * Every spec's beforeAll hooks first skip the Electron project where it cannot run. Hooks run
 * before any test's fixtures, so without this a beforeAll that needs something the machine
 * lacks would make the project fail instead of reporting itself skipped with the reason.
 */
function skipElectronWhereUnavailable(info: TestInfo): void {
  if (info.project.name !== 'electron') return;
  const reason = electronUnavailable();
  info.skip(reason !== null, `Electron e2e skipped: ${reason}`);
}
type Hook = (fixtures: unknown, info: TestInfo) => unknown;
const beforeAll = test.beforeAll as (...args: unknown[]) => void;
test.beforeAll = ((...args: unknown[]) => {
  const fn = args.pop() as Hook;
  const guarded: Hook = (fixtures, info) => {
    skipElectronWhereUnavailable(info);
    return fn(fixtures, info);
  };
  // Playwright reads which fixtures a hook wants from its source text.
  guarded.toString = () => fn.toString();
  beforeAll(...args, guarded);
}) as typeof test.beforeAll;

export { expect };

/**
 * A new cleanup holding a generated list (`gen-lists` output in `genDir`: contacts.csv and
 * bounces.csv) imported through the import screen, as a user would; resolves on the review's
 * counts, which must show every one of the list's `rows`.
 */
export async function importGenerated(ls: AppHandle, genDir: string, rows: number): Promise<void> {
  const { page } = ls;
  await page.getByRole('button', { name: 'New cleanup', exact: true }).click();
  await ls.queueOpen([join(genDir, 'contacts.csv')]);
  await page.getByRole('button', { name: 'Choose contact list…' }).click();
  await page.getByTestId('import-contacts').click();
  await expect(page.getByTestId('contacts-card')).toContainText(`${rows.toLocaleString('en-US')} rows`);
  await ls.queueOpen([join(genDir, 'bounces.csv')]);
  await page.getByRole('button', { name: 'Choose bounce files…' }).click();
  await expect(page.getByTestId('bounce-file')).toHaveCount(1);
  await page.getByTestId('import-bounces').click();
  await expect(page.getByTestId('summary')).toBeVisible();
  await expect(page.getByTestId('count-total')).toHaveText(rows.toLocaleString('en-US'));
}

/**
 * A spec's generated sample (the project's generator): written into a temporary folder before the
 * spec's tests and removed after them. The function gives the sample's folder (contacts.csv,
 * bounces.csv, truth.json), to call inside a test, once the spec's beforeAll has run.
 */
export function generatedSample(name: string, options: Omit<SampleOptions, 'out'>): () => string {
  let dir = '';
  test.beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), `listsweep-e2e-${name}-`));
    generateSample({ ...options, out: join(dir, 'gen') });
  });
  test.afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return () => join(dir, 'gen');
}
