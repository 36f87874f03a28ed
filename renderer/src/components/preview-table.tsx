import { useEffect, useRef } from 'react';

interface Props {
  headers: readonly string[];
  rows: readonly (readonly string[])[];
  /** Column indexes to highlight (the chosen email column, mapped bounce columns). */
  highlight: readonly number[];
  /** Labels shown above highlighted columns ("Email", "Reply code"…). */
  tags?: Readonly<Record<number, string>>;
  onHeaderClick?(index: number): void;
  /** What clicking a header does, shown as its tooltip. */
  clickTitle?: string;
  dim?: boolean;
}

export function PreviewTable({ headers, rows, highlight, tags, onHeaderClick, clickTitle, dim }: Props) {
  const width = Math.max(headers.length, ...rows.map((r) => r.length));
  const cols = Array.from({ length: width }, (_, i) => i);
  const wrap = useRef<HTMLDivElement>(null);
  const first = highlight.length ? Math.min(...highlight) : -1;
  // A wide export (Google's has 20-odd columns before its addresses) opens on its highlighted columns.
  useEffect(() => {
    const w = wrap.current;
    const th = w?.querySelector<HTMLElement>(`th[data-col="${first}"]`);
    const num = w?.querySelector<HTMLElement>('th.rownum');
    if (!w || !th) return;
    const left = th.offsetLeft - (num?.offsetWidth ?? 0);
    if (left < w.scrollLeft || th.offsetLeft + th.offsetWidth > w.scrollLeft + w.clientWidth) w.scrollLeft = Math.max(0, left - 24);
  }, [first, width]);
  return (
    <div className={`preview-table-wrap ${dim ? 'dim' : ''}`} ref={wrap} data-testid="preview-scroll" tabIndex={0} role="region" aria-label="First rows of the file">
      <table className="preview-table" data-testid="preview-table">
        <thead>
          <tr>
            <th className="rownum">#</th>
            {cols.map((i) => (
              <th
                key={i}
                className={highlight.includes(i) ? 'hl' : undefined}
                onClick={onHeaderClick ? () => onHeaderClick(i) : undefined}
                title={onHeaderClick ? clickTitle ?? 'Use this column for the email address' : undefined}
                data-col={i}
              >
                {tags?.[i] && <span className="col-tag">{tags[i]}</span>}
                {headers[i] || `Column ${i + 1}`}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, r) => (
            <tr key={r}>
              <td className="rownum">{r + 1}</td>
              {cols.map((i) => (
                <td key={i} className={highlight.includes(i) ? 'hl' : undefined} title={row[i] ?? ''}>
                  {row[i] ?? ''}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
