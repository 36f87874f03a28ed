import { describe, expect, it } from 'vitest';
import { describeStatus, isPseudoStatus, reasonForStatus, STATUS_TABLE, SUBJECT_MEANING } from '../../../shared/bounce/rfc3463.js';
import { isReason } from '../../../shared/reasons.js';

describe('RFC 3463 table', () => {
  it('has every registered subject.detail from X.0.0 to X.7.30', () => {
    const expected = [
      'X.0.0', ...[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((d) => `X.1.${d}`), ...[0, 1, 2, 3, 4].map((d) => `X.2.${d}`),
      ...[0, 1, 2, 3, 4, 5, 6].map((d) => `X.3.${d}`), ...[0, 1, 2, 3, 4, 5, 6, 7].map((d) => `X.4.${d}`),
      ...[0, 1, 2, 3, 4, 5, 6].map((d) => `X.5.${d}`), ...[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((d) => `X.6.${d}`),
      ...Array.from({ length: 31 }, (_, d) => `X.7.${d}`),
    ];
    for (const code of expected) expect(STATUS_TABLE.has(code), code).toBe(true);
    for (const info of STATUS_TABLE.values()) {
      expect(info.title.length).toBeGreaterThan(3);
      expect(info.meaning.length).toBeGreaterThan(10);
      if (info.perm) expect(isReason(info.perm)).toBe(true);
      if (info.temp) expect(isReason(info.temp)).toBe(true);
    }
    expect(Object.keys(SUBJECT_MEANING)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7']);
  });

  it.each([
    ['5.1.1', 'userunknown'], ['4.1.1', 'userunknown'], ['5.1.2', 'hostunknown'], ['4.1.2', 'networkerror'], ['5.1.6', 'hasmoved'],
    ['5.1.8', 'rejected'], ['5.1.10', 'notaccept'], ['5.2.2', 'mailboxfull'], ['4.2.2', 'mailboxfull'], ['5.2.3', 'exceedlimit'],
    ['5.3.4', 'mesgtoobig'], ['4.3.1', 'systemfull'], ['4.4.7', 'expired'], ['5.4.4', 'hostunknown'], ['4.4.4', 'networkerror'],
    ['5.6.0', 'contenterror'], ['5.7.1', 'securityerror'], ['4.7.1', 'blocked'], ['5.7.13', 'suspend'], ['5.7.23', 'authfailure'],
    ['5.7.25', 'requireptr'], ['5.7.26', 'authfailure'], ['5.7.27', 'rejected'], ['5.7.28', 'spamdetected'], ['5.7.30', 'failedstarttls'],
    ['2.1.5', 'delivered'], ['5.0.911', 'userunknown'], ['5.0.971', 'blocked'], ['5.7.606', 'blocked'], ['5.7.509', 'authfailure'],
    ['4.7.650', 'badreputation'],
  ])('%s -> %s', (status, reason) => expect(reasonForStatus(status)).toBe(reason));

  it.each(['5.0.0', '4.0.0', '5.5.0', '4.3.0', '5.9.9', '', '5.1'])('%j is too vague to name a reason', (status) => {
    expect(reasonForStatus(status)).toBeNull();
  });

  it('describes codes in words', () => {
    expect(describeStatus('5.1.1')).toBe('5.1.1 Bad destination mailbox address (permanent failure)');
    expect(describeStatus('4.2.2')).toContain('Mailbox full (persistent transient failure)');
    expect(describeStatus('5.7.999')).toContain('Security or policy status');
    expect(describeStatus('5.0.911')).toContain('inferred');
    expect(isPseudoStatus('5.0.911')).toBe(true);
    expect(isPseudoStatus('5.0.0')).toBe(false);
  });
});
