/**
 * The command line: the same services and policy as the app, headless. USAGE below is the
 * reference (`listsweep --help` prints it with the exit codes).
 *
 * Errors are one line on stderr ("listsweep: …"); the exit code says which kind (EXIT_CODES).
 * A stack trace is printed only with --debug.
 */
import { createReadStream, createWriteStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { AppError, userErrorOf, type AppErrorCode } from '../shared/errors.js';
import { SUPPRESSION_FORMAT_IDS } from '../shared/suppression-formats.js';
import { REIMPORT_FORMAT_IDS } from '../shared/reimport-formats.js';
import type { ReviewSummary } from '../shared/contract.js';
import type { HtmlToPdf } from './services/export/pdf.js';
import { version } from '../package.json';

// The services load when a command needs them, not at start: --help and a usage error answer
// without reading the parsers, the store and the address tables (most of the start-up time).
const cleanupServices = () => import('./services/cleanup/index.js');
const deps = () => import('./services/cleanup/deps.js');
// So do the PDF printer (it loads child_process) and readline: ~7 ms of --version's ~120.
const pdf = () => import('./services/export/pdf.js');
const lines = async (input: NodeJS.ReadableStream) => (await import('node:readline')).createInterface({ input, crlfDelay: Infinity });

/**
 * Built (out/main/cli.js), the job worker is the built one beside it; under tsx the services'
 * default (the TypeScript entry) applies.
 */
const BUILT_WORKER = import.meta.url.endsWith('.js') ? new URL('./job-worker.js', import.meta.url) : null;

class UsageError extends Error {}

/**
 * Exit codes, sysexits.h style: the one table the error handler maps with and --help prints.
 * An AppError's code picks its row.
 */
const EXIT_CODES = [
  { exit: 0, meaning: 'done (bounces: also when some files were skipped; it says how many)', codes: [] },
  { exit: 64, meaning: 'the command line is wrong (EX_USAGE)', codes: ['bad-input'] },
  { exit: 65, meaning: 'an input is not what it should be: a damaged cleanup, a file that is not a contact list or bounce data, a cleanup from a newer ListSweep; bounces --strict: a file was skipped (EX_DATAERR)', codes: ['wrong-file', 'damaged'] },
  { exit: 66, meaning: 'an input file does not exist or may not be read (EX_NOINPUT)', codes: ['not-found', 'unreadable'] },
  { exit: 69, meaning: 'a program ListSweep needs for this output is not on this machine: the PDF report needs Chromium or Chrome (EX_UNAVAILABLE)', codes: ['unavailable'] },
  { exit: 70, meaning: 'an internal error, a bug: run again with --debug and report it (EX_SOFTWARE)', codes: ['internal'] },
  { exit: 73, meaning: 'an output was not created: an existing cleanup is replaced only with --replace or --append, and an output must be a file, not a folder or device (EX_CANTCREAT)', codes: ['exists'] },
  { exit: 74, meaning: 'an output could not be written: disk full or read-only (EX_IOERR)', codes: ['cannot-write'] },
  { exit: 75, meaning: 'the cleanup is in use by another program; try later (EX_TEMPFAIL)', codes: ['busy'] },
] as const satisfies readonly { exit: number; meaning: string; codes: readonly AppErrorCode[] }[];

const EX_USAGE = 64;
const EX_DATAERR = 65;

function exitFor(code: AppErrorCode): number {
  return EXIT_CODES.find((row) => (row.codes as readonly AppErrorCode[]).includes(code))?.exit ?? 70;
}

const USAGE = `usage:
  listsweep clean --contacts FILE... [--bounces FILE|DIR...] --out CLEANED.csv
                  [--removed REMOVED.csv] [--suppression FILE.csv]
                  [--db FILE.listsweep [--replace | --append]]
                  [--suppression FILE.csv --format ${SUPPRESSION_FORMAT_IDS.join('|')}]  (the suppression list in that service's import format; default generic)
                  [--reimport ${REIMPORT_FORMAT_IDS.join('|')}]  (--out is then that service's contact import file: its headers, names mapped, other columns kept)
                  (--out and --removed write an Excel workbook when the name ends in .xlsx)
                  [--report REPORT.html|REPORT.pdf]  (a self-contained page to share: what went in, the policy, decisions, reasons;
                                     .pdf prints it with Chromium or Chrome: LISTSWEEP_CHROMIUM, else the usual places)
                  [--excel-safe]  (cleaned list: an apostrophe before cells that start with = + - @; the other files always have it)
  listsweep bounces FILE|DIR... [--json] [--strict]
  listsweep contacts FILE [--json]
  listsweep check-email [ADDRESS...] [--json]
  listsweep --help | --version`;

const HELP = `${USAGE}

options:
  --db FILE     keep the cleanup in FILE (.listsweep is added when missing). An existing
                cleanup is never replaced without asking: --replace starts it again from
                nothing; --append adds these contacts and bounces to it (and exports the
                whole cleanup). Without either, clean stops with exit 73.
  --strict      bounces: exit 65 when any file was skipped. Without it, files that are not
                bounce data are skipped with a line each and a count, and the exit is 0
                when the others were read (65 when none could be read).
  --json        one JSON object per line
  --debug       on an internal error, print its full details (stack trace)

exit codes:
${EXIT_CODES.map((r) => `  ${String(r.exit).padEnd(4)}${wrap(r.meaning, 82).join('\n      ')}`).join('\n')}`;

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) { lines.push(line); line = word; } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line];
}

