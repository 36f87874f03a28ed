/**
 * Text -> bytes in the source's own encoding. The platform only encodes UTF-8, so legacy
 * encodings get a reverse table built from TextDecoder itself: every byte (single-byte code
 * pages) or every two-byte sequence (CJK code pages) decoded once. Decoding a file and encoding
 * it back with these tables gives the same bytes for everything TextDecoder decodes reversibly.
 */
import { AppError } from '../../../shared/errors.js';
import { makeDecoder } from '../contacts/table.js';

/**
 * Writes text as bytes into a buffer the caller owns (the writer reuses one: new memory is dear
 * on some machines). `into` needs room for `maxBytes` bytes a UTF-16 unit at `at`, and returns
 * how many it wrote.
 */
export interface Encoder {
  readonly maxBytes: number;
  into(text: string, out: Buffer, at: number): number;
}

/** The text's bytes in a buffer of their own. */
export function encodeWhole(encoder: Encoder, text: string): Buffer {
  const out = Buffer.allocUnsafe(text.length * encoder.maxBytes);
  return out.subarray(0, encoder.into(text, out, 0));
}

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
  if (enc === 'utf-8') return { maxBytes: 3, into: (t, out, at) => out.write(t, at, 'utf8') };
  if (enc === 'utf-16le') return { maxBytes: 2, into: (t, out, at) => out.write(t, at, 'utf16le') };
  if (enc === 'utf-16be') {
    return {
      maxBytes: 2,
      into: (t, out, at) => {
        const n = out.write(t, at, 'utf16le');
        out.subarray(at, at + n).swap16();
        return n;
      },
    };
  }
  // Each character's bytes: -1 none, a byte, or 0x10000 | lead << 8 | trail. A table by UTF-16
  // unit, not a Map of code points: a 1M-row Windows-1252 list (86 MB) took 11 s through the Map
  // and a number[] per megabyte.
  const units = new Int32Array(0x10000).fill(-1);
  const astral = new Map<number, number>();
  const add = (cp: number, bytes: number) => {
    if (cp > 0xffff) { if (!astral.has(cp)) astral.set(cp, bytes); } else if (units[cp] === -1) units[cp] = bytes;
  };
  const single = makeDecoder(enc);
  // ASCII and single bytes first, so they win over multi-byte spellings of the same character.
  for (let b = 0; b < 256; b++) {
    const ch = single.decode(new Uint8Array([b]));
    if (ch.length >= 1 && ch !== '\ufffd' && [...ch].length === 1) add(ch.codePointAt(0)!, b);
  }
  if (MULTI_BYTE.has(enc)) {
    for (let lead = 0x81; lead <= 0xfe; lead++) {
      for (let trail = 0x40; trail <= 0xfe; trail++) {
        const ch = single.decode(new Uint8Array([lead, trail]));
        if ([...ch].length !== 1 || ch === '\ufffd') continue;
        add(ch.codePointAt(0)!, 0x10000 | (lead << 8) | trail);
      }
    }
  }
  // At most two bytes a UTF-16 unit (an astral character, two units, takes at most two).
  const into = (t: string, out: Buffer, at: number): number => {
    let o = at;
    for (let i = 0; i < t.length; i++) {
      const c = t.charCodeAt(i);
      // Not ASCII as is: Node's Shift_JIS reads 0x1A, 0x1C and 0x7F as U+001C, U+007F and U+001A.
      let cp = c;
      let bytes: number;
      if (c >= 0xd800 && c <= 0xdbff && (cp = t.codePointAt(i)!) > 0xffff) {
        bytes = astral.get(cp) ?? -1;
        i++;
      } else bytes = units[c]!;
      if (bytes < 0) {
        throw new AppError('bad-input', `The character "${String.fromCodePoint(cp)}" cannot be written in ${enc.toUpperCase()}. Export as UTF-8 (or UTF-8 with BOM for Excel) instead.`);
      }
      if (bytes > 0xff) { out[o++] = (bytes >> 8) & 0xff; out[o++] = bytes & 0xff; } else out[o++] = bytes;
    }
    return o - at;
  };
  return { maxBytes: 2, into };
}

const MULTI_BYTE = new Set(['shift_jis', 'euc-jp', 'euc-kr', 'big5', 'gbk', 'gb18030']);

export function bomFor(encoding: string): Buffer {
  const enc = new TextDecoder(encoding).encoding;
  if (enc === 'utf-8') return Buffer.from([0xef, 0xbb, 0xbf]);
  if (enc === 'utf-16le') return Buffer.from([0xff, 0xfe]);
  if (enc === 'utf-16be') return Buffer.from([0xfe, 0xff]);
  return Buffer.alloc(0);
}
