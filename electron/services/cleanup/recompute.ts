/**
 * Applying the pure policy to stored rows: bounce histories come from SQL (grouped by the
 * normalised address), the policy decides in TS, and only the rows a change can affect are
 * rewritten.
 */
import type { Db } from '../store/index.js';
import { getSetting } from '../store/index.js';
import { DEFAULT_POLICY, decide, type ContactFacts, type HistoryBounce, type Outcome, type Policy } from '../../../shared/policy.js';
import type { Reason, Verdict } from '../../../shared/reasons.js';
import type { Decision } from '../../../shared/types.js';
import { cellsOf } from './cells.js';

export function readPolicy(db: Db): Policy {
  return { ...DEFAULT_POLICY, ...(getSetting<Partial<Policy>>(db, 'policy') ?? {}) };
}

export interface BounceRow {
  id: number; email_norm: string; verdict: string; reason: string; status: string; reply_code: string; diagnostic: string;
  occurred_at: string | null; campaign: string | null; source_index: number; file: string; disagreement: string | null; delayed: number;
}

const HISTORY_COLUMNS = 'b.id, b.email_norm, b.verdict, b.reason, b.status, b.reply_code, b.diagnostic, b.occurred_at, b.campaign, b.source_index, b.file, b.disagreement, b.delayed';

export function toHistory(r: BounceRow): HistoryBounce {
  return {
    id: r.id, verdict: r.verdict as Verdict, reason: r.reason as Reason, status: r.status, replyCode: r.reply_code,
    diagnostic: r.diagnostic, occurredAt: r.occurred_at, campaign: r.campaign, source: r.file,
    sourceIndex: r.source_index, disagreement: r.disagreement, ...(r.delayed ? { delayed: true } : {}),
  };
}

/** Bounce histories by normalised address; `where` filters table `b` (bounces). */
export function loadHistories(db: Db, where = '', ...params: unknown[]): Map<string, HistoryBounce[]> {
  const map = new Map<string, HistoryBounce[]>();
  const rows = db.prepare(`SELECT ${HISTORY_COLUMNS} FROM bounces b ${where} ORDER BY b.id`).iterate(...params) as IterableIterator<BounceRow>;
  for (const r of rows) {
    if (!r.email_norm) continue;
    let list = map.get(r.email_norm);
    if (!list) map.set(r.email_norm, (list = []));
    list.push(toHistory(r));
  }
  return map;
}

/**
 * Count (not delivered reports) and the diagnostic the review table shows: the deciding event's
 * when a bounce decided, so the row never explains a removal with an unrelated later "mailbox
 * full"; else the newest.
 */
export function historyStats(h: readonly HistoryBounce[], deciding: HistoryBounce | null = null): { bounces: number; lastDiagnostic: string; lastBounceAt: string | null } {
  let n = 0;
  let last: HistoryBounce | null = deciding;
  let lastBounceAt: string | null = null;
  for (const b of h) {
    if (b.verdict === 'delivered') continue;
    n++;
    if (b.occurredAt && (lastBounceAt === null || b.occurredAt > lastBounceAt)) lastBounceAt = b.occurredAt;
    if (!deciding && (!last || (b.occurredAt ?? '') >= (last.occurredAt ?? ''))) last = b;
  }
  return { bounces: n, lastDiagnostic: last ? last.diagnostic || [last.replyCode, last.status].filter(Boolean).join(' ') : '', lastBounceAt };
}

interface FactRow {
  id: number; email_norm: string; valid: number; problem: string; suggestion: string; duplicate_of: number | null;
  role: number; disposable: number; override: string | null; dup_row: number | null; dup_source: string | null;
  /** What is stored now: a recompute skips rows whose outcome did not change. */
  bounces: number; last_diagnostic: string; last_bounce_at: string | null; policy_decision: string; policy_cause: string; reason: string | null; detail: string;
}

const FACT_SELECT = `SELECT c.id, c.email_norm, c.valid, c.problem, c.suggestion, c.duplicate_of, c.role, c.disposable, c.override,
  c.bounces, c.last_diagnostic, c.last_bounce_at, c.policy_decision, c.policy_cause, c.reason, c.detail,
  d.row AS dup_row, ds.name AS dup_source
  FROM contacts c LEFT JOIN contacts d ON d.id = c.duplicate_of LEFT JOIN sources ds ON ds.id = d.source_id`;

