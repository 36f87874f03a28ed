/**
 * The lines of a bounce's evidence that say something its diagnostic (shown just above it) does
 * not: a message's evidence is the lines the diagnostic was collapsed from, plus context.
 * null when nothing is left, so the disclosure is not offered at all.
 */
export function extraEvidence(evidence: string | undefined, diagnostic: string): string | null {
  if (!evidence) return null;
  const flat = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();
  const diag = flat(diagnostic);
  const rest = evidence.split(/\r?\n/).filter((line) => {
    const l = flat(line);
    return l !== '' && !(diag && diag.includes(l));
  });
  return rest.length ? rest.join('\n') : null;
}

/**
 * What an accepted typo correction did to the evidence: bounces are recorded by address, so the
 * mistyped address keeps its own and the corrected one starts from its own history. Said in
 * words, because a hard bounce that silently disappears looks like lost evidence.
 */
export function correctionNote(d: {
  readonly originalEmail?: string;
  readonly originalBounces?: { readonly total: number; readonly hard: number };
  readonly bounces: readonly unknown[];
}): string | null {
  if (d.originalEmail === undefined) return null;
  const from = d.originalEmail.trim();
  const b = d.originalBounces ?? { total: 0, hard: 0 };
  const times = (n: number) => (n === 1 ? 'once' : `${n} times`);
  if (b.total === 0) return `Corrected by you from ${from}, which had no bounces. Undo puts it back.`;
  const what = b.hard > 0
    ? `which hard-bounced${b.total > 1 ? ` (${b.total} bounces, ${b.hard} hard)` : ''}`
    : `which bounced ${times(b.total)}, never hard`;
  const now = d.bounces.length === 0
    ? 'the corrected address has no bounce history of its own'
    : 'the history below is the corrected address’s own';
  return `Corrected by you from ${from}, ${what}. That evidence stays with ${from}, which is no longer on your list; ${now}. Undo puts ${from} back.`;
}
