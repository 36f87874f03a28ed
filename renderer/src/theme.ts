/**
 * The colour theme: follow the system, or always light, or always dark. The choice is the
 * renderer's own (nothing in the main process or the cleanup file depends on it), so it lives in
 * localStorage; the app has no settings channel, and a preference about looks does not need one.
 * The main process only hears it to check the right item in View ▸ Theme (menu/theme).
 * The resolved theme is written to <html data-theme>, which styles.css reads.
 */
import { useEffect, useState, useSyncExternalStore } from 'react';
import { THEME_CHOICES, type ThemeChoice } from '../../shared/contract.js';
import { call } from './api.js';

export { THEME_CHOICES, type ThemeChoice };
const KEY = 'listsweep.theme';

export function readThemeChoice(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): ThemeChoice {
  const stored = storage?.getItem(KEY);
  return stored === 'light' || stored === 'dark' ? stored : 'system';
}

export function resolveTheme(choice: ThemeChoice, systemDark: boolean): 'light' | 'dark' {
  return choice === 'system' ? (systemDark ? 'dark' : 'light') : choice;
}

const query = () => window.matchMedia('(prefers-color-scheme: dark)');
function subscribeSystem(onChange: () => void): () => void {
  const q = query();
  q.addEventListener('change', onChange);
  return () => q.removeEventListener('change', onChange);
}

/** The current choice, a setter that remembers it, and the theme in effect. */
export function useTheme(): { choice: ThemeChoice; setChoice(c: ThemeChoice): void; theme: 'light' | 'dark' } {
  const [choice, setChoiceState] = useState<ThemeChoice>(() => readThemeChoice());
  const systemDark = useSyncExternalStore(subscribeSystem, () => query().matches);
  const theme = resolveTheme(choice, systemDark);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  // The menu's radio items follow the choice, wherever it was made (picker, menu, a stored one at load).
  useEffect(() => {
    call('menu/theme', { choice }).catch(() => {
      // A menu out of step is cosmetic; the page's own picker still shows the choice.
    });
  }, [choice]);
  const setChoice = (c: ThemeChoice) => {
    setChoiceState(c);
    try {
      if (c === 'system') localStorage.removeItem(KEY);
      else localStorage.setItem(KEY, c);
    } catch {
      // Storage can be unavailable (private contexts); the choice then lasts for the session.
    }
  };
  return { choice, setChoice, theme };
}
