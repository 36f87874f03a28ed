/**
 * The repository stands alone: no product, test or bench file names a path outside it (the
 * team's ../shared folder is not there in a user's clone). The one exception is test/corpus.ts,
 * which looks for the external bounce corpus and skips its tests when it is absent. CI proves the
 * same by running the suite from a copy alone in an empty folder; this catches it in seconds.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const ALLOWED = new Set([
  'test/corpus.ts',
  'eslint.config.js', // import patterns, not paths
]);
/** Paths that are inside the repository where the code runs: electron/main.ts runs as out/main/index.js. */
const RUNS_FROM: Record<string, string> = { 'electron/main.ts': 'out/main' };

function* sources(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name.startsWith('.') || e.name === 'node_modules' || e.name === 'fixtures') continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* sources(p);
    else if (/\.(?:ts|tsx|mjs|js|cjs|sh)$/.test(e.name)) yield p;
  }
}

describe('the repository stands alone', () => {
  it('names no path outside itself', () => {
    const files = [...['electron', 'shared', 'renderer', 'test'].flatMap((d) => [...sources(join(root, d))]),
      ...readdirSync(root).filter((f) => /\.(?:ts|js|mjs)$/.test(f)).map((f) => join(root, f)), join(root, '.ci/run'), join(root, 'package.json')];
    expect(files.length).toBeGreaterThan(100);
    const outside: string[] = [];
    for (const file of files) {
      const rel = relative(root, file);
      if (ALLOWED.has(rel)) continue;
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/['"`]((?:\.\.\/)+[^'"`\s]*)['"`]/g)) {
        const target = resolve(RUNS_FROM[rel] ? join(root, RUNS_FROM[rel]) : dirname(file), m[1]!);
        if (relative(root, target).startsWith('..')) outside.push(`${rel}: ${m[1]}`);
      }
      // A path built from the repository root and a literal: the team folder's names are enough.
      for (const m of text.matchAll(/['"`][^'"`\n]*shared\/(?:tools|corpus|reference)\/[^'"`\n]*['"`]/g)) outside.push(`${rel}: ${m[0]}`);
    }
    expect(outside).toEqual([]);
  });
});
