/**
 * The legacy encodings a list is written back in: every character the import's decoder gives
 * (from a single byte or a two-byte sequence) is encoded to bytes that decode to it again,
 * single bytes are preferred where a character has two spellings, and a character the encoding
 * lacks is refused by name.
 */
import { describe, expect, it } from 'vitest';
import { makeDecoder } from '../../../../electron/services/contacts/table.js';
import { encodeWhole, encoderFor } from '../../../../electron/services/export/encode.js';
import { AppError } from '../../../../shared/errors.js';

const SINGLE = ['windows-1252', 'windows-1250', 'windows-1251', 'iso-8859-15', 'koi8-r'];
const MULTI = ['shift_jis', 'euc-jp', 'euc-kr', 'big5', 'gbk', 'gb18030'];

/** Every character one byte, or one lead and trail byte, decodes to (each as the decoder gives it). */
function decodable(enc: string, pairs: boolean): { ch: string; bytes: number[] }[] {
  const d = makeDecoder(enc);
  const out: { ch: string; bytes: number[] }[] = [];
  const take = (bytes: number[]) => {
    const ch = d.decode(new Uint8Array(bytes));
    if (ch !== '\ufffd' && [...ch].length === 1) out.push({ ch, bytes });
  };
  for (let b = 0; b < 256; b++) take([b]);
  if (pairs) for (let lead = 0x81; lead <= 0xfe; lead++) for (let trail = 0x40; trail <= 0xfe; trail++) take([lead, trail]);
  return out;
}

describe('legacy encodings', () => {
  it.each([...SINGLE.map((e) => [e, false] as const), ...MULTI.map((e) => [e, true] as const)])('%s: every character it decodes is written back to bytes that decode to it', (enc, pairs) => {
    const chars = decodable(enc, pairs);
    expect(chars.length).toBeGreaterThan(pairs ? 5000 : 200);
    // Interleaved with ASCII, so runs of ASCII and other characters alternate as in a real list.
    const text = chars.map((c, i) => `${c.ch}${i % 7 === 0 ? 'a,b;' : ''}`).join('');
    const encoded = encodeWhole(encoderFor(enc), text);
    expect(makeDecoder(enc).decode(encoded)).toBe(text);
    // A character a single byte spells is written as that byte.
    const firstSpelling = new Map<string, number[]>();
    for (const c of chars) if (!firstSpelling.has(c.ch)) firstSpelling.set(c.ch, c.bytes);
    for (const [ch, bytes] of firstSpelling) if (bytes.length === 1) expect([...encodeWhole(encoderFor(enc), ch)]).toEqual(bytes);
  });

  it.each([
    ['windows-1252', 'Zoë 😀', '😀'],
    ['windows-1252', 'a\ud800b', '\ud800'],
    ['shift_jis', 'José', 'é'],
    ['koi8-r', 'Ærø', 'Æ'],
    ['big5', '和😀', '😀'],
  ])('%s refuses %j and names %j', (enc, text, ch) => {
    let error: unknown;
    try { encodeWhole(encoderFor(enc), text); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('bad-input');
    expect((error as AppError).message).toContain(`"${ch}" cannot be written in ${enc.toUpperCase()}`);
  });
});
