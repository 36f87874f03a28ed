import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { Policy } from '../../../shared/policy.js';
import { call, messageOf } from '../api.js';
import { useDialogFocus } from '../dialog-focus.js';
import type { NoticeKind } from './notices.js';

interface Props {
  /** Bumped whenever the cleanup changed (an undo may have put other rules back): reload them. */
  dataVersion: number;
  busy: boolean;
  onClose(): void;
  onApplied(): void;
  notify(kind: NoticeKind, text: string): void;
}

/** The rules the decisions follow, changeable per cleanup; applying re-decides every row (one undo step). */
export function RulesPanel({ dataVersion, busy, onClose, onApplied, notify }: Props) {
  const [policy, setPolicy] = useState<Policy | null>(null);
  const [draft, setDraft] = useState<Policy | null>(null);
  const [applying, setApplying] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  useDialogFocus(box, onClose);

  // The popover hangs under its button; on a short window it would run off the bottom, so it
  // ends above the screen's bottom edge and scrolls inside instead. That edge moves up while
  // notices show in their tray under the screen: the popover shortens rather than hide them.
  useLayoutEffect(() => {
    const el = box.current;
    const screen = el?.closest<HTMLElement>('.workspace-body') ?? null;
    const fit = () => {
      if (!el) return;
      const bottom = screen?.getBoundingClientRect().bottom ?? window.innerHeight;
      el.style.maxHeight = `${Math.max(160, bottom - el.getBoundingClientRect().top - 12)}px`;
    };
    fit();
    const resized = new ResizeObserver(fit);
    if (screen) resized.observe(screen);
    window.addEventListener('resize', fit);
    return () => {
      resized.disconnect();
      window.removeEventListener('resize', fit);
    };
  }, []);

  useEffect(() => {
    let live = true;
    call('policy/get', {})
      .then((p) => { if (live) { setPolicy(p); setDraft(p); } })
      .catch((e: unknown) => live && notify('error', messageOf(e)));
    return () => { live = false; };
  }, [notify, dataVersion]);

  const set = <K extends keyof Policy>(k: K, v: Policy[K]) => setDraft((d) => (d ? { ...d, [k]: v } : d));
  const changed = !!policy && !!draft && JSON.stringify(policy) !== JSON.stringify(draft);
  const thresholdOk = !!draft && Number.isInteger(draft.softRepeatThreshold) && draft.softRepeatThreshold >= 1 && draft.softRepeatThreshold <= 1000;
  const minDaysOk = !!draft && Number.isInteger(draft.softRepeatMinDays) && draft.softRepeatMinDays >= 0 && draft.softRepeatMinDays <= 3650;
  const valid = thresholdOk && minDaysOk;

  const apply = async () => {
    if (!draft) return;
    setApplying(true);
    try {
      const r = await call('policy/set', { policy: draft });
      setPolicy(r.policy);
      setDraft(r.policy);
      const s = r.summary;
      notify('success', `Rules applied: ${s.byDecision.keep.toLocaleString('en-US')} keep, ${s.byDecision.remove.toLocaleString('en-US')} remove, ${s.byDecision.watch.toLocaleString('en-US')} watch. Undo puts the previous rules back.`);
      onApplied();
    } catch (e) {
      notify('error', messageOf(e));
    } finally {
      setApplying(false);
    }
  };

  return (
    <div className="rules-popover" role="dialog" aria-modal="true" aria-label="Rules" data-testid="rules-panel" ref={box} tabIndex={-1}>
      <div className="rules-head">
        <h3>Rules</h3>
        <button className="btn btn-sm btn-ghost" onClick={onClose} aria-label="Close the rules">✕</button>
      </div>
      {!draft ? (
        <p className="muted small">Loading…</p>
      ) : (
        <form onSubmit={(e) => { e.preventDefault(); if (changed && valid) void apply(); }}>
          <label className="rule">
            <span>Remove after soft bounces in</span>
            <input
              type="number" min={1} max={1000} step={1} value={Number.isNaN(draft.softRepeatThreshold) ? '' : draft.softRepeatThreshold}
              onChange={(e) => set('softRepeatThreshold', e.target.valueAsNumber)} data-testid="rule-threshold" className="rule-number"
            />
            <span>different campaigns (or days)</span>
          </label>
          <label className="rule">
            <span>spread over at least</span>
            <input
              type="number" min={0} max={3650} step={1} value={Number.isNaN(draft.softRepeatMinDays) ? '' : draft.softRepeatMinDays}
              onChange={(e) => set('softRepeatMinDays', e.target.valueAsNumber)} data-testid="rule-min-days" className="rule-number"
            />
            <span>days (0: any time)</span>
          </label>
          <label className="rule">
            <input type="checkbox" checked={draft.countSenderSideSoft} onChange={(e) => set('countSenderSideSoft', e.target.checked)} data-testid="rule-sender-side" />
            <span>Count blocks and spam rejections (the sender’s side) toward that</span>
          </label>
          <label className="rule">
            <input type="checkbox" checked={draft.countDelays} onChange={(e) => set('countDelays', e.target.checked)} data-testid="rule-delays" />
            <span>Count delivery delays (still retrying) toward that; delays alone never remove anyone</span>
          </label>
          <label className="rule">
            <input type="checkbox" checked={draft.disabledAsTemporary} onChange={(e) => set('disabledAsTemporary', e.target.checked)} data-testid="rule-disabled-temporary" />
            <span>Treat disabled accounts as temporary</span>
          </label>
          <label className="rule">
            <input type="checkbox" checked={draft.noCauseAsHard} onChange={(e) => set('noCauseAsHard', e.target.checked)} data-testid="rule-no-cause-hard" />
            <span>Count permanent failures with no stated cause as hard</span>
          </label>
          <div className="rule">
            <span>Role accounts (info@, sales@…)</span>
            <Choice value={draft.role} options={[['keep', 'Keep'], ['remove', 'Remove']]} onChange={(v) => set('role', v)} testid="rule-role" />
          </div>
          <div className="rule">
            <span>Disposable domains</span>
            <Choice value={draft.disposable} options={[['keep', 'Keep'], ['remove', 'Remove']]} onChange={(v) => set('disposable', v)} testid="rule-disposable" />
          </div>
          <div className="rule">
            <span>Of duplicates keep</span>
            <Choice value={draft.duplicates} options={[['first', 'The first row'], ['most-complete', 'The most complete row']]} onChange={(v) => set('duplicates', v)} testid="rule-duplicates" />
          </div>
          {!thresholdOk && <p className="warn small">The number of campaigns must be a whole number from 1 to 1000.</p>}
          {!minDaysOk && <p className="warn small">The number of days must be a whole number from 0 to 3650.</p>}
          <div className="btn-row">
            <button type="submit" className="btn btn-sm btn-primary" disabled={busy || applying || !changed || !valid} data-testid="rules-apply">
              {applying ? 'Applying…' : 'Apply'}
            </button>
            <button type="button" className="btn btn-sm btn-ghost" disabled={!changed} onClick={() => setDraft(policy)}>Revert</button>
          </div>
          <p className="muted small">Applying re-decides every contact; your own keep/remove choices stay.</p>
        </form>
      )}
    </div>
  );
}

function Choice<T extends string>({ value, options, onChange, testid }: { value: T; options: [T, string][]; onChange(v: T): void; testid: string }) {
  return (
    <div className="segmented" role="group" data-testid={testid}>
      {options.map(([v, label]) => (
        <button type="button" key={v} className={value === v ? 'seg seg-on' : 'seg'} aria-pressed={value === v} onClick={() => onChange(v)}>{label}</button>
      ))}
    </div>
  );
}
