/**
 * Numbered schema migrations of a cleanup file. Append only: a released migration never
 * changes, a new schema is a new entry. Every table is STRICT so a wrong type fails loudly
 * instead of being stored as whatever SQLite can coerce.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;

      -- One row per imported file. Format details are kept so the export can give the list
      -- back in its own shape (encoding, delimiter, line ends, BOM, exact header text).
      CREATE TABLE sources (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('contacts', 'bounces')),
        name TEXT NOT NULL,
        path TEXT NOT NULL,
        format TEXT NOT NULL,
        format_json TEXT,
        header_raw TEXT,
        headers TEXT NOT NULL DEFAULT '[]',
        email_column INTEGER,
        known_export TEXT,
        provider TEXT,
        rows INTEGER NOT NULL DEFAULT 0,
        first_id INTEGER,
        last_id INTEGER,
        warnings TEXT NOT NULL DEFAULT '[]',
        imported_at TEXT NOT NULL
      ) STRICT;

      -- One row per data row of a contact file. decision/cause are materialised: the policy's
      -- answer (policy_*) with the user's override on top, so review queries are plain lookups.
      CREATE TABLE contacts (
        id INTEGER PRIMARY KEY,
        source_id INTEGER NOT NULL,
        row INTEGER NOT NULL,
        email_raw TEXT NOT NULL,
        email_norm TEXT NOT NULL,
        -- The record's exact source text (CSV); the cells are parsed from it when needed.
        raw TEXT,
        -- Cells as a JSON array, only when there is no raw text (xlsx, vCard).
        fields TEXT,
        valid INTEGER NOT NULL,
        problem TEXT NOT NULL,
        duplicate_of INTEGER,
        suggestion TEXT NOT NULL,
        role INTEGER NOT NULL,
        disposable INTEGER NOT NULL,
        bounces INTEGER NOT NULL DEFAULT 0,
        last_diagnostic TEXT NOT NULL DEFAULT '',
        policy_decision TEXT NOT NULL,
        policy_cause TEXT NOT NULL,
        reason TEXT,
        detail TEXT NOT NULL,
        override TEXT CHECK (override IN ('keep', 'remove', 'watch')),
        decision TEXT NOT NULL CHECK (decision IN ('keep', 'remove', 'watch')),
        cause TEXT NOT NULL
      ) STRICT;
      CREATE INDEX contacts_norm ON contacts (email_norm);
      -- Paging a decision or a cause in id order, and the summary's counts, are index scans.
      CREATE INDEX contacts_decision ON contacts (decision);
      CREATE INDEX contacts_cause ON contacts (cause);
      -- Only bounced rows carry a reason: a small partial index for the summary's reasons.
      CREATE INDEX contacts_reason ON contacts (reason, email_norm) WHERE reason IS NOT NULL;

      CREATE TABLE bounces (
        id INTEGER PRIMARY KEY,
        source_id INTEGER NOT NULL,
        -- The file inside the source (a folder source holds many), relative to the source path.
        file TEXT NOT NULL,
        source_index INTEGER NOT NULL,
        email TEXT NOT NULL,
        email_norm TEXT NOT NULL,
        domain TEXT NOT NULL,
        verdict TEXT NOT NULL,
        reason TEXT NOT NULL,
        status TEXT NOT NULL,
        reply_code TEXT NOT NULL,
        diagnostic TEXT NOT NULL,
        provider TEXT NOT NULL,
        occurred_at TEXT,
        campaign TEXT,
        message_id TEXT,
        feedback_type TEXT,
        provider_type TEXT,
        disagreement TEXT,
        evidence TEXT
      ) STRICT;
      CREATE INDEX bounces_norm ON bounces (email_norm);

      -- Overrides live on the contact row (override column); each bulk change records the
      -- previous override of every row it touched so it can be undone exactly.
      CREATE TABLE undo_log (id INTEGER PRIMARY KEY, label TEXT NOT NULL, at TEXT NOT NULL) STRICT;
      CREATE TABLE undo_items (
        undo_id INTEGER NOT NULL, contact_id INTEGER NOT NULL, prev_override TEXT,
        PRIMARY KEY (undo_id, contact_id)
      ) STRICT, WITHOUT ROWID;

      -- JSON values: 'policy', 'mapping:<header key>' (remembered bounce column mappings).
      CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
    `,
  },
  {
    version: 2,
    name: 'accepted typo corrections',
    sql: `
      -- The corrected address when the user accepted a typo suggestion (email_raw keeps the
      -- original cell; email_norm is the corrected address so bounces and duplicates follow it).
      ALTER TABLE contacts ADD COLUMN email_fixed TEXT;

      -- An undo step that edited addresses records each row's previous hygiene facts.
      CREATE TABLE undo_edits (
        undo_id INTEGER NOT NULL, contact_id INTEGER NOT NULL,
        email_fixed TEXT, email_norm TEXT NOT NULL, valid INTEGER NOT NULL, problem TEXT NOT NULL,
        suggestion TEXT NOT NULL, role INTEGER NOT NULL, disposable INTEGER NOT NULL,
        PRIMARY KEY (undo_id, contact_id)
      ) STRICT, WITHOUT ROWID;

      -- An undo step that changed the policy records the previous one (JSON).
      CREATE TABLE undo_policy (undo_id INTEGER PRIMARY KEY, prev_policy TEXT NOT NULL) STRICT;

      -- "Likely typos" in the review: few rows, a small partial index.
      CREATE INDEX contacts_suggestion ON contacts (id) WHERE suggestion <> '' AND email_fixed IS NULL;
    `,
  },
  {
    version: 3,
    name: 'partial decision and cause indexes',
    sql: `
      -- Most rows are kept and clean. Indexing only the others keeps these indexes small enough to
      -- update row by row during an import, instead of rebuilding two million-entry indexes after
      -- it (a second each at 1M rows). Kept and clean counts are the total minus the others; a
      -- kept or clean filter walks the table in id order, where those rows are the dense majority.
      DROP INDEX contacts_decision;
      DROP INDEX contacts_cause;
      CREATE INDEX contacts_flagged_decision ON contacts (decision) WHERE decision <> 'keep';
      CREATE INDEX contacts_flagged_cause ON contacts (cause) WHERE cause <> 'clean';
    `,
  },
  {
    version: 4,
    name: 'several addresses per row',
    sql: `
      -- Google and Outlook exports keep several addresses per row (several columns, and Google's
      -- "a ::: b" cells). Each address is a contacts row of its own, the rows of one data row
      -- sharing source_id and row (consecutive ids). Where the address sits in the row: its
      -- column, and its place in a " ::: " cell. Both NULL for a list read from one column, so
      -- single-address lists store and export exactly as before.
      ALTER TABLE contacts ADD COLUMN email_col INTEGER;
      ALTER TABLE contacts ADD COLUMN email_part INTEGER;

      -- Where addresses were read from when rows carry email_col/email_part (JSON
      -- {"columns": [in column order], "split": cells may hold " ::: "-joined addresses}); NULL otherwise.
      ALTER TABLE sources ADD COLUMN email_columns TEXT;
    `,
  },
  {
    version: 5,
    name: 'delay notices',
    sql: `
      -- 1 when the bounce is a delay notice (still retrying), kept apart from failures so the
      -- policy can show it without counting it (Policy.countDelays).
      ALTER TABLE bounces ADD COLUMN delayed INTEGER NOT NULL DEFAULT 0;
    `,
  },
  {
    version: 6,
    name: 'redo',
    sql: `
      -- An undone step, as the change that re-applies it (JSON RedoOp): the rows it touched and
      -- the override they got, the policy it set, or the rows whose suggestion it accepted.
      -- Re-applying that change to the state undo restored is the step exactly. Any new change
      -- empties the table, as in every editor.
      CREATE TABLE redo_log (id INTEGER PRIMARY KEY, label TEXT NOT NULL, op TEXT NOT NULL) STRICT;
    `,
  },
  {
    version: 7,
    name: 'bounce summary index',
    sql: `
      -- The review summary's bounce figures (worst domains, reputation, bounced addresses) read
      -- only these columns: from this narrow index instead of scanning the wide bounce rows, the
      -- summary's first load takes a third of the CPU (~115 ms -> ~50 ms for 59k bounces).
      CREATE INDEX bounces_summary ON bounces (verdict, domain, email_norm, reason);
    `,
  },
  {
    version: 8,
    name: 'review sort indexes',
    sql: `
      -- Sorting the review by domain at a million rows: the first page and a deep one are a walk of
      -- this index (ties in id order, the rowid every index ends with), never a sort of every row.
      -- A big contact import rebuilds it once at the end, as it does the address index.
      CREATE INDEX contacts_domain ON contacts (substr(email_norm, instr(email_norm, '@') + 1));
      -- The few rows that bounced, for the bounces and last-bounce sorts: the rest of the list is
      -- their complement, paged in id order without an index.
      CREATE INDEX contacts_bounced ON contacts (bounces, email_norm) WHERE bounces > 0;
      -- Per address, the columns the summary's bounce figures and the last-bounce date read, in
      -- address order: the summary groups by address over this index alone (the index of version 7
      -- led with the verdict, so the planner walked the wide rows instead). It replaces that one.
      DROP INDEX bounces_summary;
      CREATE INDEX bounces_addr ON bounces (email_norm, verdict, reason, domain, occurred_at);
    `,
  },
  {
    version: 9,
    name: 'final recipient',
    sql: `
      -- A DSN's Final-Recipient when it differs from the address the bounce is filed under (its
      -- Original-Recipient: the alias or list address the contact list holds); NULL otherwise.
      ALTER TABLE bounces ADD COLUMN final_recipient TEXT;
    `,
  },
  {
    version: 10,
    name: 'review figures kept on write',
    sql: `
      -- The newest dated bounce a row's count includes (NULL when none is dated, or none bounced),
      -- written with the count: the last-bounce column and sort read it instead of looking every
      -- bounced row's reports up (~60 ms of CPU at 32k bounced rows of 1M). Bounced rows only,
      -- so the 1M-row import, where few rows have bounced, barely touches the index.
      ALTER TABLE contacts ADD COLUMN last_bounce_at TEXT;
      UPDATE contacts SET last_bounce_at = (SELECT max(b.occurred_at) FROM bounces b WHERE b.email_norm = contacts.email_norm AND b.verdict <> 'delivered')
        WHERE bounces > 0;
      CREATE INDEX contacts_last_bounce ON contacts (last_bounce_at) WHERE bounces > 0;

      -- The review summary's bounce figures (worst domains, reputation, bounced addresses, the
      -- timeline: JSON), computed by the job that changed them, in its transaction. They read every
      -- bounce row (~120 ms of CPU at 50k bounces of a 1M list), so the summary's first load takes
      -- them from here. stamp is the newest contact and bounce ids they were computed at (rows are
      -- only ever appended); an address edit, the one other change they depend on, removes them.
      CREATE TABLE review_figures (id INTEGER PRIMARY KEY CHECK (id = 1), stamp TEXT NOT NULL, figures TEXT NOT NULL) STRICT;
      CREATE TRIGGER review_figures_address_edit AFTER UPDATE OF email_norm ON contacts BEGIN DELETE FROM review_figures; END;
    `,
  },
  {
    version: 11,
    name: 'search addresses kept on write',
    sql: `
      -- Every address for the review's search, kept in the file so opening a big cleanup reads one
      -- blob (~35 ms of CPU at 1M rows) instead of walking a million rows (~250 ms) before its
      -- first search is quick. One chunk per run of ids: text holds each row's email_norm from
      -- first_id to last_id, in id order, one per line, UTF-8; blanks the rows without one, which
      -- the search finds by their cell (JSON [[id, lower(email_raw)], ...]: 11,000 scattered rows
      -- at 1M cost ~50 ms to read). A contact import writes its own chunk (rows are only ever
      -- appended); an address edit removes the chunk holding that row, which the review reads
      -- again from the rows and stores when it next opens.
      CREATE TABLE search_addresses (first_id INTEGER PRIMARY KEY, last_id INTEGER NOT NULL, blanks TEXT NOT NULL, text BLOB NOT NULL) STRICT;
      CREATE TRIGGER search_addresses_edit AFTER UPDATE OF email_norm ON contacts WHEN OLD.email_norm IS NOT NEW.email_norm
        BEGIN DELETE FROM search_addresses WHERE first_id <= NEW.id AND last_id >= NEW.id; END;
      -- ListSweep never deletes a contact; a file edited by other means must not keep a chunk for a missing row.
      CREATE TRIGGER search_addresses_delete AFTER DELETE ON contacts
        BEGIN DELETE FROM search_addresses WHERE first_id <= OLD.id AND last_id >= OLD.id; END;
    `,
  },
  {
    version: 12,
    name: 'one address index on bounces',
    sql: `
      -- bounces_addr (version 8) leads with email_norm, so every lookup by address reads it as well;
      -- the older index on the address alone was a second random insert per stored bounce record
      -- (~0.1 s of the 50,000-row import into a 1M cleanup) that no query needs.
      DROP INDEX bounces_norm;
    `,
  },
  {
    version: 13,
    name: 'decision checks as comparisons',
    sql: `
      -- The same two CHECK constraints on contacts, written as comparisons instead of IN lists. SQLite
      -- evaluates a CHECK's IN list through a small temporary index it builds again for every row:
      -- the two took half of a contact import's insert time (~1.5 of 3.2 CPU-s at 1M rows), the
      -- comparisons a few hundredths. They accept exactly the same values (a NULL override passes
      -- both forms). SQLite cannot change a CHECK in place, so the table is rebuilt with its columns
      -- in the same order, and its indexes and triggers made again as versions 1 to 12 left them.
      CREATE TABLE contacts_new (
        id INTEGER PRIMARY KEY,
        source_id INTEGER NOT NULL,
        row INTEGER NOT NULL,
        email_raw TEXT NOT NULL,
        email_norm TEXT NOT NULL,
        -- The record's exact source text (CSV); the cells are parsed from it when needed.
        raw TEXT,
        -- Cells as a JSON array, only when there is no raw text (xlsx, vCard).
        fields TEXT,
        valid INTEGER NOT NULL,
        problem TEXT NOT NULL,
        duplicate_of INTEGER,
        suggestion TEXT NOT NULL,
        role INTEGER NOT NULL,
        disposable INTEGER NOT NULL,
        bounces INTEGER NOT NULL DEFAULT 0,
        last_diagnostic TEXT NOT NULL DEFAULT '',
        policy_decision TEXT NOT NULL,
        policy_cause TEXT NOT NULL,
        reason TEXT,
        detail TEXT NOT NULL,
        override TEXT CHECK (override IS NULL OR override = 'keep' OR override = 'remove' OR override = 'watch'),
        decision TEXT NOT NULL CHECK (decision = 'keep' OR decision = 'remove' OR decision = 'watch'),
        cause TEXT NOT NULL,
        email_fixed TEXT,
        email_col INTEGER,
        email_part INTEGER,
        last_bounce_at TEXT
      ) STRICT;
      INSERT INTO contacts_new SELECT * FROM contacts;
      DROP TABLE contacts;
      ALTER TABLE contacts_new RENAME TO contacts;
      CREATE INDEX contacts_norm ON contacts (email_norm);
      CREATE INDEX contacts_domain ON contacts (substr(email_norm, instr(email_norm, '@') + 1));
      CREATE INDEX contacts_reason ON contacts (reason, email_norm) WHERE reason IS NOT NULL;
      CREATE INDEX contacts_suggestion ON contacts (id) WHERE suggestion <> '' AND email_fixed IS NULL;
      CREATE INDEX contacts_flagged_decision ON contacts (decision) WHERE decision <> 'keep';
      CREATE INDEX contacts_flagged_cause ON contacts (cause) WHERE cause <> 'clean';
      CREATE INDEX contacts_bounced ON contacts (bounces, email_norm) WHERE bounces > 0;
      CREATE INDEX contacts_last_bounce ON contacts (last_bounce_at) WHERE bounces > 0;
      CREATE TRIGGER review_figures_address_edit AFTER UPDATE OF email_norm ON contacts BEGIN DELETE FROM review_figures; END;
      CREATE TRIGGER search_addresses_edit AFTER UPDATE OF email_norm ON contacts WHEN OLD.email_norm IS NOT NEW.email_norm
        BEGIN DELETE FROM search_addresses WHERE first_id <= NEW.id AND last_id >= NEW.id; END;
      CREATE TRIGGER search_addresses_delete AFTER DELETE ON contacts
        BEGIN DELETE FROM search_addresses WHERE first_id <= OLD.id AND last_id >= OLD.id; END;
    `,
  },
  {
    version: 14,
    name: 'no domain index',
    sql: `
      -- Only the review's sort by domain read this index, and it now groups the rows by domain from
      -- the addresses the file keeps for the search (sort-orders.domainOrderOf: ~0.2 s of CPU at a
      -- million rows, in a worker). Building it took every contact import 0.4-0.5 s of CPU at a
      -- million rows, on the thread the import waits for, and it held 19 MB of the file.
      DROP INDEX contacts_domain;
    `,
  },
  {
    version: 15,
    name: 'domain order kept with the addresses',
    sql: `
      -- A contact import's rows by domain (domain-groups.groupByDomain), grouped by its reading
      -- thread from the addresses it keeps: the first sort by domain reads it (4 MB at 1M rows)
      -- instead of waiting for a worker to group every address (0.5-0.9 s in the app right after
      -- a 1M import). It lives and goes with its chunk: an address edit or a deleted row removes
      -- both (migration 11's triggers).
      ALTER TABLE search_addresses ADD COLUMN domains BLOB;
    `,
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
