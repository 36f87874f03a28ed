/** Excel's limits, for the exporter and for the export panel that offers CSV beyond them. */

/** Rows in one Excel sheet, header included. */
export const EXCEL_MAX_ROWS = 1_048_576;

/** What the user reads when a list is longer than a sheet: the limit, the count, and the way out. */
export function tooManyRowsMessage(rows?: number): string {
  const has = rows === undefined ? 'this list has more' : `this list has ${rows.toLocaleString('en-US')}`;
  return `Excel holds at most ${EXCEL_MAX_ROWS.toLocaleString('en-US')} rows in a sheet (header included) and ${has}. Export it as CSV instead: give the file a .csv name.`;
}
