import { describe, expect, it } from 'vitest';
import { AddressIndex } from '../../../../electron/services/cleanup/address-index.js';
import { rng } from './helpers.js';

interface List { lines: string[]; ids: number[]; blanks: [number, string][] }

/**
 * Addresses built from few letters, so that many share a prefix, many are a prefix of another
 * ("ab@x.co", "ab@x.com"), many repeat, and short queries match most lines; some lines are blank
 * (a row without a normalised address, found by its cell), some have no "@" or end in one.
 */
function list(seed: number, n: number): List {
  const r = rng(seed);
  const word = (max: number) => Array.from({ length: 1 + Math.floor(r() * max) }, () => 'abs'[Math.floor(r() * 3)]).join('');
  const lines: string[] = [];
  const ids: number[] = [];
  const blanks: [number, string][] = [];
  let id = 1 + Math.floor(r() * 5);
  for (let i = 0; i < n; i++) {
    const kind = r();
    const line = kind < 0.1 ? '' : kind < 0.13 ? word(4) : kind < 0.15 ? `${word(3)}@` : `${word(4)}@${word(2)}.${['co', 'com', 'c'][Math.floor(r() * 3)]}`;
    lines.push(line);
    ids.push(id);
    if (!line) blanks.push([id, `not an address ${word(3)}`]);
    id += 1 + (r() < 0.1 ? Math.floor(r() * 4) : 0);
  }
  return { lines, ids, blanks };
}

function indexOf(l: List): AddressIndex {
  const starts = new Int32Array(l.lines.length);
  for (let i = 1, at = 0; i < l.lines.length; i++) starts[i] = at += l.lines[i - 1]!.length + 1;
  return AddressIndex.from({
    bytes: Buffer.from(l.lines.join('\n'), 'latin1'), ascii: true, starts, ids: Int32Array.from(l.ids),
    blankIds: Int32Array.from(l.blanks, (b) => b[0]), blankCells: l.blanks.map((b) => b[1]),
  });
}

describe('the search\'s addresses (AddressIndex)', () => {
  it('match every row whose address, or cell where it has none, holds the text: short texts that match most lines, and long ones', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const l = list(seed, 1 + seed * 37);
      const index = indexOf(l);
      const cells = new Map(l.blanks);
      for (const q of ['a', 's', 'b', 'ab', 'sa@', '@', '.co', 'com', 'aaa', 'bs@s', 'zz', 'not', 'address s']) {
        const want = l.ids.filter((id, i) => (l.lines[i] || cells.get(id) || '').includes(q));
        expect(Array.from(index.match(q)), `seed ${seed}, "${q}"`).toEqual(want);
      }
    }
  });

  it('match among some rows as matching every row and keeping those rows does: few rows or most, and ids the index does not hold', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const l = list(seed, 1 + seed * 37);
      const index = indexOf(l);
      const cells = new Map(l.blanks);
      const held = new Set(l.ids);
      const r = rng(seed * 11);
      for (const share of [0.02, 0.3, 0.7, 1]) {
        // Ids between and after the held ones too: a filter's rows are the index's, but nothing here may rely on it.
        const members = Int32Array.from([...Array(l.ids.at(-1)! + 3).keys()].filter((id) => (held.has(id) ? r() < share : r() < 0.05)));
        for (const q of ['a', 's', 'ab', 'sa@', '@', '.co', 'com', 'aaa', 'bs@s', 'zz', 'not', 'address s']) {
          const want = [...members].filter((id) => held.has(id) && (l.lines[l.ids.indexOf(id)] || cells.get(id) || '').includes(q));
          expect(Array.from(index.matchAmong(q, members)), `seed ${seed}, share ${share}, "${q}"`).toEqual(want);
        }
      }
    }
  });

  it('pick the first k of a search sorted by address or domain, both ways, as a sort of every member picks them', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const l = list(seed, 50 + seed * 23);
      const index = indexOf(l);
      const line = new Map(l.ids.map((id, i) => [id, l.lines[i]!]));
      const r = rng(seed * 7);
      const members = Int32Array.from(l.ids.filter(() => r() < 0.7));
      for (const by of ['address', 'domain'] as const) {
        const key = (id: number) => {
          const a = line.get(id)!;
          const at = a.indexOf('@');
          return by === 'domain' && at >= 0 ? a.slice(at + 1) : a;
        };
        for (const desc of [false, true]) {
          // Value, then id, both in the sort's direction; rows without one after them, by id in that direction.
          const sign = desc ? -1 : 1;
          const valued = [...members].filter((id) => key(id)).sort((a, b) => sign * (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a - b));
          const blank = [...members].filter((id) => !key(id)).sort((a, b) => sign * (a - b));
          for (const k of [1, 3, 10, 40, members.length + 5]) {
            expect(index.firstBy(members, by, desc, k), `seed ${seed}, ${by}, ${desc ? 'desc' : 'asc'}, k ${k}`).toEqual([...valued, ...blank].slice(0, k));
          }
        }
      }
    }
  });
});
