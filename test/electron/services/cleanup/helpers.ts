import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { EventName, Events } from '../../../../shared/contract.js';
import { createServices, type Services, type ServicesOptions } from '../../../../electron/services/cleanup/index.js';
import { generateSample, type SampleOptions } from '../../../../electron/services/sample/generate.js';

export const REPO = resolve(import.meta.dirname, '../../../..');
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
