import { describe, expect, it } from 'vitest';

describe('packed batches', () => {
  it('give the writer every cell back, whether sent whole, as "same as above" or as "same as the address"', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { openStore } = await import('../../../../electron/services/store/index.js');
    const { prepareContactRows } = await import('../../../../electron/services/cleanup/contact-rows.js');
    const { forEachRow, TEXT_COLS } = await import('../../../../electron/services/cleanup/contact-pack.js');
    const dir = mkdtempSync(join(tmpdir(), 'ls-pack-'));
    const dbPath = join(dir, 'c.listsweep');
    openStore(dbPath, { create: true }).close();
    const csv = join(dir, 'list.csv');
    // Two plain rows (their verdict cells repeat), a mixed-case address (normalised differs),
    // an invalid one, a duplicate, then plain again.
    writeFileSync(csv, 'email,name\na@example.com,A\nb@example.com,B\nC@Example.com,C\nnot an address,D\na@example.com,E\nd@example.com,F\n');
    const got: (string | null)[][] = [];
    for await (const m of prepareContactRows({ path: csv, options: {}, dbPath, firstId: 1, name: 'list.csv' })) {
      if (m.type === 'batch') forEachRow(m.batch, (_i, _nums, _at, cells) => { got.push(cells.slice()); });
    }
    expect(got).toHaveLength(6);
    for (const r of got) expect(r).toHaveLength(TEXT_COLS);
    const col = (r: (string | null)[]) => ({ email: r[0], norm: r[1], raw: r[2], fields: r[3], problem: r[4], reason: r[9], detail: r[10], decision: r[11], cause: r[12] });
    expect(col(got[0]!)).toMatchObject({ email: 'a@example.com', norm: 'a@example.com', raw: 'a@example.com,A', fields: null, problem: '', reason: null, decision: 'keep', cause: 'clean' });
    expect(col(got[1]!)).toMatchObject({ email: 'b@example.com', norm: 'b@example.com', raw: 'b@example.com,B', decision: 'keep', cause: 'clean', detail: col(got[0]!).detail });
    expect(col(got[2]!)).toMatchObject({ email: 'C@Example.com', norm: 'c@example.com', decision: 'keep' });
    expect(col(got[3]!).problem).not.toBe('');
    expect(col(got[3]!)).toMatchObject({ email: 'not an address', decision: 'remove', cause: 'invalid' });
    expect(col(got[4]!)).toMatchObject({ email: 'a@example.com', norm: 'a@example.com', decision: 'remove', cause: 'duplicate' });
    expect(col(got[4]!).detail).toMatch(/row 1\b/);
    expect(col(got[5]!)).toMatchObject({ email: 'd@example.com', norm: 'd@example.com', raw: 'd@example.com,F', problem: '', reason: null, decision: 'keep', cause: 'clean', detail: col(got[0]!).detail });

    // A long list: batches of several text pieces, every row's cells still its own.
    const lines = Array.from({ length: 5000 }, (_, i) => `User${i}@Example.com,Имя ${'ж'.repeat(i % 97)},${i}`);
    writeFileSync(csv, `email,name,n\n${lines.join('\n')}\n`);
    const raws: (string | null)[] = [];
    const norms: (string | null)[] = [];
    let pieces = 0;
    for await (const m of prepareContactRows({ path: csv, options: {}, dbPath, firstId: 1, name: 'list.csv' })) {
      if (m.type !== 'batch') continue;
      pieces = Math.max(pieces, m.batch.texts.length);
      forEachRow(m.batch, (_i, _nums, _at, cells) => { raws.push(cells[2]!); norms.push(cells[1]!); });
    }
    expect(pieces).toBeGreaterThan(1);
    expect(raws).toEqual(lines);
    expect(norms).toEqual(lines.map((l) => l.slice(0, l.indexOf(',')).toLowerCase()));
  });

  // Found twice (by the exact-recipient property test and by the per-format e2e spec): an import
  // whose first address was invalid failed with "Cannot read properties of undefined (reading 'write')".
  it.each([
    ['a quoted local part', 'email\n"""a b""@example.com"\na@example.com\n', [['"a b"@example.com', '', 'invalid'], ['a@example.com', 'a@example.com', 'clean']]],
    ['an unknown TLD, then a duplicate', 'email,name\nnews@shop.example,A\nb@example.com,B\nb@example.com,C\n', [['news@shop.example', '', 'invalid'], ['b@example.com', 'b@example.com', 'clean'], ['b@example.com', 'b@example.com', 'duplicate']]],
  ])('a list whose first address is invalid imports (%s)', async (_what, text, expected) => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { openStore } = await import('../../../../electron/services/store/index.js');
    const { prepareContactRows } = await import('../../../../electron/services/cleanup/contact-rows.js');
    const { forEachRow } = await import('../../../../electron/services/cleanup/contact-pack.js');
    const dir = mkdtempSync(join(tmpdir(), 'ls-pack-'));
    const dbPath = join(dir, 'c.listsweep');
    openStore(dbPath, { create: true }).close();
    const csv = join(dir, 'list.csv');
    writeFileSync(csv, text);
    const got: (string | null)[][] = [];
    for await (const m of prepareContactRows({ path: csv, options: {}, dbPath, firstId: 1, name: 'list.csv' })) {
      if (m.type === 'batch') forEachRow(m.batch, (_i, _nums, _at, cells) => { got.push(cells.slice()); });
    }
    expect(got.map((r) => [r[0], r[1], r[12]])).toEqual(expected);
  });
});

