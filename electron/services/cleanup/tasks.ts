/** The jobs a worker can run. */
import type { TaskTable } from '../jobs/protocol.js';
import { importContacts } from './import-contacts.js';
import { importBounces } from './import-bounces.js';
import { exportList } from './export.js';

export const TASKS: TaskTable = {
  'import-contacts': importContacts,
  'import-bounces': importBounces,
  export: exportList,
};
