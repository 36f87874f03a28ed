/**
 * The review's first load reads the bounce figures a job kept in the file (review-figures.ts),
 * checked against their schema: a cleanup file can come from anyone. Apart from the jobs' module,
 * which would otherwise load the IPC contract's schemas (~60 ms) before each import's first row.
 */
import { z } from 'zod';
import type { Db } from '../store/index.js';
import { BounceTimelineSchema } from '../../../shared/contract.js';
import { figuresStamp, type BounceSide } from './review-figures.js';

const StoredFigures = z.object({
  worstDomains: z.array(z.object({ domain: z.string(), hard: z.number(), soft: z.number() })),
  reputationWarning: z.string().nullable(),
  bounceAddresses: z.object({ imported: z.number(), onLists: z.number() }),
  bounceTimeline: BounceTimelineSchema,
});

/** The kept bounce figures when they are those of the rows as they are now, else null. */
export function storedBounceSide(db: Db): BounceSide | null {
  const r = db.prepare('SELECT stamp, figures FROM review_figures WHERE id = 1').get() as { stamp: string; figures: string } | undefined;
  if (!r || r.stamp !== figuresStamp(db)) return null;
  try {
    const parsed = StoredFigures.safeParse(JSON.parse(r.figures));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
