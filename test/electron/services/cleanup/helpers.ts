import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { EventName, Events } from '../../../../shared/contract.js';
import { createServices, type Services } from '../../../../electron/services/cleanup/index.js';

export const REPO = resolve(import.meta.dirname, '../../../..');
export const GEN_LISTS = resolve(REPO, '../shared/tools/gen-lists.mjs');

/** gen-lists output (contacts.csv, bounces.csv, truth.json) in a fresh folder. */
export function genLists(contacts: number, extra: string[] = []): string {
  const out = mkdtempSync(join(tmpdir(), 'ls-gen-'));
  execFileSync(process.execPath, [GEN_LISTS, '--contacts', String(contacts), '--out', out, ...extra], { stdio: 'pipe' });
  if (!existsSync(join(out, 'contacts.csv'))) throw new Error('gen-lists produced nothing');
  return out;
}

export interface Harness {
  services: Services;
  events: { event: EventName; payload: unknown }[];
  userDataDir: string;
  /** Starts a job channel and waits for its job/done. */
  run(jobId: Promise<{ jobId: string }>): Promise<Events['job/done']['outcome']>;
}

export function harness(): Harness {
  const userDataDir = mkdtempSync(join(tmpdir(), 'ls-ud-'));
  const events: { event: EventName; payload: unknown }[] = [];
  const services = createServices({ userDataDir, emit: (event, payload) => { events.push({ event, payload }); } });
  return {
    services, events, userDataDir,
    async run(started) {
      const { jobId } = await started;
      return (await services.waitForJob(jobId)).outcome;
    },
  };
}
