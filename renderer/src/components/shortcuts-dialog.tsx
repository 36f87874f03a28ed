import { useRef } from 'react';
import { useDialogFocus } from '../dialog-focus.js';

/** Every shortcut, in the words of the screen it acts on. Keep in step with commands.ts and review-table.tsx. */
export const SHORTCUTS: readonly { readonly group: string; readonly keys: readonly { readonly key: string; readonly what: string }[] }[] = [
  {
    group: 'Review table',
    keys: [
      { key: '↑ / ↓', what: 'Previous / next contact' },
      { key: 'Home / End', what: 'First / last contact' },
      { key: '↑ on the first row', what: 'The column headers: ← / → pick one, Enter or Space sorts by it (again: the other way, then list order), ↓ back' },
      { key: 'Page Up / Page Down', what: 'One screen up / down' },
      { key: 'Enter', what: 'Open the contact’s details (in a narrow window they open over the table)' },
      { key: 'K', what: 'Keep the contact (or every picked one)' },
      { key: 'R', what: 'Remove the contact (or every picked one)' },
      { key: 'W', what: 'Watch the contact (or every picked one)' },
      { key: 'Space', what: 'Pick / unpick the contact (click, Shift-click, Ctrl-click too)' },
      { key: 'A', what: 'Pick every contact of the filter' },
      { key: 'Esc', what: 'Close the contact’s details over the table, then let go of the picked contacts, then of the active one' },
      { key: 'Tab', what: 'Table → contact details → filters' },
    ],
  },
  {
    group: 'Everywhere',
    keys: [
      { key: 'Ctrl+Z', what: 'Undo the last change' },
      { key: 'Ctrl+Shift+Z / Ctrl+Y', what: 'Redo what was undone' },
      { key: 'Ctrl+F', what: 'Search addresses' },
      { key: 'Ctrl+I', what: 'Import a contact list' },
      { key: 'Ctrl+B', what: 'Import bounce reports' },
      { key: 'Ctrl+Shift+B', what: 'Import a folder of bounce reports' },
      { key: 'Ctrl+E', what: 'Export the cleaned list' },
      { key: 'Ctrl+N / Ctrl+O', what: 'New / open a cleanup' },
      { key: 'Ctrl+W', what: 'Close the cleanup' },
      { key: '?', what: 'This list' },
    ],
  },
];

export function ShortcutsDialog({ onClose, onTour }: { onClose(): void; onTour?(): void }) {
  const ref = useRef<HTMLDivElement>(null);
  useDialogFocus(ref, onClose);
  return (
    <div className="kb-backdrop" onClick={onClose}>
      <div className="kb-dialog" role="dialog" aria-modal="true" aria-labelledby="kb-title" ref={ref} tabIndex={-1} onClick={(e) => e.stopPropagation()} data-testid="shortcuts">
        <div className="kb-head">
          <h2 id="kb-title">Keyboard shortcuts</h2>
          <button className="btn btn-sm btn-ghost" onClick={onClose} aria-label="Close the shortcuts">✕</button>
        </div>
        {SHORTCUTS.map((g) => (
          <section key={g.group}>
            <h3>{g.group}</h3>
            <dl className="kb-list">
              {g.keys.map((k) => (
                <div key={k.key} className="kb-item"><dt><kbd>{k.key}</kbd></dt><dd>{k.what}</dd></div>
              ))}
            </dl>
          </section>
        ))}
        <p className="muted small">On macOS, Cmd instead of Ctrl.</p>
        {onTour && <p><button className="btn btn-sm" onClick={onTour} data-testid="shortcuts-tour">Show the tour of the three steps</button></p>}
      </div>
    </div>
  );
}
