/**
 * The seams CORE consumes from CONTACTS and ESP (TEAM.md), in one place, so the rest of the
 * cleanup code names one module. Readers and hygiene are theirs; CORE adds nothing here.
 */
import { describeFormat } from '../contacts/table.js';
import type { ContactFileFormat } from '../../../shared/contract.js';

export { previewContacts, openContacts, type ContactReader, type ContactRecord } from '../contacts/index.js';
export { checkEmail, normalizeEmail } from '../../../shared/email/index.js';
export { previewBounces, readBounces, headerKey, type SourcedBounce, type ReadBouncesOptions } from '../bounces/index.js';

export function describeContactFormat(f: ContactFileFormat): string {
  return f.kind === 'csv' ? describeFormat(f) : f.kind === 'xlsx' ? 'Excel workbook' : 'vCard';
}
