import { describe, expect, it } from 'vitest';
import { encodingChoices } from '../../renderer/src/components/contacts-preview.js';

describe('encodingChoices', () => {
  it('puts the detected encoding first, then the other guesses with their confidence, then the usual ones once each', () => {
    const c = encodingChoices('windows-1252', [{ encoding: 'windows-1252', confidence: 62 }, { encoding: 'iso-8859-2', confidence: 30 }]);
    expect(c.slice(0, 2)).toEqual([
      { encoding: 'windows-1252', label: 'windows-1252 (detected, 62%)' },
      { encoding: 'iso-8859-2', label: 'iso-8859-2 (30%)' },
    ]);
    expect(c.map((x) => x.encoding)).toContain('utf-8');
    expect(new Set(c.map((x) => x.encoding)).size).toBe(c.length);
  });

  it('a certain encoding is listed plainly, an unusual one included', () => {
    expect(encodingChoices('utf-8', [])[0]).toEqual({ encoding: 'utf-8', label: 'utf-8' });
    expect(encodingChoices('x-mac-cyrillic', [])[0]!.encoding).toBe('x-mac-cyrillic');
  });
});
