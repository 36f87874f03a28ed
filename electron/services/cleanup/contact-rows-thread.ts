/**
 * The contact import's helper thread: prepareContactRows in a second worker, posting packed
 * batches to the job's thread (which only writes SQLite). A shared counter of batches in flight
 * keeps the reader at most a few batches ahead, so memory stays flat when the writer is slower.
 */
import type { MessagePort } from 'node:worker_threads';
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../jobs/spawn.js';
import { errorMessage, type PrepareInput, type ProducerMessage } from './contact-pack.js';

/** The producer and everything it reads with, loaded only by the thread that runs it. */
const producer = () => import('./contact-rows.js');

/** Batches (of ~1000 rows) the reader may be ahead of the writer. */
const MAX_IN_FLIGHT = 8;

interface HelperData {
  readonly helper: 'contact-rows';
  readonly input: PrepareInput;
  /** Int32Array view: [0] = batches posted and not yet written. */
  readonly inFlight: SharedArrayBuffer;
}

type WaitAsync = (a: Int32Array, i: number, v: number) => { async: boolean; value: Promise<string> | string };
const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;

/** Runs in the helper thread (worker.ts dispatches here). */
export async function runContactRowsHelper(data: HelperData, port: MessagePort): Promise<void> {
  const inFlight = new Int32Array(data.inFlight);
  // A pending Atomics.waitAsync does not keep a thread alive; this timer does while it runs.
  const alive = setInterval(() => undefined, 1000);
  try {
    const { prepareContactRows } = await producer();
    for await (const m of prepareContactRows(data.input)) {
      if (m.type === 'end') {
        port.postMessage(m, m.addresses.pieces.map((p) => p.buffer as ArrayBuffer));
        continue;
      }
      if (m.type !== 'batch') { port.postMessage(m); continue; }
      for (let v = Atomics.load(inFlight, 0); v >= MAX_IN_FLIGHT; v = Atomics.load(inFlight, 0)) {
        const r = waitAsync(inFlight, 0, v);
        if (r.async) await r.value;
      }
      Atomics.add(inFlight, 0, 1);
      const transfer = [m.batch.nums.buffer as ArrayBuffer, m.batch.lens.buffer as ArrayBuffer];
      if (m.batch.at) transfer.push(m.batch.at.buffer as ArrayBuffer);
      port.postMessage(m, transfer);
    }
  } catch (e) {
    port.postMessage(errorMessage(e));
  } finally {
    clearInterval(alive);
  }
}

export interface RowSource extends AsyncIterable<ProducerMessage> {
  /** The writer has stored a batch: the reader may send another. */
  written(): void;
  stop(): Promise<void>;
}

/** On the job's thread: the helper thread as an async stream of its messages. */
export function helperRows(workerUrl: string, input: PrepareInput, signal: AbortSignal): RowSource {
  const inFlight = new Int32Array(new SharedArrayBuffer(4));
  const data: HelperData = { helper: 'contact-rows', input, inFlight: inFlight.buffer as SharedArrayBuffer };
  const worker: Worker = startWorker(workerUrl, data);
  const queue: ProducerMessage[] = [];
  let wake: (() => void) | null = null;
  let closed = false;
  const push = (m: ProducerMessage) => { queue.push(m); wake?.(); };
  worker.on('message', (m: ProducerMessage) => push(m));
  worker.on('error', (e: Error) => push({ type: 'error', app: false, code: 'internal', message: e.message }));
  worker.on('exit', () => { closed = true; wake?.(); });
  const onAbort = () => wake?.();
  signal.addEventListener('abort', onAbort);
  return {
    async *[Symbol.asyncIterator]() {
      for (;;) {
        const m = queue.shift();
        if (m) { yield m; if (m.type === 'end' || m.type === 'error') return; continue; }
        if (signal.aborted) return;
        if (closed) { yield { type: 'error', app: false, code: 'internal', message: 'The reading thread stopped unexpectedly.' }; return; }
        await new Promise<void>((r) => { wake = r; });
        wake = null;
      }
    },
    written() {
      Atomics.sub(inFlight, 0, 1);
      Atomics.notify(inFlight, 0);
    },
    async stop() {
      signal.removeEventListener('abort', onAbort);
      if (!closed) await worker.terminate();
    },
  };
}

/** The same stream produced on this thread (small files, or no worker entry to start). */
export function inlineRows(input: PrepareInput, signal: AbortSignal): RowSource {
  return {
    async *[Symbol.asyncIterator]() {
      try {
        const { prepareContactRows } = await producer();
        yield* prepareContactRows(input, signal);
      } catch (e) {
        yield errorMessage(e);
      }
    },
    written() {},
    async stop() {},
  };
}
