#!/usr/bin/env node
/*
 * Run by `npm start` before launching Electron. Needs internet the first time only.
 *
 * 1. The Electron binary. Electron 41 downloads it in its own postinstall, which package.json's
 *    allowScripts turns off so that `npm ci` and the tests never need the network. Here it is
 *    fetched with the package's own installer when missing.
 * 2. better-sqlite3 for Electron. The copy in node_modules is built for Node's ABI (the tests and
 *    the CLI use it); Electron has another ABI. Rebuilding in place would break `npm test`, so a
 *    second build goes to node_modules/.cache/listsweep-electron/…/better_sqlite3.node and
 *    electron/main.ts hands it to better-sqlite3 (`nativeBinding`, via LISTSWEEP_SQLITE_BINDING).
 *    A prebuilt binary is tried first (prebuild-install), then a compile against Electron's headers.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const electronDir = join(root, 'node_modules/electron');
if (!existsSync(join(electronDir, 'package.json'))) fail('node_modules/electron is missing: run `npm install` first.');
const version = JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')).version;

// npm passes its config to children as npm_config_*; a `nodedir` pointing at Node's headers
// (set on some machines) would make node-gyp build for Node instead of Electron.
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_config_(nodedir|target|runtime|disturl|dist_url)$/i.test(k)));

if (!process.env.ELECTRON_OVERRIDE_DIST_PATH && !existsSync(join(electronDir, 'path.txt'))) {
  console.log(`prepare-electron: downloading Electron ${version} (first start only)…`);
  run(process.execPath, [join(electronDir, 'install.js')], electronDir, 'Could not download Electron. It needs internet access once (or set ELECTRON_MIRROR / ELECTRON_OVERRIDE_DIST_PATH).');
}

const bindingPath = join(root, 'node_modules/.cache/listsweep-electron', `electron-${version}-${process.platform}-${process.arch}`, 'better_sqlite3.node');
if (!existsSync(bindingPath)) {
  console.log(`prepare-electron: building better-sqlite3 for Electron ${version} (first start only)…`);
  const work = mkdtempSync(join(tmpdir(), 'listsweep-sqlite-electron-'));
  try {
    const pkg = join(work, 'better-sqlite3');
    // A private copy: the build must not touch the Node build in node_modules.
    cpSync(join(root, 'node_modules/better-sqlite3'), pkg, { recursive: true, filter: (src) => basename(src) !== 'build' });
    const bin = (name) => join(root, 'node_modules/.bin', process.platform === 'win32' ? `${name}.cmd` : name);
    const target = ['--runtime', 'electron', '--target', version, '--arch', process.arch, '--platform', process.platform];
    if (!tryRun(bin('prebuild-install'), target, pkg)) {
      run(bin('node-gyp'), ['rebuild', '--release', '--runtime=electron', `--target=${version}`, `--arch=${process.arch}`, '--dist-url=https://electronjs.org/headers'], pkg,
        'Could not build better-sqlite3 for Electron (needs internet for Electron\'s headers, Python and a C++ compiler).');
    }
    const built = join(pkg, 'build/Release/better_sqlite3.node');
    if (!existsSync(built)) fail(`better-sqlite3 for Electron was not produced (${built} is missing).`);
    mkdirSync(dirname(bindingPath), { recursive: true });
    copyFileSync(built, bindingPath);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
console.log(`prepare-electron: Electron ${version} ready; better-sqlite3 for Electron at ${bindingPath}`);

function tryRun(cmd, args, cwd) {
  try {
    execFileSync(cmd, args, { cwd, env, stdio: 'inherit', shell: process.platform === 'win32' });
    return true;
  } catch {
    return false;
  }
}

function run(cmd, args, cwd, message) {
  if (!tryRun(cmd, args, cwd)) fail(message);
}

function fail(message) {
  console.error(`prepare-electron: ${message}`);
  process.exit(1);
}
