import { showDate } from '../dates.js';

/** A date as the app shows every date (dates.ts): the user's locale, the recorded value in the tooltip. */
export function When({ value, testId, dayOnly }: { value: string; testId?: string; dayOnly?: boolean }) {
  const d = showDate(value, dayOnly ? { dayOnly } : {});
  if (!d.dateTime) return <span>{d.text}</span>;
  return <time dateTime={d.dateTime} title={d.title} data-testid={testId}>{d.text}</time>;
}