interface Parsed { positional: string[]; lists: Map<string, string[]>; flags: Set<string> }

/** --name takes every following argument up to the next --option (so --contacts a.csv b.csv works). */
function parse(args: string[], listOptions: string[], flagOptions: string[]): Parsed {
  const out: Parsed = { positional: [], lists: new Map(), flags: new Set() };
  let current: string[] | null = null;
  for (const a of args) {
    if (a.startsWith('--')) {
      const name = a.slice(2);
      if (flagOptions.includes(name)) { out.flags.add(name); current = null; continue; }
      if (!listOptions.includes(name)) throw new UsageError(`unknown option ${a}`);
      current = out.lists.get(name) ?? [];
      out.lists.set(name, current);
      continue;
    }
    (current ?? out.positional).push(a);
  }
  return out;
}

let stdoutClosed = false;
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') { stdoutClosed = true; process.exit(0); }
  throw e;
});

async function write(line: string): Promise<void> {
  if (stdoutClosed) return;
  if (!process.stdout.write(line + '\n')) await new Promise<void>((r) => process.stdout.once('drain', () => r()));
}

function requireFile(path: string, what: string): string {
  const p = resolve(path);
  if (!existsSync(p)) throw new AppError('not-found', `${what} not found: ${path}`);
  return p;
}

// ---------------------------------------------------------------- clean

