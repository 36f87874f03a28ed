/**
 * The seams CORE consumes from CONTACTS and ESP (TEAM.md), in one place, for the services and the
 * command line. The import threads (contact-rows.ts, import-bounces.ts) import only the reader they
 * run instead: loading this module loads every reader, ~100-180 ms before a worker's first row.
 */
export { previewContacts, openContacts, describeContactFormat, type ContactReader, type ContactRecord } from '../contacts/index.js';
export { checkEmail, normalizeEmail } from '../../../shared/email/index.js';
export { previewBounces, readBounces, headerKey, type SourcedBounce, type ReadBouncesOptions } from '../bounces/index.js';
