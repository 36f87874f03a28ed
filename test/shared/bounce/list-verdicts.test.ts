/**
 * Issue 11: verdicts that answer "will mail to this address keep failing?", and spelling
 * variants of known phrases. Diagnostics are modelled on what the named MTAs write.
 */
import { describe, expect, it } from 'vitest';
import { classifyBounceUncached as c } from '../../../shared/bounce/classify.js';
import { loosenDiagnostic } from '../../../shared/bounce/rules.js';

describe('unknown-user wording is userunknown, hard, at any SMTP step', () => {
  it.each([
    // Yahoo's "dd" directory answer, returned after DATA by its relay
    ["554 delivery error: dd This user doesn't have a yahoo.co.jp account (neko@yahoo.co.jp) [0] - mta1.example (in reply to end of DATA command)"],
    ['host mx.example.org[192.0.2.9] said: 550 5.2.1 <neko@example.org>... no such user (in reply to end of DATA command)'],
    ['SMTP error from remote mail server after end of data: 550 user not found'],
    ['550 5.7.1 <neko@example.org>: not a valid mailbox'],
    ['Unknown user: neko@example.org'],
  ])('%s', (diagnostic) => {
    expect(c({ origin: 'mail', diagnostic })).toMatchObject({ reason: 'userunknown', verdict: 'hard' });
  });

  it('filtered only when the words name a filter or policy', () => {
    expect(c({ origin: 'mail', diagnostic: '550 5.2.1 Rejected due to recipient preferences (in reply to end of DATA command)' }).reason).toBe('filtered');
  });
});

describe('disabled or discontinued accounts', () => {
  it('a permanent code or none is suspend, hard', () => {
    expect(c({ diagnostic: '554 delivery error: dd Sorry your message to neko@yahoo.com cannot be delivered. This account has been disabled or discontinued [#102]. - mta1047.mail.example' }))
      .toMatchObject({ reason: 'suspend', verdict: 'hard' });
    expect(c({ diagnostic: 'Sorry your message to neko@example.com cannot be delivered. This account has been disabled or discontinued [#102].' }))
      .toMatchObject({ reason: 'suspend', verdict: 'hard' });
    expect(c({ diagnostic: '550 5.2.1 Mailbox neko@example.net has been deactivated' })).toMatchObject({ reason: 'suspend', verdict: 'hard' });
  });

  it('a temporary (4xx) suspension, or one that says it will lift, stays soft', () => {
    expect(c({ diagnostic: '450 4.2.1 <neko@example.net>: account is disabled' })).toMatchObject({ reason: 'suspend', verdict: 'soft' });
    expect(c({ diagnostic: '550 5.7.1 <neko@example.com>: Recipient address rejected: User neko@example.com temporary locked. Please try again later!' }))
      .toMatchObject({ reason: 'suspend', verdict: 'soft' });
  });
});

describe('failures that name no cause', () => {
  it('"failed permanently" with no cause is undefined, soft', () => {
    expect(c({ origin: 'mail', diagnostic: 'Delivery to the following recipients failed permanently: * neko@example.or.jp' }))
      .toMatchObject({ reason: 'undefined', verdict: 'soft' });
  });

  it('an address with no text at all is undefined, text with an unknown cause stays onhold', () => {
    expect(c({ origin: 'mail', diagnostic: '' }).reason).toBe('undefined');
    expect(c({ origin: 'mail', status: '4.0.0', diagnostic: '450 4.0.0 Temporary failure' }).reason).toBe('onhold');
  });
});