export function factsOf(r: FactRow, withOverride: boolean): ContactFacts {
  return {
    valid: r.valid === 1, problem: r.problem, suggestion: r.suggestion,
    duplicateOf: r.duplicate_of !== null ? { row: r.dup_row ?? 0, source: r.dup_source ?? '' } : null,
    role: r.role === 1, disposable: r.disposable === 1,
    override: withOverride ? (r.override as Decision | null) : null,
  };
}

export function loadFacts(db: Db, id: number): ContactFacts | undefined {
  const r = db.prepare(`${FACT_SELECT} WHERE c.id = ?`).get(id) as FactRow | undefined;
  return r ? factsOf(r, true) : undefined;
}

function updater(db: Db) {
  const st = db.prepare(`UPDATE contacts SET bounces = ?, last_diagnostic = ?, last_bounce_at = ?, policy_decision = ?, policy_cause = ?, reason = ?, detail = ?,
    decision = COALESCE(override, ?), cause = CASE WHEN override IS NULL THEN ? ELSE 'override' END WHERE id = ?`);
  return (id: number, o: Outcome, h: readonly HistoryBounce[], now?: FactRow) => {
    const s = historyStats(h, o.evidence);
    if (now && now.bounces === s.bounces && now.last_diagnostic === s.lastDiagnostic && now.last_bounce_at === s.lastBounceAt && now.policy_decision === o.policyDecision &&
      now.policy_cause === o.policyCause && now.reason === o.reason && now.detail === o.detail) return;
    st.run(s.bounces, s.lastDiagnostic, s.lastBounceAt, o.policyDecision, o.policyCause, o.reason, o.detail, o.policyDecision, o.policyCause, id);
  };
}

/**
 * Bounces a caller has just stored, by normalised address, with the first of their ids: their
 * histories need not be read back (a 50,000-row import spent a third of its re-deciding doing so).
 */
export interface FreshBounces {
  readonly fromId: number;
  readonly histories: ReadonlyMap<string, readonly HistoryBounce[]>;
}

/** Re-decides the contacts with these addresses; says how many rows, and how many of the addresses are on the lists. */
export function recomputeNorms(db: Db, norms: Iterable<string>, policy: Policy, fresh?: FreshBounces): { rows: number; addresses: number } {
  db.exec('CREATE TEMP TABLE IF NOT EXISTS affected (norm TEXT PRIMARY KEY) STRICT; DELETE FROM temp.affected;');
  const ins = db.prepare('INSERT OR IGNORE INTO temp.affected (norm) VALUES (?)');
  for (const n of norms) if (n) ins.run(n);
  const histories = fresh ? withOlder(db, fresh) : loadHistories(db, 'WHERE b.email_norm IN (SELECT norm FROM temp.affected)');
  // The ids first, from the address index alone (no row is read), then the rows read in id order,
  // a batch per statement, decided and written: the table is walked once, each page read once
  // and written while still in the cache. Reading the rows in address order then updating them
  // in id order read every page twice at a million rows (the cache holds a fraction of the table).
  const ids = db.prepare('SELECT c.id FROM contacts c WHERE c.email_norm IN (SELECT norm FROM temp.affected) ORDER BY c.id').pluck().all() as number[];
  const facts = db.prepare(`${FACT_SELECT} WHERE c.id IN (SELECT value FROM json_each(?)) ORDER BY c.id`);
  const update = updater(db);
  const matched = new Set<string>();
  for (let i = 0; i < ids.length; i += FACT_BATCH) {
    for (const r of facts.all(JSON.stringify(ids.slice(i, i + FACT_BATCH))) as FactRow[]) {
      const h = histories.get(r.email_norm) ?? [];
      update(r.id, decide(factsOf(r, false), h, policy), h, r);
      matched.add(r.email_norm);
    }
  }
  db.exec('DELETE FROM temp.affected');
  return { rows: ids.length, addresses: matched.size };
}

const FACT_BATCH = 1000;

/** The fresh histories with the affected addresses' earlier bounces (lower ids) in front. */
function withOlder(db: Db, fresh: FreshBounces): ReadonlyMap<string, readonly HistoryBounce[]> {
  if (!db.prepare('SELECT 1 FROM bounces WHERE id < ? LIMIT 1').get(fresh.fromId)) return fresh.histories;
  const all = new Map<string, readonly HistoryBounce[]>(fresh.histories);
  for (const [norm, older] of loadHistories(db, 'WHERE b.id < ? AND b.email_norm IN (SELECT norm FROM temp.affected)', fresh.fromId)) {
    all.set(norm, [...older, ...(fresh.histories.get(norm) ?? [])]);
  }
  return all;
}

