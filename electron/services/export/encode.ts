/**
 * Text -> bytes in the source's own encoding. The platform only encodes UTF-8, so legacy
 * encodings get a reverse table built from TextDecoder itself: every byte (single-byte code
 * pages) or every two-byte sequence (CJK code pages) decoded once. Decoding a file and encoding
 * it back with these tables gives the same bytes for everything TextDecoder decodes reversibly.
 */
import { AppError } from '../../../shared/errors.js';
import { makeDecoder } from '../contacts/table.js';

export type Encoder = (text: string) => Buffer;

const cache = new Map<string, Encoder>();

export function encoderFor(encoding: string): Encoder {
  const enc = new TextDecoder(encoding).encoding;
  let e = cache.get(enc);
  if (!e) {
    e = build(enc);
    cache.set(enc, e);
  }
  return e;
}

function build(enc: string): Encoder {
  if (enc === 'utf-8') return (t) => Buffer.from(t, 'utf8');
  if (enc === 'utf-16le') return (t) => Buffer.from(t, 'utf16le');
  if (enc === 'utf-16be') return (t) => Buffer.from(t, 'utf16le').swap16();
  const map = new Map<number, number[]>();
  const single = makeDecoder(enc);
  // ASCII and single bytes first, so they win over multi-byte spellings of the same character.
  for (let b = 0; b < 256; b++) {
    const ch = single.decode(new Uint8Array([b]));
    if (ch.length >= 1 && ch !== '\ufffd' && [...ch].length === 1 && !map.has(ch.codePointAt(0)!)) map.set(ch.codePointAt(0)!, [b]);
  }
  if (MULTI_BYTE.has(enc)) {
    for (let lead = 0x81; lead <= 0xfe; lead++) {
      for (let trail = 0x40; trail <= 0xfe; trail++) {
        const ch = single.decode(new Uint8Array([lead, trail]));
        if ([...ch].length !== 1 || ch === '\ufffd') continue;
        const cp = ch.codePointAt(0)!;
        if (!map.has(cp)) map.set(cp, [lead, trail]);
      }
    }
  }
  return (t) => {
    // Every supported legacy encoding keeps ASCII as is.
    if (!/[^\x00-\x7f]/.test(t)) return Buffer.from(t, 'latin1');
    const out: number[] = [];
    for (const ch of t) {
      const bytes = map.get(ch.codePointAt(0)!);
      if (!bytes) {
        throw new AppError('bad-input', `The character "${ch}" cannot be written in ${enc.toUpperCase()}. Export as UTF-8 (or UTF-8 with BOM for Excel) instead.`);
      }
      for (const b of bytes) out.push(b);
    }
    return Buffer.from(out);
  };
}

const MULTI_BYTE = new Set(['shift_jis', 'euc-jp', 'euc-kr', 'big5', 'gbk', 'gb18030']);

export function bomFor(encoding: string): Buffer {
  const enc = new TextDecoder(encoding).encoding;
  if (enc === 'utf-8') return Buffer.from([0xef, 0xbb, 0xbf]);
  if (enc === 'utf-16le') return Buffer.from([0xff, 0xfe]);
  if (enc === 'utf-16be') return Buffer.from([0xfe, 0xff]);
  return Buffer.alloc(0);
}
