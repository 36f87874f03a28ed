import Database from 'better-sqlite3';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import type { EventName, Events } from '../../../../shared/contract.js';
import { createServices, type Services, type ServicesOptions } from '../../../../electron/services/cleanup/index.js';
import { generateSample, type SampleOptions } from '../../../../electron/services/sample/generate.js';

export const REPO = resolve(import.meta.dirname, '../../../..');

/** A small seeded generator (mulberry32): the same lists on every run. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The sample generator's output (contacts.csv, bounces.csv, truth.json) in a fresh folder. */
export function genLists(contacts: number, extra: Omit<SampleOptions, 'contacts' | 'out'> = {}): string {
  const out = mkdtempSync(join(tmpdir(), 'ls-gen-'));
  generateSample({ contacts, out, ...extra });
  return out;
}

export interface Harness {
  services: Services;
  events: { event: EventName; payload: unknown }[];
  userDataDir: string;
  /** Starts a job channel and waits for its job/done. */
  run(jobId: Promise<{ jobId: string }>): Promise<Events['job/done']['outcome']>;
}

export function harness(extra: Partial<Omit<ServicesOptions, 'userDataDir' | 'emit'>> = {}): Harness {
  const userDataDir = mkdtempSync(join(tmpdir(), 'ls-ud-'));
  const events: { event: EventName; payload: unknown }[] = [];
  const services = createServices({ userDataDir, ...extra, emit: (event, payload) => { events.push({ event, payload }); } });
  return {
    services, events, userDataDir,
    async run(started) {
      const { jobId } = await started;
      return (await services.waitForJob(jobId)).outcome;
    },
  };
}

/**
 * A new cleanup in `h` holding a contact list written from `contacts` (list.csv) and copies of the
 * bounce fixtures (paths from the repository root); throws unless both imports are done.
 */
export async function cleanupWith(h: Harness, contacts: string, bounceFixtures: readonly string[]): Promise<void> {
  const dir = h.userDataDir;
  await h.services['cleanup/new']({});
  writeFileSync(join(dir, 'list.csv'), contacts);
  const bounces = bounceFixtures.map((f) => {
    const to = join(dir, basename(f));
    copyFileSync(resolve(REPO, f), to);
    return to;
  });
  // One job at a time: a cleanup takes one import at once.
  const starts = [() => h.services['contacts/import']({ path: join(dir, 'list.csv'), options: {} }), () => h.services['bounces/import']({ paths: bounces, mappings: {} })];
  for (const start of starts) {
    const outcome = await h.run(start());
    if (outcome.status !== 'done') throw new Error(`import ${outcome.status}: ${JSON.stringify(outcome)}`);
  }
}

/**
 * Test oracle: the exact records of an RFC 4180 text (CRLF between records, quotes may hold
 * CRLF). Independent of the product's reader on purpose.
 */
export function splitRecords(text: string): string[] {
  const out: string[] = [];
  let inQuotes = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') inQuotes = !inQuotes;
    else if (!inQuotes && c === '\r' && text[i + 1] === '\n') {
      out.push(text.slice(start, i));
      start = i + 2;
      i++;
    }
  }
  if (start < text.length) out.push(text.slice(start));
  return out;
}

/** Data row numbers (1-based) the cleanup decided to remove. */
export function removedRows(dbPath: string): Set<number> {
  const db = new Database(dbPath, { readonly: true });
  try {
    return new Set((db.prepare("SELECT row FROM contacts WHERE decision = 'remove'").all() as { row: number }[]).map((r) => r.row));
  } finally {
    db.close();
  }
}

/** What the cleaned file must be: the input's header and kept records, byte for byte. */
export function expectedCleaned(input: string, removed: Set<number>): string {
  const recs = splitRecords(input);
  const [header, ...data] = recs;
  const kept = data.filter((_r, i) => !removed.has(i + 1));
  return [header, ...kept].join('\r\n') + (input.endsWith('\r\n') ? '\r\n' : '');
}
