import { formatAmount, type ActiveJob } from '../jobs.js';

export function JobBar({ job, onCancel }: { job: ActiveJob; onCancel(): void }) {
  const p = job.progress;
  const pct = p && p.total > 0 ? Math.min(100, Math.round((p.done / p.total) * 100)) : null;
  return (
    <div className="jobbar" role="progressbar" aria-label={job.title} aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct ?? undefined} data-testid="job-bar">
      <div className="jobbar-text">
        <strong>{job.title}</strong>
        <span className="muted">
          {job.cancelling
            ? 'Cancelling…'
            : p
              ? `${p.phase} · ${formatAmount(p.done, p.unit)}${p.total > 0 ? ` of ${formatAmount(p.total, p.unit)}` : ''}`
              : 'Starting…'}
        </span>
      </div>
      <div className={`jobbar-track ${pct === null ? 'jobbar-indeterminate' : ''}`}>
        <div className="jobbar-fill" style={{ width: pct === null ? '30%' : `${pct}%` }} />
      </div>
      <span className="jobbar-pct">{pct === null ? '' : `${pct}%`}</span>
      <button className="btn btn-sm" onClick={onCancel} disabled={job.cancelling || !job.jobId}>
        Cancel
      </button>
    </div>
  );
}
