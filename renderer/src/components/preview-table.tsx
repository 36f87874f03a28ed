interface Props {
  headers: readonly string[];
  rows: readonly (readonly string[])[];
  /** Column indexes to highlight (the chosen email column, mapped bounce columns). */
  highlight: readonly number[];
  /** Labels shown above highlighted columns ("Email", "Reply code"…). */
  tags?: Readonly<Record<number, string>>;
  onHeaderClick?(index: number): void;
  dim?: boolean;
}

export function PreviewTable({ headers, rows, highlight, tags, onHeaderClick, dim }: Props) {
  const width = Math.max(headers.length, ...rows.map((r) => r.length));
  const cols = Array.from({ length: width }, (_, i) => i);
  return (
    <div className={`preview-table-wrap ${dim ? 'dim' : ''}`}>
      <table className="preview-table" data-testid="preview-table">
        <thead>
          <tr>
            <th className="rownum">#</th>
            {cols.map((i) => (
              <th
                key={i}
                className={highlight.includes(i) ? 'hl' : undefined}
                onClick={onHeaderClick ? () => onHeaderClick(i) : undefined}
                title={onHeaderClick ? 'Use this column for the email address' : undefined}
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
