/**
 * Menu commands and keyboard shortcuts, one path for both: the Electron menu sends
 * 'menu/command' (clicks only; it does not register the accelerators), the keydown handler
 * here maps the same shortcuts, and components subscribe to the commands they act on.
 */
import { useEffect, useRef } from 'react';
import type { MenuCommand } from '../../shared/contract.js';
import { onEvent } from './api.js';

type Handler = (command: MenuCommand) => void;
const handlers = new Set<Handler>();

export function runCommand(command: MenuCommand): void {
  if ((command === 'undo' || command === 'redo') && isEditable(document.activeElement)) {
    // In a text field, Undo and Redo mean the text edit, as everywhere else.
    document.execCommand(command);
    return;
  }
  for (const handler of Array.from(handlers)) handler(command);
}

/** Subscribe to some commands; the map may change every render. */
export function useCommands(map: Partial<Record<MenuCommand, () => void>>): void {
  const ref = useRef(map);
  useEffect(() => {
    ref.current = map;
  });
  useEffect(() => {
    const handler: Handler = (c) => ref.current[c]?.();
    handlers.add(handler);
    return () => {
      handlers.delete(handler);
    };
  }, []);
}

export function isEditable(el: Element | null): boolean {
  if (!el) return false;
  const tag = el.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || (el as HTMLElement).isContentEditable;
}

/** Shortcut → command, for Ctrl (Windows/Linux) or Cmd (macOS). */
export function commandForKey(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>): MenuCommand | null {
  if (!(e.ctrlKey || e.metaKey) || e.altKey) return null;
  const key = e.key.toLowerCase();
  if (e.shiftKey) return key === 'b' ? 'import-bounce-folder' : key === 'z' ? 'redo' : null;
  switch (key) {
    case 'n': return 'new-cleanup';
    case 'o': return 'open-cleanup';
    case 'i': return 'import-contacts';
    case 'b': return 'import-bounces';
    case 'e': return 'export-cleaned';
    case 'z': return 'undo';
    case 'y': return 'redo';
    case 'f': return 'find';
    case 'w': return 'close-cleanup';
    default: return null;
  }
}

/** Wires menu events and keyboard shortcuts to runCommand; mount once. */
export function useCommandSources(): void {
  useEffect(() => {
    const off = onEvent('menu/command', ({ command }) => runCommand(command));
    const onKey = (e: KeyboardEvent) => {
      const command = commandForKey(e);
      if (!command) return;
      // Let fields keep their own text undo.
      if ((command === 'undo' || command === 'redo') && isEditable(document.activeElement)) return;
      e.preventDefault();
      runCommand(command);
    };
    window.addEventListener('keydown', onKey);
    return () => {
      off();
      window.removeEventListener('keydown', onKey);
    };
  }, []);
}
