import { describe, expect, it } from 'vitest';
import { extraEvidence } from '../../renderer/src/evidence.js';

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