async function clean(args: string[]): Promise<number> {
  const a = parse(args, ['contacts', 'bounces', 'out', 'removed', 'suppression', 'format', 'reimport', 'report', 'db'], ['replace', 'append', 'excel-safe']);
  if (a.positional.length) throw new UsageError(`unexpected argument ${a.positional[0]}`);
  const contacts = a.lists.get('contacts') ?? [];
  const bounces = a.lists.get('bounces') ?? [];
  const one = (name: string): string | undefined => {
    const v = a.lists.get(name);
    if (v && v.length !== 1) throw new UsageError(`--${name} takes one file`);
    return v?.[0];
  };
  const out = one('out');
  const format = one('format');
  const report = one('report');
  const reimport = one('reimport');
  if (reimport !== undefined && !REIMPORT_FORMAT_IDS.includes(reimport)) throw new UsageError(`--reimport must be one of ${REIMPORT_FORMAT_IDS.join(', ')}`);
  if (report !== undefined && !/\.(html?|pdf)$/i.test(report)) throw new UsageError('--report writes a .html page or a .pdf of it: give it one of those names');
  if (format !== undefined && !SUPPRESSION_FORMAT_IDS.includes(format)) throw new UsageError(`--format must be one of ${SUPPRESSION_FORMAT_IDS.join(', ')}`);
  if (format !== undefined && !a.lists.has('suppression')) throw new UsageError('--format is the format of --suppression FILE');
  if (contacts.length === 0) throw new UsageError('clean needs --contacts FILE');
  if (!out) throw new UsageError('clean needs --out CLEANED.csv');
  // Asked before any work is done: a long clean should not end in "no PDF after all".
  let htmlToPdf: HtmlToPdf | undefined;
  if (report !== undefined && /\.pdf$/i.test(report)) {
    const { chromiumPdf, findChromium, PDF_NEEDS_BROWSER } = await pdf();
    const chromium = findChromium();
    if (chromium === null) throw new AppError('unavailable', `${PDF_NEEDS_BROWSER} Nothing was written; run again with --report ${report.replace(/\.pdf$/i, '.html')}.`);
    htmlToPdf = chromiumPdf(chromium);
  }
  const contactPaths = contacts.map((c) => requireFile(c, 'contacts file'));
  const bouncePaths = bounces.map((b) => requireFile(b, 'bounces file'));
  for (const c of contactPaths) if (statSync(c).size === 0) throw new AppError('wrong-file', `contacts file is empty: ${c}`);
  const removed = one('removed');
  const supp = one('suppression');
  // Outputs are written beside the target and renamed over it: over a folder that fails late,
  // over a device (run as root) it would replace the device.
  for (const [flag, p] of [['out', out], ['removed', removed], ['suppression', supp], ['report', report]] as const) {
    if (p && existsSync(p) && !statSync(p).isFile()) {
      throw new AppError('exists', `--${flag} ${p} is ${statSync(p).isDirectory() ? 'a folder' : 'not a regular file'}; give the name of a file to write.`);
    }
  }
  const outputs = [out, removed, supp, report].filter((p): p is string => p !== undefined).map((p) => resolve(p));
  const twice = outputs.find((p, i) => outputs.indexOf(p) !== i);
  if (twice) throw new UsageError(`${twice} is named for two outputs; give each its own file`);
  const db = one('db');
  const replace = a.flags.has('replace');
  const append = a.flags.has('append');
  if (replace && append) throw new UsageError('--replace and --append cannot go together');
  if ((replace || append) && !db) throw new UsageError(`--${replace ? 'replace' : 'append'} goes with --db FILE`);
  const { cleanupFileName, createServices } = await cleanupServices();
  const target = db ? cleanupFileName(resolve(db)) : null;
  // A cleanup holds review work (overrides, accepted typos): replacing it must be asked for.
  const existing = target !== null && existsSync(target);
  if (existing && !replace && !append) {
    throw new AppError('exists', `${target} already exists. Add --append to add to that cleanup, or --replace to start it again from nothing.`);
  }

  const scratch = mkdtempSync(join(tmpdir(), 'listsweep-cli-'));
  // Jobs run inline: a command line has no window to keep responsive, and it saves a worker
  // start-up per job. Same tasks, same transactions, same policy as the app.
  const services = createServices({
    userDataDir: scratch, emit: () => {}, inlineJobs: true, ...(BUILT_WORKER ? { workerUrl: BUILT_WORKER } : {}),
    ...(htmlToPdf ? { htmlToPdf } : {}),
  });
  try {
    if (existing && append) await services['cleanup/open']({ path: target });
    else await services['cleanup/new']({ path: target ?? join(scratch, 'cli.listsweep') });
    // `phase` names the step in the LISTSWEEP_STATS line; a task's own timings are added to it.
    const run = async (phase: string, started: () => Promise<{ jobId: string }>): Promise<void> => {
      const t0 = performance.now();
      const cpu = process.cpuUsage();
      const { outcome, result } = await services.waitForJob((await started()).jobId);
      if (outcome.status === 'failed') throw new AppError(outcome.code as AppErrorCode, outcome.message);
      if (outcome.status === 'cancelled') throw new AppError('cancelled', 'cancelled');
      addPhase(phase, performance.now() - t0, cpu, (result as { timings?: Record<string, number> } | undefined)?.timings);
      printCapped(outcome.warnings.map((w) => `warning: ${w}`), 'more warnings');
    };
    // Bounces first: each contact is then decided once, as it is stored, with its history at hand.
    // The other way round stores every contact and then rewrites the bounced ones, spread over
    // nearly every page of the table (1.0 CPU-s at 1M contacts and 50,000 bounce rows). The app
    // takes either order and decides alike (test/electron/services/cleanup/import-order.test.ts).
    if (bouncePaths.length) await run('bounces', () => services['bounces/import']({ paths: bouncePaths, mappings: {} }));
    for (const p of contactPaths) await run('contacts', () => services['contacts/import']({ path: p, options: {} }));
    if (reimport) await run('exportCleaned', () => services['export/run']({ kind: 'reimport', path: resolve(out), encoding: 'utf-8', format: reimport }));
    else {
      const cleaned = { kind: 'cleaned', path: resolve(out), encoding: 'source', excelSafe: a.flags.has('excel-safe') } as const;
      // Both lists in one pass over the rows: a pass of its own re-read the whole table for the removed rows.
      if (removed) await run('exportLists', () => services.exportCleanedAndRemoved(cleaned, { path: resolve(removed), encoding: 'source' }));
      else await run('exportCleaned', () => services['export/run'](cleaned));
    }
    if (removed && reimport) await run('exportRemoved', () => services['export/run']({ kind: 'removed', path: resolve(removed), encoding: 'source' }));
    if (supp) await run('exportSuppression', () => services['export/run']({ kind: 'suppression', path: resolve(supp), encoding: 'source', ...(format ? { format } : {}) }));
    if (report) await services['export/report']({ path: resolve(report) });
    const summing = performance.now();
    const cpu = process.cpuUsage();
    const s = await services['review/summary']({});
    const rows = (await services['cleanup/current']({}))?.contacts ?? s.total;
    const line = summaryLine(rows, s.total, s.byDecision, removedCauses(s));
    addPhase('summary', performance.now() - summing, cpu);
    await write(line);
    if (s.reputationWarning) process.stderr.write(`listsweep: note: ${s.reputationWarning}\n`);
    return 0;
  } finally {
    const closing = performance.now();
    const cpu = process.cpuUsage();
    await services.dispose({ discard: target === null });
    rmSync(scratch, { recursive: true, force: true });
    addPhase('close', performance.now() - closing, cpu);
  }
}