describe('NormArena', () => {
  const entries = ['ann@example.org', '', 'josé@exämple.org', 'b@x.io', '用户@例子.广告', '', `${'long'.repeat(20)}@example.com`, 'c@d.e', '😀@emoji.example', ''];

  it.each([8, 16, 64, 4 * 1024 * 1024])('gives back every entry, and all of them as lines, across chunks of %i bytes', async (chunkBytes) => {
    const { NormArena } = await import('../../../../electron/services/cleanup/contact-rows.js');
    const arena = new NormArena(chunkBytes);
    const pushed: string[] = [];
    for (let round = 0; round < 30; round++) {
      for (const e of entries) {
        const s = e && `${round}.${e}`;
        arena.push(s);
        pushed.push(s);
      }
    }
    expect(pushed.map((_, i) => arena.get(i))).toEqual(pushed);
    expect(Buffer.concat(arena.pieces()).toString('utf8')).toBe(pushed.join('\n'));
  });

  it('hands its pieces over to another thread without a copy, even in chunks smaller than Buffer\'s pool', async () => {
    const { NormArena } = await import('../../../../electron/services/cleanup/contact-rows.js');
    const arena = new NormArena(16);
    for (const e of entries) arena.push(e);
    const pieces = arena.pieces();
    expect(pieces.length).toBeGreaterThan(3);
    const expected = Buffer.concat(pieces).toString('utf8');
    // A piece sharing its memory (Buffer's pool) could not be moved, nor two pieces the same memory.
    const moved = structuredClone(pieces, { transfer: pieces.map((p) => p.buffer as ArrayBuffer) });
    expect(pieces.every((p) => p.byteLength === 0)).toBe(true);
    expect(Buffer.concat(moved).toString('utf8')).toBe(expected);
    expect(expected).toBe(entries.join('\n'));
  });

  it('holds no line for no entry, and an empty line for one empty entry', async () => {
    const { NormArena } = await import('../../../../electron/services/cleanup/contact-rows.js');
    expect(Buffer.concat(new NormArena().pieces())).toHaveLength(0);
    const one = new NormArena();
    one.push('');
    expect(Buffer.concat(one.pieces())).toHaveLength(0);
    one.push('');
    expect(Buffer.concat(one.pieces()).toString()).toBe('\n');
  });
});