/**
 * Re-decides every contact (after a policy change), in id ranges so memory stays flat.
 * `where` (SQL over alias c) narrows it to the rows a change can affect: SQLite skips the
 * others without handing them to JS, which is most of the cost at a million rows.
 */
export function recomputeAll(db: Db, policy: Policy, where?: string): number {
  const histories = loadHistories(db);
  const update = updater(db);
  const page = db.prepare(`${FACT_SELECT} WHERE c.id > ?${where ? ` AND (${where})` : ''} ORDER BY c.id LIMIT 10000`);
  let after = 0;
  let n = 0;
  for (;;) {
    const rows = page.all(after) as FactRow[];
    if (rows.length === 0) break;
    for (const r of rows) {
      const h = histories.get(r.email_norm) ?? [];
      update(r.id, decide(factsOf(r, false), h, policy), h, r);
    }
    n += rows.length;
    after = rows[rows.length - 1]!.id;
  }
  return n;
}

function nonEmpty(cells: readonly string[]): number {
  let n = 0;
  for (const c of cells) if (c.trim() !== '') n++;
  return n;
}

/**
 * Re-links duplicate groups: in each group of rows sharing a normalised address one row is
 * kept (the first, or the one with the most non-empty cells, ties -> the first) and the others
 * point at it. Only the groups of `norms` when given, else every group with more than one row.
 * Returns the addresses whose links changed (their rows need re-deciding).
 */
export function relinkDuplicates(db: Db, mode: Policy['duplicates'], norms?: Iterable<string>): Set<string> {
  const delimiters = new Map<number, string>();
  for (const s of db.prepare("SELECT id, format_json FROM sources WHERE kind = 'contacts'").all() as { id: number; format_json: string | null }[]) {
    delimiters.set(s.id, s.format_json ? (JSON.parse(s.format_json) as { delimiter?: string }).delimiter ?? ',' : ',');
  }
  let rows: { id: number; email_norm: string; source_id: number; raw: string | null; fields: string | null; duplicate_of: number | null }[];
  const cols = 'c.id, c.email_norm, c.source_id, c.duplicate_of' + (mode === 'most-complete' ? ', c.raw, c.fields' : ', NULL AS raw, NULL AS fields');
  if (norms) {
    db.exec('CREATE TEMP TABLE IF NOT EXISTS relink (norm TEXT PRIMARY KEY) STRICT; DELETE FROM temp.relink;');
    const ins = db.prepare('INSERT OR IGNORE INTO temp.relink (norm) VALUES (?)');
    for (const n of norms) if (n) ins.run(n);
    rows = db.prepare(`SELECT ${cols} FROM contacts c WHERE c.email_norm IN (SELECT norm FROM temp.relink) ORDER BY c.email_norm, c.id`).all() as typeof rows;
    db.exec('DELETE FROM temp.relink');
  } else {
    rows = db.prepare(`SELECT ${cols} FROM contacts c WHERE c.email_norm IN
      (SELECT email_norm FROM contacts WHERE email_norm <> '' GROUP BY email_norm HAVING count(*) > 1) ORDER BY c.email_norm, c.id`).all() as typeof rows;
  }
  const set = db.prepare('UPDATE contacts SET duplicate_of = ? WHERE id = ?');
  const changed = new Set<string>();
  for (let i = 0; i < rows.length;) {
    let j = i;
    while (j < rows.length && rows[j]!.email_norm === rows[i]!.email_norm) j++;
    const group = rows.slice(i, j);
    i = j;
    let keeper = group[0]!;
    if (mode === 'most-complete' && group.length > 1) {
      let best = -1;
      for (const r of group) {
        const n = nonEmpty(cellsOf(r.raw, r.fields, delimiters.get(r.source_id) ?? ','));
        if (n > best) { best = n; keeper = r; }
      }
    }
    for (const r of group) {
      const want = r === keeper || !r.email_norm ? null : keeper.id;
      if (r.duplicate_of !== want) {
        set.run(want, r.id);
        changed.add(r.email_norm);
      }
    }
  }
  return changed;
}