/**
 * Removed contacts by cause, most first, from the summary's own counts (no zero rows): asking the
 * review for a page per cause built each filter's id list over the whole table (0.2 s at 1M rows).
 */
function removedCauses(s: ReviewSummary): [string, number][] {
  return (s.decisionCauses ?? []).filter((d) => d.decision === 'remove').map((d) => [d.cause, d.contacts]);
}

/** Decisions are per address; a list with several addresses per row says so. */
function summaryLine(rows: number, total: number, d: { keep: number; remove: number; watch: number }, removed: [string, number][]): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const by = removed.map(([c, k]) => `${n(k)} ${c}`).join(', ');
  const input = rows === total ? `${n(total)} rows in` : `${n(rows)} rows with ${n(total)} addresses in`;
  return `${input}, ${n(d.keep + d.watch)} kept (${n(d.watch)} to watch), ${n(d.remove)} removed${by ? `: ${by}` : ''}`;
}

// ---------------------------------------------------------------- bounces

async function bounces(args: string[]): Promise<number> {
  const a = parse(args, [], ['json', 'strict']);
  if (a.positional.length === 0) throw new UsageError('bounces needs at least one FILE or DIR');
  const paths = a.positional.map((p) => requireFile(p, 'bounce file'));
  const json = a.flags.has('json');
  const unreadable: string[] = [];
  const notes: string[] = [];
  let n = 0;
  const onWarning = (w: { path: string; message: string; skippedFile?: boolean }): void => {
    (w.skippedFile ? unreadable : notes).push(`${w.path}: ${w.message}`);
  };
  const { readBounces } = await deps();
  try {
    // Built, a big folder of mail is parsed on helper threads started on the job worker, as in the app.
    for await (const batch of readBounces(paths, { onWarning, ...(BUILT_WORKER ? { workerUrl: BUILT_WORKER } : {}) })) {
      for (const { path, record: r } of batch) {
        n++;
        if (json) {
          // finalRecipient only on a forwarded alias's report: the mailbox it failed at, beside the listed address
          await write(JSON.stringify({ source: path, email: r.email, verdict: r.verdict, reason: r.reason, status: r.status, replyCode: r.replyCode, diagnostic: r.diagnostic, provider: r.provider, ...(r.finalRecipient ? { finalRecipient: r.finalRecipient } : {}) }));
        } else {
          await write([r.verdict.padEnd(10), r.reason.padEnd(16), r.finalRecipient ? `${r.email} (forwarded to ${r.finalRecipient})` : r.email, [r.replyCode, r.status].filter(Boolean).join(' '), path].join('  '));
        }
      }
    }
  } finally {
    // Also when nothing could be read: the reasons come before the error that refers to them.
    printCapped(notes.map((x) => `note: ${x}`), 'more notes');
    printCapped(unreadable.map((u) => `skipped ${u}`), 'more files skipped');
  }
  if (unreadable.length) {
    process.stderr.write(`listsweep: ${unreadable.length.toLocaleString('en-US')} file${unreadable.length === 1 ? '' : 's'} could not be read; ${n.toLocaleString('en-US')} records from the rest\n`);
  }
  return unreadable.length && a.flags.has('strict') ? EX_DATAERR : 0;
}

