/**
 * The one IPC contract between the renderer and the Node side. Channel names, input schemas
 * (validated at runtime by the main process and by the test host) and output types are
 * declared here once; the preload exposes exactly these, the renderer gets typed calls.
 * Nothing else crosses the boundary.
 */
import { z } from 'zod';
import type { Reason, Verdict } from './reasons.js';
import { SUPPRESSION_FORMAT_IDS } from './suppression-formats.js';
import { REIMPORT_FORMAT_IDS } from './reimport-formats.js';
import type { Decision, DecisionCause, EmailCheck, JobOutcome, JobProgress, StoredBounce } from './types.js';
import type { Policy } from './policy.js';

// ---------------------------------------------------------------- output shapes

export interface SourceInfo {
  readonly id: number;
  readonly kind: 'contacts' | 'bounces';
  readonly name: string;
  readonly path: string;
  readonly rows: number;
  /** Plain description of what was recognised: "CSV · UTF-8 · comma", "Postmark bounces export". */
  readonly format: string;
  /** Bounce files: the provider id most of its bounces came from (shared/esp), else null. */
  readonly provider: string | null;
  readonly importedAt: string;
  readonly warnings: readonly string[];
}

export interface CleanupInfo {
  readonly path: string;
  readonly name: string;
  readonly contacts: number;
  readonly bounces: number;
  readonly sources: readonly SourceInfo[];
}

export interface RecentCleanup {
  readonly path: string;
  readonly name: string;
  readonly openedAt: string;
  readonly exists: boolean;
}

export interface ContactFileFormat {
  readonly kind: 'csv' | 'xlsx' | 'vcard';
  /** WHATWG encoding label ("utf-8", "windows-1252", "utf-16le"…). */
  readonly encoding: string;
  /** How sure the sniffer is: a BOM or a strict UTF-8 decode is certain; a statistical guess is not. */
  readonly encodingConfidence: 'certain' | 'likely' | 'doubtful';
  readonly bom: boolean;
  readonly delimiter: string;
  readonly lineEnding: '\r\n' | '\n' | '\r';
  readonly hasHeader: boolean;
  /** A workbook's sheet the rows came from (xlsx): an Excel export writes a sheet of that name. */
  readonly sheet?: string;
  /** xlsx: per column, whether the workbook held numbers, dates or text (rows are read as text). */
  readonly columnTypes?: readonly ('number' | 'date' | 'text')[];
}

export interface ContactPreview {
  readonly path: string;
  readonly name: string;
  readonly format: ContactFileFormat;
  /** A recognised export ("Mailchimp audience", "Google Contacts"…), or null. */
  readonly knownExport: string | null;
  readonly headers: readonly string[];
  /** The first rows, as strings, for the preview table. */
  readonly rows: readonly (readonly string[])[];
  /** Index into headers of the detected email column; null when none was found. */
  readonly emailColumn: number | null;
  /**
   * Every column whose addresses are read (the email column among them), in column order: the
   * further address columns of Google and Outlook exports ("E-mail 2 - Value"…). Empty when none.
   */
  readonly emailColumns: readonly number[];
  readonly sheets: readonly string[];
  readonly warnings: readonly string[];
  /**
   * When the encoding was guessed, the guesses best first with their confidence (0-100), so the
   * picker can offer the likely alternatives first; empty when the encoding is certain.
   */
  readonly encodingCandidates: readonly { readonly encoding: string; readonly confidence: number }[];
}

export interface BounceColumnMapping {
  readonly email: number;
  readonly replyCode?: number;
  readonly status?: number;
  readonly diagnostic?: number;
  readonly type?: number;
  readonly date?: number;
  readonly campaign?: number;
}

export interface BounceFilePreview {
  readonly path: string;
  readonly name: string;
  readonly kind: 'mail' | 'mbox' | 'maildir' | 'spreadsheet' | 'json';
  /** Provider id ("postmark", "postfix", "generic"…). */
  readonly provider: string;
  /** What the user reads: "Recognised: Postmark bounces export". */
  readonly description: string;
  /** Records (or messages) when cheaply known, else null. */
  readonly records: number | null;
  /** For spreadsheets: headers, first rows and the detected mapping the user can correct. */
  readonly headers?: readonly string[];
  readonly rows?: readonly (readonly string[])[];
  readonly mapping?: BounceColumnMapping;
  /**
   * A recognised export: the column (or JSON field, as in headers) its reader takes the
   * addresses from. A mapping sent for such a file only changes that column; the provider's
   * reader still gives every verdict and reason.
   */
  readonly emailColumn?: number;
  readonly warnings: readonly string[];
}

