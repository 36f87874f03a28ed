import { describe, expect, it } from 'vitest';
import { commandForKey } from '../../renderer/src/commands.js';
import { menuSpec } from '../../electron/ipc/native.js';

const key = (k: string, mods: { ctrl?: boolean; meta?: boolean; shift?: boolean; alt?: boolean } = {}) =>
  commandForKey({ key: k, ctrlKey: !!mods.ctrl, metaKey: !!mods.meta, shiftKey: !!mods.shift, altKey: !!mods.alt });

describe('commandForKey', () => {
  it('maps the documented shortcuts on Ctrl and on Cmd', () => {
    expect(key('n', { ctrl: true })).toBe('new-cleanup');
    expect(key('o', { meta: true })).toBe('open-cleanup');
    expect(key('z', { ctrl: true })).toBe('undo');
    expect(key('Z', { ctrl: true, shift: true })).toBe('redo');
    expect(key('y', { ctrl: true })).toBe('redo');
    expect(key('F', { ctrl: true })).toBe('find');
    expect(key('B', { ctrl: true, shift: true })).toBe('import-bounce-folder');
  });

  it('ignores plain keys and Alt combinations', () => {
    expect(key('n')).toBeNull();
    expect(key('z', { ctrl: true, alt: true })).toBeNull();
    expect(key('q', { ctrl: true })).toBeNull();
  });

  it('agrees with every accelerator the menu shows', () => {
    for (const item of menuSpec('linux', { devTools: false, theme: 'system' }).flatMap((m) => m.items)) {
      if (!('command' in item) || !item.accelerator) continue;
      const parts = item.accelerator.split('+');
      const k = parts.at(-1) ?? '';
      expect(key(k, { ctrl: true, shift: parts.includes('Shift') }), item.accelerator).toBe(item.command);
    }
  });
});
