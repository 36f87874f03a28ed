export { openStore, foldWal, schemaVersion, upgradeCleanupAnswer, APPLICATION_ID, SCHEMA_VERSION, type Db, type OpenOptions } from './db.js';
export { inspectCleanup, checkCleanupAnswer, type CheckAnswer, type Inspection } from './inspect.js';
export { MIGRATIONS, type Migration } from './migrations.js';
export { getSetting, setSetting } from './settings.js';
