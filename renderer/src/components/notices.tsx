import { useEffect } from 'react';

export type NoticeKind = 'error' | 'info' | 'success';

export interface Notice {
  readonly id: number;
  readonly kind: NoticeKind;
  readonly text: string;
  readonly details: readonly string[];
}

/** Messages stay until dismissed when they are errors; the others fade after a while. */
export function Notices({ notices, onDismiss }: { notices: readonly Notice[]; onDismiss: (id: number) => void }) {
  return (
    <div className="notices" aria-live="polite">
      {notices.map((n) => (
        <NoticeItem key={n.id} notice={n} onDismiss={onDismiss} />
      ))}
    </div>
  );
}

function NoticeItem({ notice, onDismiss }: { notice: Notice; onDismiss: (id: number) => void }) {
  useEffect(() => {
    if (notice.kind === 'error') return;
    const t = setTimeout(() => onDismiss(notice.id), notice.details.length > 0 ? 12000 : 6000);
    return () => clearTimeout(t);
  }, [notice, onDismiss]);
  return (
    <div className={`notice notice-${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'}>
      <div className="notice-body">
        <div className="notice-text">{notice.text}</div>
        {notice.details.length > 0 && (
          <ul className="notice-details">
            {notice.details.slice(0, 5).map((d, i) => (
              <li key={i}>{d}</li>
            ))}
            {notice.details.length > 5 && <li>…and {notice.details.length - 5} more</li>}
          </ul>
        )}
      </div>
      <button className="notice-close" aria-label="Dismiss" onClick={() => onDismiss(notice.id)}>
        ×
      </button>
    </div>
  );
}
