import { describe, expect, it } from 'vitest';
import { correctionNote, extraEvidence } from '../../renderer/src/evidence.js';

describe('extraEvidence', () => {
  const diagnostic = '550 5.1.1 <ann@example.com>: Recipient address rejected: User unknown in virtual mailbox table';

  it('offers nothing when the evidence is the diagnostic, wrapped over lines', () => {
    expect(extraEvidence('550 5.1.1 <ann@example.com>: Recipient address rejected:\n   User unknown in virtual mailbox table', diagnostic)).toBeNull();
    expect(extraEvidence(diagnostic, diagnostic)).toBeNull();
    expect(extraEvidence(undefined, diagnostic)).toBeNull();
  });

  it('keeps only the lines the diagnostic does not already say', () => {
    const evidence = 'Final-Recipient: rfc822; ann@example.com\n550 5.1.1 <ann@example.com>: Recipient address rejected:\nRemote-MTA: dns; mx.example.com';
    expect(extraEvidence(evidence, diagnostic)).toBe('Final-Recipient: rfc822; ann@example.com\nRemote-MTA: dns; mx.example.com');
  });

  it('shows all of the evidence when there is no diagnostic', () => {
    expect(extraEvidence('Action: failed\nStatus: 5.0.0', '')).toBe('Action: failed\nStatus: 5.0.0');
  });
});

describe('correctionNote', () => {
  it('says nothing for an address the user did not correct', () => {
    expect(correctionNote({ bounces: [] })).toBeNull();
  });

  it('says the mistyped address hard-bounced and keeps that evidence, and that the correction has none', () => {
    const note = correctionNote({ originalEmail: 'carl@gmial.com', originalBounces: { total: 1, hard: 1 }, bounces: [] });
    expect(note).toBe('Corrected by you from carl@gmial.com, which hard-bounced. That evidence stays with carl@gmial.com, which is no longer on your list; the corrected address has no bounce history of its own. Undo puts carl@gmial.com back.');
  });

  it('counts the bounces, and points at the corrected address’s own history when it has one', () => {
    const note = correctionNote({ originalEmail: ' carl@gmial.com', originalBounces: { total: 3, hard: 1 }, bounces: [{}] });
    expect(note).toContain('which hard-bounced (3 bounces, 1 hard)');
    expect(note).toContain('the history below is the corrected address’s own');
    expect(correctionNote({ originalEmail: 'a@gmial.com', originalBounces: { total: 2, hard: 0 }, bounces: [] })).toContain('which bounced 2 times, never hard');
    expect(correctionNote({ originalEmail: 'a@gmial.com', originalBounces: { total: 0, hard: 0 }, bounces: [] })).toBe('Corrected by you from a@gmial.com, which had no bounces. Undo puts it back.');
  });
});