describe('domains and delays', () => {
  it('Exim "Unrouteable mail domain" is hostunknown, hard', () => {
    expect(c({ origin: 'mail', diagnostic: 'Unrouteable mail domain "example.invalid"' })).toMatchObject({ reason: 'hostunknown', verdict: 'hard' });
  });

  it('Action: delayed is expired, not the network cause it mentions', () => {
    expect(c({ origin: 'mail', action: 'delayed', status: '4.4.1', diagnostic: 'connect to mx.example.org[192.0.2.2]:25: No route to host' }))
      .toMatchObject({ reason: 'expired', verdict: 'soft' });
    expect(c({ origin: 'mail', action: 'delayed', status: '4.4.3', diagnostic: 'Host or domain name not found. Name service error for name=example.org type=MX: Host not found, try again' }))
      .toMatchObject({ reason: 'expired', verdict: 'soft' });
  });

  it('qmail "in the queue too long" is expired', () => {
    expect(c({ origin: 'mail', diagnostic: "Sorry, I wasn't able to establish an SMTP connection. (#4.4.1) I'm not going to try again; this message has been in the queue too long." }))
      .toMatchObject({ reason: 'expired', verdict: 'soft' });
  });

  it('a delay that names a full mailbox keeps that cause', () => {
    expect(c({ origin: 'mail', action: 'delayed', diagnostic: '452 4.2.2 Mailbox full' }).reason).toBe('mailboxfull');
  });
});

describe('spelling variants of known phrases', () => {
  it('normalises underscores, hyphens, glued error names, split words and brackets', () => {
    expect(loosenDiagnostic('550 5.1.1 <neko@example.org>: user_unknown')).toBe('550 5.1.1 neko@example.org : user unknown');
    expect(loosenDiagnostic('error: mailbox_not_found')).toBe('error: mailbox not found');
    expect(loosenDiagnostic('nosuchuser')).toBe('no such user');
    expect(loosenDiagnostic('the mail box is full')).toBe('the mailbox is full');
  });

  it.each([
    ['550 5.1.1 RECIPIENT_NOT_FOUND'],
    ['550 Requested action not taken: NoSuchUser'],
    ['550 mail box "neko@example.org" does not exist'],
    ['550 Error: UserUnknown'],
    ['550 recipient-unknown'],
  ])('%s is userunknown', (diagnostic) => {
    expect(c({ origin: 'mail', diagnostic })).toMatchObject({ reason: 'userunknown', verdict: 'hard' });
  });
});

describe('a specific cause beats a generic one', () => {
  it.each([
    ['spamdetected', '550 5.7.1 Message blocked: spam content detected'],
    ['spamdetected', '554 5.7.1 Your message was blocked because its content looks like spam'],
    ['spamdetected', '550 5.7.1 Message rejected: Email content is not acceptable (spam)'],
    ['systemerror', 'delivery temporarily suspended: connect to /var/lib/imap/socket/lmtp[private/lmtp]: Connection refused'],
    ['systemerror', 'local delivery program could not connect to the delivery agent: Connection refused'],
    ['mailboxfull', '550 5.7.1 <neko@example.org>: Recipient address rejected: Mailbox full'],
    ['userunknown', '550 5.7.1 <neko@example.org>: Recipient address rejected: unknown user'],
    ['hostunknown', '550 5.7.1 Domain does not exist'],
  ] as const)('%s <- %s', (reason, diagnostic) => {
    expect(c({ diagnostic }).reason).toBe(reason);
  });
});

describe('wider phrase tables (see the source comments in rules.ts)', () => {
  it.each([
    ['userunknown', '553 5.3.0 <neko@example.org>... Addressee unknown'],
    ['userunknown', '550 5.1.1 The email address you entered couldn\'t be found'],
    ['userunknown', '550 neko@example.org is unknown to this server'],
    ['spamdetected', '554 5.7.1 Message rejected: blacklisted URL in message'],
    ['blocked', '550 5.7.1 Unfortunately, messages from [192.0.2.1] weren\'t sent. (S3150)'],
    ['blocked', '550 5.7.1 Mail from 192.0.2.1 refused: host listed at bl.example.net'],
  ] as const)('%s <- %s', (reason, diagnostic) => {
    expect(c({ diagnostic }).reason).toBe(reason);
  });
});
