/**
 * createServices: the one facade the IPC dispatch (electron/ipc), the test host and the CLI
 * call. It implements every contract channel except the native dialogs. Reads run on the
 * caller's thread against the open cleanup; imports and exports run as worker jobs.
 */
import { existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { BounceColumnMapping, BounceFilePreview, Channel, ChannelArgs, ChannelOutput, CleanupInfo, ContactImportOptions, ContactPreview, EventName, Events, ShellChannel, SourceInfo } from '../../../shared/contract.js';
import { AppError, DAMAGED_MESSAGE, type AppErrorCode } from '../../../shared/errors.js';
import type { Policy } from '../../../shared/policy.js';
import type { JobKind, JobOutcome } from '../../../shared/types.js';
import { JobRunner } from '../jobs/runner.js';
import { unsettle, type Settled } from '../jobs/settle.js';
import { removeStaleTemps } from '../archive/unzip.js';
import { getSetting, inspectCleanup, openStore, SCHEMA_VERSION, setSetting, type CheckAnswer, type Db } from '../store/index.js';
import { headerKey, previewBounces, previewContacts } from './deps.js';
import { nameOf, RecentList } from './recent.js';
import { normalizeFilter, Review, REVIEW_CACHE_MB, type BackgroundDelay } from './review.js';
import type { OrderParts } from './sort-orders.js';
import { countFormulaCells, type ExportPayload } from './export.js';
import { renderReport } from '../export/report.js';
import { PDF_NEEDS_BROWSER, type HtmlToPdf } from '../export/pdf.js';
import { REIMPORT_FORMAT_IDS } from '../../../shared/reimport-formats.js';
import { writeTrySample } from '../sample/try-it.js';
import { applyReviewOp, type ReviewOp, type ReviewOpResult } from './review-op.js';
import type { AddressParts } from './address-index.js';

export type Services = {
  [C in Exclude<Channel, ShellChannel>]: (args: ChannelArgs<C>) => Promise<ChannelOutput<C>>;
} & {
  /**
   * Stops the jobs and closes the cleanup. `discard`: the file is deleted right after (the command
   * line's scratch cleanup), so closing leaves its log unfolded.
   */
  dispose(opts?: { readonly discard?: boolean }): Promise<void>;
  /** Resolves when a job has finished (tests, CLI). */
  waitForJob(jobId: string): Promise<{ outcome: JobOutcome; result?: unknown }>;
  /**
   * The cleaned list's `export/run` with the removed list written to `removed.path` in the same
   * pass over the rows (the command line's --out with --removed; ExportPayload.removed says why).
   * Not a channel: the app exports one file at a time.
   */
  exportCleanedAndRemoved(args: ChannelArgs<'export/run'> & { readonly kind: 'cleaned' }, removed: NonNullable<ExportPayload['removed']>): Promise<{ jobId: string }>;
};

export interface ServicesOptions {
  readonly userDataDir: string;
  readonly workerUrl?: string | URL;
  readonly emit: <E extends EventName>(event: E, payload: Events[E]) => void;
  /** Tests only: replace the worker's tasks. */
  readonly tasksModule?: string;
  /** Run jobs on the calling thread (the CLI); the app keeps the default, worker threads. */
  readonly inlineJobs?: boolean;
  /** Tests only: the row count from which a review change runs in a worker (default 5,000). */
  readonly bulkInWorkerFrom?: number;
  /** Tests only: the row count from which the search's addresses are read in a worker (default 50,000). */
  readonly addressesInWorkerFrom?: number;
  /** Tests only: how long the review waits before its reads in the background (Review.readInBackground). */
  readonly backgroundDelay?: BackgroundDelay;
  /** The heap (MB) a worker reading or writing files may use (default: the runner's). */
  readonly workerMemoryMb?: number;
  /**
   * Prints the report page to PDF (a .pdf report name): Electron's printToPDF in the app, a
   * Chromium subprocess in the CLI. Absent: a PDF report is refused with a plain message.
   */
  readonly htmlToPdf?: HtmlToPdf;
}

/**
 * From this many rows on, an override, undo, accepted suggestions or a rules change runs in a
 * worker: on the main thread, 12,000 rows scattered over a 1M-row cleanup blocked it ~0.6-0.8 s.
 */
const BULK_IN_WORKER_ROWS = 5_000;

/**
 * From this many rows on, the search's addresses are read in a worker as the review opens (~60 ms
 * of CPU at 1M rows where the file keeps them, ~250 ms from the rows; off the main thread and off
 * the first search); below, the first search reads them itself in a few milliseconds.
 */
const ADDRESSES_IN_WORKER_ROWS = 50_000;

/**
 * Checking a cleanup before it is opened reads every page (quick_check): a few seconds for a
 * million-contact file on a slow disk. Far past that, the file is not one ListSweep wrote.
 */
const OPEN_CHECK_LIMIT_MS = 60_000;

const DEFAULT_WORKER = new URL('../jobs/worker.ts', import.meta.url);

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** "Cleanup 2026-11-27 14.05" (local time; dots because ':' is not allowed in Windows names). */
export function defaultCleanupName(d = new Date()): string {
  return `Cleanup ${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}.${pad(d.getMinutes())}`;
}

interface Open { path: string; db: Db; review: Review }

/** The file a new cleanup at `path` is written to: `.listsweep` is added when missing. */
export function cleanupFileName(path: string): string {
  return /\.listsweep$/i.test(path) ? path : `${path}.listsweep`;
}

/** zod's partial() output may carry explicit undefineds; a policy merge must not take them. */
function stripUndefined<T extends object>(o: T): Partial<{ [K in keyof T]: Exclude<T[K], undefined> }> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<{ [K in keyof T]: Exclude<T[K], undefined> }>;
}

