/**
 * "Remembered for the next file with the same header": a stable key for a header row, so a
 * mapping the user corrected once is applied again to the next export of the same shape.
 * Order matters (the mapping stores column positions); case, surrounding whitespace, a BOM
 * and runs of inner whitespace do not.
 */

export function normalizeHeader(h: string): string {
  return h.replace(/^\uFEFF/, '').trim().replace(/\s+/g, ' ').toLowerCase();
}

/** "h1:<columns>:<16 hex>" — short enough to be a database key, collisions negligible. */
export function headerKey(headers: readonly string[]): string {
  const text = headers.map(normalizeHeader).join('\u001f');
  let a = 0x811c9dc5, b = 0x9747b28c;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
  }
  const hex = (n: number) => (n >>> 0).toString(16).padStart(8, '0');
  return `h1:${headers.length}:${hex(a)}${hex(b)}`;
}
