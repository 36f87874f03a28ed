/**
 * The external labelled bounce corpus (Sisimai's samples, see test/fixtures/mail/README.md), for
 * the tests and benches that measure accuracy or speed on it. It is not part of the repository:
 * LISTSWEEP_CORPUS names its folder (the one holding labels.json and eml/); when unset,
 * ../shared/corpus/bounces beside the clone is used if it exists. Without it those tests are
 * skipped and say why; the repository's own fixtures in test/fixtures/mail keep the readers covered.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const repoRoot = resolve(import.meta.dirname, '..');
/** A handful of the corpus's messages with their labels, kept in the repository. */
export const MAIL_FIXTURES = join(repoRoot, 'test/fixtures/mail');

function locate(): { dir: string | null; reason: string } {
  const env = process.env.LISTSWEEP_CORPUS;
  if (env !== undefined) {
    if (env === '') return { dir: null, reason: 'LISTSWEEP_CORPUS is empty' };
    const dir = resolve(env);
    return existsSync(join(dir, 'labels.json')) ? { dir, reason: '' } : { dir: null, reason: `LISTSWEEP_CORPUS=${env} holds no labels.json` };
  }
  const beside = resolve(repoRoot, '../shared/corpus/bounces');
  return existsSync(join(beside, 'labels.json'))
    ? { dir: beside, reason: '' }
    : { dir: null, reason: 'the bounce corpus is absent (set LISTSWEEP_CORPUS to its folder to measure accuracy on it)' };
}

export const corpus = locate();

/** Says once, in the test output, why a corpus test does not run. */
export function skippedWithoutCorpus(what: string): boolean {
  if (corpus.dir) return false;
  console.warn(`skipped: ${what}: ${corpus.reason}`);
  return true;
}
