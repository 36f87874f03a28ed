/**
 * The per-format e2e spec covers every format the readers recognise: each provider of the table
 * has a row for each shape it reads (spreadsheet, JSON), and every row's file really is read as
 * what the row says (so a row cannot cover a provider by name only).
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { previewBounces } from '../../../../electron/services/bounces/index.js';
import { PROVIDERS } from '../../../../shared/esp/index.js';
import { FORMAT_ROWS } from '../../../e2e/format-rows.js';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

describe('the per-format e2e table', () => {
  for (const p of PROVIDERS) {
    const shapes = [...(p.fromHeaders ? ['spreadsheet' as const] : []), ...(p.fromRecord ? ['json' as const] : [])];
    for (const kind of shapes) {
      it(`has a ${kind} row for ${p.name}`, () => {
        expect(FORMAT_ROWS.filter((r) => r.provider === p.id && r.kind === kind).map((r) => r.file), `add a ${kind} fixture of ${p.name} to test/e2e/format-rows.ts`).not.toEqual([]);
      });
    }
  }

  it('has rows for raw mail (.eml, mbox, maildir) and a plain sheet', () => {
    for (const kind of ['mail', 'mbox', 'maildir'] as const) expect(FORMAT_ROWS.some((r) => r.kind === kind)).toBe(true);
    expect(FORMAT_ROWS.some((r) => r.provider === 'generic')).toBe(true);
  });

  for (const row of FORMAT_ROWS) {
    it(`${row.file} is read as ${row.provider} (${row.kind})`, async () => {
      const previews = await previewBounces([resolve(ROOT, row.file)]);
      expect(previews.map((p) => [p.provider, p.kind])).toEqual([[row.provider, row.kind]]);
    });
  }
});
