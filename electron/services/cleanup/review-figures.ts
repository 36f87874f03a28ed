/**
 * The review summary's bounce figures: worst domains, the reputation banner, the bounced
 * addresses and the bounces per campaign. They read every bounce row, so the job that changes
 * what they count keeps them in the file (migration 10) and the review's first load reads them
 * (stored-figures.ts). The import jobs load this module: it holds no schema of the IPC contract.
 */
import type { Db } from '../store/index.js';
import type { BounceTimeline, ReviewSummary } from '../../../shared/contract.js';
import { reputationWarning, REPUTATION_REASONS } from '../../../shared/policy.js';
import { REASON_INFO, type Reason } from '../../../shared/reasons.js';

export type BounceSide = Pick<ReviewSummary, 'worstDomains' | 'reputationWarning' | 'bounceAddresses' | 'bounceTimeline'>;

export function computeBounceSide(db: Db): BounceSide {
  const figures = bounceFigures(db);
  return { ...figures, bounceTimeline: bounceTimeline(db, figures.bounceAddresses?.imported === figures.bounceAddresses?.onLists) };
}

/** The newest contact and bounce ids: rows are only appended, so an import changes this. */
export function figuresStamp(db: Db): string {
  const r = db.prepare('SELECT (SELECT max(id) FROM contacts), (SELECT max(id) FROM bounces)').raw().get() as [number | null, number | null];
  return `${r[0] ?? 0}:${r[1] ?? 0}`;
}

/**
 * Computes the summary's bounce figures and keeps them in the file (migration 10), for a job that
 * changed what they count (an import, an address edit), in its transaction, so the review's first
 * load reads them instead of every bounce row.
 */
export function storeReviewFigures(db: Db): void {
  db.prepare('INSERT OR REPLACE INTO review_figures (id, stamp, figures) VALUES (1, ?, ?)').run(figuresStamp(db), JSON.stringify(computeBounceSide(db)));
}

const REPUTATION: ReadonlySet<string> = new Set(REPUTATION_REASONS);
const BOUNCED: ReadonlySet<string> = new Set(['hard', 'soft', 'complaint', 'unknown']);

/** SQL list of the bounced verdicts and of the reputation reasons (fixed words of this code). */
const sqlList = (xs: Iterable<string>) => [...xs].map((x) => `'${x.replace(/'/g, "''")}'`).join(', ');

/**
 * Worst domains and the reputation banner, over the addresses on the user's lists only (a
 * bounce export usually covers a whole account). SQLite adds up each address's reports over the
 * bounce index of migration 8 (in address order, never the wide rows), then each domain's
 * addresses, so a thousand domain rows reach JavaScript, not fifty thousand reports. Which
 * addresses are on the lists comes from the bounced rows' partial index (a row counts every
 * report but delivery ones); only addresses with nothing but delivery reports are looked up.
 */
function bounceFigures(db: Db): Pick<ReviewSummary, 'worstDomains' | 'reputationWarning' | 'bounceAddresses'> {
  const perDomain = db.prepare(`SELECT domain, sum(hard), sum(soft), sum(bounced), count(*), group_concat(rep, ';') FROM (
      SELECT email_norm, domain, max(verdict = 'hard') AS hard, max(verdict = 'soft') AS soft, max(verdict IN (${sqlList(BOUNCED)})) AS bounced,
        min(verdict = 'delivered') AS delivered_only, group_concat(CASE WHEN reason IN (${sqlList(REPUTATION)}) THEN reason END) AS rep
      FROM bounces INDEXED BY bounces_addr WHERE email_norm <> '' GROUP BY email_norm) a
    WHERE (delivered_only = 0 AND email_norm IN (SELECT email_norm FROM contacts INDEXED BY contacts_bounced WHERE bounces > 0))
      OR (delivered_only = 1 AND EXISTS (SELECT 1 FROM contacts c WHERE c.email_norm = a.email_norm))
    GROUP BY domain`).raw().all() as [string, number, number, number, number, string | null][];
  const domains: { domain: string; hard: number; soft: number }[] = [];
  const repDomains = new Set<string>();
  const repReasons = new Map<Reason, number>();
  let repAddresses = 0;
  let bounced = 0;
  let onLists = 0;
  for (const [domain, hard, soft, b, addresses, rep] of perDomain) {
    onLists += addresses;
    bounced += b;
    if (domain && (hard || soft)) domains.push({ domain, hard, soft });
    if (!rep) continue;
    repDomains.add(domain);
    for (const one of rep.split(';')) {
      repAddresses++;
      for (const r of new Set(one.split(','))) repReasons.set(r as Reason, (repReasons.get(r as Reason) ?? 0) + 1);
    }
  }
  const imported = db.prepare("SELECT count(DISTINCT email_norm) FROM bounces INDEXED BY bounces_addr WHERE email_norm <> ''").pluck().get() as number;
  const worstDomains = domains.sort((a, b) => b.hard + b.soft - (a.hard + a.soft) || (a.domain < b.domain ? -1 : a.domain > b.domain ? 1 : 0)).slice(0, 10);
  const reasons = [...repReasons].map(([reason, addresses]) => ({ reason, addresses })).sort((a, b) => b.addresses - a.addresses || a.reason.localeCompare(b.reason));
  return {
    worstDomains,
    reputationWarning: reputationWarning({ bouncedAddresses: bounced, reputationAddresses: repAddresses, reputationDomains: repDomains.size, reasons }),
    bounceAddresses: { imported, onLists },
  };
}