export interface ReviewRow {
  readonly id: number;
  readonly email: string;
  readonly decision: Decision;
  readonly cause: DecisionCause;
  /** The reason behind the decision when it came from a bounce, else null. */
  readonly reason: Reason | null;
  /** Plain label of the decision's cause ("Mailbox does not exist", "Duplicate of row 12"…). */
  readonly label: string;
  readonly bounces: number;
  readonly lastDiagnostic: string;
  readonly overridden: boolean;
  readonly source: string;
  /** The data row of the list (1-based); several addresses of one row share it. */
  readonly row: number;
  /** For a list with several addresses per row: the header of this address's column. */
  readonly column?: string;
  /** A likely typo's correction ("ann@gmail.com"), '' when none; never applied unless accepted. */
  readonly suggestion?: string;
  /** The original cell when the user accepted a correction (email is then the corrected address). */
  readonly originalEmail?: string;
  /** The normalised address's domain ('' when the address is unusable), as the domain sort reads it. */
  readonly domain?: string;
  /** When the newest dated bounce of this address happened (ISO), when it has one. */
  readonly lastBounceAt?: string;
}

export interface ReviewPage {
  readonly total: number;
  readonly offset: number;
  readonly rows: readonly ReviewRow[];
}

export interface ReviewSummary {
  readonly total: number;
  readonly byDecision: Readonly<Record<Decision, number>>;
  readonly byCause: Readonly<Partial<Record<DecisionCause, number>>>;
  readonly byReason: readonly { readonly reason: Reason; readonly addresses: number }[];
  readonly worstDomains: readonly { readonly domain: string; readonly hard: number; readonly soft: number }[];
  /** Set when blocks/spam rejections across many domains point at the sender's reputation. */
  readonly reputationWarning: string | null;
  readonly canUndo: boolean;
  /** An undone step can be re-applied (any new change forgets it). */
  readonly canRedo?: boolean;
  /** Rows with a typo suggestion not (yet) accepted. */
  readonly suggestions?: number;
  /** Distinct addresses in the imported bounces, and how many of them are on the contact lists. */
  readonly bounceAddresses?: { readonly imported: number; readonly onLists: number };
  /** Contacts by decision and cause (overrides as cause 'override' under the decision chosen); no zero rows. */
  readonly decisionCauses?: readonly { readonly decision: Decision; readonly cause: DecisionCause; readonly contacts: number }[];
  /** Bounces of the listed addresses per campaign (or date, or file), oldest first. */
  readonly bounceTimeline?: BounceTimeline;
}

/** How the bounce chart groups: by campaign when the bounces name one, else by date, else by file. */
export const BounceGroupSchema = z.object({
  by: z.enum(['campaign', 'day', 'month', 'file', 'domain']),
  /** The campaign, file or domain; a date prefix (2025-03-07, 2025-03); '' for bounces without one. */
  key: z.string().max(1000),
});
export type BounceGroup = z.infer<typeof BounceGroupSchema>;

export const BounceTimelineSchema = z.object({
  by: z.enum(['campaign', 'day', 'month', 'file']),
  groups: z.array(z.object({
    key: z.string(),
    /** Earliest bounce of the group (ISO), null when none is dated. */
    first: z.string().nullable(),
    hard: z.number().int().nonnegative(),
    soft: z.number().int().nonnegative(),
    /** Refusals of the sender (blocklists, spam filters, authentication): soft or hard, counted here only. */
    blocks: z.number().int().nonnegative(),
  })),
});
export type BounceTimeline = z.infer<typeof BounceTimelineSchema>;

