import { useEffect, useRef } from 'react';
import type { Decision } from '../../../shared/types.js';

/** What each decision means, in the words the tour uses; shown in the legend and read out with every filter and badge. */
export const DECISION_HELP: Readonly<Record<Decision, string>> = {
  keep: 'Keep: stays on the list. Nothing in the bounces or in the address speaks against it.',
  remove: 'Remove: comes off the list. A hard bounce, a complaint or unsubscribe, an invalid address or a duplicate; the contact’s details say which.',
  watch: 'Watch: stays on the list for now, flagged. It soft-bounced (a full mailbox, a block, a delay) but not often enough to remove; check it after your next campaign, or export the watch list.',
};

export const decisionHelpId = (d: Decision) => `decision-help-${d}`;

/**
 * The legend: a disclosure anyone can open (keyboard too), whose texts are also the accessible
 * descriptions of the decision filters, the summary and the badges (aria-describedby), so the
 * meaning never hides behind a hover.
 */
export function DecisionLegend() {
  // It floats over the table, so it closes as the other popovers do: on Escape (the keyboard back
  // on its summary) and on a click anywhere else.
  const ref = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    const onDown = (e: PointerEvent) => {
      const legend = ref.current;
      if (legend?.open && !legend.contains(e.target as Node)) legend.open = false;
    };
    document.addEventListener('pointerdown', onDown);
    return () => document.removeEventListener('pointerdown', onDown);
  }, []);
  const onKeyDown = (e: React.KeyboardEvent<HTMLDetailsElement>) => {
    if (e.key !== 'Escape' || !e.currentTarget.open) return;
    e.preventDefault();
    e.stopPropagation();
    e.currentTarget.open = false;
    e.currentTarget.querySelector('summary')?.focus();
  };
  return (
    <details className="decision-legend" data-testid="legend" ref={ref} onKeyDown={onKeyDown}>
      <summary aria-label="What do Keep, Remove and Watch mean?" title="What do Keep, Remove and Watch mean?">
        <span className="tb-long">What do Keep, Remove and Watch mean?</span><span className="tb-short legend-icon" aria-hidden="true">?</span>
      </summary>
      <dl className="decision-legend-list">
        {(['keep', 'remove', 'watch'] as const).map((d) => (
          <div key={d} className="decision-legend-item">
            <dt><span className={`badge badge-${d}`}>{d}</span></dt>
            <dd id={decisionHelpId(d)}>{DECISION_HELP[d]}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
