import { useEffect, useState } from 'react';
import type { ContactDetail } from '../../../shared/contract.js';
import type { Decision } from '../../../shared/types.js';
import { REASON_INFO, VERDICT_INFO } from '../../../shared/reasons.js';
import { call, messageOf } from '../api.js';
import { correctionNote, extraEvidence } from '../evidence.js';
import type { NoticeKind } from './notices.js';
import { When } from './when.js';
import { DECISION_HELP } from './decision-legend.js';

interface Props {
  id: number | null;
  version: number;
  busy?: boolean;
  onOverride(id: number, decision: Decision | null): void;
  /** Replace the address with its suggested correction. */
  onAccept?(id: number): void;
  notify(kind: NoticeKind, text: string): void;
  /** Deselects the contact; offered as a button where the pane is a drawer (narrow windows). */
  onClose?(): void;
}

export function ContactDetailPane({ id, version, busy = false, onOverride, onAccept, notify, onClose }: Props) {
  const [detail, setDetail] = useState<ContactDetail | null>(null);

  useEffect(() => {
    if (id === null) return;
    let live = true;
    call('review/contact', { id })
      .then((d) => live && setDetail(d))
      .catch((e: unknown) => live && notify('error', messageOf(e)));
    return () => {
      live = false;
    };
  }, [id, version, notify]);

  const shown = id !== null && detail && detail.id === id ? detail : null;
  if (!shown) {
    // Loading, it is already the tab stop it becomes: a Tab right after Enter went past a pane with
    // nothing to focus. It stays the same element when the contact arrives, so focus stays in it.
    return (
      <aside className={`detail detail-empty ${id === null ? 'detail-idle' : ''}`} data-testid="detail" aria-label="Contact details" tabIndex={id === null ? undefined : 0} aria-busy={id !== null || undefined}>
        <p className="muted">{id === null ? 'Select an address to see why ListSweep decided what it did.' : 'Loading…'}</p>
      </aside>
    );
  }
  const c = shown.check;
  return (
    <aside className="detail" data-testid="detail" tabIndex={0} aria-label="Contact details">
      <div className="detail-head">
        <div className="detail-email" data-testid="detail-email">{shown.email}</div>
        <span className={`badge badge-${shown.decision}`} title={DECISION_HELP[shown.decision]}>{shown.decision}</span>
        {shown.overridden && <span className="muted small">changed by you</span>}
        {onClose && <button className="btn btn-sm btn-ghost detail-close" onClick={onClose} aria-label="Close contact details" data-testid="detail-close">✕</button>}
      </div>
      <p className="sentence" data-testid="detail-sentence">{shown.sentence}</p>
      <div className="btn-row">
        <button className="btn btn-sm" onClick={() => onOverride(shown.id, 'keep')}>Keep</button>
        <button className="btn btn-sm" onClick={() => onOverride(shown.id, 'remove')}>Remove</button>
        <button className="btn btn-sm" onClick={() => onOverride(shown.id, 'watch')}>Watch</button>
        {shown.overridden && <button className="btn btn-sm btn-ghost" onClick={() => onOverride(shown.id, null)}>Use the policy’s decision</button>}
      </div>

      <h4>Address check</h4>
      <ul className="checks">
        <li className={c.valid ? 'ok' : 'bad'}>{c.valid ? 'Valid syntax' : `Invalid: ${c.problem || 'not a usable address'}`}</li>
        {shown.originalEmail !== undefined && (
          <li className={shown.originalBounces?.hard ? 'warn' : 'ok'} data-testid="detail-corrected">{correctionNote(shown)}</li>
        )}
        {c.suggestion && (
          <li className="warn" data-testid="detail-suggestion">
            Possible typo — did you mean <strong>{c.suggestion}</strong>?{' '}
            {onAccept && <button className="btn btn-sm" disabled={busy} onClick={() => onAccept(shown.id)} data-testid="accept-suggestion">Accept</button>}
          </li>
        )}
        {c.role && <li className="warn">Role account (a shared mailbox such as info@ or sales@)</li>}
        {c.disposable && <li className="warn">Disposable address domain</li>}
      </ul>

      <h4>Bounce history ({shown.bounces.length}, newest first)</h4>
      {shown.bounces.length === 0 ? (
        <p className="muted small">No bounce, complaint or unsubscribe for this address in the imported reports.</p>
      ) : (
        <ol className="history" data-testid="history">
          {shown.bounces.map((b) => {
            const deciding = b.id === shown.decidingBounceId;
            const extra = extraEvidence(b.evidence, b.diagnostic);
            return (
            <li key={b.id} className={`event verdict-${b.verdict}${deciding ? ' event-deciding' : ''}`} data-testid={deciding ? 'deciding-event' : 'event'} aria-current={deciding ? 'true' : undefined}>
              {deciding && <div className="event-decided small" data-testid="decided-label">This event decided</div>}
              <div className="event-head">
                <span className={`vbadge vbadge-${b.verdict}`} title={VERDICT_INFO[b.verdict]?.explanation}>{VERDICT_INFO[b.verdict]?.label ?? b.verdict}</span>
                {b.delayed && <span className="vbadge" title="The sending service was still retrying. A delay never removes an address on its own." data-testid="delay-badge">Delay</span>}
                <strong>{REASON_INFO[b.reason]?.label ?? b.reason}</strong>
                <span className="muted small">{b.occurredAt && <When value={b.occurredAt} />}{b.occurredAt && b.campaign ? ' · ' : ''}{b.campaign ? `campaign ${b.campaign}` : ''}</span>
              </div>
              <div className="event-why muted small">{REASON_INFO[b.reason]?.explanation}</div>
              {(b.replyCode || b.status) && (
                <div className="event-codes"><code>{[b.replyCode, b.status].filter(Boolean).join(' ')}</code></div>
              )}
              {b.finalRecipient && (
                <div className="small" data-testid="final-recipient">Sent to <strong>{b.email}</strong> (Original-Recipient), which forwarded it to <strong>{b.finalRecipient}</strong> (Final-Recipient), where it failed</div>
              )}
              {b.diagnostic && <pre className="diagnostic" tabIndex={0}>{b.diagnostic}</pre>}
              {b.disagreement && <div className="warn small">Note: {b.disagreement}</div>}
              {extra && (
                <details><summary className="small">More evidence</summary><pre className="diagnostic" tabIndex={0}>{extra}</pre></details>
              )}
              <div className="event-source muted small">
                From {b.sourceName}{b.sourceIndex ? ` · ${b.provider === 'generic' || !b.provider ? '' : `${b.provider} · `}#${b.sourceIndex}` : ''}
                {b.providerType ? ` · "${b.providerType}"` : ''}
              </div>
            </li>
            );
          })}
        </ol>
      )}

      <h4>Original row</h4>
      <p className="muted small">{shown.source}, row {shown.row}{shown.column ? <> · this address is from {shown.column}</> : null}</p>
      <dl className="fields">
        {shown.fields.map((f, i) => (
          <div key={i} className="field-row"><dt>{f.header}</dt><dd>{f.value}</dd></div>
        ))}
      </dl>
    </aside>
  );
}