export interface ContactDetail {
  readonly id: number;
  readonly email: string;
  readonly fields: readonly { readonly header: string; readonly value: string }[];
  readonly decision: Decision;
  readonly cause: DecisionCause;
  /** The plain-English sentence explaining the decision. */
  readonly sentence: string;
  readonly overridden: boolean;
  readonly check: EmailCheck;
  /** Newest first, except the event that decided (decidingBounceId), which comes first. */
  readonly bounces: readonly StoredBounce[];
  /** The bounce the decision rests on, when one did. */
  readonly decidingBounceId?: number;
  readonly source: string;
  readonly row: number;
  /** For a list with several addresses per row: the header of this address's column. */
  readonly column?: string;
  /** The original cell when the user accepted a correction (email is then the corrected address). */
  readonly originalEmail?: string;
  /** With originalEmail: the bounces recorded for the original address (they stay with it, not the correction). */
  readonly originalBounces?: { readonly total: number; readonly hard: number };
}

/** "Try it with a sample": the files written for it and where its cleanup goes (all granted). */
export interface SampleFiles {
  readonly folder: string;
  readonly contacts: string;
  /** One bounce file per format: a spreadsheet, an email service's export, delivery-report messages. */
  readonly bounces: readonly string[];
  /** A free path for the sample's cleanup (.listsweep). */
  readonly cleanup: string;
}

export interface JobStarted {
  readonly jobId: string;
}

// ---------------------------------------------------------------- input schemas

const path = z.string().min(1).max(4096);
const decision = z.enum(['keep', 'remove', 'watch']);

export const ReviewFilterSchema = z.object({
  decision: z.enum(['all', 'keep', 'remove', 'watch']).default('all'),
  search: z.string().max(500).default(''),
  cause: z.string().max(40).optional(),
  reason: z.string().max(40).optional(),
  sourceId: z.number().int().optional(),
  /** Rows whose address hard- or soft-bounced in this campaign, date, file or domain (the charts' bars). */
  bounced: BounceGroupSchema.optional(),
  /** 'typo': rows with a suggested correction not yet accepted. */
  flag: z.enum(['typo']).optional(),
});
export type ReviewFilter = z.input<typeof ReviewFilterSchema>;

/**
 * The review table's order. Rows with nothing in the column (no address, no bounce reason, no
 * bounces, no dated bounce) come last in both directions; ties keep list (id) order, reversed
 * when descending, so every order is total and pages never repeat or skip a row.
 */
export const ReviewSortSchema = z.object({
  by: z.enum(['address', 'domain', 'decision', 'reason', 'bounces', 'lastBounce']),
  dir: z.enum(['asc', 'desc']).default('asc'),
});
export type ReviewSort = z.input<typeof ReviewSortSchema>;

export const ContactImportOptionsSchema = z.object({
  encoding: z.string().max(40).optional(),
  delimiter: z.string().max(4).optional(),
  hasHeader: z.boolean().optional(),
  emailColumn: z.number().int().min(0).optional(),
  /** Every column to read addresses from (emailColumn, when given, among them); default: detected. */
  emailColumns: z.array(z.number().int().min(0)).max(1000).optional(),
  sheet: z.string().max(200).optional(),
  vcardMode: z.enum(['all', 'primary']).optional(),
});
export type ContactImportOptions = z.input<typeof ContactImportOptionsSchema>;

const mappingSchema = z.object({
  email: z.number().int().min(0),
  replyCode: z.number().int().min(0).optional(),
  status: z.number().int().min(0).optional(),
  diagnostic: z.number().int().min(0).optional(),
  type: z.number().int().min(0).optional(),
  date: z.number().int().min(0).optional(),
  campaign: z.number().int().min(0).optional(),
});

/** A policy change: any subset of the fields; the rest stay as they are. */
export const PolicySchema = z.object({
  softRepeatThreshold: z.number().int().min(1).max(1000),
  softRepeatMinDays: z.number().int().min(0).max(3650),
  countSenderSideSoft: z.boolean(),
  disabledAsTemporary: z.boolean(),
  noCauseAsHard: z.boolean(),
  countDelays: z.boolean(),
  role: z.enum(['keep', 'remove']),
  disposable: z.enum(['keep', 'remove']),
  duplicates: z.enum(['first', 'most-complete']),
}).partial().strict();

/** The colour theme: follow the system, or always light, or always dark. */
export const THEME_CHOICES = ['system', 'light', 'dark'] as const;
export type ThemeChoice = (typeof THEME_CHOICES)[number];

/** Marks the output type of a channel; the value is never used at runtime. */
function returns<T>(): T {
  return undefined as unknown as T;
}