/** Lines of a list on stderr: the first few, then how many more (a folder of 50,000 skipped files is one screen). */
function printCapped(lines: readonly string[], more: string, max = 20): void {
  for (const l of lines.slice(0, max)) process.stderr.write(`listsweep: ${l}\n`);
  if (lines.length > max) process.stderr.write(`listsweep: … and ${(lines.length - max).toLocaleString('en-US')} ${more}\n`);
}

// ---------------------------------------------------------------- contacts

async function contacts(args: string[]): Promise<number> {
  const a = parse(args, [], ['json']);
  if (a.positional.length !== 1) throw new UsageError('contacts needs exactly one FILE');
  const path = requireFile(a.positional[0]!, 'contacts file');
  const json = a.flags.has('json');
  const { openContacts, checkEmail } = await deps();
  const reader = await openContacts(path, {});
  // The summary line comes first but its row count is known only at the end: rows go to a
  // scratch file meanwhile, so a million-row list does not sit in memory.
  const scratch = mkdtempSync(join(tmpdir(), 'listsweep-contacts-'));
  const tmp = join(scratch, 'rows.ndjson');
  const sink = createWriteStream(tmp);
  const first = new Map<string, number>();
  let rows = 0;
  let addresses = 0;
  // A row of several addresses (Google, Outlook) gives one line per address, all with its row number.
  let lastRow = 0;
  try {
    for await (const batch of reader.batches()) {
      const lines: string[] = [];
      for (const rec of batch) {
        addresses++;
        if (rec.row !== lastRow) { rows++; lastRow = rec.row; }
        const c = checkEmail(rec.email);
        let duplicateOf: number | null = null;
        if (c.normalized) {
          const f = first.get(c.normalized);
          if (f === undefined) first.set(c.normalized, rec.row);
          else duplicateOf = f;
        }
        lines.push(json
          ? JSON.stringify({ kind: 'row', row: rec.row, email: rec.email, normalized: c.normalized, valid: c.valid, problem: c.problem, duplicateOf, suggestion: c.suggestion, role: c.role, disposable: c.disposable })
          : [String(rec.row).padStart(7), c.valid ? (duplicateOf ? `dup:${duplicateOf}` : 'ok') : 'INVALID', rec.email, c.problem, c.suggestion ? `-> ${c.suggestion}` : '', c.role ? 'role' : '', c.disposable ? 'disposable' : ''].filter(Boolean).join('  '));
      }
      if (!sink.write(lines.join('\n') + '\n')) await new Promise<void>((r) => sink.once('drain', () => r()));
    }
    await new Promise<void>((r, j) => sink.end((e?: Error | null) => (e ? j(e) : r())));
    const f = reader.format;
    const cols = reader.emailColumns ?? [reader.emailColumn];
    if (json) await write(JSON.stringify({ kind: 'summary', rows, addresses, emailColumn: reader.emailColumn, emailColumns: cols, encoding: f.encoding, delimiter: f.delimiter, columns: reader.headers }));
    else {
      const where = cols.length > 1
        ? `${addresses} addresses from columns ${cols.map((c) => `${c + 1} (${reader.headers[c]})`).join(', ')}`
        : `email column ${reader.emailColumn + 1} (${reader.headers[reader.emailColumn]})`;
      await write(`${rows} rows · ${where} · ${f.encoding} · delimiter ${JSON.stringify(f.delimiter)}`);
    }
    const rl = await lines(createReadStream(tmp));
    for await (const line of rl) await write(line);
      printCapped(reader.warnings.map((w) => `warning: ${w}`), 'more warnings');
    return 0;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- check-email

async function checkEmails(args: string[]): Promise<number> {
  const a = parse(args, [], ['json']);
  const json = a.flags.has('json');
  const { checkEmail } = await deps();
  const emit = async (addr: string) => {
    const c = checkEmail(addr);
    if (json) await write(JSON.stringify({ address: addr, valid: c.valid, normalized: c.normalized, suggestion: c.suggestion, role: c.role, disposable: c.disposable, problem: c.problem }));
    else await write([c.valid ? 'valid  ' : 'INVALID', addr, c.normalized && c.normalized !== addr ? `= ${c.normalized}` : '', c.problem, c.suggestion ? `did you mean ${c.suggestion}?` : '', c.role ? 'role account' : '', c.disposable ? 'disposable' : ''].filter(Boolean).join('  '));
  };
  if (a.positional.length) {
    for (const addr of a.positional) await emit(addr);
    return 0;
  }
  // One output line per input line, blank ones included, so the output pastes back beside the input.
  const rl = await lines(process.stdin);
  for await (const line of rl) await emit(line.trim());
  return 0;
}

// ---------------------------------------------------------------- main

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'clean': return clean(rest);
    case 'bounces': return bounces(rest);
    case 'contacts': return contacts(rest);
    case 'check-email': return checkEmails(rest);
    case '--help': case '-h': case 'help':
      process.stdout.write(`${HELP}\n`);
      return 0;
    case '--version': case '-V':
      process.stdout.write(`listsweep ${version}\n`);
      return 0;
    case undefined:
      process.stderr.write(`${HELP}\n`);
      return EX_USAGE;
    default:
      throw new UsageError(`unknown command ${command}`);
  }
}

