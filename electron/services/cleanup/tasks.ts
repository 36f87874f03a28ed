/**
 * The jobs a worker can run, each loaded when it runs: a contact import's writing thread then
 * loads neither the bounce readers nor the contact checks (its helper thread does), and starts
 * that helper sooner.
 */
import type { TaskTable } from '../jobs/protocol.js';

export const TASKS: TaskTable = {
  'import-contacts': async (ctx, payload) => (await import('./import-contacts.js')).importContacts(ctx, payload),
  'import-bounces': async (ctx, payload) => (await import('./import-bounces.js')).importBounces(ctx, payload),
  export: async (ctx, payload) => (await import('./export.js')).exportList(ctx, payload),
};
