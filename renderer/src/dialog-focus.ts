/**
 * What every popover and dialog does with focus: take it when opened, keep Tab inside, close on
 * Escape, and give it back to whatever had it before (usually the button that opened it).
 */
import { useEffect, useRef, type RefObject } from 'react';

const TABBABLE = 'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

export function tabbables(root: HTMLElement): HTMLElement[] {
  return Array.from(root.querySelectorAll<HTMLElement>(TABBABLE)).filter((el) => el.tabIndex >= 0);
}

export function useDialogFocus(ref: RefObject<HTMLElement | null>, onClose: () => void): void {
  const close = useRef(onClose);
  useEffect(() => {
    close.current = onClose;
  });
  useEffect(() => {
    const root = ref.current;
    if (!root) return;
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    (tabbables(root)[0] ?? root).focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        close.current();
      } else if (e.key === 'Tab') {
        const all = tabbables(root);
        if (all.length === 0) { e.preventDefault(); return; }
        const first = all[0]!;
        const last = all[all.length - 1]!;
        if (e.shiftKey && (document.activeElement === first || !root.contains(document.activeElement))) { e.preventDefault(); last.focus(); }
        else if (!e.shiftKey && (document.activeElement === last || !root.contains(document.activeElement))) { e.preventDefault(); first.focus(); }
      }
    };
    root.addEventListener('keydown', onKey);
    return () => {
      root.removeEventListener('keydown', onKey);
      if (before?.isConnected) before.focus();
    };
  }, [ref]);
}

const visible = (el: HTMLElement) => el.getClientRects().length > 0;
const usable = (el: Element | null): boolean => el instanceof HTMLElement && el.isConnected && !el.matches(':disabled') && visible(el);
const CONTROL = 'button, [href], input, select, textarea, [tabindex]';

/**
 * Where focus goes when the control that had it is gone: the screen's next step, marked
 * data-autofocus (a preview's Import button, a confirmation's Yes, the start screen's New
 * cleanup, the export last asked for), else the review table, else the selected step. A marked control that is still
 * disabled (a preview reading its file) is waited for: null says "not yet". Mark only what will be usable.
 */
function rescueTarget(): HTMLElement | null | undefined {
  const marked = Array.from(document.querySelectorAll<HTMLElement>('[data-autofocus]')).filter(visible);
  if (marked.length > 0) return marked.find(usable) ?? null;
  return [document.querySelector<HTMLElement>('[role="grid"]'), document.querySelector<HTMLElement>('[role="tab"][aria-selected="true"]')].find(usable) ?? undefined;
}

/** The usable control nearest to a disabled one in its group (the one after it first). */
function besideDisabled(el: HTMLElement): HTMLElement | undefined {
  const all = el.parentElement ? Array.from(el.parentElement.querySelectorAll<HTMLElement>(CONTROL)) : [];
  const i = all.indexOf(el);
  if (i < 0) return undefined;
  for (let d = 1; d < all.length; d++) {
    for (const j of [i + d, i - d]) if (all[j] && usable(all[j]) && all[j].tabIndex >= 0) return all[j];
  }
  return undefined;
}

/**
 * An action that removes or disables the focused control (a preview replaced by the imported
 * list, a confirmation answered, Undo with nothing left to undo, a drawer closed, the cleanup
 * closed) would drop focus on the page's body, and the next Tab would start again from the top
 * of the window. This puts it where the work goes on: a control beside a disabled one (Redo
 * beside Undo), or rescueTarget(). A disabled control marked data-autofocus is the next step
 * itself, off while its work runs (an export's button): focus waits for it to come back. Focus the user moved away on purpose (a click on empty space)
 * is left alone: only a control that disappeared or was disabled while focused counts.
 */
const SETTLE_MS = 250;

export function useFocusRescue(): void {
  useEffect(() => {
    let lost: HTMLElement | null = null;
    /** `lost` was disabled or removed while it had focus (rather than left by a click elsewhere). */
    let pending = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let lastChange = 0;
    const onIn = (e: FocusEvent) => {
      lost = e.target instanceof HTMLElement ? e.target : null;
      pending = false;
    };
    const check = () => {
      timer = undefined;
      if (!lost) return;
      // Chromium may leave focus on a control it disabled: that is lost too.
      const active = document.activeElement;
      if (active && active !== document.body && active !== lost) { lost = null; return; }
      if (active === lost && usable(lost)) { pending = false; return; } // it still has focus
      if (!pending) {
        if (usable(lost)) { lost = null; return; } // blurred on purpose; still there
        pending = true;
      }
      // Disabled for a moment (a job running) and back: it takes focus again.
      if (usable(lost)) { lost.focus(); return; }
      // Still there but disabled: most controls are only while the work runs, so wait for the
      // page to settle before deciding that it stays off (Undo with nothing left to undo).
      const quiet = performance.now() - lastChange;
      if (lost.isConnected && quiet < SETTLE_MS) { timer = setTimeout(check, SETTLE_MS - quiet); return; }
      // The screen's next step itself, off while its work runs (an export's button): it comes back.
      if (lost.isConnected && lost.hasAttribute('data-autofocus')) return;
      const target = (lost.isConnected ? besideDisabled(lost) : undefined) ?? rescueTarget();
      if (target === null) return; // the next step is on its way (still disabled): try on the next change
      lost = null;
      target?.focus();
    };
    // Components move focus themselves in their effects (dialogs, the tour): let them go first.
    const later = () => { if (!timer) timer = setTimeout(check, 30); };
    const onOut = (e: FocusEvent) => { if (!e.relatedTarget) later(); };
    const observer = new MutationObserver(() => {
      lastChange = performance.now();
      if (lost) later();
    });
    observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['disabled'] });
    document.addEventListener('focusin', onIn);
    document.addEventListener('focusout', onOut);
    return () => {
      observer.disconnect();
      clearTimeout(timer);
      document.removeEventListener('focusin', onIn);
      document.removeEventListener('focusout', onOut);
    };
  }, []);
}
