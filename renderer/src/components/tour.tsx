/**
 * The short guided tour of a cleanup's three steps, shown once after "Try it with a sample" and
 * never again unless asked for (Help ▸ Show the tour, or the shortcuts dialog). Like every
 * popover it takes focus, keeps Tab inside and gives focus back (dialog-focus.ts); Escape and
 * "Skip the tour" close it for good. Whether it was seen is a preference about this computer's
 * user, not about a cleanup, so it lives in localStorage beside the theme.
 */
import { useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { useDialogFocus } from '../dialog-focus.js';

export type TourTab = 'import' | 'review' | 'export';

export const TOUR_STEPS: readonly { readonly tab: TourTab; readonly title: string; readonly body: string }[] = [
  {
    tab: 'import',
    title: '1 · Import',
    body: 'Your contact list and your bounce reports come in here. The sample brought a spreadsheet of bounces, a Postmark export and returned bounce messages (.eml): ListSweep recognises each. Drop your own files anywhere, or click a dashed area to choose them.',
  },
  {
    tab: 'review',
    title: '2 · Review',
    body: 'Every address gets a decision and the reason for it. Keep: nothing speaks against it. Remove: a hard bounce, a complaint, an invalid address or a duplicate. Watch: it stays for now, but it soft-bounced; check it after your next campaign. Pick an address to see its evidence; K, R and W change the decision, Ctrl+Z undoes.',
  },
  {
    tab: 'export',
    title: '3 · Export',
    body: 'Save the cleaned list in your file\'s own columns, the removed addresses, or a suppression list your email service can import. Nothing leaves this computer.',
  },
];

const KEY = 'listsweep.tour';

export function tourSeen(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): boolean {
  try {
    return storage?.getItem(KEY) === 'seen';
  } catch {
    return false;
  }
}

export function rememberTourSeen(storage: Pick<Storage, 'setItem'> | undefined = globalThis.localStorage): void {
  try {
    storage?.setItem(KEY, 'seen');
  } catch {
    // Storage can be unavailable (private contexts): the tour then stays away for this session only.
  }
}

interface Props {
  step: number;
  onStep(step: number): void;
  /** The tour is over (done, skipped or Escape); it has been remembered as seen. */
  onClose(): void;
}

export function Tour({ step, onStep, onClose }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const close = () => {
    rememberTourSeen();
    onClose();
  };
  useDialogFocus(ref, close);
  // Each step starts on its forward button, so Enter walks the tour.
  useEffect(() => {
    ref.current?.querySelector<HTMLElement>('.btn-primary')?.focus();
  }, [step]);
  const s = TOUR_STEPS[step] ?? TOUR_STEPS[0]!;
  const place = usePlacementUnder(`tab-${s.tab}`, ref);
  const last = step >= TOUR_STEPS.length - 1;
  return (
    <div
      className={`tour${place ? ' tour-placed' : ''}`}
      style={place ? { top: place.top, left: place.left } : undefined}
      role="dialog" aria-modal="true" aria-labelledby="tour-title" aria-describedby="tour-body" ref={ref} tabIndex={-1} data-testid="tour"
    >
      <div className="tour-arrow" style={place ? { left: place.arrow } : undefined} aria-hidden />
      <p className="tour-progress small">Step {step + 1} of {TOUR_STEPS.length}</p>
      <h2 id="tour-title">{s.title}</h2>
      <p id="tour-body" className="tour-body">{s.body}</p>
      <div className="tour-actions">
        <button className="btn btn-sm btn-ghost" onClick={close} data-testid="tour-skip">Skip the tour</button>
        <span className="tour-nav">
          {step > 0 && <button className="btn btn-sm" onClick={() => onStep(step - 1)} data-testid="tour-back">Back</button>}
          {last
            ? <button className="btn btn-sm btn-primary" onClick={close} data-testid="tour-done">Done</button>
            : <button className="btn btn-sm btn-primary" onClick={() => onStep(step + 1)} data-testid="tour-next">Next</button>}
        </span>
      </div>
    </div>
  );
}

/** Where the callout goes: just under the element, centred on it but inside the window, the arrow on the element's centre. */
export function placeUnder(target: { left: number; width: number; bottom: number }, boxWidth: number, windowWidth: number): { top: number; left: number; arrow: number } {
  const MARGIN = 16;
  const CORNER = 24; // the arrow keeps clear of the rounded corners
  const centre = target.left + target.width / 2;
  const left = Math.max(MARGIN, Math.min(centre - boxWidth / 2, windowWidth - boxWidth - MARGIN));
  // The arrow's tip stands 10 px above the box (styles.css): 4 px below the target, it reaches 6 px into it.
  return { top: target.bottom + 4, left, arrow: Math.max(CORNER, Math.min(centre - left, boxWidth - CORNER)) };
}

/** placeUnder for the element with this id, measured again whenever it, the callout or the window changes size. */
function usePlacementUnder(id: string, box: RefObject<HTMLElement | null>) {
  const [place, setPlace] = useState<ReturnType<typeof placeUnder> | null>(null);
  useLayoutEffect(() => {
    const target = document.getElementById(id);
    const el = box.current;
    if (!target || !el) return;
    const measure = () => {
      const next = placeUnder(target.getBoundingClientRect(), el.offsetWidth, document.documentElement.clientWidth);
      setPlace((prev) => (prev && prev.top === next.top && prev.left === next.left && prev.arrow === next.arrow ? prev : next));
    };
    measure();
    // The steps move when the window narrows (the top bar wraps) and when a step's count changes.
    const observer = new ResizeObserver(measure);
    observer.observe(target);
    observer.observe(el);
    observer.observe(document.documentElement);
    window.addEventListener('resize', measure);
    return () => {
      observer.disconnect();
      window.removeEventListener('resize', measure);
    };
  }, [id, box]);
  return place;
}
