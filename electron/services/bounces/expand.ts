/**
 * Turns the paths the user dropped (files and folders, any mix) into the sources to read:
 * folders are walked recursively (dotfiles and dot-folders skipped), maildirs stay whole,
 * loose bounce messages of one dropped folder are grouped, and every other file is sniffed
 * from its first bytes, not its name.
 */
import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { extractMembers, InflateLimitError, inflateLimits, makeTempDir, sizeText, type InflateLimits } from '../archive/unzip.js';
import { describeBinary } from '../contacts/table.js';
import { isMailFile } from '../mail/index.js';
import { readAhead, readMessageFile } from '../mail/sources.js';

/** `shownAs`: the path the user knows (a file inside a ZIP: "export.zip/cleaned.csv"); `path` is where it is read. */
export type Entry =
  | { type: 'mail-files'; path: string; files: string[]; bytes: number; shownAs?: string }
  | { type: 'mbox'; path: string; bytes: number; shownAs?: string }
  | { type: 'maildir'; path: string; files: number; bytes: number; shownAs?: string }
  | { type: 'table'; path: string; bytes: number; shownAs?: string }
  | { type: 'xlsx'; path: string; bytes: number; shownAs?: string }
  | { type: 'json'; path: string; bytes: number; shownAs?: string }
  | { type: 'ndjson'; path: string; bytes: number; shownAs?: string }
  | { type: 'zip'; path: string; bytes: number; shownAs?: string }
  | { type: 'bad'; path: string; code: 'not-found' | 'unreadable' | 'wrong-file'; message: string; kind: 'mail' | 'spreadsheet' | 'json' };

const HEAD_BYTES = 64 * 1024;
const MAIL_EXT = /\.(eml|msg)$/i;
const MBOX_EXT = /\.(mbox|mbx)$/i;

/** The first n bytes of a file, read as MAIL reads a message (one open, reused scratch). */
export function readHead(path: string, n = HEAD_BYTES): Promise<Buffer> {
  return readMessageFile(path, n);
}

async function isMaildir(dir: string): Promise<boolean> {
  try {
    const names = new Set(await readdir(dir));
    return names.has('cur') && (names.has('new') || names.has('tmp'));
  } catch {
    return false;
  }
}

/** Files and bytes of a maildir's messages; the stats run concurrently (20,000 one by one took seconds). */
async function maildirStats(dir: string): Promise<{ files: number; bytes: number }> {
  const paths: string[] = [];
  for (const sub of ['cur', 'new']) {
    try {
      for (const e of await readdir(join(dir, sub), { withFileTypes: true })) if (!e.name.startsWith('.') && e.isFile()) paths.push(join(dir, sub, e.name));
    } catch { continue; }
  }
  let files = 0, bytes = 0;
  for await (const { value } of readAhead(paths, (p) => stat(p))) {
    if (value?.isFile()) { files++; bytes += value.size; }
  }
  return { files, bytes };
}

/** What one file is, from its first bytes (and its name only for mail, where MAIL's sniff allows it). */
export async function classifyFile(path: string, size: number): Promise<Entry> {
  if (size === 0) return { type: 'bad', path, code: 'wrong-file', kind: 'spreadsheet', message: `${basename(path)} is empty (0 bytes). Expected a bounce export (CSV, JSON) or bounce messages (.eml, .mbox).` };
  let head: Buffer;
  try {
    head = await readHead(path);
  } catch (e) {
    return { type: 'bad', path, code: 'unreadable', kind: 'spreadsheet', message: `${basename(path)} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'}).` };
  }
  const binary = describeBinary(head);
  if (binary) {
    if (binary.includes('.xlsx')) return { type: 'xlsx', path, bytes: size };
    if (binary === 'a ZIP archive') return { type: 'zip', path, bytes: size };
    return { type: 'bad', path, code: 'wrong-file', kind: 'spreadsheet', message: `${basename(path)} is ${binary}, not a bounce export. Expected CSV/TSV, Excel (.xlsx), JSON or bounce messages (.eml, .mbox).` };
  }
  if (MBOX_EXT.test(path) || /^From \S/.test(head.subarray(0, 64).toString('latin1'))) return { type: 'mbox', path, bytes: size };
  if (MAIL_EXT.test(path) || isMailFile(path, head)) return { type: 'mail-files', path, files: [path], bytes: size };
  const text = head.toString('utf8').replace(/^\uFEFF/, '');
  const first = text.trimStart()[0];
  if (first === '{' || first === '[') return { type: jsonKind(text, head.length < size), path, bytes: size };
  return { type: 'table', path, bytes: size };
}

