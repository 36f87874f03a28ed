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
