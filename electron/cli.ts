/**
 * The command line: the same services and policy as the app, headless.
 *
 *   listsweep clean --contacts FILE... [--bounces FILE|DIR...] --out CLEANED.csv
 *                   [--removed REMOVED.csv] [--suppression SUPPRESSION.csv [--format SERVICE]] [--db FILE.listsweep]
 *   listsweep bounces FILE|DIR... [--json]
 *   listsweep contacts FILE [--json]
 *   listsweep check-email [ADDRESS...] [--json]      (addresses from stdin when none are given)
 *
 * Errors are one line on stderr ("listsweep: …") with a non-zero exit: 1 for bad input files,
 * 2 for a wrong command line.
 */
import { createReadStream, createWriteStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { AppError, isAppError } from '../shared/errors.js';
import { SUPPRESSION_FORMAT_IDS } from '../shared/suppression-formats.js';
import type { DecisionCause } from '../shared/types.js';
import { createServices } from './services/cleanup/index.js';
import { checkEmail, openContacts, readBounces } from './services/cleanup/deps.js';

class UsageError extends Error {}

const USAGE = `usage:
  listsweep clean --contacts FILE... [--bounces FILE|DIR...] --out CLEANED.csv [--removed REMOVED.csv] [--suppression FILE.csv] [--db FILE.listsweep]
                  [--format ${SUPPRESSION_FORMAT_IDS.join('|')}]  (the suppression list in that service's import format; default generic)
                  (--out and --removed write an Excel workbook when the name ends in .xlsx)
                  [--report REPORT.html]  (a self-contained page to share: what went in, the policy, decisions, reasons)
                  [--excel-safe]  (cleaned list: an apostrophe before cells that start with = + - @; the other files always have it)
  listsweep bounces FILE|DIR... [--json]
  listsweep contacts FILE [--json]
  listsweep check-email [ADDRESS...] [--json]`;

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
  const a = parse(args, ['contacts', 'bounces', 'out', 'removed', 'suppression', 'format', 'report', 'db'], ['excel-safe']);
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
  if (report !== undefined && !/\.html?$/i.test(report)) throw new UsageError('--report writes HTML: give it a .html name (no browser engine here for a PDF; print the page from a browser)');
  if (format !== undefined && !SUPPRESSION_FORMAT_IDS.includes(format)) throw new UsageError(`--format must be one of ${SUPPRESSION_FORMAT_IDS.join(', ')}`);
  if (format !== undefined && !a.lists.has('suppression')) throw new UsageError('--format is the format of --suppression FILE');
  if (contacts.length === 0) throw new UsageError('clean needs --contacts FILE');
  if (!out) throw new UsageError('clean needs --out CLEANED.csv');
  const contactPaths = contacts.map((c) => requireFile(c, 'contacts file'));
  const bouncePaths = bounces.map((b) => requireFile(b, 'bounces file'));
  for (const c of contactPaths) if (statSync(c).size === 0) throw new AppError('wrong-file', `contacts file is empty: ${c}`);

  const scratch = mkdtempSync(join(tmpdir(), 'listsweep-cli-'));
  // Jobs run inline: a command line has no window to keep responsive, and it saves a worker
  // start-up per job. Same tasks, same transactions, same policy as the app.
  const services = createServices({ userDataDir: scratch, emit: () => {}, inlineJobs: true });
  try {
    const db = one('db');
    await services['cleanup/new']({ path: db ? resolve(db) : join(scratch, 'cli.listsweep') });
    const run = async (started: Promise<{ jobId: string }>): Promise<void> => {
      const { outcome } = await services.waitForJob((await started).jobId);
      if (outcome.status === 'failed') throw new AppError(outcome.code as 'wrong-file', outcome.message);
      if (outcome.status === 'cancelled') throw new AppError('cancelled', 'cancelled');
      for (const w of outcome.warnings) process.stderr.write(`listsweep: warning: ${w}\n`);
    };
    for (const p of contactPaths) await run(services['contacts/import']({ path: p, options: {} }));
    if (bouncePaths.length) await run(services['bounces/import']({ paths: bouncePaths, mappings: {} }));
    await run(services['export/run']({ kind: 'cleaned', path: resolve(out), encoding: 'source', excelSafe: a.flags.has('excel-safe') }));
    const removed = one('removed');
    if (removed) await run(services['export/run']({ kind: 'removed', path: resolve(removed), encoding: 'source' }));
    const supp = one('suppression');
    if (supp) await run(services['export/run']({ kind: 'suppression', path: resolve(supp), encoding: 'source', ...(format ? { format } : {}) }));
    if (report) await services['export/report']({ path: resolve(report) });
    const s = await services['review/summary']({});
    await write(summaryLine(s.total, s.byDecision, await removedCauses(services)));
    if (s.reputationWarning) process.stderr.write(`listsweep: note: ${s.reputationWarning}\n`);
    return 0;
  } finally {
    await services.dispose();
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function removedCauses(services: ReturnType<typeof createServices>): Promise<[string, number][]> {
  const causes: DecisionCause[] = ['hard-bounce', 'complaint', 'unsubscribed', 'repeated-soft', 'invalid', 'duplicate', 'role', 'disposable', 'override'];
  const out: [string, number][] = [];
  for (const cause of causes) {
    const n = (await services['review/rows']({ filter: { decision: 'remove', search: '', cause }, offset: 0, limit: 1 })).total;
    if (n) out.push([cause, n]);
  }
  return out.sort((x, y) => y[1] - x[1]);
}

function summaryLine(total: number, d: { keep: number; remove: number; watch: number }, removed: [string, number][]): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const by = removed.map(([c, k]) => `${n(k)} ${c}`).join(', ');
  return `${n(total)} rows in, ${n(d.keep + d.watch)} kept (${n(d.watch)} to watch), ${n(d.remove)} removed${by ? `: ${by}` : ''}`;
}

// ---------------------------------------------------------------- bounces

async function bounces(args: string[]): Promise<number> {
  const a = parse(args, [], ['json']);
  if (a.positional.length === 0) throw new UsageError('bounces needs at least one FILE or DIR');
  const paths = a.positional.map((p) => requireFile(p, 'bounce file'));
  const json = a.flags.has('json');
  const unreadable: string[] = [];
  const notes: string[] = [];
  let n = 0;
  const onWarning = (w: { path: string; message: string; skippedFile?: boolean }): void => {
    (w.skippedFile ? unreadable : notes).push(`${w.path}: ${w.message}`);
  };
  for await (const batch of readBounces(paths, { onWarning })) {
    for (const { path, record: r } of batch) {
      n++;
      if (json) {
        await write(JSON.stringify({ source: path, email: r.email, verdict: r.verdict, reason: r.reason, status: r.status, replyCode: r.replyCode, diagnostic: r.diagnostic, provider: r.provider }));
      } else {
        await write([r.verdict.padEnd(10), r.reason.padEnd(16), r.email, [r.replyCode, r.status].filter(Boolean).join(' '), path].join('  '));
      }
    }
  }
  for (const note of notes) process.stderr.write(`listsweep: note: ${note}\n`);
  for (const u of unreadable) process.stderr.write(`listsweep: skipped ${u}\n`);
  if (unreadable.length) process.stderr.write(`listsweep: ${unreadable.length} file${unreadable.length === 1 ? '' : 's'} could not be read; ${n} records from the rest\n`);
  return 0;
}

// ---------------------------------------------------------------- contacts

async function contacts(args: string[]): Promise<number> {
  const a = parse(args, [], ['json']);
  if (a.positional.length !== 1) throw new UsageError('contacts needs exactly one FILE');
  const path = requireFile(a.positional[0]!, 'contacts file');
  const json = a.flags.has('json');
  const reader = await openContacts(path, {});
  // The summary line comes first but its row count is known only at the end: rows go to a
  // scratch file meanwhile, so a million-row list does not sit in memory.
  const scratch = mkdtempSync(join(tmpdir(), 'listsweep-contacts-'));
  const tmp = join(scratch, 'rows.ndjson');
  const sink = createWriteStream(tmp);
  const first = new Map<string, number>();
  let rows = 0;
  try {
    for await (const batch of reader.batches()) {
      const lines: string[] = [];
      for (const rec of batch) {
        rows++;
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
    if (json) await write(JSON.stringify({ kind: 'summary', rows, emailColumn: reader.emailColumn, encoding: f.encoding, delimiter: f.delimiter, columns: reader.headers }));
    else await write(`${rows} rows · email column ${reader.emailColumn + 1} (${reader.headers[reader.emailColumn]}) · ${f.encoding} · delimiter ${JSON.stringify(f.delimiter)}`);
    const rl = createInterface({ input: createReadStream(tmp), crlfDelay: Infinity });
    for await (const line of rl) await write(line);
    for (const w of reader.warnings) process.stderr.write(`listsweep: warning: ${w}\n`);
    return 0;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- check-email

async function checkEmails(args: string[]): Promise<number> {
  const a = parse(args, [], ['json']);
  const json = a.flags.has('json');
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
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
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
    case undefined: case '--help': case '-h': case 'help':
      process.stdout.write(`${USAGE}\n`);
      return command === undefined ? 2 : 0;
    default:
      throw new UsageError(`unknown command ${command}`);
  }
}

// Benchmarks read the process's peak memory (worker threads included) from this line.
if (process.env.LISTSWEEP_STATS) {
  process.on('exit', () => {
    const u = process.resourceUsage();
    process.stderr.write(`listsweep-stats ${JSON.stringify({ maxRssMb: Math.round(u.maxRSS / 1024), cpuSeconds: (u.userCPUTime + u.systemCPUTime) / 1e6 })}\n`);
  });
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (e: unknown) => {
    if (e instanceof UsageError) {
      process.stderr.write(`listsweep: ${e.message}\n${USAGE}\n`);
      process.exitCode = 2;
    } else if (isAppError(e)) {
      process.stderr.write(`listsweep: ${e.message.replace(/\s+/g, ' ')}\n`);
      process.exitCode = 1;
    } else {
      process.stderr.write(`listsweep: unexpected error: ${(e as Error)?.stack ?? String(e)}\n`);
      process.exitCode = 70;
    }
  },
);