export function createServices(opts: ServicesOptions): Services {
  const recent = new RecentList(opts.userDataDir);
  const runner = new JobRunner({
    workerUrl: opts.workerUrl ?? DEFAULT_WORKER,
    onProgress: (p) => opts.emit('job/progress', p),
    ...(opts.tasksModule ? { tasksModule: opts.tasksModule } : {}),
    ...(opts.inlineJobs ? { inline: true } : {}),
    ...(opts.workerMemoryMb ? { memoryLimitMb: opts.workerMemoryMb } : {}),
  });
  // Files unpacked from ZIPs by an earlier run that crashed or was killed before removing them.
  void removeStaleTemps();
  const finished = new Map<string, Promise<{ outcome: JobOutcome; result?: unknown }>>();
  /** Header-set keys of the spreadsheets last previewed, by path, to remember their mappings. */
  const previewKeys = new Map<string, string>();
  let current: Open | null = null;
  /** Review changes run one at a time, in the order asked; imports wait for them. */
  let changing: Promise<unknown> = Promise.resolve();
  let changesPending = 0;

  function need(): Open {
    if (!current) throw new AppError('no-cleanup', 'No cleanup is open. Start a new cleanup or open one first.');
    return current;
  }

  function notBusy(o: Open): void {
    if (runner.isBusy(o.path)) throw new AppError('busy', 'An import is still running on this cleanup. Wait for it to finish or cancel it.');
  }

  /** Applies a review change here when it is small, in a worker when it touches many rows. */
  async function change<T>(o: Open, rows: number, op: ReviewOp): Promise<T> {
    notBusy(o);
    const run = async (): Promise<T> => {
      if (opts.inlineJobs || rows < (opts.bulkInWorkerFrom ?? BULK_IN_WORKER_ROWS)) {
        const value = applyReviewOp(o.review, op) as T;
        runner.fold(o.path);
        return value;
      }
      const r = await runner.call<ReviewOpResult>({ helper: 'review-op', dbPath: o.path, op });
      // Corrections change addresses; an undo or redo may be one.
      o.review.afterBulkChange(op.op === 'accept' || op.op === 'undo' || op.op === 'redo');
      if (!r.ok) throw new AppError(r.app ? r.code as AppErrorCode : 'internal', r.message);
      return r.value as T;
    };
    changesPending++;
    const p = changing.then(run, run);
    changing = p.catch(() => undefined);
    try {
      return await p;
    } finally {
      changesPending--;
    }
  }

  /**
   * The search's addresses, read in a worker for a big cleanup (a search meanwhile reads the ones
   * the file keeps itself, else runs in SQL), then, once the review is quiet, the address and
   * domain sorts' orders (Review.readInBackground).
   */
  function addresses(o: Open): Promise<void> {
    if (opts.inlineJobs || o.review.rowCount < (opts.addressesInWorkerFrom ?? ADDRESSES_IN_WORKER_ROWS)) return Promise.resolve();
    return o.review.readInBackground({
      addresses: () => runner.call<AddressParts | null>({ helper: 'addresses', dbPath: o.path }, { what: 'Reading the addresses' }),
      order: (by) => runner.call<OrderParts>({ helper: 'sort-order', dbPath: o.path, by }, { what: 'Reading the sort order' }),
    }, opts.backgroundDelay);
  }

  function info(o: Open): CleanupInfo {
    const rows = o.db.prepare('SELECT * FROM sources ORDER BY id').all() as {
      id: number; kind: 'contacts' | 'bounces'; name: string; path: string; rows: number; format: string; provider: string | null; imported_at: string; warnings: string;
    }[];
    const sources: SourceInfo[] = rows.map((r) => ({
      id: r.id, kind: r.kind, name: r.name, path: r.path, rows: r.rows, format: r.format, provider: r.provider, importedAt: r.imported_at,
      warnings: JSON.parse(r.warnings) as string[],
    }));
    const sum = (k: 'contacts' | 'bounces') => sources.filter((s) => s.kind === k).reduce((a, s) => a + s.rows, 0);
    return { path: o.path, name: nameOf(o.path), contacts: sum('contacts'), bounces: sum('bounces'), sources };
  }

  async function closeCurrent(discard = false): Promise<void> {
    const o = current;
    if (!o) return;
    for (const j of runner.running()) if (j.dbPath === o.path) runner.cancel(j.jobId);
    await Promise.all(runner.running().filter((j) => j.dbPath === o.path).map((j) => j.done));
    current = null;
    o.review.stopBackground();
    if (discard) {
      // The last connection to close folds the log into the file (250 MB copied at 1M rows, and
      // written to disk). A reader still in a transaction keeps this one from being the last, and a
      // read-only connection closing last cannot fold: the file and its log are deleted as they are.
      const last = openStore(o.path, { readonly: true });
      last.exec('BEGIN');
      last.prepare('SELECT count(*) FROM sources').get();
      o.db.close();
      last.close();
    } else o.db.close();
  }

  function openAt(path: string, create: boolean): CleanupInfo {
    // Checkpoints run in workers (runner.fold), never in this connection's commits.
    const db = openStore(path, { create, noAutoCheckpoint: true, cacheMb: REVIEW_CACHE_MB });
    current = { path, db, review: new Review(db) };
    recent.touch(path);
    return info(current);
  }

  /**
   * Previews read a file the user picked, which may be hostile (a decompression bomb): never on
   * this thread, which in the app is the main process. The command line has no UI to protect.
   */
  function previewOfContacts(path: string, options: ContactImportOptions): Promise<ContactPreview> {
    if (opts.inlineJobs) return previewContacts(path, options);
    return runner.preview<Settled<ContactPreview>>({ what: 'contacts', path, options }, 'Reading this file').then(unsettle);
  }
  function previewOfBounces(paths: string[], mappings?: Record<string, BounceColumnMapping>): Promise<BounceFilePreview[]> {
    if (opts.inlineJobs) return previewBounces(paths, mappings ? { mappings } : {});
    return runner.preview<Settled<BounceFilePreview[]>>({ what: 'bounces', paths, ...(mappings ? { mappings } : {}) }, 'Reading these files').then(unsettle);
  }

  function startJob(kind: JobKind, payload: unknown, writes: boolean): { jobId: string } {
    const o = need();
    if (writes) notBusy(o);
    if (writes && changesPending) throw new AppError('busy', 'A change in the review is still being applied. Try again in a moment.');
    const h = runner.start(kind, o.path, payload, { writes });
    const done = h.done.then((r) => {
      if (current?.path === o.path && writes) {
        // The import keeps the first row of a duplicate group; "most complete" re-picks the keepers.
        // The job folds its own rows (TaskResult.afterwards); a second fold, started while that one
        // copies a million rows' pages, is for the duplicates re-linked here only.
        if (kind === 'import-contacts' && r.outcome.status === 'done' && current.review.afterContactImport()) runner.fold(o.path);
        if (kind === 'import-contacts') current.review.addressesChanged(); else current.review.invalidate();
      }
      opts.emit('job/done', { jobId: h.jobId, outcome: r.outcome });
      return r;
    });
    finished.set(h.jobId, done);
    return { jobId: h.jobId };
  }

  /** `removed`: the removed list as well, written in the same pass (the cleaned list only). */
  function startExport({ kind, path, encoding, sourceId, excelSafe, format, segment, shape }: ChannelArgs<'export/run'>, removed?: ExportPayload['removed']): { jobId: string } {
    const o = need();
    if (removed && (kind !== 'cleaned' || resolve(removed.path) === resolve(path))) throw new AppError('bad-input', 'The removed list goes with the cleaned list, in a file of its own.');
    for (const target of [path, ...(removed ? [removed.path] : [])]) {
      if (!existsSync(dirname(target))) throw new AppError('not-found', `The folder ${dirname(target)} does not exist.`);
      if (target === o.path) throw new AppError('bad-input', 'Choose another file: that is the cleanup itself.');
      // Never write over a list the user imported: the export would replace their original.
      const imported = o.db.prepare('SELECT name FROM sources WHERE path = ?').get(target) as { name: string } | undefined;
      if (imported) throw new AppError('bad-input', `Choose another file name: ${imported.name} is one of the files you imported, and exporting would replace it.`);
    }
    if (sourceId !== undefined && !o.db.prepare("SELECT 1 FROM sources WHERE id = ? AND kind = 'contacts'").get(sourceId)) {
      throw new AppError('not-found', 'That contact list is not in this cleanup any more.');
    }
    if (kind === 'reimport' && !REIMPORT_FORMAT_IDS.includes(format ?? '')) throw new AppError('bad-input', `A re-import file is for one service: ${REIMPORT_FORMAT_IDS.join(', ')}.`);
    return startJob('export', { kind, path, encoding, excelSafe: excelSafe === true, ...((kind === 'suppression' || kind === 'reimport') && format ? { format } : {}),
      ...(kind === 'segment' ? { segment: segment ?? {}, shape: shape ?? 'list' } : {}), ...(sourceId !== undefined && kind !== 'suppression' ? { sourceId } : {}),
      ...(removed ? { removed } : {}) } satisfies ExportPayload, false);
  }

  return {
    async 'cleanup/new'({ path }) {
      let target = path;
      if (!target) {
        const dir = join(opts.userDataDir, 'cleanups');
        mkdirSync(dir, { recursive: true });
        const base = defaultCleanupName();
        target = join(dir, `${base}.listsweep`);
        for (let i = 2; existsSync(target); i++) target = join(dir, `${base} (${i}).listsweep`);
      } else {
        target = cleanupFileName(target);
        if (existsSync(target)) {
          // The save dialog asked the user before replacing; still, never replace what is not a
          // cleanup (an empty file holds nothing to lose).
          if (statSync(target).size > 0) inspectCleanup(target);
          if (current?.path === target) await closeCurrent();
          for (const suffix of ['', '-wal', '-shm']) rmSync(target + suffix, { force: true });
        }
        if (!existsSync(dirname(target))) throw new AppError('not-found', `The folder ${dirname(target)} does not exist.`);
      }
      await closeCurrent();
      return openAt(target, true);
    },
    async 'cleanup/open'({ path }) {
      if (current?.path === path) return info(current);
      // Checked first, so a wrong file leaves the current cleanup open; in a worker with a time
      // limit, because a hostile file is SQL that could keep this thread busy for ever.
      const answer = await runner.call<CheckAnswer>({ helper: 'check-cleanup', path }, {
        limit: {
          ms: OPEN_CHECK_LIMIT_MS,
          error: () => new AppError('damaged', `${DAMAGED_MESSAGE} (${basename(path)}: checking it took longer than ${OPEN_CHECK_LIMIT_MS / 1000} s)`),
        },
      });
      if (!answer.ok) throw new AppError(answer.code, answer.message);
      if (answer.version < SCHEMA_VERSION) {
        // A file from an earlier version: its migrations run in a worker, so the window stays
        // responsive while a large cleanup's indexes are rebuilt. The current cleanup stays open
        // until the file is ready; a failed upgrade leaves the file at the last version it reached.
        const up = await runner.call<CheckAnswer>({ helper: 'upgrade-cleanup', path }, { what: 'Bringing this cleanup file up to date' });
        if (!up.ok) throw new AppError(up.code, up.message);
      }
      await closeCurrent();
      return openAt(path, false);
    },
    async 'cleanup/current'() {
      return current ? info(current) : null;
    },
    async 'cleanup/close'() {
      await closeCurrent();
      return null;
    },
    async 'cleanup/recent'() {
      return recent.list();
    },

    async 'sample/create'() {
      // A folder per sample: an earlier sample's cleanup still names its own files.
      const samples = join(opts.userDataDir, 'samples');
      let folder = join(samples, 'sample-1');
      for (let i = 2; existsSync(folder); i++) folder = join(samples, `sample-${i}`);
      const { contacts, bounces } = writeTrySample(folder);
      const dir = join(opts.userDataDir, 'cleanups');
      mkdirSync(dir, { recursive: true });
      let cleanup = join(dir, 'Sample cleanup.listsweep');
      for (let i = 2; existsSync(cleanup); i++) cleanup = join(dir, `Sample cleanup (${i}).listsweep`);
      return { folder, contacts, bounces, cleanup };
    },

    async 'contacts/preview'({ path, options }) {
      return previewOfContacts(path, options);
    },
    async 'contacts/import'({ path, options }) {
      need();
      if (!existsSync(path)) throw new AppError('not-found', `${path} does not exist.`);
      return startJob('import-contacts', { path, options }, true);
    },

    async 'bounces/preview'({ paths }) {
      let previews = await previewOfBounces(paths);
      const db = current?.db;
      // A generic sheet whose header set was mapped before gets that mapping back.
      const remembered: Record<string, BounceColumnMapping> = {};
      for (const p of previews) {
        if (!p.headers || p.provider !== 'generic') continue;
        const key = headerKey(p.headers);
        previewKeys.set(p.path, key);
        const m = db ? getSetting<BounceColumnMapping>(db, `mapping:${key}`) : undefined;
        if (m) remembered[p.path] = m;
      }
      if (Object.keys(remembered).length) {
        previews = (await previewOfBounces(paths, remembered)).map((p) =>
          remembered[p.path] ? { ...p, description: `${p.description} (columns as you chose last time)` } : p);
      }
      return previews;
    },
    async 'bounces/import'({ paths, mappings }) {
      const o = need();
      for (const p of paths) if (!existsSync(p)) throw new AppError('not-found', `${p} does not exist.`);
      notBusy(o);
      for (const [path, m] of Object.entries(mappings)) {
        const key = previewKeys.get(path);
        if (key) setSetting(o.db, `mapping:${key}`, m);
      }
      return startJob('import-bounces', { paths, mappings }, true);
    },

    async 'jobs/cancel'({ jobId }) {
      runner.cancel(jobId);
      return null;
    },

    async 'review/summary'() {
      const o = need();
      void addresses(o);
      return o.review.summary(o.review.canUndo());
    },
    async 'review/rows'({ filter, sort, offset, limit }) {
      const o = need();
      void addresses(o);
      // Waited for here, off this thread, rather than read by rows() on it.
      await o.review.orderFor(filter, sort, offset, limit);
      return need().review.rows(filter, offset, limit, sort);
    },
    async 'review/contact'({ id }) {
      return need().review.contact(id);
    },
    async 'review/override'({ ids, filter, decision }) {
      const o = need();
      const rows = ids ? ids.length : filter ? o.review.total(normalizeFilter(filter)) : 0;
      return { changed: await change<number>(o, rows, { op: 'override', ...(ids ? { ids } : {}), ...(filter ? { filter } : {}), decision }) };
    },
    async 'review/undo'() {
      const o = need();
      return { undone: await change<string | null>(o, o.review.undoSize(), { op: 'undo' }) };
    },
    async 'review/redo'() {
      const o = need();
      return { redone: await change<string | null>(o, o.review.redoSize(), { op: 'redo' }) };
    },
    async 'review/accept-suggestion'({ ids, filter }) {
      const o = need();
      const rows = ids ? ids.length : o.review.total({ ...normalizeFilter(filter), flag: 'typo' });
      return { changed: await change<number>(o, rows, { op: 'accept', ...(ids ? { ids } : {}), ...(filter ? { filter } : {}) }) };
    },

    async 'policy/get'() {
      return need().review.policy();
    },
    async 'policy/set'({ policy }) {
      const o = need();
      const next = await change<Policy>(o, o.review.total(normalizeFilter(undefined)), { op: 'policy', change: stripUndefined(policy) });
      return { policy: next, summary: o.review.summary(o.review.canUndo()) };
    },

    async 'export/run'(args) {
      return startExport(args);
    },
    async 'export/report'({ path, locale, removedRows }) {
      const o = need();
      if (!existsSync(dirname(path))) throw new AppError('not-found', `The folder ${dirname(path)} does not exist.`);
      const pdf = /\.pdf$/i.test(path);
      if (pdf && !opts.htmlToPdf) throw new AppError('unavailable', PDF_NEEDS_BROWSER);
      const page = o.review.rows({ decision: 'remove', search: '' }, 0, Math.max(1, Math.min(removedRows ?? 200, 1000)));
      const listed = page.rows.slice(0, removedRows ?? 200);
      const html = renderReport({
        cleanupName: nameOf(o.path), generatedAt: new Date(), locale: locale ?? 'en-US', sources: info(o).sources,
        policy: o.review.policy(), summary: o.review.summary(o.review.canUndo()),
        removed: listed.map((r) => ({ email: r.email, label: r.label, detail: r.lastDiagnostic })), removedTotal: page.total,
      });
      // The PDF is the same page, printed.
      const body = pdf ? await opts.htmlToPdf!(html) : html;
      // Written beside the target and moved into place, like every export.
      const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.partial`);
      writeFileSync(tmp, body);
      renameSync(tmp, path);
      return { removedListed: listed.length };
    },
    async 'export/formula-cells'({ sourceId }) {
      return { cells: await countFormulaCells(need().db, sourceId) };
    },

    async exportCleanedAndRemoved(args, removed) {
      return startExport(args, removed);
    },
    async waitForJob(jobId) {
      const p = finished.get(jobId);
      if (!p) throw new AppError('not-found', `No job ${jobId}.`);
      return p;
    },
    async dispose(opts = {}) {
      await runner.dispose();
      await closeCurrent(opts.discard);
    },
  };
}