/** NDJSON when the first line is a complete JSON value on its own and another value follows. */
function jsonKind(text: string, truncated: boolean): 'json' | 'ndjson' {
  const t = text.trimStart();
  const nl = t.indexOf('\n');
  if (nl < 0) return 'json';
  const line = t.slice(0, nl).trim();
  const rest = t.slice(nl + 1).trimStart();
  if (!rest && !truncated) return 'json';
  try {
    JSON.parse(line);
  } catch {
    return 'json';
  }
  return rest === '' || rest[0] === '{' || rest[0] === '[' ? 'ndjson' : 'json';
}

/** What a refused ZIP says: the cap it hit, and what to do instead. */
function refusal(name: string, e: InflateLimitError): string {
  switch (e.reason) {
    case 'size': return `${name} expands to more than ${sizeText(e.limits.maxBytes)} when unzipped; ListSweep stopped unpacking it. Unzip it yourself and pick the files inside.`;
    case 'ratio': return `${name} expands to more than ${e.limits.maxRatio} times its size when unzipped (${e.member}), which real exports do not do; ListSweep stopped unpacking it. If it came from someone you trust, unzip it yourself and pick the files inside.`;
    case 'members': return `${name} holds more than ${e.limits.maxMembers} files; unzip it yourself and pick the folder.`;
  }
}

/**
 * The exports inside a ZIP (Mailchimp's audience export: one CSV per status), unpacked with the
 * caps of archive/unzip to a temporary folder the caller removes (`temps`). Each keeps
 * "archive.zip/inner/name.csv" as the path the user sees.
 */
async function expandZip(e: Entry & { type: 'zip' }, temps: string[], limits: InflateLimits): Promise<Entry[]> {
  const name = basename(e.path);
  const dir = await makeTempDir();
  temps.push(dir);
  let members: Awaited<ReturnType<typeof extractMembers>>;
  try {
    members = await extractMembers(e.path, (n) => !n.split('/').some((p) => p.startsWith('.') || p === '__MACOSX'), limits, dir);
  } catch (err) {
    if (err instanceof InflateLimitError) return [{ type: 'bad', path: e.path, code: 'wrong-file', kind: 'spreadsheet', message: refusal(name, err) }];
    return [{ type: 'bad', path: e.path, code: 'unreadable', kind: 'spreadsheet', message: `${name} cannot be unzipped (${(err as Error).message}).` }];
  }
  if (!members.length) return [{ type: 'bad', path: e.path, code: 'wrong-file', kind: 'spreadsheet', message: `${name} is a ZIP archive with no readable files in it (only stored or deflated entries are read). Unzip it and pick the files inside.` }];
  const out: Entry[] = [];
  const mail: Entry & { type: 'mail-files' } = { type: 'mail-files', path: dir, shownAs: e.path, files: [], bytes: 0 };
  for (const { name: inner, file, bytes } of [...members].sort((a, b) => a.name.localeCompare(b.name))) {
    const c = await classifyFile(file, bytes);
    const shownAs = join(e.shownAs ?? e.path, inner);
    if (c.type === 'mail-files') {
      mail.files.push(file);
      mail.bytes += bytes;
    } else if (c.type === 'bad') out.push({ ...c, path: shownAs, message: c.message.replace(basename(file), inner) });
    else if (c.type === 'zip') out.push({ type: 'bad', path: shownAs, code: 'wrong-file', kind: 'spreadsheet', message: `${inner} is a ZIP inside the ZIP; unzip it first.` });
    else out.push({ ...c, shownAs });
  }
  return mail.files.length ? [mail, ...out] : out;
}

/**
 * Expands dropped paths into entries, in a stable order (paths as given, folder contents sorted).
 * Temporary folders made for ZIP contents are pushed to `temps`; the caller removes them.
 */