/**
 * Wall ms of each step of `clean` (contacts, bounces, exports, close), its CPU ms (`.cpuMs`, every
 * thread: on a shared machine the steadier figure), then its task's own split (contacts.readMs:
 * the reading thread's time reading the file…).
 */
const phases: Record<string, number> = {};

function addPhase(name: string, ms: number, cpuSince: NodeJS.CpuUsage, timings?: Record<string, number>): void {
  const add = (k: string, v: number) => { phases[k] = Math.round((phases[k] ?? 0) + v); };
  const cpu = process.cpuUsage(cpuSince);
  add(name, ms);
  add(`${name}.cpuMs`, (cpu.user + cpu.system) / 1000);
  for (const [k, v] of Object.entries(timings ?? {})) add(`${name}.${k}`, v);
}

// Benchmarks read the process's peak memory (worker threads included), CPU and phases from this line.
if (process.env.LISTSWEEP_STATS) {
  process.on('exit', () => {
    const u = process.resourceUsage();
    process.stderr.write(`listsweep-stats ${JSON.stringify({ maxRssMb: Math.round(u.maxRSS / 1024), cpuSeconds: (u.userCPUTime + u.systemCPUTime) / 1e6, phases })}\n`);
  });
}

const debug = process.argv.includes('--debug');

main(process.argv.slice(2).filter((a) => a !== '--debug')).then(
  (code) => { process.exitCode = code; },
  (e: unknown) => {
    if (e instanceof UsageError) {
      process.stderr.write(`listsweep: ${e.message}\n${USAGE}\n`);
      process.exitCode = EX_USAGE;
      return;
    }
    const user = userErrorOf(e);
    if (user && user.code !== 'internal') {
      process.stderr.write(`listsweep: ${user.message.replace(/\s+/g, ' ')}\n`);
      if (debug && user !== e) process.stderr.write(`${(e as Error)?.stack ?? String(e)}\n`);
      process.exitCode = exitFor(user.code);
      return;
    }
    const message = ((e as Error)?.message ?? String(e)).replace(/\s+/g, ' ');
    process.stderr.write(debug
      ? `listsweep: internal error: ${(e as Error)?.stack ?? String(e)}\n`
      : `listsweep: internal error: ${message} (run again with --debug for the details)\n`);
    process.exitCode = exitFor('internal');
  },
);
