import { describe, expect, it } from 'vitest';
import { extractCodes, isSyntaxReplyCode, normalizeReplyCode, normalizeStatus, reasonForReplyCode, REPLY_CODES } from '../../../shared/bounce/codes.js';

describe('normalizeStatus / normalizeReplyCode', () => {
  it.each([
    ['5.1.1', '5.1.1'], ['#5.1.1', '5.1.1'], [' 5.1.1.', '5.1.1'], ['4.7.650', '4.7.650'], ['5.01.001', '5.1.1'],
    ['5.0.0 (permanent failure)', '5.0.0'], ['2.1.5', '2.1.5'], ['3.1.1', ''], ['5.9.1', ''], ['192.0.2.1', ''], ['', ''], ['five', ''],
  ])('status %j -> %j', (raw, want) => expect(normalizeStatus(raw)).toBe(want));

  it.each([
    ['550', '550'], [' 550 ', '550'], ['550-', '550'], ['421', '421'], ['250', '250'], ['600', ''], ['55', ''], ['5501', ''], ['5.5.0', ''], ['', ''],
  ])('reply code %j -> %j', (raw, want) => expect(normalizeReplyCode(raw)).toBe(want));
});

describe('extractCodes', () => {
  it.each([
    ['smtp; 550-5.1.1 The email account that you tried to reach does not exist.', '5.1.1', '550'],
    ['550 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org', '5.7.1', '550'],
    ['Sorry, no mailbox here by that name. (#5.1.1)', '5.1.1', ''],
    ['452 4.2.2 The email account that you tried to reach is over quota', '4.2.2', '452'],
    ['452-4.2.2 The email account that you tried\n452 4.2.2 to reach is over quota', '4.2.2', '452'],
    ['host mx.example.org[192.0.2.22] said: 550\n    <neko@example.org>: User unknown', '', '550'],
    ['554 4.4.7 Message expired: unable to deliver in 840 minutes.<421 4.4.2 Connection timed out>', '4.4.7', '554'],
    ['smtp; 554 192.0.2.1 listed at bl.spamcop.net', '', '554'],
    ['Connected to 192.0.2.112 but sender was rejected. Remote host said: 553 sorry', '', '553'],
    ['delivery attempts: 3, last at 2013-04-29 23:34:45 +0900', '', ''],
    ['250 2.0.0 OK 1234 - gsmtp', '2.0.0', '250'],
    ['Out of office until 29 April', '', ''],
    ['', '', ''],
  ])('%j', (text, status, replyCode) => expect(extractCodes(text)).toEqual({ status, replyCode }));
});

describe('reply code meanings', () => {
  it('knows the RFC 5321 codes and the extension ones', () => {
    for (const code of ['250', '421', '450', '451', '452', '500', '501', '503', '521', '550', '551', '552', '553', '554', '556']) {
      expect(REPLY_CODES.get(code)?.meaning, code).toBeTruthy();
    }
  });
  it('names a reason only for codes that say one', () => {
    expect(reasonForReplyCode('521')).toBe('notaccept');
    expect(reasonForReplyCode('556')).toBe('notaccept');
    expect(reasonForReplyCode('525')).toBe('suspend');
    expect(reasonForReplyCode('538')).toBe('failedstarttls');
    expect(reasonForReplyCode('550')).toBeNull();
    expect(reasonForReplyCode('554')).toBeNull();
    expect(isSyntaxReplyCode('501')).toBe(true);
    expect(isSyntaxReplyCode('550')).toBe(false);
  });
});
