/**
 * Job worker entry (built as out/main/job-worker.js; under tsx it is this file). Runs one
 * import or export off the main event loop, with its own database connection, and reports
 * progress at most ~10 times a second. A job may start a second thread on this same entry as
 * its helper (`helper` in workerData): the contact import reads and checks rows there while
 * its own thread writes them to SQLite.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { TaskTable, WorkerInput } from './protocol.js';
import { execute } from './execute.js';
import type { ReviewOp } from '../cleanup/review-op.js';
import type { BounceColumnMapping, ContactImportOptions } from '../../../shared/contract.js';
import { settle } from './settle.js';
import type { Ordered } from '../cleanup/sort-orders.js';

/** What a worker started on this entry without a job runs (JobRunner.call/fold, a job's helper). */
type Helper =
  | { readonly helper: 'review-op'; readonly dbPath: string; readonly op: ReviewOp }
  | { readonly helper: 'fold'; readonly dbPath: string }
  | { readonly helper: 'addresses'; readonly dbPath: string }
  | { readonly helper: 'sort-order'; readonly dbPath: string; readonly by: Ordered }
  | { readonly helper: 'check-cleanup'; readonly path: string }
  | { readonly helper: 'upgrade-cleanup'; readonly path: string }
  | { readonly helper: 'contact-rows' }
  | { readonly helper: 'mail-files' }
  | { readonly helper: 'previews' };

/** A request to the previews worker (JobRunner.preview). */
type PreviewRequest =
  | { readonly id: number; readonly what: 'contacts'; readonly path: string; readonly options: ContactImportOptions }
  | { readonly id: number; readonly what: 'bounces'; readonly paths: string[]; readonly mappings?: Record<string, BounceColumnMapping> };

void (async () => {
  const h = workerData as Helper | { helper?: undefined };
  switch (h.helper) {
    case 'review-op': {
      const { runReviewOp } = await import('../cleanup/review-op.js');
      parentPort!.postMessage(runReviewOp(h.dbPath, h.op));
      // Then fold the change into the file (upkeep: a failure leaves it to the next checkpoint).
      const { foldWal } = await import('../store/index.js');
      try { foldWal(h.dbPath); } catch { /* see above */ }
      return;
    }
    // Every address for the review's search, read while the review opens (AddressIndex), and
    // kept in the file where it had none, while off the main thread (the sorts' orders follow: 'sort-order').
    case 'addresses': {
      const [{ openStore }, { readAddresses, transferList }] = await Promise.all([import('../store/index.js'), import('../cleanup/address-index.js')]);
      const db = openStore(h.dbPath);
      try {
        const parts = readAddresses(db, { store: true });
        parentPort!.postMessage(parts, transferList(parts));
      } finally {
        db.close();
      }
      return;
    }
    // A column's order for the review's sorts, read after the addresses.
    case 'sort-order': {
      const [{ openStore }, { readOrder, orderTransferList }] = await Promise.all([import('../store/index.js'), import('../cleanup/sort-orders.js')]);
      const db = openStore(h.dbPath, { readonly: true });
      try {
        const parts = readOrder(db, h.by);
        parentPort!.postMessage(parts, orderTransferList(parts));
      } finally {
        db.close();
      }
      return;
    }
    case 'fold': {
      const { foldWal } = await import('../store/index.js');
      foldWal(h.dbPath);
      return;
    }
    case 'check-cleanup': {
      const { checkCleanupAnswer } = await import('../store/inspect.js');
      parentPort!.postMessage(checkCleanupAnswer(h.path));
      return;
    }
    case 'upgrade-cleanup': {
      const { upgradeCleanupAnswer } = await import('../store/db.js');
      parentPort!.postMessage(upgradeCleanupAnswer(h.path));
      return;
    }
    // Previews read files the user picked, which may be hostile: here, never on the main
    // thread. This worker stays, answering one request after another.
    case 'previews': {
      const { previewContacts } = await import('../contacts/index.js');
      const { previewBounces } = await import('../bounces/index.js');
      parentPort!.on('message', (r: PreviewRequest) => {
        void settle<unknown>(() => (r.what === 'contacts' ? previewContacts(r.path, r.options) : previewBounces(r.paths, r.mappings ? { mappings: r.mappings } : {})))
          .then((result) => parentPort!.postMessage({ id: r.id, result }));
      });
      return;
    }
    case 'mail-files': {
      const { serveMailFiles } = await import('../mail/pool.js');
      serveMailFiles(parentPort!);
      return;
    }
    case 'contact-rows': {
      const { runContactRowsHelper } = await import('../cleanup/contact-rows-thread.js');
      await runContactRowsHelper(workerData, parentPort!);
      return;
    }
  }
  const input = workerData as WorkerInput;
  // Loaded lazily so a test's fake tasks do not pay for loading every importer.
  const tasks: TaskTable = input.tasksModule
    ? ((await import(input.tasksModule)) as { tasks: TaskTable }).tasks
    : (await import('../cleanup/tasks.js')).TASKS;
  await execute(input, tasks, (m) => parentPort!.postMessage(m));
})();
