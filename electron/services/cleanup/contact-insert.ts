/**
 * Stores a contact import's rows. Most rows of a real list are clean: valid, no duplicate, no
 * bounce, kept, with the same fourteen text and number cells. Those rows go through a statement that
 * has these cells as SQL literals and binds only what differs (id, row, the address, the record's
 * text); the other rows bind every cell. Binding is about half of the insert's cost in
 * better-sqlite3 (each parameter is a call into V8, and each text is converted to UTF-8 and
 * copied), so the clean rows' 6 parameters instead of 21 (the list's id is in the SQL) take about a quarter off the writer's
 * time, measured. Rows are inserted strictly in id order (a run of one kind is flushed before a
 * row of the other kind is added) so the table is still built by appending.
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from '../store/index.js';
import { decide } from '../../../shared/policy.js';

/** The contacts columns an import writes, in the order `add` takes them (source_id is the statement's). */
const COLUMNS = ['id', 'row', 'email_raw', 'email_norm', 'raw', 'fields', 'valid', 'problem', 'duplicate_of',
  'suggestion', 'role', 'disposable', 'bounces', 'last_diagnostic', 'policy_decision', 'policy_cause', 'reason', 'detail',
  'decision', 'cause', 'last_bounce_at'] as const;
const PLACE_COLUMNS = ['email_col', 'email_part'] as const;

type Cell = string | number | null;

/** What a clean row holds: a valid address, nothing found, no bounce, the policy's answer for that. */
function cleanRow(): Partial<Record<(typeof COLUMNS)[number], Cell>> {
  const o = decide({ valid: true, problem: '', suggestion: '', duplicateOf: null, role: false, disposable: false, override: null }, []);
  return {
    valid: 1, problem: '', duplicate_of: null, suggestion: '', role: 0, disposable: 0, bounces: 0, last_diagnostic: '',
    policy_decision: o.policyDecision, policy_cause: o.policyCause, reason: o.reason, detail: o.detail, decision: o.decision, cause: o.cause,
    last_bounce_at: null,
  };
}

const CLEAN = cleanRow();
/** Indexes into a full row of the cells a clean row has as literals, and their values. */
const FIXED = COLUMNS.flatMap((c, i) => (c in CLEAN ? [i] : []));
const FIXED_VALUES = FIXED.map((i) => CLEAN[COLUMNS[i]!] as Cell);
const BOUND = COLUMNS.flatMap((c, i) => (c in CLEAN ? [] : [i]));

const literal = (v: Cell): string => (v === null ? 'NULL' : typeof v === 'number' ? String(v) : `'${v.replace(/'/g, "''")}'`);

/** Rows per statement: the per-statement cost (step, reset) dominates a narrow insert. */
const ROWS_PER_INSERT = 32;

export class ContactInserter {
  private readonly width: number;
  private readonly cleanWidth: number;
  private readonly fullTuple: string;
  private readonly cleanTuple: string;
  private readonly head: string;
  private readonly statements = new Map<number, Statement>();
  private readonly full: unknown[];
  private readonly clean: unknown[];
  /** Kind of the rows in the buffer: true = clean rows (`clean` buffer). */
  private cleanRun = false;
  private filled = 0;
  /** One full row, filled by the caller before `add`. */
  readonly row: unknown[];

  constructor(private readonly db: Db, sourceId: number, several: boolean) {
    const places = several ? PLACE_COLUMNS.length : 0;
    this.width = COLUMNS.length + places;
    this.cleanWidth = BOUND.length + places;
    this.head = `INSERT INTO contacts (source_id, ${[...COLUMNS, ...(several ? PLACE_COLUMNS : [])].join(', ')}) VALUES `;
    const source = literal(sourceId);
    this.fullTuple = `(${[source, ...new Array<string>(this.width).fill('?')].join(', ')})`;
    const cleanCells = COLUMNS.map((c) => (c in CLEAN ? literal(CLEAN[c]!) : '?'));
    this.cleanTuple = `(${[source, ...cleanCells, ...new Array<string>(places).fill('?')].join(', ')})`;
    this.full = new Array<unknown>(this.width * ROWS_PER_INSERT).fill(null);
    this.clean = new Array<unknown>(this.cleanWidth * ROWS_PER_INSERT).fill(null);
    this.row = new Array<unknown>(this.width).fill(null);
  }

  /** Stores `row` (all its cells set, in COLUMNS order then email_col, email_part). */
  add(): void {
    const r = this.row;
    let isClean = true;
    for (let k = 0; k < FIXED.length; k++) {
      if (r[FIXED[k]!] !== FIXED_VALUES[k]) { isClean = false; break; }
    }
    if (isClean !== this.cleanRun) {
      this.flush();
      this.cleanRun = isClean;
    }
    if (isClean) {
      const buf = this.clean;
      let v = this.filled * this.cleanWidth;
      for (let k = 0; k < BOUND.length; k++) buf[v++] = r[BOUND[k]!];
      for (let c = COLUMNS.length; c < this.width; c++) buf[v++] = r[c];
    } else {
      const buf = this.full;
      const v = this.filled * this.width;
      for (let c = 0; c < this.width; c++) buf[v + c] = r[c];
    }
    if (++this.filled === ROWS_PER_INSERT) this.flush();
  }

  /** Writes the rows still buffered (call once after the last `add`). */
  flush(): void {
    const n = this.filled;
    if (n === 0) return;
    const buf = this.cleanRun ? this.clean : this.full;
    const width = this.cleanRun ? this.cleanWidth : this.width;
    this.statement(this.cleanRun, n).run(n === ROWS_PER_INSERT ? buf : buf.slice(0, n * width));
    this.filled = 0;
  }

  /** The insert of n rows of one kind, prepared on first use (a short run ends at a row of the other kind). */
  private statement(clean: boolean, n: number): Statement {
    const key = clean ? n : -n;
    let s = this.statements.get(key);
    if (!s) {
      s = this.db.prepare(this.head + new Array(n).fill(clean ? this.cleanTuple : this.fullTuple).join(', '));
      this.statements.set(key, s);
    }
    return s;
  }
}
