/**
 * Small helpers for reading loosely typed export records: CSV rows (header -> cell) and JSON
 * events alike. Exports disagree on casing ("Email" vs "email"), on number-vs-string
 * ("bounce_class":"10") and on date formats, so every provider reads through these.
 */

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * A field by name: exact key first, then case-insensitive, then ignoring spaces/underscores/
 * dashes ("Bounce Type" = "bounce_type"). Dotted names walk into nested objects.
 */
export function raw(r: Obj, name: string): unknown {
  if (name in r) return r[name];
  const dot = name.indexOf('.');
  if (dot > 0) {
    const head = raw(r, name.slice(0, dot));
    return isObj(head) ? raw(head, name.slice(dot + 1)) : undefined;
  }
  const want = squash(name);
  for (const k of Object.keys(r)) if (squash(k) === want) return r[k];
  return undefined;
}

/** The first of the named fields that holds a non-empty scalar, as a trimmed string ("" when none). */
export function str(r: Obj, ...names: string[]): string {
  for (const n of names) {
    const v = raw(r, n);
    if (v === undefined || v === null) continue;
    if (typeof v === 'string') {
      const t = v.trim();
      if (t) return t;
    } else if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  }
  return '';
}

/** true / false / undefined for boolean-ish fields (true, "true", "TRUE", 1, "yes"). */
export function bool(r: Obj, name: string): boolean | undefined {
  const v = raw(r, name);
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string') {
    const t = v.trim().toLowerCase();
    if (['true', 'yes', '1', 'y'].includes(t)) return true;
    if (['false', 'no', '0', 'n', ''].includes(t)) return t === '' ? undefined : false;
  }
  return undefined;
}

const SQUASHED = new Map<string, string>();

/** Lower case without spaces, underscores, dashes and dots. Memoised: the same keys repeat on every record. */
export function squash(s: string): string {
  let v = SQUASHED.get(s);
  if (v === undefined) {
    v = s.toLowerCase().replace(/[\s_\-.]+/g, '');
    if (SQUASHED.size < 10_000) SQUASHED.set(s, v);
  }
  return v;
}

/** Lower-cased, squashed key set of a record or header row, for detection. */
export function keySet(keys: Iterable<string>): Set<string> {
  const s = new Set<string>();
  for (const k of keys) s.add(squash(k));
  return s;
}

export function hasAll(keys: ReadonlySet<string>, ...names: string[]): boolean {
  return names.every((n) => keys.has(squash(n)));
}

export function hasAny(keys: ReadonlySet<string>, ...names: string[]): boolean {
  return names.some((n) => keys.has(squash(n)));
}

const MONTHS: Record<string, number> = { jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, oct: 9, nov: 10, dec: 11 };

/**
 * A date as ISO 8601 UTC, or undefined when it cannot be read. Accepts unix seconds or
 * milliseconds (number or numeric string, float allowed), ISO 8601, "YYYY-MM-DD HH:MM:SS"
 * (no zone: read as UTC, as the exports' own parsers do), and RFC 2822.
 */
export function toIso(v: unknown, opts: { dayFirst?: boolean } = {}): string | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'number' || (typeof v === 'string' && /^\s*\d{9,13}(\.\d+)?\s*$/.test(v))) {
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) return undefined;
    const ms = n > 1e11 ? n : n * 1000;
    return safeIso(new Date(ms));
  }
  if (typeof v !== 'string') return undefined;
  const s = v.trim();
  let m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?$/i.exec(s);
  if (m) {
    const [, y, mo, d, h = '0', mi = '0', se = '0', frac = '', zone] = m;
    if (+mo! < 1 || +mo! > 12 || +d! < 1 || +d! > 31 || +h > 24 || +mi > 59 || +se > 60) return undefined;
    let ms = Date.UTC(+y!, +mo! - 1, +d!, +h, +mi, +se, Math.round(Number(`0.${frac || '0'}`) * 1000));
    if (zone && /^[+-]/.test(zone)) {
      const z = zone.replace(':', '');
      const off = (Number(z.slice(1, 3)) * 60 + Number(z.slice(3, 5))) * (z[0] === '-' ? -1 : 1);
      ms -= off * 60_000;
    }
    return safeIso(new Date(ms));
  }
  // RFC 2822: "Mon, 06 May 2024 18:11:58 UTC" / "6 May 2024 18:11:58 +0000"
  m = /^(?:[A-Za-z]{3},\s*)?(\d{1,2})\s+([A-Za-z]{3})[a-z]*\s+(\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(UTC|GMT|Z|[+-]\d{4})?/.exec(s);
  if (m) {
    const [, d, mon, y, h, mi, se = '0', zone] = m;
    const month = MONTHS[mon!.toLowerCase()];
    if (month === undefined) return undefined;
    let ms = Date.UTC(+y!, month, +d!, +h!, +mi!, +se);
    if (zone && /^[+-]/.test(zone)) ms -= (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5))) * (zone[0] === '-' ? -1 : 1) * 60_000;
    return safeIso(new Date(ms));
  }
  // "MM/DD/YYYY" (US) or "DD/MM/YYYY" (most of Europe), "DD.MM.YYYY", with an optional time.
  m = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(s);
  if (m) {
    const [, a, sep, b, y, h = '0', mi = '0', se = '0'] = m;
    const dayFirst = sep === '.' || +a! > 12 || (+b! <= 12 && (opts.dayFirst ?? false));
    const [d, mo] = dayFirst ? [+a!, +b!] : [+b!, +a!];
    if (mo < 1 || mo > 12 || d < 1 || d > 31) return undefined;
    return safeIso(new Date(Date.UTC(+y!, mo - 1, d, +h, +mi, +se)));
  }
  return undefined;
}

function safeIso(d: Date): string | undefined {
  const t = d.getTime();
  return Number.isFinite(t) ? d.toISOString() : undefined;
}

/** SMTP reply code (3 digits, 2xx-5xx) from a field that may hold "550", 550 or "550 5.1.1 ...". */
export function replyCodeOf(v: string): string {
  const m = /^\s*([245]\d\d)(?!\d)/.exec(v);
  return m ? m[1]! : '';
}

/** Enhanced status code (RFC 3463) from a field such as "5.1.1" or "#5.1.1". */
export function statusOf(v: string): string {
  const m = /(?:^|[^\d.])([245]\.\d{1,3}\.\d{1,3})(?![\d.])/.exec(` ${v}`);
  return m ? m[1]! : '';
}

/** Does this look like an email address (a cheap shape test for detection, not validation)? */
export function looksLikeEmail(v: string): boolean {
  // a quoted local part ("john doe"@example.com) may hold spaces, commas and @
  return /^(?:"(?:[^"\\\r\n]|\\[^\r\n])+"|[^\s@<>,;"]+)@[^\s@<>,;"]+\.[^\s@<>,;"]+$/.test(v.trim().replace(/^<|>$/g, ''));
}

/**
 * Whether the numeric dates of a column are day-first: decided by a value that can only be read
 * one way (13/02 or 02/13); when all are ambiguous, semicolon-separated files (continental
 * European Excel) are read day-first and others month-first.
 */
export function inferDayFirst(values: readonly string[], delimiter?: string): boolean {
  for (const v of values) {
    const m = /^\s*(\d{1,2})[/-](\d{1,2})[/-]\d{4}/.exec(v);
    if (!m) continue;
    if (+m[1]! > 12) return true;
    if (+m[2]! > 12) return false;
  }
  return delimiter === ';';
}