export const API = {
  'cleanup/new': { input: z.object({ path: path.optional() }), output: returns<CleanupInfo>() },
  'cleanup/open': { input: z.object({ path }), output: returns<CleanupInfo>() },
  'cleanup/current': { input: z.object({}), output: returns<CleanupInfo | null>() },
  'cleanup/close': { input: z.object({}), output: returns<null>() },
  'cleanup/recent': { input: z.object({}), output: returns<readonly RecentCleanup[]>() },
  /** Writes a small generated list and its bounce files (several formats) to try the app with. */
  'sample/create': { input: z.object({}), output: returns<SampleFiles>() },

  /** Native dialogs. Return [] / null when the user cancels. */
  'dialog/open': {
    input: z.object({ purpose: z.enum(['contacts', 'bounces', 'bounce-folder', 'cleanup']) }),
    output: returns<readonly string[]>(),
  },
  'dialog/save': {
    input: z.object({ purpose: z.enum(['cleaned', 'removed', 'suppression', 'segment', 'report', 'cleanup']), defaultName: z.string().max(255) }),
    output: returns<string | null>(),
  },
  /**
   * The theme the page is using (at load, and whenever the user changes it from the picker or the
   * menu): the View ▸ Theme menu shows it checked. The choice itself lives in the page.
   */
  'menu/theme': { input: z.object({ choice: z.enum(THEME_CHOICES) }), output: returns<null>() },

  'contacts/preview': { input: z.object({ path, options: ContactImportOptionsSchema.default({}) }), output: returns<ContactPreview>() },
  'contacts/import': { input: z.object({ path, options: ContactImportOptionsSchema.default({}) }), output: returns<JobStarted>() },

  'bounces/preview': { input: z.object({ paths: z.array(path).min(1).max(10000) }), output: returns<readonly BounceFilePreview[]>() },
  'bounces/import': {
    input: z.object({ paths: z.array(path).min(1).max(10000), mappings: z.record(z.string(), mappingSchema).default({}) }),
    output: returns<JobStarted>(),
  },

  'jobs/cancel': { input: z.object({ jobId: z.string().max(64) }), output: returns<null>() },

  'review/summary': { input: z.object({}), output: returns<ReviewSummary>() },
  'review/rows': {
    input: z.object({
      filter: ReviewFilterSchema.default({ decision: 'all', search: '' }),
      /** Without it, list order. */
      sort: ReviewSortSchema.optional(),
      offset: z.number().int().min(0),
      limit: z.number().int().min(1).max(1000),
    }),
    output: returns<ReviewPage>(),
  },
  'review/contact': { input: z.object({ id: z.number().int() }), output: returns<ContactDetail>() },
  /** Override the decision of some rows (ids) or of every row matching a filter; null clears it. */
  'review/override': {
    input: z.object({
      ids: z.array(z.number().int()).max(1_000_000).optional(),
      filter: ReviewFilterSchema.optional(),
      decision: decision.nullable(),
    }),
    output: returns<{ readonly changed: number }>(),
  },
  'review/undo': { input: z.object({}), output: returns<{ readonly undone: string | null }>() },
  /** Re-apply the newest undone step, exactly; null when there is none. */
  'review/redo': { input: z.object({}), output: returns<{ readonly redone: string | null }>() },
  /** Replace the address of some rows (ids, AND filter when both) with its typo suggestion; one undo step. */
  'review/accept-suggestion': {
    input: z.object({ ids: z.array(z.number().int()).max(1_000_000).optional(), filter: ReviewFilterSchema.optional() })
      .refine((v) => v.ids !== undefined || v.filter !== undefined, { message: 'Give ids or a filter.' }),
    output: returns<{ readonly changed: number }>(),
  },

  'policy/get': { input: z.object({}), output: returns<Policy>() },
  /** Change the policy (persisted in the cleanup), re-decide every row; one undo step. */
  'policy/set': { input: z.object({ policy: PolicySchema }), output: returns<{ readonly policy: Policy; readonly summary: ReviewSummary }>() },

  'export/run': {
    input: z.object({
      /** reimport: the cleaned list as an email service's contact import file (`format` names the service). */
      kind: z.enum(['cleaned', 'removed', 'suppression', 'segment', 'reimport']),
      path,
      encoding: z.enum(['source', 'utf-8', 'utf-8-bom']).default('source'),
      /** Only this contact list's rows, in its own shape (cleaned and removed exports). */
      sourceId: z.number().int().positive().optional(),
      /**
       * Cleaned list: put an apostrophe before cells that start like a spreadsheet formula
       * (= + - @ tab CR). The removed and suppression lists always do.
       */
      excelSafe: z.boolean().optional(),
      /** Suppression list: the email service whose import shape it takes (default generic); re-import file: the service (required). */
      format: z.string().refine((f) => SUPPRESSION_FORMAT_IDS.includes(f) || REIMPORT_FORMAT_IDS.includes(f), 'not a suppression or re-import format').optional(),
      /** Segment: the rows of a review filter (the watch list, a decision, a cause or reason…) or these rows. */
      segment: z.object({ filter: ReviewFilterSchema.optional(), ids: z.array(z.number().int()).max(1_000_000).optional() }).optional(),
      /** Segment: in the list's own columns, or as address, decision, reason, detail. */
      shape: z.enum(['list', 'reasons']).optional(),
    }),
    output: returns<JobStarted>(),
  },
  /**
   * A report to share: one self-contained HTML page (inline SVG charts, print styles), numbers
   * and dates in `locale` (default en-US); the first `removedRows` removed addresses are listed.
   * A `.pdf` path gets the same page printed to PDF (error `unavailable` without a browser engine).
   */
  'export/report': {
    input: z.object({ path, locale: z.string().max(40).optional(), removedRows: z.number().int().min(0).max(100_000).optional() }),
    output: returns<{ readonly removedListed: number }>(),
  },
  /** Cells of the cleaned list (one list, or all) that start like a spreadsheet formula. */
  'export/formula-cells': {
    input: z.object({ sourceId: z.number().int().positive().optional() }),
    output: returns<{ readonly cells: number }>(),
  },
} as const;

