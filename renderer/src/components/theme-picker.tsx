import { THEME_CHOICES, type ThemeChoice } from '../theme.js';

const LABEL: Record<ThemeChoice, string> = { system: 'System theme', light: 'Light', dark: 'Dark' };

export interface ThemeControl {
  readonly choice: ThemeChoice;
  setChoice(c: ThemeChoice): void;
}

/** The same choice as View ▸ Theme, for hosts without the menu and for people who look here. */
export function ThemePicker({ theme }: { theme: ThemeControl }) {
  return (
    <select className="theme-picker" aria-label="Theme" value={theme.choice} onChange={(e) => theme.setChoice(e.target.value as ThemeChoice)} data-testid="theme-picker">
      {THEME_CHOICES.map((c) => <option key={c} value={c}>{LABEL[c]}</option>)}
    </select>
  );
}
