#!/usr/bin/env node
/*
 * Run by `npm start` before launching Electron. Needs internet the first time only, and the
 * Node version Electron's tooling asks for (>= 22.12 for Electron 45). A problem is reported in
 * one line saying what is needed; the tools' own output goes to a log file, named in that line.
 *
 * 1. The Electron binary. Electron 45 has no install script (and allowScripts keeps `npm ci`
 *    and the tests off the network anyway): its installer, install.js, is run here when the
 *    binary is missing.
 * 2. better-sqlite3 for Electron. The copy in node_modules is built for Node's ABI (the tests and
 *    the CLI use it); Electron has another ABI. Rebuilding in place would break `npm test`, so a
 *    second build goes to node_modules/.cache/listsweep-electron/…/better_sqlite3.node and
 *    electron/main.ts hands it to better-sqlite3 (`nativeBinding`, via LISTSWEEP_SQLITE_BINDING).
 *    A prebuilt binary is tried first (prebuild-install), then a compile against Electron's headers.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const logFile = join(root, 'node_modules/.cache/listsweep-electron/prepare.log');
const electronDir = join(root, 'node_modules/electron');
if (!existsSync(join(electronDir, 'package.json'))) fail('node_modules/electron is missing: run `npm install` first.');
const electronPkg = JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8'));
const version = electronPkg.version;
const needsNode = /(\d+)\.(\d+)/.exec(electronPkg.engines?.node ?? '');
if (needsNode) {
  const [major, minor] = process.versions.node.split('.').map(Number);
  const [wantMajor, wantMinor] = [Number(needsNode[1]), Number(needsNode[2])];
  if (major < wantMajor || (major === wantMajor && minor < wantMinor)) {
    fail(`Electron ${version} needs Node ${wantMajor}.${wantMinor} or later to start (this is Node ${process.versions.node}); the tests and the command line run on Node 20.`);
  }
}
mkdirSync(dirname(logFile), { recursive: true });
writeFileSync(logFile, `prepare-electron ${new Date().toISOString()} Electron ${version}, Node ${process.versions.node}\n`);

// npm passes its config to children as npm_config_*; a `nodedir` pointing at Node's headers
// (set on some machines) would make node-gyp build for Node instead of Electron.
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_config_(nodedir|target|runtime|disturl|dist_url)$/i.test(k)));

if (!process.env.ELECTRON_OVERRIDE_DIST_PATH && !existsSync(join(electronDir, 'path.txt'))) {
  console.log(`prepare-electron: downloading Electron ${version} (first start only)…`);
  run(process.execPath, [join(electronDir, 'install.js')], electronDir, `Could not download Electron ${version}: the first start needs internet access (or set ELECTRON_MIRROR / ELECTRON_OVERRIDE_DIST_PATH).`);
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
        'Could not build better-sqlite3 for Electron: the first start needs internet access (a prebuilt binary, or Electron\'s headers plus Python and a C++ compiler).');
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

/** Runs a tool with its output in the log (an offline download prints a stack trace). */
function tryRun(cmd, args, cwd) {
  try {
    const out = execFileSync(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], shell: process.platform === 'win32', maxBuffer: 64 << 20 });
    appendFileSync(logFile, `$ ${cmd} ${args.join(' ')}\n${out}\n`);
    return true;
  } catch (e) {
    appendFileSync(logFile, `$ ${cmd} ${args.join(' ')}\n${e.stdout ?? ''}${e.stderr ?? ''}${e.stdout || e.stderr ? '' : String(e)}\n`);
    return false;
  }
}

function run(cmd, args, cwd, message) {
  if (!tryRun(cmd, args, cwd)) fail(message);
}

function fail(message) {
  const details = existsSync(logFile) ? ` (details: ${logFile})` : '';
  console.error(`npm start: ${message}${details}`);
  process.exit(1);
}