export type Channel = keyof typeof API;
/** Channels the shell answers itself (native dialogs, the menu); the services answer the rest. */
export type ShellChannel = 'dialog/open' | 'dialog/save' | 'menu/theme';
export type ChannelInput<C extends Channel> = z.input<(typeof API)[C]['input']>;
export type ChannelArgs<C extends Channel> = z.output<(typeof API)[C]['input']>;
export type ChannelOutput<C extends Channel> = (typeof API)[C]['output'];
export const CHANNELS = Object.keys(API) as Channel[];

/** Errors cross `invoke` as data: a thrown error would keep only its message. */
export interface ApiError {
  /** Stable code the UI can branch on: "no-cleanup", "bad-input", "not-found", "unreadable", "busy", "internal"… */
  readonly code: string;
  /** What happened and what to do, in plain words. */
  readonly message: string;
}
export type Result<T> = { readonly ok: true; readonly data: T } | { readonly ok: false; readonly error: ApiError };

/** Pushes from the Node side to the renderer. */
export interface Events {
  'job/progress': JobProgress;
  'job/done': { readonly jobId: string; readonly outcome: JobOutcome };
  /** A menu item or shortcut the renderer acts on. */
  'menu/command': { readonly command: MenuCommand };
}
export type EventName = keyof Events;
export const EVENT_NAMES: readonly EventName[] = ['job/progress', 'job/done', 'menu/command'];

export type MenuCommand =
  | 'new-cleanup' | 'open-cleanup' | 'import-contacts' | 'import-bounces' | 'import-bounce-folder'
  | 'export-cleaned' | 'export-removed' | 'export-suppression' | 'undo' | 'redo' | 'find' | 'close-cleanup'
  | 'theme-system' | 'theme-light' | 'theme-dark' | 'show-tour';

/**
 * Not a channel of the page: the preload alone sends it (sendSync) with the path of a File the
 * user dropped, so the main process may grant it (electron/ipc/grants.ts).
 */
export const DROP_GRANT_CHANNEL = 'grant/dropped-path';
export type DropGrantChannel = typeof DROP_GRANT_CHANNEL;

/** What the preload exposes as `window.listsweep` (and the test host's bridge implements). */
export interface Bridge {
  invoke<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<Result<ChannelOutput<C>>>;
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
  /** The filesystem path of a dropped file (Electron's webUtils); null where unavailable. */
  pathForFile(file: File): string | null;
}

export type { Verdict, Reason };
