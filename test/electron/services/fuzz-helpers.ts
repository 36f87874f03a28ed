/**
 * What every reader promises for any bytes: records, or an AppError that a user can read.
 * Any other exception (TypeError, RangeError, a library's own error) is a failure. Inputs
 * are small (a few KB), so a hang or a blow-up shows as the test's timeout.
 */
import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { isAppError } from '../../../shared/errors.js';

/** Run counts stay modest: the whole suite runs on two shared cores. */
export const RUNS = Number(process.env.LISTSWEEP_FUZZ_RUNS ?? 150);

// A developer's run explores new inputs every time; CI replays one seed (LISTSWEEP_FUZZ_SEED
// overrides it), so that a merge is judged on what was tested, not on a draw. What a fresh seed
// finds is kept below its fuzzer as a named regression case.
const seed = process.env.LISTSWEEP_FUZZ_SEED ?? (process.env.CI ? '20261206' : undefined);
if (seed !== undefined) fc.configureGlobal({ seed: Number(seed) });

/** Calls `read` and checks the outcome: its result, or null when it refused with a clear AppError. */
export async function recordsOrClearError<T>(read: () => Promise<T> | T): Promise<T | null> {
  try {
    return await read();
  } catch (e) {
    return clearError(e);
  }
}

/** The same for a reader that works synchronously. */
export function recordsOrClearErrorSync<T>(read: () => T): T | null {
  try {
    return read();
  } catch (e) {
    return clearError(e);
  }
}

function clearError(e: unknown): null {
  if (!isAppError(e)) throw new Error(`unexpected ${(e as Error)?.constructor?.name ?? typeof e}: ${(e as Error)?.message ?? String(e)}`, { cause: e });
  expect(e.code, e.message).not.toBe('internal');
  expect(e.message.trim().length).toBeGreaterThan(10);
  return null;
}

/** A scratch folder and a function writing bytes to a fresh file in it. */
export function scratch(prefix: string): (bytes: Uint8Array | string, ext: string) => string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  let n = 0;
  return (bytes, ext) => {
    const p = join(dir, `f${n++}.${ext}`);
    writeFileSync(p, bytes);
    return p;
  };
}

/** Text made of the characters a format's structure hangs on, plus anything. */
export function textOf(alphabet: string, maxLength = 600): fc.Arbitrary<string> {
  const chars = [...alphabet];
  return fc.array(fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...chars) }, { weight: 1, arbitrary: fc.string({ maxLength: 3, unit: 'binary' }) }), { maxLength })
    .map((a) => a.join(''));
}

/** Random bytes, or a valid sample with bytes flipped, cut or repeated (most of the input still well-formed). */
export function mutated(sample: Uint8Array): fc.Arbitrary<Uint8Array> {
  return fc.tuple(fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }), fc.nat(), fc.constantFrom('flip', 'cut', 'flip+cut', 'repeat'))
    .map(([flips, cutAt, how]) => {
      let b = Buffer.from(sample);
      if (how.includes('flip')) for (const [at, v] of flips) b[at % b.length] = v;
      if (how.includes('cut')) b = b.subarray(0, cutAt % (b.length + 1));
      if (how === 'repeat') b = Buffer.concat([b.subarray(0, cutAt % (b.length + 1)), b]);
      return new Uint8Array(b);
    });
}
