/**
 * Long work (imports, exports) runs as a job on the Node side: the call returns a job id at
 * once, progress arrives as events, and 'job/done' carries the outcome. This hook turns that
 * into one awaitable call per job and exposes the running job for the progress bar.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { JobStarted } from '../../shared/contract.js';
import type { JobOutcome, JobProgress } from '../../shared/types.js';
import { call, onEvent } from './api.js';

export interface ActiveJob {
  readonly title: string;
  readonly jobId: string | null;
  readonly progress: JobProgress | null;
  readonly cancelling: boolean;
}

export interface JobRunner {
  readonly active: ActiveJob | null;
  run(title: string, start: () => Promise<JobStarted>): Promise<JobOutcome>;
  cancel(): void;
}

export function useJobRunner(): JobRunner {
  const [active, setActive] = useState<ActiveJob | null>(null);
  const waiters = useRef(new Map<string, (outcome: JobOutcome) => void>());
  // 'job/done' may overtake the reply that tells us the job id (a tiny job, a failed open).
  const early = useRef(new Map<string, JobOutcome>());
  const current = useRef<string | null>(null);

  useEffect(() => {
    const offProgress = onEvent('job/progress', (p) => {
      setActive((a) => (a && (a.jobId === null || a.jobId === p.jobId) ? { ...a, progress: p } : a));
    });
    const offDone = onEvent('job/done', ({ jobId, outcome }) => {
      const waiter = waiters.current.get(jobId);
      if (waiter) {
        waiters.current.delete(jobId);
        waiter(outcome);
      } else {
        early.current.set(jobId, outcome);
      }
    });
    return () => {
      offProgress();
      offDone();
    };
  }, []);

  const run = useCallback(async (title: string, start: () => Promise<JobStarted>) => {
    setActive({ title, jobId: null, progress: null, cancelling: false });
    try {
      const { jobId } = await start();
      current.current = jobId;
      setActive((a) => (a ? { ...a, jobId } : a));
      const known = early.current.get(jobId);
      early.current.delete(jobId);
      return known ?? (await new Promise<JobOutcome>((resolve) => waiters.current.set(jobId, resolve)));
    } finally {
      current.current = null;
      setActive(null);
    }
  }, []);

  const cancel = useCallback(() => {
    const jobId = current.current;
    if (!jobId) return;
    setActive((a) => (a ? { ...a, cancelling: true } : a));
    void call('jobs/cancel', { jobId }).catch(() => {});
  }, []);

  return { active, run, cancel };
}

export function formatAmount(n: number, unit: JobProgress['unit']): string {
  if (unit === 'bytes') {
    if (n < 1024) return `${n} B`;
    if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
    return `${(n / 1024 / 1024).toFixed(1)} MB`;
  }
  return `${n.toLocaleString('en-US')} ${unit}`;
}