/** A bounce of the chart: the sender refused (blocklists, spam filters, authentication), else hard or soft. */
export function bounceKind(verdict: 'hard' | 'soft', reason: Reason): 'hard' | 'soft' | 'blocks' {
  return REASON_INFO[reason]?.side === 'sender' ? 'blocks' : verdict;
}

/** Bounces spanning more days than this are counted by month: a column a day would be too thin. */
const MAX_DAYS = 45;

/**
 * Hard, soft and blocked bounces per campaign, oldest first; without campaigns per date (by day,
 * or by month over a longer span), without dates per file. One GROUP BY over the bounces; the
 * addresses on no list are left out (as in the other bounce figures) only when there are any,
 * since probing the contacts for each bounce is most of the cost.
 */
export function bounceTimeline(db: Db, allOnLists: boolean): BounceTimeline {
  const rows = db.prepare(`SELECT coalesce(b.campaign, '') AS campaign, substr(b.occurred_at, 1, 10) AS day, b.file, b.verdict, b.reason,
      min(b.occurred_at) AS first, count(*) AS n
    FROM bounces b WHERE b.verdict IN ('hard', 'soft')
      ${allOnLists ? '' : 'AND EXISTS (SELECT 1 FROM contacts c WHERE c.email_norm = b.email_norm)'}
    GROUP BY 1, 2, 3, 4, 5`).all() as { campaign: string; day: string | null; file: string; verdict: 'hard' | 'soft'; reason: Reason; first: string | null; n: number }[];
  const days = rows.map((r) => r.day).filter((d) => d !== null).sort();
  const span = days.length ? (Date.parse(days[days.length - 1]!) - Date.parse(days[0]!)) / 86_400_000 : 0;
  const by: BounceTimeline['by'] = rows.some((r) => r.campaign) ? 'campaign' : days.length === 0 ? 'file' : span > MAX_DAYS ? 'month' : 'day';
  const keyOf = (r: (typeof rows)[number]) => by === 'campaign' ? r.campaign : by === 'file' ? r.file : by === 'month' ? r.day?.slice(0, 7) ?? '' : r.day ?? '';
  const groups = new Map<string, { key: string; first: string | null; hard: number; soft: number; blocks: number }>();
  for (const r of rows) {
    const key = keyOf(r);
    const g = groups.get(key) ?? { key, first: null, hard: 0, soft: 0, blocks: 0 };
    if (r.first !== null && (g.first === null || r.first < g.first)) g.first = r.first;
    g[bounceKind(r.verdict, r.reason)] += r.n;
    groups.set(key, g);
  }
  // Oldest first, undated last; a date key sorts as itself.
  const sorted = [...groups.values()].sort((a, b) => (a.first === null ? 1 : 0) - (b.first === null ? 1 : 0) || (a.first ?? a.key).localeCompare(b.first ?? b.key) || a.key.localeCompare(b.key));
  return { by, groups: sorted };
}

