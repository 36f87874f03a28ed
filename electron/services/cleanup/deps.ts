/**
 * The seams CORE consumes from CONTACTS and ESP (TEAM.md), in one place, so the rest of the
 * cleanup code names one module. Readers and hygiene are theirs; CORE adds nothing here.
 */
export { previewContacts, openContacts, describeContactFormat, type ContactReader, type ContactRecord } from '../contacts/index.js';
export { checkEmail, normalizeEmail } from '../../../shared/email/index.js';
export { previewBounces, readBounces, headerKey, type SourcedBounce, type ReadBouncesOptions } from '../bounces/index.js';
