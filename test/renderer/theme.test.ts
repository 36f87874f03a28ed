import { describe, expect, it } from 'vitest';
import { readThemeChoice, resolveTheme } from '../../renderer/src/theme.js';

const storage = (value: string | null) => ({ getItem: () => value });

describe('theme choice', () => {
  it('reads a remembered light or dark choice, and anything else as "follow the system"', () => {
    expect(readThemeChoice(storage('dark'))).toBe('dark');
    expect(readThemeChoice(storage('light'))).toBe('light');
    expect(readThemeChoice(storage(null))).toBe('system');
    expect(readThemeChoice(storage('purple'))).toBe('system');
    expect(readThemeChoice(undefined)).toBe('system');
  });

  it('follows the system only when asked to', () => {
    expect(resolveTheme('system', true)).toBe('dark');
    expect(resolveTheme('system', false)).toBe('light');
    expect(resolveTheme('light', true)).toBe('light');
    expect(resolveTheme('dark', false)).toBe('dark');
  });
});
