/**
 * The one way dates are shown: in the user's locale (Intl.DateTimeFormat), medium date and short
 * time, with the value as it was recorded (its own offset or zone) in the tooltip, since a
 * bounce's time zone is evidence too. A date without a time (2025-03-04) is a calendar day: shown
 * as that day, never shifted by a zone.
 */
export interface ShownDate {
  /** What the page shows: "Apr 1, 2025, 5:43 PM" in en-US. */
  readonly text: string;
  /** The tooltip: the recorded value and the zone the text is in. */
  readonly title: string;
  /** For <time dateTime>: the value as recorded, or '' when it is not a date. */
  readonly dateTime: string;
}

export interface DateOptions {
  /** Default: the user's (the browser's) locale. */
  readonly locale?: string | readonly string[];
  /** Default: the user's zone. */
  readonly timeZone?: string;
  /** The day alone (the time stays in the tooltip): a table column, where "Jun 24, 2025, 3:46 PM" would not fit. */
  readonly dayOnly?: boolean;
}

const DAY_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const formats = new Map<string, Intl.DateTimeFormat>();

function format(kind: 'day' | 'moment' | 'moment-day', opts: DateOptions): Intl.DateTimeFormat {
  const key = `${kind}|${String(opts.locale ?? '')}|${opts.timeZone ?? ''}`;
  let f = formats.get(key);
  if (!f) {
    const locale = opts.locale === undefined ? undefined : [...(typeof opts.locale === 'string' ? [opts.locale] : opts.locale)];
    const zone = opts.timeZone ? { timeZone: opts.timeZone } : {};
    f = kind === 'day'
      ? new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' })
      : new Intl.DateTimeFormat(locale, kind === 'moment' ? { dateStyle: 'medium', timeStyle: 'short', ...zone } : { dateStyle: 'medium', ...zone });
    formats.set(key, f);
  }
  return f;
}

export function showDate(value: string, opts: DateOptions = {}): ShownDate {
  const raw = value.trim();
  if (DAY_ONLY.test(raw)) {
    const d = new Date(`${raw}T00:00:00Z`);
    if (!Number.isNaN(d.getTime())) return { text: format('day', opts).format(d), title: raw, dateTime: raw };
  }
  const d = new Date(raw);
  // Not a date the app can read: shown as recorded rather than dropped.
  if (raw === '' || Number.isNaN(d.getTime())) return { text: raw, title: raw, dateTime: '' };
  const f = format(opts.dayOnly ? 'moment-day' : 'moment', opts);
  const title = opts.dayOnly ? `${format('moment', opts).format(d)} · ${raw} (shown in ${f.resolvedOptions().timeZone} time)` : `${raw} (shown in ${f.resolvedOptions().timeZone} time)`;
  return { text: f.format(d), title, dateTime: raw };
}
