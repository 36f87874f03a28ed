/**
 * The cleaned list as a file to import back into an email service whose contact import wants
 * its own headers: one row per service, as shared/suppression-formats.ts does for suppression
 * lists. The list's address and name columns are written under the service's headers; every
 * other column is kept under its own header, since each service here maps (or skips) the other
 * columns of an upload onto its fields at import time. Headers from
 * ../shared/reference/esp-exports.md (each service's contact fields as its import and export
 * name them) and, for SendGrid, its reserved contact fields. Shared with the renderer, which
 * lists them and preselects one.
 */

export interface ReimportFormat {
  readonly id: string;
  /** The service's name as users know it. */
  readonly label: string;
  /** Where to upload it, in the service's words. */
  readonly howTo: string;
  readonly delimiter: ',' | ';';
  /** The address column's header. */
  readonly email: string;
  /** The name columns' headers; null: the service has no such field (the list's column stays, under its own header). */
  readonly firstName: string | null;
  readonly lastName: string | null;
  /**
   * A column of comma-separated tags the import applies (Mailchimp): the list's own tags, plus
   * WATCH_TAG on the addresses ListSweep keeps but watches.
   */
  readonly tags: string | null;
  /** Bounce-file provider ids (shared/esp) of this service: preselects the format. */
  readonly providers: readonly string[];
}

/** The tag a watched address gets where the service takes tags: a segment to send to with care. */
export const WATCH_TAG = 'listsweep-watch';

export const REIMPORT_FORMATS: readonly ReimportFormat[] = [
  {
    // Mailchimp matches each column to an audience field at import; its default fields are
    // labelled Email Address, First Name, Last Name, and a column can be imported as tags.
    id: 'mailchimp', label: 'Mailchimp', providers: ['mailchimp'], delimiter: ',',
    howTo: 'Audience › Add contacts › Import contacts › Upload a file; match Tags to tags and the other columns to your audience fields.',
    email: 'Email Address', firstName: 'First Name', lastName: 'Last Name', tags: 'Tags',
  },
  {
    // Marketing Campaigns' reserved contact fields; other columns map to custom fields.
    id: 'sendgrid', label: 'SendGrid', providers: ['sendgrid'], delimiter: ',',
    howTo: 'Marketing › Contacts › Add Contacts › Upload CSV; email, first_name and last_name are reserved fields, other columns map to custom fields.',
    email: 'email', firstName: 'first_name', lastName: 'last_name', tags: null,
  },
  {
    // Brevo's default contact attributes; its import API body is semicolon-separated.
    id: 'brevo', label: 'Brevo', providers: ['brevo'], delimiter: ';',
    howTo: 'Contacts › Import contacts › Upload a file (semicolon-separated); other columns map to contact attributes.',
    email: 'EMAIL', firstName: 'FIRSTNAME', lastName: 'LASTNAME', tags: null,
  },
  {
    id: 'klaviyo', label: 'Klaviyo', providers: ['klaviyo'], delimiter: ',',
    howTo: 'Audience › Lists & segments › a list › Import contacts › Upload a file; other columns become profile properties.',
    email: 'Email', firstName: 'First Name', lastName: 'Last Name', tags: null,
  },
  {
    id: 'hubspot', label: 'HubSpot', providers: ['hubspot'], delimiter: ',',
    howTo: 'Contacts › Import › File from computer › One file, one object › Contacts; other columns map to contact properties.',
    email: 'Email', firstName: 'First Name', lastName: 'Last Name', tags: null,
  },
  {
    id: 'constantcontact', label: 'Constant Contact', providers: ['constantcontact'], delimiter: ',',
    howTo: 'Contacts › Add contacts › Upload from file; other columns map to contact fields or custom fields.',
    email: 'Email address', firstName: 'First name', lastName: 'Last name', tags: null,
  },
  {
    // Kit's import needs an email column and takes first_name; it has no last-name field (a custom field can hold it).
    id: 'kit', label: 'Kit (ConvertKit)', providers: ['kit'], delimiter: ',',
    howTo: 'Subscribers › Add subscribers › Import a CSV; other columns map to custom fields.',
    email: 'email', firstName: 'first_name', lastName: null, tags: null,
  },
];

export const REIMPORT_FORMAT_IDS: readonly string[] = REIMPORT_FORMATS.map((f) => f.id);

export function reimportFormat(id: string): ReimportFormat | undefined {
  return REIMPORT_FORMATS.find((f) => f.id === id);
}

/** The format for the service most of the bounces came from, else Mailchimp (the most used). */
export function reimportFormatFor(providers: readonly (string | null)[]): ReimportFormat {
  for (const p of providers) {
    const f = REIMPORT_FORMATS.find((x) => p !== null && x.providers.includes(p));
    if (f) return f;
  }
  return REIMPORT_FORMATS[0]!;
}

/**
 * A tags cell as a list: Mailchimp's own export quotes each tag (`"Member","2025 waiver"`);
 * anything else is taken as comma-separated.
 */
export function parseTags(cell: string): string[] {
  const t = cell.trim();
  if (!t) return [];
  const quoted = [...t.matchAll(/"((?:[^"]|"")*)"/g)].map((m) => m[1]!.replace(/""/g, '"').trim());
  const parts = quoted.length && t.startsWith('"') ? quoted : t.split(',').map((x) => x.trim());
  return parts.filter(Boolean);
}