export async function expandPaths(paths: readonly string[], signal?: AbortSignal, temps: string[] = [], limits: InflateLimits = inflateLimits('bounce-zip')): Promise<Entry[]> {
  const out: Entry[] = [];
  for (const p of paths) {
    let s;
    try {
      s = await stat(p);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      out.push(code === 'ENOENT'
        ? { type: 'bad', path: p, code: 'not-found', kind: 'spreadsheet', message: `${p} does not exist (moved or deleted?).` }
        : { type: 'bad', path: p, code: 'unreadable', kind: 'spreadsheet', message: `${p} cannot be opened (${code ?? 'error'}).` });
      continue;
    }
    if (s.isFile()) {
      const e = await classifyFile(p, s.size);
      out.push(...(e.type === 'zip' ? await expandZip(e, temps, limits) : [e]));
      continue;
    }
    if (!s.isDirectory()) {
      out.push({ type: 'bad', path: p, code: 'wrong-file', kind: 'spreadsheet', message: `${p} is not a regular file or folder.` });
      continue;
    }
    const group: Entry & { type: 'mail-files' } = { type: 'mail-files', path: p, files: [], bytes: 0 };
    const inner: Entry[] = [];
    await walk(p, group, inner, signal);
    for (let k = 0; k < inner.length; k++) {
      const e = inner[k]!;
      if (e.type === 'zip') {
        const expanded = await expandZip(e, temps, limits);
        inner.splice(k, 1, ...expanded);
        k += expanded.length - 1;
      }
    }
    if (group.files.length) out.push(group);
    out.push(...inner);
    if (!group.files.length && !inner.length) out.push({ type: 'bad', path: p, code: 'wrong-file', kind: 'mail', message: `The folder ${basename(p)} holds no files. Expected bounce messages (.eml, maildir) or bounce exports (CSV, JSON).` });
  }
  return out;
}

async function walk(dir: string, group: Entry & { type: 'mail-files' }, inner: Entry[], signal?: AbortSignal, depth = 0): Promise<void> {
  if (signal?.aborted) return;
  if (await isMaildir(dir)) {
    const st = await maildirStats(dir);
    inner.push({ type: 'maildir', path: dir, ...st });
    return;
  }
  if (depth > 32) return;
  let listing: Dirent[];
  try {
    listing = (await readdir(dir, { withFileTypes: true })).filter((e) => !e.name.startsWith('.')).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch (e) {
    inner.push({ type: 'bad', path: dir, code: 'unreadable', kind: 'mail', message: `The folder ${dir} cannot be listed (${(e as NodeJS.ErrnoException).code ?? 'error'}).` });
    return;
  }
  // Files are sniffed concurrently, a run of them at a time, and taken in name order; a folder
  // (or a link, whose target only a stat tells) is walked at its place in that order.
  // A file named as a message (.eml, .msg) is grouped by its name, as MAIL reads it: sniffing
  // its head here opened and read every message of a 20,000-file folder a second time.
  const classify = async (e: Dirent): Promise<{ size: number; entry: Entry } | 'dir' | null> => {
    const full = join(dir, e.name);
    const s = await stat(full);
    if (s.isDirectory()) return 'dir';
    if (!s.isFile()) return null;
    if (s.size > 0 && MAIL_EXT.test(e.name)) return { size: s.size, entry: { type: 'mail-files', path: full, files: [full], bytes: s.size } };
    return { size: s.size, entry: await classifyFile(full, s.size) };
  };
  let run: Dirent[] = [];
  const flush = async (): Promise<void> => {
    for await (const { item, value } of readAhead(run, classify)) {
      if (!value || value === 'dir') continue;
      if (value.entry.type === 'mail-files') {
        group.files.push(join(dir, item.name));
        group.bytes += value.size;
      } else inner.push(value.entry);
    }
    run = [];
  };
  for (const e of listing) {
    if (e.isDirectory()) {
      await flush();
      await walk(join(dir, e.name), group, inner, signal, depth + 1);
    } else if (e.isSymbolicLink()) {
      await flush();
      let s;
      try { s = await stat(join(dir, e.name)); } catch { continue; }
      if (s.isDirectory()) await walk(join(dir, e.name), group, inner, signal, depth + 1);
      else if (s.isFile()) run.push(e);
    } else if (e.isFile()) {
      run.push(e);
    }
  }
  await flush();
}

export function entryKind(e: Entry): 'mail' | 'mbox' | 'maildir' | 'spreadsheet' | 'json' {
  switch (e.type) {
    case 'mail-files': return 'mail';
    case 'mbox': return 'mbox';
    case 'maildir': return 'maildir';
    case 'json':
    case 'ndjson': return 'json';
    case 'bad': return e.kind;
    default: return 'spreadsheet';
  }
}

/** The path shown to the user and written on records. */
export function shownPath(e: Entry): string {
  switch (e.type) {
    case 'bad': return e.path;
    default: return e.shownAs ?? e.path;
  }
}

